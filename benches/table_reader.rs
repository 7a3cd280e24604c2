//! The configurable table reader on a seeded 1,000,000-row CSV (10,000 facilities × 100
//! dates, a state group, a wide capacity block, 3 % `NA`s), beside the `csv` crate reading
//! the same bytes into `StringRecord`s; and the data-quality screen on 10,000 facilities ×
//! 120 months beside a hand loop that computes only the occupancy band and per-date totals.
//!
//! Before the timings it prints the memory of one read (issue 18: "the panel's peak memory
//! within 1.2× its column bytes"): the heap the read held at its peak and the heap the panel
//! keeps, beside the bytes of the panel's columns, counted by a global allocator that wraps
//! the system's.
//!
//! Run: `cargo bench --no-default-features --features io --bench table_reader -- --warm-up-time 1 --measurement-time 5`

use std::alloc::{GlobalAlloc, Layout, System};
use std::fmt::Write as _;
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};

use criterion::{Criterion, Throughput, criterion_group};
use overcrowding::io::TableReader;
use overcrowding::screen::{ScreenOptions, screen};
use overcrowding::{CapacityKind, Panel, Record};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

const STATES: [&str; 5] = ["AL", "AK", "AZ", "AR", "CA"];

/// The system allocator, counting the bytes in use and their peak.
struct Counting;

static IN_USE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded to the system allocator unchanged; only counters move.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = IN_USE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            let now = IN_USE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        IN_USE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size >= layout.size() {
                let grow = new_size - layout.size();
                let now = IN_USE.fetch_add(grow, Ordering::Relaxed) + grow;
                PEAK.fetch_max(now, Ordering::Relaxed);
            } else {
                IN_USE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// The bytes of the panel's columns: facility codes, day numbers, each count column's values
/// and validity words (a capacity kind's second bitmap, which rows list it, counted as one
/// more), group codes; the dictionaries' text.
fn column_bytes(p: &Panel) -> usize {
    let n = p.len();
    let words = n.div_ceil(64) * 8;
    let count = 8 * n + words;
    let kinds = p.capacity_kinds().len();
    let groups: usize = p
        .group_keys()
        .iter()
        .filter_map(|k| p.group_column(k))
        .map(|(values, codes)| 4 * codes.len() + values.iter().map(String::len).sum::<usize>())
        .sum();
    let status = p.legal_status_columns().map_or(0, |_| 4 * count);
    let ids: usize = p.facility_ids().iter().map(|f| f.as_str().len()).sum();
    4 * n + 4 * n + count + kinds * (count + words) + status + groups + ids
}

/// One read of `bytes` into a panel: the peak heap during it and the heap the panel keeps
/// (both above what was in use before), beside [`column_bytes`].
fn memory_report(reader: &TableReader, bytes: &[u8]) {
    let before = IN_USE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let panel = reader
        .read_bytes(bytes, "bench.csv")
        .expect("valid")
        .into_panel();
    let peak = PEAK.load(Ordering::Relaxed) - before;
    let kept = IN_USE.load(Ordering::Relaxed) - before;
    let columns = column_bytes(&panel);
    let mb = |b: usize| b as f64 / 1e6;
    println!(
        "memory of one read of {} rows: column bytes {:.1} MB; the panel keeps {:.1} MB ({:.2}x); \
         peak during the read {:.1} MB ({:.2}x the column bytes)",
        panel.len(),
        mb(columns),
        mb(kept),
        kept as f64 / columns as f64,
        mb(peak),
        peak as f64 / columns as f64
    );
}

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

/// The reader of the bench file: sniffing off, id + group + population + two capacities,
/// a missing token besides the defaults.
fn mapped_reader() -> TableReader {
    TableReader::new()
        .delimiter(b',')
        .id_column("Facility.ID")
        .group_column("State")
        .population_column("Population")
        .capacity_column(CapacityKind::Design, "Capacity")
        .capacity_column(CapacityKind::Operational, "Operational.Capacity")
        .missing("-999")
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
    let reader = mapped_reader();
    memory_report(&reader, &bytes);
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
    let mut rng = StdRng::seed_from_u64(20_130_322);
    let mut records = Vec::with_capacity(facilities * months);
    let mut flat = Vec::with_capacity(facilities * months);
    for m in 0..months {
        let date = jiff::civil::date(2015 + (m / 12) as i16, (m % 12) as i8 + 1, 1);
        for f in 0..facilities {
            let cap = 200 + (f as u64 * 37) % 3_000;
            let pop = cap * rng.random_range(80..140u64) / 100;
            records.push(
                Record::new(format!("F{f:05}"), date)
                    .expect("valid")
                    .with_population_total(pop)
                    .with_capacity(CapacityKind::Design, cap),
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

/// `TABLE_READER_PROFILE=read` (or `=screen`) runs that workload once and exits, for a
/// profiler (`valgrind --tool=callgrind`, `perf record`) without criterion around it;
/// otherwise the criterion benches run.
fn main() {
    match std::env::var("TABLE_READER_PROFILE").as_deref() {
        Ok("read") => {
            let bytes = csv_bytes(10_000, 100);
            let read = mapped_reader()
                .read_bytes(&bytes, "bench.csv")
                .expect("valid");
            println!("{} rows", read.accepted_rows());
        }
        Ok("screen") => {
            let (panel, _) = screen_panel(10_000, 120);
            let s = screen(&panel, &ScreenOptions::new());
            println!("{} findings", s.findings().len());
        }
        _ => {
            benches();
            Criterion::default().configure_from_args().final_summary();
        }
    }
}
