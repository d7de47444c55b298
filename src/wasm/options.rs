//! Options objects from JavaScript, read member by member. Each member is checked for its
//! type as it is read, and a member the function does not know is an error that lists the
//! known ones. (serde-wasm-bindgen did the same for 2.6 KB gzip more module; these objects
//! have a handful of members.)

use std::collections::BTreeMap;

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use super::ApiError;
use crate::{FinalizeOptions, JobOptions};

/// The members of one options object, for the error messages named `what`.
pub struct Members<'v> {
    object: &'v JsValue,
    what: &'static str,
}

/// The options object `value`, or `None` when it is `undefined` or `null`; an error when it
/// is not a plain object or has a member outside `known`.
pub fn members<'v>(
    value: &'v JsValue,
    what: &'static str,
    known: &[&str],
) -> Result<Option<Members<'v>>, ApiError> {
    if super::is_absent(value) {
        return Ok(None);
    }
    let object = value
        .dyn_ref::<Object>()
        .filter(|_| !value.is_function() && !Array::is_array(value))
        .ok_or(ApiError::NotAnObject(what))?;
    for key in Object::keys(object).iter() {
        let key = key.as_string().unwrap_or_default();
        if !known.contains(&key.as_str()) {
            return Err(ApiError::UnknownField {
                what,
                key,
                known: known.join(", "),
            });
        }
    }
    Ok(Some(Members {
        object: value,
        what,
    }))
}

impl Members<'_> {
    /// A member's value; `None` when it is absent, `undefined` or `null`.
    pub fn get(&self, name: &str) -> Option<JsValue> {
        Reflect::get(self.object, &JsValue::from_str(name))
            .ok()
            .filter(|value| !super::is_absent(value))
    }

    fn wrong_type(&self, name: &str, wanted: &str, value: &JsValue) -> ApiError {
        let found = if value.is_null() {
            "null".to_string()
        } else if Array::is_array(value) {
            "an array".to_string()
        } else {
            match value.js_typeof().as_string().unwrap_or_default().as_str() {
                "object" => "an object".to_string(),
                "undefined" => "undefined".to_string(),
                other => format!("a {other}"),
            }
        };
        ApiError::Invalid {
            what: self.what,
            reason: format!("`{name}` must be {wanted}, not {found}"),
        }
    }

    pub fn string(&self, name: &str) -> Result<Option<String>, ApiError> {
        self.get(name)
            .map(|value| {
                value
                    .as_string()
                    .ok_or_else(|| self.wrong_type(name, "a string", &value))
            })
            .transpose()
    }

    pub fn flag(&self, name: &str) -> Result<Option<bool>, ApiError> {
        self.get(name)
            .map(|value| {
                value
                    .as_bool()
                    .ok_or_else(|| self.wrong_type(name, "a boolean", &value))
            })
            .transpose()
    }

    /// An array of strings; empty when absent.
    pub fn strings(&self, name: &str) -> Result<Vec<String>, ApiError> {
        let Some(value) = self.get(name) else {
            return Ok(Vec::new());
        };
        let list = value
            .dyn_ref::<Array>()
            .ok_or_else(|| self.wrong_type(name, "an array of strings", &value))?;
        list.iter()
            .enumerate()
            .map(|(i, item)| {
                item.as_string()
                    .ok_or_else(|| self.wrong_type(&format!("{name}[{i}]"), "a string", &item))
            })
            .collect()
    }

    /// An object whose members are all strings; empty when absent.
    pub fn string_map(&self, name: &str) -> Result<BTreeMap<String, String>, ApiError> {
        let Some(value) = self.get(name) else {
            return Ok(BTreeMap::new());
        };
        let object = value
            .dyn_ref::<Object>()
            .filter(|_| !Array::is_array(&value))
            .ok_or_else(|| self.wrong_type(name, "an object of strings", &value))?;
        // Inserted one by one: collecting would compile in a sort of its own (as for
        // `json::Map::to_serde`).
        let mut map = BTreeMap::new();
        for entry in Object::entries(object).iter() {
            // Entries are [name, value] pairs, and names are strings.
            let pair = entry.unchecked_into::<Array>();
            let key = pair.get(0).as_string().unwrap_or_default();
            let member = pair.get(1);
            match member.as_string() {
                Some(text) => map.insert(key, text),
                None => return Err(self.wrong_type(&format!("{name}.{key}"), "a string", &member)),
            };
        }
        Ok(map)
    }
}

/// The start body's fields as an options object; all absent when the object is.
pub fn job_options(value: &JsValue) -> Result<JobOptions, ApiError> {
    let Some(job) = members(value, "job options", &JobOptions::FIELDS)? else {
        return Ok(JobOptions::default());
    };
    Ok(JobOptions {
        source: job.string("source")?,
        sync_mode: job.string("syncMode")?,
        scope: job.string("scope")?,
        integration_instance_id: job.string("integrationInstanceId")?,
        ignore_duplicates: job.flag("ignoreDuplicates")?,
    })
}

/// Options of the report functions, besides the start-body document.
#[derive(Default)]
pub struct RunOptions {
    /// Names of the upload documents, in order, for messages and the report's `file`.
    pub files: Vec<String>,
    /// A start-body document, text or bytes; read with the other documents.
    pub job_body: Option<JsValue>,
    /// Name of the start-body document given as `jobBody`.
    pub job_file: Option<String>,
    /// Name of the snapshot document.
    pub snapshot_file: Option<String>,
    /// `json` (default), `text`, `sarif`, `github` or `markdown`.
    pub format: Option<String>,
    pub color: bool,
    /// Severity per rule id, or `off`.
    pub rules: BTreeMap<String, String>,
    /// The integration SDK's `summary.json`, text or bytes; read with the other documents.
    pub summary: Option<JsValue>,
    /// Name of the summary document.
    pub summary_file: Option<String>,
    /// Lint: the `partialDatasets.types` finalize will be given (a plan takes its finalize
    /// body as an argument).
    pub partial_types: Option<Vec<String>>,
    /// A baseline file, text or bytes: the findings it accepts are left out of the report.
    pub baseline: Option<JsValue>,
    /// Name of the baseline document, for its error messages.
    pub baseline_file: Option<String>,
    /// Return this run's findings as a baseline file's text, as `baseline`.
    pub write_baseline: bool,
}

impl RunOptions {
    const FIELDS: [&'static str; 13] = [
        "files",
        "jobFile",
        "jobBody",
        "snapshotFile",
        "format",
        "color",
        "rules",
        "summary",
        "summaryFile",
        "partialTypes",
        "baseline",
        "baselineFile",
        "writeBaseline",
    ];

    pub fn read(value: &JsValue) -> Result<RunOptions, ApiError> {
        let Some(options) = members(value, "options", &RunOptions::FIELDS)? else {
            return Ok(RunOptions::default());
        };
        Ok(RunOptions {
            files: options.strings("files")?,
            job_body: options.get("jobBody"),
            job_file: options.string("jobFile")?,
            snapshot_file: options.string("snapshotFile")?,
            format: options.string("format")?,
            color: options.flag("color")?.unwrap_or(false),
            rules: options.string_map("rules")?,
            summary: options.get("summary"),
            summary_file: options.string("summaryFile")?,
            partial_types: options
                .get("partialTypes")
                .map(|_| options.strings("partialTypes"))
                .transpose()?,
            baseline: options.get("baseline"),
            baseline_file: options.string("baselineFile")?,
            write_baseline: options.flag("writeBaseline")?.unwrap_or(false),
        })
    }
}

/// The finalize body, `{partialDatasets: {types: [...]}}`; `None` when it is absent.
pub fn finalize_options(value: &JsValue) -> Result<Option<FinalizeOptions>, ApiError> {
    let partial = match members(value, "finalize options", &["partialDatasets"])? {
        Some(body) => body.get("partialDatasets"),
        None => return Ok(None),
    };
    let partial_types = match partial {
        Some(partial) => {
            match members(&partial, "finalize options: partialDatasets", &["types"])? {
                Some(partial) => partial.strings("types")?,
                None => Vec::new(),
            }
        }
        None => Vec::new(),
    };
    Ok(Some(FinalizeOptions { partial_types }))
}

/// Options of the JIM functions.
#[derive(Default)]
pub struct JimOptions {
    pub config_file: Option<String>,
    pub state_file: Option<String>,
    pub format: Option<String>,
    pub color: bool,
}

impl JimOptions {
    const FIELDS: [&'static str; 4] = ["configFile", "stateFile", "format", "color"];

    pub fn read(value: &JsValue) -> Result<JimOptions, ApiError> {
        let Some(options) = members(value, "options", &JimOptions::FIELDS)? else {
            return Ok(JimOptions::default());
        };
        Ok(JimOptions {
            config_file: options.string("configFile")?,
            state_file: options.string("stateFile")?,
            format: options.string("format")?,
            color: options.flag("color")?.unwrap_or(false),
        })
    }
}
