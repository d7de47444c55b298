//! The indexes every phase reads instead of scanning: objects by id, metaverse objects by the
//! value of a matching attribute, and unjoined connector-space objects by the value of a
//! matching rule's source. Each is built once (the value indexes on first use).

use crate::support::fast_hash::{FastMap, FastSet};

use super::flow::{cs_match_keys, match_keys, values_of};
use crate::jim::model::MatchingRule;
use crate::jim::state::{CsObject, MvObject, State};

/// The state's objects by id.
pub struct Ids<'s> {
    pub mv: FastMap<&'s str, &'s MvObject<'s>>,
    pub cs: FastMap<&'s str, &'s CsObject<'s>>,
}

impl<'s> Ids<'s> {
    pub fn new(state: &'s State<'s>) -> Self {
        Ids {
            mv: state.mv_objects.iter().map(|m| (m.id, m)).collect(),
            cs: state.cs_objects.iter().map(|c| (c.id, c)).collect(),
        }
    }
}

/// Positions in the state's object list by matching form of a value.
type ByValue = FastMap<String, Vec<usize>>;

fn insert(by_value: &mut ByValue, keys: Vec<String>, position: usize) {
    for key in keys {
        let positions = by_value.entry(key).or_default();
        // An object listed once however many of its values match.
        if positions.last() != Some(&position) {
            positions.push(position);
        }
    }
}

/// Metaverse objects by one attribute's values, per metaverse type, attribute and case.
#[derive(Default)]
pub struct MvByValue {
    built: FastMap<(String, String, bool), ByValue>,
}

impl MvByValue {
    /// Positions of the objects of `mv_type` with any of `wanted` in `attribute`, in order.
    pub fn find(
        &mut self,
        state: &State,
        mv_type: &str,
        attribute: &str,
        case_sensitive: bool,
        wanted: &[String],
    ) -> Vec<usize> {
        let by_value = self
            .built
            .entry((mv_type.to_string(), attribute.to_string(), case_sensitive))
            .or_insert_with(|| {
                let mut by_value = ByValue::default();
                for (position, m) in state.mv_objects.iter().enumerate() {
                    if m.object_type == mv_type {
                        let keys = match_keys(values_of(&m.attributes, attribute), case_sensitive);
                        insert(&mut by_value, keys, position);
                    }
                }
                by_value
            });
        lookup_all(by_value, wanted)
    }
}

fn lookup_all(by_value: &ByValue, wanted: &[String]) -> Vec<usize> {
    let mut positions: Vec<usize> = wanted
        .iter()
        .filter_map(|w| by_value.get(w))
        .flatten()
        .copied()
        .collect();
    crate::support::order::sort(&mut positions);
    positions.dedup();
    positions
}

/// Connector-space objects that no metaverse object is joined to, by the values of a matching
/// rule's source, per system, object type and matching rule: export-side matching.
#[derive(Default)]
pub struct UnjoinedByValue {
    built: FastMap<(String, String, String), ByValue>,
}

impl UnjoinedByValue {
    /// Positions of the unjoined objects of `system`/`cs_type` whose source value under `rule`
    /// is any of `wanted`, in order.
    pub fn find(
        &mut self,
        state: &State,
        joined: &FastSet<&str>,
        (system, cs_type): (&str, &str),
        rule: &MatchingRule,
        wanted: &[String],
    ) -> Vec<usize> {
        let key = (
            system.to_string(),
            cs_type.to_string(),
            rule.pointer.clone(),
        );
        let by_value = self.built.entry(key).or_insert_with(|| {
            let mut by_value = ByValue::default();
            for (position, c) in state.cs_objects.iter().enumerate() {
                if c.system != system || c.object_type != cs_type || joined.contains(c.id) {
                    continue;
                }
                // An object whose source fails to evaluate is matched by nothing.
                if let Ok(Some(keys)) = cs_match_keys(rule, c, state.now) {
                    insert(&mut by_value, keys, position);
                }
            }
            by_value
        });
        lookup_all(by_value, wanted)
    }
}
