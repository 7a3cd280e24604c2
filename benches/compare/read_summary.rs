//! Issue 18: "read + system summary for every date" on the 1M-row bench file, the Rust side
//! (`benches/compare/read_summary.sh` runs it beside Python polars' `read_csv` + the same
//! group-by sums, `read_summary.py`, in one run).
//!
//! - `read_summary write FILE`: writes the file — the generator of `benches/table_reader.rs`
//!   (10,000 facilities × 100 weekly dates, a state, population, design and operational
//!   capacity, 3 % `NA` populations);
//! - `read_summary run FILE`: `TableReader::read_path` into a `Panel` (the bench's mapping),
//!   then `summarize_panel` for every date against design capacity (every figure: sums,
//!   coverage, both distributions, the 10 most overcrowded); best of 5 (`READ_SUMMARY_RUNS`
//!   sets the runs; the spread is printed too), and the checks
//!   `read_summary.py` prints too.

use std::fmt::Write as _;

use overcrowding::CapacityKind;
use overcrowding::io::TableReader;
use overcrowding::system::{SummaryOptions, summarize_panel};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

const STATES: [&str; 5] = ["AL", "AK", "AZ", "AR", "CA"];

/// The 1M-row file of `benches/table_reader.rs` (same seed, same rows).
fn csv_text(facilities: usize, dates: usize) -> String {
    let mut rng = StdRng::seed_from_u64(20_200_229);
    let mut s = String::with_capacity(facilities * dates * 48);
    s.push_str("Facility.ID,State,date,Population,Capacity,Operational.Capacity\n");
    let start = jiff::civil::date(2012, 1, 1);
    let days: Vec<String> = (0..dates)
        .map(|d| {
            start
                .checked_add(jiff::Span::new().days(d as i64 * 7))
                .expect("in range")
                .to_string()
        })
        .collect();
    for day in &days {
        for f in 0..facilities {
            let cap = 200 + (f as u64 * 37) % 3_000;
            let pop = cap * rng.random_range(60..180u64) / 100;
            let na = rng.random_range(0..100u32);
            let pop = if na < 3 {
                "NA".to_string()
            } else {
                pop.to_string()
            };
            let op = if na == 5 {
                "NA".to_string()
            } else {
                (cap + 50).to_string()
            };
            let _ = writeln!(s, "F{f:05},{},{day},{pop},{cap},{op}", STATES[f % 5]);
        }
    }
    s
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(cmd), Some(path)) = (args.get(1), args.get(2)) else {
        return Err("usage: read_summary write|run FILE".into());
    };
    if cmd == "write" {
        std::fs::write(path, csv_text(10_000, 100))?;
        return Ok(());
    }
    let reader = TableReader::new()
        .delimiter(b',')
        .id_column("Facility.ID")
        .group_column("State")
        .date_column("date")
        .population_column("Population")
        .capacity_column(CapacityKind::Design, "Capacity")
        .capacity_column(CapacityKind::Operational, "Operational.Capacity");
    let options = SummaryOptions::new(CapacityKind::Design);
    // READ_SUMMARY_RUNS (default 5): the runs, each timed; the best is the figure of record,
    // the spread (median, worst) shows whether the two-thread read settles (issue 18).
    let runs: usize = std::env::var("READ_SUMMARY_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5)
        .max(1);
    let (mut reads, mut summaries, mut totals) = (Vec::new(), Vec::new(), Vec::new());
    let mut out = None;
    for _ in 0..runs {
        let t = std::time::Instant::now();
        let read = reader.read_path(path)?;
        let r = t.elapsed().as_secs_f64();
        let t2 = std::time::Instant::now();
        let s = summarize_panel(read.panel(), &options)?;
        let sum = t2.elapsed().as_secs_f64();
        reads.push(r);
        summaries.push(sum);
        totals.push(r + sum);
        out = Some((read.accepted_rows(), s));
    }
    let sorted = |v: &mut Vec<f64>| v.sort_by(f64::total_cmp);
    sorted(&mut reads);
    sorted(&mut summaries);
    sorted(&mut totals);
    let (best_read, best_summary, best_total) = (reads[0], summaries[0], totals[0]);
    let (rows, s) = out.ok_or("no run")?;
    let population: u128 = s
        .iter()
        .filter_map(|d| d.summary.system.as_ref().map(|x| x.population))
        .sum();
    let surplus: u128 = s
        .iter()
        .filter_map(|d| d.summary.system.as_ref().map(|x| x.surplus))
        .sum();
    let over: usize = s
        .iter()
        .filter_map(|d| d.summary.system.as_ref().map(|x| x.overcrowded_facilities))
        .sum();
    println!("rows {rows}, dates {}", s.len());
    println!("check population {population} surplus {surplus} over_capacity {over}");
    println!(
        "Rust TableReader + summarize_panel: read {best_read:.3} s, summary {best_summary:.3} s, \
         read+summary {best_total:.3} s (best of {runs})"
    );
    println!(
        "  spread of read+summary over {runs} runs: best {best_total:.3} s, median {:.3} s, \
         worst {:.3} s",
        totals[runs / 2],
        totals[runs - 1]
    );
    Ok(())
}
