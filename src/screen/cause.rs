//! [`Cause`]: why a finding was raised, as data — one variant per rule, with the numbers the
//! rule compared. Its `Display` is the sentence the screen's table shows.

use std::fmt;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::Rule;
use crate::model::CapacityKind;

/// Why a [`Finding`](super::Finding) was raised: the figures its [`Rule`] compared.
///
/// ```
/// use overcrowding::CapacityKind;
/// use overcrowding::screen::{Cause, Rule};
/// let c = Cause::ImplausibleOccupancy {
///     population: 3_290,
///     capacity: 192,
///     kind: CapacityKind::Design,
///     low_percent: 10.0,
///     high_percent: 400.0,
/// };
/// assert_eq!(c.rule(), Rule::ImplausibleOccupancy);
/// assert_eq!(c.to_string(), "3,290 held in 192 design places: 1713.5 %, outside the plausible 10–400 %");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Cause {
    /// The population is outside the plausible band of the capacity's occupancy.
    ImplausibleOccupancy {
        /// People held.
        population: u64,
        /// Places of the kind.
        capacity: u64,
        /// The capacity kind.
        kind: CapacityKind,
        /// The band's lower end, in percent.
        low_percent: f64,
        /// The band's upper end, in percent.
        high_percent: f64,
    },
    /// The same value on several facilities on one date.
    RepeatedAcrossFacilities {
        /// The capacity kind repeated, or `None` for the population.
        kind: Option<CapacityKind>,
        /// The value.
        value: u64,
        /// The date.
        date: Date,
        /// The facilities that report it (the first five).
        shown: Vec<String>,
        /// How many facilities report it.
        facilities: usize,
    },
    /// A population unchanged for many reports while most others changed.
    Unchanged {
        /// The population.
        population: u64,
        /// Reports in the run.
        reports: usize,
        /// The run's first date.
        first: Date,
        /// The run's last date.
        last: Date,
        /// Other facilities' reports that changed on those dates.
        others_changed: usize,
        /// Other facilities' reports that could have changed.
        others: usize,
    },
    /// A change beyond `k` robust standard deviations of the facility's changes.
    Jump {
        /// The population before.
        before: u64,
        /// Its date.
        from: Date,
        /// The population after.
        after: u64,
        /// Its date.
        to: Date,
        /// The threshold in robust standard deviations.
        k: f64,
        /// The median absolute deviation of the facility's changes.
        mad: f64,
    },
    /// A capacity that changed and changed back at the next report.
    CapacityBounce {
        /// The capacity kind.
        kind: CapacityKind,
        /// The value in between.
        value: u64,
        /// Its date.
        on: Date,
        /// The value before it.
        before: u64,
        /// Its date.
        before_on: Date,
        /// The value after it (the one before, again).
        again: u64,
        /// Its date.
        again_on: Date,
    },
    /// A date whose facility count or total falls far below its neighbours'.
    PartialReport {
        /// Facilities reporting on the date.
        facilities: usize,
        /// Their total population.
        total: u64,
        /// The neighbouring dates' median facility count.
        median_facilities: f64,
        /// The neighbouring dates' median total, rounded.
        median_total: u64,
        /// The neighbouring dates compared with.
        dates: usize,
    },
    /// Sub-rows of one parent repeating the parent's whole capacity.
    SubRowRepeatsParent {
        /// Sub-rows that repeat it.
        sub_rows: usize,
        /// The group key naming the parent.
        key: String,
        /// The parent.
        parent: String,
        /// The capacity kind.
        kind: CapacityKind,
        /// The capacity repeated.
        capacity: u64,
    },
}

impl Cause {
    /// The rule that raised it.
    ///
    /// See [`Cause`] for an example.
    pub fn rule(&self) -> Rule {
        match self {
            Cause::ImplausibleOccupancy { .. } => Rule::ImplausibleOccupancy,
            Cause::RepeatedAcrossFacilities { .. } => Rule::RepeatedAcrossFacilities,
            Cause::Unchanged { .. } => Rule::Unchanged,
            Cause::Jump { .. } => Rule::Jump,
            Cause::CapacityBounce { .. } => Rule::CapacityBounce,
            Cause::PartialReport { .. } => Rule::PartialReport,
            Cause::SubRowRepeatsParent { .. } => Rule::SubRowRepeatsParent,
        }
    }
}

impl fmt::Display for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let thousands = |v: u64| crate::exact::thousands(u128::from(v));
        match self {
            Cause::ImplausibleOccupancy {
                population,
                capacity,
                kind,
                low_percent,
                high_percent,
            } => {
                let pct = *population as f64 * 100.0 / *capacity as f64;
                write!(
                    f,
                    "{} held in {} {} places: {pct:.1} %, outside the plausible {low_percent}–{high_percent} %",
                    thousands(*population),
                    thousands(*capacity),
                    kind.name()
                )
            }
            Cause::RepeatedAcrossFacilities {
                kind,
                value,
                date,
                shown,
                facilities,
            } => {
                let what = match kind {
                    None => "population".to_string(),
                    Some(k) => format!("{} capacity", k.name()),
                };
                let list = if *facilities <= shown.len() {
                    shown.join(", ")
                } else {
                    format!("{}, … ({facilities} in all)", shown.join(", "))
                };
                write!(
                    f,
                    "the same {what} {} is reported for {facilities} facilities on {date}: {list} \
                     (unlikely by chance among facilities of that size)",
                    thousands(*value)
                )
            }
            Cause::Unchanged {
                population,
                reports,
                first,
                last,
                others_changed,
                others,
            } => write!(
                f,
                "population {} unchanged for {reports} reports ({first} to {last}) while {:.0} % of the other reports changed",
                thousands(*population),
                *others_changed as f64 * 100.0 / *others as f64
            ),
            Cause::Jump {
                before,
                from,
                after,
                to,
                k,
                mad,
            } => {
                let d = *after as f64 - *before as f64;
                write!(
                    f,
                    "population {} on {from} to {} on {to}: a change of {d:+.0}, beyond {k} × 1.4826 × MAD ({mad:.0}) of this facility's changes",
                    thousands(*before),
                    thousands(*after)
                )
            }
            Cause::CapacityBounce {
                kind,
                value,
                on,
                before,
                before_on,
                again,
                again_on,
            } => write!(
                f,
                "{} capacity {} on {on} between {} on {before_on} and {} again on {again_on}",
                kind.name(),
                thousands(*value),
                thousands(*before),
                thousands(*again)
            ),
            Cause::PartialReport {
                facilities,
                total,
                median_facilities,
                median_total,
                dates,
            } => write!(
                f,
                "{facilities} facilities holding {} against a median of {median_facilities:.0} facilities holding {} on the {dates} dates around it: a partial report?",
                thousands(*total),
                thousands(*median_total)
            ),
            Cause::SubRowRepeatsParent {
                sub_rows,
                key,
                parent,
                kind,
                capacity,
            } => write!(
                f,
                "{sub_rows} sub-rows of {key} {parent:?} each report {} capacity {}: the whole {key}'s figure repeated (count it once, do not sum)",
                kind.name(),
                thousands(*capacity)
            ),
        }
    }
}
