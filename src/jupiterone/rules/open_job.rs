//! The checks of an open job: one that takes its uploads one at a time, as the API's lifecycle
//! does, and is checked after each. A batch is checked once, when it arrives, by the checks a
//! whole job runs (`check_uploads`), against what the batches before it established. What spans
//! batches is kept here between them: the index of the job's keys, what the batches so far
//! uploaded, and the findings that a later batch can still raise or withdraw, each with what it
//! waits for. The checks that depend on other batches make such a finding wherever it may stand
//! and say with `Context::pend` what decides it; every later batch that changes what it waits for
//! gets a new verdict on it. No previous state or finalize body is known before finalize, so
//! none is used here.

use super::duplicates::{JobKeys, OpenKeys};
use super::modes::{self, Tally};
use super::{check_upload, relationships, Context, Findings};
use crate::jupiterone::job::JobSpec;
use crate::jupiterone::model::Upload;
use crate::support::fast_hash::FastMap;

/// What a pending finding waits for, which decides whether it stands.
pub enum Waits {
    /// Stands until an entity with this `_key` is uploaded: a relationship's end names it.
    UntilEntity(Box<str>),
    /// Stands once an entity with this `_key` is uploaded: a property named like a foreign key
    /// holds it.
    Entity(Box<str>),
    /// Stands once the entities of both ends (these keys) have a `_type`, when the
    /// relationship's `_type` and `_class` (its verb) do not follow them; its hint then names
    /// the `_type` they make.
    TypedEnds {
        ends: [Box<str>; 2],
        actual: Box<str>,
        verb: Box<str>,
    },
    /// Stands while no batch uploads anything: a DIFF job that would delete its whole scope.
    NothingUploaded,
    /// Stands, with a hint that counts the job's entities: the OVERRIDE cap.
    EntityTotal,
}

/// A finding of the batch being checked that waits on later batches: its number among the
/// batch's findings.
pub(super) struct Pending {
    pub finding: usize,
    pub waits: Waits,
}

/// Names a pending finding while its job is open, from 0 up in the order they are made.
pub type PendingId = usize;

/// Whether a pending finding stands, after the latest batch.
pub struct Verdict {
    pub id: PendingId,
    pub stands: bool,
    /// The finding's hint from now on, where the hint depends on what the job uploads.
    pub hint: Option<String>,
}

/// What checking a batch found besides its findings.
pub struct BatchChecked {
    /// The batch's pending findings: each one's number among the batch's findings, and its id.
    pub pending: Vec<(usize, PendingId)>,
    /// Verdicts on the pending findings the batch may have changed, its own included.
    pub verdicts: Vec<Verdict>,
}

/// The checks of an open job, and what they keep between its batches.
pub struct OpenJob {
    job: JobSpec,
    keys: OpenKeys,
    tally: Tally,
    /// What each pending finding waits for, by id; `None` once its verdict can no longer change.
    waits: Vec<Option<Waits>>,
    /// The pending findings that wait on each key (a settled one stays listed until the key
    /// changes again).
    by_key: FastMap<Box<str>, Vec<PendingId>>,
    /// The pending findings on the job as a whole.
    job_wide: Vec<PendingId>,
}

/// A verdict, and whether it is final.
struct Judgement {
    stands: bool,
    settled: bool,
    hint: Option<String>,
}

impl OpenJob {
    pub fn new(job: JobSpec) -> OpenJob {
        OpenJob {
            job,
            keys: OpenKeys::default(),
            tally: Tally::default(),
            waits: Vec::new(),
            by_key: FastMap::default(),
            job_wide: Vec::new(),
        }
    }

    pub fn job(&self) -> &JobSpec {
        &self.job
    }

    /// How many batches have been checked: the next batch's document number.
    pub fn batches(&self) -> usize {
        self.tally.batches
    }

    /// Checks the job's next batch (read as document number `batches()`), adding its findings
    /// to `findings`.
    pub fn check(&mut self, upload: &Upload, findings: &mut Findings) -> BatchChecked {
        let changed = self.keys.add_batch(&self.job, upload, findings);
        let mut pending = Vec::new();
        let mut cx = Context::new(
            &self.job,
            findings,
            JobKeys::Open(&self.keys),
            None,
            &[],
            Some(&mut pending),
        );
        modes::check_batch(&mut cx, upload, &self.tally);
        let endpoints = if self.job.sync_mode.allows_relationships() {
            relationships::endpoint_uses(&cx, std::slice::from_ref(upload))
        } else {
            Vec::new()
        };
        check_upload(&mut cx, upload, &mut endpoints.into_iter());
        self.tally.add(upload);

        let pending: Vec<(usize, PendingId)> = pending
            .into_iter()
            .map(|Pending { finding, waits }| (finding, self.register(waits)))
            .collect();
        let mut reconsidered: Vec<PendingId> = pending.iter().map(|&(_, id)| id).collect();
        for key in &changed {
            reconsidered.extend(self.by_key.get(*key).into_iter().flatten());
        }
        reconsidered.extend(&self.job_wide);
        let verdicts = reconsidered
            .into_iter()
            .filter_map(|id| self.settle(id))
            .collect();
        self.forget_settled(&changed);
        BatchChecked { pending, verdicts }
    }

    fn register(&mut self, waits: Waits) -> PendingId {
        let id = self.waits.len();
        match &waits {
            Waits::UntilEntity(key) | Waits::Entity(key) => self.wait_on(key, id),
            Waits::TypedEnds { ends, .. } => ends.iter().for_each(|key| self.wait_on(key, id)),
            Waits::NothingUploaded | Waits::EntityTotal => self.job_wide.push(id),
        }
        self.waits.push(Some(waits));
        id
    }

    fn wait_on(&mut self, key: &str, id: PendingId) {
        match self.by_key.get_mut(key) {
            Some(ids) => ids.push(id),
            None => {
                self.by_key.insert(key.into(), vec![id]);
            }
        }
    }

    /// The verdict on a pending finding whose verdict can still change.
    fn settle(&mut self, id: PendingId) -> Option<Verdict> {
        let judgement = self.judge(self.waits.get(id)?.as_ref()?);
        if judgement.settled {
            self.waits[id] = None;
        }
        Some(Verdict {
            id,
            stands: judgement.stands,
            hint: judgement.hint,
        })
    }

    fn judge(&self, waits: &Waits) -> Judgement {
        let keys = JobKeys::Open(&self.keys);
        let entity = |key: &str| keys.get(key).is_some_and(|used| used.is_entity());
        let (stands, settled, hint) = match waits {
            Waits::UntilEntity(key) => {
                let uploaded = entity(key);
                (!uploaded, uploaded, None)
            }
            Waits::Entity(key) => {
                let uploaded = entity(key);
                (uploaded, uploaded, None)
            }
            Waits::TypedEnds { ends, actual, verb } => {
                let typed = ends.each_ref().map(|key| keys.get(key)?.entity?);
                match typed {
                    [Some(from), Some(to)] => {
                        let hint = relationships::type_name_hint(actual, from, verb, to);
                        (hint.is_some(), true, hint)
                    }
                    _ => (false, false, None),
                }
            }
            Waits::NothingUploaded => (!self.tally.something, self.tally.something, None),
            Waits::EntityTotal => (
                true,
                false,
                Some(modes::entity_limit_hint(self.tally.entities)),
            ),
        };
        Judgement {
            stands,
            settled,
            hint,
        }
    }

    /// Stops listing settled findings under the keys that changed, and among the job-wide ones.
    fn forget_settled(&mut self, changed: &[&str]) {
        let waits = &self.waits;
        let unsettled = |id: &PendingId| waits.get(*id).is_some_and(Option::is_some);
        for key in changed {
            if let Some(ids) = self.by_key.get_mut(*key) {
                ids.retain(unsettled);
                if ids.is_empty() {
                    self.by_key.remove(*key);
                }
            }
        }
        self.job_wide.retain(unsettled);
    }
}
