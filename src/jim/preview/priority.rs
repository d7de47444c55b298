//! Phase 4, priority: per metaverse attribute the offer that wins (lowest priority number,
//! then rule order, then object id), an asserted null, or no contributor; the metaverse
//! objects as they stand after inbound flow.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde_json::{Map, Value as Json};

use super::flow::same;
use super::inbound::{Contribution, Target};
use super::outcome::ChangeStatus;
use super::AttributeChange;
use crate::jim::model::Config;
use crate::jim::state::State;

/// A metaverse object's type and attributes, copied only where a value changed.
pub type MvAfter<'s> = (&'s str, Cow<'s, Map<String, Json>>);

pub struct Resolved<'s> {
    /// Every metaverse object, existing and projected, by id.
    pub after: BTreeMap<&'s str, MvAfter<'s>>,
    pub changes: BTreeMap<String, Vec<AttributeChange>>,
}

pub fn resolve<'s>(
    config: &Config,
    state: &'s State,
    projected: &'s BTreeMap<String, String>,
    by_target: BTreeMap<(String, String), Target>,
) -> Resolved<'s> {
    let mut after: BTreeMap<&str, MvAfter> = state
        .mv_objects
        .iter()
        .map(|m| {
            (
                m.id.as_str(),
                (m.object_type.as_str(), Cow::Borrowed(&m.attributes)),
            )
        })
        .collect();
    for (id, mv_type) in projected {
        after.insert(id.as_str(), (mv_type.as_str(), Cow::Owned(Map::new())));
    }
    let mut changes: BTreeMap<String, Vec<AttributeChange>> = BTreeMap::new();
    for ((mv, attribute), target) in by_target {
        if target.kept {
            continue;
        }
        let mut offers: Vec<&Contribution> = target.offers.iter().collect();
        crate::order::sort_by(&mut offers, |a, b| {
            (a.priority, a.rule_index, &a.cso).cmp(&(b.priority, b.rule_index, &b.cso))
        });
        let Some((_, attributes)) = after.get_mut(mv.as_str()) else {
            continue;
        };
        // Each attribute is resolved once, so this is still its value from before.
        let previous = attributes.get(&attribute).cloned().unwrap_or(Json::Null);
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
        if value.is_null() {
            attributes.to_mut().remove(&attribute);
        } else {
            attributes.to_mut().insert(attribute.clone(), value.clone());
        }
        changes.entry(mv).or_default().push(AttributeChange {
            attribute,
            before: previous,
            after: value,
            status,
            sync_rule: winner.map(|c| config.rules[c.rule_index].name.clone()),
            priority: winner.map(|c| c.priority).filter(|p| *p != i64::MAX),
        });
    }
    Resolved { after, changes }
}
