//! The state a preview runs over: connector-space objects (with their join) and metaverse
//! objects, and the fixed "now" that makes relative dates and Now() repeatable. Ids, names
//! and attributes are borrowed from the parsed document: a population's state is read once
//! and never copied into maps of its own.

use crate::json::{Map, Value as Json};

use crate::diagnostic::{declare_rule, quote, Findings, Place};
use crate::support::dates::parse_iso;

declare_rule! {
    /// The state holds connectedSystemObjects and metaverseObjects with ids, types and attributes.
    STATE_SHAPE: "jim-state-shape", Error
}

#[derive(Clone, Debug)]
pub struct CsObject<'a> {
    pub id: &'a str,
    pub system: &'a str,
    pub object_type: &'a str,
    pub attributes: Map<'a>,
    pub joined_to: Option<&'a str>,
}

#[derive(Clone, Debug)]
pub struct MvObject<'a> {
    pub id: &'a str,
    pub object_type: &'a str,
    pub attributes: Map<'a>,
}

#[derive(Clone, Debug, Default)]
pub struct State<'a> {
    pub now: Option<i64>,
    pub cs_objects: Vec<CsObject<'a>>,
    pub mv_objects: Vec<MvObject<'a>>,
}

fn text<'a>(object: &Map<'a>, field: &str) -> Option<&'a str> {
    object.get(field).and_then(Json::as_str)
}

/// Reads a state document; objects that cannot be read are reported and left out.
pub fn read_state<'a>(doc: usize, value: &Json<'a>, findings: &mut Findings) -> State<'a> {
    let mut state = State::default();
    let at = |pointer: String| Place::value(Some(doc), pointer);
    let Some(root) = value.as_object() else {
        findings.add(
            &STATE_SHAPE,
            at(String::new()),
            format!("the state must be an object, not {}", quote(value)),
        );
        return state;
    };
    if let Some(now) = root.get("now") {
        match now.as_str().and_then(parse_iso) {
            Some(ms) => state.now = Some(ms),
            None => {
                findings.add(
                    &STATE_SHAPE,
                    at("/now".into()),
                    format!("`now` must be an ISO 8601 date, not {}", quote(now)),
                );
            }
        }
    }
    for (list, required) in [
        (
            "connectedSystemObjects",
            &["id", "connectedSystemName", "objectTypeName"][..],
        ),
        ("metaverseObjects", &["id", "objectTypeName"][..]),
    ] {
        let items = match root.get(list) {
            None => continue,
            Some(Json::Array(items)) => items,
            Some(other) => {
                findings.add(
                    &STATE_SHAPE,
                    at(format!("/{list}")),
                    format!("`{list}` must be an array, not {}", quote(other)),
                );
                continue;
            }
        };
        if list == "metaverseObjects" {
            state.mv_objects.reserve_exact(items.len());
        } else {
            state.cs_objects.reserve_exact(items.len());
        }
        for (i, item) in items.iter().enumerate() {
            // Only a finding needs the object's place: most objects have none.
            let pointer = || format!("/{list}/{i}");
            let Some(object) = item.as_object() else {
                findings.add(
                    &STATE_SHAPE,
                    at(pointer()),
                    format!("{list}[{i}] must be an object"),
                );
                continue;
            };
            let missing: Vec<&str> = required
                .iter()
                .copied()
                .filter(|f| text(object, f).is_none())
                .collect();
            if !missing.is_empty() {
                findings.add(
                    &STATE_SHAPE,
                    at(pointer()),
                    format!("{list}[{i}] needs the string fields {}", missing.join(", ")),
                );
                continue;
            }
            let attributes = match object.get("attributes") {
                Some(Json::Object(a)) => *a,
                None => Map::default(),
                Some(other) => {
                    findings.add(
                        &STATE_SHAPE,
                        at(format!("{}/attributes", pointer())),
                        format!("attributes must be an object, not {}", quote(other)),
                    );
                    continue;
                }
            };
            let id = text(object, "id").unwrap_or_default();
            let object_type = text(object, "objectTypeName").unwrap_or_default();
            if list == "metaverseObjects" {
                state.mv_objects.push(MvObject {
                    id,
                    object_type,
                    attributes,
                });
            } else {
                state.cs_objects.push(CsObject {
                    id,
                    system: text(object, "connectedSystemName").unwrap_or_default(),
                    object_type,
                    attributes,
                    joined_to: text(object, "metaverseObjectId"),
                });
            }
        }
    }
    crate::support::order::sort_by(&mut state.cs_objects, |a, b| a.id.cmp(b.id));
    crate::support::order::sort_by(&mut state.mv_objects, |a, b| a.id.cmp(b.id));
    state
}
