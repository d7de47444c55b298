//! The names a preview repeats on every object (systems, object types, rules, attributes,
//! scoping reasons), each held once and shared: a population's outcomes would otherwise
//! carry a copy per object, several times over the state's own bytes.

use std::cell::RefCell;
use std::sync::Arc;

use crate::support::fast_hash::FastSet;

/// A shared name; it serialises as a string. (`Arc`, not `Rc`: a report stays `Send`.)
pub type Name = Arc<str>;

#[derive(Default)]
pub struct Names {
    held: RefCell<FastSet<Name>>,
}

impl Names {
    /// The shared `text`.
    pub fn get(&self, text: &str) -> Name {
        let mut held = self.held.borrow_mut();
        if let Some(name) = held.get(text) {
            return name.clone();
        }
        let name: Name = Arc::from(text);
        held.insert(name.clone());
        name
    }
}
