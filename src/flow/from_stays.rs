//! The population projected from person-level stays, starting from the people held on the
//! origin day with the time each has already served, and a rolling-origin backtest of that
//! projection over a stays history against the naive forecast.
//!
//! # Projection ([`StaysProjector::project`])
//!
//! Everything comes from what was known on the origin day:
//!
//! 1. **the stock**: the people held on the origin day by full months served
//!    ([`Stock::from_stays`]);
//! 2. **the stay distribution**: the Kaplan–Meier curve `S` as of the origin
//!    ([`Stays::kaplan_meier`]: stays still running then are censored there), turned into
//!    the monthly exit probability of someone who has served `a` full months: with `S̄(a)` the
//!    mean of `S` over served times `[a·M, (a+1)·M)` days (`M` = [`DAYS_PER_MONTH`]),
//!    `h(a) = 1 − S̄(a+1) / S̄(a)` (1 once `S̄` is 0). Past the longest stay seen, `S` stays at
//!    its last value: people who have served longer than anyone released so far do not leave
//!    (the data cannot say when they will);
//! 3. **admissions**: [`AdmissionsAssumption::RecentMean`] (by default the admissions dated
//!    in the 12 calendar months before the origin, as a rate per `M` days) or, to measure
//!    the stock-and-stay part of the error alone, [`AdmissionsAssumption::Observed`].
//!
//! Then the cohort model's monthly path runs with the whole population as one stream (stays
//! carry no conviction events): the stock leaves by `h(age)`, and each month's admissions join the
//! next month-start count as `A · S̄(0)`, since people admitted and released within the month
//! are never in a count (admissions spread evenly over the month). The projection at `h`
//! months is the expected number held on the day `origin + h` calendar months, the midnight
//! count of [`Stays::daily_population`]. With one admission a day and stays of exactly 60
//! days the projection is 60.0 from the second month on (a test checks it).
//!
//! # Backtest ([`StaysBacktest`])
//!
//! For every origin — the first day of each month from the first to the last origin month,
//! every `step` months — the projection is made as above and compared at each horizon with
//! the population counted from the stays on the target day; the naive forecast is the
//! population of the origin day. A target after `observed_until` (the day the stays were
//! extracted: later admissions are unknown) is counted as missing, never scored; an origin
//! before any admission gives no projection and is counted too. Errors are `forecast −
//! observed` in people, summarised per horizon for the projection
//! ([`Evaluated::StaysProjection`]) and for naive on the same origins by the crate's one
//! report, [`EvaluationReport`] (bias, MAE, RMSE, MAPE; no MASE, no intervals; origins and
//! targets are days, [`AnyPeriod::Day`]).

use crate::ErrorKind;
use crate::error::Constraint;
use jiff::Span;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::cohort::{Admissions, StreamSpec};
use super::stay::StayDistribution;
use super::stays::{KaplanMeier, Stays, day_number};
use super::stock::{DAYS_PER_MONTH, Stock};
use crate::error::{Error, Result};
use crate::forecast::accuracy::{Made, ReportBuilder};
use crate::forecast::{Evaluated, EvaluationReport, ForecastMethod, Frequency, Origin};
use crate::series::{AnyPeriod, YearMonth};

/// The longest horizon of a projection from stays: 1,200 months (100 years).
///
/// ```
/// assert_eq!(overcrowding::flow::from_stays::MAX_STAYS_HORIZON, 1_200);
/// ```
pub const MAX_STAYS_HORIZON: usize = 1_200;

/// The most origins one [`StaysBacktest`] runs: 12,000 (1,000 years of months).
///
/// ```
/// assert_eq!(overcrowding::flow::from_stays::MAX_ORIGINS, 12_000);
/// ```
pub const MAX_ORIGINS: usize = 12_000;

/// How future admissions are set.
///
/// ```
/// use overcrowding::flow::from_stays::AdmissionsAssumption;
/// assert_ne!(AdmissionsAssumption::RecentMean { months: 12 }, AdmissionsAssumption::Observed);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AdmissionsAssumption {
    /// The mean admissions of the last `months` calendar months before the origin, every
    /// month (known on the origin day: a forecast). `months` is 1 to 1,200.
    RecentMean {
        /// Calendar months averaged.
        months: u32,
    },
    /// The admissions that did happen after the origin. Not known on the origin day, so not
    /// a forecast: it isolates the error of the stock and the stays.
    Observed,
}

/// Projects a population from stays (see the [module docs](crate::flow::from_stays)).
///
/// ```
/// use overcrowding::flow::from_stays::{AdmissionsAssumption, StaysProjector};
/// let p = StaysProjector::new().with_admissions(AdmissionsAssumption::RecentMean { months: 6 });
/// assert_eq!(p.admissions(), AdmissionsAssumption::RecentMean { months: 6 });
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaysProjector {
    admissions: AdmissionsAssumption,
}

impl Default for StaysProjector {
    fn default() -> Self {
        StaysProjector::new()
    }
}

/// A projection from stays.
///
/// ```
/// use overcrowding::flow::{from_stays::StaysProjector, stays::{StayRecord, Stays}};
/// let d = |s: &str| s.parse::<jiff::civil::Date>().unwrap();
/// // One admission a day from 2020-01-01, each held exactly 60 days.
/// let recs: Vec<_> = (0..900).map(|k| {
///     let a = d("2020-01-01").checked_add(jiff::Span::new().days(k)).unwrap();
///     StayRecord::new(Some(a), Some(a.checked_add(jiff::Span::new().days(60)).unwrap()), "A", None)
/// }).collect();
/// let p = StaysProjector::new().project(&Stays::from_records(&recs), d("2021-06-01"), 6)?;
/// assert_eq!((p.stock.total(), p.dates[6]), (60.0, d("2021-12-01")));
/// approx::assert_relative_eq!(p.held[6], 60.0, max_relative = 1e-9);
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StaysProjection {
    /// The origin day.
    pub origin: Date,
    /// The people held on the origin day, by months served.
    pub stock: Stock,
    /// The monthly exit probabilities by months served, from the Kaplan–Meier curve.
    pub stay: StayDistribution,
    /// Admissions assumed in each projected month (before releases within the month).
    pub admissions: Vec<f64>,
    /// `origin + h` calendar months, `h = 0..=months`.
    pub dates: Vec<Date>,
    /// The expected number held on each of `dates` (`held[0]` is the stock).
    pub held: Vec<f64>,
}

impl StaysProjector {
    /// Admissions at the mean of the last 12 months.
    ///
    /// ```
    /// use overcrowding::flow::from_stays::{AdmissionsAssumption, StaysProjector};
    /// assert_eq!(StaysProjector::new().admissions(), AdmissionsAssumption::RecentMean { months: 12 });
    /// ```
    pub fn new() -> StaysProjector {
        StaysProjector {
            admissions: AdmissionsAssumption::RecentMean { months: 12 },
        }
    }

    /// How admissions are set (checked by [`StaysProjector::project`]).
    ///
    /// ```
    /// use overcrowding::flow::from_stays::{AdmissionsAssumption, StaysProjector};
    /// let p = StaysProjector::new().with_admissions(AdmissionsAssumption::Observed);
    /// assert_eq!(p.admissions(), AdmissionsAssumption::Observed);
    /// ```
    pub fn with_admissions(mut self, admissions: AdmissionsAssumption) -> StaysProjector {
        self.admissions = admissions;
        self
    }

    /// The admissions assumption.
    ///
    /// ```
    /// # use overcrowding::flow::from_stays::{AdmissionsAssumption, StaysProjector};
    /// assert!(matches!(StaysProjector::default().admissions(), AdmissionsAssumption::RecentMean { .. }));
    /// ```
    pub fn admissions(&self) -> AdmissionsAssumption {
        self.admissions
    }

    /// Projects the population held `1..=months` calendar months after `origin` (see the
    /// [module docs](crate::flow::from_stays)).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Empty`] when no stay was admitted by `origin`; [`ErrorKind::InvalidParameter`]
    /// for `months` outside 1 to [`MAX_STAYS_HORIZON`] or a recent-mean window outside 1 to
    /// 1,200 months; [`ErrorKind::InvalidParameter`] ([`Constraint::InCalendar`]) past the calendar; as [`Stock::from_stays`] and
    /// the cohort model's monthly path (a stock-flow identity error: a bug, not a data
    /// problem).
    ///
    /// ```
    /// use overcrowding::flow::{from_stays::StaysProjector, stays::{StayRecord, Stays}};
    /// let d = |s: &str| s.parse::<jiff::civil::Date>().unwrap();
    /// let stays = Stays::from_records(&[StayRecord::new(Some(d("2021-01-01")), None, "A", None)]);
    /// assert!(StaysProjector::new().project(&stays, d("2020-12-31"), 3).is_err()); // nobody admitted yet
    /// assert!(StaysProjector::new().project(&stays, d("2021-06-01"), 0).is_err());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn project(&self, stays: &Stays, origin: Date, months: usize) -> Result<StaysProjection> {
        if !(1..=MAX_STAYS_HORIZON).contains(&months) {
            return Err(Error::invalid(
                "projection months",
                months,
                Constraint::Between {
                    min: 1.0,
                    max: MAX_STAYS_HORIZON as f64,
                },
            ));
        }
        if let AdmissionsAssumption::RecentMean { months: w } = self.admissions
            && !(1..=1_200).contains(&w)
        {
            return Err(Error::invalid(
                "recent admissions window (months)",
                w,
                Constraint::Between {
                    min: 1.0,
                    max: 1_200.0,
                },
            ));
        }
        let dates = month_dates(origin, months)?;
        let km = stays.kaplan_meier(origin)?;
        let stock = Stock::from_stays(stays, origin)?;
        // Ages reached within the projection, and one more for the ratio S̄(a+1)/S̄(a).
        let ages = stock.by_months_served().len() + months + 1;
        let sbar = mean_survival_by_month(&km, ages + 1);
        let hazards: Vec<f64> = sbar
            .windows(2)
            .map(|w| {
                if w[0] > 0.0 {
                    (1.0 - w[1] / w[0]).max(0.0)
                } else {
                    1.0
                }
            })
            .collect();
        let stay = StayDistribution::Empirical {
            monthly_exit: hazards,
        };
        let admissions = self.admissions_per_month(stays, origin, &dates)?;
        let joining: Vec<f64> = admissions.iter().map(|a| a * sbar[0]).collect();
        let held = StreamSpec::from_stock(&stock, Admissions::Monthly(joining), stay.clone())?
            .stock_by_month(months)?;
        Ok(StaysProjection {
            origin,
            stock,
            stay,
            admissions,
            dates,
            held,
        })
    }

    fn admissions_per_month(
        &self,
        stays: &Stays,
        origin: Date,
        dates: &[Date],
    ) -> Result<Vec<f64>> {
        let o = day_number(origin);
        let months = dates.len() - 1;
        match self.admissions {
            AdmissionsAssumption::RecentMean { months: w } => {
                let start = origin
                    .checked_sub(Span::new().months(i64::from(w)))
                    .map_err(|_| out_of_range(origin, -i64::from(w)))?;
                let s = day_number(start);
                let n = stays
                    .stays()
                    .iter()
                    .map(|x| day_number(x.admission))
                    .filter(|&a| s <= a && a < o)
                    .count();
                // w ≥ 1 calendar month: at least 28 days.
                let rate = n as f64 * DAYS_PER_MONTH / (o - s) as f64;
                Ok(vec![rate; months])
            }
            AdmissionsAssumption::Observed => {
                let mut adm: Vec<i64> = stays
                    .stays()
                    .iter()
                    .map(|x| day_number(x.admission))
                    .filter(|&a| a > o)
                    .collect();
                adm.sort_unstable();
                Ok(dates
                    .windows(2)
                    .map(|w| {
                        let (a, b) = (day_number(w[0]), day_number(w[1]));
                        // Admitted after one count day, up to and including the next.
                        (adm.partition_point(|&x| x <= b) - adm.partition_point(|&x| x <= a)) as f64
                    })
                    .collect())
            }
        }
    }
}

fn out_of_range(origin: Date, months: i64) -> Error {
    Error::invalid(
        "date",
        format_args!("{origin} {months:+} months"),
        Constraint::InCalendar,
    )
}

/// `origin + h` calendar months for `h = 0..=months`.
fn month_dates(origin: Date, months: usize) -> Result<Vec<Date>> {
    (0..=months as i64)
        .map(|h| {
            origin
                .checked_add(Span::new().months(h))
                .map_err(|_| out_of_range(origin, h))
        })
        .collect()
}

/// `S̄(a)` for `a = 0..n`: the mean over served times `u` in `[a·M, (a+1)·M)` days of
/// `S(⌊u⌋)`, the share of stays longer than `⌊u⌋` days (people held on a count day have
/// served a whole number of days).
fn mean_survival_by_month(km: &KaplanMeier, n: usize) -> Vec<f64> {
    (0..n)
        .map(|a| {
            let (x0, x1) = (a as f64 * DAYS_PER_MONTH, (a + 1) as f64 * DAYS_PER_MONTH);
            let mut k = x0.floor();
            let mut acc = 0.0;
            while k < x1 {
                let (lo, hi) = (k.max(x0), (k + 1.0).min(x1));
                // k < 1,201 × 12,001 months of days: within u32.
                acc += km.survival_at(k as u32) * (hi - lo);
                k += 1.0;
            }
            acc / DAYS_PER_MONTH
        })
        .collect()
}

/// A rolling-origin backtest of [`StaysProjector`] over a stays history (see the
/// [module docs](crate::flow::from_stays)): the horizons and the day the stays were
/// extracted are required ([`StaysBacktest::new`]); the origins, their step and the
/// projector are optional (`with_*`), checked once by [`StaysBacktest::origins`] (and so
/// [`StaysBacktest::run`]).
///
/// ```
/// use overcrowding::series::YearMonth;
/// use overcrowding::flow::{from_stays::StaysBacktest, stays::{StayRecord, Stays}};
/// let stays = Stays::from_records(&[StayRecord::new(Some("2017-06-10".parse().unwrap()), None, "A", None)]);
/// let bt = StaysBacktest::new(vec![1, 6, 12], "2022-12-31".parse().unwrap())
///     .with_origins(YearMonth::new(2018, 1)?, YearMonth::new(2021, 12)?);
/// assert_eq!(bt.origins(&stays)?.len(), 48);
/// assert_eq!(bt.with_step(3).origins(&stays)?.len(), 16);
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StaysBacktest {
    /// The first and last origin months; `None`: from the month after the first admission's
    /// to the month of `observed_until`.
    origins: Option<(YearMonth, YearMonth)>,
    horizons: Vec<u32>,
    observed_until: Date,
    step: u32,
    projector: StaysProjector,
}

impl StaysBacktest {
    /// Scored at `horizons` (calendar months, each 1 to [`MAX_STAYS_HORIZON`]), the stays
    /// known up to `observed_until` (the day they were extracted: later targets are missing,
    /// never scored); origins on the first day of every month from the month after the
    /// first admission's to that of `observed_until`
    /// ([`StaysBacktest::with_origins`] chooses others), the default [`StaysProjector`] and a
    /// step of one month. Checked by [`StaysBacktest::origins`].
    ///
    /// ```
    /// use overcrowding::flow::{from_stays::StaysBacktest, stays::{StayRecord, Stays}};
    /// let stays = Stays::from_records(&[StayRecord::new(Some("2020-01-10".parse().unwrap()), None, "A", None)]);
    /// let bt = StaysBacktest::new(vec![1], "2020-12-31".parse().unwrap());
    /// let o = bt.origins(&stays)?; // 2020-02-01 to 2020-12-01
    /// assert_eq!((o.len(), o[0].to_string()), (11, "2020-02-01".to_string()));
    /// assert!(StaysBacktest::new(vec![], "2020-12-31".parse().unwrap()).origins(&stays).is_err());
    /// assert!(StaysBacktest::new(vec![0], "2020-12-31".parse().unwrap()).origins(&stays).is_err());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn new(horizons: Vec<u32>, observed_until: Date) -> StaysBacktest {
        StaysBacktest {
            origins: None,
            horizons,
            observed_until,
            step: 1,
            projector: StaysProjector::new(),
        }
    }

    /// Origins on the first day of every month from `first` to `last` (the last not before
    /// the first, at most [`MAX_ORIGINS`] months, the first not after `observed_until`:
    /// checked by [`StaysBacktest::origins`]).
    ///
    /// ```
    /// use overcrowding::{series::YearMonth, flow::{from_stays::StaysBacktest, stays::Stays}};
    /// let (a, b) = (YearMonth::new(2020, 1)?, YearMonth::new(2020, 6)?);
    /// let bt = StaysBacktest::new(vec![1], "2020-12-31".parse().unwrap());
    /// let none = Stays::from_records(&[]);
    /// assert_eq!(bt.clone().with_origins(a, b).origins(&none)?.len(), 6);
    /// assert!(bt.clone().with_origins(b, a).origins(&none).is_err());
    /// let early = StaysBacktest::new(vec![1], "2019-12-31".parse().unwrap());
    /// assert!(early.with_origins(a, b).origins(&none).is_err());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn with_origins(mut self, first: YearMonth, last: YearMonth) -> StaysBacktest {
        self.origins = Some((first, last));
        self
    }

    /// Uses every `months`-th origin (at least 1, checked by [`StaysBacktest::origins`]).
    ///
    /// ```
    /// # use overcrowding::{series::YearMonth, flow::{from_stays::StaysBacktest, stays::Stays}};
    /// # let none = Stays::from_records(&[]);
    /// let bt = StaysBacktest::new(vec![1], "2021-12-31".parse().unwrap())
    ///     .with_origins(YearMonth::new(2020, 1)?, YearMonth::new(2020, 12)?);
    /// assert!(bt.clone().with_step(0).origins(&none).is_err());
    /// assert_eq!(bt.with_step(6).origins(&none)?.len(), 2);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn with_step(mut self, months: u32) -> StaysBacktest {
        self.step = months;
        self
    }

    /// The projector run at each origin.
    ///
    /// ```
    /// # use overcrowding::flow::from_stays::*;
    /// let oracle = StaysProjector::new().with_admissions(AdmissionsAssumption::Observed);
    /// let bt = StaysBacktest::new(vec![1], "2021-12-31".parse().unwrap()).with_projector(oracle);
    /// assert_eq!(bt.projector(), oracle);
    /// ```
    pub fn with_projector(mut self, projector: StaysProjector) -> StaysBacktest {
        self.projector = projector;
        self
    }

    /// The projector.
    ///
    /// ```
    /// # use overcrowding::flow::from_stays::*;
    /// let bt = StaysBacktest::new(vec![1], "2021-12-31".parse().unwrap());
    /// assert_eq!(bt.projector(), StaysProjector::new());
    /// ```
    pub fn projector(&self) -> StaysProjector {
        self.projector
    }

    /// The horizons, sorted and without repeats, after checking them.
    fn horizons(&self) -> Result<Vec<u32>> {
        if self.horizons.is_empty() {
            return Err(Error::from(ErrorKind::Empty { what: "horizons" }));
        }
        if let Some(&h) = self
            .horizons
            .iter()
            .find(|&&h| h == 0 || h as usize > MAX_STAYS_HORIZON)
        {
            return Err(Error::invalid(
                "horizon",
                h,
                Constraint::Between {
                    min: 1.0,
                    max: MAX_STAYS_HORIZON as f64,
                },
            ));
        }
        let mut hs = self.horizons.clone();
        hs.sort_unstable();
        hs.dedup();
        Ok(hs)
    }

    /// The first and last origin months: those given, or from the month after the first
    /// admission's of `stays` to that of `observed_until`.
    fn origin_months(&self, stays: &Stays) -> Result<(YearMonth, YearMonth)> {
        if let Some(given) = self.origins {
            return Ok(given);
        }
        let first = stays
            .stays()
            .iter()
            .map(|s| s.admission)
            .min()
            .ok_or(Error::from(ErrorKind::Empty { what: "admissions" }))?;
        Ok((
            YearMonth::of(first).plus(1)?,
            YearMonth::of(self.observed_until),
        ))
    }

    /// The origin days up to `observed_until`, of `stays` when no origins were given.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Empty`] without horizons (or, without origins given, without stays);
    /// [`ErrorKind::InvalidParameter`] for a horizon of 0 or above [`MAX_STAYS_HORIZON`]
    /// ([`Constraint::Between`]), a last origin before the first ([`Constraint::NotBefore`]),
    /// a first origin after `observed_until` ([`Constraint::NotAfter`]), more than
    /// [`MAX_ORIGINS`] origins ([`Constraint::AtMost`]), a step of 0 months
    /// ([`Constraint::AtLeast`]) or a month past the calendar ([`Constraint::InCalendar`]).
    ///
    /// ```
    /// # use overcrowding::{series::YearMonth, flow::{from_stays::StaysBacktest, stays::Stays}};
    /// let bt = StaysBacktest::new(vec![1], "2020-03-15".parse().unwrap())
    ///     .with_origins(YearMonth::new(2020, 1)?, YearMonth::new(2020, 12)?);
    /// assert_eq!(bt.origins(&Stays::from_records(&[]))?.len(), 3); // March 1 is the last origin observed
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn origins(&self, stays: &Stays) -> Result<Vec<Date>> {
        self.horizons()?;
        if self.step == 0 {
            return Err(Error::invalid(
                "origin step (months)",
                0,
                Constraint::AtLeast { min: 1.0 },
            ));
        }
        let (first_origin, last_origin) = self.origin_months(stays)?;
        if last_origin < first_origin {
            return Err(Error::invalid(
                "last origin",
                last_origin,
                Constraint::NotBefore {
                    bound: first_origin.to_string(),
                },
            ));
        }
        let span = last_origin.months_since(first_origin);
        if span + 1 > MAX_ORIGINS as i64 {
            return Err(Error::invalid(
                "backtest origins",
                span + 1,
                Constraint::AtMost {
                    max: MAX_ORIGINS as f64,
                },
            ));
        }
        let first = first_day(first_origin)?;
        if first > self.observed_until {
            return Err(Error::invalid(
                "first origin",
                first,
                Constraint::NotAfter {
                    bound: self.observed_until.to_string(),
                },
            ));
        }
        let mut out = Vec::new();
        let mut k = 0i64;
        while k <= span {
            let d = first_day(first_origin.plus(i32::try_from(k).unwrap_or(i32::MAX))?)?;
            if d > self.observed_until {
                break;
            }
            out.push(d);
            k += i64::from(self.step);
        }
        Ok(out)
    }

    /// Runs the backtest on `stays`.
    ///
    /// # Errors
    ///
    /// As [`StaysBacktest::origins`] and [`StaysProjector::project`] (except that an origin
    /// before any admission is counted, not an error).
    ///
    /// ```
    /// use overcrowding::{series::YearMonth, flow::from_stays::StaysBacktest};
    /// use overcrowding::flow::stays::{StayRecord, Stays};
    /// use overcrowding::forecast::{Evaluated, ForecastMethod};
    /// let d = |s: &str| s.parse::<jiff::civil::Date>().unwrap();
    /// // One admission a day, each held 60 days: 60 held; the projection and naive agree.
    /// let recs: Vec<_> = (0..1_096).map(|k| {
    ///     let a = d("2020-01-01").checked_add(jiff::Span::new().days(k)).unwrap();
    ///     StayRecord::new(Some(a), Some(a.checked_add(jiff::Span::new().days(60)).unwrap()), "A", None)
    /// }).collect();
    /// let r = StaysBacktest::new(vec![3], d("2022-12-31"))
    ///     .with_origins(YearMonth::new(2021, 1)?, YearMonth::new(2021, 12)?)
    ///     .run(&Stays::from_records(&recs))?;
    /// let s = r.row(Evaluated::StaysProjection, 3).unwrap();
    /// assert_eq!((s.scored, r.row(ForecastMethod::Naive, 3).unwrap().mae), (12, Some(0.0)));
    /// assert!(s.mae.unwrap() < 1e-6);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn run(&self, stays: &Stays) -> Result<EvaluationReport> {
        let origins = self.origins(stays)?;
        let horizons = self.horizons()?;
        let max_h = *horizons.last().unwrap_or(&1) as usize;
        let (Some(&first), Some(&last)) = (origins.first(), origins.last()) else {
            return Err(Error::from(ErrorKind::Empty { what: "origins" }));
        };
        let last_target = last
            .checked_add(Span::new().months(max_h as i64))
            .map_err(|_| out_of_range(last, max_h as i64))?;
        let until = last_target.min(self.observed_until);
        let counts = stays.daily_population(first, until)?.total();
        let f0 = day_number(first);
        let count_on = |d: Date| -> Option<u64> {
            (d <= until)
                .then(|| {
                    counts
                        .get(usize::try_from(day_number(d) - f0).ok()?)
                        .copied()
                })
                .flatten()
        };
        let methods = [
            Evaluated::StaysProjection,
            Evaluated::Method(ForecastMethod::Naive),
        ];
        let hs: Vec<usize> = horizons.iter().map(|&h| h as usize).collect();
        let mut report = ReportBuilder::new(&methods, &hs, &[]);
        for &o in &origins {
            report.origin(Origin::Period(AnyPeriod::Day(o)));
            let naive = count_on(o).unwrap_or(0) as f64;
            let projection = match self.projector.project(stays, o, max_h) {
                Ok(p) => Some(p),
                Err(e) if matches!(e.kind(), ErrorKind::Empty { .. }) => None,
                Err(e) => return Err(e),
            };
            let dates = month_dates(o, max_h)?;
            // The projection's forecasts, then naive's on the same origins (none where the
            // projection has none).
            for (m, by_method) in [
                projection
                    .as_ref()
                    .map(|p| hs.iter().map(|&h| p.held[h]).collect::<Vec<_>>()),
                projection.as_ref().map(|_| vec![naive; hs.len()]),
            ]
            .into_iter()
            .enumerate()
            {
                for (j, &h) in hs.iter().enumerate() {
                    let target = dates[h];
                    let made = Made {
                        target: Some(AnyPeriod::Day(target)),
                        point: by_method.as_ref().map(|v| v[j]),
                        observed: count_on(target).map(|v| v as f64),
                        intervals: Vec::new(),
                    };
                    report.forecast(m, j, None, made);
                }
            }
        }
        Ok(report.finish(Frequency::Monthly, None, Vec::new(), Vec::new()))
    }
}

/// The first day of `m`.
fn first_day(m: YearMonth) -> Result<Date> {
    let year = i16::try_from(m.year()).map_err(|_| out_of_range_month(m))?;
    let month = i8::try_from(m.month()).map_err(|_| out_of_range_month(m))?;
    Date::new(year, month, 1).map_err(|_| out_of_range_month(m))
}

fn out_of_range_month(m: YearMonth) -> Error {
    Error::invalid("month", m, Constraint::InCalendar)
}

#[cfg(test)]
mod tests;
