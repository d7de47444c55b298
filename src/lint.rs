//! The lint pipeline: read every document, check the job, locate and order the findings.

pub(crate) mod batches;

use crate::diagnostic::Findings;
use crate::document::{locate_all, read, Document, Parsed};
use crate::json::Arena;
use crate::jupiterone::job::JobOptions;
use crate::jupiterone::model::Upload;
use crate::jupiterone::plan::FinalizeOptions;
use crate::jupiterone::rules;
use crate::jupiterone::snapshot::{read_snapshot, State};
use crate::jupiterone::summary::read_summary;
use crate::report::baseline::{self, Role};
use crate::report::{Baseline, Report};

/// How the job starts: flags or API options, and optionally a start body document whose
/// fields the options override.
#[derive(Clone, Debug, Default)]
pub struct JobInput<'a> {
    pub options: JobOptions,
    pub body: Option<Document<'a>>,
}

impl<'a> JobInput<'a> {
    pub fn from_options(options: JobOptions) -> JobInput<'a> {
        JobInput {
            options,
            body: None,
        }
    }
}

/// What a run may be given besides the job, its uploads and the previous state.
#[derive(Clone, Debug, Default)]
pub struct RunExtras<'a> {
    /// The integration SDK's `summary.json` from the run that collected the uploads: its step
    /// results are checked, and its `metadata.partialDatasets` is the finalize body's unless
    /// `finalize` is given.
    pub summary: Option<Document<'a>>,
    /// The finalize body. Lint reasons with it too: entities of its partial types survive
    /// finalize, so relationships to them are not dangling.
    pub finalize: Option<FinalizeOptions>,
    /// Findings accepted for now (`Baseline::read`): those it counts are left out of the
    /// report, which counts them in `suppressed`.
    pub baseline: Option<&'a Baseline>,
    /// Record this run's findings (all of them, a baseline given or not) in `Report::baseline`.
    pub write_baseline: bool,
}

/// Lints a job: its start (options and optional start body) and its upload bodies, in order.
/// With a previous-state snapshot, the checks that need one run too.
pub fn lint(job: &JobInput, uploads: &[Document], snapshot: Option<&Document>) -> Report {
    run(job, uploads, snapshot, &RunExtras::default(), false)
}

/// Lints a job, then plans its finalize against the previous state in `snapshot`.
pub fn plan(
    job: &JobInput,
    uploads: &[Document],
    snapshot: &Document,
    finalize: &FinalizeOptions,
) -> Report {
    let extras = RunExtras {
        finalize: Some(finalize.clone()),
        ..RunExtras::default()
    };
    run(job, uploads, Some(snapshot), &extras, true)
}

/// `lint` with what else the run was given (an SDK summary, the finalize body).
pub fn lint_with(
    job: &JobInput,
    uploads: &[Document],
    snapshot: Option<&Document>,
    extras: &RunExtras,
) -> Report {
    run(job, uploads, snapshot, extras, false)
}

/// `plan` with what else the run was given (an SDK summary, the finalize body).
pub fn plan_with(
    job: &JobInput,
    uploads: &[Document],
    snapshot: &Document,
    extras: &RunExtras,
) -> Report {
    run(job, uploads, Some(snapshot), extras, true)
}

/// Reads upload body number `doc` (`bytes` long) as the checks see it.
fn read_body<'a>(
    doc: usize,
    parsed: &'a Parsed<'a>,
    bytes: usize,
    findings: &mut Findings,
) -> Upload<'a> {
    match &parsed.value {
        Some(value) => rules::read_upload(doc, value, bytes, findings),
        // Unreadable: an empty, incomplete body keeps document numbers aligned.
        None => Upload {
            doc,
            bytes,
            ..Upload::default()
        },
    }
}

fn run(
    job: &JobInput,
    uploads: &[Document],
    snapshot: Option<&Document>,
    extras: &RunExtras,
    planned: bool,
) -> Report {
    let mut findings = Findings::default();
    // Documents are numbered uploads first (so a document's number is its batch), then the
    // start body, the snapshot and the SDK summary.
    let mut documents: Vec<Document> = uploads.to_vec();
    let body_doc = documents.len();
    documents.extend(job.body);
    let snapshot_doc = documents.len();
    documents.extend(snapshot.copied());
    let summary_doc = documents.len();
    documents.extend(extras.summary);
    let arena = Arena::new();
    let parsed: Vec<Parsed> = documents
        .iter()
        .enumerate()
        .map(|(doc, document)| read(doc, document, &arena, &mut findings))
        .collect();

    let value_of = |doc: usize, given: bool| given.then(|| parsed[doc].value.as_ref()).flatten();
    let body = value_of(body_doc, job.body.is_some()).map(|v| (body_doc, v));
    let spec = rules::resolve_job(&job.options, body, &mut findings);
    let bodies: Vec<Upload> = parsed[..uploads.len()]
        .iter()
        .enumerate()
        .map(|(doc, p)| read_body(doc, p, uploads[doc].bytes.len(), &mut findings))
        .collect();
    let summary = value_of(summary_doc, extras.summary.is_some())
        .map(|v| read_summary(summary_doc, v, &mut findings));
    if let Some(summary) = &summary {
        rules::check_summary(summary, summary_doc, &mut findings);
    }
    let finalize = extras.finalize.clone().unwrap_or_else(|| FinalizeOptions {
        partial_types: summary
            .and_then(|s| s.partial_types)
            .unwrap_or_default()
            .into_iter()
            .map(str::to_string)
            .collect(),
    });
    let previous = value_of(snapshot_doc, snapshot.is_some())
        .map(|v| read_snapshot(snapshot_doc, v, &arena, &mut findings));
    let state = previous.as_ref().map(|s| State::new(s, &spec));
    rules::check_uploads(
        &spec,
        &bodies,
        state.as_ref(),
        &finalize.partial_types,
        &mut findings,
    );
    // A plan needs a readable previous state; without one the unreadable snapshot is the news.
    let plan = state
        .as_ref()
        .filter(|_| planned)
        .map(|state| crate::jupiterone::plan::build(&spec, &bodies, state, &finalize));

    // Job flags, the start body, the summary (what the run did), the uploads in order, then
    // the snapshot. A document that was not given has no number: without a start body,
    // `body_doc` is the snapshot's number.
    let given_body = job.body.is_some().then_some(body_doc);
    let given_summary = extras.summary.is_some().then_some(summary_doc);
    let rank = |doc: Option<usize>| match doc {
        None => 0,
        d if d == given_body => 1,
        d if d == given_summary => 2,
        Some(d) => d + 3,
    };
    let role = |doc: Option<usize>| match doc {
        None => Role::Options,
        Some(d) if d < uploads.len() => Role::Upload,
        Some(d) if job.body.is_some() && d == body_doc => Role::Job,
        Some(d) if snapshot.is_some() && d == snapshot_doc => Role::Snapshot,
        Some(_) => Role::Summary,
    };
    // Before the report bounds each rule's list, so that the baseline sees every finding.
    let baselined = baseline::apply(
        &mut findings,
        &bodies,
        &role,
        extras.baseline,
        extras.write_baseline,
    );
    let diagnostics = locate_all(findings, &documents, &parsed, &rank);
    let mut report = Report::new(spec, diagnostics);
    report.plan = plan;
    report.suppressed = baselined.suppressed;
    report.baseline = baselined.recorded;
    report
}
