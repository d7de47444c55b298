//! Checks of an upload body as a whole: that it parses, its shape, and its size.

use super::{quote, quote_str, type_name, Anchor, Context, Findings, Place};
use crate::diagnostic::{declare_rule, Rule};
use crate::json::{Map, Value};
use crate::jupiterone::model::{Item, Kind, Upload};

/// The SDK keeps each upload body at or under this many bytes of JSON.
pub const BATCH_LIMIT: usize = 5_000_000;
/// Bodies above this are rejected by the backend with 413.
pub const REQUEST_LIMIT: usize = 6 * 1024 * 1024;

/// Reads an upload body's graph objects, reporting a body of the wrong shape and members the
/// API does not read.
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
    let Some(object) = upload_shape(doc, value, findings) else {
        upload.complete = false;
        return upload;
    };
    for (name, member) in object {
        match name {
            "entities" => {
                upload.complete &= read_graph_objects(
                    doc,
                    Kind::Entity,
                    name,
                    member,
                    &mut upload.entities,
                    findings,
                );
            }
            "relationships" => {
                upload.complete &= read_graph_objects(
                    doc,
                    Kind::Relationship,
                    name,
                    member,
                    &mut upload.relationships,
                    findings,
                );
            }
            "deleteEntities" | "deleteRelationships" => {
                upload_shape_of_deletes(doc, name, member, findings)
            }
            _ => upload_unknown_member(doc, name, findings),
        }
    }
    upload
}

/// Reads the objects listed in `entities` or `relationships` into `list`; false when the member
/// is not an array or an element is not an object (upload-shape reports them; such an element
/// is left out).
fn read_graph_objects<'a>(
    doc: usize,
    kind: Kind,
    name: &str,
    member: &'a Value<'a>,
    list: &mut Vec<Item<'a>>,
    findings: &mut Findings,
) -> bool {
    let Some(elements) = upload_shape_of_list(doc, name, member, findings) else {
        return false;
    };
    let mut read_whole = true;
    for (index, element) in elements.iter().enumerate() {
        match upload_shape_of_element(doc, name, index, element, findings) {
            Some(fields) => list.push(Item {
                doc,
                kind,
                index,
                fields,
            }),
            None => read_whole = false,
        }
    }
    read_whole
}

/// Bodies over the SDK's batch size, or over what the API accepts at all.
pub fn check_size(cx: &mut Context, upload: &Upload) {
    upload_size(cx, upload);
    upload_too_large(cx, upload);
}

declare_rule! {
    /// An upload body is an object whose `entities` and `relationships` are arrays of objects.
    UPLOAD_SHAPE: "upload-shape", Error
}

/// The body as a whole: an object of lists, not a bare array, another value or a single graph
/// object. Its members, when it is one.
fn upload_shape<'a>(
    doc: usize,
    value: &'a Value<'a>,
    findings: &mut Findings,
) -> Option<&'a Map<'a>> {
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
            return None;
        }
        other => {
            findings
                .add(
                    &UPLOAD_SHAPE,
                    root,
                    format!("the upload body must be an object, not {}", quote(other)),
                )
                .hint("write {\"entities\": [ … ], \"relationships\": [ … ]}");
            return None;
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
        return None;
    }
    Some(object)
}

/// `entities` or `relationships` (`name`) is an array. Its elements, when it is one.
fn upload_shape_of_list<'a>(
    doc: usize,
    name: &str,
    member: &'a Value<'a>,
    findings: &mut Findings,
) -> Option<&'a [Value<'a>]> {
    let elements = member.as_array();
    if elements.is_none() {
        findings
            .add(
                &UPLOAD_SHAPE,
                Place::value(Some(doc), format!("/{name}")),
                format!("\"{name}\" should be an array"),
            )
            .hint(format!(
                "found {}; put the objects in a list: \"{name}\": [ … ]",
                type_name(member)
            ));
    }
    elements
}

/// Element `index` of `entities` or `relationships` (`name`) is an object. Its members, when
/// it is one.
fn upload_shape_of_element<'a>(
    doc: usize,
    name: &str,
    index: usize,
    element: &'a Value<'a>,
    findings: &mut Findings,
) -> Option<&'a Map<'a>> {
    let fields = element.as_object();
    if fields.is_none() {
        findings.add(
            &UPLOAD_SHAPE,
            Place::value(Some(doc), format!("/{name}/{index}")),
            format!("{name}[{index}] must be an object, not {}", quote(element)),
        );
    }
    fields
}

/// The bulk-delete form: `{deleteEntities: [{_id}], deleteRelationships: [{_id}]}`.
fn upload_shape_of_deletes(doc: usize, name: &str, member: &Value, findings: &mut Findings) {
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

declare_rule! {
    /// An upload body member the API does not read (its objects are silently not uploaded).
    UPLOAD_UNKNOWN_MEMBER: "upload-unknown-member", Warning
}

/// `name` is a member of the body other than the four the API reads.
fn upload_unknown_member(doc: usize, name: &str, findings: &mut Findings) {
    let suggestion = [
        "entities",
        "relationships",
        "deleteEntities",
        "deleteRelationships",
    ]
    .into_iter()
    .find(|known| known.eq_ignore_ascii_case(name) || known.trim_end_matches('s') == name);
    let finding = findings.add(
        &UPLOAD_UNKNOWN_MEMBER,
        Place {
            doc: Some(doc),
            pointer: format!("/{name}"),
            anchor: Anchor::Key,
        },
        format!(
            "the API does not read member {}: nothing in it is uploaded",
            quote_str(name)
        ),
    );
    match suggestion {
        Some(known) => finding.hint(format!("did you mean \"{known}\"?")),
        None => finding.hint(
            "an upload body has entities, relationships, deleteEntities or deleteRelationships",
        ),
    };
}

declare_rule! {
    /// An upload body over 5,000,000 bytes (the SDK's batch limit).
    UPLOAD_SIZE: "upload-size", Warning
}

fn upload_size(cx: &mut Context, upload: &Upload) {
    if upload.bytes > BATCH_LIMIT && upload.bytes <= REQUEST_LIMIT {
        report_size(
            cx,
            upload,
            &UPLOAD_SIZE,
            "over the 5,000,000-byte batch size the SDK keeps to",
        );
    }
}

declare_rule! {
    /// An upload body over 6 MiB, which the API rejects (413).
    UPLOAD_TOO_LARGE: "upload-too-large", Error
}

fn upload_too_large(cx: &mut Context, upload: &Upload) {
    if upload.bytes > REQUEST_LIMIT {
        report_size(
            cx,
            upload,
            &UPLOAD_TOO_LARGE,
            "over the API's 6 MiB request limit (it answers 413)",
        );
    }
}

/// The finding of either size rule: the body's size, `verdict` on it, and the batches to split
/// it into.
fn report_size(cx: &mut Context, upload: &Upload, rule: &'static Rule, verdict: &str) {
    let batches = upload.bytes.div_ceil(BATCH_LIMIT);
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
