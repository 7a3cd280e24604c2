//! Changes of a count between two periods, year-on-year changes of dated counts, and
//! occupancy series: percentage points and the first period reaching a threshold.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::family::{FirstReached, Point, Series};
use super::period::{Period, YearMonth};
use crate::error::{Constraint, Error, Result};
use crate::metrics::{Ratio, Threshold};

/// The change of a count between two periods (two report dates, two years).
///
/// ```
/// use overcrowding::series::Series;
/// let s = Series::from_pairs([("2020-06-30", 200), ("2021-06-30", 150)])?;
/// let c = s.change("2020-06-30".parse().unwrap(), "2021-06-30".parse().unwrap())?;
/// assert_eq!(c.absolute, -50);
/// assert_eq!(c.percent()?, -25.0);
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountChange<K> {
    /// The earlier observation.
    pub from: Point<K>,
    /// The later observation.
    pub to: Point<K>,
    /// `to − from`, signed.
    pub absolute: i128,
}

impl<K: Copy> CountChange<K> {
    /// A change between two points.
    ///
    /// ```
    /// use overcrowding::series::{CountChange, Point, Year};
    /// let c = CountChange::between(Point { period: Year(2020), value: 4 }, Point { period: Year(2021), value: 6 });
    /// assert_eq!(c.absolute, 2);
    /// ```
    pub fn between(from: Point<K>, to: Point<K>) -> CountChange<K> {
        CountChange {
            from,
            to,
            absolute: i128::from(to.value) - i128::from(from.value),
        }
    }

    /// The growth factor `to ÷ from`, exact.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::ZeroDenominator`](crate::ErrorKind::ZeroDenominator) when the first value is 0.
    ///
    /// ```
    /// use overcrowding::series::{CountChange, Point, Year};
    /// let c = CountChange::between(Point { period: Year(2020), value: 4 }, Point { period: Year(2021), value: 6 });
    /// assert_eq!(c.factor()?.value(), 1.5);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn factor(&self) -> Result<Ratio> {
        Ratio::with_name(
            u128::from(self.to.value),
            u128::from(self.from.value),
            "first value of the period",
        )
    }

    /// The percent change, `(to − from) ÷ from × 100`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::ZeroDenominator`](crate::ErrorKind::ZeroDenominator) when the first value is 0 (no percent change from nothing).
    ///
    /// ```
    /// use overcrowding::series::{CountChange, Point, Year};
    /// let c = CountChange::between(Point { period: Year(2020), value: 27_000 }, Point { period: Year(2021), value: 39_000 });
    /// assert_eq!((c.percent()? * 10.0).round() / 10.0, 44.4);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn percent(&self) -> Result<f64> {
        let f = self.factor()?;
        // Exact: |to − from| ÷ from, signed.
        let mag = Ratio::new(self.absolute.unsigned_abs(), f.denominator())?.percent();
        Ok(if self.absolute < 0 { -mag } else { mag })
    }
}

impl CountChange<Date> {
    /// Days from the first date to the second.
    ///
    /// ```
    /// use overcrowding::series::Series;
    /// let s = Series::from_pairs([("2021-01-01", 1), ("2021-03-01", 2)])?;
    /// let c = s.change("2021-01-01".parse().unwrap(), "2021-03-01".parse().unwrap())?;
    /// assert_eq!(c.days(), 59);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn days(&self) -> i32 {
        days_between(self.from.period, self.to.period)
    }
}

/// Whole days from `a` to `b` (negative when `b` is earlier).
///
/// ```
/// let d = |s: &str| s.parse().unwrap();
/// assert_eq!(overcrowding::series::days_between(d("2020-01-01"), d("2021-01-01")), 366);
/// ```
pub fn days_between(a: Date, b: Date) -> i32 {
    a.until((jiff::Unit::Day, b))
        .map(|s| s.get_days())
        .expect("civil date differences in days always fit")
}

/// The year-on-year changes of monthly reports: each observation against the observation in
/// the same month of the previous year.
///
/// ```
/// use overcrowding::series::Series;
/// let s = Series::from_pairs([("2020-01-31", 100), ("2020-02-29", 100),
///     ("2021-01-31", 120), ("2021-03-31", 90)])?;
/// let y = s.year_on_year()?;
/// assert_eq!(y.changes.len(), 1);                      // January 2021 vs January 2020
/// assert_eq!(y.changes[0].absolute, 20);
/// assert_eq!(y.without_previous.len(), 3);              // Jan 2020, Feb 2020, Mar 2021
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearOnYear {
    /// The matched changes, in date order.
    pub changes: Vec<CountChange<Date>>,
    /// Observations with no observation in the same month of the previous year.
    pub without_previous: Vec<Point<Date>>,
}

/// Checks dates are present and strictly increasing: [`ErrorKind::Empty`](crate::ErrorKind::Empty) naming `what` for none,
/// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) quoting the first date out of order.
#[cfg(feature = "plot")]
pub(crate) fn strictly_increasing(
    dates: impl IntoIterator<Item = Date>,
    what: &'static str,
) -> Result<()> {
    let mut previous: Option<Date> = None;
    for date in dates {
        if let Some(before) = previous
            && date <= before
        {
            return Err(Error::invalid(
                "date",
                date,
                Constraint::StrictlyIncreasing {
                    previous: before.to_string(),
                },
            ));
        }
        previous = Some(date);
    }
    if previous.is_none() {
        return Err(Error::from(crate::ErrorKind::Empty { what }));
    }
    Ok(())
}

impl<K: Period> Series<K> {
    /// The change between two observed periods.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) when a period is not observed or `to` is not after `from`.
    ///
    /// ```
    /// use overcrowding::series::Series;
    /// let s = Series::from_pairs([("2021-01-01", 7)])?;
    /// assert!(s.change("2021-01-01".parse().unwrap(), "2021-02-01".parse().unwrap()).is_err());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn change(&self, from: K, to: K) -> Result<CountChange<K>> {
        if to <= from {
            return Err(Error::invalid(
                "to period",
                to,
                Constraint::After {
                    bound: from.to_string(),
                },
            ));
        }
        let get = |period: K| {
            self.value(period)
                .map(|value| Point { period, value })
                .ok_or_else(|| Error::invalid(K::NAME, period, Constraint::Observed))
        };
        Ok(CountChange::between(get(from)?, get(to)?))
    }
}

impl Series<Date> {
    /// Year-on-year changes for monthly reports: each observation against the one in the same
    /// calendar month of the previous year (whatever the day); those without one are listed.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) when two observations fall in the same month (the series
    /// is not monthly).
    ///
    /// ```
    /// use overcrowding::series::Series;
    /// let s = Series::from_pairs([("2021-01-01", 1), ("2021-01-31", 2)])?;
    /// assert!(s.year_on_year().is_err());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn year_on_year(&self) -> Result<YearOnYear> {
        let points = self.points();
        if let Some(w) = points
            .windows(2)
            .find(|w| YearMonth::of(w[0].period) == YearMonth::of(w[1].period))
        {
            return Err(Error::invalid(
                "date",
                w[1].period,
                Constraint::OnePerPeriod {
                    period: YearMonth::of(w[0].period).to_string(),
                    other: w[0].period.to_string(),
                },
            ));
        }
        let mut out = YearOnYear {
            changes: Vec::new(),
            without_previous: Vec::new(),
        };
        for &p in points {
            let key = YearMonth::of(p.period).plus(-12).ok();
            match key.and_then(|k| {
                points
                    .binary_search_by_key(&k, |q| YearMonth::of(q.period))
                    .ok()
            }) {
                Some(i) => out.changes.push(CountChange::between(points[i], p)),
                None => out.without_previous.push(p),
            }
        }
        Ok(out)
    }
}

impl<K: Period> Series<K, Ratio> {
    /// The change in percentage points of occupancy between two observed periods.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) when a period is not observed.
    ///
    /// ```
    /// use overcrowding::{occupancy, series::Series};
    /// let s = Series::from_pairs([("2020-06-30", occupancy(120, 100)?), ("2021-06-30", occupancy(1_444, 1_000)?)])?;
    /// let pts = s.points_change("2020-06-30".parse().unwrap(), "2021-06-30".parse().unwrap())?;
    /// assert_eq!((pts * 10.0).round() / 10.0, 24.4);  // percentage points
    /// assert!(s.points_change("2020-06-30".parse().unwrap(), "2022-01-01".parse().unwrap()).is_err());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn points_change(&self, from: K, to: K) -> Result<f64> {
        let get = |period: K| {
            self.value(period)
                .ok_or_else(|| Error::invalid(K::NAME, period, Constraint::Observed))
        };
        let (a, b) = (get(from)?, get(to)?);
        // Exact difference a − b of two fractions, then to percent.
        let (an, ad, bn, bd) = (
            a.numerator(),
            a.denominator(),
            b.numerator(),
            b.denominator(),
        );
        match (bn.checked_mul(ad), an.checked_mul(bd), ad.checked_mul(bd)) {
            (Some(x), Some(y), Some(d)) => {
                let mag = Ratio::new(x.abs_diff(y), d)?.percent();
                Ok(if x >= y { mag } else { -mag })
            }
            _ => Ok(b.percent() - a.percent()),
        }
    }

    /// The first observation that reaches a threshold (exactly, with its `>`/`≥` rule).
    ///
    /// ```
    /// use overcrowding::series::Series;
    /// use overcrowding::{occupancy, Threshold};
    /// let s = Series::from_pairs([("2019-12-31", occupancy(100, 100)?), ("2020-12-31", occupancy(120, 100)?),
    ///     ("2021-12-31", occupancy(130, 100)?)])?;
    /// let c = s.first_reaching(&Threshold::at_least("critical", 120.0)?).unwrap();
    /// assert_eq!(c.first.to_string(), "2020-12-31");
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn first_reaching(&self, threshold: &Threshold) -> Option<FirstReached<K>> {
        self.first_where(|o| threshold.is_reached_by(o))
    }
}
