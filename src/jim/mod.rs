//! The identity sync-rule dialect (JIM): rule definitions, their expression language, scoping,
//! matching and the preview of a synchronisation run.

pub mod eval;
pub mod expr;
