//! Low-level code the pipeline stages share, each module serving one budget the product is
//! held to: the module's size in the browser (`order`: one sort instantiated for every list;
//! `float`: decimal text to floats without core's tables), speed on payloads of a million entities (`fast_hash`, `key_index`, `words`) and on jobs
//! checked a batch at a time (`growing_index`), and fidelity to the systems it imitates (`case`:
//! .NET's case mapping for JIM; `dates`: ISO 8601 dates as JavaScript and the API read them).
//! Nothing here knows about sync jobs or sync rules.

pub mod case;
pub mod dates;
pub mod fast_hash;
pub mod float;
pub mod growing_index;
pub mod key_index;
pub mod order;
pub mod words;
