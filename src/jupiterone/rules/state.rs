//! Checks that need the previous state: `_id`s that match nothing, CROSS_SCOPE ends that are
//! gone, and the ownership of the entities PATCH and OVERRIDE touch.

use super::{quote_str, Context, Place};
use crate::diagnostic::{Rule, Severity};
use crate::jupiterone::job::SyncMode;
use crate::jupiterone::model::Item;
use crate::jupiterone::plan::{ends, unresolved};

pub const UNKNOWN_ID: Rule = Rule {
    id: "unknown-id",
    default_severity: Severity::Warning,
    doc: "A PATCH or OVERRIDE `_id` matches an entity of the previous state (unmatched ones are skipped).",
};
pub const CROSS_SCOPE_ENDPOINT_MISSING: Rule = Rule {
    id: "cross-scope-endpoint-missing",
    default_severity: Severity::Warning,
    doc: "Both ends of a CROSS_SCOPE relationship exist and are not soft-deleted (else it is skipped).",
};
pub const OVERRIDE_UNMANAGED: Rule = Rule {
    id: "override-unmanaged",
    default_severity: Severity::Info,
    doc: "OVERRIDE targets entities a managed integration owns; for others PATCH is simpler.",
};
pub const PATCH_MANAGED_ENTITY: Rule = Rule {
    id: "patch-managed-entity",
    default_severity: Severity::Warning,
    doc: "PATCH values on an integration-managed entity are reset by the integration's next run.",
};

pub fn entity(cx: &mut Context, item: &Item) {
    let Some(state) = cx.state else { return };
    let mode = cx.job.sync_mode;
    if !matches!(mode, SyncMode::Patch | SyncMode::Override) {
        return;
    }
    let Some(id) = item.str("_id") else { return };
    let Some(entity) = state.entity_by_id(id).filter(|e| !e.deleted()) else {
        cx.findings
            .add(
                &UNKNOWN_ID,
                Place::member(item, "_id"),
                format!("_id {} matches no entity of the previous state: finalize skips it", quote_str(id)),
            )
            .hint("find the entity's _id with J1QL, e.g. FIND github_repo WITH name='platform-api' RETURN _id");
        return;
    };
    let manager = entity.str("_integrationInstanceId");
    match (mode, manager) {
        (SyncMode::Override, None) => {
            cx.findings
                .add(
                    &OVERRIDE_UNMANAGED,
                    Place::member(item, "_id"),
                    format!("entity {} is not managed by an integration", quote_str(entity.key().unwrap_or(id))),
                )
                .hint("overrides protect values from integration runs; PATCH is simpler for this entity");
        }
        (SyncMode::Patch, Some(instance))
            if cx.job.integration_instance_id.as_deref() != Some(instance) =>
        {
            cx.findings
                .add(
                    &PATCH_MANAGED_ENTITY,
                    Place::member(item, "_id"),
                    format!(
                        "entity {} is managed by integration instance {}: its next run resets these values",
                        quote_str(entity.key().unwrap_or(id)),
                        quote_str(instance)
                    ),
                )
                .hint("use OVERRIDE (or updateEntity for a single entity) for values that must persist");
        }
        _ => {}
    }
}

pub fn relationship(cx: &mut Context, item: &Item) {
    let Some(state) = cx.state else { return };
    if cx.job.sync_mode != SyncMode::CrossScope {
        return;
    }
    for end in ends(|name| item.str(name)) {
        if let Some(why) = unresolved(&end, state, None) {
            let field = match end.id {
                Some(_) => format!("_{}EntityId", end.end),
                None => format!("_{}EntityKey", end.end),
            };
            cx.findings
                .add(
                    &CROSS_SCOPE_ENDPOINT_MISSING,
                    Place::member(item, &field),
                    format!(
                        "the {} end: {why}, so finalize skips this relationship",
                        end.end
                    ),
                )
                .hint("confirm the entity is in the graph and check its _key (or _id) and scope");
        }
    }
}
