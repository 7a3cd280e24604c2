//! # Cambodia, 2021: how full are the prisons?
//!
//! In June 2021 Cambodia held about 39,000 people in prisons designed for 27,000. 27 of its 28
//! prisons were above capacity, and in May more than 35 % of those held had not been tried.
//! This walkthrough reproduces each published figure from the bundled data
//! (`data/cambodia_2021.csv`, `data/cambodia_wpb_series.csv`) and asks the next questions.
//!
//! Run it:
//!
//! ```text
//! cargo run --example 01_cambodia_2021
//! ```
//!
//! (`--no-default-features` works too: everything here is the typed core.)

use overcrowding::datasets::{SeedFigure, cambodia_2021, cambodia_wpb_series};
use overcrowding::series::Year;
use overcrowding::{
    Capacity, CapacityKind, Facility, Population, PretrialDefinition, Standard,
    metrics::pretrial_count, occupancy, pretrial_share_of, rate_per_100k, releases_needed, surplus,
};

fn figure(figs: &[SeedFigure], name: &str, as_of: &str) -> overcrowding::Result<u64> {
    let f = figs
        .iter()
        .find(|f| f.figure == name && f.as_of == as_of)
        .ok_or(overcrowding::Error::from(overcrowding::ErrorKind::Empty {
            what: "seed figure",
        }))?;
    Ok(f.value as u64)
}

fn main() -> overcrowding::Result<()> {
    // ── Step 1. Load the published figures, each with its source ────────────────────────────
    let figs = cambodia_2021()?;
    let held = figure(&figs, "prison_population", "2021-06")?;
    let design = figure(&figs, "design_capacity", "2021-06")?;
    println!("Step 1. The published figures");
    for f in figs.iter().filter(|f| f.as_of.starts_with("2021")) {
        println!(
            "  {:<40} {:>8} as of {:<18} ({})",
            f.figure, f.value, f.as_of, f.kind
        );
    }

    // ── Step 2. The system's register entry: occupancy against design capacity ───────────────
    // The capacity kind is named; asking for a kind Cambodia does not report is an error,
    // never a silent fallback.
    let june = "2021-06-30".parse().expect("a valid date");
    let system = Facility::new("KH")?
        .with_name("Cambodia, all prisons")
        .with_capacity(
            Capacity::new(CapacityKind::Design, design, june)?.with_source("Prisons Department"),
        );
    let occ = occupancy(held, system.capacity(&CapacityKind::Design, june)?.value())?;
    println!("\nStep 2. Occupancy = {held} held ÷ {design} design places = {occ}");
    assert_eq!(occ.percent_rounded(1), 144.4);
    match system.capacity(&CapacityKind::Operational, june) {
        Err(e) => println!("  against operational capacity: {e}"),
        Ok(c) => println!(
            "  against operational capacity: {}",
            occupancy(held, c.value())?
        ),
    }

    // ── Step 3. Which band? Each standard names the capacity kind it applies to ──────────────
    println!("\nStep 3. Bands");
    for standard in [
        Standard::over_capacity(),
        Standard::critical(),
        Standard::brown_v_plata(),
    ] {
        let band = standard.classify_kind(&occ, &CapacityKind::Design)?;
        println!("  {:<24} → {}", standard.name(), band.label());
    }
    println!(
        "  surplus: {} people above design capacity",
        surplus(held, design)
    );

    // ── Step 4. 27 of 28 prisons above 100 % ─────────────────────────────────────────────────
    let prisons = figure(&figs, "prisons", "2021-01")?;
    let over = figure(&figs, "prisons_over_100_percent", "2021-01")?;
    let share = occupancy(over, prisons)?;
    println!("\nStep 4. {over} of {prisons} prisons above capacity = {share:.1} of prisons");

    // ── Step 5. "More than 35 %" had not been tried: what it means in people ────────────────
    // 35 % is a lower bound: at least ceil(0.35 × 39,000) = 13,650 people.
    let untried = (held * 35).div_ceil(100);
    let may = "2021-05-31".parse().expect("a valid date");
    let pop = Population::new(held, may)
        .with_untried(untried)
        .with_convicted_unsentenced(0);
    let narrow = pretrial_share_of(&pop, PretrialDefinition::Narrow)?;
    println!(
        "\nStep 5. At least {} people untried = {narrow:.1} of {held} (narrow, SDG 16.3.2: untried + awaiting sentence)",
        pretrial_count(&pop, PretrialDefinition::Narrow)?
    );
    println!(
        "  the broad (World Prison Brief) share also counts people under appeal: not reported for 2021"
    );

    // ── Step 6. Inverse questions: how many releases reach 100 % and 120 %? ─────────────────
    println!("\nStep 6. Releases needed (decided exactly in integers)");
    for target in [100.0, 120.0, 137.5] {
        let n = releases_needed(held, design, target)?;
        println!("  to reach {target:>5} % of design capacity: release {n:>6}");
    }
    let released = figure(&figs, "activists_released", "2021-11-15")?;
    let after = occupancy(held - released, design)?;
    println!(
        "  the {released} activists released in November: {occ:.2} → {after:.2} ({:.2} points of occupancy;",
        occ.percent() - after.percent()
    );
    println!(
        "    {:.2} % of the people held): nothing visible",
        occupancy(released, held)?.percent()
    );
    let covid = figure(&figs, "jailed_under_covid_law", "2021-02-20/2021-11")?;
    println!("  the flow view: {covid} admitted under the COVID-19 law vs {released} released");

    // ── Step 7. The trend: World Prison Brief, 1972–2021 ────────────────────────────────────
    let series = cambodia_wpb_series()?;
    println!("\nStep 7. The trend");
    for (from, to, g) in series.annual_growth_steps() {
        println!("  {from}–{to}: {:+.1} % a year", g * 100.0);
    }
    let g = series.annual_growth(Year(1994), Year(2021))?;
    println!("  1994–2021: {:+.1} % a year, compound", g * 100.0);
    if let Some(c) = series.first_crossing(design)? {
        println!(
            "  first above {design}: {} (after {:?}); on the compound path between them: {:.1}",
            c.first_year_above, c.last_year_at_or_below, c.interpolated_year
        );
    }
    // 39,000 at 229 per 100,000 implies a national population of about 17.0 million.
    let rate = rate_per_100k(held, 17_000_000)?;
    println!(
        "  rate per 100,000 (national population ≈ 17.0 M): {:.0}",
        rate.rounded(0)
    );
    Ok(())
}
