//! Checks of the start body (`POST /persister/synchronization/jobs`) and how flags and the
//! body merge into the job that would start.

use super::{quote, quote_str, Findings, Place};
use crate::diagnostic::declare_rule;
use crate::json::Value;
use crate::jupiterone::job::{
    JobOptions, JobSpec, SyncMode, SOURCE_API, SOURCE_INTEGRATION_EXTERNAL,
};

/// Where a start-body field came from: a flag, or a member of the start body document.
#[derive(Clone, Copy)]
enum Origin {
    Flag,
    Body(usize),
}

impl Origin {
    fn place(self, member: &str) -> Place {
        match self {
            Origin::Flag => Place::value(None, String::new()),
            Origin::Body(doc) => Place::value(Some(doc), format!("/{member}")),
        }
    }
}

struct Field {
    value: Option<String>,
    origin: Origin,
}

/// The start body's fields with the flags merged over them, as the checks read them.
struct Start {
    source: Field,
    mode: Field,
    scope: Field,
    instance: Field,
    /// The mode the job runs in: DIFF when none or an unknown one is given.
    sync_mode: SyncMode,
    /// Where findings about the start body as a whole point.
    whole: Place,
}

impl Start {
    fn is_api(&self) -> bool {
        self.source.value.as_deref() == Some(SOURCE_API)
    }
}

/// Merges the flags over the start body (flags win), checks the result and returns the job.
/// `body` is the start body document's index and parsed value, when one was given.
pub fn resolve_job(
    flags: &JobOptions,
    body: Option<(usize, &Value)>,
    findings: &mut Findings,
) -> JobSpec {
    let from_body = body.and_then(|(doc, value)| job_body(doc, value, findings));
    let body_doc = body.map(|(doc, _)| doc);
    let whole = match body_doc {
        Some(doc) => Place::value(Some(doc), String::new()),
        None => Place::value(None, String::new()),
    };
    let pick = |flag: &Option<String>, from_body: Option<&Option<String>>| match (flag, body_doc) {
        (Some(value), _) => Field {
            value: Some(value.clone()),
            origin: Origin::Flag,
        },
        (None, Some(doc)) => Field {
            value: from_body.cloned().flatten(),
            origin: Origin::Body(doc),
        },
        (None, None) => Field {
            value: None,
            origin: Origin::Flag,
        },
    };
    let b = from_body.as_ref();
    let mut source = pick(&flags.source, b.map(|o| &o.source));
    if source.value.is_none() && body.is_none() {
        // Without a start body the CLI and the API default to `api`.
        source.value = Some(SOURCE_API.to_string());
    }
    let mode = pick(&flags.sync_mode, b.map(|o| &o.sync_mode));
    let sync_mode = job_sync_mode(&mode, findings);
    let start = Start {
        source,
        mode,
        scope: pick(&flags.scope, b.map(|o| &o.scope)),
        instance: pick(
            &flags.integration_instance_id,
            b.map(|o| &o.integration_instance_id),
        ),
        sync_mode,
        whole,
    };
    job_source(&start, findings);
    job_scope_required(&start, findings);
    job_scope_not_allowed(&start, findings);
    job_instance_required(&start, findings);
    job_mode_source(&start, findings);
    job_scope_name(&start, findings);
    override_gated(&start, findings);

    let is_api = start.is_api();
    JobSpec {
        source: start.source.value,
        sync_mode,
        scope: if is_api { start.scope.value } else { None },
        integration_instance_id: start.instance.value,
        ignore_duplicates: flags
            .ignore_duplicates
            .or(b.and_then(|o| o.ignore_duplicates))
            .unwrap_or(false),
    }
}

declare_rule! {
    /// The start body is an object whose fields have the documented types.
    JOB_BODY: "job-body", Error
}

/// Reads the start body's fields, reporting any of the wrong type.
fn job_body(doc: usize, value: &Value, findings: &mut Findings) -> Option<JobOptions> {
    let Some(object) = value.as_object() else {
        findings
            .add(
                &JOB_BODY,
                Place::value(Some(doc), String::new()),
                format!("the start body must be an object, not {}", quote(value)),
            )
            .hint("write {\"source\": \"api\", \"syncMode\": \"DIFF\", \"scope\": \"…\"}");
        return None;
    };
    let mut options = JobOptions::default();
    for (name, member) in object {
        let place = || Place::value(Some(doc), format!("/{name}"));
        let slot = match name {
            "source" => &mut options.source,
            "syncMode" => &mut options.sync_mode,
            "scope" => &mut options.scope,
            "integrationInstanceId" => &mut options.integration_instance_id,
            "ignoreDuplicates" => {
                match member {
                    Value::Bool(b) => options.ignore_duplicates = Some(*b),
                    other => {
                        findings.add(
                            &JOB_BODY,
                            place(),
                            format!("`ignoreDuplicates` must be a boolean, not {}", quote(other)),
                        );
                    }
                }
                continue;
            }
            _ => {
                findings
                    .add(
                        &JOB_BODY,
                        Place {
                            anchor: super::Anchor::Key,
                            ..place()
                        },
                        format!("unknown start-body field {}", quote_str(name)),
                    )
                    .hint("the start body takes source, syncMode, scope, integrationInstanceId and ignoreDuplicates");
                continue;
            }
        };
        match member {
            Value::String(s) => *slot = Some(s.to_string()),
            Value::Null => {}
            other => {
                findings.add(
                    &JOB_BODY,
                    place(),
                    format!("`{name}` must be a string, not {}", quote(other)),
                );
            }
        }
    }
    Some(options)
}

declare_rule! {
    /// `source` is `api` or `integration-external`.
    JOB_SOURCE: "job-source", Error
}

fn job_source(start: &Start, findings: &mut Findings) {
    let source = &start.source;
    match source.value.as_deref() {
        Some(SOURCE_API) | Some(SOURCE_INTEGRATION_EXTERNAL) => {}
        Some(other) => {
            findings
                .add(
                    &JOB_SOURCE,
                    source.origin.place("source"),
                    format!("unknown source {}", quote_str(other)),
                )
                .hint("use \"api\" or \"integration-external\"");
        }
        None => {
            findings
                .add(
                    &JOB_SOURCE,
                    start.whole.clone(),
                    "the start body has no `source`",
                )
                .hint("add \"source\": \"api\" (with a scope) or \"integration-external\"");
        }
    }
}

declare_rule! {
    /// `syncMode` is DIFF, PATCH, CROSS_SCOPE or OVERRIDE (CREATE_OR_UPDATE no longer functions).
    JOB_SYNC_MODE: "job-sync-mode", Error
}

/// The mode the job runs in: the given one when it is known, else DIFF.
fn job_sync_mode(mode: &Field, findings: &mut Findings) -> SyncMode {
    let Some(name) = mode.value.as_deref() else {
        return SyncMode::Diff;
    };
    if let Some(parsed) = SyncMode::parse(name) {
        return parsed;
    }
    let place = mode.origin.place("syncMode");
    if name == "CREATE_OR_UPDATE" {
        findings
            .add(
                &JOB_SYNC_MODE,
                place,
                "syncMode \"CREATE_OR_UPDATE\" is deprecated and no longer functions",
            )
            .hint("use PATCH to add or update without deleting");
    } else {
        let suggestion = SyncMode::parse(&name.to_ascii_uppercase().replace('-', "_"))
            .map(|m| format!("did you mean \"{}\"?", m.as_str()))
            .unwrap_or_else(|| "use DIFF, PATCH, CROSS_SCOPE or OVERRIDE".to_string());
        findings
            .add(
                &JOB_SYNC_MODE,
                place,
                format!("unknown syncMode {}", quote_str(name)),
            )
            .hint(suggestion);
    }
    SyncMode::Diff
}

declare_rule! {
    /// Source `api` needs a `scope`.
    JOB_SCOPE_REQUIRED: "job-scope-required", Error
}

fn job_scope_required(start: &Start, findings: &mut Findings) {
    if start.is_api() && start.scope.value.is_none() {
        findings
            .add(
                &JOB_SCOPE_REQUIRED,
                start.whole.clone(),
                "source \"api\" needs a `scope`",
            )
            .hint("name a stable scope for this pipeline, e.g. \"vuln-scanner-nightly\"");
    }
}

declare_rule! {
    /// `scope` is only allowed with source `api`.
    JOB_SCOPE_NOT_ALLOWED: "job-scope-not-allowed", Error
}

fn job_scope_not_allowed(start: &Start, findings: &mut Findings) {
    // Without a source there is no telling whether a scope is allowed (job-source reports it).
    if start.is_api() || start.source.value.is_none() {
        return;
    }
    if let Some(scope) = &start.scope.value {
        findings
            .add(
                &JOB_SCOPE_NOT_ALLOWED,
                start.scope.origin.place("scope"),
                format!("`scope` {} is only allowed with source \"api\"", quote_str(scope)),
            )
            .hint("remove the scope: an integration-external job's scope is its integrationInstanceId");
    }
}

declare_rule! {
    /// Source `integration-external` needs an `integrationInstanceId`.
    JOB_INSTANCE_REQUIRED: "job-instance-required", Error
}

fn job_instance_required(start: &Start, findings: &mut Findings) {
    if start.source.value.as_deref() == Some(SOURCE_INTEGRATION_EXTERNAL)
        && start.instance.value.is_none()
    {
        findings
            .add(
                &JOB_INSTANCE_REQUIRED,
                start.whole.clone(),
                "source \"integration-external\" needs an `integrationInstanceId`",
            )
            .hint("use the instance ID shown on the custom integration's page (on the command line: --instance ID, or JUPITERONE_INTEGRATION_INSTANCE_ID for an SDK folder)");
    }
}

declare_rule! {
    /// CROSS_SCOPE and OVERRIDE jobs need source `api`.
    JOB_MODE_SOURCE: "job-mode-source", Error
}

fn job_mode_source(start: &Start, findings: &mut Findings) {
    let sync_mode = start.sync_mode;
    if !matches!(sync_mode, SyncMode::CrossScope | SyncMode::Override) || start.is_api() {
        return;
    }
    if let Some(source) = &start.source.value {
        findings
            .add(
                &JOB_MODE_SOURCE,
                start.source.origin.place("source"),
                format!(
                    "{} jobs need source \"api\", not {}",
                    sync_mode.as_str(),
                    quote_str(source)
                ),
            )
            .hint("start the job with \"source\": \"api\" and a scope");
    }
}

declare_rule! {
    /// A scope that looks dated or one-off does not reconcile with the next run and leaves data behind.
    JOB_SCOPE_NAME: "job-scope-name", Info
}

fn job_scope_name(start: &Start, findings: &mut Findings) {
    if !start.is_api() {
        return;
    }
    let Some(scope) = &start.scope.value else {
        return;
    };
    if let Some(why) = one_off_scope(scope) {
        findings
            .add(
                &JOB_SCOPE_NAME,
                start.scope.origin.place("scope"),
                format!("scope {} {why}", quote_str(scope)),
            )
            .hint("reuse one stable scope per pipeline so each run reconciles the last one's data");
    }
}

/// Why a scope name looks like a one-off, if it does.
fn one_off_scope(scope: &str) -> Option<&'static str> {
    let lower = scope.to_ascii_lowercase();
    if contains_date(scope.as_bytes()) {
        return Some(
            "contains a date: the next run's scope will differ and this one's data will linger",
        );
    }
    ["upload-", "tmp", "test"]
        .iter()
        .any(|prefix| lower.starts_with(prefix))
        .then_some("looks like a one-off: data under it is never reconciled by a later run")
}

/// Whether the text holds a date like 2026-04-28 or 20260428.
fn contains_date(bytes: &[u8]) -> bool {
    let digit = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_digit);
    let year = |i: usize| matches!(bytes.get(i..i + 2), Some(b"19") | Some(b"20"));
    (0..bytes.len()).any(|i| {
        let boundary = i == 0 || !bytes[i - 1].is_ascii_digit();
        boundary
            && year(i)
            && (i..i + 4).all(digit)
            && ((bytes.get(i + 4) == Some(&b'-')
                && digit(i + 5)
                && digit(i + 6)
                && bytes.get(i + 7) == Some(&b'-')
                && digit(i + 8)
                && digit(i + 9))
                || ((i + 4..i + 8).all(digit) && !digit(i + 8)))
    })
}

declare_rule! {
    /// OVERRIDE is enabled per account; others get `OVERRIDE sync mode is not enabled for this account`.
    OVERRIDE_GATED: "override-gated", Info
}

fn override_gated(start: &Start, findings: &mut Findings) {
    if start.sync_mode == SyncMode::Override {
        findings
            .add(
                &OVERRIDE_GATED,
                start.mode.origin.place("syncMode"),
                "OVERRIDE is gated per account: without access the API answers `OVERRIDE sync mode is not enabled for this account`",
            )
            .hint("ask JupiterOne support to enable OVERRIDE for the account");
    }
}
