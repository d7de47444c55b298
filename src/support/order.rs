//! Sorting, instantiated once. The standard sorts are compiled anew for every comparison
//! closure, a few kilobytes each, and together they were the largest part of the WebAssembly
//! module. Here every list is ordered by one sort of indices, then permuted.

use std::cmp::Ordering;

// The comparison and the swap cross as trait objects of these one-method traits, not as
// `dyn Fn`: the vtable of a `dyn Fn` also holds the closure's by-value (`FnOnce`) form, a
// second copy of every comparison, compiled for every call and never called.

/// An order of indices: how `a` compares with `b`.
trait Comparison {
    fn compare(&self, a: usize, b: usize) -> Ordering;
}

impl<F: Fn(usize, usize) -> Ordering> Comparison for F {
    fn compare(&self, a: usize, b: usize) -> Ordering {
        self(a, b)
    }
}

/// A swap of the items at two indices.
trait Swap {
    fn swap(&mut self, a: usize, b: usize);
}

impl<F: FnMut(usize, usize)> Swap for F {
    fn swap(&mut self, a: usize, b: usize) {
        self(a, b)
    }
}

/// Sorts `items` by `compare`, stably (equal items keep their order).
pub fn sort_by<T>(items: &mut [T], compare: impl Fn(&T, &T) -> Ordering) {
    if items.len() < 2 {
        return;
    }
    let order = order_of(items.len(), &|a: usize, b: usize| {
        compare(&items[a], &items[b])
    });
    // Permuted by swaps that a function compiled once works out: what is compiled for each
    // call is the swap alone.
    permute(order, &mut |a, b| items.swap(a, b));
}

/// Calls `swap` so that what was at `order[i]` ends up at `i`, for every `i`: each cycle of
/// the permutation is walked once.
fn permute(order: Vec<usize>, swap: &mut dyn Swap) {
    let mut placed = vec![false; order.len()];
    for start in 0..order.len() {
        let mut at = start;
        while !placed[at] {
            placed[at] = true;
            let from = order[at];
            if from == start {
                break;
            }
            swap.swap(at, from);
            at = from;
        }
    }
}

/// Sorts `items` by their natural order, stably.
pub fn sort<T: Ord>(items: &mut [T]) {
    sort_by(items, T::cmp);
}

/// The indices `0..len` in the order `compare` puts them, stably.
pub fn sorted_indices(len: usize, compare: impl Fn(usize, usize) -> Ordering) -> Vec<usize> {
    order_of(len, &compare)
}

/// `sorted_indices`, compiled once.
fn order_of(len: usize, compare: &dyn Comparison) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|&a, &b| compare.compare(a, b));
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_stably() {
        let mut pairs = vec![(2, 'a'), (1, 'b'), (2, 'c'), (0, 'd'), (1, 'e')];
        sort_by(&mut pairs, |x, y| x.0.cmp(&y.0));
        assert_eq!(pairs, [(0, 'd'), (1, 'b'), (1, 'e'), (2, 'a'), (2, 'c')]);
        let mut words = vec!["pear", "apple", "fig"];
        sort(&mut words);
        assert_eq!(words, ["apple", "fig", "pear"]);
        let mut shuffled: Vec<u32> = (0..50).map(|i| (i * 37 + 11) % 50).collect();
        sort(&mut shuffled);
        assert_eq!(shuffled, (0..50).collect::<Vec<u32>>());
        let mut empty: Vec<u8> = Vec::new();
        sort(&mut empty);
        assert!(empty.is_empty());
    }
}
