//! # overcrowding
//!
//! Prison-overcrowding analytics: facilities, their capacities and populations, occupancy and
//! pretrial shares, computed exactly from the counts and against a capacity kind you name.
//!
//! ## Quick example: Cambodia, June 2021
//!
//! ```
//! use overcrowding::{occupancy, releases_needed, pretrial_share, Standard};
//!
//! let occ = occupancy(39_000, 27_000)?;                      // held ÷ design capacity
//! assert_eq!(occ.percent_rounded(1), 144.4);
//! assert_eq!(Standard::critical().classify(&occ).label(), "critical overcrowding");
//! assert_eq!(releases_needed(39_000, 27_000, 100.0)?, 12_000);
//! assert_eq!(releases_needed(39_000, 27_000, 120.0)?, 6_600);
//! assert_eq!(pretrial_share(13_650, 39_000)?.percent_rounded(0), 35.0); // "more than 35 %"
//! # Ok::<(), overcrowding::Error>(())
//! ```
//!
//! ## The map
//!
//! The layers, bottom to top; a module imports only from layers below it (a test in
//! `tests/it/layers.rs` checks this on the source):
//!
//! | layer | module | what it holds |
//! |---|---|---|
//! | exact numbers | [`exact`] | [`Ratio`] (an exact quotient of two counts), [`Percent`] (a decimal percentage compared exactly), [`Rate`], [`exact::Rounding`] (the publisher's rule for a tie), [`exact::thousands`] |
//! | errors | [`error`] | the one [`Error`]: a typed [`ErrorKind`] (the value problem or the violated constraint, with its bound), its [`Location`] (line or cell, column, facility, date) and its source |
//! | model | [`model`] | **[`Panel`]: the one facility table**, stored by column (one row per facility and date; counts with validity bitmaps, dictionary-encoded ids, names and groups; date slices and a facility index), read as [`Row`]s; [`Record`] (an owned row, to build small panels by hand), [`model::PanelBuilder`] (what readers fill), [`Facility`], [`Capacity`] + [`CapacityKind`], [`Population`] + [`LegalStatus`], [`StatusGroup`], [`SpaceStandard`] |
//! | metrics | [`metrics`] | pure functions on counts: [`occupancy`], [`occupancy_range`], [`pretrial_share`], [`pretrial_share_of`], [`rate_per_100k`], [`surplus`], [`releases_needed`], [`capacity_needed`]; bands as data ([`Standard`], [`Threshold`], [`Band`]) |
//! | system | [`system`] | facility → system: [`system_occupancy`]; [`system::summarize_panel`] (every date of a [`Panel`]), [`system::summarize_panel_groups`] (every date and group); pairwise-complete [`system::SystemSummary`] with threshold counts, distributions, the most overcrowded facilities and coverage; releases and places needed system-wide vs per facility ([`system::releases_needed_by_facility`]) |
//! | series | [`series`] | one series family keyed by year, quarter, month or day — fixed at compile time, or an [`series::AnyPeriod`] when the frequency is chosen at run time — (start, frequency, gaps named, the run since the last gap; dated counts totalled per period by [`series::Series::totals`]): growth, crossings, year on year, as-of alignment, stock-flow checks, a facility registry for renames and merges |
//! | screen | [`screen`] | a data-quality screen on a [`Panel`]: typed [`screen::Finding`]s (implausible occupancy, repeated or frozen values, partial reports, jumps, capacity bounces, sub-rows repeating their parent), a text table, explicit [`model::Exclusions`] for [`Panel::without`] |
//! | scenario | [`scenario`] | what-if: [`scenario::Scenario`] of changes (releases, pretrial backlog, places, closures, transfers, optimal rebalance) → before/after with bands crossed |
//! | forecast | [`forecast`] | a series in, a forecast out: the default forecast ([`forecast::forecast()`]: the last value combined with exponential-smoothing trends, chosen by backtest, with calibrated intervals), ETS, ARIMA, benchmarks ([`forecast::Forecaster`]), rolling-origin evaluation ([`forecast::Evaluation`]), crossings that never lie in the past, the log-linear trend with Monte Carlo intervals ([`forecast::trend`]), monthly backtests ([`forecast::backtest`]), forecasts of prisons and their system that add up ([`forecast::reconcile`]: bottom-up, MinT-shrink) |
//! | flow | [`flow`] | people: Little's law ([`flow::little_population`]), stay distributions, the cohort stock-flow model from today's stock ([`flow::Stock`], [`flow::CohortModel`]), person-level stays ([`flow::stays`]: daily population, Kaplan–Meier), projections and backtests from stays ([`flow::from_stays`]), targets from projections ([`flow::steady_state_target`]) |
//! | (0.2 path) | [`projection`] | the re-exported stable names `forecast`, `Forecast`, `Frequency`, `RegularSeries` only |
//! | data | [`datasets`] | the bundled real data, loaded by name ([`datasets::cambodia_panel`]; with `io`: BJS, HMPPS, CDCR) |
//! | edge | `io` (feature `io`) | readers: `TableReader` for your own CSV or spreadsheet (column mapping, missing-value tokens, number format, encodings, XLSX/XLS/ODS), the crate's facility table (strict / lenient, reject reports, writer), BJS Table 21, the HMPPS monthly bulletin, CDCR TPOP-1 — each with `to_panel()` |
//! | edge | `frame` (feature `polars`) | polars `Expr` builders for every metric, a `LazyFrame` extension, conversions, the facility table as Parquet / JSON |
//! | edge | `plot` (feature `plot`) | SVG/PNG charts with a bundled font |
//! | top | `cli` (feature `cli`) | the `overcrowding` command line as a library call (`cli::run`), which the binary and the Python package's console script both run: typed rows from library results, written as a table, CSV (csv) or JSON (serde_json), and the HTML report |
//!
//! ### From a file to a summary for every date
//!
//! One way: a reader fills a [`Panel`] (your own CSV or spreadsheet with `io::TableReader`,
//! feature `io`; a published format with its reader's `to_panel()`), and
//! [`system::summarize_panel`] gives the system summary of every date (by groups:
//! [`system::summarize_panel_groups`]).
//!
//! ```
//! # #[cfg(feature = "io")] {
//! use overcrowding::CapacityKind;
//! use overcrowding::io::TableReader;
//! use overcrowding::system::{SummaryOptions, summarize_panel};
//! let csv = "prison,month,held,places\nA,2024-11-30,120,100\nB,2024-11-30,80,100\n\
//!            A,2024-12-31,130,100\nB,2024-12-31,NA,100\n";
//! let read = TableReader::new()
//!     .id_column("prison").date_column("month").population_column("held")
//!     .capacity_column(CapacityKind::Design, "places")
//!     .read_bytes(csv.as_bytes(), "mine.csv")?;                       // file → panel
//! let dates = summarize_panel(read.panel(), &SummaryOptions::new(CapacityKind::Design))?;
//! assert_eq!(dates[0].summary.ratio()?.percent_rounded(1), 100.0);    // 200 / 200
//! assert_eq!(dates[1].summary.ratio()?.percent_rounded(1), 130.0);    // B not reported: left out
//! assert_eq!(dates[1].summary.coverage.covered, 1);
//! # }
//! # Ok::<(), overcrowding::Error>(())
//! ```
//!
//! The bundled bulletin the same way:
//!
//! ```
//! # #[cfg(feature = "io")] {
//! use overcrowding::CapacityKind;
//! use overcrowding::system::{SummaryOptions, summarize_panel};
//! let panel = overcrowding::datasets::hmpps_bulletin()?.to_panel()?;   // reader → panel
//! let months = summarize_panel(&panel, &SummaryOptions::new(CapacityKind::InUseCna))?;
//! let last = months.last().unwrap();
//! assert_eq!(last.date.to_string(), "2024-12-31");
//! assert_eq!(last.summary.ratio()?.percent_rounded(1), 107.8);          // 85,618 / 79,409
//! # }
//! # Ok::<(), overcrowding::Error>(())
//! ```
//!
//! ## Metric catalogue
//!
//! | metric | definition | function |
//! |---|---|---|
//! | occupancy | population ÷ capacity of a named kind | [`occupancy`], [`Row::occupancy`] |
//! | BJS percent of capacity | custody ÷ lowest and ÷ highest of rated, operational, design | [`occupancy_range`] |
//! | pretrial share, broad | not definitively sentenced ÷ total (World Prison Brief) | [`pretrial_share_of`] with [`PretrialDefinition::Broad`] |
//! | pretrial share, narrow | unsentenced ÷ total, appeals count as sentenced (SDG 16.3.2) | [`pretrial_share_of`] with [`PretrialDefinition::Narrow`] |
//! | rate | count per 100,000 of a reference population | [`rate_per_100k`], [`metrics::rate_per`] |
//! | surplus | max(0, population − capacity) | [`surplus`], [`SystemOccupancy::surplus`] |
//! | releases needed | smallest n with (pop − n) ÷ cap ≤ target | [`releases_needed`] |
//! | capacity needed | smallest c with pop ÷ c ≤ target | [`capacity_needed`] |
//! | bands | > 100 % overcrowded; SPACE I 101–105 moderate, > 105 severe; ≥ 120 % critical; 137.5 % *Brown v. Plata* | [`Standard`] |
//! | system occupancy | Σpopulation ÷ Σcapacity, never the mean of ratios | [`system_occupancy`], [`system::SystemSummary`] |
//! | releases, system vs per facility | `Σp − ⌊t·Σc⌋` vs `Σ max(0, p_i − ⌊t·c_i⌋)` | [`system::releases_needed_by_facility`] |
//! | steady state | `N = λ·W` (Little's law, steady state only) | [`flow::little_population`], [`flow::steady_state_target`] |
//! | facilities / people above a threshold | count and share of covered facilities, and of the people in them | [`system::ThresholdCount`] |
//! | occupancy distributions | min, quartiles, median, max; facility-weighted and population-weighted (the median prisoner), inverse empirical CDF | [`system::Distribution`] |
//! | coverage | facilities and population in the sums; the facilities left out and the number they lack | [`system::Coverage`] |
//! | change | absolute, percent, percentage points, year-on-year | [`series::CountChange`], [`series::Series::points_change`], [`series::Series::year_on_year`] |
//! | stock-flow discrepancy | closing − (opening + admissions − releases) | [`series::stock_flow_check`] |
//!
//! ## Exactness
//!
//! Published tables round once from the exact ratio: BJS Kansas 8,521 / 10,360 = 82.249 % is
//! printed 82.2, while rounding to two places first gives 82.25 → 82.3. [`Ratio`] keeps both
//! counts; [`Ratio::percent_rounded`] rounds half away from zero from the integers
//! ([`Ratio::percent_rounded_by`] takes the publisher's rule, [`exact::Rounding`]: half to even
//! for Italy's ministry, 140.5 % printed 140), and
//! thresholds and targets are decimal [`Percent`]s compared exactly.
//!
//! ## Features
//!
//! | feature | default | what it adds |
//! |---|---|---|
//! | `polars` | yes | the table layer: `frame` (polars expressions, summaries, conversions); implies `io` |
//! | `io` | via `polars` | the readers and writer in `io` and the bundled BJS / HMPPS / CDCR files (no polars needed) |
//! | `plot` | no | charts with plotters (pure Rust, bundled DejaVu Sans font: no system fontconfig) |
//! | `cli` | no | the command line (`cli`, the `overcrowding` binary): `io`, `plot`, clap and serde_json — not polars: `cargo install --path . --no-default-features --features cli` |
//!
//! `cargo build --no-default-features` builds the typed core alone, in seconds.
#![deny(missing_docs)]
#![forbid(unsafe_code)]

#[cfg(feature = "cli")]
pub mod cli;
pub mod datasets;
pub mod error;
pub mod exact;
pub mod flow;
pub mod forecast;
#[cfg(feature = "polars")]
pub mod frame;
#[cfg(feature = "io")]
pub mod io;
pub mod metrics;
pub mod model;
#[cfg(feature = "plot")]
pub mod plot;
pub mod projection;
pub mod scenario;
pub mod screen;
pub mod series;
pub mod system;

/// The README's Rust code blocks, compiled and run as doctests (its quick start reads a file,
/// so they need feature `io`).
#[cfg(all(doctest, feature = "io"))]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

pub use error::{Error, ErrorKind, Location, Result};
pub use exact::{Percent, Rate, Ratio};
pub use metrics::{
    Band, OccupancyRange, PretrialDefinition, Standard, Threshold, capacity_needed, occupancy,
    occupancy_range, pretrial_share, pretrial_share_of, rate_per_100k, releases_needed, surplus,
};
pub use model::{
    Capacity, CapacityKind, Facility, FacilityId, FacilityKind, LegalStatus, Panel, Population,
    Record, Row, Rows, SpaceStandard, StatusGroup,
};
pub use system::{SystemOccupancy, system_occupancy};
