//! Phase 4, priority: per metaverse attribute the offer that wins (lowest priority number,
//! then rule order, then object id), an asserted null, or no contributor; the metaverse
//! objects as they stand after inbound flow.

use std::collections::BTreeMap;

use serde_json::Value as Json;

use super::flow::{same, same_as_state};
use super::inbound::{Said, Say};
use super::names::Names;
use super::outcome::ChangeStatus;
use super::AttributeChange;
use crate::jim::eval::{from_json, from_parsed, Attributes, Value};
use crate::jim::model::Config;
use crate::jim::state::State;
use crate::json::Map;

/// A metaverse object's type and attributes after inbound flow.
pub type MvAfter<'s> = (&'s str, After<'s>);

/// A metaverse object's attributes after inbound flow: the state's, under the values that
/// changed (null for a value removed). Only changes are held: most objects have none.
#[derive(Default)]
pub struct After<'s> {
    pub state: Map<'s>,
    pub changed: BTreeMap<String, Json>,
}

impl After<'_> {
    /// Whether `name` (exactly as spelled) holds `value` already.
    pub fn holds(&self, name: &str, value: &Json) -> bool {
        match self.changed.get(name) {
            Some(changed) => same(changed, value),
            None => same_as_state(self.state.get(name), value),
        }
    }

    /// The value of `name` exactly as spelled, null when there is none.
    pub fn get(&self, name: &str) -> Json {
        match self.changed.get(name) {
            Some(value) => value.clone(),
            None => self.state.get(name).map_or(Json::Null, |v| v.to_serde()),
        }
    }
}

impl Attributes for After<'_> {
    fn lookup(&self, name: &str) -> Value {
        let changed = self
            .changed
            .iter()
            .find(|(k, v)| !v.is_null() && k.eq_ignore_ascii_case(name));
        let state = self
            .state
            .iter()
            .filter(|(k, _)| !self.changed.contains_key(*k) && k.eq_ignore_ascii_case(name))
            .min_by(|a, b| a.0.cmp(b.0));
        match (changed, state) {
            (Some((k, v)), Some((s, _))) if k.as_str() < s => from_json(v),
            (_, Some((_, v))) => from_parsed(v),
            (Some((_, v)), None) => from_json(v),
            (None, None) => Value::Null,
        }
    }
}

pub struct Resolved<'s> {
    /// Every metaverse object, existing and projected, by id.
    pub after: BTreeMap<&'s str, MvAfter<'s>>,
    pub changes: BTreeMap<&'s str, Vec<AttributeChange>>,
}

impl<'s> Resolved<'s> {
    /// The metaverse objects as they stand before inbound flow, existing and projected.
    pub fn new(state: &State<'s>, projected: &'s BTreeMap<String, String>) -> Resolved<'s> {
        let mut after: BTreeMap<&str, MvAfter> = state
            .mv_objects
            .iter()
            .map(|m| {
                (
                    m.id,
                    (
                        m.object_type,
                        After {
                            state: m.attributes,
                            changed: BTreeMap::new(),
                        },
                    ),
                )
            })
            .collect();
        for (id, mv_type) in projected {
            after.insert(id.as_str(), (mv_type.as_str(), After::default()));
        }
        Resolved {
            after,
            changes: BTreeMap::new(),
        }
    }

    /// Decides each attribute of metaverse object `mv` that its writers spoke of.
    pub fn resolve(&mut self, config: &Config, names: &Names, mv: &str, said: Vec<Said>) {
        // Changes are keyed by the object's own id, so that nothing kept borrows the writers.
        let Some(mv) = self.after.get_key_value(mv).map(|(&id, _)| id) else {
            return;
        };
        let Some((_, attributes)) = self.after.get_mut(mv) else {
            return;
        };
        // `said` is sorted by attribute, and within one the first word decides (see
        // `Offers::sort`).
        let mut decided = None;
        for Said { attribute, say } in said {
            if decided == Some(attribute) {
                continue;
            }
            decided = Some(attribute);
            let (value, status, winner) = match say {
                Say::Keep => continue,
                Say::Offer(c) => {
                    let winner = Some((c.rule_index, c.priority));
                    match c.value {
                        Some(v) => (v, ChangeStatus::AttributeFlow, winner),
                        None => (Json::Null, ChangeStatus::AssertedNull, winner),
                    }
                }
                Say::Recall => (Json::Null, ChangeStatus::NoContributor, None),
            };
            // Each attribute is resolved once, so this is still its value from before.
            if attributes.holds(attribute, &value) {
                continue;
            }
            let previous = attributes.get(attribute);
            attributes
                .changed
                .insert(attribute.to_string(), value.clone());
            self.changes.entry(mv).or_default().push(AttributeChange {
                attribute: names.get(attribute),
                before: previous,
                after: value,
                status,
                sync_rule: winner.map(|(rule, _)| names.get(&config.rules[rule].name)),
                priority: winner.map(|(_, p)| p).filter(|p| *p != i64::MAX),
            });
        }
    }
}
