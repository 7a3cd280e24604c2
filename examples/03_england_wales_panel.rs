//! # England & Wales, 2012–2024: how crowded is each prison, month by month?
//!
//! The Ministry of Justice / HMPPS monthly bulletin reports, for every prison, its
//! population, its certified normal accommodation (CNA: the uncrowded capacity) in use, its
//! baseline CNA and its operational capacity (the most it can hold safely). The bulletin's
//! own crowding measure is population ÷ in-use CNA. This walkthrough, over the whole panel
//! (155 monthly reports, 2012–2024), asks:
//!
//! 1. what the reader found odd in the file (incomplete rows, zero in-use CNA, name
//!    fragments), reported rather than dropped;
//! 2. the occupancy of every prison every month, against in-use CNA and against operational
//!    capacity, computed lazily with the frame layer;
//! 3. the system month by month (Σ/Σ, with the prisons above capacity and the surplus that
//!    the system figure hides);
//! 4. the most overcrowded prisons in the latest month;
//! 5. the most overcrowded prisons over the whole period.
//!
//! Data: `data/hmpps_monthly_bulletin_2012_2024.csv` (MoJ/HMPPS, OGL v3; assembled by
//! Yukhnenko 2025).
//!
//! Run it:
//!
//! ```text
//! cargo run --example 03_england_wales_panel
//! ```

use std::collections::BTreeMap;

use jiff::civil::Date;
use overcrowding::Percent;
use overcrowding::datasets::hmpps_bulletin;
use overcrowding::frame::columns::{DATE, FACILITY_ID, POPULATION};
use overcrowding::frame::{OvercrowdingFrameExt, hmpps_frame, occupancy_percent_rounded};
use overcrowding::io::HmppsQuirkKind;
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

fn show(v: Option<u64>) -> String {
    v.map_or("—".to_string(), |v| v.to_string())
}

fn pct(v: Option<f64>) -> String {
    v.map_or("—".to_string(), |v| format!("{v:.0} %"))
}

fn main() -> overcrowding::Result<()> {
    // ── Step 1. Load, and look at the quirks the reader reports ──────────────────────────────
    let bulletin = hmpps_bulletin()?;
    let report_dates = bulletin.report_dates();
    println!("Step 1. HMPPS monthly bulletin panel");
    println!(
        "  {} rows, {} report dates from {} to {}",
        bulletin.rows().len(),
        report_dates.len(),
        report_dates
            .first()
            .map(Date::to_string)
            .unwrap_or_default(),
        report_dates.last().map(Date::to_string).unwrap_or_default()
    );
    let mut by_kind: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for q in bulletin.quirks() {
        let (kind, detail) = match &q.kind {
            HmppsQuirkKind::Incomplete { missing } => {
                ("incomplete row", format!("missing {}", missing.join(" + ")))
            }
            HmppsQuirkKind::ZeroInUseCna => ("in-use CNA of 0", String::new()),
            HmppsQuirkKind::SuspectedFragment => ("name is a fragment", String::new()),
            HmppsQuirkKind::DuplicatePrisonDate { first_line } => (
                "name repeated on a date",
                format!("first at line {first_line}"),
            ),
        };
        by_kind.entry(kind).or_default().push(format!(
            "line {} {:?} {} {detail}",
            q.line, q.prison, q.report_date
        ));
    }
    for (kind, examples) in &by_kind {
        println!("  {kind:<24} {:>3} rows, e.g.", examples.len());
        for e in examples.iter().take(3) {
            println!("      {e}");
        }
    }
    println!(
        "  every row is kept: a missing number is a null, and an in-use CNA of 0 gives no occupancy (null), never infinity"
    );

    // ── Step 2. Occupancy per prison per month, lazily ───────────────────────────────────────
    let panel = hmpps_frame(&bulletin)?
        .lazy()
        .with_occupancy(POPULATION, "in_use_cna", "occ_cna")
        .with_occupancy(POPULATION, "operational_capacity", "occ_op")
        .with_columns([
            // The bulletin publishes "% Pop to In Use CNA" as a whole percent.
            occupancy_percent_rounded(col(POPULATION), col("in_use_cna"), 0).alias("pct_cna"),
            occupancy_percent_rounded(col(POPULATION), col("operational_capacity"), 0)
                .alias("pct_op"),
        ]);
    let coverage = panel
        .clone()
        .select([
            len().alias("rows"),
            col("occ_cna")
                .is_not_null()
                .cast(DataType::UInt32)
                .sum()
                .alias("with_cna"),
            col("occ_op")
                .is_not_null()
                .cast(DataType::UInt32)
                .sum()
                .alias("with_op"),
            col("occ_cna")
                .gt(lit(1.0))
                .cast(DataType::UInt32)
                .sum()
                .alias("over_cna"),
            col("occ_op")
                .gt(lit(1.0))
                .cast(DataType::UInt32)
                .sum()
                .alias("over_op"),
        ])
        .collect()?;
    let get = |c: &str| -> overcrowding::Result<u64> {
        Ok(coverage
            .column(c)?
            .cast(&DataType::UInt64)?
            .u64()?
            .get(0)
            .unwrap_or(0))
    };
    println!(
        "\nStep 2. Occupancy of each prison each month ({} prison-months)",
        get("rows")?
    );
    println!(
        "  population ÷ in-use CNA:           computable for {:>6}, above 100 % in {:>6}",
        get("with_cna")?,
        get("over_cna")?
    );
    println!(
        "  population ÷ operational capacity: computable for {:>6}, above 100 % in {:>6} (population includes people on authorised absence)",
        get("with_op")?,
        get("over_op")?
    );

    // ── Step 3. The system, month by month ───────────────────────────────────────────────────
    let p150 = Percent::new(150.0)?;
    let system = panel
        .clone()
        .system_summary(&[DATE], POPULATION, "in_use_cna", &[p150])
        .with_column(occupancy_percent_rounded(col("population"), col("capacity"), 1).alias("pct"))
        .collect()?;
    let system_op = panel
        .clone()
        .system_summary(&[DATE], POPULATION, "operational_capacity", &[])
        .with_column(occupancy_percent_rounded(col("population"), col("capacity"), 1).alias("pct"))
        .collect()?;
    let when = dates(&system, DATE)?;
    let (fac, cov) = (u64s(&system, "facilities")?, u64s(&system, "covered")?);
    let (pop, cap) = (u64s(&system, "population")?, u64s(&system, "capacity")?);
    let (over, sur) = (
        u64s(&system, "overcrowded_facilities")?,
        u64s(&system, "surplus")?,
    );
    let a150 = u64s(&system, "facilities_above_150")?;
    let sys_pct = f64s(&system, "pct")?;
    let op_pct = f64s(&system_op, "pct")?;
    println!(
        "\nStep 3. England & Wales, Σpopulation ÷ Σin-use CNA (each January and the latest month)"
    );
    println!(
        "  {:<10} {:>7} {:>7} {:>7} {:>7} {:>7} {:>9} {:>7} {:>9}",
        "date", "prisons", "held", "CNA", "% CNA", "> 100%", "> 150%", "surplus", "% op.cap"
    );
    let n = when.len();
    for i in (0..n).filter(|&i| i == 0 || when[i].year() != when[i - 1].year() || i == n - 1) {
        println!(
            "  {:<10} {:>3}/{:<3} {:>7} {:>7} {:>7.1} {:>7} {:>9} {:>7} {:>9.1}",
            when[i].to_string(),
            show(cov[i]),
            show(fac[i]),
            show(pop[i]),
            show(cap[i]),
            sys_pct[i].unwrap_or(f64::NAN),
            show(over[i]),
            show(a150[i]),
            show(sur[i]),
            op_pct[i].unwrap_or(f64::NAN)
        );
    }
    let peak = (0..n)
        .max_by(|&a, &b| {
            sys_pct[a]
                .unwrap_or(0.0)
                .total_cmp(&sys_pct[b].unwrap_or(0.0))
        })
        .unwrap_or(0);
    println!(
        "  highest system figure: {} at {:.1} % of in-use CNA; the surplus column is what the system figure hides",
        when[peak],
        sys_pct[peak].unwrap_or(f64::NAN)
    );

    // ── Step 4. The most overcrowded prisons in the latest month ─────────────────────────────
    let latest = panel
        .clone()
        .filter(col(DATE).eq(col(DATE).max()))
        .filter(col("occ_cna").is_not_null())
        .sort(
            ["occ_cna"],
            SortMultipleOptions::default().with_order_descending(true),
        )
        .collect()?;
    let last_date = when.last().map(Date::to_string).unwrap_or_default();
    let names = strs(&latest, FACILITY_ID)?;
    let (l_pop, l_cna, l_op) = (
        u64s(&latest, POPULATION)?,
        u64s(&latest, "in_use_cna")?,
        u64s(&latest, "operational_capacity")?,
    );
    let (l_pct, l_pct_op) = (f64s(&latest, "pct_cna")?, f64s(&latest, "pct_op")?);
    println!("\nStep 4. {last_date}: the ten most crowded prisons (population ÷ in-use CNA)");
    println!(
        "  {:<26} {:>6} {:>6} {:>7} {:>9} {:>7}",
        "prison", "held", "CNA", "% CNA", "op. cap.", "% op."
    );
    for i in 0..latest.height().min(10) {
        println!(
            "  {:<26} {:>6} {:>6} {:>7} {:>9} {:>7}",
            names[i],
            show(l_pop[i]),
            show(l_cna[i]),
            pct(l_pct[i]),
            show(l_op[i]),
            pct(l_pct_op[i])
        );
    }

    // ── Step 5. The most overcrowded prisons over the whole period ───────────────────────────
    // Grouped by prison: Σpopulation ÷ Σin-use CNA over its months, how many months it was
    // above 100 % and above 150 %. Prisons with fewer than 24 usable months are left out.
    let period = panel
        .system_summary(&[FACILITY_ID], POPULATION, "in_use_cna", &[p150])
        .filter(col("covered").gt_eq(lit(24u64)))
        .with_column(occupancy_percent_rounded(col("population"), col("capacity"), 0).alias("pct"))
        .sort(
            ["occupancy"],
            SortMultipleOptions::default().with_order_descending(true),
        )
        .collect()?;
    let names = strs(&period, FACILITY_ID)?;
    let (months, over_m, m150) = (
        u64s(&period, "covered")?,
        u64s(&period, "overcrowded_facilities")?,
        u64s(&period, "facilities_above_150")?,
    );
    let p_pct = f64s(&period, "pct")?;
    println!(
        "\nStep 5. 2012–2024: the ten most crowded prisons over their months in the panel ({} prisons with ≥ 24 months)",
        period.height()
    );
    println!(
        "  {:<26} {:>7} {:>10} {:>10} {:>10}",
        "prison", "months", "Σheld/ΣCNA", "> 100 %", "> 150 %"
    );
    for i in 0..period.height().min(10) {
        println!(
            "  {:<26} {:>7} {:>10} {:>10} {:>10}",
            names[i],
            show(months[i]),
            pct(p_pct[i]),
            show(over_m[i]),
            show(m150[i])
        );
    }
    let always = (0..period.height())
        .filter(|&i| months[i].is_some() && over_m[i] == months[i])
        .count();
    println!("  {always} prisons were above their in-use CNA in every month they reported");
    Ok(())
}
