//! Dated totals on the calendar: one total per month, quarter or year, the periods without a
//! report named (never filled), and the gap-free run a forecast can use.
//!
//! [`PeriodTotals`] is not a sixth shape beside the series family
//! ([`series::Series`](crate::series::Series)): it is the step from dated reports (many
//! facilities, any days) *to* a series — counts of a date added, the last report of a period
//! taken, gaps named, the gap-free run cut — at a frequency chosen at run time (the command
//! line's `--frequency`, or [`PeriodTotals::finest`]), which a `Series<K>` fixes at compile
//! time by its period type. That is why a period is written here as its first month (a
//! [`YearMonth`] for every frequency). Its one output for the models is the series:
//! [`PeriodTotals::series`] (a [`RegularSeries`] that knows its start).

use crate::ErrorKind;
use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::{Frequency, RegularSeries};
use crate::error::{Error, Result};
use crate::series::YearMonth;

/// Totals per calendar period of a frequency, oldest first, from dated counts (for example
/// each facility's population on each report date).
///
/// # Semantics
///
/// - Counts of one date are added up (facilities → the system); a sum that would overflow
///   is an error, never wrapped.
/// - Each date falls in its calendar period ([`Frequency::period_of`]); when a period has
///   several report dates, **the last date's total** is the period's (a stock is counted at
///   the end of the period; the earlier reports are not added).
/// - A period between the first and the last with no report is a **gap**
///   ([`PeriodTotals::gaps`]): it is named, never filled. A forecast uses the run since the
///   last gap ([`PeriodTotals::run_since_gap`], [`PeriodTotals::series`]).
///
/// ```
/// use overcrowding::forecast::{Frequency, PeriodTotals};
/// let d = |s: &str| s.parse::<jiff::civil::Date>().unwrap();
/// let t = PeriodTotals::new(Frequency::Quarterly, [
///     (d("2023-03-31"), 60), (d("2023-03-31"), 40),   // two facilities: 100 in 2023-Q1
///     (d("2023-05-31"), 90), (d("2023-06-30"), 110),  // the last report of 2023-Q2 counts
///     (d("2023-12-31"), 120),                         // 2023-Q3 has no report
/// ])?;
/// assert_eq!(t.totals().iter().map(|p| p.1).collect::<Vec<_>>(), [100, 110, 120]);
/// assert_eq!(t.gaps().iter().map(|&p| Frequency::Quarterly.period_label(p)).collect::<Vec<_>>(), ["2023-Q3"]);
/// assert_eq!(t.run_since_gap().len(), 1);
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeriodTotals {
    frequency: Frequency,
    totals: Vec<(YearMonth, u64)>,
}

impl PeriodTotals {
    /// The totals of `dated` counts per period of `frequency` (see the type's semantics).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Overflow`](crate::ErrorKind::Overflow) when the counts of one date add up past `u64::MAX`.
    ///
    /// ```
    /// use overcrowding::forecast::{Frequency, PeriodTotals};
    /// let d = |s: &str| s.parse::<jiff::civil::Date>().unwrap();
    /// assert!(PeriodTotals::new(Frequency::Monthly, [(d("2024-01-31"), u64::MAX), (d("2024-01-31"), 1)]).is_err());
    /// assert!(PeriodTotals::new(Frequency::Monthly, []).unwrap().totals().is_empty());
    /// ```
    pub fn new<I: IntoIterator<Item = (Date, u64)>>(
        frequency: Frequency,
        dated: I,
    ) -> Result<PeriodTotals> {
        let by_date = by_date(dated)?;
        Ok(PeriodTotals::from_by_date(frequency, &by_date))
    }

    /// The totals at the finest frequency whose run since the last gap is long enough for a
    /// forecast ([`Frequency::min_len`]): monthly, else quarterly, else yearly.
    ///
    /// # Errors
    ///
    /// As [`PeriodTotals::new`].
    ///
    /// ```
    /// use overcrowding::forecast::{Frequency, PeriodTotals};
    /// let d = |y: i16, m: i8| jiff::civil::date(y, m, 1);
    /// // Ten years of reports every three months: not enough months in a row, quarters are.
    /// let t = PeriodTotals::finest((0..40).map(|k| (d(2015 + k / 4, (k % 4 * 3 + 1) as i8), 100)))?;
    /// assert_eq!((t.frequency(), t.totals().len()), (Frequency::Quarterly, 40));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn finest<I: IntoIterator<Item = (Date, u64)>>(dated: I) -> Result<PeriodTotals> {
        let by_date = by_date(dated)?;
        for frequency in [Frequency::Monthly, Frequency::Quarterly] {
            let t = PeriodTotals::from_by_date(frequency, &by_date);
            if t.run_since_gap().len() >= frequency.min_len() {
                return Ok(t);
            }
        }
        Ok(PeriodTotals::from_by_date(Frequency::Yearly, &by_date))
    }

    fn from_by_date(frequency: Frequency, by_date: &BTreeMap<Date, u64>) -> PeriodTotals {
        let mut by_period: BTreeMap<YearMonth, u64> = BTreeMap::new();
        for (&d, &t) in by_date {
            by_period.insert(frequency.period_of(d), t); // later dates replace earlier
        }
        PeriodTotals {
            frequency,
            totals: by_period.into_iter().collect(),
        }
    }

    /// The frequency.
    ///
    /// ```
    /// use overcrowding::forecast::{Frequency, PeriodTotals};
    /// assert_eq!(PeriodTotals::new(Frequency::Yearly, [])?.frequency(), Frequency::Yearly);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn frequency(&self) -> Frequency {
        self.frequency
    }

    /// The periods with a report (each period's first month) and their totals, oldest first.
    ///
    /// ```
    /// use overcrowding::forecast::{Frequency, PeriodTotals};
    /// let t = PeriodTotals::new(Frequency::Yearly, [(jiff::civil::date(2024, 6, 30), 7)])?;
    /// assert_eq!(t.totals()[0].0.to_string(), "2024-01");
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn totals(&self) -> &[(YearMonth, u64)] {
        &self.totals
    }

    /// The periods between the first and the last report that have none, oldest first.
    ///
    /// ```
    /// use overcrowding::forecast::{Frequency, PeriodTotals};
    /// let d = |m: i8| jiff::civil::date(2024, m, 28);
    /// let t = PeriodTotals::new(Frequency::Monthly, [(d(1), 1), (d(4), 1), (d(5), 1)])?;
    /// assert_eq!(t.gaps().iter().map(|m| m.to_string()).collect::<Vec<_>>(), ["2024-02", "2024-03"]);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn gaps(&self) -> Vec<YearMonth> {
        let step = i32::from(self.frequency.months());
        let mut gaps = Vec::new();
        for w in self.totals.windows(2) {
            let mut m = w[0].0;
            while let Ok(next) = m.plus(step) {
                if next >= w[1].0 {
                    break;
                }
                gaps.push(next);
                m = next;
            }
        }
        gaps
    }

    /// The gap-free run that ends with the last report (what a forecast can use), oldest
    /// first; empty when there are no totals.
    ///
    /// ```
    /// use overcrowding::forecast::{Frequency, PeriodTotals};
    /// let d = |y: i16| jiff::civil::date(y, 12, 31);
    /// let t = PeriodTotals::new(Frequency::Yearly, [(d(2010), 5), (d(2012), 6), (d(2013), 7)])?;
    /// assert_eq!(t.run_since_gap().iter().map(|p| p.1).collect::<Vec<_>>(), [6, 7]);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn run_since_gap(&self) -> &[(YearMonth, u64)] {
        let runs = self.runs();
        runs.last()
            .map_or(&self.totals[..0], |r| &self.totals[r.clone()])
    }

    /// The longest gap-free run (the latest of equally long ones), oldest first; empty when
    /// there are no totals.
    ///
    /// ```
    /// use overcrowding::forecast::{Frequency, PeriodTotals};
    /// let d = |y: i16| jiff::civil::date(y, 12, 31);
    /// let t = PeriodTotals::new(Frequency::Yearly, [(d(2010), 5), (d(2011), 5), (d(2013), 7)])?;
    /// assert_eq!(t.longest_run().len(), 2);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn longest_run(&self) -> &[(YearMonth, u64)] {
        let mut best: Option<std::ops::Range<usize>> = None;
        for r in self.runs() {
            if best.as_ref().is_none_or(|b| r.len() >= b.len()) {
                best = Some(r);
            }
        }
        best.map_or(&self.totals[..0], |r| &self.totals[r])
    }

    /// The gap-free runs as index ranges, oldest first.
    fn runs(&self) -> Vec<std::ops::Range<usize>> {
        let step = i64::from(self.frequency.months());
        let mut out = Vec::new();
        let mut start = 0;
        for i in 1..=self.totals.len() {
            let ends = i == self.totals.len()
                || self.totals[i].0.months_since(self.totals[i - 1].0) > step;
            if ends {
                out.push(start..i);
                start = i;
            }
        }
        if self.totals.is_empty() {
            out.clear();
        }
        out
    }

    /// The run since the last gap as a [`RegularSeries`] that knows its start, ready for
    /// [`forecast`](super::forecast()).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Empty`](crate::ErrorKind::Empty) when there are no totals; as [`RegularSeries::new`] when the run is
    /// too short for the frequency.
    ///
    /// ```
    /// use overcrowding::forecast::{Frequency, PeriodTotals, forecast};
    /// let t = PeriodTotals::new(Frequency::Yearly, (2010..2020).map(|y| (jiff::civil::date(y, 12, 31), 1_000)))?;
    /// let s = t.series()?;
    /// assert_eq!((s.len(), s.start().map(|p| p.year())), (10, Some(2010)));
    /// assert_eq!(forecast(&s, 1)?.periods().unwrap()[0].year(), 2020);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn series(&self) -> Result<RegularSeries> {
        let run = self.run_since_gap();
        let Some(&(start, _)) = run.first() else {
            return Err(Error::from(ErrorKind::Empty {
                what: "population totals",
            }));
        };
        Ok(
            RegularSeries::new(self.frequency, run.iter().map(|p| p.1 as f64).collect())?
                .with_start(start),
        )
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
