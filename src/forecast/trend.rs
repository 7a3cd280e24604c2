//! A log-linear trend fitted to a yearly or a monthly series, with Monte Carlo prediction
//! intervals and the first future year (or month) a capacity is crossed.
//!
//! # Model
//!
//! `ln N(y) = a + b·(y − ȳ) + ε`, fitted by ordinary least squares on the observed years of
//! a chosen window. Why log-linear: prison populations grow (or shrink) by a share of their
//! size, so compound growth is the natural null model (`e^b − 1` is the annual growth rate);
//! on the log scale the spread of the residuals does not grow with the level, and projected
//! values stay positive. Gaps between observed years are fine (least squares uses the years
//! present). The window matters: for Cambodia the 1972 figure precedes the Khmer Rouge period
//! and a 22-year gap, a different penal system, so the Cambodian examples fit 1994–2021.
//!
//! Time is measured in years either way: a yearly fit ([`TrendFit::log_linear`]) uses the
//! year, a monthly fit ([`TrendFit::log_linear_monthly`]) the fractional year
//! `year + (month − 1)/12` ([`YearMonth::fractional_year`]), so `b` is always per year and
//! [`TrendFit::annual_growth`] means the same thing; the least squares code is shared.
//!
//! # Intervals
//!
//! [`TrendFit::simulate`] draws `paths` futures with a seeded [`StdRng`]
//! (`StdRng::seed_from_u64`: the same seed gives the same paths with this version of
//! `rand`). Each path draws its own trend parameters (parameter uncertainty) and then one
//! error per projected year (the scatter of single years about the trend):
//!
//! - [`ErrorModel::Normal`]: `(a, b)` from their sampling distribution,
//!   `a ~ N(â, s²/n)`, `b ~ N(b̂, s²/Sxx)` (independent because years are centred), and
//!   `ε ~ N(0, s²)` with `s² = RSS / (n − 2)`.
//! - [`ErrorModel::Bootstrap`]: a residual bootstrap: `(a, b)` refitted to the fitted values
//!   plus residuals resampled with replacement, and each year's `ε` resampled from the
//!   residuals (scaled by `√(n / (n − 2))` so their variance matches `s²`).
//!
//! [`TrendFit::simulate_months`] does the same month by month (one error per projected month).
//!
//! # Crossings
//!
//! Only the future counts, as in [`Forecast::crossing`](crate::forecast::Forecast::crossing):
//! the answer is a [`Crossing`]. When the last observation is already on the asked [`Side`]
//! of the level it is [`Crossing::AtOrigin`] (never a year in the past, never "next
//! period"); otherwise the first projected period on that side, with its direction, or
//! [`Crossing::NotWithin`] the horizon. "Above" is strictly above (more people than places).
//! [`TrendFit::crossing_in_years`] and [`TrendFit::crossing_in_months`] ask the trend line;
//! [`TrendProjection::crossing`] asks the simulated paths.
//!
//! Year errors are independent: the model does not carry a bad year into the next one, so the
//! band reflects the trend's uncertainty and single-year scatter, not a random walk. Quantiles
//! of values use linear interpolation between order statistics (type 7); quantiles of crossing
//! years use the nearest rank, with paths that never cross within the horizon counted as
//! "after the horizon".
//!
//! # Parts
//!
//! | file | job | items |
//! |---|---|---|
//! | `fit.rs` | the log-linear fit and the crossings of its trend line | [`TrendFit`] |
//! | `monte_carlo.rs` | the seeded simulation of futures | [`MonteCarlo`], [`ErrorModel`], [`TrendFit::simulate`], [`TrendFit::simulate_months`], [`MAX_SIMULATED_VALUES`] |
//! | `paths.rs` | the simulated paths: quantiles and crossing intervals | [`TrendProjection`], [`CrossingInterval`] |
//!
//! [`YearMonth::fractional_year`]: crate::series::YearMonth::fractional_year
//! [`StdRng`]: rand::rngs::StdRng
//! [`Crossing`]: crate::forecast::Crossing
//! [`Crossing::AtOrigin`]: crate::forecast::Crossing::AtOrigin
//! [`Crossing::NotWithin`]: crate::forecast::Crossing::NotWithin
//! [`Side`]: crate::forecast::Side

mod fit;
mod monte_carlo;
mod paths;

pub use fit::TrendFit;
pub use monte_carlo::{ErrorModel, MAX_SIMULATED_VALUES, MonteCarlo};
pub use paths::{CrossingInterval, TrendProjection};
