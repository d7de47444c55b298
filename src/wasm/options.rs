//! Options objects from JavaScript, read into serde types (`js_reader`). The types below
//! (and `JobOptions`) are the one list of the options each function takes; the TypeScript
//! declarations are checked against them by a test (tests/package.test.mjs).

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, DeserializeOwned, Deserializer, MapAccess, SeqAccess};
use serde::Deserialize;
use wasm_bindgen::JsValue;

use super::js_reader::{is_plain_object, Held, ReadError, Reader};
use super::ApiError;
use crate::{FinalizeOptions, JobOptions};

/// Options of the report functions, besides the start-body fields (`job`).
#[derive(Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RunOptions {
    /// Names of the upload documents, in order, for messages and the report's `file`.
    pub files: Option<Names>,
    /// A start-body document, text or bytes; read with the other documents.
    pub job_body: Held,
    /// Name of the start-body document given as `jobBody`.
    pub job_file: Option<String>,
    /// Name of the snapshot document.
    pub snapshot_file: Option<String>,
    /// `json` (default), `text`, `sarif`, `github` or `markdown`.
    pub format: Option<String>,
    pub color: Option<bool>,
    /// Severity per rule id, or `off`.
    pub rules: Option<Settings>,
    /// The integration SDK's `summary.json`, text or bytes; read with the other documents.
    pub summary: Held,
    /// Name of the summary document.
    pub summary_file: Option<String>,
    /// Lint: the `partialDatasets.types` finalize will be given (a plan takes its finalize
    /// body as an argument).
    pub partial_types: Option<Names>,
    /// A baseline file, text or bytes: the findings it accepts are left out of the report.
    pub baseline: Held,
    /// Name of the baseline document, for its error messages.
    pub baseline_file: Option<String>,
    /// Return this run's findings as a baseline file's text, as `baseline`.
    pub write_baseline: Option<bool>,
}

/// Options of the JIM functions.
#[derive(Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct JimOptions {
    pub config_file: Option<String>,
    pub state_file: Option<String>,
    pub format: Option<String>,
    pub color: Option<bool>,
}

/// The finalize body as the API takes it: `{partialDatasets: {types: [...]}}`.
#[derive(Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct FinalizeBody {
    /// Read as an options object of its own, so that its members are checked as the body's are.
    partial_datasets: Held,
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct PartialDatasets {
    types: Option<Names>,
}

/// A `string[]` option.
#[derive(Clone, Default)]
pub struct Names(pub Vec<String>);

/// A `Record<string, string>` option, in key order.
#[derive(Default)]
pub struct Settings(pub BTreeMap<String, String>);

// Both have impls of their own so that a wrong value is told what was expected in
// JavaScript's terms ("an array of strings", where `Vec`'s would say "a sequence").
impl<'de> Deserialize<'de> for Names {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Names, D::Error> {
        struct Expect;
        impl<'de> de::Visitor<'de> for Expect {
            type Value = Names;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an array of strings")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<Names, A::Error> {
                let mut names = Vec::new();
                while let Some(name) = items.next_element()? {
                    names.push(name);
                }
                Ok(Names(names))
            }
        }
        deserializer.deserialize_any(Expect)
    }
}

impl<'de> Deserialize<'de> for Settings {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Settings, D::Error> {
        struct Expect;
        impl<'de> de::Visitor<'de> for Expect {
            type Value = Settings;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object of strings")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut entries: A) -> Result<Settings, A::Error> {
                // Inserted one by one: collecting would compile in a sort of its own.
                let mut map = BTreeMap::new();
                while let Some((key, value)) = entries.next_entry()? {
                    map.insert(key, value);
                }
                Ok(Settings(map))
            }
        }
        deserializer.deserialize_any(Expect)
    }
}

/// The start body's fields as an options object; all absent when the object is.
pub fn job_options(value: &JsValue) -> Result<JobOptions, ApiError> {
    read(value, "job options")
}

impl RunOptions {
    pub fn read(value: &JsValue) -> Result<RunOptions, ApiError> {
        read(value, "options")
    }
}

impl JimOptions {
    pub fn read(value: &JsValue) -> Result<JimOptions, ApiError> {
        read(value, "options")
    }
}

/// The finalize body, `{partialDatasets: {types: [...]}}`; `None` when it is absent.
pub fn finalize_options(value: &JsValue) -> Result<Option<FinalizeOptions>, ApiError> {
    if super::is_absent(value) {
        return Ok(None);
    }
    let body: FinalizeBody = read(value, "finalize options")?;
    let partial: PartialDatasets = read(
        &body.partial_datasets.0,
        "finalize options: partialDatasets",
    )?;
    Ok(Some(FinalizeOptions {
        partial_types: partial.types.unwrap_or_default().0,
    }))
}

/// The options object `value` as a `T`, named `what` in errors; `T`'s default when the
/// object is `undefined` or `null`. A value that is no plain object, a member `T` does not
/// declare, and a member of the wrong type are errors.
fn read<T: DeserializeOwned + Default>(value: &JsValue, what: &'static str) -> Result<T, ApiError> {
    if super::is_absent(value) {
        return Ok(T::default());
    }
    if !is_plain_object(value) {
        return Err(ApiError::NotAnObject(what));
    }
    T::deserialize(Reader::new(value.clone())).map_err(|error| invalid(what, error))
}

fn invalid(what: &'static str, error: ReadError) -> ApiError {
    ApiError::Invalid {
        what,
        reason: error.to_string(),
    }
}
