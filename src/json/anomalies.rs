//! Parsing that notices what serde_json accepts silently: a member name repeated in one object
//! (which value a server keeps is not specified) and integers beyond 2^53 (JavaScript
//! consumers lose their precision). A clean document costs one parse; only when something is
//! found is it parsed again to learn the JSON Pointers.

use std::cell::RefCell;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

/// The largest integer JavaScript numbers hold exactly (`Number.MAX_SAFE_INTEGER`).
pub const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AnomalyKind {
    DuplicateMember,
    UnsafeInteger,
}

/// Something the parse accepted but a reader should know, with where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Anomaly {
    pub kind: AnomalyKind,
    pub pointer: String,
    /// The repeated member name, or the integer as written.
    pub detail: String,
}

struct Context {
    /// Whether to follow the path (the second parse) or only notice (the first).
    track: bool,
    path: RefCell<Vec<String>>,
    found: RefCell<Vec<Anomaly>>,
}

impl Context {
    fn note(&self, kind: AnomalyKind, last: Option<&str>, detail: String) {
        let pointer = if self.track {
            let path = self.path.borrow();
            let mut pointer: String = path.iter().map(|s| format!("/{}", escape(s))).collect();
            if let Some(last) = last {
                pointer.push('/');
                pointer.push_str(&escape(last));
            }
            pointer
        } else {
            String::new()
        };
        self.found.borrow_mut().push(Anomaly {
            kind,
            pointer,
            detail,
        });
    }

    fn enter(&self, segment: impl FnOnce() -> String) {
        if self.track {
            self.path.borrow_mut().push(segment());
        }
    }

    fn leave(&self) {
        if self.track {
            self.path.borrow_mut().pop();
        }
    }
}

fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

struct Seed<'c>(&'c Context);

impl<'de> DeserializeSeed<'de> for Seed<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Seed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        if v.unsigned_abs() > MAX_SAFE_INTEGER {
            self.0.note(AnomalyKind::UnsafeInteger, None, v.to_string());
        }
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        if v > MAX_SAFE_INTEGER {
            self.0.note(AnomalyKind::UnsafeInteger, None, v.to_string());
        }
        Ok(Value::Number(v.into()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        loop {
            let index = items.len();
            self.0.enter(|| index.to_string());
            let next = seq.next_element_seed(Seed(self.0));
            self.0.leave();
            match next? {
                Some(item) => items.push(item),
                None => break,
            }
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
        let mut members = Map::new();
        while let Some(name) = access.next_key::<String>()? {
            self.0.enter(|| name.clone());
            let value = access.next_value_seed(Seed(self.0));
            self.0.leave();
            let value = value?;
            if members.contains_key(&name) {
                self.0
                    .note(AnomalyKind::DuplicateMember, Some(&name), name.clone());
            }
            members.insert(name, value);
        }
        Ok(Value::Object(members))
    }
}

fn parse_with(text: &str, track: bool) -> Result<(Value, Vec<Anomaly>), serde_json::Error> {
    let context = Context {
        track,
        path: RefCell::new(Vec::new()),
        found: RefCell::new(Vec::new()),
    };
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let value = Seed(&context).deserialize(&mut deserializer)?;
    deserializer.end()?;
    Ok((value, context.found.into_inner()))
}

/// Parses `text`, returning the value and what it holds that readers should know.
pub fn parse_noting(text: &str) -> Result<(Value, Vec<Anomaly>), serde_json::Error> {
    let (value, found) = parse_with(text, false)?;
    if found.is_empty() {
        return Ok((value, found));
    }
    // Something to report: parse again following the path, for the pointers.
    parse_with(text, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicates_and_unsafe_integers_are_located() {
        let (value, found) = parse_noting(r#"{"a": [{"n": 1, "n": 2}], "big": 9007199254740993, "ok": 9007199254740991, "neg": -9007199254740993}"#).unwrap();
        assert_eq!(value["a"][0]["n"], 2);
        assert_eq!(
            found,
            [
                Anomaly {
                    kind: AnomalyKind::DuplicateMember,
                    pointer: "/a/0/n".into(),
                    detail: "n".into()
                },
                Anomaly {
                    kind: AnomalyKind::UnsafeInteger,
                    pointer: "/big".into(),
                    detail: "9007199254740993".into()
                },
                Anomaly {
                    kind: AnomalyKind::UnsafeInteger,
                    pointer: "/neg".into(),
                    detail: "-9007199254740993".into()
                },
            ]
        );
    }

    #[test]
    fn clean_input_is_parsed_once_and_equals_serde_json() {
        let text = r#"{"x": [1, 2.5, "s", null, true, {"y": {}}]}"#;
        let (value, found) = parse_noting(text).unwrap();
        assert!(found.is_empty());
        assert_eq!(value, serde_json::from_str::<Value>(text).unwrap());
    }
}
