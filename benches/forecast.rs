//! Rolling-origin benchmark of the issue-11 forecasts over every bundled real series, and
//! timings. Builds without polars:
//! `cargo bench --no-default-features --bench forecast`.
//!
//! Series: BJS yearly (44 states × prisoners, sentenced prisoners, admissions, releases; a
//! series with a missing year is skipped and listed), ABS quarterly (5 states × total,
//! remanded, sentenced: the cells summed), monthly: England & Wales (HMPPS, Σ population per
//! report date aligned to months; the gap and the partial month are reported and the
//! contiguous runs used) and California (CDCR, Σ felon/other per report date).
//!
//! `FORECAST_BENCH=flows` (also part of the full run): issue 22 §3, the stock-flow forecast
//! and the automatic choice between it and the default beside the default, `forecast_many`
//! and naive, on the BJS states' sentenced prisoners with their admissions and releases.

use std::collections::BTreeMap;
use std::time::Instant;

use overcrowding::forecast::{
    Evaluation, EvaluationReport, FlowMethod, FlowSeries, ForecastMethod, Forecaster, Frequency,
    RegularSeries, forecast, forecast_flows, forecast_stock_flow,
};
use overcrowding::series::{Series, YearMonth};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

#[path = "common/monthly.rs"]
mod monthly;
use monthly::synthetic;

const METHODS: [(&str, ForecastMethod); 9] = [
    ("default (auto)", ForecastMethod::Auto),
    ("naive", ForecastMethod::Naive),
    ("seasonal naive", ForecastMethod::SeasonalNaive),
    ("drift", ForecastMethod::Drift),
    ("log-linear trend", ForecastMethod::LogLinearTrend),
    ("ETS (AICc)", ForecastMethod::Ets),
    ("ARIMA (AICc)", ForecastMethod::Arima),
    ("ETS+ARIMA mean", ForecastMethod::Combination),
    (
        "damped trend ETS(A,Ad,N)",
        ForecastMethod::EtsModel(overcrowding::forecast::EtsSpec::new(
            overcrowding::forecast::ErrorType::Additive,
            overcrowding::forecast::TrendType::Damped,
        )),
    ),
];

fn read(path: &str) -> csv::Reader<std::fs::File> {
    csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn bjs(notes: &mut Vec<String>) -> Vec<(String, RegularSeries)> {
    type Points = Vec<(i32, Option<f64>)>;
    let mut by: BTreeMap<(String, String), Points> = BTreeMap::new();
    for r in read("data/series/bjs_state_prisoners_1997_2021.csv").records() {
        let r = r.expect("record");
        let v = r[3].trim();
        by.entry((r[0].to_string(), r[2].to_string()))
            .or_default()
            .push((r[1].parse().expect("year"), v.parse::<f64>().ok()));
    }
    let mut out = Vec::new();
    for ((state, measure), mut pts) in by {
        pts.sort_by_key(|p| p.0);
        let years: Vec<i32> = pts.iter().map(|p| p.0).collect();
        let contiguous = years.windows(2).all(|w| w[1] == w[0] + 1);
        if let Some(missing) = pts.iter().find(|p| p.1.is_none()) {
            notes.push(format!(
                "skipped BJS {state} {measure}: no value for {}",
                missing.0
            ));
            continue;
        }
        if !contiguous {
            notes.push(format!(
                "skipped BJS {state} {measure}: years not contiguous"
            ));
            continue;
        }
        let values: Vec<f64> = pts.iter().filter_map(|p| p.1).collect();
        match RegularSeries::new(Frequency::Yearly, values) {
            Ok(s) => out.push((format!("{state} {measure}"), s)),
            Err(e) => notes.push(format!("skipped BJS {state} {measure}: {e}")),
        }
    }
    out
}

/// The BJS series (year-end 1997–2021) cut after 2019.
fn before_2020(yearly: &[(String, RegularSeries)]) -> Vec<(String, RegularSeries)> {
    yearly
        .iter()
        .filter_map(|(name, s)| {
            let head = s.head(s.len().checked_sub(2)?)?;
            (head.len() >= 12).then(|| (name.clone(), head))
        })
        .collect()
}

fn abs() -> Vec<(String, RegularSeries)> {
    let mut by: BTreeMap<(String, &'static str), BTreeMap<String, f64>> = BTreeMap::new();
    for r in read("data/series/abs_prisoners_quarterly_2005_2016.csv").records() {
        let r = r.expect("record");
        let count: f64 = r[5].parse().expect("count");
        let legal = if &r[3] == "Remanded" {
            "remanded"
        } else {
            "sentenced"
        };
        for part in ["total", legal] {
            *by.entry((r[1].to_string(), part))
                .or_default()
                .entry(r[0].to_string())
                .or_default() += count;
        }
    }
    by.into_iter()
        .map(|((state, part), dates)| {
            let s = RegularSeries::new(Frequency::Quarterly, dates.into_values().collect())
                .expect("48 quarters");
            (format!("{state} {part}"), s)
        })
        .collect()
}

fn date(s: &str) -> jiff::civil::Date {
    s.trim().parse().expect("date")
}

/// Contiguous runs of a monthly series of at least 36 months, as regular series.
fn runs(
    name: &str,
    s: &Series<YearMonth>,
    notes: &mut Vec<String>,
) -> Vec<(String, RegularSeries)> {
    let mut out = Vec::new();
    let pts = s.points();
    let mut start = 0;
    for i in 1..=pts.len() {
        if i == pts.len() || pts[i].period.months_since(pts[i - 1].period) != 1 {
            let run = &pts[start..i];
            let label = format!("{name} {}..{}", run[0].period, run[run.len() - 1].period);
            if run.len() >= 36 {
                let values = run.iter().map(|p| p.value as f64).collect();
                out.push((
                    label,
                    RegularSeries::new(Frequency::Monthly, values)
                        .expect("run")
                        .with_start(run[0].period),
                ));
            } else {
                notes.push(format!(
                    "{label}: {} months, too short, not used",
                    run.len()
                ));
            }
            start = i;
        }
    }
    out
}

fn hmpps(notes: &mut Vec<String>) -> Vec<(String, RegularSeries)> {
    let mut total: BTreeMap<jiff::civil::Date, (f64, usize, usize)> = BTreeMap::new();
    for r in read("data/hmpps_monthly_bulletin_2012_2024.csv").records() {
        let r = r.expect("record");
        let e = total.entry(date(&r[3])).or_default();
        e.2 += 1;
        if let Ok(p) = r[5].trim().parse::<f64>() {
            e.0 += p;
            e.1 += 1;
        }
    }
    let partial = date("2013-03-22");
    if let Some(&(_, _, rows)) = total.get(&partial) {
        let others: Vec<usize> = total.values().map(|t| t.2).filter(|&r| r != rows).collect();
        notes.push(format!(
            "E&W: report {partial} is partial ({rows} prison rows, against {}–{} in other months: 20–30 % of prisons missing): excluded, so March 2013 is a gap",
            others.iter().min().unwrap_or(&0),
            others.iter().max().unwrap_or(&0)
        ));
    }
    let series = Series::<YearMonth>::from_dated(
        total
            .iter()
            .filter(|(d, _)| **d != partial)
            .map(|(d, (p, _, _))| (*d, p.round() as u64)),
    )
    .expect("months");
    let gaps: Vec<String> = series.gaps().map(|m| m.to_string()).collect();
    notes.push(format!(
        "E&W: months without a report (not interpolated): {}; evaluated on the contiguous runs",
        gaps.join(", ")
    ));
    runs("E&W", &series, notes)
}

fn cdcr(notes: &mut Vec<String>) -> Vec<(String, RegularSeries)> {
    let mut total: BTreeMap<jiff::civil::Date, u64> = BTreeMap::new();
    for r in read("data/cdcr_tpop1_institutions_2015_2026.csv").records() {
        let r = r.expect("record");
        *total.entry(date(&r[0])).or_default() += r[4].trim().parse::<u64>().expect("felon_other");
    }
    let series = Series::<YearMonth>::from_dated(total).expect("months");
    let gaps: Vec<YearMonth> = series.gaps().collect();
    if !gaps.is_empty() {
        notes.push(format!("California: gaps {gaps:?}"));
    }
    runs("California", &series, notes)
}

struct Cell {
    mase: Vec<f64>,
    beats: usize,
    n: usize,
    c80: (f64, f64),
    c95: (f64, f64),
    winkler80: Vec<f64>,
}

fn table(freq: &str, horizons: &[usize], series: &[(String, RegularSeries)]) {
    let t0 = Instant::now();
    // report[method][series]
    // FORECAST_BENCH=default: only the default and naive (a quick check while editing).
    let quick = std::env::var("FORECAST_BENCH").as_deref() == Ok("default");
    let mut methods: Vec<&str> = METHODS.iter().map(|m| m.0).collect();
    methods.truncate(if quick { 2 } else { METHODS.len() });
    let eval = Evaluation::new(horizons.to_vec()).expect("horizons");
    let mut reports: Vec<Vec<Option<EvaluationReport>>> = METHODS[..methods.len()]
        .iter()
        .map(|(_, m)| {
            let fc = Forecaster::new(1).expect("h").with_method(*m);
            series.iter().map(|(_, s)| eval.run(s, &fc).ok()).collect()
        })
        .collect();
    // The same origins, every series cut there forecast together (issue 22 §2).
    let all: Vec<RegularSeries> = series.iter().map(|(_, s)| s.clone()).collect();
    let pooled = eval.run_many(&all).expect("forecast_many");
    reports.insert(1, pooled.into_iter().map(Some).collect());
    methods.insert(1, "forecast_many (pooled)");
    println!(
        "\n### {freq}: {} series, horizons {horizons:?} ({:.1} s)\n",
        series.len(),
        t0.elapsed().as_secs_f64()
    );
    println!(
        "| method | h | mean MASE | beats naive | 80 % cover | 95 % cover | Winkler 80 % (scaled) | series |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|");
    let mut overall = Vec::new();
    let naive = methods.iter().position(|m| *m == "naive").expect("naive");
    // Issue 22's last yardstick: the crate's own base methods (every row but the default,
    // `forecast_many` and naive) chosen afterwards — per horizon the one that beats naive
    // on the most series, and per series-horizon whichever beats it.
    let base =
        |label: &str| !matches!(label, "default (auto)" | "forecast_many (pooled)" | "naive");
    let mut best_per_horizon = vec![0usize; horizons.len()];
    let mut any_base: std::collections::BTreeSet<(usize, usize)> = Default::default();
    for (mi, label) in methods.iter().enumerate() {
        let (mut beats_all, mut n_all) = (0, 0);
        for (hi, &h) in horizons.iter().enumerate() {
            let mut cell = Cell {
                mase: vec![],
                beats: 0,
                n: 0,
                c80: (0.0, 0.0),
                c95: (0.0, 0.0),
                winkler80: vec![],
            };
            for (si, (r, nr)) in reports[mi].iter().zip(&reports[naive]).enumerate() {
                let (Some(r), Some(nr)) = (r, nr) else {
                    continue;
                };
                let (Some(a), Some(b)) = (r.horizon(h), nr.horizon(h)) else {
                    continue;
                };
                let (Some(ma), Some(mb)) = (a.mase, b.mase) else {
                    continue;
                };
                if a.scored == 0 {
                    continue;
                }
                cell.mase.push(ma);
                cell.n += 1;
                cell.beats += usize::from(ma < mb);
                if ma < mb && base(label) {
                    any_base.insert((hi, si));
                }
                let s = a.scored as f64;
                cell.c80.0 += a.levels[0].coverage.unwrap_or(0.0) * s;
                cell.c80.1 += s;
                cell.c95.0 += a.levels[1].coverage.unwrap_or(0.0) * s;
                cell.c95.1 += s;
                if let Some(w) = a.levels[0].scaled_winkler {
                    cell.winkler80.push(w);
                }
            }
            let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len().max(1) as f64;
            beats_all += cell.beats;
            n_all += cell.n;
            if base(label) {
                best_per_horizon[hi] = best_per_horizon[hi].max(cell.beats);
            }
            println!(
                "| {label} | {h} | {:.3} | {:.0} % | {:.1} % | {:.1} % | {:.2} | {} |",
                mean(&cell.mase),
                100.0 * cell.beats as f64 / cell.n.max(1) as f64,
                100.0 * cell.c80.0 / cell.c80.1.max(1.0),
                100.0 * cell.c95.0 / cell.c95.1.max(1.0),
                mean(&cell.winkler80),
                cell.n
            );
        }
        overall.push((label, beats_all, n_all));
    }
    println!();
    for (label, b, n) in overall {
        println!(
            "- {label}: beats naive on {b} of {n} series-horizons ({:.0} %)",
            100.0 * b as f64 / n.max(1) as f64
        );
    }
    if !quick {
        println!(
            "- the crate's base methods chosen afterwards: per horizon the one beating naive on the most series, {} series-horizons; per series-horizon any of them, {}",
            best_per_horizon.iter().sum::<usize>(),
            any_base.len()
        );
    }
}

/// The BJS states whose sentenced prisoners (1997–2021), admissions and releases
/// (2006–2021) have every year: the stock-flow input.
fn bjs_flows(notes: &mut Vec<String>) -> Vec<(String, FlowSeries)> {
    let mut by: BTreeMap<(String, String), BTreeMap<i32, Option<f64>>> = BTreeMap::new();
    for r in read("data/series/bjs_state_prisoners_1997_2021.csv").records() {
        let r = r.expect("record");
        by.entry((r[0].to_string(), r[2].to_string()))
            .or_default()
            .insert(r[1].parse().expect("year"), r[3].trim().parse::<f64>().ok());
    }
    let states: std::collections::BTreeSet<String> = by.keys().map(|k| k.0.clone()).collect();
    let mut out = Vec::new();
    for state in states {
        let series = |measure: &str| -> Result<RegularSeries, String> {
            let years = by
                .get(&(state.clone(), measure.to_string()))
                .ok_or(format!("no {measure}"))?;
            let first = *years.keys().next().ok_or(format!("no {measure}"))?;
            let mut values = Vec::new();
            for (i, (&y, v)) in years.iter().enumerate() {
                if y != first + i as i32 {
                    return Err(format!("{measure}: years not contiguous"));
                }
                values.push(v.ok_or(format!("{measure}: no value for {y}"))?);
            }
            let start = overcrowding::series::YearMonth::new(first, 1).expect("year");
            Ok(RegularSeries::new(Frequency::Yearly, values)
                .map_err(|e| e.to_string())?
                .with_start(start))
        };
        let built = series("sentenced_prisoners").and_then(|stock| {
            let a = series("admissions")?;
            let r = series("releases")?;
            FlowSeries::new(stock, a, r).map_err(|e| e.to_string())
        });
        match built {
            Ok(f) => out.push((state, f)),
            Err(e) => notes.push(format!("flows: skipped {state}: {e}")),
        }
    }
    out
}

/// `FORECAST_BENCH=flows` (and the full run): the stock-flow forecast and the automatic
/// choice beside the default, `forecast_many` and naive on the sentenced prisoners of the
/// BJS states with flows, at the origins where the stock-flow forecast can be made (6 flow
/// years in the training window: training lengths 15–24, origins 2011–2020).
fn flows_table(notes: &mut Vec<String>) {
    use rayon::prelude::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let t0 = Instant::now();
    let set = bjs_flows(notes);
    let horizons = [1, 2, 3, 5];
    let hmax = 5;
    let first = set
        .iter()
        .map(|(_, f)| f.stock().len() - f.admissions().len() + Frequency::Yearly.min_len())
        .max()
        .expect("states");
    let eval = Evaluation::new(horizons.to_vec())
        .expect("horizons")
        .with_min_train(first);
    let stocks: Vec<RegularSeries> = set.iter().map(|(_, f)| f.stock().clone()).collect();
    let (picked, chances) = (AtomicUsize::new(0), AtomicUsize::new(0));
    // report[method][series]
    let per_series: Vec<[EvaluationReport; 4]> = set
        .par_iter()
        .map(|(_, fs)| {
            let stock = fs.stock();
            let default = eval
                .run(stock, &Forecaster::new(1).expect("h"))
                .expect("default");
            let naive = eval
                .run(
                    stock,
                    &Forecaster::new(1)
                        .expect("h")
                        .with_method(ForecastMethod::Naive),
                )
                .expect("naive");
            let stock_flow = eval
                .run_with(stock, |k| {
                    let head = fs.head(k).expect("head");
                    Ok(forecast_stock_flow(&head, hmax)?.population().clone())
                })
                .expect("stock-flow");
            let auto = eval
                .run_with(stock, |k| {
                    let head = fs.head(k).expect("head");
                    let c = forecast_flows(&head, hmax)?;
                    chances.fetch_add(1, Ordering::Relaxed);
                    if c.chosen() == FlowMethod::StockFlow {
                        picked.fetch_add(1, Ordering::Relaxed);
                    }
                    Ok(c.forecast().clone())
                })
                .expect("automatic choice");
            [default, naive, stock_flow, auto]
        })
        .collect();
    let pooled = eval.run_many(&stocks).expect("forecast_many");
    let labels = [
        "default (forecast)",
        "forecast_many (pooled)",
        "stock-flow",
        "automatic choice",
        "naive",
    ];
    let report = |m: usize, i: usize| -> &EvaluationReport {
        match m {
            0 => &per_series[i][0],
            1 => &pooled[i],
            2 => &per_series[i][2],
            3 => &per_series[i][3],
            _ => &per_series[i][1],
        }
    };
    println!(
        "\n### Flows as information (BJS sentenced prisoners, {} states with flows): origins {}–{}, horizons {horizons:?} ({:.1} s)\n",
        set.len(),
        stocks[0]
            .period(first - 1)
            .map_or(String::from("?"), |p| p.year().to_string()),
        stocks[0]
            .period(stocks[0].len() - 2)
            .map_or(String::from("?"), |p| p.year().to_string()),
        t0.elapsed().as_secs_f64()
    );
    println!(
        "| method | h | mean MASE | beats naive | beats the default | 80 % cover | 95 % cover | series |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|");
    for (m, label) in labels.iter().enumerate() {
        for &h in &horizons {
            let (mut mase, mut beats, mut better, mut n) = (0.0, 0, 0, 0);
            let (mut c80, mut c95, mut scored) = (0.0, 0.0, 0.0);
            for i in 0..set.len() {
                let (Some(a), Some(d), Some(nv)) = (
                    report(m, i).horizon(h),
                    report(0, i).horizon(h),
                    report(4, i).horizon(h),
                ) else {
                    continue;
                };
                let (Some(ma), Some(md), Some(mn)) = (a.mase, d.mase, nv.mase) else {
                    continue;
                };
                mase += ma;
                beats += usize::from(ma < mn);
                better += usize::from(ma < md);
                n += 1;
                let s = a.scored as f64;
                c80 += a.levels[0].coverage.unwrap_or(0.0) * s;
                c95 += a.levels[1].coverage.unwrap_or(0.0) * s;
                scored += s;
            }
            let pct = |x: usize| 100.0 * x as f64 / n.max(1) as f64;
            println!(
                "| {label} | {h} | {:.3} | {:.0} % | {} | {:.1} % | {:.1} % | {n} |",
                mase / n.max(1) as f64,
                pct(beats),
                if m == 0 {
                    "–".to_string()
                } else {
                    format!("{:.0} %", pct(better))
                },
                100.0 * c80 / scored.max(1.0),
                100.0 * c95 / scored.max(1.0),
            );
        }
    }
    // Where the stock-flow forecast helps: states whose mean MASE over the horizons is below
    // the default's.
    let mean_mase = |r: &EvaluationReport| {
        let v: Vec<f64> = r.scores.iter().filter_map(|(_, h)| h.mase).collect();
        v.iter().sum::<f64>() / v.len().max(1) as f64
    };
    let helped: Vec<&str> = set
        .iter()
        .zip(&per_series)
        .filter(|(_, r)| mean_mase(&r[2]) < mean_mase(&r[0]))
        .map(|((name, _), _)| name.as_str())
        .collect();
    println!(
        "\n- stock-flow below the default (mean MASE over the horizons) in {} of {} states: {}",
        helped.len(),
        set.len(),
        helped.join(", ")
    );
    println!(
        "- the automatic choice took the stock-flow forecast at {} of {} series-origins",
        picked.load(Ordering::Relaxed),
        chances.load(Ordering::Relaxed)
    );
}

/// This thread's on-CPU time in ns (Linux `/proc/thread-self/schedstat`), so a timing on a
/// shared, loaded machine can be told apart from waiting for a core.
fn thread_cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

fn timings() {
    let mut rng = StdRng::seed_from_u64(2026);
    let one = synthetic(&mut rng, 240);
    let _ = forecast(&one, 12);
    let reps = 20;
    let t = Instant::now();
    let cpu0 = thread_cpu_ns();
    let mut method = String::new();
    for _ in 0..reps {
        method = forecast(&one, 12).expect("forecast").method();
    }
    let per = t.elapsed().as_secs_f64() * 1e3 / reps as f64;
    let cpu = thread_cpu_ns()
        .zip(cpu0)
        .map(|(b, a)| (b - a) as f64 / 1e6 / reps as f64);
    println!("\n### Timing\n");
    println!(
        "- one 240-point monthly series, automatic choice, h = 12: {per:.1} ms wall, {} on-CPU (mean of {reps}; chose {method})",
        cpu.map_or("n/a".into(), |c| format!("{c:.1} ms"))
    );
    // 10,000 sample paths of 120 months from the fitted default (the whole fit included).
    let fc = Forecaster::new(120).expect("h").with_paths(10_000);
    let _ = fc.fit(&one);
    let t = Instant::now();
    let cpu0 = thread_cpu_ns();
    let reps = 10;
    let mut paths = 0;
    for _ in 0..reps {
        paths = fc.fit(&one).expect("forecast").paths();
    }
    let per = t.elapsed().as_secs_f64() * 1e3 / reps as f64;
    let cpu = thread_cpu_ns()
        .zip(cpu0)
        .map(|(b, a)| (b - a) as f64 / 1e6 / reps as f64);
    println!(
        "- {paths} Monte Carlo paths of 120 months from the fitted default (fit included): {per:.1} ms wall, {} on-CPU (mean of {reps})",
        cpu.map_or("n/a".into(), |c| format!("{c:.1} ms"))
    );
    let many: Vec<RegularSeries> = (0..10_000).map(|_| synthetic(&mut rng, 240)).collect();
    // Every core (rayon, the same pool the paths use): how a user would run many series.
    let cpu0 = process_cpu_ns();
    let t = Instant::now();
    let done = {
        use rayon::prelude::*;
        many.par_iter().filter(|s| forecast(s, 12).is_ok()).count()
    };
    let wall = t.elapsed().as_secs_f64();
    let cpu = process_cpu_ns()
        .zip(cpu0)
        .map(|(b, a)| (b - a) as f64 / 1e9);
    println!(
        "- 10,000 such series on {} threads (rayon `par_iter`): {wall:.1} s wall, {} process CPU ({done} forecasts)",
        rayon::current_num_threads(),
        cpu.map_or("n/a".into(), |c| format!("{c:.1} s"))
    );
    // The same 10,000 forecast together (issue 22 §2: one pool, one cut per series).
    let cpu0 = process_cpu_ns();
    let t = Instant::now();
    let done = overcrowding::forecast::forecast_many(&many, 12)
        .expect("forecast_many")
        .len();
    let wall = t.elapsed().as_secs_f64();
    let cpu = process_cpu_ns()
        .zip(cpu0)
        .map(|(b, a)| (b - a) as f64 / 1e9);
    println!(
        "- the same 10,000 series with `forecast_many`: {wall:.1} s wall, {} process CPU ({done} forecasts)",
        cpu.map_or("n/a".into(), |c| format!("{c:.1} s"))
    );
}

/// A standard normal draw (Box–Muller; `rand` alone, no `rand_distr`).
fn gauss(rng: &mut StdRng) -> f64 {
    let u: f64 = rng.random::<f64>().max(1e-300);
    let v: f64 = rng.random();
    (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
}

/// The processes of `FORECAST_BENCH=simulated`: known truths, so interval coverage can be
/// judged without the breaks of real series. Level about 10,000, shocks of sd 100.
const PROCESSES: [&str; 7] = [
    "random walk",
    "random walk + drift 30",
    "AR(1) φ = 0.7 around a mean",
    "white noise around a mean",
    "local linear trend (slope shocks sd 5)",
    "damped trend φ = 0.9 (slope 40 at the start)",
    "random walk + season (monthly, quarterly; amplitude 300)",
];

fn simulate_process(rng: &mut StdRng, which: usize, n: usize, m: usize) -> Vec<f64> {
    let (mut level, mut slope, mut ar) = (10_000.0, 0.0f64, 0.0f64);
    let mut out = Vec::with_capacity(n);
    if which == 5 {
        slope = 40.0;
    }
    for t in 0..n {
        let e = 100.0 * gauss(rng);
        let v = match which {
            0 => {
                level += e;
                level
            }
            1 => {
                level += 30.0 + e;
                level
            }
            2 => {
                ar = 0.7 * ar + e;
                10_000.0 + ar
            }
            3 => 10_000.0 + e,
            4 => {
                slope += 5.0 * gauss(rng);
                level += slope + e;
                level
            }
            5 => {
                slope *= 0.9;
                level += slope + e;
                level
            }
            _ => {
                level += e;
                let season = if m > 1 {
                    300.0 * (std::f64::consts::TAU * t as f64 / m as f64).sin()
                } else {
                    0.0
                };
                level + season
            }
        };
        out.push(v.max(0.0));
    }
    out
}

/// `FORECAST_BENCH=simulated`: the default on series of known processes, fitted on `n`
/// values and scored on the next `max(h)`: coverage and MASE against naive (one forecast per
/// series, so the outcomes are independent). Then `forecast_many` on the same series, the
/// 1,000 of one process and frequency forecast together (`FORECAST_SIM_MANY_ONLY=1`: only
/// that second table).
fn simulated() {
    use rayon::prelude::*;
    let sets = [
        (Frequency::Yearly, 20, vec![1, 2, 3, 5]),
        (Frequency::Quarterly, 40, vec![1, 2, 4, 8]),
        (Frequency::Monthly, 120, vec![1, 3, 6, 12, 24]),
    ];
    const SERIES: usize = 1_000;
    let many_only = std::env::var("FORECAST_SIM_MANY_ONLY").is_ok();
    let mut pooled: Vec<String> = Vec::new();
    if !many_only {
        println!("\n### Simulated series: {SERIES} per process and frequency, one origin each\n");
        println!(
            "| process | frequency (n) | h | MASE default / naive | 80 % cover | 95 % cover |"
        );
        println!("|---|---|---:|---:|---:|---:|");
    }
    for (which, name) in PROCESSES.iter().enumerate() {
        for (freq, n, horizons) in &sets {
            let hmax = *horizons.iter().max().expect("h");
            let m = freq.period();
            // (per horizon) Σ|e| default, Σ|e| naive, in 80 %, in 95 %
            let ys: Vec<Vec<f64>> = (0..SERIES)
                .into_par_iter()
                .map(|i| {
                    let mut rng = StdRng::seed_from_u64((which * 1_000_003 + i) as u64 ^ m as u64);
                    simulate_process(&mut rng, which, n + hmax, m)
                })
                .collect();
            let series: Vec<RegularSeries> = ys
                .iter()
                .map(|y| RegularSeries::new(*freq, y[..*n].to_vec()).expect("series"))
                .collect();
            let score =
                |y: &[f64], f: &overcrowding::forecast::Forecast| -> Vec<(f64, f64, bool, bool)> {
                    let scale = y[..*n].windows(2).map(|w| (w[1] - w[0]).abs()).sum::<f64>()
                        / (*n - 1) as f64;
                    let i80 = f.interval(0.8).expect("80");
                    let i95 = f.interval(0.95).expect("95");
                    horizons
                        .iter()
                        .map(|&h| {
                            let a = y[n + h - 1];
                            (
                                (a - f.mean()[h - 1]).abs() / scale,
                                (a - y[n - 1]).abs() / scale,
                                i80[h - 1].0 <= a && a <= i80[h - 1].1,
                                i95[h - 1].0 <= a && a <= i95[h - 1].1,
                            )
                        })
                        .collect()
                };
            // FORECAST_SIM_MANY_ONLY: only `forecast_many`'s table (half the run, for
            // comparing interval rules).
            let rows: Vec<Vec<(f64, f64, bool, bool)>> = if many_only {
                Vec::new()
            } else {
                ys.par_iter()
                    .zip(&series)
                    .map(|(y, s)| score(y, &forecast(s, hmax).expect("forecast")))
                    .collect()
            };
            let many = overcrowding::forecast::forecast_many(&series, hmax).expect("forecast_many");
            let many_rows: Vec<Vec<(f64, f64, bool, bool)>> =
                ys.iter().zip(&many).map(|(y, f)| score(y, f)).collect();
            for (rows, mut out) in [(&rows, None), (&many_rows, Some(&mut pooled))] {
                if rows.is_empty() {
                    continue;
                }
                for (k, h) in horizons.iter().enumerate() {
                    let (mut d, mut nv, mut c80, mut c95) = (0.0, 0.0, 0usize, 0usize);
                    for r in rows {
                        d += r[k].0;
                        nv += r[k].1;
                        c80 += usize::from(r[k].2);
                        c95 += usize::from(r[k].3);
                    }
                    let line = format!(
                        "| {name} | {} ({n}) | {h} | {:.3} | {:.1} % | {:.1} % |",
                        freq.label(),
                        d / nv,
                        100.0 * c80 as f64 / SERIES as f64,
                        100.0 * c95 as f64 / SERIES as f64
                    );
                    match out {
                        None => println!("{line}"),
                        Some(ref mut v) => v.push(line),
                    }
                }
            }
        }
    }
    println!(
        "\n### `forecast_many` on the same series: the {SERIES} of one process and frequency together\n"
    );
    println!(
        "| process | frequency (n) | h | scaled error, forecast_many ÷ naive | 80 % cover | 95 % cover |"
    );
    println!("|---|---|---:|---:|---:|---:|");
    for line in pooled {
        println!("{line}");
    }
}

/// This process's CPU time in ns (user + system, `/proc/self/stat`, clock ticks of 10 ms).
fn process_cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/stat").ok()?;
    let rest = s.rsplit(')').next()?;
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?;
    Some(ticks * 10_000_000)
}

/// `FORECAST_BENCH=dump`: every origin's forecast of every base method, as CSV rows
/// (`freq,series,train,method,h,actual,mean,q025,q10,q90,q975`) to `$FORECAST_DUMP`
/// (default `target/forecast_dump.csv`), and the series to `<that>.series.csv`, for
/// studying combinations and calibration outside the crate.
/// A named set of series with its horizon.
type Set<'a> = (&'a str, usize, &'a [(String, RegularSeries)]);

fn dump(sets: &[Set<'_>]) {
    use overcrowding::forecast::{ErrorType, EtsSpec, TrendType};
    use std::io::Write;
    let ets = |error, trend| ForecastMethod::EtsModel(EtsSpec::new(error, trend));
    let methods: Vec<(&str, ForecastMethod)> = vec![
        ("auto", ForecastMethod::Auto),
        ("naive", ForecastMethod::Naive),
        ("snaive", ForecastMethod::SeasonalNaive),
        ("drift", ForecastMethod::Drift),
        ("loglinear", ForecastMethod::LogLinearTrend),
        ("ets", ForecastMethod::Ets),
        ("ann", ets(ErrorType::Additive, TrendType::None)),
        ("aan", ets(ErrorType::Additive, TrendType::Additive)),
        ("aadn", ets(ErrorType::Additive, TrendType::Damped)),
        ("arima", ForecastMethod::Arima),
    ];
    // FORECAST_DUMP_METHODS=auto,naive,many: only these (`many`: forecast_many, below).
    let wanted: Option<Vec<String>> = std::env::var("FORECAST_DUMP_METHODS")
        .ok()
        .map(|v| v.split(',').map(str::to_string).collect());
    let keep = |label: &str| wanted.as_ref().is_none_or(|w| w.iter().any(|m| m == label));
    let methods: Vec<(&str, ForecastMethod)> =
        methods.into_iter().filter(|(l, _)| keep(l)).collect();
    let path = std::env::var("FORECAST_DUMP").unwrap_or("target/forecast_dump.csv".into());
    let mut series_out = std::fs::File::create(format!("{path}.series.csv")).expect("dump");
    writeln!(series_out, "freq,series,t,value").unwrap();
    let mut jobs = Vec::new();
    for &(freq, horizon, set) in sets {
        let min = match freq {
            "yearly" => 10,
            "quarterly" => 12,
            _ => 36,
        };
        for (name, s) in set {
            for (t, v) in s.values().iter().enumerate() {
                writeln!(series_out, "{freq},{name},{t},{v}").unwrap();
            }
            for train in min..s.len() {
                jobs.push((freq, horizon, name.as_str(), s, train));
            }
        }
    }
    let rows: Vec<String> = std::thread::scope(|scope| {
        let chunk = jobs.len().div_ceil(2);
        let handles: Vec<_> = jobs
            .chunks(chunk)
            .map(|part| {
                let methods = &methods;
                scope.spawn(move || {
                    let mut out = Vec::new();
                    for &(freq, horizon, name, s, train) in part {
                        let head = s.head(train).expect("head");
                        let hmax = horizon.min(s.len() - train);
                        for (label, m) in methods {
                            let mut fc = Forecaster::new(hmax).expect("h").with_method(*m);
                            if std::env::var("FORECAST_DUMP_LOG").is_ok() {
                                let l = fc
                                    .clone()
                                    .with_transform(overcrowding::forecast::Transform::Log);
                                fc = l;
                            }
                            let Ok(f) = fc.fit(&head) else { continue };
                            out.extend(dump_rows((freq, name, label), s, train, &f, hmax));
                        }
                    }
                    out
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("thread"))
            .collect()
    });
    let mut out = std::fs::File::create(&path).expect("dump");
    writeln!(
        out,
        "freq,series,train,method,h,actual,mean,q025,q10,q90,q975"
    )
    .unwrap();
    for r in rows {
        writeln!(out, "{r}").unwrap();
    }
    if keep("many") {
        for &(freq, horizon, set) in sets {
            for r in dump_many(freq, horizon, set) {
                writeln!(out, "{r}").unwrap();
            }
        }
    }
    println!("dumped to {path}");
}

/// The dump rows of one forecast from the first `train` values of `s`: `(freq, series,
/// method)`, then per horizon the observed value, the mean and four quantiles.
fn dump_rows(
    (freq, name, label): (&str, &str, &str),
    s: &RegularSeries,
    train: usize,
    f: &overcrowding::forecast::Forecast,
    hmax: usize,
) -> Vec<String> {
    let q: Vec<Vec<f64>> = [0.025, 0.1, 0.9, 0.975]
        .iter()
        .map(|&q| f.quantiles(q).expect("q"))
        .collect();
    (0..hmax)
        .map(|h| {
            format!(
                "{freq},{name},{train},{label},{},{},{},{},{},{},{}",
                h + 1,
                s.values()[train + h],
                f.mean()[h],
                q[0][h],
                q[1][h],
                q[2][h],
                q[3][h]
            )
        })
        .collect()
}

/// The dump rows of `forecast_many` at the origins of `Evaluation::run_many` (series cut
/// at the same calendar period, or the same number of periods before their common end),
/// from the evaluation's minimum training length.
fn dump_many(freq: &str, horizon: usize, set: &[(String, RegularSeries)]) -> Vec<String> {
    use overcrowding::forecast::forecast_many;
    let min = match freq {
        "yearly" => 10,
        "quarterly" => 12,
        _ => 36,
    };
    let ends: Vec<i64> = set
        .iter()
        .map(|(_, s)| {
            // The bundled series are monthly, quarterly or yearly.
            let months = i64::from(s.frequency().months().unwrap_or(1));
            s.start().and_then(|p| p.first_month()).map_or(0, |p| {
                (i64::from(p.year()) * 12 + i64::from(p.month()) - 1) / months
            }) + s.len() as i64
                - 1
        })
        .collect();
    let latest = ends.iter().copied().max().unwrap_or(0);
    let mut rows = Vec::new();
    let mut at = latest - 1;
    loop {
        let members: Vec<(usize, usize)> = set
            .iter()
            .enumerate()
            .filter_map(|(i, (_, s))| {
                let k = s.len() as i64 - (ends[i] - at);
                (k >= min as i64 && k < s.len() as i64).then_some((i, k as usize))
            })
            .collect();
        if members.is_empty()
            && set
                .iter()
                .enumerate()
                .all(|(i, (_, s))| s.len() as i64 - (ends[i] - at) < min as i64)
        {
            break;
        }
        let heads: Vec<RegularSeries> = members
            .iter()
            .map(|&(i, k)| set[i].1.head(k).expect("head"))
            .collect();
        if !heads.is_empty() {
            let fits = forecast_many(&heads, horizon).expect("forecast_many");
            for (&(i, k), f) in members.iter().zip(&fits) {
                let (name, s) = &set[i];
                let hmax = horizon.min(s.len() - k);
                rows.extend(dump_rows((freq, name, "many"), s, k, f, hmax));
            }
        }
        at -= 1;
    }
    rows
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let mut notes = Vec::new();
    let yearly = bjs(&mut notes);
    let quarterly = abs();
    let mut monthly = hmpps(&mut notes);
    monthly.extend(cdcr(&mut notes));
    println!(
        "## Forecast benchmark (issue 11): rolling-origin evaluation over every bundled series\n"
    );
    println!(
        "Origins: every training length from 10 (yearly), 12 (quarterly), 36 (monthly) to n − 1; MASE scaled by the in-sample one-step naive error; coverage pooled over forecasts; Winkler score of the 80 % interval divided by the same scale, mean over series.\n"
    );
    println!(
        "Series: {} yearly, {} quarterly, {} monthly ({}).\n",
        yearly.len(),
        quarterly.len(),
        monthly.len(),
        monthly
            .iter()
            .map(|m| m.0.as_str())
            .collect::<Vec<_>>()
            .join("; ")
    );
    for n in &notes {
        println!("- {n}");
    }
    if std::env::var("FORECAST_BENCH").as_deref() == Ok("simulated") {
        simulated();
        return;
    }
    if std::env::var("FORECAST_BENCH").as_deref() == Ok("flows") {
        flows_table(&mut notes);
        for n in notes.iter().filter(|n| n.starts_with("flows:")) {
            println!("- {n}");
        }
        return;
    }
    if std::env::var("FORECAST_BENCH").as_deref() == Ok("dump") {
        dump(&[
            ("yearly", 5, &yearly),
            ("quarterly", 8, &quarterly),
            ("monthly", 24, &monthly),
        ]);
        return;
    }
    if std::env::var("FORECAST_BENCH").as_deref() != Ok("timing") {
        if std::env::var("FORECAST_BENCH").as_deref() == Ok("default") {
            table("Yearly (BJS)", &[1, 2, 3, 5], &yearly);
            table("Quarterly (ABS)", &[1, 2, 4, 8], &quarterly);
            table("Monthly (HMPPS, CDCR)", &[1, 3, 6, 12, 24], &monthly);
            return;
        }
        table("Yearly (BJS)", &[1, 2, 3, 5], &yearly);
        table("Quarterly (ABS)", &[1, 2, 4, 8], &quarterly);
        table("Monthly (HMPPS, CDCR)", &[1, 3, 6, 12, 24], &monthly);
    }
    if std::env::var("FORECAST_BENCH").as_deref() != Ok("timing") {
        // The same yearly series ending in 2019: how much of the shortfall is COVID-19.
        table(
            "Yearly (BJS), series cut at 2019 (no COVID-19 year as a target)",
            &[1, 2, 3, 5],
            &before_2020(&yearly),
        );
        let mut flow_notes = Vec::new();
        flows_table(&mut flow_notes);
        for n in &flow_notes {
            println!("- {n}");
        }
    }
    timings();
}
