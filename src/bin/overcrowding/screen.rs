//! `screen`: data-quality findings the command line can check on a panel.

use overcrowding::series::YearMonth;

use crate::CliError;
use crate::args::Common;
use crate::input::{self, Loaded};
use crate::output::{Row, V, row};

/// Occupancies outside this range (percent) are flagged as implausible.
const IMPLAUSIBLE: (f64, f64) = (10.0, 300.0);

fn finding(check: &str, date: Option<String>, facility: Option<&str>, detail: String) -> Row {
    row([
        ("check", V::Text(check.to_string())),
        ("date", V::opt_text(date)),
        ("facility", V::opt_text(facility)),
        ("detail", V::Text(detail)),
    ])
}

/// The findings: rejected rows, not-reported values and implausible occupancies on the chosen
/// dates, and months without a report over the whole input.
pub fn rows(c: &Common, loaded: &Loaded) -> Result<Vec<Row>, CliError> {
    let kind = input::kind(c, loaded)?;
    let dates = input::dates(c, &loaded.panel)?;
    let mut out: Vec<Row> = loaded
        .rejects
        .iter()
        .map(|r| finding("rejected row", None, None, r.reason.clone()))
        .collect();
    for d in &dates {
        for r in loaded.panel.on(*d) {
            let (p, k) = (r.population_total(), r.capacity(&kind));
            let lacking = match (p, k) {
                (None, None) => Some(format!("population and {} capacity", kind.name())),
                (None, Some(_)) => Some("population".to_string()),
                (Some(_), None) => Some(format!("{} capacity", kind.name())),
                (Some(_), Some(_)) => None,
            };
            if let Some(what) = lacking {
                out.push(finding(
                    "not reported",
                    Some(d.to_string()),
                    Some(r.id().as_str()),
                    format!("{what} not reported"),
                ));
            }
            if let Ok(o) = r.occupancy(&kind) {
                let pct = o.percent();
                if pct < IMPLAUSIBLE.0 || pct > IMPLAUSIBLE.1 {
                    out.push(finding(
                        "implausible occupancy",
                        Some(d.to_string()),
                        Some(r.id().as_str()),
                        format!(
                            "{} held in {} places: {:.1} %",
                            r.population_total().unwrap_or(0),
                            r.capacity(&kind).unwrap_or(0),
                            o.percent_rounded(1)
                        ),
                    ));
                }
            }
        }
    }
    for m in month_gaps(&loaded.panel.dates()) {
        out.push(finding(
            "month without a report",
            Some(m.to_string()),
            None,
            "no report date falls in this month".to_string(),
        ));
    }
    Ok(out)
}

/// Months between the first and the last date with no date in them (only for data reported
/// about monthly: at least 12 dates and a median spacing under 45 days).
pub fn month_gaps(dates: &[jiff::civil::Date]) -> Vec<YearMonth> {
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
            out.push(w[0].plus(k as i32));
        }
    }
    out
}
