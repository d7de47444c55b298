//! Phase 3, inbound flow: what every contributing connector-space object offers each
//! metaverse attribute, mapping by mapping, and which attributes lose a contributor that
//! leaves (recalled, or frozen while their object waits for deletion). It runs one metaverse
//! object at a time (`writers` groups them), so that only one object's offers are held.

use serde_json::Value as Json;

use super::deletion::Deletions;
use super::flow::{cs_kind, import_rules, source_value};
use super::index::Ids;
use super::outcome::ProblemKind;
use super::placement::{Leaver, Placement};
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
    /// The offering object's position in the state, which is sorted by id: positions order
    /// offers as ids would.
    pub cso: usize,
    /// The value; `None` is an asserted null.
    pub value: Option<Json>,
}

/// What one writer says about a metaverse attribute.
pub enum Say {
    /// A failed mapping, a failed object or a pending deletion: the value stays as it was.
    Keep,
    /// A value (or an asserted null) for priority to weigh.
    Offer(Contribution),
    /// The attribute is written by a contributor that offers nothing now (a null it does not
    /// assert, or it left): without an offer from another, the value is recalled.
    Recall,
}

impl Say {
    /// Keeps before offers, offers before recalls: the first of an attribute decides it.
    fn rank(&self) -> u8 {
        match self {
            Say::Keep => 0,
            Say::Offer(_) => 1,
            Say::Recall => 2,
        }
    }
}

/// What a writer says about one attribute of the metaverse object.
pub struct Said<'p> {
    pub attribute: &'p str,
    pub say: Say,
}

/// What the writers of one metaverse object say, and the flow errors they met.
pub struct Offers<'p> {
    /// Sorted by attribute, then as priority weighs it (`sort`).
    pub said: Vec<Said<'p>>,
    /// Flow errors per connector-space object position.
    pub problems: Vec<(usize, Problem)>,
}

impl<'p> Offers<'p> {
    fn say(&mut self, attribute: &'p str, say: Say) {
        self.said.push(Said { attribute, say });
    }

    /// Orders what was said by attribute, and within one keeps first, then offers by
    /// priority, rule order and object id, then recalls.
    fn sort(&mut self) {
        crate::support::order::sort_by(&mut self.said, |a, b| {
            let weight = |s: &Said| match &s.say {
                Say::Offer(c) => (s.say.rank(), c.priority, c.rule_index, c.cso),
                other => (other.rank(), 0, 0, 0),
            };
            (a.attribute, weight(a)).cmp(&(b.attribute, weight(b)))
        });
    }
}

/// Who writes a metaverse object's attributes this run.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Writer {
    /// A contributing connector-space object, by position in the state.
    Contributor(usize),
    /// A contributor leaving the object, by position in `Placement::leavers`.
    Leaver(usize),
}

/// Every metaverse object's writers, grouped by object (in id order), contributors first.
pub fn writers<'p>(placement: &'p Placement) -> Vec<(&'p str, Writer)> {
    let contributors = (0..placement.cs_out.len()).filter_map(|position| {
        Some((
            placement.contribution(position)?,
            Writer::Contributor(position),
        ))
    });
    let leavers = placement
        .leavers
        .iter()
        .enumerate()
        .map(|(i, leaver)| (leaver.mv.as_str(), Writer::Leaver(i)));
    let mut writers: Vec<_> = contributors.chain(leavers).collect();
    crate::support::order::sort(&mut writers);
    writers
}

fn mv_type_of<'a>(ids: &'a Ids, placement: &'a Placement, mv: &str) -> &'a str {
    placement
        .projected
        .get(mv)
        .map(String::as_str)
        .or_else(|| ids.mv.get(mv).map(|m| m.object_type))
        .unwrap_or_default()
}

/// What the writers of metaverse object `mv` (its group of `writers`) say about its
/// attributes.
pub fn offers<'p>(
    config: &'p Config,
    state: &State,
    ids: &Ids,
    placement: &Placement,
    deleted: &Deletions,
    mv: &str,
    writers: &[(&str, Writer)],
) -> Offers<'p> {
    let mut out = Offers {
        said: Vec::new(),
        problems: Vec::new(),
    };
    let mv_type = mv_type_of(ids, placement, mv);
    for &(_, writer) in writers {
        match writer {
            Writer::Contributor(position) => {
                contribute(config, state, position, mv_type, &mut out);
            }
            Writer::Leaver(i) => {
                recall(
                    config,
                    state,
                    &placement.leavers[i],
                    mv_type,
                    deleted,
                    &mut out,
                );
            }
        }
    }
    out.sort();
    out
}

/// What the contributor at `position` offers, mapping by mapping; a failed object offers
/// nothing and keeps every attribute it writes.
fn contribute<'p>(
    config: &'p Config,
    state: &State,
    position: usize,
    mv_type: &str,
    out: &mut Offers<'p>,
) {
    let cso = &state.cs_objects[position];
    let inputs = Inputs {
        cs: Some(&cso.attributes),
        mv: None,
        now: state.now,
    };
    let kind = cs_kind(config, cso.system, cso.object_type);
    let mut offers: Vec<(&str, Say)> = Vec::new();
    let mut object_failed = None;
    'rules: for (rule_index, rule) in import_rules(config, cso) {
        if rule.mv_type != mv_type || !in_scope(&rule.groups, &cso.attributes, &kind, state.now) {
            continue;
        }
        for mapping in rule.mappings.iter().filter(|m| m.enabled) {
            let Some(target) = &mapping.target_mv else {
                continue;
            };
            let target_name = target.as_str();
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
                        object_failed = Some((problem, target_name));
                        break 'rules;
                    }
                    out.say(target_name, Say::Keep);
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
                    out.say(target_name, Say::Keep);
                    out.problems.push((
                        position,
                        Problem::multi_valued_to_single(&rule.name, target, items.len()),
                    ));
                    continue;
                }
                Some(Value::List(items)) if single => items.into_iter().next(),
                other => other,
            };
            let say = match value {
                Some(v) => Say::Offer(Contribution {
                    priority: mapping.priority,
                    rule_index,
                    cso: position,
                    value: Some(to_json(&v)),
                }),
                None if mapping.null_is_value => Say::Offer(Contribution {
                    priority: mapping.priority,
                    rule_index,
                    cso: position,
                    value: None,
                }),
                None => Say::Recall,
            };
            offers.push((target_name, say));
        }
    }
    match object_failed {
        Some((problem, failed_target)) => {
            // Nothing flows from a failed object: its targets keep their values.
            for (attribute, _) in offers {
                out.say(attribute, Say::Keep);
            }
            out.say(failed_target, Say::Keep);
            out.problems.push((position, problem));
        }
        None => {
            for (attribute, say) in offers {
                out.say(attribute, say);
            }
        }
    }
}

/// A contributor that leaves (out of scope, or disconnected with
/// RemoveContributedAttributesOnObsoletion on) no longer offers its attributes: each is
/// resolved again among those that remain, and with none left is cleared. While the metaverse
/// object waits for deletion, or goes now, its values stay as they are.
fn recall<'p>(
    config: &'p Config,
    state: &State,
    leaver: &Leaver,
    mv_type: &str,
    deleted: &Deletions,
    out: &mut Offers<'p>,
) {
    let cso = &state.cs_objects[leaver.position];
    let removes = config
        .cs_type(cso.system, cso.object_type)
        .is_none_or(|t| t.remove_contributed_on_obsoletion);
    if leaver.disconnected && !removes {
        return;
    }
    let say = || {
        if deleted.contains_key(&leaver.mv) {
            Say::Keep
        } else {
            Say::Recall
        }
    };
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
            out.say(target.as_str(), say());
        }
    }
}
