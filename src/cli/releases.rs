//! `releases`: releases needed for a target occupancy, as typed rows.

use jiff::civil::Date;
use serde::Serialize;

use super::CliError;
use super::args::Common;
use super::input::{self, Loaded};
use super::people::People;
use super::usage::Usage;
use crate::system::releases_needed_by_facility;
use crate::{CapacityKind, Row as PanelRow, system_occupancy};

/// One row of `releases`.
#[derive(Debug, Serialize)]
pub(crate) struct ReleasesRow {
    pub group: Option<String>,
    pub date: Date,
    pub kind: String,
    pub target_percent: f64,
    pub facilities: usize,
    pub covered_facilities: usize,
    pub population: Option<People>,
    pub capacity: Option<People>,
    pub occupancy_percent: Option<f64>,
    pub releases_system: Option<u64>,
    pub releases_no_facility_above: Option<u64>,
    pub facilities_above_target: Option<usize>,
    pub hidden_by_system_view: Option<u64>,
    /// Present (true) when the counts have decimals (`--fractional-counts exact`): each
    /// release figure is whole people, rounded up from the exact figure.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub releases_rounded_up: Option<bool>,
}

/// (population, capacity) of the records that report both.
fn pairs(records: &[PanelRow<'_>], kind: &CapacityKind) -> Vec<(u64, u64)> {
    records
        .iter()
        .filter_map(|r| Some((r.population_total()?, r.capacity(kind)?)))
        .collect()
}

/// The rows of `releases`: for each date, the system (`"all"`) and then each group.
pub(crate) fn rows(c: &Common, loaded: &Loaded, target: f64) -> Result<Vec<ReleasesRow>, CliError> {
    if !(target.is_finite() && target >= 0.0) {
        return Err(Usage::Target { percent: target }.into());
    }
    let kind = input::kind(c, loaded)?;
    let dates = input::dates(c, &loaded.panel)?;
    let (panel, key) = input::grouped(c, &loaded.panel, &dates)?;
    let rounding = c.rounding.into();
    let unit = panel.count_unit();
    let mut out = Vec::new();
    for (date, records) in panel.by_date() {
        let mut groups = input::split(&panel, records, None);
        if key.is_some() {
            groups.extend(input::split(&panel, records, key.as_deref()));
        }
        for (group, recs) in groups {
            let p = pairs(&recs, &kind);
            // Both library calls refuse an empty list: nothing covered is a row of nulls.
            let (sys, needed) = if p.is_empty() {
                (None, None)
            } else {
                (
                    Some(system_occupancy(p.iter().copied())?),
                    // Whole people: each exact figure rounded up.
                    Some(releases_needed_by_facility(&p, target)?.in_whole_people(unit)),
                )
            };
            out.push(ReleasesRow {
                group,
                date,
                kind: kind.name().to_string(),
                target_percent: target,
                facilities: recs.len(),
                covered_facilities: p.len(),
                population: sys.as_ref().map(|s| People::new(s.population, unit)),
                capacity: sys.as_ref().map(|s| People::new(s.capacity, unit)),
                occupancy_percent: sys
                    .as_ref()
                    .map(|s| s.ratio.percent_rounded_by(1, rounding)),
                releases_system: needed.as_ref().map(|r| r.system),
                releases_no_facility_above: needed.as_ref().map(|r| r.sum_per_facility),
                facilities_above_target: needed.as_ref().map(|r| r.facilities_above),
                hidden_by_system_view: needed
                    .as_ref()
                    .map(crate::system::ReleasesNeeded::hidden_by_system_view),
                releases_rounded_up: (!unit.is_whole()).then_some(true),
            });
        }
    }
    Ok(out)
}
