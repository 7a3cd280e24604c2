//! As-of alignment of values reported on different dates, and the stock-flow identity.

use crate::error::Constraint;
use jiff::Span;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::dated::days_between;
use super::family::{Point, Series};
use crate::error::{Error, Result};
use crate::metrics::Ratio;

/// A population paired with the latest capacity reported on or before its date.
///
/// ```
/// use overcrowding::series::{Series, align_as_of};
/// let pop = Series::from_pairs([("2021-06-30", 39_000)]).unwrap();
/// let cap = Series::from_pairs([("2021-01-01", 27_000)]).unwrap();
/// let a = align_as_of(&pop, &cap, jiff::Span::new().days(365)).unwrap();
/// let p = &a.pairs[0];
/// assert_eq!((p.capacity.value, p.age_days), (27_000, 180));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlignedPair {
    /// The population observation.
    pub population: Point<Date>,
    /// The capacity observation it was paired with (dated on or before).
    pub capacity: Point<Date>,
    /// How old the capacity figure was on the population's date, in days (≥ 0).
    pub age_days: i32,
}

impl AlignedPair {
    /// Occupancy, population ÷ capacity.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::ZeroDenominator`](crate::ErrorKind::ZeroDenominator) when the capacity is 0.
    ///
    /// ```
    /// # use overcrowding::series::{Series, align_as_of};
    /// # let pop = Series::from_pairs([("2021-06-30", 39_000)]).unwrap();
    /// # let cap = Series::from_pairs([("2021-01-01", 27_000)]).unwrap();
    /// let a = align_as_of(&pop, &cap, jiff::Span::new().days(365)).unwrap();
    /// assert_eq!(a.pairs[0].occupancy().unwrap().percent_rounded(1), 144.4);
    /// ```
    pub fn occupancy(&self) -> Result<Ratio> {
        crate::metrics::occupancy(self.population.value, self.capacity.value)
    }
}

/// Why a population observation was left unpaired.
///
/// ```
/// use overcrowding::series::{Series, align_as_of, Unpaired};
/// let pop = Series::from_pairs([("2020-06-30", 1), ("2021-06-30", 1)]).unwrap();
/// let cap = Series::from_pairs([("2020-01-01", 1)]).unwrap();
/// let a = align_as_of(&pop, &cap, jiff::Span::new().months(12)).unwrap();
/// assert!(matches!(a.unpaired[0].1, Unpaired::TooStale { age_days: 546, .. }));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unpaired {
    /// No capacity is reported on or before the date.
    NoEarlierValue,
    /// The latest earlier capacity is older than the maximum staleness.
    TooStale {
        /// The latest capacity before the date.
        latest: Point<Date>,
        /// Its age in days.
        age_days: i32,
    },
}

/// The result of an as-of alignment: every population observation is either paired or listed
/// as unpaired with the reason — never silently paired with a stale value.
///
/// ```
/// use overcrowding::series::{Series, align_as_of};
/// let pop = Series::from_pairs([("2019-06-30", 90), ("2021-06-30", 130)]).unwrap();
/// let cap = Series::from_pairs([("2021-01-01", 100)]).unwrap();
/// let a = align_as_of(&pop, &cap, jiff::Span::new().days(400)).unwrap();
/// assert_eq!((a.pairs.len(), a.unpaired.len()), (1, 1));
/// assert_eq!(a.occupancy_series().unwrap().points()[0].value.percent(), 130.0);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alignment {
    /// The pairs, in population-date order.
    pub pairs: Vec<AlignedPair>,
    /// The population observations left unpaired, with why.
    pub unpaired: Vec<(Point<Date>, Unpaired)>,
}

impl Alignment {
    /// The occupancy series of the pairs.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Empty`](crate::ErrorKind::Empty) when nothing was paired; [`ErrorKind::ZeroDenominator`](crate::ErrorKind::ZeroDenominator) on a 0 capacity.
    ///
    /// ```
    /// # use overcrowding::series::{Series, align_as_of};
    /// let pop = Series::from_pairs([("2019-06-30", 90)]).unwrap();
    /// let cap = Series::from_pairs([("2021-01-01", 100)]).unwrap();
    /// assert!(align_as_of(&pop, &cap, jiff::Span::new().days(1)).unwrap().occupancy_series().is_err());
    /// ```
    pub fn occupancy_series(&self) -> Result<Series<Date, Ratio>> {
        Series::new(
            self.pairs
                .iter()
                .map(|p| {
                    Ok(Point {
                        period: p.population.period,
                        value: p.occupancy()?,
                    })
                })
                .collect::<Result<Vec<_>>>()?,
        )
    }
}

/// As-of alignment: for each population date, the latest capacity dated on or before it, if
/// that capacity is no older than `max_staleness` (a calendar span: `Span::new().days(90)`,
/// `Span::new().months(12)`; the capacity date must be ≥ population date − span).
///
/// # Errors
///
/// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) when `max_staleness` is negative or the subtraction leaves the
/// supported date range.
///
/// ```
/// use overcrowding::series::{Series, align_as_of};
/// let pop = Series::from_pairs([("2021-03-31", 120), ("2021-04-30", 125)]).unwrap();
/// let cap = Series::from_pairs([("2021-03-31", 100), ("2021-04-15", 110)]).unwrap();
/// let a = align_as_of(&pop, &cap, jiff::Span::new().days(30)).unwrap();
/// assert_eq!(a.pairs[1].capacity.value, 110);
/// assert_eq!(a.pairs[1].age_days, 15);
/// assert!(align_as_of(&pop, &cap, jiff::Span::new().days(-1)).is_err());
/// ```
pub fn align_as_of(
    populations: &Series<Date>,
    capacities: &Series<Date>,
    max_staleness: Span,
) -> Result<Alignment> {
    if max_staleness.is_negative() {
        return Err(Error::invalid(
            "max staleness",
            max_staleness,
            Constraint::NonNegative,
        ));
    }
    let mut out = Alignment {
        pairs: Vec::new(),
        unpaired: Vec::new(),
    };
    for &p in populations.points() {
        let Some(c) = capacities.latest_on_or_before(p.period) else {
            out.unpaired.push((p, Unpaired::NoEarlierValue));
            continue;
        };
        // c is stale when c < p − staleness. Near the calendar's first day p − staleness
        // does not exist; then ask the same question forwards, c + staleness < p.
        let stale = match p.period.checked_sub(max_staleness) {
            Ok(oldest) => c.period < oldest,
            Err(e) => match c.period.checked_add(max_staleness) {
                Ok(fresh_until) => fresh_until < p.period,
                Err(_) => {
                    return Err(Error::invalid(
                        "max staleness",
                        max_staleness,
                        Constraint::InCalendar,
                    )
                    .with_source(e));
                }
            },
        };
        let age_days = days_between(c.period, p.period);
        if stale {
            out.unpaired.push((
                p,
                Unpaired::TooStale {
                    latest: c,
                    age_days,
                },
            ));
        } else {
            out.pairs.push(AlignedPair {
                population: p,
                capacity: c,
                age_days,
            });
        }
    }
    Ok(out)
}

/// Admissions and releases over one period, from `start` to `end`.
///
/// ```
/// use overcrowding::series::FlowPeriod;
/// let f = FlowPeriod::new("2021-01-31", "2021-02-28", 40, 25).unwrap();
/// assert_eq!(f.admissions, 40);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlowPeriod {
    /// First day: the opening stock is the population on this date.
    pub start: Date,
    /// Last day: the closing stock is the population on this date.
    pub end: Date,
    /// People admitted during the period.
    pub admissions: u64,
    /// People released during the period.
    pub releases: u64,
}

impl FlowPeriod {
    /// A period from `YYYY-MM-DD` dates.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidValue`](crate::ErrorKind::InvalidValue) when a date does not parse; [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) when `end` is
    /// not after `start`.
    ///
    /// ```
    /// assert!(overcrowding::series::FlowPeriod::new("2021-02-28", "2021-01-31", 1, 1).is_err());
    /// ```
    pub fn new(start: &str, end: &str, admissions: u64, releases: u64) -> Result<FlowPeriod> {
        let parse = |d: &str| d.parse::<Date>().map_err(|e| Error::bad_date(d, e));
        let (start, end) = (parse(start)?, parse(end)?);
        if end <= start {
            return Err(Error::invalid(
                "period end",
                end,
                Constraint::After {
                    bound: start.to_string(),
                },
            ));
        }
        Ok(FlowPeriod {
            start,
            end,
            admissions,
            releases,
        })
    }
}

/// One period's stock-flow check: closing − (opening + admissions − releases).
///
/// ```
/// use overcrowding::series::{Series, FlowPeriod, stock_flow_check};
/// let stock = Series::from_pairs([("2021-01-31", 100), ("2021-02-28", 112)]).unwrap();
/// let c = stock_flow_check(&stock, &[FlowPeriod::new("2021-01-31", "2021-02-28", 40, 25).unwrap()]).unwrap();
/// assert_eq!(c[0].expected_closing, 115);
/// assert_eq!(c[0].discrepancy, -3);   // 3 people unaccounted for
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct StockFlowCheck {
    /// The period.
    pub period: FlowPeriod,
    /// Population on `period.start`.
    pub opening: u64,
    /// Population on `period.end`.
    pub closing: u64,
    /// opening + admissions − releases (may be negative if releases are overstated).
    pub expected_closing: i128,
    /// closing − expected_closing, signed: > 0 more people than the flows explain, < 0 fewer.
    pub discrepancy: i128,
}

/// Checks the identity population(end) = population(start) + admissions − releases for each
/// period, and returns every period's signed discrepancy (zero when it holds), never hiding one.
///
/// # Errors
///
/// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) when the stock series has no observation on a period's start
/// or end date.
///
/// ```
/// use overcrowding::series::{Series, FlowPeriod, stock_flow_check};
/// let stock = Series::from_pairs([("2021-01-31", 100), ("2021-02-28", 115)]).unwrap();
/// let ok = stock_flow_check(&stock, &[FlowPeriod::new("2021-01-31", "2021-02-28", 40, 25).unwrap()]).unwrap();
/// assert_eq!(ok[0].discrepancy, 0);
/// assert!(stock_flow_check(&stock, &[FlowPeriod::new("2021-01-30", "2021-02-28", 1, 1).unwrap()]).is_err());
/// ```
pub fn stock_flow_check(stock: &Series<Date>, flows: &[FlowPeriod]) -> Result<Vec<StockFlowCheck>> {
    flows
        .iter()
        .map(|&f| {
            let get = |d: Date| {
                stock
                    .value(d)
                    .ok_or_else(|| Error::invalid("flow period date", d, Constraint::Observed))
            };
            let (opening, closing) = (get(f.start)?, get(f.end)?);
            let expected = opening as i128 + f.admissions as i128 - f.releases as i128;
            Ok(StockFlowCheck {
                period: f,
                opening,
                closing,
                expected_closing: expected,
                discrepancy: closing as i128 - expected,
            })
        })
        .collect()
}
