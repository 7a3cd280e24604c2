//! The synthetic facility-month panel shared by `benches/frame.rs`, `examples/gen_panel.rs`
//! and `examples/compare_panel.rs` (included with `#[path]`, so there is one generator).
//!
//! Rows are sorted by date, then facility: `facilities = ceil(rows / MONTHS)` facilities, one
//! row each per month from January 2000 (the last month may be partial). Each facility has a
//! base capacity (50–5,000 places) and a base occupancy level (40–180 %); each row's
//! population is that capacity times the level ± 25 points. About 1 capacity in 1,000 is
//! missing (null). The same `(rows, seed)` gives the same panel on every platform (StdRng).

#![allow(dead_code)]

use polars::prelude::*;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// Months in the panel (January 2000 onwards).
pub const MONTHS: usize = 250;

/// The panel as plain columns, sorted by date.
pub struct Panel {
    /// Facility code 0..facilities.
    pub facility_id: Vec<u32>,
    /// First day of the month, in days since 1970-01-01 (polars `Date`).
    pub date: Vec<i32>,
    /// People held.
    pub population: Vec<u64>,
    /// Places; `None` when not reported.
    pub capacity: Vec<Option<u64>>,
}

/// Days since 1970-01-01 of the first day of month `m` counted from January 2000.
fn month_start(m: usize) -> i32 {
    let d = jiff::civil::date(2000 + (m / 12) as i16, (m % 12) as i8 + 1, 1);
    jiff::civil::date(1970, 1, 1)
        .until(d)
        .expect("dates in range")
        .get_days()
}

/// Generates `rows` facility-month rows from `seed`.
pub fn generate(rows: usize, seed: u64) -> Panel {
    let mut rng = StdRng::seed_from_u64(seed);
    let facilities = rows.div_ceil(MONTHS).max(1);
    let base: Vec<(u64, u64)> = (0..facilities)
        .map(|_| {
            (
                rng.random_range(50..=5_000u64),
                rng.random_range(40..=180u64),
            )
        })
        .collect();
    let mut p = Panel {
        facility_id: Vec::with_capacity(rows),
        date: Vec::with_capacity(rows),
        population: Vec::with_capacity(rows),
        capacity: Vec::with_capacity(rows),
    };
    let months = rows.div_ceil(facilities);
    'outer: for m in 0..months {
        let day = month_start(m);
        for (f, &(cap, level)) in base.iter().enumerate() {
            if p.date.len() == rows {
                break 'outer;
            }
            let pct = (level + rng.random_range(0..=50u64)).saturating_sub(25);
            p.facility_id.push(f as u32);
            p.date.push(day);
            p.population.push(cap * pct / 100);
            p.capacity
                .push((!rng.random_ratio(1, 1_000)).then_some(cap));
        }
    }
    p
}

impl Panel {
    /// Number of rows.
    pub fn len(&self) -> usize {
        self.date.len()
    }

    /// Columns `facility_id` (UInt32), `date` (Date), `population` (UInt64), `capacity`
    /// (UInt64, nullable).
    pub fn to_frame(&self) -> PolarsResult<DataFrame> {
        let date = Series::new("date".into(), &self.date).cast(&DataType::Date)?;
        DataFrame::new(
            self.len(),
            vec![
                Column::new("facility_id".into(), &self.facility_id),
                date.into(),
                Column::new("population".into(), &self.population),
                Column::new("capacity".into(), &self.capacity),
            ],
        )
    }

    /// The panel back from a frame with those columns (e.g. read from Parquet).
    pub fn from_frame(df: &DataFrame) -> PolarsResult<Panel> {
        let u32s = df.column("facility_id")?.u32()?;
        let dates = df.column("date")?.date()?.physical();
        let pops = df.column("population")?.u64()?;
        let caps = df.column("capacity")?.u64()?;
        Ok(Panel {
            facility_id: u32s.into_no_null_iter().collect(),
            date: dates.into_no_null_iter().collect(),
            population: pops.into_no_null_iter().collect(),
            capacity: caps.iter().collect(),
        })
    }
}
