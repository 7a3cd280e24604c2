//! Policy benches (criterion, `harness = false`, seeded inputs; issue 21).
//!
//! - `policy_10m`: 10,000,000 seeded stays over 2015–2024 (~100 facilities of different
//!   sizes; 30 % untried — half of them later sentenced, with the date —, 60 % sentenced, 10 %
//!   unknown; lognormal lengths; 3 % still held): one deterministic policy (a 90-day pretrial
//!   cap, retroactive from 2020-01-01) with the baseline beside it, the daily population by
//!   facility and status over the 3,653 days, on one and two threads; beside it the stays
//!   sweep alone (`Stays::daily_population`, one population instead of two) and the naive
//!   per-day loop of the same policy on the first 100,000 stays (× 100 extrapolates to 10 M).
//!   Target: < 1 s on 2 cores.
//! - `recalls_1m`: 1,000 recall paths over 1,000,000 stays (early release with 60 days left,
//!   retroactive from 2020-01-01, recall probability 0.3 within 3 years, exponential recall
//!   stays of mean 6 months). Target: < 10 s.
//!
//! `POLICY_BENCH_N` changes the number of stays of the first group.
//! Run: `cargo bench --no-default-features --bench policy`.
//!
//! Without criterion, for counting instructions on a loaded machine:
//! `POLICY_BENCH_ONCE=cap|recalls POLICY_BENCH_REPS=k` builds the stays and runs the plan `k`
//! times (printing each run's wall time); `perf stat -e instructions:u` at `k = 0` and
//! `k = 2` gives two runs' instructions as the difference.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group};
use jiff::civil::Date;
use overcrowding::StatusGroup;
use overcrowding::flow::StayDistribution;
use overcrowding::flow::policy::{Lever, Plan, Supervision, Timing};
use overcrowding::flow::stays::{StayRecord, Stays};

#[path = "common/stays.rs"]
mod stays;
use stays::ten_years_of_stays;

/// The policy's daily total by a per-day loop over each stay (pretrial cap only).
fn naive_cap(stays: &Stays, cap: i64, on: Date, from: Date, to: Date) -> (Vec<u64>, Vec<u64>) {
    let n = (to - from).get_days() as usize + 1;
    let (mut base, mut pol) = (vec![0u64; n], vec![0u64; n]);
    let day = |d: Date| (d - from).get_days() as i64;
    for s in stays.stays() {
        let a = day(s.admission);
        let r = s.release.map_or(i64::MAX, day);
        let pretrial_end = match (s.sentenced, s.status) {
            (Some(x), _) => day(x),
            (None, Some(StatusGroup::Untried)) => r,
            _ => a,
        };
        let mut pr = r;
        if r > day(on) && pretrial_end - a > cap {
            let e = (a + cap).max(day(on));
            if e < pretrial_end {
                pr = e;
            }
        }
        for t in 0..n as i64 {
            if a <= t && t < r {
                base[t as usize] += 1;
            }
            if a <= t && t < pr {
                pol[t as usize] += 1;
            }
        }
    }
    (base, pol)
}

fn cap_plan() -> Plan {
    Plan::new().with_lever(Lever::PretrialCap {
        days: 90,
        timing: Timing::Retroactive(Date::constant(2020, 1, 1)),
    })
}

fn recall_plan() -> Plan {
    Plan::new()
        .with_paths(1_000)
        .with_lever(Lever::EarlyRelease {
            within_days: 60,
            timing: Timing::Retroactive(Date::constant(2020, 1, 1)),
            supervision: Some(Supervision::new(
                0.3,
                1_096,
                StayDistribution::Exponential { mean_months: 6.0 },
            )),
        })
}

fn stays_n() -> usize {
    std::env::var("POLICY_BENCH_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000_000)
}

/// `POLICY_BENCH_ONCE`: the plan run `POLICY_BENCH_REPS` times outside criterion.
fn once(what: &str) {
    let reps: usize = std::env::var("POLICY_BENCH_REPS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1);
    let (s, plan) = match what {
        "cap" => (
            Stays::from_records(&ten_years_of_stays(stays_n(), 2021, true)),
            cap_plan(),
        ),
        "recalls" => (
            Stays::from_records(&ten_years_of_stays(1_000_000, 7, true)),
            recall_plan(),
        ),
        other => panic!("POLICY_BENCH_ONCE={other}: cap or recalls"),
    };
    let (from, to) = (Date::constant(2015, 1, 1), Date::constant(2024, 12, 31));
    for _ in 0..reps {
        let t = std::time::Instant::now();
        let run = black_box(plan.run(&s, from, to).expect("run"));
        println!(
            "{what}: {:.3} s ({} threads), person-days saved {}",
            t.elapsed().as_secs_f64(),
            rayon::current_num_threads(),
            run.person_days().saved
        );
    }
}

fn policy_10m(c: &mut Criterion) {
    let n = stays_n();
    let s = Stays::from_records(&ten_years_of_stays(n, 2021, true));
    let (from, to) = (Date::constant(2015, 1, 1), Date::constant(2024, 12, 31));
    let on = Date::constant(2020, 1, 1);
    let plan = cap_plan();
    let sub = n.min(100_000);
    let sample = Stays::from_records(
        &s.stays()[..sub]
            .iter()
            .map(|x| {
                let r =
                    StayRecord::new(Some(x.admission), x.release, x.facility.as_str(), x.status);
                match x.sentenced {
                    Some(d) => r.with_sentenced(d),
                    None => r,
                }
            })
            .collect::<Vec<_>>(),
    );
    // The library and the naive loop agree (on the subsample, outside the timing).
    let run = plan.run(&sample, from, to).expect("run");
    let (base, pol) = naive_cap(&sample, 90, on, from, to);
    assert_eq!(run.baseline().total(), base);
    assert_eq!(run.policy().total(), pol);
    let mut g = c.benchmark_group("policy_10m");
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
        g.bench_function(format!("pretrial_cap_{label}_3653d/{threads}"), |b| {
            b.iter(|| pool.install(|| black_box(plan.run(&s, from, to).expect("run"))))
        });
        g.bench_function(format!("stays_sweep_{label}_3653d/{threads}"), |b| {
            b.iter(|| pool.install(|| black_box(s.daily_population(from, to).expect("window"))))
        });
    }
    g.throughput(Throughput::Elements(sub as u64));
    g.bench_function(format!("naive_per_day_{}k_3653d", sub / 1_000), |b| {
        b.iter(|| black_box(naive_cap(&sample, 90, on, from, to)))
    });
    g.finish();
}

fn recalls_1m(c: &mut Criterion) {
    let s = Stays::from_records(&ten_years_of_stays(1_000_000, 7, true));
    let (from, to) = (Date::constant(2015, 1, 1), Date::constant(2024, 12, 31));
    let plan = recall_plan();
    let mut g = c.benchmark_group("recalls_1m");
    g.sample_size(10);
    g.throughput(Throughput::Elements(1_000));
    g.bench_function("early_release_1000_paths_3653d", |b| {
        b.iter(|| black_box(plan.run(&s, from, to).expect("run")))
    });
    g.finish();
}

criterion_group!(benches, policy_10m, recalls_1m);

fn main() {
    if let Ok(what) = std::env::var("POLICY_BENCH_ONCE") {
        once(&what);
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
