//! `screen`: data-quality findings ranked most serious first — the reader's rejects, the
//! library's screen ([`crate::screen`]) over every date, what the chosen dates do not report,
//! and months without a report — with a count per check.

use serde::Serialize;

use super::CliError;
use super::args::Common;
use super::input::{self, Loaded};
use crate::screen::{ScreenOptions, Severity, screen};
use crate::system::{Lacks, coverage};

/// One finding.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct FindingRow {
    pub check: String,
    pub severity: Severity,
    pub people: Option<u64>,
    pub date: Option<String>,
    pub facility: Option<String>,
    pub kind: Option<String>,
    pub value: Option<u64>,
    pub detail: String,
}

/// The findings of one check, counted.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct CheckCount {
    pub check: String,
    pub severity: Severity,
    pub findings: usize,
}

/// The findings, most serious first, and a count per check (most serious check first).
pub(crate) struct Findings {
    pub rows: Vec<FindingRow>,
    pub counts: Vec<CheckCount>,
}

/// The command line's own checks, beside the library's rules.
const REJECTED: &str = "rejected row";
const NOT_REPORTED: &str = "not reported";
const MONTH_GAP: &str = "month without a report";

fn row(check: &str, severity: Severity, detail: String) -> FindingRow {
    FindingRow {
        check: check.to_string(),
        severity,
        people: None,
        date: None,
        facility: None,
        kind: None,
        value: None,
        detail,
    }
}

/// Every finding, ranked: by severity, then the people concerned, then the latest date.
pub(crate) fn findings(c: &Common, loaded: &Loaded) -> Result<Findings, CliError> {
    let dates = input::dates(c, &loaded.panel)?;
    // Rejected rows first among equals: the figures leave them out.
    let mut rows: Vec<FindingRow> = loaded
        .rejects
        .iter()
        .map(|r| {
            let text = input::reject_text(&loaded.source, r);
            row(REJECTED, Severity::High, text)
        })
        .collect();
    let s = screen(&loaded.panel, &ScreenOptions::new());
    // The library counts its rules' findings; each check of the command line's own has one
    // severity, so its count is its number of rows.
    let mut counts: Vec<CheckCount> = s
        .counts()
        .into_iter()
        .map(|c| CheckCount {
            check: c.rule.name().to_string(),
            severity: c.severity,
            findings: c.findings,
        })
        .collect();
    rows.extend(s.ranked().into_iter().map(|f| FindingRow {
        check: f.rule().name().to_string(),
        severity: f.severity(),
        people: f.people(),
        date: Some(f.date().to_string()),
        facility: f.facility().map(str::to_string),
        kind: f.kind().map(|k| k.name().to_string()),
        value: f.value(),
        detail: f.why().to_string(),
    }));
    let mut missing = Vec::new();
    match input::kind(c, loaded) {
        Ok(kind) => {
            for d in &dates {
                for m in coverage(loaded.panel.on(*d), &kind).missing {
                    let what = match m.lacks {
                        Lacks::Both => format!("population and {} capacity", kind.name()),
                        Lacks::Population => "population".to_string(),
                        Lacks::Capacity => format!("{} capacity", kind.name()),
                    };
                    missing.push(FindingRow {
                        date: Some(d.to_string()),
                        facility: Some(m.id.as_str().to_string()),
                        kind: Some(kind.name().to_string()),
                        people: m.population,
                        ..row(
                            NOT_REPORTED,
                            Severity::Medium,
                            format!("{what} not reported: left out of the figures"),
                        )
                    });
                }
            }
        }
        Err(CliError::Usage(why)) if c.kind.is_none() => {
            eprintln!("overcrowding: not-reported check skipped: {why}");
        }
        Err(e) => return Err(e),
    }
    let gaps = crate::screen::month_gaps(loaded.panel.dates());
    for (check, severity, findings) in [
        (REJECTED, Severity::High, loaded.rejects.len()),
        (NOT_REPORTED, Severity::Medium, missing.len()),
        (MONTH_GAP, Severity::Medium, gaps.len()),
    ] {
        if findings > 0 {
            counts.push(CheckCount {
                check: check.to_string(),
                severity,
                findings,
            });
        }
    }
    rows.extend(missing);
    rows.extend(gaps.into_iter().map(|m| FindingRow {
        date: Some(m.to_string()),
        ..row(
            MONTH_GAP,
            Severity::Medium,
            "no report date falls in this month".to_string(),
        )
    }));
    // A stable sort keeps each source's own order among equals.
    rows.sort_by_key(|r| std::cmp::Reverse((r.severity, r.people)));
    // The most serious check first; among equals, the check seen first in the ranked rows.
    let first = |check: &str| rows.iter().position(|r| r.check == check);
    counts.sort_by_cached_key(|c| (std::cmp::Reverse((c.severity, c.findings)), first(&c.check)));
    Ok(Findings { rows, counts })
}
