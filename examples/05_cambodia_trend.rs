//! # 05 — Cambodia's prison population, 1972–2021: growth, and when it outgrew 27,000 places
//!
//! **Question.** Cambodia's prisons were designed for about 27,000 people. How fast did the
//! prison population grow in the World Prison Brief series, when did it cross the design
//! capacity, and how full would the prisons have been each year against those 27,000 places?
//!
//! **Run it.**
//!
//! ```text
//! cargo run --example 05_cambodia_trend --no-default-features                   # numbers only
//! cargo run --example 05_cambodia_trend --no-default-features --features plot   # + chart
//! ```
//!
//! With `plot`, the chart is written to `target/plots/05_cambodia_trend.svg` and `.png`.
//!
//! **Caveat.** 27,000 is the design capacity reported in 2021. Occupancy against it for earlier
//! years answers "how full would today's estate have been", not what each year's own capacity
//! was; the World Prison Brief series does not carry capacities.

use overcrowding::datasets::cambodia_wpb_series;
use overcrowding::series::Year;
use overcrowding::{Standard, occupancy};

const DESIGN_CAPACITY: u64 = 27_000;

type Res = Result<(), Box<dyn std::error::Error>>;

fn main() -> Res {
    // Step 1: load the bundled World Prison Brief series.
    let series = cambodia_wpb_series()?;
    println!(
        "1. World Prison Brief, Cambodia: {} observations",
        series.points().len()
    );
    for p in series.points() {
        println!("   {}  {:>6}", p.period, p.value);
    }

    // Step 2: growth per step (compound annual rate over each gap) and overall.
    println!("\n2. Growth between observations (compound, per year)");
    for (from, to, rate) in series.annual_growth_steps() {
        println!("   {from}–{to}: {:>6.1} % a year", rate * 100.0);
    }
    let first = series.points()[0];
    let last = series.points()[series.points().len() - 1];
    let overall = series.annual_growth(first.period, last.period)?;
    let since_1994 = series.annual_growth(Year(1994), last.period)?;
    println!(
        "   overall {}–{}: {:.1} % a year; {}–{}: {:.1} % a year ({}× in {} years)",
        first.period,
        last.period,
        overall * 100.0,
        1994,
        last.period,
        since_1994 * 100.0,
        (last.value as f64 / series.value(Year(1994)).unwrap_or(1) as f64).round(),
        last.period.0 - 1994
    );

    // Step 3: when did the series first go above the design capacity?
    println!("\n3. Crossing the design capacity of {DESIGN_CAPACITY}");
    match series.first_crossing(DESIGN_CAPACITY)? {
        Some(c) => println!(
            "   first observed above: {} (previous observation, at or below: {}); \
             on the compound-growth path between them: about {:.1}",
            c.first_year_above,
            c.last_year_at_or_below
                .map_or("none".to_string(), |y| y.to_string()),
            c.interpolated_year
        ),
        None => println!("   never above {DESIGN_CAPACITY}"),
    }

    // Step 4: occupancy against 27,000 places for each year, with the band it falls in.
    println!(
        "\n4. Occupancy against {DESIGN_CAPACITY} design places (band: {})",
        Standard::critical().name()
    );
    let standard = Standard::critical();
    for p in series.points() {
        let occ = occupancy(p.value, DESIGN_CAPACITY)?;
        println!(
            "   {}  {:>6} held  {:>6} %  {}",
            p.period,
            p.value,
            occ.percent_rounded_string(1)?,
            standard.classify(&occ).label()
        );
    }
    let occ_2021 = occupancy(last.value, DESIGN_CAPACITY)?;
    assert_eq!(occ_2021.percent_rounded(1), 144.4);

    // Step 5: the chart (only with the `plot` feature).
    chart(&series)?;
    Ok(())
}

#[cfg(feature = "plot")]
fn chart(series: &overcrowding::series::Series<overcrowding::series::Year>) -> Res {
    let title = "Cambodia: prison population 1972–2021 vs 27,000 design places";
    for ext in ["svg", "png"] {
        let path = format!("target/plots/05_cambodia_trend.{ext}");
        overcrowding::plot::yearly_series(
            &path,
            title,
            &overcrowding::plot::caption("World Prison Brief", "design", "1972–2021"),
            "people held",
            "observed (World Prison Brief)",
            series,
            Some((DESIGN_CAPACITY, "design capacity: 27,000 places (2021)")),
        )?;
        println!("\n5. Chart written to {path}");
    }
    Ok(())
}

#[cfg(not(feature = "plot"))]
fn chart(_: &overcrowding::series::Series<overcrowding::series::Year>) -> Res {
    println!(
        "\n5. (Chart skipped: run with `--features plot` to write target/plots/05_cambodia_trend.svg)"
    );
    Ok(())
}
