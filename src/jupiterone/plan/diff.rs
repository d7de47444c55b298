//! DIFF: the upload is the whole scope. What is new is created, what differs is updated, what
//! is missing is deleted (entities of partial-dataset types are kept), and deleting an entity
//! deletes every relationship that touches it, in any scope.

use crate::support::fast_hash::FastSet;

use super::{
    ends, paired, unresolved, why_not_applied, Changes, Deleted, DeletedEntities, FinalizeOptions,
    Kept, Plan,
};
use crate::jupiterone::job::JobSpec;
use crate::jupiterone::model::Item;
use crate::jupiterone::snapshot::State;

pub fn plan(
    job: &JobSpec,
    entities: &[&Item],
    relationships: &[&Item],
    state: &State,
    finalize: &FinalizeOptions,
) -> Plan {
    let own_scope = job.reconciled_scope();
    let pairs = paired(entities, &state.snapshot.entities, job);

    let mut plan = Plan::default();
    let changes = &mut plan.entities;
    let mut kept = Vec::new();
    let mut deleted = DeletedEntities::default();
    // What survives finalize: the uploads, and the previous entities of partial types.
    let mut kept_keys: FastSet<&str> = FastSet::default();
    for pair in pairs.iter() {
        let key = pair.key;
        if let Some(item) = pair.uploaded {
            changes.replace(key, item, pair.previous);
            continue;
        }
        let Some(before) = pair.previous else {
            continue;
        };
        let type_name = before.type_name();
        if finalize.partial_types.iter().any(|t| t == type_name) {
            kept_keys.insert(key);
            kept.push(Kept {
                key: key.to_string(),
                type_name: type_name.to_string(),
                reason: "partial dataset".to_string(),
            });
        } else {
            deleted.keys.insert(key);
            deleted.ids.extend(before.id());
            changes.delete.push(Deleted {
                key: key.to_string(),
                type_name: type_name.to_string(),
                reason: "not in this upload".to_string(),
                endpoint: None,
            });
        }
    }
    changes.kept = Some(kept);

    let survives =
        |key: &str| pairs.get(key).is_some_and(|p| p.uploaded.is_some()) || kept_keys.contains(key);
    plan.relationships =
        plan_relationships(job, relationships, state, &survives, &deleted, own_scope);
    plan
}

fn plan_relationships(
    job: &JobSpec,
    relationships: &[&Item],
    state: &State,
    survives: &dyn Fn(&str) -> bool,
    deleted: &DeletedEntities,
    own_scope: Option<&str>,
) -> Changes {
    let mut changes = Changes::default();
    let mut applied: FastSet<&str> = FastSet::default();
    for pair in paired(relationships, &state.snapshot.relationships, job).iter() {
        let (key, Some(item)) = (pair.key, pair.uploaded) else {
            continue;
        };
        if item.get("_mapping").is_none() {
            let missing = ends(|name| item.str(name)).into_iter().find_map(|end| {
                match (end.id, end.scope) {
                    // Named by key in this scope: only what survives finalize is there.
                    (None, None) => {
                        let key = end.key?;
                        (!survives(key)).then(|| {
                            format!(
                                "{} is neither uploaded nor kept in this scope",
                                end.describe()
                            )
                        })
                    }
                    _ if deleted.names(&end, own_scope, own_scope) => {
                        Some(format!("{} is deleted by this job", end.describe()))
                    }
                    _ => unresolved(&end, state, own_scope),
                }
                .map(|reason| (reason, end))
            });
            if let Some((reason, end)) = missing {
                changes.skip(Some(key), None, reason, Some(&end));
                continue;
            }
        }
        applied.insert(key);
        changes.replace(key, item, pair.previous);
    }
    // Previous relationships: of this scope and not re-uploaded, or of any scope and touching
    // a deleted entity.
    let mut seen: FastSet<&str> = FastSet::default();
    let skip_reasons = changes.skip_reasons();
    for relationship in state.snapshot.relationships.iter().filter(|r| !r.deleted()) {
        let Some(key) = relationship.key() else {
            continue;
        };
        let mine = relationship.in_scope(job);
        let scope = if mine {
            own_scope
        } else {
            relationship.scope()
        };
        let why = match deleted.touched_by(relationship, scope, own_scope) {
            Some(end) => Some((
                format!("its endpoint {} is deleted", end.describe()),
                Some(end.endpoint()),
            )),
            None => (mine && !applied.contains(key))
                .then(|| (why_not_applied(&skip_reasons, key), None)),
        };
        if let Some((reason, endpoint)) = why {
            if seen.insert(key) {
                changes.delete.push(Deleted {
                    key: key.to_string(),
                    type_name: relationship.type_name().to_string(),
                    reason,
                    endpoint,
                });
            }
        }
    }
    changes
}
