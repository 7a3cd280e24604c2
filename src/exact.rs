//! Exact numbers, the bottom layer: [`Ratio`] (an exact quotient of two counts), [`Percent`]
//! (a decimal percentage compared exactly), [`Rate`] (a count per a reference population) and
//! [`Rounding`] (the publisher's rule for a tie: half away from zero or half to even).
//!
//! Nothing here knows about prisons: the model, the metrics and everything above them are
//! built on these types, and this module imports only the error type.
//!
//! ```
//! use overcrowding::exact::{Percent, Ratio};
//! let r = Ratio::new(8_521u64, 10_360u64)?;           // BJS Kansas: 82.249 %
//! assert_eq!(r.percent_rounded(1), 82.2);
//! assert_eq!(Percent::new(100.1)?.value(), 100.1);    // the decimal, not binary 100.0999…
//! # Ok::<(), overcrowding::Error>(())
//! ```

mod rate;
mod ratio;
mod rounding;

pub use rate::Rate;
pub use ratio::{Percent, Ratio};
pub(crate) use ratio::{cmp_fractions, decimal_parts, floor_percent_of, percent_rounded_u64};
pub use rounding::Rounding;
