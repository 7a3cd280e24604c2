//! [`Rate`]: a count per a fixed number of a reference population.

use crate::ErrorKind;
use serde::{Deserialize, Serialize};

use super::Ratio;
use crate::error::{Error, Result};

/// A rate: a count per `per` people of a reference population (e.g. per 100,000 of the
/// national population).
///
/// ```
/// let r = overcrowding::rate_per_100k(39_000, 17_000_000).unwrap();
/// assert_eq!(r.rounded(0), 229.0);
/// assert_eq!(r.per(), 100_000);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawRate")]
pub struct Rate {
    ratio: Ratio,
    per: u64,
}

/// The serialised form of a [`Rate`], checked by [`Rate::new`] when read back.
#[derive(Deserialize)]
struct RawRate {
    ratio: Ratio,
    per: u64,
}

impl TryFrom<RawRate> for Rate {
    type Error = Error;
    fn try_from(r: RawRate) -> Result<Self> {
        Rate::new(r.ratio, r.per)
    }
}

impl Rate {
    /// A rate of `ratio` per `per` (e.g. per 100,000).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::ZeroDenominator`](crate::ErrorKind::ZeroDenominator) when `per` is 0; [`ErrorKind::Overflow`](crate::ErrorKind::Overflow) when `count × per`
    /// or `reference × 100` does not fit a `u128` (then [`rounded`](Self::rounded) could not
    /// be exact; counts from `u64` always fit).
    ///
    /// ```
    /// use overcrowding::{Rate, Ratio};
    /// let r = Rate::new(Ratio::new(39_000u64, 17_000_000u64)?, 100_000)?;
    /// assert_eq!(r.rounded(0), 229.0);
    /// assert!(Rate::new(Ratio::new(1u64, 2u64)?, 0).is_err());
    /// assert!(Rate::new(Ratio::new(u128::MAX, 1u64)?, 100_000).is_err());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn new(ratio: Ratio, per: u64) -> Result<Rate> {
        if per == 0 {
            return Err(Error::from(ErrorKind::ZeroDenominator {
                what: "rate base (per)",
            }));
        }
        let fits = ratio.numerator().checked_mul(u128::from(per)).is_some()
            && ratio.denominator().checked_mul(100).is_some();
        if !fits {
            return Err(Error::from(ErrorKind::Overflow {
                what: "rate (count × per or reference × 100)",
            }));
        }
        Ok(Rate { ratio, per })
    }

    /// The rate as a number (count per `per`).
    ///
    /// ```
    /// approx::assert_relative_eq!(overcrowding::rate_per_100k(1, 200_000).unwrap().value(), 0.5);
    /// ```
    pub fn value(&self) -> f64 {
        self.ratio.value() * self.per as f64
    }

    /// The rate rounded once from the exact counts, half away from zero.
    ///
    /// ```
    /// assert_eq!(overcrowding::rate_per_100k(1, 800_000).unwrap().rounded(1), 0.1); // 0.125
    /// ```
    pub fn rounded(&self, decimals: u32) -> f64 {
        // per × count / base, rounded: reuse the percent rounding on count × per / 100. Both
        // products fit a u128 (checked by `new`, also on deserialisation), and the
        // denominator is ≥ 100.
        let n = self.ratio.numerator().saturating_mul(u128::from(self.per));
        let d = self.ratio.denominator().saturating_mul(100);
        Ratio::of_nonzero(
            n,
            std::num::NonZeroU128::new(d).unwrap_or(std::num::NonZeroU128::MIN),
        )
        .percent_rounded(decimals)
    }

    /// The reference size: 100,000 for a rate per 100,000.
    ///
    /// ```
    /// assert_eq!(overcrowding::metrics::rate_per(3, 1_000, 1_000).unwrap().per(), 1_000);
    /// ```
    pub fn per(&self) -> u64 {
        self.per
    }
}
