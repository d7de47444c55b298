//! Reading documents and locating what is found in them, for both dialects: a document is
//! decoded and parsed once (its reading anomalies become findings), and findings, which point
//! by JSON Pointer, become diagnostics with a line and a column.

use std::borrow::Cow;
use std::cmp::Ordering;

use crate::diagnostic::{declare_rule, Anchor, Diagnostic, Findings, Place};
use crate::json::parse::{Anomaly, AnomalyKind, Lists};
use crate::json::{self, lines::LineIndex, locate, Arena, SyntaxError, Value};

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
                match anomaly.kind {
                    AnomalyKind::DuplicateMember => duplicate_member(doc, anomaly, findings),
                    AnomalyKind::UnsafeInteger => unsafe_integer(doc, anomaly, findings),
                }
            }
            Parsed {
                text,
                value: Some(parsed.value),
                lists: parsed.lists,
                lines: Some(LineIndex::from_starts(parsed.line_starts, ascii)),
            }
        }
        Err(error) => {
            invalid_json(doc, error, findings);
            Parsed {
                text,
                value: None,
                lists: Lists::default(),
                lines: None,
            }
        }
    }
}

// The rules of reading, which every document of either dialect goes through.
declare_rule! {
    /// The file is UTF-8 JSON.
    INVALID_JSON: "invalid-json", Error
}

fn invalid_json(doc: usize, error: SyntaxError, findings: &mut Findings) {
    findings.add(
        &INVALID_JSON,
        Place {
            doc: Some(doc),
            pointer: String::new(),
            anchor: Anchor::Offset(error.offset),
        },
        error.message,
    );
}

declare_rule! {
    /// A member name appears twice in one object; which value the server keeps is not specified.
    DUPLICATE_MEMBER: "duplicate-member", Warning
}

fn duplicate_member(doc: usize, anomaly: Anomaly, findings: &mut Findings) {
    findings
        .add(
            &DUPLICATE_MEMBER,
            Place {
                doc: Some(doc),
                pointer: anomaly.pointer,
                anchor: Anchor::Key,
            },
            format!("member \"{}\" appears twice in this object; which value the API keeps is not specified", anomaly.detail),
        )
        .hint("keep one of the two members");
}

declare_rule! {
    /// An integer beyond 2^53 loses precision in JavaScript consumers.
    UNSAFE_INTEGER: "unsafe-integer", Warning
}

fn unsafe_integer(doc: usize, anomaly: Anomaly, findings: &mut Findings) {
    findings
        .add(
            &UNSAFE_INTEGER,
            Place::value(Some(doc), anomaly.pointer),
            format!(
                "{} is beyond 2^53: JavaScript readers get a different number",
                anomaly.detail
            ),
        )
        .hint("send it as a string if every digit matters");
}

/// A finding located in its document, with what a report orders it by.
pub(crate) struct Located {
    /// The document's number; `None` for options given as flags.
    pub doc: Option<usize>,
    /// The byte offset in the document the finding points at.
    pub offset: Option<usize>,
    pub diagnostic: Diagnostic,
}

/// Turns findings into diagnostics: one locating pass per document, then ordered by `rank` of
/// their document (`None`: options given as flags) and by position within it.
pub(crate) fn locate_all(
    findings: Findings,
    documents: &[Document],
    parsed: &[Parsed],
    rank: &dyn Fn(Option<usize>) -> usize,
) -> Vec<Diagnostic> {
    in_report_order(locate(findings, documents, parsed, 0), rank)
}

/// Locates findings, in the order they were made: one locating pass per document.
/// `documents[i]` and `parsed[i]` are document number `first_doc + i`.
pub(crate) fn locate(
    findings: Findings,
    documents: &[Document],
    parsed: &[Parsed],
    first_doc: usize,
) -> Vec<Located> {
    let count = findings.list.len();
    let mut by_doc: Vec<Vec<usize>> = vec![Vec::new(); parsed.len()];
    for (i, finding) in findings.list.iter().enumerate() {
        let given = finding.place.doc.and_then(|doc| doc.checked_sub(first_doc));
        if let Some(mine) = given.and_then(|doc| by_doc.get_mut(doc)) {
            mine.push(i);
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
    let file = |doc: usize| {
        let document = documents.get(doc.checked_sub(first_doc)?)?;
        document.name.map(str::to_string)
    };
    findings
        .list
        .into_iter()
        .zip(offsets.into_iter().zip(positions))
        .map(|(finding, (offset, position))| {
            let (line, column) = position.unzip();
            Located {
                doc: finding.place.doc,
                offset,
                diagnostic: Diagnostic {
                    rule: finding.rule.id,
                    severity: finding.severity,
                    message: finding.message,
                    file: finding.place.doc.and_then(file),
                    pointer: finding.place.pointer,
                    line,
                    column,
                    hint: finding.hint,
                },
            }
        })
        .collect()
}

/// The order of two findings of one document in a report: by position, then rule and message.
pub(crate) fn by_position(a: &Located, b: &Located) -> Ordering {
    let (da, db) = (&a.diagnostic, &b.diagnostic);
    (a.offset, da.rule, &da.message).cmp(&(b.offset, db.rule, &db.message))
}

/// Located findings as a report lists them: ordered (stably) by the `rank` of their document,
/// then by position within it.
pub(crate) fn in_report_order(
    located: Vec<Located>,
    rank: &dyn Fn(Option<usize>) -> usize,
) -> Vec<Diagnostic> {
    let order = crate::support::order::sorted_indices(located.len(), |a: usize, b: usize| {
        let (la, lb) = (&located[a], &located[b]);
        rank(la.doc)
            .cmp(&rank(lb.doc))
            .then_with(|| by_position(la, lb))
    });
    let mut list: Vec<Option<Located>> = located.into_iter().map(Some).collect();
    order
        .into_iter()
        .filter_map(|i| list[i].take().map(|l| l.diagnostic))
        .collect()
}
