//! Property names and values: reserved `_` names, primitive values, string and key lengths.

use crate::diagnostic::declare_rule;
use crate::support::fast_hash::FastSet;

use super::names::Described;
use super::{capitalize, quote_str, Context, Place};
use crate::json::{Map, Value};
use crate::jupiterone::job::SyncMode;
use crate::jupiterone::model::{Item, Kind};

pub const MAX_STRING: usize = 4096;
pub const MAX_KEY: usize = 7000;

/// What a member name starting with `_` is to the platform, worked out once per name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reserved {
    /// The name does not start with `_`.
    No,
    Key,
    Type,
    Class,
    RawData,
    /// `_id`: names an existing entity in PATCH and OVERRIDE jobs.
    Id,
    /// `_fromEntityKey`, `_toEntityId`, `_fromEntityScope`, …: relationships only.
    Endpoint,
    /// `_mapping`: relationships only.
    Mapping,
    /// Any other `_` name: not allowed.
    Other,
}

impl Reserved {
    pub fn of(name: &str) -> Reserved {
        const ENDPOINTS: [&str; 8] = [
            "_fromEntityKey",
            "_toEntityKey",
            "_fromEntityId",
            "_toEntityId",
            "_fromEntityScope",
            "_toEntityScope",
            "_fromEntitySource",
            "_toEntitySource",
        ];
        match name {
            _ if !name.starts_with('_') => Reserved::No,
            "_key" => Reserved::Key,
            "_type" => Reserved::Type,
            "_class" => Reserved::Class,
            "_rawData" => Reserved::RawData,
            "_id" => Reserved::Id,
            "_mapping" => Reserved::Mapping,
            _ if ENDPOINTS.contains(&name) => Reserved::Endpoint,
            _ => Reserved::Other,
        }
    }

    /// Whether an object of `kind` in a job of `mode` may carry the name.
    fn allowed(self, kind: Kind, mode: SyncMode) -> bool {
        match self {
            Reserved::Key | Reserved::Type | Reserved::Class | Reserved::RawData => true,
            Reserved::Id => {
                kind == Kind::Entity && matches!(mode, SyncMode::Patch | SyncMode::Override)
            }
            Reserved::Endpoint | Reserved::Mapping => kind == Kind::Relationship,
            Reserved::No | Reserved::Other => false,
        }
    }

    /// Whether the name is an identity field of an object of `kind` (a non-empty string).
    pub fn is_identity(self, kind: Kind) -> bool {
        match self {
            Reserved::Key | Reserved::Type | Reserved::Id => true,
            Reserved::Endpoint => kind == Kind::Relationship,
            _ => false,
        }
    }
}

/// The checks of an object's members, one member at a time.
pub fn check(cx: &mut Context, item: &Item, members: &[Described]) {
    let mode = cx.job.sync_mode;
    for ((name, value), described) in item.fields.iter().zip(members) {
        match described.facts.reserved {
            Reserved::No => {
                property_name(cx, item, name, described.facts.valid_name);
                check_value(cx, item, name, value);
            }
            reserved if !reserved.allowed(item.kind, mode) => {
                reserved_property(cx, item, name, reserved)
            }
            Reserved::Key => key_too_long(cx, item, name, value),
            Reserved::RawData => raw_data_shape(cx, item, value),
            Reserved::Mapping => {}
            // The other platform names hold one string, measured as a property's is (an
            // entity's list of `_class` names is not).
            _ => {
                if let Some(text) = value.as_str() {
                    string_too_long(cx, || Place::member(item, name), name, text);
                }
            }
        }
    }
}

/// The checks of a custom property's value, which depend on its type: one test of the type
/// serves them all, and an array's items are walked once.
fn check_value(cx: &mut Context, item: &Item, name: &str, value: &Value) {
    match value {
        Value::String(text) => string_too_long(cx, || Place::member(item, name), name, text),
        Value::Array(items) => {
            relationship_array_property(cx, item, name);
            let mut held = PrimitiveTypes::default();
            for (index, element) in items.iter().enumerate() {
                match element {
                    Value::String(text) => {
                        held.string = true;
                        string_too_long(cx, || element_place(item, name, index), name, text);
                    }
                    Value::Number(_) => held.number = true,
                    Value::Bool(_) => held.boolean = true,
                    // An item that is not a primitive ends the checks of the array.
                    other => return property_value_type_of_item(cx, item, name, index, other),
                }
            }
            property_value_type_mixed(cx, item, name, held);
        }
        Value::Object(members) => property_value_type(cx, item, name, members),
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

declare_rule! {
    /// Only the platform's own `_` names are allowed; the API rejects others with reason=NOT_ALLOWED.
    RESERVED_PROPERTY: "reserved-property", Error
}

/// `name` is a `_` name the platform does not allow on this object in this job's mode.
fn reserved_property(cx: &mut Context, item: &Item, name: &str, reserved: Reserved) {
    // OVERRIDE ignores other `_` names instead; the mode's checks say so.
    if cx.job.sync_mode == SyncMode::Override {
        return;
    }
    let finding = cx.findings.add(
        &RESERVED_PROPERTY,
        Place::member_name(item, name),
        format!("Error in {} (reason=NOT_ALLOWED)", item.api_path(name)),
    );
    if reserved == Reserved::Id && item.kind == Kind::Entity {
        finding.hint("_id names existing entities only in PATCH and OVERRIDE jobs; remove it");
    } else {
        finding.hint("names starting with _ are reserved for the platform; rename it without the underscore or drop it");
    }
}

declare_rule! {
    /// Values are strings, numbers, booleans, null or arrays of one primitive type; no nested objects.
    PROPERTY_VALUE_TYPE: "property-value-type", Error
}

/// A custom property whose value is an object.
fn property_value_type(cx: &mut Context, item: &Item, name: &str, members: &Map) {
    let example = members
        .iter()
        .next()
        .map(|(inner, v)| format!(": \"{name}{}\": {}", capitalize(inner), super::quote(v)))
        .unwrap_or_default();
    cx.findings
        .add(
            &PROPERTY_VALUE_TYPE,
            Place::member(item, name),
            format!("property \"{name}\" is a nested object"),
        )
        .hint(format!("flatten it into primitive properties{example}"));
}

/// Item `index` of a custom property's array value, which is not a primitive.
fn property_value_type_of_item(
    cx: &mut Context,
    item: &Item,
    name: &str,
    index: usize,
    element: &Value,
) {
    cx.findings
        .add(
            &PROPERTY_VALUE_TYPE,
            element_place(item, name, index),
            format!(
                "\"{name}\"[{index}] is {}; array items must be strings, numbers or booleans",
                super::type_name(element)
            ),
        )
        .hint("arrays hold primitives of one type only");
}

/// The primitive types an array's items have.
#[derive(Default)]
struct PrimitiveTypes {
    boolean: bool,
    number: bool,
    string: bool,
}

/// A custom property's array value of primitives of more than one type (`held`).
fn property_value_type_mixed(cx: &mut Context, item: &Item, name: &str, held: PrimitiveTypes) {
    // In the order messages name them.
    let types = [
        (held.boolean, "boolean"),
        (held.number, "number"),
        (held.string, "string"),
    ];
    if types.iter().filter(|(h, _)| *h).count() < 2 {
        return;
    }
    let found: Vec<&str> = types
        .into_iter()
        .filter_map(|(h, kind)| h.then_some(kind))
        .collect();
    cx.findings
        .add(
            &PROPERTY_VALUE_TYPE,
            Place::member(item, name),
            format!("\"{name}\" mixes {} in one array", found.join(" and ")),
        )
        .hint("arrays hold one primitive type: convert the values to one type");
}

declare_rule! {
    /// A string value is at most 4096 characters.
    STRING_TOO_LONG: "string-too-long", Error
}

/// A string value or array item of member `name` over `MAX_STRING`; the place is worked out
/// only then.
fn string_too_long(cx: &mut Context, place: impl FnOnce() -> Place, name: &str, text: &str) {
    if let Some(length) = over_limit(text, MAX_STRING) {
        cx.findings
            .add(
                &STRING_TOO_LONG,
                place(),
                format!("\"{name}\" is {length} characters long; the limit is {MAX_STRING}"),
            )
            .hint("truncate it (the SDK keeps 4093 characters and appends \"...\")");
    }
}

declare_rule! {
    /// A `_key` is at most 7000 characters.
    KEY_TOO_LONG: "key-too-long", Error
}

fn key_too_long(cx: &mut Context, item: &Item, name: &str, value: &Value) {
    let Some(length) = value.as_str().and_then(|key| over_limit(key, MAX_KEY)) else {
        return;
    };
    cx.findings
        .add(
            &KEY_TOO_LONG,
            Place::member(item, name),
            format!("`_key` is {length} characters long; the limit is {MAX_KEY}"),
        )
        .hint("use the source system's stable ID, without long prefixes");
}

declare_rule! {
    /// Relationship properties are primitives; the SDK's types allow no arrays there.
    RELATIONSHIP_ARRAY_PROPERTY: "relationship-array-property", Warning
}

/// A custom property of a relationship whose value is an array.
fn relationship_array_property(cx: &mut Context, item: &Item, name: &str) {
    if item.kind == Kind::Relationship {
        cx.findings
            .add(
                &RELATIONSHIP_ARRAY_PROPERTY,
                Place::member(item, name),
                format!("relationship property \"{name}\" is an array"),
            )
            .hint("relationship properties are primitives: join the values into a string or move them to an entity");
    }
}

declare_rule! {
    /// Property names match the data model's pattern ^(_|tag\.)?[A-Za-z0-9. -]+$.
    PROPERTY_NAME: "property-name", Warning
}

/// `valid`: whether the name matches the pattern (`is_valid_name`, worked out once per name).
fn property_name(cx: &mut Context, item: &Item, name: &str, valid: bool) {
    if valid {
        return;
    }
    let finding = cx.findings.add(
        &PROPERTY_NAME,
        Place::member_name(item, name),
        format!(
            "property name {} does not match the data model's pattern ^(_|tag\\.)?[A-Za-z0-9. -]+$",
            quote_str(name)
        ),
    );
    if name.contains('_') {
        finding.hint(format!("use camelCase: \"{}\"", camel_case(name)));
    }
}

/// Whether a property name (not a platform one) matches the data model's pattern.
pub(super) fn is_valid_name(name: &str) -> bool {
    let rest = name.strip_prefix("tag.").unwrap_or(name);
    !rest.is_empty()
        && rest
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b' ' | b'-'))
}

/// `my_prop_name` → `myPropName`.
fn camel_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = !out.is_empty();
        } else if upper {
            out.push(crate::support::case::upper(c));
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

declare_rule! {
    /// `_rawData` is a list of {name, rawData} entries with unique names.
    RAW_DATA_SHAPE: "raw-data-shape", Warning
}

fn raw_data_shape(cx: &mut Context, item: &Item, value: &Value) {
    let place = || Place::member(item, "_rawData");
    let Some(entries) = value.as_array() else {
        if !value.is_object() {
            cx.findings
                .add(
                    &RAW_DATA_SHAPE,
                    place(),
                    format!("`_rawData` is {}", super::quote(value)),
                )
                .hint("write [{\"name\": \"default\", \"rawData\": { … }}]");
        }
        return;
    };
    let mut names = FastSet::default();
    for (index, entry) in entries.iter().enumerate() {
        let at = || element_place(item, "_rawData", index);
        // `get_inline`, not `get`: with an out-of-line call here, the per-entity checks this
        // is inlined into ran more instructions.
        let fields = entry.as_object();
        let name = fields
            .and_then(|f| f.get_inline("name"))
            .and_then(Value::as_str);
        let raw = fields.and_then(|f| f.get_inline("rawData"));
        let raw_ok = raw.is_some_and(|r| r.is_object() || r.is_string());
        match name {
            Some(name) if raw_ok => {
                // Most bodies have one entry: nothing to compare it with.
                if entries.len() > 1 && !names.insert(name) {
                    cx.findings
                        .add(
                            &RAW_DATA_SHAPE,
                            at(),
                            format!("`_rawData` has two entries named {}", quote_str(name)),
                        )
                        .hint("each raw data entry needs its own name (the SDK fails with DUPLICATE_RAW_DATA_NAME)");
                }
            }
            _ => {
                cx.findings
                    .add(
                        &RAW_DATA_SHAPE,
                        at(),
                        format!("`_rawData`[{index}] is not a {{name, rawData}} entry"),
                    )
                    .hint("each entry is {\"name\": \"…\", \"rawData\": {…} or \"…\"}");
            }
        }
    }
}

/// The length in UTF-16 code units (what JavaScript's `length` counts) when it is over
/// `limit`. Most strings are shorter in bytes than the limit and are not counted at all.
fn over_limit(text: &str, limit: usize) -> Option<usize> {
    if text.len() <= limit {
        return None;
    }
    let length = text.encode_utf16().count();
    (length > limit).then_some(length)
}

/// Item `index` of the array value of member `name`.
fn element_place(item: &Item, name: &str, index: usize) -> Place {
    Place::value(
        Some(item.doc),
        format!("{}/{index}", item.member_pointer(name)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reserved_names_are_allowed_by_kind_and_mode() {
        use Kind::{Entity, Relationship};
        use SyncMode::{Diff, Override, Patch};
        let allowed = |name: &str, kind, mode| Reserved::of(name).allowed(kind, mode);
        for name in ["_key", "_type", "_class", "_rawData"] {
            assert!(
                allowed(name, Entity, Diff) && allowed(name, Relationship, Diff),
                "{name}"
            );
        }
        assert!(allowed("_id", Entity, Patch) && allowed("_id", Entity, Override));
        assert!(!allowed("_id", Entity, Diff) && !allowed("_id", Relationship, Patch));
        for name in ["_fromEntityKey", "_toEntitySource", "_mapping"] {
            assert!(
                allowed(name, Relationship, Diff) && !allowed(name, Entity, Diff),
                "{name}"
            );
        }
        assert_eq!(Reserved::of("_source"), Reserved::Other);
        assert!(!allowed("_source", Entity, Override));
        assert_eq!(Reserved::of("key"), Reserved::No);
        assert_eq!(Reserved::of("_fromEntityScope"), Reserved::Endpoint);
    }

    #[test]
    fn identity_fields_by_kind() {
        for name in ["_key", "_type", "_id"] {
            let reserved = Reserved::of(name);
            assert!(reserved.is_identity(Kind::Entity) && reserved.is_identity(Kind::Relationship));
        }
        let endpoint = Reserved::of("_toEntityId");
        assert!(endpoint.is_identity(Kind::Relationship) && !endpoint.is_identity(Kind::Entity));
        for name in ["_class", "_rawData", "_mapping", "_other", "name"] {
            let reserved = Reserved::of(name);
            assert!(
                !reserved.is_identity(Kind::Entity) && !reserved.is_identity(Kind::Relationship)
            );
        }
    }

    #[test]
    fn camel_case() {
        assert_eq!(super::camel_case("my_prop_name"), "myPropName");
        assert_eq!(super::camel_case("_x"), "x");
    }

    #[test]
    fn lengths_count_utf16_units() {
        assert_eq!(super::over_limit("a😀", 2), Some(3));
        assert_eq!(super::over_limit("é", 1), None);
        assert_eq!(super::over_limit("abc", 3), None);
    }
}
