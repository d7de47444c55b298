//! The JavaScript API (browser and Node). This file only converts between JS values and the
//! Rust API: documents cross as text or bytes, options objects as serde types (`options`, read
//! by `js_reader`), reports leave as one JSON string parsed by `JSON.parse` and small results
//! as objects built by serde-wasm-bindgen.

use js_sys::{Array, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

mod js_reader;
#[doc(hidden)]
pub mod js_text;
mod options;

use options::{finalize_options, job_options, JimOptions, RunOptions};

use crate::jupiterone::rules::INVALID_JSON;
use crate::lifecycle::{NotAwaitingUploads, SyncJob};
use crate::report::{
    render, render_jim_text, render_rules, Baseline, BaselineError, Format, RuleSetting,
    SettingError, Source,
};
use crate::{Document, FinalizeOptions, JobInput, JobOptions, Report, RunExtras};

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = r#"
/** A document: its text, or its bytes (UTF-8) in a buffer or any view of one. */
export type Input = string | ArrayBufferLike | ArrayBufferView;
export type Severity = "error" | "warning" | "info";
export type SyncMode = "DIFF" | "PATCH" | "CROSS_SCOPE" | "OVERRIDE";

/** The start body's fields. */
export interface JobOptions {
  source?: "api" | "integration-external";
  syncMode?: SyncMode;
  scope?: string;
  integrationInstanceId?: string;
  ignoreDuplicates?: boolean;
}

export interface RunOptions {
  /** Names of the upload documents, in order. */
  files?: string[];
  /** A start body document; `job` overrides its fields. */
  jobBody?: Input;
  jobFile?: string;
  snapshotFile?: string;
  /** For the report functions; `json` by default. */
  format?: "json" | "text" | "sarif" | "github" | "markdown";
  color?: boolean;
  /** Severity per rule id, or "off". */
  rules?: Record<string, Severity | "off">;
  /** The integration SDK's summary.json: its step results are checked, and its
   * metadata.partialDatasets is the finalize body when none is given. */
  summary?: Input;
  summaryFile?: string;
  /** lint: the partialDatasets.types finalize will be given (plan takes a finalize argument). */
  partialTypes?: string[];
  /** A baseline file: the findings it accepts are left out of the report and counted in
   * `suppressed`. A malformed one throws an Error that names `baselineFile`. */
  baseline?: Input;
  baselineFile?: string;
  /** Also return this run's findings (all of them) as a baseline file's text, in `baseline`. */
  writeBaseline?: boolean;
}

/** The finalize body. */
export interface FinalizeOptions {
  partialDatasets?: { types?: string[] };
}

export interface Diagnostic {
  rule: string;
  severity: Severity;
  message: string;
  file: string | null;
  /** RFC 6901 JSON Pointer into `file`. */
  pointer: string;
  /** 1-based. */
  line: number | null;
  /** 1-based, in UTF-16 code units. */
  column: number | null;
  hint?: string;
}

export interface Summary { errors: number; warnings: number; infos: number; }

export interface JobSpec {
  source: string | null;
  syncMode: SyncMode;
  scope?: string;
  integrationInstanceId?: string;
  ignoreDuplicates?: boolean;
}

export interface Change { property: string; before?: unknown; after?: unknown; }
export interface Created { _key: string; /** Absent when the upload has no `_type`. */ _type?: string; }
export interface Updated { _key: string; _type: string; _id?: string; changes: Change[]; rawDataChanged?: boolean; }
/** A relationship deleted with one of its ends carries that end (the deleted entity). */
export interface Deleted { _key: string; _type: string; reason: string; endpoint?: Endpoint; }
/** A relationship skipped for one of its ends carries that end. */
export interface Skipped { _key?: string; _id?: string; reason: string; endpoint?: Endpoint; }
/** The end of a relationship a plan entry's reason is about, named as the reason names it. */
export interface Endpoint { end: "from" | "to"; _key?: string; _id?: string; }
export interface Kept { _key: string; _type: string; reason: string; }
export interface Changes {
  create: Created[];
  update: Updated[];
  delete: Deleted[];
  unchanged: number;
  skipped: Skipped[];
  kept?: Kept[];
}
export interface OverrideRow {
  _id: string;
  property: string;
  before: unknown;
  after: unknown;
  status: "set" | "shadowed" | "unchanged" | "removed" | "skipped";
  winner: string | null;
  source: "override" | "updateEntity" | "entity" | "none";
  note?: string;
}
export interface Counters {
  numEntitiesUploaded: number;
  numEntitiesCreated: number;
  numEntitiesUpdated: number;
  numEntitiesDeleted: number;
  numRelationshipsUploaded: number;
  numRelationshipsCreated: number;
  numRelationshipsUpdated: number;
  numRelationshipsDeleted: number;
  numRelationshipCreateErrors: number;
}
export interface Plan {
  entities: Changes;
  relationships: Changes;
  overrides?: OverrideRow[];
  counters: Counters;
  previous: { entities: number; relationships: number };
  /** What the plan could not tell from the previous state (e.g. `_rawData` not compared). */
  notes?: string[];
}

export interface Report {
  version: 1;
  job: JobSpec;
  diagnostics: Diagnostic[];
  summary: Summary;
  /** With options.baseline: how many findings it suppressed. */
  suppressed?: number;
  plan?: Plan;
  /** Diagnostics beyond the first 1,000 of a rule, counted by rule instead of listed. */
  omitted?: Record<string, number>;
  /** With options.writeBaseline: the baseline file's text (not part of the JSON report). */
  baseline?: string;
}

/** A rendered report and what a command line needs for its exit status. */
export interface RenderedReport {
  output: string;
  summary: Summary;
  /** Some input is not JSON. */
  unreadable: boolean;
  deletions?: number;
  previousObjects?: number;
  /** With options.writeBaseline: the baseline file's text. */
  baseline?: string;
}

export interface RuleInfo { id: string; severity: Severity; doc: string; }

export interface JimOptions {
  configFile?: string;
  stateFile?: string;
  format?: "json" | "text";
  color?: boolean;
}
export interface JimProblem { kind: string; message: string; syncRule?: string; attribute?: string; }
export interface JimConnectedSystemObject {
  id: string;
  connectedSystem: string;
  objectType: string;
  /** JIM's outcome name: Joined, Projected, AmbiguousMatch, DisconnectedOutOfScope, … */
  outcome: string;
  scope?: { inScope: boolean; syncRule: string; reason: string };
  join?: { matchingRule: number; attribute: string; value: unknown };
  metaverseObjectId?: string;
  errors?: JimProblem[];
}
export interface JimAttributeChange {
  attribute: string;
  before: unknown;
  after: unknown;
  status: "AttributeFlow" | "AssertedNull" | "NoContributor";
  syncRule?: string;
  priority?: number;
}
export interface JimExport {
  connectedSystem: string;
  objectType: string;
  connectedSystemObjectId?: string;
  /** Disconnect breaks a join and Join makes one (export-side matching); neither exports. */
  changeType: "Create" | "Update" | "Delete" | "Disconnect" | "Join";
  outcome: "Provisioned" | "PendingExportCreated" | "DriftCorrection" | "DeprovisionQueued" | "Joined";
  syncRule: string;
  attributes: { name: string; before?: unknown; after: unknown }[];
}
export interface JimMetaverseObject {
  id: string;
  objectType: string;
  outcomes: string[];
  changes: JimAttributeChange[];
  exports: JimExport[];
  /** Export-side errors: MultiValuedToSingleValued, AmbiguousMatch. */
  errors?: JimProblem[];
}
export interface JimPreview {
  connectedSystemObjects: JimConnectedSystemObject[];
  metaverseObjects: JimMetaverseObject[];
  counts: Record<string, number>;
  deletions: number;
  objects: number;
}
export interface JimReport {
  version: 1;
  diagnostics: Diagnostic[];
  summary: Summary;
  preview?: JimPreview;
  /** Diagnostics beyond the first 1,000 of a rule, counted by rule instead of listed. */
  omitted?: Record<string, number>;
}
"#;

/// What the API throws (as a JS `Error`) when its arguments cannot be used. Problems in the
/// documents themselves are diagnostics, never errors.
#[derive(Debug, thiserror::Error)]
enum ApiError {
    #[error(
        "{0} must be text (a string) or bytes (an ArrayBuffer or a typed array such as Uint8Array)"
    )]
    NotADocument(String),
    #[error("{0} must be an object")]
    NotAnObject(&'static str),
    #[error("uploads must be an array of documents, each text (a string) or bytes (an ArrayBuffer or a typed array such as Uint8Array)")]
    UploadsNotAnArray,
    #[error("{what}: {reason}")]
    Invalid { what: &'static str, reason: String },
    #[error("unknown format \"{0}\": use json, text, sarif, github or markdown")]
    UnknownFormat(String),
    #[error("options.rules: {0}")]
    Setting(#[from] SettingError),
    #[error("{0}")]
    Baseline(#[from] BaselineError),
    #[error("plan needs a snapshot of the previous state")]
    SnapshotMissing,
    #[error("the inputs hold {0} MiB; the WebAssembly build reads at most {limit} MiB per call (its memory is 4 GiB): split the job into batches of separate calls, or use the native build", limit = MAX_INPUT_BYTES >> 20)]
    TooLarge(usize),
}

/// The most input one call reads: the documents are copied into WebAssembly memory (4 GiB
/// at most) and parsed there, which takes a few times their size.
pub const MAX_INPUT_BYTES: usize = 1 << 30;

/// Counts input sizes against `MAX_INPUT_BYTES` before anything is copied.
#[derive(Default)]
struct Budget(usize);

impl Budget {
    fn take(&mut self, value: &JsValue) -> Result<(), ApiError> {
        let size = if let Some(array) = value.dyn_ref::<Uint8Array>() {
            array.byte_length() as usize
        } else if let Some(text) = value.dyn_ref::<js_sys::JsString>() {
            text.length() as usize
        } else {
            0
        };
        self.0 = self.0.saturating_add(size);
        if self.0 > MAX_INPUT_BYTES {
            return Err(ApiError::TooLarge(self.0 >> 20));
        }
        Ok(())
    }
}

impl From<ApiError> for JsValue {
    fn from(e: ApiError) -> JsValue {
        js_sys::Error::new(&e.to_string()).into()
    }
}

impl From<NotAwaitingUploads> for JsValue {
    fn from(e: NotAwaitingUploads) -> JsValue {
        let error = js_sys::Error::new(&e.to_string());
        // Like the API's error body: callers branch on the code.
        let _ = Reflect::set(&error, &"code".into(), &e.code().into());
        error.into()
    }
}

/// A JS `Error` for a failure inside the binding itself (JSON that does not parse back).
fn js_error(message: impl std::fmt::Display) -> JsValue {
    js_sys::Error::new(&message.to_string()).into()
}

/// A report as a JavaScript object, by way of JSON text. The text is indented, as the JSON
/// reports are, so that one serde_json formatter serves the whole module (a second, compact
/// one cost 1.2 KiB gzip). Built by serde-wasm-bindgen instead, reports took 0.87 to 0.99 of
/// the time but the module 4.8 KB more (README, "The module and the JavaScript boundary").
fn to_js<T: serde::Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    js_sys::JSON::parse(&crate::json::to_pretty(value))
}

/// A small result (a summary, the rule catalog) as a JavaScript object, built by
/// serde-wasm-bindgen; maps become plain objects, as in the JSON reports.
fn small_to_js<T: serde::Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(JsValue::from)
}

fn is_absent(value: &JsValue) -> bool {
    value.is_undefined() || value.is_null()
}

/// A document's bytes from a `string` or a `Uint8Array`.
fn bytes_of(value: &JsValue, what: &str) -> Result<Vec<u8>, ApiError> {
    if let Some(text) = value.as_string() {
        Ok(text.into_bytes())
    } else if let Some(array) = value.dyn_ref::<Uint8Array>() {
        Ok(array.to_vec())
    } else {
        Err(ApiError::NotADocument(what.to_string()))
    }
}

/// A document and the name messages give it: `file` when the options name one, else `default`.
fn named_document(
    value: &JsValue,
    what: &str,
    file: &Option<String>,
    default: &str,
) -> Result<(String, Vec<u8>), ApiError> {
    let name = file.clone().unwrap_or_else(|| default.to_string());
    Ok((name, bytes_of(value, what)?))
}

/// `named_document`, or `None` when `value` is `undefined` or `null`.
fn optional_document(
    value: &JsValue,
    what: &str,
    file: &Option<String>,
    default: &str,
) -> Result<Option<(String, Vec<u8>)>, ApiError> {
    (!is_absent(value))
        .then(|| named_document(value, what, file, default))
        .transpose()
}

/// Everything one run needs, converted from JS.
struct Inputs {
    job: JobOptions,
    settings: Vec<(String, RuleSetting)>,
    uploads: Vec<(String, Vec<u8>)>,
    job_body: Option<(String, Vec<u8>)>,
    snapshot: Option<(String, Vec<u8>)>,
    summary: Option<(String, Vec<u8>)>,
    baseline: Option<Baseline>,
    options: RunOptions,
}

impl Inputs {
    fn read(
        job: &JsValue,
        uploads: &JsValue,
        snapshot: &JsValue,
        options: &JsValue,
    ) -> Result<Inputs, ApiError> {
        let job = job_options(job)?;
        let list = uploads
            .dyn_ref::<Array>()
            .ok_or(ApiError::UploadsNotAnArray)?;
        let run = RunOptions::read(options)?;
        let mut budget = Budget::default();
        for item in list.iter() {
            budget.take(&item)?;
        }
        for document in [snapshot, &run.summary.0, &run.baseline.0] {
            budget.take(document)?;
        }
        let files = run.files.clone().unwrap_or_default().0;
        let uploads = list
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let name = files
                    .get(i)
                    .cloned()
                    .unwrap_or_else(|| format!("upload-{}.json", i + 1));
                Ok((name, bytes_of(&item, &format!("uploads[{i}]"))?))
            })
            .collect::<Result<Vec<_>, ApiError>>()?;
        let job_body = optional_document(
            &run.job_body.0,
            "options.jobBody",
            &run.job_file,
            "job.json",
        )?;
        let snapshot =
            optional_document(snapshot, "snapshot", &run.snapshot_file, "snapshot.json")?;
        let summary = optional_document(
            &run.summary.0,
            "options.summary",
            &run.summary_file,
            "summary.json",
        )?;
        let baseline = optional_document(
            &run.baseline.0,
            "options.baseline",
            &run.baseline_file,
            "baseline.json",
        )?
        .map(|(name, bytes)| Baseline::read(&document(&name, &bytes)))
        .transpose()?;
        let settings = run
            .rules
            .iter()
            .flat_map(|rules| &rules.0)
            .map(|(rule, setting)| Ok((rule.clone(), RuleSetting::parse(rule, setting)?)))
            .collect::<Result<Vec<_>, SettingError>>()?;
        if let Some(format) = run.format.as_deref().filter(|f| Format::parse(f).is_none()) {
            return Err(ApiError::UnknownFormat(format.to_string()));
        }
        Ok(Inputs {
            job,
            settings,
            uploads,
            job_body,
            snapshot,
            summary,
            baseline,
            options: run,
        })
    }

    fn documents(&self) -> Vec<Document<'_>> {
        self.uploads
            .iter()
            .map(|(name, bytes)| document(name, bytes))
            .collect()
    }

    fn job_input(&self) -> JobInput<'_> {
        JobInput {
            options: self.job.clone(),
            body: self
                .job_body
                .as_ref()
                .map(|(name, bytes)| document(name, bytes)),
        }
    }

    /// The summary and the finalize body, `finalize` or else the lint option's types.
    fn extras(&self, finalize: Option<FinalizeOptions>) -> RunExtras<'_> {
        let partial_types = self.options.partial_types.clone().map(|types| types.0);
        RunExtras {
            summary: self
                .summary
                .as_ref()
                .map(|(name, bytes)| document(name, bytes)),
            finalize: finalize
                .or_else(|| partial_types.map(|partial_types| FinalizeOptions { partial_types })),
            baseline: self.baseline.as_ref(),
            write_baseline: self.options.write_baseline.unwrap_or(false),
        }
    }

    fn lint(&self) -> Report {
        let snapshot = self
            .snapshot
            .as_ref()
            .map(|(name, bytes)| document(name, bytes));
        let extras = self.extras(None);
        crate::lint_with(
            &self.job_input(),
            &self.documents(),
            snapshot.as_ref(),
            &extras,
        )
        .with_rule_settings(&self.settings)
    }

    fn plan(&self, finalize: Option<FinalizeOptions>) -> Result<Report, ApiError> {
        let (name, bytes) = self.snapshot.as_ref().ok_or(ApiError::SnapshotMissing)?;
        let snapshot = document(name, bytes);
        let extras = self.extras(finalize);
        let report = crate::plan_with(&self.job_input(), &self.documents(), &snapshot, &extras);
        Ok(report.with_rule_settings(&self.settings))
    }

    /// The report in `options.format`, with everything it was made from as sources.
    fn render(&self, report: &Report) -> Result<String, ApiError> {
        let name = self.options.format.as_deref().unwrap_or("json");
        let format = Format::parse(name).ok_or_else(|| ApiError::UnknownFormat(name.into()))?;
        let sources: Vec<Source> = if format == Format::Text {
            self.uploads
                .iter()
                .chain(&self.job_body)
                .chain(&self.snapshot)
                .chain(&self.summary)
                .map(|(name, bytes)| Source {
                    name,
                    text: crate::json::decode(bytes).unwrap_or_default(),
                })
                .collect()
        } else {
            Vec::new()
        };
        Ok(render(
            report,
            format,
            &sources,
            self.options.color.unwrap_or(false),
        ))
    }
}

fn document<'a>(name: &'a str, bytes: &'a [u8]) -> Document<'a> {
    Document {
        name: Some(name),
        bytes,
    }
}

/// What a command line needs besides the rendered report: the summary, whether some input
/// could not be read, and (for plans) the deletions and the previous state's size.
fn rendered(inputs: &Inputs, report: &Report) -> Result<JsValue, JsValue> {
    let deletions = report.plan.as_ref().map(|plan| {
        let previous = plan.previous.entities + plan.previous.relationships;
        (plan.deletions(), previous)
    });
    let result = rendered_object(
        inputs.render(report)?.into(),
        &report.summary,
        &report.diagnostics,
        deletions,
    )?;
    with_baseline(result, report)
}

/// `object` with the run's baseline file text as `baseline`, when it was asked for.
fn with_baseline(object: JsValue, report: &Report) -> Result<JsValue, JsValue> {
    if let Some(baseline) = &report.baseline {
        Reflect::set(&object, &"baseline".into(), &baseline.to_json().into())?;
    }
    Ok(object)
}

/// `{output, summary, unreadable, deletions?, previousObjects?}` for the report functions.
fn rendered_object(
    output: JsValue,
    summary: &crate::report::Summary,
    diagnostics: &[crate::Diagnostic],
    deletions: Option<(usize, usize)>,
) -> Result<JsValue, JsValue> {
    let result = js_sys::Object::new();
    let summary = small_to_js(summary)?;
    let unreadable = diagnostics.iter().any(|d| d.rule == INVALID_JSON.id);
    Reflect::set(&result, &"output".into(), &output)?;
    Reflect::set(&result, &"summary".into(), &summary)?;
    Reflect::set(&result, &"unreadable".into(), &unreadable.into())?;
    if let Some((deleted, previous)) = deletions {
        Reflect::set(&result, &"deletions".into(), &(deleted as f64).into())?;
        Reflect::set(
            &result,
            &"previousObjects".into(),
            &(previous as f64).into(),
        )?;
    }
    Ok(result.into())
}

/// `lint(job, uploads, snapshot?, options?)`: the JSON report as a plain object.
#[wasm_bindgen(js_name = lint, unchecked_return_type = "Report")]
pub fn lint_js(
    #[wasm_bindgen(unchecked_param_type = "JobOptions | undefined")] job: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Input[]")] uploads: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Input")] snapshot: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "RunOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let report = Inputs::read(&job, &uploads, &snapshot, &options)?.lint();
    with_baseline(to_js(&report)?, &report)
}

/// `lintReport(job, uploads, snapshot?, options?)`: `{output, summary, unreadable}`, the
/// report rendered as `options.format` (`json`, `text`, `sarif`, `github` or `markdown`).
#[wasm_bindgen(js_name = lintReport, unchecked_return_type = "RenderedReport")]
pub fn lint_report(
    #[wasm_bindgen(unchecked_param_type = "JobOptions | undefined")] job: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Input[]")] uploads: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Input")] snapshot: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "RunOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let inputs = Inputs::read(&job, &uploads, &snapshot, &options)?;
    rendered(&inputs, &inputs.lint())
}

/// `plan(job, uploads, snapshot, finalize?, options?)`: the JSON report with its plan.
#[wasm_bindgen(js_name = plan, unchecked_return_type = "Report")]
pub fn plan_js(
    #[wasm_bindgen(unchecked_param_type = "JobOptions | undefined")] job: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Input[]")] uploads: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Input")] snapshot: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "FinalizeOptions")] finalize: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "RunOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let inputs = Inputs::read(&job, &uploads, &snapshot, &options)?;
    let report = inputs.plan(finalize_options(&finalize)?)?;
    with_baseline(to_js(&report)?, &report)
}

/// `planReport(job, uploads, snapshot, finalize?, options?)`: like `lintReport`, plus
/// `deletions` and `previousObjects`.
#[wasm_bindgen(js_name = planReport, unchecked_return_type = "RenderedReport")]
pub fn plan_report(
    #[wasm_bindgen(unchecked_param_type = "JobOptions | undefined")] job: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Input[]")] uploads: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Input")] snapshot: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "FinalizeOptions")] finalize: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "RunOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let inputs = Inputs::read(&job, &uploads, &snapshot, &options)?;
    let report = inputs.plan(finalize_options(&finalize)?)?;
    rendered(&inputs, &report)
}

/// The catalog of a dialect: sync jobs (the default) or `jim`.
fn catalog(dialect: Option<&str>) -> Result<&'static [&'static crate::Rule], ApiError> {
    match dialect.unwrap_or("sync") {
        "sync" => Ok(crate::rules()),
        "jim" => Ok(crate::jim::rules()),
        other => Err(ApiError::Invalid {
            what: "dialect",
            reason: format!("unknown dialect \"{other}\": use sync or jim"),
        }),
    }
}

/// `rules(dialect?)`: the catalog, as `{id, severity, doc}` objects.
#[wasm_bindgen(js_name = rules, unchecked_return_type = "RuleInfo[]")]
pub fn rules_js(
    #[wasm_bindgen(unchecked_optional_param_type = "\"sync\" | \"jim\"")] dialect: Option<String>,
) -> Result<JsValue, JsValue> {
    small_to_js(catalog(dialect.as_deref())?)
}

/// `rulesReport(format, dialect?)`: the catalog as `text` (an aligned table) or `json`.
#[wasm_bindgen(js_name = rulesReport)]
pub fn rules_report(
    #[wasm_bindgen(unchecked_optional_param_type = "\"text\" | \"json\"")] format: Option<String>,
    #[wasm_bindgen(unchecked_optional_param_type = "\"sync\" | \"jim\"")] dialect: Option<String>,
) -> Result<String, JsValue> {
    let rules = catalog(dialect.as_deref())?;
    match format.as_deref().unwrap_or("text") {
        "text" => Ok(render_rules(rules)),
        "json" => {
            let mut text = crate::json::to_pretty(rules);
            text.push('\n');
            Ok(text)
        }
        other => Err(ApiError::UnknownFormat(other.to_string()).into()),
    }
}

/// The configuration, the optional state and the options of a JIM call.
struct JimInputs {
    config: (String, Vec<u8>),
    state: Option<(String, Vec<u8>)>,
    options: JimOptions,
}

impl JimInputs {
    fn read(config: &JsValue, state: &JsValue, options: &JsValue) -> Result<JimInputs, ApiError> {
        let options = JimOptions::read(options)?;
        let mut budget = Budget::default();
        budget.take(config)?;
        budget.take(state)?;
        if let Some(format) = options
            .format
            .as_deref()
            .filter(|f| Format::parse_jim(f).is_none())
        {
            return Err(ApiError::UnknownFormat(format.to_string()));
        }
        let config = named_document(config, "config", &options.config_file, "config.json")?;
        let state = optional_document(state, "state", &options.state_file, "state.json")?;
        Ok(JimInputs {
            config,
            state,
            options,
        })
    }

    fn run(&self) -> crate::jim::JimReport {
        let config = document(&self.config.0, &self.config.1);
        match &self.state {
            Some((name, bytes)) => {
                reserve_memory(bytes.len() * PREVIEW_MEMORY_PER_STATE_BYTE);
                crate::jim::preview(&config, &document(name, bytes))
            }
            None => crate::jim::lint(&config),
        }
    }
}

#[wasm_bindgen]
extern "C" {
    /// `JSON.parse` of a string already in JavaScript (`js_sys`'s takes a Rust `&str`).
    #[wasm_bindgen(js_namespace = JSON, js_name = parse, catch)]
    fn parse_json(text: &js_sys::JsString) -> Result<JsValue, JsValue>;
}

/// The JIM report's JSON text, written into JavaScript in pieces (`js_text`).
fn jim_json(report: &crate::jim::JimReport) -> Result<js_sys::JsString, JsValue> {
    let mut text = js_text::JsText::default();
    report.write_json(&mut text).map_err(js_error)?;
    Ok(text.finish())
}

/// What a preview allocates besides the state's own bytes, per byte of state: a little less
/// than a population's preview was measured to take (README, "At population size"), so that
/// a reservation does not raise the peak of a typical state.
const PREVIEW_MEMORY_PER_STATE_BYTE: usize = 2;

/// Grows WebAssembly memory once, by `bytes`, for a run about to need them. Left to itself
/// the allocator grows it 64 KiB at a time, thousands of times for a population's preview, and
/// each growth is a call into the engine that made the first preview in a process markedly
/// slower (README). The block is freed at once and stays with the allocator, which carves
/// the run's allocations from it (memory, once grown, is never given back either way).
fn reserve_memory(bytes: usize) {
    let block: Vec<u8> = Vec::with_capacity(bytes);
    // Kept observable, so that the allocation is not optimised away with its free.
    std::hint::black_box(&block);
}

/// `jimLint(config, options?)`: checks of a JIM configuration.
#[wasm_bindgen(js_name = jimLint, unchecked_return_type = "JimReport")]
pub fn jim_lint_js(
    #[wasm_bindgen(unchecked_param_type = "Input")] config: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "JimOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let inputs = JimInputs::read(&config, &JsValue::UNDEFINED, &options)?;
    parse_json(&jim_json(&inputs.run())?)
}

/// `jimPreview(config, state, options?)`: the checks and the preview of a synchronisation.
#[wasm_bindgen(js_name = jimPreview, unchecked_return_type = "JimReport")]
pub fn jim_preview_js(
    #[wasm_bindgen(unchecked_param_type = "Input")] config: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Input")] state: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "JimOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    if is_absent(&state) {
        return Err(ApiError::NotADocument("state".to_string()).into());
    }
    let inputs = JimInputs::read(&config, &state, &options)?;
    let report = inputs.run();
    // The report owns what it holds: the inputs' bytes can go before it is written.
    drop(inputs);
    parse_json(&jim_json(&report)?)
}

/// `jimReport(config, state?, options?)`: the JIM report rendered as `options.format`, with
/// `summary`, `unreadable`, and for previews `deletions` and `previousObjects`.
#[wasm_bindgen(js_name = jimReport, unchecked_return_type = "RenderedReport")]
pub fn jim_report(
    #[wasm_bindgen(unchecked_param_type = "Input")] config: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Input")] state: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "JimOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let inputs = JimInputs::read(&config, &state, &options)?;
    let report = inputs.run();
    let text = inputs.options.format.as_deref().and_then(Format::parse_jim) == Some(Format::Text);
    let output: JsValue = if text {
        let sources: Vec<Source> = std::iter::once(&inputs.config)
            .chain(&inputs.state)
            .map(|(name, bytes)| Source {
                name,
                text: crate::json::decode(bytes).unwrap_or_default(),
            })
            .collect();
        render_jim_text(&report, &sources, inputs.options.color.unwrap_or(false)).into()
    } else {
        // The report owns what it holds: the inputs' bytes can go before it is written.
        drop(inputs);
        jim_json(&report)?.into()
    };
    let deletions = report.preview.as_ref().map(|p| (p.deletions, p.objects));
    rendered_object(output, &report.summary, &report.diagnostics, deletions)
}

/// Leaves room in the module's memory for what the next uploads allocate, an eighth of the
/// memory: a job grows the memory with every upload it keeps, and the allocator grows it by
/// what each allocation lacks, a few times an upload, while in V8 each growth of a large memory
/// takes milliseconds. A block that size, allocated and freed, grows the memory once when there
/// is not that much room, and is then free for the uploads that follow. Near the memory's limit
/// there is no such room, and the uploads take what there is.
fn make_room() {
    let memory = core::arch::wasm32::memory_size(0) * 65536;
    let mut room = Vec::<u8>::new();
    let _ = std::hint::black_box(room.try_reserve_exact(memory / 8));
}

/// `new Job(job)`: a sync job in the browser or Node, mirroring the API's lifecycle.
#[wasm_bindgen(js_name = Job)]
pub struct JsJob {
    job: SyncJob,
}

#[wasm_bindgen(js_class = Job)]
impl JsJob {
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_optional_param_type = "JobOptions")] job: JsValue,
    ) -> Result<JsJob, JsValue> {
        let options = job_options(&job)?;
        Ok(JsJob {
            job: SyncJob::new(options),
        })
    }

    /// `AWAITING_UPLOADS`, `FINISHED` or `ABORTED`.
    #[wasm_bindgen(
        getter,
        unchecked_return_type = "\"AWAITING_UPLOADS\" | \"FINISHED\" | \"ABORTED\""
    )]
    pub fn state(&self) -> String {
        self.job.state().as_str().to_string()
    }

    /// Adds an upload body (string or bytes; `name` names it in diagnostics) and returns the
    /// job's diagnostics so far.
    #[wasm_bindgen(unchecked_return_type = "Diagnostic[]")]
    pub fn upload(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Input")] body: JsValue,
        name: Option<String>,
    ) -> Result<JsValue, JsValue> {
        make_room();
        let bytes = bytes_of(&body, "body")?;
        let report = self.job.upload(name, bytes)?;
        to_js(&report.diagnostics)
    }

    /// Finalizes against the previous state: the report with its plan. The job is FINISHED.
    #[wasm_bindgen(unchecked_return_type = "Report")]
    pub fn finalize(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Input")] snapshot: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "FinalizeOptions")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let bytes = bytes_of(&snapshot, "snapshot")?;
        let finalize = finalize_options(&options)?.unwrap_or_default();
        let report = self
            .job
            .finalize(&document("snapshot.json", &bytes), &finalize)?;
        to_js(&report)
    }

    pub fn abort(&mut self) -> Result<(), JsValue> {
        Ok(self.job.abort()?)
    }
}
