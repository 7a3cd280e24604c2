//! A data-quality screen: typed [`Finding`]s about a [`Panel`], never a change
//! to it.
//!
//! [`screen`] runs every rule of [`Rule`] with the thresholds of [`ScreenOptions`] (defaults
//! documented there) and returns a [`Screen`]: its findings, an aligned text table, and the
//! [`Exclusions`](crate::model::Exclusions) they name — to be applied explicitly with
//! [`Panel::without`](crate::Panel::without), never silently.
//!
//! ```
//! use overcrowding::{CapacityKind, Panel, Record};
//! use overcrowding::screen::{Rule, ScreenOptions, screen};
//! let d = "2020-02-29".parse().unwrap();
//! let r = |id, p, c| Record::new(id, d).map(|x| x.with_population_total(p).with_capacity(CapacityKind::Design, c));
//! let panel = Panel::new([r("AL01", 3_290, 192)?, r("AL02", 900, 1_000)?])?;
//! let s = screen(&panel, &ScreenOptions::new());
//! assert_eq!(s.findings().len(), 1);
//! let f = &s.findings()[0];
//! assert_eq!((f.rule(), f.facility(), f.value()), (Rule::ImplausibleOccupancy, Some("AL01"), Some(3_290)));
//! assert_eq!(panel.without(&s.exclusions()).len(), 1);
//! # Ok::<(), overcrowding::Error>(())
//! ```
//!
//! # Sub-rows
//!
//! The CDCR gender-row quirk (both rows of one institution repeat the whole institution's
//! capacity) needs the sub-rows, which a panel of one record per institution no longer has.
//! The screen takes them as records of their own that share a group key naming their parent
//! ([`ScreenOptions::with_sub_rows`]); the CDCR reader gives such a panel
//! (`CdcrTpop1::to_row_panel`, feature `io`).
//!
//! Dates out of order or duplicated cannot occur in a [`Panel`] (it sorts and
//! refuses a facility twice on a date); the readers report those as rejects.

mod cause;
mod facility;
mod finding;
mod options;
#[cfg(test)]
mod reference;
mod repeated;
mod rules;
mod series;

pub use cause::Cause;
pub use finding::{Finding, Rule, RuleCount, Screen, Severity};
pub use options::ScreenOptions;
pub use series::{SeriesFinding, screen_series};

use jiff::civil::Date;

use crate::model::Panel;
use crate::series::YearMonth;

/// Runs every rule on `panel` with `options`' thresholds.
///
/// The counts the findings quote are in the panel's
/// [`count_unit`](crate::Panel::count_unit): whole people, unless published averages were
/// read exactly — the command line refuses such a panel for `screen`; round the averages
/// (`io::FractionalCounts::Round`) to screen them.
///
/// ```
/// use overcrowding::screen::{ScreenOptions, screen};
/// let s = screen(&overcrowding::datasets::cambodia_panel()?, &ScreenOptions::new());
/// assert_eq!(s.findings().len(), 0);
/// # Ok::<(), overcrowding::Error>(())
/// ```
pub fn screen(panel: &Panel, options: &ScreenOptions) -> Screen {
    let mut findings = Vec::new();
    rules::occupancy_band(panel, options, &mut findings);
    repeated::repeated_across(panel, options, &mut findings);
    facility::per_facility(panel, options, &mut findings);
    rules::partial_reports(panel, options, &mut findings);
    if let Some(key) = options.sub_row_key() {
        rules::sub_rows(panel, key, &mut findings);
    }
    Screen::new(findings)
}

/// Months between the first and the last date with no date in them — for data reported
/// about monthly only: at least 12 dates, spanning at most twice as many months (else none:
/// yearly or quarterly reports have no month to miss).
///
/// ```
/// use overcrowding::screen::month_gaps;
/// let d = |m: i8| jiff::civil::date(2023, m, 28);
/// let dates: Vec<_> = (1..=12).filter(|&m| m != 5 && m != 6).map(d)
///     .chain([jiff::civil::date(2024, 1, 28), jiff::civil::date(2024, 2, 28)]).collect();
/// let gaps: Vec<String> = month_gaps(&dates).iter().map(|m| m.to_string()).collect();
/// assert_eq!(gaps, ["2023-05", "2023-06"]);
/// assert!(month_gaps(&dates[..6]).is_empty()); // fewer than 12 dates
/// ```
pub fn month_gaps(dates: &[Date]) -> Vec<YearMonth> {
    if dates.len() < 12 {
        return Vec::new();
    }
    let months: Vec<YearMonth> = dates.iter().map(|d| YearMonth::of(*d)).collect();
    let span = months[months.len() - 1].months_since(months[0]) as usize + 1;
    if span > 2 * dates.len() {
        return Vec::new(); // not a monthly series
    }
    let mut out = Vec::new();
    for w in months.windows(2) {
        for k in 1..w[1].months_since(w[0]) {
            // Inside the span of two existing months: always a valid month.
            if let Ok(m) = w[0].plus(k as i32) {
                out.push(m);
            }
        }
    }
    out
}
