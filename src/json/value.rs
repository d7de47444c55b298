//! Parsed JSON that borrows from its text and its arena: strings without escapes and every
//! number stay slices of the document; lists, objects and unescaped strings live in the
//! [`Arena`](super::arena::Arena) the document was parsed into. A value is a few words and
//! copies freely.

use std::fmt;

/// A JSON value whose strings and numbers borrow from the text it was parsed from.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Value<'a> {
    Null,
    Bool(bool),
    Number(Number<'a>),
    String(&'a str),
    Array(&'a [Value<'a>]),
    Object(Map<'a>),
}

/// An object member: its name and its value.
pub type Member<'a> = (&'a str, Value<'a>);

/// A number as written. It is read on demand, and compares the way serde_json's numbers do:
/// integers with integers, other numbers by their `f64` value.
#[derive(Clone, Copy, Debug)]
pub struct Number<'a>(&'a str);

impl<'a> Number<'a> {
    /// Wraps the text of a number the parser has checked against the JSON grammar.
    pub(crate) fn from_checked(text: &'a str) -> Number<'a> {
        Number(text)
    }

    /// Written as an integer: no fraction and no exponent.
    pub fn is_integer(&self) -> bool {
        !self.0.bytes().any(|b| matches!(b, b'.' | b'e' | b'E'))
    }

    pub fn as_f64(&self) -> Option<f64> {
        crate::support::float::parse_f64(self.0)
    }

    pub fn as_i64(&self) -> Option<i64> {
        self.0.parse().ok().filter(|_| self.is_integer())
    }

    pub fn as_u64(&self) -> Option<u64> {
        self.0.parse().ok().filter(|_| self.is_integer())
    }

    /// The number as serde_json holds it: an integer when it fits 64 bits, else an `f64`
    /// (`-0` too: it is the float negative zero).
    fn to_serde(self) -> serde_json::Value {
        let negative_zero = |&n: &i64| n == 0 && self.0.starts_with('-');
        let integer = self.is_integer().then(|| {
            self.as_i64()
                .filter(|n| !negative_zero(n))
                .map(serde_json::Number::from)
                .or_else(|| self.as_u64().map(serde_json::Number::from))
        });
        integer
            .flatten()
            .or_else(|| self.as_f64().and_then(serde_json::Number::from_f64))
            .map_or(serde_json::Value::Null, serde_json::Value::Number)
    }
}

impl fmt::Display for Number<'_> {
    /// The number as serde_json writes it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.to_serde(), f)
    }
}

impl PartialEq for Number<'_> {
    fn eq(&self, other: &Self) -> bool {
        if self.0 == other.0 {
            return true;
        }
        match (self.is_integer(), other.is_integer()) {
            (true, true) => match (self.as_i64(), other.as_i64()) {
                (Some(a), Some(b)) => a == b,
                _ => self.as_u64().is_some() && self.as_u64() == other.as_u64(),
            },
            (false, false) => self.as_f64() == other.as_f64(),
            _ => false,
        }
    }
}

/// The members of an object in document order. Names are unique: the parser keeps the last
/// value of a repeated name in the first one's place, as JSON readers commonly do.
#[derive(Clone, Copy, Debug, Default)]
pub struct Map<'a> {
    members: &'a [Member<'a>],
}

impl<'a> Map<'a> {
    /// Members whose names are already unique.
    pub(crate) fn from_unique(members: &'a [Member<'a>]) -> Map<'a> {
        Map { members }
    }

    /// The member `name`. Not inlined: members are looked up at sixty-odd places, and the loop
    /// inlined into each of them cost kilobytes of WebAssembly. The lookups the checks make per
    /// object use `get_inline`.
    #[inline(never)]
    pub fn get(&self, name: &str) -> Option<&'a Value<'a>> {
        self.get_inline(name)
    }

    /// `get` inlined, for the lookups made per object: where `name` is a constant, the
    /// comparison compiles to a few instructions (measured: README, Performance, "Measured
    /// choices").
    #[inline(always)]
    pub fn get_inline(&self, name: &str) -> Option<&'a Value<'a>> {
        self.members
            .iter()
            .find(|(member, _)| same_name(member, name))
            .map(|(_, value)| value)
    }

    /// The member `name`, looked for at position `hint` first (for objects that list their
    /// members in the same order as another).
    pub fn get_near(&self, name: &str, hint: usize) -> Option<&'a Value<'a>> {
        match self.members.get(hint) {
            Some((member, value)) if same_name(member, name) => Some(value),
            _ => self.get(name),
        }
    }

    pub fn contains_key(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    pub fn len(&self) -> usize {
        self.members.len()
    }

    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&'a str, &'a Value<'a>)> {
        self.members.iter().map(|(name, value)| (*name, value))
    }

    pub fn keys(&self) -> impl Iterator<Item = &'a str> {
        self.members.iter().map(|(name, _)| *name)
    }

    pub fn values(&self) -> impl Iterator<Item = &'a Value<'a>> {
        self.members.iter().map(|(_, value)| value)
    }

    /// An owned copy for reports and for readers that keep what they read.
    pub fn to_serde(&self) -> serde_json::Map<String, serde_json::Value> {
        // Inserted one by one (a repeated name keeps its last value either way): collecting
        // would compile in a sort of its own, kilobytes of WebAssembly.
        let mut map = serde_json::Map::new();
        for (name, value) in self.iter() {
            map.insert(name.to_string(), value.to_serde());
        }
        map
    }
}

/// String equality for member names, which are short and mostly differ in length or in their
/// first byte: those are compared before the bytes are. Names of 4 to 16 bytes compare as two
/// overlapping words from each end, with no call: WebAssembly's `memcmp` goes byte by byte.
pub(crate) fn same_name(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let n = a.len();
    if n != b.len() || a.first() != b.first() {
        return false;
    }
    let word =
        |s: &[u8], at: usize| u64::from_le_bytes(s[at..at + 8].try_into().unwrap_or_default());
    let half =
        |s: &[u8], at: usize| u32::from_le_bytes(s[at..at + 4].try_into().unwrap_or_default());
    match n {
        8..=16 => word(a, 0) == word(b, 0) && word(a, n - 8) == word(b, n - 8),
        4..=7 => half(a, 0) == half(b, 0) && half(a, n - 4) == half(b, n - 4),
        _ => a == b,
    }
}

impl<'a> IntoIterator for &Map<'a> {
    type Item = (&'a str, &'a Value<'a>);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, Member<'a>>,
        fn(&'a Member<'a>) -> (&'a str, &'a Value<'a>),
    >;

    fn into_iter(self) -> Self::IntoIter {
        self.members.iter().map(|(name, value)| (*name, value))
    }
}

impl PartialEq for Map<'_> {
    /// Objects are equal when they have the same members, in any order.
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len()
            && self
                .iter()
                .all(|(name, value)| other.get(name) == Some(value))
    }
}

impl<'a> Value<'a> {
    pub fn as_str(&self) -> Option<&'a str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Number(n) => n.as_f64(),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&'a [Value<'a>]> {
        match self {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&Map<'a>> {
        match self {
            Value::Object(members) => Some(members),
            _ => None,
        }
    }

    /// A member of an object; `None` for anything else.
    pub fn get(&self, name: &str) -> Option<&Value<'a>> {
        self.as_object().and_then(|members| members.get(name))
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    pub fn is_boolean(&self) -> bool {
        matches!(self, Value::Bool(_))
    }

    pub fn is_string(&self) -> bool {
        matches!(self, Value::String(_))
    }

    pub fn is_array(&self) -> bool {
        matches!(self, Value::Array(_))
    }

    pub fn is_object(&self) -> bool {
        matches!(self, Value::Object(_))
    }

    /// An owned copy for reports, which outlive the document.
    pub fn to_serde(&self) -> serde_json::Value {
        match self {
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Number(n) => n.to_serde(),
            Value::String(s) => serde_json::Value::String(s.to_string()),
            Value::Array(items) => {
                serde_json::Value::Array(items.iter().map(Value::to_serde).collect())
            }
            Value::Object(members) => serde_json::Value::Object(members.to_serde()),
        }
    }
}

impl fmt::Display for Value<'_> {
    /// Compact JSON, as serde_json writes it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.to_serde(), f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn number(text: &str) -> Value<'_> {
        Value::Number(Number::from_checked(text))
    }

    #[test]
    fn names_are_equal_exactly_when_their_bytes_are() {
        for n in 0..=20 {
            let name: String = (0..n).map(|i| char::from(b'a' + i as u8)).collect();
            assert!(same_name(&name, &name.clone()), "{name}");
            assert!(!same_name(&name, &format!("{name}x")), "{name}");
            for at in 0..n {
                let mut other = name.clone().into_bytes();
                other[at] = b'Z';
                let other = String::from_utf8(other).unwrap();
                assert!(!same_name(&name, &other), "{name} {other}");
            }
        }
    }

    #[test]
    fn numbers_compare_like_serde_json() {
        assert_eq!(number("1"), number("1"));
        assert_eq!(number("-0"), number("0"));
        assert_eq!(number("1e2"), number("100.0"));
        assert_ne!(number("1"), number("1.0"));
        assert_ne!(
            number("18446744073709551615"),
            number("18446744073709551614")
        );
        assert_eq!(
            number("18446744073709551615"),
            number("18446744073709551615")
        );
    }

    #[test]
    fn numbers_convert_as_serde_json_reads_them() {
        let serde = |text: &str| serde_json::from_str::<serde_json::Value>(text).unwrap();
        for text in [
            "0",
            "-7",
            "-0",
            "9223372036854775807",
            "-9223372036854775808",
            "18446744073709551615",
            "123456789012345678901234567890",
            "2.50",
            "-2.5e-3",
            "1E300",
            "1e2",
        ] {
            assert_eq!(number(text).to_serde(), serde(text), "{text}");
        }
    }

    #[test]
    fn objects_compare_without_order_and_render_compactly() {
        let a = Map::from_unique(&[("x", Value::Bool(true)), ("y", Value::Null)]);
        let b = Map::from_unique(&[("y", Value::Null), ("x", Value::Bool(true))]);
        assert_eq!(a, b);
        let items = [Value::Object(a), number("2.50"), Value::String("\"q\"")];
        let value = Value::Array(&items);
        assert_eq!(value.to_string(), r#"[{"x":true,"y":null},2.5,"\"q\""]"#);
    }
}
