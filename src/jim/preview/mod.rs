//! The preview of a full synchronisation over a state, without side effects, as phases:
//! placement (per connector-space object the scope decision, then join, projection or
//! nothing), deletion (of metaverse objects that lost a connector), inbound flow (what each
//! contributor offers), priority (which offer each attribute takes), outbound flow (provision,
//! export-side joins, updates without no-net-changes, drift corrections, deprovisioning) and
//! counting. Each phase reads the indexes built once in `index`, so a preview is linear in the
//! objects; inbound flow and priority run one metaverse object at a time, so that only its
//! offers are held. Outcomes use JIM's names (`outcome`).

mod counting;
mod deletion;
mod flow;
mod inbound;
mod index;
pub mod names;
mod outbound;
pub mod outcome;
mod placement;
mod priority;

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value as Json;

use super::model::Config;
use super::state::State;
use names::{Name, Names};
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
    pub connected_system: Name,
    pub object_type: Name,
    pub outcome: CsResult,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<ScopeOutcome>,
    /// Boxed: few objects join by matching, and every object's outcome is held to the end.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub join: Option<Box<JoinOutcome>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metaverse_object_id: Option<Name>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<Problem>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ScopeOutcome {
    pub in_scope: bool,
    pub sync_rule: Name,
    pub reason: Name,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct JoinOutcome {
    pub matching_rule: i64,
    pub attribute: Name,
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

    /// `count` values of a multi-valued attribute met single-valued `attribute` under sync
    /// rule `rule` (inbound or outbound): the value does not flow.
    fn multi_valued_to_single(rule: &str, attribute: &str, count: usize) -> Problem {
        Problem {
            sync_rule: Some(rule.to_string()),
            attribute: Some(attribute.to_string()),
            ..Problem::new(
                ProblemKind::MultiValuedToSingleValued,
                format!("{count} values cannot flow into single-valued \"{attribute}\""),
            )
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MvOutcome {
    pub id: String,
    pub object_type: Name,
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
    pub attribute: Name,
    pub before: Json,
    pub after: Json,
    pub status: ChangeStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sync_rule: Option<Name>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub priority: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Export {
    pub connected_system: Name,
    pub object_type: Name,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connected_system_object_id: Option<String>,
    pub change_type: ChangeType,
    pub outcome: ExportOutcome,
    pub sync_rule: Name,
    pub attributes: Vec<ExportValue>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ExportValue {
    pub name: Name,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before: Option<Json>,
    pub after: Json,
}

/// Previews a full synchronisation of every connected system in the state.
pub fn preview(config: &Config, state: &State) -> Preview {
    let ids = index::Ids::new(state);
    let names = Names::default();
    let mut placed = placement::place(config, state, &ids, &names);
    let deleted = deletion::decide(config, &ids, &placed);
    let mut resolved = priority::Resolved::new(state, &placed.projected);
    let mut problems = Vec::new();
    let writers = inbound::writers(&placed);
    for group in writers.chunk_by(|a, b| a.0 == b.0) {
        let mv = group[0].0;
        let offers = inbound::offers(config, state, &ids, &placed, &deleted, mv, group);
        problems.extend(offers.problems);
        resolved.resolve(config, &names, mv, offers.said);
    }
    // Gone before outbound flow, which allocates the exports: memory handed back to the
    // allocator is reused there instead of added to the peak.
    drop(writers);
    let mv_out = outbound::exports(config, state, &ids, &names, &placed, resolved, &deleted);
    // Flow errors join their objects once nothing borrows the placement any more.
    for (position, problem) in problems {
        placed.cs_out[position].errors.push(problem);
    }
    counting::count(placed.cs_out, mv_out, state)
}
