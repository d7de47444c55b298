//! What the checks ask of a property name, worked out once per distinct name in a run. A
//! payload repeats the same few dozen names across every object, so the name rules (secret,
//! personal data, date, boolean naming) and the data-model lookups cost one hash per property
//! instead of string searches through the class tables.

use crate::fast_hash::FastMap;
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

    pub fn facts(&mut self, name: &str) -> NameFacts {
        let known = self.entry(name);
        *known.facts.get_or_insert_with(|| work_out(name))
    }

    /// The first of `classes` that defines `name` (itself or through an ancestor), and how.
    pub fn definition(
        &mut self,
        classes: &[&'static ClassSchema],
        name: &str,
    ) -> Option<(&'static ClassSchema, &'static PropertySchema)> {
        if classes.is_empty() {
            return None;
        }
        let known = self.entry(name);
        classes.iter().find_map(|&class| {
            let cached = known
                .definitions
                .iter()
                .find(|(c, _)| std::ptr::eq(*c, class))
                .map(|(_, property)| *property);
            let property = cached.unwrap_or_else(|| {
                let property = schema::property(class, name);
                known.definitions.push((class, property));
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
        let mut names = Names::default();
        let facts = names.facts("db_Password");
        assert!(facts.secret && !facts.date && !facts.boolean_named);
        assert!(names.facts("createdOn").date);
        assert!(names.facts("isActive").boolean_named);
        assert!(names.facts("ownerId").link && !names.facts("cveId").link);
        assert!(names.facts("SSN").personal);
        assert_eq!(fold("api_Key-2"), "apikey2");

        let user = schema::class("User").unwrap();
        let (class, property) = names.definition(&[user], "username").unwrap();
        assert_eq!((class.name, property.name), ("User", "username"));
        assert!(names.definition(&[user], "favouriteColour").is_none());
        // Again, from the memo.
        assert!(names.definition(&[user], "username").is_some());
        assert_eq!(names.entry("username").definitions.len(), 1);
    }
}
