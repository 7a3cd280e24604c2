//! The issue-3/12 workload on a seeded synthetic panel of 10 million facility-month rows: per
//! row occupancy and band, per date Σ/Σ, surplus, facilities above 100 % and the people in
//! them. Every Rust path in one run, throughput in rows/s, so each figure is a ratio:
//!
//! - `frame_polars`: the crate's polars `Expr` builders and `system_summary(&["date"], ..)`,
//!   `collect()` (the in-memory engine); `frame_streaming`: the same on the streaming engine;
//!   `frame_native_streaming`: the row metrics as native kernels (`frame::native`), streaming;
//! - `typed_slices`: `occupancy` / `Standard::level_of` per row, `system_occupancy` per date;
//! - `columnar` / `columnar_2t`: `metrics::columnar` + `system::system_sums` over the frame's
//!   borrowed columns, one and two threads;
//! - `hand_loop`: the arithmetic written out over the typed path's vectors;
//!   `hand_columnar`: written out over the columnar core's inputs, with its exact outputs.
//!
//! ```text
//! cargo bench --all-features --bench frame     # PANEL_ROWS=1000000 for a quicker run
//! ```
//!
//! Targets (issues 3 and 12): the typed-slice path within 1.5× of the hand loop; the columnar
//! core within 1.2× of `hand_columnar`. The comparison with Python polars, pandas and DuckDB
//! on the same Parquet file is `benches/compare/run.sh`. The global allocator is mimalloc
//! (`OVERCROWDING_BENCH_ALLOC=system` for glibc malloc), as in the comparison.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use overcrowding::Standard;

#[path = "common/alloc.rs"]
mod alloc;
#[path = "common/panel.rs"]
mod panel;
#[path = "common/paths.rs"]
mod paths;

#[global_allocator]
static GLOBAL: alloc::BenchAlloc = alloc::BenchAlloc;

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

    let columns = paths::columns(&df).expect("one chunk per column");

    // The paths compute the same figures (checked once, outside the timings).
    let (r, s) = paths::frame_path(&df).expect("frame path");
    let checks = paths::frame_checks(&r, &s).expect("checks");
    let (r, s) = paths::frame_path_with(&df, paths::FrameOptions::FAST).expect("frame path");
    assert!(paths::agree(
        &checks,
        &paths::frame_checks(&r, &s).expect("checks")
    ));
    let columnar = paths::columnar_path(&columns, &standard);
    assert!(paths::agree(&checks, &paths::columnar_checks(&columnar)));
    assert!(paths::columnar_identical(
        &columnar,
        &paths::columnar_path_2t(&columns, &standard)
    ));
    assert!(paths::columnar_identical(
        &columnar,
        &paths::hand_columnar(&columns)
    ));
    drop(columnar);
    assert!(paths::agree(
        &checks,
        &paths::typed_checks(&paths::typed_path(&p, &standard))
    ));
    assert!(paths::agree(
        &checks,
        &paths::hand_checks(&paths::hand_loop(&p))
    ));
    eprintln!("{n} rows ({}): {}", alloc::name(), checks.line());

    let mut g = c.benchmark_group(format!("panel_{}M", n as f64 / 1e6));
    g.throughput(Throughput::Elements(n as u64));
    g.sample_size(10);
    g.warm_up_time(Duration::from_secs(1));
    g.measurement_time(Duration::from_secs(10));
    g.bench_function("frame_polars", |b| {
        b.iter(|| paths::frame_path(black_box(&df)).expect("frame path"))
    });
    let streaming = paths::FrameOptions {
        native: false,
        ..paths::FrameOptions::FAST
    };
    g.bench_function("frame_streaming", |b| {
        b.iter(|| paths::frame_path_with(black_box(&df), streaming).expect("frame path"))
    });
    g.bench_function("frame_native_streaming", |b| {
        b.iter(|| {
            paths::frame_path_with(black_box(&df), paths::FrameOptions::FAST).expect("frame path")
        })
    });
    g.bench_function("columnar", |b| {
        b.iter(|| paths::columnar_path(black_box(&columns), &standard))
    });
    g.bench_function("columnar_2t", |b| {
        b.iter(|| paths::columnar_path_2t(black_box(&columns), &standard))
    });
    g.bench_function("hand_columnar", |b| {
        b.iter(|| paths::hand_columnar(black_box(&columns)))
    });
    g.bench_function("typed_slices", |b| {
        b.iter(|| paths::typed_path(black_box(&p), &standard))
    });
    g.bench_function("hand_loop", |b| b.iter(|| paths::hand_loop(black_box(&p))));
    g.finish();
}

/// One row metric, expression form against native kernel, each `select`ed alone on the
/// in-memory engine (the streaming engine is measured by the workload above).
fn row_metrics(c: &mut Criterion) {
    use overcrowding::frame::{self, columns::*, native};
    use polars::prelude::*;
    let n = rows();
    let df = panel::generate(n, SEED).to_frame().expect("frame");
    let standard = Standard::critical();
    let (p, cap) = (col(POPULATION), col(CAPACITY));
    let metrics: [(&str, Expr, Expr); 3] = [
        (
            "band_level",
            frame::band_level(p.clone(), cap.clone(), &standard),
            native::band_level(p.clone(), cap.clone(), &standard),
        ),
        (
            "percent_rounded",
            frame::occupancy_percent_rounded(p.clone(), cap.clone(), 1),
            native::occupancy_percent_rounded(p.clone(), cap.clone(), 1),
        ),
        (
            "occupancy",
            frame::occupancy(p.clone(), cap.clone()),
            native::occupancy(p, cap),
        ),
    ];
    let mut g = c.benchmark_group(format!("row_metric_{}M", n as f64 / 1e6));
    g.throughput(Throughput::Elements(n as u64));
    g.sample_size(10);
    g.warm_up_time(Duration::from_secs(1));
    g.measurement_time(Duration::from_secs(5));
    for (name, expression, kernel) in metrics {
        let run = |e: &Expr| {
            df.clone()
                .lazy()
                .select([e.clone()])
                .collect()
                .expect("select")
        };
        let (a, b) = (run(&expression), run(&kernel));
        assert!(a.equals_missing(&b), "{name}: the kernel differs");
        g.bench_function(format!("{name}/expression"), |bch| {
            bch.iter(|| run(black_box(&expression)))
        });
        g.bench_function(format!("{name}/native"), |bch| {
            bch.iter(|| run(black_box(&kernel)))
        });
    }
    g.finish();
}

criterion_group!(benches, bench, row_metrics);
criterion_main!(benches);
