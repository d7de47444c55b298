//! Duplicate `_key`s: entities and relationships share one key space per job.

use std::collections::hash_map::Entry;

use crate::fast_hash::FastMap;

use super::{Context, KeyUse, Place};
use crate::diagnostic::{Rule, Severity};
use crate::jupiterone::model::{Kind, Upload};

pub const DUPLICATE_KEY: Rule = Rule {
    id: "duplicate-key",
    default_severity: Severity::Error,
    doc: "A `_key` is uploaded once per job, across entities, relationships and batches.",
};
pub const DUPLICATE_KEY_REPLACED: Rule = Rule {
    id: "duplicate-key-replaced",
    default_severity: Severity::Info,
    doc:
        "With `ignoreDuplicates`, a repeated `_key` replaces the earlier object (the latest wins).",
};

/// Fills the job's key index (`Context::keys`) and reports every repeated `_key`.
pub fn index_keys<'a>(cx: &mut Context<'a>, uploads: &'a [Upload<'a>]) {
    let count = uploads
        .iter()
        .map(|u| u.entities.len() + u.relationships.len())
        .sum();
    let mut keys: FastMap<&str, KeyUse> =
        FastMap::with_capacity_and_hasher(count, Default::default());
    let items = uploads
        .iter()
        .flat_map(|u| u.entities.iter().chain(&u.relationships));
    for item in items {
        let Some(key) = item.key() else { continue };
        let entity_type = || item.str("_type");
        match keys.entry(key) {
            Entry::Vacant(slot) => {
                let entity = (item.kind == Kind::Entity).then(entity_type);
                slot.insert(KeyUse {
                    first: item,
                    entity,
                });
            }
            Entry::Occupied(mut slot) => {
                if item.kind == Kind::Entity {
                    let entity = &mut slot.get_mut().entity;
                    if entity.flatten().is_none() {
                        *entity = Some(entity_type());
                    }
                }
                let first = slot.get().first;
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
        }
    }
    cx.keys = keys;
}
