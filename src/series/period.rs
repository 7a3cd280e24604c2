//! The calendar periods a series is keyed by — a year, a quarter, a month or a day — and the
//! frequency of the regular ones.

use std::fmt;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::error::{Constraint, Error, Result};

mod sealed {
    pub trait Sealed {}
    impl Sealed for super::Year {}
    impl Sealed for super::Quarter {}
    impl Sealed for super::YearMonth {}
    impl Sealed for jiff::civil::Date {}
}

/// A calendar period that keys a [`Series`](super::Series): [`Year`], [`Quarter`],
/// [`YearMonth`] or a day ([`jiff::civil::Date`]). Periods of one kind are ordered in time
/// and step one after another, so a series knows its start, its end and its gaps.
///
/// ```
/// use overcrowding::series::{Period, Quarter, YearMonth};
/// let q = Quarter::of("2024-08-15".parse().unwrap());
/// assert_eq!(q.to_string(), "2024-Q3");
/// assert_eq!(q.step(2).unwrap().to_string(), "2025-Q1");
/// assert_eq!(YearMonth::new(2025, 1)?.steps_since(YearMonth::new(2024, 3)?), 10);
/// assert_eq!(<jiff::civil::Date as Period>::NAME, "date");
/// # Ok::<(), overcrowding::Error>(())
/// ```
pub trait Period:
    Copy + Ord + fmt::Display + fmt::Debug + Serialize + for<'de> Deserialize<'de> + sealed::Sealed
{
    /// What a period is called in messages: `"year"`, `"quarter"`, `"month"`, `"date"`.
    const NAME: &'static str;

    /// The period holding `date`.
    fn of(date: Date) -> Self;

    /// The period `n` periods later (earlier for negative `n`); `None` past the calendar.
    fn step(self, n: i64) -> Option<Self>;

    /// Whole periods from `earlier` to `self` (negative when `self` comes first).
    fn steps_since(self, earlier: Self) -> i64;
}

/// A period of a regular frequency — a [`Year`], [`Quarter`] or [`YearMonth`] — the periods a
/// forecast runs on. (Days are report dates: a [`Series`](super::Series) keyed by day has no
/// forecast frequency; total it per month, quarter or year first,
/// [`PeriodTotals`](crate::forecast::PeriodTotals).)
///
/// ```
/// use overcrowding::series::{Frequency, Quarter, RegularPeriod};
/// assert_eq!(Quarter::FREQUENCY, Frequency::Quarterly);
/// assert_eq!(Quarter::new(2024, 2)?.first_month().unwrap().to_string(), "2024-04");
/// # Ok::<(), overcrowding::Error>(())
/// ```
pub trait RegularPeriod: Period {
    /// The frequency of periods of this kind.
    const FREQUENCY: Frequency;

    /// The period's first month; `None` for a year beyond ±9999 (outside [`YearMonth`]'s
    /// calendar).
    fn first_month(self) -> Option<YearMonth>;
}

/// How often a regular series is observed: one value a month, a quarter or a year.
///
/// There is no daily frequency, on purpose: a day is a period of the series family
/// ([`Series<Date>`](super::Series), report dates), but reports come on irregular days (a day
/// without one is a gap, named, never a value), and the forecasting models this frequency
/// drives have seasons of months, quarters or years. To forecast reports made on days, total
/// them per period first ([`PeriodTotals`](crate::forecast::PeriodTotals)).
///
/// ```
/// use overcrowding::forecast::Frequency;
/// assert_eq!(Frequency::Monthly.period(), 12);
/// assert_eq!(Frequency::Quarterly.min_len(), 8);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
// The command line's `--frequency` values are these (one name for the concept); the help
// says how the periods are written.
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum Frequency {
    /// One value a month (season length 12).
    #[cfg_attr(feature = "cli", value(help = "Calendar months (YYYY-MM)."))]
    Monthly,
    /// One value a quarter (season length 4).
    #[cfg_attr(feature = "cli", value(help = "Calendar quarters (YYYY-Qn)."))]
    Quarterly,
    /// One value a year (no seasons).
    #[cfg_attr(
        feature = "cli",
        value(help = "Calendar years (YYYY): year-end counts, for example.")
    )]
    Yearly,
}

impl Frequency {
    /// Periods per year: the season length of seasonal models (1 for yearly data).
    ///
    /// ```
    /// assert_eq!(overcrowding::forecast::Frequency::Yearly.period(), 1);
    /// ```
    pub fn period(self) -> usize {
        match self {
            Frequency::Monthly => 12,
            Frequency::Quarterly => 4,
            Frequency::Yearly => 1,
        }
    }

    /// The fewest values [`RegularSeries::new`](crate::forecast::RegularSeries::new)
    /// accepts: 24 monthly, 8 quarterly, 6 yearly (two years, or six for yearly data; the
    /// issue asks for at most 36, 12 and 10). Seasonal models are only considered from three
    /// full seasons on.
    ///
    /// ```
    /// assert_eq!(overcrowding::forecast::Frequency::Monthly.min_len(), 24);
    /// ```
    pub fn min_len(self) -> usize {
        match self {
            Frequency::Monthly => 24,
            Frequency::Quarterly => 8,
            Frequency::Yearly => 6,
        }
    }

    /// Months per period: 1, 3 or 12.
    ///
    /// ```
    /// assert_eq!(overcrowding::forecast::Frequency::Quarterly.months(), 3);
    /// ```
    pub fn months(self) -> u8 {
        match self {
            Frequency::Monthly => 1,
            Frequency::Quarterly => 3,
            Frequency::Yearly => 12,
        }
    }

    /// The calendar period holding `date`, as its first month.
    ///
    /// ```
    /// use overcrowding::forecast::Frequency;
    /// let d = "2024-08-15".parse().unwrap();
    /// assert_eq!(Frequency::Quarterly.period_of(d).to_string(), "2024-07");
    /// assert_eq!(Frequency::Yearly.period_of(d).to_string(), "2024-01");
    /// ```
    pub fn period_of(self, date: Date) -> YearMonth {
        self.first_month_of(YearMonth::of(date))
    }

    /// The first month of the period holding `month` (within the same year, so always a
    /// month).
    pub(crate) fn first_month_of(self, month: YearMonth) -> YearMonth {
        let step = self.months();
        YearMonth {
            year: month.year,
            month: (month.month - 1) / step * step + 1,
        }
    }

    /// A period's label from its first month: `2024-05`, `2024-Q2` or `2024`.
    ///
    /// ```
    /// use overcrowding::{forecast::Frequency, series::YearMonth};
    /// assert_eq!(Frequency::Quarterly.period_label(YearMonth::new(2024, 4)?), "2024-Q2");
    /// assert_eq!(Frequency::Yearly.period_label(YearMonth::new(2024, 1)?), "2024");
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn period_label(self, start: YearMonth) -> String {
        match self {
            Frequency::Monthly => start.to_string(),
            Frequency::Quarterly => Quarter::of_month(start).to_string(),
            Frequency::Yearly => start.year().to_string(),
        }
    }

    /// A lower-case name for tables.
    ///
    /// ```
    /// assert_eq!(overcrowding::forecast::Frequency::Quarterly.label(), "quarterly");
    /// ```
    pub fn label(self) -> &'static str {
        match self {
            Frequency::Monthly => "monthly",
            Frequency::Quarterly => "quarterly",
            Frequency::Yearly => "yearly",
        }
    }
}

/// A calendar year (any `i32`).
///
/// ```
/// use overcrowding::series::{Period, Year};
/// assert_eq!(Year(2021).step(-27), Some(Year(1994)));
/// assert_eq!(Year(2021).steps_since(Year(1994)), 27);
/// assert_eq!(Year(2021).to_string(), "2021");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Year(pub i32);

impl fmt::Display for Year {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f) // width and alignment apply to the number
    }
}

impl Period for Year {
    const NAME: &'static str = "year";
    fn of(date: Date) -> Year {
        Year(i32::from(date.year()))
    }
    fn step(self, n: i64) -> Option<Year> {
        i32::try_from(i64::from(self.0).checked_add(n)?)
            .ok()
            .map(Year)
    }
    fn steps_since(self, earlier: Year) -> i64 {
        i64::from(self.0) - i64::from(earlier.0)
    }
}

impl RegularPeriod for Year {
    const FREQUENCY: Frequency = Frequency::Yearly;
    fn first_month(self) -> Option<YearMonth> {
        YearMonth::new(self.0, 1).ok()
    }
}

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
        check_year(year)?;
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
    /// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) ([`Constraint::InCalendar`](crate::error::Constraint::InCalendar)) when the month falls outside the years -9999 to 9999 (the
    /// range [`YearMonth::new`] accepts).
    pub fn plus(self, n: i32) -> Result<YearMonth> {
        YearMonth::from_index(self.index() + i64::from(n)).ok_or_else(|| {
            Error::invalid(
                "month",
                format_args!("{self} + {n} months"),
                Constraint::InCalendar,
            )
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

impl Period for YearMonth {
    const NAME: &'static str = "month";
    fn of(date: Date) -> YearMonth {
        YearMonth::of(date)
    }
    fn step(self, n: i64) -> Option<YearMonth> {
        YearMonth::from_index(self.index().checked_add(n)?)
    }
    fn steps_since(self, earlier: YearMonth) -> i64 {
        self.months_since(earlier)
    }
}

impl RegularPeriod for YearMonth {
    const FREQUENCY: Frequency = Frequency::Monthly;
    fn first_month(self) -> Option<YearMonth> {
        Some(self)
    }
}

/// A calendar quarter: year and quarter (1–4; Q1 is January to March). Orders by year, then
/// quarter.
///
/// ```
/// use overcrowding::series::{Period, Quarter};
/// let q = Quarter::new(2024, 4)?;
/// assert_eq!(q.to_string(), "2024-Q4");
/// assert_eq!(q.step(1).unwrap().to_string(), "2025-Q1");
/// assert!(Quarter::new(2024, 5).is_err());
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "RawQuarter", into = "RawQuarter")]
pub struct Quarter {
    year: i32,
    quarter: u8,
}

/// The serialised form of a [`Quarter`], checked by [`Quarter::new`] when read back.
#[derive(Serialize, Deserialize)]
struct RawQuarter {
    year: i32,
    quarter: u8,
}

impl TryFrom<RawQuarter> for Quarter {
    type Error = Error;
    fn try_from(r: RawQuarter) -> Result<Self> {
        Quarter::new(r.year, r.quarter)
    }
}

impl From<Quarter> for RawQuarter {
    fn from(q: Quarter) -> Self {
        RawQuarter {
            year: q.year,
            quarter: q.quarter,
        }
    }
}

impl Quarter {
    /// The quarter `quarter` (1–4) of `year`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) when `quarter` is not in 1–4 or the year is beyond
    /// ±9999.
    ///
    /// ```
    /// assert_eq!(overcrowding::series::Quarter::new(2017, 2)?.quarter(), 2);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn new(year: i32, quarter: u8) -> Result<Quarter> {
        if !(1..=4).contains(&quarter) {
            return Err(Error::invalid(
                "quarter",
                quarter,
                Constraint::Between { min: 1.0, max: 4.0 },
            ));
        }
        check_year(year)?;
        Ok(Quarter { year, quarter })
    }

    /// The quarter holding `month`.
    fn of_month(month: YearMonth) -> Quarter {
        Quarter {
            year: month.year,
            quarter: (month.month - 1) / 3 + 1,
        }
    }

    /// The year.
    ///
    /// ```
    /// assert_eq!(overcrowding::series::Quarter::new(2017, 2)?.year(), 2017);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn year(&self) -> i32 {
        self.year
    }

    /// The quarter, 1–4.
    ///
    /// ```
    /// assert_eq!(overcrowding::series::Quarter::new(2017, 3)?.quarter(), 3);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn quarter(&self) -> u8 {
        self.quarter
    }

    /// Quarters since year 0, Q1.
    fn index(self) -> i64 {
        4 * i64::from(self.year) + i64::from(self.quarter) - 1
    }
}

impl fmt::Display for Quarter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-Q{}", self.year, self.quarter)
    }
}

impl Period for Quarter {
    const NAME: &'static str = "quarter";
    fn of(date: Date) -> Quarter {
        Quarter::of_month(YearMonth::of(date))
    }
    fn step(self, n: i64) -> Option<Quarter> {
        let i = self.index().checked_add(n)?;
        let year = i32::try_from(i.div_euclid(4))
            .ok()
            .filter(|y| YEARS.contains(y))?;
        let quarter = u8::try_from(i.rem_euclid(4) + 1).ok()?;
        Some(Quarter { year, quarter })
    }
    fn steps_since(self, earlier: Quarter) -> i64 {
        self.index() - earlier.index()
    }
}

impl RegularPeriod for Quarter {
    const FREQUENCY: Frequency = Frequency::Quarterly;
    fn first_month(self) -> Option<YearMonth> {
        Some(YearMonth {
            year: self.year,
            month: (self.quarter - 1) * 3 + 1,
        })
    }
}

/// A day: the period of report dates (counts on the last Friday, at the month end).
impl Period for Date {
    const NAME: &'static str = "date";
    fn of(date: Date) -> Date {
        date
    }
    fn step(self, n: i64) -> Option<Date> {
        self.checked_add(jiff::Span::new().try_days(n).ok()?).ok()
    }
    fn steps_since(self, earlier: Date) -> i64 {
        i64::from(super::days_between(earlier, self))
    }
}

/// Checks a year is within ±9999 (the calendar of `jiff`).
fn check_year(year: i32) -> Result<()> {
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
    Ok(())
}
