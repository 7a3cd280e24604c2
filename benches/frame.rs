//! The issue-3 workload on a seeded synthetic panel of 10 million facility-month rows: per row
//! occupancy and band, per date Σ/Σ, surplus, facilities above 100 % and the people in them.
//! Three paths in one run, throughput in rows/s, so each figure is a ratio:
//!
//! - `frame_polars`: the crate's polars `Expr` builders and `system_summary(&["date"], ..)`;
//! - `typed_slices`: `occupancy` / `Standard::level_of` per row, `system_occupancy` per date;
//! - `hand_loop`: the same arithmetic written out over the same vectors.
//!
//! ```text
//! cargo bench --bench frame            # PANEL_ROWS=1000000 for a quicker run
//! ```
//!
//! Targets (issue 3): the typed-slice path within 1.5× of the hand loop. The comparison with
//! Python polars and pandas on the same Parquet file is `benches/compare/run.sh`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use overcrowding::Standard;

#[path = "common/panel.rs"]
mod panel;
#[path = "common/paths.rs"]
mod paths;

const SEED: u64 = 2021;

fn rows() -> usize {
    std::env::var("PANEL_ROWS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10_000_000)
}

fn bench(c: &mut Criterion) {
    let n = rows();
    let p = panel::generate(n, SEED);
    let df = p.to_frame().expect("frame");
    let standard = Standard::critical();

    // The three paths compute the same figures (checked once, outside the timings).
    let (r, s) = paths::frame_path(&df).expect("frame path");
    let checks = paths::frame_checks(&r, &s).expect("checks");
    assert!(paths::agree(
        &checks,
        &paths::typed_checks(&paths::typed_path(&p, &standard))
    ));
    assert!(paths::agree(
        &checks,
        &paths::hand_checks(&paths::hand_loop(&p))
    ));
    eprintln!("{n} rows: {}", checks.line());

    let mut g = c.benchmark_group(format!("panel_{}M", n as f64 / 1e6));
    g.throughput(Throughput::Elements(n as u64));
    g.sample_size(10);
    g.warm_up_time(Duration::from_secs(1));
    g.measurement_time(Duration::from_secs(10));
    g.bench_function("frame_polars", |b| {
        b.iter(|| paths::frame_path(black_box(&df)).expect("frame path"))
    });
    g.bench_function("typed_slices", |b| {
        b.iter(|| paths::typed_path(black_box(&p), &standard))
    });
    g.bench_function("hand_loop", |b| b.iter(|| paths::hand_loop(black_box(&p))));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
