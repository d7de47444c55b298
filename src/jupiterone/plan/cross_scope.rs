//! CROSS_SCOPE: relationships between entities of other scopes. Each end is resolved in the
//! previous state (by key and scope, or by `_id`); a missing or soft-deleted end skips the
//! relationship. Within its own scope the job behaves like DIFF for relationships.

use crate::fast_hash::FastSet;

use super::{ends, latest_by_key, previous_by_key, unresolved, why_not_applied, Deleted, Plan};
use crate::jupiterone::job::JobSpec;
use crate::jupiterone::model::Item;
use crate::jupiterone::snapshot::State;

pub fn plan(job: &JobSpec, relationships: &[&Item], state: &State) -> Plan {
    let mut plan = Plan::default();
    let changes = &mut plan.relationships;
    let previous = previous_by_key(&state.snapshot.relationships, job);
    let mut applied = FastSet::default();
    for (key, item) in latest_by_key(relationships).iter() {
        // Ends carry their own scope here; one without is resolved by id only.
        let missing = ends(|name| item.str(name))
            .into_iter()
            .find_map(|end| unresolved(&end, state, None));
        if let Some(reason) = missing {
            changes.skip(Some(key), None, reason);
            continue;
        }
        applied.insert(key);
        changes.replace(key, item, previous.get(key));
    }
    let skip_reasons = changes.skip_reasons();
    for (key, before) in previous.iter() {
        if !applied.contains(key) {
            let reason = why_not_applied(&skip_reasons, key);
            changes.delete.push(Deleted {
                key: key.to_string(),
                type_name: before.type_name().to_string(),
                reason,
            });
        }
    }
    plan
}
