//! # California, 2015–2026: the prisons against the *Brown v. Plata* cap
//!
//! In *Brown v. Plata* (2011) the US Supreme Court upheld an order capping California's
//! prison population at 137.5 % of design capacity. The cap applies **system-wide**, to the
//! in-state institutions taken together, not to each prison. CDCR's monthly TPOP-1 report
//! ("Institution Population Detail") gives, per institution, the felon/other population,
//! the design capacity, the published "Percent Occupied" and a second capacity, the staffed
//! capacity. This walkthrough asks:
//!
//! 1. what the panel holds;
//! 2. where the system stands against the 137.5 % cap, month by month, and whether it was
//!    ever above it;
//! 3. how the picture changes against staffed rather than design capacity;
//! 4. which prisons carry the overcrowding in the latest month, and what share of the
//!    surplus they hold;
//! 5. where CDCR's published percent differs from the one recomputed from its own counts.
//!
//! Everything is computed from the bundled file (`data/cdcr_tpop1_institutions_2015_2026.csv`,
//! Becica 2026, CC BY 4.0, from CDCR's TPOP-1 reports) with the library's frame layer.
//!
//! Run it:
//!
//! ```text
//! cargo run --example 08_california_plata
//! ```

use jiff::civil::Date;
use overcrowding::datasets::cdcr_tpop1;
use overcrowding::frame::columns::{DATE, FACILITY_ID, POPULATION};
use overcrowding::frame::{
    OvercrowdingFrameExt, above_threshold, cdcr_frame, occupancy_percent_rounded, surplus,
};
use overcrowding::{Percent, releases_needed};
use polars::prelude::*;

fn u64s(df: &DataFrame, name: &str) -> overcrowding::Result<Vec<Option<u64>>> {
    overcrowding::frame::values::u64_values(df, name)
}

fn f64s(df: &DataFrame, name: &str) -> overcrowding::Result<Vec<Option<f64>>> {
    overcrowding::frame::values::f64_values(df, name)
}

/// A text column, nulls printed as empty.
fn strs(df: &DataFrame, name: &str) -> overcrowding::Result<Vec<String>> {
    let values = overcrowding::frame::values::text_values(df, name)?;
    Ok(values.into_iter().map(Option::unwrap_or_default).collect())
}

/// A date column; a null date is an error here (every row of these frames has one).
fn dates(df: &DataFrame, name: &str) -> overcrowding::Result<Vec<Date>> {
    let values = overcrowding::frame::values::date_values(df, name)?;
    values
        .into_iter()
        .map(|d| {
            d.ok_or(overcrowding::Error::from(overcrowding::ErrorKind::Empty {
                what: "date",
            }))
        })
        .collect()
}

fn main() -> overcrowding::Result<()> {
    // ── Step 1. Load the panel ───────────────────────────────────────────────────────────────
    let table = cdcr_tpop1()?;
    let df = cdcr_frame(&table)?;
    let report_dates = table.report_dates();
    let first_blank = table
        .rows()
        .iter()
        .find(|r| r.gender.is_none())
        .map(|r| r.report_date.to_string())
        .unwrap_or_default();
    println!("Step 1. CDCR TPOP-1 institution detail");
    println!(
        "  {} rows, {} monthly reports from {} to {}",
        df.height(),
        report_dates.len(),
        report_dates
            .first()
            .map(Date::to_string)
            .unwrap_or_default(),
        report_dates.last().map(Date::to_string).unwrap_or_default()
    );
    println!("  columns: {:?}", df.get_column_names());
    println!("  gender is split (Male/Female rows) before {first_blank}, blank from then on");

    // ── Step 1b. One capacity per institution ────────────────────────────────────────────────
    // Before 2021-11-30 an institution that held both men and women has one row per gender.
    // Folsom's two rows are two facilities with their own design capacities, but in 21
    // months an institution's second row repeats the whole institution's design capacity for
    // a handful of people (CCWF 2021-01-31: 5 men against 2,004 places). Summing rows would
    // count those places twice, so: one capacity per institution and distinct capacity, the
    // population summed over its rows.
    let institutions = df
        .clone()
        .lazy()
        .group_by([col(DATE), col(FACILITY_ID), col("design_capacity")])
        .agg([
            col(POPULATION).sum(),
            col("staffed_capacity").first(),
            col("name").first(),
        ])
        .group_by([col(DATE), col(FACILITY_ID)])
        .agg([
            col(POPULATION).sum(),
            col("design_capacity").sum(),
            col("staffed_capacity").sum(),
            col("name").first(),
        ]);
    let naive = df
        .clone()
        .lazy()
        .system_summary(&[DATE], POPULATION, "design_capacity", &[])
        .collect()?;
    let dedup = institutions
        .clone()
        .system_summary(&[DATE], POPULATION, "design_capacity", &[])
        .collect()?;
    let (naive_cap, dedup_cap) = (u64s(&naive, "capacity")?, u64s(&dedup, "capacity")?);
    let (naive_occ, dedup_occ) = (f64s(&naive, "occupancy")?, f64s(&dedup, "occupancy")?);
    let naive_when = dates(&naive, DATE)?;
    let affected: Vec<usize> = (0..naive_cap.len())
        .filter(|&i| naive_cap[i] != dedup_cap[i])
        .collect();
    println!(
        "  {} months list an institution's design capacity twice (one row per gender); counted once from here on",
        affected.len()
    );
    if let Some(&worst) = affected
        .iter()
        .max_by_key(|&&i| naive_cap[i].unwrap_or(0) - dedup_cap[i].unwrap_or(0))
    {
        println!(
            "  worst: {}: summing rows gives {} places ({:.1} %), counting each once {} ({:.1} %)",
            naive_when[worst],
            naive_cap[worst].unwrap_or(0),
            naive_occ[worst].unwrap_or(f64::NAN) * 100.0,
            dedup_cap[worst].unwrap_or(0),
            dedup_occ[worst].unwrap_or(f64::NAN) * 100.0
        );
    }

    // ── Step 2. The system against the cap, month by month ───────────────────────────────────
    // Σpopulation ÷ Σdesign capacity over all institutions on each date (never the mean of
    // the prisons' percents), decided exactly against 137.5 %.
    let plata = Percent::new(137.5)?;
    let system = institutions
        .clone()
        .system_summary(&[DATE], POPULATION, "design_capacity", &[plata])
        .with_columns([
            occupancy_percent_rounded(col("population"), col("capacity"), 1).alias("pct_design"),
            above_threshold(col("population"), col("capacity"), plata, false).alias("above_cap"),
        ])
        .collect()?;
    let staffed = institutions
        .clone()
        .system_summary(&[DATE], POPULATION, "staffed_capacity", &[])
        .with_column(
            occupancy_percent_rounded(col("population"), col("capacity"), 1).alias("pct_staffed"),
        )
        .collect()?;
    let when = dates(&system, DATE)?;
    let (pop, cap) = (u64s(&system, "population")?, u64s(&system, "capacity")?);
    let facilities = u64s(&system, "facilities")?;
    let pct = f64s(&system, "pct_design")?;
    let above: Vec<Option<bool>> = system.column("above_cap")?.bool()?.iter().collect();
    let over_plata = u64s(&system, "facilities_above_137.5")?;
    let (s_pop, s_cap, s_cov) = (
        u64s(&staffed, "population")?,
        u64s(&staffed, "capacity")?,
        u64s(&staffed, "covered")?,
    );
    let s_pct = f64s(&staffed, "pct_staffed")?;
    assert_eq!(
        dates(&staffed, DATE)?,
        when,
        "both summaries are sorted by date"
    );

    println!(
        "\nStep 2. The system against 137.5 % of design capacity (each January and the latest month)"
    );
    println!(
        "  {:<10} {:>5} {:>9} {:>9} {:>8} {:>11} {:>14}",
        "date", "inst.", "held", "design", "% design", "above cap?", "prisons >137.5"
    );
    let n = when.len();
    let shown: Vec<usize> = (0..n)
        .filter(|&i| i == 0 || when[i].year() != when[i - 1].year() || i == n - 1)
        .collect();
    let show = |v: Option<u64>| v.map_or("—".to_string(), |v| v.to_string());
    for &i in &shown {
        println!(
            "  {:<10} {:>5} {:>9} {:>9} {:>8.1} {:>11} {:>14}",
            when[i].to_string(),
            show(facilities[i]),
            show(pop[i]),
            show(cap[i]),
            pct[i].unwrap_or(f64::NAN),
            if above[i] == Some(true) {
                "ABOVE"
            } else {
                "below"
            },
            show(over_plata[i])
        );
    }
    let months_above: Vec<usize> = (0..n).filter(|&i| above[i] == Some(true)).collect();
    if months_above.is_empty() {
        println!("  no month is above the cap");
    } else {
        println!("  {} of {n} months above the cap:", months_above.len());
        for &i in &months_above {
            let release = releases_needed(pop[i].unwrap_or(0), cap[i].unwrap_or(1), 137.5)?;
            println!(
                "    {}  {:.1} %  ({} people above the cap)",
                when[i],
                pct[i].unwrap_or(f64::NAN),
                release
            );
        }
    }
    let peak = (0..n)
        .max_by(|&a, &b| pct[a].unwrap_or(0.0).total_cmp(&pct[b].unwrap_or(0.0)))
        .unwrap_or(0);
    let low = (0..n)
        .min_by(|&a, &b| pct[a].unwrap_or(0.0).total_cmp(&pct[b].unwrap_or(0.0)))
        .unwrap_or(0);
    println!(
        "  highest: {} at {:.1} %; lowest: {} at {:.1} %",
        when[peak],
        pct[peak].unwrap_or(f64::NAN),
        when[low],
        pct[low].unwrap_or(f64::NAN)
    );
    println!(
        "  (the cap is system-wide over the in-state institutions: a prison above 137.5 % does not breach it by itself)"
    );

    // ── Step 3. Design vs staffed capacity ───────────────────────────────────────────────────
    println!("\nStep 3. Design vs staffed capacity (each January and the latest month)");
    println!(
        "  {:<10} {:>9} {:>8} {:>12} {:>9} {:>9}",
        "date", "design", "% design", "staffed cov.", "staffed", "% staffed"
    );
    for &i in &shown {
        println!(
            "  {:<10} {:>9} {:>8.1} {:>5} of {:<4} {:>9} {:>9.1}",
            when[i].to_string(),
            show(cap[i]),
            pct[i].unwrap_or(f64::NAN),
            show(s_cov[i]),
            show(facilities[i]),
            show(s_cap[i]),
            s_pct[i].unwrap_or(f64::NAN)
        );
    }
    let full_cov = (0..n).filter(|&i| s_cov[i] == facilities[i]).count();
    let over_staffed = (0..n)
        .filter(|&i| matches!((s_pop[i], s_cap[i]), (Some(p), Some(c)) if p > c))
        .count();
    println!(
        "  staffed capacity reported for every institution in {full_cov} of {n} months; the population is above staffed capacity in {over_staffed} months"
    );
    println!(
        "  the same people against a larger denominator: Σstaffed capacity is well above Σdesign capacity, so the system looks far less full"
    );

    // ── Step 4. Which prisons carry the overcrowding, latest month ───────────────────────────
    let latest = *when
        .last()
        .ok_or(overcrowding::Error::from(overcrowding::ErrorKind::Empty {
            what: "report dates",
        }))?;
    let prisons = institutions
        .filter(col(DATE).eq(col(DATE).max()))
        .with_columns([
            occupancy_percent_rounded(col(POPULATION), col("design_capacity"), 1).alias("pct"),
            surplus(col(POPULATION), col("design_capacity")).alias("surplus"),
            above_threshold(col(POPULATION), col("design_capacity"), plata, false).alias("above"),
        ])
        .sort(
            ["pct"],
            SortMultipleOptions::default().with_order_descending(true),
        )
        .collect()?;
    let (codes, names) = (strs(&prisons, FACILITY_ID)?, strs(&prisons, "name")?);
    let (p_pop, p_cap) = (
        u64s(&prisons, POPULATION)?,
        u64s(&prisons, "design_capacity")?,
    );
    let p_pct = f64s(&prisons, "pct")?;
    let p_sur = u64s(&prisons, "surplus")?;
    let p_above: Vec<Option<bool>> = prisons.column("above")?.bool()?.iter().collect();
    let total_surplus: u64 = p_sur.iter().flatten().sum();
    let above_surplus: u64 = (0..prisons.height())
        .filter(|&i| p_above[i] == Some(true))
        .filter_map(|i| p_sur[i])
        .sum();
    let n_over_100 = p_sur.iter().filter(|s| s.unwrap_or(0) > 0).count();
    println!(
        "\nStep 4. {latest}: {} institutions, {n_over_100} above 100 % of design capacity, surplus Σmax(0, held − design) = {total_surplus}",
        prisons.height()
    );
    println!("  the institutions above 137.5 %:");
    for i in (0..prisons.height()).filter(|&i| p_above[i] == Some(true)) {
        println!(
            "    {:<5} {:<46} {:>5} / {:>5} = {:>5.1} %  surplus {:>5}",
            codes[i],
            names[i],
            show(p_pop[i]),
            show(p_cap[i]),
            p_pct[i].unwrap_or(f64::NAN),
            show(p_sur[i])
        );
    }
    let k = p_above.iter().filter(|a| **a == Some(true)).count();
    println!(
        "  {k} of {} institutions hold {above_surplus} of the {total_surplus} people above design capacity ({:.1} %)",
        prisons.height(),
        overcrowding::occupancy(above_surplus, total_surplus.max(1))?.percent()
    );

    // ── Step 5. Published vs recomputed percents ─────────────────────────────────────────────
    let diffs = table.percent_differences()?;
    println!(
        "\nStep 5. CDCR's published \"Percent Occupied\" vs felon/other ÷ design capacity, rounded once: {} rows differ",
        diffs.len()
    );
    for d in &diffs {
        println!(
            "  line {:>4}  {}  {:<5} {:>5} / {:>5}: published {:>5}, recomputed {:>5} ({:+} tenth)",
            d.line,
            d.report_date,
            d.code,
            d.felon_other,
            d.design_capacity,
            d.published,
            d.recomputed,
            d.difference_tenths
        );
    }
    let span = (
        diffs
            .first()
            .map(|d| d.report_date.to_string())
            .unwrap_or_default(),
        diffs
            .last()
            .map(|d| d.report_date.to_string())
            .unwrap_or_default(),
    );
    let agree = df
        .lazy()
        .select([
            occupancy_percent_rounded(col(POPULATION), col("design_capacity"), 1)
                .eq(col("pct_occupied"))
                .cast(DataType::UInt64)
                .sum()
                .alias("agree"),
        ])
        .collect()?;
    println!(
        "  all between {} and {}, each published 0.1 higher (as if one more person were held); the frame layer agrees on the other {} rows",
        span.0,
        span.1,
        agree.column("agree")?.u64()?.get(0).unwrap_or(0)
    );
    Ok(())
}
