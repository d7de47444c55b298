//! The preview of a full synchronisation over a state, without side effects: per
//! connector-space object the scope decision, then join, projection or nothing; per metaverse
//! object the inbound flows with priority resolution, deletion, and the exports (provision,
//! updates without no-net-changes, deprovision, drift corrections). Outcomes use JIM's names.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use serde::Serialize;
use serde_json::{Map, Value as Json};

use super::eval::{evaluate, lookup, to_json, Inputs, Value};
use super::expr::{Expr, Side};
use super::model::{
    AttrType, Config, DeletionRule, Deprovision, Direction, MatchingMode, MatchingRule,
    MissingInput, OutOfScopeImport, Source, SourceKind, SyncRule,
};
use super::scoping::{decide, Decision};
use super::state::{CsObject, MvObject, State};

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Preview {
    #[serde(rename = "connectedSystemObjects")]
    pub cs_objects: Vec<CsOutcome>,
    #[serde(rename = "metaverseObjects")]
    pub mv_objects: Vec<MvOutcome>,
    /// How many of each outcome, by JIM's outcome names.
    pub counts: BTreeMap<String, usize>,
    /// Delete exports and metaverse deletions (for `--fail-on-delete`).
    pub deletions: usize,
    /// Objects the deletion guard's percentage is taken of.
    pub objects: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CsOutcome {
    pub id: String,
    pub connected_system: String,
    pub object_type: String,
    pub outcome: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<ScopeOutcome>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub join: Option<JoinOutcome>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metaverse_object_id: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<Problem>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ScopeOutcome {
    pub in_scope: bool,
    pub sync_rule: String,
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct JoinOutcome {
    pub matching_rule: i64,
    pub attribute: String,
    pub value: Json,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Problem {
    /// JIM's error type: AmbiguousMatch, ExpressionEvaluationError, …
    pub kind: String,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sync_rule: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attribute: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MvOutcome {
    pub id: String,
    pub object_type: String,
    pub outcomes: Vec<String>,
    pub changes: Vec<AttributeChange>,
    pub exports: Vec<Export>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AttributeChange {
    pub attribute: String,
    pub before: Json,
    pub after: Json,
    /// AttributeFlow, AssertedNull or NoContributor.
    pub status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sync_rule: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub priority: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Export {
    pub connected_system: String,
    pub object_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connected_system_object_id: Option<String>,
    /// Create, Update, Delete, or Disconnect (no export; the join is broken).
    pub change_type: String,
    /// Provisioned, PendingExportCreated, DriftCorrection or DeprovisionQueued.
    pub outcome: String,
    pub sync_rule: String,
    pub attributes: Vec<ExportValue>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ExportValue {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before: Option<Json>,
    pub after: Json,
}

/// One mapping's offer for a metaverse attribute.
struct Contribution {
    mv: String,
    attribute: String,
    priority: i64,
    rule_index: usize,
    cso: String,
    /// The value; `None` is an asserted null.
    value: Option<Json>,
}

/// Where a connector-space object stands after matching.
struct Placement {
    /// The metaverse object it is joined to (or projects), if any.
    mv: Option<String>,
    /// Whether it contributes inbound flows (joined or projected and in scope).
    contributes: bool,
}

fn rules_for<'c>(config: &'c Config, cso: &CsObject) -> Vec<(usize, &'c SyncRule)> {
    config
        .rules
        .iter()
        .enumerate()
        .filter(|(_, r)| {
            r.enabled
                && r.direction == Direction::Import
                && r.system == cso.system
                && r.cs_type == cso.object_type
        })
        .collect()
}

fn cs_kind<'c>(
    config: &'c Config,
    system: &'c str,
    cs_type: &'c str,
) -> impl Fn(&str) -> Option<AttrType> + 'c {
    move |name: &str| {
        config
            .cs_type(system, cs_type)?
            .attributes
            .iter()
            .find(|a| a.name.eq_ignore_ascii_case(name))
            .map(|a| a.kind)
    }
}

fn mv_kind<'c>(config: &'c Config, mv_type: &'c str) -> impl Fn(&str) -> Option<AttrType> + 'c {
    move |name: &str| {
        config
            .mv_type(mv_type)?
            .attributes
            .iter()
            .find(|a| a.name.eq_ignore_ascii_case(name))
            .map(|a| a.kind)
    }
}

fn missing(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Text(s) => s.is_empty(),
        Value::List(items) => items.is_empty(),
        _ => false,
    }
}

/// What a mapping's sources yield: the first source with a value, in order.
fn source_value(
    sources: &[Source],
    inputs: &Inputs,
    side: Side,
    policy: MissingInput,
) -> Result<Option<Value>, Problem> {
    for source in sources {
        let value = match &source.kind {
            SourceKind::Attribute(_, name) => {
                let object = if side == Side::Metaverse {
                    inputs.mv
                } else {
                    inputs.cs
                };
                object.map_or(Value::Null, |o| lookup(o, name))
            }
            SourceKind::Expression(expr, _) => {
                let absent = accessed(expr).into_iter().find(|name| {
                    let object = if side == Side::Metaverse {
                        inputs.mv
                    } else {
                        inputs.cs
                    };
                    object.is_none_or(|o| missing(&lookup(o, name)))
                });
                match (absent, policy) {
                    (Some(_), MissingInput::ContributeNoValue) => Value::Null,
                    (Some(name), MissingInput::FailMapping | MissingInput::FailObject) => {
                        return Err(Problem {
                            kind: "ExpressionMissingInput".to_string(),
                            message: format!("the expression reads \"{name}\", which has no value"),
                            sync_rule: None,
                            attribute: None,
                        })
                    }
                    _ => evaluate(expr, inputs).map_err(|e| Problem {
                        kind: "ExpressionEvaluationError".to_string(),
                        message: e.0,
                        sync_rule: None,
                        attribute: None,
                    })?,
                }
            }
            SourceKind::Invalid | SourceKind::Unparsed => continue,
        };
        if !missing(&value) {
            return Ok(Some(value));
        }
    }
    Ok(None)
}

/// The attribute names an expression reads.
fn accessed(expr: &Expr) -> Vec<String> {
    let mut names = Vec::new();
    expr.visit(&mut |e| {
        if let Expr::Attribute { name, .. } = e {
            names.push(name.clone());
        }
    });
    names
}

/// Previews a full synchronisation of every connected system in the state.
pub fn preview(config: &Config, state: &State) -> Preview {
    let mut cs_out: Vec<CsOutcome> = Vec::new();
    let mut placements: HashMap<&str, Placement> = HashMap::new();
    let mut projected: BTreeMap<String, String> = BTreeMap::new(); // new MVO id → type
    let mut lost_connector: BTreeMap<String, Vec<String>> = BTreeMap::new(); // MVO → systems disconnected
    let ids = Index::new(state);
    let mut matches = MatchIndex::default();
    // Joins per (system, MVO), to find hits that are already joined.
    let mut joined: HashMap<(String, String), String> = state
        .cs_objects
        .iter()
        .filter_map(|c| {
            c.joined_to
                .as_ref()
                .map(|mv| ((c.system.clone(), mv.clone()), c.id.clone()))
        })
        .collect();

    for cso in &state.cs_objects {
        let rules = rules_for(config, cso);
        let mut outcome = CsOutcome {
            id: cso.id.clone(),
            connected_system: cso.system.clone(),
            object_type: cso.object_type.clone(),
            outcome: String::new(),
            scope: None,
            join: None,
            metaverse_object_id: None,
            errors: Vec::new(),
        };
        let Some(&(_, first_rule)) = rules.first() else {
            outcome.outcome = "NoApplicableSyncRule".to_string();
            cs_out.push(outcome);
            continue;
        };
        let kind = cs_kind(config, &cso.system, &cso.object_type);
        let decisions: Vec<(&SyncRule, Decision)> = rules
            .iter()
            .map(|(_, r)| (*r, decide(&r.groups, &cso.attributes, &kind, state.now)))
            .collect();
        let in_scope = decisions.iter().find(|(_, d)| d.in_scope);
        let (rule, decision) = in_scope.unwrap_or(&decisions[0]);
        outcome.scope = Some(ScopeOutcome {
            in_scope: decision.in_scope,
            sync_rule: rule.name.clone(),
            reason: decision.reason.clone(),
        });
        let current = cso
            .joined_to
            .as_ref()
            .filter(|mv| ids.mv.contains_key(mv.as_str()));
        let placement = match (current, in_scope.is_some()) {
            (Some(mv), true) => {
                outcome.outcome = "Joined".to_string();
                outcome.metaverse_object_id = Some(mv.clone());
                Placement {
                    mv: Some(mv.clone()),
                    contributes: true,
                }
            }
            (Some(mv), false) => match first_rule.inbound_out_of_scope {
                OutOfScopeImport::RemainJoined => {
                    outcome.outcome = "OutOfScopeRetainJoin".to_string();
                    outcome.metaverse_object_id = Some(mv.clone());
                    Placement {
                        mv: Some(mv.clone()),
                        contributes: false,
                    }
                }
                OutOfScopeImport::Disconnect => {
                    outcome.outcome = "DisconnectedOutOfScope".to_string();
                    outcome.metaverse_object_id = Some(mv.clone());
                    lost_connector
                        .entry(mv.clone())
                        .or_default()
                        .push(cso.system.clone());
                    joined.remove(&(cso.system.clone(), mv.clone()));
                    Placement {
                        mv: None,
                        contributes: false,
                    }
                }
            },
            (None, false) => {
                outcome.outcome = "OutOfScope".to_string();
                Placement {
                    mv: None,
                    contributes: false,
                }
            }
            (None, true) => {
                let scoped: Vec<&SyncRule> = decisions
                    .iter()
                    .filter(|(_, d)| d.in_scope)
                    .map(|(r, _)| *r)
                    .collect();
                match match_object(config, state, cso, &scoped, &joined, &mut matches) {
                    Matched::Hit {
                        mv,
                        rule_order,
                        attribute,
                        value,
                    } => {
                        outcome.outcome = "Joined".to_string();
                        outcome.join = Some(JoinOutcome {
                            matching_rule: rule_order,
                            attribute,
                            value,
                        });
                        outcome.metaverse_object_id = Some(mv.clone());
                        joined.insert((cso.system.clone(), mv.clone()), cso.id.clone());
                        Placement {
                            mv: Some(mv),
                            contributes: true,
                        }
                    }
                    Matched::Problem(problem) => {
                        outcome.outcome = problem.kind.clone();
                        outcome.errors.push(problem);
                        Placement {
                            mv: None,
                            contributes: false,
                        }
                    }
                    Matched::Nothing => match scoped.iter().find(|r| r.project) {
                        Some(rule) => {
                            let id = format!("new:{}", cso.id);
                            outcome.outcome = "Projected".to_string();
                            outcome.metaverse_object_id = Some(id.clone());
                            projected.insert(id.clone(), rule.mv_type.clone());
                            joined.insert((cso.system.clone(), id.clone()), cso.id.clone());
                            Placement {
                                mv: Some(id),
                                contributes: true,
                            }
                        }
                        None => {
                            outcome.outcome = "NotJoined".to_string();
                            Placement {
                                mv: None,
                                contributes: false,
                            }
                        }
                    },
                }
            }
        };
        placements.insert(cso.id.as_str(), placement);
        cs_out.push(outcome);
    }

    // Inbound: every contributing object offers values; priorities decide per attribute.
    let mut contributions: HashMap<(String, String), Vec<Contribution>> = HashMap::new();
    let mut targeted: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut failed_objects: Vec<(usize, Problem)> = Vec::new();
    // A failed mapping leaves its target as it was.
    let mut kept: BTreeSet<(String, String)> = BTreeSet::new();
    for (index, cso) in state.cs_objects.iter().enumerate() {
        let Some(Placement {
            mv: Some(mv),
            contributes: true,
        }) = placements.get(cso.id.as_str())
        else {
            continue;
        };
        let inputs = Inputs {
            cs: Some(&cso.attributes),
            mv: None,
            now: state.now,
        };
        let mv_type = mv_type_of(&ids, &projected, mv);
        let kind = cs_kind(config, &cso.system, &cso.object_type);
        let mut offers = Vec::new();
        let mut object_failed = None;
        'rules: for (rule_index, rule) in rules_for(config, cso) {
            if rule.mv_type != mv_type
                || !decide(&rule.groups, &cso.attributes, &kind, state.now).in_scope
            {
                continue;
            }
            for mapping in rule.mappings.iter().filter(|m| m.enabled) {
                let Some(target) = &mapping.target_mv else {
                    continue;
                };
                targeted
                    .entry(mv.clone())
                    .or_default()
                    .insert(target.clone());
                let value = match source_value(
                    &mapping.sources,
                    &inputs,
                    Side::ConnectedSystem,
                    mapping.missing_input,
                ) {
                    Ok(value) => value,
                    Err(mut problem) => {
                        problem.sync_rule = Some(rule.name.clone());
                        problem.attribute = Some(target.clone());
                        let fails_object = problem.kind == "ExpressionEvaluationError"
                            || mapping.missing_input == MissingInput::FailObject;
                        if fails_object {
                            object_failed = Some(problem);
                            break 'rules;
                        }
                        kept.insert((mv.clone(), target.clone()));
                        failed_objects.push((index, problem));
                        continue;
                    }
                };
                let single = config
                    .mv_type(&mv_type)
                    .and_then(|t| t.attributes.iter().find(|a| a.name == *target))
                    .is_some_and(|a| !a.multi_valued);
                let value = match value {
                    Some(Value::List(items)) if single && items.len() > 1 => {
                        kept.insert((mv.clone(), target.clone()));
                        failed_objects.push((
                            index,
                            Problem {
                                kind: "MultiValuedToSingleValued".to_string(),
                                message: format!(
                                    "{} values cannot flow into single-valued \"{target}\"",
                                    items.len()
                                ),
                                sync_rule: Some(rule.name.clone()),
                                attribute: Some(target.clone()),
                            },
                        ));
                        continue;
                    }
                    Some(Value::List(items)) if single => items.into_iter().next(),
                    other => other,
                };
                let offered = match value {
                    Some(v) => Some(to_json(&v)),
                    None if mapping.null_is_value => None,
                    None => continue,
                };
                offers.push(Contribution {
                    mv: mv.clone(),
                    attribute: target.clone(),
                    priority: mapping.priority,
                    rule_index,
                    cso: cso.id.clone(),
                    value: offered,
                });
            }
        }
        match object_failed {
            Some(problem) => {
                // Nothing flows from a failed object: its targets keep their values.
                kept.extend(offers.iter().map(|o| (o.mv.clone(), o.attribute.clone())));
                if let Some(attribute) = &problem.attribute {
                    kept.insert((mv.clone(), attribute.clone()));
                }
                failed_objects.push((index, problem));
            }
            None => {
                for offer in offers {
                    contributions
                        .entry((offer.mv.clone(), offer.attribute.clone()))
                        .or_default()
                        .push(offer);
                }
            }
        }
    }
    for (index, problem) in failed_objects {
        cs_out[index].errors.push(problem);
    }

    // Metaverse objects after inbound: existing ones and projections.
    // Copied only where a value changes.
    let mut after: BTreeMap<&str, (&str, Cow<Map<String, Json>>)> = state
        .mv_objects
        .iter()
        .map(|m| {
            (
                m.id.as_str(),
                (m.object_type.as_str(), Cow::Borrowed(&m.attributes)),
            )
        })
        .collect();
    for (id, mv_type) in &projected {
        after.insert(id.as_str(), (mv_type.as_str(), Cow::Owned(Map::new())));
    }
    let mut changes: BTreeMap<String, Vec<AttributeChange>> = BTreeMap::new();
    for (mv, attributes) in &targeted {
        for attribute in attributes {
            if kept.contains(&(mv.clone(), attribute.clone())) {
                continue;
            }
            let mut offers: Vec<&Contribution> = contributions
                .get(&(mv.clone(), attribute.clone()))
                .map(|offers| offers.iter().collect())
                .unwrap_or_default();
            crate::order::sort_by(&mut offers, |a, b| {
                (a.priority, a.rule_index, &a.cso).cmp(&(b.priority, b.rule_index, &b.cso))
            });
            // Each attribute is resolved once, so `after` still holds its value from before.
            let previous = after
                .get(mv.as_str())
                .and_then(|(_, a)| a.get(attribute))
                .cloned()
                .unwrap_or(Json::Null);
            let (value, status, winner) = match offers.first() {
                Some(c) => match &c.value {
                    Some(v) => (v.clone(), "AttributeFlow", Some(*c)),
                    None => (Json::Null, "AssertedNull", Some(*c)),
                },
                None => (Json::Null, "NoContributor", None),
            };
            if same(&previous, &value) {
                continue;
            }
            if let Some((_, attrs)) = after.get_mut(mv.as_str()) {
                if value.is_null() {
                    attrs.to_mut().remove(attribute);
                } else {
                    attrs.to_mut().insert(attribute.clone(), value.clone());
                }
            }
            changes
                .entry(mv.clone())
                .or_default()
                .push(AttributeChange {
                    attribute: attribute.clone(),
                    before: previous,
                    after: value,
                    status: status.to_string(),
                    sync_rule: winner.map(|c| config.rules[c.rule_index].name.clone()),
                    priority: winner.map(|c| c.priority).filter(|p| *p != i64::MAX),
                });
        }
    }

    // Deletion of metaverse objects that lost a connector.
    let mut deleted: BTreeMap<String, &'static str> = BTreeMap::new();
    let still_joined: HashSet<&str> = joined.keys().map(|(_, mv)| mv.as_str()).collect();
    for (mv, systems) in &lost_connector {
        let Some((mv_type, _)) = after.get(mv.as_str()) else {
            continue;
        };
        let Some(definition) = config.mv_type(mv_type) else {
            continue;
        };
        let remaining = still_joined.contains(mv.as_str());
        let delete = match definition.deletion_rule {
            DeletionRule::Manual => false,
            DeletionRule::WhenLastConnectorDisconnected => !remaining,
            DeletionRule::WhenAuthoritativeSourceDisconnected => systems
                .iter()
                .any(|s| definition.authoritative_sources.contains(s)),
        };
        if delete {
            deleted.insert(
                mv.clone(),
                if definition.grace_period_days > 0.0 {
                    "MvoDeletionScheduled"
                } else {
                    "MvoDeleted"
                },
            );
        }
    }

    // Outbound.
    let mut mv_out = Vec::new();
    for (mv, (mv_type, attributes)) in &after {
        let mut outcome = MvOutcome {
            id: mv.to_string(),
            object_type: mv_type.to_string(),
            outcomes: Vec::new(),
            changes: changes.remove(*mv).unwrap_or_default(),
            exports: Vec::new(),
        };
        if projected.contains_key(*mv) {
            outcome.outcomes.push("Projected".to_string());
        }
        if !outcome.changes.is_empty() {
            outcome.outcomes.push("AttributeFlow".to_string());
        }
        let deletion = deleted.get(*mv).copied();
        if let Some(kind) = deletion {
            outcome.outcomes.push(kind.to_string());
        }
        let changed: BTreeSet<&str> = outcome
            .changes
            .iter()
            .map(|c| c.attribute.as_str())
            .collect();
        outcome.exports = outbound(
            config,
            state,
            &ids,
            mv,
            mv_type,
            attributes,
            &changed,
            deletion.is_some(),
            &joined,
        );
        if !outcome.outcomes.is_empty() || !outcome.exports.is_empty() {
            mv_out.push(outcome);
        }
    }

    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for c in &cs_out {
        *counts.entry(c.outcome.clone()).or_default() += 1;
        for e in &c.errors {
            if e.kind != c.outcome {
                *counts.entry(e.kind.clone()).or_default() += 1;
            }
        }
    }
    let mut deletions = 0;
    for m in &mv_out {
        for o in m.outcomes.iter().filter(|o| *o != "Projected") {
            *counts.entry(o.clone()).or_default() += 1;
            if o.starts_with("MvoDelet") {
                deletions += 1;
            }
        }
        for e in &m.exports {
            *counts.entry(e.outcome.clone()).or_default() += 1;
            if e.change_type == "Delete" {
                deletions += 1;
            }
        }
    }
    Preview {
        cs_objects: cs_out,
        mv_objects: mv_out,
        counts,
        deletions,
        objects: state.cs_objects.len() + state.mv_objects.len(),
    }
}

/// The state's objects by id, built once.
struct Index<'s> {
    mv: HashMap<&'s str, &'s MvObject>,
    cs: HashMap<&'s str, &'s CsObject>,
}

impl<'s> Index<'s> {
    fn new(state: &'s State) -> Self {
        Index {
            mv: state
                .mv_objects
                .iter()
                .map(|m| (m.id.as_str(), m))
                .collect(),
            cs: state
                .cs_objects
                .iter()
                .map(|c| (c.id.as_str(), c))
                .collect(),
        }
    }
}

/// Metaverse objects (positions in the state) by the matching form of one attribute's
/// values, per metaverse type, attribute and case sensitivity; each built on first use.
#[derive(Default)]
struct MatchIndex {
    by_attribute: HashMap<(String, String, bool), HashMap<String, Vec<usize>>>,
}

impl MatchIndex {
    fn get(
        &mut self,
        state: &State,
        mv_type: &str,
        attribute: &str,
        case_sensitive: bool,
    ) -> &HashMap<String, Vec<usize>> {
        self.by_attribute
            .entry((mv_type.to_string(), attribute.to_string(), case_sensitive))
            .or_insert_with(|| {
                let mut by_value: HashMap<String, Vec<usize>> = HashMap::new();
                for (position, m) in state.mv_objects.iter().enumerate() {
                    if m.object_type != mv_type {
                        continue;
                    }
                    for value in values_of(&m.attributes, attribute) {
                        let key = plain(&value, case_sensitive);
                        if key.is_empty() {
                            continue;
                        }
                        let positions = by_value.entry(key).or_default();
                        if positions.last() != Some(&position) {
                            positions.push(position);
                        }
                    }
                }
                by_value
            })
    }
}

/// An attribute's values, one for a single value.
fn values_of(attributes: &Map<String, Json>, name: &str) -> Vec<Value> {
    match lookup(attributes, name) {
        Value::List(items) => items,
        single => vec![single],
    }
}

fn mv_type_of(index: &Index, projected: &BTreeMap<String, String>, mv: &str) -> String {
    projected
        .get(mv)
        .cloned()
        .or_else(|| index.mv.get(mv).map(|m| m.object_type.clone()))
        .unwrap_or_default()
}

fn same(a: &Json, b: &Json) -> bool {
    match (a, b) {
        (Json::Number(x), Json::Number(y)) => x.as_f64() == y.as_f64(),
        _ => a == b,
    }
}

enum Matched {
    Hit {
        mv: String,
        rule_order: i64,
        attribute: String,
        value: Json,
    },
    Problem(Problem),
    Nothing,
}

/// Matching: rules in order; the first with exactly one hit joins, none tries the next, more
/// than one is ambiguous. A hit already joined in this system cannot be joined again.
fn match_object(
    config: &Config,
    state: &State,
    cso: &CsObject,
    scoped: &[&SyncRule],
    joined: &HashMap<(String, String), String>,
    matches: &mut MatchIndex,
) -> Matched {
    let advanced = config
        .system(&cso.system)
        .is_some_and(|s| s.matching_mode == MatchingMode::SyncRule);
    let rules: Vec<(&MatchingRule, &str)> = if advanced {
        scoped
            .iter()
            .flat_map(|r| {
                r.matching_rules
                    .iter()
                    .map(move |m| (m, r.mv_type.as_str()))
            })
            .collect()
    } else {
        let default_type = scoped.first().map_or("", |r| r.mv_type.as_str());
        config
            .cs_type(&cso.system, &cso.object_type)
            .map(|t| {
                t.matching_rules
                    .iter()
                    .map(|m| (m, m.mv_type.as_deref().unwrap_or(default_type)))
                    .collect()
            })
            .unwrap_or_default()
    };
    let inputs = Inputs {
        cs: Some(&cso.attributes),
        mv: None,
        now: state.now,
    };
    for (rule, mv_type) in rules {
        let Some(target) = &rule.target else { continue };
        let values = match source_value(
            &rule.sources,
            &inputs,
            Side::ConnectedSystem,
            MissingInput::EvaluateAnyway,
        ) {
            Ok(Some(Value::List(items))) => items,
            Ok(Some(value)) => vec![value],
            Ok(None) => continue,
            Err(problem) => return Matched::Problem(problem),
        };
        let wanted: Vec<String> = values
            .iter()
            .map(|v| plain(v, rule.case_sensitive))
            .filter(|v| !v.is_empty())
            .collect();
        let by_value = matches.get(state, mv_type, target, rule.case_sensitive);
        let mut positions: Vec<usize> = wanted
            .iter()
            .filter_map(|w| by_value.get(w))
            .flatten()
            .copied()
            .collect();
        positions.sort_unstable();
        positions.dedup();
        // Per hit, the first of its values that was wanted, as a scan would report it.
        let hits: Vec<(&str, String)> = positions
            .iter()
            .filter_map(|&p| {
                let m = &state.mv_objects[p];
                values_of(&m.attributes, target)
                    .iter()
                    .map(|v| plain(v, rule.case_sensitive))
                    .find(|v| !v.is_empty() && wanted.contains(v))
                    .map(|v| (m.id.as_str(), v))
            })
            .collect();
        match hits.as_slice() {
            [] => continue,
            [(mv, value)] => {
                if let Some(other) = joined
                    .get(&(cso.system.clone(), mv.to_string()))
                    .filter(|o| **o != cso.id)
                {
                    return Matched::Problem(Problem {
                        kind: "CouldNotJoinDueToExistingJoin".to_string(),
                        message: format!(
                            "matching rule {} found {mv}, already joined to {other}",
                            rule.order
                        ),
                        sync_rule: None,
                        attribute: Some(target.clone()),
                    });
                }
                return Matched::Hit {
                    mv: mv.to_string(),
                    rule_order: rule.order,
                    attribute: target.clone(),
                    value: Json::String(value.clone()),
                };
            }
            many => {
                let ids: Vec<&str> = many.iter().map(|(id, _)| *id).collect();
                return Matched::Problem(Problem {
                    kind: "AmbiguousMatch".to_string(),
                    message: format!(
                        "matching rule {} found {} metaverse objects: {}",
                        rule.order,
                        ids.len(),
                        ids.join(", ")
                    ),
                    sync_rule: None,
                    attribute: Some(target.clone()),
                });
            }
        }
    }
    Matched::Nothing
}

fn plain(value: &Value, case_sensitive: bool) -> String {
    let text = match value {
        Value::Text(s) => s.clone(),
        Value::Number(n) => to_json(&Value::Number(*n)).to_string(),
        Value::Null => String::new(),
        other => to_json(other).to_string(),
    };
    if case_sensitive {
        text
    } else {
        crate::case::to_lower(&text)
    }
}

/// Exports for one metaverse object: provisioning, updates (no-net-change suppressed),
/// drift corrections, and deprovisioning when it leaves scope or is deleted.
#[allow(clippy::too_many_arguments)]
fn outbound(
    config: &Config,
    state: &State,
    index: &Index,
    mv: &str,
    mv_type: &str,
    attributes: &Map<String, Json>,
    changed: &BTreeSet<&str>,
    deleted: bool,
    joined: &HashMap<(String, String), String>,
) -> Vec<Export> {
    let inputs = Inputs {
        mv: Some(attributes),
        cs: None,
        now: state.now,
    };
    let kind = mv_kind(config, mv_type);
    let mut exports = Vec::new();
    // Export rules by the (system, type) they feed.
    let mut targets: BTreeMap<(&str, &str), Vec<&SyncRule>> = BTreeMap::new();
    for rule in config
        .rules
        .iter()
        .filter(|r| r.enabled && r.direction == Direction::Export && r.mv_type == mv_type)
    {
        targets
            .entry((rule.system.as_str(), rule.cs_type.as_str()))
            .or_default()
            .push(rule);
    }
    for ((system, cs_type), rules) in targets {
        let cso = joined
            .get(&(system.to_string(), mv.to_string()))
            .and_then(|id| index.cs.get(id.as_str()))
            .copied()
            .filter(|c| c.object_type == cs_type);
        let in_scope: Vec<&SyncRule> = rules
            .iter()
            .copied()
            .filter(|r| !deleted && decide(&r.groups, attributes, &kind, state.now).in_scope)
            .collect();
        let export =
            |change_type: &str, outcome: &str, rule: &SyncRule, values: Vec<ExportValue>| Export {
                connected_system: system.to_string(),
                object_type: cs_type.to_string(),
                connected_system_object_id: cso.map(|c| c.id.clone()),
                change_type: change_type.to_string(),
                outcome: outcome.to_string(),
                sync_rule: rule.name.clone(),
                attributes: values,
            };
        let Some(rule) = in_scope.first() else {
            if let Some(rule) = cso.and(rules.first()) {
                // Delete wins among the rules that let the object go.
                let delete = rules.iter().any(|r| r.deprovision == Deprovision::Delete);
                let change = if delete { "Delete" } else { "Disconnect" };
                exports.push(export(change, "DeprovisionQueued", rule, Vec::new()));
            }
            continue;
        };
        let mut normal = Vec::new();
        let mut drift = Vec::new();
        for rule in &in_scope {
            for mapping in rule.mappings.iter().filter(|m| m.enabled) {
                let Some(target) = &mapping.target_cs else {
                    continue;
                };
                if cso.is_some() && mapping.initial_export_only {
                    continue;
                }
                let Ok(value) = source_value(
                    &mapping.sources,
                    &inputs,
                    Side::Metaverse,
                    mapping.missing_input,
                ) else {
                    continue;
                };
                let value = value.map_or(Json::Null, |v| to_json(&v));
                let Some(cso) = cso else {
                    if !value.is_null() {
                        normal.push(ExportValue {
                            name: target.clone(),
                            before: None,
                            after: value,
                        });
                    }
                    continue;
                };
                let current = cso.attributes.get(target).cloned().unwrap_or(Json::Null);
                if same(&current, &value) || normal.iter().any(|v: &ExportValue| &v.name == target)
                {
                    continue;
                }
                let reads = mapping_reads(&mapping.sources);
                let source_changed = reads.iter().any(|r| changed.contains(r.as_str()));
                let entry = ExportValue {
                    name: target.clone(),
                    before: Some(current),
                    after: value,
                };
                if source_changed {
                    normal.push(entry);
                } else if rule.enforce_state && !imports_from(config, system, &reads) {
                    drift.push(entry);
                }
            }
        }
        match cso {
            None if rule.provision => exports.push(export("Create", "Provisioned", rule, normal)),
            None => {}
            Some(_) => {
                drift.retain(|d| !normal.iter().any(|n| n.name == d.name));
                if !normal.is_empty() {
                    exports.push(export("Update", "PendingExportCreated", rule, normal));
                }
                if !drift.is_empty() {
                    exports.push(export("Update", "DriftCorrection", rule, drift));
                }
            }
        }
    }
    exports
}

/// The metaverse attributes a mapping's sources read.
fn mapping_reads(sources: &[Source]) -> Vec<String> {
    sources
        .iter()
        .flat_map(|s| match &s.kind {
            SourceKind::Attribute(_, name) => vec![name.clone()],
            SourceKind::Expression(expr, _) => accessed(expr),
            SourceKind::Invalid | SourceKind::Unparsed => Vec::new(),
        })
        .collect()
}

/// Whether a system is itself an import contributor for any of these metaverse attributes
/// (drift is then left to its own inbound flow).
fn imports_from(config: &Config, system: &str, attributes: &[String]) -> bool {
    config.rules.iter().any(|r| {
        r.enabled
            && r.direction == Direction::Import
            && r.system == system
            && r.mappings
                .iter()
                .any(|m| m.target_mv.as_ref().is_some_and(|t| attributes.contains(t)))
    })
}
