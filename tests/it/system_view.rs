//! The system view reproduces the Cambodia 2021 seed figures from facility rows, and shows what
//! the system total hides.

use overcrowding::series::{Collision, FacilityRegistry, Series, align_as_of};
use overcrowding::system::{
    SummaryOptions, SystemSummary, summarize_panel, summarize_panel_groups,
};
use overcrowding::{CapacityKind, Panel, Record, Standard, Threshold, releases_needed};

const DATE: jiff::civil::Date = jiff::civil::date(2021, 6, 30);

/// One prison on 2021-06-30 in a region, its population and design capacity either missing.
fn prison(id: &str, region: &str, p: Option<u64>, c: Option<u64>) -> Record {
    let r = Record::new(id, DATE).unwrap().with_group("region", region);
    let r = match p {
        Some(p) => r.with_population_total(p),
        None => r,
    };
    match c {
        Some(c) => r.with_capacity(CapacityKind::Design, c),
        None => r,
    }
}

/// 28 prisons, 27,000 design places, 39,000 held; 27 of them above 100 %.
fn cambodia_like() -> Vec<Record> {
    let mut v: Vec<Record> = (1..=27)
        .map(|i| {
            let region = if i <= 10 { "Phnom Penh" } else { "provinces" };
            prison(&format!("P{i:02}"), region, Some(1_400), Some(950))
        })
        .collect();
    v.push(prison("P28", "provinces", Some(1_200), Some(1_350)));
    v
}

/// The summary of the one date of `records`.
fn summarize(records: Vec<Record>, opts: &SummaryOptions) -> SystemSummary {
    let panel = Panel::new(records).unwrap();
    summarize_panel(&panel, opts).unwrap().remove(0).summary
}

#[test]
fn reproduces_the_seed_and_what_it_hides() {
    let opts = SummaryOptions::new(CapacityKind::Design)
        .with_standard(&Standard::critical())
        .with_threshold(Threshold::above("above 150 %", 150.0).unwrap());
    let s = summarize(cambodia_like(), &opts);
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

    let panel = Panel::new(cambodia_like()).unwrap();
    let g = summarize_panel_groups(&panel, "region", &opts).unwrap();
    let pp = &g[0].summary;
    assert_eq!(g[0].group.as_deref(), Some("Phnom Penh"));
    assert_eq!(pp.coverage.facilities, 10);
    assert_eq!(pp.ratio().unwrap().percent_rounded(1), 147.4);
}

#[test]
fn coverage_reports_missing_numbers() {
    let mut rows = cambodia_like();
    rows[3] = prison("P04", "Phnom Penh", Some(1_400), None);
    rows[7] = prison("P08", "Phnom Penh", None, Some(950));
    let s = summarize(rows, &SummaryOptions::new(CapacityKind::Design));
    assert_eq!(s.coverage.covered, 26);
    assert_eq!(s.coverage.missing.len(), 2);
    // Only complete pairs are summed: 39,000 − 2 × 1,400 held, 27,000 − 2 × 950 places.
    let sys = s.system.unwrap();
    assert_eq!((sys.population, sys.capacity), (36_200, 25_100));
}

#[test]
fn renamed_prison_is_not_counted_twice_over_time() {
    let mut reg = FacilityRegistry::new();
    reg.alias("Prey Sar", "CC1", None, None)
        .unwrap()
        .alias("Correctional Centre 1", "CC1", None, None)
        .unwrap();
    let rows = Panel::new([
        prison("Prey Sar", "Phnom Penh", Some(2_900), Some(2_050)),
        prison(
            "Correctional Centre 1",
            "Phnom Penh",
            Some(2_900),
            Some(2_050),
        ),
    ])
    .unwrap();
    assert!(reg.canonicalize(&rows, Collision::Error).is_err());

    // Capacities reported once a year, populations monthly: pairs report their age.
    let pop = Series::from_pairs([("2021-05-31", 38_500), ("2021-06-30", 39_000)]).unwrap();
    let cap = Series::from_pairs([("2020-12-31", 27_000)]).unwrap();
    let a = align_as_of(&pop, &cap, jiff::Span::new().days(160)).unwrap();
    assert_eq!(a.pairs.len(), 1);
    assert_eq!(a.pairs[0].age_days, 151);
    assert_eq!(a.unpaired.len(), 1);
}
