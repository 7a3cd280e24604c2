//! `summarize`: system and per-group figures, as typed rows.

use jiff::civil::Date;
use serde::{Serialize, Serializer, ser::SerializeMap};

use super::CliError;
use super::args::Common;
use super::input::{self, Loaded};
use super::people::People;
use super::usage::Usage;
use crate::exact::Rounding;
use crate::metrics::{PretrialDefinition, PretrialTally};
use crate::model::PanelView;
use crate::system::{
    Lacks, SummaryOptions, SystemSummary, summarize_panel, summarize_panel_groups,
};
use crate::{CapacityKind, Threshold};

/// One row of `summarize` (the design note's stable fields, then the additions).
#[derive(Debug, Serialize)]
pub(crate) struct SummaryRow {
    pub group: Option<String>,
    pub date: Date,
    pub kind: String,
    pub facilities: usize,
    pub covered_facilities: usize,
    pub population: Option<People>,
    pub capacity: Option<People>,
    pub occupancy_percent: Option<f64>,
    pub surplus: Option<People>,
    pub over_capacity_facilities: Option<usize>,
    pub people_in_over_capacity: Option<People>,
    pub median_prisoner_occupancy_percent: Option<f64>,
    pub population_reported: People,
    pub lacks: LacksRow,
    #[serde(skip_serializing_if = "Thresholds::is_empty")]
    pub thresholds: Thresholds,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub pretrial: Option<PretrialRow>,
}

/// Facilities left out of the figures, by what they lack.
#[derive(Debug, Serialize)]
pub(crate) struct LacksRow {
    pub population: usize,
    pub capacity: usize,
    pub both: usize,
}

/// Facilities and people above one threshold (null when nothing is covered).
#[derive(Debug, Serialize)]
pub(crate) struct ThresholdRow {
    pub facilities: Option<usize>,
    pub people: Option<People>,
}

/// `above_P → counts`, in the order of the thresholds.
#[derive(Debug, Default)]
pub(crate) struct Thresholds(pub Vec<(String, ThresholdRow)>);

impl Thresholds {
    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Serialize for Thresholds {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

/// The pretrial share beside the occupancy (with `--pretrial-definition`).
#[derive(Debug, Serialize)]
pub(crate) struct PretrialRow {
    pub pretrial_definition: PretrialDefinition,
    pub pretrial_share_percent: Option<f64>,
    pub pretrial_people: Option<People>,
    pub pretrial_facilities: usize,
    pub pretrial_lacking_facilities: usize,
}

impl PretrialRow {
    /// The pretrial tally of the rows of `panel` (a view) on `date` (and in `group` under
    /// `key`, a column of the panel or the view's combined one):
    /// from the `column` counting the people held pretrial under `definition`, or else from
    /// the legal-status columns.
    ///
    /// # Errors
    ///
    /// Bad input when a cell of `column` is not a count or exceeds the record's population.
    pub fn of(
        panel: &PanelView<'_>,
        date: Date,
        key: Option<(&str, Option<&str>)>,
        definition: PretrialDefinition,
        column: Option<&str>,
        rounding: Rounding,
    ) -> Result<PretrialRow, CliError> {
        let unit = panel.count_unit();
        let rows = panel.on(date);
        let rows = rows
            .iter()
            .filter(|r| key.is_none_or(|(k, g)| panel.group(*r, k) == g));
        let t = match column {
            None => {
                let populations: Vec<crate::Population> =
                    rows.filter_map(|r| r.population()).collect();
                PretrialTally::of(&populations, definition)?
            }
            Some(col) => {
                let mut counts = Vec::new();
                for r in rows {
                    counts.push(Self::count(r, col, date, unit, definition)?);
                }
                PretrialTally::of_counts(counts, definition)?
            }
        };
        Ok(PretrialRow {
            pretrial_definition: definition,
            pretrial_share_percent: t.share().ok().map(|r| r.percent_rounded_by(1, rounding)),
            pretrial_people: (t.facilities > 0).then(|| People::new(t.pretrial, unit)),
            pretrial_facilities: t.facilities,
            pretrial_lacking_facilities: t.lacking,
        })
    }

    /// Row `r`'s `(pretrial, population)` from the text of its cell in `col`, in the
    /// population's unit (`None` when either is not reported).
    fn count(
        r: crate::Row<'_>,
        col: &str,
        date: Date,
        unit: crate::model::CountUnit,
        definition: PretrialDefinition,
    ) -> Result<Option<(u64, u64)>, CliError> {
        let (Some(text), Some(total)) = (r.group(col), r.population_total()) else {
            return Ok(None);
        };
        let at = crate::Location::default()
            .with_column(col)
            .with_facility(r.id().as_str())
            .with_date(date);
        let bad = |p| CliError::from(crate::Error::bad_value(text, p, at.clone()));
        let n = crate::io::parse::separated_count(text).map_err(bad)?;
        // The column counts whole people; the population may be in a finer unit.
        let n = crate::model::CountUnit::WHOLE
            .rescale(n, unit)
            .ok_or_else(|| bad(crate::error::ValueProblem::OutOfRange))?;
        // The library's error, at the row: a pretrial count above the total.
        PretrialTally::of_counts([Some((n, total))], definition)
            .map_err(|e| CliError::from(e.at(at.clone())))?;
        Ok(Some((n, total)))
    }
}

/// The summary options for a kind and extra thresholds.
pub(crate) fn options(kind: &CapacityKind, thresholds: &[f64]) -> Result<SummaryOptions, CliError> {
    let mut o = SummaryOptions::new(kind.clone()).with_top(0);
    for &t in thresholds {
        o = o.with_threshold(threshold_flag(t)?);
    }
    Ok(o)
}

/// A `--threshold PERCENT` flag as the threshold "above PERCENT %"; a percent the library
/// refuses is a usage mistake (exit 2) that keeps the library's error.
pub(crate) fn threshold_flag(percent: f64) -> Result<Threshold, CliError> {
    Threshold::above(format!("above {percent} %"), percent).map_err(|e| {
        CliError::from(Usage::Threshold {
            percent,
            error: Box::new(e),
        })
    })
}

impl SummaryRow {
    /// The row of a group (`"all"` for the system) on a date.
    pub fn new(
        group: Option<String>,
        date: Date,
        s: &SystemSummary,
        rounding: Rounding,
    ) -> SummaryRow {
        let sys = s.system.as_ref();
        let cov = &s.coverage;
        let pct = |r: &crate::Ratio| r.percent_rounded_by(1, rounding);
        let people = |n: u128| People::new(n, s.unit);
        SummaryRow {
            group,
            date,
            kind: s.kind.name().to_string(),
            facilities: cov.facilities,
            covered_facilities: cov.covered,
            population: sys.map(|x| people(x.population)),
            capacity: sys.map(|x| people(x.capacity)),
            occupancy_percent: sys.map(|x| pct(&x.ratio)),
            surplus: sys.map(|x| people(x.surplus)),
            over_capacity_facilities: sys.map(|x| x.overcrowded_facilities),
            people_in_over_capacity: sys.map(|x| people(x.people_in_overcrowded)),
            median_prisoner_occupancy_percent: s
                .population_weighted
                .as_ref()
                .map(|d| pct(&d.median)),
            population_reported: people(cov.population_reported),
            lacks: LacksRow {
                population: cov.lacking(Lacks::Population),
                capacity: cov.lacking(Lacks::Capacity),
                both: cov.lacking(Lacks::Both),
            },
            thresholds: Thresholds(
                s.thresholds
                    .iter()
                    .map(|t| {
                        (
                            format!("above_{}", t.threshold.percent()),
                            ThresholdRow {
                                facilities: sys.map(|_| t.facilities),
                                people: sys.map(|_| people(t.people)),
                            },
                        )
                    })
                    .collect(),
            ),
            pretrial: None,
        }
    }
}

/// The rows of `summarize`: for each date, the system (`"all"`) and then each group.
pub(crate) fn rows(
    c: &Common,
    loaded: &Loaded,
    thresholds: &[f64],
) -> Result<Vec<SummaryRow>, CliError> {
    let kind = input::kind(c, loaded)?;
    let dates = input::dates(c, &loaded.panel)?;
    let (panel, key) = input::grouped(c, &loaded.panel, &dates)?;
    let opts = options(&kind, thresholds)?;
    let rounding = c.rounding.into();
    let system = summarize_panel(&panel, &opts)?;
    let groups = match &key {
        Some(k) => summarize_panel_groups(&panel, k, &opts)?,
        None => Vec::new(),
    };
    let pretrial = |date: Date, group: Option<(&str, Option<&str>)>| {
        c.pretrial_definition
            .map(|d| {
                PretrialRow::of(
                    &panel,
                    date,
                    group,
                    d.into(),
                    c.pretrial.as_deref(),
                    rounding,
                )
            })
            .transpose()
    };
    let mut out = Vec::new();
    for s in &system {
        let mut row = SummaryRow::new(Some("all".into()), s.date, &s.summary, rounding);
        row.pretrial = pretrial(s.date, None)?;
        out.push(row);
        for g in groups.iter().filter(|g| g.date == s.date) {
            let mut row = SummaryRow::new(g.group.clone(), g.date, &g.summary, rounding);
            row.pretrial = match key.as_deref() {
                Some(k) => pretrial(g.date, Some((k, g.group.as_deref())))?,
                None => None,
            };
            out.push(row);
        }
    }
    Ok(out)
}
