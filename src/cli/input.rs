//! Loading the input (a file, standard input or a bundled dataset) into a [`Panel`] with its
//! row counts, and choosing the capacity kind, the dates and the groups.

use std::io::{IsTerminal, Read};
use std::path::Path;

use jiff::civil::Date;
use serde::Serialize;

use super::CliError;
use super::args::{Common, Dataset};
use super::usage::{Needed, Usage};
use crate::exact::thousands;
use crate::io::{FractionalCounts, ReadMode, Reject, SkippedByReason, TableRead, TableReader};
use crate::model::PanelView;
use crate::{CapacityKind, Panel, Row, Rows, StatusGroup};

/// What was wrong with a rejected row, for people: the input's name, then the typed error's
/// message (its line, column and value).
pub(crate) fn reject_text(source: &str, r: &Reject) -> String {
    format!("{source}: {}", r.reason())
}

/// What the figures were computed from: every output carries it, so that a partial answer
/// never looks complete. `rows_read == rows_accepted + rows_rejected + rows_skipped`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub(crate) struct InputCounts {
    /// Data rows read (records, for a bundled dataset).
    pub rows_read: usize,
    /// Rows that became records.
    pub rows_accepted: usize,
    /// Rows refused (bad values): left out of every figure.
    pub rows_rejected: usize,
    /// Rows skipped by design: blank lines, notes, totals rows, repeated headers.
    pub rows_skipped: usize,
    /// People in the rejected rows whose population cell could be read (null when no
    /// rejected row's population is known; 0 when nothing was rejected).
    pub people_in_rejected_rows: Option<u64>,
    /// Rejected rows whose population is unknown (the bad cell itself, or a row whose cells
    /// cannot be told apart): `people_in_rejected_rows` leaves them out.
    pub rejected_rows_population_unknown: usize,
    /// Cells of accepted rows the reader could not use and left out (a capacity of 0 or
    /// text: that kind not reported for the row; the rest of the row kept).
    pub values_dropped: usize,
    /// Counts written with decimals (published averages) that were rounded to whole counts
    /// by the rule `--fractional-counts round:RULE` names.
    pub values_rounded: usize,
    /// The skipped rows by reason (their sum is `rows_skipped`; JSON
    /// `input.rows_skipped_by_reason.totals` …, CSV `input_rows_skipped_by_reason_totals` …).
    pub rows_skipped_by_reason: SkippedByReason,
    /// The decimals of the counts when published averages were read exactly
    /// (`--fractional-counts exact`): 2 for hundredths of a person; absent when every count
    /// is whole.
    #[serde(skip_serializing_if = "is_zero")]
    pub count_decimals: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// `(phrase, rows)` per reason with rows, in a fixed order: "a totals row" …, for messages.
pub(crate) fn skipped_phrases(by: &SkippedByReason) -> Vec<(String, usize)> {
    [
        ("a blank line", by.blank),
        ("a notes line", by.notes),
        ("a totals row", by.totals),
        ("a repeated header", by.repeated_header),
    ]
    .into_iter()
    .filter(|(_, k)| *k > 0)
    .map(|(w, k)| (w.to_string(), k))
    .collect()
}

impl InputCounts {
    /// Whether rows were rejected: the answer is partial.
    pub fn partial(&self) -> bool {
        self.rows_rejected > 0
    }

    /// The counts of a read; the people of the rejected rows summed where the reader could
    /// read them ([`crate::io::Reject::population`]).
    pub fn of_read(read: &TableRead) -> InputCounts {
        let people = crate::error::RejectedPeople::of(read.rejects());
        InputCounts {
            rows_read: read.total_rows(),
            rows_accepted: read.accepted_rows(),
            rows_rejected: read.rejects().len(),
            rows_skipped: read.skipped().len(),
            people_in_rejected_rows: people.people,
            rejected_rows_population_unknown: people.unknown,
            values_dropped: read.dropped_values().len(),
            values_rounded: read.rounded_counts(),
            rows_skipped_by_reason: read.skipped_by_reason(),
            count_decimals: read.panel().count_unit().decimals(),
        }
    }

    /// ", holding 2,138 people," / ", holding at least 2,138 people (1 row's population
    /// unknown)," / "" (nothing known): what the rejected rows held, for a message.
    pub fn rejected_people_phrase(&self) -> String {
        let unknown = self.rejected_rows_population_unknown;
        match self.people_in_rejected_rows {
            Some(p) if unknown == 0 => {
                format!(", holding {} people,", thousands(u128::from(p)))
            }
            Some(p) => format!(
                ", holding at least {} people ({} row{} population unknown),",
                thousands(u128::from(p)),
                thousands(unknown as u128),
                if unknown == 1 { "'s" } else { "s'" }
            ),
            None => String::new(),
        }
    }
}

/// The input as loaded.
pub(crate) struct Loaded {
    /// The records.
    pub panel: Panel,
    /// The file name or the dataset's name, for captions.
    pub source: String,
    /// The bundled dataset, if any.
    pub dataset: Option<Dataset>,
    /// Rows read, accepted, rejected, skipped.
    pub counts: InputCounts,
    /// Rows the reader refused.
    pub rejects: Vec<Reject>,
    /// How year or year-month dates were read (the day they stand for, stated or assumed).
    pub periods: Option<String>,
}

/// Files above this size get a progress note on a terminal.
const LARGE: u64 = 20 * 1024 * 1024;

/// Loads FILE, standard input (`-`) or `--dataset`; reports rejects on standard error (and to
/// `--rejects`).
///
/// # Errors
///
/// Bad input (exit 1) when the file cannot be read or every row is rejected; usage (exit 2)
/// for reader flags that do not fit.
pub(crate) fn load(c: &Common) -> Result<Loaded, CliError> {
    load_with(c, &[])
}

/// As [`load`], reading the columns `extra` (flag, column) as well, as text beside each row
/// (a row's [`Row::group`](crate::Row::group)): `forecast --admissions COL`. A bundled
/// dataset has no such columns: the flags are refused with it.
///
/// # Errors
///
/// As [`load`].
pub(crate) fn load_with(c: &Common, extra: &[(&'static str, &str)]) -> Result<Loaded, CliError> {
    let loaded = match (c.dataset, &c.file) {
        (Some(d), _) => {
            refuse_reader_flags(c, "a bundled dataset")?;
            if !extra.is_empty() {
                return Err(Usage::NotWithDataset {
                    flags: extra.iter().map(|(flag, _)| *flag).collect(),
                    what: "a bundled dataset".to_string(),
                    date_given: false,
                }
                .into());
            }
            load_dataset(d)?
        }
        (None, Some(path)) => load_file(c, path, extra)?,
        (None, None) => return Err(Usage::NoInput.into()),
    };
    if !loaded.rejects.is_empty() {
        let n = loaded.rejects.len();
        eprintln!(
            "overcrowding: {}: {n} row{} rejected{}{}",
            loaded.source,
            if n == 1 { "" } else { "s" },
            loaded.counts.rejected_people_phrase().trim_end_matches(','),
            if c.rejects.is_some() {
                ""
            } else {
                " (list them with --rejects PATH)"
            }
        );
        for r in loaded.rejects.iter().take(3) {
            eprintln!("  {}", reject_text(&loaded.source, r));
        }
        if n > 3 {
            eprintln!("  … and {} more", n - 3);
        }
    }
    if let Some(out) = &c.rejects {
        write_rejects(out, &loaded.source, &loaded.rejects)?;
    }
    if loaded.counts.rows_accepted == 0 {
        return Err(CliError::AllRejected(Box::new(super::NoRows {
            first: loaded.rejects.first().cloned(),
            source: loaded.source,
            counts: loaded.counts,
        })));
    }
    Ok(loaded)
}

fn load_dataset(d: Dataset) -> Result<Loaded, CliError> {
    let (panel, source) = match d {
        Dataset::Hmpps => (
            crate::datasets::hmpps_bulletin()?.to_panel()?,
            "HMPPS monthly bulletin 2012–2024 (bundled: hmpps_monthly_bulletin_2012_2024.csv)",
        ),
        Dataset::Cdcr => (
            crate::datasets::cdcr_tpop1()?.to_panel()?,
            "CDCR TPOP-1 2015–2026 (bundled: cdcr_tpop1_institutions_2015_2026.csv)",
        ),
        Dataset::Bjs => (
            crate::datasets::bjs_table21()?.to_panel()?,
            "BJS Prisoners in 2022, Table 21 (bundled: bjs_prisoners_2022_table21.csv)",
        ),
        Dataset::Cambodia => (
            crate::datasets::cambodia_panel()?,
            "Cambodia 2021 (bundled: cambodia_2021.csv)",
        ),
    };
    // A bundled dataset is read by its own strict reader: every record is a row accepted.
    let counts = InputCounts {
        count_decimals: 0,
        rows_read: panel.len(),
        rows_accepted: panel.len(),
        rows_rejected: 0,
        rows_skipped: 0,
        people_in_rejected_rows: Some(0),
        rejected_rows_population_unknown: 0,
        values_dropped: 0,
        values_rounded: 0,
        rows_skipped_by_reason: SkippedByReason::default(),
    };
    Ok(Loaded {
        panel,
        source: source.to_string(),
        dataset: Some(d),
        counts,
        rejects: Vec::new(),
        periods: None,
    })
}

/// The reader flags, which a bundled dataset (read by its own reader) cannot take.
fn refuse_reader_flags(c: &Common, what: &str) -> Result<(), CliError> {
    let given: Vec<&'static str> = [
        ("--delimiter", c.delimiter.is_some()),
        ("--strict", c.strict),
        ("--sheet", c.sheet.is_some()),
        ("--skip-rows", c.skip_rows.is_some()),
        ("--id", !c.id.is_empty()),
        ("--unit", c.unit.is_some()),
        ("--period-day", c.period_day.is_some()),
        ("--fractional-counts", c.fractional_counts.is_some()),
        ("--name", c.name.is_some()),
        ("--as-of", c.as_of.is_some()),
        ("--population", c.population.is_some()),
        ("--missing", !c.missing.is_empty()),
        ("--status", !c.status.is_empty()),
        ("--pretrial COL", c.pretrial.is_some()),
        ("--date COL", c.date.is_some()),
        (
            "--capacity KIND=COL",
            c.capacity.iter().any(|v| v.contains('=')),
        ),
    ]
    .into_iter()
    .filter_map(|(flag, set)| set.then_some(flag))
    .collect();
    if given.is_empty() {
        return Ok(());
    }
    Err(Usage::NotWithDataset {
        flags: given,
        what: what.to_string(),
        date_given: c.date.as_deref().is_some_and(|d| d.parse::<Date>().is_ok()),
    }
    .into())
}

fn load_file(c: &Common, path: &Path, extra: &[(&'static str, &str)]) -> Result<Loaded, CliError> {
    let stdin = path.as_os_str() == "-";
    let source = if stdin {
        "standard input".to_string()
    } else {
        path.display().to_string()
    };
    let data_error = |e: crate::Error| CliError::Data {
        source: Some(source.clone()),
        error: Box::new(e),
    };
    let progress = !stdin
        && std::io::stderr().is_terminal()
        && std::fs::metadata(path).is_ok_and(|m| m.len() > LARGE);
    if progress {
        eprint!("overcrowding: reading {source} …");
    }
    let mut reader = reader(c)?;
    let mut read_already: Vec<&str> = c.by.iter().map(String::as_str).collect();
    read_already.extend(c.pretrial.as_deref());
    for &(_, col) in extra {
        if !read_already.contains(&col) {
            reader = reader.group_column(col);
            read_already.push(col);
        }
    }
    let read = if stdin {
        let mut bytes = Vec::new();
        std::io::stdin()
            .lock()
            .read_to_end(&mut bytes)
            .map_err(|e| data_error(crate::Error::io(source.clone(), e)))?;
        reader.read_bytes(&bytes, &source)
    } else {
        reader.read_path(path)
    }
    .map_err(|e| match e.kind() {
        crate::ErrorKind::MissingColumn { column, .. }
            if c.id.is_empty() && c.unit.is_none() && column == "facility_id" =>
        {
            Usage::UnnamedColumn {
                source: source.clone(),
                needed: Needed::Id,
                error: Box::new(e),
            }
            .into()
        }
        crate::ErrorKind::MissingColumn { column, .. } if c.date.is_none() && column == "date" => {
            Usage::UnnamedColumn {
                source: source.clone(),
                needed: Needed::Date,
                error: Box::new(e),
            }
            .into()
        }
        _ => data_error(e),
    })?;
    if progress {
        eprintln!(" {} rows", read.total_rows());
    }
    let rejects = read.rejects().to_vec();
    let counts = InputCounts::of_read(&read);
    notes(c, &source, &read, &counts);
    let periods = read.periods().map(|p| p.to_string());
    Ok(Loaded {
        panel: read.into_panel(),
        source,
        dataset: None,
        counts,
        rejects,
        periods,
    })
}

/// Notes on standard error about what was read but is not a row's figure: skipped rows by
/// reason, dropped values, how year dates were read, ids that are not unique.
fn notes(c: &Common, source: &str, read: &TableRead, counts: &InputCounts) {
    let (n, skipped) = (
        counts.rows_skipped,
        skipped_phrases(&counts.rows_skipped_by_reason),
    );
    if n > 0 {
        eprintln!(
            "overcrowding: {source}: {n} row{} skipped, not counted: {}",
            if n == 1 { "" } else { "s" },
            skipped
                .iter()
                .map(|(w, k)| format!("{k} × {w}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let dropped = read.dropped_values();
    if !dropped.is_empty() {
        eprintln!(
            "overcrowding: {source}: {} value{} left out as not reported (the rest of each row kept):",
            dropped.len(),
            if dropped.len() == 1 { "" } else { "s" }
        );
        for d in dropped.iter().take(3) {
            eprintln!("  {}", d.error());
        }
        if dropped.len() > 3 {
            eprintln!("  … and {} more", dropped.len() - 3);
        }
    }
    if let Some(p) = read.periods() {
        eprintln!("overcrowding: {source}: {p}");
    }
    if read.rounded_counts() > 0
        && let Some(FractionalCounts::Round(rule)) = c.fractional_counts
    {
        let k = read.rounded_counts();
        eprintln!(
            "overcrowding: {source}: {} count{} with decimals rounded to whole counts ({rule}, \
             --fractional-counts)",
            thousands(k as u128),
            if k == 1 { "" } else { "s" },
        );
    }
    // Averages rejected row by row: the choice of reading them is offered, with its flag.
    let fractional = read
        .rejects()
        .iter()
        .filter(|r| r.error().value_problem() == Some(crate::error::ValueProblem::Fractional))
        .count();
    if fractional > 0 {
        eprintln!(
            "overcrowding: {source}: {fractional} row{} rejected for a count with decimals (a \
             published average?): read such counts exactly with --fractional-counts exact, or \
             rounded with --fractional-counts round:RULE (RULE: half-away-from-zero or \
             half-to-even)",
            if fractional == 1 { " was" } else { "s were" },
        );
    }
    let mut ids: Vec<&str> = read
        .rejects()
        .iter()
        .filter_map(|r| match r.error().kind() {
            crate::ErrorKind::NonUniqueId { id, .. } => Some(id.as_str()),
            _ => None,
        })
        .collect();
    ids.sort_unstable();
    ids.dedup();
    if !ids.is_empty() {
        let now = if c.id.is_empty() {
            "--id COL".to_string()
        } else {
            c.id.iter()
                .map(|i| format!("--id {i:?}"))
                .collect::<Vec<_>>()
                .join(" ")
        };
        eprintln!(
            "overcrowding: {source}: {} id{} name{} several facilities on one date ({}{}): add a \
             column that tells them apart to the id, e.g. {now} --id COL",
            ids.len(),
            if ids.len() == 1 { "" } else { "s" },
            if ids.len() == 1 { "s" } else { "" },
            ids.iter()
                .take(4)
                .map(|i| format!("{i:?}"))
                .collect::<Vec<_>>()
                .join(", "),
            if ids.len() > 4 { ", …" } else { "" }
        );
    }
}

/// Parses `NAME=COL`.
fn pair<'a>(
    flag: &'static str,
    spec: &'a str,
    example: &'static str,
) -> Result<(&'a str, &'a str), CliError> {
    match spec.split_once('=') {
        Some((k, col)) if !k.is_empty() && !col.is_empty() => Ok((k, col)),
        _ => Err(Usage::NotNameEqualsCol {
            flag,
            spec: spec.to_string(),
            example,
        }
        .into()),
    }
}

/// The table reader the flags describe.
fn reader(c: &Common) -> Result<TableReader, CliError> {
    let mut r = TableReader::new().mode(if c.strict {
        ReadMode::Strict
    } else {
        ReadMode::Lenient
    });
    if let Some(d) = &c.delimiter {
        let byte = match d.as_str() {
            "\\t" | "tab" => b'\t',
            s if s.len() == 1 && s.is_ascii() => s.as_bytes()[0],
            s => {
                return Err(Usage::Delimiter {
                    value: s.to_string(),
                }
                .into());
            }
        };
        r = r.delimiter(byte);
    }
    if let Some(s) = &c.sheet {
        r = r.sheet(s);
    }
    if let Some(n) = c.skip_rows {
        r = r.skip_rows(n);
    }
    match (c.id.as_slice(), &c.unit) {
        ([], Some(unit)) => r = r.single_unit(unit),
        ([], None) => {}
        ([col], _) => r = r.id_column(col),
        (cols, _) => r = r.id_columns(cols.iter().cloned()),
    }
    if let Some(day) = c.period_day {
        r = r.period_day(day.into());
    }
    if let Some(how) = c.fractional_counts {
        r = r.fractional_counts(how);
    }
    if let Some(col) = &c.name {
        r = r.name_column(col);
    }
    if let Some(col) = &c.date {
        r = r.date_column(col);
    }
    if let Some(d) = c.as_of {
        r = r.as_of(d);
    }
    if let Some(col) = &c.population {
        r = r.population_column(col);
    }
    for spec in c.capacity.iter().filter(|v| v.contains('=')) {
        let (kind, col) = pair("--capacity", spec, "design=Capacity")?;
        let kind: CapacityKind = kind.parse().map_err(|_| {
            CliError::from(Usage::NotAKind {
                flag: "--capacity",
                spec: Some(spec.clone()),
                kind: kind.to_string(),
            })
        })?;
        r = r.capacity_column(kind, col);
    }
    for spec in &c.status {
        let (group, col) = pair("--status", spec, "untried=Remand")?;
        let group = StatusGroup::ALL
            .into_iter()
            .find(|g| g.name() == group)
            .ok_or_else(|| CliError::from(Usage::NotAStatus { spec: spec.clone() }))?;
        r = r.status_column(group, col);
    }
    for token in &c.missing {
        r = r.missing(token);
    }
    for col in &c.by {
        r = r.group_column(col);
    }
    // The pretrial count travels with its record as text; summarize reads it as a count.
    if let Some(col) = &c.pretrial
        && !c.by.contains(col)
    {
        r = r.group_column(col);
    }
    Ok(r)
}

fn write_rejects(path: &Path, source: &str, rejects: &[Reject]) -> Result<(), CliError> {
    let io = |e: std::io::Error| CliError::from(crate::Error::io(path.display().to_string(), e));
    let mut w = csv::Writer::from_path(path).map_err(|e| io(e.into()))?;
    w.write_record(["line", "reason", "raw"])
        .map_err(|e| io(e.into()))?;
    for r in rejects {
        w.write_record([
            r.line().to_string().as_str(),
            &reject_text(source, r),
            r.raw(),
        ])
        .map_err(|e| io(e.into()))?;
    }
    w.flush().map_err(io)
}

/// The dates to report: `--on`, every date (`--all-dates`) or the latest.
pub(crate) fn dates(c: &Common, panel: &Panel) -> Result<Vec<Date>, CliError> {
    let all = panel.dates();
    let (Some(first), Some(last)) = (all.first(), all.last()) else {
        return Err(Usage::NoRecords.into());
    };
    match c.on {
        Some(d) if all.contains(&d) => Ok(vec![d]),
        Some(d) => Err(Usage::NoSuchDate {
            on: d,
            dates: all.len(),
            first: *first,
            last: *last,
        }
        .into()),
        None if c.all_dates => Ok(all.to_vec()),
        None => Ok(vec![*last]),
    }
}

/// The capacity kind: `--kind`, or the only kind the data lists; never a silent choice.
pub(crate) fn kind(c: &Common, loaded: &Loaded) -> Result<CapacityKind, CliError> {
    let kinds = loaded.panel.capacity_kinds();
    let names = || kinds.iter().map(|k| k.name().to_string()).collect();
    match &c.kind {
        Some(k) => {
            let kind: CapacityKind = k.parse().map_err(|_| {
                CliError::from(Usage::NotAKind {
                    flag: "--kind",
                    spec: None,
                    kind: k.clone(),
                })
            })?;
            if kinds.contains(&kind) {
                Ok(kind)
            } else {
                Err(Usage::KindNotListed {
                    kind: kind.name().to_string(),
                    listed: names(),
                }
                .into())
            }
        }
        None if kinds.len() == 1 => Ok(kinds[0].clone()),
        None if kinds.is_empty() => Err(Usage::NoCapacity.into()),
        None => {
            let hint = match loaded.dataset {
                Some(Dataset::Hmpps) => Some("the bulletin measures crowding against in_use_cna"),
                Some(Dataset::Cdcr) => Some("the CDCR reports occupancy against design"),
                _ => None,
            };
            Err(Usage::SeveralKinds {
                listed: names(),
                hint,
            }
            .into())
        }
    }
}

/// The view of the chosen dates of `panel` (a panel or a view), grouped by the `--by`
/// columns: `(view, group key)`. A `--by` column must be one that a row of `panel` sets.
/// With several columns the rows get one combined key (`a / b`, the view's derived
/// dictionary column); a row lacking any of them gets none. Nothing is copied: all dates are
/// the panel itself, a choice of dates a list of row numbers (see [`PanelView`]).
pub(crate) fn grouped<'a>(
    c: &Common,
    panel: impl Into<PanelView<'a>>,
    dates: &[Date],
) -> Result<(PanelView<'a>, Option<String>), CliError> {
    let panel = panel.into();
    let keys = panel.group_keys();
    if let Some(col) = c.by.iter().find(|col| !keys.contains(&col.as_str())) {
        return Err(Usage::NoSuchGroupColumn {
            column: col.clone(),
            keys: keys.iter().map(|k| k.to_string()).collect(),
        }
        .into());
    }
    let on_dates = panel.on_dates(dates);
    match c.by.as_slice() {
        [] => Ok((on_dates, None)),
        [one] => Ok((on_dates, Some(one.clone()))),
        several => {
            let cols: Vec<&str> = several.iter().map(String::as_str).collect();
            let view = on_dates.with_combined_group(&cols, " / ");
            let key = view.group_key().map(str::to_string);
            Ok((view, key))
        }
    }
}

/// The rows of `records` (rows of `view`) split by group key (`None` first, then by
/// value), or one group `"all"` without a key.
pub(crate) fn split<'a>(
    view: &PanelView<'_>,
    records: Rows<'a>,
    key: Option<&str>,
) -> Vec<(Option<String>, Vec<Row<'a>>)> {
    let Some(key) = key else {
        return vec![(Some("all".to_string()), records.iter().collect())];
    };
    let mut groups: std::collections::BTreeMap<Option<&str>, Vec<Row<'a>>> = Default::default();
    for r in records {
        groups.entry(view.group(r, key)).or_default().push(r);
    }
    groups
        .into_iter()
        .map(|(g, rs)| (g.map(str::to_string), rs))
        .collect()
}
