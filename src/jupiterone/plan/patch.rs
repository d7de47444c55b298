//! PATCH: uploaded properties are set on the entity named by `_id` (anywhere) or by `_key`
//! (in the job's scope); omitted properties stay; an unmatched `_key` creates; nothing is
//! deleted.

use std::collections::BTreeMap;

use super::{Diff, Plan};
use crate::jupiterone::job::JobSpec;
use crate::jupiterone::model::Item;
use crate::jupiterone::snapshot::State;

pub fn plan(job: &JobSpec, entities: &[&Item], state: &State) -> Plan {
    let mut plan = Plan::default();
    let changes = &mut plan.entities;
    // The latest upload for each target wins, as with any repeated key.
    let mut by_id: BTreeMap<&str, &Item> = BTreeMap::new();
    let mut by_key: BTreeMap<&str, &Item> = BTreeMap::new();
    for item in entities {
        match (item.str("_id"), item.key()) {
            (Some(id), _) => {
                by_id.insert(id, item);
            }
            (None, Some(key)) => {
                by_key.insert(key, item);
            }
            (None, None) => {}
        }
    }
    for (id, item) in by_id {
        match state.entity_by_id(id).filter(|e| !e.deleted()) {
            Some(before) => changes.record(
                before.key().unwrap_or(""),
                before.type_name(),
                Some(id),
                Diff::merge(&before.fields, item.fields),
            ),
            None => changes.skip(
                item.key(),
                Some(id),
                format!("no entity has _id \"{id}\""),
                None,
            ),
        }
    }
    let scope = job.reconciled_scope().unwrap_or("");
    for (key, item) in by_key {
        match state.entity_in_scope(scope, key).filter(|e| !e.deleted()) {
            Some(before) => changes.record(
                key,
                before.type_name(),
                before.id(),
                Diff::merge(&before.fields, item.fields),
            ),
            None => changes.create(key, item.str("_type")),
        }
    }
    plan
}
