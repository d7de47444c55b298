//! Required fields of entities and relationships, and the types of the identity fields.

use super::names::Described;
use super::{quote, Context, Place};
use crate::diagnostic::declare_rule;
use crate::json::Value;
use crate::jupiterone::job::SyncMode;
use crate::jupiterone::model::{Item, Kind};

/// The identity fields and required fields of an entity.
pub fn entity(cx: &mut Context, item: &Item, members: &[Described]) {
    identity_type(cx, item, members);
    entity_required(cx, item);
}

/// The identity fields and required fields of a relationship.
pub fn relationship(cx: &mut Context, item: &Item, members: &[Described]) {
    identity_type(cx, item, members);
    relationship_required(cx, item);
}

declare_rule! {
    /// An entity has `_key`, `_type`, `_class`, `name` and `displayName`.
    ENTITY_REQUIRED: "entity-required", Error
}

fn entity_required(cx: &mut Context, item: &Item) {
    // PATCH updates by `_id` or `_key` need no other field, but a `_key` the previous state
    // does not have creates an entity. OVERRIDE needs only `_id`.
    let creates = match cx.job.sync_mode {
        SyncMode::Diff => true,
        SyncMode::Patch => match (cx.state, item.get("_id"), item.key()) {
            (Some(state), None, Some(key)) => cx
                .job
                .reconciled_scope()
                .and_then(|scope| state.entity_in_scope(scope, key))
                .is_none(),
            _ => false,
        },
        SyncMode::CrossScope | SyncMode::Override => false,
    };
    if !creates {
        return;
    }
    let missing: Vec<&str> = ENTITY_FIELDS
        .into_iter()
        .filter(|f| item.get(f).is_none())
        .collect();
    if missing.is_empty() {
        return;
    }
    let finding = cx.findings.add(
        &ENTITY_REQUIRED,
        Place::item(item),
        format!("{} is missing required {}", item.label(), list(&missing)),
    );
    if missing.contains(&"displayName") && item.get("name").is_some() {
        finding.hint("displayName is required even when it repeats name");
    }
}

const ENTITY_FIELDS: [&str; 5] = ["_key", "_type", "_class", "name", "displayName"];

declare_rule! {
    /// A relationship has `_key`, `_type`, `_class` and both endpoints (or a `_mapping`).
    RELATIONSHIP_REQUIRED: "relationship-required", Error
}

fn relationship_required(cx: &mut Context, item: &Item) {
    let mut missing: Vec<&str> = ["_key", "_type", "_class"]
        .into_iter()
        .filter(|f| item.get(f).is_none())
        .collect();
    if item.get("_mapping").is_none() {
        for (key, id) in [
            ("_fromEntityKey", "_fromEntityId"),
            ("_toEntityKey", "_toEntityId"),
        ] {
            if item.get(key).is_none() && item.get(id).is_none() {
                missing.push(key);
            }
        }
    }
    if missing.is_empty() {
        return;
    }
    let finding = cx.findings.add(
        &RELATIONSHIP_REQUIRED,
        Place::item(item),
        format!("{} is missing required {}", item.label(), list(&missing)),
    );
    if missing
        .iter()
        .any(|m| m.starts_with("_from") || m.starts_with("_to"))
    {
        finding.hint("name both endpoints by _fromEntityKey/_toEntityKey (or _fromEntityId/_toEntityId), or describe the target with _mapping");
    }
}

declare_rule! {
    /// `_key`, `_type`, `_id` and the endpoint fields are non-empty strings; an entity's `_class` may be an array of them.
    IDENTITY_TYPE: "identity-type", Error
}

fn identity_type(cx: &mut Context, item: &Item, members: &[Described]) {
    for ((field, value), described) in item.fields.iter().zip(members) {
        let identity = described.facts.reserved.is_identity(item.kind);
        if identity && value.as_str().is_none_or(|s| s.is_empty()) {
            cx.findings.add(
                &IDENTITY_TYPE,
                Place::member(item, field),
                format!("`{field}` must be a non-empty string, not {}", quote(value)),
            );
        }
    }
    if let Some(value) = item.get("_class") {
        let valid = match value {
            Value::String(s) => !s.is_empty(),
            Value::Array(values) if item.kind == Kind::Entity => {
                !values.is_empty()
                    && values
                        .iter()
                        .all(|v| v.as_str().is_some_and(|s| !s.is_empty()))
            }
            _ => false,
        };
        if !valid {
            let expected = if item.kind == Kind::Entity {
                "a class name or a non-empty array of class names"
            } else {
                "a relationship class such as \"HAS\""
            };
            cx.findings.add(
                &IDENTITY_TYPE,
                Place::member(item, "_class"),
                format!("`_class` must be {expected}, not {}", quote(value)),
            );
        }
    }
}

/// `"a"`, `"a" and "b"`, `"a", "b" and "c"`.
fn list(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
    match quoted.split_last() {
        Some((last, [])) => format!("property {last}"),
        Some((last, rest)) => format!("properties {} and {last}", rest.join(", ")),
        None => String::new(),
    }
}
