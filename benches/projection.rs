//! Projection and stays benches (criterion, `harness = false`, seeded inputs).
//!
//! - `trend_monte_carlo/10k_paths_10y`: 10,000 Monte Carlo paths of the Cambodian WPB trend,
//!   10 projected years.
//! - `cohort/120_months`: the cohort stock-flow model over 10 years, month by month, with a
//!   retroactive policy.
//! - `daily_population/1M_stays_365d`: the event sweep vs the naive per-day loop over the same
//!   1,000,000 stays and a one-year window; the ratio of the two is the speed-up (measured
//!   once on a 2-core machine: sweep ≈ 0.11 s, naive ≈ 0.93 s, ≈ 8×; trend 10k paths ≈ 29 ms;
//!   cohort 120 months ≈ 61 ms).
//!
//! Run: `cargo bench --no-default-features --bench projection`

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use jiff::civil::Date;
use overcrowding::StatusGroup;
use overcrowding::projection::stays::{StayRecord, Stays};
use overcrowding::projection::{
    CohortModel, ErrorModel, MonteCarlo, Policy, PolicyScope, StayDistribution, Stream, StreamSpec,
    TrendFit,
};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

fn trend(c: &mut Criterion) {
    let wpb = overcrowding::datasets::cambodia_wpb_series().expect("bundled");
    let fit = TrendFit::log_linear(&wpb, 1994, 2021).expect("fit");
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
    let model = CohortModel {
        pretrial: StreamSpec::steady(1_137.5, StayDistribution::Exponential { mean_months: 12.0 })
            .expect("valid stay"),
        sentenced: StreamSpec::steady(
            830.0,
            StayDistribution::LogNormal {
                median_months: 24.0,
                sigma: 0.7,
            },
        )
        .expect("valid stay"),
        convicted_share: 0.6,
    };
    let policy = Policy {
        stream: Stream::Pretrial,
        from_month: 12,
        scope: PolicyScope::Retroactive,
        stay: Some(StayDistribution::Exponential { mean_months: 6.0 }),
        admissions_factor: 0.9,
    };
    c.bench_function("cohort/120_months", |b| {
        b.iter(|| {
            black_box(
                model
                    .project(120, std::slice::from_ref(&policy))
                    .expect("project"),
            )
        })
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

criterion_group!(benches, trend, cohort, stays);
criterion_main!(benches);
