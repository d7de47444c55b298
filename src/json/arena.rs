//! Where a parsed document's lists, objects and unescaped strings live. Gathering them in a few
//! large blocks instead of one allocation per container makes reading a large upload cheaper
//! (no allocator call per object, nothing to walk when it is dropped), and keeps the values of
//! one object next to each other in memory.
//!
//! Not the bumpalo crate: its chunks keep doubling, and WebAssembly memory is never given
//! back, so a large upload's last chunk raised lint's peak memory (README, Performance); here
//! blocks stop growing at `LARGEST_BLOCK_BYTES`.

use std::cell::RefCell;
use std::mem::size_of;

use super::value::{Member, Value};

/// The blocks behind one or more parsed documents; every value parsed into it lives as long
/// as it does.
#[derive(Default)]
pub struct Arena<'a> {
    items: Blocks<Value<'a>>,
    members: Blocks<Member<'a>>,
    bytes: Blocks<u8>,
}

impl<'a> Arena<'a> {
    pub fn new() -> Arena<'a> {
        Arena::default()
    }

    /// A copy of `items` that lives as long as the arena.
    pub fn items(&self, items: &[Value<'a>]) -> &[Value<'a>] {
        self.items.copy(items)
    }

    /// A copy of `members` that lives as long as the arena.
    pub fn members(&self, members: &[Member<'a>]) -> &[Member<'a>] {
        self.members.copy(members)
    }

    /// A copy of `text` that lives as long as the arena.
    pub fn text(&self, text: &str) -> &str {
        let bytes = self.bytes.copy(text.as_bytes());
        // SAFETY: `bytes` is an exact copy of the bytes of a `str`, so it is valid UTF-8.
        unsafe { std::str::from_utf8_unchecked(bytes) }
    }
}

/// Blocks grow from 4 KiB to 1 MiB: small documents stay small, and a large one wastes at most
/// the unused end of its last block (WebAssembly memory, once grown, is never given back).
const FIRST_BLOCK_BYTES: usize = 4 << 10;
const LARGEST_BLOCK_BYTES: usize = 1 << 20;

/// Blocks of `T` whose elements never move: a block is filled up to its capacity and never
/// grown, and a full one is set aside rather than freed until the arena goes.
struct Blocks<T> {
    current: RefCell<Vec<T>>,
    full: RefCell<Vec<Vec<T>>>,
}

impl<T> Default for Blocks<T> {
    fn default() -> Blocks<T> {
        Blocks {
            current: RefCell::new(Vec::new()),
            full: RefCell::new(Vec::new()),
        }
    }
}

impl<T: Copy> Blocks<T> {
    fn copy(&self, items: &[T]) -> &[T] {
        if items.is_empty() {
            return &[];
        }
        let mut current = self.current.borrow_mut();
        if current.capacity() - current.len() < items.len() {
            let unit = size_of::<T>().max(1);
            let doubled = (current.capacity() * 2)
                .clamp(FIRST_BLOCK_BYTES / unit, LARGEST_BLOCK_BYTES / unit);
            let block = Vec::with_capacity(doubled.max(items.len()));
            // Moving the full block keeps its buffer where it is.
            self.full
                .borrow_mut()
                .push(std::mem::replace(&mut *current, block));
        }
        let start = current.len();
        current.extend_from_slice(items);
        // SAFETY: the copy sits in the block's buffer at `start`. The buffer is never
        // reallocated (the block had room, and blocks are not grown once made), nor freed
        // before the arena, which the returned borrow cannot outlive; later copies only write
        // past the end of this one.
        unsafe { std::slice::from_raw_parts(current.as_ptr().add(start), items.len()) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_stay_put_while_the_blocks_fill_up() {
        let arena = Arena::new();
        let names: Vec<String> = (0..20_000).map(|i| format!("name{i}")).collect();
        let copies: Vec<&str> = names.iter().map(|name| arena.text(name)).collect();
        assert_eq!(copies, names);
        let big = "x".repeat(3 * LARGEST_BLOCK_BYTES);
        assert_eq!(arena.text(&big), big);
        assert_eq!(arena.text("after"), "after");
        assert_eq!(copies[0], "name0");
    }

    #[test]
    fn lists_and_objects_are_copied_whole() {
        let arena = Arena::new();
        let items = [Value::Null, Value::Bool(true)];
        let copied = arena.items(&items);
        assert_eq!(copied, &items);
        let members = [("a", Value::Array(copied))];
        assert_eq!(arena.members(&members), &members);
        assert!(arena.items(&[]).is_empty());
    }
}
