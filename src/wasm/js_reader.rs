//! A serde `Deserializer` over a JavaScript options value, so that the option types are read
//! by their `#[derive(Deserialize)]` straight from JavaScript and every wrong value is
//! reported where it is and in JavaScript's terms: "`files[1]` must be a string, not null".
//!
//! It reads what options are made of (booleans, strings, arrays, plain objects, members kept
//! as the JavaScript value they are) and refuses a member a struct does not declare. Its error
//! type says what a value is without formatting numbers, which keeps core's float formatting
//! out of the module (README, "The module and the JavaScript boundary").

use std::cell::RefCell;
use std::fmt;

use js_sys::{Array, Object, Reflect};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Unexpected, Visitor};
use wasm_bindgen::{JsCast, JsValue};

/// Why an options value could not be read.
#[derive(Debug)]
pub enum ReadError {
    /// A member the struct at `path` does not declare.
    Unknown {
        path: String,
        key: String,
        known: &'static [&'static str],
    },
    /// A value of the wrong kind at `path` (empty: the value read).
    Wrong {
        path: String,
        expected: String,
        found: String,
    },
    /// Anything else a `Deserialize` impl refused.
    Other(String),
}

impl ReadError {
    /// The error placed at `path`, unless a reader further in placed it already.
    fn at(mut self, here: &str) -> ReadError {
        if let ReadError::Wrong { path, .. } | ReadError::Unknown { path, .. } = &mut self {
            if path.is_empty() {
                *path = here.to_string();
            }
        }
        self
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            ReadError::Unknown { path, key, known } => {
                if !path.is_empty() {
                    write!(f, "`{path}`: ")?;
                }
                write!(
                    f,
                    "unknown field `{key}`, expected one of {}",
                    known.join(", ")
                )
            }
            ReadError::Wrong {
                path,
                expected,
                found,
            } if path.is_empty() => write!(f, "must be {expected}, not {found}"),
            ReadError::Wrong {
                path,
                expected,
                found,
            } => write!(f, "`{path}` must be {expected}, not {found}"),
            ReadError::Other(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for ReadError {}

impl de::Error for ReadError {
    fn custom<T: fmt::Display>(message: T) -> ReadError {
        ReadError::Other(message.to_string())
    }

    // serde's own wording formats the value it got ("floating point `1.5`"); saying only what
    // kind of value it was keeps its float formatting out of the module, and speaks
    // JavaScript.
    fn invalid_type(found: Unexpected, expected: &dyn de::Expected) -> ReadError {
        ReadError::Wrong {
            path: String::new(),
            expected: expected.to_string(),
            found: match found {
                Unexpected::Bool(_) => "a boolean",
                Unexpected::Unsigned(_) | Unexpected::Signed(_) | Unexpected::Float(_) => {
                    "a number"
                }
                Unexpected::Char(_) | Unexpected::Str(_) => "a string",
                Unexpected::Unit => "null",
                Unexpected::Seq => "an array",
                Unexpected::Map => "an object",
                // The kinds serde has no word for, as `Reader` names them.
                Unexpected::Other(kind) => kind,
                _ => "another kind of value",
            }
            .to_string(),
        }
    }

    fn invalid_value(found: Unexpected, expected: &dyn de::Expected) -> ReadError {
        ReadError::invalid_type(found, expected)
    }
}

/// The name of the newtype struct a `Held` member is read as: `Reader` hands its value over
/// whole instead of reading it.
const HELD: &str = "syncplan::Held";

thread_local! {
    /// The value `Reader` hands to `Held` (the module runs on one thread; a value is taken as
    /// soon as it is put).
    static HANDED_OVER: RefCell<Option<JsValue>> = const { RefCell::new(None) };
}

/// A member kept as the JavaScript value it is (a document, read later with the others);
/// `undefined` when absent.
#[derive(Default)]
pub struct Held(pub JsValue);

impl<'de> de::Deserialize<'de> for Held {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Held, D::Error> {
        struct Take;
        impl<'de> Visitor<'de> for Take {
            type Value = Held;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JavaScript value")
            }
            fn visit_unit<E: de::Error>(self) -> Result<Held, E> {
                HANDED_OVER
                    .with(|slot| slot.borrow_mut().take())
                    .map(Held)
                    .ok_or_else(|| E::custom("a held value is read from JavaScript only"))
            }
        }
        deserializer.deserialize_newtype_struct(HELD, Take)
    }
}

/// A JavaScript value and where it is in the options object (`files[1]`, `rules.duplicate-key`;
/// empty for the object itself).
pub struct Reader {
    value: JsValue,
    path: String,
}

impl Reader {
    pub fn new(value: JsValue) -> Reader {
        Reader {
            value,
            path: String::new(),
        }
    }

    fn member(&self, name: &str) -> Reader {
        let path = if self.path.is_empty() {
            name.to_string()
        } else {
            format!("{}.{name}", self.path)
        };
        Reader {
            value: Reflect::get(&self.value, &JsValue::from_str(name))
                .unwrap_or(JsValue::UNDEFINED),
            path,
        }
    }

    fn item(&self, index: usize, value: JsValue) -> Reader {
        Reader {
            value,
            path: format!("{}[{index}]", self.path),
        }
    }
}

/// Whether `value` is an object that options read member by member: not an array, not a
/// function.
pub fn is_plain_object(value: &JsValue) -> bool {
    value.is_object() && !value.is_function() && !Array::is_array(value)
}

/// The own enumerable keys of an object.
fn keys(value: &JsValue) -> Vec<String> {
    Object::keys(value.unchecked_ref::<Object>())
        .iter()
        .map(|key| key.as_string().unwrap_or_default())
        .collect()
}

impl<'de> Deserializer<'de> for Reader {
    type Error = ReadError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        let value = &self.value;
        let read = if value.is_null() {
            visitor.visit_unit()
        } else if let Some(flag) = value.as_bool() {
            visitor.visit_bool(flag)
        } else if let Some(number) = value.as_f64() {
            visitor.visit_f64(number)
        } else if let Some(text) = value.as_string() {
            visitor.visit_string(text)
        } else if Array::is_array(value) {
            visitor.visit_seq(Items {
                items: Array::from(value),
                next: 0,
                reader: &self,
            })
        } else if is_plain_object(value) {
            visitor.visit_map(Members {
                keys: keys(value),
                next: 0,
                reader: &self,
            })
        } else {
            let kind = match value.js_typeof().as_string().as_deref() {
                Some("undefined") => "undefined",
                Some("bigint") => "a bigint",
                Some("symbol") => "a symbol",
                _ => "a function",
            };
            Err(de::Error::invalid_type(Unexpected::Other(kind), &visitor))
        };
        read.map_err(|error| error.at(&self.path))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        // `null` is an absent member, as `undefined` is.
        if super::is_absent(&self.value) {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        if !is_plain_object(&self.value) {
            return self.deserialize_any(visitor);
        }
        let keys = keys(&self.value);
        if let Some(key) = keys.iter().find(|key| !fields.contains(&key.as_str())) {
            return Err(ReadError::Unknown {
                path: self.path.clone(),
                key: key.clone(),
                known: fields,
            });
        }
        visitor
            .visit_map(Members {
                keys,
                next: 0,
                reader: &self,
            })
            .map_err(|error| error.at(&self.path))
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        if name == HELD {
            HANDED_OVER.with(|slot| *slot.borrow_mut() = Some(self.value));
            return visitor.visit_unit();
        }
        visitor.visit_newtype_struct(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct seq tuple tuple_struct map enum identifier ignored_any
    }
}

/// An array's items, each read at its index.
struct Items<'a> {
    items: Array,
    next: u32,
    reader: &'a Reader,
}

impl<'de> SeqAccess<'de> for Items<'_> {
    type Error = ReadError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, ReadError> {
        if self.next >= self.items.length() {
            return Ok(None);
        }
        let index = self.next;
        self.next += 1;
        let item = self.reader.item(index as usize, self.items.get(index));
        seed.deserialize(item).map(Some)
    }
}

/// An object's members, each read under its name.
struct Members<'a> {
    keys: Vec<String>,
    next: usize,
    reader: &'a Reader,
}

impl<'de> MapAccess<'de> for Members<'_> {
    type Error = ReadError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, ReadError> {
        let Some(key) = self.keys.get(self.next) else {
            return Ok(None);
        };
        seed.deserialize(de::value::StrDeserializer::new(key))
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, ReadError> {
        let Some(key) = self.keys.get(self.next) else {
            return Err(de::Error::custom(
                "a member's value was asked for before its name",
            ));
        };
        self.next += 1;
        seed.deserialize(self.reader.member(key))
    }
}
