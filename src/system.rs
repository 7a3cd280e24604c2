//! From facilities to the system: Σpopulation ÷ Σcapacity, and the figures that keep the
//! overcrowded prisons visible behind a system total.
//!
//! # Semantics (design note "System vs facility")
//!
//! - System occupancy is Σpopulation ÷ Σcapacity over the facilities of one date, against one
//!   named [`CapacityKind`](crate::CapacityKind) — never the mean of the facility ratios.
//! - It hides overcrowding, so a [`SystemSummary`] also reports the surplus Σmax(0, pop − cap),
//!   the number and share of facilities, and of people, above each threshold of a
//!   [`Standard`](crate::Standard) (and any extra thresholds), the facility-weighted and the
//!   population-weighted [`Distribution`] of occupancy (the latter: the occupancy experienced
//!   by the median prisoner), and the k most overcrowded facilities.
//! - **Pairwise complete**: only facilities reporting both numbers enter the sums; the
//!   [`Coverage`] lists every other facility and which number it lacks
//!   (covered + missing = all, always).
//! - Sums are exact `u128`; every ratio is a [`Ratio`](crate::Ratio); nothing is NaN.
//!
//! # Threads
//!
//! [`summarize_panel`] and [`summarize_panel_groups`] summarise their dates and groups in
//! parallel with [rayon](https://docs.rs/rayon), on the thread pool they
//! are called from: rayon's global pool (one thread per core) by default, or the caller's own
//! pool inside `pool.install(..)` — a pool of one thread runs them sequentially. Every
//! summary is computed by the same sequential code whatever the pool, so the results (and
//! the error, the earliest one in output order) are the same for any number of threads.
//!
//! ```
//! use overcrowding::{CapacityKind, Panel, Record};
//! use overcrowding::system::{SummaryOptions, summarize_panel};
//! let (a, b) = ("2024-11-29".parse().unwrap(), "2024-12-31".parse().unwrap());
//! let r = |id, d, p| Record::new(id, d).map(|x| x.with_population_total(p).with_capacity(CapacityKind::Cna, 100));
//! let p = Panel::new([r("A", a, 90)?, r("A", b, 110)?, r("B", b, 130)?])?;
//! let opts = SummaryOptions::new(CapacityKind::Cna);
//! let one = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
//! let sequential = one.install(|| summarize_panel(&p, &opts))?;
//! assert_eq!(sequential, summarize_panel(&p, &opts)?); // the global pool: same result
//! assert_eq!(sequential[1].summary.ratio()?.percent(), 120.0);
//! # Ok::<(), overcrowding::Error>(())
//! ```
//!
//! | entry point | input | output |
//! |---|---|---|
//! | [`summarize_panel`] | a [`Panel`](crate::Panel) (either number may be missing) | one [`SystemSummary`] per date |
//! | [`summarize_panel_groups`] | the same and a group key | one per date and group |
//! | [`system_occupancy`] | `(population, capacity)` pairs, all complete | the Σ/Σ figures alone |
//!
//! A summary of one date is that date's element (a panel of one date has one); a view of
//! some of the rows ([`PanelView`](crate::model::PanelView): `panel.view().filter(..)`,
//! `.on_dates(..)`) gives the summary of some facilities or dates, read in place.
//! [`coverage`] and [`facility_occupancies`] read a date's rows ([`Panel::on`](crate::Panel::on)).
//!
//! ```
//! use overcrowding::{CapacityKind, Panel, Record, Standard, Threshold};
//! use overcrowding::system::{SummaryOptions, summarize_panel};
//! let d = "2021-06-30".parse().unwrap();
//! let r = |id, p, c| Record::new(id, d).map(|x| x.with_population_total(p).with_capacity(CapacityKind::Design, c));
//! let p = Panel::new([r("A", 2_900, 2_050)?, r("B", 700, 800)?,
//!                     Record::new("C", d)?.with_population_total(450)])?;
//! let opts = SummaryOptions::new(CapacityKind::Design)
//!     .with_standard(&Standard::critical())
//!     .with_threshold(Threshold::above("above 150 %", 150.0)?);
//! let s = &summarize_panel(&p, &opts)?[0].summary;
//! assert_eq!(s.ratio()?.percent_rounded(1), 126.3);           // 3,600 / 2,850
//! assert_eq!(s.system.as_ref().unwrap().surplus, 850);        // in A alone
//! assert_eq!(s.thresholds[1].facilities, 1);                  // ≥ 120 %: A
//! assert_eq!(s.coverage.covered, 2);
//! # Ok::<(), overcrowding::Error>(())
//! ```

mod buckets;
mod coverage;
mod distribution;
mod needed;
mod observation;
mod occupancy;
mod panel;
mod parallel;
mod pass;
mod quantile;
mod select;
mod summary;
mod sums;

pub use coverage::{Coverage, Lacks, MissingFacility, coverage, latest_capacity};
pub use distribution::Distribution;
pub use needed::{
    PlacesNeeded, ReleasesNeeded, additional_places_needed, places_needed_by_facility,
    releases_needed_by_facility,
};
pub use observation::FacilityOccupancy;
pub use occupancy::{SystemOccupancy, system_occupancy};
pub use panel::{DatedGroupSummary, DatedSummary, summarize_panel, summarize_panel_groups};
pub use summary::{SummaryOptions, SystemSummary, ThresholdCount, facility_occupancies};
pub use sums::{SystemSums, system_sums};

#[cfg(test)]
mod tests {
    use super::*;

    use crate::{CapacityKind, Panel, Record};

    /// One facility on 2021-06-30: its population and design capacity, either missing.
    fn obs(id: &str, p: Option<u64>, c: Option<u64>) -> Record {
        let r = Record::new(id, jiff::civil::date(2021, 6, 30)).unwrap();
        let r = match p {
            Some(p) => r.with_population_total(p),
            None => r,
        };
        match c {
            Some(c) => r.with_capacity(CapacityKind::Design, c),
            None => r,
        }
    }

    /// The summary of one date's records (the panel path).
    fn summarize(records: &[Record], opts: &SummaryOptions) -> crate::Result<SystemSummary> {
        let panel = Panel::new(records.iter().cloned())?;
        Ok(summarize_panel(&panel, opts)?.remove(0).summary)
    }

    #[test]
    fn hand_computed_summary() {
        use crate::{CapacityKind, Standard, Threshold};
        // Occupancies: A 200 %, B 150 %, C 120 %, D 100 %, E 50 %; F lacks capacity, G population.
        let o = vec![
            obs("E", Some(50), Some(100)),
            obs("A", Some(400), Some(200)),
            obs("C", Some(120), Some(100)),
            obs("F", Some(77), None),
            obs("B", Some(300), Some(200)),
            obs("D", Some(100), Some(100)),
            obs("G", None, Some(10)),
        ];
        let opts = SummaryOptions::new(CapacityKind::Design)
            .with_standard(&Standard::critical())
            .with_threshold(Threshold::at_least("150 % or more", 150.0).unwrap())
            .with_top(2);
        let s = summarize(&o, &opts).unwrap();
        let sys = s.system.clone().unwrap();
        // Σpop = 50+400+120+300+100 = 970; Σcap = 100+200+100+200+100 = 700.
        assert_eq!((sys.population, sys.capacity), (970, 700));
        assert_eq!(sys.ratio, crate::Ratio::new(97u64, 70u64).unwrap());
        // Surplus: 200 + 20 + 100 = 320.
        assert_eq!(sys.surplus, 320);
        let counts: Vec<(usize, u128)> = s
            .thresholds
            .iter()
            .map(|t| (t.facilities, t.people))
            .collect();
        // > 100 %: A, B, C (820); ≥ 120 %: A, B, C (820); ≥ 150 %: A, B (700).
        assert_eq!(counts, vec![(3, 820), (3, 820), (2, 700)]);
        // Facility-weighted, n = 5: ranks 1, 2, 3, 4, 5 → 50, 100, 120, 150, 200.
        let f = s.facility_weighted.unwrap();
        assert_eq!(
            [f.min, f.q1, f.median, f.q3, f.max].map(|r| r.percent()),
            [50.0, 100.0, 120.0, 150.0, 200.0]
        );
        // Population-weighted, W = 970: cumulative 50, 150, 270, 570, 970;
        // ranks 1, 243, 485, 728, 970 → 50, 120, 150, 200, 200.
        let p = s.population_weighted.unwrap();
        assert_eq!(
            [p.min, p.q1, p.median, p.q3, p.max].map(|r| r.percent()),
            [50.0, 120.0, 150.0, 200.0, 200.0]
        );
        let ids: Vec<&str> = s.most_overcrowded.iter().map(|f| f.id.as_str()).collect();
        assert_eq!(ids, vec!["A", "B"]);
        assert_eq!(s.coverage.covered, 5);
        assert_eq!(s.coverage.population_reported, 1_047);
        let miss: Vec<(&str, Lacks)> = s
            .coverage
            .missing
            .iter()
            .map(|m| (m.id.as_str(), m.lacks))
            .collect();
        assert_eq!(miss, vec![("F", Lacks::Capacity), ("G", Lacks::Population)]);
    }

    #[test]
    fn nothing_covered_is_not_a_number() {
        let o = [obs("A", Some(5), None), obs("B", None, None)];
        let s = summarize(&o, &SummaryOptions::new(crate::CapacityKind::Design)).unwrap();
        assert!(s.system.is_none() && s.facility_weighted.is_none());
        assert!(s.ratio().is_err());
        assert_eq!(s.coverage.missing[1].lacks, Lacks::Both);
        assert!(summarize(&[], &SummaryOptions::new(crate::CapacityKind::Design)).is_err());
        // A zero capacity never reaches a summary: the record's check refuses it, naming the
        // facility.
        let err = Record::new("Z", jiff::civil::date(2021, 6, 30))
            .unwrap()
            .with_capacity(CapacityKind::Design, 0)
            .check()
            .unwrap_err()
            .to_string();
        assert!(err.contains("facility \"Z\""), "{err}");
    }

    #[test]
    fn duplicates_are_found_among_many() {
        let mut o: Vec<Record> = (0..5_000)
            .map(|i| obs(&format!("F{i}"), Some(1), Some(1)))
            .collect();
        o.push(obs("F4321", Some(2), Some(2)));
        o.push(obs("F17", Some(2), Some(2)));
        // A facility twice on one date is refused by the panel, the first repeat named.
        let err = Panel::new(o.iter().cloned()).unwrap_err();
        assert!(err.to_string().contains("facility \"F4321\""), "{err}");
        o.truncate(5_000);
        let p = Panel::new(o).unwrap();
        let opts = SummaryOptions::new(CapacityKind::Design);
        assert!(summarize_panel_groups(&p, "group", &opts).is_ok());
    }

    #[test]
    fn top_k_ties_break_by_population_then_id() {
        let o: Vec<Record> = (0..50)
            .map(|i| {
                obs(
                    &format!("F{i:02}"),
                    Some(150 + (i % 3)),
                    Some(100 + (i % 3)),
                )
            })
            .collect();
        let s = summarize(
            &o,
            &SummaryOptions::new(crate::CapacityKind::Design).with_top(3),
        )
        .unwrap();
        // 150/100 = 1.5 is the highest occupancy (151/101, 152/102 are lower).
        let ids: Vec<&str> = s.most_overcrowded.iter().map(|f| f.id.as_str()).collect();
        assert_eq!(ids, vec!["F00", "F03", "F06"]);
    }

    proptest::proptest! {
        #[test]
        fn sum_over_sum_and_coverage_accounting(
            rows in proptest::collection::vec(
                (proptest::option::of(0u64..u64::MAX), proptest::option::of(1u64..u64::MAX)),
                1..60,
            )
        ) {
            let o: Vec<Record> = rows
                .iter()
                .enumerate()
                .map(|(i, &(p, c))| obs(&format!("F{i}"), p, c))
                .collect();
            let s = summarize(&o, &SummaryOptions::new(crate::CapacityKind::Design)).unwrap();
            let cov = &s.coverage;
            proptest::prop_assert_eq!(cov.covered + cov.missing.len(), cov.facilities);
            proptest::prop_assert_eq!(cov.facilities, rows.len());
            let complete: Vec<(u64, u64)> =
                rows.iter().filter_map(|&(p, c)| p.zip(c)).collect();
            let missing_pop: u128 = cov.missing.iter().filter_map(|m| m.population).map(u128::from).sum();
            proptest::prop_assert_eq!(cov.population_covered + missing_pop, cov.population_reported);
            if complete.is_empty() {
                proptest::prop_assert!(s.system.is_none());
            } else {
                let sp: u128 = complete.iter().map(|&(p, _)| p as u128).sum();
                let sc: u128 = complete.iter().map(|&(_, c)| c as u128).sum();
                let sys = s.system.unwrap();
                proptest::prop_assert_eq!(sys.ratio, crate::Ratio::new(sp, sc).unwrap());
                proptest::prop_assert_eq!(sys.ratio.numerator(), cov.population_covered);
                proptest::prop_assert_eq!(sys.ratio.denominator(), cov.capacity_covered);
                let f = s.facility_weighted.unwrap();
                proptest::prop_assert!(f.min <= f.q1 && f.q1 <= f.median && f.median <= f.q3 && f.q3 <= f.max);
            }
        }
    }
}
