//! OVERRIDE: after finalize the job scope's overrides are exactly this upload. The value in
//! effect for an (entity, property) is the override of the oldest scope that overrides it,
//! else the latest `updateEntity` value, else the entity's own value.

use crate::support::fast_hash::FastMap;
use crate::support::order;

use super::{same_value, Change, OverrideRow, OverrideStatus, Plan, Updated, ValueSource};
use crate::json::{Map, Value};
use crate::jupiterone::job::JobSpec;
use crate::jupiterone::model::Item;
use crate::jupiterone::snapshot::{State, StateObject};

/// One scope's overrides by entity `_id`.
struct ScopeOverrides<'a> {
    name: &'a str,
    created_on: f64,
    entries: FastMap<&'a str, &'a Map<'a>>,
}

/// The value in effect and where it comes from.
#[derive(PartialEq)]
struct Effective<'a> {
    value: Option<&'a Value<'a>>,
    source: ValueSource,
    winner: Option<&'a str>,
}

impl Effective<'_> {
    fn same(&self, other: &Effective) -> bool {
        self.source == other.source
            && self.winner == other.winner
            && match (self.value, other.value) {
                (Some(a), Some(b)) => same_value(a, b),
                (a, b) => a.is_none() && b.is_none(),
            }
    }
}

struct Registry<'a> {
    /// Oldest first.
    scopes: Vec<ScopeOverrides<'a>>,
}

impl<'a> Registry<'a> {
    fn effective(
        &self,
        state: &State<'_, 'a>,
        entity: Option<&'a StateObject<'a>>,
        id: &str,
        property: &str,
    ) -> Effective<'a> {
        for scope in &self.scopes {
            if let Some(value) = scope
                .entries
                .get(id)
                .and_then(|fields| fields.get(property))
            {
                return Effective {
                    value: Some(value),
                    source: ValueSource::Override,
                    winner: Some(scope.name),
                };
            }
        }
        let edit = state
            .snapshot
            .edits
            .iter()
            .rev()
            .find_map(|edit| (edit.id == id).then(|| edit.fields.get(property)).flatten());
        if let Some(value) = edit {
            return Effective {
                value: Some(value),
                source: ValueSource::UpdateEntity,
                winner: None,
            };
        }
        let own = entity.and_then(|e| e.fields.get(property));
        Effective {
            value: own,
            source: if own.is_some() {
                ValueSource::Entity
            } else {
                ValueSource::None
            },
            winner: None,
        }
    }
}

const PATCH_NOTE: &str =
    "if a PATCH job set this property before, its value shows until the integration's next run";

fn overridable(name: &str) -> bool {
    !name.starts_with('_')
}

pub fn plan<'a>(job: &JobSpec, entities: &[&Item<'a>], state: &State<'_, 'a>) -> Plan {
    let own = job.scope.as_deref().unwrap_or("");
    let mut before: Vec<ScopeOverrides> = state
        .snapshot
        .overrides
        .iter()
        .map(|scope| ScopeOverrides {
            name: scope.scope,
            created_on: scope.created_on,
            entries: scope.entities.iter().copied().collect(),
        })
        .collect();
    let oldest_first = |a: &ScopeOverrides, b: &ScopeOverrides| {
        a.created_on
            .total_cmp(&b.created_on)
            .then(a.name.cmp(b.name))
    };
    order::sort_by(&mut before, oldest_first);
    let own_created = before
        .iter()
        .find(|s| s.name == own)
        .map_or(f64::INFINITY, |s| s.created_on);

    // By `_id`, the last of an `_id` given twice, as a map collected would be; a sorted list,
    // as collecting into a map or set compiles a sort of its own and `order` has one.
    let mut uploaded: Vec<(&str, &Item)> = Vec::new();
    for item in entities {
        if let Some(id) = item.str("_id") {
            uploaded.push((id, *item));
        }
    }
    order::sort_by(&mut uploaded, |a, b| a.0.cmp(b.0));
    let mut last_of_each: Vec<(&str, &Item)> = Vec::with_capacity(uploaded.len());
    for (id, item) in uploaded {
        match last_of_each.last_mut() {
            Some(last) if last.0 == id => last.1 = item,
            _ => last_of_each.push((id, item)),
        }
    }
    let uploaded = last_of_each;
    let mut plan = Plan::default();
    let mut rows = Vec::new();
    let mut known: FastMap<&str, &Map<'a>> = FastMap::default();
    for &(id, item) in &uploaded {
        if state.entity_by_id(id).is_some_and(|e| !e.deleted()) {
            known.insert(id, item.fields);
            continue;
        }
        plan.entities
            .skip(None, Some(id), format!("no entity has _id \"{id}\""), None);
        let mut properties: Vec<&str> = item.fields.keys().filter(|p| overridable(p)).collect();
        order::sort(&mut properties);
        for property in properties {
            rows.push(OverrideRow {
                id: id.to_string(),
                property: property.to_string(),
                before: serde_json::Value::Null,
                after: serde_json::Value::Null,
                status: OverrideStatus::Skipped,
                winner: None,
                source: ValueSource::None,
                note: None,
            });
        }
    }

    let previous_own: FastMap<&str, &Map<'a>> = before
        .iter()
        .find(|s| s.name == own)
        .map(|s| s.entries.clone())
        .unwrap_or_default();
    let mut after_scopes: Vec<ScopeOverrides> = before
        .iter()
        .filter(|s| s.name != own)
        .map(|s| ScopeOverrides {
            name: s.name,
            created_on: s.created_on,
            entries: s.entries.clone(),
        })
        .collect();
    after_scopes.push(ScopeOverrides {
        name: own,
        created_on: own_created,
        entries: known.clone(),
    });
    order::sort_by(&mut after_scopes, oldest_first);
    let before = Registry { scopes: before };
    let after = Registry {
        scopes: after_scopes,
    };

    let mut touched: Vec<&str> = previous_own.keys().chain(known.keys()).copied().collect();
    order::sort(&mut touched);
    touched.dedup();
    for id in touched {
        let entity = state.entity_by_id(id);
        let uploaded_fields = known.get(id);
        let mut properties: Vec<&str> = previous_own
            .get(id)
            .into_iter()
            .chain(uploaded_fields)
            .flat_map(|fields| fields.keys())
            .filter(|p| overridable(p))
            .collect();
        order::sort(&mut properties);
        properties.dedup();
        let mut changes = Vec::new();
        for property in properties {
            let was = before.effective(state, entity, id, property);
            let now = after.effective(state, entity, id, property);
            let status = match uploaded_fields.is_some_and(|f| f.contains_key(property)) {
                false => OverrideStatus::Removed,
                true if now.winner != Some(own) => OverrideStatus::Shadowed,
                true if was.same(&now) => OverrideStatus::Unchanged,
                true => OverrideStatus::Set,
            };
            let value_changed = match (was.value, now.value) {
                (Some(a), Some(b)) => !same_value(a, b),
                (a, b) => a.is_some() != b.is_some(),
            };
            if value_changed {
                changes.push(Change {
                    property: property.to_string(),
                    before: was.value.map(Value::to_serde),
                    after: now.value.map(Value::to_serde),
                });
            }
            // What a removed override reverts to on a managed entity is only settled by the
            // integration's next run: until then an older PATCH value may show.
            let managed = entity.is_some_and(|e| e.str("_integrationInstanceId").is_some());
            let note = (status == OverrideStatus::Removed
                && now.source != ValueSource::Override
                && managed)
                .then(|| PATCH_NOTE.to_string());
            rows.push(OverrideRow {
                id: id.to_string(),
                property: property.to_string(),
                before: was.value.map_or(serde_json::Value::Null, Value::to_serde),
                after: now.value.map_or(serde_json::Value::Null, Value::to_serde),
                status,
                winner: now.winner.map(str::to_string),
                source: now.source,
                note,
            });
        }
        match (entity, changes.is_empty()) {
            (_, true) => plan.entities.unchanged += 1,
            (entity, false) => plan.entities.update.push(Updated {
                key: entity.and_then(StateObject::key).unwrap_or("").to_string(),
                type_name: entity.map(StateObject::type_name).unwrap_or("").to_string(),
                id: Some(id.to_string()),
                changes,
                raw_data_changed: false,
            }),
        }
    }
    plan.overrides = Some(rows);
    plan
}
