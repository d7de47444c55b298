//! Reading documents and locating what is found in them, for both dialects: a document is
//! decoded and parsed once (its reading anomalies become findings), and findings, which point
//! by JSON Pointer, become diagnostics with a line and a column.

use std::borrow::Cow;

use crate::diagnostic::{Anchor, Diagnostic, Finding, Findings, Place, Rule, Severity};
use crate::json::parse::{AnomalyKind, Lists};
use crate::json::{self, lines::LineIndex, locate, Arena, Value};

/// The rules of reading, which every document of either dialect goes through.
pub const INVALID_JSON: Rule = Rule {
    id: "invalid-json",
    default_severity: Severity::Error,
    doc: "The file is UTF-8 JSON.",
};
pub const DUPLICATE_MEMBER: Rule = Rule {
    id: "duplicate-member",
    default_severity: Severity::Warning,
    doc:
        "A member name appears twice in one object; which value the server keeps is not specified.",
};
pub const UNSAFE_INTEGER: Rule = Rule {
    id: "unsafe-integer",
    default_severity: Severity::Warning,
    doc: "An integer beyond 2^53 loses precision in JavaScript consumers.",
};

/// One input file: a name for messages (`None` for unnamed input) and its bytes.
#[derive(Clone, Copy, Debug)]
pub struct Document<'a> {
    pub name: Option<&'a str>,
    pub bytes: &'a [u8],
}

impl<'a> Document<'a> {
    pub fn new(name: &'a str, text: &'a str) -> Document<'a> {
        Document {
            name: Some(name),
            bytes: text.as_bytes(),
        }
    }
}

/// A document after reading: its text (the readable prefix, for bad UTF-8), its value, where
/// its top lists' elements start and, when it was read whole, where its lines start.
pub(crate) struct Parsed<'a> {
    pub text: Cow<'a, str>,
    pub value: Option<Value<'a>>,
    pub lists: Lists,
    pub lines: Option<LineIndex>,
}

/// Reads document number `doc`; its lists and objects go into `arena`.
pub(crate) fn read<'a>(
    doc: usize,
    document: &Document<'a>,
    arena: &'a Arena<'a>,
    findings: &mut Findings,
) -> Parsed<'a> {
    let (text, ascii, result) = match json::decode_noting_ascii(document.bytes) {
        Ok((text, ascii)) => (Cow::Borrowed(text), ascii, json::parse_noting(text, arena)),
        Err(error) => {
            let bytes = json::without_bom(document.bytes);
            let readable = &bytes[..error.offset.min(bytes.len())];
            (String::from_utf8_lossy(readable), false, Err(error))
        }
    };
    match result {
        Ok(parsed) => {
            for anomaly in parsed.anomalies {
                let (rule, message) = match anomaly.kind {
                    AnomalyKind::DuplicateMember => (
                        &DUPLICATE_MEMBER,
                        format!("member \"{}\" appears twice in this object; which value the API keeps is not specified", anomaly.detail),
                    ),
                    AnomalyKind::UnsafeInteger => (
                        &UNSAFE_INTEGER,
                        format!("{} is beyond 2^53: JavaScript readers get a different number", anomaly.detail),
                    ),
                };
                let hint = match anomaly.kind {
                    AnomalyKind::DuplicateMember => "keep one of the two members",
                    AnomalyKind::UnsafeInteger => "send it as a string if every digit matters",
                };
                let anchor = match anomaly.kind {
                    AnomalyKind::DuplicateMember => Anchor::Key,
                    AnomalyKind::UnsafeInteger => Anchor::Value,
                };
                findings
                    .add(
                        rule,
                        Place {
                            doc: Some(doc),
                            pointer: anomaly.pointer,
                            anchor,
                        },
                        message,
                    )
                    .hint(hint);
            }
            Parsed {
                text,
                value: Some(parsed.value),
                lists: parsed.lists,
                lines: Some(LineIndex::from_starts(parsed.line_starts, ascii)),
            }
        }
        Err(error) => {
            findings.add(
                &INVALID_JSON,
                Place {
                    doc: Some(doc),
                    pointer: String::new(),
                    anchor: Anchor::Offset(error.offset),
                },
                error.message,
            );
            Parsed {
                text,
                value: None,
                lists: Lists::default(),
                lines: None,
            }
        }
    }
}

/// Turns findings into diagnostics: one locating pass per document, then ordered by `rank` of
/// their document (`None`: options given as flags) and by position within it.
pub(crate) fn locate_all(
    findings: Findings,
    documents: &[Document],
    parsed: &[Parsed],
    rank: &dyn Fn(Option<usize>) -> usize,
) -> Vec<Diagnostic> {
    let count = findings.list.len();
    let mut by_doc: Vec<Vec<usize>> = vec![Vec::new(); parsed.len()];
    for (i, finding) in findings.list.iter().enumerate() {
        if let Some(doc) = finding.place.doc {
            by_doc[doc].push(i);
        }
    }
    let mut offsets: Vec<Option<usize>> = vec![None; count];
    let mut positions: Vec<Option<(u32, u32)>> = vec![None; count];
    for (p, mine) in parsed.iter().zip(&by_doc) {
        if mine.is_empty() {
            continue;
        }
        let wanted: Vec<&str> = mine
            .iter()
            .map(|&i| findings.list[i].place.pointer.as_str())
            .collect();
        let spots = match p.value {
            Some(_) => locate::locate(&p.text, &wanted, &p.lists),
            None => vec![locate::Spot::default(); wanted.len()],
        };
        let at: Vec<usize> = mine
            .iter()
            .zip(&spots)
            .map(|(&i, spot)| match findings.list[i].place.anchor {
                Anchor::Offset(offset) => offset,
                Anchor::Key => spot.key.or(spot.value).unwrap_or(0),
                Anchor::Value => spot.value.unwrap_or(0),
            })
            .collect();
        let scanned;
        let index = match &p.lines {
            Some(lines) => lines,
            None => {
                scanned = LineIndex::new(&p.text);
                &scanned
            }
        };
        for ((&i, &offset), position) in mine.iter().zip(&at).zip(index.positions(&p.text, &at)) {
            offsets[i] = Some(offset);
            positions[i] = Some(position);
        }
    }

    let order = crate::support::order::sorted_indices(count, |a, b| {
        let (fa, fb) = (&findings.list[a], &findings.list[b]);
        (rank(fa.place.doc), offsets[a], fa.rule.id, &fa.message).cmp(&(
            rank(fb.place.doc),
            offsets[b],
            fb.rule.id,
            &fb.message,
        ))
    });
    let mut list: Vec<Option<Finding>> = findings.list.into_iter().map(Some).collect();
    order
        .into_iter()
        .filter_map(|i| {
            let finding = list[i].take()?;
            let (line, column) = positions[i].unzip();
            Some(Diagnostic {
                rule: finding.rule.id,
                severity: finding.severity,
                message: finding.message,
                file: finding
                    .place
                    .doc
                    .and_then(|d| documents[d].name)
                    .map(str::to_string),
                pointer: finding.place.pointer,
                line,
                column,
                hint: finding.hint,
            })
        })
        .collect()
}
