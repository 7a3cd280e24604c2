//! The configurable table reader on a seeded 1,000,000-row CSV (10,000 facilities × 100
//! dates, a state group, a wide capacity block, 3 % `NA`s), beside the `csv` crate reading
//! the same bytes into `StringRecord`s; and the data-quality screen on 10,000 facilities ×
//! 120 months beside a hand loop that computes only the occupancy band and per-date totals.
//!
//! Run: `cargo bench --no-default-features --features io --bench table_reader -- --warm-up-time 1 --measurement-time 5`

use std::fmt::Write as _;
use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use overcrowding::io::TableReader;
use overcrowding::screen::{ScreenOptions, screen};
use overcrowding::{CapacityKind, Panel, Record};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

const STATES: [&str; 5] = ["AL", "AK", "AZ", "AR", "CA"];

fn csv_bytes(facilities: usize, dates: usize) -> Vec<u8> {
    let mut rng = StdRng::seed_from_u64(20_200_229);
    let mut s = String::with_capacity(facilities * dates * 48);
    s.push_str("Facility.ID,State,date,Population,Capacity,Operational.Capacity\n");
    let start = jiff::civil::date(2012, 1, 1);
    let days: Vec<String> = (0..dates)
        .map(|d| {
            start
                .checked_add(jiff::Span::new().days(d as i64 * 7))
                .expect("in range")
                .to_string()
        })
        .collect();
    for day in &days {
        for f in 0..facilities {
            let cap = 200 + (f as u64 * 37) % 3_000;
            let pop = cap * rng.random_range(60..180u64) / 100;
            let na = rng.random_range(0..100u32);
            let pop = if na < 3 {
                "NA".to_string()
            } else {
                pop.to_string()
            };
            let op = if na == 5 {
                "NA".to_string()
            } else {
                (cap + 50).to_string()
            };
            let _ = writeln!(s, "F{f:05},{},{day},{pop},{cap},{op}", STATES[f % 5]);
        }
    }
    s.into_bytes()
}

fn read_benches(c: &mut Criterion) {
    let bytes = csv_bytes(10_000, 100);
    let mut g = c.benchmark_group("read_1m_rows");
    g.sample_size(10);
    g.throughput(Throughput::Elements(1_000_000));
    g.bench_function("csv_string_records", |b| {
        b.iter(|| {
            let mut rdr = csv::Reader::from_reader(black_box(&bytes[..]));
            let mut rec = csv::StringRecord::new();
            let mut n = 0usize;
            while rdr.read_record(&mut rec).expect("valid") {
                n += rec.len();
            }
            black_box(n)
        })
    });
    let reader = TableReader::new()
        .delimiter(b',')
        .id_column("Facility.ID")
        .group_column("State")
        .population_column("Population")
        .capacity_column(CapacityKind::Design, "Capacity")
        .capacity_column(CapacityKind::Operational, "Operational.Capacity")
        .missing("-999");
    g.bench_function("table_reader_mapped", |b| {
        b.iter(|| {
            let read = reader
                .read_bytes(black_box(&bytes), "bench.csv")
                .expect("valid");
            assert_eq!(read.accepted_rows(), 1_000_000);
            black_box(read.panel().len())
        })
    });
    g.finish();
}

fn screen_panel(facilities: usize, months: usize) -> (Panel, Vec<(usize, u64, u64)>) {
    let mut rng = StdRng::seed_from_u64(2013_03_22);
    let mut records = Vec::with_capacity(facilities * months);
    let mut flat = Vec::with_capacity(facilities * months);
    for m in 0..months {
        let date = jiff::civil::date(2015 + (m / 12) as i16, (m % 12) as i8 + 1, 1);
        for f in 0..facilities {
            let cap = 200 + (f as u64 * 37) % 3_000;
            let pop = cap * rng.random_range(80..140u64) / 100;
            records.push(
                Record::new(format!("F{f:05}"), date)
                    .and_then(|r| r.with_population_total(pop))
                    .and_then(|r| r.with_capacity(CapacityKind::Design, cap))
                    .expect("valid"),
            );
            flat.push((m, pop, cap));
        }
    }
    (Panel::new(records).expect("unique"), flat)
}

fn screen_benches(c: &mut Criterion) {
    let (panel, flat) = screen_panel(10_000, 120);
    let mut g = c.benchmark_group("screen_10k_x_120");
    g.sample_size(10);
    g.throughput(Throughput::Elements(1_200_000));
    g.bench_function("screen", |b| {
        b.iter(|| {
            black_box(
                screen(black_box(&panel), &ScreenOptions::new())
                    .findings()
                    .len(),
            )
        })
    });
    g.bench_function("hand_loop_band_and_totals", |b| {
        b.iter(|| {
            let mut out = 0usize;
            let mut totals = vec![(0usize, 0u64); 120];
            for &(m, p, c) in black_box(&flat) {
                let pct = p as f64 * 100.0 / c as f64;
                if !(20.0..=300.0).contains(&pct) {
                    out += 1;
                }
                totals[m].0 += 1;
                totals[m].1 += p;
            }
            black_box((out, totals))
        })
    });
    g.finish();
}

criterion_group!(benches, read_benches, screen_benches);
criterion_main!(benches);
