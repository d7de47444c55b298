//! Uploaded and previous graph objects paired by `_key`. On either side the latest object of
//! a repeated key wins, in the place where the key first appeared; rows follow the order of
//! the uploads, then of the previous objects not uploaded. The uploaded keys go in a
//! `KeyIndex` and the previous keys are looked up in it all together (`get_many`): at a
//! million keys, a hash table of references to the keys made each pairing wait for three
//! cache misses in turn (the slot, the key's text, the row).

use crate::support::fast_hash::FastMap;
use crate::support::key_index::KeyIndex;

/// The objects of one `_key`: at least one of the two is there.
#[derive(Clone, Copy)]
pub struct Pair<'k, U, P> {
    pub key: &'k str,
    pub uploaded: Option<U>,
    pub previous: Option<P>,
}

pub struct Pairs<'k, U, P> {
    /// Each uploaded key's row.
    uploaded: KeyIndex,
    /// The row of each key only the previous objects have: few, in the usual job.
    previous_only: FastMap<&'k str, usize>,
    rows: Vec<Pair<'k, U, P>>,
}

impl<'k, U: Copy, P: Copy> Pairs<'k, U, P> {
    /// Pairs `uploaded` with `previous`; objects without a key are left out.
    pub fn new(
        uploaded: impl ExactSizeIterator<Item = (Option<&'k str>, U)>,
        previous: impl ExactSizeIterator<Item = (Option<&'k str>, P)>,
    ) -> Pairs<'k, U, P> {
        let uploaded: Vec<(&str, U)> = uploaded.filter_map(|(key, o)| Some((key?, o))).collect();
        let entries = uploaded.iter().zip(0..).map(|(&(key, _), row)| (key, row));
        let (mut index, repeats) = KeyIndex::new(entries);
        // Sized for the usual job, whose upload mostly repeats the previous keys.
        let mut rows = Vec::with_capacity(uploaded.len().max(previous.len()));
        rows.extend(uploaded.iter().map(|&(key, object)| Pair {
            key,
            uploaded: Some(object),
            previous: None,
        }));
        if !repeats.is_empty() {
            // Each key's row holds its latest object, in the place of its first.
            for r in &repeats {
                rows[r.first as usize].uploaded = rows[r.later].uploaded;
            }
            // The row of each first entry (a later entry has none): its place among them.
            let mut later = repeats.iter().map(|r| r.later).peekable();
            let mut kept = 0;
            let row_of: Vec<Option<usize>> = (0..rows.len())
                .map(|entry| {
                    later.next_if_eq(&entry).is_none().then(|| {
                        kept += 1;
                        kept - 1
                    })
                })
                .collect();
            rows = rows
                .into_iter()
                .zip(&row_of)
                .filter(|(_, row)| row.is_some())
                .map(|(pair, _)| pair)
                .collect();
            for value in index.values_mut() {
                *value = row_of[*value as usize].unwrap_or_default() as u64;
            }
        }
        let previous: Vec<(&str, P)> = previous.filter_map(|(key, o)| Some((key?, o))).collect();
        let uploaded_rows = index.get_many(previous.iter().map(|&(key, _)| Some(key)));
        let mut previous_only: FastMap<&str, usize> = FastMap::default();
        for ((key, object), uploaded_row) in previous.into_iter().zip(uploaded_rows) {
            let row = match uploaded_row {
                Some(row) => row as usize,
                None => *previous_only.entry(key).or_insert_with(|| {
                    rows.push(Pair {
                        key,
                        uploaded: None,
                        previous: None,
                    });
                    rows.len() - 1
                }),
            };
            rows[row].previous = Some(object);
        }
        Pairs {
            uploaded: index,
            previous_only,
            rows,
        }
    }

    pub fn get(&self, key: &str) -> Option<&Pair<'k, U, P>> {
        let row = match self.uploaded.get(key) {
            Some(row) => row as usize,
            None => *self.previous_only.get(key)?,
        };
        Some(&self.rows[row])
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

    #[test]
    fn keys_after_a_repeat_find_their_rows() {
        // `a` is the third upload but the second row: lookups and the previous side's
        // pairing must land on that row.
        let uploaded = [(Some("b"), 1), (Some("b"), 2), (Some("a"), 3)];
        let previous = [(Some("a"), 'x'), (Some("b"), 'y')];
        let pairs = Pairs::new(uploaded.into_iter(), previous.into_iter());
        let rows: Vec<_> = pairs
            .iter()
            .map(|p| (p.key, p.uploaded, p.previous))
            .collect();
        assert_eq!(rows, [("b", Some(2), Some('y')), ("a", Some(3), Some('x'))]);
        assert_eq!(pairs.get("a").map(|p| p.previous), Some(Some('x')));
    }
}
