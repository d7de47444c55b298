//! The JSON front: bytes to text to values, and positions for what the checks point at.

pub mod arena;
pub mod lines;
pub mod locate;
pub mod parse;
pub mod pointer;
mod value;

pub use arena::Arena;
pub(crate) use value::same_name;
pub use value::{Map, Member, Number, Value};

use lines::LineIndex;

/// Nesting deeper than this is refused, which keeps parsing from exhausting the stack; graph
/// objects are a few levels deep.
pub const MAX_DEPTH: usize = 128;

/// A number as JSON writes it: whole numbers without a fraction (`10`, not `10.0`), others in
/// their shortest form; `None` for infinities and NaN, which JSON lacks.
pub fn number_json(n: f64) -> Option<serde_json::Number> {
    if n.fract() == 0.0 && n.abs() < 9.0e15 {
        Some((n as i64).into())
    } else {
        serde_json::Number::from_f64(n)
    }
}

/// A number for messages, as JSON writes it; infinities and NaN spelt out. (Formatting with
/// `{}` would link core's float formatting beside serde_json's, a second copy in the module.)
pub fn number_text(n: f64) -> String {
    match number_json(n) {
        Some(n) => n.to_string(),
        None if n.is_nan() => "NaN".to_string(),
        None if n > 0.0 => "inf".to_string(),
        None => "-inf".to_string(),
    }
}

/// Writes `value` as JSON indented by two spaces. Every JSON text the crate writes goes
/// through here, with the writer as `dyn Write`: serde_json compiles each report's serializer
/// once per writer type, and in the module every copy is paid for in bytes.
pub fn write_pretty<T: serde::Serialize + ?Sized>(
    value: &T,
    out: &mut dyn std::io::Write,
) -> serde_json::Result<()> {
    serde_json::to_writer_pretty(out, value)
}

/// `value` as JSON text indented by two spaces (`write_pretty` into a string).
pub fn to_pretty<T: serde::Serialize + ?Sized>(value: &T) -> String {
    let mut out = Vec::new();
    // Writing into a Vec fails only when a Serialize impl does, and none of the crate's does.
    let _ = write_pretty(value, &mut out);
    // serde_json writes UTF-8.
    String::from_utf8(out).unwrap_or_default()
}

/// Why a document could not be read as JSON, and where.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    /// Byte offset into the text (after a stripped byte-order mark).
    pub offset: usize,
    pub message: String,
}

/// The bytes after a UTF-8 byte-order mark, if there is one. Offsets count from there.
pub fn without_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// The text of a document: UTF-8 without its byte-order mark. An error's offset counts from
/// after the mark.
pub fn decode(bytes: &[u8]) -> Result<&str, SyntaxError> {
    decode_noting_ascii(bytes).map(|(text, _)| text)
}

/// The text of a document, as `decode` reads it, and whether it is all ASCII.
pub fn decode_noting_ascii(bytes: &[u8]) -> Result<(&str, bool), SyntaxError> {
    let bytes = without_bom(bytes);
    // Most uploads are ASCII: checking that first costs what checking UTF-8 would, and
    // tells how to count columns.
    if bytes.is_ascii() {
        // SAFETY: ASCII text is valid UTF-8.
        return Ok((unsafe { std::str::from_utf8_unchecked(bytes) }, true));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let offset = e.valid_up_to();
        let valid = std::str::from_utf8(&bytes[..offset]).unwrap_or_default();
        let (line, column) = position(valid, offset);
        SyntaxError {
            offset,
            message: format!(
                "the file is not valid UTF-8 (byte {offset}, line {line}, column {column})"
            ),
        }
    })?;
    Ok((text, false))
}

/// Parses `text` into a value in `arena` and notes repeated member names and unsafe integers.
/// A syntax error names its line and column in the message.
pub fn parse_noting<'a>(
    text: &'a str,
    arena: &'a Arena<'a>,
) -> Result<parse::Parsed<'a>, SyntaxError> {
    parse::parse_noting(text, arena).map_err(|e| {
        let (line, column) = position(text, e.offset);
        let what = if e.what == "recursion limit exceeded" {
            format!("nesting deeper than {MAX_DEPTH} levels")
        } else {
            e.what
        };
        SyntaxError {
            offset: e.offset,
            message: format!("invalid JSON: {what} at line {line}, column {column}"),
        }
    })
}

fn position(text: &str, offset: usize) -> (u32, u32) {
    LineIndex::new(text).positions(text, &[offset])[0]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_error_names_line_and_column() {
        let err = parse_noting("{\n  \"é\": 1,\n  \"b\" 2\n}", &Arena::new()).unwrap_err();
        assert_eq!(
            err.message,
            "invalid JSON: expected `:` at line 3, column 7"
        );
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let text = "[".repeat(10_000) + &"]".repeat(10_000);
        let err = parse_noting(&text, &Arena::new()).unwrap_err();
        assert!(
            err.message.contains("nesting deeper than 128 levels"),
            "{}",
            err.message
        );
    }

    #[test]
    fn byte_order_mark_is_stripped_and_bad_utf8_located() {
        assert_eq!(decode(b"\xEF\xBB\xBF{}").unwrap(), "{}");
        assert_eq!(
            decode_noting_ascii(b"\xEF\xBB\xBF{}").unwrap(),
            ("{}", true)
        );
        assert_eq!(
            decode_noting_ascii("[\"é\"]".as_bytes()).unwrap(),
            ("[\"é\"]", false)
        );
        let err = decode(b"{\n\"a\": \"\xFF\"}").unwrap_err();
        assert_eq!(err.offset, 8);
        assert!(err.message.contains("line 2, column 7"), "{}", err.message);
    }
}
