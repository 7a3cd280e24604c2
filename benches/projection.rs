//! Projection and stays benches (criterion, `harness = false`, seeded inputs).
//!
//! - `trend_monte_carlo/10k_paths_10y`: 10,000 Monte Carlo paths of the Cambodian WPB trend,
//!   10 projected years.
//! - `cohort/120_months`: a plan on the cohort stock-flow model over 10 years (3,653 days),
//!   in expectation (`Plan::run_expected`): pretrial stays halved retroactively from month
//!   12 and 10 % fewer pretrial admissions from then (until 0.3.0 `CohortModel::project`
//!   month by month with a `cohort::Policy`, 61 ms; the expected plan works by day: 3,653
//!   days against 120 months).
//! - `daily_population/1M_stays_365d`: the event sweep vs the naive per-day loop over the same
//!   1,000,000 stays and a one-year window; the ratio of the two is the speed-up (measured
//!   once on a 2-core machine: sweep ≈ 0.11 s, naive ≈ 0.93 s, ≈ 8×). Trend 10k paths and
//!   the cohort plan, 2026-12-08 01:46 UTC, load 0.6–1.0 (`cargo bench --no-default-features
//!   --bench projection -- 'cohort/120_months|trend_monte_carlo'`): 3.80 ms and 156.4 ms.
//!
//! - `stays_10m`: 10,000,000 seeded stays over 10 years (2015–2024; ~100 facilities of
//!   different sizes; untried, sentenced and not-known statuses; lognormal stays from days
//!   to years, median ≈ 3 months; 3 % still held): `daily_population` over the 10 years
//!   (3,653 days × every facility and status), beside the naive per-day loop on the first
//!   100,000 stays (its time × 100 is the extrapolated 10 M figure, the loop being exactly
//!   linear in stays); `kaplan_meier`, `monthly_flows` and `Stays::from_records`
//!   (validation and the columns, once per set of stays) on all 10 M. `STAYS_BENCH_N`
//!   changes the number of stays. Issue 12 targets: ≥ 100× the naive loop, ≥ 5 M stays/s.
//!
//! Run: `cargo bench --no-default-features --bench projection` (the 10 M group alone:
//! `-- stays_10m`)

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use jiff::civil::Date;
use overcrowding::StatusGroup;
use overcrowding::flow::stays::{StayRecord, Stays};
use overcrowding::{
    flow::policy::{Lever, Plan, Speedup, Timing},
    flow::{CohortModel, StayDistribution, Stream, StreamSpec},
    forecast::{trend::ErrorModel, trend::MonteCarlo, trend::TrendFit},
};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

fn trend(c: &mut Criterion) {
    let wpb = overcrowding::datasets::cambodia_wpb_series().expect("bundled");
    let fit = TrendFit::log_linear(
        &wpb,
        overcrowding::series::Year(1994),
        overcrowding::series::Year(2021),
    )
    .expect("fit");
    let mc = MonteCarlo::new(10_000)
        .expect("paths")
        .with_seed(1)
        .with_errors(ErrorModel::Normal);
    let mut g = c.benchmark_group("trend_monte_carlo");
    g.throughput(Throughput::Elements(10_000));
    g.bench_function("10k_paths_10y", |b| {
        b.iter(|| black_box(fit.simulate(black_box(&mc), 2031).expect("simulate")))
    });
    g.finish();
}

fn cohort(c: &mut Criterion) {
    let model = CohortModel::new(
        StreamSpec::steady(1_137.5, StayDistribution::Exponential { mean_months: 12.0 })
            .expect("valid stay"),
        StreamSpec::steady(
            830.0,
            StayDistribution::LogNormal {
                median_months: 24.0,
                sigma: 0.7,
            },
        )
        .expect("valid stay"),
        0.6,
    );
    // Month 12 of a window from 2015-01-01.
    let (from, to) = (Date::constant(2015, 1, 1), Date::constant(2024, 12, 31));
    let on = Date::constant(2016, 1, 1);
    let plan = Plan::new()
        .with_lever(Lever::Expedite {
            speedup: Speedup::Factor(0.5),
            timing: Timing::Retroactive(on),
        })
        .with_lever(Lever::Diversion {
            share: 0.1,
            from: on,
            class: None,
            stream: Some(Stream::Pretrial),
        });
    c.bench_function("cohort/120_months", |b| {
        b.iter(|| black_box(plan.run_expected(&model, from, to).expect("run")))
    });
}

fn stays(c: &mut Criterion) {
    let mut rng = StdRng::seed_from_u64(7);
    let base = Date::constant(2015, 1, 1);
    let facilities: Vec<String> = (1..=28).map(|i| format!("P{i:02}")).collect();
    let records: Vec<StayRecord> = (0..1_000_000)
        .map(|_| {
            let a = base
                .checked_add(jiff::Span::new().days(rng.random_range(0..3_000)))
                .expect("date");
            let release = if rng.random_bool(0.2) {
                None
            } else {
                Some(
                    a.checked_add(jiff::Span::new().days(rng.random_range(0..900)))
                        .expect("date"),
                )
            };
            let status = if rng.random_bool(0.35) {
                StatusGroup::Untried
            } else {
                StatusGroup::Sentenced
            };
            StayRecord::new(
                Some(a),
                release,
                facilities[rng.random_range(0..28)].clone(),
                Some(status),
            )
        })
        .collect();
    let s = Stays::from_records(&records);
    let (from, to) = (Date::constant(2021, 1, 1), Date::constant(2021, 12, 31));
    let mut g = c.benchmark_group("daily_population");
    g.sample_size(10);
    g.throughput(Throughput::Elements(1_000_000));
    g.bench_function("1M_stays_365d/sweep", |b| {
        b.iter(|| black_box(s.daily_population(from, to).expect("window")))
    });
    g.bench_function("1M_stays_365d/naive_per_day", |b| {
        b.iter(|| black_box(naive_daily_total(&s, from, to)))
    });
    g.finish();
}

/// The hand-written baseline: for each stay, for each day of the window (`O(n·D)`).
fn naive_daily_total(stays: &Stays, from: Date, to: Date) -> Vec<u64> {
    let mut days = Vec::new();
    let mut d = from;
    while d <= to {
        days.push(d);
        d = d.tomorrow().expect("bench window inside the calendar");
    }
    let mut out = vec![0u64; days.len()];
    for s in stays.stays() {
        for (o, &d) in out.iter_mut().zip(&days) {
            if s.admission <= d && s.release.is_none_or(|r| d < r) {
                *o += 1;
            }
        }
    }
    out
}

#[path = "common/stays.rs"]
mod ten_years;
use ten_years::ten_years_of_stays;

fn stays_10m(c: &mut Criterion) {
    let n: usize = std::env::var("STAYS_BENCH_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000_000);
    let records = ten_years_of_stays(n, 2024, false);
    let s = Stays::from_records(&records);
    let (from, to) = (Date::constant(2015, 1, 1), Date::constant(2024, 12, 31));
    let sub = n.min(100_000);
    let sample = Stays::from_records(
        &s.stays()[..sub]
            .iter()
            .map(|x| StayRecord::new(Some(x.admission), x.release, x.facility.as_str(), x.status))
            .collect::<Vec<_>>(),
    );
    // The sweep and the naive loop agree (on the subsample, outside the timing).
    assert_eq!(
        sample.daily_population(from, to).expect("window").total(),
        naive_daily_total(&sample, from, to)
    );
    let mut g = c.benchmark_group("stays_10m");
    g.sample_size(10);
    g.throughput(Throughput::Elements(n as u64));
    let label = format!("{}M", n / 1_000_000);
    let pool = |n| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .expect("thread pool")
    };
    for (threads, pool) in [("1_thread", pool(1)), ("2_threads", pool(2))] {
        g.bench_function(format!("daily_population_{label}_3653d/{threads}"), |b| {
            b.iter(|| pool.install(|| black_box(s.daily_population(from, to).expect("window"))))
        });
        g.bench_function(format!("kaplan_meier_{label}/{threads}"), |b| {
            b.iter(|| pool.install(|| black_box(s.kaplan_meier(to).expect("stays"))))
        });
        g.bench_function(format!("monthly_flows_{label}/{threads}"), |b| {
            b.iter(|| pool.install(|| black_box(s.monthly_flows())))
        });
    }
    // Validation and the columns, once per set of stays (not part of the sweeps above).
    g.bench_function(format!("from_records_{label}"), |b| {
        b.iter(|| black_box(Stays::from_records(black_box(&records))))
    });
    g.throughput(Throughput::Elements(sub as u64));
    g.bench_function(format!("naive_per_day_{}k_3653d", sub / 1_000), |b| {
        b.iter(|| black_box(naive_daily_total(&sample, from, to)))
    });
    g.finish();
}

criterion_group!(benches, trend, cohort, stays, stays_10m);
criterion_main!(benches);
