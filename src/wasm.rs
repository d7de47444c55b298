//! The JavaScript API (browser and Node). This file only converts between JS values and the
//! Rust API: inputs cross as text or bytes, results leave as one JSON string parsed by
//! `JSON.parse` (faster than building JS objects piece by piece for large reports).

use js_sys::{Array, Reflect, Uint8Array};
use serde::Deserialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::report::{render_rules, render_text, Source};
use crate::{Document, JobInput, JobOptions, Report};

/// Options of `lintReport` and of `lint`'s fourth argument, besides the start-body document.
/// (serde-wasm-bindgen reads only the fields a struct names, so unknown keys are caught by
/// `check_keys` before it runs.)
#[derive(Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RunOptions {
    /// Names of the upload documents, in order, for messages and the report's `file`.
    #[serde(default)]
    files: Vec<String>,
    /// Name of the start-body document given as `jobBody`.
    job_file: Option<String>,
    /// `json` (default) or `text`.
    format: Option<String>,
    #[serde(default)]
    color: bool,
}

/// What the API throws (as a JS `Error`) when its arguments cannot be used. Problems in the
/// documents themselves are diagnostics, never errors.
#[derive(Debug, thiserror::Error)]
enum ApiError {
    #[error("{0} must be a string or a Uint8Array")]
    NotADocument(String),
    #[error("{0} must be an object")]
    NotAnObject(&'static str),
    #[error("uploads must be an array of strings or Uint8Arrays")]
    UploadsNotAnArray,
    #[error("{what}: unknown field `{key}`, expected one of {known}")]
    UnknownField {
        what: &'static str,
        key: String,
        known: String,
    },
    #[error("{what}: {reason}")]
    Invalid { what: &'static str, reason: String },
    #[error("unknown format \"{0}\": use json or text")]
    UnknownFormat(String),
    #[error("lint does not read a snapshot in this version; pass undefined")]
    SnapshotNotRead,
}

impl From<ApiError> for JsValue {
    fn from(e: ApiError) -> JsValue {
        js_sys::Error::new(&e.to_string()).into()
    }
}

/// A JS `Error` for a failure inside the binding itself (JSON that does not parse back).
fn js_error(message: impl std::fmt::Display) -> JsValue {
    js_sys::Error::new(&message.to_string()).into()
}

/// A document's bytes from a `string` or a `Uint8Array`.
fn bytes_of(value: &JsValue, what: &str) -> Result<Vec<u8>, JsValue> {
    if let Some(text) = value.as_string() {
        Ok(text.into_bytes())
    } else if let Some(array) = value.dyn_ref::<Uint8Array>() {
        Ok(array.to_vec())
    } else {
        Err(ApiError::NotADocument(what.to_string()).into())
    }
}

fn is_absent(value: &JsValue) -> bool {
    value.is_undefined() || value.is_null()
}

const RUN_OPTION_FIELDS: [&str; 5] = ["files", "jobFile", "jobBody", "format", "color"];

/// An options object: absent means defaults; an unknown key is an error naming the known ones.
fn from_js<T: for<'de> Deserialize<'de> + Default>(
    value: &JsValue,
    what: &'static str,
    known: &[&str],
) -> Result<T, ApiError> {
    if is_absent(value) {
        return Ok(T::default());
    }
    let object = value
        .dyn_ref::<js_sys::Object>()
        .filter(|_| !value.is_function() && !Array::is_array(value))
        .ok_or(ApiError::NotAnObject(what))?;
    for key in js_sys::Object::keys(object).iter() {
        let key = key.as_string().unwrap_or_default();
        if !known.contains(&key.as_str()) {
            return Err(ApiError::UnknownField {
                what,
                key,
                known: known.join(", "),
            });
        }
    }
    serde_wasm_bindgen::from_value(value.clone()).map_err(|e| ApiError::Invalid {
        what,
        reason: e.to_string(),
    })
}

/// Everything one run needs, converted from JS.
struct Inputs {
    job: JobOptions,
    uploads: Vec<Vec<u8>>,
    names: Vec<String>,
    job_body: Option<Vec<u8>>,
    job_file: String,
    options: RunOptions,
}

fn inputs(
    job: &JsValue,
    uploads: &JsValue,
    snapshot: &JsValue,
    options: &JsValue,
) -> Result<Inputs, JsValue> {
    let job_options: JobOptions = from_js(job, "job options", &JobOptions::FIELDS)?;
    let list = uploads
        .dyn_ref::<Array>()
        .ok_or(ApiError::UploadsNotAnArray)?;
    let uploads = list
        .iter()
        .enumerate()
        .map(|(i, item)| bytes_of(&item, &format!("uploads[{i}]")))
        .collect::<Result<Vec<_>, _>>()?;
    if !is_absent(snapshot) {
        return Err(ApiError::SnapshotNotRead.into());
    }
    let run: RunOptions = from_js(options, "options", &RUN_OPTION_FIELDS)?;
    let job_body = if is_absent(options) {
        None
    } else {
        let body = Reflect::get(options, &JsValue::from_str("jobBody"))?;
        if is_absent(&body) {
            None
        } else {
            Some(bytes_of(&body, "options.jobBody")?)
        }
    };
    let names = (0..uploads.len())
        .map(|i| {
            run.files
                .get(i)
                .cloned()
                .unwrap_or_else(|| format!("upload-{}.json", i + 1))
        })
        .collect();
    let job_file = run
        .job_file
        .clone()
        .unwrap_or_else(|| "job.json".to_string());
    Ok(Inputs {
        job: job_options,
        uploads,
        names,
        job_body,
        job_file,
        options: run,
    })
}

fn run(inputs: &Inputs) -> Report {
    let documents: Vec<Document> = inputs
        .uploads
        .iter()
        .zip(&inputs.names)
        .map(|(bytes, name)| Document {
            name: Some(name),
            bytes,
        })
        .collect();
    let job = JobInput {
        options: inputs.job.clone(),
        body: inputs.job_body.as_deref().map(|bytes| Document {
            name: Some(&inputs.job_file),
            bytes,
        }),
    };
    crate::lint(&job, &documents)
}

/// `lint(job, uploads, snapshot?, options?)`: the JSON report as a plain object.
#[wasm_bindgen(js_name = lint)]
pub fn lint_js(
    job: JsValue,
    uploads: JsValue,
    snapshot: JsValue,
    options: JsValue,
) -> Result<JsValue, JsValue> {
    let inputs = inputs(&job, &uploads, &snapshot, &options)?;
    js_sys::JSON::parse(&run(&inputs).to_json())
}

/// `lintReport(job, uploads, snapshot?, options?)`: the report rendered as `options.format`
/// (`json` or `text`), with what a command line needs for its exit status:
/// `{output, summary, unreadable}` (`unreadable`: some input is not JSON).
#[wasm_bindgen(js_name = lintReport)]
pub fn lint_report(
    job: JsValue,
    uploads: JsValue,
    snapshot: JsValue,
    options: JsValue,
) -> Result<JsValue, JsValue> {
    let inputs = inputs(&job, &uploads, &snapshot, &options)?;
    let report = run(&inputs);
    let output = render(&report, &inputs)?;
    let unreadable = report
        .diagnostics
        .iter()
        .any(|d| d.rule == crate::jupiterone::rules::INVALID_JSON.id);
    let result = js_sys::Object::new();
    let summary = js_sys::JSON::parse(&serde_json::to_string(&report.summary).map_err(js_error)?)?;
    Reflect::set(&result, &"output".into(), &output.into())?;
    Reflect::set(&result, &"summary".into(), &summary)?;
    Reflect::set(&result, &"unreadable".into(), &unreadable.into())?;
    Ok(result.into())
}

fn render(report: &Report, inputs: &Inputs) -> Result<String, JsValue> {
    match inputs.options.format.as_deref().unwrap_or("json") {
        "json" => Ok(report.to_json()),
        "text" => {
            let mut sources: Vec<Source> = Vec::new();
            for (bytes, name) in inputs.uploads.iter().zip(&inputs.names) {
                sources.push(Source {
                    name,
                    text: crate::json::decode(bytes).unwrap_or_default(),
                });
            }
            if let Some(body) = &inputs.job_body {
                sources.push(Source {
                    name: &inputs.job_file,
                    text: crate::json::decode(body).unwrap_or_default(),
                });
            }
            Ok(render_text(report, &sources, inputs.options.color))
        }
        other => Err(ApiError::UnknownFormat(other.to_string()).into()),
    }
}

/// `rules()`: the catalog, as `{id, severity, doc}` objects.
#[wasm_bindgen(js_name = rules)]
pub fn rules_js() -> Result<JsValue, JsValue> {
    let text = serde_json::to_string(crate::rules()).map_err(js_error)?;
    js_sys::JSON::parse(&text)
}

/// `rulesReport(format)`: the catalog as `text` (an aligned table) or `json`.
#[wasm_bindgen(js_name = rulesReport)]
pub fn rules_report(format: Option<String>) -> Result<String, JsValue> {
    match format.as_deref().unwrap_or("text") {
        "text" => Ok(render_rules(crate::rules())),
        "json" => {
            let mut text = serde_json::to_string_pretty(crate::rules()).map_err(js_error)?;
            text.push('\n');
            Ok(text)
        }
        other => Err(ApiError::UnknownFormat(other.to_string()).into()),
    }
}
