//! The columnar core (`metrics::columnar`) over 10 million seeded rows, beside a hand-written
//! loop that produces the same exact outputs (values and packed validity, no `Result` or
//! `Option` per row) and the scalar API row by row, in one run, so each figure is a ratio.
//!
//! ```text
//! cargo bench --no-default-features --bench columnar -- --warm-up-time 1 --measurement-time 3
//! ```
//!
//! Target (issue 12, item 1): the columnar path within 1.2× the hand loop.

use std::hint::black_box;

use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, Criterion, Throughput, criterion_group, criterion_main};
use overcrowding::metrics::columnar::{
    Validity, above_threshold_into, band_level_into, occupancy_into, percent_rounded_into,
    pretrial_share_into, surplus_into,
};
use overcrowding::system::system_sums;
use overcrowding::{Ratio, Standard, Threshold, occupancy, pretrial_share, system_occupancy};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

const N: usize = 10_000_000;

/// Seeded columns: capacities 50–5,000, occupancy 40–220 %, pretrial 10–90 % of the
/// population, 1 row in 1,000 invalid (a missing capacity).
struct Columns {
    pop: Vec<u64>,
    cap: Vec<u64>,
    pretrial: Vec<u64>,
    valid: Validity,
}

fn columns() -> Columns {
    let mut rng = StdRng::seed_from_u64(2021);
    let (mut pop, mut cap, mut pretrial, mut valid) = (
        Vec::with_capacity(N),
        Vec::with_capacity(N),
        Vec::with_capacity(N),
        Vec::with_capacity(N),
    );
    for _ in 0..N {
        let c = rng.random_range(50..=5_000u64);
        let p = c * rng.random_range(40..=220u64) / 100;
        pop.push(p);
        cap.push(c);
        pretrial.push(p * rng.random_range(10..=90u64) / 100);
        valid.push(rng.random_range(0..1_000u32) != 0);
    }
    Columns {
        pop,
        cap,
        pretrial,
        valid: Validity::from_bools(&valid),
    }
}

/// The hand loop's frame: row `i` with its input validity bit, the output written and its
/// bit packed, 64 rows a word.
#[inline(always)]
fn hand<T: Copy>(
    a: &[u64],
    b: &[u64],
    valid: &Validity,
    out: &mut [T],
    words: &mut [u64],
    invalid: T,
    row: impl Fn(u64, u64) -> (T, bool),
) {
    let vin = valid.words();
    for i in 0..a.len() {
        let (v, ok) = row(a[i], b[i]);
        let ok = ok & ((vin[i / 64] >> (i % 64)) & 1 == 1);
        out[i] = if ok { v } else { invalid };
        if i % 64 == 0 {
            words[i / 64] = 0;
        }
        words[i / 64] |= u64::from(ok) << (i % 64);
    }
}

/// The three paths of one metric: the columnar core, the hand loop, the scalar API.
fn three<A, B, C>(
    g: &mut BenchmarkGroup<'_, WallTime>,
    metric: &str,
    mut columnar: impl FnMut() -> A,
    mut hand_loop: impl FnMut() -> B,
    mut scalar: impl FnMut() -> C,
) {
    g.bench_function(format!("{metric}/columnar"), |b| b.iter(&mut columnar));
    g.bench_function(format!("{metric}/hand_loop"), |b| b.iter(&mut hand_loop));
    g.bench_function(format!("{metric}/scalar"), |b| b.iter(&mut scalar));
}

/// The scalar API row by row into `Option`s, `None` for an invalid input row.
fn scalar_rows<T>(out: &mut [Option<T>], valid: &Validity, row: impl Fn(usize) -> Option<T>) {
    for (i, o) in out.iter_mut().enumerate() {
        *o = if valid.is_valid(i) { row(i) } else { None };
    }
}

fn bench(c: &mut Criterion) {
    let d = columns();
    let (pop, cap, pretrial, valid) = (&d.pop, &d.cap, &d.pretrial, &d.valid);
    let mut g = c.benchmark_group("columnar_10M");
    g.throughput(Throughput::Elements(N as u64));
    g.sample_size(10);

    let mut f64_out = vec![0.0f64; N];
    let mut f64_hand = vec![0.0f64; N];
    let mut opt_f64: Vec<Option<f64>> = vec![None; N];
    let mut vout = Validity::default();
    let mut words = vec![0u64; N.div_ceil(64)];

    three(
        &mut g,
        "occupancy",
        || occupancy_into(black_box(pop), cap, Some(valid), &mut f64_out, &mut vout),
        || {
            hand(
                black_box(pop),
                cap,
                valid,
                &mut f64_hand,
                &mut words,
                0.0,
                |p, c| (p as f64 / c as f64, c != 0),
            )
        },
        || {
            scalar_rows(&mut opt_f64, valid, |i| {
                occupancy(black_box(pop)[i], cap[i]).ok().map(|r| r.value())
            })
        },
    );
    assert_eq!(f64_out, f64_hand);
    assert_eq!(vout.words(), &words[..]);

    // the exact rounded percent, 1 decimal
    three(
        &mut g,
        "percent_rounded",
        || percent_rounded_into(black_box(pop), cap, 1, Some(valid), &mut f64_out, &mut vout),
        || {
            hand(
                black_box(pop),
                cap,
                valid,
                &mut f64_hand,
                &mut words,
                0.0,
                |p, c| {
                    if c == 0 {
                        (0.0, false)
                    } else {
                        // c ≠ 0: the error branch of `Ratio::new` is removed when inlined.
                        let r = Ratio::new(p, c).expect("c > 0");
                        (r.percent_rounded(1), true)
                    }
                },
            )
        },
        || {
            scalar_rows(&mut opt_f64, valid, |i| {
                occupancy(black_box(pop)[i], cap[i])
                    .ok()
                    .map(|r| r.percent_rounded(1))
            })
        },
    );
    assert_eq!(f64_out, f64_hand);
    assert_eq!(vout.words(), &words[..]);

    // band level of Standard::critical() (> 100 %, ≥ 120 %)
    let critical = Standard::critical();
    let mut u8_out = vec![0u8; N];
    let mut u8_hand = vec![0u8; N];
    let mut opt_u8: Vec<Option<u8>> = vec![None; N];
    three(
        &mut g,
        "band_level",
        || {
            band_level_into(
                black_box(pop),
                cap,
                &critical,
                Some(valid),
                &mut u8_out,
                &mut vout,
            )
        },
        || {
            hand(
                black_box(pop),
                cap,
                valid,
                &mut u8_hand,
                &mut words,
                0,
                |p, c| {
                    let (p, c) = (u128::from(p), u128::from(c));
                    (u8::from(p > c) + u8::from(5 * p >= 6 * c), c != 0)
                },
            )
        },
        || {
            scalar_rows(&mut opt_u8, valid, |i| {
                occupancy(black_box(pop)[i], cap[i])
                    .ok()
                    .map(|r| critical.level_of(&r) as u8)
            })
        },
    );
    assert_eq!(u8_out, u8_hand);

    // above the Brown v. Plata cap (> 137.5 %)
    let plata = Threshold::above("Plata", 137.5).expect("a valid threshold");
    let mut bool_out = vec![false; N];
    let mut bool_hand = vec![false; N];
    let mut opt_bool: Vec<Option<bool>> = vec![None; N];
    three(
        &mut g,
        "above_threshold",
        || {
            above_threshold_into(
                black_box(pop),
                cap,
                &plata,
                Some(valid),
                &mut bool_out,
                &mut vout,
            )
        },
        || {
            hand(
                black_box(pop),
                cap,
                valid,
                &mut bool_hand,
                &mut words,
                false,
                |p, c| (u128::from(p) * 8 > u128::from(c) * 11, c != 0),
            )
        },
        || {
            scalar_rows(&mut opt_bool, valid, |i| {
                occupancy(black_box(pop)[i], cap[i])
                    .ok()
                    .map(|r| plata.is_reached_by(&r))
            })
        },
    );
    assert_eq!(bool_out, bool_hand);

    // surplus
    let mut u64_out = vec![0u64; N];
    let mut u64_hand = vec![0u64; N];
    let mut opt_u64: Vec<Option<u64>> = vec![None; N];
    three(
        &mut g,
        "surplus",
        || surplus_into(black_box(pop), cap, Some(valid), &mut u64_out, &mut vout),
        || {
            hand(
                black_box(pop),
                cap,
                valid,
                &mut u64_hand,
                &mut words,
                0,
                |p, c| (p.saturating_sub(c), true),
            )
        },
        || {
            scalar_rows(&mut opt_u64, valid, |i| {
                Some(overcrowding::surplus(black_box(pop)[i], cap[i]))
            })
        },
    );
    assert_eq!(u64_out, u64_hand);

    // pretrial share
    three(
        &mut g,
        "pretrial_share",
        || {
            pretrial_share_into(
                black_box(pretrial),
                pop,
                Some(valid),
                &mut f64_out,
                &mut vout,
            )
        },
        || {
            hand(
                black_box(pretrial),
                pop,
                valid,
                &mut f64_hand,
                &mut words,
                0.0,
                |p, t| (p as f64 / t as f64, t != 0 && p <= t),
            )
        },
        || {
            scalar_rows(&mut opt_f64, valid, |i| {
                pretrial_share(black_box(pretrial)[i], pop[i])
                    .ok()
                    .map(|r| r.value())
            })
        },
    );
    assert_eq!(f64_out, f64_hand);

    // system sums over the valid rows
    let valid_pairs = || {
        (0..N)
            .filter(|&i| valid.is_valid(i))
            .map(|i| (black_box(pop)[i], cap[i]))
    };
    three(
        &mut g,
        "system_sums",
        || system_sums(black_box(pop), cap, Some(valid)).map(|s| s.surplus),
        || {
            let vin = valid.words();
            let (mut sp, mut sc, mut over, mut people, mut surplus) =
                (0u64, 0u64, 0u64, 0u64, 0u64);
            for i in 0..N {
                let m = 0u64.wrapping_sub((vin[i / 64] >> (i % 64)) & 1);
                let (p, c) = (black_box(pop)[i] & m, cap[i] & m);
                sp += p;
                sc += c;
                let o = u64::from(p > c);
                over += o;
                people += p & 0u64.wrapping_sub(o);
                surplus += p.saturating_sub(c);
            }
            (sp, sc, over, people, surplus)
        },
        || system_occupancy(valid_pairs()).map(|s| s.surplus),
    );
    assert_eq!(
        system_sums(pop, cap, Some(valid)).expect("valid rows"),
        system_occupancy(valid_pairs()).expect("valid rows")
    );
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
