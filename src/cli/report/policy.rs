//! `policy --report FILE`: the policy run as one self-contained HTML page — the headline
//! (people held at the end of the window, occupancy, person-days saved, the first day at or
//! below the target), the two curves against capacity, each prison's first day at the target,
//! what each lever did and assumed, recalls, and the input rows. Built as typed sections
//! from the library's run, then rendered; every text from the data is escaped.

use std::fmt::Write as _;
use std::path::Path;

use jiff::civil::Date;

use super::render::{esc, figure, head, headline_figure, n, signed};
use crate::cli::CliError;
use crate::flow::policy::{PolicyDay, PolicyRun, TargetDates};
use crate::plot::{PolicyChart, policy_curves_svg};

/// The capacity the run is held against.
pub(crate) enum Against<'a> {
    /// No capacity given: the curves alone.
    Nothing,
    /// One system capacity (`--capacity`).
    System(u64),
    /// Each facility's capacity (`--capacities`), the system being the facilities covered.
    Facilities {
        /// `(facility, places)`.
        capacities: &'a [(crate::model::FacilityId, u64)],
        /// Facilities of the run without a capacity.
        uncovered: usize,
    },
}

impl Against<'_> {
    /// The places the whole run's population is held against: none when some prison of the
    /// run has no capacity (its people would be set against places that are not theirs;
    /// the table of prisons then gives the system over the prisons covered).
    fn places(&self) -> Option<u64> {
        match self {
            Against::Nothing => None,
            Against::System(c) => Some(*c),
            Against::Facilities {
                capacities,
                uncovered: 0,
            } => crate::flow::policy::total_places(capacities)
                .ok()
                .filter(|&c| c > 0),
            Against::Facilities { .. } => None,
        }
    }
}

/// What the page shows, from the run and the command line's inputs.
pub(crate) struct PolicyPage<'a> {
    /// The stays file.
    pub source: &'a str,
    /// The run.
    pub run: &'a PolicyRun,
    /// The capacity it is held against.
    pub against: Against<'a>,
    /// The target occupancy in percent.
    pub target: Option<f64>,
    /// The system's first day at or below the target (`Some(None)`: not in the window).
    pub system_first: Option<Option<Date>>,
    /// Each facility's first day at or below the target.
    pub facilities: Option<&'a TargetDates>,
    /// Rows read, accepted, rejected, skipped.
    pub rows: [usize; 4],
    /// What each lever assumes, in plan order (the plan's levers, in words).
    pub levers: Vec<String>,
}

/// Writes the page to `out`.
pub(crate) fn write(page: &PolicyPage<'_>, out: &Path) -> Result<(), CliError> {
    let html = render(page)?;
    std::fs::write(out, html)
        .map_err(|e| CliError::from(crate::Error::io(out.display().to_string(), e)))
}

fn pct(people: u64, places: u64) -> String {
    crate::occupancy(people, places)
        .and_then(|r| r.percent_rounded_string(1))
        .map(|s| format!("{s} %"))
        .unwrap_or_default()
}

fn render(p: &PolicyPage<'_>) -> Result<String, CliError> {
    let days = p.run.daily();
    let (Some(first), Some(last)) = (days.first(), days.last()) else {
        return Err(crate::cli::usage::Usage::EmptyWindow.into());
    };
    let src = esc(p.source);
    let mut h = head(
        &format!("Policy against capacity — {src}"),
        "A policy against capacity",
        &format!("Stays: {src} · window {} to {}", first.date, last.date),
    );
    let [read, accepted, rejected, skipped] = p.rows;
    if rejected > 0 {
        let _ = writeln!(
            h,
            "<p class=\"warn\"><b>A partial answer:</b> {} of {} stay rows were rejected (one \
             person each) and are left out of both curves.</p>",
            n(rejected as u128),
            n(read as u128)
        );
    }
    render_headline(&mut h, p, last);
    render_curves(&mut h, p, &days)?;
    render_facilities(&mut h, p);
    render_levers(&mut h, p);
    let _ = writeln!(
        h,
        "<section id=\"input\">\n<h2>Input</h2>\n<p>{} rows read: {} stays accepted, {} \
         rejected, {} skipped as blank.</p>\n</section>\n</body>\n</html>",
        n(read as u128),
        n(accepted as u128),
        n(rejected as u128),
        n(skipped as u128)
    );
    Ok(h)
}

fn render_headline(h: &mut String, p: &PolicyPage<'_>, last: &PolicyDay) {
    let pd = p.run.person_days_with_recalls();
    h.push_str("<section id=\"summary\">\n<h2>Headline figures</h2>\n<div class=\"headline\">\n");
    headline_figure(
        h,
        &n(last.policy),
        &format!(
            "held on {} under the policy (baseline {})",
            last.date,
            n(last.baseline)
        ),
    );
    if let Some(places) = p.against.places() {
        headline_figure(
            h,
            &pct(last.policy, places),
            &format!(
                "occupancy of {} places (baseline {})",
                n(places),
                pct(last.baseline, places)
            ),
        );
    }
    let saved = pd.net_saved();
    headline_figure(
        h,
        &signed(saved),
        &format!(
            "person-days saved, net ({} saved, {} added by surges and recalls)",
            n(pd.saved),
            n(pd.added)
        ),
    );
    if let (Some(target), Some(first)) = (p.target, p.system_first) {
        headline_figure(
            h,
            &first.map_or("not in the window".to_string(), |d| d.to_string()),
            &match &p.against {
                Against::Facilities {
                    capacities,
                    uncovered: 1..,
                } => format!(
                    "first day the {} prisons with a capacity are at or below {target} %",
                    capacities.len()
                ),
                _ => format!("first day the system is at or below {target} %"),
            },
        );
    }
    h.push_str("</div>\n</section>\n");
}

fn render_curves(h: &mut String, p: &PolicyPage<'_>, days: &[PolicyDay]) -> Result<(), CliError> {
    let mut chart = PolicyChart::new(days);
    if let Some(places) = p.against.places() {
        chart = chart.with_capacity(places);
        if let Some(t) = p.target {
            chart = chart.with_target(t);
        }
    }
    let source = format!("Source: {}", p.source);
    let mut caption = "People held each day, in the baseline and under the policy".to_string();
    if p.run.recalls().is_some() {
        caption.push_str(" (with recalls: the median path, shaded from the 5 % to the 95 % path)");
    }
    if let Against::Facilities { uncovered, .. } = p.against
        && uncovered > 0
    {
        let _ = write!(
            caption,
            " · no capacity line: {uncovered} of the run's prisons have no capacity (the \
             prisons with one are in the table below)"
        );
    }
    let svg = policy_curves_svg("Baseline and policy against capacity", &source, &chart)?;
    h.push_str("<section id=\"curves\">\n<h2>Baseline and policy</h2>\n");
    h.push_str(&figure(&svg, &caption));
    if let Some(r) = p.run.recalls() {
        let _ = writeln!(
            h,
            "<p>Recalls are random: {} paths, {} recalls on average in the window; the \
             policy curve counts the median path.</p>",
            n(r.paths() as u128),
            n(r.mean_recalls().round() as u128)
        );
    }
    h.push_str("</section>\n");
    Ok(())
}

fn render_facilities(h: &mut String, p: &PolicyPage<'_>) {
    let (Some(t), Some(target), Against::Facilities { capacities, .. }) =
        (p.facilities, p.target, &p.against)
    else {
        return;
    };
    let mut rows: Vec<_> = t.facilities.iter().collect();
    // Still over first, then the latest to reach the target.
    rows.sort_by(|a, b| {
        b.1.map_or(Date::MAX, |d| d)
            .cmp(&a.1.map_or(Date::MAX, |d| d))
    });
    let _ = writeln!(
        h,
        "<section id=\"facilities\">\n<h2>Prisons</h2>\n<p>{} of {} prisons with a capacity \
         are still above {target} % at the end of the window.</p>\n<table>\n<tr><th>prison</th>\
         <th class=\"n\">places</th><th>first day at or below {target} %</th></tr>",
        n(t.still_over() as u128),
        n(rows.len() as u128)
    );
    for (id, first) in rows {
        let places = capacities
            .iter()
            .find(|(f, _)| f == id)
            .map_or(String::new(), |(_, c)| n(*c));
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td class=\"n\">{places}</td><td>{}</td></tr>",
            esc(id.as_str()),
            first.map_or("still over".to_string(), |d| d.to_string())
        );
    }
    h.push_str("</table>\n");
    if !t.uncovered.is_empty() {
        let names: Vec<&str> = t.uncovered.iter().map(|f| f.as_str()).collect();
        let _ = writeln!(
            h,
            "<p class=\"note\">Without a capacity (not in the system figure): {}.</p>",
            esc(&names.join(", "))
        );
    }
    h.push_str("</section>\n");
}

fn render_levers(h: &mut String, p: &PolicyPage<'_>) {
    h.push_str(
        "<section id=\"levers\">\n<h2>The levers and what they assume</h2>\n<table>\n\
         <tr><th>lever</th><th class=\"n\">stays changed</th><th class=\"n\">still held, \
         left alone</th></tr>\n",
    );
    for (words, effect) in p.levers.iter().zip(p.run.levers()) {
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            esc(words),
            n(effect.changed),
            n(effect.censored_unchanged)
        );
    }
    h.push_str(
        "</table>\n<p class=\"note\">A stay still held at the end of the data has no known \
         end: no lever treats it as a release; the levers that need its end leave it as it \
         is (counted above).</p>\n</section>\n",
    );
}
