//! Panel → polars DataFrame → Panel on the seeded synthetic panel of 10 million
//! facility-month rows (`benches/common/panel.rs`: 40,000 facilities × 250 months, the design
//! capacity missing in about 1 row in 1,000), beside a plain copy of the same columns, in one
//! run (issue 18: "no per-row work; report the time beside a plain column copy"):
//!
//! - `panel_to_frame`: [`frame::panel_to_frame`] (the facility dictionary as an `Enum`'s
//!   categories and its codes copied; the day numbers, counts and validity words copied into
//!   Arrow arrays);
//! - `frame_to_panel`: [`frame::frame_to_panel`] (the `Enum`'s codes renumbered through a
//!   vector indexed by category, counts and validity taken from the Arrow arrays, the checks
//!   of the builder column by column);
//! - `round_trip`: both;
//! - `column_copy`: a plain copy of the panel's columns (facility codes, day numbers,
//!   population and capacity values with their validity) — the floor of any conversion that
//!   copies.
//!
//! ```text
//! cargo bench --all-features --bench frame_panel     # PANEL_ROWS=1000000 for a quicker run
//! ```

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use overcrowding::frame;
use overcrowding::model::PanelBuilder;
use overcrowding::{CapacityKind, Panel};

#[path = "common/alloc.rs"]
mod alloc;
#[path = "common/panel.rs"]
mod panel;

#[global_allocator]
static GLOBAL: alloc::BenchAlloc = alloc::BenchAlloc;

const SEED: u64 = 2021;

fn rows() -> usize {
    std::env::var("PANEL_ROWS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10_000_000)
}

/// The synthetic panel as the crate's table (ids `F00000`…), built with the builder.
fn crate_panel(n: usize) -> Panel {
    let p = panel::generate(n, SEED);
    let facilities = p.facility_id.iter().max().map_or(0, |&f| f as usize + 1);
    let ids: Vec<String> = (0..facilities).map(|f| format!("F{f:05}")).collect();
    let mut b = PanelBuilder::with_capacity(n);
    let design = b.capacity_slot(CapacityKind::Design);
    for i in 0..p.len() {
        let date = jiff::civil::date(1970, 1, 1)
            .checked_add(jiff::Span::new().days(i64::from(p.date[i])))
            .expect("date");
        b.begin(&ids[p.facility_id[i] as usize], date).expect("id");
        b.population(p.population[i]);
        b.capacity(design, p.capacity[i]).expect("capacity");
        b.commit().expect("row");
    }
    b.finish().expect("panel")
}

/// The columns a conversion carries, copied.
fn column_copy(p: &Panel) -> usize {
    let facility = p.facility_codes().to_vec();
    let days = p.day_numbers().to_vec();
    let population = p.population_column().clone();
    let design = p.capacity_column(&CapacityKind::Design).cloned();
    facility.len() + days.len() + population.len() + design.map_or(0, |c| c.len())
}

fn bench(c: &mut Criterion) {
    let n = rows();
    let p = crate_panel(n);
    let df = frame::panel_to_frame(&p).expect("frame");
    assert_eq!(frame::frame_to_panel(&df).expect("panel"), p);
    eprintln!(
        "{n} rows ({}), {} facilities",
        alloc::name(),
        p.facility_ids().len()
    );

    let mut g = c.benchmark_group(format!("panel_frame_{}M", n as f64 / 1e6));
    g.throughput(Throughput::Elements(n as u64));
    g.sample_size(10);
    g.warm_up_time(Duration::from_secs(1));
    g.measurement_time(Duration::from_secs(10));
    g.bench_function("panel_to_frame", |b| {
        b.iter(|| frame::panel_to_frame(black_box(&p)).expect("frame"))
    });
    g.bench_function("frame_to_panel", |b| {
        b.iter(|| frame::frame_to_panel(black_box(&df)).expect("panel"))
    });
    g.bench_function("round_trip", |b| {
        b.iter(|| {
            let df = frame::panel_to_frame(black_box(&p)).expect("frame");
            frame::frame_to_panel(&df).expect("panel")
        })
    });
    g.bench_function("column_copy", |b| b.iter(|| column_copy(black_box(&p))));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
