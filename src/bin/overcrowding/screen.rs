//! `screen`: data-quality findings — the reader's rejects, the library's screen
//! ([`overcrowding::screen`]) over every date, what the chosen dates do not report, and months
//! without a report.

use overcrowding::screen::{ScreenOptions, screen};
use overcrowding::series::YearMonth;

use crate::CliError;
use crate::args::Common;
use crate::input::{self, Loaded};
use crate::output::{Row, V, row};

fn finding(
    check: &str,
    date: Option<String>,
    facility: Option<&str>,
    kind: Option<&str>,
    value: Option<u64>,
    detail: String,
) -> Row {
    row([
        ("check", V::Text(check.to_string())),
        ("date", V::opt_text(date)),
        ("facility", V::opt_text(facility)),
        ("kind", V::opt_text(kind)),
        ("value", V::opt_int(value)),
        ("detail", V::Text(detail)),
    ])
}

/// The findings, in this order: rejected rows; the library screen's findings (by date);
/// facilities that do not report a population or the chosen kind's capacity on the chosen
/// dates (only when the kind is known: `--kind` or a single kind); months without a report.
pub fn rows(c: &Common, loaded: &Loaded) -> Result<Vec<Row>, CliError> {
    let dates = input::dates(c, &loaded.panel)?;
    let mut out: Vec<Row> = loaded
        .rejects
        .iter()
        .map(|r| finding("rejected row", None, None, None, None, r.reason.clone()))
        .collect();
    let s = screen(&loaded.panel, &ScreenOptions::new());
    for f in s.findings() {
        out.push(finding(
            f.rule().name(),
            Some(f.date().to_string()),
            f.facility(),
            f.kind().map(|k| k.name()),
            f.value(),
            f.why().to_string(),
        ));
    }
    match input::kind(c, loaded) {
        Ok(kind) => {
            for d in &dates {
                for r in loaded.panel.on(*d) {
                    let lacking = match (r.population_total(), r.capacity(&kind)) {
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
                            Some(kind.name()),
                            None,
                            format!("{what} not reported: left out of the figures"),
                        ));
                    }
                }
            }
        }
        Err(CliError::Usage(why)) if c.kind.is_none() => {
            eprintln!("overcrowding: not-reported check skipped: {why}");
        }
        Err(e) => return Err(e),
    }
    for m in month_gaps(&loaded.panel.dates()) {
        out.push(finding(
            "month without a report",
            Some(m.to_string()),
            None,
            None,
            None,
            "no report date falls in this month".to_string(),
        ));
    }
    Ok(out)
}

/// Months between the first and the last date with no date in them (only for data reported
/// about monthly: at least 12 dates, spanning at most twice as many months).
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
            // Inside the span of two existing months: always a valid month.
            if let Ok(m) = w[0].plus(k as i32) {
                out.push(m);
            }
        }
    }
    out
}
