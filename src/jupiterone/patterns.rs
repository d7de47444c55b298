//! The data model's `pattern`s, each matched by hand (see `formats.rs` for why not with a
//! regular-expression engine). Ajv compiles them as `new RegExp(pattern, "u")`: `\d` is ASCII
//! there too, and none has a flag. The tests compare each matcher with its pattern under
//! regex-lite, and tests/ajv_parity.test.mjs with Ajv itself.

use super::formats::{all_digits, count_parts, label, plain_number, split_once};
use super::schema::{Matcher, Pattern};

/// Whether `text` matches `pattern`.
pub fn matches(pattern: &Pattern, text: &str) -> bool {
    // The patterns are ASCII: bytes will do (see `formats::valid`).
    let text = text.as_bytes();
    match pattern.matcher {
        // ^([0-9a-f]{2}:){5}([0-9a-f]{2})$
        Matcher::MacAddress => {
            text.len() == 17
                && text.iter().enumerate().all(|(i, &b)| match i % 3 {
                    2 => b == b':',
                    _ => b.is_ascii_digit() || (b'a'..=b'f').contains(&b),
                })
        }
        // ^[a-zA-Z0-9][a-zA-Z0-9-]{0,61}[a-zA-Z0-9]$: a label of two characters or more.
        Matcher::HostnameLabel => text.len() >= 2 && label(text),
        // (?=^.{4,253}$)(^((?!-)[a-zA-Z0-9-]{0,62}[a-zA-Z0-9]\.)+[a-zA-Z]{2,63}$)
        Matcher::DomainName => {
            let top_start = text.iter().rposition(|&b| b == b'.').map_or(0, |at| at + 1);
            let (labels, top) = text.split_at(top_start);
            (4..=253).contains(&text.len())
                && (2..=63).contains(&top.len())
                && top.iter().all(u8::is_ascii_alphabetic)
                && labels
                    .strip_suffix(b".")
                    .is_some_and(|labels| count_parts(labels, b'.', label).is_some())
        }
        // ^([0-9]{1,3}\.){3}[0-9]{1,3}(/([0-9]|[1-2][0-9]|3[0-2]))?$
        Matcher::DottedQuad => {
            let (address, length) = match split_once(text, b'/') {
                Some((address, length)) => (address, Some(length)),
                None => (text, None),
            };
            count_parts(address, b'.', |part| {
                (1..=3).contains(&part.len()) && all_digits(part)
            }) == Some(4)
                && length.is_none_or(|length| plain_number(length, 32))
        }
        // ^CVE-\d{4}-\d{4,}$
        Matcher::CveId => text.strip_prefix(b"CVE-").is_some_and(|rest| {
            split_once(rest, b'-').is_some_and(|(year, number)| {
                year.len() == 4 && all_digits(year) && number.len() >= 4 && all_digits(number)
            })
        }),
        // ^CWE-\d+$
        Matcher::CweId => text
            .strip_prefix(b"CWE-")
            .is_some_and(|number| !number.is_empty() && all_digits(number)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jupiterone::data_model::PATTERNS;
    use crate::jupiterone::formats::tests::{agree, variants};

    /// The patterns as regex-lite reads them: as written, but the look-ahead of the fqdn
    /// pattern becomes a second expression (anchored at the start, it is one), and `(?!-)`
    /// an alternation (a label is one character, or starts and ends with one that is not `-`).
    fn reference(pattern: &'static Pattern) -> Vec<&'static str> {
        match pattern.matcher {
            Matcher::DomainName => vec![
                r"^[^\n\r\x{2028}\x{2029}]{4,253}$",
                r"^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]{2,63}$",
            ],
            _ => vec![pattern.source],
        }
    }

    #[test]
    fn each_matcher_agrees_with_its_pattern() {
        let seeds: &[(Matcher, &[&str])] = &[
            (
                Matcher::MacAddress,
                &["0a:1b:2c:3d:4e:5f", "00:00:00:00:00:00"],
            ),
            (Matcher::HostnameLabel, &["web-01", "ab", "a"]),
            (
                Matcher::DomainName,
                &["web-01.example.com", "a.io", "x-1.y.example.org"],
            ),
            (
                Matcher::DottedQuad,
                &["10.0.0.0/8", "999.1.2.3", "1.2.3.4/32", "1.2.3.4"],
            ),
            (Matcher::CveId, &["CVE-2024-12345", "CVE-1999-0001"]),
            (Matcher::CweId, &["CWE-79", "CWE-1"]),
        ];
        assert_eq!(seeds.len(), PATTERNS.len());
        for (matcher, seeds) in seeds {
            let pattern = PATTERNS.iter().find(|p| p.matcher == *matcher).unwrap();
            let mut texts = variants(seeds);
            if *matcher == Matcher::DomainName {
                texts.push(format!("{}example.com", "a.".repeat(121)));
                texts.push(format!("{}example.com", "a.".repeat(122)));
                texts.push(format!("{}.com", "a".repeat(64)));
            }
            agree(&reference(pattern), &texts, |text| matches(pattern, text));
        }
    }
}
