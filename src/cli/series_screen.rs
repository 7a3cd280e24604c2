//! The forecast screens its input with the library's [`screen_series`]; what happens then
//! is the command line's rule: a **high** finding (a doubled period, a jump of a quarter of
//! the total or more, a partial report) stops the forecast unless `--force` is given; every
//! finding, of any severity, is listed in the output.

pub(crate) use crate::screen::{SeriesFinding, screen_series};

/// A forecast stopped by serious findings on its series (without `--force`): the series and
/// the findings, as data; the message is written when it is shown.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Refusal {
    /// The input and, with `--by` or `--by-facility`, the unit (`file.csv: group North`).
    pub what: String,
    /// The periods screened, e.g. `40 monthly totals 2021-01..2024-04`.
    pub run: String,
    /// The serious findings, most serious first.
    pub findings: Vec<SeriesFinding>,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.findings.len();
        write!(
            f,
            "{} ({}): the series to forecast has {n} serious finding{} that would move the forecast:",
            self.what,
            self.run,
            if n == 1 { "" } else { "s" },
        )?;
        for finding in &self.findings {
            write!(f, "\n  {}", finding.line())?;
        }
        f.write_str(
            "\nFix the data (overcrowding screen lists every finding), or forecast anyway with \
             --force (the output then lists the findings).",
        )
    }
}
