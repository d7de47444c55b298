//! Duplicate `_key`s: entities and relationships share one key space per job. The index of the
//! job's keys that finds them also answers the checks' questions about which keys are entities.

use crate::diagnostic::declare_rule;
use crate::support::fast_hash::FastMap;
use crate::support::growing_index::GrowingIndex;
use crate::support::key_index::KeyIndex;

use super::{Findings, KeyUse, Place};
use crate::jupiterone::job::JobSpec;
use crate::jupiterone::model::{Item, Kind, ObjectPlace, Upload};

/// Every `_key` a whole job uploads, across entities, relationships and batches, indexed at once.
pub struct UploadedKeys {
    /// Each key's value: where its first object is among the job's keyed objects (high 32
    /// bits), and its use (low 32; see `Types`).
    index: KeyIndex,
    types: Types,
}

/// The `_key`s an open job has uploaded so far (one that takes its uploads one at a time). They
/// arrive batch by batch, so they are kept in an index that grows with the job (a `KeyIndex` is
/// built once, from every key), as owned text (a batch's body is gone once it is checked).
#[derive(Default)]
pub struct OpenKeys {
    /// Each key's use (see `Types`), and where its first object is, for the message of a later
    /// batch that repeats the key.
    index: GrowingIndex<(u64, ObjectPlace)>,
    types: Types,
}

/// The job's keys, as the checks ask about them.
#[derive(Clone, Copy)]
pub enum JobKeys<'k> {
    Whole(&'k UploadedKeys),
    Open(&'k OpenKeys),
}

impl<'k> JobKeys<'k> {
    /// What the job uploads under `key`.
    pub fn get(self, key: &str) -> Option<KeyUse<'k>> {
        match self {
            JobKeys::Whole(keys) => keys.index.get(key).map(|value| keys.types.key_use(value)),
            JobKeys::Open(keys) => keys.get(key),
        }
    }

    /// What the job uploads under each of many keys (none where no key is given), looked up
    /// together (see `KeyIndex::get_many`).
    pub fn get_many<'x>(
        self,
        keys: impl Iterator<Item = Option<&'x str>>,
    ) -> Vec<Option<KeyUse<'k>>> {
        match self {
            JobKeys::Whole(whole) => {
                let found = whole.index.get_many(keys).into_iter();
                found
                    .map(|value| value.map(|value| whole.types.key_use(value)))
                    .collect()
            }
            JobKeys::Open(open) => keys.map(|key| key.and_then(|key| open.get(key))).collect(),
        }
    }
}

// A key's use, in the low 32 bits of its value: `NO_ENTITY`, `UNTYPED_ENTITY`, or `TYPED` plus
// where the entity's `_type` is in `Types::names` (entity types are few; naming each once keeps
// lookups away from the text of the entities).
const NO_ENTITY: u64 = 0;
const UNTYPED_ENTITY: u64 = 1;
const TYPED: u64 = 2;
const USE: u64 = u32::MAX as u64;

/// Indexes every `_key` of a whole job and reports every repeated one.
pub fn index_keys(job: &JobSpec, uploads: &[Upload], findings: &mut Findings) -> UploadedKeys {
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
        if item.kind == Kind::Entity {
            if let Some(value) = index.get_mut(key) {
                types.reuse(value, item);
            }
        }
        let first = keyed[(repeat.first >> 32) as usize].1;
        report_repeat(job, findings, key, item, first.place());
    }
    UploadedKeys { index, types }
}

impl OpenKeys {
    fn get(&self, key: &str) -> Option<KeyUse<'_>> {
        let (used, _) = self.index.get(key)?;
        Some(self.types.key_use(*used))
    }

    /// Indexes an open job's next batch and reports its repeated keys, those of earlier batches
    /// included. Returns the keys whose use the batch changed: an entity now has them, or an
    /// entity with a `_type` where none had one.
    pub fn add_batch<'a>(
        &mut self,
        job: &JobSpec,
        upload: &Upload<'a>,
        findings: &mut Findings,
    ) -> Vec<&'a str> {
        let mut changed = Vec::new();
        for item in upload.entities.iter().chain(&upload.relationships) {
            let Some(key) = item.key() else { continue };
            let types = &mut self.types;
            let first_use = || (types.of(item), item.place());
            let ((used, first), inserted) = self.index.get_or_insert_with(key, first_use);
            if inserted {
                if *used != NO_ENTITY {
                    changed.push(key);
                }
                continue;
            }
            if item.kind == Kind::Entity && types.reuse(used, item) {
                changed.push(key);
            }
            report_repeat(job, findings, key, item, *first);
        }
        changed
    }
}

/// Reports `item`, which uploads `key` again after the object at `first`: a duplicate, or with
/// `ignoreDuplicates` a replacement.
fn report_repeat(
    job: &JobSpec,
    findings: &mut Findings,
    key: &str,
    item: &Item,
    first: ObjectPlace,
) {
    let pointer = first.pointer();
    let earlier = if first.doc == item.doc {
        format!("first uploaded at {pointer}")
    } else {
        format!("first uploaded in batch {} at {pointer}", first.doc + 1)
    };
    if job.ignore_duplicates {
        duplicate_key_replaced(findings, key, item, earlier);
    } else {
        duplicate_key(findings, key, item, earlier);
    }
}

declare_rule! {
    /// A `_key` is uploaded once per job, across entities, relationships and batches.
    DUPLICATE_KEY: "duplicate-key", Error
}

/// `earlier` says where the key was first uploaded.
fn duplicate_key(findings: &mut Findings, key: &str, item: &Item, earlier: String) {
    findings
        .add(
            &DUPLICATE_KEY,
            Place::member(item, "_key"),
            format!("Duplicate _key detected (_key={key})"),
        )
        .hint(format!(
            "{earlier}; give each object its own _key, or start the job with ignoreDuplicates"
        ));
}

declare_rule! {
    /// With `ignoreDuplicates`, a repeated `_key` replaces the earlier object (the latest wins).
    DUPLICATE_KEY_REPLACED: "duplicate-key-replaced", Info
}

/// `earlier` says where the key was first uploaded.
fn duplicate_key_replaced(findings: &mut Findings, key: &str, item: &Item, earlier: String) {
    findings
        .add(
            &DUPLICATE_KEY_REPLACED,
            Place::member(item, "_key"),
            format!("_key={key} is uploaded again; with ignoreDuplicates the latest object wins"),
        )
        .hint(earlier);
}

/// The entity `_type`s of a job, each named once by its place.
#[derive(Default)]
struct Types {
    names: Vec<Box<str>>,
    places: FastMap<Box<str>, usize>,
}

impl Types {
    /// The use of an object's key that the object makes.
    fn of(&mut self, item: &Item) -> u64 {
        if item.kind != Kind::Entity {
            return NO_ENTITY;
        }
        let Some(name) = item.str("_type") else {
            return UNTYPED_ENTITY;
        };
        let place = match self.places.get(name) {
            Some(&place) => place,
            None => {
                let place = self.names.len();
                self.names.push(name.into());
                self.places.insert(name.into(), place);
                place
            }
        };
        TYPED + place as u64
    }

    /// Gives a key's `value` the use entity `item` makes of it again, unless an entity with a
    /// string `_type` used it before: a key's use is its first such entity's. Whether it changed.
    fn reuse(&mut self, value: &mut u64, item: &Item) -> bool {
        if *value & USE >= TYPED {
            return false;
        }
        let reused = *value & !USE | self.of(item);
        std::mem::replace(value, reused) != reused
    }

    fn key_use(&self, value: u64) -> KeyUse<'_> {
        let entity = match value & USE {
            NO_ENTITY => None,
            UNTYPED_ENTITY => Some(None),
            typed => Some(self.names.get((typed - TYPED) as usize).map(|name| &**name)),
        };
        KeyUse { entity }
    }
}
