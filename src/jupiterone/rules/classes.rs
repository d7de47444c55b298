//! Data-model checks: known classes and verbs, class-required properties, property types.
//! Warnings: the platform accepts objects that fail them, but queries and rules expect them.

use super::names::{Described, ObjectFacts};
use super::{quote, quote_str, Context, Place};
use crate::diagnostic::{Rule, Severity};
use crate::json::{number_text, Value};
use crate::jupiterone::data_model::DATA_MODEL_VERSION;
use crate::jupiterone::data_model::{CLASSES, RELATIONSHIP_CLASSES};
use crate::jupiterone::job::SyncMode;
use crate::jupiterone::model::Item;
use crate::jupiterone::schema::{self, ClassSchema, JsonType, ValueShape};

pub const DATA_MODEL_CLASS: Rule = Rule {
    id: "data-model-class",
    default_severity: Severity::Warning,
    doc: "An entity's `_class` values are classes of the JupiterOne data model.",
};
pub const DATA_MODEL_VERB: Rule = Rule {
    id: "data-model-verb",
    default_severity: Severity::Warning,
    doc: "A relationship's `_class` is a relationship class of the data model, in upper case.",
};
pub const DATA_MODEL_REQUIRED: Rule = Rule {
    id: "data-model-required",
    default_severity: Severity::Warning,
    doc: "The properties an entity's classes require are present (null is allowed).",
};
pub const DATA_MODEL_TYPE: Rule = Rule {
    id: "data-model-type",
    default_severity: Severity::Warning,
    doc: "Property values have the type the entity's classes define for them.",
};
pub const DATA_MODEL_KEY_LENGTH: Rule = Rule {
    id: "data-model-key-length",
    default_severity: Severity::Info,
    doc: "The data model's schema wants a `_key` of at least 10 characters (the platform accepts shorter).",
};

/// Required by the API itself and reported there; not repeated as data-model findings.
const API_REQUIRED: [&str; 5] = ["_key", "_type", "_class", "name", "displayName"];

pub fn entity(cx: &mut Context, item: &Item, known: &[&'static ClassSchema], facts: &ObjectFacts) {
    check_key_length(cx, item);
    if known.len() < item.classes().count() {
        for (position, name) in item.classes().enumerate() {
            if schema::class(name).is_none() {
                report_unknown_class(cx, item, name, position);
            }
        }
    }
    if known.is_empty() {
        return;
    }
    if cx.job.sync_mode == SyncMode::Diff {
        check_required(cx, item, facts);
    }
    check_types(cx, item, &facts.members);
}

pub fn relationship(cx: &mut Context, item: &Item) {
    check_key_length(cx, item);
    let Some(verb) = item.str("_class") else {
        return;
    };
    if cx.names.is_verb(verb) {
        return;
    }
    let upper = verb.to_ascii_uppercase();
    let finding = cx.findings.add(
        &DATA_MODEL_VERB,
        Place::member(item, "_class"),
        if schema::is_relationship_class(&upper) {
            format!(
                "relationship class {} is not upper case (data model {DATA_MODEL_VERSION})",
                quote_str(verb)
            )
        } else {
            format!(
                "{} is not a relationship class of data model {DATA_MODEL_VERSION}",
                quote_str(verb)
            )
        },
    );
    if schema::is_relationship_class(&upper) {
        finding.hint(format!("write \"{upper}\""));
    } else if let Some(close) = RELATIONSHIP_CLASSES
        .iter()
        .find(|known| known.starts_with(upper.trim_end_matches('S')) && upper.len() > 2)
    {
        finding.hint(format!("did you mean \"{close}\"?"));
    } else {
        finding.hint("pick the closest verb, e.g. HAS, OWNS, USES, CONTAINS, MANAGES, PROTECTS");
    }
}

fn check_key_length(cx: &mut Context, item: &Item) {
    let Some(key) = item.key() else { return };
    // Ten bytes of ASCII, or forty of anything, are ten characters at least.
    if key.len() >= 40 || (key.len() >= 10 && key.is_ascii()) {
        return;
    }
    let length = key.encode_utf16().count();
    if length > 0 && length < 10 {
        cx.findings
            .add(
                &DATA_MODEL_KEY_LENGTH,
                Place::member(item, "_key"),
                format!("_key {} is {length} characters; the data model's schema wants at least 10", quote_str(key)),
            )
            .hint("the platform accepts it; a namespace prefix such as \"<source>:<kind>:\" satisfies the schema");
    }
}

fn report_unknown_class(cx: &mut Context, item: &Item, name: &str, position: usize) {
    let pointer = match item.get("_class") {
        Some(Value::Array(_)) => format!("{}/{position}", item.member_pointer("_class")),
        _ => item.member_pointer("_class"),
    };
    let finding = cx.findings.add(
        &DATA_MODEL_CLASS,
        Place::value(Some(item.doc), pointer),
        format!(
            "{} is not an entity class of data model {DATA_MODEL_VERSION}",
            quote_str(name)
        ),
    );
    match CLASSES.iter().find(|c| {
        c.name.eq_ignore_ascii_case(name) && !matches!(c.name, "GraphObject" | "RecordEntity")
    }) {
        Some(class) => finding.hint(format!(
            "class names are case-sensitive: \"{}\"",
            class.name
        )),
        None => finding.hint(
            "pick the closest class from the data model, e.g. Application, Device, User, Finding",
        ),
    };
}

/// The properties `classes` (and their ancestors) require beyond the API's own required
/// fields that an object lacks (`has` tells which it has), each with the class among `classes`
/// that requires it.
pub(super) fn missing_required(
    classes: &[&'static ClassSchema],
    has: impl Fn(&str) -> bool,
) -> Vec<(&'static str, &'static str)> {
    let mut missing: Vec<(&'static str, &'static str)> = Vec::new();
    for class in classes {
        for ancestor in schema::lineage(class) {
            for &name in ancestor.required {
                if !API_REQUIRED.contains(&name)
                    && !has(name)
                    && !missing.iter().any(|&(m, _)| m == name)
                {
                    missing.push((name, class.name));
                }
            }
        }
    }
    missing
}

fn check_required(cx: &mut Context, item: &Item, facts: &ObjectFacts) {
    if facts.missing_required.is_empty() {
        return;
    }
    let mut missing = facts.missing_required.clone();
    crate::order::sort(&mut missing);
    let names: Vec<String> = missing.iter().map(|(n, _)| format!("\"{n}\"")).collect();
    let mut owners: Vec<&str> = missing.iter().map(|(_, c)| *c).collect();
    crate::order::sort(&mut owners);
    owners.dedup();
    cx.findings
        .add(
            &DATA_MODEL_REQUIRED,
            Place::item(item),
            format!(
                "class {} requires {}, which this entity lacks (data model {DATA_MODEL_VERSION})",
                owners.join(", "),
                names.join(", ")
            ),
        )
        .hint(format!(
            "add them, with null where a value is unknown: {}",
            names
                .iter()
                .map(|name| format!("{name}: null"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
}

fn check_types(cx: &mut Context, item: &Item, members: &[Described]) {
    for ((name, value), described) in item.fields.iter().zip(members) {
        // Nested objects are already an API error (property-value-type); not repeated here.
        if name.starts_with('_') || value.is_object() {
            continue;
        }
        let Some((class, property)) = described.definition else {
            continue;
        };
        let class = class.name;
        if property.shapes.is_empty() || property.shapes.iter().any(|s| fits(value, s)) {
            continue;
        }
        let expected: Vec<String> = property.shapes.iter().map(describe).collect();
        let finding = cx.findings.add(
            &DATA_MODEL_TYPE,
            Place::member(item, name),
            format!(
                "\"{name}\" is {} but class {class} defines it as {} (data model {DATA_MODEL_VERSION})",
                quote(value),
                expected.join(" or ")
            ),
        );
        if let Some(hint) = type_hint(value, property.shapes) {
            finding.hint(hint);
        }
    }
}

/// A fix for the commonest mismatches: a single value where the model wants a list.
fn type_hint(value: &Value, shapes: &[ValueShape]) -> Option<String> {
    let wants_array = shapes.iter().any(|s| s.json_type == JsonType::Array);
    if wants_array && !value.is_array() && !value.is_null() {
        return Some(format!("wrap it in a list: [{value}]"));
    }
    None
}

/// Whether `value` fits one schema alternative.
pub fn fits(value: &Value, shape: &ValueShape) -> bool {
    let in_range = |n: f64| {
        shape.minimum.is_none_or(|min| n >= min) && shape.maximum.is_none_or(|max| n <= max)
    };
    // Without a range, a number needs no reading: the parser let through finite ones only,
    // and one written without fraction or exponent is an integer.
    let unbounded = shape.minimum.is_none() && shape.maximum.is_none();
    match (shape.json_type, value) {
        (JsonType::String, Value::String(s)) => {
            shape.allowed.is_empty() || shape.allowed.contains(s)
        }
        (JsonType::Number, Value::Number(n)) => unbounded || n.as_f64().is_some_and(in_range),
        (JsonType::Integer, Value::Number(n)) => {
            (unbounded && n.is_integer())
                || n.as_f64().is_some_and(|f| f.fract() == 0.0 && in_range(f))
        }
        (JsonType::Boolean, Value::Bool(_)) | (JsonType::Null, Value::Null) => true,
        (JsonType::Object, Value::Object(_)) => true,
        (JsonType::Array, Value::Array(items)) => {
            shape.items.is_empty()
                || items
                    .iter()
                    .all(|item| shape.items.iter().any(|s| fits(item, s)))
        }
        _ => false,
    }
}

/// How a message names a schema alternative: `integer 1–10`, `array of string`, `"a" | "b"`.
fn describe(shape: &ValueShape) -> String {
    let base = match shape.json_type {
        JsonType::String => "string",
        JsonType::Number => "number",
        JsonType::Integer => "integer",
        JsonType::Boolean => "boolean",
        JsonType::Null => "null",
        JsonType::Array => "array",
        JsonType::Object => "object",
    };
    if !shape.allowed.is_empty() {
        let options: Vec<String> = shape.allowed.iter().map(|a| format!("\"{a}\"")).collect();
        return options.join(" | ");
    }
    let mut text = base.to_string();
    match (
        shape.minimum.map(number_text),
        shape.maximum.map(number_text),
    ) {
        (Some(min), Some(max)) => text.push_str(&format!(" {min}–{max}")),
        (Some(min), None) => text.push_str(&format!(" ≥ {min}")),
        (None, Some(max)) => text.push_str(&format!(" ≤ {max}")),
        (None, None) => {}
    }
    if shape.json_type == JsonType::Number && shape.format == Some("date-time") {
        text.push_str(" (epoch milliseconds)");
    }
    if !shape.items.is_empty() {
        let items: Vec<String> = shape.items.iter().map(describe).collect();
        text.push_str(&format!(" of {}", items.join(" or ")));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::{parse_noting, Arena};

    fn shape(json_type: JsonType, minimum: Option<f64>, maximum: Option<f64>) -> ValueShape {
        ValueShape {
            json_type,
            items: &[],
            allowed: &[],
            minimum,
            maximum,
            format: None,
        }
    }

    #[test]
    fn numbers_fit_by_value_as_json_schema_reads_them() {
        let arena = Arena::new();
        let number = |text| parse_noting(text, &arena).unwrap().value;
        let integer = shape(JsonType::Integer, None, None);
        let any_number = shape(JsonType::Number, None, None);
        let one_to_ten = shape(JsonType::Integer, Some(1.0), Some(10.0));
        for (text, fits_integer, fits_range) in [
            ("7", true, true),
            ("-3", true, false),
            ("1.0", true, true),
            ("1e1", true, true),
            ("1.5", false, false),
            ("25", true, false),
        ] {
            let value = number(text);
            assert_eq!(fits(&value, &integer), fits_integer, "{text}");
            assert_eq!(fits(&value, &one_to_ten), fits_range, "{text}");
            assert!(fits(&value, &any_number), "{text}");
        }
        assert!(!fits(&number("\"7\""), &any_number));
    }
}
