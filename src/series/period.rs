//! The calendar periods a series is keyed by — a year, a quarter, a month or a day, fixed at
//! compile time or chosen at run time ([`AnyPeriod`]) — and their frequency.

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
    impl Sealed for super::AnyPeriod {}
}

/// A calendar period that keys a [`Series`](super::Series): [`Year`], [`Quarter`],
/// [`YearMonth`], a day ([`jiff::civil::Date`]) — the kinds fixed at compile time
/// ([`FixedPeriod`]) — or [`AnyPeriod`], one of the four chosen at run time. Periods of one
/// kind are ordered in time and step one after another, so a series knows its start, its end,
/// its frequency and its gaps.
///
/// ```
/// use overcrowding::series::{FixedPeriod, Frequency, Period, Quarter, YearMonth};
/// let q = Quarter::of("2024-08-15".parse().unwrap());
/// assert_eq!(q.to_string(), "2024-Q3");
/// assert_eq!(q.step(2).unwrap().to_string(), "2025-Q1");
/// assert_eq!(q.frequency(), Frequency::Quarterly);
/// assert_eq!(YearMonth::new(2025, 1)?.steps_since(YearMonth::new(2024, 3)?), 10);
/// assert_eq!(<jiff::civil::Date as Period>::NAME, "date");
/// # Ok::<(), overcrowding::Error>(())
/// ```
pub trait Period:
    Copy + Ord + fmt::Display + fmt::Debug + Serialize + for<'de> Deserialize<'de> + sealed::Sealed
{
    /// What a period is called in messages: `"year"`, `"quarter"`, `"month"`, `"date"`,
    /// `"period"`.
    const NAME: &'static str;

    /// The period `n` periods later (earlier for negative `n`); `None` past the calendar.
    fn step(self, n: i64) -> Option<Self>;

    /// Whole periods from `earlier` to `self` (negative when `self` comes first).
    fn steps_since(self, earlier: Self) -> i64;

    /// The frequency of periods of this kind.
    fn frequency(self) -> Frequency;

    /// The same period as an [`AnyPeriod`].
    fn to_any(self) -> AnyPeriod;
}

/// A period kind fixed at compile time — [`Year`], [`Quarter`], [`YearMonth`] or a day
/// ([`jiff::civil::Date`]) — which places any date in its period
/// ([`Series::from_dated`](super::Series::from_dated)). At run time the frequency picks the
/// period instead: [`Frequency::period_of`].
///
/// ```
/// use overcrowding::series::{FixedPeriod, Frequency, Quarter};
/// assert_eq!(Quarter::FREQUENCY, Frequency::Quarterly);
/// assert_eq!(Quarter::of("2024-05-17".parse().unwrap()), Quarter::new(2024, 2)?);
/// # Ok::<(), overcrowding::Error>(())
/// ```
pub trait FixedPeriod: Period {
    /// The frequency of periods of this kind.
    const FREQUENCY: Frequency;

    /// The period holding `date`.
    fn of(date: Date) -> Self;
}

/// How often a regular series is observed: one value a day, a month, a quarter or a year.
///
/// # Daily series
///
/// A day is a period like the others: counts reported every day (a jail's population each
/// morning) form a daily series, its missing days named as gaps
/// ([`Series::gaps`](super::Series::gaps)), never filled. Its season is the **week**
/// ([`Frequency::period`] is 7): jail populations move with the weekday calendar of courts
/// and bookings, and the default forecast adjusts for that pattern when the autocorrelation
/// at lag 7 shows it (three weeks of values at least). The annual cycle (holidays, summer) is
/// not modelled for daily data: total the days per month for it. The default needs four
/// weeks ([`Frequency::min_len`]); its intervals are calibrated on the series' own multi-step
/// errors, so a short daily history forecast far ahead gets wide intervals, extrapolated
/// from the horizons it has errors for — forecast a few weeks from a few months, not a year
/// from a month. Days are no whole number of months ([`Frequency::months`] is `None`); charts
/// keyed by month (`plot::FanPoint`, feature `plot`) refuse them.
///
/// ```
/// use overcrowding::forecast::Frequency;
/// assert_eq!(Frequency::Monthly.period(), 12);
/// assert_eq!(Frequency::Daily.period(), 7);
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
    /// One value a day (season length 7: the week).
    #[cfg_attr(
        feature = "cli",
        value(help = "Days (YYYY-MM-DD): a jail's population each morning, for example.")
    )]
    Daily,
}

impl Frequency {
    /// The season length of seasonal models: periods per year (12, 4, 1 for yearly data, so
    /// no seasons), and for daily data the week, 7.
    ///
    /// ```
    /// assert_eq!(overcrowding::forecast::Frequency::Yearly.period(), 1);
    /// ```
    pub fn period(self) -> usize {
        match self {
            Frequency::Monthly => 12,
            Frequency::Quarterly => 4,
            Frequency::Yearly => 1,
            Frequency::Daily => 7,
        }
    }

    /// The fewest values [`RegularSeries::new`](crate::forecast::RegularSeries::new)
    /// accepts: 24 monthly, 8 quarterly, 6 yearly (two years, or six for yearly data; the
    /// issue asks for at most 36, 12 and 10), 28 daily (four weeks). Seasonal models are
    /// only considered from three full seasons on.
    ///
    /// ```
    /// assert_eq!(overcrowding::forecast::Frequency::Monthly.min_len(), 24);
    /// assert_eq!(overcrowding::forecast::Frequency::Daily.min_len(), 28);
    /// ```
    pub fn min_len(self) -> usize {
        match self {
            Frequency::Monthly => 24,
            Frequency::Quarterly => 8,
            Frequency::Yearly => 6,
            Frequency::Daily => 28,
        }
    }

    /// Months per period: 1, 3 or 12; `None` for days (no whole number of months).
    ///
    /// ```
    /// use overcrowding::forecast::Frequency;
    /// assert_eq!(Frequency::Quarterly.months(), Some(3));
    /// assert_eq!(Frequency::Daily.months(), None);
    /// ```
    pub fn months(self) -> Option<u8> {
        match self {
            Frequency::Monthly => Some(1),
            Frequency::Quarterly => Some(3),
            Frequency::Yearly => Some(12),
            Frequency::Daily => None,
        }
    }

    /// The periods that cover `months` months: the months, a quarter per three, a year per
    /// twelve (rounded up), or the days (30.4375 a month, rounded up); at least 1.
    ///
    /// ```
    /// use overcrowding::forecast::Frequency;
    /// assert_eq!(Frequency::Quarterly.periods_in_months(24), 8);
    /// assert_eq!(Frequency::Yearly.periods_in_months(18), 2);
    /// assert_eq!(Frequency::Daily.periods_in_months(2), 61);
    /// ```
    pub fn periods_in_months(self, months: usize) -> usize {
        match self.months() {
            Some(m) => months.div_ceil(usize::from(m)),
            // 365.25 / 12 days a month, exact in quarters of a day.
            None => (months.saturating_mul(1461)).div_ceil(48),
        }
        .max(1)
    }

    /// The calendar period holding `date`.
    ///
    /// ```
    /// use overcrowding::forecast::Frequency;
    /// let d = "2024-08-15".parse().unwrap();
    /// assert_eq!(Frequency::Quarterly.period_of(d).to_string(), "2024-Q3");
    /// assert_eq!(Frequency::Yearly.period_of(d).to_string(), "2024");
    /// assert_eq!(Frequency::Daily.period_of(d).to_string(), "2024-08-15");
    /// ```
    pub fn period_of(self, date: Date) -> AnyPeriod {
        match self {
            Frequency::Monthly => AnyPeriod::Month(YearMonth::of(date)),
            Frequency::Quarterly => AnyPeriod::Quarter(Quarter::of(date)),
            Frequency::Yearly => AnyPeriod::Year(Year::of(date)),
            Frequency::Daily => AnyPeriod::Day(date),
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
            Frequency::Daily => "daily",
        }
    }

    /// The name of one period, and of several: `("month", "months")`, `("day", "days")`.
    ///
    /// ```
    /// assert_eq!(overcrowding::forecast::Frequency::Daily.nouns(), ("day", "days"));
    /// ```
    pub fn nouns(self) -> (&'static str, &'static str) {
        match self {
            Frequency::Monthly => ("month", "months"),
            Frequency::Quarterly => ("quarter", "quarters"),
            Frequency::Yearly => ("year", "years"),
            Frequency::Daily => ("day", "days"),
        }
    }
}

/// A period whose kind is chosen at run time — a year, a quarter, a month or a day — as a
/// frequency picks it ([`Frequency::period_of`]): the key of a series whose frequency a user
/// chose (`Series<AnyPeriod>`, [`Series::totals`](super::Series::totals)), the periods of a
/// forecast ([`Forecast::periods`](crate::forecast::Forecast::periods)). Written as its kind
/// is (`2024`, `2024-Q2`, `2024-05`, `2024-05-17`). Periods of one kind order in time; a
/// series holds periods of one kind only.
///
/// ```
/// use overcrowding::series::{AnyPeriod, Frequency, Period, Quarter};
/// let p = AnyPeriod::from(Quarter::new(2024, 4)?);
/// assert_eq!((p.to_string(), p.frequency()), ("2024-Q4".to_string(), Frequency::Quarterly));
/// assert_eq!(p.step(1).unwrap().to_string(), "2025-Q1");
/// assert_eq!(p.first_day().unwrap().to_string(), "2024-10-01");
/// assert_eq!(p.last_day().unwrap().to_string(), "2024-12-31");
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AnyPeriod {
    /// A calendar year.
    Year(Year),
    /// A calendar quarter.
    Quarter(Quarter),
    /// A calendar month.
    Month(YearMonth),
    /// A day.
    Day(Date),
}

impl AnyPeriod {
    /// The period's first day; `None` for a year beyond ±9999 (outside the calendar).
    ///
    /// ```
    /// use overcrowding::series::{AnyPeriod, Year};
    /// assert_eq!(AnyPeriod::Year(Year(2024)).first_day().unwrap().to_string(), "2024-01-01");
    /// ```
    pub fn first_day(self) -> Option<Date> {
        match self {
            AnyPeriod::Day(d) => Some(d),
            p => {
                let m = p.first_month()?;
                Date::new(i16::try_from(m.year).ok()?, m.month as i8, 1).ok()
            }
        }
    }

    /// The period's last day; `None` for a year beyond ±9999.
    ///
    /// ```
    /// use overcrowding::series::{AnyPeriod, YearMonth};
    /// assert_eq!(AnyPeriod::Month(YearMonth::new(2024, 2)?).last_day().unwrap().to_string(), "2024-02-29");
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn last_day(self) -> Option<Date> {
        match self {
            AnyPeriod::Day(d) => Some(d),
            p => {
                let next = p.step(1)?.first_day()?;
                next.yesterday().ok()
            }
        }
    }

    /// The period's first month, for a year, a quarter or a month (`None` for a day, which is
    /// no month, and for a year beyond ±9999).
    ///
    /// ```
    /// use overcrowding::series::{AnyPeriod, Quarter};
    /// assert_eq!(AnyPeriod::Quarter(Quarter::new(2024, 2)?).first_month().unwrap().to_string(), "2024-04");
    /// assert_eq!(AnyPeriod::Day("2024-05-17".parse().unwrap()).first_month(), None);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn first_month(self) -> Option<YearMonth> {
        match self {
            AnyPeriod::Year(y) => YearMonth::new(y.0, 1).ok(),
            AnyPeriod::Quarter(q) => Some(YearMonth {
                year: q.year,
                month: (q.quarter - 1) * 3 + 1,
            }),
            AnyPeriod::Month(m) => Some(m),
            AnyPeriod::Day(_) => None,
        }
    }

    /// The calendar year the period lies in.
    ///
    /// ```
    /// use overcrowding::series::AnyPeriod;
    /// assert_eq!(AnyPeriod::Day("2024-05-17".parse().unwrap()).year(), 2024);
    /// ```
    pub fn year(self) -> i32 {
        match self {
            AnyPeriod::Year(y) => y.0,
            AnyPeriod::Quarter(q) => q.year,
            AnyPeriod::Month(m) => m.year,
            AnyPeriod::Day(d) => i32::from(d.year()),
        }
    }

    /// Periods since a fixed origin of the period's kind (year 0, its first quarter, month
    /// or day): one axis for series of one frequency.
    pub(crate) fn ordinal(self) -> i64 {
        match self {
            AnyPeriod::Year(y) => i64::from(y.0),
            AnyPeriod::Quarter(q) => q.index(),
            AnyPeriod::Month(m) => m.index(),
            AnyPeriod::Day(d) => i64::from(super::days_between(jiff::civil::date(0, 1, 1), d)),
        }
    }
}

impl fmt::Display for AnyPeriod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AnyPeriod::Year(y) => fmt::Display::fmt(y, f),
            AnyPeriod::Quarter(q) => fmt::Display::fmt(q, f),
            AnyPeriod::Month(m) => fmt::Display::fmt(m, f),
            AnyPeriod::Day(d) => fmt::Display::fmt(d, f),
        }
    }
}

impl From<Year> for AnyPeriod {
    fn from(p: Year) -> AnyPeriod {
        AnyPeriod::Year(p)
    }
}

impl From<Quarter> for AnyPeriod {
    fn from(p: Quarter) -> AnyPeriod {
        AnyPeriod::Quarter(p)
    }
}

impl From<YearMonth> for AnyPeriod {
    fn from(p: YearMonth) -> AnyPeriod {
        AnyPeriod::Month(p)
    }
}

impl From<Date> for AnyPeriod {
    fn from(p: Date) -> AnyPeriod {
        AnyPeriod::Day(p)
    }
}

impl Period for AnyPeriod {
    const NAME: &'static str = "period";
    fn step(self, n: i64) -> Option<AnyPeriod> {
        match self {
            AnyPeriod::Year(p) => p.step(n).map(AnyPeriod::Year),
            AnyPeriod::Quarter(p) => p.step(n).map(AnyPeriod::Quarter),
            AnyPeriod::Month(p) => p.step(n).map(AnyPeriod::Month),
            AnyPeriod::Day(p) => p.step(n).map(AnyPeriod::Day),
        }
    }
    /// Whole periods of `self`'s kind from the period of that kind holding `earlier`'s first
    /// day (periods of one kind: as for that kind).
    fn steps_since(self, earlier: AnyPeriod) -> i64 {
        let earlier = match (self.frequency() == earlier.frequency(), earlier.first_day()) {
            (true, _) => earlier,
            (false, Some(d)) => self.frequency().period_of(d),
            // A year beyond the calendar: its periods since year 0.
            (false, None) => return self.ordinal() - earlier.ordinal(),
        };
        self.ordinal() - earlier.ordinal()
    }
    fn frequency(self) -> Frequency {
        match self {
            AnyPeriod::Year(_) => Frequency::Yearly,
            AnyPeriod::Quarter(_) => Frequency::Quarterly,
            AnyPeriod::Month(_) => Frequency::Monthly,
            AnyPeriod::Day(_) => Frequency::Daily,
        }
    }
    fn to_any(self) -> AnyPeriod {
        self
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
    fn step(self, n: i64) -> Option<Year> {
        i32::try_from(i64::from(self.0).checked_add(n)?)
            .ok()
            .map(Year)
    }
    fn steps_since(self, earlier: Year) -> i64 {
        i64::from(self.0) - i64::from(earlier.0)
    }
    fn frequency(self) -> Frequency {
        Frequency::Yearly
    }
    fn to_any(self) -> AnyPeriod {
        AnyPeriod::Year(self)
    }
}

impl FixedPeriod for Year {
    const FREQUENCY: Frequency = Frequency::Yearly;
    fn of(date: Date) -> Year {
        Year(i32::from(date.year()))
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
    fn step(self, n: i64) -> Option<YearMonth> {
        YearMonth::from_index(self.index().checked_add(n)?)
    }
    fn steps_since(self, earlier: YearMonth) -> i64 {
        self.months_since(earlier)
    }
    fn frequency(self) -> Frequency {
        Frequency::Monthly
    }
    fn to_any(self) -> AnyPeriod {
        AnyPeriod::Month(self)
    }
}

impl FixedPeriod for YearMonth {
    const FREQUENCY: Frequency = Frequency::Monthly;
    fn of(date: Date) -> YearMonth {
        YearMonth::of(date)
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
    fn frequency(self) -> Frequency {
        Frequency::Quarterly
    }
    fn to_any(self) -> AnyPeriod {
        AnyPeriod::Quarter(self)
    }
}

impl FixedPeriod for Quarter {
    const FREQUENCY: Frequency = Frequency::Quarterly;
    fn of(date: Date) -> Quarter {
        Quarter::of_month(YearMonth::of(date))
    }
}

/// A day: the period of report dates (counts on the last Friday, at the month end) and of
/// daily series.
impl Period for Date {
    const NAME: &'static str = "date";
    fn step(self, n: i64) -> Option<Date> {
        self.checked_add(jiff::Span::new().try_days(n).ok()?).ok()
    }
    fn steps_since(self, earlier: Date) -> i64 {
        i64::from(super::days_between(earlier, self))
    }
    fn frequency(self) -> Frequency {
        Frequency::Daily
    }
    fn to_any(self) -> AnyPeriod {
        AnyPeriod::Day(self)
    }
}

/// A day.
impl FixedPeriod for Date {
    const FREQUENCY: Frequency = Frequency::Daily;
    fn of(date: Date) -> Date {
        date
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
