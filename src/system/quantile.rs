//! Exact quantiles of occupancy by selection: the pairs at given (weighted) ranks of the
//! occupancy order, found with `select_nth_unstable_by` and the crate's exact fraction
//! comparison instead of a full sort (`O(n)` expected instead of `O(n log n)`).
//!
//! The order is total — occupancy, then the pair itself — so that the pair at each rank is
//! one pair, whatever the method (sort or selection) and whatever the input order.
//!
//! A summary selects over [`Keyed`] pairs: each carries its occupancy rounded to an `f64`,
//! whose bits order as the exact occupancies do wherever they differ (see [`Keyed`]), so most
//! comparisons are one integer comparison and only equal keys take the exact one.

use std::cmp::Ordering;

use super::distribution::cmp_occ;

/// Slices this short are sorted: selection's bookkeeping costs more than it saves.
const SMALL: usize = 32;

/// At most this many ranks are asked for at once (the five numbers of a distribution).
pub(crate) const MAX_RANKS: usize = 5;

/// The total order of the quantiles: occupancy, then population, then capacity (equal
/// occupancies such as 1/2 and 2/4 in a fixed order).
#[inline]
pub(crate) fn cmp_pair(a: &(u64, u64), b: &(u64, u64)) -> Ordering {
    cmp_occ(*a, *b).then_with(|| a.cmp(b))
}

/// A `(population, capacity)` pair in the order of [`cmp_pair`].
pub(crate) trait Occ: Copy {
    /// The pair.
    fn pair(&self) -> (u64, u64);
    /// [`cmp_pair`]'s order.
    fn order(&self, other: &Self) -> Ordering;
}

impl Occ for (u64, u64) {
    #[inline]
    fn pair(&self) -> (u64, u64) {
        *self
    }
    #[inline]
    fn order(&self, other: &Self) -> Ordering {
        cmp_pair(self, other)
    }
}

/// Counts up to 2⁵³ convert to `f64` exactly.
pub(crate) const EXACT_IN_F64: u64 = 1 << 53;

/// A pair and a key that orders it: the bits of `population as f64 / capacity as f64`.
///
/// When every count of the slice is at most 2⁵³, both conversions are exact and the quotient
/// is correctly rounded, and rounding is monotone: a smaller exact occupancy never has a
/// larger key, so a smaller key means a smaller occupancy, and only equal keys need the exact
/// comparison. Non-negative `f64`s order as their bits. A slice with a larger count gets key 0
/// everywhere ([`Keyed::unkey`]): every comparison is then the exact one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Keyed {
    key: u64,
    population: u64,
    capacity: u64,
}

impl Keyed {
    /// The keyed pair (capacity > 0), and whether its counts allow the key (see the type's docs).
    #[inline]
    pub(crate) fn new(population: u64, capacity: u64) -> (Keyed, bool) {
        // Through i64: the same conversion for counts up to 2^53 (the only keys used), and a
        // cheaper one than u64's on x86-64.
        let key = ((population as i64) as f64 / (capacity as i64) as f64).to_bits();
        (
            Keyed {
                key,
                population,
                capacity,
            },
            population.max(capacity) <= EXACT_IN_F64,
        )
    }

    /// The key (see the type's docs).
    #[inline]
    pub(crate) fn key(&self) -> u64 {
        self.key
    }

    /// Drops the key: compared exactly from now on.
    pub(crate) fn unkey(v: &mut [Keyed]) {
        v.iter_mut().for_each(|k| k.key = 0);
    }
}

impl Occ for Keyed {
    #[inline]
    fn pair(&self) -> (u64, u64) {
        (self.population, self.capacity)
    }
    #[inline]
    fn order(&self, other: &Self) -> Ordering {
        self.key
            .cmp(&other.key)
            .then_with(|| cmp_pair(&self.pair(), &other.pair()))
    }
}

/// For each 0-based position in `positions` (ascending, each `< v.len()`), writes into `out`
/// the pair at that position of `v` sorted by [`cmp_pair`]. Reorders `v` so that each of
/// those positions holds its pair and everything before (after) it is not greater (less).
pub(crate) fn select_positions<T: Occ>(v: &mut [T], positions: &[usize], out: &mut [T]) {
    debug_assert_eq!(positions.len(), out.len());
    if positions.is_empty() {
        return;
    }
    if v.len() <= SMALL {
        v.sort_unstable_by(T::order);
        for (o, &p) in out.iter_mut().zip(positions) {
            *o = v[p];
        }
        return;
    }
    // The middle position first: the others fall on either side of it (or on it).
    let k = positions[positions.len() / 2];
    let (left, pivot, right) = v.select_nth_unstable_by(k, T::order);
    let lo = positions.partition_point(|&p| p < k);
    let hi = positions.partition_point(|&p| p <= k);
    let (out_left, rest) = out.split_at_mut(lo);
    let (out_pivot, out_right) = rest.split_at_mut(hi - lo);
    select_positions(left, &positions[..lo], out_left);
    out_pivot.fill(*pivot);
    let mut shifted = [0usize; MAX_RANKS];
    for (s, &p) in shifted.iter_mut().zip(&positions[hi..]) {
        *s = p - (k + 1);
    }
    select_positions(right, &shifted[..positions.len() - hi], out_right);
}

/// For each weight rank in `ranks` (ascending, each in `1..=Σweight(v)`), writes into `out`
/// the pair of `v`, in the order of [`cmp_pair`], at which the running weight first reaches
/// that rank (a pair of weight 0 is never chosen). Reorders `v`.
pub(crate) fn select_weighted<T: Occ>(
    v: &mut [T],
    weight: impl Fn(&T) -> u128 + Copy,
    ranks: &[u128],
    out: &mut [T],
) {
    debug_assert_eq!(ranks.len(), out.len());
    if ranks.is_empty() {
        return;
    }
    if v.len() <= SMALL {
        v.sort_unstable_by(T::order);
        let (mut running, mut t) = (0u128, 0);
        for x in v.iter() {
            running += weight(x);
            while t < ranks.len() && running >= ranks[t] {
                out[t] = *x;
                t += 1;
            }
            if t == ranks.len() {
                return;
            }
        }
        debug_assert!(false, "a rank above the total weight");
        return;
    }
    let mid = v.len() / 2;
    let (left, pivot, right) = v.select_nth_unstable_by(mid, T::order);
    let below: u128 = left.iter().map(weight).sum();
    let through = below + weight(pivot);
    let a = ranks.partition_point(|&r| r <= below);
    let b = ranks.partition_point(|&r| r <= through);
    let (out_left, rest) = out.split_at_mut(a);
    let (out_pivot, out_right) = rest.split_at_mut(b - a);
    select_weighted(left, weight, &ranks[..a], out_left);
    out_pivot.fill(*pivot);
    let mut shifted = [0u128; MAX_RANKS];
    for (s, &r) in shifted.iter_mut().zip(&ranks[b..]) {
        *s = r - through;
    }
    select_weighted(right, weight, &shifted[..ranks.len() - b], out_right);
}

/// [`select_weighted`] on a slice already partitioned at `boundaries` (ascending positions
/// that hold their sorted pair, as [`select_positions`] leaves them): each rank is looked
/// for only in the block between two boundaries that holds it.
pub(crate) fn select_weighted_in_blocks<T: Occ>(
    v: &mut [T],
    boundaries: &[usize],
    weight: impl Fn(&T) -> u128 + Copy,
    ranks: &[u128],
    out: &mut [T],
) {
    let mut start = 0;
    let mut before = 0u128; // weight of the blocks already passed
    let mut t = 0;
    let ends = boundaries
        .iter()
        .map(|&b| b + 1)
        .chain(std::iter::once(v.len()));
    for end in ends {
        if end <= start {
            continue;
        }
        let block = &mut v[start..end];
        let w: u128 = block.iter().map(weight).sum();
        let n = ranks[t..].partition_point(|&r| r <= before + w);
        let mut shifted = [0u128; MAX_RANKS];
        for (s, &r) in shifted.iter_mut().zip(&ranks[t..t + n]) {
            *s = r - before;
        }
        select_weighted(block, weight, &shifted[..n], &mut out[t..t + n]);
        t += n;
        before += w;
        start = end;
        if t == ranks.len() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn sorted(v: &[(u64, u64)]) -> Vec<(u64, u64)> {
        let mut s = v.to_vec();
        s.sort_by(cmp_pair);
        s
    }

    /// The weighted reference: walk the sorted pairs.
    fn walk(
        v: &[(u64, u64)],
        weight: impl Fn(&(u64, u64)) -> u128,
        ranks: &[u128],
    ) -> Vec<(u64, u64)> {
        let s = sorted(v);
        ranks
            .iter()
            .map(|&r| {
                let mut run = 0;
                *s.iter()
                    .find(|x| {
                        run += weight(x);
                        run >= r
                    })
                    .unwrap()
            })
            .collect()
    }

    #[test]
    fn ties_pick_one_pair() {
        // 1/2 and 2/4 are equal occupancies: the order puts (1, 2) first.
        let mut v = vec![(2, 4), (1, 2), (3, 6)];
        let mut out = [(0, 0); 3];
        select_positions(&mut v, &[0, 1, 2], &mut out);
        assert_eq!(out, [(1, 2), (2, 4), (3, 6)]);
    }

    fn pairs() -> impl Strategy<Value = Vec<(u64, u64)>> {
        prop_oneof![
            proptest::collection::vec((0u64..20, 1u64..6), 1..200),
            proptest::collection::vec((0u64..u64::MAX, 1u64..u64::MAX), 1..200),
        ]
    }

    /// Keyed pairs order exactly as [`cmp_pair`] (counts up to 2⁵³; near-equal occupancies
    /// that round to one `f64` included).
    fn keyed_order_is_exact(a: (u64, u64), b: (u64, u64)) -> bool {
        let ((ka, ea), (kb, eb)) = (Keyed::new(a.0, a.1), Keyed::new(b.0, b.1));
        !(ea && eb) || ka.order(&kb) == cmp_pair(&a, &b)
    }

    #[test]
    fn keyed_near_ties() {
        let m = EXACT_IN_F64;
        for (a, b) in [
            ((m - 1, m), (m - 2, m - 1)),
            ((m, m - 1), (m - 1, m - 2)),
            ((1, 3), (m / 3, m / 3 * 3 + 1)),
            ((2, 4), (1, 2)),
            ((0, 5), (0, 7)),
        ] {
            assert!(keyed_order_is_exact(a, b), "{a:?} {b:?}");
            assert!(keyed_order_is_exact(b, a), "{b:?} {a:?}");
        }
    }

    proptest! {
        #[test]
        fn positions_match_sort(mut v in pairs(), picks in proptest::collection::vec(any::<proptest::sample::Index>(), 1..=MAX_RANKS)) {
            let s = sorted(&v);
            let mut pos: Vec<usize> = picks.iter().map(|i| i.index(v.len())).collect();
            pos.sort_unstable();
            let mut out = vec![(0, 0); pos.len()];
            select_positions(&mut v, &pos, &mut out);
            let want: Vec<(u64, u64)> = pos.iter().map(|&p| s[p]).collect();
            prop_assert_eq!(&out, &want);
            // Each position holds its pair, with nothing out of order around it.
            for &p in &pos {
                prop_assert_eq!(v[p], s[p]);
                prop_assert!(v[..p].iter().all(|x| cmp_pair(x, &v[p]).is_le()));
                prop_assert!(v[p + 1..].iter().all(|x| cmp_pair(x, &v[p]).is_ge()));
            }
        }

        #[test]
        fn weighted_matches_walk(
            mut v in proptest::collection::vec((0u64..1_000, 1u64..900), 1..300),
            picks in proptest::collection::vec(0.0f64..=1.0, 1..=MAX_RANKS),
            blocks in any::<bool>(),
        ) {
            let w = |x: &(u64, u64)| u128::from(x.0);
            let total: u128 = v.iter().map(w).sum();
            prop_assume!(total > 0);
            let mut ranks: Vec<u128> = picks.iter().map(|&f| ((f * total as f64) as u128).clamp(1, total)).collect();
            ranks.sort_unstable();
            let want = walk(&v, w, &ranks);
            let mut out = vec![(0, 0); ranks.len()];
            if blocks {
                let n = v.len();
                let pos = [0, n / 4, n / 2, 3 * n / 4, n - 1];
                let mut scratch = [(0, 0); 5];
                select_positions(&mut v, &pos, &mut scratch);
                select_weighted_in_blocks(&mut v, &pos, w, &ranks, &mut out);
            } else {
                select_weighted(&mut v, w, &ranks, &mut out);
            }
            prop_assert_eq!(out, want);
        }
    }

    proptest! {
        #[test]
        fn keyed_matches_exact(
            a in (0u64..=EXACT_IN_F64, 1u64..=EXACT_IN_F64),
            d in 0u64..1_000,
            e in 0u64..3,
        ) {
            // a neighbour of a: the same occupancy scaled, or a few counts away
            let b = (a.0.saturating_sub(d).saturating_add(e), a.1.saturating_add(e).max(1));
            prop_assert!(keyed_order_is_exact(a, b));
            prop_assert!(keyed_order_is_exact(b, a));
        }
    }
}
