//! `overcrowding`: the crate's answers from one command, on a file or a bundled dataset.
//!
//! Quiet by default: results on standard output, rejected-row summaries and notes on standard
//! error. Exit codes: 0 success, 1 bad input, 2 usage.

use std::process::ExitCode;

use clap::Parser;

mod args;
mod forecast;
mod input;
mod output;
mod releases;
mod report;
mod screen;
mod summarize;

use args::{Cli, Command};

/// What can go wrong in a run.
#[derive(Debug)]
pub enum CliError {
    /// A flag or value the command line does not accept (exit 2).
    Usage(String),
    /// Bad input data (exit 1); `source` is the file it came from.
    Data {
        /// The file or dataset.
        source: Option<String>,
        /// The crate's error, which names the line, column and value.
        error: Box<overcrowding::Error>,
    },
}

impl From<overcrowding::Error> for CliError {
    fn from(error: overcrowding::Error) -> CliError {
        CliError::Data {
            source: None,
            error: Box::new(error),
        }
    }
}

fn run(cli: Cli) -> Result<(), CliError> {
    let (common, rows) = match &cli.command {
        Command::Summarize { common, threshold } => {
            let loaded = input::load(common)?;
            (common, summarize::rows(common, &loaded, threshold)?)
        }
        Command::Screen { common } => {
            let loaded = input::load(common)?;
            (common, screen::rows(common, &loaded)?)
        }
        Command::Releases { common, target } => {
            let loaded = input::load(common)?;
            (common, releases::rows(common, &loaded, *target)?)
        }
        Command::Forecast {
            common,
            horizon,
            frequency,
        } => {
            let loaded = input::load(common)?;
            (
                common,
                forecast::rows(common, &loaded, *horizon, *frequency)?,
            )
        }
        Command::Report {
            common,
            out,
            threshold,
            horizon,
        } => {
            let loaded = input::load(common)?;
            return report::write(common, &loaded, out, threshold, *horizon);
        }
    };
    if let Command::Forecast { .. }
    | Command::Summarize { .. }
    | Command::Releases { .. }
    | Command::Screen { .. } = cli.command
    {
        match output::print(&rows, common.format) {
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                return Err(CliError::Data {
                    source: Some("standard output".into()),
                    error: Box::new(overcrowding::Error::Io {
                        path: "standard output".into(),
                        source: e,
                    }),
                });
            }
            _ => {}
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    let cli = Cli::parse(); // usage errors exit with 2, --help and --version with 0
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(CliError::Usage(msg)) => {
            eprintln!("overcrowding: {msg}");
            ExitCode::from(2)
        }
        Err(CliError::Data { source, error }) => {
            match source {
                Some(s) if !error.to_string().starts_with(&s) => {
                    eprintln!("overcrowding: {s}: {error}")
                }
                _ => eprintln!("overcrowding: {error}"),
            }
            ExitCode::from(1)
        }
    }
}
