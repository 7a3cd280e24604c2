//! Forecasting many series together (issue 22 §2) beside forecasting each alone, on seeded
//! 240-month series (`common/monthly.rs`), h = 12:
//!
//! ```text
//! cargo bench --no-default-features --bench forecast_many
//! FORECAST_MANY_SERIES=1000 cargo bench --no-default-features --bench forecast_many
//! ```
//!
//! Targets (issue 22): one 240-point monthly series under 50 ms; 10,000 series under a
//! minute on 2 cores. `each alone` is the rayon loop over `forecast` a user would write;
//! `forecast_many` refits every series once more at one cut to pool its errors.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use overcrowding::forecast::{RegularSeries, forecast, forecast_many};
use rand::SeedableRng;
use rand::rngs::StdRng;
use rayon::prelude::*;

#[path = "common/monthly.rs"]
mod monthly;

fn bench(c: &mut Criterion) {
    let mut rng = StdRng::seed_from_u64(2026);
    let one = monthly::synthetic(&mut rng, 240);
    let mut g = c.benchmark_group("forecast_one_240_months");
    g.throughput(Throughput::Elements(1));
    g.bench_function("forecast", |b| b.iter(|| forecast(black_box(&one), 12)));
    g.bench_function("forecast_many", |b| {
        b.iter(|| forecast_many(std::slice::from_ref(black_box(&one)), 12))
    });
    g.finish();

    let n: usize = std::env::var("FORECAST_MANY_SERIES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let many: Vec<RegularSeries> = (0..n).map(|_| monthly::synthetic(&mut rng, 240)).collect();
    let mut g = c.benchmark_group(format!("forecast_{n}_series_240_months"));
    g.throughput(Throughput::Elements(n as u64));
    g.sample_size(10);
    g.bench_function("each alone (par_iter forecast)", |b| {
        b.iter(|| many.par_iter().filter(|s| forecast(s, 12).is_ok()).count())
    });
    g.bench_function("forecast_many", |b| {
        b.iter(|| forecast_many(black_box(&many), 12))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
