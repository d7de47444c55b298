//! Phase 6, counting: how many of each outcome, and the deletions the guard weighs.

use std::collections::BTreeMap;

use super::outcome::{ChangeType, CsResult, MvEvent};
use super::{CsOutcome, MvOutcome, Preview};
use crate::jim::state::State;

pub fn count(cs_out: Vec<CsOutcome>, mv_out: Vec<MvOutcome>, state: &State) -> Preview {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut add = |name: &str| *counts.entry(name.to_string()).or_default() += 1;
    for c in &cs_out {
        add(c.outcome.as_str());
        for e in &c.errors {
            // A failure that is the outcome is counted once.
            if c.outcome != CsResult::Failed(e.kind) {
                add(e.kind.as_str());
            }
        }
    }
    let mut deletions = 0;
    for m in &mv_out {
        // Projections are counted on their connector-space objects.
        for event in m.outcomes.iter().filter(|o| **o != MvEvent::Projected) {
            add(event.as_str());
            if matches!(event, MvEvent::MvoDeleted | MvEvent::MvoDeletionScheduled) {
                deletions += 1;
            }
        }
        for e in &m.exports {
            add(e.outcome.as_str());
            if e.change_type == ChangeType::Delete {
                deletions += 1;
            }
        }
        for e in &m.errors {
            add(e.kind.as_str());
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
