//! The 0.2 path of the default forecast, kept so code written against it still compiles.
//!
//! 0.3 split `projection` into two rooms: [`crate::forecast`] (a series in, a forecast out)
//! and [`crate::flow`] (people: stays, stock, cohorts, Little's law, targets). The four
//! stable names of the 0.2 entry point are re-exported here; use them from
//! [`crate::forecast`] in new code. Everything else that lived here moved (CHANGELOG.md,
//! 0.3.0, lists each old → new path).
//!
//! ```
//! use overcrowding::projection::{Forecast, Frequency, RegularSeries, forecast};
//! let s = RegularSeries::new(Frequency::Yearly, (0..10).map(|i| 100.0 + i as f64).collect())?;
//! let f: Forecast = forecast(&s, 3)?;
//! assert_eq!(f.mean().len(), 3);
//! # Ok::<(), overcrowding::Error>(())
//! ```

/// A forecast — now [`crate::forecast::Forecast`].
#[doc(inline)]
pub use crate::forecast::Forecast;
/// The frequency of a series — now [`crate::forecast::Frequency`].
#[doc(inline)]
pub use crate::forecast::Frequency;
/// A regular series — now [`crate::forecast::RegularSeries`].
#[doc(inline)]
pub use crate::forecast::RegularSeries;
/// The default forecast — now [`crate::forecast::forecast`].
#[doc(inline)]
pub use crate::forecast::forecast;
