//! CROSS_SCOPE: relationships between entities of other scopes. Each end is resolved in the
//! previous state (by key and scope, or by `_id`); a missing or soft-deleted end skips the
//! relationship. Within its own scope the job behaves like DIFF for relationships.

use crate::support::fast_hash::FastSet;

use super::{ends, paired, unresolved, why_not_applied, Deleted, Plan};
use crate::jupiterone::job::JobSpec;
use crate::jupiterone::model::Item;
use crate::jupiterone::snapshot::State;

pub fn plan(job: &JobSpec, relationships: &[&Item], state: &State) -> Plan {
    let mut plan = Plan::default();
    let changes = &mut plan.relationships;
    let pairs = paired(relationships, &state.snapshot.relationships, job);
    let mut applied = FastSet::default();
    for pair in pairs.iter() {
        let (key, Some(item)) = (pair.key, pair.uploaded) else {
            continue;
        };
        // Ends carry their own scope here; one without is resolved by id only.
        let missing = ends(|name| item.str(name))
            .into_iter()
            .find_map(|end| unresolved(&end, state, None).map(|reason| (reason, end)));
        if let Some((reason, end)) = missing {
            changes.skip(Some(key), None, reason, Some(&end));
            continue;
        }
        applied.insert(key);
        changes.replace(key, item, pair.previous);
    }
    let skip_reasons = changes.skip_reasons();
    for pair in pairs.iter() {
        let (key, Some(before)) = (pair.key, pair.previous) else {
            continue;
        };
        if !applied.contains(key) {
            let reason = why_not_applied(&skip_reasons, key);
            changes.delete.push(Deleted {
                key: key.to_string(),
                type_name: before.type_name().to_string(),
                reason,
                endpoint: None,
            });
        }
    }
    plan
}
