//! Monthly series: counts per calendar month, dated observations aligned to their month,
//! gaps reported rather than filled.

use crate::ErrorKind;
use crate::error::Constraint;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// A calendar month: year and month (1–12). Orders by year, then month.
///
/// ```
/// use overcrowding::series::YearMonth;
/// let m = YearMonth::new(2024, 12)?;
/// assert_eq!(m.to_string(), "2024-12");
/// assert_eq!(m.plus(1)?.to_string(), "2025-01");
/// assert_eq!(m.months_since(YearMonth::new(2023, 12)?), 12);
/// assert!(YearMonth::new(2024, 13).is_err());
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "RawYearMonth", into = "RawYearMonth")]
pub struct YearMonth {
    year: i32,
    month: u8,
}

/// The serialised form of a [`YearMonth`], checked by [`YearMonth::new`] when read back.
#[derive(Serialize, Deserialize)]
struct RawYearMonth {
    year: i32,
    month: u8,
}

impl TryFrom<RawYearMonth> for YearMonth {
    type Error = Error;
    fn try_from(r: RawYearMonth) -> Result<Self> {
        YearMonth::new(r.year, r.month)
    }
}

impl From<YearMonth> for RawYearMonth {
    fn from(m: YearMonth) -> Self {
        RawYearMonth {
            year: m.year,
            month: m.month,
        }
    }
}

/// The supported years, as for [`YearMonth::new`] (the calendar of `jiff`).
const YEARS: std::ops::RangeInclusive<i32> = -9999..=9999;

impl YearMonth {
    /// The month `month` (1–12) of `year`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) when `month` is not in 1–12 or the year is beyond ±9999.
    ///
    /// ```
    /// assert_eq!(overcrowding::series::YearMonth::new(2017, 6)?.month(), 6);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn new(year: i32, month: u8) -> Result<YearMonth> {
        if !(1..=12).contains(&month) {
            return Err(Error::invalid(
                "month",
                month,
                Constraint::Between {
                    min: 1.0,
                    max: 12.0,
                },
            ));
        }
        if !YEARS.contains(&year) {
            return Err(Error::invalid(
                "year",
                year,
                Constraint::Between {
                    min: -9999.0,
                    max: 9999.0,
                },
            ));
        }
        Ok(YearMonth { year, month })
    }

    /// The calendar month a date falls in.
    ///
    /// ```
    /// let d: jiff::civil::Date = "2012-01-27".parse().unwrap();
    /// assert_eq!(overcrowding::series::YearMonth::of(d).to_string(), "2012-01");
    /// ```
    pub fn of(date: Date) -> YearMonth {
        YearMonth {
            year: i32::from(date.year()),
            month: date.month() as u8,
        }
    }

    /// The year.
    ///
    /// ```
    /// assert_eq!(overcrowding::series::YearMonth::new(2017, 6)?.year(), 2017);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn year(&self) -> i32 {
        self.year
    }

    /// The month, 1–12.
    ///
    /// ```
    /// assert_eq!(overcrowding::series::YearMonth::new(2017, 6)?.month(), 6);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn month(&self) -> u8 {
        self.month
    }

    /// Months since year 0, January: `12·year + month − 1`.
    fn index(self) -> i64 {
        12 * i64::from(self.year) + i64::from(self.month) - 1
    }

    fn from_index(i: i64) -> Option<YearMonth> {
        let year = i32::try_from(i.div_euclid(12))
            .ok()
            .filter(|y| YEARS.contains(y))?;
        let month = u8::try_from(i.rem_euclid(12) + 1).ok()?;
        Some(YearMonth { year, month })
    }

    /// The month `n` months later (earlier for negative `n`).
    ///
    /// ```
    /// let m = overcrowding::series::YearMonth::new(2016, 1)?;
    /// assert_eq!(m.plus(-1)?.to_string(), "2015-12");
    /// assert_eq!(m.plus(24)?.to_string(), "2018-01");
    /// assert!(overcrowding::series::YearMonth::new(9999, 12)?.plus(1).is_err());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`ErrorKind::OutOfRange`](crate::ErrorKind::OutOfRange) when the month falls outside the years -9999 to 9999 (the
    /// range [`YearMonth::new`] accepts).
    pub fn plus(self, n: i32) -> Result<YearMonth> {
        YearMonth::from_index(self.index() + i64::from(n)).ok_or_else(|| {
            Error::from(ErrorKind::OutOfRange {
                what: "month",
                value: format!("{self} + {n} months"),
                min: "-9999-01",
                max: "9999-12",
            })
        })
    }

    /// Whole months from `earlier` to `self` (negative when `self` comes first).
    ///
    /// ```
    /// use overcrowding::series::YearMonth;
    /// assert_eq!(YearMonth::new(2024, 3)?.months_since(YearMonth::new(2023, 11)?), 4);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn months_since(self, earlier: YearMonth) -> i64 {
        self.index() - earlier.index()
    }

    /// The month as a fractional year, `year + (month − 1) / 12` (January is the whole year):
    /// the time axis of monthly trend fits.
    ///
    /// ```
    /// assert_eq!(overcrowding::series::YearMonth::new(2020, 7)?.fractional_year(), 2020.5);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn fractional_year(self) -> f64 {
        self.index() as f64 / 12.0
    }

    /// The first month whose [`fractional_year`](Self::fractional_year) is at or after `t`;
    /// `None` when `t` is not finite or beyond ±9999.
    ///
    /// ```
    /// use overcrowding::series::YearMonth;
    /// assert_eq!(YearMonth::first_at_or_after(2020.5), Some(YearMonth::new(2020, 7)?));
    /// assert_eq!(YearMonth::first_at_or_after(2020.51), Some(YearMonth::new(2020, 8)?));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn first_at_or_after(t: f64) -> Option<YearMonth> {
        if !t.is_finite() || t.abs() > 9999.0 {
            return None;
        }
        // Round away float noise (2020.5 * 12 may be 24246.000000001).
        let k = (t * 12.0 * 1e6).round() / 1e6;
        // |k| ≤ 12 × 9999 + 12: exact in an i64.
        YearMonth::from_index(k.ceil() as i64)
    }
}

impl std::fmt::Display for YearMonth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// One observation of a monthly series.
///
/// ```
/// let p = overcrowding::series::MonthPoint { month: overcrowding::series::YearMonth::new(2024, 12)?, value: 87_000 };
/// assert_eq!(p.value, 87_000);
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthPoint {
    /// The calendar month.
    pub month: YearMonth,
    /// The count.
    pub value: u64,
}

/// A monthly series of counts, months strictly increasing, gaps allowed and reported.
///
/// ```
/// use overcrowding::{series::MonthlySeries, series::YearMonth};
/// let d = |s: &str| s.parse::<jiff::civil::Date>().unwrap();
/// let s = MonthlySeries::from_dated([(d("2017-05-26"), 85_500), (d("2017-07-28"), 86_000)])?;
/// assert_eq!(s.gaps(), vec![YearMonth::new(2017, 6)?]); // reported, not interpolated
/// assert_eq!(s.value(YearMonth::new(2017, 7)?), Some(86_000));
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    try_from = "super::RawPoints<MonthPoint>",
    into = "super::RawPoints<MonthPoint>"
)]
pub struct MonthlySeries {
    points: Vec<MonthPoint>,
}

impl MonthlySeries {
    /// A series from points.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Empty`](crate::ErrorKind::Empty) for no points; [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) when months are not
    /// strictly increasing.
    ///
    /// ```
    /// use overcrowding::{series::MonthlySeries, series::MonthPoint, series::YearMonth};
    /// let p = |m, value| MonthPoint { month: YearMonth::new(2024, m).unwrap(), value };
    /// assert_eq!(MonthlySeries::new(vec![p(1, 5), p(2, 6)])?.points().len(), 2);
    /// assert!(MonthlySeries::new(vec![p(2, 5), p(2, 6)]).is_err());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn new(points: Vec<MonthPoint>) -> Result<MonthlySeries> {
        if points.is_empty() {
            return Err(Error::from(ErrorKind::Empty {
                what: "monthly series",
            }));
        }
        if let Some(w) = points.windows(2).find(|w| w[1].month <= w[0].month) {
            return Err(Error::invalid(
                "month",
                w[1].month,
                Constraint::StrictlyIncreasing {
                    previous: w[0].month.to_string(),
                },
            ));
        }
        Ok(MonthlySeries { points })
    }

    /// Aligns dated observations to calendar months (in any order).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Empty`](crate::ErrorKind::Empty) for no observations; [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) when two dates fall
    /// in the same month (the message names both: which to keep is the caller's choice).
    ///
    /// ```
    /// use overcrowding::series::MonthlySeries;
    /// let d = |s: &str| s.parse::<jiff::civil::Date>().unwrap();
    /// let err = MonthlySeries::from_dated([(d("2017-05-26"), 1), (d("2017-05-31"), 2)]).unwrap_err();
    /// assert_eq!(
    ///     err.to_string(),
    ///     "report date 2017-05-31 falls in 2017-05 with 2017-05-26: one value per period"
    /// );
    /// ```
    pub fn from_dated<I: IntoIterator<Item = (Date, u64)>>(
        observations: I,
    ) -> Result<MonthlySeries> {
        let mut obs: Vec<(Date, u64)> = observations.into_iter().collect();
        obs.sort_by_key(|o| o.0);
        if let Some(w) = obs
            .windows(2)
            .find(|w| YearMonth::of(w[0].0) == YearMonth::of(w[1].0))
        {
            return Err(Error::invalid(
                "report date",
                w[1].0,
                Constraint::OnePerPeriod {
                    period: YearMonth::of(w[0].0).to_string(),
                    other: w[0].0.to_string(),
                },
            ));
        }
        MonthlySeries::new(
            obs.into_iter()
                .map(|(d, value)| MonthPoint {
                    month: YearMonth::of(d),
                    value,
                })
                .collect(),
        )
    }

    /// The observations.
    ///
    /// ```
    /// # use overcrowding::{series::MonthlySeries, series::MonthPoint, series::YearMonth};
    /// # let s = MonthlySeries::new(vec![MonthPoint { month: YearMonth::new(2024, 1)?, value: 3 }])?;
    /// assert_eq!(s.points()[0].value, 3);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn points(&self) -> &[MonthPoint] {
        &self.points
    }

    /// The first observed month.
    ///
    /// ```
    /// # use overcrowding::{series::MonthlySeries, series::MonthPoint, series::YearMonth};
    /// # let s = MonthlySeries::new(vec![MonthPoint { month: YearMonth::new(2024, 1)?, value: 3 }])?;
    /// assert_eq!(s.first().to_string(), "2024-01");
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn first(&self) -> YearMonth {
        self.points[0].month
    }

    /// The last observed month.
    ///
    /// ```
    /// # use overcrowding::{series::MonthlySeries, series::MonthPoint, series::YearMonth};
    /// # let s = MonthlySeries::new(vec![MonthPoint { month: YearMonth::new(2024, 1)?, value: 3 }])?;
    /// assert_eq!(s.last().to_string(), "2024-01");
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn last(&self) -> YearMonth {
        self.points[self.points.len() - 1].month
    }

    /// The value in `month`, if observed.
    ///
    /// ```
    /// # use overcrowding::{series::MonthlySeries, series::MonthPoint, series::YearMonth};
    /// # let s = MonthlySeries::new(vec![MonthPoint { month: YearMonth::new(2024, 1)?, value: 3 }])?;
    /// assert_eq!(s.value(YearMonth::new(2024, 1)?), Some(3));
    /// assert_eq!(s.value(YearMonth::new(2024, 2)?), None);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn value(&self, month: YearMonth) -> Option<u64> {
        self.points
            .binary_search_by_key(&month, |p| p.month)
            .ok()
            .map(|i| self.points[i].value)
    }

    /// The observations in `from..=to`.
    ///
    /// ```
    /// # use overcrowding::{series::MonthlySeries, series::MonthPoint, series::YearMonth};
    /// let p = |m, value| MonthPoint { month: YearMonth::new(2024, m).unwrap(), value };
    /// let s = MonthlySeries::new(vec![p(1, 5), p(2, 6), p(4, 8)])?;
    /// assert_eq!(s.window(YearMonth::new(2024, 2)?, YearMonth::new(2024, 12)?).len(), 2);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn window(&self, from: YearMonth, to: YearMonth) -> &[MonthPoint] {
        let lo = self.points.partition_point(|p| p.month < from);
        let hi = self.points.partition_point(|p| p.month <= to);
        &self.points[lo..hi.max(lo)]
    }

    /// The months between the first and the last observation that have no value.
    ///
    /// ```
    /// # use overcrowding::{series::MonthlySeries, series::MonthPoint, series::YearMonth};
    /// let p = |m, value| MonthPoint { month: YearMonth::new(2024, m).unwrap(), value };
    /// let s = MonthlySeries::new(vec![p(1, 5), p(2, 6), p(5, 8)])?;
    /// assert_eq!(s.gaps().len(), 2); // March and April
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn gaps(&self) -> Vec<YearMonth> {
        self.points
            .windows(2)
            .flat_map(|w| {
                // Both ends are valid months, so every month between them is one.
                (w[0].month.index() + 1..w[1].month.index()).filter_map(YearMonth::from_index)
            })
            .collect()
    }
}

super::series_serde_via_new!(MonthlySeries, MonthPoint);
