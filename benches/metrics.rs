//! Metrics over 10 million seeded (population, capacity) pairs: the library path beside a
//! hand-written loop doing the same arithmetic, in one run, so each figure is a ratio.
//!
//! ```text
//! cargo bench --bench metrics --no-default-features
//! ```
//!
//! Target (issue 2): exact rounding (`percent_rounded`) costs no more than 2× the plain float
//! division-and-round on the same input.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use overcrowding::{Standard, occupancy, system_occupancy};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

const N: usize = 10_000_000;

/// Seeded pairs: capacities 50–5,000, occupancy 40–220 %.
fn pairs() -> Vec<(u64, u64)> {
    let mut rng = StdRng::seed_from_u64(2021);
    (0..N)
        .map(|_| {
            let cap = rng.random_range(50..=5_000u64);
            let pop = cap * rng.random_range(40..=220u64) / 100;
            (pop, cap)
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let data = pairs();
    let mut g = c.benchmark_group("metrics_10M");
    g.throughput(Throughput::Elements(N as u64));
    g.sample_size(10);

    g.bench_function("occupancy/library", |b| {
        b.iter(|| {
            let mut acc = 0.0;
            for &(p, cap) in black_box(&data) {
                acc += occupancy(p, cap).map_or(0.0, |r| r.value());
            }
            acc
        })
    });
    g.bench_function("occupancy/hand_loop", |b| {
        b.iter(|| {
            let mut acc = 0.0;
            for &(p, cap) in black_box(&data) {
                if cap != 0 {
                    acc += p as f64 / cap as f64;
                }
            }
            acc
        })
    });

    g.bench_function("rounding/exact_percent_rounded", |b| {
        b.iter(|| {
            let mut acc = 0.0;
            for &(p, cap) in black_box(&data) {
                acc += occupancy(p, cap).map_or(0.0, |r| r.percent_rounded(1));
            }
            acc
        })
    });
    g.bench_function("rounding/float_divide_and_round", |b| {
        b.iter(|| {
            let mut acc = 0.0;
            for &(p, cap) in black_box(&data) {
                acc += (p as f64 / cap as f64 * 1000.0).round() / 10.0;
            }
            acc
        })
    });

    let standard = Standard::space_i();
    g.bench_function("bands/library_level_of", |b| {
        b.iter(|| {
            let mut counts = [0usize; 3];
            for &(p, cap) in black_box(&data) {
                if let Ok(r) = occupancy(p, cap) {
                    counts[standard.level_of(&r)] += 1;
                }
            }
            counts
        })
    });
    g.bench_function("bands/hand_loop", |b| {
        b.iter(|| {
            let mut counts = [0usize; 3];
            for &(p, cap) in black_box(&data) {
                let level = if p * 100 > cap * 105 {
                    2
                } else if p > cap {
                    1
                } else {
                    0
                };
                counts[level] += 1;
            }
            counts
        })
    });

    g.bench_function("system/library", |b| {
        b.iter(|| system_occupancy(black_box(&data).iter().copied()).map(|s| s.surplus))
    });
    g.bench_function("system/hand_loop", |b| {
        b.iter(|| {
            let (mut pop, mut cap, mut over, mut people, mut surplus) =
                (0u128, 0u128, 0usize, 0u128, 0u128);
            for &(p, c) in black_box(&data) {
                pop += p as u128;
                cap += c as u128;
                if p > c {
                    over += 1;
                    people += p as u128;
                    surplus += (p - c) as u128;
                }
            }
            (pop as f64 / cap as f64, over, people, surplus)
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
