//! The lint pipeline of an open job, one that takes its uploads one at a time: each upload is
//! read, checked and located once, when it arrives, and its diagnostics are kept, in report
//! order, for every report after it. Those that later uploads can raise or withdraw are kept
//! beside the others, marked as standing or not as the job's checks decide (`OpenJob`). A
//! report is then what `lint` of every upload so far reports, and costs what it lists: a
//! batch whose rules are listed in full already is counted, not walked.

use super::read_body;
use crate::diagnostic::{Diagnostic, Findings};
use crate::document::{by_position, in_report_order, locate, read, Document, Located};
use crate::json::Arena;
use crate::jupiterone::job::JobOptions;
use crate::jupiterone::rules::{self, OpenJob, PendingId, Verdict};
use crate::report::{Listing, Report};
use crate::support::order;

/// An open job's checks and the diagnostics of its uploads so far.
pub(crate) struct BatchedLint {
    checks: OpenJob,
    /// The diagnostics of the job's options, which no document holds, in report order.
    options: Vec<Diagnostic>,
    batches: Vec<BatchDiagnostics>,
    /// Where each pending finding is kept, by id: its batch (the batch's document number) and its
    /// place in the batch's list.
    pending: Vec<(usize, usize)>,
}

/// A batch's diagnostics, in report order.
struct BatchDiagnostics {
    kept: Vec<Kept>,
    /// How many diagnostics of each rule stand.
    standing: Vec<(&'static str, usize)>,
}

struct Kept {
    diagnostic: Diagnostic,
    /// Whether the report lists (or counts) it: always, but for a pending finding the latest
    /// verdict says.
    stands: bool,
}

impl BatchedLint {
    pub fn new(options: &JobOptions) -> BatchedLint {
        let mut findings = Findings::default();
        let job = rules::resolve_job(options, None, &mut findings);
        BatchedLint {
            checks: OpenJob::new(job),
            options: in_report_order(locate(findings, &[], &[], 0), &|_| 0),
            batches: Vec::new(),
            pending: Vec::new(),
        }
    }

    /// Reads and checks the job's next upload: the report of the job so far.
    pub fn add(&mut self, document: &Document) -> Report {
        let doc = self.checks.batches();
        let mut findings = Findings::default();
        let arena = Arena::new();
        let parsed = read(doc, document, &arena, &mut findings);
        let upload = read_body(doc, &parsed, document.bytes.len(), &mut findings);
        let checked = self.checks.check(&upload, &mut findings);
        let located = locate(
            findings,
            std::slice::from_ref(document),
            std::slice::from_ref(&parsed),
            doc,
        );
        let mut marked: Vec<(Located, Option<PendingId>)> =
            located.into_iter().map(|located| (located, None)).collect();
        for (finding, id) in checked.pending {
            if let Some((_, pending)) = marked.get_mut(finding) {
                *pending = Some(id);
            }
        }
        order::sort_by(&mut marked, |(a, _), (b, _)| by_position(a, b));
        let mut kept = Vec::with_capacity(marked.len());
        for (at, (located, id)) in marked.into_iter().enumerate() {
            if let Some(id) = id {
                if self.pending.len() <= id {
                    self.pending.resize(id + 1, (doc, at));
                }
                self.pending[id] = (doc, at);
            }
            kept.push(Kept {
                diagnostic: located.diagnostic,
                stands: id.is_none(),
            });
        }
        self.batches.push(BatchDiagnostics::new(kept));
        for verdict in checked.verdicts {
            self.apply(verdict);
        }
        self.report()
    }

    fn apply(&mut self, verdict: Verdict) {
        let Some(&(batch, at)) = self.pending.get(verdict.id) else {
            return;
        };
        let Some(batch) = self.batches.get_mut(batch) else {
            return;
        };
        let Some(kept) = batch.kept.get_mut(at) else {
            return;
        };
        if let Some(hint) = verdict.hint {
            kept.diagnostic.hint = Some(hint);
        }
        if kept.stands != verdict.stands {
            kept.stands = verdict.stands;
            let rule = kept.diagnostic.rule;
            batch.count(rule, verdict.stands);
        }
    }

    /// The report of the job so far: the options' diagnostics, then each batch's, in order.
    fn report(&self) -> Report {
        let mut listing = Listing::default();
        for diagnostic in &self.options {
            listing.add(diagnostic.clone());
        }
        for batch in &self.batches {
            let standing = batch.standing.iter().filter(|&&(_, count)| count > 0);
            if standing.clone().all(|&(rule, _)| listing.is_full(rule)) {
                for &(rule, count) in standing {
                    listing.omit(rule, count);
                }
                continue;
            }
            for kept in batch.kept.iter().filter(|kept| kept.stands) {
                let rule = kept.diagnostic.rule;
                if listing.is_full(rule) {
                    listing.omit(rule, 1);
                } else {
                    listing.add(kept.diagnostic.clone());
                }
            }
        }
        listing.into_report(self.checks.job().clone())
    }
}

impl BatchDiagnostics {
    fn new(kept: Vec<Kept>) -> BatchDiagnostics {
        let mut batch = BatchDiagnostics {
            kept: Vec::new(),
            standing: Vec::new(),
        };
        for kept in kept.iter().filter(|kept| kept.stands) {
            batch.count(kept.diagnostic.rule, true);
        }
        batch.kept = kept;
        batch
    }

    /// Counts a diagnostic of `rule` that comes to stand, or no longer does.
    fn count(&mut self, rule: &'static str, stands: bool) {
        let at = match self.standing.iter().position(|&(r, _)| r == rule) {
            Some(at) => at,
            None => {
                self.standing.push((rule, 0));
                self.standing.len() - 1
            }
        };
        let count = &mut self.standing[at].1;
        *count = if stands {
            *count + 1
        } else {
            count.saturating_sub(1)
        };
    }
}
