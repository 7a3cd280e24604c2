//! System summaries (criterion, seeded synthetic inputs):
//!
//! - `system_summary`: `summarize_panel` over a panel of one date of 10 million facility
//!   rows, beside a hand-written loop over the same columns computing only Σpop, Σcap, the
//!   overcrowded count and the surplus (`OVERCROWDING_BENCH_ROWS` changes the size);
//! - `panel_summaries`: `summarize_panel` over 40,000 facilities × 250 dates (10 M records,
//!   every summary with its quartiles), in a rayon pool of 1 thread and of 2 threads in the
//!   same run — the ratio is the speed-up on two cores (issue 12, target ≥ 1.7×);
//!   `OVERCROWDING_BENCH_FACILITIES` changes the number of facilities; beside it
//!   `hand_stream`, the same records streamed for Σpopulation and Σcapacity alone (the
//!   speed-up the memory allows);
//! - `quartiles_40k`: the facility- and population-weighted five numbers of one date of
//!   40,000 facilities by selection (`Distribution`), beside a hand-written full sort with
//!   the same exact comparison and a walk of the running weight.
//!
//! Run: `cargo bench --bench system --no-default-features` (a group alone: append
//! `-- panel_summaries`). Throughput is reported in elements (rows) per second.
//!
//! On a shared machine, `SYSTEM_BENCH=speedup` (with `-- panel_summaries`) times the two
//! pools interleaved instead (1, 2, 1, 2, …: a change of load hits both alike) and prints
//! the wall-clock and the process CPU time of each run and the median speed-up.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use overcrowding::model::PanelBuilder;
use overcrowding::system::{Distribution, SummaryOptions, summarize_panel};
use overcrowding::{CapacityKind, Panel};
use overcrowding::{Ratio, Standard, Threshold};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// One date of `n` facilities (the same seeded values as the former observation list).
fn panel(n: usize) -> Panel {
    let mut rng = StdRng::seed_from_u64(20_211_115);
    let date = jiff::civil::date(2021, 6, 30);
    let mut b = PanelBuilder::with_capacity(n);
    let design = b.capacity_slot(CapacityKind::Design);
    for i in 0..n {
        let capacity = rng.random_range(50..5_000u64);
        // Occupancy mostly 60–200 %; 2 % of rows lack a number.
        let population = capacity * rng.random_range(60..200u64) / 100;
        let miss = rng.random_range(0..100u32);
        b.begin(&format!("F{i}"), date).expect("non-blank id");
        if miss != 0 {
            b.population(population);
        }
        b.capacity(design, (miss != 1).then_some(capacity))
            .expect("≥ 50 places");
        b.commit().expect("one row per facility");
    }
    b.finish().expect("a panel")
}

fn bench(c: &mut Criterion) {
    let n: usize = std::env::var("OVERCROWDING_BENCH_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000_000);
    let rows = panel(n);
    let options = options();
    let mut g = c.benchmark_group("system_summary");
    g.throughput(Throughput::Elements(n as u64));
    g.sample_size(10);
    g.bench_function("hand_loop_sums", |b| {
        b.iter(|| {
            let (mut pop, mut cap, mut over, mut surplus) = (0u128, 0u128, 0usize, 0u128);
            let rows = black_box(&rows);
            let (pc, cc) = (
                rows.population_column(),
                rows.capacity_column(&CapacityKind::Design).expect("design"),
            );
            for i in 0..rows.len() {
                if let (Some(p), Some(k)) = (pc.get(i), cc.get(i)) {
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
        b.iter(|| black_box(summarize_panel(black_box(&rows), &options).expect("valid panel")))
    });
    g.finish();
}

/// `facilities` × `dates` records, month ends from January 2000: each facility has a base
/// capacity (50–5,000) and occupancy level (40–180 %), each record ± 25 points; 1 capacity
/// in 1,000 is not reported.
fn panel_records(facilities: usize, dates: usize) -> Panel {
    let mut rng = StdRng::seed_from_u64(2021);
    let base: Vec<(u64, u64)> = (0..facilities)
        .map(|_| {
            (
                rng.random_range(50..=5_000u64),
                rng.random_range(40..=180u64),
            )
        })
        .collect();
    let ids: Vec<String> = (0..facilities).map(|f| format!("F{f:06}")).collect();
    // Straight into the columns: no owned record per row.
    let mut b = PanelBuilder::with_capacity(facilities * dates);
    let design = b.capacity_slot(CapacityKind::Design);
    for m in 0..dates {
        let first = jiff::civil::date(2000 + (m / 12) as i16, (m % 12) as i8 + 1, 1);
        let date = first.last_of_month();
        for (id, &(cap, level)) in ids.iter().zip(&base) {
            let pct = (level + rng.random_range(0..=50u64)).saturating_sub(25);
            b.begin(id, date).expect("a non-blank id");
            b.population(cap * pct / 100);
            let places = (!rng.random_ratio(1, 1_000)).then_some(cap);
            b.capacity(design, places).expect("≥ 1 place");
            b.commit().expect("one row per facility and date");
        }
    }
    b.finish().expect("a panel")
}

/// The columnar core's work per date (`occupancy_into`, `band_level_into`, `system_sums`
/// over one date's slice of the panel's own columns, as `benches/compare`'s columnar path):
/// the floor `summarize_panel` is measured against.
fn columnar_core(panel: &Panel, standard: &Standard) -> (usize, u128) {
    use overcrowding::metrics::columnar::{band_level_into, occupancy_into};
    let pop = panel.population_column();
    let cap = panel
        .capacity_column(&CapacityKind::Design)
        .expect("design");
    let both = pop.validity().and(cap.validity()).expect("same length");
    let (mut occ, mut band) = (Vec::new(), Vec::new());
    let (mut vo, mut vb) = (Default::default(), Default::default());
    let (mut dates, mut surplus) = (0, 0u128);
    for (_, rows) in panel.by_date() {
        let r = rows.range().expect("a panel's date: one range");
        let valid = both.slice(r.start, r.len()).expect("in range");
        let (p, c) = (&pop.values()[r.clone()], &cap.values()[r.clone()]);
        occ.resize(r.len(), 0.0);
        band.resize(r.len(), 0u8);
        occupancy_into(p, c, Some(&valid), &mut occ, &mut vo).expect("lengths");
        band_level_into(p, c, standard, Some(&valid), &mut band, &mut vb).expect("lengths");
        if let Ok(s) = overcrowding::system::system_sums(p, c, Some(&valid)) {
            dates += 1;
            surplus += s.surplus;
        }
    }
    (dates, surplus)
}

fn options() -> SummaryOptions {
    SummaryOptions::new(CapacityKind::Design)
        .with_standard(&Standard::critical())
        .with_threshold(Threshold::above("above 150 %", 150.0).expect("valid"))
        .with_top(10)
}

fn panel_summaries(c: &mut Criterion) {
    let facilities: usize = std::env::var("OVERCROWDING_BENCH_FACILITIES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(40_000);
    let dates = 250;
    let panel = panel_records(facilities, dates);
    let options = options();
    let pool = |n| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .expect("thread pool")
    };
    let (one, two) = (pool(1), pool(2));
    // The two pools give the same summaries (checked once, outside the timing).
    assert_eq!(
        one.install(|| summarize_panel(&panel, &options))
            .expect("valid panel"),
        two.install(|| summarize_panel(&panel, &options))
            .expect("valid panel")
    );
    if std::env::var("SYSTEM_BENCH").as_deref() == Ok("speedup") {
        interleaved(&panel, &options, &one, &two);
        return;
    }
    let mut g = c.benchmark_group("panel_summaries");
    g.throughput(Throughput::Elements((facilities * dates) as u64));
    g.sample_size(10);
    let name = format!("{}k_x_{dates}", facilities / 1_000);
    g.bench_function(format!("{name}/1_thread"), |b| {
        b.iter(|| one.install(|| black_box(summarize_panel(black_box(&panel), &options))))
    });
    g.bench_function(format!("{name}/2_threads"), |b| {
        b.iter(|| two.install(|| black_box(summarize_panel(black_box(&panel), &options))))
    });
    let critical = Standard::critical();
    g.bench_function(format!("{name}/columnar_core_1_thread"), |b| {
        b.iter(|| black_box(columnar_core(black_box(&panel), &critical)))
    });
    g.bench_function(format!("{name}/hand_stream_1_thread"), |b| {
        b.iter(|| one.install(|| black_box(hand_stream(black_box(&panel)))))
    });
    g.bench_function(format!("{name}/hand_stream_2_threads"), |b| {
        b.iter(|| two.install(|| black_box(hand_stream(black_box(&panel)))))
    });
    g.finish();
}

/// The process's CPU time (user + system) so far, seconds, from `/proc/self/stat` (Linux;
/// 0 elsewhere).
fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // Fields after the command name (which is in parentheses) start with the state, the
    // 3rd field: utime and stime, the 14th and 15th, in clock ticks of 1/100 s.
    let rest = stat.rsplit(')').next().unwrap_or("");
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|x| x.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / 100.0
}

fn interleaved(
    panel: &Panel,
    options: &SummaryOptions,
    one: &rayon::ThreadPool,
    two: &rayon::ThreadPool,
) {
    let rounds: usize = std::env::var("SPEEDUP_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(7);
    // [summaries, hand stream] × [1 thread, 2 threads]
    let mut walls = [[Vec::new(), Vec::new()], [Vec::new(), Vec::new()]];
    for round in 0..rounds {
        for (i, pool) in [one, two].into_iter().enumerate() {
            let (t0, c0) = (std::time::Instant::now(), cpu_seconds());
            black_box(
                pool.install(|| summarize_panel(panel, options))
                    .expect("valid"),
            );
            let (wall, cpu) = (t0.elapsed().as_secs_f64(), cpu_seconds() - c0);
            println!(
                "round {round} summaries threads {}: wall {wall:.3} s, cpu {cpu:.2} s",
                i + 1
            );
            walls[0][i].push(wall);
            let (t0, c0) = (std::time::Instant::now(), cpu_seconds());
            black_box(pool.install(|| hand_stream(panel)));
            let (wall, cpu) = (t0.elapsed().as_secs_f64(), cpu_seconds() - c0);
            println!(
                "round {round} hand_stream threads {}: wall {wall:.3} s, cpu {cpu:.2} s",
                i + 1
            );
            walls[1][i].push(wall);
        }
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    for (name, w) in ["summaries", "hand_stream"].iter().zip(&mut walls) {
        let (a, b) = (median(&mut w[0]), median(&mut w[1]));
        println!(
            "{name}: median wall 1 thread {a:.3} s, 2 threads {b:.3} s, speed-up {:.2}x",
            a / b
        );
    }
}

/// The hand-written floor of a panel summary: per date (in parallel, as `summarize_panel`),
/// only Σpopulation and Σcapacity of the rows — the same columns streamed with almost no
/// work, so its own 1- vs 2-thread speed-up is what the memory allows.
fn hand_stream(panel: &Panel) -> Vec<(u128, u128)> {
    use rayon::prelude::*;
    // The dates' runs from the panel's date offsets, read as columns.
    let pop = panel.population_column();
    let cap = panel.capacity_column(&CapacityKind::Design);
    let dates: Vec<std::ops::Range<usize>> =
        panel.by_date().filter_map(|(_, rs)| rs.range()).collect();
    dates
        .par_iter()
        .map(|rs| {
            rs.clone().fold((0u128, 0u128), |(p, c), i| {
                (
                    p + u128::from(pop.get(i).unwrap_or(0)),
                    c + u128::from(cap.and_then(|c| c.get(i)).unwrap_or(0)),
                )
            })
        })
        .collect()
}

/// The hand-written baseline of the quartiles: a full sort by the exact occupancy (u128
/// cross products), then the first pair at which the running weight reaches each rank.
fn sorted_five(pairs: &[(u64, u64)], weight: impl Fn(&(u64, u64)) -> u128) -> [Ratio; 5] {
    let mut v = pairs.to_vec();
    v.sort_unstable_by(|a, b| {
        (u128::from(a.0) * u128::from(b.1))
            .cmp(&(u128::from(b.0) * u128::from(a.1)))
            .then(a.cmp(b))
    });
    let total: u128 = v.iter().map(&weight).sum();
    let ranks = [
        1,
        total.div_ceil(4).max(1),
        total.div_ceil(2).max(1),
        (3 * (total / 4) + (3 * (total % 4)).div_ceil(4)).max(1),
        total,
    ];
    let mut out = [Ratio::new(0u64, 1u64).expect("1 > 0"); 5];
    let (mut running, mut next) = (0u128, 0);
    for x in &v {
        running += weight(x);
        while next < 5 && running >= ranks[next] {
            out[next] = Ratio::new(x.0, x.1).expect("capacity > 0");
            next += 1;
        }
    }
    out
}

fn quartiles(c: &mut Criterion) {
    let mut rng = StdRng::seed_from_u64(40_000);
    let pairs: Vec<(u64, u64)> = (0..40_000)
        .map(|_| {
            let cap = rng.random_range(50..5_000u64);
            (cap * rng.random_range(40..230u64) / 100, cap)
        })
        .collect();
    let five = |d: Distribution| [d.min, d.q1, d.median, d.q3, d.max];
    let by_selection = |p: &[(u64, u64)]| {
        (
            Distribution::facility_weighted(p).map(five),
            Distribution::population_weighted(p).map(five),
        )
    };
    let by_sort = |p: &[(u64, u64)]| {
        (
            Some(sorted_five(p, |_| 1)),
            Some(sorted_five(p, |&(p, _)| u128::from(p))),
        )
    };
    assert_eq!(by_selection(&pairs), by_sort(&pairs));
    let mut g = c.benchmark_group("quartiles_40k");
    g.throughput(Throughput::Elements(pairs.len() as u64));
    g.bench_function("sort_then_walk", |b| {
        b.iter(|| black_box(by_sort(black_box(&pairs))))
    });
    g.bench_function("selection", |b| {
        b.iter(|| black_box(by_selection(black_box(&pairs))))
    });
    g.finish();
}

criterion_group!(benches, bench, quartiles, panel_summaries);
criterion_main!(benches);
