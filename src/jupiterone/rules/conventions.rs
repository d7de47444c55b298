//! Construction conventions from the Sync API guide: names that say what values are, dates as
//! epoch milliseconds, no empty strings, links as relationships, no placeholder keys.

use super::names::Described;
use super::{capitalize, quote_str, Context, Place, Waits};
use crate::diagnostic::declare_rule;
use crate::json::{Number, Value};
use crate::jupiterone::model::{Item, Kind};
use crate::jupiterone::schema::{self, ClassSchema};
use crate::support::dates::{format_iso_seconds, parse_iso};
use crate::support::float::parse_f64;
use crate::support::words;

/// The conventions of an object's key and of its properties, one member at a time.
pub fn check(cx: &mut Context, item: &Item, members: &[Described]) {
    key_placeholder(cx, item);
    for ((name, value), described) in item.fields.iter().zip(members) {
        if name.starts_with('_') {
            continue;
        }
        empty_string(cx, item, name, value);
        if described.facts.date {
            // One reading of the value serves both date rules.
            let date = read_date(value);
            date_iso_string(cx, item, name, &date);
            date_epoch_millis(cx, item, name, &date);
        }
        // The rules below are about custom properties: a name a class defines follows the data
        // model, whatever it is.
        if described.definition.is_some() {
            continue;
        }
        boolean_name(cx, item, name, value, described.facts.boolean_named);
        if item.kind == Kind::Entity {
            inherited_duplicate(cx, item, name, described.twin);
            foreign_key_property(cx, item, name, value, described.facts.link);
        }
    }
}

declare_rule! {
    /// Custom boolean properties are named is… or has… (isEnabled, not enabled).
    BOOLEAN_NAME: "boolean-name", Info
}

/// A boolean custom property not named as a question (`boolean_named`: named is… or has…).
fn boolean_name(cx: &mut Context, item: &Item, name: &str, value: &Value, boolean_named: bool) {
    if boolean_named || !value.is_boolean() {
        return;
    }
    cx.findings
        .add(
            &BOOLEAN_NAME,
            Place::member_name(item, name),
            format!("boolean property \"{name}\" ({value}) is not named is… or has…"),
        )
        .hint(format!(
            "rename it \"is{}\": a yes/no name reads as a question in queries and rules",
            capitalize(name)
        ));
}

/// `isActive`, `hasMfa`: named as a boolean should be.
pub(super) fn is_boolean_name(name: &str) -> bool {
    name.starts_with("is") || name.starts_with("has")
}

declare_rule! {
    /// A date property (…On) holds an ISO date string instead of epoch milliseconds.
    DATE_ISO_STRING: "date-iso-string", Warning
}

fn date_iso_string(cx: &mut Context, item: &Item, name: &str, date: &DateValue) {
    let DateValue::Iso { text, millis } = *date else {
        return;
    };
    cx.findings
        .add(
            &DATE_ISO_STRING,
            Place::member(item, name),
            format!(
                "date property \"{name}\" holds the ISO string {}",
                quote_str(text)
            ),
        )
        .hint(format!(
            "send epoch milliseconds: {millis} (Date.parse of the string, as UTC)"
        ));
}

declare_rule! {
    /// A date property (…On) holds epoch milliseconds, not seconds or text.
    DATE_EPOCH_MILLIS: "date-epoch-millis", Info
}

fn date_epoch_millis(cx: &mut Context, item: &Item, name: &str, date: &DateValue) {
    match *date {
        DateValue::Text(text) => {
            cx.findings
                .add(
                    &DATE_EPOCH_MILLIS,
                    Place::member(item, name),
                    format!(
                        "date property \"{name}\" holds the text {}, not a number of epoch milliseconds",
                        quote_str(text)
                    ),
                )
                .hint(text_date_hint(text));
        }
        DateValue::Seconds { number, millis } => {
            cx.findings
                .add(
                    &DATE_EPOCH_MILLIS,
                    Place::member(item, name),
                    format!(
                        "date property \"{name}\" is {number}, which looks like epoch seconds ({}); read as milliseconds it is {}",
                        format_iso_seconds(millis),
                        format_iso_seconds(millis / 1000)
                    ),
                )
                .hint(format!("multiply by 1000: {millis}"));
        }
        DateValue::Iso { .. } | DateValue::Other => {}
    }
}

/// What to send instead of a date written as text: the number itself when the text is one,
/// else how to get epoch milliseconds.
fn text_date_hint(text: &str) -> String {
    match parse_f64(text.trim()) {
        Some(n) if n.is_finite() && n > 0.0 && n < 1e11 => format!(
            "send a number, not a string, in milliseconds: {}",
            (n * 1000.0).round() as i64
        ),
        Some(n) if n.is_finite() => format!("send the number {}, not a string", text.trim()),
        _ => "send epoch milliseconds as a number (Date.parse of the date in JavaScript), null when there is none, or rename the property if it is not a date".to_string(),
    }
}

/// A date property's value, as the two date rules read it.
enum DateValue<'a> {
    /// An ISO date string (date-iso-string), and the epoch milliseconds it stands for.
    Iso { text: &'a str, millis: i64 },
    /// Other non-empty text (date-epoch-millis).
    Text(&'a str),
    /// A number in the range of epoch seconds (date-epoch-millis), and the milliseconds it
    /// stands for.
    Seconds { number: Number<'a>, millis: i64 },
    /// Anything else: epoch milliseconds, an empty string (empty-string reports it), or a
    /// value of another type.
    Other,
}

fn read_date<'a>(value: &Value<'a>) -> DateValue<'a> {
    match *value {
        Value::String(text) => match parse_iso(text) {
            Some(millis) => DateValue::Iso { text, millis },
            None if !text.is_empty() => DateValue::Text(text),
            None => DateValue::Other,
        },
        Value::Number(number)
            // Epoch seconds for any date after 1973 are below 1e11; milliseconds are above.
            if number.as_f64().is_some_and(|f| f > 0.0 && f < 1e11) =>
        {
            // Milliseconds are whole; rounding also drops the float error of fractional
            // seconds (1.001 × 1000 is 1000.9999999999999).
            let millis = (number.as_f64().unwrap_or(0.0) * 1000.0).round() as i64;
            DateValue::Seconds { number, millis }
        }
        _ => DateValue::Other,
    }
}

/// `createdOn`, `lastSeenOn`: a lower-case letter or digit, then `On` at the end.
pub(super) fn is_date_name(name: &str) -> bool {
    name.strip_suffix("On")
        .and_then(|stem| stem.chars().last())
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
}

declare_rule! {
    /// No "" where null is meant: empty strings break presence filters.
    EMPTY_STRING: "empty-string", Info
}

fn empty_string(cx: &mut Context, item: &Item, name: &str, value: &Value) {
    if value.as_str() != Some("") {
        return;
    }
    cx.findings
        .add(
            &EMPTY_STRING,
            Place::member(item, name),
            format!(
                "\"{name}\" is \"\" (an empty string): queries read it as a value, not as missing"
            ),
        )
        .hint(format!(
            "send \"{name}\": null, or leave the property out, when there is no value"
        ));
}

declare_rule! {
    /// A custom property does not duplicate one the entity's class already defines.
    INHERITED_DUPLICATE: "inherited-duplicate", Info
}

/// A custom property of an entity whose name folds to that of a property its class defines
/// under another spelling (`twin`, from `inherited_twin`: that property and the class).
fn inherited_duplicate(cx: &mut Context, item: &Item, name: &str, twin: Option<(&str, &str)>) {
    let Some((defined, class)) = twin else {
        return;
    };
    cx.findings
        .add(
            &INHERITED_DUPLICATE,
            Place::member_name(item, name),
            format!("\"{name}\" duplicates \"{defined}\", which class {class} already defines"),
        )
        .hint(format!("use \"{defined}\""));
}

/// A property of the same folded name as `name` (from `candidates`, the data model's
/// properties of that folded name), defined under another spelling by one of `classes` or
/// their ancestors: that property and the class among `classes`.
pub(super) fn inherited_twin(
    name: &str,
    candidates: &[(&'static str, &'static str)],
    classes: &[&'static ClassSchema],
) -> Option<(&'static str, &'static str)> {
    classes.iter().find_map(|class| {
        schema::lineage(class).find_map(|c| {
            candidates
                .iter()
                .find(|(property, owner)| *owner == c.name && *property != name)
                .map(|(property, _)| (*property, class.name))
        })
    })
}

declare_rule! {
    /// A property holding another uploaded entity's `_key` should be a relationship (cveId excepted).
    FOREIGN_KEY_PROPERTY: "foreign-key-property", Info
}

/// A custom property of an entity named like a foreign key (`link`: `ownerId`) that holds
/// another uploaded entity's `_key`.
fn foreign_key_property(cx: &mut Context, item: &Item, name: &str, value: &Value, link: bool) {
    if !link {
        return;
    }
    let Some(target) = value.as_str() else { return };
    if item.key() == Some(target) {
        return;
    }
    let uploaded = cx.is_entity_key(target);
    // In an open job, the entity may come in a later batch.
    if !uploaded && !cx.is_open() {
        return;
    }
    cx.findings
        .add(
            &FOREIGN_KEY_PROPERTY,
            Place::member_name(item, name),
            format!(
                "\"{name}\" holds {}, the _key of another uploaded entity",
                quote_str(target)
            ),
        )
        .hint("link the two entities with a relationship instead of a foreign-key property");
    if !uploaded {
        cx.pend(|| Waits::Entity(target.into()));
    }
}

/// `ownerId`: named like a foreign key (not `cveId` or `cweId`, which name public catalog entries).
pub(super) fn is_link_name(name: &str) -> bool {
    name.len() > 2 && name.ends_with("Id") && !matches!(name, "cveId" | "cweId")
}

declare_rule! {
    /// The literal text `undefined` or `null` inside a `_key` is a bug in the code that built it.
    KEY_PLACEHOLDER: "key-placeholder", Warning
}

fn key_placeholder(cx: &mut Context, item: &Item) {
    let Some(key) = item.key() else { return };
    let Some(word) = placeholder_in(key) else {
        return;
    };
    cx.findings
        .add(
            &KEY_PLACEHOLDER,
            Place::member(item, "_key"),
            format!("_key {} contains the text \"{word}\"", quote_str(key)),
        )
        .hint("a missing source field was interpolated into the key: guard it before building the key");
}

/// `undefined` or `null` standing as a word of `key` (`undefined` first, when both do).
/// Every key comes through here: one look, eight bytes at a time, for the `u` both words hold
/// clears most keys; then one pass compares a word only where its first letter is, in place
/// (a slice comparison would call `memcmp`, a call per comparison in WebAssembly).
fn placeholder_in(key: &str) -> Option<&'static str> {
    const WORDS: [&str; 2] = ["undefined", "null"];
    let bytes = key.as_bytes();
    if !words::contains(bytes, b'u') {
        return None;
    }
    let stands_alone = |at: usize, len: usize| {
        let before = key[..at].chars().last();
        let after = key[at + len..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    };
    let mut found = [false; 2];
    for at in 0..bytes.len() {
        let which = match bytes[at] {
            b'u' => 0,
            b'n' => 1,
            _ => continue,
        };
        let word = WORDS[which].as_bytes();
        let here = bytes.get(at..at + word.len());
        if here.is_some_and(|here| here.iter().zip(word).all(|(a, b)| a == b)) {
            found[which] |= stands_alone(at, word.len());
        }
    }
    WORDS
        .into_iter()
        .zip(found)
        .find_map(|(word, found)| found.then_some(word))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_whole_words() {
        assert_eq!(placeholder_in("src:thing:undefined"), Some("undefined"));
        assert_eq!(placeholder_in("null:thing:0001"), Some("null"));
        assert_eq!(placeholder_in("a:null:undefined"), Some("undefined"));
        assert_eq!(placeholder_in("a-null"), Some("null"));
        assert_eq!(placeholder_in("src:thing:undefinedness"), None);
        assert_eq!(placeholder_in("nullable:undefine"), None);
        assert_eq!(placeholder_in("bench:user:00000004"), None);
        assert_eq!(placeholder_in("énull"), None);
        assert_eq!(placeholder_in("null"), Some("null"));
        assert_eq!(placeholder_in("nul"), None);
    }

    #[test]
    fn date_names() {
        assert!(is_date_name("createdOn"));
        assert!(is_date_name("lastSeenOn"));
        assert!(!is_date_name("On"));
        assert!(!is_date_name("XOn"));
        assert!(!is_date_name("createdon"));
    }
}
