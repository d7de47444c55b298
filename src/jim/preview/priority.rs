//! Phase 4, priority: per metaverse attribute the offer that wins (lowest priority number,
//! then rule order, then object id), an asserted null, or no contributor; the metaverse
//! objects as they stand after inbound flow.

use std::collections::BTreeMap;

use serde_json::Value as Json;

use super::flow::same;
use super::inbound::{Contribution, Target};
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

pub fn resolve<'s>(
    config: &Config,
    state: &State<'s>,
    projected: &'s BTreeMap<String, String>,
    by_target: BTreeMap<(&'s str, &'s str), Target>,
) -> Resolved<'s> {
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
    let mut changes: BTreeMap<&str, Vec<AttributeChange>> = BTreeMap::new();
    for ((mv, attribute), target) in by_target {
        if target.kept {
            continue;
        }
        let mut offers: Vec<&Contribution> = target.offers.iter().collect();
        crate::order::sort_by(&mut offers, |a, b| {
            (a.priority, a.rule_index, &a.cso).cmp(&(b.priority, b.rule_index, &b.cso))
        });
        let Some((_, attributes)) = after.get_mut(mv) else {
            continue;
        };
        // Each attribute is resolved once, so this is still its value from before.
        let previous = attributes.get(attribute);
        let (value, status, winner) = match offers.first() {
            Some(c) => match &c.value {
                Some(v) => (v.clone(), ChangeStatus::AttributeFlow, Some(*c)),
                None => (Json::Null, ChangeStatus::AssertedNull, Some(*c)),
            },
            None => (Json::Null, ChangeStatus::NoContributor, None),
        };
        if same(&previous, &value) {
            continue;
        }
        attributes
            .changed
            .insert(attribute.to_string(), value.clone());
        changes.entry(mv).or_default().push(AttributeChange {
            attribute: attribute.to_string(),
            before: previous,
            after: value,
            status,
            sync_rule: winner.map(|c| config.rules[c.rule_index].name.clone()),
            priority: winner.map(|c| c.priority).filter(|p| *p != i64::MAX),
        });
    }
    Resolved { after, changes }
}
