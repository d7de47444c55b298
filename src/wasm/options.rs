//! Options objects from JavaScript, read into serde types with serde-wasm-bindgen. The types
//! below (and `JobOptions`) are the one list of the options each function takes; the
//! TypeScript declarations are checked against them by a test (tests/package.test.mjs).
//!
//! serde-wasm-bindgen reads only the fields a struct declares, so a member the function does
//! not know is looked for here; and its errors neither say where they are nor speak
//! JavaScript's terms ("sequence", "unit value"), so a wrong value is reported here by where it
//! is, what serde expected, and what JavaScript value was there instead.

use std::collections::BTreeMap;
use std::fmt;

use js_sys::{Array, Object, Reflect};
use serde::de::{self, DeserializeOwned, Deserializer, MapAccess, SeqAccess};
use serde::Deserialize;
use wasm_bindgen::{JsCast, JsValue};

use super::ApiError;
use crate::{FinalizeOptions, JobOptions};

/// Options of the report functions, besides the start-body fields (`job`).
#[derive(Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RunOptions {
    /// Names of the upload documents, in order, for messages and the report's `file`.
    pub files: Option<Names>,
    /// A start-body document, text or bytes; read with the other documents.
    #[serde(with = "serde_wasm_bindgen::preserve")]
    pub job_body: JsValue,
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
    #[serde(with = "serde_wasm_bindgen::preserve")]
    pub summary: JsValue,
    /// Name of the summary document.
    pub summary_file: Option<String>,
    /// Lint: the `partialDatasets.types` finalize will be given (a plan takes its finalize
    /// body as an argument).
    pub partial_types: Option<Names>,
    /// A baseline file, text or bytes: the findings it accepts are left out of the report.
    #[serde(with = "serde_wasm_bindgen::preserve")]
    pub baseline: JsValue,
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
    #[serde(with = "serde_wasm_bindgen::preserve")]
    partial_datasets: JsValue,
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

// Both are read with `deserialize_any`: serde-wasm-bindgen's `deserialize_seq` and
// `deserialize_map` iterate whatever JavaScript can iterate (a string's characters, an array
// as key-value pairs) and throw a TypeError for other primitives; through `deserialize_any` an
// array is a sequence and a plain object a map, and anything else is the wrong type.
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
    let partial: PartialDatasets =
        read(&body.partial_datasets, "finalize options: partialDatasets")?;
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
    check_members(value, what, field_names::<T>())?;
    let refusal = |object: &JsValue| {
        serde_wasm_bindgen::from_value::<T>(object.clone())
            .err()
            .map(message_of)
    };
    serde_wasm_bindgen::from_value(value.clone())
        .map_err(|error| wrong_member(value, what, message_of(error), &refusal))
}

// What does not depend on `T` is kept out of `read`, which is compiled once for each options
// type.

/// An error unless `value` is a plain object whose members are all `known`.
fn check_members(value: &JsValue, what: &'static str, known: &[&str]) -> Result<(), ApiError> {
    if !is_plain_object(value) {
        return Err(ApiError::NotAnObject(what));
    }
    for key in Object::keys(value.unchecked_ref::<Object>()).iter() {
        let key = key.as_string().unwrap_or_default();
        if !known.contains(&key.as_str()) {
            return Err(ApiError::UnknownField {
                what,
                key,
                known: known.join(", "),
            });
        }
    }
    Ok(())
}

fn is_plain_object(value: &JsValue) -> bool {
    value.is_object() && !value.is_function() && !Array::is_array(value)
}

/// The message of a serde-wasm-bindgen error (a JavaScript `Error`).
fn message_of(error: serde_wasm_bindgen::Error) -> String {
    JsValue::from(error)
        .dyn_into::<js_sys::Error>()
        .map(|error| String::from(error.message()))
        .unwrap_or_default()
}

/// The error for an options object serde could not read: which member (or which entry of a
/// member's list or map) is wrong, what was expected there, and what JavaScript value was
/// there instead. `refusal` reads an object the way the whole one was read and says why it
/// could not. Every option is optional and read on its own, so the member that is wrong is the
/// one that cannot be read alone; a list or map that can be read empty is right as a container,
/// and then the entry that cannot be read alone is the wrong one. (serde-wasm-bindgen does not
/// say where it failed; serde_path_to_error does, but following every read for it cost 5 KB
/// gzip of module, and options are at most a list or map deep.)
fn wrong_member(
    value: &JsValue,
    what: &'static str,
    message: String,
    refusal: &dyn Fn(&JsValue) -> Option<String>,
) -> ApiError {
    let alone = |key: &JsValue, member: &JsValue| {
        let object = Object::new();
        let _ = Reflect::set(&object, key, member);
        refusal(&object.into())
    };
    let mut wrong = None;
    for key in Object::keys(value.unchecked_ref::<Object>()).iter() {
        let member = Reflect::get(value, &key).unwrap_or(JsValue::UNDEFINED);
        let Some(message) = alone(&key, &member) else {
            continue;
        };
        let name = key.as_string().unwrap_or_default();
        let entry = if Array::is_array(&member) && alone(&key, &Array::new()).is_none() {
            Array::from(&member)
                .iter()
                .enumerate()
                .find_map(|(i, item)| {
                    let message = alone(&key, &Array::of1(&item))?;
                    Some((format!("{name}[{i}]"), item, message))
                })
        } else if is_plain_object(&member) && alone(&key, &Object::new()).is_none() {
            Object::entries(member.unchecked_ref::<Object>())
                .iter()
                .find_map(|pair| {
                    let pair = Array::from(&pair);
                    let entry = Object::new();
                    let _ = Reflect::set(&entry, &pair.get(0), &pair.get(1));
                    let message = alone(&key, &entry)?;
                    let entry_name = pair.get(0).as_string().unwrap_or_default();
                    Some((format!("{name}.{entry_name}"), pair.get(1), message))
                })
        } else {
            None
        };
        wrong = Some(entry.unwrap_or((name, member, message)));
        break;
    }
    let Some((path, found, message)) = wrong else {
        return ApiError::Invalid {
            what,
            reason: message,
        };
    };
    // serde words a wrong type "invalid type: <what it got>, expected <what it wanted>";
    // what it got is said in JavaScript's terms instead.
    let reason = match message
        .strip_prefix("invalid type: ")
        .and_then(|rest| rest.rsplit_once(", expected "))
    {
        Some((_, expected)) => format!("`{path}` must be {expected}, not {}", describe(&found)),
        None => format!("`{path}`: {message}"),
    };
    ApiError::Invalid { what, reason }
}

/// A value's kind as JavaScript names it: "a number", "null", "an array".
fn describe(value: &JsValue) -> String {
    if value.is_null() {
        "null".to_string()
    } else if Array::is_array(value) {
        "an array".to_string()
    } else {
        match value.js_typeof().as_string().unwrap_or_default().as_str() {
            "object" => "an object".to_string(),
            "undefined" => "undefined".to_string(),
            other => format!("a {other}"),
        }
    }
}

/// The members a derived struct declares: what `#[derive(Deserialize)]` hands the deserializer
/// with `deserialize_struct`, caught there by a deserializer that reads nothing else.
fn field_names<T: DeserializeOwned>() -> &'static [&'static str] {
    struct Fields(&'static [&'static str]);
    impl<'de> Deserializer<'de> for &mut Fields {
        type Error = de::value::Error;
        fn deserialize_struct<V: de::Visitor<'de>>(
            self,
            _name: &'static str,
            fields: &'static [&'static str],
            _visitor: V,
        ) -> Result<V::Value, Self::Error> {
            self.0 = fields;
            Err(de::Error::custom("fields caught"))
        }
        fn deserialize_any<V: de::Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
            Err(de::Error::custom("not a struct"))
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
            byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map enum
            identifier ignored_any
        }
    }
    let mut fields = Fields(&[]);
    let _ = T::deserialize(&mut fields);
    fields.0
}
