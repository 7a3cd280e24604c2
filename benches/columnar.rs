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

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use overcrowding::metrics::columnar::{
    Validity, above_threshold_into, band_level_into, occupancy_into, percent_rounded_into,
    pretrial_share_into, surplus_into, system_sums,
};
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

    // occupancy
    g.bench_function("occupancy/columnar", |b| {
        b.iter(|| occupancy_into(black_box(pop), cap, Some(valid), &mut f64_out, &mut vout))
    });
    g.bench_function("occupancy/hand_loop", |b| {
        b.iter(|| {
            hand(
                black_box(pop),
                cap,
                valid,
                &mut f64_hand,
                &mut words,
                0.0,
                |p, c| (p as f64 / c as f64, c != 0),
            )
        })
    });
    assert_eq!(f64_out, f64_hand);
    assert_eq!(vout.words(), &words[..]);
    g.bench_function("occupancy/scalar", |b| {
        b.iter(|| {
            for i in 0..N {
                opt_f64[i] = if valid.is_valid(i) {
                    occupancy(black_box(pop)[i], cap[i]).ok().map(|r| r.value())
                } else {
                    None
                };
            }
        })
    });

    // the exact rounded percent, 1 decimal
    g.bench_function("percent_rounded/columnar", |b| {
        b.iter(|| {
            percent_rounded_into(black_box(pop), cap, 1, Some(valid), &mut f64_out, &mut vout)
        })
    });
    g.bench_function("percent_rounded/hand_loop", |b| {
        b.iter(|| {
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
        })
    });
    assert_eq!(f64_out, f64_hand);
    assert_eq!(vout.words(), &words[..]);
    g.bench_function("percent_rounded/scalar", |b| {
        b.iter(|| {
            for i in 0..N {
                opt_f64[i] = if valid.is_valid(i) {
                    occupancy(black_box(pop)[i], cap[i])
                        .ok()
                        .map(|r| r.percent_rounded(1))
                } else {
                    None
                };
            }
        })
    });

    // band level of Standard::critical() (> 100 %, ≥ 120 %)
    let critical = Standard::critical();
    let mut u8_out = vec![0u8; N];
    let mut u8_hand = vec![0u8; N];
    let mut opt_u8: Vec<Option<u8>> = vec![None; N];
    g.bench_function("band_level/columnar", |b| {
        b.iter(|| {
            band_level_into(
                black_box(pop),
                cap,
                &critical,
                Some(valid),
                &mut u8_out,
                &mut vout,
            )
        })
    });
    g.bench_function("band_level/hand_loop", |b| {
        b.iter(|| {
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
        })
    });
    assert_eq!(u8_out, u8_hand);
    g.bench_function("band_level/scalar", |b| {
        b.iter(|| {
            for i in 0..N {
                opt_u8[i] = if valid.is_valid(i) {
                    occupancy(black_box(pop)[i], cap[i])
                        .ok()
                        .map(|r| critical.level_of(&r) as u8)
                } else {
                    None
                };
            }
        })
    });

    // above the Brown v. Plata cap (> 137.5 %)
    let plata = Threshold::above("Plata", 137.5).expect("a valid threshold");
    let mut bool_out = vec![false; N];
    let mut bool_hand = vec![false; N];
    let mut opt_bool: Vec<Option<bool>> = vec![None; N];
    g.bench_function("above_threshold/columnar", |b| {
        b.iter(|| {
            above_threshold_into(
                black_box(pop),
                cap,
                &plata,
                Some(valid),
                &mut bool_out,
                &mut vout,
            )
        })
    });
    g.bench_function("above_threshold/hand_loop", |b| {
        b.iter(|| {
            hand(
                black_box(pop),
                cap,
                valid,
                &mut bool_hand,
                &mut words,
                false,
                |p, c| (u128::from(p) * 8 > u128::from(c) * 11, c != 0),
            )
        })
    });
    assert_eq!(bool_out, bool_hand);
    g.bench_function("above_threshold/scalar", |b| {
        b.iter(|| {
            for i in 0..N {
                opt_bool[i] = if valid.is_valid(i) {
                    occupancy(black_box(pop)[i], cap[i])
                        .ok()
                        .map(|r| plata.is_reached_by(&r))
                } else {
                    None
                };
            }
        })
    });

    // surplus
    let mut u64_out = vec![0u64; N];
    let mut u64_hand = vec![0u64; N];
    let mut opt_u64: Vec<Option<u64>> = vec![None; N];
    g.bench_function("surplus/columnar", |b| {
        b.iter(|| surplus_into(black_box(pop), cap, Some(valid), &mut u64_out, &mut vout))
    });
    g.bench_function("surplus/hand_loop", |b| {
        b.iter(|| {
            hand(
                black_box(pop),
                cap,
                valid,
                &mut u64_hand,
                &mut words,
                0,
                |p, c| (p.saturating_sub(c), true),
            )
        })
    });
    assert_eq!(u64_out, u64_hand);
    g.bench_function("surplus/scalar", |b| {
        b.iter(|| {
            for i in 0..N {
                opt_u64[i] = valid
                    .is_valid(i)
                    .then(|| overcrowding::surplus(black_box(pop)[i], cap[i]));
            }
        })
    });

    // pretrial share
    g.bench_function("pretrial_share/columnar", |b| {
        b.iter(|| {
            pretrial_share_into(
                black_box(pretrial),
                pop,
                Some(valid),
                &mut f64_out,
                &mut vout,
            )
        })
    });
    g.bench_function("pretrial_share/hand_loop", |b| {
        b.iter(|| {
            hand(
                black_box(pretrial),
                pop,
                valid,
                &mut f64_hand,
                &mut words,
                0.0,
                |p, t| (p as f64 / t as f64, t != 0 && p <= t),
            )
        })
    });
    assert_eq!(f64_out, f64_hand);
    g.bench_function("pretrial_share/scalar", |b| {
        b.iter(|| {
            for i in 0..N {
                opt_f64[i] = if valid.is_valid(i) {
                    pretrial_share(black_box(pretrial)[i], pop[i])
                        .ok()
                        .map(|r| r.value())
                } else {
                    None
                };
            }
        })
    });

    // system sums over the valid rows
    let want = system_sums(pop, cap, Some(valid)).expect("valid rows");
    g.bench_function("system_sums/columnar", |b| {
        b.iter(|| system_sums(black_box(pop), cap, Some(valid)).map(|s| s.surplus))
    });
    g.bench_function("system_sums/hand_loop", |b| {
        b.iter(|| {
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
        })
    });
    g.bench_function("system_sums/scalar", |b| {
        b.iter(|| {
            system_occupancy(
                (0..N)
                    .filter(|&i| valid.is_valid(i))
                    .map(|i| (black_box(pop)[i], cap[i])),
            )
            .map(|s| s.surplus)
        })
    });
    assert_eq!(
        want,
        system_occupancy(
            (0..N)
                .filter(|&i| valid.is_valid(i))
                .map(|i| (pop[i], cap[i]))
        )
        .expect("valid rows")
    );
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
