//! Graph objects by `_key`, the latest of a repeated key winning, kept with the order in which
//! their keys first appear: a plan walks them in that order, which follows the documents in
//! memory, and never has to ask the table whether an object is the one standing for its key.

use crate::fast_hash::FastMap;

pub struct ByKey<'k, T> {
    /// Each key's object and its place in `in_order`.
    table: FastMap<&'k str, (T, usize)>,
    in_order: Vec<(&'k str, T)>,
}

impl<'k, T: Copy> ByKey<'k, T> {
    /// Indexes `objects`; a key given again replaces the object in its first place.
    pub fn new(objects: impl ExactSizeIterator<Item = (Option<&'k str>, T)>) -> ByKey<'k, T> {
        // Sized up front: growing a table of a million entries rehashes all of them each time.
        let mut by_key = ByKey {
            table: FastMap::with_capacity_and_hasher(objects.len(), Default::default()),
            in_order: Vec::with_capacity(objects.len()),
        };
        for (key, object) in objects {
            let Some(key) = key else { continue };
            let next = by_key.in_order.len();
            let (standing, place) = by_key.table.entry(key).or_insert((object, next));
            if *place == next {
                by_key.in_order.push((key, object));
            } else {
                *standing = object;
                by_key.in_order[*place].1 = object;
            }
        }
        by_key
    }

    pub fn get(&self, key: &str) -> Option<T> {
        self.table.get(key).map(|&(object, _)| object)
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.table.contains_key(key)
    }

    /// Each key with the object standing for it, in the order the keys first appear.
    pub fn iter(&self) -> impl Iterator<Item = (&'k str, T)> + '_ {
        self.in_order.iter().copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_latest_object_of_a_key_stands_in_its_first_place() {
        let objects = [
            (Some("b"), 1),
            (Some("a"), 2),
            (None, 3),
            (Some("b"), 4),
            (Some("c"), 5),
            (Some("b"), 6),
        ];
        let by_key = ByKey::new(objects.into_iter());
        assert_eq!(
            by_key.iter().collect::<Vec<_>>(),
            [("b", 6), ("a", 2), ("c", 5)]
        );
        assert_eq!(by_key.get("b"), Some(6));
        assert_eq!(by_key.get("d"), None);
        assert!(by_key.contains_key("c") && !by_key.contains_key("d"));
    }
}
