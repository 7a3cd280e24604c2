//! The published tables as polars frames: row counts, the published percents reproduced by
//! the frame layer's exact rounding, and the frame-layer system totals equal to the reader's.

use std::collections::BTreeSet;

use overcrowding::datasets;
use overcrowding::frame::columns::{DATE, POPULATION};
use overcrowding::frame::{
    OvercrowdingFrameExt, bjs_table21_frame, cdcr_frame, hmpps_frame, occupancy_percent_rounded,
};
use polars::lazy::dsl::{max_horizontal, min_horizontal};
use polars::prelude::*;

fn u64s(df: &DataFrame, name: &str) -> Vec<Option<u64>> {
    df.column(name).unwrap().u64().unwrap().iter().collect()
}

fn f64s(df: &DataFrame, name: &str) -> Vec<Option<f64>> {
    df.column(name).unwrap().f64().unwrap().iter().collect()
}

/// Days since 1970-01-01 of a civil date (polars' physical `Date`).
fn days(d: jiff::civil::Date) -> i32 {
    jiff::civil::date(1970, 1, 1).until(d).unwrap().get_days()
}

fn date_days(df: &DataFrame, name: &str) -> Vec<Option<i32>> {
    df.column(name)
        .unwrap()
        .cast(&DataType::Int32)
        .unwrap()
        .i32()
        .unwrap()
        .iter()
        .collect()
}

#[test]
fn row_counts_and_types() {
    let bjs = bjs_table21_frame(&datasets::bjs_table21().unwrap()).unwrap();
    let hmpps = hmpps_frame(&datasets::hmpps_bulletin().unwrap()).unwrap();
    let cdcr = cdcr_frame(&datasets::cdcr_tpop1().unwrap()).unwrap();
    assert_eq!(bjs.height(), 51);
    assert_eq!(hmpps.height(), 18_586);
    assert_eq!(cdcr.height(), 4_567);
    for df in [&bjs, &hmpps, &cdcr] {
        assert_eq!(df.column(DATE).unwrap().dtype(), &DataType::Date);
        assert_eq!(df.column(POPULATION).unwrap().dtype(), &DataType::UInt64);
    }
    // Markers are nulls with their text kept; never a 0.
    let rated = u64s(&bjs, "rated");
    assert!(rated.iter().flatten().all(|&v| v > 0));
    let texts: Vec<Option<&str>> = bjs
        .column("rated_text")
        .unwrap()
        .str()
        .unwrap()
        .iter()
        .collect();
    for (v, t) in rated.iter().zip(&texts) {
        let t = t.unwrap();
        assert_eq!(v.is_none(), ["/", "…", ":"].contains(&t), "{t}");
    }
    // HMPPS: the 36 incomplete rows are nulls, not zeros.
    let pop = u64s(&hmpps, POPULATION);
    let cna = u64s(&hmpps, "in_use_cna");
    assert_eq!(
        pop.iter()
            .zip(&cna)
            .filter(|(p, c)| p.is_none() || c.is_none())
            .count(),
        36
    );
    // CDCR: gender blank from 2021-11-30 on.
    let cut = days("2021-11-30".parse().unwrap());
    let gender = cdcr.column("gender").unwrap().str().unwrap().clone();
    for (g, d) in gender.iter().zip(date_days(&cdcr, DATE)) {
        assert_eq!(g.is_none(), d.unwrap() >= cut);
    }
}

#[test]
fn cdcr_published_percents_reproduced_except_the_14_known_differences() {
    let table = datasets::cdcr_tpop1().unwrap();
    let df = cdcr_frame(&table)
        .unwrap()
        .lazy()
        .with_column(
            occupancy_percent_rounded(col(POPULATION), col("design_capacity"), 1).alias("pct"),
        )
        .collect()
        .unwrap();
    let pct = f64s(&df, "pct");
    let published = f64s(&df, "pct_occupied");
    let lines = u64s(&df, "line");
    let differing: BTreeSet<u64> = (0..df.height())
        .filter(|&i| pct[i] != published[i])
        .map(|i| lines[i].unwrap())
        .collect();
    let known: BTreeSet<u64> = table
        .percent_differences()
        .unwrap()
        .iter()
        .map(|d| d.line as u64)
        .collect();
    assert_eq!(known.len(), 14);
    assert_eq!(differing, known);
    // Each is the published figure 0.1 above the recomputed one.
    for i in (0..df.height()).filter(|&i| pct[i] != published[i]) {
        let diff = published[i].unwrap() - pct[i].unwrap();
        assert!((diff - 0.1).abs() < 1e-9, "line {:?}", lines[i]);
    }
}

#[test]
fn bjs_published_percents_reproduced_for_every_computable_row() {
    let df = bjs_table21_frame(&datasets::bjs_table21().unwrap())
        .unwrap()
        .lazy()
        .with_columns([
            min_horizontal([col("rated"), col("operational"), col("design")])
                .unwrap()
                .alias("lowest"),
            max_horizontal([col("rated"), col("operational"), col("design")])
                .unwrap()
                .alias("highest"),
        ])
        .with_columns([
            occupancy_percent_rounded(col(POPULATION), col("lowest"), 1).alias("low"),
            occupancy_percent_rounded(col(POPULATION), col("highest"), 1).alias("high"),
        ])
        .collect()
        .unwrap();
    let (low, high) = (f64s(&df, "low"), f64s(&df, "high"));
    let (pub_low, pub_high) = (f64s(&df, "pct_of_lowest"), f64s(&df, "pct_of_highest"));
    let computable = pub_low.iter().filter(|v| v.is_some()).count();
    assert_eq!(computable, 48); // Connecticut, Missouri and Ohio report no capacity
    assert_eq!(low, pub_low);
    assert_eq!(high, pub_high);
    // The boundary row: Kansas 8,521 / 10,360 = 82.249 % → 82.2.
    let names: Vec<Option<&str>> = df.column("name").unwrap().str().unwrap().iter().collect();
    let ks = names.iter().position(|n| *n == Some("Kansas")).unwrap();
    assert_eq!(high[ks], Some(82.2));
}

#[test]
fn hmpps_system_summary_equals_reader_totals_for_every_date() {
    let bulletin = datasets::hmpps_bulletin().unwrap();
    let totals = bulletin.totals_by_date().unwrap();
    let summary = hmpps_frame(&bulletin)
        .unwrap()
        .lazy()
        .system_summary(&[DATE], POPULATION, "in_use_cna", &[])
        .collect()
        .unwrap();
    let op = hmpps_frame(&bulletin)
        .unwrap()
        .lazy()
        .group_by([col(DATE)])
        .agg([
            col("operational_capacity").sum().alias("op"),
            col("baseline_cna").sum().alias("baseline"),
            col(POPULATION).sum().alias("pop_all"),
        ])
        .sort([DATE], SortMultipleOptions::default())
        .collect()
        .unwrap();
    assert_eq!(summary.height(), totals.len());
    assert_eq!(summary.height(), 155);
    let when = date_days(&summary, DATE);
    let (fac, cov) = (u64s(&summary, "facilities"), u64s(&summary, "covered"));
    let (pop, cap) = (u64s(&summary, "population"), u64s(&summary, "capacity"));
    let not_covered = u64s(&summary, "population_not_covered");
    let occ = f64s(&summary, "occupancy");
    let (op_sum, base_sum, pop_all) =
        (u64s(&op, "op"), u64s(&op, "baseline"), u64s(&op, "pop_all"));
    for (i, t) in totals.iter().enumerate() {
        let d = t.report_date;
        assert_eq!(when[i], Some(days(d)), "{d}");
        assert_eq!(fac[i], Some(t.rows as u64), "{d} rows");
        assert_eq!(cov[i], Some(t.paired_rows as u64), "{d} paired rows");
        assert_eq!(pop[i], Some(t.population), "{d} population");
        assert_eq!(cap[i], Some(t.in_use_cna), "{d} in-use CNA");
        assert_eq!(
            pop[i].unwrap() + not_covered[i].unwrap(),
            t.population_all,
            "{d} population, all rows"
        );
        assert_eq!(pop_all[i], Some(t.population_all), "{d}");
        assert_eq!(op_sum[i], Some(t.operational_capacity), "{d}");
        assert_eq!(base_sum[i], Some(t.baseline_cna), "{d}");
        approx::assert_relative_eq!(
            occ[i].unwrap(),
            t.pop_to_in_use_cna().unwrap().value(),
            max_relative = 1e-12
        );
    }
}
