//! The published tables reproduced from the bundled files.

use overcrowding::datasets;
use overcrowding::io::{BjsLevel, HmppsQuirkKind, Reported};

#[test]
fn bjs_every_computable_percent_reproduced_as_published_text() {
    let t = datasets::bjs_table21().unwrap();
    assert_eq!(t.rows().len(), 51);
    assert_eq!(
        t.rows()
            .iter()
            .filter(|j| j.level == BjsLevel::State)
            .count(),
        50
    );
    let mut computed = 0;
    for j in t.rows() {
        match j.recomputed().unwrap() {
            Some(p) => {
                assert_eq!(p.of_lowest, j.pct_of_lowest.text(), "{} lowest", j.name);
                assert_eq!(p.of_highest, j.pct_of_highest.text(), "{} highest", j.name);
                computed += 1;
            }
            None => {
                assert_eq!(j.pct_of_lowest.text(), ":", "{}", j.name);
                assert_eq!(j.pct_of_highest.text(), ":", "{}", j.name);
            }
        }
    }
    // Connecticut, Missouri and Ohio report no capacity: "not calculated".
    assert_eq!(computed, 48);
}

#[test]
fn bjs_markers_and_boundary_rows() {
    let t = datasets::bjs_table21().unwrap();
    let ks = t.find("Kansas").unwrap();
    // 8,521 / 10,360 = 82.249 %: printed 82.2 (rounding to 2 places first would give 82.3).
    assert_eq!(ks.recomputed().unwrap().unwrap().of_highest, "82.2");
    assert_eq!(ks.recomputed().unwrap().unwrap().of_lowest, "100");
    let fed = t.find("Federal").unwrap();
    assert_eq!(fed.footnotes, ["a"]);
    assert_eq!(
        (fed.rated, fed.operational, fed.design),
        (
            Reported::Value(135_841),
            Reported::NotReported,
            Reported::NotReported
        )
    );
    let pa = t.find("Pennsylvania").unwrap();
    assert_eq!(pa.rated, Reported::NotAvailable);
    assert_eq!(pa.capacities(), [48_724]);
    let ind = t.find("Indiana").unwrap();
    assert_eq!(ind.footnotes, ["b", "e"]);
    let markers = t
        .rows()
        .iter()
        .flat_map(|j| [j.rated, j.operational, j.design])
        .filter(|r| r.value().is_none())
        .count();
    let zeros = t
        .rows()
        .iter()
        .flat_map(|j| [j.rated, j.operational, j.design])
        .filter(|r| *r == Reported::Value(0))
        .count();
    assert!(markers > 0);
    assert_eq!(zeros, 0);
}

#[test]
fn cdcr_exact_and_the_14_known_differences() {
    let t = datasets::cdcr_tpop1().unwrap();
    assert_eq!(t.rows().len(), 4_567);
    let diffs = t.percent_differences().unwrap();
    assert_eq!(diffs.len(), 14);
    assert_eq!(t.rows().len() - diffs.len(), 4_553);
    assert!(diffs.iter().all(|d| d.difference_tenths == 1));
    let first = &diffs[0];
    assert_eq!(first.report_date.to_string(), "2015-02-25");
    assert_eq!(first.code, "CMC");
    assert_eq!((first.felon_other, first.design_capacity), (3_985, 3_838));
    assert_eq!(
        (first.published.as_str(), first.recomputed.as_str()),
        ("103.9", "103.8")
    );
    let last = diffs.last().unwrap();
    assert_eq!(
        (last.report_date.to_string().as_str(), last.code.as_str()),
        ("2017-02-22", "SVSP")
    );
    // All between 2015-02-25 and 2017-02-22.
    assert!(diffs.iter().all(|d| d.report_date.year() <= 2017));
    // Each difference is as if the population were one higher.
    for d in &diffs {
        let plus_one = overcrowding::occupancy(d.felon_other + 1, d.design_capacity).unwrap();
        assert_eq!(
            plus_one.percent_rounded_string(1).unwrap(),
            d.published,
            "{d:?}"
        );
    }
}

#[test]
fn hmpps_counts_dates_and_incomplete_rows() {
    let b = datasets::hmpps_bulletin().unwrap();
    assert_eq!(b.rows().len(), 18_586);
    let dates = b.report_dates();
    assert_eq!(dates.len(), 155);
    assert_eq!(dates[0].to_string(), "2012-01-27");
    assert_eq!(dates[154].to_string(), "2024-12-31");
    let incomplete: Vec<_> = b
        .quirks()
        .iter()
        .filter(|q| matches!(q.kind, HmppsQuirkKind::Incomplete { .. }))
        .collect();
    assert_eq!(incomplete.len(), 36);
    assert_eq!(b.incomplete_rows().count(), 36);
    assert_eq!(
        (incomplete[0].line, incomplete[0].prison.as_str()),
        (2961, "Downview")
    );
    let zero_cna = b
        .quirks()
        .iter()
        .filter(|q| q.kind == HmppsQuirkKind::ZeroInUseCna)
        .count();
    assert_eq!(zero_cna, 123);
    let names: std::collections::BTreeSet<&str> =
        b.rows().iter().map(|r| r.prison.as_str()).collect();
    assert_eq!(names.len(), 155);
    let fragments: std::collections::BTreeSet<&str> = b
        .quirks()
        .iter()
        .filter(|q| q.kind == HmppsQuirkKind::SuspectedFragment)
        .map(|q| q.prison.as_str())
        .collect();
    assert_eq!(
        fragments.into_iter().collect::<Vec<_>>(),
        ["Camp", "Farms", "Hill", "House", "Low"]
    );
}

#[test]
fn hmpps_bulletin_measures_for_named_prisons() {
    let b = datasets::hmpps_bulletin().unwrap();
    let d = |s: &str| s.parse().unwrap();
    // (prison, date, % pop to in-use CNA, % accommodation available), recomputed from the
    // counts in the file and rounded once to a whole percent.
    let cases = [
        ("Altcourse", "2012-01-27", 144.0, 100.0), // 1,147 / 794; 794 / 794
        ("Ashfield", "2012-01-27", 77.0, 100.0),   // 313 / 407; 407 / 407
        ("Askham Grange", "2012-01-27", 97.0, 84.0), // 122 / 126; 126 / 150
        ("Aylesbury", "2012-01-27", 102.0, 97.0),  // 432 / 424; 424 / 436
    ];
    for (prison, date, crowding, available) in cases {
        let r = b.find(prison, d(date)).unwrap();
        assert_eq!(r.pct_pop_to_in_use_cna().unwrap(), crowding, "{prison}");
        assert_eq!(
            r.pct_accommodation_available().unwrap(),
            available,
            "{prison}"
        );
    }
    // Rows without a population have no measure; they are kept, not dropped.
    let downview = b.find("Downview", d("2013-12-27")).unwrap();
    assert_eq!(downview.population, None);
    assert!(downview.pct_pop_to_in_use_cna().is_err());
}

#[test]
fn hmpps_totals_by_date_cover_every_row() {
    let b = datasets::hmpps_bulletin().unwrap();
    let totals = b.totals_by_date().unwrap();
    assert_eq!(totals.len(), 155);
    assert_eq!(totals.iter().map(|t| t.rows).sum::<usize>(), 18_586);
    for t in &totals {
        assert!(t.paired_rows <= t.rows);
        let r = t.pop_to_in_use_cna().unwrap();
        // Σ/Σ over the paired rows equals the ratio of the sums recomputed here.
        let (p, c) = b
            .rows()
            .iter()
            .filter(|r| r.report_date == t.report_date)
            .filter_map(|r| Some((r.population?, r.in_use_cna.filter(|&c| c > 0)?)))
            .fold((0u64, 0u64), |(a, b), (p, c)| (a + p, b + c));
        assert_eq!((r.numerator(), r.denominator()), (p as u128, c as u128));
    }
}

#[test]
fn readers_take_paths_and_bytes_alike() {
    let dir = env!("CARGO_MANIFEST_DIR");
    let bjs =
        overcrowding::io::read_bjs_table21(format!("{dir}/data/bjs_prisoners_2022_table21.csv"))
            .unwrap();
    assert_eq!(bjs, datasets::bjs_table21().unwrap());
    let bytes = datasets::by_name_bytes("cdcr_tpop1").unwrap();
    let cdcr = overcrowding::io::read_cdcr_tpop1_from_reader(bytes, "cdcr").unwrap();
    assert_eq!(cdcr, datasets::cdcr_tpop1().unwrap());
    assert!(overcrowding::io::read_hmpps_bulletin("/no/such/file.csv").is_err());
}
