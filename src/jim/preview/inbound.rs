//! Phase 3, inbound flow: what every contributing connector-space object offers each
//! metaverse attribute, mapping by mapping, and which attributes lose a contributor that
//! leaves (recalled, or frozen while their object waits for deletion).

use std::collections::BTreeMap;

use serde_json::Value as Json;

use super::deletion::Deletions;
use super::flow::{cs_kind, import_rules, source_value};
use super::index::Ids;
use super::outcome::ProblemKind;
use super::placement::Placement;
use super::Problem;
use crate::jim::eval::{to_json, Inputs, Value};
use crate::jim::expr::Side;
use crate::jim::model::{Config, MissingInput};
use crate::jim::scoping::in_scope;
use crate::jim::state::State;

/// One mapping's offer for a metaverse attribute.
pub struct Contribution {
    pub priority: i64,
    pub rule_index: usize,
    pub cso: String,
    /// The value; `None` is an asserted null.
    pub value: Option<Json>,
}

/// A metaverse attribute some contributor writes (or wrote, before leaving).
#[derive(Default)]
pub struct Target {
    pub offers: Vec<Contribution>,
    /// A failed mapping, a failed object or a pending deletion leaves the value as it was.
    pub kept: bool,
}

pub struct Offers<'p> {
    /// Per (metaverse object, attribute), in that order; the names are borrowed from the
    /// placement and the configuration.
    pub by_target: BTreeMap<(&'p str, &'p str), Target>,
    /// Flow errors per connector-space object position.
    pub problems: Vec<(usize, Problem)>,
}

fn mv_type_of<'a>(ids: &'a Ids, placement: &'a Placement, mv: &str) -> &'a str {
    placement
        .projected
        .get(mv)
        .map(String::as_str)
        .or_else(|| ids.mv.get(mv).map(|m| m.object_type))
        .unwrap_or_default()
}

pub fn offers<'p>(
    config: &'p Config,
    state: &State,
    ids: &Ids,
    placement: &'p Placement,
    deleted: &Deletions,
) -> Offers<'p> {
    let mut out = Offers {
        by_target: BTreeMap::new(),
        problems: Vec::new(),
    };
    for (position, (cso, mv)) in state
        .cs_objects
        .iter()
        .zip(&placement.contributes_to)
        .enumerate()
    {
        let Some(mv) = mv.as_deref() else { continue };
        let inputs = Inputs {
            cs: Some(&cso.attributes),
            mv: None,
            now: state.now,
        };
        let mv_type = mv_type_of(ids, placement, mv);
        let kind = cs_kind(config, cso.system, cso.object_type);
        let mut offers: Vec<(&str, Contribution)> = Vec::new();
        let mut object_failed = None;
        'rules: for (rule_index, rule) in import_rules(config, cso) {
            if rule.mv_type != mv_type || !in_scope(&rule.groups, &cso.attributes, &kind, state.now)
            {
                continue;
            }
            for mapping in rule.mappings.iter().filter(|m| m.enabled) {
                let Some(target) = &mapping.target_mv else {
                    continue;
                };
                let key = (mv, target.as_str());
                out.by_target.entry(key).or_default();
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
                        let fails_object = problem.kind == ProblemKind::ExpressionEvaluationError
                            || mapping.missing_input == MissingInput::FailObject;
                        if fails_object {
                            object_failed = Some((problem, target.as_str()));
                            break 'rules;
                        }
                        keep(&mut out, key);
                        out.problems.push((position, problem));
                        continue;
                    }
                };
                let single = config
                    .mv_type(mv_type)
                    .and_then(|t| t.attributes.iter().find(|a| a.name == *target))
                    .is_some_and(|a| !a.multi_valued);
                let value = match value {
                    Some(Value::List(items)) if single && items.len() > 1 => {
                        keep(&mut out, key);
                        out.problems.push((
                            position,
                            Problem {
                                sync_rule: Some(rule.name.clone()),
                                attribute: Some(target.clone()),
                                ..Problem::new(
                                    ProblemKind::MultiValuedToSingleValued,
                                    format!(
                                        "{} values cannot flow into single-valued \"{target}\"",
                                        items.len()
                                    ),
                                )
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
                offers.push((
                    target.as_str(),
                    Contribution {
                        priority: mapping.priority,
                        rule_index,
                        cso: cso.id.to_string(),
                        value: offered,
                    },
                ));
            }
        }
        match object_failed {
            Some((problem, failed_target)) => {
                // Nothing flows from a failed object: its targets keep their values.
                for (attribute, _) in offers {
                    keep(&mut out, (mv, attribute));
                }
                keep(&mut out, (mv, failed_target));
                out.problems.push((position, problem));
            }
            None => {
                for (attribute, offer) in offers {
                    let target = out.by_target.entry((mv, attribute)).or_default();
                    target.offers.push(offer);
                }
            }
        }
    }
    recall(config, state, ids, placement, deleted, &mut out);
    out
}

fn keep<'p>(out: &mut Offers<'p>, key: (&'p str, &'p str)) {
    out.by_target.entry(key).or_default().kept = true;
}

/// A contributor that leaves (out of scope, or disconnected with
/// RemoveContributedAttributesOnObsoletion on) no longer offers its attributes: each is
/// resolved again among those that remain, and with none left is cleared. While the metaverse
/// object waits for deletion, or goes now, its values stay as they are.
fn recall<'p>(
    config: &'p Config,
    state: &State,
    ids: &Ids,
    placement: &'p Placement,
    deleted: &Deletions,
    out: &mut Offers<'p>,
) {
    for leaver in &placement.leavers {
        let cso = &state.cs_objects[leaver.position];
        let removes = config
            .cs_type(cso.system, cso.object_type)
            .is_none_or(|t| t.remove_contributed_on_obsoletion);
        if leaver.disconnected && !removes {
            continue;
        }
        let mv_type = mv_type_of(ids, placement, &leaver.mv);
        let frozen = deleted.contains_key(&leaver.mv);
        for (_, rule) in import_rules(config, cso) {
            if rule.mv_type != mv_type {
                continue;
            }
            for target in rule
                .mappings
                .iter()
                .filter(|m| m.enabled)
                .filter_map(|m| m.target_mv.as_ref())
            {
                let entry = out
                    .by_target
                    .entry((leaver.mv.as_str(), target.as_str()))
                    .or_default();
                entry.kept |= frozen;
            }
        }
    }
}
