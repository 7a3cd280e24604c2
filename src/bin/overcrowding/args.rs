//! The command line's flags (clap derive).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

const ABOUT: &str = "How full are the prisons? Occupancy, coverage, releases and forecasts \
from a facility list or a bundled dataset.";

const LONG_ABOUT: &str = "How full are the prisons? Occupancy, coverage, releases and forecasts \
from a facility list or a bundled dataset.

Try it with no file:
  overcrowding summarize --dataset hmpps --kind in_use_cna
  overcrowding summarize --dataset bjs --kind operational --by level
  overcrowding report --dataset cambodia --out report.html

FILE is a table — CSV (any delimiter, sniffed; UTF-8, UTF-16 or Windows-1252) or a \
spreadsheet (XLSX, XLS, ODS; --sheet) — with a header row. By default its columns are \
facility_id, date (YYYY-MM-DD), population, and optionally name, capacity_kind and capacity; \
name yours with --id, --date, --population, --capacity KIND=COL, or give --as-of for a file \
with no date column. NA, N/A, -, .., an empty cell and the like mean \"not reported\" (add \
tokens with --missing); a not-reported value is left out of the figures and counted, never \
taken as 0. Quiet by default: only results go to standard \
output; a summary of rejected rows goes to standard error.

Exit codes: 0 success; 1 bad input (the message names the file, line, column and value); \
2 usage error (a flag or value the command line does not accept).";

const SUMMARIZE_LONG: &str = "System and per-group figures for one date (--date), every date \
(--all-dates) or, by default, the latest date.

Only facilities that report both a population and a capacity of the chosen kind enter the \
figures; the others are counted under `lacks`. A figure that cannot be computed is empty in \
the table and CSV and null in JSON, never 0.

Fields (CSV columns and JSON keys; stable):
  group                      the --by value(s), joined by \" / \"; \"all\" for the whole \
system; null (JSON) for records without the key
  date                       the report date, YYYY-MM-DD
  kind                       the capacity kind every figure is against
  facilities                 facilities in the group on that date
  covered_facilities         facilities with both a population and a capacity
  population                 people held in the covered facilities
  capacity                   places in the covered facilities
  occupancy_percent          population / capacity x 100, rounded once to 1 decimal from the \
exact counts
  surplus                    people above capacity, summed facility by facility
  over_capacity_facilities   covered facilities above 100 %
  people_in_over_capacity    people held in them
  median_prisoner_occupancy_percent
                             occupancy of the facility the median prisoner is held in \
(population-weighted median, 1 decimal)
  population_reported        people in every facility that reports a population
  lacks_population, lacks_capacity, lacks_both
                             facilities left out of the figures and why (JSON: lacks.population …)
  thresholds_above_P_facilities, thresholds_above_P_people
                             for each --threshold P: covered facilities above P % and the people \
in them (JSON: thresholds.above_P.facilities …)";

const FORECAST_LONG: &str = "Projects the total population (or each --by group's) --horizon \
periods ahead with 80 % and 95 % intervals, and the first period above a capacity.

The report dates are aligned to calendar periods, months unless --frequency quarterly or \
yearly says otherwise (the last report of a period counts: year-end counts for yearly data; \
periods without a report are listed on standard error and skipped, not filled). The method is \
the crate's default forecast (overcrowding::forecast::forecast: the last value combined \
with three exponential-smoothing trends, intervals calibrated on its own multi-step errors, \
seeded, deterministic), fitted to the periods since the last gap.

Fields: group, period (YYYY-MM, YYYY-Qn or YYYY), median, lower_80, upper_80, lower_95, \
upper_95, capacity, share_of_paths_above_capacity (simulated paths above the capacity in that \
period), share_of_paths_reached_capacity (paths that have been above it in some period up to \
this one: the chance of having been over capacity by then), first_period_above_capacity (the \
median path's; null when it stays below within the horizon or the last observation is \
already above), above_capacity_at_origin (the last observation is above the capacity: \
nothing to cross), method.";

const RELEASES_LONG: &str = "Releases needed to bring occupancy to --target percent: \
system-wide (people can be moved between facilities) and so that no facility is above the \
target (they cannot).

Fields: group, date, kind, target_percent, facilities, covered_facilities, population, \
capacity, occupancy_percent, releases_system, releases_no_facility_above, \
facilities_above_target, hidden_by_system_view (the difference of the two release counts).";

const SCREEN_LONG: &str = "Data-quality findings: rejected rows; the crate's screen \
(overcrowding::screen: implausible occupancy, the same value on several facilities, unchanged \
runs, partial reports, jumps, capacity bounces) over every date; facilities that do not report \
a population or a capacity of the chosen kind on the chosen dates; months without a report.

Fields: check, date, facility, kind, value, detail.";

const REPORT_LONG: &str = "Writes one self-contained HTML page (inline SVG charts and CSS, no \
JavaScript, no network): the summary table, the facilities above each threshold, coverage, \
the data-quality findings, and — when the data has several dates — the system over time and a \
forecast fan. Every figure states its capacity kind, date and source.";

/// The `overcrowding` command line.
#[derive(Debug, Parser)]
#[command(name = "overcrowding", version, about = ABOUT, long_about = LONG_ABOUT)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// System and per-group occupancy, surplus, coverage.
    #[command(long_about = SUMMARIZE_LONG)]
    Summarize {
        /// Shared flags.
        #[command(flatten)]
        common: Common,
        /// An extra threshold in percent (repeatable), e.g. --threshold 120 --threshold 150.
        #[arg(long, value_name = "PCT")]
        threshold: Vec<f64>,
    },
    /// Data-quality findings.
    #[command(long_about = SCREEN_LONG)]
    Screen {
        /// Shared flags.
        #[command(flatten)]
        common: Common,
    },
    /// Releases needed for a target occupancy, system-wide and per facility.
    #[command(long_about = RELEASES_LONG)]
    Releases {
        /// Shared flags.
        #[command(flatten)]
        common: Common,
        /// The target occupancy in percent, e.g. 100.
        #[arg(long, value_name = "PCT")]
        target: f64,
    },
    /// Projected population with intervals and the first month above a capacity.
    #[command(long_about = FORECAST_LONG)]
    Forecast {
        /// Shared flags.
        #[command(flatten)]
        common: Common,
        /// Periods to project (months unless --frequency says otherwise).
        #[arg(long, value_name = "N")]
        horizon: usize,
        /// The periods the report dates are aligned to: the last report of each period
        /// counts, a period without one is a gap (listed, not filled).
        #[arg(long, value_enum, default_value_t = Period::Monthly)]
        frequency: Period,
    },
    /// A self-contained HTML report.
    #[command(long_about = REPORT_LONG)]
    Report {
        /// Shared flags.
        #[command(flatten)]
        common: Common,
        /// The HTML file to write.
        #[arg(long, value_name = "PATH")]
        out: PathBuf,
        /// An extra threshold in percent (repeatable); 100 is always shown.
        #[arg(long, value_name = "PCT")]
        threshold: Vec<f64>,
        /// Months the forecast fan projects.
        #[arg(long, value_name = "N", default_value_t = 24)]
        horizon: usize,
    },
}

/// The period of a forecast's series.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Period {
    /// Calendar months (YYYY-MM).
    Monthly,
    /// Calendar quarters (YYYY-Qn).
    Quarterly,
    /// Calendar years (YYYY): year-end counts, for example.
    Yearly,
}

/// The bundled datasets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Dataset {
    /// HMPPS monthly bulletin, England & Wales prisons 2012–2024 (operational, in_use_cna, cna).
    Hmpps,
    /// CDCR TPOP-1, California institutions 2015–2026 (design, staffed).
    Cdcr,
    /// BJS Prisoners in 2022, Table 21: US jurisdictions (rated, operational, design).
    Bjs,
    /// Cambodia, June 2021: the national figures (design).
    Cambodia,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned columns with thousands separators (one record: one field per line).
    Table,
    /// Comma-separated, a header row, plain numbers.
    Csv,
    /// An array of objects; a missing figure is null.
    Json,
}

/// Flags shared by every subcommand.
#[derive(Debug, Args)]
pub struct Common {
    /// The input file (a facility table, CSV). Or use --dataset.
    #[arg(value_name = "FILE", required_unless_present = "dataset")]
    pub file: Option<PathBuf>,
    /// A bundled dataset instead of FILE.
    #[arg(long, value_enum, conflicts_with = "file")]
    pub dataset: Option<Dataset>,

    /// Field delimiter of FILE (one character; \t for tab).
    #[arg(long, value_name = "CHAR", help_heading = "Reading")]
    pub delimiter: Option<String>,
    /// The sheet of a spreadsheet to read.
    #[arg(long, value_name = "NAME", help_heading = "Reading")]
    pub sheet: Option<String>,
    /// The column holding the facility id.
    #[arg(long, value_name = "COL", help_heading = "Reading")]
    pub id: Option<String>,
    /// The column holding the facility name.
    #[arg(long, value_name = "COL", help_heading = "Reading")]
    pub name: Option<String>,
    /// A date (YYYY-MM-DD) selects the records of that date; any other value names the date
    /// column of FILE.
    #[arg(long, value_name = "COL|YYYY-MM-DD", help_heading = "Reading")]
    pub date: Option<String>,
    /// The date of every record, for a file with no date column.
    #[arg(long, value_name = "YYYY-MM-DD", help_heading = "Reading")]
    pub as_of: Option<jiff::civil::Date>,
    /// The column holding the population.
    #[arg(long, value_name = "COL", help_heading = "Reading")]
    pub population: Option<String>,
    /// KIND=COL: the column holding a capacity of KIND (repeatable). For forecast, a plain
    /// number N is the capacity to compare the projection with.
    #[arg(long, value_name = "KIND=COL", help_heading = "Reading")]
    pub capacity: Vec<String>,
    /// A cell value meaning "not reported" (repeatable), e.g. --missing -999.
    #[arg(
        long,
        value_name = "TOKEN",
        allow_hyphen_values = true,
        help_heading = "Reading"
    )]
    pub missing: Vec<String>,
    /// Stop at the first bad row (default: skip bad rows and report them).
    #[arg(long, help_heading = "Reading")]
    pub strict: bool,
    /// Write the rejected rows to PATH as CSV (line, reason, raw).
    #[arg(long, value_name = "PATH", help_heading = "Reading")]
    pub rejects: Option<PathBuf>,

    /// The capacity kind (default: the only kind the data has).
    #[arg(long, value_name = "KIND", help_heading = "Selecting")]
    pub kind: Option<String>,
    /// Group by this column (repeatable: the values are combined).
    #[arg(long, value_name = "COL", help_heading = "Selecting")]
    pub by: Vec<String>,
    /// Every date instead of the latest.
    #[arg(long, help_heading = "Selecting")]
    pub all_dates: bool,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table, help_heading = "Output")]
    pub format: Format,
}
