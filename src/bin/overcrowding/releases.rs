//! `releases`: releases needed for a target occupancy.

use overcrowding::system::releases_needed_by_facility;
use overcrowding::{CapacityKind, Record};

use crate::CliError;
use crate::args::Common;
use crate::input::{self, Loaded};
use crate::output::{Row, V, row};

/// (population, capacity) of the records that report both.
pub fn pairs(records: &[&Record], kind: &CapacityKind) -> Vec<(u64, u64)> {
    records
        .iter()
        .filter_map(|r| Some((r.population_total()?, r.capacity(kind)?)))
        .collect()
}

/// The rows of `releases`: for each date, the system (`"all"`) and then each group.
pub fn rows(c: &Common, loaded: &Loaded, target: f64) -> Result<Vec<Row>, CliError> {
    if !(target.is_finite() && target >= 0.0) {
        return Err(CliError::Usage(format!(
            "--target {target}: a target is a percentage ≥ 0"
        )));
    }
    let kind = input::kind(c, loaded)?;
    let dates = input::dates(c, &loaded.panel)?;
    let (panel, key) = input::grouped(c, &loaded.panel, &dates)?;
    let mut out = Vec::new();
    for (date, records) in panel.by_date() {
        let mut groups = input::split(records, None);
        if key.is_some() {
            groups.extend(input::split(records, key.as_deref()));
        }
        for (group, recs) in groups {
            let p = pairs(&recs, &kind);
            let r = if p.is_empty() {
                None
            } else {
                Some(releases_needed_by_facility(&p, target)?)
            };
            let pop: u128 = p.iter().map(|x| x.0 as u128).sum();
            let cap: u128 = p.iter().map(|x| x.1 as u128).sum();
            let occ = if cap > 0 {
                overcrowding::Ratio::new(pop, cap)
                    .ok()
                    .map(|r| r.percent_rounded(1))
            } else {
                None
            };
            let covered = !p.is_empty();
            out.push(row([
                ("group", V::opt_text(group)),
                ("date", V::Text(date.to_string())),
                ("kind", V::Text(kind.name().to_string())),
                ("target_percent", V::Num(target, 1)),
                ("facilities", V::Int(recs.len() as u128)),
                ("covered_facilities", V::Int(p.len() as u128)),
                ("population", V::opt_int(covered.then_some(pop))),
                ("capacity", V::opt_int(covered.then_some(cap))),
                ("occupancy_percent", V::pct(occ)),
                ("releases_system", V::opt_int(r.as_ref().map(|r| r.system))),
                (
                    "releases_no_facility_above",
                    V::opt_int(r.as_ref().map(|r| r.sum_per_facility)),
                ),
                (
                    "facilities_above_target",
                    V::opt_int(r.as_ref().map(|r| r.facilities_above as u128)),
                ),
                (
                    "hidden_by_system_view",
                    V::opt_int(r.as_ref().map(|r| r.hidden_by_system_view())),
                ),
            ]));
        }
    }
    Ok(out)
}
