//! The five numbers of both distributions by bucketed selection: one pass over the keyed
//! pairs counts them and their people in buckets of the key's range, the ranks are found in
//! the buckets' running totals, and only the few buckets that hold a rank are gathered and
//! selected in (by [`select_positions`] / [`select_weighted`]). The thresholds are counted
//! from the same buckets: the buckets above a threshold's key counted whole, only the
//! bucket (or two) that may hold pairs on either side of it gathered and tested exactly.
//! The result is
//! [`Distribution::of_pairs`]'s, pair for pair: a bucket holds a range of keys, keys order as
//! the exact occupancies wherever they differ, so a rank's pair is in the bucket whose
//! running totals cover the rank.

use super::distribution::{Distribution, ranks};
use super::pass::Test;
use super::quantile::{Keyed, MAX_RANKS, Occ, select_positions, select_weighted};

/// Fewer pairs than this are selected in directly (the buckets cost more than they save).
const DIRECT: usize = 1_024;

/// At most 2^BITS buckets.
const BITS: u32 = 12;

/// Buffers reused from one selection to the next (one set per thread).
#[derive(Default)]
pub(crate) struct Buckets {
    counts: Vec<u32>,
    people: Vec<u128>,
    /// 1 + the place in `chosen` of each bucket gathered, 0 for the others (`WANTED`
    /// before the walk: a threshold's bucket).
    slot: Vec<u32>,
    chosen: Vec<Chosen>,
    next: Vec<usize>,
    gathered: Vec<Keyed>,
}

/// A bucket a threshold needs gathered (marked before the walk over the buckets).
const WANTED: u32 = u32::MAX;

/// Where a threshold falls among the buckets.
#[derive(Clone, Copy)]
enum Falls {
    /// Below every key: every pair reaches it.
    Below,
    /// Above every key: no pair reaches it.
    Above,
    /// The pairs of the buckets above `.1` reach it; those of `.0..=.1` are tested.
    In(usize, usize),
    /// Every pair is tested.
    Tested,
}

/// Facilities and people of `pairs` reaching `test`, pair by pair.
fn count_directly(pairs: &[Keyed], test: &Test<'_>) -> (usize, u128) {
    let (mut f, mut people) = (0usize, 0u128);
    for x in pairs {
        let (p, c) = x.pair();
        let hit = test.hit(p, c);
        f += usize::from(hit);
        people += u128::from(p & 0u64.wrapping_sub(u64::from(hit)));
    }
    (f, people)
}

/// A bucket gathered (it holds a rank, or a threshold's uncertain keys): its number, the pairs and people before it, where
/// its pairs start in the gathered buffer.
#[derive(Clone, Copy, Default)]
struct Chosen {
    bucket: usize,
    before: u128,
    people_before: u128,
    start: usize,
}

impl Buckets {
    /// The facility- and population-weighted distributions of `pairs`, whose keys lie in
    /// `lo..=hi` and allow the keyed order (`keyed`: every count at most 2⁵³; otherwise the
    /// pairs are compared exactly, directly); and in `reached` the facilities and people of
    /// `pairs` reaching each of `tests`. Reorders `pairs`.
    pub(crate) fn distributions(
        &mut self,
        pairs: &mut [Keyed],
        lo: u64,
        hi: u64,
        keyed: bool,
        tests: &[Test<'_>],
        reached: &mut [(usize, u128)],
    ) -> (Option<Distribution>, Option<Distribution>) {
        if !keyed || pairs.len() < DIRECT || lo >= hi {
            for (t, r) in tests.iter().zip(reached.iter_mut()) {
                *r = count_directly(pairs, t);
            }
            if !keyed {
                Keyed::unkey(pairs);
            }
            return Distribution::of_pairs(pairs);
        }
        let range = hi - lo;
        let shift = (64 - range.leading_zeros()).saturating_sub(BITS);
        let n_buckets = (range >> shift) as usize + 1;
        let bucket = |x: &Keyed| ((x.key() - lo) >> shift) as usize;
        self.counts.clear();
        self.counts.resize(n_buckets, 0);
        self.people.clear();
        self.people.resize(n_buckets, 0);
        for x in pairs.iter() {
            let b = bucket(x);
            self.counts[b] += 1;
            self.people[b] += u128::from(x.pair().0);
        }
        // Where each threshold falls; the buckets it needs tested, marked.
        self.slot.clear();
        self.slot.resize(n_buckets, 0);
        let mut last_wanted = 0;
        let falls: Vec<Falls> = tests
            .iter()
            .map(|t| match t.uncertain_keys() {
                None => Falls::Tested,
                Some((_, top)) if top < lo => Falls::Below,
                Some((bottom, _)) if bottom > hi => Falls::Above,
                Some((bottom, top)) => {
                    let (b0, b1) = (
                        ((bottom.max(lo) - lo) >> shift) as usize,
                        ((top.min(hi) - lo) >> shift) as usize,
                    );
                    self.slot[b0..=b1].fill(WANTED);
                    last_wanted = last_wanted.max(b1);
                    Falls::In(b0, b1)
                }
            })
            .collect();
        let n = pairs.len() as u128;
        let total_people: u128 = self.people.iter().sum();
        let positions = ranks(n); // 1-based
        let weighted = ranks(total_people.max(1));
        // Walk the running totals: the bucket of each facility rank and each person rank,
        // and the thresholds' buckets.
        let chosen = &mut self.chosen;
        chosen.clear();
        let (mut f, mut w) = (0, if total_people == 0 { MAX_RANKS } else { 0 });
        let (mut before, mut people_before) = (0u128, 0u128);
        for b in 0..n_buckets {
            let (count, people) = (u128::from(self.counts[b]), self.people[b]);
            let mut take = self.slot[b] == WANTED;
            self.slot[b] = 0;
            while f < MAX_RANKS && positions[f] <= before + count {
                take = true;
                f += 1;
            }
            while w < MAX_RANKS && weighted[w] <= people_before + people {
                take = true;
                w += 1;
            }
            if take {
                chosen.push(Chosen {
                    bucket: b,
                    before,
                    people_before,
                    start: 0,
                });
                self.slot[b] = chosen.len() as u32;
            }
            before += count;
            people_before += people;
            if f == MAX_RANKS && w == MAX_RANKS && b >= last_wanted {
                break;
            }
        }
        // Gather the chosen buckets' pairs, bucket after bucket.
        let mut start = 0;
        let next = &mut self.next;
        next.clear();
        for c in chosen.iter_mut() {
            c.start = start;
            next.push(start);
            start += self.counts[c.bucket] as usize;
        }
        self.gathered.clear();
        self.gathered.resize(start, pairs[0]);
        for x in pairs.iter() {
            let s = self.slot[bucket(x)];
            if s != 0 {
                let at = &mut next[s as usize - 1];
                self.gathered[*at] = *x;
                *at += 1;
            }
        }
        // Each threshold: the buckets above its uncertain keys whole, those holding them
        // pair by pair.
        for ((t, r), fall) in tests.iter().zip(reached.iter_mut()).zip(&falls) {
            *r = match *fall {
                Falls::Below => (pairs.len(), total_people),
                Falls::Above => (0, 0),
                Falls::Tested => count_directly(pairs, t),
                Falls::In(b0, b1) => {
                    let above = b1 + 1..n_buckets;
                    let mut f: usize = self.counts[above.clone()].iter().map(|&c| c as usize).sum();
                    let mut people: u128 = self.people[above].iter().sum();
                    for b in b0..=b1 {
                        let c = chosen[self.slot[b] as usize - 1];
                        let block = &self.gathered[c.start..c.start + self.counts[b] as usize];
                        let (bf, bp) = count_directly(block, t);
                        f += bf;
                        people += bp;
                    }
                    (f, people)
                }
            };
        }
        // Each rank in its bucket.
        let mut facility = [pairs[0]; MAX_RANKS];
        let mut person = [pairs[0]; MAX_RANKS];
        let (mut f, mut w) = (0, 0);
        for c in chosen.iter() {
            let count = self.counts[c.bucket] as usize;
            let block = &mut self.gathered[c.start..c.start + count];
            let mut local = [0usize; MAX_RANKS];
            let mut m = 0;
            while f + m < MAX_RANKS && positions[f + m] <= c.before + count as u128 {
                local[m] = (positions[f + m] - 1 - c.before) as usize;
                m += 1;
            }
            select_positions(block, &local[..m], &mut facility[f..f + m]);
            f += m;
            if total_people > 0 {
                let people = self.people[c.bucket];
                let mut local = [0u128; MAX_RANKS];
                let mut m = 0;
                while w + m < MAX_RANKS && weighted[w + m] <= c.people_before + people {
                    local[m] = weighted[w + m] - c.people_before;
                    m += 1;
                }
                select_weighted(
                    block,
                    |x: &Keyed| u128::from(x.pair().0),
                    &local[..m],
                    &mut person[w..w + m],
                );
                w += m;
            }
        }
        debug_assert_eq!(f, MAX_RANKS);
        let population = (total_people > 0).then(|| {
            debug_assert_eq!(w, MAX_RANKS);
            Distribution::of_five(person, total_people)
        });
        (Some(Distribution::of_five(facility, n)), population)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::Threshold;
    use proptest::prelude::*;

    fn keyed(v: &[(u64, u64)]) -> (Vec<Keyed>, u64, u64, bool) {
        let mut out = Vec::new();
        let (mut lo, mut hi, mut all) = (u64::MAX, 0, true);
        for &(p, c) in v {
            let (k, exact) = Keyed::new(p, c);
            lo = lo.min(k.key());
            hi = hi.max(k.key());
            all &= exact;
            out.push(k);
        }
        (out, lo, hi, all)
    }

    proptest! {
        /// Buckets give the pairs of the direct selection (and so of the full sort).
        #[test]
        fn buckets_match_direct_selection(
            v in prop_oneof![
                proptest::collection::vec((0u64..5_000, 1u64..3_000), 1_000..4_000),
                proptest::collection::vec((0u64..4, 1u64..4), 1_000..3_000),
                // many zeros: most pairs in the first bucket
                proptest::collection::vec((prop_oneof![Just(0u64), 1u64..100_000], 1u64..50), 1_000..3_000),
                proptest::collection::vec((0u64..u64::MAX, 1u64..u64::MAX), 1_000..1_500),
                proptest::collection::vec((0u64..1 << 53, 1u64..1 << 53), 1_000..1_500),
            ]
        ) {
            let (mut a, lo, hi, exact) = keyed(&v);
            let mut b = a.clone();
            // Thresholds on pairs' occupancies (the small counts' 1/2, 1, 3/2, 2, 3), between,
            // below and above all; reached above and at.
            let ts: Vec<Threshold> = [0.0, 50.0, 100.0, 120.0, 137.5, 150.0, 200.0, 300.0, 1e-9, 1e12]
                .iter()
                .flat_map(|&x| [Threshold::above("t", x).unwrap(), Threshold::at_least("t", x).unwrap()])
                .collect();
            let tests: Vec<Test<'_>> = ts.iter().map(Test::of).collect();
            let mut reached = vec![(0, 0); tests.len()];
            let got = Buckets::default().distributions(&mut a, lo, hi, exact, &tests, &mut reached);
            let want_reached: Vec<(usize, u128)> = tests.iter().map(|t| {
                let hits: Vec<&(u64, u64)> = v.iter().filter(|&&(p, c)| t.hit(p, c)).collect();
                (hits.len(), hits.iter().map(|&&(p, _)| u128::from(p)).sum())
            }).collect();
            prop_assert_eq!(reached, want_reached);
            if !exact {
                Keyed::unkey(&mut b);
            }
            let want = Distribution::of_pairs(&mut b);
            let parts = |d: Option<Distribution>| d.map(|d| ([d.min, d.q1, d.median, d.q3, d.max].map(|r| (r.numerator(), r.denominator())), d.weight));
            prop_assert_eq!(parts(got.0), parts(want.0));
            prop_assert_eq!(parts(got.1), parts(want.1));
        }
    }

    #[test]
    fn no_one_held() {
        let v: Vec<(u64, u64)> = (0..2_000).map(|i| (0, 1 + i % 97)).collect();
        let (mut a, lo, hi, exact) = keyed(&v);
        let (f, p) = Buckets::default().distributions(&mut a, lo, hi, exact, &[], &mut []);
        assert_eq!(f.unwrap().max.percent(), 0.0);
        assert!(p.is_none());
    }
}
