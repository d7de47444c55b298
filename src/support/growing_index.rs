//! An index of string keys that grows a batch at a time and never stops to move what it holds:
//! the keys of a job that takes its uploads one at a time, checked after each. A hash map that
//! doubles its table when full makes the one insert that fills it re-hash every key before it,
//! so one batch in each doubling would pay for the whole job. Here the entries are kept in the
//! order added, in chunks that never move, each with its key's hash; when the table of hashes
//! fills, a table twice as large is started, and every insert after that also moves two
//! entries into it, by their stored hash, until the old table (still asked meanwhile) is done.

use std::hash::Hasher;

use crate::support::fast_hash::{FastHasher, FastMap};

/// Keys, each with a value.
pub struct GrowingIndex<V> {
    /// The entries in the order added, `CHUNK` a chunk.
    chunks: Vec<Vec<Entry<V>>>,
    /// The newest entry of each hash: those of the entries moved so far and of those added
    /// since the table was started.
    table: FastMap<u64, usize>,
    /// While `table` is being filled: the table it replaces, which has every entry added
    /// before it was started (`moving.len()`), and how many of those were moved.
    moving: Option<Moving>,
}

struct Entry<V> {
    hash: u64,
    key: Box<str>,
    value: V,
    /// The entry added before it with the same hash (a different key, or the table would not
    /// have been given it twice).
    earlier: Option<usize>,
}

struct Moving {
    table: FastMap<u64, usize>,
    len: usize,
    moved: usize,
}

/// Entries a chunk: chunks are allocated whole, so that adding one never copies the others.
const CHUNK: usize = 4096;

/// Entries moved into a new table with each insert: one would do (the old table's entries
/// are then moved by the time the new one, twice as large, is full); two leave room.
const MOVED_PER_INSERT: usize = 2;

impl<V> Default for GrowingIndex<V> {
    fn default() -> GrowingIndex<V> {
        GrowingIndex {
            chunks: Vec::new(),
            table: FastMap::default(),
            moving: None,
        }
    }
}

impl<V> GrowingIndex<V> {
    pub fn len(&self) -> usize {
        self.chunks.len().saturating_sub(1) * CHUNK + self.chunks.last().map_or(0, Vec::len)
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&V> {
        let at = self.find(key)?;
        Some(&self.entry(at)?.value)
    }

    /// The value of `key`, to change.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut V> {
        let at = self.find(key)?;
        Some(&mut self.entry_mut(at)?.value)
    }

    /// Adds `key`, which the index does not hold (see `get_mut`), with `value`.
    pub fn insert(&mut self, key: &str, value: V) {
        let hash = hash(key);
        let at = self.len();
        let earlier = self.newest(hash);
        if self.chunks.last().is_none_or(|chunk| chunk.len() == CHUNK) {
            self.chunks.push(Vec::with_capacity(CHUNK));
        }
        if let Some(chunk) = self.chunks.last_mut() {
            chunk.push(Entry {
                hash,
                key: key.into(),
                value,
                earlier,
            });
        }
        if self.moving.is_none() && self.table.len() == self.table.capacity() {
            let larger = FastMap::with_capacity_and_hasher(2 * at.max(CHUNK), Default::default());
            self.moving = Some(Moving {
                table: std::mem::replace(&mut self.table, larger),
                len: at,
                moved: 0,
            });
        }
        self.table.insert(hash, at);
        self.move_some();
    }

    /// Moves the next few entries of the old table into the new one.
    fn move_some(&mut self) {
        let Some(moving) = &mut self.moving else {
            return;
        };
        let end = (moving.moved + MOVED_PER_INSERT).min(moving.len);
        for at in moving.moved..end {
            let hash = self.chunks[at / CHUNK][at % CHUNK].hash;
            // A newer entry of the hash may be in the table already.
            let newest = self.table.entry(hash).or_insert(at);
            *newest = (*newest).max(at);
        }
        moving.moved = end;
        if moving.moved == moving.len {
            self.moving = None;
        }
    }

    /// The newest entry with `hash`, in either table.
    fn newest(&self, hash: u64) -> Option<usize> {
        let old = self.moving.as_ref().and_then(|m| m.table.get(&hash));
        self.table.get(&hash).max(old).copied()
    }

    fn find(&self, key: &str) -> Option<usize> {
        let mut at = self.newest(hash(key));
        while let Some(entry) = at.and_then(|at| self.entry(at)) {
            if &*entry.key == key {
                return at;
            }
            at = entry.earlier;
        }
        None
    }

    fn entry(&self, at: usize) -> Option<&Entry<V>> {
        self.chunks.get(at / CHUNK)?.get(at % CHUNK)
    }

    fn entry_mut(&mut self, at: usize) -> Option<&mut Entry<V>> {
        self.chunks.get_mut(at / CHUNK)?.get_mut(at % CHUNK)
    }
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
        let keys: Vec<String> = (0..60_000).map(|i| format!("src:thing:{i}")).collect();
        let mut moves = 0;
        for (i, key) in keys.iter().enumerate() {
            assert!(index.get(key).is_none());
            index.insert(key, i);
            moves += usize::from(index.moving.as_ref().is_some_and(|m| m.moved == 2));
            // Every key so far, whichever table holds it: at points across each move.
            if i % 1499 == 0 || index.moving.as_ref().is_some_and(|m| m.moved % 997 == 0) {
                let all = keys[..=i].iter().enumerate();
                assert!(all.clone().all(|(n, k)| index.get(k) == Some(&n)), "{i}");
            }
        }
        assert!(moves >= 2, "the table grew {moves} times");
        assert_eq!(index.len(), keys.len());
        *index.get_mut("src:thing:5").unwrap() = 7;
        assert_eq!(index.get("src:thing:5"), Some(&7));
        assert_eq!(index.get("src:thing:60000"), None);
    }

    #[test]
    fn a_key_is_found_past_a_newer_entry_of_its_hash() {
        // Two keys whose hashes collide: the newer entry is reached first and the older one
        // through it, by its text.
        let mut index = GrowingIndex::default();
        index.insert("a", 1);
        index.insert("b", 2);
        let a = index.chunks[0][0].hash;
        index.chunks[0][1].hash = a;
        index.chunks[0][1].earlier = Some(0);
        index.table.insert(a, 1);
        assert_eq!(index.get("a"), Some(&1));
        assert_eq!(index.get("c"), None);
    }
}
