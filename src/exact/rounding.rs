//! [`Rounding`]: the publisher's rule for a value exactly half-way between two printable ones.

use crate::error::Constraint;
use std::fmt;
use std::str::FromStr;

use crate::error::{Error, Result};

/// How a value exactly half-way between two printable values is rounded. Every other value
/// goes to the nearer one under both rules, so the rule changes a printed figure only on an
/// exact tie, decided from the integer counts (never from a float).
///
/// # Semantics
///
/// - [`Rounding::HalfAwayFromZero`] (the default): BJS, HMPPS and CDCR tables; 12.5 → 13.
/// - [`Rounding::HalfToEven`]: "banker's rounding", the Italian ministry of justice's monthly
///   bulletins: Asti, 281 held in 200 available places = 140.5 %, printed 140; Vallo della
///   Lucania, 65 in 40 = 162.5 %, printed 162; 141.5 would print 142.
///
/// ```
/// use overcrowding::{occupancy, exact::Rounding};
/// let asti = occupancy(281, 200)?; // 140.5 %
/// assert_eq!(asti.percent_rounded_by(0, Rounding::HalfToEven), 140.0);
/// assert_eq!(asti.percent_rounded_by(0, Rounding::HalfAwayFromZero), 141.0);
/// assert_eq!(asti.percent_rounded(0), 141.0); // the default rule
/// assert_eq!(Rounding::default(), Rounding::HalfAwayFromZero);
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Rounding {
    /// A tie goes away from zero (up, for the non-negative values of this crate): 12.5 → 13.
    #[default]
    HalfAwayFromZero,
    /// A tie goes to the even neighbour: 140.5 → 140, 141.5 → 142.
    HalfToEven,
}

impl Rounding {
    /// Both rules, the default first.
    ///
    /// ```
    /// assert_eq!(overcrowding::exact::Rounding::ALL.len(), 2);
    /// ```
    pub const ALL: [Rounding; 2] = [Rounding::HalfAwayFromZero, Rounding::HalfToEven];

    /// The rule's name as the command line and serde write it: `half-away-from-zero`,
    /// `half-to-even`.
    ///
    /// ```
    /// assert_eq!(overcrowding::exact::Rounding::HalfToEven.name(), "half-to-even");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            Rounding::HalfAwayFromZero => "half-away-from-zero",
            Rounding::HalfToEven => "half-to-even",
        }
    }

    /// Whether a value with last kept digit `last` and the dropped part `rem / d` (`rem < d`)
    /// rounds up.
    #[inline]
    pub(crate) fn rounds_up(self, last: u8, rem: u128, d: u128) -> bool {
        // 2·rem compared with d, without overflow: rem against d - rem.
        let other = d - rem;
        match self {
            Rounding::HalfAwayFromZero => rem >= other,
            Rounding::HalfToEven => rem > other || (rem == other && last % 2 == 1),
        }
    }
}

impl fmt::Display for Rounding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Rounding {
    type Err = Error;

    /// Parses a rule's [`name`](Rounding::name).
    ///
    /// ```
    /// use overcrowding::exact::Rounding;
    /// assert_eq!("half-to-even".parse::<Rounding>()?, Rounding::HalfToEven);
    /// assert!("bankers".parse::<Rounding>().is_err());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    fn from_str(s: &str) -> Result<Rounding> {
        Rounding::ALL
            .into_iter()
            .find(|r| r.name() == s)
            .ok_or_else(|| {
                Error::invalid(
                    "rounding rule",
                    format!("{s:?}"),
                    Constraint::OneOf {
                        allowed: vec![
                            "half-away-from-zero".to_string(),
                            "half-to-even".to_string(),
                        ],
                    },
                )
            })
    }
}
