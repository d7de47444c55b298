//! The lint pipeline: read every document, check the job, locate and order the findings.

use std::borrow::Cow;

use crate::diagnostic::Diagnostic;
use crate::diagnostic::{Anchor, Findings, Place};
use crate::json::parse::{AnomalyKind, Lists};
use crate::json::{self, lines::LineIndex, locate, Arena, Value};
use crate::jupiterone::job::JobOptions;
use crate::jupiterone::model::Upload;
use crate::jupiterone::plan::FinalizeOptions;
use crate::jupiterone::rules;
use crate::jupiterone::snapshot::{read_snapshot, State};
use crate::jupiterone::summary::read_summary;
use crate::report::baseline::{self, Role};
use crate::report::{Baseline, Report};

/// One input file: a name for messages (`None` for unnamed input) and its bytes.
#[derive(Clone, Copy, Debug)]
pub struct Document<'a> {
    pub name: Option<&'a str>,
    pub bytes: &'a [u8],
}

impl<'a> Document<'a> {
    pub fn new(name: &'a str, text: &'a str) -> Document<'a> {
        Document {
            name: Some(name),
            bytes: text.as_bytes(),
        }
    }
}

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

/// A document after reading: its text (the readable prefix, for bad UTF-8), its value, where
/// its top lists' elements start and, when it was read whole, where its lines start.
pub(crate) struct Parsed<'a> {
    pub text: Cow<'a, str>,
    pub value: Option<Value<'a>>,
    pub lists: Lists,
    pub lines: Option<LineIndex>,
}

/// Reads document number `doc`; its lists and objects go into `arena`.
pub(crate) fn read<'a>(
    doc: usize,
    document: &Document<'a>,
    arena: &'a Arena<'a>,
    findings: &mut Findings,
) -> Parsed<'a> {
    let (text, ascii, result) = match json::decode_noting_ascii(document.bytes) {
        Ok((text, ascii)) => (Cow::Borrowed(text), ascii, json::parse_noting(text, arena)),
        Err(error) => {
            let bytes = json::without_bom(document.bytes);
            let readable = &bytes[..error.offset.min(bytes.len())];
            (String::from_utf8_lossy(readable), false, Err(error))
        }
    };
    match result {
        Ok(parsed) => {
            for anomaly in parsed.anomalies {
                let (rule, message) = match anomaly.kind {
                    AnomalyKind::DuplicateMember => (
                        &rules::DUPLICATE_MEMBER,
                        format!("member \"{}\" appears twice in this object; which value the API keeps is not specified", anomaly.detail),
                    ),
                    AnomalyKind::UnsafeInteger => (
                        &rules::UNSAFE_INTEGER,
                        format!("{} is beyond 2^53: JavaScript readers get a different number", anomaly.detail),
                    ),
                };
                let hint = match anomaly.kind {
                    AnomalyKind::DuplicateMember => "keep one of the two members",
                    AnomalyKind::UnsafeInteger => "send it as a string if every digit matters",
                };
                let anchor = match anomaly.kind {
                    AnomalyKind::DuplicateMember => Anchor::Key,
                    AnomalyKind::UnsafeInteger => Anchor::Value,
                };
                findings
                    .add(
                        rule,
                        Place {
                            doc: Some(doc),
                            pointer: anomaly.pointer,
                            anchor,
                        },
                        message,
                    )
                    .hint(hint);
            }
            Parsed {
                text,
                value: Some(parsed.value),
                lists: parsed.lists,
                lines: Some(LineIndex::from_starts(parsed.line_starts, ascii)),
            }
        }
        Err(error) => {
            findings.add(
                &rules::INVALID_JSON,
                Place {
                    doc: Some(doc),
                    pointer: String::new(),
                    anchor: Anchor::Offset(error.offset),
                },
                error.message,
            );
            Parsed {
                text,
                value: None,
                lists: Lists::default(),
                lines: None,
            }
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
        .map(|(doc, p)| {
            let bytes = uploads[doc].bytes.len();
            match &p.value {
                Some(value) => rules::read_upload(doc, value, bytes, &mut findings),
                // Unreadable: an empty, incomplete body keeps document numbers aligned.
                None => Upload {
                    doc,
                    bytes,
                    ..Upload::default()
                },
            }
        })
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

/// Turns findings into diagnostics: one locating pass per document, then ordered by `rank` of
/// their document (`None`: options given as flags) and by position within it.
pub(crate) fn locate_all(
    findings: Findings,
    documents: &[Document],
    parsed: &[Parsed],
    rank: &dyn Fn(Option<usize>) -> usize,
) -> Vec<Diagnostic> {
    let count = findings.list.len();
    let mut by_doc: Vec<Vec<usize>> = vec![Vec::new(); parsed.len()];
    for (i, finding) in findings.list.iter().enumerate() {
        if let Some(doc) = finding.place.doc {
            by_doc[doc].push(i);
        }
    }
    let mut offsets: Vec<Option<usize>> = vec![None; count];
    let mut positions: Vec<Option<(u32, u32)>> = vec![None; count];
    for (p, mine) in parsed.iter().zip(&by_doc) {
        if mine.is_empty() {
            continue;
        }
        let wanted: Vec<&str> = mine
            .iter()
            .map(|&i| findings.list[i].place.pointer.as_str())
            .collect();
        let spots = match p.value {
            Some(_) => locate::locate(&p.text, &wanted, &p.lists),
            None => vec![locate::Spot::default(); wanted.len()],
        };
        let at: Vec<usize> = mine
            .iter()
            .zip(&spots)
            .map(|(&i, spot)| match findings.list[i].place.anchor {
                Anchor::Offset(offset) => offset,
                Anchor::Key => spot.key.or(spot.value).unwrap_or(0),
                Anchor::Value => spot.value.unwrap_or(0),
            })
            .collect();
        let scanned;
        let index = match &p.lines {
            Some(lines) => lines,
            None => {
                scanned = LineIndex::new(&p.text);
                &scanned
            }
        };
        for ((&i, &offset), position) in mine.iter().zip(&at).zip(index.positions(&p.text, &at)) {
            offsets[i] = Some(offset);
            positions[i] = Some(position);
        }
    }

    let order = crate::support::order::sorted_indices(count, &|a, b| {
        let (fa, fb) = (&findings.list[a], &findings.list[b]);
        (rank(fa.place.doc), offsets[a], fa.rule.id, &fa.message).cmp(&(
            rank(fb.place.doc),
            offsets[b],
            fb.rule.id,
            &fb.message,
        ))
    });
    let mut list: Vec<Option<crate::diagnostic::Finding>> =
        findings.list.into_iter().map(Some).collect();
    order
        .into_iter()
        .filter_map(|i| {
            let finding = list[i].take()?;
            let (line, column) = positions[i].unzip();
            Some(Diagnostic {
                rule: finding.rule.id,
                severity: finding.severity,
                message: finding.message,
                file: finding
                    .place
                    .doc
                    .and_then(|d| documents[d].name)
                    .map(str::to_string),
                pointer: finding.place.pointer,
                line,
                column,
                hint: finding.hint,
            })
        })
        .collect()
}
