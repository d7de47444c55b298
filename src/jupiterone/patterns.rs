//! The data model's `pattern`s, compiled: each once per process, on the first value that needs
//! one, so payloads without pattern-constrained properties compile none.

use std::sync::OnceLock;

use regex_lite::Regex;

use super::data_model::PATTERNS;

/// `PATTERNS` compiled, in the same order; `None` for one that does not compile (a test proves
/// every one does; a value is then left unjudged rather than a panic).
fn compiled() -> &'static [Option<Vec<Regex>>] {
    static COMPILED: OnceLock<Vec<Option<Vec<Regex>>>> = OnceLock::new();
    COMPILED.get_or_init(|| {
        PATTERNS
            .iter()
            .map(|pattern| pattern.all.iter().map(|e| Regex::new(e).ok()).collect())
            .collect()
    })
}

/// Whether `text` matches the pattern at `index` in `PATTERNS`.
pub fn matches(index: usize, text: &str) -> bool {
    match compiled().get(index) {
        Some(Some(all)) => all.iter().all(|regex| regex.is_match(text)),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pattern_of_the_data_model_compiles() {
        for pattern in PATTERNS {
            for expression in pattern.all {
                assert!(
                    Regex::new(expression).is_ok(),
                    "{}: {expression}",
                    pattern.source
                );
            }
        }
        assert_eq!(compiled().len(), PATTERNS.len());
    }
}
