//! # 04 — England & Wales, 2012–2024: the system figure and the prisons it hides
//!
//! **Question.** Month by month, how full is the prison estate of England & Wales against its
//! in-use certified normal accommodation (the bulletin's own measure of crowding), how many
//! prisons — and how many people — are above 100 % and above 150 %, how many places are
//! missing even when the system total looks tolerable, and how does that change year on year?
//!
//! **Run it.**
//!
//! ```text
//! cargo run --example 04_england_wales_system --features plot
//! ```
//!
//! Without `plot` the numbers are printed and the charts skipped. With it, three charts go to
//! `target/plots/`: the latest month's prisons as sorted bars with the band lines, the system
//! over time with the share of prisons over capacity, and a prison × month heat map. The full
//! monthly table is written to `target/plots/04_england_wales_system.csv`.
//!
//! **Data.** HMPPS *Prison population figures: monthly bulletin*, per establishment,
//! 2012–2024 (© Crown copyright, OGL v3; assembled by D. Yukhnenko, 2025). Bundled.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use overcrowding::datasets::hmpps_bulletin;
use overcrowding::series::{Point, Series};
use overcrowding::system::{SummaryOptions, SystemSummary, summarize_panel};
use overcrowding::{CapacityKind, Result, Threshold};

/// One month's system view.
struct Month {
    date: jiff::civil::Date,
    summary: SystemSummary,
    renamed_duplicates: usize,
    zero_cna: usize,
}

fn main() -> Result<()> {
    // ── Step 1. Load the panel; the reader reports its quirks instead of dropping rows ───────
    let bulletin = hmpps_bulletin()?;
    let dates = bulletin.report_dates();
    println!(
        "1. HMPPS monthly bulletin: {} rows, {} report dates ({} to {})",
        bulletin.rows().len(),
        dates.len(),
        dates[0],
        dates[dates.len() - 1]
    );
    let mut quirk_counts: BTreeMap<&str, usize> = BTreeMap::new();
    for q in bulletin.quirks() {
        *quirk_counts.entry(q.kind.name()).or_default() += 1;
    }
    for (kind, n) in &quirk_counts {
        println!("   reported quirk {kind:<22} {n:>4} rows");
    }

    // ── Step 2. One system summary per report date, against in-use CNA ───────────────────
    // The bulletin as a panel of records: one per prison and date, with operational capacity,
    // in-use CNA and baseline CNA. Pairwise complete: a prison enters the sums only with both
    // a population and an in-use CNA ≥ 1. An in-use CNA of 0 (a prison out of use) is listed
    // as not reported and shown in coverage. A name repeated on one date (a fragment such as
    // "Hill") is kept apart by its line.
    let options = SummaryOptions::new(CapacityKind::InUseCna)
        .with_threshold(Threshold::above("above 100 %", 100.0)?)
        .with_threshold(Threshold::above("above 150 %", 150.0)?)
        .with_top(5);
    let panel = bulletin.to_panel()?;
    let mut per_date: HashMap<(jiff::civil::Date, &str), usize> = HashMap::new();
    for q in bulletin.quirks() {
        *per_date.entry((q.report_date, q.kind.name())).or_default() += 1;
    }
    let months: Vec<Month> = summarize_panel(&panel, &options)?
        .into_iter()
        .map(|d| Month {
            date: d.date,
            renamed_duplicates: per_date
                .get(&(d.date, "duplicate_prison_date"))
                .copied()
                .unwrap_or(0),
            zero_cna: per_date
                .get(&(d.date, "zero_in_use_cna"))
                .copied()
                .unwrap_or(0),
            summary: d.summary,
        })
        .collect();
    println!("\n2. {} monthly summaries computed", months.len());

    // ── Step 3. The table: system occupancy, prisons and people above 100 % / 150 %, surplus ─
    println!("\n3. Each June and December (the full table is in the CSV):");
    println!(
        "   {:<10} {:>8} {:>9} {:>7} {:>17} {:>17} {:>8} {:>9}",
        "date", "held", "in-use", "occ %", "prisons >100 %", "prisons >150 %", "surplus", "covered"
    );
    let mut csv = String::from(
        "date,population,in_use_cna,occupancy_percent,prisons,prisons_above_100,people_above_100,prisons_above_150,people_above_150,surplus,covered,not_covered,renamed_duplicates,zero_in_use_cna\n",
    );
    for m in &months {
        let Some(sys) = &m.summary.system else {
            continue;
        };
        let t = &m.summary.thresholds;
        let cov = &m.summary.coverage;
        let occ = sys.ratio.percent_rounded_string(1)?;
        let _ = writeln!(
            csv,
            "{},{},{},{},{},{},{},{},{},{},{},{},{},{}",
            m.date,
            sys.population,
            sys.capacity,
            occ,
            sys.facilities,
            t[0].facilities,
            t[0].people,
            t[1].facilities,
            t[1].people,
            sys.surplus,
            cov.covered,
            cov.missing.len(),
            m.renamed_duplicates,
            m.zero_cna
        );
        if matches!(m.date.month(), 6 | 12) {
            println!(
                "   {:<10} {:>8} {:>9} {:>7} {:>4} ({:>6} ppl) {:>4} ({:>6} ppl) {:>8} {:>5}/{:<3}",
                m.date.to_string(),
                sys.population,
                sys.capacity,
                occ,
                t[0].facilities,
                t[0].people,
                t[1].facilities,
                t[1].people,
                sys.surplus,
                cov.covered,
                cov.facilities
            );
        }
    }
    std::fs::create_dir_all("target/plots")
        .map_err(|source| overcrowding::Error::io("target/plots", source))?;
    std::fs::write("target/plots/04_england_wales_system.csv", csv).map_err(|source| {
        overcrowding::Error::io("target/plots/04_england_wales_system.csv", source)
    })?;

    // ── Step 4. What the system figure hides ─────────────────────────────────────────────
    let last = months.last().expect("155 months");
    let sys = last.summary.system.as_ref().expect("covered");
    println!(
        "\n4. {}: the system is at {} of in-use CNA, yet {} prisons are above 100 % \
              and hold {} people; {} places are missing inside those prisons",
        last.date,
        sys.ratio,
        last.summary.thresholds[0].facilities,
        last.summary.thresholds[0].people,
        sys.surplus
    );
    if let Some(pw) = &last.summary.population_weighted {
        println!(
            "   the median prisoner is held at {} (facility-weighted median: {})",
            pw.median,
            last.summary
                .facility_weighted
                .as_ref()
                .map_or("-".into(), |d| d.median.to_string())
        );
    }
    println!("   most overcrowded:");
    for f in &last.summary.most_overcrowded {
        println!(
            "     {:<28} {:>5} / {:>5} = {}",
            f.id.as_str(),
            f.population,
            f.capacity,
            f.occupancy
        );
    }
    let cov = &last.summary.coverage;
    println!(
        "   coverage: {} of {} prisons; left out: {}",
        cov.covered,
        cov.facilities,
        cov.missing
            .iter()
            .map(|m| format!("{} ({:?})", m.id.as_str(), m.lacks))
            .collect::<Vec<_>>()
            .join(", ")
    );

    // ── Step 5. Year on year: population and occupancy points, same month a year earlier ──
    let population = Series::new(
        months
            .iter()
            .filter_map(|m| {
                m.summary.system.as_ref().map(|s| Point {
                    period: m.date,
                    value: s.population as u64,
                })
            })
            .collect(),
    )?;
    let yoy = population.year_on_year()?;
    let occ_by_month: HashMap<(i16, i8), f64> = months
        .iter()
        .filter_map(|m| {
            m.summary
                .system
                .as_ref()
                .map(|s| ((m.date.year(), m.date.month()), s.ratio.percent()))
        })
        .collect();
    println!("\n5. Year on year, each December:");
    for c in yoy.changes.iter().filter(|c| c.to.period.month() == 12) {
        let (y, mo) = (c.to.period.year(), c.to.period.month());
        let points = occ_by_month[&(y, mo)] - occ_by_month[&(y - 1, mo)];
        println!(
            "   {}: {:+6} people ({:+.1} %), {:+.1} points of occupancy",
            c.to.period,
            c.absolute,
            c.percent().unwrap_or(0.0),
            points
        );
    }
    println!(
        "   {} months have no same month a year earlier (the first year, and gaps)",
        yoy.without_previous.len()
    );

    // ── Step 6. Check: two independent paths give the same totals ──────────────────────
    let totals = bulletin.totals_by_date()?;
    let mismatches = totals
        .iter()
        .zip(&months)
        .filter(|(t, m)| {
            m.summary
                .system
                .as_ref()
                .is_some_and(|s| t.population as u128 != s.population)
        })
        .count();
    println!(
        "\n6. reader totals vs system summaries: {} of {} months differ",
        mismatches,
        months.len()
    );

    charts(&months, &bulletin)
}

#[cfg(feature = "plot")]
fn charts(months: &[Month], bulletin: &overcrowding::io::HmppsBulletin) -> Result<()> {
    use overcrowding::plot::{
        HeatCell, TrendPoint, facility_bars, occupancy_heatmap, system_trend,
    };
    use overcrowding::system::facility_occupancies;
    let last = months.last().expect("months");
    let panel = bulletin.to_panel()?;
    let bars = facility_occupancies(panel.on(last.date), &CapacityKind::InUseCna)?;
    let thresholds = [
        Threshold::above("100 %", 100.0)?,
        Threshold::above("150 %", 150.0)?,
    ];
    facility_bars(
        "target/plots/04_prisons_latest.png",
        &format!(
            "England & Wales prisons, {}: population ÷ in-use CNA",
            last.date
        ),
        &overcrowding::plot::caption(
            "HMPPS monthly bulletin",
            "in_use_cna",
            &last.date.to_string(),
        ),
        &bars,
        &thresholds,
    )?;
    let points: Vec<TrendPoint> = months
        .iter()
        .filter_map(|m| TrendPoint::from_summary(m.date, &m.summary).ok())
        .collect();
    system_trend(
        "target/plots/04_system_trend.png",
        "England & Wales: system occupancy (in-use CNA) and share of prisons over capacity",
        &overcrowding::plot::caption("HMPPS monthly bulletin", "in_use_cna", "2012–2024"),
        &points,
    )?;
    // The heat map reads best with a few dozen rows: the 40 prisons most crowded at the end.
    let mut ranked = bars.clone();
    ranked.sort_by_key(|f| std::cmp::Reverse(f.occupancy));
    let top: std::collections::HashSet<&str> =
        ranked.iter().take(40).map(|f| f.id.as_str()).collect();
    let cells: Vec<HeatCell> = bulletin
        .rows()
        .iter()
        .filter(|r| top.contains(r.prison.as_str()))
        .map(|r| HeatCell {
            facility: r.prison.clone(),
            month: r.report_date,
            occupancy: r.pop_to_in_use_cna().ok(),
        })
        .collect();
    occupancy_heatmap(
        "target/plots/04_heatmap.png",
        "England & Wales: the 40 prisons most crowded in December 2024, by month",
        &overcrowding::plot::caption("HMPPS monthly bulletin", "in_use_cna", "2012–2024"),
        &cells,
    )?;
    println!(
        "\n7. charts written: target/plots/04_prisons_latest.png, 04_system_trend.png, 04_heatmap.png"
    );
    Ok(())
}

#[cfg(not(feature = "plot"))]
fn charts(_: &[Month], _: &overcrowding::io::HmppsBulletin) -> Result<()> {
    println!("\n7. charts skipped (run with --features plot)");
    Ok(())
}
