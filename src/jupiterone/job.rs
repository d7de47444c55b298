//! The sync job's start body: what a job is (source, mode, scope, instance).

use serde::{Deserialize, Serialize};

/// How a caller describes a job: the fields of the start body, each optional. Used for the
/// CLI's flags and the API's options object (deserialized from it, field names as the start
/// body spells them); a start body document can stand in for it.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct JobOptions {
    pub source: Option<String>,
    pub sync_mode: Option<String>,
    pub scope: Option<String>,
    pub integration_instance_id: Option<String>,
    pub ignore_duplicates: Option<bool>,
}

/// The four sync modes that function today.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum SyncMode {
    Diff,
    Patch,
    CrossScope,
    Override,
}

impl SyncMode {
    pub fn parse(name: &str) -> Option<SyncMode> {
        match name {
            "DIFF" => Some(SyncMode::Diff),
            "PATCH" => Some(SyncMode::Patch),
            "CROSS_SCOPE" => Some(SyncMode::CrossScope),
            "OVERRIDE" => Some(SyncMode::Override),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            SyncMode::Diff => "DIFF",
            SyncMode::Patch => "PATCH",
            SyncMode::CrossScope => "CROSS_SCOPE",
            SyncMode::Override => "OVERRIDE",
        }
    }

    pub fn allows_entities(self) -> bool {
        self != SyncMode::CrossScope
    }

    pub fn allows_relationships(self) -> bool {
        matches!(self, SyncMode::Diff | SyncMode::CrossScope)
    }
}

/// The start body's `source`.
pub const SOURCE_API: &str = "api";
pub const SOURCE_INTEGRATION_EXTERNAL: &str = "integration-external";

/// The job as it would start, after flags and the start body are merged. An unknown mode is
/// reported and then checked as DIFF, the API's default.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct JobSpec {
    pub source: Option<String>,
    pub sync_mode: SyncMode,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub integration_instance_id: Option<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub ignore_duplicates: bool,
}

impl JobSpec {
    pub fn is_api(&self) -> bool {
        self.source.as_deref() == Some(SOURCE_API)
    }

    /// The scope whose previous state the job reconciles: the scope for source `api`, the
    /// integration instance for `integration-external`.
    pub fn reconciled_scope(&self) -> Option<&str> {
        if self.is_api() {
            self.scope.as_deref()
        } else {
            self.integration_instance_id.as_deref()
        }
    }
}
