//! The JSON parser: RFC 8259 text to a borrowed `Value`, in one pass over the bytes. It also
//! notices what most parsers accept silently: a member name repeated in one object (which value
//! a server keeps is not specified) and integers beyond 2^53 (JavaScript readers lose their
//! precision). A clean document costs one pass; only when something is found is it parsed
//! again following the path, to learn the JSON Pointers.

use crate::support::fast_hash::{FastMap, FastSet};
use crate::support::float;
use std::borrow::Cow;

use super::arena::Arena;
use super::value::{same_name, Map, Member, Number, Value};
use super::MAX_DEPTH;
use crate::support::words;

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

/// Why the text is not JSON: what was wrong and the byte offset where it was noticed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    pub offset: usize,
    pub what: String,
}

/// Where the elements of the lists near the top of a document start (those of the root and of
/// its members, which is where upload bodies keep their objects), so that finding a pointer
/// into a long list is a jump rather than a scan.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Lists {
    /// By the offset of the opening bracket.
    lists: Vec<List>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct List {
    pub open: usize,
    /// The offset of each element's first byte.
    pub elements: Vec<usize>,
    /// The offset just after the closing bracket.
    pub end: usize,
}

impl Lists {
    /// The list whose opening bracket is at `open`, if it was recorded.
    pub fn at(&self, open: usize) -> Option<&List> {
        self.lists
            .binary_search_by_key(&open, |list| list.open)
            .ok()
            .map(|i| &self.lists[i])
    }
}

/// A parsed document: its value, what readers should know, where its lists' elements are and
/// where its lines start.
#[derive(Debug)]
pub struct Parsed<'a> {
    pub value: Value<'a>,
    pub anomalies: Vec<Anomaly>,
    pub lists: Lists,
    /// The offset where each line starts, 0 first. A line feed in JSON text can only be
    /// whitespace between tokens, so the parser sees them all; finding them here saves the
    /// pass over the text that positions would otherwise need.
    pub line_starts: Vec<usize>,
}

/// Parses `text` into `arena`, returning the value and what it holds that readers should know.
pub fn parse_noting<'a>(text: &'a str, arena: &'a Arena<'a>) -> Result<Parsed<'a>, ParseError> {
    let mut parsed = Parser::new(text, arena, false).document().map_err(|e| *e)?;
    if !parsed.anomalies.is_empty() {
        // Something to report: read again following the path, for the pointers. That pass
        // builds nothing; the value is the first pass's.
        let tracked = Parser::new(text, arena, true).document().map_err(|e| *e)?;
        parsed.anomalies = tracked.anomalies;
    }
    Ok(parsed)
}

/// The parser's results: the error is boxed, which keeps a result no larger than a value
/// (results move on every value read; errors happen once).
type Step<T> = Result<T, Box<ParseError>>;

enum Segment<'a> {
    Member(&'a str),
    Index(usize),
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    arena: &'a Arena<'a>,
    at: usize,
    depth: usize,
    /// Whether to follow the path and build nothing (the second pass) or to build and only
    /// notice (the first).
    track: bool,
    path: Vec<Segment<'a>>,
    found: Vec<Anomaly>,
    /// Scratch stacks for the containers being read: each container's children are gathered
    /// here and copied into the arena when it closes.
    items: Vec<Value<'a>>,
    members: Vec<Member<'a>>,
    /// Where an escaped string is decoded before it is copied into the arena.
    unescaped: String,
    lists: Vec<List>,
    line_starts: Vec<usize>,
}

/// Bytes a string scan must stop at: the closing quote, an escape, a control character.
const fn string_stops() -> [bool; 256] {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = true;
        b += 1;
    }
    table[b'"' as usize] = true;
    table[b'\\' as usize] = true;
    table
}
static STRING_STOPS: [bool; 256] = string_stops();

/// Marks (in the high bit of its byte) the first byte of `word`, in little-endian order, that
/// is a quote, a backslash or a control character; bits after the first mark may be spurious.
fn string_stops_in(word: u64) -> u64 {
    words::bytes_equal(word, b'"')
        | words::bytes_equal(word, b'\\')
        | words::bytes_below(word, 0x20)
}

impl<'a> Parser<'a> {
    fn new(text: &'a str, arena: &'a Arena<'a>, track: bool) -> Parser<'a> {
        Parser {
            text,
            bytes: text.as_bytes(),
            arena,
            at: 0,
            depth: 0,
            track,
            path: Vec::new(),
            found: Vec::new(),
            items: Vec::new(),
            members: Vec::new(),
            unescaped: String::new(),
            lists: Vec::new(),
            line_starts: vec![0],
        }
    }

    fn document(mut self) -> Step<Parsed<'a>> {
        let value = self.value()?;
        self.skip_whitespace();
        if self.at < self.bytes.len() {
            return Err(self.error("trailing characters"));
        }
        // Lists close inner first; order them by where they open.
        crate::support::order::sort_by(&mut self.lists, |a, b| a.open.cmp(&b.open));
        Ok(Parsed {
            value,
            anomalies: self.found,
            lists: Lists { lists: self.lists },
            line_starts: self.line_starts,
        })
    }

    #[cold]
    fn error(&self, what: &str) -> Box<ParseError> {
        Box::new(ParseError {
            offset: self.at.min(self.bytes.len()),
            what: what.to_string(),
        })
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    // Minified text has no whitespace: the test for none is inlined, the loop is not.
    #[inline(always)]
    fn skip_whitespace(&mut self) {
        if let Some(b' ' | b'\n' | b'\r' | b'\t') = self.peek() {
            self.skip_whitespace_run();
        }
    }

    fn skip_whitespace_run(&mut self) {
        while let Some(b) = self.peek() {
            match b {
                b' ' | b'\r' | b'\t' => {}
                b'\n' => self.line_starts.push(self.at + 1),
                _ => break,
            }
            self.at += 1;
        }
    }

    fn value(&mut self) -> Step<Value<'a>> {
        self.skip_whitespace();
        match self.peek() {
            Some(b'{') => self.object(),
            Some(b'[') => self.array(),
            Some(b'"') => self.string().map(Value::String),
            Some(b't') => self.literal("true", Value::Bool(true)),
            Some(b'f') => self.literal("false", Value::Bool(false)),
            Some(b'n') => self.literal("null", Value::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.error("expected value")),
            None => Err(self.error("EOF while parsing a value")),
        }
    }

    /// A member's value or a list's element. Strings, the commonest, are read here without a
    /// call; containers and the rest go through `value`.
    #[inline(always)]
    fn element(&mut self) -> Step<Value<'a>> {
        self.skip_whitespace();
        match self.peek() {
            Some(b'"') => self.string().map(Value::String),
            _ => self.value(),
        }
    }

    fn literal(&mut self, word: &str, value: Value<'a>) -> Step<Value<'a>> {
        if self.bytes[self.at..].starts_with(word.as_bytes()) {
            self.at += word.len();
            Ok(value)
        } else {
            Err(self.error(&format!("expected `{word}`")))
        }
    }

    fn enter(&mut self) -> Step<()> {
        if self.depth == MAX_DEPTH {
            return Err(self.error("recursion limit exceeded"));
        }
        self.depth += 1;
        self.at += 1;
        self.skip_whitespace();
        Ok(())
    }

    fn array(&mut self) -> Step<Value<'a>> {
        let open = self.at;
        self.enter()?;
        /// The root and its members: where upload bodies keep their lists.
        const RECORDED_DEPTH: usize = 2;
        let mut elements = Vec::new();
        let start = self.items.len();
        if self.peek() == Some(b']') {
            self.at += 1;
        } else {
            loop {
                if self.track {
                    self.path.push(Segment::Index(self.items.len() - start));
                }
                if self.depth <= RECORDED_DEPTH {
                    self.skip_whitespace();
                    elements.push(self.at);
                }
                let item = self.element()?;
                if self.track {
                    self.path.pop();
                }
                self.items.push(item);
                self.skip_whitespace();
                match self.peek() {
                    Some(b',') => {
                        self.at += 1;
                        self.skip_whitespace();
                        if self.peek() == Some(b']') {
                            return Err(self.error("trailing comma"));
                        }
                    }
                    Some(b']') => {
                        self.at += 1;
                        break;
                    }
                    Some(_) => return Err(self.error("expected `,` or `]`")),
                    None => return Err(self.error("EOF while parsing a list")),
                }
            }
        }
        if self.depth <= RECORDED_DEPTH {
            self.lists.push(List {
                open,
                elements,
                end: self.at,
            });
        }
        self.depth -= 1;
        let items = if self.track {
            &[]
        } else {
            self.arena.items(&self.items[start..])
        };
        self.items.truncate(start);
        Ok(Value::Array(items))
    }

    fn object(&mut self) -> Step<Value<'a>> {
        self.enter()?;
        let start = self.members.len();
        if self.peek() == Some(b'}') {
            self.at += 1;
        } else {
            loop {
                match self.peek() {
                    Some(b'"') => {}
                    Some(b'}') => return Err(self.error("trailing comma")),
                    Some(_) => return Err(self.error("key must be a string")),
                    None => return Err(self.error("EOF while parsing an object")),
                }
                let name = self.string()?;
                self.skip_whitespace();
                match self.peek() {
                    Some(b':') => self.at += 1,
                    Some(_) => return Err(self.error("expected `:`")),
                    None => return Err(self.error("EOF while parsing an object")),
                }
                if self.track {
                    self.path.push(Segment::Member(name));
                }
                let value = self.element()?;
                if self.track {
                    self.path.pop();
                }
                self.members.push((name, value));
                self.skip_whitespace();
                match self.peek() {
                    Some(b',') => {
                        self.at += 1;
                        self.skip_whitespace();
                    }
                    Some(b'}') => {
                        self.at += 1;
                        break;
                    }
                    Some(_) => return Err(self.error("expected `,` or `}`")),
                    None => return Err(self.error("EOF while parsing an object")),
                }
            }
        }
        self.depth -= 1;
        if has_repeats(&self.members[start..]) {
            self.merge_repeats(start);
        }
        let members = if self.track {
            &[]
        } else {
            self.arena.members(&self.members[start..])
        };
        self.members.truncate(start);
        Ok(Value::Object(Map::from_unique(members)))
    }

    /// Keeps the last value of each repeated name among the members from `start` in the place
    /// of its first, and notes it.
    fn merge_repeats(&mut self, start: usize) {
        let mut members = self.members.split_off(start);
        let mut first: FastMap<&'a str, usize> = Default::default();
        let mut keep = vec![true; members.len()];
        for i in 0..members.len() {
            let (name, value) = members[i];
            match first.get(name) {
                Some(&j) => {
                    keep[i] = false;
                    members[j].1 = value;
                    self.note(AnomalyKind::DuplicateMember, Some(name), name.to_string());
                }
                None => {
                    first.insert(name, i);
                }
            }
        }
        let mut kept = keep.into_iter();
        members.retain(|_| kept.next().unwrap_or(true));
        self.members.append(&mut members);
    }

    // Inlined into both callers: it runs for every member name and string value.
    #[inline(always)]
    fn string(&mut self) -> Step<&'a str> {
        let start = self.at + 1;
        let mut i = start;
        while let Some(word) = self.bytes.get(i..i + 8) {
            let stops = string_stops_in(words::word(word));
            if stops != 0 {
                i += (stops.trailing_zeros() / 8) as usize;
                break;
            }
            i += 8;
        }
        loop {
            match self.bytes.get(i) {
                None => {
                    self.at = i;
                    return Err(self.error("EOF while parsing a string"));
                }
                Some(&b) if !STRING_STOPS[b as usize] => i += 1,
                Some(b'"') => {
                    self.at = i + 1;
                    return Ok(&self.text[start..i]);
                }
                Some(b'\\') => return self.escaped_string(start, i),
                Some(_) => {
                    self.at = i;
                    return Err(self.error(
                        "control character (\\u0000-\\u001F) found while parsing a string",
                    ));
                }
            }
        }
    }

    /// The rest of a string from its first escape at `i`.
    fn escaped_string(&mut self, start: usize, mut i: usize) -> Step<&'a str> {
        let mut out = std::mem::take(&mut self.unescaped);
        out.clear();
        out.push_str(&self.text[start..i]);
        loop {
            let plain = i;
            while let Some(&b) = self.bytes.get(i) {
                if STRING_STOPS[b as usize] {
                    break;
                }
                i += 1;
            }
            out.push_str(&self.text[plain..i]);
            self.at = i;
            match self.bytes.get(i) {
                None => return Err(self.error("EOF while parsing a string")),
                Some(b'"') => {
                    self.at = i + 1;
                    let text = self.arena.text(&out);
                    self.unescaped = out;
                    return Ok(text);
                }
                Some(b'\\') => {}
                Some(_) => {
                    return Err(self
                        .error("control character (\\u0000-\\u001F) found while parsing a string"))
                }
            }
            self.at = i + 1;
            let decoded = match self.bytes.get(i + 1) {
                Some(b'"') => '"',
                Some(b'\\') => '\\',
                Some(b'/') => '/',
                Some(b'b') => '\u{8}',
                Some(b'f') => '\u{c}',
                Some(b'n') => '\n',
                Some(b'r') => '\r',
                Some(b't') => '\t',
                Some(b'u') => {
                    let (c, end) = self.unicode_escape(i)?;
                    out.push(c);
                    i = end;
                    continue;
                }
                Some(_) => return Err(self.error("invalid escape")),
                None => return Err(self.error("EOF while parsing a string")),
            };
            out.push(decoded);
            i += 2;
        }
    }

    /// A `\uXXXX` escape at `i` (with its low surrogate, when it is a high one): the character
    /// and the offset after it.
    fn unicode_escape(&mut self, i: usize) -> Step<(char, usize)> {
        let unit = self.hex4(i + 2)?;
        let lone = "a \\u escape of a lone surrogate (\\ud800 to \\udfff) needs its pair";
        match unit {
            0xD800..=0xDBFF => {
                if self.bytes.get(i + 6..i + 8) != Some(b"\\u") {
                    self.at = i;
                    return Err(self.error(lone));
                }
                let low = self.hex4(i + 8)?;
                if !(0xDC00..=0xDFFF).contains(&low) {
                    self.at = i;
                    return Err(self.error(lone));
                }
                let code = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                Ok((char::from_u32(code).unwrap_or('\u{FFFD}'), i + 12))
            }
            0xDC00..=0xDFFF => {
                self.at = i;
                Err(self.error(lone))
            }
            _ => Ok((char::from_u32(unit).unwrap_or('\u{FFFD}'), i + 6)),
        }
    }

    fn hex4(&mut self, at: usize) -> Step<u32> {
        let mut unit = 0;
        for k in 0..4 {
            self.at = at + k;
            let digit = match self.peek() {
                Some(b) => (b as char).to_digit(16),
                None => return Err(self.error("EOF while parsing a string")),
            };
            match digit {
                Some(d) => unit = unit * 16 + d,
                None => return Err(self.error("invalid \\u escape: expected four hex digits")),
            }
        }
        Ok(unit)
    }

    fn number(&mut self) -> Step<Value<'a>> {
        let start = self.at;
        let digits_from = |bytes: &[u8], mut i: usize| {
            while let Some(b'0'..=b'9') = bytes.get(i) {
                i += 1;
            }
            i
        };
        let mut i = start + usize::from(self.bytes[start] == b'-');
        let integer_start = i;
        match self.bytes.get(i) {
            Some(b'0') => i += 1,
            Some(b'1'..=b'9') => i = digits_from(self.bytes, i),
            _ => {
                self.at = i;
                return Err(self.error("invalid number"));
            }
        }
        let integer_digits = i - integer_start;
        let mut integer = true;
        if self.bytes.get(i) == Some(&b'.') {
            integer = false;
            let end = digits_from(self.bytes, i + 1);
            if end == i + 1 {
                self.at = end;
                return Err(self.error("invalid number"));
            }
            i = end;
        }
        if let Some(b'e' | b'E') = self.bytes.get(i) {
            integer = false;
            i += 1;
            if let Some(b'+' | b'-') = self.bytes.get(i) {
                i += 1;
            }
            let end = digits_from(self.bytes, i);
            if end == i {
                self.at = end;
                return Err(self.error("invalid number"));
            }
            i = end;
        }
        let written = &self.text[start..i];
        if integer && integer_digits >= 16 {
            let magnitude = written.trim_start_matches('-').parse::<u128>();
            if magnitude.map_or(true, |m| m > u128::from(MAX_SAFE_INTEGER)) {
                self.note(AnomalyKind::UnsafeInteger, None, written.to_string());
            }
        }
        if (!integer || integer_digits > 300) && !float::is_finite(written) {
            self.at = start;
            return Err(self.error("number out of range"));
        }
        self.at = i;
        Ok(Value::Number(Number::from_checked(written)))
    }

    fn note(&mut self, kind: AnomalyKind, last: Option<&str>, detail: String) {
        let mut pointer = String::new();
        if self.track {
            let segments = self.path.iter().map(|segment| match segment {
                Segment::Member(name) => super::pointer::escape(name),
                Segment::Index(index) => Cow::Owned(index.to_string()),
            });
            for segment in segments.chain(last.map(super::pointer::escape)) {
                pointer.push('/');
                pointer.push_str(&segment);
            }
        }
        self.found.push(Anomaly {
            kind,
            pointer,
            detail,
        });
    }
}

/// Whether any name appears twice. Objects in graph data have a few dozen members at most, so
/// comparing pairs is cheapest; larger ones are hashed.
fn has_repeats(members: &[Member<'_>]) -> bool {
    const PAIRWISE_UP_TO: usize = 24;
    if members.len() <= PAIRWISE_UP_TO {
        // A name is compared with the earlier ones only when one of them had its length.
        let mut lengths = 0u64;
        (0..members.len()).any(|i| {
            let name = members[i].0;
            let bit = 1u64 << name.len().min(63);
            let seen = lengths & bit != 0;
            lengths |= bit;
            seen && members[..i].iter().any(|(other, _)| same_name(other, name))
        })
    } else {
        let mut seen = FastSet::with_capacity_and_hasher(members.len(), Default::default());
        !members.iter().all(|(name, _)| seen.insert(*name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An arena for one test's document, left to the end of the test run.
    fn arena<'a>() -> &'a Arena<'a> {
        Box::leak(Box::default())
    }

    fn parse(text: &str) -> (Value<'_>, Vec<Anomaly>) {
        let parsed = parse_noting(text, arena()).unwrap();
        (parsed.value, parsed.anomalies)
    }

    fn what(text: &str) -> (usize, String) {
        let error = parse_noting(text, arena()).unwrap_err();
        (error.offset, error.what)
    }

    #[test]
    fn duplicates_and_unsafe_integers_are_located() {
        let (value, found) = parse(
            r#"{"a": [{"n": 1, "m": 0, "n": 2}], "big": 9007199254740993, "ok": 9007199254740991, "neg": -9007199254740993, "huge": 123456789012345678901234567890}"#,
        );
        let first = &value.get("a").unwrap().as_array().unwrap()[0];
        assert_eq!(
            first.as_object().unwrap().keys().collect::<Vec<_>>(),
            ["n", "m"]
        );
        assert_eq!(first.get("n").and_then(Value::as_f64), Some(2.0));
        let at = |kind, pointer: &str, detail: &str| Anomaly {
            kind,
            pointer: pointer.into(),
            detail: detail.into(),
        };
        assert_eq!(
            found,
            [
                at(AnomalyKind::DuplicateMember, "/a/0/n", "n"),
                at(AnomalyKind::UnsafeInteger, "/big", "9007199254740993"),
                at(AnomalyKind::UnsafeInteger, "/neg", "-9007199254740993"),
                at(
                    AnomalyKind::UnsafeInteger,
                    "/huge",
                    "123456789012345678901234567890"
                ),
            ]
        );
    }

    #[test]
    fn clean_input_reads_like_serde_json() {
        let text = r#" {"x": [1, -2.5e-3, "s\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00", null, true, false, {"y": {}}], "a~/b": 0} "#;
        let (value, found) = parse(text);
        assert!(found.is_empty());
        assert_eq!(
            value.to_serde(),
            serde_json::from_str::<serde_json::Value>(text).unwrap()
        );
        // The escaped string was decoded into the arena; the others are slices of the text.
        let in_text = |s: &str| text.as_bytes().as_ptr_range().contains(&s.as_ptr());
        let x = value.get("x").unwrap().as_array().unwrap();
        assert!(!in_text(x[2].as_str().unwrap()));
        assert!(in_text(value.as_object().unwrap().keys().next().unwrap()));
        assert!(matches!(
            value.as_object().unwrap().iter().next(),
            Some(("x", _))
        ));
    }

    #[test]
    fn strings_of_every_length_end_at_their_quote() {
        for n in 0..40 {
            let body = "é".repeat(n) + &"a".repeat(n);
            let text = format!("[\"{body}\", \"{body}\\n\"]");
            let (value, _) = parse(&text);
            assert_eq!(value.as_array().unwrap()[0].as_str(), Some(body.as_str()));
            assert_eq!(
                value.as_array().unwrap()[1].as_str(),
                Some(format!("{body}\n").as_str())
            );
        }
    }

    #[test]
    fn large_objects_with_repeats_keep_the_last_value() {
        let mut text = String::from("{");
        for i in 0..100 {
            text.push_str(&format!("\"k{}\": {i},", i % 60));
        }
        text.push_str("\"end\": 0}");
        let (value, found) = parse(&text);
        let object = value.as_object().unwrap();
        assert_eq!(object.len(), 61);
        assert_eq!(object.get("k0").and_then(Value::as_f64), Some(60.0));
        assert_eq!(found.len(), 40);
        assert_eq!(found[0].pointer, "/k0");
    }

    #[test]
    fn line_starts_are_found_between_tokens() {
        let text = "{\r\n  \"a\": [\n1,\n\n 2]\n}\n";
        let starts = parse_noting(text, arena()).unwrap().line_starts;
        let feeds = text.match_indices('\n').map(|(i, _)| i + 1);
        assert_eq!(starts, std::iter::once(0).chain(feeds).collect::<Vec<_>>());
        assert_eq!(starts.len(), 7);
        assert_eq!(parse_noting("[1]", arena()).unwrap().line_starts, [0]);
    }

    #[test]
    fn lists_near_the_top_record_their_elements() {
        let text = r#"{"entities": [ {"a": [1, 2]}, 3 ], "x": {"deep": [4]}}"#;
        let lists = parse_noting(text, arena()).unwrap().lists;
        let open = text.find('[').unwrap();
        let list = lists.at(open).unwrap();
        assert_eq!(
            list.elements,
            [text.find("{\"a").unwrap(), text.find('3').unwrap()]
        );
        assert_eq!(list.end, text.find(" ], \"x").unwrap() + 2);
        // Deeper lists are not recorded.
        assert!(lists.at(text.find("[1").unwrap()).is_none());
        assert!(lists.at(text.find("[4").unwrap()).is_none());
    }

    #[test]
    fn errors_say_what_and_where() {
        assert_eq!(what("{\"a\" 1}"), (5, "expected `:`".into()));
        assert_eq!(what("[1,]"), (3, "trailing comma".into()));
        assert_eq!(what("{\"a\": 1,}"), (8, "trailing comma".into()));
        assert_eq!(what("{1: 2}"), (1, "key must be a string".into()));
        assert_eq!(what("[1 2]"), (3, "expected `,` or `]`".into()));
        assert_eq!(what("{\"a\": 1 \"b\"}"), (8, "expected `,` or `}`".into()));
        assert_eq!(what("  "), (2, "EOF while parsing a value".into()));
        assert_eq!(what("[1, 2"), (5, "EOF while parsing a list".into()));
        assert_eq!(what("{\"a\": 1"), (7, "EOF while parsing an object".into()));
        assert_eq!(what("\"abc"), (4, "EOF while parsing a string".into()));
        assert_eq!(
            what("\"a\tb\""),
            (
                2,
                "control character (\\u0000-\\u001F) found while parsing a string".into()
            )
        );
        assert_eq!(what("\"\\x\""), (2, "invalid escape".into()));
        assert_eq!(
            what("\"\\u12G4\""),
            (5, "invalid \\u escape: expected four hex digits".into())
        );
        assert!(what("\"\\ud800\"").1.contains("lone surrogate"));
        assert!(what("\"\\udc00x\"").1.contains("lone surrogate"));
        assert_eq!(what("[NaN]"), (1, "expected value".into()));
        assert_eq!(what("[nul]"), (1, "expected `null`".into()));
        assert_eq!(what("-"), (1, "invalid number".into()));
        assert_eq!(what("1."), (2, "invalid number".into()));
        assert_eq!(what("1e+"), (3, "invalid number".into()));
        assert_eq!(what("[01]"), (2, "expected `,` or `]`".into()));
        assert_eq!(what("1e400"), (0, "number out of range".into()));
        assert_eq!(what("{} x"), (3, "trailing characters".into()));
        let deep = "[".repeat(MAX_DEPTH + 1);
        assert_eq!(what(&deep), (MAX_DEPTH, "recursion limit exceeded".into()));
        let fine = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(parse_noting(&fine, arena()).is_ok());
    }
}
