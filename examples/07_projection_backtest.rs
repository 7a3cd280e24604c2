//! # England & Wales: how good would a projection have been?
//!
//! **Question.** If an analyst had projected the prison population of England & Wales from
//! any month between January 2016 and December 2023, how far off would the projection have
//! been 1, 3, 6, 12 and 24 months later? Which simple method does best — the last value, the
//! same month last year, the last value plus the recent drift, or the crate's log-linear
//! trend — and do the trend's prediction intervals hold what they promise? Then: from the
//! last month in the data, where is the population heading, and when would it reach the
//! in-use CNA and the operational capacity of the estate? Finally, the crate's default
//! forecast (the last value combined with three exponential-smoothing trends, intervals
//! calibrated on the series' own multi-step errors): how well did it do in a rolling-origin
//! backtest, and what does it say?
//!
//! **Data.** HMPPS *Prison population figures: monthly bulletin*, one row per prison per
//! report date, January 2012 – December 2024 (`datasets::hmpps_bulletin`, OGL v3). The
//! system population of a month is Σ population over the prisons reporting one on that
//! report date; report dates (last Friday or month end) are aligned to calendar months; the
//! month missing from the panel (June 2017) stays a gap.
//!
//! The last sections run the default's own rolling-origin backtest ([`Evaluation`]) and say,
//! from its numbers, how well it did against the last value and whether its intervals hold
//! what they promise; with `plot` the default's forecast is drawn as a fan chart.
//!
//! Run: `cargo run --example 07_projection_backtest --no-default-features --features io`
//! (add `,plot` for `target/plots/07_forecast_fan.png` and `.svg`)
//!
//! [`Evaluation`]: overcrowding::forecast::Evaluation

use overcrowding::forecast::{
    Crossing, Evaluation, ForecastMethod, Frequency, RegularSeries, Side, backtest::Backtest,
    backtest::FitWindow, forecast, trend::MonteCarlo, trend::TrendFit,
};
use overcrowding::{series::Series, series::YearMonth};

fn main() -> overcrowding::Result<()> {
    // 1. Load the panel and sum it per report date.
    let bulletin = overcrowding::datasets::hmpps_bulletin()?;
    let totals = bulletin.totals_by_date()?;
    println!("1. HMPPS monthly bulletin panel");
    println!(
        "   {} rows, {} report dates, {} to {}",
        bulletin.rows().len(),
        totals.len(),
        totals[0].report_date,
        totals[totals.len() - 1].report_date
    );

    // 2. The system population per month, with coverage.
    let series =
        Series::<YearMonth>::from_dated(totals.iter().map(|t| (t.report_date, t.population_all)))?;
    let with_pop = |d| {
        bulletin
            .rows()
            .iter()
            .filter(|r| r.report_date == d && r.population.is_some())
            .count()
    };
    let mut incomplete = Vec::new();
    for t in &totals {
        let n = with_pop(t.report_date);
        if n < t.rows {
            incomplete.push(format!("{} ({n}/{})", t.report_date, t.rows));
        }
    }
    println!("\n2. System population per calendar month (Σ population over prisons reporting one)");
    println!(
        "   {} months from {} to {}; gaps (not interpolated): {:?}",
        series.points().len(),
        series.start(),
        series.end(),
        series.gaps().map(|m| m.to_string()).collect::<Vec<_>>()
    );
    println!(
        "   coverage: every prison row reports a population on {} of {} dates; short on {}: {}",
        totals.len() - incomplete.len(),
        totals.len(),
        incomplete.len(),
        incomplete.join(", ")
    );

    // 3. Yearly snapshots (December, or the last month of the year).
    println!("\n3. Yearly snapshots (last report of each year)");
    println!(
        "   {:<10} {:>10} {:>12} {:>8} {:>12} {:>10}",
        "date", "population", "in-use CNA", "% CNA", "op. capacity", "coverage"
    );
    for year in 2012..=2024 {
        let Some(t) = totals.iter().rfind(|t| t.report_date.year() == year) else {
            continue;
        };
        println!(
            "   {:<10} {:>10} {:>12} {:>7.1}% {:>12} {:>6}/{:<3}",
            t.report_date.to_string(),
            t.population_all,
            t.in_use_cna,
            t.pop_to_in_use_cna()?.percent(),
            t.operational_capacity,
            t.paired_rows,
            t.rows
        );
    }
    println!("   (% CNA = Σ population ÷ Σ in-use CNA over prisons reporting both)");

    // 4. The backtest: every month from 2016-01 to 2023-12 as a cut-off.
    let ym = |y, m| YearMonth::new(y, m);
    let horizons = vec![1, 3, 6, 12, 24];
    let bt = Backtest::new(horizons.clone(), FitWindow::Expanding)
        .with_cutoffs(ym(2016, 1)?, ym(2023, 12)?)
        .with_paths(300)
        .with_seed(2025);
    let expanding = bt.run(&series, &Backtest::METHODS)?;
    let recent = bt.with_window(FitWindow::Months(36)).run(
        &series,
        &[ForecastMethod::Drift, ForecastMethod::LogLinearTrend],
    )?;
    println!(
        "\n4. Rolling-origin backtest: {} cut-offs ({} skipped: {:?}); fit on all data from 2012 up to the cut-off",
        expanding.origins.len(),
        expanding.skipped_origins.len(),
        expanding
            .skipped_origins
            .iter()
            .map(|m| m.to_string())
            .collect::<Vec<_>>()
    );
    println!(
        "   error = projected − observed (people); coverage = share of observed values inside the interval"
    );
    let header = || {
        println!(
            "   {:<22} {:>3} {:>4} {:>4} {:>8} {:>7} {:>6} {:>7} {:>6} {:>6}",
            "method", "h", "n", "miss", "bias", "MAE", "MAPE%", "RMSE", "80%", "95%"
        );
    };
    let print = |report: &overcrowding::forecast::EvaluationReport, suffix: &str| {
        for (method, s) in &report.scores {
            let (Some(bias), Some(mae), Some(rmse)) = (s.bias, s.mae, s.rmse) else {
                continue;
            };
            let cov = |i: usize| {
                s.levels
                    .get(i)
                    .and_then(|c| c.coverage)
                    .map_or("-".to_string(), |x| format!("{:.0}%", 100.0 * x))
            };
            println!(
                "   {:<22} {:>3} {:>4} {:>4} {:>8.0} {:>7.0} {:>6.2} {:>7.0} {:>6} {:>6}",
                format!("{}{suffix}", method),
                s.horizon,
                s.scored,
                s.target_missing + s.no_forecast,
                bias,
                mae,
                s.mape.unwrap_or(0.0),
                rmse,
                cov(0),
                cov(1)
            );
        }
    };
    header();
    print(&expanding, "");
    println!("   — the same with a 36-month window —");
    print(&recent, " (36 m)");

    // 5. What the numbers mean.
    println!("\n5. Reading the table");
    let mae = |r: &overcrowding::forecast::EvaluationReport, m, h| {
        r.row(m, h).and_then(|s| s.mae).map_or(f64::INFINITY, |e| e)
    };
    let best = |h| {
        let mut all: Vec<(String, f64)> = Backtest::METHODS
            .iter()
            .map(|&m| (m.to_string(), mae(&expanding, m, h)))
            .chain(
                [ForecastMethod::Drift, ForecastMethod::LogLinearTrend]
                    .iter()
                    .map(|&m| (format!("{} (36 m)", m), mae(&recent, m, h))),
            )
            .collect();
        all.sort_by(|a, b| a.1.total_cmp(&b.1));
        all.remove(0)
    };
    for &h in &horizons {
        let (name, err) = best(h);
        println!(
            "   {h:>2} months ahead: the best method is {name}, off by {err:.0} people on average; \
             the trend (all data) by {:.0}, the last value by {:.0}",
            mae(&expanding, ForecastMethod::LogLinearTrend, h),
            mae(&expanding, ForecastMethod::Naive, h)
        );
    }
    if let Some(s) = expanding.row(ForecastMethod::LogLinearTrend, 12) {
        let c = s.levels.first().and_then(|c| c.coverage).unwrap_or(0.0);
        println!(
            "   the trend's 80 % interval held the observed value 12 months later in {:.0} % of \
             cut-offs: {}",
            100.0 * c,
            if c < 0.7 {
                "far too narrow — months are not independent draws about a trend (COVID-19 \
                 emptied courts in 2020, early releases in 2024), so treat it as a lower bound on \
                 the uncertainty"
            } else {
                "roughly as promised"
            }
        );
    }

    // 6. Forecast from the last month, and when it would reach the capacity totals.
    let last = series.end();
    let now = &totals[totals.len() - 1];
    println!(
        "\n6. Forecast from {last} (observed: {} people)",
        now.population_all
    );
    // (a) The last value with an empirical interval: the 10th–90th percentiles of the
    // naive method's backtest errors at that horizon, added to the last value.
    println!("   (a) last value ± the naive method's backtest errors (10th–90th percentile):");
    for &h in &horizons {
        let mut errs: Vec<f64> = expanding
            .forecasts
            .iter()
            .filter(|f| f.method == ForecastMethod::Naive.into() && f.horizon == h)
            .filter_map(|f| f.error())
            .collect();
        errs.sort_by(f64::total_cmp);
        let q = |p: f64| errs[((p * (errs.len() - 1) as f64).round()) as usize];
        // observed = forecast − error: the interval for the observation flips the error quantiles.
        let v = now.population_all as f64;
        println!(
            "       {} (+{h:>2} m): {v:>7.0}   80 %: {:>6.0} – {:.0}",
            last.plus(h as i32)?,
            v - q(0.9),
            v - q(0.1)
        );
    }
    let mc = MonteCarlo::new(2_000)?.with_seed(2025);
    for (label, from) in [
        ("(b) log-linear trend on all data", series.start()),
        (
            "(c) log-linear trend on the last 36 months",
            last.plus(-35)?,
        ),
    ] {
        let fit = TrendFit::log_linear_monthly(&series, from, last)?;
        let proj = fit.simulate_months(&mc, last.plus(120)?)?;
        println!(
            "   {label} ({from}..{last}, {:+.1} % a year), Monte Carlo intervals:",
            100.0 * fit.annual_growth()
        );
        for h in [1, 6, 12, 24] {
            let m = last.plus(h)?;
            let q = |p| proj.quantile(m, p).unwrap_or(0.0);
            println!(
                "       {m} (+{h:>2} m): {:>7.0}   80 %: {:>6.0} – {:<6.0}  95 %: {:>6.0} – {:.0}",
                fit.fitted(m.fractional_year()),
                q(0.10),
                q(0.90),
                q(0.025),
                q(0.975)
            );
        }
        for (name, level) in [
            ("in-use CNA", now.in_use_cna),
            ("operational capacity", now.operational_capacity),
        ] {
            if now.population_all >= level {
                println!(
                    "       {name} {level}: already exceeded ({} held in {last})",
                    now.population_all
                );
                continue;
            }
            let c = proj.crossing(level, Side::Above, 0.80)?;
            let show = |c: Crossing| match c {
                Crossing::AtOrigin { value } => format!("already above ({value:.0})"),
                Crossing::After { horizon, .. } => proj
                    .period(horizon)
                    .map_or("?".to_string(), |m| m.to_string()),
                Crossing::NotWithin { .. } => "after 10 years".to_string(),
            };
            let line = match fit.crossing_in_months(level, Side::Above, 120)? {
                Crossing::NotWithin { .. } => "stays below it for 10 years".to_string(),
                c => format!("is above it from {}", show(c)),
            };
            println!(
                "       {name} {level}: the trend line {line}; 80 % of paths between {} \
                 and {} (median {}; {} of {} paths not within 10 years)",
                show(c.lower),
                show(c.upper),
                show(c.median),
                c.never,
                c.crossed + c.never
            );
        }
    }
    let trend36 = TrendFit::log_linear_monthly(&series, last.plus(-35)?, last)?;
    let naive_beats_trends = horizons.iter().all(|&h| {
        let n = mae(&expanding, ForecastMethod::Naive, h);
        n <= mae(&expanding, ForecastMethod::LogLinearTrend, h)
            && n <= mae(&recent, ForecastMethod::LogLinearTrend, h)
    });
    let trend_cov12 = expanding
        .row(ForecastMethod::LogLinearTrend, 12)
        .and_then(|s| s.levels.first().and_then(|c| c.coverage))
        .unwrap_or(0.0);
    println!(
        "   Capacity totals are held at their {last} level (in-use CNA summed over prisons \
         reporting a population too). The 36-month trend starts {:+.0} people from the last \
         observation. In the backtest above the last value {} both trends at every horizon, and \
         the trend's 80 % interval held {:.0} % of outcomes 12 months ahead.",
        trend36.fitted(last.plus(1)?.fractional_year()) - now.population_all as f64,
        if naive_beats_trends {
            "beat"
        } else {
            "did not beat"
        },
        100.0 * trend_cov12
    );

    // 7. The crate's default forecast: a regular series has no gaps, so it is fitted to the
    // run after the June 2017 gap (July 2017 onwards).
    let run_from = ym(2017, 7)?;
    let run = series.window(run_from, last);
    let regular = RegularSeries::new(
        Frequency::Monthly,
        run.iter().map(|p| p.value as f64).collect(),
    )?
    .with_start(run_from);
    println!(
        "\n7. The default forecast (overcrowding::forecast::forecast), fitted to {run_from}..{last} ({} months, after the June 2017 gap)",
        run.len()
    );
    let evaluation = Evaluation::new(horizons.clone())?;
    let report = evaluation.run_default_and_naive(&regular)?;
    println!(
        "   its rolling-origin backtest: {} origins (trained on the first {} months, then one more each time)",
        report.origins.len(),
        report.first_train.unwrap_or(0)
    );
    println!(
        "   {:>3} {:>4} {:>8} {:>10} {:>8} {:>8} {:>6} {:>6}",
        "h", "n", "MASE", "naive MASE", "MAPE %", "bias", "80%", "95%"
    );
    let show = |x: Option<f64>| x.map_or("-".to_string(), |x| format!("{x:.2}"));
    for (d, n) in report
        .rows(ForecastMethod::Auto)
        .zip(report.rows(ForecastMethod::Naive))
    {
        println!(
            "   {:>3} {:>4} {:>8} {:>10} {:>8} {:>8.0} {:>5.0}% {:>5.0}%",
            d.horizon,
            d.scored,
            show(d.mase),
            show(n.mase),
            show(d.mape),
            d.bias.unwrap_or(0.0),
            100.0 * d.levels[0].coverage.unwrap_or(0.0),
            100.0 * d.levels[1].coverage.unwrap_or(0.0)
        );
    }
    let f = forecast(&regular, 24)?;
    let i80 = f.interval(0.8)?;
    let i95 = f.interval(0.95)?;
    println!(
        "   from {last} ({} held) the default is {}",
        now.population_all,
        f.method()
    );
    for h in [1usize, 6, 12, 24] {
        println!(
            "       {} (+{h:>2} m): {:>7.0}   80 %: {:>6.0} – {:<6.0}  95 %: {:>6.0} – {:.0}",
            last.plus(h as i32)?,
            f.mean()[h - 1],
            i80[h - 1].0,
            i80[h - 1].1,
            i95[h - 1].0,
            i95[h - 1].1
        );
    }
    for (name, level) in [
        ("in-use CNA", now.in_use_cna),
        ("operational capacity", now.operational_capacity),
    ] {
        let p = f.probability_reached(level as f64, Side::Above)?;
        let when = match f.crossing(level as f64, Side::Above)? {
            Crossing::AtOrigin { value } => format!("already above ({value:.0} held)"),
            Crossing::After { horizon, .. } => {
                format!(
                    "the mean forecast passes it in {}",
                    last.plus(horizon as i32)?
                )
            }
            Crossing::NotWithin { .. } => "the mean forecast stays below it for 24 months".into(),
        };
        println!(
            "       {name} {level}: {when}; paths above it at some month within 12 months: {:.0} %, within 24: {:.0} %",
            100.0 * p[11],
            100.0 * p[23]
        );
    }

    // 8. What the backtest says about the default, in words (every number computed above).
    println!("\n8. How well the default did in its backtest");
    let pairs: Vec<_> = report
        .rows(ForecastMethod::Auto)
        .zip(report.rows(ForecastMethod::Naive))
        .collect();
    let beats = pairs
        .iter()
        .filter(|(d, n)| d.mase.zip(n.mase).is_some_and(|(a, b)| a < b))
        .count();
    let ratio = |h: usize| {
        pairs
            .iter()
            .find(|(d, _)| d.horizon == h)
            .and_then(|(d, n)| Some(d.mase? / n.mase?))
    };
    let cover = |h: usize, j: usize| {
        report
            .horizon(h)
            .and_then(|r| r.levels[j].coverage)
            .map_or(f64::NAN, |c| 100.0 * c)
    };
    println!(
        "   It beat the last value at {beats} of {} horizons: its error was {} of the last value's one \
         month ahead and {} twelve months ahead (MASE ratio). Its 80 % interval held {:.0} % of the \
         outcomes one month ahead and {:.0} % twelve months ahead; its 95 % interval {:.0} % and {:.0} %. \
         {}",
        pairs.len(),
        ratio(1).map_or("-".into(), |r| format!("{:.0} %", 100.0 * r)),
        ratio(12).map_or("-".into(), |r| format!("{:.0} %", 100.0 * r)),
        cover(1, 0),
        cover(12, 0),
        cover(1, 1),
        cover(12, 1),
        if cover(12, 0) < 70.0 {
            "The intervals are too narrow at a year: plan on wider ones."
        } else if cover(12, 0) > 90.0 {
            "The intervals are wider than they need to be at a year."
        } else {
            "The intervals hold roughly what they promise."
        }
    );
    fan_chart(&series, &f, now.in_use_cna, last)?;
    Ok(())
}

/// The default forecast as a fan chart (feature `plot`).
#[cfg(feature = "plot")]
fn fan_chart(
    series: &Series<YearMonth>,
    f: &overcrowding::forecast::Forecast,
    cna: u64,
    last: YearMonth,
) -> overcrowding::Result<()> {
    use overcrowding::plot::{Centre, Fan, FanPoint, caption, forecast_fan};
    let history: Vec<(YearMonth, f64)> = series
        .window(last.plus(-71)?, last)
        .iter()
        .map(|p| (p.period, p.value as f64))
        .collect();
    // The mean as the central line: the figures printed above are the mean's.
    let projection = FanPoint::from_fan(&f.fan(&[0.8, 0.95])?, Centre::Mean)?;
    let label = format!(
        "in-use CNA {} ({last})",
        overcrowding::exact::thousands(u128::from(cna))
    );
    let fan = Fan::new(&history, &projection)
        .with_capacity(cna as f64, &label)
        .with_centre_label("mean forecast (the crate's default)");
    std::fs::create_dir_all("target/plots")
        .map_err(|source| overcrowding::Error::io("target/plots", source))?;
    for ext in ["png", "svg"] {
        forecast_fan(
            format!("target/plots/07_forecast_fan.{ext}"),
            &format!("England & Wales prison population: the default forecast from {last}"),
            &caption(
                "HMPPS monthly bulletin",
                "in_use_cna",
                &format!("history to {last}"),
            ),
            &fan,
        )?;
    }
    println!(
        "   chart: target/plots/07_forecast_fan.png and .svg ({})",
        f.method()
    );
    Ok(())
}

#[cfg(not(feature = "plot"))]
fn fan_chart(
    _: &Series<YearMonth>,
    _: &overcrowding::forecast::Forecast,
    _: u64,
    _: YearMonth,
) -> overcrowding::Result<()> {
    println!(
        "   (fan chart skipped: run with --features io,plot to write target/plots/07_forecast_fan.png)"
    );
    Ok(())
}
