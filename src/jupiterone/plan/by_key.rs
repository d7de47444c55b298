//! Uploaded and previous graph objects paired by `_key`: one table over both sides, so that a
//! plan finds what an upload replaces and what the upload leaves out without asking a second
//! table for each object (at a million objects, every lookup is a cache miss). On either side
//! the latest object of a repeated key wins, in the place where the key first appeared; rows
//! follow the order of the uploads, then of the previous objects not uploaded.

use crate::fast_hash::FastMap;

/// The objects of one `_key`: at least one of the two is there.
#[derive(Clone, Copy)]
pub struct Pair<'k, U, P> {
    pub key: &'k str,
    pub uploaded: Option<U>,
    pub previous: Option<P>,
}

pub struct Pairs<'k, U, P> {
    /// Each key's row.
    table: FastMap<&'k str, usize>,
    rows: Vec<Pair<'k, U, P>>,
}

impl<'k, U: Copy, P: Copy> Pairs<'k, U, P> {
    /// Pairs `uploaded` with `previous`; objects without a key are left out.
    pub fn new(
        uploaded: impl ExactSizeIterator<Item = (Option<&'k str>, U)>,
        previous: impl ExactSizeIterator<Item = (Option<&'k str>, P)>,
    ) -> Pairs<'k, U, P> {
        // Sized up front for the usual job, whose upload mostly repeats the previous keys:
        // growing a table of a million entries rehashes all of them each time, and a table
        // sized for both sides apart spreads the same keys over twice the memory.
        let usual = uploaded.len().max(previous.len());
        let mut pairs = Pairs {
            table: FastMap::with_capacity_and_hasher(usual, Default::default()),
            rows: Vec::with_capacity(usual),
        };
        for (key, object) in uploaded {
            if let Some(key) = key {
                pairs.row(key).uploaded = Some(object);
            }
        }
        for (key, object) in previous {
            if let Some(key) = key {
                pairs.row(key).previous = Some(object);
            }
        }
        pairs
    }

    /// The row of `key`, added empty when the key is new.
    fn row(&mut self, key: &'k str) -> &mut Pair<'k, U, P> {
        let next = self.rows.len();
        let place = *self.table.entry(key).or_insert(next);
        if place == next {
            self.rows.push(Pair {
                key,
                uploaded: None,
                previous: None,
            });
        }
        &mut self.rows[place]
    }

    pub fn get(&self, key: &str) -> Option<&Pair<'k, U, P>> {
        self.table.get(key).map(|&place| &self.rows[place])
    }

    /// Every key's pair, in the order the keys first appear.
    pub fn iter(&self) -> std::slice::Iter<'_, Pair<'k, U, P>> {
        self.rows.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_latest_object_of_a_key_stands_in_its_first_place_on_each_side() {
        let uploaded = [(Some("b"), 1), (Some("a"), 2), (None, 3), (Some("b"), 4)];
        let previous = [
            (Some("c"), 'x'),
            (Some("b"), 'y'),
            (None, 'z'),
            (Some("c"), 'w'),
        ];
        let pairs = Pairs::new(uploaded.into_iter(), previous.into_iter());
        let rows: Vec<_> = pairs
            .iter()
            .map(|p| (p.key, p.uploaded, p.previous))
            .collect();
        assert_eq!(
            rows,
            [
                ("b", Some(4), Some('y')),
                ("a", Some(2), None),
                ("c", None, Some('w')),
            ]
        );
        assert_eq!(pairs.get("a").map(|p| p.uploaded), Some(Some(2)));
        assert!(pairs.get("d").is_none());
    }
}
