//! What the checks ask of a property name, worked out once per distinct name in a run. A
//! payload repeats the same few dozen names across every object, so the name rules (secret,
//! personal data, date, boolean naming) and the data-model lookups cost one hash per property
//! instead of string searches through the class tables. Objects built by the same code list
//! the same members in the same order: the last such shape is kept per class list, and an
//! object of that shape is described by comparing its names, without hashing them; what
//! depends on the names and classes together (twins, required properties lacking) is worked
//! out once per shape.

use std::rc::Rc;

use crate::json::{same_name, Map};
use crate::jupiterone::schema::{self, ClassSchema, PropertySchema};
use crate::support::fast_hash::FastMap;

use super::properties::Reserved;
use super::{classes, conventions, properties, security};

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
    /// Matches the data model's pattern for property names.
    pub valid_name: bool,
    /// Data-model properties of the same folded name: (property, class).
    pub folded_twins: &'static [(&'static str, &'static str)],
    /// What the name is to the platform, if it starts with `_`.
    pub reserved: Reserved,
}

#[derive(Default)]
struct Known {
    name: Box<str>,
    facts: Option<NameFacts>,
    /// The definition each class (ancestors included) gives the name, as looked up so far.
    definitions: Vec<(&'static ClassSchema, Option<&'static PropertySchema>)>,
}

/// The last object shape described for one list of classes.
struct Shape {
    classes: Vec<&'static ClassSchema>,
    /// The members' names, as indexes into `Names::known`.
    names: Vec<usize>,
    /// Shared with the checks of every object of the shape, which read it without a copy.
    facts: Rc<ObjectFacts>,
}

/// What the checks need of one object, from its member names and its known classes.
#[derive(Debug)]
pub struct ObjectFacts {
    /// Each member's, in member order.
    pub members: Vec<Described>,
    /// The properties its classes require (beyond the API's own) that it lacks, with the class
    /// that requires each.
    pub missing_required: Vec<(&'static str, &'static str)>,
}

/// Class lists beyond this many keep no shape (a payload has a handful).
const MAX_SHAPES: usize = 64;

/// Answers about a few dozen distinct texts (class names, verbs), kept in a list that is
/// searched by length and first byte before bytes: cheaper than a hash or a binary search
/// through the data model's tables, where every comparison is a string comparison.
struct Remembered<T> {
    answers: Vec<(Box<str>, T)>,
}

impl<T> Default for Remembered<T> {
    fn default() -> Self {
        Remembered {
            answers: Vec::new(),
        }
    }
}

impl<T: Copy> Remembered<T> {
    /// Texts beyond this many are answered afresh each time.
    const LIMIT: usize = 64;

    fn get(&mut self, text: &str, work_out: impl FnOnce(&str) -> T) -> T {
        if let Some((_, answer)) = self.answers.iter().find(|(seen, _)| same_name(seen, text)) {
            return *answer;
        }
        let answer = work_out(text);
        if self.answers.len() < Self::LIMIT {
            self.answers.push((text.into(), answer));
        }
        answer
    }
}

/// The per-run memo of name facts and definitions.
#[derive(Default)]
pub struct Names {
    index: FastMap<Box<str>, usize>,
    known: Vec<Known>,
    shapes: Vec<Shape>,
    classes: Remembered<Option<&'static ClassSchema>>,
    verbs: Remembered<bool>,
}

impl Names {
    /// The data model's entity class `name`.
    pub fn class(&mut self, name: &str) -> Option<&'static ClassSchema> {
        self.classes.get(name, schema::class)
    }

    /// Whether `verb` is one of the data model's relationship classes.
    pub fn is_verb(&mut self, verb: &str) -> bool {
        self.verbs.get(verb, schema::is_relationship_class)
    }

    fn id(&mut self, name: &str) -> usize {
        match self.index.get(name) {
            Some(&at) => at,
            None => {
                self.index.insert(name.into(), self.known.len());
                self.known.push(Known {
                    name: name.into(),
                    ..Known::default()
                });
                self.known.len() - 1
            }
        }
    }

    /// What the checks need of an object with these classes.
    pub fn describe(&mut self, fields: &Map, classes: &[&'static ClassSchema]) -> Rc<ObjectFacts> {
        let same_classes = |shape: &Shape| {
            shape.classes.len() == classes.len()
                && shape
                    .classes
                    .iter()
                    .zip(classes)
                    .all(|(a, b)| std::ptr::eq(*a, *b))
        };
        let shape_at = self.shapes.iter().position(same_classes);
        if let Some(shape) = shape_at.map(|at| &self.shapes[at]) {
            let known = &self.known;
            let same_names = shape.names.len() == fields.len()
                && shape
                    .names
                    .iter()
                    .zip(fields.keys())
                    .all(|(&id, name)| same_name(&known[id].name, name));
            if same_names {
                return Rc::clone(&shape.facts);
            }
        }
        let mut names = Vec::with_capacity(fields.len());
        let mut members = Vec::with_capacity(fields.len());
        for name in fields.keys() {
            let id = self.id(name);
            let known = &mut self.known[id];
            names.push(id);
            let facts = *known.facts.get_or_insert_with(|| work_out(name));
            let definition = known.definition(classes, name);
            // A twin matters only for a name no class defines (conventions checks it then).
            let twin = definition
                .is_none()
                .then(|| conventions::inherited_twin(name, facts.folded_twins, classes))
                .flatten();
            members.push(Described {
                facts,
                definition,
                twin,
            });
        }
        let facts = Rc::new(ObjectFacts {
            members,
            missing_required: classes::missing_required(classes, |name| fields.contains_key(name)),
        });
        let remembered = Shape {
            classes: classes.to_vec(),
            names,
            facts: Rc::clone(&facts),
        };
        match shape_at {
            Some(at) => self.shapes[at] = remembered,
            None if self.shapes.len() < MAX_SHAPES => self.shapes.push(remembered),
            None => {}
        }
        facts
    }
}

/// What the checks need of one member: its name facts and the data model's definition.
#[derive(Clone, Copy, Debug)]
pub struct Described {
    pub facts: NameFacts,
    /// The first of the object's classes that defines the name (itself or through an
    /// ancestor), and how.
    pub definition: Option<(&'static ClassSchema, &'static PropertySchema)>,
    /// For a name none of the classes defines: the property of the same folded name one of
    /// them (or an ancestor) defines under another spelling, and that class.
    pub twin: Option<(&'static str, &'static str)>,
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
        boolean_named: conventions::is_boolean_name(name),
        link: conventions::is_link_name(name),
        valid_name: properties::is_valid_name(name),
        folded_twins: schema::properties_by_folded_name()
            .get(&folded)
            .map_or(&[], Vec::as_slice),
        reserved: Reserved::of(name),
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
    use crate::json::Arena;

    #[test]
    fn facts_are_worked_out_once_and_definitions_per_class() {
        let text = r#"{"db_Password": 1, "createdOn": 1, "isActive": 1, "ownerId": 1, "cveId": 1, "SSN": 1, "username": 1, "favouriteColour": 1}"#;
        let arena = Arena::new();
        let value = crate::json::parse_noting(text, &arena).unwrap().value;
        let user = schema::class("User").unwrap();
        let mut names = Names::default();
        let object = names.describe(value.as_object().unwrap(), &[user]);
        let described = &object.members;
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
        let username = names.id("username");
        assert_eq!(names.known[username].definitions.len(), 1);
        assert_eq!(fold("api_Key-2"), "apikey2");
    }

    #[test]
    fn classes_and_verbs_are_remembered_as_the_data_model_answers() {
        let mut names = Names::default();
        for _ in 0..2 {
            assert!(std::ptr::eq(
                names.class("User").unwrap(),
                schema::class("User").unwrap()
            ));
            assert!(names.class("Usr").is_none());
            assert!(names.class("user").is_none());
            assert!(names.is_verb("HAS") && !names.is_verb("HAZ") && !names.is_verb("has"));
        }
        assert_eq!(names.classes.answers.len(), 3);
        assert_eq!(names.verbs.answers.len(), 3);
    }

    #[test]
    fn a_shape_is_reused_only_for_the_same_classes_and_names() {
        let arena = Arena::new();
        let parse = |text| crate::json::parse_noting(text, &arena).unwrap().value;
        let (a, b) = (
            parse(r#"{"username": 1, "hasPet": 1}"#),
            parse(r#"{"hasPet": 1, "username": 1}"#),
        );
        let user = schema::class("User").unwrap();
        let defined = |described: &[Described]| -> Vec<Option<&str>> {
            described
                .iter()
                .map(|d| d.definition.map(|(_, p)| p.name))
                .collect()
        };
        let mut names = Names::default();
        let mut describe = |object: &crate::json::Value, classes: &[&'static ClassSchema]| {
            names
                .describe(object.as_object().unwrap(), classes)
                .members
                .clone()
        };
        let first = describe(&a, &[user]);
        assert_eq!(defined(&first), [Some("username"), None]);
        // The same names in another order, then the same object without a class.
        let swapped = describe(&b, &[user]);
        assert_eq!(defined(&swapped), [None, Some("username")]);
        assert!(swapped[0].facts.boolean_named && !swapped[1].facts.boolean_named);
        let classless = describe(&a, &[]);
        assert_eq!(defined(&classless), [None, None]);
        let again = describe(&a, &[user]);
        assert_eq!(defined(&again), defined(&first));
        assert_eq!(names.shapes.len(), 2, "one shape per class list");
    }

    #[test]
    fn twins_and_lacking_required_properties_follow_the_shape() {
        let arena = Arena::new();
        let parse = |text| crate::json::parse_noting(text, &arena).unwrap().value;
        let finding = schema::class("Finding").unwrap();
        let required: Vec<&str> = schema::lineage(finding)
            .flat_map(|c| c.required.iter().copied())
            .filter(|name| !["_key", "_type", "_class", "name", "displayName"].contains(name))
            .collect();
        assert!(
            !required.is_empty(),
            "Finding requires properties of its own"
        );
        let lacking = parse(r#"{"hostName": 1}"#);
        let having = format!(
            "{{{}}}",
            required
                .iter()
                .map(|name| format!("\"{name}\": 1"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let having = parse(arena.text(&having));
        let mut names = Names::default();
        for _ in 0..2 {
            let facts = names.describe(lacking.as_object().unwrap(), &[finding]);
            let missing: Vec<&str> = facts.missing_required.iter().map(|m| m.0).collect();
            assert_eq!(missing, required);
            assert!(facts.missing_required.iter().all(|m| m.1 == "Finding"));
            let facts = names.describe(having.as_object().unwrap(), &[finding]);
            assert!(facts.missing_required.is_empty());
        }
        let host = schema::class("Host").unwrap();
        let facts = names.describe(lacking.as_object().unwrap(), &[host]);
        assert_eq!(facts.members[0].twin, Some(("hostname", "Host")));
        let facts = names.describe(lacking.as_object().unwrap(), &[]);
        assert_eq!(facts.members[0].twin, None);
    }
}
