//! [`CountUnit`]: the unit a panel's counts are stored in — whole people, or a decimal
//! fraction of a person for published averages read exactly (`7946.75` people is 794,675
//! hundredths).

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::ErrorKind;
use crate::error::{Constraint, Error, Result};

/// The most decimals a count unit has: `10^18` still fits a `u64` (`10^19` does not).
pub const MAX_DECIMALS: u32 = 18;

/// The unit of a panel's counts: `10^-decimals` people. Whole people (`decimals` 0) is the
/// default; a table read with `io::FractionalCounts::Exact` (feature `io`)
/// holds published averages (`7946.75`) as whole numbers of hundredths (794,675), so every
/// count column stays `u64` and every figure stays exact.
///
/// # Semantics
///
/// - Populations and capacities of one panel share its unit, so a ratio of two of them —
///   occupancy, the pretrial share, the system's Σ/Σ — is the same number whatever the unit:
///   794,675 hundredths in 700,000 hundredths of a place is 7946.75 / 7000.
/// - A count is shown in people with [`CountUnit::format`] (exact decimal text), never
///   through a float; [`CountUnit::whole_up`] gives whole people where a decision counts
///   them one by one (releases needed: 7946.75 people over 7000 places need 947 releases).
/// - An analysis that counts people one by one (the screen, forecasts, scenarios) either
///   divides by the unit or refuses a fractional panel with a typed error
///   ([`CountUnit::require_whole`]); nothing takes hundredths for people.
///
/// ```
/// use overcrowding::model::CountUnit;
/// let hundredths = CountUnit::new(2)?;
/// assert_eq!(hundredths.scale(), 100);
/// assert_eq!(hundredths.format(794_675u64), "7946.75");
/// assert_eq!(hundredths.whole_up(94_675), 947);
/// assert_eq!(hundredths.to_string(), "0.01");
/// assert_eq!(CountUnit::WHOLE.format(12u64), "12");
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(try_from = "u32", into = "u32")]
pub struct CountUnit {
    decimals: u32,
}

impl CountUnit {
    /// Whole people (the default).
    ///
    /// ```
    /// assert!(overcrowding::model::CountUnit::WHOLE.is_whole());
    /// ```
    pub const WHOLE: CountUnit = CountUnit { decimals: 0 };

    /// The unit `10^-decimals` people.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) when `decimals` is
    /// above [`MAX_DECIMALS`] (18).
    ///
    /// ```
    /// use overcrowding::model::CountUnit;
    /// assert_eq!(CountUnit::new(2)?.decimals(), 2);
    /// assert!(CountUnit::new(19).is_err());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn new(decimals: u32) -> Result<CountUnit> {
        if decimals > MAX_DECIMALS {
            return Err(Error::from(ErrorKind::InvalidParameter {
                parameter: "count unit decimals",
                value: decimals.to_string(),
                constraint: Constraint::AtMost {
                    max: f64::from(MAX_DECIMALS),
                },
            }));
        }
        Ok(CountUnit { decimals })
    }

    /// The decimals of a count: 0 for whole people, 2 for hundredths.
    ///
    /// ```
    /// assert_eq!(overcrowding::model::CountUnit::WHOLE.decimals(), 0);
    /// ```
    pub fn decimals(self) -> u32 {
        self.decimals
    }

    /// Whether counts are whole people.
    ///
    /// ```
    /// assert!(!overcrowding::model::CountUnit::new(1)?.is_whole());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn is_whole(self) -> bool {
        self.decimals == 0
    }

    /// Stored units per person: `10^decimals`.
    ///
    /// ```
    /// assert_eq!(overcrowding::model::CountUnit::new(3)?.scale(), 1000);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn scale(self) -> u64 {
        10u64.pow(self.decimals)
    }

    /// A stored count in people, as a float (for the float-based analyses: forecasts, charts).
    ///
    /// ```
    /// assert_eq!(overcrowding::model::CountUnit::new(2)?.to_f64(794_675), 7946.75);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn to_f64(self, count: u64) -> f64 {
        // Whole people and fraction apart, so a whole part below 2^53 loses nothing to the
        // division.
        let scale = self.scale();
        (count / scale) as f64 + (count % scale) as f64 / scale as f64
    }

    /// A stored count (or a sum of them) in people as exact decimal text, with the unit's
    /// decimals: `794675` hundredths is `7946.75`, `50` hundredths `0.50`.
    ///
    /// ```
    /// use overcrowding::model::CountUnit;
    /// assert_eq!(CountUnit::new(2)?.format(50u64), "0.50");
    /// assert_eq!(CountUnit::new(2)?.format(u128::from(u64::MAX) * 2), "368934881474191032.30");
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn format(self, count: impl Into<u128>) -> String {
        let count = count.into();
        if self.decimals == 0 {
            return count.to_string();
        }
        let scale = u128::from(self.scale());
        format!(
            "{}.{:0width$}",
            count / scale,
            count % scale,
            width = self.decimals as usize
        )
    }

    /// A stored count in whole people, rounded up (a part of a person is a person to find a
    /// place for): `94675` hundredths is 947.
    ///
    /// ```
    /// assert_eq!(overcrowding::model::CountUnit::new(2)?.whole_up(94_601), 947);
    /// assert_eq!(overcrowding::model::CountUnit::new(2)?.whole_up(94_600), 946);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn whole_up(self, count: u64) -> u64 {
        count.div_ceil(self.scale())
    }

    /// `count` of this unit in the finer unit `to` (`None` when it overflows a `u64` or `to`
    /// is coarser).
    ///
    /// ```
    /// use overcrowding::model::CountUnit;
    /// assert_eq!(CountUnit::WHOLE.rescale(12, CountUnit::new(2)?), Some(1200));
    /// assert_eq!(CountUnit::WHOLE.rescale(u64::MAX, CountUnit::new(1)?), None);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn rescale(self, count: u64, to: CountUnit) -> Option<u64> {
        let extra = to.decimals.checked_sub(self.decimals)?;
        count.checked_mul(10u64.pow(extra))
    }

    /// `Ok` for whole people; for a finer unit the error an analysis that counts people one
    /// by one gives instead of taking fractions of a person for people.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) with
    /// [`Constraint::WholeCounts`] when the unit is not whole people; `what` names the input
    /// (`"screened panel's count unit"`).
    ///
    /// ```
    /// use overcrowding::model::CountUnit;
    /// let what = "screened panel's count unit";
    /// assert!(CountUnit::WHOLE.require_whole(what).is_ok());
    /// let e = CountUnit::new(2)?.require_whole(what).unwrap_err();
    /// assert!(e.to_string().starts_with("screened panel's count unit 0.01 must be whole people"));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn require_whole(self, what: &'static str) -> Result<()> {
        if self.is_whole() {
            return Ok(());
        }
        Err(Error::from(ErrorKind::InvalidParameter {
            parameter: what,
            value: self.to_string(),
            constraint: Constraint::WholeCounts,
        }))
    }
}

impl TryFrom<u32> for CountUnit {
    type Error = Error;
    /// The unit of `decimals` decimals, as [`CountUnit::new`].
    fn try_from(decimals: u32) -> Result<CountUnit> {
        CountUnit::new(decimals)
    }
}

impl From<CountUnit> for u32 {
    /// The unit's decimals.
    fn from(unit: CountUnit) -> u32 {
        unit.decimals
    }
}

impl fmt::Display for CountUnit {
    /// The unit in people: `1`, `0.01`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.format(1u64))
    }
}

/// The most decimals, up to `max`, that every value of `values` ends in zeros of: the unit
/// can be that much coarser and every count stays exact.
pub(crate) fn common_zeros(values: &[u64], max: u32) -> u32 {
    let mut k = max;
    for &v in values {
        while k > 0 && !v.is_multiple_of(10u64.pow(k)) {
            k -= 1;
        }
        if k == 0 {
            break;
        }
    }
    k
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_zeros_is_the_coarsest_exact_unit() {
        assert_eq!(common_zeros(&[1200, 300, 0], 2), 2);
        assert_eq!(common_zeros(&[1200, 310], 2), 1);
        assert_eq!(common_zeros(&[1200, 310], 0), 0);
        assert_eq!(common_zeros(&[], 3), 3);
    }

    #[test]
    fn to_f64_is_the_decimal() {
        let u = CountUnit::new(2).unwrap();
        assert_eq!(u.to_f64(794_675), 7946.75);
        assert_eq!(CountUnit::WHOLE.to_f64(12), 12.0);
        assert_eq!(u.format(5u64), "0.05");
    }
}
