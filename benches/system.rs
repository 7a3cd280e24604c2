//! System summary over a seeded synthetic panel of 10 million facility rows, beside a
//! hand-written loop computing only Σpop, Σcap, the overcrowded count and the surplus.
//!
//! Run: `cargo bench --bench system --no-default-features` (set `OVERCROWDING_BENCH_ROWS` to
//! change the panel size). Throughput is reported in elements (rows) per second.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use overcrowding::CapacityKind;
use overcrowding::system::{FacilityObservation, SummaryOptions, summarize};
use overcrowding::{Standard, Threshold};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

fn panel(n: usize) -> Vec<FacilityObservation> {
    let mut rng = StdRng::seed_from_u64(20_211_115);
    (0..n)
        .map(|i| {
            let capacity = rng.random_range(50..5_000u64);
            // Occupancy mostly 60–200 %; 2 % of rows lack a number.
            let population = capacity * rng.random_range(60..200u64) / 100;
            let miss = rng.random_range(0..100u32);
            FacilityObservation::new(
                format!("F{i}"),
                (miss != 0).then_some(population),
                (miss != 1).then_some(capacity),
            )
            .expect("non-blank id")
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let n: usize = std::env::var("OVERCROWDING_BENCH_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000_000);
    let rows = panel(n);
    let options = SummaryOptions::new(CapacityKind::Design)
        .with_standard(&Standard::critical())
        .expect("critical applies to design")
        .with_threshold(Threshold::above("above 150 %", 150.0).expect("valid"))
        .with_top(10);
    let mut g = c.benchmark_group("system_summary");
    g.throughput(Throughput::Elements(n as u64));
    g.sample_size(10);
    g.bench_function("hand_loop_sums", |b| {
        b.iter(|| {
            let (mut pop, mut cap, mut over, mut surplus) = (0u128, 0u128, 0usize, 0u128);
            for o in black_box(&rows) {
                if let (Some(p), Some(k)) = (o.population, o.capacity) {
                    pop += p as u128;
                    cap += k as u128;
                    if p > k {
                        over += 1;
                        surplus += (p - k) as u128;
                    }
                }
            }
            black_box((pop, cap, over, surplus))
        })
    });
    g.bench_function("summarize_full", |b| {
        b.iter(|| black_box(summarize(black_box(&rows), &options).expect("valid panel")))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
