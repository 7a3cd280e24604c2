//! Seeded, counter-based draws (the same numbers for any number of threads) and lengths of
//! stay in days at a quantile of a [`StayDistribution`].

use crate::flow::{DAYS_PER_MONTH, StayDistribution};

/// SplitMix64's finaliser: a good 64-bit mix of a counter.
pub(crate) fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The `k`-th draw for (seed, path, item): a uniform number in [0, 1).
pub(crate) fn unit(seed: u64, path: u64, item: u64, k: u64) -> f64 {
    let h = mix(seed ^ mix(path ^ mix(item.wrapping_mul(4).wrapping_add(k))));
    (h >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// The longest stay a quantile gives: 100 years of months.
const MAX_MONTHS: usize = 1_200;

/// A distribution's survival at whole months, for its quantiles in days (linear within a
/// month).
#[derive(Debug, Clone)]
pub(crate) struct DayQuantile {
    survival: Vec<f64>,
}

impl DayQuantile {
    /// From a distribution that passed `validate`.
    pub(crate) fn new(d: &StayDistribution) -> DayQuantile {
        let mut survival = vec![1.0];
        let mut s = 1.0;
        for a in 0..MAX_MONTHS {
            s *= 1.0 - d.exit_probability_valid(a);
            survival.push(s);
            if s < 1e-12 {
                break;
            }
        }
        DayQuantile { survival }
    }

    /// The length in days below which a share `u` of stays ends (`u` in [0, 1)).
    pub(crate) fn days(&self, u: f64) -> u32 {
        let q = 1.0 - u;
        // The first month whose end survival is at or below q.
        let m = self.survival[1..].partition_point(|&s| s > q);
        if m + 1 >= self.survival.len() {
            return ((self.survival.len() - 1) as f64 * DAYS_PER_MONTH).round() as u32;
        }
        let (hi, lo) = (self.survival[m], self.survival[m + 1]);
        let frac = if hi > lo { (hi - q) / (hi - lo) } else { 0.0 };
        ((m as f64 + frac.clamp(0.0, 1.0)) * DAYS_PER_MONTH).round() as u32
    }

    /// The share of stays longer than `days` (linear within a month, as [`Self::days`]).
    pub(crate) fn survival_at(&self, days: f64) -> f64 {
        let m = days.max(0.0) / DAYS_PER_MONTH;
        let i = m.floor() as usize;
        match (self.survival.get(i), self.survival.get(i + 1)) {
            (Some(&hi), Some(&lo)) => hi + (m - i as f64) * (lo - hi),
            (Some(&s), None) => s,
            _ => *self.survival.last().expect("survival starts at 1"),
        }
    }

    /// The length in days at quantile `u` of a stay already `served` days long (the
    /// distribution conditional on lasting beyond `served`): at least `served + 1`, so the
    /// person is held on the day `served` days after admission.
    pub(crate) fn days_beyond(&self, served: u32, u: f64) -> u32 {
        let q = self.survival_at(f64::from(served)) * (1.0 - u);
        self.days(1.0 - q).max(served.saturating_add(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_of_a_geometric_stay() {
        let q = DayQuantile::new(&StayDistribution::Geometric { monthly_exit: 0.5 });
        // Half leave in the first month: the median is the end of month 1.
        assert_eq!(q.days(0.5), DAYS_PER_MONTH.round() as u32);
        assert_eq!(q.days(0.0), 0);
        assert!(q.days(0.75) > q.days(0.5));
    }

    #[test]
    fn units_lie_in_the_unit_interval() {
        for i in 0..1000 {
            let u = unit(1, 2, i, 0);
            assert!((0.0..1.0).contains(&u));
        }
        assert_ne!(unit(1, 2, 3, 0), unit(1, 2, 3, 1));
    }
}
