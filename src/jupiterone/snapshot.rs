//! Previous-state readers: the native snapshot, J1QL `list` and `tree` exports, and a previous
//! upload body, all read into one shape, plus the lookups plan and lint need over it.

use crate::support::fast_hash::{FastHasher, FastMap};
use std::cell::OnceCell;
use std::hash::Hasher;

use crate::diagnostic::{declare_rule, quote, Findings, Place};
use crate::json::{Arena, Map, Member, Value};
use crate::jupiterone::job::JobSpec;

declare_rule! {
    /// The snapshot is a native snapshot, a J1QL list or tree export, or an upload body.
    SNAPSHOT_SHAPE: "snapshot-shape", Error
}

/// One graph object of the previous state, metadata and properties in one map: the
/// document's own object, or one merged from an export row.
#[derive(Debug)]
pub struct StateObject<'a> {
    pub fields: Map<'a>,
}

impl StateObject<'_> {
    pub fn str(&self, name: &str) -> Option<&str> {
        self.fields.get_inline(name).and_then(Value::as_str)
    }

    pub fn key(&self) -> Option<&str> {
        self.str("_key")
    }

    pub fn id(&self) -> Option<&str> {
        self.str("_id")
    }

    /// The `_type`, also when an export returns it as a one-element array.
    pub fn type_name(&self) -> &str {
        match self.fields.get_inline("_type") {
            Some(Value::String(s)) => s,
            Some(Value::Array(items)) => items.first().and_then(Value::as_str).unwrap_or(""),
            _ => "",
        }
    }

    pub fn deleted(&self) -> bool {
        self.fields.get_inline("_deleted") == Some(&Value::Bool(true))
    }

    /// The scope the object belongs to: its `_scope`, else its integration instance.
    pub fn scope(&self) -> Option<&str> {
        self.str("_scope")
            .or_else(|| self.str("_integrationInstanceId"))
    }

    /// Whether the object is in the scope a job reconciles. Objects without any scope
    /// metadata (a previous upload body, a filtered export) are taken as the job's own.
    pub fn in_scope(&self, job: &JobSpec) -> bool {
        let (scope, instance) = (self.str("_scope"), self.str("_integrationInstanceId"));
        let wanted = job.reconciled_scope();
        match (scope, instance) {
            (None, None) => true,
            (Some(s), _) if Some(s) == wanted => true,
            (_, Some(i)) => !job.is_api() && Some(i) == wanted,
            _ => false,
        }
    }
}

/// One scope's overrides: when the scope was created, and per entity `_id` its properties.
#[derive(Debug)]
pub struct OverrideScope<'a> {
    pub scope: &'a str,
    /// Creation time in epoch milliseconds; older scopes win.
    pub created_on: f64,
    pub entities: Vec<(&'a str, &'a Map<'a>)>,
}

/// Values set by the GraphQL `updateEntity` mutation, per entity `_id`.
#[derive(Debug)]
pub struct Edit<'a> {
    pub id: &'a str,
    pub fields: &'a Map<'a>,
}

/// The previous state, read from any of the accepted formats.
#[derive(Debug, Default)]
pub struct Snapshot<'a> {
    pub entities: Vec<StateObject<'a>>,
    pub relationships: Vec<StateObject<'a>>,
    pub overrides: Vec<OverrideScope<'a>>,
    pub edits: Vec<Edit<'a>>,
}

/// Reads a snapshot document; what cannot be read is reported and left out.
/// Objects merged from export rows go into `arena`.
pub fn read_snapshot<'a>(
    doc: usize,
    value: &'a Value<'a>,
    arena: &'a Arena<'a>,
    findings: &mut Findings,
) -> Snapshot<'a> {
    let at = |pointer: &str| Place::value(Some(doc), pointer.to_string());
    let mut snapshot = Snapshot::default();
    let Some(object) = value.as_object() else {
        findings
            .add(&SNAPSHOT_SHAPE, at(""), format!("the snapshot must be an object, not {}", quote(value)))
            .hint("give a native snapshot {\"entities\", \"relationships\", \"overrides\", \"edits\"}, a J1QL list or tree export, or an upload body");
        return snapshot;
    };
    match object.get("type").and_then(Value::as_str) {
        Some("list") => read_list(object, &mut snapshot, doc, arena, findings),
        Some("tree") => read_tree(object, &mut snapshot, doc, arena, findings),
        Some(other) => {
            findings
                .add(
                    &SNAPSHOT_SHAPE,
                    at("/type"),
                    format!("J1QL results of type \"{other}\" hold no graph objects"),
                )
                .hint("export with RETURN of whole entities (a list) or with RETURN TREE");
        }
        None => read_native(object, &mut snapshot, doc, findings),
    }
    snapshot
}

fn objects<'a>(
    value: Option<&'a Value<'a>>,
    pointer: &str,
    doc: usize,
    findings: &mut Findings,
) -> Vec<(usize, &'a Map<'a>)> {
    let Some(value) = value else {
        return Vec::new();
    };
    let Some(items) = value.as_array() else {
        findings.add(
            &SNAPSHOT_SHAPE,
            Place::value(Some(doc), pointer.to_string()),
            format!("{} should be an array", pointer.trim_start_matches('/')),
        );
        return Vec::new();
    };
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        match item.as_object() {
            Some(fields) => out.push((i, fields)),
            None => {
                findings.add(
                    &SNAPSHOT_SHAPE,
                    Place::value(Some(doc), format!("{pointer}/{i}")),
                    format!(
                        "{}[{i}] must be an object, not {}",
                        pointer.trim_start_matches('/'),
                        quote(item)
                    ),
                );
            }
        }
    }
    out
}

fn read_native<'a>(
    object: &'a Map<'a>,
    snapshot: &mut Snapshot<'a>,
    doc: usize,
    findings: &mut Findings,
) {
    for (_, fields) in objects(object.get("entities"), "/entities", doc, findings) {
        snapshot.entities.push(StateObject { fields: *fields });
    }
    for (_, fields) in objects(object.get("relationships"), "/relationships", doc, findings) {
        snapshot.relationships.push(StateObject { fields: *fields });
    }
    for (i, scope) in objects(object.get("overrides"), "/overrides", doc, findings) {
        let at = |member: &str| Place::value(Some(doc), format!("/overrides/{i}{member}"));
        let Some(name) = scope.get("scope").and_then(Value::as_str) else {
            findings.add(
                &SNAPSHOT_SHAPE,
                at(""),
                format!("overrides[{i}] has no `scope` string"),
            );
            continue;
        };
        let Some(created_on) = scope.get("createdOn").and_then(epoch_millis) else {
            findings
                .add(&SNAPSHOT_SHAPE, at(""), format!("overrides[{i}] ({name}) has no `createdOn` time"))
                .hint("give the scope's creation time as epoch milliseconds or an ISO date: older scopes win");
            continue;
        };
        let mut entities = Vec::new();
        for (j, entity) in objects(
            scope.get("entities"),
            &format!("/overrides/{i}/entities"),
            doc,
            findings,
        ) {
            match entity.get("_id").and_then(Value::as_str) {
                Some(id) => entities.push((id, entity)),
                None => {
                    findings.add(
                        &SNAPSHOT_SHAPE,
                        at(&format!("/entities/{j}")),
                        "an override entry needs an `_id`",
                    );
                }
            }
        }
        snapshot.overrides.push(OverrideScope {
            scope: name,
            created_on,
            entities,
        });
    }
    for (i, edit) in objects(object.get("edits"), "/edits", doc, findings) {
        match edit.get("_id").and_then(Value::as_str) {
            Some(id) => snapshot.edits.push(Edit { id, fields: edit }),
            None => {
                findings.add(
                    &SNAPSHOT_SHAPE,
                    Place::value(Some(doc), format!("/edits/{i}")),
                    "an edit needs an `_id`",
                );
            }
        }
    }
}

/// A J1QL row `{id, entity: {metadata}, properties: {…}}` as one list of members.
fn merge_row<'a>(row: &Map<'a>, inner: &str) -> Vec<Member<'a>> {
    let mut fields = Vec::new();
    for part in [inner, "properties"] {
        if let Some(Value::Object(members)) = row.get(part) {
            for (name, value) in members.iter() {
                set(&mut fields, name, *value);
            }
        }
    }
    if let Some(id) = row.get("id") {
        add(&mut fields, "_id", *id);
    }
    fields
}

/// Sets `name`, in place when it is already a member.
fn set<'a>(fields: &mut Vec<Member<'a>>, name: &'a str, value: Value<'a>) {
    match fields.iter_mut().find(|(member, _)| *member == name) {
        Some((_, slot)) => *slot = value,
        None => fields.push((name, value)),
    }
}

/// Adds `name` unless it is already a member.
fn add<'a>(fields: &mut Vec<Member<'a>>, name: &'a str, value: Value<'a>) {
    if !fields.iter().any(|(member, _)| *member == name) {
        fields.push((name, value));
    }
}

/// Merged members as an object that lives in `arena`.
fn object_in<'a>(arena: &'a Arena<'a>, fields: &[Member<'a>]) -> Map<'a> {
    Map::from_unique(arena.members(fields))
}

fn read_list<'a>(
    object: &'a Map<'a>,
    snapshot: &mut Snapshot<'a>,
    doc: usize,
    arena: &'a Arena<'a>,
    findings: &mut Findings,
) {
    for (_, row) in objects(object.get("data"), "/data", doc, findings) {
        let fields = object_in(arena, &merge_row(row, "entity"));
        snapshot.entities.push(StateObject { fields });
    }
}

fn read_tree<'a>(
    object: &'a Map<'a>,
    snapshot: &mut Snapshot<'a>,
    doc: usize,
    arena: &'a Arena<'a>,
    findings: &mut Findings,
) {
    let Some(data) = object.get("data").and_then(Value::as_object) else {
        findings.add(
            &SNAPSHOT_SHAPE,
            Place::value(Some(doc), "/data".to_string()),
            "a tree export needs `data` with vertices and edges",
        );
        return;
    };
    let mut key_of_vertex: FastMap<&str, Value> = FastMap::default();
    for (_, vertex) in objects(data.get("vertices"), "/data/vertices", doc, findings) {
        let fields = object_in(arena, &merge_row(vertex, "entity"));
        if let (Some(id), Some(key)) =
            (vertex.get("id").and_then(Value::as_str), fields.get("_key"))
        {
            key_of_vertex.insert(id, *key);
        }
        snapshot.entities.push(StateObject { fields });
    }
    for (_, edge) in objects(data.get("edges"), "/data/edges", doc, findings) {
        let mut fields = merge_row(edge, "relationship");
        // An edge may name its ends by vertex only. A vertex id is the entity's `_id`, which
        // names the end in any scope (a key alone would be looked for in the edge's own
        // scope); the vertex's `_key` is added too, for ends compared by key.
        for (key_field, id_field, vertex) in [
            ("_fromEntityKey", "_fromEntityId", "fromVertexId"),
            ("_toEntityKey", "_toEntityId", "toVertexId"),
        ] {
            let Some(vertex_id) = edge.get(vertex).filter(|v| v.as_str().is_some()) else {
                continue;
            };
            add(&mut fields, id_field, *vertex_id);
            if let Some(key) = vertex_id.as_str().and_then(|v| key_of_vertex.get(v)) {
                add(&mut fields, key_field, *key);
            }
        }
        let fields = object_in(arena, &fields);
        snapshot.relationships.push(StateObject { fields });
    }
}

/// Epoch milliseconds from a number or an ISO date string.
fn epoch_millis(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => crate::support::dates::parse_iso(s).map(|ms| ms as f64),
        _ => None,
    }
}

/// Lookups over the previous state. Each index is built when first asked for: most jobs need
/// neither (a DIFF plan asks by `_key` only), and a snapshot of a million entities makes a
/// table of a million entries each. The tables hold the hash of what they are looked up by,
/// which keeps them small and `State` free of borrowed keys; a hit is checked against the
/// entity itself, and two different names of one hash fall back to a scan.
///
/// An export that includes deleted objects may hold a soft-deleted row and a live row of one
/// entity (deleted, then re-created): the live row is the entity, whatever the order, and a
/// soft-deleted row is found only when no live row has that name.
pub struct State<'s, 'a> {
    pub snapshot: &'s Snapshot<'a>,
    /// The job's scope, which entities without scope metadata belong to.
    own_scope: Option<String>,
    /// The first entity of each `_id` hash.
    by_id: OnceCell<FastMap<u64, usize>>,
    /// The first entity of each (scope, `_key`) hash, for both `_scope` and
    /// `_integrationInstanceId`.
    by_scoped_key: OnceCell<FastMap<u64, usize>>,
}

impl<'s, 'a> State<'s, 'a> {
    /// The lookups over `snapshot`. Entities without scope metadata count as the job's scope.
    pub fn new(snapshot: &'s Snapshot<'a>, job: &JobSpec) -> State<'s, 'a> {
        State {
            snapshot,
            own_scope: job.reconciled_scope().map(str::to_string),
            by_id: OnceCell::new(),
            by_scoped_key: OnceCell::new(),
        }
    }

    /// The first live entity with `_id` `id`, else the first soft-deleted one.
    pub fn entity_by_id(&self, id: &str) -> Option<&'s StateObject<'a>> {
        let by_id = self.by_id.get_or_init(|| {
            self.index(|entity, add| {
                if let Some(id) = entity.id() {
                    add(hash_of(&[id]));
                }
            })
        });
        self.first(by_id, hash_of(&[id]), |entity| entity.id() == Some(id))
    }

    /// The first live entity with `_key` `key` in `scope`, else the first soft-deleted one.
    pub fn entity_in_scope(&self, scope: &str, key: &str) -> Option<&'s StateObject<'a>> {
        let by_scoped_key = self.by_scoped_key.get_or_init(|| {
            self.index(|entity, add| {
                if let Some(key) = entity.key() {
                    for scope in self.scopes_of(entity) {
                        add(hash_of(&[scope, key]));
                    }
                }
            })
        });
        self.first(by_scoped_key, hash_of(&[scope, key]), |entity| {
            entity.key() == Some(key) && self.scopes_of(entity).any(|s| s == scope)
        })
    }

    /// The scopes an entity is found in: its `_scope` and its integration instance, or the
    /// job's scope when it has neither.
    fn scopes_of<'e>(&'e self, entity: &'e StateObject) -> impl Iterator<Item = &'e str> {
        let scopes = [entity.str("_scope"), entity.str("_integrationInstanceId")];
        let own = scopes
            .iter()
            .all(Option::is_none)
            .then_some(self.own_scope.as_deref())
            .flatten();
        scopes.into_iter().flatten().chain(own)
    }

    /// A table from the hashes `names` gives each entity to the first live entity given it,
    /// else to the first entity given it.
    fn index(&self, names: impl Fn(&StateObject, &mut dyn FnMut(u64))) -> FastMap<u64, usize> {
        let entities = &self.snapshot.entities;
        // Sized up front: growing a table of a million entries rehashes all of them each time.
        let mut table = FastMap::with_capacity_and_hasher(entities.len(), Default::default());
        for (i, entity) in entities.iter().enumerate() {
            names(entity, &mut |hash| {
                let first = table.entry(hash).or_insert(i);
                if entities[*first].deleted() && !entity.deleted() {
                    *first = i;
                }
            });
        }
        table
    }

    /// The first live entity that `is_it`, else the first soft-deleted one, looked for by its
    /// `hash` in `table`.
    fn first(
        &self,
        table: &FastMap<u64, usize>,
        hash: u64,
        is_it: impl Fn(&StateObject) -> bool,
    ) -> Option<&'s StateObject<'a>> {
        let entities = &self.snapshot.entities;
        let &i = table.get(&hash)?;
        // The table holds a soft-deleted entity only when no live one has this hash.
        if is_it(&entities[i]) {
            return Some(&entities[i]);
        }
        // Another name has this hash: scan for this one, live rows first.
        let mut matches = entities.iter().filter(|entity| is_it(entity));
        let first = matches.next()?;
        if !first.deleted() {
            return Some(first);
        }
        Some(matches.find(|e| !e.deleted()).unwrap_or(first))
    }
}

/// The hash of a sequence of names, as the lookup tables key them.
fn hash_of(names: &[&str]) -> u64 {
    let mut hasher = FastHasher::default();
    for name in names {
        hasher.write(name.as_bytes());
    }
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snapshot<'a>(text: &'a str, arena: &'a Arena<'a>) -> Snapshot<'a> {
        let value = crate::json::parse_noting(text, arena).unwrap().value;
        let value = arena.items(&[value]);
        read_snapshot(0, &value[0], arena, &mut Findings::default())
    }

    fn job(scope: Option<&str>) -> JobSpec {
        JobSpec {
            source: Some(crate::jupiterone::job::SOURCE_API.to_string()),
            sync_mode: crate::jupiterone::job::SyncMode::Diff,
            scope: scope.map(str::to_string),
            integration_instance_id: None,
            ignore_duplicates: false,
        }
    }

    #[test]
    fn entities_are_found_by_id_and_by_key_in_their_scope() {
        let arena = Arena::new();
        let text = r#"{"entities": [
            {"_id": "1", "_key": "k", "_scope": "hr"},
            {"_id": "2", "_key": "k", "_integrationInstanceId": "i-1"},
            {"_id": "1", "_key": "other"},
            {"_id": "3", "_key": "mine"}
        ]}"#;
        let snapshot = snapshot(text, &arena);
        let job = job(Some("own"));
        let state = State::new(&snapshot, &job);
        fn key_of(e: Option<&StateObject>) -> Option<String> {
            e.and_then(StateObject::key).map(str::to_string)
        }
        assert_eq!(
            key_of(state.entity_by_id("1")),
            Some("k".into()),
            "the first of an _id"
        );
        assert_eq!(key_of(state.entity_by_id("3")), Some("mine".into()));
        assert!(state.entity_by_id("4").is_none());
        fn id_of(e: Option<&StateObject>) -> Option<String> {
            e.and_then(StateObject::id).map(str::to_string)
        }
        assert_eq!(id_of(state.entity_in_scope("hr", "k")), Some("1".into()));
        assert_eq!(id_of(state.entity_in_scope("i-1", "k")), Some("2".into()));
        assert_eq!(
            id_of(state.entity_in_scope("own", "mine")),
            Some("3".into())
        );
        assert!(state.entity_in_scope("own", "k").is_none());
        assert!(state.entity_in_scope("hr", "mine").is_none());
    }

    #[test]
    fn a_hash_shared_by_two_names_falls_back_to_a_scan() {
        let arena = Arena::new();
        let text = r#"{"entities": [{"_id": "a"}, {"_id": "b"}, {"_id": "c"}, {"_id": "b"}]}"#;
        let snapshot = snapshot(text, &arena);
        let state = State::new(&snapshot, &job(None));
        // As if "b" hashed like "a", which came first: the table points at "a".
        let mut table = FastMap::default();
        table.insert(hash_of(&["b"]), 0);
        let found = state.first(&table, hash_of(&["b"]), |e| e.id() == Some("b"));
        assert!(std::ptr::eq(found.unwrap(), &snapshot.entities[1]));
        let missing = state.first(&table, hash_of(&["b"]), |e| e.id() == Some("d"));
        assert!(missing.is_none());
    }
}
