//! Hash maps and sets for the indexes a run builds over its own input (keys, ids, property
//! names). The standard SipHash resists collision attacks from untrusted peers; here the input
//! is the user's own file checked on their own machine, and hashing short keys dominated the
//! profile. This is the multiply-rotate hash rustc uses for its own tables.
//!
//! Not the rustc-hash crate: its hashes are as wide as a pointer, 32 bits in WebAssembly, and
//! `key_index` cuts its buckets from a hash's top bits; as the maps' hasher alone it was no
//! faster and made the module larger (README, Performance).

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;
pub type FastSet<T> = HashSet<T, BuildHasherDefault<FastHasher>>;

#[derive(Clone, Copy, Default)]
pub struct FastHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FastHasher {
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for word in &mut words {
            self.add(u64::from_le_bytes(word.try_into().unwrap_or_default()));
        }
        // The last one to seven bytes as one word, read in place: copying them out would be a
        // `memory.copy` in WebAssembly, a call for every key hashed. Together the two reads
        // cover every byte, and the length added below tells the overlaps apart.
        let rest = words.remainder();
        let n = rest.len();
        if n >= 4 {
            let half = |at: usize| {
                u64::from(u32::from_le_bytes([
                    rest[at],
                    rest[at + 1],
                    rest[at + 2],
                    rest[at + 3],
                ]))
            };
            self.add(half(0) | half(n - 4) << 32);
        } else if n > 0 {
            self.add(
                u64::from(rest[0]) | u64::from(rest[n / 2]) << 8 | u64::from(rest[n - 1]) << 16,
            );
        }
        // The length tells apart texts that differ only in trailing zero bytes.
        self.add(bytes.len() as u64);
    }

    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn finish(&self) -> u64 {
        self.hash
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_short_keys_apart() {
        let keys: Vec<String> = (0..10_000).map(|i| format!("bench:user:{i:08}")).collect();
        let set: FastSet<&str> = keys.iter().map(String::as_str).collect();
        assert_eq!(set.len(), keys.len());
        assert!(set.contains("bench:user:00004242"));
        assert!(!set.contains("bench:user:00010000"));
        let hash = |s: &str| {
            let mut h = FastHasher::default();
            h.write(s.as_bytes());
            h.finish()
        };
        assert_ne!(hash("ab"), hash("ab\0"));
    }

    #[test]
    fn every_byte_of_a_short_tail_counts() {
        // Every text of up to 11 letters `a` and `b`: tails of every length, differing at
        // every place, including where the two reads of a tail overlap.
        let mut hashes = FastSet::default();
        let mut count = 0;
        for n in 1..=11 {
            for bits in 0..1u32 << n {
                let text: Vec<u8> = (0..n).map(|i| b'a' + (bits >> i & 1) as u8).collect();
                let mut h = FastHasher::default();
                h.write(&text);
                hashes.insert(h.finish());
                count += 1;
            }
        }
        assert_eq!(hashes.len(), count);
    }
}
