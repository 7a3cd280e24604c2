//! Invariants, by property testing.

use overcrowding::{Percent, Ratio, occupancy, pretrial_share, releases_needed, system_occupancy};
use proptest::prelude::*;

/// Exact rational rounding of 100·n/d to `dec` places, half away from zero, in u128.
fn reference_rounding(n: u64, d: u64, dec: u32) -> String {
    let scale = 10u128.pow(dec);
    let num = n as u128 * 100 * scale;
    let (q, r) = (num / d as u128, num % d as u128);
    let q = if 2 * r >= d as u128 { q + 1 } else { q };
    if dec == 0 {
        q.to_string()
    } else {
        format!("{}.{:0width$}", q / scale, q % scale, width = dec as usize)
    }
}

proptest! {
    #[test]
    fn share_is_within_unit_interval(total in 1u64.., frac in 0.0f64..=1.0) {
        let part = ((total as f64) * frac) as u64;
        let s = pretrial_share(part.min(total), total).unwrap();
        prop_assert!((0.0..=1.0).contains(&s.value()));
    }

    #[test]
    fn percent_rounded_equals_exact_rational_rounding(n in 0u64..10_000_000_000, d in 1u64..10_000_000_000, dec in 0u32..4) {
        let r = occupancy(n, d).unwrap();
        prop_assert_eq!(r.percent_rounded_string(dec).unwrap(), reference_rounding(n, d, dec));
        let expected: f64 = reference_rounding(n, d, dec).parse().unwrap();
        prop_assert_eq!(r.percent_rounded(dec), expected);
    }

    #[test]
    fn system_sum_over_sum_identity(pairs in prop::collection::vec((0u64..1_000_000, 1u64..1_000_000), 1..50)) {
        let s = system_occupancy(pairs.iter().copied()).unwrap();
        let pop: u128 = pairs.iter().map(|p| p.0 as u128).sum();
        let cap: u128 = pairs.iter().map(|p| p.1 as u128).sum();
        prop_assert_eq!(s.ratio, Ratio::new(pop, cap).unwrap());
        let surplus: u128 = pairs.iter().map(|&(p, c)| p.saturating_sub(c) as u128).sum();
        prop_assert_eq!(s.surplus, surplus);
        prop_assert!(s.overcrowded_facilities <= s.facilities);
        prop_assert!(s.people_in_overcrowded <= s.population);
    }

    #[test]
    fn releases_needed_is_the_smallest_sufficient(pop in 0u64..1_000_000, cap in 1u64..1_000_000, tenths in 0u32..3_000) {
        let target = f64::from(tenths) / 10.0;
        let n = releases_needed(pop, cap, target).unwrap();
        // (pop - n) / cap <= target / 100  <=>  (pop - n) * 1000 <= tenths * cap
        let ok = |k: u64| ((pop - k) as u128) * 1_000 <= tenths as u128 * cap as u128;
        prop_assert!(ok(n));
        prop_assert!(n == 0 || !ok(n - 1));
    }

    #[test]
    fn ratio_serde_round_trip(n in any::<u64>(), d in 1u64..) {
        let r = occupancy(n, d).unwrap();
        let back: Ratio = serde_json::from_str(&serde_json::to_string(&r).unwrap()).unwrap();
        prop_assert_eq!(back.numerator(), r.numerator());
        prop_assert_eq!(back.denominator(), r.denominator());
    }

    #[test]
    fn percent_round_trips_its_float(tenths in 0u64..10_000_000) {
        let v = tenths as f64 / 10.0;
        prop_assert_eq!(Percent::new(v).unwrap().value(), v);
    }
}
