//! The preview of a full synchronisation over a state, without side effects, as phases:
//! placement (per connector-space object the scope decision, then join, projection or
//! nothing), deletion (of metaverse objects that lost a connector), inbound flow (what each
//! contributor offers), priority (which offer each attribute takes), outbound flow (provision,
//! export-side joins, updates without no-net-changes, drift corrections, deprovisioning) and
//! counting. Each phase reads the indexes built once in `index`, so a preview is linear in the
//! objects. Outcomes use JIM's names (`outcome`).

mod counting;
mod deletion;
mod flow;
mod inbound;
mod index;
mod outbound;
pub mod outcome;
mod placement;
mod priority;

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value as Json;

use super::model::Config;
use super::state::State;
use outcome::{ChangeStatus, ChangeType, CsResult, ExportOutcome, MvEvent, ProblemKind};

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Preview {
    #[serde(rename = "connectedSystemObjects")]
    pub cs_objects: Vec<CsOutcome>,
    #[serde(rename = "metaverseObjects")]
    pub mv_objects: Vec<MvOutcome>,
    /// How many of each outcome, by JIM's outcome names.
    pub counts: BTreeMap<String, usize>,
    /// Delete exports and metaverse deletions (for `--fail-on-delete`).
    pub deletions: usize,
    /// Objects the deletion guard's percentage is taken of.
    pub objects: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CsOutcome {
    pub id: String,
    pub connected_system: String,
    pub object_type: String,
    pub outcome: CsResult,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<ScopeOutcome>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub join: Option<JoinOutcome>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metaverse_object_id: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<Problem>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ScopeOutcome {
    pub in_scope: bool,
    pub sync_rule: String,
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct JoinOutcome {
    pub matching_rule: i64,
    pub attribute: String,
    pub value: Json,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Problem {
    pub kind: ProblemKind,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sync_rule: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attribute: Option<String>,
}

impl Problem {
    fn new(kind: ProblemKind, message: String) -> Problem {
        Problem {
            kind,
            message,
            sync_rule: None,
            attribute: None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MvOutcome {
    pub id: String,
    pub object_type: String,
    pub outcomes: Vec<MvEvent>,
    pub changes: Vec<AttributeChange>,
    pub exports: Vec<Export>,
    /// Export-side errors: a value that could not be exported, a target matched ambiguously.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<Problem>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AttributeChange {
    pub attribute: String,
    pub before: Json,
    pub after: Json,
    pub status: ChangeStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sync_rule: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub priority: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Export {
    pub connected_system: String,
    pub object_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connected_system_object_id: Option<String>,
    pub change_type: ChangeType,
    pub outcome: ExportOutcome,
    pub sync_rule: String,
    pub attributes: Vec<ExportValue>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ExportValue {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before: Option<Json>,
    pub after: Json,
}

/// Previews a full synchronisation of every connected system in the state.
pub fn preview(config: &Config, state: &State) -> Preview {
    let ids = index::Ids::new(state);
    let mut placed = placement::place(config, state, &ids);
    let deleted = deletion::decide(config, &ids, &placed);
    let offers = inbound::offers(config, state, &ids, &placed, &deleted);
    let resolved = priority::resolve(config, state, &placed.projected, offers.by_target);
    let mv_out = outbound::exports(config, state, &ids, &placed, resolved, &deleted);
    // Flow errors join their objects once nothing borrows the placement any more.
    for (position, problem) in offers.problems {
        placed.cs_out[position].errors.push(problem);
    }
    counting::count(placed.cs_out, mv_out, state)
}
