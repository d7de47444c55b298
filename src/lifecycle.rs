//! A sync job's life, as the API runs it: AWAITING_UPLOADS → (finalize) FINISHED, or ABORTED.
//! Uploads are only accepted while the job awaits them.

use std::fmt;

use serde::Serialize;

use crate::document::Document;
use crate::jupiterone::plan::FinalizeOptions;
use crate::lint::batches::BatchedLint;
use crate::lint::{plan, JobInput};
use crate::report::Report;
use crate::JobOptions;

/// The code the API answers with when a job no longer accepts uploads.
pub const JOB_NOT_AWAITING_UPLOADS: &str = "JOB_NOT_AWAITING_UPLOADS";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum JobState {
    AwaitingUploads,
    Finished,
    Aborted,
}

impl JobState {
    pub fn as_str(self) -> &'static str {
        match self {
            JobState::AwaitingUploads => "AWAITING_UPLOADS",
            JobState::Finished => "FINISHED",
            JobState::Aborted => "ABORTED",
        }
    }
}

/// An upload or finalize the job's state does not allow.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("JOB_NOT_AWAITING_UPLOADS: the job is {} and no longer accepts {action}", state.as_str())]
pub struct NotAwaitingUploads {
    pub state: JobState,
    pub action: &'static str,
}

impl NotAwaitingUploads {
    pub fn code(&self) -> &'static str {
        JOB_NOT_AWAITING_UPLOADS
    }
}

/// A job being built batch by batch, checked after every upload and planned at finalize.
pub struct SyncJob {
    options: JobOptions,
    /// Every upload as it was given: finalize plans the job from all of them.
    uploads: Vec<(String, Vec<u8>)>,
    state: JobState,
    /// The job's checks, which check each upload once, when it arrives.
    lint: BatchedLint,
}

impl fmt::Debug for SyncJob {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SyncJob")
            .field("options", &self.options)
            .field("uploads", &self.uploads.len())
            .field("state", &self.state)
            .finish_non_exhaustive()
    }
}

impl SyncJob {
    pub fn new(options: JobOptions) -> SyncJob {
        SyncJob {
            lint: BatchedLint::new(&options),
            options,
            uploads: Vec::new(),
            state: JobState::AwaitingUploads,
        }
    }

    pub fn state(&self) -> JobState {
        self.state
    }

    fn awaiting(&self, action: &'static str) -> Result<(), NotAwaitingUploads> {
        match self.state {
            JobState::AwaitingUploads => Ok(()),
            state => Err(NotAwaitingUploads { state, action }),
        }
    }

    fn documents(&self) -> Vec<Document<'_>> {
        self.uploads
            .iter()
            .map(|(name, bytes)| Document {
                name: Some(name),
                bytes,
            })
            .collect()
    }

    /// Adds a batch (named `upload-N.json` when no name is given): the report `lint` gives of
    /// the job's uploads so far, though only this one is read and checked.
    pub fn upload(
        &mut self,
        name: Option<String>,
        body: Vec<u8>,
    ) -> Result<Report, NotAwaitingUploads> {
        self.awaiting("uploads")?;
        let name = name.unwrap_or_else(|| format!("upload-{}.json", self.uploads.len() + 1));
        let document = Document {
            name: Some(&name),
            bytes: &body,
        };
        let report = self.lint.add(&document);
        self.uploads.push((name, body));
        Ok(report)
    }

    /// Finalizes against the previous state: the job's report with its plan.
    pub fn finalize(
        &mut self,
        snapshot: &Document,
        finalize: &FinalizeOptions,
    ) -> Result<Report, NotAwaitingUploads> {
        self.awaiting("a finalize")?;
        self.state = JobState::Finished;
        let job = JobInput::from_options(self.options.clone());
        Ok(plan(&job, &self.documents(), snapshot, finalize))
    }

    pub fn abort(&mut self) -> Result<(), NotAwaitingUploads> {
        self.awaiting("an abort")?;
        self.state = JobState::Aborted;
        Ok(())
    }
}
