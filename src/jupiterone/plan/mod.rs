//! The dry run of finalize: what each sync mode would create, update, delete, skip and keep,
//! given the uploads and the previous state. One file per mode; the shared types, the
//! property comparison and the endpoint resolution live here.

mod by_key;
mod cross_scope;
mod diff;
mod overrides;
mod patch;

use crate::support::fast_hash::{FastMap, FastSet};
use crate::support::order;
use by_key::Pairs;

use serde::Serialize;

use crate::json::{Map, Value};
use crate::jupiterone::job::{JobSpec, SyncMode};
use crate::jupiterone::model::{Item, Upload};
use crate::jupiterone::snapshot::{State, StateObject};

/// What the finalize call is given: `partialDatasets.types`, whose entities DIFF keeps.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FinalizeOptions {
    pub partial_types: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Plan {
    pub entities: Changes,
    pub relationships: Changes,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overrides: Option<Vec<OverrideRow>>,
    pub counters: Counters,
    /// How many objects of the job's scope the previous state held (for deletion limits).
    pub previous: Previous,
    /// What the plan could not tell from the previous state, once each.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Changes {
    pub create: Vec<Created>,
    pub update: Vec<Updated>,
    pub delete: Vec<Deleted>,
    pub unchanged: usize,
    pub skipped: Vec<Skipped>,
    /// Entities only: what a partial dataset keeps.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kept: Option<Vec<Kept>>,
    /// Objects uploaded with `_rawData` whose previous state has none to compare it with.
    #[serde(skip)]
    pub raw_data_not_compared: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Created {
    #[serde(rename = "_key")]
    pub key: String,
    /// None when the upload has no `_type` (an invalid create, which lint reports).
    #[serde(rename = "_type", skip_serializing_if = "Option::is_none")]
    pub type_name: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Updated {
    #[serde(rename = "_key")]
    pub key: String,
    #[serde(rename = "_type")]
    pub type_name: String,
    #[serde(rename = "_id", skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub changes: Vec<Change>,
    /// `_rawData` differs (it is compared, but is no property of its own).
    #[serde(rename = "rawDataChanged", skip_serializing_if = "std::ops::Not::not")]
    pub raw_data_changed: bool,
}

/// One property's change: added (no `before`), removed (no `after`) or changed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Change {
    pub property: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before: Option<serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after: Option<serde_json::Value>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Deleted {
    #[serde(rename = "_key")]
    pub key: String,
    #[serde(rename = "_type")]
    pub type_name: String,
    pub reason: String,
    /// A relationship deleted with one of its ends: that end, the deleted entity.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<Endpoint>,
}

/// An uploaded object finalize will not apply, named by whichever of `_key`/`_id` it had.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Skipped {
    #[serde(rename = "_key", skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    #[serde(rename = "_id", skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub reason: String,
    /// A relationship skipped for one of its ends: that end.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<Endpoint>,
}

/// The end of a relationship a plan entry's reason is about, named as the reason names it: by
/// `_id` when it is given so, else by `_key`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Endpoint {
    /// `from` or `to`.
    pub end: &'static str,
    #[serde(rename = "_key", skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    #[serde(rename = "_id", skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Kept {
    #[serde(rename = "_key")]
    pub key: String,
    #[serde(rename = "_type")]
    pub type_name: String,
    pub reason: String,
}

/// OVERRIDE: one (entity, property) this job's scope touches, and which value wins.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OverrideRow {
    #[serde(rename = "_id")]
    pub id: String,
    pub property: String,
    pub before: serde_json::Value,
    pub after: serde_json::Value,
    pub status: OverrideStatus,
    /// The scope whose override is in effect after finalize, if an override is.
    pub winner: Option<String>,
    /// Where the value in effect after finalize comes from.
    pub source: ValueSource,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OverrideStatus {
    Set,
    Shadowed,
    Unchanged,
    Removed,
    Skipped,
}

impl OverrideStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            OverrideStatus::Set => "set",
            OverrideStatus::Shadowed => "shadowed",
            OverrideStatus::Unchanged => "unchanged",
            OverrideStatus::Removed => "removed",
            OverrideStatus::Skipped => "skipped",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ValueSource {
    Override,
    UpdateEntity,
    Entity,
    None,
}

/// The job counters finalize would report.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Counters {
    pub num_entities_uploaded: usize,
    pub num_entities_created: usize,
    pub num_entities_updated: usize,
    pub num_entities_deleted: usize,
    pub num_relationships_uploaded: usize,
    pub num_relationships_created: usize,
    pub num_relationships_updated: usize,
    pub num_relationships_deleted: usize,
    pub num_relationship_create_errors: usize,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Previous {
    pub entities: usize,
    pub relationships: usize,
}

impl Plan {
    /// Objects finalize deletes, entities and relationships together.
    pub fn deletions(&self) -> usize {
        self.entities.delete.len() + self.relationships.delete.len()
    }
}

/// The plan of finalize for the job's mode.
pub fn build(job: &JobSpec, uploads: &[Upload], state: &State, finalize: &FinalizeOptions) -> Plan {
    let entities: Vec<&Item> = uploads.iter().flat_map(|u| &u.entities).collect();
    let relationships: Vec<&Item> = uploads.iter().flat_map(|u| &u.relationships).collect();
    let mut plan = match job.sync_mode {
        SyncMode::Diff => diff::plan(job, &entities, &relationships, state, finalize),
        SyncMode::Patch => patch::plan(job, &entities, state),
        SyncMode::CrossScope => cross_scope::plan(job, &relationships, state),
        SyncMode::Override => overrides::plan(job, &entities, state),
    };
    plan.previous = Previous {
        entities: state
            .snapshot
            .entities
            .iter()
            .filter(|e| e.in_scope(job) && !e.deleted())
            .count(),
        relationships: state
            .snapshot
            .relationships
            .iter()
            .filter(|r| r.in_scope(job) && !r.deleted())
            .count(),
    };
    let counters = &mut plan.counters;
    counters.num_entities_uploaded = if job.sync_mode.allows_entities() {
        entities.len()
    } else {
        0
    };
    counters.num_relationships_uploaded = if job.sync_mode.allows_relationships() {
        relationships.len()
    } else {
        0
    };
    counters.num_entities_created = plan.entities.create.len();
    counters.num_entities_updated = plan.entities.update.len();
    counters.num_entities_deleted = plan.entities.delete.len();
    counters.num_relationships_created = plan.relationships.create.len();
    counters.num_relationships_updated = plan.relationships.update.len();
    counters.num_relationships_deleted = plan.relationships.delete.len();
    counters.num_relationship_create_errors = plan.relationships.skipped.len();
    let not_compared =
        plan.entities.raw_data_not_compared + plan.relationships.raw_data_not_compared;
    if not_compared > 0 {
        plan.notes.push(raw_data_note(not_compared));
    }
    plan.entities.kept.get_or_insert_with(Vec::new);
    plan.entities.sort();
    plan.relationships.sort();
    if let Some(rows) = &mut plan.overrides {
        order::sort_by(rows, |a, b| (&a.id, &a.property).cmp(&(&b.id, &b.property)));
    }
    plan
}

/// Says once that uploaded `_rawData` was taken as unchanged where the previous state has none.
fn raw_data_note(objects: usize) -> String {
    let what = if objects == 1 { "object" } else { "objects" };
    format!(
        "_rawData was not compared for {objects} {what}: the previous state holds no _rawData for them (J1QL exports never return it), so an uploaded _rawData is not counted as a change"
    )
}

impl Changes {
    fn sort(&mut self) {
        order::sort_by(&mut self.create, |a, b| a.key.cmp(&b.key));
        order::sort_by(&mut self.update, |a, b| {
            (&a.key, &a.id).cmp(&(&b.key, &b.id))
        });
        order::sort_by(&mut self.delete, |a, b| a.key.cmp(&b.key));
        order::sort_by(&mut self.skipped, |a, b| {
            (&a.key, &a.id).cmp(&(&b.key, &b.id))
        });
        if let Some(kept) = &mut self.kept {
            order::sort_by(kept, |a, b| a.key.cmp(&b.key));
        }
    }

    /// Records the comparison of an uploaded object with its previous state.
    fn record(&mut self, key: &str, type_name: &str, id: Option<&str>, diff: Diff) {
        if diff.raw_data_not_compared {
            self.raw_data_not_compared += 1;
        }
        if diff.is_empty() {
            self.unchanged += 1;
        } else {
            self.update.push(Updated {
                key: key.to_string(),
                type_name: type_name.to_string(),
                id: id.map(str::to_string),
                changes: diff.changes,
                raw_data_changed: diff.raw_data_changed,
            });
        }
    }

    /// An uploaded DIFF-style object: created when the previous state lacks it, else compared
    /// with what it replaces.
    fn replace(&mut self, key: &str, item: &Item, before: Option<&StateObject>) {
        let type_name = item.str("_type");
        match before {
            Some(before) => self.record(
                key,
                type_name.unwrap_or(""),
                None,
                Diff::replace(&before.fields, item.fields),
            ),
            None => self.create(key, type_name),
        }
    }

    fn create(&mut self, key: &str, type_name: Option<&str>) {
        self.create.push(Created {
            key: key.to_string(),
            type_name: type_name.map(str::to_string),
        });
    }

    /// Why each skipped upload was skipped, by its `_key`.
    fn skip_reasons(&self) -> FastMap<String, String> {
        self.skipped
            .iter()
            .filter_map(|s| Some((s.key.clone()?, s.reason.clone())))
            .collect()
    }

    fn skip(&mut self, key: Option<&str>, id: Option<&str>, reason: String, end: Option<&EndRef>) {
        self.skipped.push(Skipped {
            key: key.map(str::to_string),
            id: id.map(str::to_string),
            reason,
            endpoint: end.map(EndRef::endpoint),
        });
    }
}

/// Why a previous object of the scope is deleted when the upload does not apply it, given the
/// `skip_reasons` of the uploads.
fn why_not_applied(skip_reasons: &FastMap<String, String>, key: &str) -> String {
    match skip_reasons.get(key) {
        Some(reason) => format!("its upload is skipped: {reason}"),
        None => "not in this upload".to_string(),
    }
}

/// Uploaded objects paired by `_key` with the live objects of the job's scope in the previous
/// state. The latest upload of a key wins (as with ignoreDuplicates; without it a repeated key
/// is already a lint error); objects without a `_key` are left out.
fn paired<'s, 'a: 's>(
    uploaded: &[&'s Item<'a>],
    previous: &'s [StateObject<'a>],
    job: &JobSpec,
) -> Pairs<'s, &'s Item<'a>, &'s StateObject<'a>> {
    let live = |o: &StateObject| o.in_scope(job) && !o.deleted();
    Pairs::new(
        uploaded.iter().map(|item| (item.key(), *item)),
        previous.iter().map(|o| (o.key().filter(|_| live(o)), o)),
    )
}

/// Metadata the platform keeps on graph objects; never part of a change.
pub fn is_metadata(name: &str) -> bool {
    // Every metadata name starts with `_`; most properties are settled by that first byte.
    name.starts_with('_')
        && matches!(
            name,
            "_id"
                | "_scope"
                | "_source"
                | "_accountId"
                | "_createdOn"
                | "_beginOn"
                | "_endOn"
                | "_version"
                | "_deleted"
                | "_rawDataHashes"
        )
        || name.starts_with("_integration")
}

/// Two JSON values are equal when they are the same value; numbers compare by value, and a
/// one-element array equals its element (exports return `_class` and `_type` as arrays).
pub fn same_value(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x == y || x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(p, q)| same_value(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same_value(v, w)))
        }
        (Value::Array(x), other) | (other, Value::Array(x))
            if x.len() == 1 && !other.is_array() =>
        {
            same_value(&x[0], other)
        }
        _ => a == b,
    }
}

/// How an uploaded object differs from its previous state.
#[derive(Debug, Default)]
struct Diff {
    changes: Vec<Change>,
    raw_data_changed: bool,
    /// `_rawData` was uploaded but the previous state has none to compare it with.
    raw_data_not_compared: bool,
}

impl Diff {
    fn is_empty(&self) -> bool {
        self.changes.is_empty() && !self.raw_data_changed
    }

    /// A full replacement (DIFF): every controlled property is compared, missing ones removed.
    fn replace(before: &Map, after: &Map) -> Diff {
        // Objects from one source list their members in the same order: each name is looked
        // for at its own position first.
        let mut diff = Diff::default();
        for (at, (name, value)) in after.iter().enumerate() {
            diff.compare(name, before.get_near(name, at), Some(value));
        }
        for (at, (name, value)) in before.iter().enumerate() {
            if after.get_near(name, at).is_none() {
                diff.compare(name, Some(value), None);
            }
        }
        order::sort_by(&mut diff.changes, |a, b| a.property.cmp(&b.property));
        diff
    }

    /// A merge (PATCH): only uploaded properties are set; nothing is removed.
    fn merge(before: &Map, uploaded: &Map) -> Diff {
        let mut diff = Diff::default();
        for (name, value) in uploaded.iter() {
            diff.compare(name, before.get(name), Some(value));
        }
        order::sort_by(&mut diff.changes, |a, b| a.property.cmp(&b.property));
        diff
    }

    fn compare(&mut self, name: &str, before: Option<&Value>, after: Option<&Value>) {
        if is_metadata(name) || name == "_key" {
            return;
        }
        // An end named one way on one side and another way on the other is no change: an
        // export names each end by `_id` and by `_key`, an upload usually by one of them.
        if names_an_end(name) && (before.is_none() || after.is_none()) {
            return;
        }
        // J1QL exports never return `_rawData`: without it before, nothing can be compared.
        if name == "_rawData" && before.is_none() {
            self.raw_data_not_compared = true;
            return;
        }
        let equal = match (before, after) {
            (Some(b), Some(a)) => same_value(b, a),
            (None, None) => true,
            _ => false,
        };
        if equal {
            return;
        }
        if name == "_rawData" {
            self.raw_data_changed = true;
            return;
        }
        self.changes.push(Change {
            property: name.to_string(),
            before: before.map(Value::to_serde),
            after: after.map(Value::to_serde),
        });
    }
}

/// Whether a member names a relationship's end (its key, `_id`, scope or source).
fn names_an_end(name: &str) -> bool {
    END_FIELDS
        .iter()
        .any(|f| [f.key, f.id, f.scope, f.source].contains(&name))
}

/// A relationship end as it names its entity.
pub struct EndRef<'a> {
    pub end: &'static str,
    pub key: Option<&'a str>,
    pub id: Option<&'a str>,
    pub scope: Option<&'a str>,
}

impl EndRef<'_> {
    /// How a reason names the end: `_toEntityKey "k"` or `_toEntityId "i"`.
    pub fn describe(&self) -> String {
        match (self.id, self.key) {
            (Some(id), _) => format!("_{}EntityId \"{id}\"", self.end),
            (None, Some(key)) => format!("_{}EntityKey \"{key}\"", self.end),
            (None, None) => format!("the {} end", self.end),
        }
    }

    /// The end as a plan entry names it, as `describe` does.
    pub fn endpoint(&self) -> Endpoint {
        Endpoint {
            end: self.end,
            key: self
                .id
                .is_none()
                .then_some(self.key)
                .flatten()
                .map(str::to_string),
            id: self.id.map(str::to_string),
        }
    }
}

/// The two ends of a relationship given as a field lookup.
pub fn ends<'a>(get: impl Fn(&str) -> Option<&'a str>) -> [EndRef<'a>; 2] {
    END_FIELDS.map(|f| EndRef {
        end: f.end,
        key: get(f.key),
        id: get(f.id),
        scope: get(f.scope),
    })
}

/// The member names that name one end of a relationship.
#[derive(Clone, Copy)]
pub struct EndFields {
    pub end: &'static str,
    pub key: &'static str,
    pub id: &'static str,
    pub scope: &'static str,
    pub source: &'static str,
}

pub const END_FIELDS: [EndFields; 2] = [
    EndFields {
        end: "from",
        key: "_fromEntityKey",
        id: "_fromEntityId",
        scope: "_fromEntityScope",
        source: "_fromEntitySource",
    },
    EndFields {
        end: "to",
        key: "_toEntityKey",
        id: "_toEntityId",
        scope: "_toEntityScope",
        source: "_toEntitySource",
    },
];

/// Why an end does not resolve to a live entity of the previous state, if it does not.
pub fn unresolved(end: &EndRef, state: &State, own_scope: Option<&str>) -> Option<String> {
    let found: Option<&StateObject> = match (end.id, end.key, end.scope.or(own_scope)) {
        (Some(id), _, _) => state.entity_by_id(id),
        (None, Some(key), Some(scope)) => state.entity_in_scope(scope, key),
        _ => None,
    };
    let place = end
        .scope
        .map(|s| format!(" in scope \"{s}\""))
        .unwrap_or_default();
    match found {
        None => Some(format!("{}{place} matches no entity", end.describe())),
        Some(entity) if entity.deleted() => {
            Some(format!("{}{place} is soft-deleted", end.describe()))
        }
        Some(_) => None,
    }
}

/// Entity keys and ids of a scope that finalize deletes, for the cascade to relationships.
#[derive(Default)]
struct DeletedEntities<'s> {
    keys: FastSet<&'s str>,
    ids: FastSet<&'s str>,
}

impl DeletedEntities<'_> {
    /// Whether an end names a deleted entity. `scope` is the scope of the relationship, where
    /// an end without a scope of its own looks.
    fn names(&self, end: &EndRef, scope: Option<&str>, deleted_scope: Option<&str>) -> bool {
        self.names_by_key(end, scope, deleted_scope) || self.names_by_id(end)
    }

    fn names_by_key(&self, end: &EndRef, scope: Option<&str>, deleted_scope: Option<&str>) -> bool {
        let same_scope = end.scope.or(scope) == deleted_scope;
        same_scope && end.key.is_some_and(|k| self.keys.contains(k))
    }

    fn names_by_id(&self, end: &EndRef) -> bool {
        end.id.is_some_and(|id| self.ids.contains(id))
    }

    /// The end of a previous relationship of `scope` that names an entity deleted from
    /// `deleted_scope`, if one does.
    fn touched_by<'r>(
        &self,
        relationship: &'r StateObject,
        scope: Option<&str>,
        deleted_scope: Option<&str>,
    ) -> Option<EndRef<'r>> {
        // The end is named the way it matched: by key when it did, a key being what people
        // read; by `_id` otherwise (an edge of another scope, named by vertex).
        ends(|name| relationship.str(name))
            .into_iter()
            .find_map(|end| {
                if self.names_by_key(&end, scope, deleted_scope) {
                    Some(EndRef { id: None, ..end })
                } else {
                    self.names_by_id(&end).then_some(end)
                }
            })
    }
}
