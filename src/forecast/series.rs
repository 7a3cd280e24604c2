//! The input of a forecast: equally spaced values, oldest first, with a frequency.

use crate::ErrorKind;
use crate::error::Constraint;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::series::{AnyPeriod, Frequency, Period, Series};

/// The most values a [`RegularSeries`] may hold (a million: about 83,000 years of months).
pub const MAX_SERIES_LEN: usize = 1_000_000;

/// The largest value a [`RegularSeries`] may hold: 2⁵³, the last count `f64` holds exactly.
/// A value is people (or people per period); beyond this a count is no longer whole, and the
/// models' squared errors would overflow long before `f64::MAX` (a series of values near
/// 1e200 forecast its first value, silently).
///
/// ```
/// use overcrowding::forecast::MAX_VALUE;
/// assert_eq!(MAX_VALUE, 9_007_199_254_740_992.0);
/// assert_eq!(MAX_VALUE + 1.0, MAX_VALUE); // the next whole count is not representable
/// ```
pub const MAX_VALUE: f64 = 9_007_199_254_740_992.0;

/// Equally spaced, finite, non-negative values up to [`MAX_VALUE`], oldest first, with no
/// gaps.
///
/// # Semantics
///
/// A value is a count or a level (people held); a gap cannot be represented, so series with
/// missing periods must be cut or filled by the caller, who then says so
/// ([`RegularSeries::from_series`] refuses a series with a gap and names the period).
///
/// ```
/// use overcrowding::forecast::{Frequency, RegularSeries};
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
    /// The first period, when the series knows its calendar.
    #[serde(skip_serializing_if = "Option::is_none")]
    start: Option<AnyPeriod>,
}

impl RegularSeries {
    /// Validates `values` (oldest first) observed at `frequency`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) when there are fewer than [`Frequency::min_len`] or more
    /// than [`MAX_SERIES_LEN`] values, or a value is negative, not finite or above
    /// [`MAX_VALUE`] (the message quotes it and its position).
    ///
    /// ```
    /// use overcrowding::forecast::{Frequency, RegularSeries};
    /// let err = RegularSeries::new(Frequency::Quarterly, vec![1.0, 2.0, f64::NAN, 4.0, 5.0, 6.0, 7.0, 8.0]).unwrap_err();
    /// assert_eq!(err.to_string(), "value at position 2 (NaN) must be finite and non-negative");
    /// let err = RegularSeries::new(Frequency::Yearly, vec![1e200; 6]).unwrap_err();
    /// assert_eq!(err.to_string(), "value at position 0 (1e200) must be at most 9007199254740992");
    /// ```
    pub fn new(frequency: Frequency, values: Vec<f64>) -> Result<RegularSeries> {
        if values.len() < frequency.min_len() || values.len() > MAX_SERIES_LEN {
            return Err(Error::invalid(
                "series length",
                format!("{} ({} values)", values.len(), frequency.label()),
                Constraint::Between {
                    min: frequency.min_len() as f64,
                    max: MAX_SERIES_LEN as f64,
                },
            ));
        }
        // The first value negative or not finite, else the first above the bound: one
        // error, the value as it was.
        let bad = values
            .iter()
            .enumerate()
            .find(|(_, v)| !(v.is_finite() && **v >= 0.0))
            .map(|(i, v)| (format!("{i} ({v})"), Constraint::NonNegative))
            .or_else(|| {
                values
                    .iter()
                    .enumerate()
                    .find(|(_, v)| **v > MAX_VALUE)
                    // Scientific: a value this large written out is hundreds of digits.
                    .map(|(i, v)| {
                        (
                            format!("{i} ({v:e})"),
                            Constraint::AtMost { max: MAX_VALUE },
                        )
                    })
            });
        if let Some((value, constraint)) = bad {
            return Err(Error::invalid("value at position", value, constraint));
        }
        Ok(RegularSeries {
            frequency,
            values,
            start: None,
        })
    }

    /// The same values placed on the calendar: the first value is the period of the
    /// series' frequency holding `start`'s first day (a quarterly series given the month
    /// 2024-02 starts in 2024-Q1; a daily series given a month starts on its first day), the
    /// next value the next period, and so on. [`RegularSeries::from_dated`] and
    /// [`RegularSeries::from_series`] set it themselves; a forecast of a series with a start
    /// knows the periods it forecasts ([`Forecast::periods`](super::Forecast::periods)). A
    /// year beyond ±9999 given to a series of another frequency has no first day in the
    /// calendar: the series then has no start.
    ///
    /// ```
    /// use overcrowding::forecast::{Frequency, RegularSeries};
    /// use overcrowding::series::{Quarter, YearMonth};
    /// let s = RegularSeries::new(Frequency::Quarterly, vec![5.0; 8])?.with_start(YearMonth::new(2022, 5)?);
    /// assert_eq!(s.start(), Some(Quarter::new(2022, 2)?.into()));
    /// assert_eq!(s.period(7).unwrap().to_string(), "2024-Q1"); // the eighth value
    /// let d = RegularSeries::new(Frequency::Daily, vec![5.0; 28])?.with_start(jiff::civil::date(2024, 2, 20));
    /// assert_eq!(d.period(10).unwrap().to_string(), "2024-03-01");
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn with_start(mut self, start: impl Into<AnyPeriod>) -> RegularSeries {
        let start = start.into();
        self.start = if start.frequency() == self.frequency {
            Some(start)
        } else {
            start.first_day().map(|d| self.frequency.period_of(d))
        };
        self
    }

    /// The first period, when the series knows its calendar
    /// ([`RegularSeries::with_start`]).
    ///
    /// ```
    /// use overcrowding::forecast::{Frequency, RegularSeries};
    /// assert_eq!(RegularSeries::new(Frequency::Yearly, vec![1.0; 6])?.start(), None);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn start(&self) -> Option<AnyPeriod> {
        self.start
    }

    /// The period of the value at `index` (0 = the first value; an index past the end
    /// continues the calendar: `len()` is the first forecast period), or `None` when the
    /// series has no start or the period is past the calendar.
    ///
    /// ```
    /// use overcrowding::forecast::{Frequency, RegularSeries};
    /// use overcrowding::series::Year;
    /// let s = RegularSeries::new(Frequency::Yearly, vec![1.0; 6])?.with_start(Year(2016));
    /// assert_eq!(s.period(s.len()).map(|p| p.year()), Some(2022));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn period(&self, index: usize) -> Option<AnyPeriod> {
        self.start?.step(i64::try_from(index).ok()?)
    }

    /// A series from a gap-free [`Series`] of any period kind — days, months, quarters,
    /// years, or periods chosen at run time (e.g. [`Series::totals`]'s
    /// [`run_since_gap`](Series::run_since_gap)) — starting at its first period, at its
    /// frequency.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) naming the first
    /// missing period when the series has a gap (never interpolated), or as
    /// [`RegularSeries::new`].
    ///
    /// ```
    /// use overcrowding::{series::{Point, Series, YearMonth}, forecast::RegularSeries};
    /// let m = |k: i32| YearMonth::new(2020, 1).unwrap().plus(k).unwrap();
    /// let pts = |skip: i32| (0..30).filter(|&k| k != skip).map(|k| Point { period: m(k), value: 100 }).collect();
    /// assert_eq!(RegularSeries::from_series(&Series::new(pts(-1))?)?.len(), 30);
    /// let err = RegularSeries::from_series(&Series::new(pts(5))?).unwrap_err();
    /// assert!(err.to_string().contains("2020-06"));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn from_series<K: Period>(series: &Series<K>) -> Result<RegularSeries> {
        if let Some(gap) = series.gaps().next() {
            return Err(Error::invalid(K::NAME, gap, Constraint::NoGaps));
        }
        Ok(RegularSeries::new(
            series.frequency(),
            series.points().iter().map(|p| p.value as f64).collect(),
        )?
        .with_start(series.start().to_any()))
    }

    /// A series of `frequency` from dated values in any order: each date falls in its
    /// calendar day, month, quarter or year (year-end counts are yearly values, say).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Empty`](crate::ErrorKind::Empty) for no values; [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) when two dates fall in the
    /// same period (the message names both: which to keep is the caller's choice), naming the
    /// first missing period when there is a gap (never interpolated), or as
    /// [`RegularSeries::new`].
    ///
    /// ```
    /// use overcrowding::forecast::{Frequency, RegularSeries};
    /// let d = |s: &str| s.parse::<jiff::civil::Date>().unwrap();
    /// let year_end: Vec<_> = (2012..2022).map(|y| (d(&format!("{y}-12-31")), 1_000.0 + y as f64)).collect();
    /// let s = RegularSeries::from_dated(Frequency::Yearly, year_end.iter().copied())?;
    /// assert_eq!((s.len(), s.last()), (10, 3_021.0));
    /// // 2015 missing: a gap, named.
    /// let gap = year_end.iter().copied().filter(|(d, _)| d.year() != 2015);
    /// let err = RegularSeries::from_dated(Frequency::Yearly, gap).unwrap_err();
    /// assert!(err.to_string().contains("2015"));
    /// // Two reports in one quarter.
    /// let twice = [(d("2024-01-31"), 5.0), (d("2024-03-31"), 6.0)];
    /// let err = RegularSeries::from_dated(Frequency::Quarterly, twice).unwrap_err();
    /// assert!(err.to_string().contains("date 2024-03-31 falls in 2024-Q1 with 2024-01-31"));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn from_dated<I: IntoIterator<Item = (jiff::civil::Date, f64)>>(
        frequency: Frequency,
        values: I,
    ) -> Result<RegularSeries> {
        let mut dated: Vec<(jiff::civil::Date, f64)> = values.into_iter().collect();
        dated.sort_by_key(|p| p.0);
        let mut periods: Vec<(AnyPeriod, jiff::civil::Date, f64)> = Vec::with_capacity(dated.len());
        for (d, v) in dated {
            let p = frequency.period_of(d);
            if let Some(&(q, prev, _)) = periods.last() {
                if q == p {
                    return Err(Error::invalid(
                        "date",
                        d,
                        Constraint::OnePerPeriod {
                            period: p.to_string(),
                            other: prev.to_string(),
                        },
                    ));
                }
                let expected = q.step(1).ok_or_else(|| {
                    Error::invalid("period", format_args!("{q} + 1"), Constraint::InCalendar)
                })?;
                if p != expected {
                    return Err(Error::invalid("period", expected, Constraint::NoGaps));
                }
            }
            periods.push((p, d, v));
        }
        if periods.is_empty() {
            return Err(Error::from(ErrorKind::Empty {
                what: "dated values",
            }));
        }
        let start = periods[0].0;
        Ok(
            RegularSeries::new(frequency, periods.into_iter().map(|p| p.2).collect())?
                .with_start(start),
        )
    }

    /// The frequency.
    ///
    /// ```
    /// # use overcrowding::forecast::{Frequency, RegularSeries};
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
    /// # use overcrowding::forecast::{Frequency, RegularSeries};
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
    /// # use overcrowding::forecast::{Frequency, RegularSeries};
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
    /// # use overcrowding::forecast::{Frequency, RegularSeries};
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
    /// # use overcrowding::forecast::{Frequency, RegularSeries};
    /// let s = RegularSeries::new(Frequency::Yearly, (0..10).map(f64::from).collect())?;
    /// assert_eq!(s.head(7).unwrap().last(), 6.0);
    /// assert!(s.head(5).is_none());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn head(&self, n: usize) -> Option<RegularSeries> {
        (n >= self.frequency.min_len() && n <= self.values.len()).then(|| RegularSeries {
            frequency: self.frequency,
            values: self.values[..n].to_vec(),
            start: self.start,
        })
    }
}
