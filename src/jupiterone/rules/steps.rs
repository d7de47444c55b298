//! Checks of an integration run's step results (the SDK's `summary.json`): failed steps, and
//! types a step collected without declaring them, which partial datasets cannot protect.

use super::{Findings, Place};
use crate::diagnostic::declare_rule;
use crate::jupiterone::summary::{StepResult, Summary};

/// Checks the step results of summary document number `doc`, step by step.
pub fn check_summary(summary: &Summary, doc: usize, findings: &mut Findings) {
    let partial = summary.partial_types.as_deref().unwrap_or_default();
    for step in &summary.steps {
        step_failed(step, doc, findings);
        step_undeclared_type(step, partial, doc, findings);
    }
}

declare_rule! {
    /// A step of the integration run failed: its types are kept as partial datasets, not deleted, and what it collected may be incomplete.
    STEP_FAILED: "step-failed", Warning
}

fn step_failed(step: &StepResult, doc: usize, findings: &mut Findings) {
    if !failed(step) {
        return;
    }
    let why = if step.status == "failure" {
        "failed"
    } else {
        "ran after a step it depends on failed"
    };
    let types = if step.declared_types.is_empty() {
        "it declares no types, so finalize keeps nothing for it".to_string()
    } else {
        format!(
            "finalize keeps its types ({}) as partial datasets instead of deleting them, and this run's objects of those types may be incomplete",
            step.declared_types.join(", ")
        )
    };
    findings
        .add(
            &STEP_FAILED,
            step_place(step, doc, "/status"),
            format!("step \"{}\" {why}: {types}", step.id),
        )
        .hint("the collect log names the step's error; fix it and run `j1-integration collect` again before syncing");
}

declare_rule! {
    /// A step collected a `_type` it does not declare: when the step fails, objects of that type are deleted instead of kept.
    STEP_UNDECLARED_TYPE: "step-undeclared-type", Warning
}

/// `partial`: the types the summary's partial datasets keep.
fn step_undeclared_type(step: &StepResult, partial: &[&str], doc: usize, findings: &mut Findings) {
    for &(position, type_name) in &step.encountered_types {
        if step.declared_types.contains(&type_name) {
            continue;
        }
        let consequence = if failed(step) && !partial.contains(&type_name) {
            "this step failed and the type is not in partialDatasets, so finalize deletes the objects of it that this run did not collect"
        } else {
            "when the step fails, the SDK keeps only its declared types, so finalize deletes the objects of this one"
        };
        findings
            .add(
                &STEP_UNDECLARED_TYPE,
                step_place(step, doc, &format!("/encounteredTypes/{position}")),
                format!(
                    "step \"{}\" collected _type \"{type_name}\" without declaring it: {consequence}",
                    step.id
                ),
            )
            .hint(format!(
                "add \"{type_name}\" to the step's declared entities or relationships"
            ));
    }
}

/// The statuses after which the SDK sends a step's declared types as partial datasets.
fn failed(step: &StepResult) -> bool {
    matches!(
        step.status,
        "failure" | "partial_success_due_to_dependency_failure"
    )
}

/// A member of the step's entry in `integrationStepResults`.
fn step_place(step: &StepResult, doc: usize, member: &str) -> Place {
    Place::value(
        Some(doc),
        format!("/integrationStepResults/{}{member}", step.index),
    )
}
