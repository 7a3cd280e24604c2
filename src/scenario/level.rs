//! Moving people one at a time by occupancy, in work that scales with the facilities rather
//! than the people (water-filling on the occupancy level).
//!
//! Both rules are greedy over "keys": removing people from the most occupied facility takes,
//! from facility `j`, keys `(q_j − m) / c_j` for `m = 0, 1, …` (each smaller than the last);
//! placing people where the occupancy after receipt is lowest gives keys `(q_j + k) / c_j` for
//! `k = 1, 2, …` (each larger). A greedy that always takes the best head key takes the keys in
//! merged order, ties to the lower index. So a prefix of that order can be taken at once: every
//! key strictly beyond a level `t` is counted per facility in closed form, and a binary search
//! over `t` (the bit patterns of positive `f64`s, each an exact rational `m · 2^e`) finds the
//! level where that count first stays within the request. What is left — keys within one `f64`
//! step of the level, at most a few per facility — goes through the exact per-person heap, so the
//! result is the one the per-person greedy gives, key for key and tie for tie.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use crate::metrics::Ratio;

/// Above every key a caller can produce: populations and capacities are `u64`, a request is
/// at most `u64::MAX` people, so every key that can be taken is below 2^66.
const TOP: f64 = 73_786_976_294_838_206_464.0; // 2^66

/// `t = m · 2^e` exactly, for a finite `t ≥ 0`.
fn parts(t: f64) -> (u128, i32) {
    let bits = t.to_bits();
    let exp = i32::try_from((bits >> 52) & 0x7ff).unwrap_or(0);
    let frac = u128::from(bits & ((1u64 << 52) - 1));
    if exp == 0 {
        (frac, -1074)
    } else {
        (frac | (1u128 << 52), exp - 1075)
    }
}

/// `(⌊t·c⌋, ⌈t·c⌉)`, each `u128::MAX` when it does not fit (then it is above every count).
fn floor_ceil(t: f64, c: u128) -> (u128, u128) {
    let (m, e) = parts(t);
    let Some(prod) = m.checked_mul(c) else {
        return (u128::MAX, u128::MAX);
    };
    if e >= 0 {
        let shifted = u32::try_from(e)
            .ok()
            .filter(|&s| s < 128 && prod.leading_zeros() >= s)
            .map_or(u128::MAX, |s| prod << s);
        return (shifted, shifted);
    }
    let s = e.unsigned_abs();
    if s >= 128 {
        return (0, u128::from(prod > 0));
    }
    let floor = prod >> s;
    let exact = prod & ((1u128 << s) - 1) == 0;
    (floor, if exact { floor } else { floor + 1 })
}

/// The smallest `t` in `[0, TOP]` (as bits) where `count(t) ≤ budget`, for `count` non-increasing
/// in `t` with `count(TOP) ≤ budget`.
fn lowest_within(budget: u128, count: impl Fn(f64) -> u128) -> f64 {
    let (mut lo, mut hi) = (0u64, TOP.to_bits());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if count(f64::from_bits(mid)) <= budget {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    f64::from_bits(hi)
}

/// The largest `t` in `[0, TOP]` (as bits) where `count(t) ≤ budget`, for `count`
/// non-decreasing in `t` with `count(0) = 0`.
fn highest_within(budget: u128, count: impl Fn(f64) -> u128) -> f64 {
    let (mut lo, mut hi) = (0u64, TOP.to_bits());
    while lo < hi {
        let mid = lo + (hi - lo).div_ceil(2);
        if count(f64::from_bits(mid)) <= budget {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    f64::from_bits(lo)
}

/// `n / d` as a [`Ratio`]. Capacities are ≥ 1 wherever facilities are built (and checked
/// on deserialisation), so `d` is never 0 here; a 0 would compare as `n / 1`.
fn ratio(n: u128, d: u128) -> Ratio {
    Ratio::of_nonzero(
        n,
        std::num::NonZeroU128::new(d).unwrap_or(std::num::NonZeroU128::MIN),
    )
}

/// Removes `count` people one at a time from the most occupied facility (`q_j / c_j` highest,
/// ties to the lower index), at most `limit[j]` from facility `j`. The caller guarantees
/// `count ≤ Σ limit` and `limit[j] ≤ q[j]`.
pub(super) fn shed(q: &mut [u128], c: &[u128], limit: &[u128], count: u128) {
    let n = q.len().min(c.len()).min(limit.len());
    // Keys strictly above t from facility j: m with q_j − m > t·c_j, i.e. q_j − ⌊t·c_j⌋ of them.
    let above = |t: f64, j: usize| -> u128 {
        let (floor, _) = floor_ceil(t, c[j]);
        q[j].saturating_sub(floor).min(limit[j])
    };
    let t = lowest_within(count, |t| {
        (0..n).fold(0u128, |s, j| s.saturating_add(above(t, j)))
    });
    let bulk: Vec<u128> = (0..n).map(|j| above(t, j)).collect();
    let mut left = count;
    let mut rest: Vec<u128> = limit.to_vec();
    for j in 0..n {
        q[j] -= bulk[j];
        rest[j] -= bulk[j];
        left -= bulk[j];
    }
    // The keys within one float step of the level, per person, exactly as the greedy.
    let mut heap: BinaryHeap<(Ratio, Reverse<usize>)> = (0..n)
        .filter(|&j| rest[j] > 0)
        .map(|j| (ratio(q[j], c[j]), Reverse(j)))
        .collect();
    while left > 0 {
        let Some((_, Reverse(j))) = heap.pop() else {
            break;
        };
        q[j] -= 1;
        rest[j] -= 1;
        left -= 1;
        if rest[j] > 0 {
            heap.push((ratio(q[j], c[j]), Reverse(j)));
        }
    }
}

/// Places `count` people one at a time where the occupancy after receipt, `(q_j + 1) / c_j`,
/// is lowest (ties to the lower index), among facilities below their cap. The caller
/// guarantees enough room.
pub(super) fn place(q: &mut [u128], c: &[u128], caps: &[u128], count: u128) {
    let n = q.len().min(c.len()).min(caps.len());
    // Keys strictly below t from facility j: k ≥ 1 with q_j + k < t·c_j, i.e.
    // ⌈t·c_j⌉ − 1 − q_j of them, at most its room.
    let below = |t: f64, j: usize| -> u128 {
        let (_, ceil) = floor_ceil(t, c[j]);
        let room = caps[j].saturating_sub(q[j]);
        ceil.saturating_sub(1).saturating_sub(q[j]).min(room)
    };
    let t = highest_within(count, |t| {
        (0..n).fold(0u128, |s, j| s.saturating_add(below(t, j)))
    });
    let bulk: Vec<u128> = (0..n).map(|j| below(t, j)).collect();
    let mut left = count;
    for j in 0..n {
        q[j] += bulk[j];
        left -= bulk[j];
    }
    let mut heap: BinaryHeap<Reverse<(Ratio, usize)>> = (0..n)
        .filter(|&j| q[j] < caps[j])
        .map(|j| Reverse((ratio(q[j] + 1, c[j]), j)))
        .collect();
    while left > 0 {
        let Some(Reverse((_, j))) = heap.pop() else {
            break;
        };
        q[j] += 1;
        left -= 1;
        if q[j] < caps[j] {
            heap.push(Reverse((ratio(q[j] + 1, c[j]), j)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The per-person greedy this module replaces (one heap operation per person).
    fn shed_per_person(q: &mut [u128], c: &[u128], limit: &[u128], count: u128) {
        let mut rest = limit.to_vec();
        let mut heap: BinaryHeap<(Ratio, Reverse<usize>)> = (0..q.len())
            .filter(|&j| rest[j] > 0)
            .map(|j| (ratio(q[j], c[j]), Reverse(j)))
            .collect();
        for _ in 0..count {
            let (_, Reverse(j)) = heap.pop().unwrap();
            q[j] -= 1;
            rest[j] -= 1;
            if rest[j] > 0 {
                heap.push((ratio(q[j], c[j]), Reverse(j)));
            }
        }
    }

    /// The per-person placement this module replaces.
    fn place_per_person(q: &mut [u128], c: &[u128], caps: &[u128], count: u128) {
        let mut heap: BinaryHeap<Reverse<(Ratio, usize)>> = (0..q.len())
            .filter(|&j| q[j] < caps[j])
            .map(|j| Reverse((ratio(q[j] + 1, c[j]), j)))
            .collect();
        for _ in 0..count {
            let Reverse((_, j)) = heap.pop().unwrap();
            q[j] += 1;
            if q[j] < caps[j] {
                heap.push(Reverse((ratio(q[j] + 1, c[j]), j)));
            }
        }
    }

    fn facilities() -> impl Strategy<Value = Vec<(u128, u128, u128)>> {
        // (population, capacity, limit-or-cap seed); small values make ties frequent.
        prop::collection::vec((0u128..60, 1u128..25, 0u128..80), 1..8)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2_000))]

        #[test]
        fn shed_agrees_with_the_per_person_greedy(f in facilities(), pick in 0u128..1_000) {
            let q0: Vec<u128> = f.iter().map(|x| x.0).collect();
            let c: Vec<u128> = f.iter().map(|x| x.1).collect();
            let limit: Vec<u128> = f.iter().map(|x| x.2.min(x.0)).collect();
            let total: u128 = limit.iter().sum();
            let count = if total == 0 { 0 } else { pick % (total + 1) };
            let (mut a, mut b) = (q0.clone(), q0.clone());
            shed(&mut a, &c, &limit, count);
            shed_per_person(&mut b, &c, &limit, count);
            prop_assert_eq!(a, b);
        }

        #[test]
        fn place_agrees_with_the_per_person_greedy(f in facilities(), pick in 0u128..1_000, open in any::<bool>()) {
            let mut q0: Vec<u128> = f.iter().map(|x| x.0).collect();
            let c: Vec<u128> = f.iter().map(|x| x.1).collect();
            let caps: Vec<u128> = f.iter().map(|x| if open { u128::MAX } else { x.0 + x.2 % 7 }).collect();
            q0.iter_mut().zip(&caps).for_each(|(q, &cap)| *q = (*q).min(cap));
            let room: u128 = q0.iter().zip(&caps).map(|(&q, &cap)| cap.saturating_sub(q).min(10_000)).sum();
            let count = pick % (room + 1);
            let (mut a, mut b) = (q0.clone(), q0.clone());
            place(&mut a, &c, &caps, count);
            place_per_person(&mut b, &c, &caps, count);
            prop_assert_eq!(a, b);
        }
    }

    #[test]
    fn huge_counts_take_facility_scaled_work() {
        // Releasing 10^10 of 3 × 10^12 people over three facilities: per person this did not
        // finish in 15 s; by level it is a binary search of 64 steps.
        let mut q = vec![1_000_000_000_000u128, 1_500_000_000_000, 500_000_000_000];
        let c = vec![700_000_000_000u128, 1_000_000_000_000, 600_000_000_000];
        let limit = q.clone();
        // No wall-clock assert (timings belong in benches): per person this test would hang.
        shed(&mut q, &c, &limit, 10_000_000_000);
        assert_eq!(q.iter().sum::<u128>(), 3_000_000_000_000 - 10_000_000_000);
        let caps = vec![u128::MAX; 3];
        place(&mut q, &c, &caps, 10_000_000_000);
        assert_eq!(q.iter().sum::<u128>(), 3_000_000_000_000);
    }
}
