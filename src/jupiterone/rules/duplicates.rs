//! Duplicate `_key`s: entities and relationships share one key space per job.

use crate::diagnostic::declare_rule;
use crate::support::fast_hash::FastMap;
use crate::support::key_index::KeyIndex;

use super::{Context, KeyUse, Place};
use crate::jupiterone::model::{Item, Kind, Upload};

declare_rule! {
    /// A `_key` is uploaded once per job, across entities, relationships and batches.
    DUPLICATE_KEY: "duplicate-key", Error
}
declare_rule! {
    /// With `ignoreDuplicates`, a repeated `_key` replaces the earlier object (the latest wins).
    DUPLICATE_KEY_REPLACED: "duplicate-key-replaced", Info
}

/// Every `_key` the job uploads, across entities, relationships and batches, and whether an
/// entity has it: one index serves the duplicate check and the questions about entities.
#[derive(Default)]
pub struct UploadedKeys<'a> {
    /// Each key's value: where its first object is among the job's keyed objects (high 32
    /// bits), and its use (low 32): `NO_ENTITY`, `UNTYPED_ENTITY`, or `TYPED` plus where the
    /// entity's `_type` is in `types` (entity types are few; naming each once keeps lookups
    /// away from the text of the entities).
    index: KeyIndex,
    types: Vec<&'a str>,
}

const NO_ENTITY: u64 = 0;
const UNTYPED_ENTITY: u64 = 1;
const TYPED: u64 = 2;
const USE: u64 = u32::MAX as u64;

impl<'a> UploadedKeys<'a> {
    /// What the job uploads under `key`.
    pub fn get(&self, key: &str) -> Option<KeyUse<'a>> {
        self.index.get(key).map(|value| self.key_use(value))
    }

    /// What the job uploads under each of many keys (none where no key is given), looked up
    /// together (see `KeyIndex::get_many`).
    pub fn get_many<'k>(
        &self,
        keys: impl Iterator<Item = Option<&'k str>>,
    ) -> Vec<Option<KeyUse<'a>>> {
        let found = self.index.get_many(keys).into_iter();
        found
            .map(|value| value.map(|value| self.key_use(value)))
            .collect()
    }

    fn key_use(&self, value: u64) -> KeyUse<'a> {
        let entity = match value & USE {
            NO_ENTITY => None,
            UNTYPED_ENTITY => Some(None),
            typed => Some(self.types.get((typed - TYPED) as usize).copied()),
        };
        KeyUse { entity }
    }
}

/// Fills the job's key index (`Context::keys`) and reports every repeated `_key`.
pub fn index_keys<'a>(cx: &mut Context<'a>, uploads: &'a [Upload<'a>]) {
    let items = uploads
        .iter()
        .flat_map(|u| u.entities.iter().chain(&u.relationships));
    let keyed: Vec<(&str, &Item)> = items.filter_map(|item| Some((item.key()?, item))).collect();
    let mut types = Types::default();
    let entries = keyed.iter().zip(0u64..);
    let (mut index, repeats) =
        KeyIndex::new(entries.map(|(&(key, item), number)| (key, number << 32 | types.of(item))));
    for repeat in repeats {
        let (key, item) = keyed[repeat.later];
        let first = keyed[(repeat.first >> 32) as usize].1;
        // The key's use is of its first entity with a string `_type`, if any.
        if item.kind == Kind::Entity {
            if let Some(value) = index.get_mut(key).filter(|value| **value & USE < TYPED) {
                *value = *value & !USE | types.of(item);
            }
        }
        let pointer = first.pointer();
        let earlier = if first.doc == item.doc {
            format!("first uploaded at {pointer}")
        } else {
            format!("first uploaded in batch {} at {pointer}", first.doc + 1)
        };
        let place = Place::member(item, "_key");
        if cx.job.ignore_duplicates {
            cx.findings
                .add(
                    &DUPLICATE_KEY_REPLACED,
                    place,
                    format!("_key={key} is uploaded again; with ignoreDuplicates the latest object wins"),
                )
                .hint(earlier);
        } else {
            cx.findings
                .add(&DUPLICATE_KEY, place, format!("Duplicate _key detected (_key={key})"))
                .hint(format!("{earlier}; give each object its own _key, or start the job with ignoreDuplicates"));
        }
    }
    cx.keys = UploadedKeys {
        index,
        types: types.names,
    };
}

/// The entity `_type`s of a job, each named once by its place.
#[derive(Default)]
struct Types<'a> {
    names: Vec<&'a str>,
    places: FastMap<&'a str, usize>,
}

impl<'a> Types<'a> {
    /// The use of an object's key that the object makes.
    fn of(&mut self, item: &Item<'a>) -> u64 {
        if item.kind != Kind::Entity {
            return NO_ENTITY;
        }
        let Some(name) = item.str("_type") else {
            return UNTYPED_ENTITY;
        };
        let next = self.names.len();
        let place = *self.places.entry(name).or_insert(next);
        if place == next {
            self.names.push(name);
        }
        TYPED + place as u64
    }
}
