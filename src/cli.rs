//! The `overcrowding` command line as a library call (feature `cli`): [`run`] parses the
//! arguments, loads the input, turns library results into typed rows and writes them — the
//! binary `src/bin/overcrowding/main.rs` and the Python package's console script both call it.
//!
//! Each subcommand turns library results into typed, serialisable rows
//! (`#[derive(Serialize)]`), written by `serde_json` (JSON), the csv writer (CSV) or as an
//! aligned table; the HTML report renders typed sections. The command line computes no figure
//! of its own: counts, sums, ratios, releases and screens come from the library.
//!
//! Quiet by default: results on standard output, rejected-row summaries and notes on standard
//! error. Exit codes: 0 a complete answer, 3 a partial one (rows rejected, the output says how
//! many; or a unit of `forecast --by` without a forecast or left out of the reconciled system
//! while it still reports, the output names it), 1 bad input, 2 usage.

mod args;
mod flows;
mod forecast;
mod input;
mod output;
mod people;
mod policy;
mod reconciled;
mod releases;
mod report;
mod screen;
mod series_screen;
mod summarize;
mod usage;

use std::ffi::OsString;

use clap::Parser;

use args::{Cli, Command, Format};

/// Exit code of a complete answer: every data row was read.
pub const EXIT_COMPLETE: i32 = 0;
/// Exit code of bad input: no answer (a bad file, a strict read that failed, every row
/// rejected).
pub const EXIT_BAD_INPUT: i32 = 1;
/// Exit code of a usage error: a flag or value the command line does not accept.
pub const EXIT_USAGE: i32 = 2;
/// Exit code of a partial answer: rows were rejected and left out (the output says how
/// many), or a unit of `forecast --by` (or of the report's outlook) that still reports has no
/// forecast or is left out of the reconciled system (the output names it).
pub const EXIT_PARTIAL: i32 = 3;

/// What can go wrong in a run.
#[derive(Debug)]
pub(crate) enum CliError {
    /// A flag or value the command line does not accept (exit 2).
    Usage(Box<usage::Usage>),
    /// Bad input data (exit 1); `source` is the file it came from.
    Data {
        /// The file or dataset.
        source: Option<String>,
        /// The crate's error, which names the line, column and value.
        error: Box<crate::Error>,
    },
    /// The input has a problem the answer would rest on (a doubled month in the series to
    /// forecast): no answer without `--force` (exit 1). One refusal per series stopped.
    Refused(Vec<series_screen::Refusal>),
    /// No data row was accepted (every row rejected or skipped): there is nothing to answer
    /// from (exit 1).
    AllRejected(Box<NoRows>),
}

/// A read that accepted no row: what it saw instead.
#[derive(Debug)]
pub(crate) struct NoRows {
    /// The file.
    pub source: String,
    /// Rows read, rejected, skipped, and the people in the rejected rows.
    pub counts: input::InputCounts,
    /// The first reject (its line, text and typed error).
    pub first: Option<crate::error::Reject>,
}

impl From<crate::Error> for CliError {
    fn from(error: crate::Error) -> CliError {
        CliError::Data {
            source: None,
            error: Box::new(error),
        }
    }
}

impl CliError {
    fn exit_code(&self) -> i32 {
        match self {
            CliError::Usage(_) => EXIT_USAGE,
            CliError::Data { .. } | CliError::AllRejected(_) | CliError::Refused(_) => {
                EXIT_BAD_INPUT
            }
        }
    }

    fn report(&self) {
        match self {
            CliError::Usage(usage) => eprintln!("overcrowding: {usage}"),
            CliError::Refused(refusals) => {
                let all: Vec<String> = refusals.iter().map(|r| r.to_string()).collect();
                eprintln!("overcrowding: {}", all.join("\n"));
            }
            CliError::Data { source, error } => match source {
                Some(s) if !error.to_string().starts_with(s.as_str()) => {
                    eprintln!("overcrowding: {s}: {error}")
                }
                _ => eprintln!("overcrowding: {error}"),
            },
            CliError::AllRejected(no) => {
                let NoRows {
                    source,
                    counts,
                    first,
                } = no.as_ref();
                let skipped = input::skipped_phrases(&counts.rows_skipped_by_reason);
                let n = |x: usize| crate::exact::thousands(x as u128);
                let rows = |x: usize| if x == 1 { "row" } else { "rows" };
                let mut what = Vec::new();
                if counts.rows_rejected > 0 {
                    what.push(format!(
                        "{} {} rejected{}",
                        n(counts.rows_rejected),
                        rows(counts.rows_rejected),
                        counts.rejected_people_phrase().trim_end_matches(',')
                    ));
                }
                if counts.rows_skipped > 0 {
                    what.push(format!(
                        "{} {} skipped ({})",
                        n(counts.rows_skipped),
                        rows(counts.rows_skipped),
                        skipped
                            .iter()
                            .map(|(why, k)| format!("{}: {why}", n(*k)))
                            .collect::<Vec<_>>()
                            .join("; ")
                    ));
                }
                let lead = if counts.rows_read == 0 {
                    "the file has no data rows".to_string()
                } else if counts.rows_skipped == 0 {
                    format!(
                        "every data row was rejected ({} {}{})",
                        n(counts.rows_rejected),
                        rows(counts.rows_rejected),
                        counts.rejected_people_phrase().trim_end_matches(',')
                    )
                } else {
                    format!("no data row was accepted: {}", what.join(", "))
                };
                eprintln!(
                    "overcrowding: {source}: {lead}: there is nothing to answer from.{}",
                    first.as_ref().map_or(String::new(), |f| format!(
                        " The first reject: {}",
                        input::reject_text(source, f)
                    ))
                );
            }
        }
    }
}

/// Runs the command line on `args` (the first is the program name, as in
/// [`std::env::args_os`]), writing to standard output and standard error, and returns the
/// exit code: [`EXIT_COMPLETE`] (0), [`EXIT_PARTIAL`] (3: rows rejected, the output says how
/// many), [`EXIT_BAD_INPUT`] (1) or [`EXIT_USAGE`] (2; `--help` and `--version` return 0).
///
/// ```
/// use overcrowding::cli;
/// assert_eq!(cli::run(["overcrowding", "releases", "--dataset", "cambodia", "--target", "120"]), cli::EXIT_COMPLETE);
/// assert_eq!(cli::run(["overcrowding", "summarize", "--no-such-flag"]), cli::EXIT_USAGE);
/// ```
pub fn run<I, T>(args: I) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return e.exit_code();
        }
    };
    match dispatch(cli) {
        Ok(partial) if partial => EXIT_PARTIAL,
        Ok(_) => EXIT_COMPLETE,
        Err(e) => {
            e.report();
            e.exit_code()
        }
    }
}

/// Runs one subcommand; `Ok(true)` when the answer is partial.
fn dispatch(cli: Cli) -> Result<bool, CliError> {
    match &cli.command {
        Command::Policy(args) => policy::run(args),
        Command::Summarize { common, threshold } => {
            let loaded = input::load(common)?;
            let rows = summarize::rows(common, &loaded, threshold)?;
            output::print(&rows, common.format, &loaded.counts, None)?;
            Ok(loaded.counts.partial())
        }
        Command::Screen { common, top } => {
            let loaded = input::load(common)?;
            // The screen counts people one by one: exact averages are refused, typed.
            loaded
                .panel
                .count_unit()
                .require_whole("screened input's count unit")?;
            let f = screen::findings(common, &loaded)?;
            if common.format == Format::Table && !f.counts.is_empty() {
                output::write_stdout(&format!(
                    "Findings per check, the most serious first:\n\n{}\n",
                    output::table(&f.counts)?
                ))?;
            }
            let shown = (*top > 0).then_some(*top);
            output::print(&f.rows, common.format, &loaded.counts, shown)?;
            Ok(loaded.counts.partial())
        }
        Command::Releases { common, target } => {
            let loaded = input::load(common)?;
            let rows = releases::rows(common, &loaded, *target)?;
            output::print(&rows, common.format, &loaded.counts, None)?;
            Ok(loaded.counts.partial())
        }
        Command::Forecast {
            common,
            horizon,
            frequency,
            force,
            reconcile,
            by_facility,
            admissions,
            releases,
            flow_method,
        } => {
            let flows = admissions
                .as_deref()
                .zip(releases.as_deref())
                .map(|(a, r)| flows::FlowColumns {
                    admissions: a,
                    releases: r,
                    method: *flow_method,
                });
            let extra: Vec<(&'static str, &str)> = flows
                .iter()
                .flat_map(|f| [("--admissions", f.admissions), ("--releases", f.releases)])
                .collect();
            let loaded = input::load_with(common, &extra)?;
            loaded
                .panel
                .count_unit()
                .require_whole("forecast input's count unit")?;
            let made = forecast::rows(
                common,
                &loaded,
                *horizon,
                *frequency,
                *force,
                reconcile.method(),
                *by_facility,
                flows,
            )?;
            if common.format == Format::Table {
                output::write_stdout(&forecast::screened_text(&made.screened))?;
            }
            // The table shows the flows' fields only when flows were given.
            let omit: &[&str] = if flows.is_some() {
                &["series_findings"]
            } else {
                &[
                    "series_findings",
                    "flow_method",
                    "admissions_median",
                    "releases_median",
                    "stock_flow_mase",
                    "population_only_mase",
                    "flow_origins",
                ]
            };
            output::print_omitting(&made.rows, common.format, &loaded.counts, None, omit)?;
            Ok(loaded.counts.partial() || made.partial)
        }
        Command::Report {
            common,
            out,
            threshold,
            horizon,
            force,
        } => {
            let loaded = input::load(common)?;
            loaded
                .panel
                .count_unit()
                .require_whole("report input's count unit")?;
            let left_out = report::write(common, &loaded, out, threshold, *horizon, *force)?;
            if loaded.counts.partial() {
                eprintln!(
                    "overcrowding: {}: a partial answer: {} rows rejected{} (the report says so)",
                    out.display(),
                    loaded.counts.rows_rejected,
                    loaded.counts.rejected_people_phrase().trim_end_matches(',')
                );
            }
            if !left_out.is_empty() {
                eprintln!(
                    "overcrowding: {}: a partial answer: the reconciled system leaves out {} \
                     (the report says so)",
                    out.display(),
                    left_out.join(", ")
                );
            }
            Ok(loaded.counts.partial() || !left_out.is_empty())
        }
    }
}
