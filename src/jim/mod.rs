//! The identity sync-rule dialect (JIM): rule definitions, their expression language, scoping,
//! matching and the preview of a synchronisation run.

pub mod checks;
pub mod eval;
pub mod expr;
pub mod model;
pub mod preview;
pub mod scoping;
pub mod state;

use serde::Serialize;

use crate::diagnostic::Diagnostic;
use crate::json::Arena;
use crate::jupiterone::rules::Findings;
use crate::lint::{locate_all, read, Document};
use crate::report::{Summary, REPORT_VERSION};

/// The result of `jim lint` or `jim preview`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct JimReport {
    pub version: u32,
    pub diagnostics: Vec<Diagnostic>,
    pub summary: Summary,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preview: Option<preview::Preview>,
    /// Diagnostics beyond the first `MAX_LISTED_PER_RULE` of a rule: counted, not listed.
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub omitted: std::collections::BTreeMap<String, usize>,
}

impl JimReport {
    /// The JSON report: two-space indented, ending in a newline. It is written in blocks and
    /// joined once into a string of its exact length: a string grown as it is written would
    /// at its last doubling hold the report one and a half times over, and WebAssembly
    /// memory, once grown, stays grown.
    pub fn to_json(&self) -> String {
        let mut blocks = Blocks::default();
        if serde_json::to_writer_pretty(&mut blocks, self).is_err() {
            return "\n".to_string();
        }
        let mut text = Vec::with_capacity(blocks.len + 1);
        for block in blocks.full.into_iter().chain([blocks.current]) {
            text.extend_from_slice(&block);
        }
        text.push(b'\n');
        // serde_json writes UTF-8; the blocks are its output in order, whole.
        String::from_utf8(text).unwrap_or_default()
    }
}

/// Bytes written in blocks that are never grown: 4 KiB, doubling up to 1 MiB, so that a small
/// report stays small.
#[derive(Default)]
struct Blocks {
    full: Vec<Vec<u8>>,
    current: Vec<u8>,
    len: usize,
}

const FIRST_BLOCK_BYTES: usize = 4 << 10;
const LARGEST_BLOCK_BYTES: usize = 1 << 20;

impl std::io::Write for Blocks {
    #[inline]
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        // serde_json writes a few bytes at a time: the common case is one copy.
        if bytes.len() <= self.current.capacity() - self.current.len() {
            self.current.extend_from_slice(bytes);
            self.len += bytes.len();
            return Ok(bytes.len());
        }
        self.write_across(bytes);
        Ok(bytes.len())
    }

    #[inline]
    fn write_all(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.write(bytes).map(|_| ())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Blocks {
    /// Writes bytes that fill the current block, in as many new blocks as they need.
    fn write_across(&mut self, mut bytes: &[u8]) {
        self.len += bytes.len();
        while !bytes.is_empty() {
            if self.current.len() == self.current.capacity() {
                let next =
                    (self.current.capacity() * 2).clamp(FIRST_BLOCK_BYTES, LARGEST_BLOCK_BYTES);
                let full = std::mem::replace(&mut self.current, Vec::with_capacity(next));
                if !full.is_empty() {
                    self.full.push(full);
                }
            }
            let room = self.current.capacity() - self.current.len();
            let (now, rest) = bytes.split_at(room.min(bytes.len()));
            self.current.extend_from_slice(now);
            bytes = rest;
        }
    }
}

/// Every JIM rule: id, default severity and a one-line description.
pub fn rules() -> &'static [&'static crate::Rule] {
    checks::CATALOG
}

/// Checks a configuration document.
pub fn lint(config: &Document) -> JimReport {
    run(config, None)
}

/// Checks a configuration, then previews a synchronisation over the state.
pub fn preview(config: &Document, state: &Document) -> JimReport {
    run(config, Some(state))
}

fn run(config: &Document, state: Option<&Document>) -> JimReport {
    let mut findings = Findings::default();
    let documents: Vec<Document> = std::iter::once(*config).chain(state.copied()).collect();
    let arena = Arena::new();
    let parsed: Vec<_> = documents
        .iter()
        .enumerate()
        .map(|(doc, d)| read(doc, d, &arena, &mut findings))
        .collect();
    let config = parsed[0]
        .value
        .as_ref()
        .map(|v| model::read_config(0, v, &mut findings));
    if let Some(config) = &config {
        checks::check(0, config, &mut findings);
    }
    let state = parsed
        .get(1)
        .and_then(|p| p.value.as_ref())
        .map(|v| state::read_state(1, v, &mut findings));
    let preview = config
        .zip(state)
        .map(|(config, state)| preview::preview(&config, &state));
    let diagnostics = locate_all(findings, &documents, &parsed, &|doc| {
        doc.map_or(0, |d| d + 1)
    });
    let (diagnostics, omitted) = crate::report::bound(diagnostics);
    JimReport {
        version: REPORT_VERSION,
        summary: crate::report::summarize_all(&diagnostics, &omitted),
        diagnostics,
        preview,
        omitted,
    }
}
