//! Distributions of facility occupancy: facility-weighted and population-weighted.
//!
//! # Quantile method
//!
//! Quantiles are the *inverse of the (weighted) empirical distribution function* — Hyndman &
//! Fan (1996) type 1 — so every quantile is an occupancy that some facility actually has, kept
//! as an exact [`Ratio`] (no interpolation between two facilities, no float):
//!
//! - sort the facilities by occupancy; give each a weight (1 for the facility-weighted
//!   distribution, its population for the population-weighted one); let `W` be the total weight;
//! - the `p`-quantile is the occupancy of the first facility at which the running weight reaches
//!   `max(1, ⌈p · W⌉)`.
//!
//! With weight 1 the median of an even number of facilities is the lower of the two middle
//! ones. With population weights, `W` is the number of people and the quantile is the occupancy
//! of the facility that holds the person of rank `⌈p · W⌉`: the population-weighted median is
//! **the occupancy experienced by the median prisoner**. Facilities holding no one carry no
//! population weight (they are not anyone's experience).
//!
//! Equal occupancies (1/2 and 2/4) are ordered by population, then capacity, so each
//! quantile is one fixed `(population, capacity)` pair. The quantiles are found by selection
//! (`O(n)` expected) rather than a full sort; the result is the same.

use serde::{Deserialize, Serialize};

#[cfg(test)]
use super::quantile::cmp_pair;
use super::quantile::{
    MAX_RANKS, Occ, select_positions, select_weighted, select_weighted_in_blocks,
};
use crate::metrics::Ratio;

/// Five-number summary of occupancy: minimum, quartiles, median, maximum (see the module's
/// quantile method).
///
/// ```
/// use overcrowding::system::Distribution;
/// // (population, capacity): 50 %, 100 %, 150 %, 200 %
/// let d = Distribution::facility_weighted(&[(50, 100), (100, 100), (150, 100), (200, 100)]).unwrap();
/// assert_eq!(d.median.percent(), 100.0); // lower middle: type 1
/// assert_eq!(d.max.percent(), 200.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Distribution {
    /// The smallest occupancy (with positive weight).
    pub min: Ratio,
    /// First quartile, `p = 1/4`.
    pub q1: Ratio,
    /// Median, `p = 1/2`.
    pub median: Ratio,
    /// Third quartile, `p = 3/4`.
    pub q3: Ratio,
    /// The largest occupancy (with positive weight).
    pub max: Ratio,
    /// The total weight `W`: facilities, or people.
    pub weight: u128,
}

impl Distribution {
    /// Facility-weighted distribution of `(population, capacity)` pairs: each facility counts once.
    /// `None` when there are no pairs or a capacity is 0.
    ///
    /// ```
    /// use overcrowding::system::Distribution;
    /// let d = Distribution::facility_weighted(&[(90, 100), (130, 100), (110, 100)]).unwrap();
    /// assert_eq!((d.min.percent(), d.median.percent(), d.max.percent()), (90.0, 110.0, 130.0));
    /// assert_eq!(d.weight, 3);
    /// ```
    pub fn facility_weighted(pairs: &[(u64, u64)]) -> Option<Distribution> {
        let mut v = pairs.to_vec();
        if v.iter().any(|&(_, c)| c == 0) {
            return None;
        }
        let n = v.len() as u128;
        (n > 0).then(|| {
            let mut at = [(0, 0); MAX_RANKS];
            select_positions(&mut v, &ranks(n).map(|r| (r - 1) as usize), &mut at);
            Self::of_five(at, n)
        })
    }

    /// Population-weighted distribution: each person counts once, with the occupancy of the
    /// facility that holds them. `None` when no one is held or a capacity is 0.
    ///
    /// ```
    /// use overcrowding::system::Distribution;
    /// // 10 people at 50 %, 90 people at 150 %: the median prisoner lives at 150 %.
    /// let d = Distribution::population_weighted(&[(10, 20), (90, 60)]).unwrap();
    /// assert_eq!(d.median.percent(), 150.0);
    /// assert_eq!(d.min.percent(), 50.0);
    /// assert_eq!(d.weight, 100);
    /// ```
    pub fn population_weighted(pairs: &[(u64, u64)]) -> Option<Distribution> {
        let mut v = pairs.to_vec();
        if v.iter().any(|&(_, c)| c == 0) {
            return None;
        }
        let people: u128 = v.iter().map(|&(p, _)| u128::from(p)).sum();
        (people > 0).then(|| {
            let mut at = [(0, 0); MAX_RANKS];
            select_weighted(&mut v, |&(p, _)| u128::from(p), &ranks(people), &mut at);
            Self::of_five(at, people)
        })
    }

    /// The facility-weighted and the population-weighted distribution of `pairs` (every
    /// capacity > 0), by selection (`O(n)` expected, no full sort); reorders `pairs`.
    ///
    /// The facility quantiles are selected first; they leave the pairs partitioned in four
    /// blocks, and each population quantile is then selected inside the block that holds it.
    pub(crate) fn of_pairs<T: Occ>(
        pairs: &mut [T],
    ) -> (Option<Distribution>, Option<Distribution>) {
        let n = pairs.len() as u128;
        let Some(&first) = pairs.first() else {
            return (None, None);
        };
        let positions = ranks(n).map(|r| (r - 1) as usize);
        let mut facility = [first; MAX_RANKS];
        select_positions(pairs, &positions, &mut facility);
        let people: u128 = pairs.iter().map(|x| u128::from(x.pair().0)).sum();
        let population = (people > 0).then(|| {
            let mut at = [first; MAX_RANKS];
            select_weighted_in_blocks(
                pairs,
                &positions,
                |x: &T| u128::from(x.pair().0),
                &ranks(people),
                &mut at,
            );
            Self::of_five(at, people)
        });
        (Some(Self::of_five(facility, n)), population)
    }

    pub(crate) fn of_five<T: Occ>(at: [T; MAX_RANKS], weight: u128) -> Distribution {
        let [min, q1, median, q3, max] = at.map(|x| {
            let (p, c) = x.pair();
            Ratio::new(p, c).expect("capacity > 0")
        });
        Distribution {
            min,
            q1,
            median,
            q3,
            max,
            weight,
        }
    }

    /// The reference method: from pairs sorted by [`cmp_pair`], a walk of the running weight.
    #[cfg(test)]
    pub(crate) fn from_sorted(
        sorted: &[(u64, u64)],
        weight: impl Fn((u64, u64)) -> u128,
    ) -> Option<Distribution> {
        let total: u128 = sorted.iter().map(|&x| weight(x)).sum();
        if total == 0 {
            return None;
        }
        let ranks = ranks(total);
        let mut out = [None; 5];
        let mut running = 0u128;
        let mut next = 0;
        for &(p, c) in sorted {
            running += weight((p, c));
            while next < 5 && running >= ranks[next] {
                out[next] = Some(Ratio::new(p, c).expect("capacity > 0"));
                next += 1;
            }
            if next == 5 {
                break;
            }
        }
        Some(Distribution {
            min: out[0]?,
            q1: out[1]?,
            median: out[2]?,
            q3: out[3]?,
            max: out[4]?,
            weight: total,
        })
    }
}

/// Ranks, 1-based, of the five numbers for a total weight `W > 0`: `max(1, ⌈p · W⌉)` for
/// p = 0, 1/4, 1/2, 3/4, 1 (ascending).
pub(crate) fn ranks(total: u128) -> [u128; MAX_RANKS] {
    [
        1,
        total.div_ceil(4).max(1),
        total.div_ceil(2).max(1),
        (3 * (total / 4) + (3 * (total % 4)).div_ceil(4)).max(1),
        total,
    ]
}

/// Exact comparison of two u64 fractions by cross-multiplication in u128 (no overflow).
/// Occupancy `a.0 / a.1` against `b.0 / b.1`, exactly (the one fraction comparison of the
/// crate; its u64 fast path is one multiply each).
#[inline]
pub(crate) fn cmp_occ(a: (u64, u64), b: (u64, u64)) -> std::cmp::Ordering {
    crate::exact::cmp_fractions(a.0 as u128, a.1 as u128, b.0 as u128, b.1 as u128)
}

/// Sorts by the total order of the quantiles (the reference the selection is checked against).
#[cfg(test)]
pub(crate) fn sort_by_occupancy(v: &mut [(u64, u64)]) {
    v.sort_unstable_by(cmp_pair);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_computed_quartiles() {
        // 8 facilities at 10 %, 20 %, …, 80 %: ranks 1, 2, 4, 6, 8.
        let v: Vec<(u64, u64)> = (1..=8).map(|i| (i * 10, 100)).collect();
        let d = Distribution::facility_weighted(&v).unwrap();
        let got = [d.min, d.q1, d.median, d.q3, d.max].map(|r| r.percent());
        assert_eq!(got, [10.0, 20.0, 40.0, 60.0, 80.0]);
        // 5 facilities: ranks 1, 2, 3, 4, 5.
        let d = Distribution::facility_weighted(&v[..5]).unwrap();
        let got = [d.min, d.q1, d.median, d.q3, d.max].map(|r| r.percent());
        assert_eq!(got, [10.0, 20.0, 30.0, 40.0, 50.0]);
    }

    #[test]
    fn empty_people_do_not_weigh() {
        // A facility holding 0 people is not anyone's occupancy.
        let d = Distribution::population_weighted(&[(0, 10), (5, 10)]).unwrap();
        assert_eq!(d.min.percent(), 50.0);
        assert!(Distribution::population_weighted(&[(0, 10)]).is_none());
        assert!(Distribution::facility_weighted(&[]).is_none());
    }

    proptest::proptest! {
        /// Selection gives the same five numbers, the same pairs, as the full sort.
        #[test]
        fn selection_matches_sort(
            v in proptest::prop_oneof![
                proptest::collection::vec((0u64..50, 1u64..40), 1..400),
                proptest::collection::vec((0u64..u64::MAX, 1u64..u64::MAX), 1..400),
                proptest::collection::vec((0u64..3, 1u64..3), 1..100),
            ]
        ) {
            let mut sorted = v.clone();
            sort_by_occupancy(&mut sorted);
            let want = (
                Distribution::from_sorted(&sorted, |_| 1),
                Distribution::from_sorted(&sorted, |(p, _)| p as u128),
            );
            let mut w = v.clone();
            let got = Distribution::of_pairs(&mut w);
            // Equal as rationals and as the same pair (numerator and denominator).
            let parts = |d: Option<Distribution>| d.map(|d| ([d.min, d.q1, d.median, d.q3, d.max].map(|r| (r.numerator(), r.denominator())), d.weight));
            proptest::prop_assert_eq!(parts(got.0), parts(want.0));
            proptest::prop_assert_eq!(parts(got.1), parts(want.1));
        }

        /// Population weighting = one entry per person: expanding every facility into
        /// `population` copies and weighting by facility gives the same five numbers.
        #[test]
        fn population_weight_is_one_entry_per_person(
            v in proptest::collection::vec((0u64..12, 1u64..9), 1..12)
        ) {
            let expanded: Vec<(u64, u64)> = v
                .iter()
                .flat_map(|&(p, c)| std::iter::repeat_n((p, c), p as usize))
                .collect();
            let a = Distribution::population_weighted(&v);
            let b = Distribution::facility_weighted(&expanded);
            proptest::prop_assert_eq!(a, b);
        }
    }
}
