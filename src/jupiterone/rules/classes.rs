//! Data-model checks: known classes and verbs, class-required properties, property types,
//! patterns and formats.
//! Warnings: the platform accepts objects that fail them, but queries and rules expect them.

use super::names::{Described, ObjectFacts};
use super::{quote, quote_str, Context, Place};
use crate::diagnostic::declare_rule;
use crate::json::{number_text, Value};
use crate::jupiterone::data_model::DATA_MODEL_VERSION;
use crate::jupiterone::data_model::{CLASSES, RELATIONSHIP_CLASSES};
use crate::jupiterone::job::SyncMode;
use crate::jupiterone::model::Item;
use crate::jupiterone::schema::{
    self, ClassSchema, Format, JsonType, Pattern, PropertySchema, ValueShape,
};
use crate::jupiterone::{formats, patterns};

/// The data-model checks of an entity: its key and classes, then, when it has known classes,
/// the properties they require and the values they define, one member at a time.
pub fn entity(cx: &mut Context, item: &Item, known: &[&'static ClassSchema], facts: &ObjectFacts) {
    data_model_key_length(cx, item);
    data_model_class(cx, item, known);
    if known.is_empty() {
        return;
    }
    data_model_required(cx, item, facts);
    for ((name, value), described) in item.fields.iter().zip(&facts.members) {
        let Some((class, property)) = misfit(known, name, value, described) else {
            continue;
        };
        // A value that misses a definition is one finding: a string that misses only its
        // pattern or format is data-model-format's, any other miss data-model-type's.
        match text_miss(value, property.shapes) {
            Some(miss) => data_model_format(cx, item, name, class.name, &miss),
            None => data_model_type(cx, item, name, class.name, property.shapes, value),
        }
    }
}

/// The data-model checks of a relationship: its key and its verb.
pub fn relationship(cx: &mut Context, item: &Item) {
    data_model_key_length(cx, item);
    data_model_verb(cx, item);
}

declare_rule! {
    /// An entity's `_class` values are classes of the JupiterOne data model.
    DATA_MODEL_CLASS: "data-model-class", Warning
}

/// The entity's class names that are not classes of the data model (`known`: those that are).
fn data_model_class(cx: &mut Context, item: &Item, known: &[&'static ClassSchema]) {
    if known.len() >= item.classes().count() {
        return;
    }
    for (position, name) in item.classes().enumerate() {
        if schema::class(name).is_some() {
            continue;
        }
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
}

declare_rule! {
    /// A relationship's `_class` is a relationship class of the data model, in upper case.
    DATA_MODEL_VERB: "data-model-verb", Warning
}

fn data_model_verb(cx: &mut Context, item: &Item) {
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

declare_rule! {
    /// The properties an entity's classes require are present (null is allowed).
    DATA_MODEL_REQUIRED: "data-model-required", Warning
}

fn data_model_required(cx: &mut Context, item: &Item, facts: &ObjectFacts) {
    // Only a DIFF job uploads each entity whole; in the other modes one may be a partial update.
    if cx.job.sync_mode != SyncMode::Diff {
        return;
    }
    if facts.missing_required.is_empty() {
        return;
    }
    let mut missing = facts.missing_required.clone();
    crate::support::order::sort(&mut missing);
    let names: Vec<String> = missing.iter().map(|(n, _)| format!("\"{n}\"")).collect();
    let mut owners: Vec<&str> = missing.iter().map(|(_, c)| *c).collect();
    crate::support::order::sort(&mut owners);
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

/// Required by the API itself and reported there; not repeated as data-model findings.
const API_REQUIRED: [&str; 5] = ["_key", "_type", "_class", "name", "displayName"];

declare_rule! {
    /// Property values have the type, enum value, range and distinct items each of the entity's classes defines for them.
    DATA_MODEL_TYPE: "data-model-type", Warning
}

/// A value that fits no shape of `shapes`, the definition of class `class`, and whose miss is
/// not only a pattern or format (`text_miss`).
fn data_model_type(
    cx: &mut Context,
    item: &Item,
    name: &str,
    class: &str,
    shapes: &[ValueShape],
    value: &Value,
) {
    if let Some(text) = repeat_of_distinct(value, shapes) {
        cx.findings
            .add(
                &DATA_MODEL_TYPE,
                Place::member(item, name),
                format!(
                    "\"{name}\" lists {} twice but class {class} wants its items distinct (data model {DATA_MODEL_VERSION})",
                    quote_str(text)
                ),
            )
            .hint("list each value once");
        return;
    }
    let expected: Vec<String> = shapes.iter().map(describe).collect();
    let finding = cx.findings.add(
        &DATA_MODEL_TYPE,
        Place::member(item, name),
        format!(
            "\"{name}\" is {} but class {class} defines it as {} (data model {DATA_MODEL_VERSION})",
            quote(value),
            expected.join(" or ")
        ),
    );
    if let Some(hint) = type_hint(value, shapes) {
        finding.hint(hint);
    }
}

/// For a list with a repeat where the model wants distinct items: the repeated string.
fn repeat_of_distinct<'a>(value: &Value<'a>, shapes: &[ValueShape]) -> Option<&'a str> {
    match value {
        Value::Array(items) if shapes.iter().any(|s| s.unique_items) => repeated(items),
        _ => None,
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

declare_rule! {
    /// String values match the `pattern` and `format` the entity's classes define for them.
    DATA_MODEL_FORMAT: "data-model-format", Warning
}

/// A string of a value that misses only the pattern or format class `class` defines for it.
fn data_model_format(cx: &mut Context, item: &Item, name: &str, class: &str, miss: &TextMiss) {
    let (subject, pointer) = match miss.index {
        Some(index) => (
            format!("\"{name}\" item {index}"),
            format!("{}/{index}", item.member_pointer(name)),
        ),
        None => (format!("\"{name}\""), item.member_pointer(name)),
    };
    let text = quote_str(miss.text);
    let message = match miss.constraint {
        Ok(pattern) => format!(
            "{subject} {text} does not match the pattern {} of class {class} (data model {DATA_MODEL_VERSION})",
            pattern.source
        ),
        Err(format) => format!(
            "{subject} {text} is not a valid {} (format of class {class}, data model {DATA_MODEL_VERSION})",
            format.name()
        ),
    };
    let hint = match miss.constraint {
        Ok(pattern) => pattern_hint(pattern, miss.text),
        Err(format) => format_example(format).to_string(),
    };
    cx.findings
        .add(
            &DATA_MODEL_FORMAT,
            Place::value(Some(item.doc), pointer),
            message,
        )
        .hint(hint);
}

/// A string that has the type a shape wants but not its pattern or format.
struct TextMiss<'a> {
    text: &'a str,
    /// The array index, when the string is an item of the value.
    index: Option<usize>,
    /// What it misses: a pattern, or else a format.
    constraint: Result<&'static Pattern, Format>,
}

/// For a value that fits no shape: the first string in it that would fit if it were not for a
/// pattern or format, when there is one (else the value has the wrong type or enum value).
fn text_miss<'a>(value: &'a Value, shapes: &[ValueShape]) -> Option<TextMiss<'a>> {
    let shape = shapes.iter().find(|s| fits_as(value, s, false))?;
    let (index, text, shape) = match value {
        Value::String(text) => (None, *text, shape),
        Value::Array(items) => items.iter().enumerate().find_map(|(index, item)| {
            let Value::String(text) = item else {
                return None;
            };
            if shape.items.iter().any(|s| fits(item, s)) {
                return None;
            }
            let item_shape = shape.items.iter().find(|s| fits_as(item, s, false))?;
            Some((Some(index), *text, item_shape))
        })?,
        _ => return None,
    };
    let constraint = match shape.pattern {
        Some(pattern) if !patterns::matches(pattern, text) => Ok(pattern),
        _ => Err(shape.format?),
    };
    Some(TextMiss {
        text,
        index,
        constraint,
    })
}

/// A fix for a value that misses a pattern only by its case (MAC addresses in upper case) or by
/// a trailing dot, else what the data model's validation does with it.
fn pattern_hint(pattern: &Pattern, text: &str) -> String {
    let lower = text.to_ascii_lowercase();
    if lower != text && patterns::matches(pattern, &lower) {
        return format!("write it in lower case: {}", quote_str(&lower));
    }
    match text.strip_suffix('.') {
        Some(trimmed) if patterns::matches(pattern, trimmed) => {
            format!("drop the trailing dot: {}", quote_str(trimmed))
        }
        _ => "correct the value, or keep it under a custom property name: the data model's validation rejects it".into(),
    }
}

/// What a value of `format` looks like.
fn format_example(format: Format) -> &'static str {
    match format {
        Format::Asn => "\"AS\" and 2 to 6 digits, such as AS13335",
        Format::DateTime => "epoch milliseconds",
        Format::Email => "an address such as name@example.com",
        Format::Hostname => "dot-separated labels of letters, digits and hyphens, at most 63 characters each, such as host-1.example.com",
        Format::Ip => "an IPv4 or IPv6 address, such as 10.0.0.1 or 2001:db8::1",
        Format::IpCidr => "an address with a prefix length, such as 10.0.0.0/8 or 2001:db8::/32",
        Format::Ipv4 => "four numbers 0–255 separated by dots, such as 10.0.0.1",
        Format::Ipv6 => "an IPv6 address without zone or prefix length, such as 2001:db8::1",
        Format::Uri => "an absolute URI with a scheme, such as https://example.com/path",
    }
}

declare_rule! {
    /// The data model's schema wants a `_key` of at least 10 characters (the platform accepts shorter).
    DATA_MODEL_KEY_LENGTH: "data-model-key-length", Info
}

fn data_model_key_length(cx: &mut Context, item: &Item) {
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

/// The first definition among the entity's classes (`known`) that member `name` does not fit:
/// that class and its property. The data model validates an entity against each of its classes:
/// the value must fit the definition of every class that has one, not only the first's.
fn misfit(
    known: &[&'static ClassSchema],
    name: &str,
    value: &Value,
    described: &Described,
) -> Option<(&'static ClassSchema, &'static PropertySchema)> {
    // Nested objects are already an API error (property-value-type); not repeated here.
    if name.starts_with('_') || value.is_object() {
        return None;
    }
    let (first, definition) = described.definition?;
    let others = known[1..].iter().filter_map(|&class| {
        let property = schema::property(class, name)?;
        (!std::ptr::eq(property, definition)).then_some((class, property))
    });
    std::iter::once((first, definition))
        .chain(others)
        .find(|(_, p)| !p.shapes.is_empty() && !p.shapes.iter().any(|s| fits(value, s)))
}

/// Whether `value` fits one schema alternative.
pub fn fits(value: &Value, shape: &ValueShape) -> bool {
    fits_as(value, shape, true)
}

/// Whether `value` fits `shape`, its strings' patterns and formats included when `texts`.
fn fits_as(value: &Value, shape: &ValueShape, texts: bool) -> bool {
    let in_range = |n: f64| {
        shape.minimum.is_none_or(|min| n >= min) && shape.maximum.is_none_or(|max| n <= max)
    };
    // Without a range, a number needs no reading: the parser let through finite ones only,
    // and one written without fraction or exponent is an integer.
    let unbounded = shape.minimum.is_none() && shape.maximum.is_none();
    match (shape.json_type, value) {
        (JsonType::String, Value::String(s)) => {
            (shape.allowed.is_empty() || shape.allowed.contains(s))
                && (!texts
                    || (shape.pattern.is_none_or(|p| patterns::matches(p, s))
                        && shape.format.is_none_or(|f| formats::valid(f, s))))
        }
        (JsonType::Number, Value::Number(n)) => unbounded || n.as_f64().is_some_and(in_range),
        (JsonType::Integer, Value::Number(n)) => {
            (unbounded && n.is_integer())
                || n.as_f64().is_some_and(|f| f.fract() == 0.0 && in_range(f))
        }
        (JsonType::Boolean, Value::Bool(_)) | (JsonType::Null, Value::Null) => true,
        (JsonType::Object, Value::Object(_)) => true,
        (JsonType::Array, Value::Array(items)) => {
            (shape.items.is_empty()
                || items
                    .iter()
                    .all(|item| shape.items.iter().any(|s| fits_as(item, s, texts))))
                && (!shape.unique_items || all_different(items))
        }
        _ => false,
    }
}

/// Whether no string occurs twice among `items`.
fn all_different(items: &[Value]) -> bool {
    repeated(items).is_none()
}

/// A string that occurs twice among `items`: for the short lists payloads carry, the first
/// repeat, found without allocating; for a long one the least (sorted: n log n).
fn repeated<'a>(items: &[Value<'a>]) -> Option<&'a str> {
    let texts = || {
        items.iter().filter_map(|item| match item {
            Value::String(text) => Some(*text),
            _ => None,
        })
    };
    if items.len() <= 16 {
        return texts()
            .enumerate()
            .find(|&(i, text)| texts().skip(i + 1).any(|other| other == text))
            .map(|(_, text)| text);
    }
    let mut sorted: Vec<&str> = texts().collect();
    crate::support::order::sort(&mut sorted);
    sorted
        .windows(2)
        .find(|pair| pair[0] == pair[1])
        .map(|pair| pair[0])
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
        // An `enum` of numbers: one shape per value.
        (Some(min), Some(max)) if min == max => return min,
        (Some(min), Some(max)) => text.push_str(&format!(" {min}–{max}")),
        (Some(min), None) => text.push_str(&format!(" ≥ {min}")),
        (None, Some(max)) => text.push_str(&format!(" ≤ {max}")),
        (None, None) => {}
    }
    if shape.json_type == JsonType::Number && shape.format == Some(Format::DateTime) {
        text.push_str(" (epoch milliseconds)");
    }
    let distinct = if shape.unique_items { "distinct " } else { "" };
    if !shape.items.is_empty() {
        let items: Vec<String> = shape.items.iter().map(describe).collect();
        text.push_str(&format!(" of {distinct}{}", items.join(" or ")));
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
            unique_items: false,
            allowed: &[],
            minimum,
            maximum,
            pattern: None,
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
