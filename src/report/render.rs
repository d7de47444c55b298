//! Which rendering a format name asks for, and what each one is made of: the decisions every
//! binding (the wasm API, the command line through it) shares.

use super::{
    render_diagnostics, render_github, render_markdown, render_plan, render_preview, render_sarif,
    render_text, Report, Source,
};
use crate::jim::JimReport;

/// An output format of a sync-job report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Json,
    Text,
    Sarif,
    Github,
    Markdown,
}

impl Format {
    /// The formats by name, as options and flags spell them.
    pub const NAMES: [(&'static str, Format); 5] = [
        ("json", Format::Json),
        ("text", Format::Text),
        ("sarif", Format::Sarif),
        ("github", Format::Github),
        ("markdown", Format::Markdown),
    ];

    pub fn parse(name: &str) -> Option<Format> {
        Format::NAMES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|&(_, format)| format)
    }

    /// A JIM report is JSON or text.
    pub fn parse_jim(name: &str) -> Option<Format> {
        Format::parse(name).filter(|f| matches!(f, Format::Json | Format::Text))
    }
}

/// A sync-job report in `format`. Text quotes the lines of `sources` (the run's documents, in
/// document order) and follows the diagnostics with the plan, when there is one.
pub fn render(report: &Report, format: Format, sources: &[Source], color: bool) -> String {
    match format {
        Format::Json => report.to_json(),
        Format::Sarif => render_sarif(report),
        Format::Github => render_github(report),
        Format::Markdown => render_markdown(report),
        Format::Text => {
            let mut text = render_text(report, sources, color);
            if report.plan.is_some() {
                text.push('\n');
                text.push_str(&render_plan(report, color));
            }
            text
        }
    }
}

/// A JIM report as text: its diagnostics (quoting `sources`: the configuration, then the
/// state), then the preview, when there is one.
pub fn render_jim_text(report: &JimReport, sources: &[Source], color: bool) -> String {
    let mut text = render_diagnostics(
        &report.diagnostics,
        &report.omitted,
        &report.summary,
        sources,
        color,
    );
    if let Some(preview) = &report.preview {
        text.push('\n');
        text.push_str(&render_preview(preview, color));
    }
    text
}
