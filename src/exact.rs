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

/// A count with thousands separators, as tables print it: 12345 → `"12,345"`. The one place
/// the crate writes them (charts, the screen, the command line).
///
/// ```
/// assert_eq!(overcrowding::exact::thousands(85_618), "85,618");
/// assert_eq!(overcrowding::exact::thousands(999), "999");
/// assert_eq!(overcrowding::exact::thousands(u128::MAX).len(), 51);
/// ```
pub fn thousands(n: u128) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}
