//! Optimal rebalancing of people between facilities under a budget of transfers.
//!
//! # Algorithm (minimise the maximum occupancy)
//!
//! Let `p_i` be the populations, `c_i` the capacities, `T` the number of transfers allowed
//! (one transfer moves one person) and `L_i` an optional ceiling on what a receiving facility
//! may hold. For a target occupancy `r`, facility `i` may hold at most `f_i(r) = ⌊r·c_i⌋`
//! people. The target is reachable iff
//!
//! - `need(r) = Σ max(0, p_i − f_i(r)) ≤ T` (the people that must leave), and
//! - `need(r) ≤ room(r) = Σ max(0, min(f_i(r), L_i) − p_i)` (the places that may take them).
//!
//! Both conditions are monotone in `r` (need falls, room grows), and `f_i` only changes at
//! `r = k / c_i`, so the set of reachable targets is `[r*, ∞)` with `r* = k / c_i` for some
//! facility `i` and integer `k`. For each facility we binary-search the smallest such `k`
//! (exact integer feasibility, no floats), and `r*` is the smallest of these fractions
//! (exact [`Ratio`] comparison). Any plan needs at least `need(r*)` transfers to reach `r*`
//! and no plan can reach below `r*` (the conditions are necessary), so the plan is optimal; it
//! uses exactly `need(r*)` transfers: each over-target facility sheds down to `⌊r*·c_i⌋`, and
//! the people shed are placed one at a time in the receiving facility with the lowest
//! occupancy after receipt, `(q + 1) / c`, among those below `min(⌊r*·c⌋, L)`.
//! Cost: `O(n² log P)` for the search and `O((moved) log n)` for the placement.
//!
//! # Algorithm (minimise the total surplus Σ max(0, q − c))
//!
//! One transfer lowers the surplus by at most one, and only when it takes a person from a
//! facility above capacity to one below `min(capacity, ceiling)`. So the best reduction is
//! `min(T, Σ surplus, Σ free places below capacity and ceiling)`; the plan moves that many,
//! each from the currently most occupied facility above capacity to the facility with the
//! lowest occupancy after receipt that still has a free place.
//!
//! Both claims are checked against exhaustive search on small systems in the tests.

use crate::ErrorKind;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::metrics::Ratio;

/// What an optimal rebalance minimises.
///
/// ```
/// use overcrowding::{scenario::rebalance_plan, scenario::Objective};
/// let plan = rebalance_plan(&[12, 4], &[10, 10], &[None, None], 5, Objective::MaxOccupancy).unwrap();
/// assert_eq!(plan.populations, vec![8, 8]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Objective {
    /// The highest facility occupancy.
    MaxOccupancy,
    /// The total surplus Σ max(0, population − capacity).
    TotalSurplus,
}

/// One transfer of `count` people from facility index `from` to facility index `to`.
///
/// ```
/// use overcrowding::{scenario::rebalance_plan, scenario::Objective};
/// let plan = rebalance_plan(&[12, 4], &[10, 10], &[None, None], 5, Objective::TotalSurplus).unwrap();
/// assert_eq!((plan.moves[0].from, plan.moves[0].to, plan.moves[0].count), (0, 1, 2));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Move {
    /// Index of the sending facility.
    pub from: usize,
    /// Index of the receiving facility.
    pub to: usize,
    /// People moved.
    pub count: u64,
}

/// The result of [`rebalance_plan`].
///
/// ```
/// use overcrowding::{scenario::rebalance_plan, scenario::Objective};
/// let plan = rebalance_plan(&[15, 5, 4], &[10, 10, 5], &[None, None, None], 10, Objective::MaxOccupancy).unwrap();
/// assert_eq!(plan.max_occupancy.percent_rounded(0), 100.0);
/// assert_eq!(plan.transfers, 5);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RebalancePlan {
    /// The populations after the moves, in input order.
    pub populations: Vec<u64>,
    /// The transfers, aggregated by (from, to).
    pub moves: Vec<Move>,
    /// People moved in total (≤ the budget).
    pub transfers: u64,
    /// The highest occupancy after the moves.
    pub max_occupancy: Ratio,
    /// The total surplus Σ max(0, population − capacity) after the moves.
    pub surplus: u128,
}

/// Plans an optimal rebalance of `populations` over facilities with `capacities` using at
/// most `budget` one-person transfers; `ceilings[i]`, when given, caps what facility `i` may
/// hold after receiving people (it never forces a facility already above it to send). The
/// algorithms and their optimality arguments are in the [module docs](crate::scenario::rebalance).
///
/// # Errors
///
/// [`ErrorKind::Empty`] with no facilities; [`ErrorKind::InvalidParameter`] when the three slices
/// differ in length; [`ErrorKind::ZeroDenominator`] when a capacity is 0.
///
/// ```
/// use overcrowding::{scenario::rebalance_plan, scenario::Objective};
/// // 30 held in 20 places, 5 held in 10, 5 in 10: the best 8 transfers reach 22/20 = 110 %.
/// let plan = rebalance_plan(&[30, 5, 5], &[20, 10, 10], &[None, None, None], 8, Objective::MaxOccupancy).unwrap();
/// assert_eq!(plan.populations, vec![22, 9, 9]);
/// assert_eq!(plan.max_occupancy.percent_rounded(0), 110.0);
/// ```
pub fn rebalance_plan(
    populations: &[u64],
    capacities: &[u64],
    ceilings: &[Option<u64>],
    budget: u64,
    objective: Objective,
) -> Result<RebalancePlan> {
    let n = populations.len();
    if n == 0 {
        return Err(Error::from(ErrorKind::Empty { what: "facilities" }));
    }
    for (what, found) in [
        ("capacities", capacities.len()),
        ("ceilings", ceilings.len()),
    ] {
        if found != n {
            return Err(Error::from(ErrorKind::LengthMismatch {
                what,
                expected: n,
                found,
            }));
        }
    }
    if capacities.contains(&0) {
        return Err(Error::from(ErrorKind::ZeroDenominator { what: "capacity" }));
    }
    let p: Vec<u128> = populations.iter().map(|&x| x as u128).collect();
    let c: Vec<u128> = capacities.iter().map(|&x| x as u128).collect();
    let lim: Vec<u128> = ceilings
        .iter()
        .map(|l| l.map_or(u128::MAX, |x| x as u128))
        .collect();
    let budget = budget as u128;
    let (q, sheds) = match objective {
        Objective::MaxOccupancy => plan_max(&p, &c, &lim, budget),
        Objective::TotalSurplus => plan_surplus(&p, &c, &lim, budget),
    };
    finish(&p, &c, q, sheds)
}

/// `⌊k · cj / ci⌋`, saturating (the result is only compared with `u64` counts).
fn floor_at(k: u128, ci: u128, cj: u128) -> u128 {
    (k / ci)
        .saturating_mul(cj)
        .saturating_add((k % ci) * cj / ci)
}

fn need_room(p: &[u128], c: &[u128], lim: &[u128], k: u128, ci: u128) -> (u128, u128) {
    let (mut need, mut room) = (0u128, 0u128);
    for j in 0..p.len() {
        let f = floor_at(k, ci, c[j]);
        if p[j] > f {
            need += p[j] - f;
        } else {
            room = room.saturating_add(f.min(lim[j]).saturating_sub(p[j]));
        }
    }
    (need, room)
}

fn plan_max(p: &[u128], c: &[u128], lim: &[u128], budget: u128) -> (Vec<u128>, Vec<u128>) {
    let n = p.len();
    // The currently most occupied facility: the target r = p_m / c_m is always reachable.
    let m = (0..n)
        .max_by(|&a, &b| ratio(p[a], c[a]).cmp(&ratio(p[b], c[b])))
        .expect("n > 0");
    let feasible = |k: u128, ci: u128| {
        let (need, room) = need_room(p, c, lim, k, ci);
        need <= budget && need <= room
    };
    let mut best: Option<(u128, u128)> = None;
    for &ci in c {
        let (mut lo, mut hi) = (0u128, floor_at(p[m], c[m], ci) + 1);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if feasible(mid, ci) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        if best.is_none_or(|(bk, bc)| ratio(lo, ci) < ratio(bk, bc)) {
            best = Some((lo, ci));
        }
    }
    let (k, ci) = best.expect("n > 0");
    let f: Vec<u128> = c.iter().map(|&cj| floor_at(k, ci, cj)).collect();
    let mut q = p.to_vec();
    let mut sheds = vec![0u128; n];
    let mut moving = 0u128;
    for j in 0..n {
        if p[j] > f[j] {
            sheds[j] = p[j] - f[j];
            q[j] = f[j];
            moving += sheds[j];
        }
    }
    let caps: Vec<u128> = (0..n)
        .map(|j| if sheds[j] > 0 { 0 } else { f[j].min(lim[j]) })
        .collect();
    place(&mut q, c, &caps, moving);
    (q, sheds)
}

fn plan_surplus(p: &[u128], c: &[u128], lim: &[u128], budget: u128) -> (Vec<u128>, Vec<u128>) {
    let n = p.len();
    let surplus: u128 = (0..n).map(|j| p[j].saturating_sub(c[j])).sum();
    let caps: Vec<u128> = (0..n)
        .map(|j| if p[j] > c[j] { 0 } else { c[j].min(lim[j]) })
        .collect();
    let free: u128 = (0..n).map(|j| caps[j].saturating_sub(p[j])).sum();
    let k = budget.min(surplus).min(free);
    let mut q = p.to_vec();
    let mut sheds = vec![0u128; n];
    // Shed one at a time (by level) from the most occupied facility still above capacity.
    let over: Vec<u128> = (0..n).map(|j| p[j].saturating_sub(c[j])).collect();
    super::level::shed(&mut q, c, &over, k);
    for j in 0..n {
        sheds[j] = p[j] - q[j];
    }
    place(&mut q, c, &caps, k);
    (q, sheds)
}

/// Places `count` people one at a time where the occupancy after receipt is lowest, among
/// facilities below their cap (by level, see [`super::level`]). The caller guarantees room.
pub(super) fn place(q: &mut [u128], c: &[u128], caps: &[u128], count: u128) {
    super::level::place(q, c, caps, count);
}

fn finish(p: &[u128], c: &[u128], q: Vec<u128>, sheds: Vec<u128>) -> Result<RebalancePlan> {
    let n = p.len();
    let mut moves = Vec::new();
    let mut gains: Vec<(usize, u128)> = (0..n)
        .filter(|&j| q[j] > p[j])
        .map(|j| (j, q[j] - p[j]))
        .collect();
    let mut r = 0;
    for (i, &s) in sheds.iter().enumerate() {
        let mut left = s;
        while left > 0 {
            let take = left.min(gains[r].1);
            moves.push(Move {
                from: i,
                to: gains[r].0,
                count: take as u64,
            });
            left -= take;
            gains[r].1 -= take;
            if gains[r].1 == 0 {
                r += 1;
            }
        }
    }
    let max_occupancy = (0..n).map(|j| ratio(q[j], c[j])).max().expect("n > 0");
    Ok(RebalancePlan {
        transfers: sheds.iter().sum::<u128>() as u64,
        surplus: (0..n).map(|j| q[j].saturating_sub(c[j])).sum(),
        populations: q.into_iter().map(|x| x as u64).collect(),
        moves,
        max_occupancy,
    })
}

fn ratio(n: u128, d: u128) -> Ratio {
    Ratio::new(n, d).expect("capacities are positive")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Every final allocation reachable with ≤ budget transfers, by exhaustive enumeration.
    fn brute(
        p: &[u64],
        c: &[u64],
        lim: &[Option<u64>],
        budget: u64,
    ) -> (Ratio, u128, Vec<Vec<u64>>) {
        let total: u64 = p.iter().sum();
        let mut best_max: Option<Ratio> = None;
        let mut best_surplus = u128::MAX;
        let mut all = Vec::new();
        let mut q = vec![0u64; p.len()];
        fn rec(
            i: usize,
            left: u64,
            q: &mut Vec<u64>,
            p: &[u64],
            lim: &[Option<u64>],
            budget: u64,
            out: &mut Vec<Vec<u64>>,
        ) {
            if i == q.len() - 1 {
                q[i] = left;
                let ok_lim = (0..q.len()).all(|j| q[j] <= p[j] || lim[j].is_none_or(|l| q[j] <= l));
                let moved: u64 = (0..q.len()).map(|j| p[j].saturating_sub(q[j])).sum();
                if ok_lim && moved <= budget {
                    out.push(q.clone());
                }
                return;
            }
            for x in 0..=left {
                q[i] = x;
                rec(i + 1, left - x, q, p, lim, budget, out);
            }
        }
        rec(0, total, &mut q, p, lim, budget, &mut all);
        for q in &all {
            let m = (0..q.len())
                .map(|j| Ratio::new(q[j], c[j]).unwrap())
                .max()
                .unwrap();
            if best_max.is_none_or(|b| m < b) {
                best_max = Some(m);
            }
            let s: u128 = (0..q.len())
                .map(|j| q[j].saturating_sub(c[j]) as u128)
                .sum();
            best_surplus = best_surplus.min(s);
        }
        (best_max.unwrap(), best_surplus, all)
    }

    fn check(p: &[u64], c: &[u64], lim: &[Option<u64>], budget: u64) {
        let (best_max, best_surplus, _) = brute(p, c, lim, budget);
        for objective in [Objective::MaxOccupancy, Objective::TotalSurplus] {
            let plan = rebalance_plan(p, c, lim, budget, objective).unwrap();
            // The plan is a valid allocation: same total, within budget and ceilings, and the
            // moves reproduce it.
            assert_eq!(plan.populations.iter().sum::<u64>(), p.iter().sum::<u64>());
            assert!(plan.transfers <= budget);
            let mut q = p.to_vec();
            for m in &plan.moves {
                q[m.from] -= m.count;
                q[m.to] += m.count;
            }
            assert_eq!(q, plan.populations);
            for j in 0..p.len() {
                if q[j] > p[j] {
                    assert!(lim[j].is_none_or(|l| q[j] <= l));
                }
            }
            match objective {
                Objective::MaxOccupancy => {
                    assert_eq!(plan.max_occupancy, best_max, "{p:?} {c:?} {lim:?} {budget}")
                }
                Objective::TotalSurplus => {
                    assert_eq!(plan.surplus, best_surplus, "{p:?} {c:?} {lim:?} {budget}")
                }
            }
        }
    }

    #[test]
    fn hand_computed_cases() {
        // 12 and 4 in 10 + 10: max falls to 80 % with 4 transfers.
        let plan = rebalance_plan(
            &[12, 4],
            &[10, 10],
            &[None, None],
            10,
            Objective::MaxOccupancy,
        )
        .unwrap();
        assert_eq!(plan.populations, vec![8, 8]);
        assert_eq!(plan.transfers, 4);
        // With a budget of 1: 11/10.
        let plan = rebalance_plan(
            &[12, 4],
            &[10, 10],
            &[None, None],
            1,
            Objective::MaxOccupancy,
        )
        .unwrap();
        assert_eq!(plan.populations, vec![11, 5]);
        // A ceiling of 6 on the receiver: 10 and 6.
        let plan = rebalance_plan(
            &[12, 4],
            &[10, 10],
            &[None, Some(6)],
            10,
            Objective::MaxOccupancy,
        )
        .unwrap();
        assert_eq!(plan.populations, vec![10, 6]);
        // Surplus: 2 over in the first, 6 free in the second -> surplus 0 after 2 transfers.
        let plan = rebalance_plan(
            &[12, 4],
            &[10, 10],
            &[None, None],
            10,
            Objective::TotalSurplus,
        )
        .unwrap();
        assert_eq!((plan.surplus, plan.transfers), (0, 2));
        // Budget 0 changes nothing.
        let plan = rebalance_plan(
            &[12, 4],
            &[10, 10],
            &[None, None],
            0,
            Objective::MaxOccupancy,
        )
        .unwrap();
        assert_eq!(plan.populations, vec![12, 4]);
        assert!(plan.moves.is_empty());
    }

    #[test]
    fn errors() {
        assert!(rebalance_plan(&[], &[], &[], 1, Objective::MaxOccupancy).is_err());
        assert!(rebalance_plan(&[1], &[0], &[None], 1, Objective::MaxOccupancy).is_err());
        assert!(rebalance_plan(&[1], &[1, 2], &[None], 1, Objective::MaxOccupancy).is_err());
    }

    #[test]
    fn brute_force_exhaustive_small() {
        // Every system of 3 facilities with capacities 1..=3, populations 0..=4, budgets 0..=3.
        for c0 in 1..=3u64 {
            for c1 in 1..=3u64 {
                for p0 in 0..=4u64 {
                    for p1 in 0..=4u64 {
                        for p2 in 0..=3u64 {
                            for budget in 0..=3u64 {
                                check(&[p0, p1, p2], &[c0, c1, 2], &[None, None, None], budget);
                            }
                        }
                    }
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        #[test]
        fn brute_force_random(
            p in proptest::collection::vec(0u64..7, 2..=4),
            c in proptest::collection::vec(1u64..6, 4),
            lim in proptest::collection::vec(proptest::option::of(0u64..8), 4),
            budget in 0u64..8,
        ) {
            let n = p.len();
            if p.iter().sum::<u64>() <= 9 {
                check(&p, &c[..n], &lim[..n], budget);
            }
        }
    }
}
