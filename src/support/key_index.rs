//! An index of string keys built once from a whole list and then only read: the `_key`s of a
//! job, up to millions of them. A hash table of references to the keys pays two cache misses
//! a lookup once it and the text outgrow the cache (its slot, then the key's text in the
//! document, to confirm the match). Here a record holds a copy of its key next to its value,
//! and the records of a bucket lie together, so a lookup reads one place in the records after
//! one in the bucket starts, an array a few bytes a key long.

use std::hash::Hasher;

use crate::support::fast_hash::FastHasher;
use crate::support::words::word;

/// Keys, each with a value.
pub struct KeyIndex {
    /// Bucket `b`'s records are `records[starts[b]..starts[b + 1]]`.
    starts: Vec<usize>,
    /// Record after record, bucket after bucket: a head (check bits of the key's hash above
    /// its length), the value, then the key's bytes eight to a word (see `key_words`).
    records: Vec<u64>,
    /// The bucket of a hash is its top bits: the hash shifted right by this.
    shift: u32,
}

impl Default for KeyIndex {
    fn default() -> KeyIndex {
        KeyIndex::new(std::iter::empty()).0
    }
}

/// A key given again: the number of that entry (counted from 0 in the order given), and the
/// value of the key's first entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Repeat {
    pub later: usize,
    pub first: u64,
}

/// About how many bytes of records `get_many` looks up keys in at a time: well within a core's
/// share of the cache, and 64 pages of the TLB.
const PART_BYTES: usize = 1 << 18;

/// Bits of a head that hold the key's length; the rest hold check bits of its hash.
const LENGTH_BITS: u32 = 40;

impl KeyIndex {
    /// Indexes `entries`. A key given more than once keeps its first entry's value; each
    /// later entry comes back as a `Repeat`, in order.
    pub fn new<'k>(entries: impl Iterator<Item = (&'k str, u64)>) -> (KeyIndex, Vec<Repeat>) {
        let hashed = entries.map(|(key, value)| (hash(key), key, value));
        KeyIndex::build(hashed.collect())
    }

    /// `new`, past the part that depends on the caller's iterator: compiled once, not inlined
    /// into each caller (it is a loop over every key; a call costs nothing next to it).
    #[inline(never)]
    fn build(hashed: Vec<(u64, &str, u64)>) -> (KeyIndex, Vec<Repeat>) {
        // About one key a bucket: at least two buckets, so that the shift stays below 64.
        let buckets = hashed.len().next_power_of_two().max(2);
        let shift = 64 - buckets.trailing_zeros();
        let mut starts = vec![0; buckets + 1];
        for &(hash, key, _) in &hashed {
            starts[(hash >> shift) as usize + 1] += record_len(key.len());
        }
        for b in 1..=buckets {
            starts[b] += starts[b - 1];
        }
        let mut index = KeyIndex {
            records: vec![0; starts[buckets]],
            starts,
            shift,
        };
        // Where each bucket's records end so far.
        let mut ends = index.starts.clone();
        let mut repeats = Vec::new();
        for (number, &(hash, key, value)) in hashed.iter().enumerate() {
            let bucket = (hash >> shift) as usize;
            let (start, end) = (index.starts[bucket], ends[bucket]);
            let head = head(hash, key.len());
            // A repeat is found among the records placed in its bucket before it, and left
            // out (the usual bucket has none, or one of another key).
            if let Some(first) = index.scan(start, end, head, |words| is_key(key, words)) {
                let first = index.records[first + 1];
                repeats.push(Repeat {
                    later: number,
                    first,
                });
                continue;
            }
            let record = &mut index.records[end..end + record_len(key.len())];
            record[0] = head;
            record[1] = value;
            for (slot, w) in record[2..].iter_mut().zip(key_words(key.as_bytes())) {
                *slot = w;
            }
            ends[bucket] += record.len();
        }
        if !repeats.is_empty() {
            index.close_gaps(&ends);
        }
        (index, repeats)
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<u64> {
        self.find(key).map(|at| self.records[at + 1])
    }

    /// The value of `key`, to change.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut u64> {
        self.find(key).map(|at| &mut self.records[at + 1])
    }

    /// Every key's value, to change, in no particular order.
    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut u64> + '_ {
        let mut rest = self.records.as_mut_slice();
        std::iter::from_fn(move || {
            let len = record_len(length(*rest.first()?));
            let (record, after) = std::mem::take(&mut rest).split_at_mut(len);
            rest = after;
            record.get_mut(1)
        })
    }

    /// The values of many keys, in their order (none where no key is given). At a million
    /// keys, one lookup after another would each miss the cache and the TLB twice (the
    /// bucket's start, then its records). Instead the keys are first copied out, grouped by
    /// part of the index, and each part's keys are looked up together, while that part of the
    /// index is in the cache.
    pub fn get_many<'k>(&self, keys: impl Iterator<Item = Option<&'k str>>) -> Vec<Option<u64>> {
        let mut count = 0;
        let mut given: Vec<(usize, &str, u64)> = Vec::new();
        for (number, key) in keys.enumerate() {
            count = number + 1;
            given.extend(key.map(|key| (number, key, hash(key))));
        }
        self.look_up(&given, count)
    }

    /// `get_many`, past the part that depends on the caller's iterator (see `build`): the
    /// values of `count` keys, of which `given` are given with their numbers and hashes.
    #[inline(never)]
    fn look_up(&self, given: &[(usize, &str, u64)], count: usize) -> Vec<Option<u64>> {
        // Parts of about `PART_BYTES` of records each, whole buckets each.
        let part_bits = (self.records.len() * 8 / PART_BYTES)
            .next_power_of_two()
            .trailing_zeros()
            .min(64 - self.shift);
        let part = |hash: u64| hash.checked_shr(64 - part_bits).unwrap_or(0) as usize;
        // Each key as a lookup (its number, hash and length, then its words), part by part.
        let lookup_len = |key: &str| 3 + key.len().div_ceil(8);
        let mut starts = vec![0; (1 << part_bits) + 1];
        for &(_, key, hash) in given {
            starts[part(hash) + 1] += lookup_len(key);
        }
        for p in 1..starts.len() {
            starts[p] += starts[p - 1];
        }
        let mut lookups = vec![0; starts[starts.len() - 1]];
        for &(number, key, hash) in given {
            let at = &mut starts[part(hash)];
            let lookup = &mut lookups[*at..*at + lookup_len(key)];
            lookup[0] = number as u64;
            lookup[1] = hash;
            lookup[2] = key.len() as u64;
            for (slot, w) in lookup[3..].iter_mut().zip(key_words(key.as_bytes())) {
                *slot = w;
            }
            *at += lookup.len();
        }
        let mut values = vec![None; count];
        let mut rest = lookups.as_slice();
        while let [number, hash, len, after @ ..] = rest {
            let (words, after) = after.split_at(len.div_ceil(8) as usize);
            let found = self.locate(*hash, *len as usize, |stored| same_words(stored, words));
            values[*number as usize] = found.map(|at| self.records[at + 1]);
            rest = after;
        }
        values
    }

    /// Where the record of `key` starts.
    fn find(&self, key: &str) -> Option<usize> {
        self.locate(hash(key), key.len(), |words| is_key(key, words))
    }

    /// Where the record of the key with `hash` and `len` starts; `is_key` tells whether a
    /// record's words (of a key of that length) are the key's.
    fn locate(&self, hash: u64, len: usize, is_key: impl Fn(&[u64]) -> bool) -> Option<usize> {
        let bucket = (hash >> self.shift) as usize;
        let (start, end) = (self.starts[bucket], self.starts[bucket + 1]);
        self.scan(start, end, head(hash, len), is_key)
    }

    /// The first record from `at` to `end` with `head` whose words `is_key` accepts.
    fn scan(
        &self,
        mut at: usize,
        end: usize,
        head: u64,
        is_key: impl Fn(&[u64]) -> bool,
    ) -> Option<usize> {
        while at < end {
            if self.records[at] == head && is_key(self.words(at)) {
                return Some(at);
            }
            at += record_len(length(self.records[at]));
        }
        None
    }

    /// The key words of the record at `at`.
    fn words(&self, at: usize) -> &[u64] {
        &self.records[at + 2..at + record_len(length(self.records[at]))]
    }

    /// Moves the records of each bucket up against the previous bucket's, over the room left
    /// for repeats; `ends` says where each bucket's records end.
    fn close_gaps(&mut self, ends: &[usize]) {
        let mut kept = 0;
        for (start, &end) in self.starts.iter_mut().zip(ends) {
            let from = std::mem::replace(start, kept);
            self.records.copy_within(from..end, kept);
            kept += end - from;
        }
        self.records.truncate(kept);
    }
}

/// Whether two runs of key words are equal (compared here: a slice compare is a byte loop
/// behind a call in WebAssembly).
fn same_words(a: &[u64], b: &[u64]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

/// Whether a record's words, of a key as long as `key`, are `key`'s.
fn is_key(key: &str, words: &[u64]) -> bool {
    key_words(key.as_bytes())
        .zip(words)
        .all(|(w, &stored)| w == stored)
}

fn hash(key: &str) -> u64 {
    let mut hasher = FastHasher::default();
    hasher.write(key.as_bytes());
    hasher.finish()
}

/// A record's first word. The check bits come from below the bucket's bits (which every
/// record of the bucket shares), where the hash is still well mixed.
fn head(hash: u64, len: usize) -> u64 {
    (hash >> 16) << LENGTH_BITS | len as u64 & ((1 << LENGTH_BITS) - 1)
}

fn length(head: u64) -> usize {
    (head & ((1 << LENGTH_BITS) - 1)) as usize
}

/// Words of a record with a key of `len` bytes: head, value and the key.
fn record_len(len: usize) -> usize {
    2 + len.div_ceil(8)
}

/// A key as words: each whole eight bytes, then, when bytes are left, the key's last eight
/// bytes (overlapping the whole ones) or, for a key shorter than eight, its bytes with zeros.
/// Two keys of one length are equal exactly when their words are.
fn key_words(key: &[u8]) -> impl Iterator<Item = u64> + '_ {
    let tail = match key.len() {
        n if n % 8 == 0 => None,
        n if n > 8 => Some(word(&key[n - 8..])),
        _ => Some(key.iter().rev().fold(0, |w, &b| w << 8 | u64::from(b))),
    };
    key.chunks_exact(8).map(word).chain(tail)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(keys: &[&str]) -> (KeyIndex, Vec<Repeat>) {
        KeyIndex::new(keys.iter().zip(0..).map(|(&key, value)| (key, value)))
    }

    #[test]
    fn finds_every_key_and_nothing_else() {
        // Keys of every length to three words and a bit, and for each one the keys that
        // differ from it in one byte, in each place, or by a byte more or less.
        let keys: Vec<String> = (0..=27).map(|n| "k".repeat(n)).collect();
        let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
        let (index, repeats) = index(&keys);
        assert!(repeats.is_empty());
        for (i, key) in keys.iter().enumerate() {
            assert_eq!(index.get(key), Some(i as u64), "{key:?}");
            for at in 0..key.len() {
                let mut other = key.as_bytes().to_vec();
                other[at] = b'j';
                let other = String::from_utf8(other).unwrap();
                assert_eq!(index.get(&other), None, "{other:?}");
            }
        }
        assert_eq!(index.get(&"k".repeat(28)), None);
    }

    #[test]
    fn a_repeated_key_keeps_its_first_value_and_reports_the_others() {
        let (mut index, repeats) = index(&["a", "bench:user:1", "a", "bench:user:1", "a"]);
        assert_eq!(
            repeats,
            [
                Repeat { later: 2, first: 0 },
                Repeat { later: 3, first: 1 },
                Repeat { later: 4, first: 0 },
            ]
        );
        assert_eq!(index.get("a"), Some(0));
        assert_eq!(index.get("bench:user:1"), Some(1));
        // The repeats' records are gone: two keys, two values.
        let mut values: Vec<u64> = index.values_mut().map(|v| *v).collect();
        values.sort();
        assert_eq!(values, [0, 1]);
        *index.get_mut("a").unwrap() = 7;
        assert_eq!(index.get("a"), Some(7));
    }

    #[test]
    fn many_keys_looked_up_one_by_one_and_together() {
        // Enough keys for `get_many` to group them into several parts of the index.
        let keys: Vec<String> = (0..40_000).map(|i| format!("bench:user:{i:08}")).collect();
        let entries = keys.iter().zip(0..).map(|(k, n)| (k.as_str(), n));
        let (mut index, repeats) = KeyIndex::new(entries);
        assert!(repeats.is_empty());
        assert!(index.records.len() * 8 > 4 * PART_BYTES);
        for value in index.values_mut() {
            *value += 1;
        }
        assert!((0..).zip(&keys).all(|(n, k)| index.get(k) == Some(n + 1)));
        // Every other key is looked up, and a missing key after each.
        let wanted: Vec<String> = keys
            .iter()
            .step_by(2)
            .flat_map(|k| [k.clone(), format!("{k}x")])
            .collect();
        let found = index.get_many(wanted.iter().map(|k| Some(k.as_str())));
        let expected = (0..20_000).flat_map(|n| [Some(2 * n + 1), None]);
        assert!(found.into_iter().eq(expected));
        assert_eq!(index.get("bench:user:00040000"), None);
    }

    #[test]
    fn repeats_among_many_keys_leave_every_key_findable() {
        // Every key twice, the second time later on: the records of the repeats are left
        // out, and the buckets closed up behind them.
        let keys: Vec<String> = (0..3000).map(|i| format!("src:thing:{i}")).collect();
        let given = keys.iter().chain(keys.iter().step_by(3));
        let (index, repeats) = KeyIndex::new(given.zip(0..).map(|(k, n)| (k.as_str(), n)));
        let expected = (0..1000).map(|i| Repeat {
            later: 3000 + i,
            first: 3 * i as u64,
        });
        assert!(repeats.into_iter().eq(expected));
        assert!((0..).zip(&keys).all(|(n, k)| index.get(k) == Some(n)));
        let found = index.get_many(keys.iter().map(|k| Some(k.as_str())));
        assert!(found.into_iter().eq((0..3000).map(Some)));
        assert_eq!(
            index.records.len(),
            keys.iter().map(|k| record_len(k.len())).sum::<usize>()
        );
    }

    #[test]
    fn an_empty_index_finds_nothing() {
        let (empty, repeats) = KeyIndex::new(std::iter::empty());
        assert!(repeats.is_empty());
        assert_eq!(empty.get(""), None);
        assert_eq!(empty.get_many([Some(""), None].into_iter()), [None, None]);
    }
}
