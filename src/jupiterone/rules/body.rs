//! Checks of an upload body as a whole: that it parses, its shape, and its size.

use super::{quote, quote_str, type_name, Anchor, Context, Findings, Place};
use crate::diagnostic::declare_rule;
use crate::json::Value;
use crate::jupiterone::model::{Item, Kind, Upload};

declare_rule! {
    /// An upload body is an object whose `entities` and `relationships` are arrays of objects.
    UPLOAD_SHAPE: "upload-shape", Error
}
declare_rule! {
    /// An upload body member the API does not read (its objects are silently not uploaded).
    UPLOAD_UNKNOWN_MEMBER: "upload-unknown-member", Warning
}
declare_rule! {
    /// An upload body over 5,000,000 bytes (the SDK's batch limit).
    UPLOAD_SIZE: "upload-size", Warning
}
declare_rule! {
    /// An upload body over 6 MiB, which the API rejects (413).
    UPLOAD_TOO_LARGE: "upload-too-large", Error
}

/// The SDK keeps each upload body at or under this many bytes of JSON.
pub const BATCH_LIMIT: usize = 5_000_000;
/// Bodies above this are rejected by the backend with 413.
pub const REQUEST_LIMIT: usize = 6 * 1024 * 1024;

/// Reads an upload body's graph objects, reporting a body of the wrong shape.
pub fn read_upload<'a>(
    doc: usize,
    value: &'a Value<'a>,
    bytes: usize,
    findings: &mut Findings,
) -> Upload<'a> {
    let mut upload = Upload {
        doc,
        bytes,
        complete: true,
        ..Upload::default()
    };
    let root = Place::value(Some(doc), String::new());
    let object = match value {
        Value::Object(object) => object,
        Value::Array(items) => {
            let looks_like = if items.iter().any(|i| i.get("_fromEntityKey").is_some()) {
                "relationships"
            } else {
                "entities"
            };
            findings
                .add(&UPLOAD_SHAPE, root, "the upload body is a bare array")
                .hint(format!("wrap it in an object: {{\"{looks_like}\": [ … ]}}"));
            upload.complete = false;
            return upload;
        }
        other => {
            findings
                .add(
                    &UPLOAD_SHAPE,
                    root,
                    format!("the upload body must be an object, not {}", quote(other)),
                )
                .hint("write {\"entities\": [ … ], \"relationships\": [ … ]}");
            upload.complete = false;
            return upload;
        }
    };
    if ["_key", "_type", "_class"]
        .iter()
        .any(|f| object.contains_key(f))
    {
        let list = if object.contains_key("_fromEntityKey") || object.contains_key("_mapping") {
            "relationships"
        } else {
            "entities"
        };
        findings
            .add(
                &UPLOAD_SHAPE,
                root,
                "the upload body is a single graph object, not a body",
            )
            .hint(format!("wrap it: {{\"{list}\": [ {{ … }} ]}}"));
        upload.complete = false;
        return upload;
    }
    for (name, member) in object {
        let at = || Place::value(Some(doc), format!("/{name}"));
        match name {
            "entities" | "relationships" => {
                let kind = if name == "entities" {
                    Kind::Entity
                } else {
                    Kind::Relationship
                };
                let Some(items) = member.as_array() else {
                    findings
                        .add(
                            &UPLOAD_SHAPE,
                            at(),
                            format!("\"{name}\" should be an array"),
                        )
                        .hint(format!(
                            "found {}; put the objects in a list: \"{name}\": [ … ]",
                            type_name(member)
                        ));
                    upload.complete = false;
                    continue;
                };
                let list = match kind {
                    Kind::Entity => &mut upload.entities,
                    Kind::Relationship => &mut upload.relationships,
                };
                for (index, element) in items.iter().enumerate() {
                    match element.as_object() {
                        Some(fields) => list.push(Item {
                            doc,
                            kind,
                            index,
                            fields,
                        }),
                        None => {
                            upload.complete = false;
                            findings.add(
                                &UPLOAD_SHAPE,
                                Place::value(Some(doc), format!("/{name}/{index}")),
                                format!(
                                    "{name}[{index}] must be an object, not {}",
                                    quote(element)
                                ),
                            );
                        }
                    }
                }
            }
            "deleteEntities" | "deleteRelationships" => check_deletes(doc, name, member, findings),
            _ => {
                let suggestion = [
                    "entities",
                    "relationships",
                    "deleteEntities",
                    "deleteRelationships",
                ]
                .into_iter()
                .find(|known| {
                    known.eq_ignore_ascii_case(name) || known.trim_end_matches('s') == name
                });
                let finding = findings.add(
                    &UPLOAD_UNKNOWN_MEMBER,
                    Place {
                        anchor: Anchor::Key,
                        ..at()
                    },
                    format!(
                        "the API does not read member {}: nothing in it is uploaded",
                        quote_str(name)
                    ),
                );
                match suggestion {
                    Some(known) => finding.hint(format!("did you mean \"{known}\"?")),
                    None => finding.hint("an upload body has entities, relationships, deleteEntities or deleteRelationships"),
                };
            }
        }
    }
    upload
}

/// The bulk-delete form: `{deleteEntities: [{_id}], deleteRelationships: [{_id}]}`.
fn check_deletes(doc: usize, name: &str, member: &Value, findings: &mut Findings) {
    let Some(items) = member.as_array() else {
        findings.add(
            &UPLOAD_SHAPE,
            Place::value(Some(doc), format!("/{name}")),
            format!("\"{name}\" should be an array"),
        );
        return;
    };
    for (index, element) in items.iter().enumerate() {
        if element.get("_id").and_then(Value::as_str).is_none() {
            findings
                .add(
                    &UPLOAD_SHAPE,
                    Place::value(Some(doc), format!("/{name}/{index}")),
                    format!("{name}[{index}] needs an `_id` string"),
                )
                .hint("bulk deletes name each object by its JupiterOne _id: {\"_id\": \"…\"}");
        }
    }
}

/// Bodies over the SDK's batch size, or over what the API accepts at all.
pub fn check_size(cx: &mut Context, upload: &Upload) {
    if upload.bytes <= BATCH_LIMIT {
        return;
    }
    let batches = upload.bytes.div_ceil(BATCH_LIMIT);
    let rule = if upload.bytes > REQUEST_LIMIT {
        &UPLOAD_TOO_LARGE
    } else {
        &UPLOAD_SIZE
    };
    let verdict = if upload.bytes > REQUEST_LIMIT {
        "over the API's 6 MiB request limit (it answers 413)"
    } else {
        "over the 5,000,000-byte batch size the SDK keeps to"
    };
    cx.findings
        .add(
            rule,
            Place::value(Some(upload.doc), String::new()),
            format!("the upload body is {} bytes, {verdict}", upload.bytes),
        )
        .hint(format!(
            "split it into {batches} batches of at most 5,000,000 bytes each"
        ));
}
