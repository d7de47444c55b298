//! The Sync API checks, one file per family. Each rule is declared with `declare_rule!` (stable
//! id, default severity, documentation) beside its check; `CATALOG` is generated from the
//! declarations. The checks report `Finding`s that point into a document by JSON Pointer;
//! positions are worked out later, once per document.

mod body;
// Generated from the rule declarations (see the file); kept as written.
#[rustfmt::skip]
pub mod catalog;
mod classes;
mod conventions;
mod duplicates;
mod job;
mod modes;
mod names;
mod open_job;
mod properties;
mod relationships;
mod required;
mod security;
mod state;
mod steps;

pub use crate::diagnostic::{quote, quote_str, type_name, Anchor, Finding, Findings, Place, Text};
use crate::jupiterone::job::JobSpec;
use crate::jupiterone::model::{Item, Upload};
use crate::jupiterone::schema;
use crate::jupiterone::snapshot::State;
use duplicates::JobKeys;
use open_job::{Pending, Waits};

pub use crate::document::{DUPLICATE_MEMBER, INVALID_JSON, UNSAFE_INTEGER};
pub use body::read_upload;
pub use catalog::CATALOG;
pub use job::resolve_job;
pub(crate) use open_job::{OpenJob, PendingId, Verdict};
pub use steps::check_summary;

/// Places in an upload's objects.
impl Place {
    /// The object itself.
    pub fn item(item: &Item) -> Place {
        Place::value(Some(item.doc), item.pointer())
    }

    /// The value of one of the object's members.
    pub fn member(item: &Item, name: &str) -> Place {
        Place::value(Some(item.doc), item.member_pointer(name))
    }

    /// The name of one of the object's members.
    pub fn member_name(item: &Item, name: &str) -> Place {
        Place {
            doc: Some(item.doc),
            pointer: item.member_pointer(name),
            anchor: Anchor::Key,
        }
    }
}

/// What the job's uploads hold under one `_key`.
#[derive(Clone, Copy)]
pub struct KeyUse<'a> {
    /// Set when an entity has the key: the first string `_type` of those entities, if any.
    pub entity: Option<Option<&'a str>>,
}

impl KeyUse<'_> {
    /// Whether an uploaded entity has the key.
    pub fn is_entity(&self) -> bool {
        self.entity.is_some()
    }
}

/// What the checks of one job share: the job, the findings so far, and job-wide indexes.
pub struct Context<'a> {
    pub job: &'a JobSpec,
    pub findings: &'a mut Findings,
    /// Every `_key` uploaded in the job (so far, in an open job), across entities, relationships
    /// and batches: one index serves the duplicate check and the questions about entities below.
    pub keys: JobKeys<'a>,
    /// The previous state, when a snapshot was given.
    pub state: Option<&'a State<'a, 'a>>,
    /// The finalize body's `partialDatasets.types`: entities of these types survive finalize.
    pub kept_types: &'a [String],
    pub names: names::Names,
    /// The known classes of the entity being checked, a buffer kept between entities so that
    /// checking one allocates nothing for them.
    known_classes: Vec<&'static schema::ClassSchema>,
    /// In an open job, its findings that later batches can raise or withdraw (see `open_job`);
    /// `None` for a whole job, whose findings are final.
    pending: Option<&'a mut Vec<Pending>>,
}

impl<'a> Context<'a> {
    fn new(
        job: &'a JobSpec,
        findings: &'a mut Findings,
        keys: JobKeys<'a>,
        state: Option<&'a State<'a, 'a>>,
        kept_types: &'a [String],
        pending: Option<&'a mut Vec<Pending>>,
    ) -> Context<'a> {
        Context {
            job,
            findings,
            keys,
            state,
            kept_types,
            names: names::Names::default(),
            known_classes: Vec::new(),
            pending,
        }
    }

    /// Whether an uploaded entity has `key`.
    pub fn is_entity_key(&self, key: &str) -> bool {
        self.keys.get(key).is_some_and(|used| used.is_entity())
    }

    /// Whether the job is open: later batches may still upload what a check looks for.
    pub fn is_open(&self) -> bool {
        self.pending.is_some()
    }

    /// In an open job, leaves the finding just made to what later batches upload: whether it
    /// stands is then decided by what `waits` for (see `OpenJob`).
    pub fn pend(&mut self, waits: impl FnOnce() -> Waits) {
        let just_made = self.findings.list.len().checked_sub(1);
        if let (Some(pending), Some(finding)) = (&mut self.pending, just_made) {
            pending.push(Pending {
                finding,
                waits: waits(),
            });
        }
    }
}

/// Runs every upload check over a whole job's bodies, in upload order; with a previous state,
/// also the checks that need one.
pub fn check_uploads(
    job: &JobSpec,
    uploads: &[Upload],
    state: Option<&State>,
    kept_types: &[String],
    findings: &mut Findings,
) {
    let keys = duplicates::index_keys(job, uploads, findings);
    let mut cx = Context::new(
        job,
        findings,
        JobKeys::Whole(&keys),
        state,
        kept_types,
        None,
    );
    modes::check_job(&mut cx, uploads);
    let endpoints = if job.sync_mode.allows_relationships() {
        relationships::endpoint_uses(&cx, uploads)
    } else {
        Vec::new()
    };
    let mut endpoints = endpoints.into_iter();
    for upload in uploads {
        check_upload(&mut cx, upload, &mut endpoints);
    }
}

/// The checks of one upload body, its size and its objects, given what the job uploads under
/// the ends of each of its relationships, in order.
fn check_upload<'k>(
    cx: &mut Context,
    upload: &Upload,
    endpoints: &mut impl Iterator<Item = [Option<KeyUse<'k>>; 2]>,
) {
    body::check_size(cx, upload);
    let mode = cx.job.sync_mode;
    if mode.allows_entities() {
        for item in &upload.entities {
            check_entity(cx, item);
        }
    }
    if mode.allows_relationships() {
        for item in &upload.relationships {
            let uses = endpoints.next().unwrap_or_default();
            check_relationship(cx, item, &uses);
        }
    }
}

fn check_entity(cx: &mut Context, item: &Item) {
    let mut known = std::mem::take(&mut cx.known_classes);
    // The entity's known classes, looked up once for the checks that need them.
    known.clear();
    known.extend(item.classes().filter_map(|class| cx.names.class(class)));
    let facts = cx.names.describe(item.fields, &known);
    let members = &facts.members;
    required::entity(cx, item, members);
    properties::check(cx, item, members);
    modes::entity(cx, item);
    classes::entity(cx, item, &known, &facts);
    conventions::check(cx, item, members);
    security::check(cx, item, members);
    state::entity(cx, item);
    cx.known_classes = known;
}

fn check_relationship(cx: &mut Context, item: &Item, ends: &[Option<KeyUse>; 2]) {
    let facts = cx.names.describe(item.fields, &[]);
    let members = &facts.members;
    required::relationship(cx, item, members);
    properties::check(cx, item, members);
    modes::relationship(cx, item);
    relationships::check(cx, item, ends);
    classes::relationship(cx, item);
    conventions::check(cx, item, members);
    security::check(cx, item, members);
    state::relationship(cx, item);
}

/// `city` → `City`.
pub fn capitalize(name: &str) -> String {
    let mut chars = name.chars();
    chars
        .next()
        .map(|first| {
            std::iter::once(crate::support::case::upper(first))
                .chain(chars)
                .collect()
        })
        .unwrap_or_default()
}
