//! The outcome names of a preview, JIM's own, as enums that serialise to those names.

use std::fmt;

use serde::{Serialize, Serializer};

macro_rules! names {
    ($(#[$doc:meta])* $name:ident { $($variant:ident),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        pub enum $name {
            $($variant),+
        }

        impl $name {
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => stringify!($variant)),+
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.as_str() == *other
            }
        }
    };
}

names!(
    /// JIM's error types that a preview can meet.
    ProblemKind {
        AmbiguousMatch,
        CouldNotJoinDueToExistingJoin,
        ExpressionEvaluationError,
        ExpressionMissingInput,
        MultiValuedToSingleValued,
    }
);

names!(
    /// What placement decided for a connector-space object that did not fail.
    Placed {
        Joined,
        Projected,
        NotJoined,
        OutOfScope,
        OutOfScopeRetainJoin,
        DisconnectedOutOfScope,
        NoApplicableSyncRule,
    }
);

names!(
    /// How a metaverse attribute's value was decided.
    ChangeStatus {
        AttributeFlow,
        AssertedNull,
        NoContributor,
    }
);

names!(
    /// What a metaverse object went through, besides its exports.
    MvEvent {
        Projected,
        AttributeFlow,
        MvoDeleted,
        MvoDeletionScheduled,
    }
);

names!(
    /// The kind of an export: `Disconnect` breaks the join without exporting, `Join` makes one
    /// (export-side matching) without exporting.
    ChangeType {
        Create,
        Update,
        Delete,
        Disconnect,
        Join,
    }
);

names!(
    /// Why an export is staged.
    ExportOutcome {
        Provisioned,
        PendingExportCreated,
        DriftCorrection,
        DeprovisionQueued,
        Joined,
    }
);

/// A connector-space object's outcome: a placement, or the error that stopped it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CsResult {
    Placed(Placed),
    Failed(ProblemKind),
}

impl CsResult {
    pub fn as_str(self) -> &'static str {
        match self {
            CsResult::Placed(p) => p.as_str(),
            CsResult::Failed(k) => k.as_str(),
        }
    }
}

impl fmt::Display for CsResult {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<&str> for CsResult {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl Serialize for CsResult {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}
