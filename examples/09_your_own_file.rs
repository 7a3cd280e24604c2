//! Your own file in: a messy US-style facility list, read without hand parsing.
//!
//! `data/us_facilities_feb2020_synthetic.csv` (synthetic, see data/README.md) has the columns
//! such lists have — `Facility.ID, State, Name, Population.Feb20, Capacity,
//! Operational.Capacity` — with `NA`s, a wide capacity block, a text note in a count column,
//! a notes line, an implausible row (3,290 held in 192 places) and one population repeated
//! for three facilities. This walks through reading it, coverage per state, and the
//! data-quality screen; then the same screen on the HMPPS bulletin finds its partial month.
//!
//! Run: `cargo run --example 09_your_own_file --no-default-features --features io`

use overcrowding::io::{ReadMode, TableReader};
use overcrowding::screen::{Rule, ScreenOptions, screen};
use overcrowding::system::{Lacks, SummaryOptions, summarize_panel_groups};
use overcrowding::{CapacityKind, Result};

fn main() -> Result<()> {
    // 1. Say which column is which; everything else has a default (delimiter sniffed,
    //    encoding detected, NA / .. / empty mean "not reported").
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/us_facilities_feb2020_synthetic.csv"
    );
    let read = TableReader::new()
        .id_column("Facility.ID")
        .name_column("Name")
        .group_column("State")
        .as_of("2020-02-29".parse().expect("a date"))
        .population_column("Population.Feb20")
        .capacity_column(CapacityKind::Design, "Capacity")
        .capacity_column(CapacityKind::Operational, "Operational.Capacity")
        .mode(ReadMode::Lenient)
        .read_path(path)?;
    println!(
        "read {}: delimiter '{}', {}; {} rows = {} accepted + {} rejected + {} skipped",
        "us_facilities_feb2020_synthetic.csv",
        read.delimiter().map(char::from).unwrap_or(' '),
        read.encoding(),
        read.total_rows(),
        read.accepted_rows(),
        read.rejects().len(),
        read.skipped().len()
    );
    for r in read.rejects() {
        println!("  reject  {}", r.reason());
    }
    for s in read.skipped() {
        println!("  skipped line {}: {}", s.line(), s.why());
    }

    // 2. Coverage per state: facilities with NA population are kept, and counted.
    println!("\nby state, against design capacity:");
    let groups = summarize_panel_groups(
        read.panel(),
        "State",
        &SummaryOptions::new(CapacityKind::Design),
    )?;
    for g in &groups {
        let c = &g.summary.coverage;
        let lacking = c
            .missing
            .iter()
            .filter(|m| matches!(m.lacks, Lacks::Population | Lacks::Both))
            .count();
        let occ = g
            .summary
            .ratio()
            .map(|r| format!("{:.1} %", r.percent_rounded(1)))
            .unwrap_or_else(|_| "n/a".to_string());
        println!(
            "  {:<3} {:>2} of {:>2} facilities covered ({lacking} lack population), occupancy {occ}",
            g.group.as_deref().unwrap_or("-"),
            c.covered,
            c.facilities
        );
    }

    // 3. The screen: findings, never changes.
    let s = screen(read.panel(), &ScreenOptions::new());
    println!("\nscreen: {} findings", s.findings().len());
    print!("{}", s.to_table());

    // 4. Exclusions are explicit: leave out the implausible row, then summarise again.
    let kept = read
        .panel()
        .without(&s.exclusions_for(&[Rule::ImplausibleOccupancy]));
    let al = summarize_panel_groups(&kept, "State", &SummaryOptions::new(CapacityKind::Design))?
        .into_iter()
        .find(|g| g.group.as_deref() == Some("AL"));
    if let Some(al) = al {
        println!(
            "\nAL without the implausible row: {:.1} % over {} facilities",
            al.summary.ratio()?.percent_rounded(1),
            al.summary.coverage.covered
        );
    }

    // 5. The same screen on a published panel finds its partial month.
    let hmpps = overcrowding::datasets::hmpps_bulletin()?.to_panel()?;
    let s = screen(&hmpps, &ScreenOptions::new());
    for f in s.of_rule(Rule::PartialReport) {
        println!("\nHMPPS {}: {}", f.date(), f.why());
    }
    Ok(())
}
