//! What should never be uploaded: secrets by name or by look, and sensitive personal data.

use super::names::Described;
use super::properties::Reserved;
use super::{Context, Place};
use crate::diagnostic::declare_rule;
use crate::json::pointer;
use crate::json::Value;
use crate::jupiterone::model::Item;

/// What must not be uploaded, one member at a time. Of the platform's `_` names only
/// `_rawData` is read: it holds what the source system returned.
pub fn check(cx: &mut Context, item: &Item, members: &[Described]) {
    for ((name, value), described) in item.fields.iter().zip(members) {
        match described.facts.reserved {
            Reserved::No => {}
            Reserved::RawData => {
                secret_value(cx, item, name, value);
                continue;
            }
            _ => continue,
        }
        // A value reported as a secret by its name is not reported again by its look.
        if !secret_property(cx, item, name, value, described) {
            secret_value(cx, item, name, value);
        }
        pii_property(cx, item, name, value, described.facts.personal);
    }
}

declare_rule! {
    /// A property named like a secret (password, secret, token, apiKey, privateKey) holds a value that could be a credential, not a boolean, number or setting word.
    SECRET_PROPERTY: "secret-property", Warning
}

/// A custom property named like a secret (`is_secret_name`) whose value could be one; whether it
/// reported it.
fn secret_property(
    cx: &mut Context,
    item: &Item,
    name: &str,
    value: &Value,
    described: &Described,
) -> bool {
    let reported =
        described.facts.secret && could_be_credential(value) && described.definition.is_none();
    if reported {
        report_secret_property(cx, item, name, value);
    }
    reported
}

// Out of line, as `report_pii_property`: the finding is rare, and its message built inline
// cost each member of each object a few instructions.
#[cold]
fn report_secret_property(cx: &mut Context, item: &Item, name: &str, value: &Value) {
    cx.findings
        .add(
            &SECRET_PROPERTY,
            Place::member(item, name),
            format!("\"{name}\" looks like a secret ({})", redact(value)),
        )
        .hint("never push secrets as properties or raw data: drop it, or push a boolean such as hasPassword");
}

/// Words (lower case) that name a secret when a name ends in them: `dbPassword`, `clientSecret`,
/// `permissions.secrets`, `githubToken`, `apiKey`, `PRIVATE_KEY`.
const SECRET_WORDS: [&str; 8] = [
    "password",
    "passwd",
    "secret",
    "secrets",
    "token",
    "tokens",
    "apikey",
    "privatekey",
];
/// Last words that still name the secret's material when they follow a secret word:
/// `secretKey`, `secretAccessKey`, `passwordHash`, `clientSecretValue`.
const MATERIAL_WORDS: [&str; 9] = [
    "key",
    "value",
    "hash",
    "string",
    "text",
    "data",
    "encrypted",
    "plaintext",
    "base64",
];
/// A name that names a secret itself: it ends in a secret word (`dbPassword`, `api_key`,
/// `permissions.secrets`), or in a word for the secret's material after one (`secretAccessKey`,
/// `passwordHash`). A secret word followed by other words names a setting about the secret
/// (`tokenEndpointAuthMethod`, `passwordPolicyMinLength`, `mfaRequirePasswordForReset`,
/// `tokenType`, `passwordChangedOn`), and `is…`/`has…` names a flag.
pub(super) fn is_secret_name(name: &str, folded: &str) -> bool {
    if name.starts_with("is") || name.starts_with("has") {
        return false;
    }
    if SECRET_WORDS.iter().any(|w| folded.ends_with(w)) {
        return true;
    }
    let words = words_of(name);
    let Some((last, before)) = words.split_last() else {
        return false;
    };
    MATERIAL_WORDS.contains(&last.as_str())
        && before
            .iter()
            .any(|word| SECRET_WORDS.iter().any(|w| word.ends_with(w)))
}

/// The words of a camel, snake, kebab or dotted name, in lower case: `tokenEndpointAuthMethod`
/// → `token endpoint auth method`, `DB_PASSWORD` → `db password`.
fn words_of(name: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    let mut previous_lower = false;
    for c in name.chars() {
        if !c.is_ascii_alphanumeric() {
            previous_lower = false;
            words.push(String::new());
            continue;
        }
        if c.is_ascii_uppercase() && previous_lower {
            words.push(String::new());
        }
        previous_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        match words.last_mut() {
            Some(word) => word.push(c.to_ascii_lowercase()),
            None => words.push(c.to_ascii_lowercase().to_string()),
        }
    }
    words.retain(|w| !w.is_empty());
    words
}

/// Whether a value under a secret-like name could be the secret itself: a string that is not
/// a setting word, or a list holding one. Booleans, numbers and null are configuration
/// (`passwordRequired: true`, `tokenLifetime: 3600`).
fn could_be_credential(value: &Value) -> bool {
    match value {
        Value::String(s) => !s.is_empty() && !is_setting_word(s),
        Value::Array(items) => items.iter().any(|i| {
            i.as_str()
                .is_some_and(|s| !s.is_empty() && !is_setting_word(s))
        }),
        _ => false,
    }
}

/// Longest value read as a setting word: the longest OAuth client authentication method,
/// `self_signed_tls_client_auth`, is 27 characters.
const MAX_SETTING_WORD: usize = 32;
/// An enum value such as `read`, `all`, `enabled`, `client_secret_post`, `ReadWrite` or
/// `READ_ONLY`: at most `MAX_SETTING_WORD` characters of letters only, in words joined by
/// single `_`, `-` or `.`, each word lower case, upper case or camel case.
///
/// Why this shape: enum values are identifiers people chose to read, while credentials are
/// made to be hard to guess. A generated token or key mixes in digits (twenty random
/// characters of a 62-letter alphabet hold one with 97% odds) and changes case mid-word at
/// random (`xKqPzLmW`), which the camel-case test rejects: after its first letter, a word
/// changes case only where a new capitalised word of two or more letters starts. A password
/// people pick carries a digit or a symbol (`hunter2-but-longer`), which no setting word
/// does. What it lets through is a password of letters alone (`letmein`), which no shape
/// tells from an enum value; reporting every enum value under names like
/// `permissions.secrets` drowned the real findings.
fn is_setting_word(text: &str) -> bool {
    text.len() <= MAX_SETTING_WORD
        && text
            .split(['_', '-', '.'])
            .all(|word| is_one_cased_word(word.as_bytes()))
}

/// `read`, `READ`, `clientSecretPost`, `ReadWrite`, `OAuth`; not `xKqPz`, `iOS`, `hunter2`.
fn is_one_cased_word(word: &[u8]) -> bool {
    let Some((first, rest)) = word.split_first() else {
        return false;
    };
    if !first.is_ascii_alphabetic() || !rest.iter().all(u8::is_ascii_alphabetic) {
        return false;
    }
    if word.iter().all(u8::is_ascii_uppercase) {
        return true;
    }
    // Camel case: every upper-case letter after the first starts a hump of lower-case ones.
    rest.iter().enumerate().all(|(i, b)| {
        !b.is_ascii_uppercase() || rest.get(i + 1).is_some_and(u8::is_ascii_lowercase)
    })
}

declare_rule! {
    /// A value that looks like a private key, an AWS access key, a JWT or a bearer token.
    SECRET_VALUE: "secret-value", Warning
}

/// Secret-shaped strings anywhere in a member's value; the pointer is built only on a hit.
fn secret_value(cx: &mut Context, item: &Item, name: &str, value: &Value) {
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
                    &format!("{pointer}/{}", pointer::escape(name)),
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

declare_rule! {
    /// A property named like sensitive personal data (ssn, homeAddress, dateOfBirth, …).
    PII_PROPERTY: "pii-property", Info
}

/// A property named like sensitive personal data (`personal`, from `is_personal_name`) that
/// holds a value.
fn pii_property(cx: &mut Context, item: &Item, name: &str, value: &Value, personal: bool) {
    if personal && !value.is_null() {
        report_pii_property(cx, item, name);
    }
}

// Out of line: the finding is rare, and its message built inline cost each member of each
// object a few instructions.
#[cold]
fn report_pii_property(cx: &mut Context, item: &Item, name: &str) {
    cx.findings
        .add(
            &PII_PROPERTY,
            Place::member_name(item, name),
            format!("\"{name}\" looks like sensitive personal data"),
        )
        .hint("push only what identity needs; leave such data in the source system");
}

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

/// Sensitive personal data by its folded name.
pub(super) fn is_personal_name(folded: &str) -> bool {
    PII_NAMES.contains(&folded)
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
        let secret =
            |name: &str| is_secret_name(name, &crate::jupiterone::rules::names::fold(name));
        for name in [
            "dbPassword",
            "api_key",
            "x-api-key",
            "PRIVATE_KEY",
            "clientSecret",
            "permissions.secrets",
            "githubToken",
            "secretAccessKey",
            "passwordHash",
            "clientSecretValue",
        ] {
            assert!(secret(name), "{name}");
        }
        for name in [
            "tokenType",
            "passwordChangedOn",
            "secretName",
            "tokenEndpointAuthMethod",
            "passwordPolicyMinLength",
            "mfaRequirePasswordForReset",
            "hasPassword",
            "apiKeyName",
        ] {
            assert!(!secret(name), "{name}");
        }
        assert_eq!(
            words_of("tokenEndpointAuthMethod"),
            ["token", "endpoint", "auth", "method"]
        );
        assert_eq!(words_of("DB_PASSWORD"), ["db", "password"]);
        assert_eq!(words_of("permissions.secrets"), ["permissions", "secrets"]);
    }

    #[test]
    fn setting_words_and_credentials() {
        for setting in [
            "read",
            "all",
            "enabled",
            "client_secret_post",
            "self_signed_tls_client_auth",
            "ReadWrite",
            "READ_ONLY",
            "OAuth",
            "read-write",
        ] {
            assert!(is_setting_word(setting), "{setting}");
        }
        for credential in [
            "hunter2-but-longer",
            "xKqPzLmWvBnR",
            "q8Xv2-Kd9sLm4PzT7wRn",
            "iOS",
            "read__write",
            "a b",
            "",
            "correcthorsebatterystaplecorrecthorse",
        ] {
            assert!(!is_setting_word(credential), "{credential}");
        }
    }
}
