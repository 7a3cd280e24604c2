//! The system view reproduces the Cambodia 2021 seed figures from facility rows, and shows what
//! the system total hides.

use overcrowding::series::{Collision, DatedSeries, FacilityRegistry, align_as_of};
use overcrowding::system::{FacilityObservation, SummaryOptions, summarize, summarize_groups};
use overcrowding::{CapacityKind, Standard, Threshold, releases_needed};

/// 28 prisons, 27,000 design places, 39,000 held; 27 of them above 100 %.
fn cambodia_like() -> Vec<FacilityObservation> {
    let mut v: Vec<FacilityObservation> = (1..=27)
        .map(|i| {
            FacilityObservation::new(format!("P{i:02}"), Some(1_400), Some(950))
                .unwrap()
                .with_group(if i <= 10 { "Phnom Penh" } else { "provinces" })
        })
        .collect();
    v.push(
        FacilityObservation::new("P28", Some(1_200), Some(1_350))
            .unwrap()
            .with_group("provinces"),
    );
    v
}

#[test]
fn reproduces_the_seed_and_what_it_hides() {
    let opts = SummaryOptions::new(CapacityKind::Design)
        .with_standard(&Standard::critical())
        .unwrap()
        .with_threshold(Threshold::above("above 150 %", 150.0).unwrap());
    let s = summarize(&cambodia_like(), &opts).unwrap();
    let sys = s.system.as_ref().unwrap();
    assert_eq!((sys.population, sys.capacity), (39_000, 27_000));
    assert_eq!(sys.ratio.percent_rounded(1), 144.4);
    assert_eq!(sys.overcrowded_facilities, 27);
    assert_eq!(
        sys.share_of_facilities_overcrowded()
            .unwrap()
            .percent_rounded(1),
        96.4
    );
    // The system figure says 12,000 releases reach 100 %; the prisons lack 12,150 places,
    // because 150 places of slack in P28 cannot hold people from elsewhere.
    assert_eq!(releases_needed(39_000, 27_000, 100.0).unwrap(), 12_000);
    assert_eq!(sys.surplus, 12_150);
    // 1,400 / 950 = 147.4 %: critical (≥ 120 %) but not above 150 %.
    assert_eq!(s.thresholds[1].facilities, 27);
    assert_eq!(s.thresholds[2].facilities, 0);
    // The median prisoner lives at 147.4 %.
    let med = s.population_weighted.unwrap().median;
    assert_eq!(med.percent_rounded(1), 147.4);
    assert_eq!(s.coverage.share_of_facilities().unwrap().percent(), 100.0);

    let g = summarize_groups(&cambodia_like(), &opts).unwrap();
    let pp = &g[&Some("Phnom Penh".to_string())];
    assert_eq!(pp.coverage.facilities, 10);
    assert_eq!(pp.ratio().unwrap().percent_rounded(1), 147.4);
}

#[test]
fn coverage_reports_missing_numbers() {
    let mut rows = cambodia_like();
    rows[3].capacity = None;
    rows[7].population = None;
    let s = summarize(&rows, &SummaryOptions::new(CapacityKind::Design)).unwrap();
    assert_eq!(s.coverage.covered, 26);
    assert_eq!(s.coverage.missing.len(), 2);
    // Only complete pairs are summed: 39,000 − 2 × 1,400 held, 27,000 − 2 × 950 places.
    let sys = s.system.unwrap();
    assert_eq!((sys.population, sys.capacity), (36_200, 25_100));
}

#[test]
fn renamed_prison_is_not_counted_twice_over_time() {
    let d = |s: &str| s.parse().unwrap();
    let mut reg = FacilityRegistry::new();
    reg.alias("Prey Sar", "CC1", None, None)
        .unwrap()
        .alias("Correctional Centre 1", "CC1", None, None)
        .unwrap();
    let rows = [
        FacilityObservation::new("Prey Sar", Some(2_900), Some(2_050)).unwrap(),
        FacilityObservation::new("Correctional Centre 1", Some(2_900), Some(2_050)).unwrap(),
    ];
    assert!(
        reg.canonicalize(&rows, d("2021-06-30"), Collision::Error)
            .is_err()
    );

    // Capacities reported once a year, populations monthly: pairs report their age.
    let pop = DatedSeries::from_pairs([("2021-05-31", 38_500), ("2021-06-30", 39_000)]).unwrap();
    let cap = DatedSeries::from_pairs([("2020-12-31", 27_000)]).unwrap();
    let a = align_as_of(&pop, &cap, jiff::Span::new().days(160)).unwrap();
    assert_eq!(a.pairs.len(), 1);
    assert_eq!(a.pairs[0].age_days, 151);
    assert_eq!(a.unpaired.len(), 1);
}
