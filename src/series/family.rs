//! The one series type: values keyed by calendar period, periods strictly increasing, gaps
//! allowed and named.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use std::collections::BTreeMap;

use super::period::{AnyPeriod, FixedPeriod, Frequency, Period};
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
/// dates, or every day), `Series<Date, Ratio>` (occupancy on report dates) and
/// `Series<AnyPeriod>` (a frequency chosen at run time: [`Series::totals`]). A series starts
/// at its first period ([`Series::start`]) and has the frequency of its periods
/// ([`Series::frequency`]); periods between the first and the last without a value are
/// gaps, named ([`Series::gaps`]) and never filled. Dated reports are placed in their period
/// by [`Series::from_dated`], which refuses two reports in one period rather than choosing one
/// silently. A gap-free run ([`Series::run_since_gap`]) is the input of a forecast
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
    /// not strictly increasing (a repeated period or out of order), or, for [`AnyPeriod`]s,
    /// not all of one kind ([`Constraint::SameAs`] the first's frequency).
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
        let frequency = points[0].period.frequency();
        if let Some(p) = points.iter().find(|p| p.period.frequency() != frequency) {
            return Err(Error::invalid(
                K::NAME,
                p.period,
                Constraint::SameAs {
                    other: frequency.label().to_string(),
                },
            ));
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

impl<K: FixedPeriod, V: Copy> Series<K, V> {
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
}

impl<K: Period, V: Copy> Series<K, V> {
    /// The frequency of the periods: daily, monthly, quarterly or yearly.
    ///
    /// ```
    /// use overcrowding::series::{Frequency, Point, Quarter, Series};
    /// let s = Series::new(vec![Point { period: Quarter::new(2024, 1)?, value: 3 }])?;
    /// assert_eq!(s.frequency(), Frequency::Quarterly);
    /// assert_eq!(Series::from_pairs([("2024-05-17", 3)])?.frequency(), Frequency::Daily);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn frequency(&self) -> Frequency {
        self.start().frequency()
    }

    /// The gap-free runs as index ranges, oldest first (at least one).
    fn runs(&self) -> Vec<std::ops::Range<usize>> {
        let mut out = Vec::new();
        let mut start = 0;
        for i in 1..=self.points.len() {
            let ends = i == self.points.len()
                || self.points[i].period.steps_since(self.points[i - 1].period) > 1;
            if ends {
                out.push(start..i);
                start = i;
            }
        }
        out
    }

    /// The gap-free run that ends with the last observation: what a forecast can use.
    ///
    /// ```
    /// use overcrowding::series::{Point, Series, Year};
    /// let p = |y, value| Point { period: Year(y), value };
    /// let s = Series::new(vec![p(2010, 5), p(2012, 6), p(2013, 7)])?;
    /// assert_eq!(s.run_since_gap().points().iter().map(|p| p.value).collect::<Vec<_>>(), [6, 7]);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn run_since_gap(&self) -> Series<K, V> {
        let start = self.runs().last().map_or(0, |r| r.start);
        Series {
            points: self.points[start..].to_vec(),
        }
    }

    /// The longest gap-free run (the latest of equally long ones).
    ///
    /// ```
    /// use overcrowding::series::{Point, Series, Year};
    /// let p = |y, value| Point { period: Year(y), value };
    /// let s = Series::new(vec![p(2010, 5), p(2011, 5), p(2013, 7)])?;
    /// assert_eq!(s.longest_run().len(), 2);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn longest_run(&self) -> Series<K, V> {
        let mut best = 0..1;
        for r in self.runs() {
            if r.len() >= best.len() {
                best = r;
            }
        }
        Series {
            points: self.points[best].to_vec(),
        }
    }
}

impl<K: Period> Series<K> {
    /// The totals per period of dated counts (for example each facility's population on each
    /// report date), each date in the period `period_of` gives it.
    ///
    /// # Semantics
    ///
    /// - Counts of one date are added up (facilities → the system); a sum that would overflow
    ///   is an error, never wrapped.
    /// - When a period has several report dates, **the last date's total** is the period's (a
    ///   stock is counted at the end of the period; the earlier reports are not added).
    /// - A period between the first and the last with no report is a gap
    ///   ([`Series::gaps`]), named, never filled; a forecast uses [`Series::run_since_gap`].
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Empty`] for no counts; [`ErrorKind::Overflow`] when the counts of one
    /// date add up past `u64::MAX`; as [`Series::new`] when `period_of` gives periods of
    /// different kinds.
    ///
    /// ```
    /// use overcrowding::series::{FixedPeriod, Quarter, Series};
    /// let d = |s: &str| s.parse::<jiff::civil::Date>().unwrap();
    /// let t = Series::from_totals([
    ///     (d("2023-03-31"), 60), (d("2023-03-31"), 40),   // two facilities: 100 in 2023-Q1
    ///     (d("2023-05-31"), 90), (d("2023-06-30"), 110),  // the last report of 2023-Q2 counts
    ///     (d("2023-12-31"), 120),                         // 2023-Q3 has no report
    /// ], Quarter::of)?;
    /// assert_eq!(t.points().iter().map(|p| p.value).collect::<Vec<_>>(), [100, 110, 120]);
    /// assert_eq!(t.gaps().map(|q| q.to_string()).collect::<Vec<_>>(), ["2023-Q3"]);
    /// assert_eq!(t.run_since_gap().len(), 1);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn from_totals<I: IntoIterator<Item = (Date, u64)>>(
        dated: I,
        period_of: impl Fn(Date) -> K,
    ) -> Result<Series<K>> {
        Series::from_by_date(&by_date(dated)?, period_of)
    }

    fn from_by_date(
        by_date: &BTreeMap<Date, u64>,
        period_of: impl Fn(Date) -> K,
    ) -> Result<Series<K>> {
        let mut by_period: BTreeMap<K, u64> = BTreeMap::new();
        for (&d, &t) in by_date {
            by_period.insert(period_of(d), t); // later dates replace earlier
        }
        Series::new(
            by_period
                .into_iter()
                .map(|(period, value)| Point { period, value })
                .collect(),
        )
    }
}

impl Series<AnyPeriod> {
    /// The totals of dated counts per period of `frequency`, chosen at run time (the command
    /// line's `--frequency`): [`Series::from_totals`] with [`Frequency::period_of`].
    ///
    /// # Errors
    ///
    /// As [`Series::from_totals`].
    ///
    /// ```
    /// use overcrowding::series::{Frequency, Series};
    /// let d = |s: &str| s.parse::<jiff::civil::Date>().unwrap();
    /// let t = Series::totals(Frequency::Daily, [(d("2024-05-01"), 60), (d("2024-05-01"), 40), (d("2024-05-03"), 90)])?;
    /// assert_eq!((t.frequency(), t.len()), (Frequency::Daily, 2));
    /// assert_eq!(t.gaps().map(|p| p.to_string()).collect::<Vec<_>>(), ["2024-05-02"]);
    /// assert!(Series::totals(Frequency::Monthly, [(d("2024-01-31"), u64::MAX), (d("2024-01-31"), 1)]).is_err());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn totals<I: IntoIterator<Item = (Date, u64)>>(
        frequency: Frequency,
        dated: I,
    ) -> Result<Series<AnyPeriod>> {
        Series::from_totals(dated, |d| frequency.period_of(d))
    }

    /// The sums per period of `frequency` of dated flows — people admitted or released
    /// *during* the period a report covers, each report `(date, Some(count))`, or
    /// `(date, None)` for a report that does not give the flow.
    ///
    /// # Semantics
    ///
    /// - **Every** report in a period is added (facilities and report dates: monthly flows make
    ///   yearly flows), unlike [`Series::totals`], where a stock's period takes its last date.
    /// - A period in which a report lacks the flow has unknown flows: it is left out, a gap
    ///   ([`Series::gaps`]), never a smaller sum.
    /// - A sum that would overflow is an error, never wrapped.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Empty`] when no period has known flows; [`ErrorKind::Overflow`] when a
    /// period's flows add up past `u64::MAX`.
    ///
    /// ```
    /// use overcrowding::series::{Frequency, Series};
    /// let d = |s: &str| s.parse::<jiff::civil::Date>().unwrap();
    /// let f = Series::flow_totals(Frequency::Yearly, [
    ///     (d("2022-06-30"), Some(40)), (d("2022-12-31"), Some(60)),  // 2022: 100
    ///     (d("2023-06-30"), Some(50)), (d("2023-12-31"), None),      // 2023: unknown
    ///     (d("2024-12-31"), Some(70)),
    /// ])?;
    /// assert_eq!(f.points().iter().map(|p| p.value).collect::<Vec<_>>(), [100, 70]);
    /// assert_eq!(f.gaps().map(|p| p.to_string()).collect::<Vec<_>>(), ["2023"]);
    /// assert!(Series::flow_totals(Frequency::Yearly, [(d("2024-12-31"), None)]).is_err());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn flow_totals<I: IntoIterator<Item = (Date, Option<u64>)>>(
        frequency: Frequency,
        dated: I,
    ) -> Result<Series<AnyPeriod>> {
        let mut by_period: BTreeMap<AnyPeriod, Option<u64>> = BTreeMap::new();
        for (d, n) in dated {
            let sum = by_period.entry(frequency.period_of(d)).or_insert(Some(0));
            *sum = match (*sum, n) {
                (Some(s), Some(n)) => {
                    Some(s.checked_add(n).ok_or(Error::from(ErrorKind::Overflow {
                        what: "flows of a period",
                    }))?)
                }
                _ => None,
            };
        }
        Series::new(
            by_period
                .into_iter()
                .filter_map(|(period, value)| {
                    Some(Point {
                        period,
                        value: value?,
                    })
                })
                .collect(),
        )
    }

    /// The totals at the finest of monthly, quarterly and yearly whose run since the last gap
    /// is long enough for a forecast ([`Frequency::min_len`]): monthly, else quarterly, else
    /// yearly. (Daily totals are asked for by name, [`Series::totals`]: reports a few days
    /// apart are no daily series.)
    ///
    /// # Errors
    ///
    /// As [`Series::from_totals`].
    ///
    /// ```
    /// use overcrowding::series::{Frequency, Series};
    /// let d = |y: i16, m: i8| jiff::civil::date(y, m, 1);
    /// // Ten years of reports every three months: not enough months in a row, quarters are.
    /// let t = Series::finest_totals((0..40).map(|k| (d(2015 + k / 4, (k % 4 * 3 + 1) as i8), 100)))?;
    /// assert_eq!((t.frequency(), t.len()), (Frequency::Quarterly, 40));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn finest_totals<I: IntoIterator<Item = (Date, u64)>>(
        dated: I,
    ) -> Result<Series<AnyPeriod>> {
        let by_date = by_date(dated)?;
        for frequency in [Frequency::Monthly, Frequency::Quarterly] {
            let t = Series::from_by_date(&by_date, |d| frequency.period_of(d))?;
            if t.run_since_gap().len() >= frequency.min_len() {
                return Ok(t);
            }
        }
        Series::from_by_date(&by_date, |d| Frequency::Yearly.period_of(d))
    }
}

/// Counts added up per date, checked.
fn by_date<I: IntoIterator<Item = (Date, u64)>>(dated: I) -> Result<BTreeMap<Date, u64>> {
    let mut totals: BTreeMap<Date, u64> = BTreeMap::new();
    for (d, n) in dated {
        let t = totals.entry(d).or_default();
        *t = t.checked_add(n).ok_or(Error::from(ErrorKind::Overflow {
            what: "total of one date",
        }))?;
    }
    Ok(totals)
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
