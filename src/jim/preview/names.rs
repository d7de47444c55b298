//! The names a preview repeats on every object (systems, object types, rules, attributes,
//! scoping reasons), each held once and shared: a population's outcomes would otherwise
//! carry a copy per object, several times over the state's own bytes.

use std::cell::RefCell;
use std::rc::Rc;

use crate::support::fast_hash::FastSet;

/// A shared name; it serialises as a string.
pub type Name = Rc<str>;

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
        let name: Name = Rc::from(text);
        held.insert(name.clone());
        name
    }
}
