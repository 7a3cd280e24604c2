//! Time series of counts: one family keyed by calendar period — growth, change, gaps and
//! threshold crossings.
//!
//! # Semantics
//!
//! A [`Series`] holds one value per calendar [`Period`] — a [`Year`], a [`Quarter`], a
//! [`YearMonth`] or a day ([`jiff::civil::Date`]), fixed at compile time, or an
//! [`AnyPeriod`] when the frequency is chosen at run time — periods strictly increasing, gaps
//! allowed and named ([`Series::gaps`]), never interpolated. It starts at its first period
//! ([`Series::start`]) and has a [`Frequency`] ([`Series::frequency`]: daily, monthly,
//! quarterly or yearly). [`Series::from_dated`] places dated reports (report dates are
//! irregular: the last Friday, the month end) in the period they fall in and refuses two
//! dates in one period rather than choosing one silently; [`Series::totals`] adds up the
//! facilities' counts of each date and takes the last report of each period (a stock is
//! counted at the end of its period). The gap-free run a forecast can use is
//! [`Series::run_since_gap`] (or [`Series::longest_run`]); it becomes the input of a forecast
//! with [`RegularSeries::from_series`](crate::forecast::RegularSeries::from_series).
//!
//! Growth over a gap in a yearly series is compound: the annual rate that carries the first
//! value to the second (the World Prison Brief series for Cambodia jumps from 1972 to 1994
//! and from 2018 to 2021).
//!
//! | item | what it does |
//! |---|---|
//! | [`Series`], [`Point`] | values keyed by [`Year`], [`Quarter`], [`YearMonth`], day or [`AnyPeriod`]: [`value`](Series::value), [`gaps`](Series::gaps), [`run_since_gap`](Series::run_since_gap), [`window`](Series::window), [`first_above`](Series::first_above) |
//! | `Series<AnyPeriod>` | the frequency chosen at run time: [`totals`](Series::totals) of dated counts (facilities added, the last report of a period), [`finest_totals`](Series::finest_totals) (monthly, else quarterly, else yearly) |
//! | `Series<Year>` | [`annual_growth`](Series::annual_growth), [`first_crossing`](Series::first_crossing) with the interpolated year ([`YearCrossing`]) |
//! | `Series<Date>`, `Series<Date, Ratio>` | counts / occupancy ratios on report dates: [`change`](Series::change) (absolute, percent: [`CountChange`]), [`points_change`](Series::points_change) (percentage points), [`year_on_year`](Series::year_on_year), [`first_reaching`](Series::first_reaching) a threshold |
//! | [`align_as_of`] | for each population date the latest capacity on or before it, within a maximum staleness; every pairing and its age reported, every miss listed ([`Alignment`]) |
//! | [`stock_flow_check`] | population(end) = population(start) + admissions − releases, each period's signed discrepancy returned |
//! | [`FacilityRegistry`] | aliases, renames, merges → canonical ids with validity dates; ambiguous and unknown names are errors |
//!
//! ```
//! use overcrowding::series::{Series, align_as_of};
//! let pop = Series::from_pairs([("2021-05-31", 38_500), ("2021-06-30", 39_000)])?;
//! let cap = Series::from_pairs([("2021-01-01", 27_000)])?;
//! let a = align_as_of(&pop, &cap, jiff::Span::new().months(12))?;
//! let occ = a.occupancy_series()?;
//! assert_eq!(occ.points()[1].value.percent_rounded(1), 144.4);
//! assert_eq!(a.pairs[1].age_days, 180);
//! # Ok::<(), overcrowding::Error>(())
//! ```

mod align;
mod dated;
mod family;
mod identity;
mod period;
mod yearly;

pub use align::{
    AlignedPair, Alignment, FlowPeriod, StockFlowCheck, Unpaired, align_as_of, stock_flow_check,
};
#[cfg(feature = "plot")]
pub(crate) use dated::strictly_increasing;
pub use dated::{CountChange, YearOnYear, days_between};
pub use family::{FirstReached, Point, Series};
pub use identity::{Alias, Collision, FacilityRegistry};
pub use period::{AnyPeriod, FixedPeriod, Frequency, Period, Quarter, Year, YearMonth};
pub use yearly::YearCrossing;

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
        let pop = Series::from_pairs([("2021-01-15", 10), ("2021-03-31", 12), ("2021-04-01", 13)])
            .unwrap();
        let cap = Series::from_pairs([("2021-01-01", 10), ("2021-01-31", 11)]).unwrap();
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
        let early = Series::from_pairs([("2020-12-31", 5)]).unwrap();
        let a = align_as_of(&early, &cap, Span::new().days(999)).unwrap();
        assert_eq!(a.unpaired[0].1, Unpaired::NoEarlierValue);
    }

    #[test]
    fn year_on_year_and_percent_change() {
        let s = Series::from_pairs([
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
            Series::from_pairs([("2021-01-01", 100), ("2021-02-01", 110), ("2021-03-01", 90)])
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
                .with_capacity(CapacityKind::Design, c)
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
