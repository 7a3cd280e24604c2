//! The input of a forecast: equally spaced values, oldest first, with a frequency.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::series::MonthlySeries;

/// How often a [`RegularSeries`] is observed.
///
/// ```
/// use overcrowding::projection::Frequency;
/// assert_eq!(Frequency::Monthly.period(), 12);
/// assert_eq!(Frequency::Quarterly.min_len(), 8);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Frequency {
    /// One value a month (season length 12).
    Monthly,
    /// One value a quarter (season length 4).
    Quarterly,
    /// One value a year (no seasons).
    Yearly,
}

impl Frequency {
    /// Periods per year: the season length of seasonal models (1 for yearly data).
    ///
    /// ```
    /// assert_eq!(overcrowding::projection::Frequency::Yearly.period(), 1);
    /// ```
    pub fn period(self) -> usize {
        match self {
            Frequency::Monthly => 12,
            Frequency::Quarterly => 4,
            Frequency::Yearly => 1,
        }
    }

    /// The fewest values [`RegularSeries::new`] accepts: 24 monthly, 8 quarterly, 6 yearly
    /// (two years, or six for yearly data; the issue asks for at most 36, 12 and 10). Seasonal
    /// models are only considered from three full seasons on.
    ///
    /// ```
    /// assert_eq!(overcrowding::projection::Frequency::Monthly.min_len(), 24);
    /// ```
    pub fn min_len(self) -> usize {
        match self {
            Frequency::Monthly => 24,
            Frequency::Quarterly => 8,
            Frequency::Yearly => 6,
        }
    }

    /// A lower-case name for tables.
    ///
    /// ```
    /// assert_eq!(overcrowding::projection::Frequency::Quarterly.label(), "quarterly");
    /// ```
    pub fn label(self) -> &'static str {
        match self {
            Frequency::Monthly => "monthly",
            Frequency::Quarterly => "quarterly",
            Frequency::Yearly => "yearly",
        }
    }
}

/// The most values a [`RegularSeries`] may hold (a million: about 83,000 years of months).
pub const MAX_SERIES_LEN: usize = 1_000_000;

/// Equally spaced, finite, non-negative values, oldest first, with no gaps.
///
/// # Semantics
///
/// A value is a count or a level (people held); a gap cannot be represented, so series with
/// missing periods must be cut or filled by the caller, who then says so
/// ([`RegularSeries::from_monthly`] refuses a monthly series with a gap and names the month).
///
/// ```
/// use overcrowding::projection::{Frequency, RegularSeries};
/// let s = RegularSeries::new(Frequency::Yearly, vec![10.0, 11.0, 12.0, 12.0, 13.0, 15.0])?;
/// assert_eq!((s.len(), s.last()), (6, 15.0));
/// assert!(RegularSeries::new(Frequency::Yearly, vec![1.0; 5]).is_err()); // too short
/// assert!(RegularSeries::new(Frequency::Yearly, vec![-1.0; 6]).is_err()); // negative
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RegularSeries {
    frequency: Frequency,
    values: Vec<f64>,
}

impl RegularSeries {
    /// Validates `values` (oldest first) observed at `frequency`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] when there are fewer than [`Frequency::min_len`] or more
    /// than [`MAX_SERIES_LEN`] values, or a value is negative or not finite (the message
    /// quotes it and its position).
    ///
    /// ```
    /// use overcrowding::projection::{Frequency, RegularSeries};
    /// let err = RegularSeries::new(Frequency::Quarterly, vec![1.0, 2.0, f64::NAN, 4.0, 5.0, 6.0, 7.0, 8.0]).unwrap_err();
    /// assert_eq!(err.to_string(), "value at position 2 NaN is invalid: must be finite and non-negative");
    /// ```
    pub fn new(frequency: Frequency, values: Vec<f64>) -> Result<RegularSeries> {
        if values.len() < frequency.min_len() || values.len() > MAX_SERIES_LEN {
            return Err(Error::invalid(
                "series length",
                values.len(),
                format!(
                    "a {} series needs {} to {MAX_SERIES_LEN} values",
                    frequency.label(),
                    frequency.min_len()
                ),
            ));
        }
        if let Some((i, v)) = values
            .iter()
            .enumerate()
            .find(|(_, v)| !(v.is_finite() && **v >= 0.0))
        {
            return Err(Error::InvalidParameter {
                what: "value at position",
                value: format!("{i} {v}"),
                reason: "must be finite and non-negative".into(),
            });
        }
        Ok(RegularSeries { frequency, values })
    }

    /// A monthly series from a [`MonthlySeries`] (calendar months, e.g. aligned from
    /// irregular report dates by [`MonthlySeries::from_dated`]).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] naming the first missing month when the series has a gap
    /// (never interpolated), or as [`RegularSeries::new`].
    ///
    /// ```
    /// use overcrowding::{series::MonthlySeries, series::MonthPoint, series::YearMonth, projection::RegularSeries};
    /// let m = |k: i32| YearMonth::new(2020, 1).unwrap().plus(k).unwrap();
    /// let pts = |skip: i32| (0..30).filter(|&k| k != skip).map(|k| MonthPoint { month: m(k), value: 100 }).collect();
    /// assert_eq!(RegularSeries::from_monthly(&MonthlySeries::new(pts(-1))?)?.len(), 30);
    /// let err = RegularSeries::from_monthly(&MonthlySeries::new(pts(5))?).unwrap_err();
    /// assert!(err.to_string().contains("2020-06"));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn from_monthly(series: &MonthlySeries) -> Result<RegularSeries> {
        if let Some(gap) = series.gaps().first() {
            return Err(Error::invalid(
                "missing month",
                gap,
                "a regular series has no gaps: cut the series or fill the month and say so",
            ));
        }
        RegularSeries::new(
            Frequency::Monthly,
            series.points().iter().map(|p| p.value as f64).collect(),
        )
    }

    /// The frequency.
    ///
    /// ```
    /// # use overcrowding::projection::{Frequency, RegularSeries};
    /// let s = RegularSeries::new(Frequency::Yearly, vec![1.0; 6])?;
    /// assert_eq!(s.frequency(), Frequency::Yearly);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn frequency(&self) -> Frequency {
        self.frequency
    }

    /// The values, oldest first.
    ///
    /// ```
    /// # use overcrowding::projection::{Frequency, RegularSeries};
    /// let s = RegularSeries::new(Frequency::Yearly, vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0])?;
    /// assert_eq!(s.values()[5], 6.0);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn values(&self) -> &[f64] {
        &self.values
    }

    /// The number of values (at least [`Frequency::min_len`]).
    ///
    /// ```
    /// # use overcrowding::projection::{Frequency, RegularSeries};
    /// assert_eq!(RegularSeries::new(Frequency::Quarterly, vec![3.0; 8])?.len(), 8);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    #[allow(clippy::len_without_is_empty)] // never empty
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// The last (most recent) value: the forecast origin.
    ///
    /// ```
    /// # use overcrowding::projection::{Frequency, RegularSeries};
    /// assert_eq!(RegularSeries::new(Frequency::Quarterly, vec![3.0; 8])?.last(), 3.0);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn last(&self) -> f64 {
        self.values[self.values.len() - 1]
    }

    /// The first `n` values as a series (the history at an earlier origin), or `None` when
    /// `n` is below the frequency's minimum or above the length.
    ///
    /// ```
    /// # use overcrowding::projection::{Frequency, RegularSeries};
    /// let s = RegularSeries::new(Frequency::Yearly, (0..10).map(f64::from).collect())?;
    /// assert_eq!(s.head(7).unwrap().last(), 6.0);
    /// assert!(s.head(5).is_none());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn head(&self, n: usize) -> Option<RegularSeries> {
        (n >= self.frequency.min_len() && n <= self.values.len()).then(|| RegularSeries {
            frequency: self.frequency,
            values: self.values[..n].to_vec(),
        })
    }
}
