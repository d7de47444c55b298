//! Checks that need the previous state: `_id`s that match nothing, CROSS_SCOPE ends that are
//! gone, and the ownership of the entities PATCH and OVERRIDE touch.

use super::{quote_str, Context, Place};
use crate::diagnostic::declare_rule;
use crate::jupiterone::job::SyncMode;
use crate::jupiterone::model::Item;
use crate::jupiterone::plan::{ends, unresolved};
use crate::jupiterone::snapshot::{State, StateObject};

/// The checks of the entity a PATCH or OVERRIDE entity names by `_id`: that it exists, then
/// who owns it.
pub fn entity(cx: &mut Context, item: &Item) {
    let Some(state) = cx.state else { return };
    if !matches!(cx.job.sync_mode, SyncMode::Patch | SyncMode::Override) {
        return;
    }
    let Some(id) = item.str("_id") else { return };
    let Some(entity) = unknown_id(cx, item, id, state) else {
        return;
    };
    override_unmanaged(cx, item, id, entity);
    patch_managed_entity(cx, item, id, entity);
}

pub fn relationship(cx: &mut Context, item: &Item) {
    let Some(state) = cx.state else { return };
    cross_scope_endpoint_missing(cx, item, state);
}

declare_rule! {
    /// A PATCH or OVERRIDE `_id` matches an entity of the previous state (unmatched ones are skipped).
    UNKNOWN_ID: "unknown-id", Warning
}

/// The entity of the previous state that the entity's `_id` names, if one that is not deleted
/// does; reports it if none does.
fn unknown_id<'s>(
    cx: &mut Context,
    item: &Item,
    id: &str,
    state: &'s State,
) -> Option<&'s StateObject<'s>> {
    let entity = state.entity_by_id(id).filter(|e| !e.deleted());
    if entity.is_none() {
        cx.findings
            .add(
                &UNKNOWN_ID,
                Place::member(item, "_id"),
                format!("_id {} matches no entity of the previous state: finalize skips it", quote_str(id)),
            )
            .hint("find the entity's _id with J1QL, e.g. FIND github_repo WITH name='platform-api' RETURN _id");
    }
    entity
}

declare_rule! {
    /// Both ends of a CROSS_SCOPE relationship exist and are not soft-deleted (else it is skipped).
    CROSS_SCOPE_ENDPOINT_MISSING: "cross-scope-endpoint-missing", Warning
}

fn cross_scope_endpoint_missing(cx: &mut Context, item: &Item, state: &State) {
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

declare_rule! {
    /// OVERRIDE targets entities a managed integration owns; for others PATCH is simpler.
    OVERRIDE_UNMANAGED: "override-unmanaged", Info
}

/// `entity` is the one of the previous state that the entity's `_id` (`id`) names.
fn override_unmanaged(cx: &mut Context, item: &Item, id: &str, entity: &StateObject) {
    if cx.job.sync_mode == SyncMode::Override && entity.str("_integrationInstanceId").is_none() {
        cx.findings
            .add(
                &OVERRIDE_UNMANAGED,
                Place::member(item, "_id"),
                format!(
                    "entity {} is not managed by an integration",
                    quote_str(entity.key().unwrap_or(id))
                ),
            )
            .hint(
                "overrides protect values from integration runs; PATCH is simpler for this entity",
            );
    }
}

declare_rule! {
    /// PATCH values on an integration-managed entity are reset by the integration's next run.
    PATCH_MANAGED_ENTITY: "patch-managed-entity", Warning
}

/// `entity` is the one of the previous state that the entity's `_id` (`id`) names.
fn patch_managed_entity(cx: &mut Context, item: &Item, id: &str, entity: &StateObject) {
    if cx.job.sync_mode != SyncMode::Patch {
        return;
    }
    let manager = entity.str("_integrationInstanceId");
    if let Some(instance) =
        manager.filter(|&m| cx.job.integration_instance_id.as_deref() != Some(m))
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
}
