//! What each sync mode accepts: which lists, which fields, how many entities.

use super::{quote_str, Context, Place, Waits};
use crate::diagnostic::declare_rule;
use crate::jupiterone::job::SyncMode;
use crate::jupiterone::model::{Item, Upload};

pub const OVERRIDE_LIMIT: usize = 10_000;

/// Checks of the job as a whole: lists a mode refuses, the OVERRIDE cap, an empty DIFF.
pub fn check_job(cx: &mut Context, uploads: &[Upload]) {
    for upload in uploads {
        check_lists(cx, upload);
    }
    if cx.job.sync_mode == SyncMode::Override {
        let total = uploads.iter().map(|u| u.entities.len()).sum();
        let mut before = 0;
        for upload in uploads {
            if override_entity_limit(cx, upload, before, total) {
                break;
            }
            before += upload.entities.len();
        }
    }
    if let Some(first) = uploads.first() {
        diff_empty_job(cx, first, || uploads.iter().all(uploads_nothing));
    }
}

/// What the batches of an open job (one that takes its uploads one at a time) have uploaded so
/// far, for the checks of the job as a whole.
#[derive(Default)]
pub struct Tally {
    pub batches: usize,
    pub entities: usize,
    /// Whether a batch uploads something, or could not be read whole (see `uploads_nothing`).
    pub something: bool,
}

impl Tally {
    pub fn add(&mut self, upload: &Upload) {
        self.batches += 1;
        self.entities += upload.entities.len();
        self.something |= !uploads_nothing(upload);
    }
}

/// `check_job` for an open job's next batch, after the batches of `so_far`. What depends on the
/// batches after it is left pending (see `Waits`): the entity total the OVERRIDE cap's hint
/// gives, and whether the job stays empty.
pub fn check_batch(cx: &mut Context, upload: &Upload, so_far: &Tally) {
    check_lists(cx, upload);
    let (before, total) = (so_far.entities, so_far.entities + upload.entities.len());
    override_entity_limit(cx, upload, before, total);
    if so_far.batches == 0 {
        diff_empty_job(cx, upload, || uploads_nothing(upload));
    }
}

/// The lists of an upload that the job's mode refuses.
fn check_lists(cx: &mut Context, upload: &Upload) {
    patch_relationships(cx, upload);
    override_relationships(cx, upload);
    cross_scope_entities(cx, upload);
}

/// The checks of an entity that depend on the mode (PATCH and OVERRIDE have some): one test
/// of the mode (this runs for every entity).
pub fn entity(cx: &mut Context, item: &Item) {
    match cx.job.sync_mode {
        SyncMode::Patch => patch_key_required(cx, item),
        SyncMode::Override => {
            override_id_required(cx, item);
            override_ignored_property(cx, item);
        }
        SyncMode::Diff | SyncMode::CrossScope => {}
    }
}

/// The checks of a relationship that depend on the mode: its endpoint scopes, one at a time.
pub fn relationship(cx: &mut Context, item: &Item) {
    if cx.job.sync_mode != SyncMode::CrossScope {
        return;
    }
    for field in ["_fromEntityScope", "_toEntityScope"] {
        let scope = item.str(field);
        cross_scope_endpoint_scope(cx, item, field, scope);
        cross_scope_own_scope(cx, item, field, scope);
    }
}

declare_rule! {
    /// A DIFF job that uploads nothing deletes everything in its scope at finalize.
    DIFF_EMPTY_JOB: "diff-empty-job", Warning
}

/// Reports a DIFF job that uploads nothing, at its first upload, when `empty` says that the
/// job (so far, in an open job, where the finding then waits on the batches after it) uploads
/// nothing.
fn diff_empty_job(cx: &mut Context, first: &Upload, empty: impl FnOnce() -> bool) {
    if cx.job.sync_mode != SyncMode::Diff || !empty() {
        return;
    }
    let scope = cx
        .job
        .reconciled_scope()
        .map(|s| format!("scope {}", quote_str(s)))
        .unwrap_or_else(|| "the job's scope".to_string());
    cx.findings
        .add(
            &DIFF_EMPTY_JOB,
            Place::value(Some(first.doc), String::new()),
            format!("this DIFF job uploads no entities and no relationships: finalize deletes everything in {scope}"),
        )
        .hint("abort the job instead of finalizing it when the source returned nothing");
    cx.pend(|| Waits::NothingUploaded);
}

/// Whether an upload has no objects, and was read whole: checks that conclude from what is
/// absent hold back when it was not.
fn uploads_nothing(upload: &Upload) -> bool {
    upload.complete && upload.entities.is_empty() && upload.relationships.is_empty()
}

declare_rule! {
    /// PATCH jobs take entities only.
    PATCH_RELATIONSHIPS: "patch-relationships", Error
}

fn patch_relationships(cx: &mut Context, upload: &Upload) {
    if cx.job.sync_mode == SyncMode::Patch && !upload.relationships.is_empty() {
        cx.findings
            .add(&PATCH_RELATIONSHIPS, list(upload, "relationships"), "Relationship uploads are not allowed for PATCH sync jobs")
            .hint("upload relationships in a DIFF job for their scope, or in CROSS_SCOPE when their ends live in other scopes");
    }
}

/// One of an upload's lists.
fn list(upload: &Upload, name: &str) -> Place {
    Place::value(Some(upload.doc), format!("/{name}"))
}

declare_rule! {
    /// A PATCH entity names its target by `_id` or by `_key`.
    PATCH_KEY_REQUIRED: "patch-key-required", Error
}

/// Of an entity of a PATCH job.
fn patch_key_required(cx: &mut Context, item: &Item) {
    if item.get("_id").is_none() && item.get("_key").is_none() {
        cx.findings
            .add(
                &PATCH_KEY_REQUIRED,
                Place::item(item),
                format!("PATCH entity {} has neither `_id` nor `_key`", item.label()),
            )
            .hint("name the entity to update by its _id, or by its _key in this job's scope");
    }
}

declare_rule! {
    /// CROSS_SCOPE jobs take relationships only.
    CROSS_SCOPE_ENTITIES: "cross-scope-entities", Error
}

fn cross_scope_entities(cx: &mut Context, upload: &Upload) {
    if cx.job.sync_mode == SyncMode::CrossScope && !upload.entities.is_empty() {
        cx.findings
            .add(&CROSS_SCOPE_ENTITIES, list(upload, "entities"), "Entities cannot be uploaded in CROSS_SCOPE mode")
            .hint("create entities in their owning scope; use CROSS_SCOPE only for the edges between scopes");
    }
}

declare_rule! {
    /// A CROSS_SCOPE relationship has `_fromEntityScope` and `_toEntityScope`.
    CROSS_SCOPE_ENDPOINT_SCOPE: "cross-scope-endpoint-scope", Error
}

/// `scope` is the relationship's `field` (`_fromEntityScope` or `_toEntityScope`) if a string.
fn cross_scope_endpoint_scope(cx: &mut Context, item: &Item, field: &str, scope: Option<&str>) {
    if scope.is_none() && item.get(field).is_none() {
        cx.findings
            .add(
                &CROSS_SCOPE_ENDPOINT_SCOPE,
                Place::item(item),
                format!("CROSS_SCOPE relationship {} has no {field}", item.label()),
            )
            .hint("name the scope the entity lives in; for a managed integration that is its _integrationInstanceId");
    }
}

declare_rule! {
    /// Neither endpoint scope of a CROSS_SCOPE relationship is the job's own scope.
    CROSS_SCOPE_OWN_SCOPE: "cross-scope-own-scope", Error
}

/// `scope` is the relationship's `field` (`_fromEntityScope` or `_toEntityScope`) if a string.
fn cross_scope_own_scope(cx: &mut Context, item: &Item, field: &str, scope: Option<&str>) {
    if let Some(scope) = scope.filter(|&s| Some(s) == cx.job.scope.as_deref()) {
        cx.findings
            .add(
                &CROSS_SCOPE_OWN_SCOPE,
                Place::member(item, field),
                format!(
                    "Same-scope relationships rejected: {field} {} is the job's own scope",
                    quote_str(scope)
                ),
            )
            .hint("write edges between entities of this scope from the job that owns the scope");
    }
}

declare_rule! {
    /// OVERRIDE jobs take entities only.
    OVERRIDE_RELATIONSHIPS: "override-relationships", Error
}

fn override_relationships(cx: &mut Context, upload: &Upload) {
    if cx.job.sync_mode == SyncMode::Override && !upload.relationships.is_empty() {
        cx.findings
            .add(
                &OVERRIDE_RELATIONSHIPS,
                list(upload, "relationships"),
                "Relationship uploads are not allowed for OVERRIDE sync jobs",
            )
            .hint("OVERRIDE only accepts entities");
    }
}

declare_rule! {
    /// An OVERRIDE job holds at most 10,000 entities.
    OVERRIDE_ENTITY_LIMIT: "override-entity-limit", Error
}

/// Reports the first entity over the OVERRIDE cap if `upload` holds it, `before` entities having
/// been uploaded ahead of it, `total` in the job (so far, in an open job, where the hint then
/// waits on the batches after it). Says whether it did.
fn override_entity_limit(cx: &mut Context, upload: &Upload, before: usize, total: usize) -> bool {
    if cx.job.sync_mode != SyncMode::Override {
        return false;
    }
    let over = OVERRIDE_LIMIT.checked_sub(before);
    let Some(first_over) = over.and_then(|at| upload.entities.get(at)) else {
        return false;
    };
    cx.findings
        .add(
            &OVERRIDE_ENTITY_LIMIT,
            Place::item(first_over),
            "OVERRIDE sync jobs are limited to 10000 entities per job",
        )
        .hint(entity_limit_hint(total));
    cx.pend(|| Waits::EntityTotal);
    true
}

/// How to split an OVERRIDE job of `total` entities.
pub fn entity_limit_hint(total: usize) -> String {
    format!(
        "this job has {total} entities: split them across {} sync jobs with different scopes",
        total.div_ceil(OVERRIDE_LIMIT)
    )
}

declare_rule! {
    /// Every OVERRIDE entity names an existing entity by `_id`.
    OVERRIDE_ID_REQUIRED: "override-id-required", Error
}

/// Of an entity of an OVERRIDE job.
fn override_id_required(cx: &mut Context, item: &Item) {
    if item.get("_id").is_none() {
        cx.findings
            .add(
                &OVERRIDE_ID_REQUIRED,
                Place::item(item),
                format!("OVERRIDE entity {} has no `_id`", item.label()),
            )
            .hint("find it with J1QL, e.g. FIND github_repo WITH name='platform-api' RETURN _id");
    }
}

declare_rule! {
    /// OVERRIDE ignores `_` properties other than `_id`.
    OVERRIDE_IGNORED_PROPERTY: "override-ignored-property", Warning
}

/// Of an entity of an OVERRIDE job.
fn override_ignored_property(cx: &mut Context, item: &Item) {
    for name in item.fields.keys() {
        if name.starts_with('_') && name != "_id" {
            cx.findings
                .add(
                    &OVERRIDE_IGNORED_PROPERTY,
                    Place::member_name(item, name),
                    format!("OVERRIDE ignores \"{name}\": only _id and custom properties count"),
                )
                .hint("drop it; overrides apply to custom properties only");
        }
    }
}
