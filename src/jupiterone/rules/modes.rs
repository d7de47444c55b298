//! What each sync mode accepts: which lists, which fields, how many entities.

use super::{quote_str, Context, Place, Waits};
use crate::diagnostic::declare_rule;
use crate::jupiterone::job::SyncMode;
use crate::jupiterone::model::{Item, Upload};

declare_rule! {
    /// A DIFF job that uploads nothing deletes everything in its scope at finalize.
    DIFF_EMPTY_JOB: "diff-empty-job", Warning
}
declare_rule! {
    /// PATCH jobs take entities only.
    PATCH_RELATIONSHIPS: "patch-relationships", Error
}
declare_rule! {
    /// A PATCH entity names its target by `_id` or by `_key`.
    PATCH_KEY_REQUIRED: "patch-key-required", Error
}
declare_rule! {
    /// CROSS_SCOPE jobs take relationships only.
    CROSS_SCOPE_ENTITIES: "cross-scope-entities", Error
}
declare_rule! {
    /// A CROSS_SCOPE relationship has `_fromEntityScope` and `_toEntityScope`.
    CROSS_SCOPE_ENDPOINT_SCOPE: "cross-scope-endpoint-scope", Error
}
declare_rule! {
    /// Neither endpoint scope of a CROSS_SCOPE relationship is the job's own scope.
    CROSS_SCOPE_OWN_SCOPE: "cross-scope-own-scope", Error
}
declare_rule! {
    /// OVERRIDE jobs take entities only.
    OVERRIDE_RELATIONSHIPS: "override-relationships", Error
}
declare_rule! {
    /// An OVERRIDE job holds at most 10,000 entities.
    OVERRIDE_ENTITY_LIMIT: "override-entity-limit", Error
}
declare_rule! {
    /// Every OVERRIDE entity names an existing entity by `_id`.
    OVERRIDE_ID_REQUIRED: "override-id-required", Error
}
declare_rule! {
    /// OVERRIDE ignores `_` properties other than `_id`.
    OVERRIDE_IGNORED_PROPERTY: "override-ignored-property", Warning
}

pub const OVERRIDE_LIMIT: usize = 10_000;

/// Checks of the job as a whole: lists a mode refuses, the OVERRIDE cap, an empty DIFF.
pub fn check_job(cx: &mut Context, uploads: &[Upload]) {
    for upload in uploads {
        check_lists(cx, upload);
    }
    if cx.job.sync_mode == SyncMode::Override {
        let mut entities = uploads.iter().flat_map(|u| &u.entities);
        if let Some(first_over) = entities.nth(OVERRIDE_LIMIT) {
            let total = uploads.iter().map(|u| u.entities.len()).sum();
            report_entity_limit(cx, first_over, total);
        }
    }
    if cx.job.sync_mode == SyncMode::Diff && uploads.iter().all(uploads_nothing) {
        if let Some(first) = uploads.first() {
            report_empty_job(cx, first);
        }
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
    if cx.job.sync_mode == SyncMode::Override {
        let over = OVERRIDE_LIMIT.checked_sub(so_far.entities);
        if let Some(first_over) = over.and_then(|at| upload.entities.get(at)) {
            report_entity_limit(cx, first_over, so_far.entities + upload.entities.len());
            cx.pend(|| Waits::EntityTotal);
        }
    }
    if cx.job.sync_mode == SyncMode::Diff && so_far.batches == 0 && uploads_nothing(upload) {
        report_empty_job(cx, upload);
        cx.pend(|| Waits::NothingUploaded);
    }
}

/// The lists of an upload that the job's mode refuses.
fn check_lists(cx: &mut Context, upload: &Upload) {
    let mode = cx.job.sync_mode;
    let list = |name: &str| Place::value(Some(upload.doc), format!("/{name}"));
    if !upload.relationships.is_empty() {
        match mode {
            SyncMode::Patch => {
                cx.findings
                    .add(&PATCH_RELATIONSHIPS, list("relationships"), "Relationship uploads are not allowed for PATCH sync jobs")
                    .hint("upload relationships in a DIFF job for their scope, or in CROSS_SCOPE when their ends live in other scopes");
            }
            SyncMode::Override => {
                cx.findings
                    .add(
                        &OVERRIDE_RELATIONSHIPS,
                        list("relationships"),
                        "Relationship uploads are not allowed for OVERRIDE sync jobs",
                    )
                    .hint("OVERRIDE only accepts entities");
            }
            SyncMode::Diff | SyncMode::CrossScope => {}
        }
    }
    if mode == SyncMode::CrossScope && !upload.entities.is_empty() {
        cx.findings
            .add(&CROSS_SCOPE_ENTITIES, list("entities"), "Entities cannot be uploaded in CROSS_SCOPE mode")
            .hint("create entities in their owning scope; use CROSS_SCOPE only for the edges between scopes");
    }
}

/// Reports the first entity over the OVERRIDE cap, of a job of `total` entities.
fn report_entity_limit(cx: &mut Context, first_over: &Item, total: usize) {
    cx.findings
        .add(
            &OVERRIDE_ENTITY_LIMIT,
            Place::item(first_over),
            "OVERRIDE sync jobs are limited to 10000 entities per job",
        )
        .hint(entity_limit_hint(total));
}

/// How to split an OVERRIDE job of `total` entities.
pub fn entity_limit_hint(total: usize) -> String {
    format!(
        "this job has {total} entities: split them across {} sync jobs with different scopes",
        total.div_ceil(OVERRIDE_LIMIT)
    )
}

/// Whether an upload has no objects, and was read whole: checks that conclude from what is
/// absent hold back when it was not.
fn uploads_nothing(upload: &Upload) -> bool {
    upload.complete && upload.entities.is_empty() && upload.relationships.is_empty()
}

/// Reports a DIFF job that uploads nothing, at its first upload.
fn report_empty_job(cx: &mut Context, first: &Upload) {
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
}

pub fn entity(cx: &mut Context, item: &Item) {
    match cx.job.sync_mode {
        SyncMode::Patch => {
            if item.get("_id").is_none() && item.get("_key").is_none() {
                cx.findings
                    .add(
                        &PATCH_KEY_REQUIRED,
                        Place::item(item),
                        format!("PATCH entity {} has neither `_id` nor `_key`", item.label()),
                    )
                    .hint(
                        "name the entity to update by its _id, or by its _key in this job's scope",
                    );
            }
        }
        SyncMode::Override => {
            if item.get("_id").is_none() {
                cx.findings
                    .add(
                        &OVERRIDE_ID_REQUIRED,
                        Place::item(item),
                        format!("OVERRIDE entity {} has no `_id`", item.label()),
                    )
                    .hint("find it with J1QL, e.g. FIND github_repo WITH name='platform-api' RETURN _id");
            }
            for name in item.fields.keys() {
                if name.starts_with('_') && name != "_id" {
                    cx.findings
                        .add(
                            &OVERRIDE_IGNORED_PROPERTY,
                            Place::member_name(item, name),
                            format!(
                                "OVERRIDE ignores \"{name}\": only _id and custom properties count"
                            ),
                        )
                        .hint("drop it; overrides apply to custom properties only");
                }
            }
        }
        SyncMode::Diff | SyncMode::CrossScope => {}
    }
}

pub fn relationship(cx: &mut Context, item: &Item) {
    if cx.job.sync_mode != SyncMode::CrossScope {
        return;
    }
    for field in ["_fromEntityScope", "_toEntityScope"] {
        match item.str(field) {
            None => {
                if item.get(field).is_none() {
                    cx.findings
                        .add(
                            &CROSS_SCOPE_ENDPOINT_SCOPE,
                            Place::item(item),
                            format!("CROSS_SCOPE relationship {} has no {field}", item.label()),
                        )
                        .hint("name the scope the entity lives in; for a managed integration that is its _integrationInstanceId");
                }
            }
            Some(scope) if Some(scope) == cx.job.scope.as_deref() => {
                cx.findings
                    .add(
                        &CROSS_SCOPE_OWN_SCOPE,
                        Place::member(item, field),
                        format!("Same-scope relationships rejected: {field} {} is the job's own scope", quote_str(scope)),
                    )
                    .hint("write edges between entities of this scope from the job that owns the scope");
            }
            Some(_) => {}
        }
    }
}
