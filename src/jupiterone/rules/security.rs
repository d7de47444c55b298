//! What should never be uploaded: secrets by name or by look, and sensitive personal data.

use super::names::Described;
use super::properties::Reserved;
use super::{Context, Place};
use crate::diagnostic::{Rule, Severity};
use crate::json::Value;
use crate::jupiterone::model::{escape_pointer, Item};

pub const SECRET_PROPERTY: Rule = Rule {
    id: "secret-property",
    default_severity: Severity::Warning,
    doc: "A property named like a secret (password, secret, token, apiKey, privateKey) holds a value.",
};
pub const SECRET_VALUE: Rule = Rule {
    id: "secret-value",
    default_severity: Severity::Warning,
    doc: "A value that looks like a private key, an AWS access key, a JWT or a bearer token.",
};
pub const PII_PROPERTY: Rule = Rule {
    id: "pii-property",
    default_severity: Severity::Info,
    doc: "A property named like sensitive personal data (ssn, homeAddress, dateOfBirth, …).",
};

/// Name fragments (lower case, no separators) that mark a secret.
const SECRET_WORDS: [&str; 6] = [
    "password",
    "passwd",
    "secret",
    "token",
    "apikey",
    "privatekey",
];
/// Last words that make such a name metadata about a secret, not the secret itself.
const METADATA_SUFFIXES: [&str; 12] = [
    "type", "name", "id", "ids", "count", "length", "policy", "status", "url", "version", "on",
    "at",
];
/// Names (lower case, no separators) of sensitive personal data.
const PII_NAMES: [&str; 14] = [
    "ssn",
    "socialsecuritynumber",
    "socialsecurity",
    "homeaddress",
    "dateofbirth",
    "birthdate",
    "dob",
    "passportnumber",
    "driverslicense",
    "driverslicensenumber",
    "nationalid",
    "taxid",
    "homephone",
    "personalphone",
];

pub fn check(cx: &mut Context, item: &Item, members: &[Described]) {
    for ((name, value), described) in item.fields.iter().zip(members) {
        let facts = described.facts;
        match facts.reserved {
            Reserved::No => {}
            Reserved::RawData => {
                scan_member(cx, item, name, value);
                continue;
            }
            _ => continue,
        }
        if has_secret_value_type(value) && facts.secret && described.definition.is_none() {
            cx.findings
                .add(
                    &SECRET_PROPERTY,
                    Place::member(item, name),
                    format!("\"{name}\" looks like a secret ({})", redact(value)),
                )
                .hint("never push secrets as properties or raw data: drop it, or push a boolean such as hasPassword");
        } else {
            scan_member(cx, item, name, value);
        }
        if facts.personal && !value.is_null() {
            cx.findings
                .add(
                    &PII_PROPERTY,
                    Place::member_name(item, name),
                    format!("\"{name}\" looks like sensitive personal data"),
                )
                .hint("push only what identity needs; leave such data in the source system");
        }
    }
}

fn has_secret_value_type(value: &Value) -> bool {
    match value {
        Value::String(s) => !s.is_empty(),
        Value::Array(items) => items
            .iter()
            .any(|i| i.as_str().is_some_and(|s| !s.is_empty())),
        _ => false,
    }
}

/// Sensitive personal data by its folded name.
pub(super) fn is_personal_name(folded: &str) -> bool {
    PII_NAMES.contains(&folded)
}

pub(super) fn is_secret_name(name: &str, folded: &str) -> bool {
    if !SECRET_WORDS.iter().any(|w| folded.contains(w)) {
        return false;
    }
    let last_word = last_camel_word(name).to_ascii_lowercase();
    !METADATA_SUFFIXES.contains(&last_word.as_str())
        && !name.starts_with("is")
        && !name.starts_with("has")
}

/// `apiKeyName` → `Name`, `token_type` → `type`.
fn last_camel_word(name: &str) -> &str {
    let cut = name
        .char_indices()
        .rev()
        .find(|&(i, c)| i > 0 && (c.is_ascii_uppercase() || c == '_' || c == '-' || c == '.'))
        .map_or(0, |(i, c)| if c.is_ascii_uppercase() { i } else { i + 1 });
    &name[cut..]
}

/// Scans a member's value for secret-shaped strings; the pointer is built only on a hit.
fn scan_member(cx: &mut Context, item: &Item, name: &str, value: &Value) {
    if has_secret(value) {
        scan_values(cx, item.doc, &item.member_pointer(name), value);
    }
}

/// Whether any string in the value looks like a secret.
fn has_secret(value: &Value) -> bool {
    match value {
        Value::String(text) => secret_kind(text).is_some(),
        Value::Array(items) => items.iter().any(has_secret),
        Value::Object(members) => members.values().any(has_secret),
        _ => false,
    }
}

/// Looks for secret-shaped strings anywhere in a value (arrays and raw data included).
fn scan_values(cx: &mut Context, doc: usize, pointer: &str, value: &Value) {
    match value {
        Value::String(text) => {
            if let Some(kind) = secret_kind(text) {
                cx.findings
                    .add(
                        &SECRET_VALUE,
                        Place::value(Some(doc), pointer.to_string()),
                        format!("this value looks like {kind} ({})", redact(value)),
                    )
                    .hint("remove the secret from the payload (and rotate it if it was ever uploaded)");
            }
        }
        Value::Array(items) => {
            for (i, element) in items.iter().enumerate() {
                scan_values(cx, doc, &format!("{pointer}/{i}"), element);
            }
        }
        Value::Object(members) => {
            for (name, member) in members {
                scan_values(
                    cx,
                    doc,
                    &format!("{pointer}/{}", escape_pointer(name)),
                    member,
                );
            }
        }
        _ => {}
    }
}

/// What kind of secret a string looks like, if any. Every string value of a payload comes
/// through here, so one pass over the bytes finds where a pattern could start.
fn secret_kind(text: &str) -> Option<&'static str> {
    let bytes = text.as_bytes();
    let (mut pem, mut aws) = (false, false);
    // An access key ID is 20 bytes and a PEM header longer: shorter text needs no scan.
    let scanned = if bytes.len() >= 20 { bytes } else { &[] };
    for (at, &b) in scanned.iter().enumerate() {
        match b {
            b'-' => pem |= bytes[at..].starts_with(b"-----BEGIN"),
            b'A' => aws |= is_aws_key_at(bytes, at),
            _ => {}
        }
    }
    if pem && text.contains("PRIVATE KEY") {
        return Some("a private key");
    }
    if aws {
        return Some("an AWS access key ID");
    }
    // A token is the whole (trimmed) value, so it can only start with `eyJ`.
    if text.trim_start().starts_with("eyJ") && is_jwt(text.trim()) {
        return Some("a JSON Web Token");
    }
    if bytes.len() > 7 && bytes[..7].eq_ignore_ascii_case(b"bearer ") {
        let token = text[7..].trim();
        if token.len() >= 16 && !token.contains(' ') {
            return Some("a bearer token");
        }
    }
    None
}

/// An AWS access key ID at `at`: `AKIA` or `ASIA` and 16 upper-case letters or digits, as a
/// whole word.
fn is_aws_key_at(bytes: &[u8], at: usize) -> bool {
    let rest = &bytes[at..];
    (rest.starts_with(b"AKIA") || rest.starts_with(b"ASIA"))
        && rest.get(4..20).is_some_and(|t| {
            t.iter()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        })
        && (at == 0 || !bytes[at - 1].is_ascii_alphanumeric())
        && rest.get(20).is_none_or(|b| !b.is_ascii_alphanumeric())
}

/// Three base64url segments, the first two starting with `eyJ` (`{"` encoded).
fn is_jwt(text: &str) -> bool {
    let parts: Vec<&str> = text.split('.').collect();
    let base64url = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'=')
    };
    parts.len() == 3
        && parts[0].starts_with("eyJ")
        && parts[1].starts_with("eyJ")
        && parts.iter().all(|p| base64url(p))
}

/// A value as a message may show it without leaking it.
fn redact(value: &Value) -> String {
    match value {
        Value::String(s) => {
            let shown: String = s.chars().take(4).collect();
            format!("\"{shown}…\", {} characters", s.chars().count())
        }
        _ => "a list of strings".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_shapes() {
        assert_eq!(
            secret_kind("AKIAIOSFODNN7EXAMPLE"),
            Some("an AWS access key ID")
        );
        assert_eq!(secret_kind("xAKIAIOSFODNN7EXAMPLE"), None);
        assert_eq!(
            secret_kind("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl"),
            Some("a JSON Web Token")
        );
        assert_eq!(
            secret_kind("Bearer abcdefghijklmnop1234"),
            Some("a bearer token")
        );
        assert_eq!(
            secret_kind("-----BEGIN RSA PRIVATE KEY-----\nMII"),
            Some("a private key")
        );
        assert_eq!(secret_kind("just text"), None);
        // The shortest key ID is a whole 20-byte value; a token may be padded.
        assert_eq!(secret_kind("AKIAIOSFODNN7EXAMPL"), None);
        assert_eq!(
            secret_kind(" eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln "),
            Some("a JSON Web Token")
        );
        assert_eq!(
            secret_kind("see eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln"),
            None
        );
    }

    #[test]
    fn secret_names() {
        assert!(is_secret_name("dbPassword", "dbpassword"));
        assert!(is_secret_name("api_key", "apikey"));
        assert!(!is_secret_name("tokenType", "tokentype"));
        assert!(!is_secret_name("passwordChangedOn", "passwordchangedon"));
        assert!(!is_secret_name("secretName", "secretname"));
        assert_eq!(last_camel_word("apiKeyName"), "Name");
        assert_eq!(last_camel_word("token_type"), "type");
    }
}
