//! `summarize`: system and per-group figures.

use jiff::civil::Date;
use overcrowding::system::{
    Lacks, SummaryOptions, SystemSummary, summarize_panel, summarize_panel_groups,
};
use overcrowding::{CapacityKind, Threshold};

use crate::CliError;
use crate::args::Common;
use crate::input::{self, Loaded};
use crate::output::{Row, V, row};

/// The summary options for a kind and extra thresholds.
pub fn options(kind: &CapacityKind, thresholds: &[f64]) -> Result<SummaryOptions, CliError> {
    let mut o = SummaryOptions::new(kind.clone()).with_top(0);
    for &t in thresholds {
        if !(t.is_finite() && t >= 0.0) {
            return Err(CliError::Usage(format!(
                "--threshold {t}: a threshold is a percentage ≥ 0"
            )));
        }
        let t = Threshold::above(format!("above {t} %"), t)
            .map_err(|e| CliError::Usage(format!("--threshold {t}: {e}")))?;
        o = o.with_threshold(t);
    }
    Ok(o)
}

/// One row of figures for a group (`"all"` for the system) on a date.
pub fn summary_row(group: V, date: Date, s: &SystemSummary) -> Row {
    let sys = s.system.as_ref();
    let cov = &s.coverage;
    let lacks = |l: Lacks| cov.missing.iter().filter(|m| m.lacks == l).count() as u128;
    let thresholds = s
        .thresholds
        .iter()
        .map(|t| {
            let counts = if sys.is_some() {
                (V::Int(t.facilities as u128), V::Int(t.people))
            } else {
                (V::Null, V::Null)
            };
            (
                format!("above_{}", t.threshold.percent()),
                V::Obj(vec![
                    ("facilities".into(), counts.0),
                    ("people".into(), counts.1),
                ]),
            )
        })
        .collect::<Vec<_>>();
    let mut r = row([
        ("group", group),
        ("date", V::Text(date.to_string())),
        ("kind", V::Text(s.kind.name().to_string())),
        ("facilities", V::Int(cov.facilities as u128)),
        ("covered_facilities", V::Int(cov.covered as u128)),
        ("population", V::opt_int(sys.map(|x| x.population))),
        ("capacity", V::opt_int(sys.map(|x| x.capacity))),
        (
            "occupancy_percent",
            V::pct(sys.map(|x| x.ratio.percent_rounded(1))),
        ),
        ("surplus", V::opt_int(sys.map(|x| x.surplus))),
        (
            "over_capacity_facilities",
            V::opt_int(sys.map(|x| x.overcrowded_facilities as u128)),
        ),
        (
            "people_in_over_capacity",
            V::opt_int(sys.map(|x| x.people_in_overcrowded)),
        ),
        (
            "median_prisoner_occupancy_percent",
            V::pct(
                s.population_weighted
                    .as_ref()
                    .map(|d| d.median.percent_rounded(1)),
            ),
        ),
        ("population_reported", V::Int(cov.population_reported)),
        (
            "lacks",
            V::Obj(vec![
                ("population".into(), V::Int(lacks(Lacks::Population))),
                ("capacity".into(), V::Int(lacks(Lacks::Capacity))),
                ("both".into(), V::Int(lacks(Lacks::Both))),
            ]),
        ),
    ]);
    if !thresholds.is_empty() {
        r.push(("thresholds".into(), V::Obj(thresholds)));
    }
    r
}

/// The rows of `summarize`: for each date, the system (`"all"`) and then each group.
pub fn rows(c: &Common, loaded: &Loaded, thresholds: &[f64]) -> Result<Vec<Row>, CliError> {
    let kind = input::kind(c, loaded)?;
    let dates = input::dates(c, &loaded.panel)?;
    let (panel, key) = input::grouped(c, &loaded.panel, &dates)?;
    let opts = options(&kind, thresholds)?;
    let system = summarize_panel(&panel, &opts)?;
    let groups = match &key {
        Some(k) => summarize_panel_groups(&panel, k, &opts)?,
        None => Vec::new(),
    };
    let mut out = Vec::new();
    for s in &system {
        out.push(summary_row(V::Text("all".into()), s.date, &s.summary));
        for g in groups.iter().filter(|g| g.date == s.date) {
            out.push(summary_row(
                V::opt_text(g.group.clone()),
                g.date,
                &g.summary,
            ));
        }
    }
    Ok(out)
}
