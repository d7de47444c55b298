//! Phase 2, deletion: which metaverse objects that lost a connector are deleted now or
//! scheduled for deletion, by their type's deletion rule.

use std::collections::BTreeMap;

use crate::support::fast_hash::FastSet;

use super::index::Ids;
use super::outcome::MvEvent;
use super::placement::Placement;
use crate::jim::model::{Config, DeletionRule};

/// Metaverse object → MvoDeleted or MvoDeletionScheduled.
pub type Deletions = BTreeMap<String, MvEvent>;

pub fn decide(config: &Config, ids: &Ids, placement: &Placement) -> Deletions {
    let still_joined: FastSet<&str> = placement
        .joined
        .values()
        .flat_map(|joins| joins.keys().map(String::as_str))
        .collect();
    let mut deleted = Deletions::new();
    for (mv, systems) in &placement.lost_connector {
        let Some(definition) = ids
            .mv
            .get(mv.as_str())
            .and_then(|m| config.mv_type(m.object_type))
        else {
            continue;
        };
        let delete = match definition.deletion_rule {
            DeletionRule::Manual => false,
            DeletionRule::WhenLastConnectorDisconnected => !still_joined.contains(mv.as_str()),
            DeletionRule::WhenAuthoritativeSourceDisconnected => systems
                .iter()
                .any(|s| definition.authoritative_sources.contains(s)),
        };
        if delete {
            let event = if definition.grace_period_days > 0.0 {
                MvEvent::MvoDeletionScheduled
            } else {
                MvEvent::MvoDeleted
            };
            deleted.insert(mv.clone(), event);
        }
    }
    deleted
}
