//! The series a forecast is fitted to, screened: the screen's rules ([`screen`]) on the
//! totals per period as one unit (a jump, a partial report) and on the facilities' reports
//! behind them (a date whose report is partial moves the total), plus a doubled period
//! (about twice both neighbours: a period counted twice).
//!
//! What a caller does with the findings is its own rule: the command line stops a forecast
//! on a [`Severity::High`] finding unless `--force` is given, and lists every finding.

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::{Rule, ScreenOptions, Severity, screen};
use crate::exact::thousands;
use crate::series::{AnyPeriod, Period, Series};
use crate::{Panel, Record};

/// One finding on the series a forecast is fitted to ([`screen_series`]).
///
/// ```
/// use overcrowding::screen::{SeriesFinding, Severity};
/// let f = SeriesFinding { check: "jump".into(), severity: Severity::Medium, period: "2024-05".into(),
///     detail: "total 1,200 after 1,000".into() };
/// assert_eq!(f.line(), "medium jump 2024-05: total 1,200 after 1,000");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeriesFinding {
    /// `doubled period`, or the screen's rule name (`jump`, `partial report`, …).
    pub check: String,
    /// How much it can move the forecast.
    pub severity: Severity,
    /// The period it concerns (`2024-05`, `2024-Q2`, `2024`).
    pub period: String,
    /// What was seen, with the values.
    pub detail: String,
}

impl SeriesFinding {
    /// `high doubled period 2024-05: …`, for a list in one cell or line.
    ///
    /// See [`SeriesFinding`] for an example.
    pub fn line(&self) -> String {
        format!(
            "{} {} {}: {}",
            self.severity.name(),
            self.check,
            self.period,
            self.detail
        )
    }
}

/// A ratio of `v` to a neighbour that reads as "counted twice".
fn about_twice(v: u64, neighbour: u64) -> bool {
    let (v, n) = (v as f64, neighbour as f64);
    n > 0.0 && v >= 1.8 * n && v <= 2.2 * n
}

/// The findings on the run of `totals` a forecast is fitted to (the run since the last gap),
/// from the totals as one unit and from `facilities` (the reports summed into them), most
/// serious first: a doubled period (about twice both neighbours, or at the end the two
/// before it: [`Severity::High`]); the screen's rules on the totals as one unit (a jump a
/// doubled period explains is not repeated; a fall of the one unit's total is a change to
/// forecast, not a partial report); a facility date whose report is partial when it is the
/// date a period's total is taken from and fewer facilities report than in a neighbouring
/// period.
///
/// # Errors
///
/// The model's, when a total cannot be a record (never for counts the totals came from).
///
/// ```
/// use overcrowding::forecast::Frequency;
/// use overcrowding::screen::{Severity, screen_series};
/// use overcrowding::series::Series;
/// use overcrowding::{Panel, Record};
/// // 40 month-ends near 62,000, the 31st counted twice.
/// let dated = (0..40u64).map(|i| {
///     let d = jiff::civil::date(2020 + (i / 12) as i16, 1 + (i % 12) as i8, 1).last_of_month();
///     (d, if i == 30 { 124_220 } else { 62_000 + (i * 37 % 23) * 10 })
/// });
/// let totals = Series::totals(Frequency::Monthly, dated)?;
/// let f = screen_series(&totals, &Panel::new(Vec::<Record>::new())?)?;
/// assert_eq!(f.len(), 1);
/// assert_eq!((f[0].check.as_str(), f[0].period.as_str(), f[0].severity), ("doubled period", "2022-07", Severity::High));
/// # Ok::<(), overcrowding::Error>(())
/// ```
pub fn screen_series(
    totals: &Series<AnyPeriod>,
    facilities: &Panel,
) -> crate::Result<Vec<SeriesFinding>> {
    let frequency = totals.frequency();
    let run: Vec<(AnyPeriod, u64)> = totals
        .run_since_gap()
        .points()
        .iter()
        .map(|p| (p.period, p.value))
        .collect();
    let label = |m: AnyPeriod| m.to_string();
    let mut out = Vec::new();
    // A doubled period: about twice both neighbours (or, at the end, the two before it).
    let mut doubled = Vec::new();
    for i in 1..run.len() {
        let (m, v) = run[i];
        let prev = run[i - 1].1;
        let twice = match run.get(i + 1) {
            Some(&(_, next)) => about_twice(v, prev) && about_twice(v, next),
            None => i >= 2 && about_twice(v, prev) && about_twice(v, run[i - 2].1),
        };
        if twice {
            doubled.push(m);
            let around = match run.get(i + 1) {
                Some(&(n, next)) => format!(
                    "between {} ({}) and {} ({})",
                    thousands(u128::from(prev)),
                    label(run[i - 1].0),
                    thousands(u128::from(next)),
                    label(n)
                ),
                None => format!(
                    "after {} ({}) and {} ({})",
                    thousands(u128::from(run[i - 2].1)),
                    label(run[i - 2].0),
                    thousands(u128::from(prev)),
                    label(run[i - 1].0)
                ),
            };
            out.push(SeriesFinding {
                check: "doubled period".into(),
                severity: Severity::High,
                period: label(m),
                detail: format!(
                    "total {} {around}: about twice its neighbours (a {} counted twice?)",
                    thousands(u128::from(v)),
                    frequency.nouns().0
                ),
            });
        }
    }
    // The screen's rules on the totals as one unit, one record per period.
    let mut period_of_date = BTreeMap::new();
    let mut records = Vec::with_capacity(run.len());
    for &(m, v) in &run {
        // The totals' periods come from dates, so they lie in the calendar: a day stands for
        // itself, a longer period for the last day of its first month.
        let d = match m {
            AnyPeriod::Day(d) => d,
            p => match p.first_day() {
                Some(d) => d.last_of_month(),
                None => continue,
            },
        };
        period_of_date.insert(d, m);
        records.push(Record::new("total", d)?.with_population_total(v));
    }
    let one = Panel::new(records)?;
    let s = screen(&one, &ScreenOptions::new());
    for f in s.ranked() {
        let Some(&m) = period_of_date.get(&f.date()) else {
            continue;
        };
        // One unit always reports: a fall of its total is a change to forecast, not a
        // partial report (the facilities' reports below tell those).
        if f.rule() == Rule::PartialReport {
            continue;
        }
        // A doubled period's way up and back down are the jumps it explains.
        let explained =
            f.rule() == Rule::Jump && doubled.iter().any(|&d| d == m || d.step(1) == Some(m));
        if explained {
            continue;
        }
        out.push(SeriesFinding {
            check: f.rule().name().to_string(),
            severity: f.severity(),
            period: label(m),
            detail: f.why().replacen("population", "total", 1),
        });
    }
    // A facility date whose report is partial, when it is the date a period's total is
    // taken from.
    let first = run[0].0;
    let counted: BTreeMap<AnyPeriod, Date> = facilities
        .dates()
        .iter()
        .filter(|d| frequency.period_of(**d) >= first)
        .map(|d| (frequency.period_of(*d), *d))
        .collect();
    let fs = screen(facilities, &ScreenOptions::new());
    let reporting = |d: Date| facilities.on(d).len();
    for f in fs.of_rule(Rule::PartialReport) {
        let m = frequency.period_of(f.date());
        // Partial when fewer facilities report than on a neighbouring counted date (a fall
        // of the same facilities' total is a change to forecast).
        let neighbours = [m.step(-1), m.step(1)];
        let fewer = neighbours.iter().flatten().any(|n| {
            counted
                .get(n)
                .is_some_and(|d| reporting(*d) > reporting(f.date()))
        });
        if counted.get(&m) == Some(&f.date()) && !doubled.contains(&m) && fewer {
            out.push(SeriesFinding {
                check: format!("{} (facilities)", f.rule().name()),
                severity: f.severity(),
                period: label(m),
                detail: format!("{}: {}", f.date(), f.why()),
            });
        }
    }
    out.sort_by_key(|f| std::cmp::Reverse(f.severity));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::forecast::Frequency;

    fn totals(values: &[u64]) -> Series<AnyPeriod> {
        let dates = values.iter().enumerate().map(|(i, v)| {
            let d = jiff::civil::Date::new(2020 + (i / 12) as i16, 1 + (i % 12) as i8, 1)
                .unwrap()
                .last_of_month();
            (d, *v)
        });
        Series::totals(Frequency::Monthly, dates).unwrap()
    }

    #[test]
    fn a_doubled_month_is_one_high_finding_not_two_jumps() {
        let mut v: Vec<u64> = (0..40).map(|i| 62_000 + (i * 37 % 23) * 10).collect();
        v[30] = 124_220;
        let f = screen_series(&totals(&v), &Panel::new(Vec::<Record>::new()).unwrap()).unwrap();
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(
            (f[0].check.as_str(), f[0].period.as_str()),
            ("doubled period", "2022-07")
        );
        assert_eq!(f[0].severity, Severity::High);
        assert!(
            f[0].detail.starts_with("total 124,220 between "),
            "{}",
            f[0].detail
        );
    }

    #[test]
    fn a_fall_of_the_total_is_not_a_partial_report_a_missing_facility_is() {
        // A real fall of a fifth (a release programme): at most a medium jump, nothing high.
        let mut v: Vec<u64> = (0..40).map(|i| 125_000 + (i * 37 % 23) * 10).collect();
        for x in v.iter_mut().skip(30) {
            *x = *x * 4 / 5;
        }
        let f = screen_series(&totals(&v), &Panel::new(Vec::<Record>::new()).unwrap()).unwrap();
        assert!(f.iter().all(|f| f.severity < Severity::High), "{f:?}");
        // Three facilities, one missing from the month 2022-03 report.
        let mut records = Vec::new();
        let mut sums = Vec::new();
        for i in 0..40usize {
            let d = jiff::civil::Date::new(2020 + (i / 12) as i16, 1 + (i % 12) as i8, 1)
                .unwrap()
                .last_of_month();
            let mut sum = 0;
            for (id, base) in [("A", 900u64), ("B", 700), ("C", 500)] {
                if i == 26 && id == "B" {
                    continue;
                }
                let p = base + (i as u64 * 7 % 5);
                sum += p;
                records.push(Record::new(id, d).unwrap().with_population_total(p));
            }
            sums.push((d, sum));
        }
        let t = Series::totals(Frequency::Monthly, sums).unwrap();
        let f = screen_series(&t, &Panel::new(records).unwrap()).unwrap();
        let partial: Vec<_> = f
            .iter()
            .filter(|f| f.check == "partial report (facilities)")
            .collect();
        assert_eq!(partial.len(), 1, "{f:?}");
        assert_eq!(
            (partial[0].period.as_str(), partial[0].severity),
            ("2022-03", Severity::High)
        );
    }

    #[test]
    fn a_smooth_series_has_no_findings() {
        let v: Vec<u64> = (0..40).map(|i| 62_000 + (i * 37 % 23) * 10).collect();
        let f = screen_series(&totals(&v), &Panel::new(Vec::<Record>::new()).unwrap()).unwrap();
        assert!(f.is_empty(), "{f:?}");
    }
}
