//! The command line's flags (clap derive).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use jiff::civil::Date;

use crate::exact::Rounding;
use crate::forecast::Frequency;
use crate::io::FractionalCounts;
use crate::metrics::PretrialDefinition;

const ABOUT: &str = "How full are the prisons? Occupancy, coverage, releases and forecasts \
from a facility list or a bundled dataset.";

const LONG_ABOUT: &str = "How full are the prisons? Occupancy, coverage, releases and forecasts \
from a facility list or a bundled dataset.

Try it with no file:
  overcrowding summarize --dataset hmpps --kind in_use_cna
  overcrowding summarize --dataset bjs --kind operational --by level
  overcrowding report --dataset cambodia --out report.html

FILE is a table — CSV (any delimiter, sniffed; UTF-8, UTF-16 or Windows-1252) or a \
spreadsheet (XLSX, XLS, ODS; --sheet) — with a header row; - reads CSV from standard input. \
By default its columns are facility_id, date (YYYY-MM-DD, or a year 2022 or year-month \
2022-06: --period-day says which day they stand for), population, and optionally name, \
capacity_kind and capacity; name yours with --id (several --id columns make one key; --unit \
NAME reads a file without an id column as one unit), --date, --population, --capacity \
KIND=COL, or give --as-of for a file with no date column. NA, N/A, \
-, .., an empty cell and the like mean \"not reported\" (add tokens with --missing); a \
not-reported value is left out of the figures and counted, never taken as 0.

Nothing partial looks complete: every output says how many rows were read, accepted, \
rejected and skipped, and how many people the rejected rows held where their population \
could be read (a table ends with those counts and a warning line when rows were rejected; \
CSV columns and JSON fields input_rows_read … input_people_in_rejected_rows / \
input.rows_read … input.people_in_rejected_rows). The rejected rows themselves are \
summarised on standard error (list them with --rejects PATH).

Exit codes:
  0  a complete answer: every data row was read
  3  a partial answer: some rows were rejected and are left out of the figures (the output \
says how many)
  1  bad input, no answer: the message names the file, line, column and value (also when \
every row is rejected)
  2  usage error: a flag or value the command line does not accept";

const SUMMARIZE_LONG: &str = "System and per-group figures for one date (--on), every date \
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
exact counts (--rounding names the rule)
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
in them (JSON: thresholds.above_P.facilities …)
  pretrial_share_percent     with --pretrial-definition: people held pretrial under that \
definition / people held, over the facilities that report what it needs — the --pretrial \
COL count, or else the legal-status columns (1 decimal); pretrial_definition, \
pretrial_people, pretrial_facilities, pretrial_lacking_facilities beside it
  input_rows_read, input_rows_accepted, input_rows_rejected, input_rows_skipped, \
input_people_in_rejected_rows, input_rejected_rows_population_unknown
                             what the figures were computed from (JSON: input.rows_read …): \
the people in the rejected rows are summed where a row's population cell could be read; the \
rows where it could not are counted beside";

const FORECAST_LONG: &str = "Projects the total population (or each --by group's) --horizon \
periods ahead with 80 % and 95 % intervals, and the first period above a capacity.

The report dates are aligned to calendar periods, months unless --frequency daily, quarterly \
or yearly says otherwise (the last report of a period counts: year-end counts for yearly data; \
periods without a report are listed on standard error and skipped, not filled; daily data, a \
jail's population each morning, has the week as its season). The method is \
the crate's default forecast (the last value combined with three exponential-smoothing trends, \
intervals calibrated on its own multi-step errors, seeded, deterministic), fitted to the \
periods since the last gap. --on DATE forecasts from the data up to that date.

The forecast screens its input first: the screen's rules (see overcrowding screen) run on \
the series it is fitted to — the totals per period as one unit (a jump, a partial report) \
and the facilities' reports behind them (a date whose report is partial) — and a doubled \
period (about twice both neighbours: a month counted twice) is looked for. A serious (high) \
finding in the run forecast stops it: the message lists the findings, exit code 1; fix the \
data, or give --force to forecast anyway (a doubled month of 124,220 among ~62,000s moves \
the next month's median by thousands). Every finding, of any severity, is listed in the \
output (series_findings; the table lists them above the projection).

Fields: group, period (YYYY-MM, YYYY-Qn or YYYY), median, lower_80, upper_80, lower_95, \
upper_95, capacity, share_of_paths_above_capacity (simulated paths above the capacity in that \
period), share_of_paths_reached_capacity (paths that have been above it in some period up to \
this one: the chance of having been over capacity by then), first_period_above_capacity (the \
median path's; null when it stays below within the horizon or the last observation is \
already above), above_capacity_at_origin (the last observation is above the capacity: \
nothing to cross), method, series_findings (what the screen saw in the series: severity, \
check, period and detail, one per finding; joined by \"; \" in CSV), forced (serious \
findings were present and --force forecast anyway), and the input counts.

With --by the groups' forecasts and their system's are made to add up (--reconcile \
mint-shrink, the default, or bottom-up; none to skip): the system is the sum of the groups \
that report in the last period with a run of at least six periods (the others are named on \
standard error and in reconciliation, and counted in the system rows' units_left_out; one \
that still reports makes the answer partial: exit 3, as does a group that still reports \
and has no forecast of its own; when no group has one, there is no answer: exit 1, the \
first group's reason), its rows follow the groups' (group \"all\", level \
\"system\"; the groups' rows have level \"group\"), and every row gains reconciled_median, \
reconciled_lower_80, reconciled_upper_80, reconciled_lower_95, reconciled_upper_95, \
reconciled_share_above_capacity, reconciled_share_reached_capacity (from the reconciled \
simulated paths, which add up path by path) and reconciliation (how). The other fields keep \
each group's own forecast. --by-facility does the same for each facility (level \"facility\", \
group = the facility's id; each facility's series is screened as the total's is). In \
rolling-origin backtests (benches/reconcile.rs) the groups' and facilities' reconciled \
intervals hold and the system's reconciled intervals cover as its own forecast's do: the \
reconciled fields are the coherent fan of every row, the system's included.

With --admissions COL --releases COL (counts of people admitted and released during the \
period each row reports on: the month or year ending at its date) the population is also \
forecast from its flows: admissions forecast by the default, the share of those at risk \
(held at the start plus admitted) who leave forecast on the logit scale, the unexplained \
discrepancy of the published counts carried and drawn, the population derived path by path. \
A forecast period's flows are the sum of its rows' (every facility and report date in it; its \
population stays the last report's), so monthly flows give yearly ones with --frequency \
yearly; the flows used are the periods with every flow cell filled, back from the last period \
(which must have them). --flow-method auto (the default) shows the stock-flow or the \
population-only forecast, whichever had the lower mean MASE over horizons 1 to --horizon at \
the series' own rolling origins; stock-flow shows the stock-flow one. The rows gain \
flow_method (stock-flow or population-only: the forecast of median, lower_* and upper_*), \
admissions_median and releases_median (the stock-flow forecast's flows in the period), \
stock_flow_mase, population_only_mase and flow_origins (the choice's basis; null with \
--flow-method stock-flow); without flows these fields are null (and not in the table). With \
--by or --by-facility, flows need --reconcile none (the reconciled forecasts are made from \
the populations alone). On 42 US states' sentenced prisoners (benches/README.md, \
\"Flows as information\") the stock-flow forecast was more accurate than the population-only \
one 2 to 5 years ahead (mean MASE), and its 80 % and 95 % intervals covered 84–85 % and 93–96 %.";

const RELEASES_LONG: &str = "Releases needed to bring occupancy to --target percent: \
system-wide (people can be moved between facilities) and so that no facility is above the \
target (they cannot).

Fields: group, date, kind, target_percent, facilities, covered_facilities, population, \
capacity, occupancy_percent, releases_system, releases_no_facility_above, \
facilities_above_target, hidden_by_system_view (the difference of the two release counts), \
and the input counts.";

const SCREEN_LONG: &str = "Data-quality findings, most serious first: a count per check, \
then each finding with its severity (high, medium, low) and the people it affects. The \
checks: rejected rows; the crate's screen over every date (implausible occupancy, a jump, a \
doubled total, an unchanged run, a capacity bounce, a partial report, the same value on \
several facilities — only where unlikely by chance for facilities of their size); facilities \
that do not report a population or the chosen kind's capacity on the chosen dates; months \
without a report. The table shows the --top findings (all with --top 0); CSV and JSON list \
every finding.

Fields: check, severity, people, date, facility, kind, value, detail, and the input counts.";

const REPORT_LONG: &str = "Writes one self-contained HTML page (inline SVG charts and CSS, no \
JavaScript, no network): the headline figures and the system over time first, then the \
facilities in the bands of the standard (over 100, 120 and 150 %), the facility table, \
coverage, the most serious data-quality findings, and a forecast fan when the data has \
several dates (screened as forecast screens it: a serious finding in the series replaces \
the fan by the findings unless --force), with each facility's (or --by group's) outlook \
reconciled with the system's as forecast --by-facility makes it: the facilities most likely \
to be over capacity at the end of the horizon first. Every figure states its capacity kind, \
date and source. A facility that still reports but is left out of the reconciled system (too \
short a run since its last gap) makes the outlook partial: the system's line says so, the \
notes name it with its last report, and the run exits 3.";

/// The `overcrowding` command line.
#[derive(Debug, Parser)]
#[command(name = "overcrowding", version, about = ABOUT, long_about = LONG_ABOUT)]
pub(crate) struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// System and per-group occupancy, surplus, coverage, pretrial share.
    #[command(long_about = SUMMARIZE_LONG)]
    Summarize {
        /// Shared flags.
        #[command(flatten)]
        common: Common,
        /// An extra threshold in percent (repeatable), e.g. --threshold 120 --threshold 150.
        #[arg(long, value_name = "PCT")]
        threshold: Vec<f64>,
    },
    /// Data-quality findings, most serious first.
    #[command(long_about = SCREEN_LONG)]
    Screen {
        /// Shared flags.
        #[command(flatten)]
        common: Common,
        /// Findings shown in the table (0: all); CSV and JSON list every finding.
        #[arg(long, value_name = "N", default_value_t = 40)]
        top: usize,
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
        #[arg(long, value_enum, default_value_t = Frequency::Monthly)]
        frequency: Frequency,
        /// Forecast even when the screen finds a serious problem in the series (a doubled
        /// period, a jump of a quarter or more, a partial report); the output lists them.
        #[arg(long)]
        force: bool,
        /// With --by: make the groups' forecasts and their system's add up (mint-shrink:
        /// MinT with the shrunk covariance of the one-step errors; bottom-up: the groups'
        /// sum), adding the reconciled_* fields and the system's rows; none: the groups'
        /// own forecasts only.
        #[arg(long, value_enum, default_value_t = ReconcileArg::MintShrink)]
        reconcile: ReconcileArg,
        /// Forecast each facility (rows with level "facility", group = the facility's id)
        /// instead of the total, reconciled with their system as with --by.
        #[arg(long, conflicts_with = "by")]
        by_facility: bool,
        /// The column counting the people admitted during the period each row reports on
        /// (with --releases): the population is also forecast from its flows (admissions
        /// forecast, the share of those at risk who leave forecast, the population derived),
        /// and --flow-method picks the forecast shown. Summed over a forecast period's rows.
        #[arg(
            long,
            value_name = "COL",
            requires = "releases",
            help_heading = "Flows"
        )]
        admissions: Option<String>,
        /// The column counting the people released during the period each row reports on
        /// (with --admissions).
        #[arg(
            long,
            value_name = "COL",
            requires = "admissions",
            help_heading = "Flows"
        )]
        releases: Option<String>,
        /// With --admissions/--releases: auto (the default) shows the stock-flow or the
        /// population-only forecast, whichever had the lower rolling-origin MASE on the
        /// series' own history; stock-flow shows the stock-flow forecast.
        #[arg(long, value_enum, default_value_t = FlowMethodArg::Auto, requires = "admissions", help_heading = "Flows")]
        flow_method: FlowMethodArg,
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
        /// An extra threshold in percent (repeatable); the standard's bands (100, 120, 150 %)
        /// are always shown.
        #[arg(long, value_name = "PCT")]
        threshold: Vec<f64>,
        /// Months the forecast fan projects.
        #[arg(long, value_name = "N", default_value_t = 24)]
        horizon: usize,
        /// Draw the forecast even when the screen finds a serious problem in the series (the
        /// report lists the findings beside it).
        #[arg(long)]
        force: bool,
    },
    /// A policy (pretrial cap, expedited cases, early release with recall) simulated on
    /// person-level stays, beside the baseline.
    #[command(long_about = super::policy::POLICY_LONG)]
    Policy(super::policy::PolicyArgs),
}

/// Which population forecast `forecast --admissions … --releases …` shows, for
/// `--flow-method`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum FlowMethodArg {
    /// The stock-flow or the population-only forecast, whichever had the lower
    /// rolling-origin MASE on the series' history (the library's `forecast_flows`).
    Auto,
    /// The stock-flow forecast (the library's `forecast_stock_flow`).
    StockFlow,
}

/// How `forecast --by` makes the groups' forecasts add up, for `--reconcile`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ReconcileArg {
    /// MinT with the shrunk covariance of the one-step errors (Wickramasuriya et al. 2019).
    MintShrink,
    /// The groups' forecasts summed.
    BottomUp,
    /// No reconciliation: the groups' own forecasts only.
    None,
}

impl ReconcileArg {
    /// The library's method; `None` for no reconciliation.
    pub(crate) fn method(self) -> Option<crate::forecast::reconcile::ReconcileMethod> {
        use crate::forecast::reconcile::ReconcileMethod;
        match self {
            ReconcileArg::MintShrink => Some(ReconcileMethod::MinTShrink),
            ReconcileArg::BottomUp => Some(ReconcileMethod::BottomUp),
            ReconcileArg::None => None,
        }
    }
}

/// The bundled datasets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Dataset {
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
pub(crate) enum Format {
    /// Aligned columns with thousands separators (one record: one field per line), then the
    /// input counts.
    Table,
    /// Comma-separated, a header row, plain numbers.
    Csv,
    /// An array of objects; a missing figure is null.
    Json,
}

/// The publisher's rounding rule, for `--rounding`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub(crate) enum RoundingArg {
    /// 12.5 → 13 (BJS, HMPPS, CDCR).
    #[default]
    HalfAwayFromZero,
    /// 140.5 → 140, 162.5 → 162 (Italy's ministry of justice).
    HalfToEven,
}

impl From<RoundingArg> for Rounding {
    fn from(r: RoundingArg) -> Rounding {
        match r {
            RoundingArg::HalfAwayFromZero => Rounding::HalfAwayFromZero,
            RoundingArg::HalfToEven => Rounding::HalfToEven,
        }
    }
}

/// `--fractional-counts reject|exact|round|round:RULE`.
fn fractional_counts(s: &str) -> Result<FractionalCounts, String> {
    let rules = || Rounding::ALL.map(Rounding::name).join(", ");
    match s.split_once(':') {
        None if s == "reject" => Ok(FractionalCounts::Reject),
        None if s == "exact" => Ok(FractionalCounts::Exact),
        None if s == "round" => Ok(FractionalCounts::Round(Rounding::default())),
        Some(("round", rule)) => rule.parse().map(FractionalCounts::Round).map_err(|_| {
            format!(
                "{rule:?} is not a rounding rule: round:RULE takes one of {}",
                rules()
            )
        }),
        _ => Err(format!(
            "{s:?}: expected reject, exact, round or round:RULE (RULE: {})",
            rules()
        )),
    }
}

/// The day of its period a year or year-month date stands for, for `--period-day`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum PeriodDayArg {
    /// The first day (a count on the first of the period).
    Start,
    /// The middle (30 June, the 15th): mid-period counts.
    Mid,
    /// The last day: year-end or month-end counts.
    End,
}

impl From<PeriodDayArg> for crate::io::PeriodDay {
    fn from(d: PeriodDayArg) -> crate::io::PeriodDay {
        match d {
            PeriodDayArg::Start => crate::io::PeriodDay::Start,
            PeriodDayArg::Mid => crate::io::PeriodDay::Mid,
            PeriodDayArg::End => crate::io::PeriodDay::End,
        }
    }
}

/// A pretrial definition, for `--pretrial-definition`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum PretrialArg {
    /// Everyone not definitively sentenced: untried, convicted awaiting sentence, awaiting a
    /// final judgement on appeal (World Prison Brief).
    Broad,
    /// Unsentenced: untried and convicted awaiting sentence; people under appeal count as
    /// sentenced (SDG 16.3.2, UNODC).
    Narrow,
}

impl From<PretrialArg> for PretrialDefinition {
    fn from(p: PretrialArg) -> PretrialDefinition {
        match p {
            PretrialArg::Broad => PretrialDefinition::Broad,
            PretrialArg::Narrow => PretrialDefinition::Narrow,
        }
    }
}

/// Flags shared by every subcommand.
#[derive(Debug, Args)]
pub(crate) struct Common {
    /// The input file (a table: CSV or a spreadsheet); - reads CSV from standard input. Or
    /// use --dataset.
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
    /// Lines (sheet rows) before the header row to skip: a title or a preamble.
    #[arg(long, value_name = "N", help_heading = "Reading")]
    pub skip_rows: Option<usize>,
    /// The column holding the facility id; repeat it for an id made of several columns
    /// (e.g. --id Istituto --id "Tipo istituto"), shown joined by " / ".
    #[arg(long, value_name = "COL", help_heading = "Reading")]
    pub id: Vec<String>,
    /// A file without an id column is one unit (a national series) named NAME: every row is
    /// a date of it.
    #[arg(
        long,
        value_name = "NAME",
        conflicts_with = "id",
        help_heading = "Reading"
    )]
    pub unit: Option<String>,
    /// The column holding the facility name.
    #[arg(long, value_name = "COL", help_heading = "Reading")]
    pub name: Option<String>,
    /// The column holding the date (default: date). To pick the date to report, use --on.
    #[arg(long, value_name = "COL", help_heading = "Reading")]
    pub date: Option<String>,
    /// The date of every record, for a file with no date column.
    #[arg(long, value_name = "YYYY-MM-DD", help_heading = "Reading")]
    pub as_of: Option<Date>,
    /// The day a year (2022) or year-month (2022-06) date stands for: the period's end
    /// (year-end counts; the default, said as assumed), its middle (mid-year counts,
    /// averages) or its start.
    #[arg(long, value_enum, value_name = "DAY", help_heading = "Reading")]
    pub period_day: Option<PeriodDayArg>,
    /// How a count written with decimals (a published average: 7946.75) is read: reject
    /// (the default: its row is rejected, and the message says so), exact (as the decimal
    /// written: summarize and releases give exact figures, counts shown with their decimals,
    /// releases in whole people rounded up; screen, forecast, report and policy refuse such
    /// input), round (to the nearest whole count, a tie half away from zero) or round:RULE
    /// with RULE half-away-from-zero or half-to-even — exactly, from the digits as written.
    /// The rows' counts, and the people of a rejected row, follow the rule (exact: rounded
    /// half to even); the output counts the values rounded.
    #[arg(
        long,
        value_name = "HOW",
        value_parser = fractional_counts,
        help_heading = "Reading"
    )]
    pub fractional_counts: Option<FractionalCounts>,
    /// The column holding the population.
    #[arg(long, value_name = "COL", help_heading = "Reading")]
    pub population: Option<String>,
    /// KIND=COL: the column holding a capacity of KIND (repeatable). For forecast, a plain
    /// number N is the capacity to compare the projection with.
    #[arg(long, value_name = "KIND=COL", help_heading = "Reading")]
    pub capacity: Vec<String>,
    /// GROUP=COL: a legal-status column (repeatable); GROUP is untried, \
    /// convicted_unsentenced, under_appeal or sentenced. The facility table's columns of those
    /// names are read without it.
    #[arg(long, value_name = "GROUP=COL", help_heading = "Reading")]
    pub status: Vec<String>,
    /// A cell value meaning "not reported" (repeatable), e.g. --missing -999.
    #[arg(
        long,
        value_name = "TOKEN",
        allow_hyphen_values = true,
        help_heading = "Reading"
    )]
    pub missing: Vec<String>,
    /// Stop at the first bad row (default: skip bad rows, report them, exit 3).
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
    /// The date to report (default: the latest); for forecast, the last date used.
    #[arg(long, value_name = "YYYY-MM-DD", help_heading = "Selecting")]
    pub on: Option<Date>,
    /// Every date instead of the latest.
    #[arg(long, help_heading = "Selecting", conflicts_with = "on")]
    pub all_dates: bool,
    /// The pretrial share by this definition (summarize and report): from --pretrial COL,
    /// which counts the people held pretrial under it, or from the legal-status columns.
    #[arg(long, value_enum, value_name = "DEF", help_heading = "Selecting")]
    pub pretrial_definition: Option<PretrialArg>,
    /// The column counting the people held pretrial, under the definition named by
    /// --pretrial-definition (required with it): the publisher's remand or unsentenced
    /// count. Without it the share comes from the legal-status columns (--status).
    #[arg(
        long,
        value_name = "COL",
        requires = "pretrial_definition",
        help_heading = "Reading"
    )]
    pub pretrial: Option<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table, help_heading = "Output")]
    pub format: Format,
    /// How a percentage exactly half-way is rounded: the publisher's rule.
    #[arg(long, value_enum, default_value_t = RoundingArg::HalfAwayFromZero, help_heading = "Output")]
    pub rounding: RoundingArg,
}
