//! Checks that need the previous state: `_id`s that match nothing, CROSS_SCOPE ends that are
//! gone, and the ownership of the entities PATCH and OVERRIDE touch.

use super::{quote_str, Context, Place};
use crate::diagnostic::declare_rule;
use crate::jupiterone::job::SyncMode;
use crate::jupiterone::model::Item;
use crate::jupiterone::plan::{ends, unresolved};

declare_rule! {
    /// A PATCH or OVERRIDE `_id` matches an entity of the previous state (unmatched ones are skipped).
    UNKNOWN_ID: "unknown-id", Warning
}
declare_rule! {
    /// Both ends of a CROSS_SCOPE relationship exist and are not soft-deleted (else it is skipped).
    CROSS_SCOPE_ENDPOINT_MISSING: "cross-scope-endpoint-missing", Warning
}
declare_rule! {
    /// OVERRIDE targets entities a managed integration owns; for others PATCH is simpler.
    OVERRIDE_UNMANAGED: "override-unmanaged", Info
}
declare_rule! {
    /// PATCH values on an integration-managed entity are reset by the integration's next run.
    PATCH_MANAGED_ENTITY: "patch-managed-entity", Warning
}

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
