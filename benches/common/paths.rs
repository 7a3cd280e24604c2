//! The one workload, three ways, shared by `benches/frame.rs` and `examples/compare_panel.rs`:
//! per row occupancy and band level (`Standard::critical()`: > 100 % overcrowded, ≥ 120 %
//! critical); per date Σpopulation ÷ Σcapacity, surplus Σmax(0, pop − cap), facilities above
//! 100 % and the people in them (rows without a capacity left out of the sums).

#![allow(dead_code)]

use overcrowding::frame::{self, OvercrowdingFrameExt, columns::*};
use overcrowding::{Standard, SystemOccupancy, occupancy, system_occupancy};
use polars::prelude::*;

use super::panel::Panel;

/// Figures every path prints, so the comparison is of one computation.
#[derive(Debug, Clone, PartialEq)]
pub struct Checks {
    /// Dates with a summary.
    pub dates: usize,
    /// Σ over dates of the surplus.
    pub surplus: u128,
    /// Facility-months above 100 %.
    pub over_100: u64,
    /// People in those facility-months.
    pub people_over_100: u128,
    /// Rows in band 2 (≥ 120 %).
    pub critical_rows: u64,
    /// Σ of the per-row occupancy (float; compared with a tolerance).
    pub occupancy_sum: f64,
    /// Σ of the per-date system occupancy (float).
    pub system_occupancy_sum: f64,
}

impl Checks {
    /// One line, the same format as `pipeline.py`.
    pub fn line(&self) -> String {
        format!(
            "dates={} surplus={} over_100={} people_over_100={} critical_rows={} occupancy_sum={:.6} system_occupancy_sum={:.9}",
            self.dates,
            self.surplus,
            self.over_100,
            self.people_over_100,
            self.critical_rows,
            self.occupancy_sum,
            self.system_occupancy_sum
        )
    }
}

/// (a) The polars frame path: the crate's `Expr` builders per row, `system_summary` per date.
/// Returns the row frame (input + `occupancy`, `band`) and the per-date summary.
pub fn frame_path(df: &DataFrame) -> PolarsResult<(DataFrame, DataFrame)> {
    let standard = Standard::critical();
    let rows = df
        .clone()
        .lazy()
        .with_columns([
            frame::occupancy(col(POPULATION), col(CAPACITY)).alias("occupancy"),
            frame::band_level(col(POPULATION), col(CAPACITY), &standard).alias("band"),
        ])
        .collect()?;
    let summary = rows
        .clone()
        .lazy()
        .system_summary(&[DATE], POPULATION, CAPACITY, &[])
        .collect()?;
    Ok((rows, summary))
}

/// Checks of the frame path's output.
pub fn frame_checks(rows: &DataFrame, summary: &DataFrame) -> PolarsResult<Checks> {
    let sum_u64 = |c: &str| -> PolarsResult<u128> {
        Ok(summary
            .column(c)?
            .u64()?
            .iter()
            .flatten()
            .map(u128::from)
            .sum())
    };
    Ok(Checks {
        dates: summary.height(),
        surplus: sum_u64("surplus")?,
        over_100: sum_u64("overcrowded_facilities")? as u64,
        people_over_100: sum_u64("people_in_overcrowded")?,
        critical_rows: rows
            .column("band")?
            .u32()?
            .iter()
            .filter(|b| *b == Some(2))
            .count() as u64,
        occupancy_sum: rows.column("occupancy")?.f64()?.iter().flatten().sum(),
        system_occupancy_sum: summary.column("occupancy")?.f64()?.iter().flatten().sum(),
    })
}

/// Output of the typed-slice path.
pub struct TypedOut {
    /// Per row occupancy (`None` without a capacity).
    pub occupancy: Vec<Option<f64>>,
    /// Per row band level.
    pub band: Vec<Option<u8>>,
    /// Per date (first-of-month days since 1970) the system summary.
    pub by_date: Vec<(i32, SystemOccupancy)>,
}

/// (b) The typed-slice path of the core: [`occupancy`] and [`Standard::level_of`] per row,
/// [`system_occupancy`] per date over the contiguous run of that date (input sorted by date).
pub fn typed_path(p: &Panel, standard: &Standard) -> TypedOut {
    let n = p.len();
    let mut occ = Vec::with_capacity(n);
    let mut band = Vec::with_capacity(n);
    for (&pop, &cap) in p.population.iter().zip(&p.capacity) {
        match cap.and_then(|c| occupancy(pop, c).ok()) {
            Some(r) => {
                occ.push(Some(r.value()));
                band.push(Some(standard.level_of(&r) as u8));
            }
            None => {
                occ.push(None);
                band.push(None);
            }
        }
    }
    let mut by_date = Vec::new();
    let mut start = 0;
    for run in p.date.chunk_by(|a, b| a == b) {
        let end = start + run.len();
        let pairs = p.population[start..end]
            .iter()
            .zip(&p.capacity[start..end])
            .filter_map(|(&pop, &cap)| cap.filter(|&c| c > 0).map(|c| (pop, c)));
        if let Ok(s) = system_occupancy(pairs) {
            by_date.push((run[0], s));
        }
        start = end;
    }
    TypedOut {
        occupancy: occ,
        band,
        by_date,
    }
}

/// Checks of the typed-slice path's output.
pub fn typed_checks(out: &TypedOut) -> Checks {
    Checks {
        dates: out.by_date.len(),
        surplus: out.by_date.iter().map(|(_, s)| s.surplus).sum(),
        over_100: out
            .by_date
            .iter()
            .map(|(_, s)| s.overcrowded_facilities as u64)
            .sum(),
        people_over_100: out
            .by_date
            .iter()
            .map(|(_, s)| s.people_in_overcrowded)
            .sum(),
        critical_rows: out.band.iter().filter(|b| **b == Some(2)).count() as u64,
        occupancy_sum: out.occupancy.iter().flatten().sum(),
        system_occupancy_sum: out.by_date.iter().map(|(_, s)| s.ratio.value()).sum(),
    }
}

/// Per-date sums of the hand loop.
#[derive(Debug, Clone, Copy, Default)]
pub struct HandDate {
    /// First-of-month days since 1970.
    pub date: i32,
    /// Σpopulation ÷ Σcapacity.
    pub occupancy: f64,
    /// Σmax(0, pop − cap).
    pub surplus: u64,
    /// Facilities above 100 %.
    pub over: u64,
    /// People in them.
    pub people_over: u64,
}

/// Output of the hand loop.
pub struct HandOut {
    /// Per row occupancy (NaN without a capacity).
    pub occupancy: Vec<f64>,
    /// Per row band level (`u8::MAX` without a capacity).
    pub band: Vec<u8>,
    /// Per date sums.
    pub by_date: Vec<HandDate>,
}

/// (c) A hand-written loop over the same vectors: the same two passes (per row, then per
/// date run), plain `f64` division, the 120 % test as `5·pop ≥ 6·cap`, `u64` sums.
pub fn hand_loop(p: &Panel) -> HandOut {
    let n = p.len();
    let mut occ = Vec::with_capacity(n);
    let mut band = Vec::with_capacity(n);
    for (&pop, &cap) in p.population.iter().zip(&p.capacity) {
        match cap {
            Some(c) if c > 0 => {
                occ.push(pop as f64 / c as f64);
                band.push(if pop * 5 >= c * 6 {
                    2
                } else if pop > c {
                    1
                } else {
                    0
                });
            }
            _ => {
                occ.push(f64::NAN);
                band.push(u8::MAX);
            }
        }
    }
    let mut by_date = Vec::new();
    let mut start = 0;
    for run in p.date.chunk_by(|a, b| a == b) {
        let end = start + run.len();
        let (mut sp, mut sc) = (0u64, 0u64);
        let mut d = HandDate {
            date: run[0],
            ..HandDate::default()
        };
        for (&pop, &cap) in p.population[start..end].iter().zip(&p.capacity[start..end]) {
            if let Some(c) = cap.filter(|&c| c > 0) {
                sp += pop;
                sc += c;
                if pop > c {
                    d.over += 1;
                    d.people_over += pop;
                    d.surplus += pop - c;
                }
            }
        }
        if sc > 0 {
            d.occupancy = sp as f64 / sc as f64;
            by_date.push(d);
        }
        start = end;
    }
    HandOut {
        occupancy: occ,
        band,
        by_date,
    }
}

/// Checks of the hand loop's output.
pub fn hand_checks(out: &HandOut) -> Checks {
    Checks {
        dates: out.by_date.len(),
        surplus: out.by_date.iter().map(|d| d.surplus as u128).sum(),
        over_100: out.by_date.iter().map(|d| d.over).sum(),
        people_over_100: out.by_date.iter().map(|d| d.people_over as u128).sum(),
        critical_rows: out.band.iter().filter(|b| **b == 2).count() as u64,
        occupancy_sum: out.occupancy.iter().filter(|x| !x.is_nan()).sum(),
        system_occupancy_sum: out.by_date.iter().map(|d| d.occupancy).sum(),
    }
}

/// True when two checks agree: the integers exactly, the float sums to 1e-9 relative.
pub fn agree(a: &Checks, b: &Checks) -> bool {
    let close = |x: f64, y: f64| (x - y).abs() <= 1e-9 * x.abs().max(y.abs()).max(1.0);
    (
        a.dates,
        a.surplus,
        a.over_100,
        a.people_over_100,
        a.critical_rows,
    ) == (
        b.dates,
        b.surplus,
        b.over_100,
        b.people_over_100,
        b.critical_rows,
    ) && close(a.occupancy_sum, b.occupancy_sum)
        && close(a.system_occupancy_sum, b.system_occupancy_sum)
}
