//! Phase 1, placement: per connector-space object the scope decision (the first import rule
//! in scope, else the first rule's reason), then where it stands: still joined, joined by a
//! matching rule, projected, disconnected, or none of these and why.

use std::collections::BTreeMap;

use serde_json::Value as Json;

use super::flow::{cs_kind, cs_match_keys, import_rules, plain, values_of};
use super::index::{Ids, MvByValue};
use super::names::{Name, Names};
use super::outcome::{CsResult, Placed, ProblemKind};
use super::{CsOutcome, JoinOutcome, Problem, ScopeOutcome};
use crate::jim::model::{Config, MatchingMode, MatchingRule, OutOfScopeImport, SyncRule};
use crate::jim::scoping::{decide, in_scope};
use crate::jim::state::{CsObject, State};
use crate::support::fast_hash::FastMap;

/// A joined object that stops contributing this run.
pub struct Leaver {
    /// The object's position in the state.
    pub position: usize,
    pub mv: String,
    /// Disconnected, rather than out of scope and still joined.
    pub disconnected: bool,
}

/// Joins per system, then per metaverse object: the connector-space object. Keyed by system
/// first so that a lookup borrows its key instead of building one.
pub type Joins<'s> = FastMap<&'s str, FastMap<String, &'s str>>;

pub struct Placement<'s> {
    /// Per object, in state order (see `contribution`).
    pub cs_out: Vec<CsOutcome>,
    /// New metaverse objects: id → type.
    pub projected: BTreeMap<String, String>,
    /// Metaverse objects that lost a connector → the systems it was in.
    pub lost_connector: BTreeMap<String, Vec<String>>,
    pub leavers: Vec<Leaver>,
    /// Joins after placement, per (system, metaverse object): the connector-space object.
    pub joined: Joins<'s>,
}

/// Places every connector-space object of the state.
pub fn place<'s>(config: &Config, state: &State<'s>, ids: &Ids, names: &Names) -> Placement<'s> {
    let mut joined = Joins::default();
    for c in &state.cs_objects {
        if let Some(mv) = c.joined_to {
            joined
                .entry(c.system)
                .or_default()
                .insert(mv.to_string(), c.id);
        }
    }
    let mut placement = Placement {
        cs_out: Vec::with_capacity(state.cs_objects.len()),
        projected: BTreeMap::new(),
        lost_connector: BTreeMap::new(),
        leavers: Vec::new(),
        joined,
    };
    let mut by_value = MvByValue::default();
    for position in 0..state.cs_objects.len() {
        let outcome = place_one(
            config,
            state,
            ids,
            names,
            &mut by_value,
            &mut placement,
            position,
        );
        placement.cs_out.push(outcome);
    }
    placement
}

impl Placement<'_> {
    /// The metaverse object the connector-space object at `position` contributes to: the one
    /// it is joined to or projected, while in scope.
    pub fn contribution(&self, position: usize) -> Option<&str> {
        let outcome = &self.cs_out[position];
        match outcome.outcome {
            CsResult::Placed(Placed::Joined | Placed::Projected) => {
                outcome.metaverse_object_id.as_deref()
            }
            _ => None,
        }
    }
}

fn place_one<'s>(
    config: &Config,
    state: &State<'s>,
    ids: &Ids,
    names: &Names,
    by_value: &mut MvByValue,
    placement: &mut Placement<'s>,
    position: usize,
) -> CsOutcome {
    let cso = &state.cs_objects[position];
    let rules = import_rules(config, cso);
    let mut outcome = CsOutcome {
        id: cso.id.to_string(),
        connected_system: names.get(cso.system),
        object_type: names.get(cso.object_type),
        outcome: CsResult::Placed(Placed::NoApplicableSyncRule),
        scope: None,
        join: None,
        metaverse_object_id: None,
        errors: Vec::new(),
    };
    let Some(&(_, first_rule)) = rules.first() else {
        return outcome;
    };
    let kind = cs_kind(config, cso.system, cso.object_type);
    let decisions: Vec<(&SyncRule, bool)> = rules
        .iter()
        .map(|(_, r)| (*r, in_scope(&r.groups, &cso.attributes, &kind, state.now)))
        .collect();
    let first_in_scope = decisions.iter().find(|(_, d)| *d);
    // The reason is told for the rule that decided: the first in scope, else the first.
    let rule = first_in_scope.unwrap_or(&decisions[0]).0;
    let decision = decide(&rule.groups, &cso.attributes, &kind, state.now);
    outcome.scope = Some(ScopeOutcome {
        in_scope: decision.in_scope,
        sync_rule: names.get(&rule.name),
        reason: names.get(&decision.reason),
    });
    let current = cso.joined_to.as_ref().filter(|mv| ids.mv.contains_key(*mv));
    let placed = match (current, first_in_scope.is_some()) {
        (Some(mv), true) => {
            outcome.metaverse_object_id = Some(Name::from(*mv));
            Placed::Joined
        }
        (Some(mv), false) => {
            outcome.metaverse_object_id = Some(Name::from(*mv));
            let disconnected = first_rule.inbound_out_of_scope == OutOfScopeImport::Disconnect;
            placement.leavers.push(Leaver {
                position,
                mv: mv.to_string(),
                disconnected,
            });
            if !disconnected {
                return CsOutcome {
                    outcome: CsResult::Placed(Placed::OutOfScopeRetainJoin),
                    ..outcome
                };
            }
            placement
                .lost_connector
                .entry(mv.to_string())
                .or_default()
                .push(cso.system.to_string());
            if let Some(joins) = placement.joined.get_mut(cso.system) {
                joins.remove(*mv);
            }
            Placed::DisconnectedOutOfScope
        }
        (None, false) => Placed::OutOfScope,
        (None, true) => {
            let scoped: Vec<&SyncRule> = decisions
                .iter()
                .filter(|(_, d)| *d)
                .map(|(r, _)| *r)
                .collect();
            let matched = match_object(
                config,
                state,
                names,
                cso,
                &scoped,
                &placement.joined,
                by_value,
            );
            match matched {
                Matched::Hit { mv, join } => {
                    outcome.join = Some(Box::new(join));
                    join_now(placement, &mut outcome, cso, mv);
                    Placed::Joined
                }
                Matched::Problem(problem) => {
                    outcome.outcome = CsResult::Failed(problem.kind);
                    outcome.errors.push(problem);
                    return outcome;
                }
                Matched::Nothing => match scoped.iter().find(|r| r.project) {
                    Some(rule) => {
                        let id = format!("new:{}", cso.id);
                        placement.projected.insert(id.clone(), rule.mv_type.clone());
                        join_now(placement, &mut outcome, cso, id);
                        Placed::Projected
                    }
                    None => Placed::NotJoined,
                },
            }
        }
    };
    outcome.outcome = CsResult::Placed(placed);
    outcome
}

/// Records that `cso` joins metaverse object `mv` in this run, in the joins and in its
/// outcome.
fn join_now<'s>(
    placement: &mut Placement<'s>,
    outcome: &mut CsOutcome,
    cso: &CsObject<'s>,
    mv: String,
) {
    placement
        .joined
        .entry(cso.system)
        .or_default()
        .insert(mv.clone(), cso.id);
    outcome.metaverse_object_id = Some(Name::from(mv));
}

enum Matched {
    Hit { mv: String, join: JoinOutcome },
    Problem(Problem),
    Nothing,
}

/// Matching: rules in order; the first with exactly one hit joins, none tries the next, more
/// than one is ambiguous. A hit already joined in this system cannot be joined again.
fn match_object(
    config: &Config,
    state: &State,
    names: &Names,
    cso: &CsObject,
    scoped: &[&SyncRule],
    joined: &Joins,
    by_value: &mut MvByValue,
) -> Matched {
    let advanced = config
        .system(cso.system)
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
            .cs_type(cso.system, cso.object_type)
            .map(|t| {
                t.matching_rules
                    .iter()
                    .map(|m| (m, m.mv_type.as_deref().unwrap_or(default_type)))
                    .collect()
            })
            .unwrap_or_default()
    };
    for (rule, mv_type) in rules {
        let Some(target) = &rule.target else { continue };
        let wanted = match cs_match_keys(rule, cso, state.now) {
            Ok(Some(keys)) => keys,
            Ok(None) => continue,
            Err(problem) => return Matched::Problem(problem),
        };
        let positions = by_value.find(state, mv_type, target, rule.case_sensitive, &wanted);
        // Per hit, the first of its values that was wanted.
        let hits: Vec<(&str, String)> = positions
            .iter()
            .filter_map(|&p| {
                let m = &state.mv_objects[p];
                values_of(&m.attributes, target)
                    .iter()
                    .map(|v| plain(v, rule.case_sensitive))
                    .find(|v| !v.is_empty() && wanted.contains(v))
                    .map(|v| (m.id, v))
            })
            .collect();
        match hits.as_slice() {
            [] => continue,
            [(mv, value)] => {
                if let Some(other) = joined
                    .get(cso.system)
                    .and_then(|joins| joins.get(*mv))
                    .filter(|o| **o != cso.id)
                {
                    return Matched::Problem(Problem {
                        attribute: Some(target.clone()),
                        ..Problem::new(
                            ProblemKind::CouldNotJoinDueToExistingJoin,
                            format!(
                                "matching rule {} found {mv}, already joined to {other}",
                                rule.order
                            ),
                        )
                    });
                }
                return Matched::Hit {
                    mv: mv.to_string(),
                    join: JoinOutcome {
                        matching_rule: rule.order,
                        attribute: names.get(target),
                        value: Json::String(value.clone()),
                    },
                };
            }
            many => {
                let ids: Vec<&str> = many.iter().map(|(id, _)| *id).collect();
                return Matched::Problem(Problem {
                    attribute: Some(target.clone()),
                    ..Problem::new(
                        ProblemKind::AmbiguousMatch,
                        format!(
                            "matching rule {} found {} metaverse objects: {}",
                            rule.order,
                            ids.len(),
                            ids.join(", ")
                        ),
                    )
                });
            }
        }
    }
    Matched::Nothing
}
