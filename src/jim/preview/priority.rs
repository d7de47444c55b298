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
use crate::support::fast_hash::FastMap;

/// A metaverse object after inbound flow.
pub struct MvAfter<'s> {
    pub id: &'s str,
    pub object_type: &'s str,
    /// Projected by this run.
    pub projected: bool,
    pub attributes: After<'s>,
    /// What inbound flow changed, in attribute order.
    pub changes: Vec<AttributeChange>,
}

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
    /// Every metaverse object, existing and projected, in id order.
    pub objects: Vec<MvAfter<'s>>,
    /// Positions in `objects` by id.
    at: FastMap<&'s str, usize>,
}

impl<'s> Resolved<'s> {
    /// The metaverse objects as they stand before inbound flow, existing and projected (a
    /// projected id that is also an existing one stands for the projected object).
    pub fn new(state: &State<'s>, projected: &'s BTreeMap<String, String>) -> Resolved<'s> {
        let existing = state
            .mv_objects
            .iter()
            .filter(|m| !projected.contains_key(m.id))
            .map(|m| MvAfter {
                id: m.id,
                object_type: m.object_type,
                projected: false,
                attributes: After {
                    state: m.attributes,
                    changed: BTreeMap::new(),
                },
                changes: Vec::new(),
            });
        let new = projected.iter().map(|(id, mv_type)| MvAfter {
            id,
            object_type: mv_type,
            projected: true,
            attributes: After::default(),
            changes: Vec::new(),
        });
        let mut objects: Vec<MvAfter> = existing.chain(new).collect();
        crate::support::order::sort_by(&mut objects, |a, b| a.id.cmp(b.id));
        let at = objects.iter().enumerate().map(|(i, o)| (o.id, i)).collect();
        Resolved { objects, at }
    }

    /// Decides each attribute of metaverse object `mv` that its writers spoke of.
    pub fn resolve(&mut self, config: &Config, names: &Names, mv: &str, said: Vec<Said>) {
        let Some(&position) = self.at.get(mv) else {
            return;
        };
        let object = &mut self.objects[position];
        let attributes = &mut object.attributes;
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
            object.changes.push(AttributeChange {
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
