//! Time series of counts: growth, change and threshold crossings.
//!
//! # Semantics
//!
//! A [`YearlySeries`] holds one count per year, years strictly increasing, gaps allowed (the
//! World Prison Brief series for Cambodia jumps from 1972 to 1994 and from 2018 to 2021).
//! Growth over a gap is compound: the annual rate that carries the first value to the second.
//!
//! A [`MonthlySeries`] holds one count per calendar month ([`YearMonth`]), months strictly
//! increasing, gaps allowed and reported ([`MonthlySeries::gaps`]), never interpolated.
//! [`MonthlySeries::from_dated`] aligns dated observations (report dates are irregular: the
//! last Friday, the month end) to the calendar month they fall in and refuses two dates in
//! one month rather than choosing one silently.
//!
//! Dated data (design note "Flows"):
//!
//! | item | what it does |
//! |---|---|
//! | [`DatedSeries`], [`OccupancySeries`] | counts / occupancy ratios on `jiff` civil dates: [`change`](DatedSeries::change) (absolute, percent), [`points_change`](OccupancySeries::points_change) (percentage points), [`year_on_year`](DatedSeries::year_on_year), first crossing ([`first_above`](DatedSeries::first_above), [`first_reaching`](OccupancySeries::first_reaching)) |
//! | [`align_as_of`] | for each population date the latest capacity on or before it, within a maximum staleness; every pairing and its age reported, every miss listed ([`Alignment`]) |
//! | [`stock_flow_check`] | population(end) = population(start) + admissions − releases, each period's signed discrepancy returned |
//! | [`FacilityRegistry`] | aliases, renames, merges → canonical ids with validity dates; ambiguous and unknown names are errors |
//!
//! ```
//! use overcrowding::series::{DatedSeries, align_as_of};
//! let pop = DatedSeries::from_pairs([("2021-05-31", 38_500), ("2021-06-30", 39_000)])?;
//! let cap = DatedSeries::from_pairs([("2021-01-01", 27_000)])?;
//! let a = align_as_of(&pop, &cap, jiff::Span::new().months(12))?;
//! let occ = a.occupancy_series()?;
//! assert_eq!(occ.points()[1].occupancy.percent_rounded(1), 144.4);
//! assert_eq!(a.pairs[1].age_days, 180);
//! # Ok::<(), overcrowding::Error>(())
//! ```

mod align;
mod dated;
mod identity;
mod monthly;

pub use align::{
    AlignedPair, Alignment, FlowPeriod, StockFlowCheck, Unpaired, align_as_of, stock_flow_check,
};
#[cfg(feature = "plot")]
pub(crate) use dated::strictly_increasing;
pub use dated::{
    DatedChange, DatedCrossing, DatedPoint, DatedSeries, OccupancyPoint, OccupancySeries,
    YearOnYear, days_between,
};
pub use identity::{Alias, Collision, FacilityRegistry};
pub use monthly::{MonthPoint, MonthlySeries, YearMonth};

use crate::ErrorKind;
use crate::error::Constraint;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The serialised form of every series type: its points, checked by the type's `new` when
/// read back (unsorted or repeated points are refused as they are by `new`).
#[derive(Serialize, Deserialize)]
pub(crate) struct RawPoints<P> {
    points: Vec<P>,
}

/// Implements `try_from = "RawPoints<P>"` / `into = "RawPoints<P>"` for a series type whose
/// `new(Vec<P>) -> Result<Self>` checks its invariant and whose points are in `.points`.
macro_rules! series_serde_via_new {
    ($series:ty, $point:ty) => {
        impl TryFrom<$crate::series::RawPoints<$point>> for $series {
            type Error = $crate::error::Error;
            fn try_from(r: $crate::series::RawPoints<$point>) -> $crate::error::Result<Self> {
                <$series>::new(r.points)
            }
        }
        impl From<$series> for $crate::series::RawPoints<$point> {
            fn from(s: $series) -> Self {
                $crate::series::RawPoints { points: s.points }
            }
        }
    };
}
pub(crate) use series_serde_via_new;

series_serde_via_new!(YearlySeries, YearPoint);

/// One observation of a yearly series.
///
/// ```
/// let p = overcrowding::series::YearPoint { year: 2021, value: 39_000 };
/// assert_eq!(p.value, 39_000);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearPoint {
    /// Calendar year.
    pub year: i32,
    /// The count.
    pub value: u64,
}

/// A yearly series of counts, years strictly increasing.
///
/// ```
/// use overcrowding::{series::YearlySeries, series::YearPoint};
/// let s = YearlySeries::new(vec![YearPoint { year: 2016, value: 21_989 }, YearPoint { year: 2018, value: 31_686 }]).unwrap();
/// assert_eq!(s.points().len(), 2);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawPoints<YearPoint>", into = "RawPoints<YearPoint>")]
pub struct YearlySeries {
    points: Vec<YearPoint>,
}

/// When a series first went above a level.
///
/// ```
/// use overcrowding::{series::YearlySeries, series::YearPoint};
/// let s = YearlySeries::new(vec![YearPoint { year: 2016, value: 21_989 }, YearPoint { year: 2018, value: 31_686 }]).unwrap();
/// let c = s.first_crossing(27_000).unwrap().unwrap();
/// assert_eq!(c.first_year_above, 2018);
/// assert_eq!(c.last_year_at_or_below, Some(2016));
/// assert!((c.interpolated_year - 2017.13).abs() < 0.01);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct YearCrossing {
    /// The first observed year with a value above the level.
    pub first_year_above: i32,
    /// The observed year before it (at or below the level), if any.
    pub last_year_at_or_below: Option<i32>,
    /// The (fractional) year at which the compound-growth path between the two observations
    /// reaches the level; equals `first_year_above` when there is no earlier observation.
    pub interpolated_year: f64,
}

impl YearlySeries {
    /// A series from points.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Empty`] for no points; [`ErrorKind::InvalidParameter`] when years are not strictly
    /// increasing (a duplicate year or out of order).
    ///
    /// ```
    /// use overcrowding::{series::YearlySeries, series::YearPoint};
    /// let p = |year, value| YearPoint { year, value };
    /// assert!(YearlySeries::new(vec![p(2018, 1), p(2016, 2)]).is_err());
    /// assert!(YearlySeries::new(vec![]).is_err());
    /// ```
    pub fn new(points: Vec<YearPoint>) -> Result<YearlySeries> {
        if points.is_empty() {
            return Err(Error::from(ErrorKind::Empty { what: "series" }));
        }
        if let Some(w) = points.windows(2).find(|w| w[1].year <= w[0].year) {
            return Err(Error::invalid(
                "year",
                w[1].year,
                Constraint::StrictlyIncreasing {
                    previous: w[0].year.to_string(),
                },
            ));
        }
        Ok(YearlySeries { points })
    }

    /// The observations.
    ///
    /// ```
    /// # use overcrowding::{series::YearlySeries, series::YearPoint};
    /// # let s = YearlySeries::new(vec![YearPoint { year: 2016, value: 1 }]).unwrap();
    /// assert_eq!(s.points()[0].year, 2016);
    /// ```
    pub fn points(&self) -> &[YearPoint] {
        &self.points
    }

    /// The value in `year`, if observed.
    ///
    /// ```
    /// # use overcrowding::{series::YearlySeries, series::YearPoint};
    /// # let s = YearlySeries::new(vec![YearPoint { year: 2016, value: 7 }]).unwrap();
    /// assert_eq!(s.value(2016), Some(7));
    /// assert_eq!(s.value(2017), None);
    /// ```
    pub fn value(&self, year: i32) -> Option<u64> {
        self.points
            .binary_search_by_key(&year, |p| p.year)
            .ok()
            .map(|i| self.points[i].value)
    }

    /// Compound annual growth rate between two observed years: `(v₂ / v₁)^(1 / (y₂ − y₁)) − 1`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidParameter`] when a year is not observed or `to <= from`;
    /// [`ErrorKind::ZeroDenominator`] when the first value is 0.
    ///
    /// ```
    /// use overcrowding::datasets::cambodia_wpb_series;
    /// let s = cambodia_wpb_series().unwrap();
    /// let g = s.annual_growth(1994, 2021).unwrap();
    /// assert_eq!((g * 1000.0).round() / 10.0, 11.7); // 11.7 % a year, 1994–2021
    /// ```
    pub fn annual_growth(&self, from: i32, to: i32) -> Result<f64> {
        if to <= from {
            return Err(Error::invalid(
                "to year",
                to,
                Constraint::After {
                    bound: from.to_string(),
                },
            ));
        }
        let get = |y: i32| {
            self.value(y)
                .ok_or_else(|| Error::invalid("year", y, Constraint::Observed))
        };
        let (a, b) = (get(from)?, get(to)?);
        if a == 0 {
            return Err(Error::from(ErrorKind::ZeroDenominator {
                what: "first value of the period",
            }));
        }
        Ok(compound_rate(a, b, from, to))
    }

    /// Growth between each pair of consecutive observations: `(from, to, annual rate)`.
    ///
    /// ```
    /// use overcrowding::datasets::cambodia_wpb_series;
    /// let steps = cambodia_wpb_series().unwrap().annual_growth_steps();
    /// assert_eq!(steps.len(), 14);
    /// assert_eq!((steps[13].0, steps[13].1), (2018, 2021));
    /// ```
    pub fn annual_growth_steps(&self) -> Vec<(i32, i32, f64)> {
        self.points
            .windows(2)
            .filter(|w| w[0].value > 0)
            .map(|w| {
                let r = compound_rate(w[0].value, w[1].value, w[0].year, w[1].year);
                (w[0].year, w[1].year, r)
            })
            .collect()
    }

    /// The first time the series went above `level`; `Ok(None)` if it never did.
    /// The interpolated year follows compound growth between the bracketing observations.
    ///
    /// # Errors
    ///
    /// Never, today; `Result` leaves room for checks on the level.
    ///
    /// ```
    /// use overcrowding::datasets::cambodia_wpb_series;
    /// let c = cambodia_wpb_series().unwrap().first_crossing(27_000).unwrap().unwrap();
    /// assert_eq!(c.first_year_above, 2018);
    /// ```
    pub fn first_crossing(&self, level: u64) -> Result<Option<YearCrossing>> {
        let Some(i) = self.points.iter().position(|p| p.value > level) else {
            return Ok(None);
        };
        let Some(&above) = self.points.get(i) else {
            return Ok(None);
        };
        if i == 0 {
            return Ok(Some(YearCrossing {
                first_year_above: above.year,
                last_year_at_or_below: None,
                interpolated_year: f64::from(above.year),
            }));
        }
        let Some(below) = i.checked_sub(1).and_then(|b| self.points.get(b)).copied() else {
            return Ok(None);
        };
        let span = year_span(below.year, above.year);
        // below.value ≤ level < above.value, so both differences are exact and the second
        // is ≥ 1. ln(v / below) as ln_1p((v − below) / below): two values that round to one
        // f64 (2^60 and 2^60 + 1) still give a positive denominator, never 0 / 0.
        let (rise_to_level, rise) = (level - below.value, above.value - below.value);
        let t = if below.value == 0 {
            // No compound path from zero: interpolate linearly.
            rise_to_level as f64 / rise as f64
        } else {
            let b = below.value as f64;
            (rise_to_level as f64 / b).ln_1p() / (rise as f64 / b).ln_1p()
        };
        Ok(Some(YearCrossing {
            first_year_above: above.year,
            last_year_at_or_below: Some(below.year),
            interpolated_year: f64::from(below.year) + t * span,
        }))
    }
}

/// Years from `from` to `to` as a float, computed in `i64` (i32::MIN to i32::MAX does not
/// overflow).
fn year_span(from: i32, to: i32) -> f64 {
    (i64::from(to) - i64::from(from)) as f64
}

/// Compound annual rate from `a` in `from` to `b` in `to` (`a > 0`, `to > from`).
fn compound_rate(a: u64, b: u64, from: i32, to: i32) -> f64 {
    (b as f64 / a as f64).powf(year_span(from, to).recip()) - 1.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::Span;
    use jiff::civil::Date;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn staleness_boundary_is_inclusive_and_reported() {
        let pop =
            DatedSeries::from_pairs([("2021-01-15", 10), ("2021-03-31", 12), ("2021-04-01", 13)])
                .unwrap();
        let cap = DatedSeries::from_pairs([("2021-01-01", 10), ("2021-01-31", 11)]).unwrap();
        let a = align_as_of(&pop, &cap, Span::new().days(60)).unwrap();
        // 2021-01-15 ← 2021-01-01 (14 days); 2021-03-31 ← 2021-01-31 (59 days);
        // 2021-04-01 ← 2021-01-31 is 60 days old: still within 60 days.
        let got: Vec<(u64, i32)> = a
            .pairs
            .iter()
            .map(|p| (p.capacity.value, p.age_days))
            .collect();
        assert_eq!(got, vec![(10, 14), (11, 59), (11, 60)]);
        let a = align_as_of(&pop, &cap, Span::new().days(59)).unwrap();
        assert_eq!(a.pairs.len(), 2);
        assert_eq!(
            a.unpaired,
            vec![(
                pop.points()[2],
                Unpaired::TooStale {
                    latest: cap.points()[1],
                    age_days: 60
                }
            )]
        );
        // Nothing before the first capacity.
        let early = DatedSeries::from_pairs([("2020-12-31", 5)]).unwrap();
        let a = align_as_of(&early, &cap, Span::new().days(999)).unwrap();
        assert_eq!(a.unpaired[0].1, Unpaired::NoEarlierValue);
    }

    #[test]
    fn year_on_year_and_percent_change() {
        let s = DatedSeries::from_pairs([
            ("2020-01-31", 200),
            ("2020-02-29", 100),
            ("2021-01-31", 150),
            ("2021-02-28", 130),
        ])
        .unwrap();
        let y = s.year_on_year().unwrap();
        let got: Vec<(i128, f64)> = y
            .changes
            .iter()
            .map(|c| (c.absolute, c.percent().unwrap()))
            .collect();
        assert_eq!(got, vec![(-50, -25.0), (30, 30.0)]);
        assert_eq!(y.without_previous.len(), 2);
        assert_eq!(y.changes[1].days(), 365);
    }

    #[test]
    fn stock_flow_discrepancies_are_signed() {
        let stock =
            DatedSeries::from_pairs([("2021-01-01", 100), ("2021-02-01", 110), ("2021-03-01", 90)])
                .unwrap();
        let flows = [
            FlowPeriod::new("2021-01-01", "2021-02-01", 30, 20).unwrap(), // 110 = 110 ✓
            FlowPeriod::new("2021-02-01", "2021-03-01", 10, 25).unwrap(), // 95 expected, 90 seen
        ];
        let c = stock_flow_check(&stock, &flows).unwrap();
        assert_eq!(
            c.iter().map(|x| x.discrepancy).collect::<Vec<_>>(),
            vec![0, -5]
        );
        let over = [FlowPeriod::new("2021-01-01", "2021-02-01", 0, 500).unwrap()];
        assert_eq!(
            stock_flow_check(&stock, &over).unwrap()[0].expected_closing,
            -400
        );
    }

    #[test]
    fn registry_prevents_double_counting() {
        use crate::system::{SummaryOptions, summarize_panel};
        use crate::{CapacityKind, Panel, Record};
        let at = |date: &str, id: &str, p: u64, c: u64| {
            Record::new(id, d(date))
                .unwrap()
                .with_population_total(p)
                .unwrap()
                .with_capacity(CapacityKind::Design, c)
                .unwrap()
        };
        let mut r = FacilityRegistry::new();
        r.alias("Old Name", "A", None, Some(d("2020-12-31")))
            .unwrap()
            .alias("New Name", "A", Some(d("2021-01-01")), None)
            .unwrap()
            .facility("A")
            .unwrap();
        let in_2020 = Panel::new([
            at("2020-06-30", "Old Name", 10, 10),
            at("2020-06-30", "A", 10, 10),
        ])
        .unwrap();
        // In 2020 both rows are facility A: refused, not double counted.
        let err = r.canonicalize(&in_2020, Collision::Error).unwrap_err();
        assert!(err.is_duplicate(), "{err}");
        assert_eq!(
            err.location().and_then(|l| l.facility.as_deref()),
            Some("A")
        );
        // In 2021 "Old Name" is no longer valid: unknown, not a new facility.
        let in_2021 = Panel::new([
            at("2021-06-30", "Old Name", 10, 10),
            at("2021-06-30", "A", 10, 10),
        ])
        .unwrap();
        let err = r.canonicalize(&in_2021, Collision::Error).unwrap_err();
        assert!(
            matches!(err.kind(), crate::ErrorKind::UnknownFacility { name, .. } if name == "Old Name"),
            "{err}"
        );
        let ok = Panel::new([
            at("2021-06-30", "new  name", 12, 10),
            at("2021-06-30", "B", 5, 10),
        ])
        .unwrap();
        r.facility("B").unwrap();
        let c = r.canonicalize(&ok, Collision::Error).unwrap();
        let s =
            &summarize_panel(&c, &SummaryOptions::new(CapacityKind::Design)).unwrap()[0].summary;
        assert_eq!(s.ratio().unwrap().percent(), 85.0);
        assert_eq!(s.most_overcrowded[0].id.as_str(), "A");
        let amb = r
            .alias("new name", "B", Some(d("2030-01-01")), None)
            .unwrap_err();
        assert!(matches!(
            amb.kind(),
            crate::ErrorKind::AmbiguousFacility { .. }
        ));
    }
}
