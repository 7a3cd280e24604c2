//! The one workload, every Rust way, shared by `benches/frame.rs` and
//! `benches/compare/compare_panel.rs`: per row occupancy and band level
//! (`Standard::critical()`: > 100 % overcrowded, ≥ 120 % critical); per date Σpopulation ÷
//! Σcapacity, surplus Σmax(0, pop − cap), facilities above 100 % and the people in them (rows
//! without a capacity left out of the sums).
//!
//! Paths: the polars frame path (expression builders or native kernels, either engine), the
//! typed-slice path of the scalar API, the columnar core (`metrics::columnar` +
//! `system::system_sums`, one or two threads), and two hand loops: one over the typed path's
//! vectors, one over the columnar core's borrowed columns with its exact outputs.

#![allow(dead_code)]

use overcrowding::frame::{self, OvercrowdingFrameExt, columns::*, native};
use overcrowding::metrics::columnar::{Validity, band_level_into, occupancy_into};
use overcrowding::system::{SystemSums, system_sums};
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

/// How the frame path is run: the engine, and the row metrics as expression builders or as
/// native kernels (`frame::native`).
#[derive(Debug, Clone, Copy)]
pub struct FrameOptions {
    /// Streaming (Python polars' default since 2.0) or in-memory (Rust `collect()`).
    pub streaming: bool,
    /// `frame::native::{occupancy, band_level}` instead of `frame::{occupancy, band_level}`.
    pub native: bool,
    /// Common-subexpression elimination (compiled in with polars' `performant` feature).
    pub cse: bool,
}

impl FrameOptions {
    /// What the crate recommends (benches/README.md): streaming, native kernels, CSE.
    pub const FAST: FrameOptions = FrameOptions {
        streaming: true,
        native: true,
        cse: true,
    };
    /// Rust polars' defaults with the expression builders: `collect()` (in memory).
    pub const DEFAULT: FrameOptions = FrameOptions {
        streaming: false,
        native: false,
        cse: true,
    };
}

/// Whether common-subexpression elimination is compiled in (polars' `performant`).
pub const CSE_COMPILED: bool = cfg!(feature = "performant");

fn collect(lf: LazyFrame, o: FrameOptions) -> PolarsResult<DataFrame> {
    #[cfg(feature = "performant")]
    let lf = lf.with_comm_subexpr_elim(o.cse);
    let engine = if o.streaming {
        Engine::Streaming
    } else {
        Engine::InMemory
    };
    // One query, one sink: a single frame.
    Ok(lf.collect_with_engine(engine)?.unwrap_single())
}

/// (a) The polars frame path: the crate's `Expr` builders per row, `system_summary` per date,
/// collected with Rust polars' default engine. Returns the row frame (input + `occupancy`,
/// `band`) and the per-date summary.
pub fn frame_path(df: &DataFrame) -> PolarsResult<(DataFrame, DataFrame)> {
    frame_path_with(df, FrameOptions::DEFAULT)
}

/// The frame path with the engine and row kernels of `o`.
pub fn frame_path_with(df: &DataFrame, o: FrameOptions) -> PolarsResult<(DataFrame, DataFrame)> {
    let standard = Standard::critical();
    let (pop, cap) = (col(POPULATION), col(CAPACITY));
    let row_metrics = if o.native {
        [
            native::occupancy(pop.clone(), cap.clone()).alias("occupancy"),
            native::band_level(pop, cap, &standard).alias("band"),
        ]
    } else {
        [
            frame::occupancy(pop.clone(), cap.clone()).alias("occupancy"),
            frame::band_level(pop, cap, &standard).alias("band"),
        ]
    };
    let rows = collect(df.clone().lazy().with_columns(row_metrics), o)?;
    let summary = collect(
        rows.clone()
            .lazy()
            .system_summary(&[DATE], POPULATION, CAPACITY, &[]),
        o,
    )?;
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

/// The panel's columns borrowed from a polars frame, as the columnar core takes them: no
/// copy of the values, the capacity's Arrow validity bitmap as a [`Validity`].
pub struct Columns<'a> {
    /// First-of-month days since 1970, sorted.
    pub date: &'a [i32],
    /// People held.
    pub pop: &'a [u64],
    /// Places (0 where not reported).
    pub cap: &'a [u64],
    /// Where the capacity is reported (`None`: everywhere).
    pub valid: Option<Validity>,
}

/// Borrows the columns of `df` (one chunk each; `rechunked` makes them so).
pub fn columns(df: &DataFrame) -> PolarsResult<Columns<'_>> {
    let caps = df.column(CAPACITY)?.u64()?;
    polars_ensure!(caps.chunks().len() == 1, ComputeError: "rechunk the frame first");
    let arr = caps.downcast_iter().next().expect("one chunk");
    let valid = match arr.validity().filter(|b| b.unset_bits() > 0) {
        None => None,
        Some(b) => {
            let chunks = b.chunks::<u64>();
            let tail = (chunks.remainder_len() > 0).then(|| chunks.remainder());
            let mut words: Vec<u64> = chunks.collect();
            words.extend(tail);
            Some(
                Validity::from_words(words, arr.len())
                    .map_err(|e| polars_err!(ComputeError: "{e}"))?,
            )
        }
    };
    Ok(Columns {
        date: df.column(DATE)?.date()?.physical().cont_slice()?,
        pop: df.column(POPULATION)?.u64()?.cont_slice()?,
        cap: arr.values().as_slice(),
        valid,
    })
}

/// `df` with every column in one chunk (what a Parquet read of several row groups is not).
pub fn rechunked(mut df: DataFrame) -> DataFrame {
    df.rechunk_mut();
    df
}

/// Output of the columnar path and of its hand loop: the exact row outputs (values, and the
/// packed validity where the row has a value) and the per-date sums.
pub struct ColumnarOut {
    /// Per row occupancy (0.0 where invalid).
    pub occupancy: Vec<f64>,
    /// Where the occupancy is valid.
    pub occupancy_valid: Validity,
    /// Per row band level (0 where invalid).
    pub band: Vec<u8>,
    /// Where the band is valid.
    pub band_valid: Validity,
    /// Per date the system sums.
    pub by_date: Vec<(i32, SystemSums)>,
}

/// The date runs `(date, start, end)` of a sorted date column.
fn date_runs(date: &[i32]) -> Vec<(i32, usize, usize)> {
    let mut runs = Vec::new();
    let mut start = 0;
    for run in date.chunk_by(|a, b| a == b) {
        runs.push((run[0], start, start + run.len()));
        start += run.len();
    }
    runs
}

/// A validity bitmap built by appending the bitmaps of consecutive row ranges.
#[derive(Default)]
struct Bits {
    words: Vec<u64>,
    len: usize,
}

impl Bits {
    /// Appends the rows of `v` (any length, at any bit offset).
    fn append(&mut self, v: &Validity) {
        let shift = self.len % 64;
        for &w in v.words() {
            if shift == 0 {
                self.words.push(w);
            } else {
                *self.words.last_mut().expect("a partial word") |= w << shift;
                self.words.push(w >> (64 - shift));
            }
        }
        self.len += v.len();
        self.words.truncate(self.len.div_ceil(64));
    }

    fn finish(self) -> Validity {
        Validity::from_words(self.words, self.len).expect("as many words as rows")
    }
}

/// The columnar core over the date runs `runs` (consecutive rows from `runs[0].1`), one run
/// at a time so that each run's columns stay in cache across the three kernels: the row
/// metrics into `occ` and `band` (as long as the runs), their validities, and the system
/// sums of each date with a covered row.
fn columnar_runs(
    c: &Columns,
    runs: &[(i32, usize, usize)],
    standard: &Standard,
    occ: &mut [f64],
    band: &mut [u8],
) -> (Bits, Bits, Vec<(i32, SystemSums)>) {
    let base = runs.first().map_or(0, |r| r.1);
    let (mut bits_o, mut bits_b) = (Bits::default(), Bits::default());
    let (mut vo, mut vb) = (Validity::default(), Validity::default());
    let mut by_date = Vec::with_capacity(runs.len());
    for &(d, s, e) in runs {
        let valid = c
            .valid
            .as_ref()
            .map(|v| v.slice(s, e - s).expect("in range"));
        let (pop, cap) = (&c.pop[s..e], &c.cap[s..e]);
        let (o, b) = (&mut occ[s - base..e - base], &mut band[s - base..e - base]);
        occupancy_into(pop, cap, valid.as_ref(), o, &mut vo).expect("lengths");
        band_level_into(pop, cap, standard, valid.as_ref(), b, &mut vb)
            .expect("lengths and a standard of 2 thresholds");
        bits_o.append(&vo);
        bits_b.append(&vb);
        if let Ok(sums) = system_sums(pop, cap, valid.as_ref()) {
            by_date.push((d, sums));
        }
    }
    (bits_o, bits_b, by_date)
}

/// (c) The columnar core: `occupancy_into`, `band_level_into` and `system_sums` over the
/// borrowed columns, date run by date run (each run's 40,000 rows stay in L2 across the three
/// calls: one pass over memory instead of three); one thread.
pub fn columnar_path(c: &Columns, standard: &Standard) -> ColumnarOut {
    let n = c.pop.len();
    let (mut occupancy, mut band) = (vec![0.0; n], vec![0u8; n]);
    let (bo, bb, by_date) =
        columnar_runs(c, &date_runs(c.date), standard, &mut occupancy, &mut band);
    ColumnarOut {
        occupancy,
        occupancy_valid: bo.finish(),
        band,
        band_valid: bb.finish(),
        by_date,
    }
}

/// The columnar core on two threads (`std::thread::scope`), each over half of the date runs
/// and their rows. Identical output to [`columnar_path`].
pub fn columnar_path_2t(c: &Columns, standard: &Standard) -> ColumnarOut {
    let n = c.pop.len();
    let (mut occupancy, mut band) = (vec![0.0; n], vec![0u8; n]);
    let runs = date_runs(c.date);
    let (runs_a, runs_b) = runs.split_at(runs.len() / 2);
    let mid = runs_b.first().map_or(n, |r| r.1);
    let (occ_a, occ_b) = occupancy.split_at_mut(mid);
    let (band_a, band_b) = band.split_at_mut(mid);
    let ((mut bo, mut bb, mut by_date), (bo2, bb2, by_date2)) = std::thread::scope(|s| {
        let b = s.spawn(|| columnar_runs(c, runs_b, standard, occ_b, band_b));
        let a = columnar_runs(c, runs_a, standard, occ_a, band_a);
        (a, b.join().expect("no panic"))
    });
    bo.append(&bo2.finish());
    bb.append(&bb2.finish());
    by_date.extend(by_date2);
    ColumnarOut {
        occupancy,
        occupancy_valid: bo.finish(),
        band,
        band_valid: bb.finish(),
        by_date,
    }
}

/// (d′) A hand loop with the columnar core's inputs and exact outputs: over the borrowed
/// columns and validity words, one fused pass per date run writing the same values,
/// validity bits and per-date `u64` sums (no overflow detection: the panel's counts are
/// small; a valid capacity of 0 is not looked for: the panel has none).
pub fn hand_columnar(c: &Columns) -> ColumnarOut {
    let n = c.pop.len();
    let mut occupancy = vec![0.0; n];
    let mut band = vec![0u8; n];
    let mut words = vec![0u64; n.div_ceil(64)];
    let valid_in = c.valid.as_ref().map(Validity::words);
    let mut by_date = Vec::new();
    for (d, s, e) in date_runs(c.date) {
        let (mut facilities, mut over, mut pop, mut cap, mut people, mut surplus) =
            (0u64, 0u64, 0u64, 0u64, 0u64, 0u64);
        for i in s..e {
            let bit = valid_in.map_or(1, |w| (w[i / 64] >> (i % 64)) & 1);
            let (p, q) = (c.pop[i], c.cap[i]);
            let ok = bit == 1 && q != 0;
            occupancy[i] = if ok { p as f64 / q as f64 } else { 0.0 };
            band[i] = if ok {
                u8::from(5 * p >= 6 * q) + u8::from(p > q)
            } else {
                0
            };
            words[i / 64] |= u64::from(ok) << (i % 64);
            // Branch-free sums: an invalid row adds zeros.
            let mask = 0u64.wrapping_sub(bit);
            let (p, q) = (p & mask, q & mask);
            let o = u64::from(p > q);
            facilities += bit;
            pop += p;
            cap += q;
            over += o;
            people += p & 0u64.wrapping_sub(o);
            surplus += p.saturating_sub(q);
        }
        if facilities > 0 {
            by_date.push((
                d,
                SystemOccupancy {
                    ratio: overcrowding::Ratio::new(pop, cap).expect("capacity > 0"),
                    facilities: facilities as usize,
                    overcrowded_facilities: over as usize,
                    people_in_overcrowded: people.into(),
                    surplus: surplus.into(),
                    population: pop.into(),
                    capacity: cap.into(),
                },
            ));
        }
    }
    let valid = Validity::from_words(words, n).expect("n rows");
    ColumnarOut {
        occupancy,
        occupancy_valid: valid.clone(),
        band,
        band_valid: valid,
        by_date,
    }
}

/// Checks of the columnar outputs.
pub fn columnar_checks(out: &ColumnarOut) -> Checks {
    let valid = |v: &Validity, i: usize| v.is_valid(i);
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
        critical_rows: (0..out.band.len())
            .filter(|&i| valid(&out.band_valid, i) && out.band[i] == 2)
            .count() as u64,
        occupancy_sum: (0..out.occupancy.len())
            .filter(|&i| valid(&out.occupancy_valid, i))
            .map(|i| out.occupancy[i])
            .sum(),
        system_occupancy_sum: out.by_date.iter().map(|(_, s)| s.ratio.value()).sum(),
    }
}

/// True when two columnar outputs are identical bit for bit (values where valid, validity,
/// per-date sums).
pub fn columnar_identical(a: &ColumnarOut, b: &ColumnarOut) -> bool {
    a.occupancy_valid == b.occupancy_valid
        && a.band_valid == b.band_valid
        && (0..a.occupancy.len()).all(|i| {
            !a.occupancy_valid.is_valid(i) || a.occupancy[i].to_bits() == b.occupancy[i].to_bits()
        })
        && (0..a.band.len()).all(|i| !a.band_valid.is_valid(i) || a.band[i] == b.band[i])
        && a.by_date == b.by_date
}
