//! What the checks ask of a property name, worked out once per distinct name in a run. A
//! payload repeats the same few dozen names across every object, so the name rules (secret,
//! personal data, date, boolean naming) and the data-model lookups cost one hash per property
//! instead of string searches through the class tables.

use crate::fast_hash::FastMap;
use crate::json::Map;
use crate::jupiterone::schema::{self, ClassSchema, PropertySchema};

use super::{conventions, security};

/// The name-only facts about one property name.
#[derive(Clone, Copy, Debug)]
pub struct NameFacts {
    /// A date by its name (`createdOn`).
    pub date: bool,
    /// Named like a secret (`dbPassword`) and not like metadata about one (`passwordType`).
    pub secret: bool,
    /// Named like sensitive personal data (`ssn`).
    pub personal: bool,
    /// Named as booleans should be (`isActive`, `hasMfa`).
    pub boolean_named: bool,
    /// Named like a foreign key (`ownerId`).
    pub link: bool,
    /// Data-model properties of the same folded name: (property, class).
    pub folded_twins: &'static [(&'static str, &'static str)],
}

#[derive(Default)]
struct Known {
    facts: Option<NameFacts>,
    /// The definition each class (ancestors included) gives the name, as looked up so far.
    definitions: Vec<(&'static ClassSchema, Option<&'static PropertySchema>)>,
}

/// The per-run memo of name facts and definitions.
#[derive(Default)]
pub struct Names {
    index: FastMap<Box<str>, usize>,
    known: Vec<Known>,
}

impl Names {
    fn entry(&mut self, name: &str) -> &mut Known {
        let at = match self.index.get(name) {
            Some(&at) => at,
            None => {
                self.index.insert(name.into(), self.known.len());
                self.known.push(Known::default());
                self.known.len() - 1
            }
        };
        &mut self.known[at]
    }

    /// What the checks need of each member of an object with these classes, in member order.
    pub fn describe(&mut self, fields: &Map, classes: &[&'static ClassSchema]) -> Vec<Described> {
        fields
            .keys()
            .map(|name| {
                let known = self.entry(name);
                Described {
                    facts: *known.facts.get_or_insert_with(|| work_out(name)),
                    definition: known.definition(classes, name),
                }
            })
            .collect()
    }
}

/// What the checks need of one member: its name facts and the data model's definition.
#[derive(Clone, Copy, Debug)]
pub struct Described {
    pub facts: NameFacts,
    /// The first of the object's classes that defines the name (itself or through an
    /// ancestor), and how.
    pub definition: Option<(&'static ClassSchema, &'static PropertySchema)>,
}

impl Known {
    fn definition(
        &mut self,
        classes: &[&'static ClassSchema],
        name: &str,
    ) -> Option<(&'static ClassSchema, &'static PropertySchema)> {
        classes.iter().find_map(|&class| {
            let cached = self
                .definitions
                .iter()
                .find(|(c, _)| std::ptr::eq(*c, class))
                .map(|(_, property)| *property);
            let property = cached.unwrap_or_else(|| {
                let property = schema::property(class, name);
                self.definitions.push((class, property));
                property
            });
            property.map(|p| (class, p))
        })
    }
}

fn work_out(name: &str) -> NameFacts {
    let folded = fold(name);
    NameFacts {
        date: conventions::is_date_name(name),
        secret: security::is_secret_name(name, &folded),
        personal: security::is_personal_name(&folded),
        boolean_named: name.starts_with("is") || name.starts_with("has"),
        link: name.len() > 2 && name.ends_with("Id") && !matches!(name, "cveId" | "cweId"),
        folded_twins: schema::properties_by_folded_name()
            .get(&folded)
            .map_or(&[], Vec::as_slice),
    }
}

/// A name folded for comparison: ASCII letters and digits only, lower case (`api_Key` and
/// `APIKey` both fold to `apikey`).
pub fn fold(name: &str) -> String {
    name.bytes()
        .filter(u8::is_ascii_alphanumeric)
        .map(|b| char::from(b.to_ascii_lowercase()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facts_are_worked_out_once_and_definitions_per_class() {
        let text = r#"{"db_Password": 1, "createdOn": 1, "isActive": 1, "ownerId": 1, "cveId": 1, "SSN": 1, "username": 1, "favouriteColour": 1}"#;
        let value = crate::json::parse_noting(text).unwrap().value;
        let user = schema::class("User").unwrap();
        let mut names = Names::default();
        let described = names.describe(value.as_object().unwrap(), &[user]);
        let facts: Vec<NameFacts> = described.iter().map(|d| d.facts).collect();
        assert!(facts[0].secret && !facts[0].date && !facts[0].boolean_named);
        assert!(facts[1].date);
        assert!(facts[2].boolean_named);
        assert!(facts[3].link && !facts[4].link);
        assert!(facts[5].personal);
        let (class, property) = described[6].definition.unwrap();
        assert_eq!((class.name, property.name), ("User", "username"));
        assert!(described[7].definition.is_none());
        // Again, from the memo: one lookup per (name, class).
        names.describe(value.as_object().unwrap(), &[user]);
        assert_eq!(names.entry("username").definitions.len(), 1);
        assert_eq!(fold("api_Key-2"), "apikey2");
    }
}
