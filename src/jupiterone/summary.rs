//! The integration SDK's `summary.json`: what `j1-integration collect` writes beside the graph
//! files it collected. Two parts matter before a sync: `metadata.partialDatasets.types`, which
//! `j1-integration sync` sends in the finalize body, and `integrationStepResults`, one entry per
//! step with the types it declared and encountered and whether it succeeded.

use crate::diagnostic::{declare_rule, quote, Findings, Place};
use crate::json::{Map, Value};

declare_rule! {
    /// The SDK's summary.json holds integrationStepResults and metadata.partialDatasets.types as the SDK writes them.
    SUMMARY_SHAPE: "summary-shape", Warning
}

/// One step's result, as `summary.json` records it.
#[derive(Debug, Default)]
pub struct StepResult<'a> {
    /// Its position in `integrationStepResults`, for pointers.
    pub index: usize,
    pub id: &'a str,
    pub status: &'a str,
    pub declared_types: Vec<&'a str>,
    /// The encountered types, each with its position in `encounteredTypes`.
    pub encountered_types: Vec<(usize, &'a str)>,
}

/// What a `summary.json` says.
#[derive(Debug, Default)]
pub struct Summary<'a> {
    /// `metadata.partialDatasets.types`, when the summary has it.
    pub partial_types: Option<Vec<&'a str>>,
    pub steps: Vec<StepResult<'a>>,
}

/// The statuses the SDK gives a step (`StepResultStatus`).
const STATUSES: [&str; 5] = [
    "success",
    "failure",
    "partial_success_due_to_dependency_failure",
    "disabled",
    "pending_evaluation",
];

/// Reads summary document number `doc`; what does not have the SDK's shape is reported and
/// left out, so the rest still counts.
pub fn read_summary<'a>(doc: usize, value: &'a Value<'a>, findings: &mut Findings) -> Summary<'a> {
    let mut summary = Summary::default();
    let mut wrong = |pointer: String, message: String| {
        findings
            .add(&SUMMARY_SHAPE, Place::value(Some(doc), pointer), message)
            .hint("give the summary.json that `j1-integration collect` wrote in the same run");
    };
    let Some(object) = value.as_object() else {
        wrong(
            String::new(),
            format!("summary.json must be an object, not {}", quote(value)),
        );
        return summary;
    };
    summary.partial_types = read_partial_types(object, &mut wrong);
    match object.get("integrationStepResults") {
        None => {}
        Some(Value::Array(steps)) => {
            for (index, step) in steps.iter().enumerate() {
                let pointer = format!("/integrationStepResults/{index}");
                match step.as_object() {
                    Some(fields) => {
                        if let Some(step) = read_step(index, fields, &pointer, &mut wrong) {
                            summary.steps.push(step);
                        }
                    }
                    None => wrong(
                        pointer,
                        format!("a step result must be an object, not {}", quote(step)),
                    ),
                }
            }
        }
        Some(other) => wrong(
            "/integrationStepResults".to_string(),
            format!(
                "integrationStepResults must be an array, not {}",
                quote(other)
            ),
        ),
    }
    summary
}

fn read_partial_types<'a>(
    object: &Map<'a>,
    wrong: &mut impl FnMut(String, String),
) -> Option<Vec<&'a str>> {
    let metadata = object.get("metadata")?;
    let partial = metadata.get("partialDatasets")?;
    let types = partial.get("types")?;
    strings(types, "/metadata/partialDatasets/types", wrong)
}

fn read_step<'a>(
    index: usize,
    fields: &Map<'a>,
    pointer: &str,
    wrong: &mut impl FnMut(String, String),
) -> Option<StepResult<'a>> {
    let Some(id) = fields.get("id").and_then(Value::as_str) else {
        wrong(
            pointer.to_string(),
            "a step result has no `id` string".to_string(),
        );
        return None;
    };
    let status = match fields.get("status").and_then(Value::as_str) {
        Some(status) if STATUSES.contains(&status) => status,
        Some(status) => {
            wrong(
                format!("{pointer}/status"),
                format!(
                    "step \"{id}\" has status \"{status}\", which the SDK does not give: use one of {}",
                    STATUSES.join(", ")
                ),
            );
            return None;
        }
        None => {
            wrong(
                pointer.to_string(),
                format!("step \"{id}\" has no `status` string"),
            );
            return None;
        }
    };
    let mut list = |member: &str| {
        fields
            .get(member)
            .and_then(|value| strings(value, &format!("{pointer}/{member}"), wrong))
            .unwrap_or_default()
    };
    let declared_types = list("declaredTypes");
    let encountered_types = list("encounteredTypes").into_iter().enumerate().collect();
    Some(StepResult {
        index,
        id,
        status,
        declared_types,
        encountered_types,
    })
}

/// A list of strings; anything else is reported and read as absent.
fn strings<'a>(
    value: &Value<'a>,
    pointer: &str,
    wrong: &mut impl FnMut(String, String),
) -> Option<Vec<&'a str>> {
    let items = value
        .as_array()
        .filter(|items| items.iter().all(Value::is_string));
    match items {
        Some(items) => Some(items.iter().filter_map(Value::as_str).collect()),
        None => {
            wrong(
                pointer.to_string(),
                format!(
                    "{} must be an array of type names",
                    pointer.rsplit('/').next().unwrap_or(pointer)
                ),
            );
            None
        }
    }
}
