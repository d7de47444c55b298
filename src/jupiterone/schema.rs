//! The shapes of the data-model tables and the lookups over them.
//!
//! The tables themselves live in `data_model.rs`, generated from the npm package
//! `@jupiterone/data-model` by `scripts/gen-data-model.mjs`; this file is hand-written and
//! only says how to read them.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::data_model::{CLASSES, RELATIONSHIP_CLASSES};

/// A JSON type as the data model's schemas name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JsonType {
    String,
    Number,
    Integer,
    Boolean,
    Null,
    Array,
    Object,
}

/// One accepted shape for a property value (a schema alternative from `type`, `oneOf` or
/// `anyOf`, flattened). A value is valid for the property when it fits any one shape.
#[derive(Debug)]
pub struct ValueShape {
    pub json_type: JsonType,
    /// For arrays: the shapes an item may take (empty: any item).
    pub items: &'static [ValueShape],
    /// For arrays (of strings; the generator refuses others): no item twice.
    pub unique_items: bool,
    /// Allowed string values (`enum` or `const`); empty: any.
    pub allowed: &'static [&'static str],
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
    /// For strings: the `pattern` the value must match.
    pub pattern: Option<&'static Pattern>,
    /// For strings, the `format` the value must have; for numbers only a unit (`date-time`:
    /// epoch milliseconds), as Ajv checks string formats on strings only.
    pub format: Option<Format>,
}

/// The JSON-schema `format`s the data model uses (`scripts/gen-data-model.mjs` refuses others).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Asn,
    DateTime,
    Email,
    Hostname,
    Ip,
    IpCidr,
    Ipv4,
    Ipv6,
    Uri,
}

impl Format {
    /// The name the schemas use.
    pub fn name(self) -> &'static str {
        match self {
            Format::Asn => "asn",
            Format::DateTime => "date-time",
            Format::Email => "email",
            Format::Hostname => "hostname",
            Format::Ip => "ip",
            Format::IpCidr => "ipCidr",
            Format::Ipv4 => "ipv4",
            Format::Ipv6 => "ipv6",
            Format::Uri => "uri",
        }
    }
}

/// A `pattern` of the data model.
#[derive(Debug)]
pub struct Pattern {
    /// As the schema writes it (an ECMAScript regular expression), for messages.
    pub source: &'static str,
    pub matcher: Matcher,
}

/// The hand-written matchers of the data model's patterns (`scripts/gen-data-model.mjs` names
/// one for each pattern and refuses a pattern without one).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Matcher {
    MacAddress,
    HostnameLabel,
    DomainName,
    DottedQuad,
    CveId,
    CweId,
}

/// A property a class defines itself (not inherited).
#[derive(Debug)]
pub struct PropertySchema {
    pub name: &'static str,
    /// Empty: the schema puts no constraint on the value.
    pub shapes: &'static [ValueShape],
    pub deprecated: bool,
}

/// One entity class of the data model.
#[derive(Debug)]
pub struct ClassSchema {
    pub name: &'static str,
    pub parent: Option<&'static str>,
    /// Required properties the class adds itself, sorted.
    pub required: &'static [&'static str],
    /// Properties the class defines itself, sorted by name.
    pub properties: &'static [PropertySchema],
}

/// The class named `name`, if the data model knows it.
pub fn class(name: &str) -> Option<&'static ClassSchema> {
    CLASSES
        .binary_search_by(|c| c.name.cmp(name))
        .ok()
        .map(|i| &CLASSES[i])
}

/// Each class's parent as an index into `CLASSES`, resolved once.
fn parents() -> &'static [Option<usize>] {
    static PARENTS: OnceLock<Vec<Option<usize>>> = OnceLock::new();
    PARENTS.get_or_init(|| {
        CLASSES
            .iter()
            .map(|c| {
                c.parent
                    .and_then(|p| CLASSES.binary_search_by(|k| k.name.cmp(p)).ok())
            })
            .collect()
    })
}

/// The class and its ancestors, nearest first. Bounded so a malformed table cannot loop.
pub fn lineage(class_schema: &'static ClassSchema) -> impl Iterator<Item = &'static ClassSchema> {
    let start = CLASSES.iter().position(|c| std::ptr::eq(c, class_schema));
    let parents = parents();
    let mut next = start;
    let mut steps = 0;
    std::iter::from_fn(move || {
        let current = next?;
        steps += 1;
        next = if steps < 16 { parents[current] } else { None };
        Some(&CLASSES[current])
    })
}

/// Properties of any class by folded name (`hostname` for `hostName`): the property's own
/// name and its class, to find custom properties that duplicate a class-defined one. The
/// metadata the schema lists (`_key`, `_type`, `_class`) are not class properties: `type` and
/// `key` duplicate nothing, so they are left out rather than folded to their names.
pub fn properties_by_folded_name() -> &'static HashMap<String, Vec<(&'static str, &'static str)>> {
    static INDEX: OnceLock<HashMap<String, Vec<(&'static str, &'static str)>>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut index: HashMap<String, Vec<(&'static str, &'static str)>> = HashMap::new();
        for class in CLASSES {
            for property in class.properties.iter().filter(|p| !p.name.starts_with('_')) {
                let folded: String = property
                    .name
                    .chars()
                    .filter(char::is_ascii_alphanumeric)
                    .map(|c| c.to_ascii_lowercase())
                    .collect();
                index
                    .entry(folded)
                    .or_default()
                    .push((property.name, class.name));
            }
        }
        index
    })
}

/// The definition of `property` for `class_schema`, looking through its ancestors.
pub fn property(
    class_schema: &'static ClassSchema,
    property: &str,
) -> Option<&'static PropertySchema> {
    lineage(class_schema).find_map(|c| {
        c.properties
            .binary_search_by(|p| p.name.cmp(property))
            .ok()
            .map(|i| &c.properties[i])
    })
}

/// Whether `verb` is one of the data model's relationship classes (upper case).
pub fn is_relationship_class(verb: &str) -> bool {
    RELATIONSHIP_CLASSES.binary_search(&verb).is_ok()
}
