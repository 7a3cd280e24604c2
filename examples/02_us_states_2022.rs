//! # United States, 31 Dec 2022: which prison systems are over capacity?
//!
//! BJS *Prisoners in 2022*, Table 21 gives, for the Federal Bureau of Prisons and the 50
//! states, up to three capacities (rated, operational, design) and the custody population,
//! and prints custody as a percent of the *lowest* and of the *highest* capacity. The answer
//! to "is this state over capacity?" depends on which capacity you take. This walkthrough
//! asks:
//!
//! 1. what the table reports, and where it reports a marker instead of a number;
//! 2. which jurisdictions are over their lowest, and over their highest, capacity;
//! 3. how the count of jurisdictions over 100 % changes with the choice of capacity;
//! 4. which jurisdictions flip between choices;
//! 5. which jurisdictions cannot be calculated, and why;
//! 6. whether the published percents are reproduced exactly.
//!
//! Everything is computed from the bundled file (`data/bjs_prisoners_2022_table21.csv`,
//! read as published, Windows-1252) with the library's frame layer.
//!
//! Run it:
//!
//! ```text
//! cargo run --example 02_us_states_2022
//! ```

use overcrowding::Percent;
use overcrowding::datasets::bjs_table21;
use overcrowding::frame::{above_threshold, bjs_table21_frame, occupancy_percent_rounded};
use polars::lazy::dsl::{max_horizontal, min_horizontal};
use polars::prelude::*;

fn u64s(df: &DataFrame, name: &str) -> overcrowding::Result<Vec<Option<u64>>> {
    overcrowding::frame::values::u64_values(df, name)
}

fn f64s(df: &DataFrame, name: &str) -> overcrowding::Result<Vec<Option<f64>>> {
    overcrowding::frame::values::f64_values(df, name)
}

fn bools(df: &DataFrame, name: &str) -> overcrowding::Result<Vec<Option<bool>>> {
    overcrowding::frame::values::bool_values(df, name)
}

/// A text column, nulls printed as empty.
fn strs(df: &DataFrame, name: &str) -> overcrowding::Result<Vec<String>> {
    let values = overcrowding::frame::values::text_values(df, name)?;
    Ok(values.into_iter().map(Option::unwrap_or_default).collect())
}

fn show(v: Option<u64>) -> String {
    v.map_or("—".to_string(), |v| v.to_string())
}

fn main() -> overcrowding::Result<()> {
    // ── Step 1. Load Table 21 and turn it into a frame ───────────────────────────────────────
    let table = bjs_table21()?;
    let df = bjs_table21_frame(&table)?;
    println!("Step 1. {}", table.title());
    println!(
        "  {} jurisdictions, {} columns: {:?}",
        df.height(),
        df.width(),
        df.get_column_names()
    );
    for kind in ["rated", "operational", "design"] {
        let texts = strs(&df, &format!("{kind}_text"))?;
        let count = |m: &str| texts.iter().filter(|t| t.as_str() == m).count();
        println!(
            "  {kind:<12} reported by {:>2}; `/` not reported {:>2}; `…` not available {:>2}",
            texts.len() - count("/") - count("…"),
            count("/"),
            count("…")
        );
    }

    // ── Step 2. Lowest and highest capacity, and who is over each ────────────────────────────
    // min/max over the three kinds; a marker is a null and is skipped, never read as 0.
    let full = Percent::new(100.0)?;
    let kinds = ["rated", "operational", "design", "lowest", "highest"];
    let mut exprs = vec![];
    for k in kinds {
        exprs.push(
            above_threshold(col("population"), col(k), full, false).alias(format!("over_{k}")),
        );
        exprs.push(
            occupancy_percent_rounded(col("population"), col(k), 1).alias(format!("pct_{k}")),
        );
    }
    let out = df
        .clone()
        .lazy()
        .with_columns([
            min_horizontal([col("rated"), col("operational"), col("design")])?.alias("lowest"),
            max_horizontal([col("rated"), col("operational"), col("design")])?.alias("highest"),
        ])
        .with_columns(exprs)
        .collect()?;
    let names = strs(&out, "name")?;
    let pop = u64s(&out, "population")?;
    let (low, high) = (u64s(&out, "lowest")?, u64s(&out, "highest")?);
    let (pct_low, pct_high) = (f64s(&out, "pct_lowest")?, f64s(&out, "pct_highest")?);
    let (over_low, over_high) = (bools(&out, "over_lowest")?, bools(&out, "over_highest")?);
    println!(
        "\nStep 2. Over 100 % of the HIGHEST capacity (over capacity however you measure it):"
    );
    for i in (0..names.len()).filter(|&i| over_high[i] == Some(true)) {
        println!(
            "  {:<16} {:>7} held / {:>7} = {:>5.1} %",
            names[i],
            show(pop[i]),
            show(high[i]),
            pct_high[i].unwrap_or(f64::NAN)
        );
    }
    println!("  Over 100 % of the LOWEST capacity:");
    let over_low_names: Vec<&str> = (0..names.len())
        .filter(|&i| over_low[i] == Some(true))
        .map(|i| names[i].as_str())
        .collect();
    println!(
        "  {} jurisdictions: {}",
        over_low_names.len(),
        over_low_names.join(", ")
    );
    // A boundary: exactly at capacity is not over it.
    for i in (0..names.len()).filter(|&i| pop[i].is_some() && pop[i] == low[i]) {
        println!(
            "  at exactly 100 % of its lowest capacity (not over): {} ({} = {})",
            names[i],
            show(pop[i]),
            show(low[i])
        );
    }

    // ── Step 3. The count over 100 % depends on the capacity you choose ──────────────────────
    println!("\nStep 3. Jurisdictions over 100 % under each choice of capacity");
    println!(
        "  {:<12} {:>9} {:>9} {:>13}",
        "capacity", "reported", "over 100", "not reported"
    );
    for k in kinds {
        let over = bools(&out, &format!("over_{k}"))?;
        let reported = over.iter().filter(|o| o.is_some()).count();
        let n_over = over.iter().filter(|o| **o == Some(true)).count();
        println!(
            "  {k:<12} {reported:>9} {n_over:>9} {:>13}",
            over.len() - reported
        );
    }
    println!(
        "  (a count under rated, operational or design alone covers only the jurisdictions that report it)"
    );

    // ── Step 4. The ones that flip ───────────────────────────────────────────────────────────
    println!("\nStep 4. Over the lowest capacity but not over the highest (the answer flips):");
    println!(
        "  {:<16} {:>8} {:>8} {:>8} {:>8}   {:>7} {:>7}",
        "", "rated", "oper.", "design", "custody", "% low", "% high"
    );
    let (rated, oper, design) = (
        u64s(&out, "rated")?,
        u64s(&out, "operational")?,
        u64s(&out, "design")?,
    );
    let flips: Vec<usize> = (0..names.len())
        .filter(|&i| over_low[i] == Some(true) && over_high[i] == Some(false))
        .collect();
    for &i in &flips {
        println!(
            "  {:<16} {:>8} {:>8} {:>8} {:>8}   {:>7.1} {:>7.1}",
            names[i],
            show(rated[i]),
            show(oper[i]),
            show(design[i]),
            show(pop[i]),
            pct_low[i].unwrap_or(f64::NAN),
            pct_high[i].unwrap_or(f64::NAN)
        );
    }
    println!(
        "  {} jurisdictions flip between lowest and highest",
        flips.len()
    );
    // Which single kind drives the flip: over by design, not by operational (both reported)?
    let (over_d, over_o, over_r) = (
        bools(&out, "over_design")?,
        bools(&out, "over_operational")?,
        bools(&out, "over_rated")?,
    );
    let pair = |a: &[Option<bool>], b: &[Option<bool>]| -> Vec<&str> {
        (0..names.len())
            .filter(|&i| matches!((a[i], b[i]), (Some(x), Some(y)) if x != y))
            .map(|i| names[i].as_str())
            .collect()
    };
    println!("  among jurisdictions reporting both kinds, the answer differs:");
    println!("    design vs operational: {:?}", pair(&over_d, &over_o));
    println!("    design vs rated:       {:?}", pair(&over_d, &over_r));
    println!("    rated vs operational:  {:?}", pair(&over_r, &over_o));

    // ── Step 5. Not calculable ───────────────────────────────────────────────────────────────
    println!("\nStep 5. Not calculated (`:`): no capacity of any kind reported");
    let (rt, ot, dt) = (
        strs(&out, "rated_text")?,
        strs(&out, "operational_text")?,
        strs(&out, "design_text")?,
    );
    let foot = strs(&out, "footnotes")?;
    let published_low = strs(&out, "pct_of_lowest_text")?;
    for i in (0..names.len()).filter(|&i| low[i].is_none()) {
        println!(
            "  {:<12} rated {} operational {} design {}; custody {}; footnotes [{}]; published {:?}",
            names[i],
            rt[i],
            ot[i],
            dt[i],
            show(pop[i]),
            foot[i],
            published_low[i]
        );
    }
    println!(
        "  (`/` = not reported; footnote b = the state defines capacity differently from BJS)"
    );

    // ── Step 6. The published percents, reproduced exactly ───────────────────────────────────
    let check = out
        .lazy()
        .select([
            col("pct_of_lowest")
                .is_not_null()
                .cast(DataType::UInt64)
                .sum()
                .alias("computable"),
            col("pct_lowest")
                .eq(col("pct_of_lowest"))
                .cast(DataType::UInt64)
                .sum()
                .alias("low_match"),
            col("pct_highest")
                .eq(col("pct_of_highest"))
                .cast(DataType::UInt64)
                .sum()
                .alias("high_match"),
            col("pct_lowest")
                .is_null()
                .eq(col("pct_of_lowest").is_null())
                .cast(DataType::UInt64)
                .sum()
                .alias("null_match"),
        ])
        .collect()?;
    let get =
        |c: &str| -> overcrowding::Result<u64> { Ok(check.column(c)?.u64()?.get(0).unwrap_or(0)) };
    println!(
        "\nStep 6. Published percents recomputed from the counts (rounded once, half away from zero)"
    );
    println!(
        "  % of lowest:  {} of {} computable rows match",
        get("low_match")?,
        get("computable")?
    );
    println!(
        "  % of highest: {} of {} computable rows match",
        get("high_match")?,
        get("computable")?
    );
    println!(
        "  `:` exactly where no capacity is reported: {} of {} rows",
        get("null_match")?,
        names.len()
    );
    let ks = table
        .find("Kansas")
        .and_then(|j| j.recomputed().ok().flatten())
        .map(|p| p.of_highest)
        .unwrap_or_default();
    println!(
        "  the boundary row: Kansas 8,521 / 10,360 = 82.249… % → {ks} (rounding to 2 decimals first would give 82.3)"
    );
    Ok(())
}
