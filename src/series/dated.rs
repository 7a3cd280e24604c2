//! Dated series of counts and of occupancy ratios: change, year-on-year, first crossing.

use crate::ErrorKind;
use crate::error::Constraint;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::metrics::{Ratio, Threshold};

/// One dated observation of a count.
///
/// ```
/// let p = overcrowding::series::DatedPoint { date: "2021-06-30".parse().unwrap(), value: 39_000 };
/// assert_eq!(p.value, 39_000);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatedPoint {
    /// The as-of date.
    pub date: Date,
    /// The count.
    pub value: u64,
}

/// A series of dated counts (population, capacity, admissions), dates strictly increasing.
///
/// ```
/// use overcrowding::series::DatedSeries;
/// let s = DatedSeries::from_pairs([("2021-01-31", 100), ("2021-02-28", 110)]).unwrap();
/// assert_eq!(s.len(), 2);
/// assert_eq!(s.value_on("2021-02-28".parse().unwrap()), Some(110));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    try_from = "super::RawPoints<DatedPoint>",
    into = "super::RawPoints<DatedPoint>"
)]
pub struct DatedSeries {
    points: Vec<DatedPoint>,
}

/// The change of a count between two dates.
///
/// ```
/// use overcrowding::series::DatedSeries;
/// let s = DatedSeries::from_pairs([("2020-06-30", 200), ("2021-06-30", 150)]).unwrap();
/// let c = s.change("2020-06-30".parse().unwrap(), "2021-06-30".parse().unwrap()).unwrap();
/// assert_eq!(c.absolute, -50);
/// assert_eq!(c.percent().unwrap(), -25.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatedChange {
    /// The earlier observation.
    pub from: DatedPoint,
    /// The later observation.
    pub to: DatedPoint,
    /// `to − from`, signed.
    pub absolute: i128,
}

impl DatedChange {
    /// A change between two points.
    ///
    /// ```
    /// use overcrowding::series::{DatedChange, DatedPoint};
    /// let d = "2021-01-01".parse().unwrap();
    /// let c = DatedChange::between(DatedPoint { date: d, value: 4 }, DatedPoint { date: d, value: 6 });
    /// assert_eq!(c.absolute, 2);
    /// ```
    pub fn between(from: DatedPoint, to: DatedPoint) -> DatedChange {
        DatedChange {
            from,
            to,
            absolute: to.value as i128 - from.value as i128,
        }
    }

    /// The growth factor `to ÷ from`, exact.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::ZeroDenominator`](crate::ErrorKind::ZeroDenominator) when the first value is 0.
    ///
    /// ```
    /// # use overcrowding::series::{DatedChange, DatedPoint};
    /// # let d = "2021-01-01".parse().unwrap();
    /// let c = DatedChange::between(DatedPoint { date: d, value: 4 }, DatedPoint { date: d, value: 6 });
    /// assert_eq!(c.factor().unwrap().value(), 1.5);
    /// ```
    pub fn factor(&self) -> Result<Ratio> {
        Ratio::with_name(
            self.to.value as u128,
            self.from.value as u128,
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
    /// # use overcrowding::series::{DatedChange, DatedPoint};
    /// # let d = "2021-01-01".parse().unwrap();
    /// let c = DatedChange::between(DatedPoint { date: d, value: 27_000 }, DatedPoint { date: d, value: 39_000 });
    /// assert_eq!((c.percent().unwrap() * 10.0).round() / 10.0, 44.4);
    /// ```
    pub fn percent(&self) -> Result<f64> {
        let f = self.factor()?;
        // Exact: |to − from| ÷ from, signed.
        let mag = Ratio::new(self.absolute.unsigned_abs(), f.denominator())?.percent();
        Ok(if self.absolute < 0 { -mag } else { mag })
    }

    /// Days from the first date to the second.
    ///
    /// ```
    /// use overcrowding::series::DatedSeries;
    /// let s = DatedSeries::from_pairs([("2021-01-01", 1), ("2021-03-01", 2)]).unwrap();
    /// let c = s.change("2021-01-01".parse().unwrap(), "2021-03-01".parse().unwrap()).unwrap();
    /// assert_eq!(c.days(), 59);
    /// ```
    pub fn days(&self) -> i32 {
        days_between(self.from.date, self.to.date)
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

/// The year-on-year changes of a monthly series: each observation against the observation in
/// the same month of the previous year.
///
/// ```
/// use overcrowding::series::DatedSeries;
/// let s = DatedSeries::from_pairs([("2020-01-31", 100), ("2020-02-29", 100),
///     ("2021-01-31", 120), ("2021-03-31", 90)]).unwrap();
/// let y = s.year_on_year().unwrap();
/// assert_eq!(y.changes.len(), 1);                      // January 2021 vs January 2020
/// assert_eq!(y.changes[0].absolute, 20);
/// assert_eq!(y.without_previous.len(), 3);              // Jan 2020, Feb 2020, Mar 2021
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearOnYear {
    /// The matched changes, in date order.
    pub changes: Vec<DatedChange>,
    /// Observations with no observation in the same month of the previous year.
    pub without_previous: Vec<DatedPoint>,
}

/// When a dated series first reached a level or threshold.
///
/// ```
/// use overcrowding::series::DatedSeries;
/// let s = DatedSeries::from_pairs([("2016-12-31", 21_989), ("2018-12-31", 31_686)]).unwrap();
/// let c = s.first_above(27_000).unwrap();
/// assert_eq!(c.first_date.to_string(), "2018-12-31");
/// assert_eq!(c.last_date_before.unwrap().to_string(), "2016-12-31");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatedCrossing {
    /// The first observed date at which the series was above the level.
    pub first_date: Date,
    /// The observation before it (below the level), if any: the crossing happened in between.
    pub last_date_before: Option<Date>,
}

/// Checks dates are present and strictly increasing: [`ErrorKind::Empty`](crate::ErrorKind::Empty) naming `what` for none,
/// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) quoting the first date out of order.
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
        return Err(Error::from(ErrorKind::Empty { what }));
    }
    Ok(())
}

impl DatedSeries {
    /// A series from points.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Empty`](crate::ErrorKind::Empty) for no points; [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) when dates are not strictly
    /// increasing.
    ///
    /// ```
    /// use overcrowding::series::{DatedSeries, DatedPoint};
    /// let d = |s: &str| s.parse().unwrap();
    /// assert!(DatedSeries::new(vec![DatedPoint { date: d("2021-02-01"), value: 1 },
    ///                               DatedPoint { date: d("2021-01-01"), value: 1 }]).is_err());
    /// ```
    pub fn new(points: Vec<DatedPoint>) -> Result<DatedSeries> {
        strictly_increasing(points.iter().map(|p| p.date), "series")?;
        Ok(DatedSeries { points })
    }

    /// A series from `(YYYY-MM-DD, value)` pairs.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidValue`](crate::ErrorKind::InvalidValue) when a date does not parse; otherwise as [`DatedSeries::new`].
    ///
    /// ```
    /// use overcrowding::series::DatedSeries;
    /// assert!(DatedSeries::from_pairs([("2021-02-30", 1)]).is_err());
    /// assert_eq!(DatedSeries::from_pairs([("2021-02-28", 1)]).unwrap().len(), 1);
    /// ```
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, u64)>) -> Result<DatedSeries> {
        let points = pairs
            .into_iter()
            .map(|(d, value)| {
                let date = d.parse().map_err(|e: jiff::Error| Error::bad_date(d, e))?;
                Ok(DatedPoint { date, value })
            })
            .collect::<Result<Vec<_>>>()?;
        DatedSeries::new(points)
    }

    /// The observations.
    ///
    /// ```
    /// # use overcrowding::series::DatedSeries;
    /// let s = DatedSeries::from_pairs([("2021-01-31", 7)]).unwrap();
    /// assert_eq!(s.points()[0].value, 7);
    /// ```
    pub fn points(&self) -> &[DatedPoint] {
        &self.points
    }

    /// The number of observations (≥ 1).
    ///
    /// ```
    /// # use overcrowding::series::DatedSeries;
    /// assert_eq!(DatedSeries::from_pairs([("2021-01-31", 7)]).unwrap().len(), 1);
    /// ```
    #[allow(clippy::len_without_is_empty)]
    pub fn len(&self) -> usize {
        self.points.len()
    }

    /// The value observed on `date` exactly.
    ///
    /// ```
    /// # use overcrowding::series::DatedSeries;
    /// let s = DatedSeries::from_pairs([("2021-01-31", 7)]).unwrap();
    /// assert_eq!(s.value_on("2021-01-30".parse().unwrap()), None);
    /// ```
    pub fn value_on(&self, date: Date) -> Option<u64> {
        self.points
            .binary_search_by_key(&date, |p| p.date)
            .ok()
            .map(|i| self.points[i].value)
    }

    /// The latest observation on or before `date`.
    ///
    /// ```
    /// # use overcrowding::series::DatedSeries;
    /// let s = DatedSeries::from_pairs([("2021-01-01", 7), ("2021-06-01", 9)]).unwrap();
    /// assert_eq!(s.latest_on_or_before("2021-05-31".parse().unwrap()).unwrap().value, 7);
    /// assert!(s.latest_on_or_before("2020-12-31".parse().unwrap()).is_none());
    /// ```
    pub fn latest_on_or_before(&self, date: Date) -> Option<DatedPoint> {
        let i = self.points.partition_point(|p| p.date <= date);
        i.checked_sub(1).map(|i| self.points[i])
    }

    /// The change between two observed dates.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) when a date is not observed or `to` is not after `from`.
    ///
    /// ```
    /// use overcrowding::series::DatedSeries;
    /// let s = DatedSeries::from_pairs([("2021-01-01", 7)]).unwrap();
    /// assert!(s.change("2021-01-01".parse().unwrap(), "2021-02-01".parse().unwrap()).is_err());
    /// ```
    pub fn change(&self, from: Date, to: Date) -> Result<DatedChange> {
        if to <= from {
            return Err(Error::invalid(
                "to date",
                to,
                Constraint::After {
                    bound: from.to_string(),
                },
            ));
        }
        let get = |d: Date| {
            self.value_on(d)
                .map(|value| DatedPoint { date: d, value })
                .ok_or_else(|| Error::invalid("date", d, Constraint::Observed))
        };
        Ok(DatedChange::between(get(from)?, get(to)?))
    }

    /// Year-on-year changes for monthly data: each observation against the one in the same
    /// calendar month of the previous year (whatever the day); those without one are listed.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) when two observations fall in the same month (the series
    /// is not monthly).
    ///
    /// ```
    /// use overcrowding::series::DatedSeries;
    /// let s = DatedSeries::from_pairs([("2021-01-01", 1), ("2021-01-31", 2)]).unwrap();
    /// assert!(s.year_on_year().is_err());
    /// ```
    pub fn year_on_year(&self) -> Result<YearOnYear> {
        let month = |d: Date| (d.year(), d.month());
        if let Some(w) = self
            .points
            .windows(2)
            .find(|w| month(w[0].date) == month(w[1].date))
        {
            return Err(Error::invalid(
                "date",
                w[1].date,
                Constraint::OnePerPeriod {
                    period: crate::series::YearMonth::of(w[0].date).to_string(),
                    other: w[0].date.to_string(),
                },
            ));
        }
        let mut out = YearOnYear {
            changes: Vec::new(),
            without_previous: Vec::new(),
        };
        for &p in &self.points {
            let key = (p.date.year() - 1, p.date.month());
            match self
                .points
                .binary_search_by_key(&key, |q| month(q.date))
                .ok()
            {
                Some(i) => out.changes.push(DatedChange::between(self.points[i], p)),
                None => out.without_previous.push(p),
            }
        }
        Ok(out)
    }

    /// The first observation strictly above `level`, and the one before it.
    ///
    /// ```
    /// use overcrowding::series::DatedSeries;
    /// let s = DatedSeries::from_pairs([("2021-01-01", 5)]).unwrap();
    /// assert!(s.first_above(5).is_none());
    /// assert!(s.first_above(4).unwrap().last_date_before.is_none());
    /// ```
    pub fn first_above(&self, level: u64) -> Option<DatedCrossing> {
        let i = self.points.iter().position(|p| p.value > level)?;
        Some(DatedCrossing {
            first_date: self.points[i].date,
            last_date_before: i.checked_sub(1).map(|j| self.points[j].date),
        })
    }
}

/// One dated occupancy: population ÷ capacity on a date.
///
/// ```
/// use overcrowding::series::OccupancyPoint;
/// let p = OccupancyPoint { date: "2021-06-30".parse().unwrap(), occupancy: overcrowding::occupancy(39_000, 27_000).unwrap() };
/// assert_eq!(p.occupancy.percent_rounded(1), 144.4);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct OccupancyPoint {
    /// The date.
    pub date: Date,
    /// The occupancy ratio.
    pub occupancy: Ratio,
}

/// A series of dated occupancy ratios, dates strictly increasing.
///
/// ```
/// use overcrowding::series::{OccupancySeries, OccupancyPoint};
/// use overcrowding::occupancy;
/// let p = |d: &str, n, c| OccupancyPoint { date: d.parse().unwrap(), occupancy: occupancy(n, c).unwrap() };
/// let s = OccupancySeries::new(vec![p("2020-06-30", 120, 100), p("2021-06-30", 1_444, 1_000)]).unwrap();
/// let pts = s.points_change("2020-06-30".parse().unwrap(), "2021-06-30".parse().unwrap()).unwrap();
/// assert_eq!((pts * 10.0).round() / 10.0, 24.4);  // percentage points
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    try_from = "super::RawPoints<OccupancyPoint>",
    into = "super::RawPoints<OccupancyPoint>"
)]
pub struct OccupancySeries {
    points: Vec<OccupancyPoint>,
}

impl OccupancySeries {
    /// A series from points.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Empty`](crate::ErrorKind::Empty) for no points; [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) when dates are not strictly
    /// increasing.
    ///
    /// ```
    /// assert!(overcrowding::series::OccupancySeries::new(vec![]).is_err());
    /// ```
    pub fn new(points: Vec<OccupancyPoint>) -> Result<OccupancySeries> {
        strictly_increasing(points.iter().map(|p| p.date), "series")?;
        Ok(OccupancySeries { points })
    }

    /// The observations.
    ///
    /// ```
    /// # use overcrowding::series::{OccupancySeries, OccupancyPoint};
    /// # let s = OccupancySeries::new(vec![OccupancyPoint { date: "2021-01-01".parse().unwrap(), occupancy: overcrowding::occupancy(1, 2).unwrap() }]).unwrap();
    /// assert_eq!(s.points()[0].occupancy.percent(), 50.0);
    /// ```
    pub fn points(&self) -> &[OccupancyPoint] {
        &self.points
    }

    /// The change in percentage points of occupancy between two observed dates.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) when a date is not observed.
    ///
    /// ```
    /// # use overcrowding::series::{OccupancySeries, OccupancyPoint};
    /// # let s = OccupancySeries::new(vec![OccupancyPoint { date: "2021-01-01".parse().unwrap(), occupancy: overcrowding::occupancy(1, 2).unwrap() }]).unwrap();
    /// assert!(s.points_change("2021-01-01".parse().unwrap(), "2022-01-01".parse().unwrap()).is_err());
    /// ```
    pub fn points_change(&self, from: Date, to: Date) -> Result<f64> {
        let get = |d: Date| {
            self.points
                .binary_search_by_key(&d, |p| p.date)
                .map(|i| self.points[i].occupancy)
                .map_err(|_| Error::invalid("date", d, Constraint::Observed))
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
    /// use overcrowding::series::{OccupancySeries, OccupancyPoint};
    /// use overcrowding::{occupancy, Threshold};
    /// let p = |d: &str, n| OccupancyPoint { date: d.parse().unwrap(), occupancy: occupancy(n, 100).unwrap() };
    /// let s = OccupancySeries::new(vec![p("2019-12-31", 100), p("2020-12-31", 120), p("2021-12-31", 130)]).unwrap();
    /// let c = s.first_reaching(&Threshold::at_least("critical", 120.0).unwrap()).unwrap();
    /// assert_eq!(c.first_date.to_string(), "2020-12-31");
    /// ```
    pub fn first_reaching(&self, threshold: &Threshold) -> Option<DatedCrossing> {
        let i = self
            .points
            .iter()
            .position(|p| threshold.is_reached_by(&p.occupancy))?;
        Some(DatedCrossing {
            first_date: self.points[i].date,
            last_date_before: i.checked_sub(1).map(|j| self.points[j].date),
        })
    }
}

super::series_serde_via_new!(DatedSeries, DatedPoint);
super::series_serde_via_new!(OccupancySeries, OccupancyPoint);
