//! An index of string keys that grows a batch at a time and never stops to move what it holds:
//! the keys of a job that takes its uploads one at a time, checked after each. A hash map that
//! doubles its table when full makes the one insert that fills it place every key again, so
//! one batch in each doubling would pay for the whole job. Here each insert also does a few
//! slots of the growth: it zeroes part of the next table, twice as large, while the table fills,
//! then moves part of the full table into it (asked meanwhile for what it still holds).
//!
//! Once a job holds a million keys, most lookups miss the cache, so the layout keeps them to one
//! miss: the table is one array of slots (where a hash map reads a control byte, then a bucket),
//! and a slot holds the high half of its key's hash, which also says where the key's probing
//! starts. The full table is then moved in order, a run of slots at a time, to about the same
//! order of places in the next one, without reading the entries; and a lookup knows from where
//! its key's probing starts whether the key was moved, so it probes one table. Entries are kept
//! in the order added, in chunks that never move, and the keys' text in large blocks: in
//! WebAssembly an allocation that finds no room grows the memory, a call into the engine.

use std::hash::Hasher;

use crate::support::fast_hash::FastHasher;

/// Keys, each with a value.
pub struct GrowingIndex<V> {
    /// The entries in the order added, `CHUNK` a chunk.
    chunks: Vec<Vec<Entry<V>>>,
    /// The keys' text, one after another, in blocks that are never reallocated.
    texts: Vec<String>,
    table: Table,
    growth: Growth,
}

struct Entry<V> {
    /// Where the key's text is: its block, and its start and end in the block.
    text: (usize, usize, usize),
    value: V,
}

/// Open addressing with linear probing: each slot is empty (0), or holds the high half of a
/// key's hash over its entry's number plus one (below 2^32: the index holds fewer entries).
/// A key's probing starts at the slot its hash's top bits number.
#[derive(Default)]
struct Table {
    slots: Vec<u64>,
    len: usize,
}

/// What the inserts do besides placing their entry.
enum Growth {
    /// Zero the next table, twice the size of the current one.
    Preparing(Vec<u64>),
    /// Move the runs of the full table `old` into the current one, going round from `start`
    /// (an empty slot): `done` slots so far, always up to an empty slot, so that a run is
    /// moved whole or not at all.
    Moving {
        old: Table,
        start: usize,
        done: usize,
    },
}

/// Entries a chunk: chunks are allocated whole, so that adding one never copies the others.
const CHUNK: usize = 4096;

/// Bytes a block of key text, at least.
const TEXT_BLOCK: usize = 1 << 18;

/// Slots of the first table.
const FIRST_SLOTS: usize = 1 << 13;

/// Slots each insert zeroes of the next table: it is ready in time even when the table fills
/// from a quarter to three fifths (about eight would do).
const ZEROED_PER_INSERT: usize = 16;

/// Slots of the full table each insert moves, at least: it is moved long before the next one
/// is full (two would do).
const MOVED_PER_INSERT: usize = 8;

impl<V> Default for GrowingIndex<V> {
    fn default() -> GrowingIndex<V> {
        GrowingIndex {
            chunks: Vec::new(),
            texts: Vec::new(),
            table: Table::default(),
            growth: Growth::Preparing(Vec::new()),
        }
    }
}

impl<V> GrowingIndex<V> {
    pub fn len(&self) -> usize {
        self.chunks.len().saturating_sub(1) * CHUNK + self.chunks.last().map_or(0, Vec::len)
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&V> {
        let at = self.find(hash(key), key)?;
        Some(&self.entry(at)?.value)
    }

    /// The value of `key`, to change; when the index does not hold it, adds it with the value
    /// `value` gives, and says so.
    pub fn get_or_insert_with(&mut self, key: &str, value: impl FnOnce() -> V) -> (&mut V, bool) {
        let hash = hash(key);
        let (at, inserted) = match self.find(hash, key) {
            Some(at) => (at, false),
            None => (self.insert(hash, key, value()), true),
        };
        (&mut self.chunks[at / CHUNK][at % CHUNK].value, inserted)
    }

    fn insert(&mut self, hash: u64, key: &str, value: V) -> usize {
        let at = self.len();
        if self.chunks.last().is_none_or(|chunk| chunk.len() == CHUNK) {
            self.chunks.push(Vec::with_capacity(CHUNK));
        }
        let text = self.store_text(key);
        if let Some(chunk) = self.chunks.last_mut() {
            chunk.push(Entry { text, value });
        }
        if self.table.slots.is_empty() {
            self.table = Table::with_slots(FIRST_SLOTS);
        }
        self.grow_some();
        self.table.place(high_half(hash) | (at as u64 + 1));
        at
    }

    /// Copies `key` into the last block of text (a new one when it has no room).
    fn store_text(&mut self, key: &str) -> (usize, usize, usize) {
        let room = |block: &String| block.capacity() - block.len() >= key.len();
        if !self.texts.last().is_some_and(room) {
            self.texts
                .push(String::with_capacity(TEXT_BLOCK.max(key.len())));
        }
        let block = self.texts.len() - 1;
        let text = &mut self.texts[block];
        let start = text.len();
        text.push_str(key);
        (block, start, text.len())
    }

    /// This insert's part of the growth: zeroing the next table, and once the current one is
    /// full, moving it into the next.
    fn grow_some(&mut self) {
        match &mut self.growth {
            Growth::Preparing(next) => {
                let size = 2 * self.table.slots.len();
                let full = self.table.is_full();
                let zeroed = if full {
                    size
                } else {
                    next.len() + ZEROED_PER_INSERT
                };
                next.reserve_exact(size - next.len());
                next.resize(zeroed.min(size), 0);
                if full {
                    let next = Table {
                        slots: std::mem::take(next),
                        len: 0,
                    };
                    let old = std::mem::replace(&mut self.table, next);
                    let start = old.slots.iter().position(|&slot| slot == 0).unwrap_or(0);
                    self.growth = Growth::Moving {
                        old,
                        start,
                        done: 0,
                    };
                }
            }
            Growth::Moving { old, start, done } => {
                let mask = old.slots.len() - 1;
                let mut moved = 0;
                while *done <= mask {
                    let slot = old.slots[(*start + *done) & mask];
                    if slot == 0 && moved >= MOVED_PER_INSERT {
                        break;
                    }
                    if slot != 0 {
                        self.table.place(slot);
                    }
                    *done += 1;
                    moved += 1;
                }
                if *done > mask {
                    self.growth = Growth::Preparing(Vec::new());
                }
            }
        }
    }

    fn find(&self, hash: u64, key: &str) -> Option<usize> {
        let is_key = |at: usize| self.entry(at).is_some_and(|entry| self.text(entry) == key);
        let high = high_half(hash);
        if let Some(at) = self.table.find(high, is_key) {
            return Some(at);
        }
        match &self.growth {
            Growth::Moving { old, start, done } => {
                let mask = old.slots.len() - 1;
                let moved = (old.home(high).wrapping_sub(*start) & mask) < *done;
                if moved {
                    None
                } else {
                    old.find(high, is_key)
                }
            }
            Growth::Preparing(_) => None,
        }
    }

    fn text(&self, entry: &Entry<V>) -> &str {
        let (block, start, end) = entry.text;
        self.texts
            .get(block)
            .and_then(|text| text.get(start..end))
            .unwrap_or_default()
    }

    fn entry(&self, at: usize) -> Option<&Entry<V>> {
        self.chunks.get(at / CHUNK)?.get(at % CHUNK)
    }
}

impl Table {
    fn with_slots(slots: usize) -> Table {
        Table {
            slots: vec![0; slots],
            len: 0,
        }
    }

    /// Whether another entry would make probing long: more than three slots in five are taken.
    fn is_full(&self) -> bool {
        5 * (self.len + 1) > 3 * self.slots.len()
    }

    /// Where probing starts for a key whose hash has the high half `high`.
    fn home(&self, high: u64) -> usize {
        let bits = self.slots.len().trailing_zeros();
        high.checked_shr(64 - bits).unwrap_or(0) as usize
    }

    /// Places a slot's content (an entry not in the table).
    fn place(&mut self, slot: u64) {
        let mask = self.slots.len() - 1;
        let mut at = self.home(slot & HIGH_HALF);
        while self.slots[at] != 0 {
            at = (at + 1) & mask;
        }
        self.slots[at] = slot;
        self.len += 1;
    }

    /// The entry of a key whose hash has the high half `high`, that `is_key` accepts.
    fn find(&self, high: u64, is_key: impl Fn(usize) -> bool) -> Option<usize> {
        let mask = self.slots.len().checked_sub(1)?;
        let mut at = self.home(high);
        loop {
            let slot = self.slots[at];
            if slot == 0 {
                return None;
            }
            let entry = (slot & !HIGH_HALF).wrapping_sub(1) as usize;
            if slot & HIGH_HALF == high && is_key(entry) {
                return Some(entry);
            }
            at = (at + 1) & mask;
        }
    }
}

const HIGH_HALF: u64 = !(u32::MAX as u64);

fn high_half(hash: u64) -> u64 {
    hash & HIGH_HALF
}

fn hash(key: &str) -> u64 {
    let mut hasher = FastHasher::default();
    hasher.write(key.as_bytes());
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_is_found_while_the_table_grows_and_after() {
        let mut index = GrowingIndex::default();
        let keys: Vec<String> = (0..40_000).map(|i| format!("src:thing:{i}")).collect();
        let moving = |index: &GrowingIndex<usize>| matches!(index.growth, Growth::Moving { .. });
        let mut moves = 0;
        for (i, key) in keys.iter().enumerate() {
            assert!(index.get(key).is_none());
            let was_moving = moving(&index);
            let (value, inserted) = index.get_or_insert_with(key, || i);
            assert!(inserted && *value == i);
            moves += usize::from(!was_moving && moving(&index));
            // Every key so far, whichever table holds it: at points across each move.
            if i % 1499 == 0 || (moving(&index) && i % 211 == 0) {
                let all = keys[..=i].iter().enumerate();
                assert!(all.clone().all(|(n, k)| index.get(k) == Some(&n)), "{i}");
                assert_eq!(index.get("src:thing:absent"), None);
            }
        }
        assert!(moves >= 3, "the table grew {moves} times");
        assert_eq!(index.len(), keys.len());
        let (value, inserted) = index.get_or_insert_with("src:thing:5", || 0);
        assert_eq!((*value, inserted), (5, false));
        *value = 7;
        assert_eq!(index.get("src:thing:5"), Some(&7));
        assert_eq!(index.get("src:thing:40000"), None);
    }

    #[test]
    fn keys_of_one_hash_are_told_apart_by_their_text() {
        // Three keys placed as though their hashes were equal: each is found by its text, and
        // a fourth of that hash is not there.
        let mut index: GrowingIndex<usize> = GrowingIndex::default();
        let hash = super::hash("a");
        for (n, key) in ["a", "b", "a third key"].into_iter().enumerate() {
            assert_eq!(index.insert(hash, key, n), n);
        }
        let find = |key| index.find(hash, key);
        assert_eq!(find("a"), Some(0));
        assert_eq!(find("b"), Some(1));
        assert_eq!(find("a third key"), Some(2));
        assert_eq!(find("c"), None);
    }

    #[test]
    fn a_key_longer_than_a_block_has_a_block_of_its_own() {
        let mut index = GrowingIndex::default();
        let long = "k".repeat(TEXT_BLOCK + 1);
        index.get_or_insert_with("short", || 1);
        index.get_or_insert_with(&long, || 2);
        index.get_or_insert_with("after", || 3);
        assert_eq!(
            [index.get("short"), index.get(&long), index.get("after")],
            [Some(&1), Some(&2), Some(&3)]
        );
    }
}
