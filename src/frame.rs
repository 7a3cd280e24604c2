//! The polars layer: column names, `Expr` builders for every metric of the core, a
//! `LazyFrame` extension trait, the [`Panel`](crate::Panel) as a frame and back column by
//! column ([`panel_to_frame`], [`frame_to_panel`]; the facility table's long layout with
//! [`facility_table_frame`], [`facility_table_from_frame`]), and the
//! three published tables (BJS Table 21, the HMPPS bulletin, CDCR TPOP-1) as frames
//! ([`bjs_table21_frame`], [`hmpps_frame`], [`cdcr_frame`]).
//!
//! # Semantics
//!
//! - Builders are native polars arithmetic (no per-row closures), so they run vectorised and
//!   in the streaming engine; [`native`] has the same metrics as kernels over the columnar
//!   core (faster, see below). They return **null, never NaN or infinity**, where a denominator
//!   is zero, negative or missing, or a count is missing or negative.
//! - Callers choose output names: every builder returns an unnamed expression (polars names it
//!   after its left-most input column); add `.alias("...")`. The extension trait takes the
//!   output name as an argument.
//! - Exactness: [`occupancy_percent_rounded`] rounds once from the integer counts, half away
//!   from zero, in unsigned 64-bit integer arithmetic (exact while population × 100 ×
//!   10^decimals × 2 < 2⁶⁴, i.e. populations below 9 × 10¹⁵ at one decimal);
//!   [`above_threshold`] and [`band_level`] compare `population × d` with `n × capacity` for
//!   a threshold `n / d`, exactly (the same bound).
//!
//! # Speed: what to set (issue 12)
//!
//! Measured on a 10 M-row panel against the Python polars wheel (`benches/compare/run.sh`,
//! the tables in `benches/README.md`): the wheel ships with what a Rust build lacks by
//! default. To get the frame path's speed:
//!
//! - **Collect with the streaming engine**: `lf.collect_with_engine(Engine::Streaming)`.
//!   Python polars ≥ 2 collects on it by default; Rust's `collect()` runs the in-memory
//!   engine, which materialises every intermediate column.
//! - **The native kernels** of [`native`] for the row metrics (band level, exact rounded
//!   percent, occupancy): one pass over the `u64` values and validity words. A stable build
//!   of polars (without its nightly-only `simd` feature, which the wheel has) builds the mask
//!   of every comparison bit by bit, and the expression forms compare once per threshold.
//!   [`OvercrowdingFrameExt::system_summary`] sums native per-row terms for the same reason.
//! - **A global allocator** in your binary (mimalloc; the wheel uses jemalloc): glibc malloc
//!   returns each large freed column to the kernel, so the next query faults it in again
//!   (reads 1.6–2.3× slower, the in-memory path 1.4–1.9×). A library cannot set it for you.
//!   With mimalloc, `MIMALLOC_ARENA_EAGER_COMMIT=0` keeps the peak memory of a read at
//!   glibc's level.
//! - A release build. polars' `performant` feature (this crate's `performant` enables it)
//!   adds common-subexpression elimination; it did not speed up this workload.
//!
//! ```
//! use overcrowding::frame::{self, columns::*};
//! use polars::prelude::*;
//!
//! let df = df!(FACILITY_ID => ["A", "B", "C"],
//!              POPULATION => [Some(8_521u64), Some(4_361), Some(10)],
//!              CAPACITY => [Some(10_360u64), Some(2_800), None])?;
//! let out = df.lazy()
//!     .with_column(frame::occupancy_percent_rounded(col(POPULATION), col(CAPACITY), 1).alias("pct"))
//!     .collect()?;
//! let pct = out.column("pct")?.f64()?;
//! assert_eq!(pct.get(0), Some(82.2));
//! assert_eq!(pct.get(1), Some(155.8));
//! assert_eq!(pct.get(2), None); // missing capacity: null, not a default
//! # Ok::<(), PolarsError>(())
//! ```

use polars::prelude::*;

use crate::metrics::{Percent, PretrialDefinition, Standard};

mod convert;
mod files;
pub mod native;
mod panel;
mod published;
mod summary;
pub mod values;

pub use convert::{
    facilities_to_frame, facility_table_frame, facility_table_from_frame, frame_to_facilities,
};
pub use files::{
    read_facility_table_json, read_facility_table_parquet, write_facility_table_json,
    write_facility_table_parquet,
};
pub use panel::{CAPACITY_PREFIX, LISTED_PREFIX, frame_to_panel, panel_to_frame};
pub use published::{bjs_table21_frame, cdcr_frame, hmpps_frame};
pub use summary::OvercrowdingFrameExt;

/// Column names of the crate's facility table (design.md), used by the readers, the
/// conversions and the defaults of the extension trait.
pub mod columns {
    /// Facility identifier (text, required).
    pub const FACILITY_ID: &str = "facility_id";
    /// Facility name (text).
    pub const NAME: &str = "name";
    /// As-of date (`Date`, required).
    pub const DATE: &str = "date";
    /// Capacity kind (`design`, `rated`, …, or a custom name).
    pub const CAPACITY_KIND: &str = "capacity_kind";
    /// Capacity (integer ≥ 1; null when not reported).
    pub const CAPACITY: &str = "capacity";
    /// Population (integer ≥ 0, required).
    pub const POPULATION: &str = "population";
    /// Untried people.
    pub const UNTRIED: &str = "untried";
    /// Convicted, awaiting sentence.
    pub const CONVICTED_UNSENTENCED: &str = "convicted_unsentenced";
    /// Sentenced at first instance, awaiting a final judgement on appeal.
    pub const UNDER_APPEAL: &str = "under_appeal";
    /// Definitively sentenced.
    pub const SENTENCED: &str = "sentenced";
    /// Jurisdiction (text).
    pub const JURISDICTION: &str = "jurisdiction";
}

/// A null of type Float64.
fn null_f64() -> Expr {
    lit(NULL).cast(DataType::Float64)
}

/// Counts as unsigned 64-bit integers: negative or non-integral values become null (a
/// non-strict cast), so they can never enter a ratio.
fn count(e: Expr) -> Expr {
    e.cast(DataType::UInt64)
}

/// True where `e` is a usable denominator: present and > 0; false (never null) otherwise, so
/// that negations and conjunctions stay two-valued.
fn positive(e: Expr) -> Expr {
    count(e).gt(lit(0u64)).fill_null(lit(false))
}

/// `numerator ÷ denominator` as Float64, null where the denominator is null or ≤ 0 or the
/// numerator is null or negative.
///
/// ```
/// use polars::prelude::*;
/// let df = df!("p" => [3i64, -1, 4], "c" => [4i64, 4, 0])?;
/// let out = df.lazy().select([overcrowding::frame::ratio(col("p"), col("c")).alias("r")]).collect()?;
/// let r = out.column("r")?.f64()?;
/// assert_eq!((r.get(0), r.get(1), r.get(2)), (Some(0.75), None, None));
/// # Ok::<(), PolarsError>(())
/// ```
pub fn ratio(numerator: Expr, denominator: Expr) -> Expr {
    when(positive(denominator.clone()))
        .then(count(numerator).cast(DataType::Float64) / count(denominator).cast(DataType::Float64))
        .otherwise(null_f64())
}

/// Occupancy = population ÷ capacity (a ratio: 1.444 for 144.4 %), null where either is
/// missing or the capacity is 0.
///
/// ```
/// use polars::prelude::*;
/// let df = df!("population" => [39_000u64], "capacity" => [27_000u64])?;
/// let out = df.lazy().select([overcrowding::frame::occupancy(col("population"), col("capacity"))]).collect()?;
/// assert!((out.column("population")?.f64()?.get(0).unwrap() - 1.4444).abs() < 1e-4);
/// # Ok::<(), PolarsError>(())
/// ```
pub fn occupancy(population: Expr, capacity: Expr) -> Expr {
    ratio(population, capacity)
}

/// Occupancy in percent, rounded once from the integer counts, half away from zero, to
/// `decimals` places (≤ 6) — the figure a table prints (BJS Kansas 8,521 / 10,360 → 82.2).
///
/// ```
/// use polars::prelude::*;
/// let df = df!("p" => [1u64, 1], "c" => [8u64, 16])?;
/// let out = df.lazy().select([overcrowding::frame::occupancy_percent_rounded(col("p"), col("c"), 1).alias("x")]).collect()?;
/// let x = out.column("x")?.f64()?;
/// assert_eq!((x.get(0), x.get(1)), (Some(12.5), Some(6.3)));
/// # Ok::<(), PolarsError>(())
/// ```
pub fn occupancy_percent_rounded(population: Expr, capacity: Expr, decimals: u32) -> Expr {
    let decimals = decimals.min(6);
    let scale = 10u64.pow(decimals);
    let cap = count(capacity);
    // round_half_up(a / b) = floor((2a + b) / (2b)) for a, b ≥ 0.
    let a2 = count(population) * lit(200 * scale);
    let rounded = (a2 + cap.clone()).floor_div(cap.clone() * lit(2u64));
    when(cap.gt(lit(0u64)))
        // polars may turn `/ lit(10)` into `* 0.1`; its `round` divides, which gives the f64
        // nearest to the decimal (the integer part is already exact, so this only re-snaps).
        .then(
            (rounded.cast(DataType::Float64) / lit(scale as f64))
                .round(decimals, RoundMode::HalfAwayFromZero),
        )
        .otherwise(null_f64())
}

/// Surplus = max(0, population − capacity): the people above capacity. Null where either is
/// missing.
///
/// ```
/// use polars::prelude::*;
/// let df = df!("p" => [120u64, 80], "c" => [100u64, 100])?;
/// let out = df.lazy().select([overcrowding::frame::surplus(col("p"), col("c")).alias("s")]).collect()?;
/// assert_eq!(out.column("s")?.u64()?.get(0), Some(20));
/// assert_eq!(out.column("s")?.u64()?.get(1), Some(0));
/// # Ok::<(), PolarsError>(())
/// ```
pub fn surplus(population: Expr, capacity: Expr) -> Expr {
    let (p, c) = (count(population), count(capacity));
    when(p.clone().gt(c.clone()))
        .then(p.clone() - c.clone())
        .when(p.is_not_null().and(c.is_not_null()))
        .then(lit(0u64))
        .otherwise(lit(NULL).cast(DataType::UInt64))
}

/// `population ÷ capacity` against a threshold, exactly, without the null guard.
fn threshold_comparison(p: Expr, c: Expr, threshold: Percent, inclusive: bool) -> Expr {
    let (n, d) = threshold.as_fraction_of_one();
    // Thresholds come from f64 percentages: n and d fit in u64 for every practical value;
    // otherwise fall back to the float comparison, documented as inexact.
    let (lhs, rhs) = match (u64::try_from(n), u64::try_from(d)) {
        (Ok(n), Ok(d)) => (p * lit(d), c * lit(n)),
        _ => (
            p.cast(DataType::Float64) * lit(100.0),
            c.cast(DataType::Float64) * lit(threshold.value()),
        ),
    };
    if inclusive {
        lhs.gt_eq(rhs)
    } else {
        lhs.gt(rhs)
    }
}

/// True where population ÷ capacity is above `threshold` (or at it, when `inclusive`),
/// decided exactly in integers; null where either count is missing or capacity is 0.
///
/// ```
/// use overcrowding::Percent;
/// use polars::prelude::*;
/// let df = df!("p" => [1_375u64, 1_376], "c" => [1_000u64, 1_000])?;
/// let plata = Percent::new(137.5).unwrap();
/// let out = df.lazy().select([overcrowding::frame::above_threshold(col("p"), col("c"), plata, false).alias("x")]).collect()?;
/// let x = out.column("x")?.bool()?;
/// assert_eq!((x.get(0), x.get(1)), (Some(false), Some(true)));
/// # Ok::<(), PolarsError>(())
/// ```
pub fn above_threshold(
    population: Expr,
    capacity: Expr,
    threshold: Percent,
    inclusive: bool,
) -> Expr {
    let (p, c) = (count(population), count(capacity));
    let cmp = threshold_comparison(p, c.clone(), threshold, inclusive);
    when(c.gt(lit(0u64)))
        .then(cmp)
        .otherwise(lit(NULL).cast(DataType::Boolean))
}

/// The band level of a [`Standard`]: 0 below the first threshold, `i + 1` for the highest
/// threshold `i` reached (UInt32); null where either count is missing or capacity is 0.
///
/// ```
/// use overcrowding::Standard;
/// use polars::prelude::*;
/// let df = df!("p" => [90u64, 103, 110], "c" => [100u64, 100, 100])?;
/// let out = df.lazy().select([overcrowding::frame::band_level(col("p"), col("c"), &Standard::space_i()).alias("b")]).collect()?;
/// let b = out.column("b")?.u32()?;
/// assert_eq!((b.get(0), b.get(1), b.get(2)), (Some(0), Some(1), Some(2)));
/// # Ok::<(), PolarsError>(())
/// ```
pub fn band_level(population: Expr, capacity: Expr, standard: &Standard) -> Expr {
    // Thresholds are increasing (checked by `Standard::new`), so a value reaching threshold i
    // reaches every lower one: the level is the number of thresholds reached — a sum of
    // booleans, cheaper than nested `when` chains.
    let (p, c) = (count(population), count(capacity));
    let level = standard
        .thresholds()
        .iter()
        .map(|t| {
            threshold_comparison(p.clone(), c.clone(), t.percent(), t.is_inclusive())
                .cast(DataType::UInt32)
        })
        .reduce(|a, b| a + b)
        .unwrap_or_else(|| lit(0u32));
    when(c.gt(lit(0u64)).and(p.is_not_null()))
        .then(level)
        .otherwise(lit(NULL).cast(DataType::UInt32))
}

/// The band label of a [`Standard`] (String); null where the band is.
///
/// ```
/// use overcrowding::Standard;
/// use polars::prelude::*;
/// let df = df!("p" => [39_000u64], "c" => [27_000u64])?;
/// let out = df.lazy().select([overcrowding::frame::band_label(col("p"), col("c"), &Standard::critical()).alias("b")]).collect()?;
/// assert_eq!(out.column("b")?.str()?.get(0), Some("critical overcrowding"));
/// # Ok::<(), PolarsError>(())
/// ```
pub fn band_label(population: Expr, capacity: Expr, standard: &Standard) -> Expr {
    let level = band_level(population, capacity, standard);
    let labels = standard.labels();
    let mut expr = lit(NULL).cast(DataType::String);
    for (i, label) in labels.iter().enumerate().rev() {
        expr = when(level.clone().eq(lit(i as u32)))
            .then(lit(label.to_string()))
            .otherwise(expr);
    }
    expr
}

/// Pretrial share under a named definition, from the standard legal-status columns
/// (`untried`, `convicted_unsentenced`, `under_appeal`, `sentenced`) and `population`.
/// As in [`crate::metrics::pretrial_count`]: the components when present, otherwise the complement of
/// the sentenced counts; null when neither is available or the population is 0.
///
/// ```
/// use overcrowding::PretrialDefinition;
/// use polars::prelude::*;
/// let df = df!("population" => [100u64], "untried" => [35u64], "convicted_unsentenced" => [0u64],
///              "under_appeal" => [34u64], "sentenced" => [31u64])?;
/// let out = df.lazy().select([
///     overcrowding::frame::pretrial_share(PretrialDefinition::Broad).alias("broad"),
///     overcrowding::frame::pretrial_share(PretrialDefinition::Narrow).alias("narrow"),
/// ]).collect()?;
/// assert_eq!(out.column("broad")?.f64()?.get(0), Some(0.69));
/// assert_eq!(out.column("narrow")?.f64()?.get(0), Some(0.35));
/// # Ok::<(), PolarsError>(())
/// ```
pub fn pretrial_share(definition: PretrialDefinition) -> Expr {
    use columns::*;
    let (u, cu, ua, s, total) = (
        count(col(UNTRIED)),
        count(col(CONVICTED_UNSENTENCED)),
        count(col(UNDER_APPEAL)),
        count(col(SENTENCED)),
        count(col(POPULATION)),
    );
    let (direct, not_pretrial) = match definition {
        PretrialDefinition::Broad => (u + cu + ua, s),
        PretrialDefinition::Narrow => (u + cu, s + ua),
    };
    // A null component makes `direct` null; the complement is taken only when it cannot go
    // below zero (unsigned arithmetic would wrap on inconsistent input).
    let pretrial = when(direct.clone().is_not_null())
        .then(direct)
        .when(not_pretrial.clone().lt_eq(total.clone()))
        .then(total.clone() - not_pretrial)
        .otherwise(lit(NULL).cast(DataType::UInt64));
    when(pretrial.clone().lt_eq(total.clone()))
        .then(ratio(pretrial, total))
        .otherwise(null_f64())
}

/// A rate per 100,000 of a reference population (Float64); null where the reference is
/// missing or 0.
///
/// ```
/// use polars::prelude::*;
/// let df = df!("held" => [39_000u64], "national" => [17_000_000u64])?;
/// let out = df.lazy().select([overcrowding::frame::rate_per_100k(col("held"), col("national")).alias("r")]).collect()?;
/// assert_eq!(out.column("r")?.f64()?.get(0).unwrap().round(), 229.0);
/// # Ok::<(), PolarsError>(())
/// ```
pub fn rate_per_100k(count: Expr, reference: Expr) -> Expr {
    ratio(count, reference) * lit(100_000.0)
}
