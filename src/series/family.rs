//! The one series type: values keyed by calendar period, periods strictly increasing, gaps
//! allowed and named.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::period::{Frequency, Period, RegularPeriod};
use crate::ErrorKind;
use crate::error::{Constraint, Error, Result};

/// One observation of a [`Series`]: a period and its value.
///
/// ```
/// use overcrowding::series::{Point, Year};
/// let p = Point { period: Year(2021), value: 39_000 };
/// assert_eq!(p.value, 39_000);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Point<K, V = u64> {
    /// The period: a [`Year`](super::Year), [`Quarter`](super::Quarter),
    /// [`YearMonth`](super::YearMonth) or day ([`Date`]).
    pub period: K,
    /// The value: a count (`u64`) unless said otherwise (an occupancy
    /// [`Ratio`](crate::Ratio)).
    pub value: V,
}

/// Values keyed by calendar period — one per year, quarter, month or day — periods strictly
/// increasing.
///
/// # Semantics
///
/// The family of the crate's series: `Series<Year>` (the World Prison Brief totals),
/// `Series<Quarter>`, `Series<YearMonth>` (monthly counts), `Series<Date>` (counts on report
/// dates) and `Series<Date, Ratio>` (occupancy on report dates). A series starts at its first
/// period ([`Series::start`]); periods between the first and the last without a value are
/// gaps, named ([`Series::gaps`]) and never filled. Dated reports are placed in their period
/// by [`Series::from_dated`], which refuses two reports in one period rather than choosing one
/// silently. A gap-free series of a regular frequency is the input of a forecast
/// ([`RegularSeries::from_series`](crate::forecast::RegularSeries::from_series)).
///
/// Serialised as `{"points": [{"period": …, "value": …}, …]}`, checked by [`Series::new`] when
/// read back.
///
/// ```
/// use overcrowding::series::{Series, YearMonth};
/// let d = |s: &str| s.parse::<jiff::civil::Date>().unwrap();
/// let s = Series::<YearMonth>::from_dated([(d("2017-05-26"), 85_500), (d("2017-07-28"), 86_000)])?;
/// assert_eq!(s.gaps().collect::<Vec<_>>(), [YearMonth::new(2017, 6)?]); // named, not filled
/// assert_eq!(s.value(YearMonth::new(2017, 7)?), Some(86_000));
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    try_from = "RawPoints<K, V>",
    into = "RawPoints<K, V>",
    bound(
        serialize = "K: Period, V: Serialize + Clone",
        deserialize = "K: Period, V: Deserialize<'de> + Copy"
    )
)]
pub struct Series<K, V = u64> {
    points: Vec<Point<K, V>>,
}

/// The serialised form of a [`Series`]: its points, checked by [`Series::new`] when read back.
#[derive(Serialize, Deserialize)]
struct RawPoints<K, V> {
    points: Vec<Point<K, V>>,
}

impl<K: Period, V: Copy> TryFrom<RawPoints<K, V>> for Series<K, V> {
    type Error = Error;
    fn try_from(r: RawPoints<K, V>) -> Result<Self> {
        Series::new(r.points)
    }
}

impl<K, V> From<Series<K, V>> for RawPoints<K, V> {
    fn from(s: Series<K, V>) -> Self {
        RawPoints { points: s.points }
    }
}

/// When a series first went above a level (or reached a threshold).
///
/// ```
/// use overcrowding::series::Series;
/// let s = Series::from_pairs([("2016-12-31", 21_989), ("2018-12-31", 31_686)])?;
/// let c = s.first_above(27_000).unwrap();
/// assert_eq!(c.first.to_string(), "2018-12-31");
/// assert_eq!(c.previous.unwrap().to_string(), "2016-12-31");
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FirstReached<K> {
    /// The first observed period at which the series was above the level.
    pub first: K,
    /// The observation before it (not above the level), if any: the crossing happened in
    /// between.
    pub previous: Option<K>,
}

impl<K: Period, V: Copy> Series<K, V> {
    /// A series from points.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Empty`] for no points; [`ErrorKind::InvalidParameter`] when periods are
    /// not strictly increasing (a repeated period or out of order).
    ///
    /// ```
    /// use overcrowding::series::{Point, Series, Year};
    /// let p = |year, value| Point { period: Year(year), value };
    /// assert!(Series::new(vec![p(2018, 1), p(2016, 2)]).is_err());
    /// assert!(Series::<Year>::new(vec![]).is_err());
    /// assert_eq!(Series::new(vec![p(2016, 1), p(2018, 2)])?.len(), 2);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn new(points: Vec<Point<K, V>>) -> Result<Series<K, V>> {
        if points.is_empty() {
            return Err(Error::from(ErrorKind::Empty { what: "series" }));
        }
        if let Some(w) = points.windows(2).find(|w| w[1].period <= w[0].period) {
            return Err(Error::invalid(
                K::NAME,
                w[1].period,
                Constraint::StrictlyIncreasing {
                    previous: w[0].period.to_string(),
                },
            ));
        }
        Ok(Series { points })
    }

    /// Places dated reports (in any order) in the period each date falls in.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Empty`] for no reports; [`ErrorKind::InvalidParameter`] when two dates
    /// fall in the same period (the message names both: which to keep is the caller's
    /// choice).
    ///
    /// ```
    /// use overcrowding::series::{Series, YearMonth};
    /// let d = |s: &str| s.parse::<jiff::civil::Date>().unwrap();
    /// let err = Series::<YearMonth>::from_dated([(d("2017-05-26"), 1), (d("2017-05-31"), 2)]).unwrap_err();
    /// assert_eq!(
    ///     err.to_string(),
    ///     "report date 2017-05-31 falls in 2017-05 with 2017-05-26: one value per period"
    /// );
    /// ```
    pub fn from_dated<I: IntoIterator<Item = (Date, V)>>(reports: I) -> Result<Series<K, V>> {
        let mut obs: Vec<(Date, V)> = reports.into_iter().collect();
        obs.sort_by_key(|o| o.0);
        if let Some(w) = obs.windows(2).find(|w| K::of(w[0].0) == K::of(w[1].0)) {
            return Err(Error::invalid(
                "report date",
                w[1].0,
                Constraint::OnePerPeriod {
                    period: K::of(w[0].0).to_string(),
                    other: w[0].0.to_string(),
                },
            ));
        }
        Series::new(
            obs.into_iter()
                .map(|(d, value)| Point {
                    period: K::of(d),
                    value,
                })
                .collect(),
        )
    }

    /// The observations, oldest first.
    ///
    /// ```
    /// use overcrowding::series::Series;
    /// let s = Series::from_pairs([("2021-01-31", 7)])?;
    /// assert_eq!(s.points()[0].value, 7);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn points(&self) -> &[Point<K, V>] {
        &self.points
    }

    /// The number of observations (≥ 1).
    ///
    /// ```
    /// use overcrowding::series::Series;
    /// assert_eq!(Series::from_pairs([("2021-01-31", 7)])?.len(), 1);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    #[allow(clippy::len_without_is_empty)] // never empty
    pub fn len(&self) -> usize {
        self.points.len()
    }

    /// The first observed period: where the series starts.
    ///
    /// ```
    /// use overcrowding::series::{Point, Series, YearMonth};
    /// let s = Series::new(vec![Point { period: YearMonth::new(2024, 1)?, value: 3 }])?;
    /// assert_eq!(s.start().to_string(), "2024-01");
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn start(&self) -> K {
        self.points[0].period
    }

    /// The last observed period.
    ///
    /// ```
    /// use overcrowding::series::{Point, Series, YearMonth};
    /// let s = Series::new(vec![Point { period: YearMonth::new(2024, 1)?, value: 3 }])?;
    /// assert_eq!(s.end().to_string(), "2024-01");
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn end(&self) -> K {
        self.points[self.points.len() - 1].period
    }

    /// The value in `period`, if observed.
    ///
    /// ```
    /// use overcrowding::series::{Point, Series, Year};
    /// let s = Series::new(vec![Point { period: Year(2016), value: 7 }])?;
    /// assert_eq!(s.value(Year(2016)), Some(7));
    /// assert_eq!(s.value(Year(2017)), None);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn value(&self, period: K) -> Option<V> {
        self.points
            .binary_search_by_key(&period, |p| p.period)
            .ok()
            .map(|i| self.points[i].value)
    }

    /// The latest observation on or before `period`.
    ///
    /// ```
    /// use overcrowding::series::Series;
    /// let s = Series::from_pairs([("2021-01-01", 7), ("2021-06-01", 9)])?;
    /// assert_eq!(s.latest_on_or_before("2021-05-31".parse().unwrap()).unwrap().value, 7);
    /// assert!(s.latest_on_or_before("2020-12-31".parse().unwrap()).is_none());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn latest_on_or_before(&self, period: K) -> Option<Point<K, V>> {
        let i = self.points.partition_point(|p| p.period <= period);
        i.checked_sub(1).map(|i| self.points[i])
    }

    /// The observations in `from..=to`.
    ///
    /// ```
    /// use overcrowding::series::{Point, Series, YearMonth};
    /// let p = |m, value| Point { period: YearMonth::new(2024, m).unwrap(), value };
    /// let s = Series::new(vec![p(1, 5), p(2, 6), p(4, 8)])?;
    /// assert_eq!(s.window(YearMonth::new(2024, 2)?, YearMonth::new(2024, 12)?).len(), 2);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn window(&self, from: K, to: K) -> &[Point<K, V>] {
        let lo = self.points.partition_point(|p| p.period < from);
        let hi = self.points.partition_point(|p| p.period <= to);
        &self.points[lo..hi.max(lo)]
    }

    /// The periods between the first and the last observation that have no value, oldest
    /// first (for report dates: every day without a report). Lazy: a series of the years
    /// 1 and 2,000,000,000 names its gaps one by one, never all at once.
    ///
    /// ```
    /// use overcrowding::series::{Point, Series, YearMonth};
    /// let p = |m, value| Point { period: YearMonth::new(2024, m).unwrap(), value };
    /// let s = Series::new(vec![p(1, 5), p(2, 6), p(5, 8)])?;
    /// assert_eq!(s.gaps().count(), 2); // March and April
    /// assert_eq!(s.gaps().next(), Some(YearMonth::new(2024, 3)?));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn gaps(&self) -> impl Iterator<Item = K> + '_ {
        self.points.windows(2).flat_map(|w| {
            // Both ends are valid periods, so every period between them is one.
            let end = w[1].period;
            std::iter::successors(w[0].period.step(1), |p| p.step(1)).take_while(move |p| *p < end)
        })
    }
}

impl<K: RegularPeriod, V: Copy> Series<K, V> {
    /// The frequency of the periods: monthly, quarterly or yearly.
    ///
    /// ```
    /// use overcrowding::series::{Frequency, Point, Quarter, Series};
    /// let s = Series::new(vec![Point { period: Quarter::new(2024, 1)?, value: 3 }])?;
    /// assert_eq!(s.frequency(), Frequency::Quarterly);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn frequency(&self) -> Frequency {
        K::FREQUENCY
    }
}

impl<K: Period, V: Copy + PartialOrd> Series<K, V> {
    /// The first observation strictly above `level`, and the one before it.
    ///
    /// ```
    /// use overcrowding::series::Series;
    /// let s = Series::from_pairs([("2021-01-01", 5)])?;
    /// assert!(s.first_above(5).is_none());
    /// assert!(s.first_above(4).unwrap().previous.is_none());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn first_above(&self, level: V) -> Option<FirstReached<K>> {
        self.first_where(|v| *v > level)
    }
}

impl<K: Period, V: Copy> Series<K, V> {
    /// The first observation whose value passes `test`, and the one before it.
    pub(crate) fn first_where(&self, test: impl Fn(&V) -> bool) -> Option<FirstReached<K>> {
        let i = self.points.iter().position(|p| test(&p.value))?;
        Some(FirstReached {
            first: self.points[i].period,
            previous: i.checked_sub(1).map(|j| self.points[j].period),
        })
    }
}

impl<V: Copy> Series<Date, V> {
    /// A series from `(YYYY-MM-DD, value)` pairs, dates strictly increasing.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidValue`] when a date does not parse; otherwise as [`Series::new`].
    ///
    /// ```
    /// use overcrowding::series::Series;
    /// assert!(Series::from_pairs([("2021-02-30", 1)]).is_err());
    /// assert_eq!(Series::from_pairs([("2021-02-28", 1)])?.len(), 1);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn from_pairs<'a>(
        pairs: impl IntoIterator<Item = (&'a str, V)>,
    ) -> Result<Series<Date, V>> {
        let points = pairs
            .into_iter()
            .map(|(d, value)| {
                let date = d.parse().map_err(|e: jiff::Error| Error::bad_date(d, e))?;
                Ok(Point {
                    period: date,
                    value,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Series::new(points)
    }
}
