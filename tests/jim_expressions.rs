//! The JIM expression language: every function with its null behaviour, the operators, and
//! the accessors' rules.

use serde_json::{json, Map, Value as Json};
use syncplan::jim::eval::{evaluate, Inputs, Value, FUNCTIONS, RANDOM};
use syncplan::jim::expr::parse;

fn object(value: Json) -> Map<String, Json> {
    value.as_object().cloned().unwrap()
}

fn run(source: &str) -> Result<Value, String> {
    let cs = object(
        json!({"firstName": " ada ", "lastName": "Lovelace", "groups": ["admins", "staff"], "uac": 512, "empty": "", "hired": "2019-01-01T00:00:00Z"}),
    );
    let mv = object(json!({"displayName": "Ada Lovelace"}));
    let inputs = Inputs {
        cs: Some(&cs),
        mv: Some(&mv),
        now: Some(1_763_800_000_123),
    };
    let expr = parse(source).map_err(|e| e.to_string())?;
    evaluate(&expr, &inputs).map_err(|e| e.0)
}

fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

fn ok(source: &str) -> Value {
    run(source).unwrap_or_else(|e| panic!("{source}: {e}"))
}

#[test]
fn string_functions_and_null_in_null_out() {
    let cases: &[(&str, Value)] = &[
        ("Trim(cs[\"firstName\"])", text("ada")),
        ("Upper(\"ada\")", text("ADA")),
        ("Lower(\"ADA\")", text("ada")),
        (
            "Capitalise(\"mary-jane o'neil smith\")",
            text("Mary-Jane O'Neil Smith"),
        ),
        ("Left(\"abcdef\", 2)", text("ab")),
        ("Left(\"ab\", 5)", text("ab")),
        ("Right(\"abcdef\", 2)", text("ef")),
        ("Substring(\"abcdef\", 2, 3)", text("cde")),
        ("Substring(\"abc\", 5, 3)", text("")),
        ("Substring(\"abcdef\", 4)", text("ef")),
        ("Replace(\"a.b.c\", \".\", \"-\")", text("a-b-c")),
        ("Length(\"héllo\")", Value::Number(5.0)),
        ("StartsWith(\"abc\", \"ab\")", Value::Bool(true)),
        ("EndsWith(\"abc\", \"bc\")", Value::Bool(true)),
        ("Contains(\"abc\", \"x\")", Value::Bool(false)),
        ("EscapeDN(\"Smith, John\")", text("Smith\\, John")),
        ("EscapeDN(\"#lead \")", text("\\#lead\\ ")),
        ("ToString(42)", text("42")),
    ];
    for (source, expected) in cases {
        assert_eq!(&ok(source), expected, "{source}");
    }
    // Null in, null out.
    for f in [
        "Trim",
        "Upper",
        "Lower",
        "Capitalise",
        "Length",
        "EscapeDN",
        "ToString",
    ] {
        assert_eq!(ok(&format!("{f}(cs[\"missing\"])")), Value::Null, "{f}");
    }
    for f in [
        "Left(cs[\"missing\"], 1)",
        "Right(null, 1)",
        "Substring(null, 1)",
        "Replace(null, \"a\", \"b\")",
        "StartsWith(null, \"a\")",
        "EndsWith(null, \"a\")",
        "Contains(null, \"a\")",
    ] {
        assert_eq!(ok(f), Value::Null, "{f}");
    }
    assert_eq!(ok("IsNullOrEmpty(cs[\"missing\"])"), Value::Bool(true));
    assert_eq!(ok("IsNullOrEmpty(cs[\"empty\"])"), Value::Bool(true));
    assert_eq!(ok("IsNullOrEmpty(\" \")"), Value::Bool(false));
    assert_eq!(ok("IsNullOrWhitespace(\" \")"), Value::Bool(true));
    assert_eq!(ok("IsNullOrWhitespace(null)"), Value::Bool(true));
}

#[test]
fn collections_logic_and_equality() {
    assert_eq!(
        ok("Split(\" a, ,b ,\")"),
        Value::List(vec![text("a"), text("b")])
    );
    assert_eq!(
        ok("Split(\"a;b\", \";\")"),
        Value::List(vec![text("a"), text("b")])
    );
    assert_eq!(ok("Split(\"\")"), Value::List(vec![]));
    assert_eq!(ok("Split(null)"), Value::List(vec![]));
    assert_eq!(ok("Join(Split(\"a,b\"), \"|\")"), text("a|b"));
    assert_eq!(ok("Join(Split(\"\"))"), Value::Null);
    assert_eq!(ok("Join(null)"), Value::Null);
    assert_eq!(
        ok("CollectionContains(Split(\"a,b\"), \"b\")"),
        Value::Bool(true)
    );
    assert_eq!(ok("CollectionContains(null, \"b\")"), Value::Bool(false));
    assert_eq!(ok("IIF(1 < 2, \"yes\", \"no\")"), text("yes"));
    assert!(run("IIF(null, 1, 2)")
        .unwrap_err()
        .contains("needs a boolean"));
    // Coalesce replaces null only, not "".
    assert_eq!(ok("Coalesce(cs[\"missing\"], \"x\")"), text("x"));
    assert_eq!(ok("Coalesce(cs[\"empty\"], \"x\")"), text(""));
    assert_eq!(ok("Eq(cs[\"lastName\"], \"Lovelace\")"), Value::Bool(true));
    assert_eq!(ok("Eq(1, 1.0)"), Value::Bool(true));
    assert_eq!(ok("Eq(null, null)"), Value::Bool(true));
    assert_eq!(ok("Eq(null, \"\")"), Value::Bool(false));
}

#[test]
fn dates_and_conversions() {
    assert_eq!(
        ok("FormatDate(cs[\"hired\"], \"yyyy-MM-dd\")"),
        text("2019-01-01")
    );
    assert_eq!(
        ok("FormatDate(Now(), \"yyyy-MM-ddTHH:mm:ss.fff\")"),
        text("2025-11-22T08:26:40.123")
    );
    assert_eq!(ok("FormatDate(Today(), \"HH:mm\")"), text("00:00"));
    assert_eq!(ok("FormatDate(null, \"yyyy\")"), Value::Null);
    assert_eq!(
        ok("ToFileTime(\"1970-01-01T00:00:00Z\")"),
        Value::Number(116_444_736_000_000_000.0)
    );
    assert_eq!(
        ok("FormatDate(FromFileTime(ToFileTime(cs[\"hired\"])), \"yyyy-MM-dd\")"),
        text("2019-01-01")
    );
    assert_eq!(ok("FromFileTime(0)"), Value::Null);
    assert_eq!(ok("ToFileTime(null)"), Value::Null);
    assert_eq!(ok("ToInt(\"42\")"), Value::Number(42.0));
    assert_eq!(ok("ToInt(\"forty\")"), Value::Number(0.0));
    assert_eq!(ok("ToInt(null)"), Value::Number(0.0));
    assert_eq!(ok("ToDecimal(\"1.5\")"), Value::Number(1.5));
    assert!(run("FormatDate(\"not a date\", \"yyyy\")")
        .unwrap_err()
        .contains("is not a date"));
    // Without a fixed "now" the preview refuses rather than guess.
    let expr = parse("Now()").unwrap();
    assert!(evaluate(&expr, &Inputs::default())
        .unwrap_err()
        .0
        .contains("needs the state's \"now\""));
}

#[test]
fn bits_and_random_values() {
    assert_eq!(ok("DisableUser(cs[\"uac\"])"), Value::Number(514.0));
    assert_eq!(ok("EnableUser(514)"), Value::Number(512.0));
    assert_eq!(ok("SetBit(0, 4)"), Value::Number(16.0));
    assert_eq!(ok("ClearBit(16, 4)"), Value::Number(0.0));
    assert_eq!(ok("HasBit(514, 1)"), Value::Bool(true));
    assert_eq!(ok("HasBit(512, 1)"), Value::Bool(false));
    assert_eq!(ok("DisableUser(null)"), Value::Null);
    assert_eq!(ok("RandomPassword(16)"), text(RANDOM));
    assert_eq!(ok("RandomPassphrase()"), text(RANDOM));
}

#[test]
fn every_function_is_exercised() {
    let source = include_str!("jim_expressions.rs");
    for (name, _, _) in FUNCTIONS {
        assert!(source.contains(&format!("{name}(")), "{name} has no test");
    }
}

#[test]
fn operators() {
    assert_eq!(
        ok("cs[\"firstName\"] + cs[\"missing\"] + \"!\""),
        text(" ada !")
    );
    assert_eq!(ok("1 + 2 * 3 - 4 / 2 % 3"), Value::Number(5.0));
    assert_eq!(ok("-cs[\"uac\"]"), Value::Number(-512.0));
    assert_eq!(ok("cs[\"missing\"] * 2"), Value::Null);
    assert_eq!(
        ok("cs[\"uac\"] >= 512 && !(1 > 2) || false"),
        Value::Bool(true)
    );
    assert_eq!(ok("cs[\"missing\"] < 3"), Value::Bool(false));
    assert_eq!(ok("true ? \"a\" : \"b\""), text("a"));
    assert_eq!(ok("1 != 2"), Value::Bool(true));
    // An attribute is an object: `==` with a string compares references.
    assert_eq!(ok("cs[\"lastName\"] == \"Lovelace\""), Value::Bool(false));
    assert_eq!(ok("cs[\"lastName\"] != \"Lovelace\""), Value::Bool(true));
    assert_eq!(ok("\"a\" == \"a\""), Value::Bool(true));
    assert!(run("1 / 0").unwrap_err().contains("division by zero"));
    assert!(run("\"a\" - 1").unwrap_err().contains("needs numbers"));
    assert!(run("Nope(1)")
        .unwrap_err()
        .contains("unknown function Nope"));
    assert!(run("Trim(1, 2)")
        .unwrap_err()
        .contains("Trim takes one argument, not 2"));
}

#[test]
fn accessors_are_case_insensitive_and_import_sees_the_first_value() {
    assert_eq!(ok("cs[\"FIRSTNAME\"]"), text(" ada "));
    assert_eq!(ok("cs[\"groups\"]"), text("admins"));
    assert_eq!(ok("mv[\"displayname\"]"), text("Ada Lovelace"));
    let cs = object(json!({"a": 1}));
    let only_cs = Inputs {
        cs: Some(&cs),
        ..Inputs::default()
    };
    let err = evaluate(&parse("mv[\"a\"]").unwrap(), &only_cs).unwrap_err();
    assert_eq!(err.0, "mv[\"a\"] is not available here");
}
