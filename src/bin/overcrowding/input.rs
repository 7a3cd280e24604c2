//! Loading the input (a file or a bundled dataset) into a [`Panel`], and choosing the capacity
//! kind, the dates and the groups.

use std::io::IsTerminal;
use std::path::Path;

use jiff::civil::Date;
use overcrowding::io::{ReadMode, TableReader};
use overcrowding::{CapacityKind, Panel, Record};

use crate::CliError;
use crate::args::{Common, Dataset};

/// A rejected input row.
pub struct Rejected {
    /// 1-based line in the file.
    pub line: usize,
    /// What was wrong.
    pub reason: String,
    /// The row as written.
    pub raw: String,
}

/// The input as loaded.
pub struct Loaded {
    /// The records.
    pub panel: Panel,
    /// The file name or the dataset's name, for captions.
    pub source: String,
    /// The bundled dataset, if any.
    pub dataset: Option<Dataset>,
    /// Rows the reader refused.
    pub rejects: Vec<Rejected>,
}

/// Files above this size get a progress note on a terminal.
const LARGE: u64 = 20 * 1024 * 1024;

/// Loads FILE or `--dataset`, reports rejects on standard error (and to `--rejects`).
pub fn load(c: &Common) -> Result<Loaded, CliError> {
    let loaded = match (c.dataset, &c.file) {
        (Some(d), _) => {
            refuse_reader_flags(c, "a bundled dataset")?;
            load_dataset(d)?
        }
        (None, Some(path)) => load_file(c, path)?,
        (None, None) => return Err(CliError::Usage("give a FILE or --dataset NAME".into())),
    };
    if !loaded.rejects.is_empty() {
        let n = loaded.rejects.len();
        eprintln!(
            "overcrowding: {}: {n} row{} rejected{}",
            loaded.source,
            if n == 1 { "" } else { "s" },
            if c.rejects.is_some() {
                String::new()
            } else {
                " (list them with --rejects PATH)".to_string()
            }
        );
        for r in loaded.rejects.iter().take(3) {
            eprintln!("  {}", r.reason);
        }
        if n > 3 {
            eprintln!("  … and {} more", n - 3);
        }
    }
    if let Some(out) = &c.rejects {
        write_rejects(out, &loaded.rejects)?;
    }
    Ok(loaded)
}

fn load_dataset(d: Dataset) -> Result<Loaded, CliError> {
    let (panel, source) = match d {
        Dataset::Hmpps => (
            overcrowding::datasets::hmpps_bulletin()?.to_panel()?,
            "HMPPS monthly bulletin 2012–2024 (bundled: hmpps_monthly_bulletin_2012_2024.csv)",
        ),
        Dataset::Cdcr => (
            overcrowding::datasets::cdcr_tpop1()?.to_panel()?,
            "CDCR TPOP-1 2015–2026 (bundled: cdcr_tpop1_institutions_2015_2026.csv)",
        ),
        Dataset::Bjs => (
            overcrowding::datasets::bjs_table21()?.to_panel()?,
            "BJS Prisoners in 2022, Table 21 (bundled: bjs_prisoners_2022_table21.csv)",
        ),
        Dataset::Cambodia => (
            overcrowding::datasets::cambodia_panel()?,
            "Cambodia 2021 (bundled: cambodia_2021.csv)",
        ),
    };
    Ok(Loaded {
        panel,
        source: source.to_string(),
        dataset: Some(d),
        rejects: Vec::new(),
    })
}

/// The reader flags, which a bundled dataset (read by its own reader) cannot take.
fn refuse_reader_flags(c: &Common, what: &str) -> Result<(), CliError> {
    let mut given: Vec<&str> = Vec::new();
    for (flag, set) in [
        ("--delimiter", c.delimiter.is_some()),
        ("--strict", c.strict),
        ("--sheet", c.sheet.is_some()),
        ("--id", c.id.is_some()),
        ("--name", c.name.is_some()),
        ("--as-of", c.as_of.is_some()),
        ("--population", c.population.is_some()),
        ("--missing", !c.missing.is_empty()),
        ("--date COL", date_column(c).is_some()),
        (
            "--capacity KIND=COL",
            c.capacity.iter().any(|v| v.contains('=')),
        ),
    ] {
        if set {
            given.push(flag);
        }
    }
    if given.is_empty() {
        Ok(())
    } else {
        Err(CliError::Usage(format!(
            "{} cannot be used with {what}: the bundled datasets are read by their own readers",
            given.join(", ")
        )))
    }
}

fn load_file(c: &Common, path: &Path) -> Result<Loaded, CliError> {
    let progress =
        std::io::stderr().is_terminal() && std::fs::metadata(path).is_ok_and(|m| m.len() > LARGE);
    if progress {
        eprint!("overcrowding: reading {} …", path.display());
    }
    let source = path.display().to_string();
    let read = reader(c)?.read_path(path).map_err(|e| CliError::Data {
        source: Some(source.clone()),
        error: Box::new(e),
    })?;
    if progress {
        eprintln!(" {} rows", read.total_rows());
    }
    let rejects = read
        .rejects()
        .iter()
        .map(|r| Rejected {
            line: r.line(),
            reason: format!("{source}: {}", r.reason()),
            raw: r.raw().to_string(),
        })
        .collect();
    Ok(Loaded {
        panel: read.into_panel(),
        source,
        dataset: None,
        rejects,
    })
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
                return Err(CliError::Usage(format!(
                    "--delimiter {s:?}: one ASCII character (or \\t for tab)"
                )));
            }
        };
        r = r.delimiter(byte);
    }
    if let Some(s) = &c.sheet {
        r = r.sheet(s);
    }
    if let Some(col) = &c.id {
        r = r.id_column(col);
    }
    if let Some(col) = &c.name {
        r = r.name_column(col);
    }
    if let Some(col) = date_column(c) {
        r = r.date_column(col);
    }
    if let Some(d) = c.as_of {
        r = r.as_of(d);
    }
    if let Some(col) = &c.population {
        r = r.population_column(col);
    }
    for spec in c.capacity.iter().filter(|v| v.contains('=')) {
        let (kind, col) = spec.split_once('=').unwrap_or_default();
        let kind: CapacityKind = kind.parse().map_err(|_| {
            CliError::Usage(format!(
                "--capacity {spec:?}: expected KIND=COL, e.g. design=Capacity"
            ))
        })?;
        if col.is_empty() {
            return Err(CliError::Usage(format!(
                "--capacity {spec:?}: the column name is empty"
            )));
        }
        r = r.capacity_column(kind, col);
    }
    for token in &c.missing {
        r = r.missing(token);
    }
    for col in &c.by {
        r = r.group_column(col);
    }
    Ok(r)
}

fn write_rejects(path: &Path, rejects: &[Rejected]) -> Result<(), CliError> {
    let io = |e: std::io::Error| CliError::Data {
        source: None,
        error: Box::new(overcrowding::Error::Io {
            path: path.display().to_string(),
            source: e,
        }),
    };
    let mut w = csv::Writer::from_path(path).map_err(|e| io(e.into()))?;
    w.write_record(["line", "reason", "raw"])
        .map_err(|e| io(e.into()))?;
    for r in rejects {
        w.write_record([r.line.to_string().as_str(), &r.reason, &r.raw])
            .map_err(|e| io(e.into()))?;
    }
    w.flush().map_err(io)
}

/// `--date` when it is a calendar date: the date to select.
pub fn date_filter(c: &Common) -> Option<Date> {
    c.date.as_deref().and_then(|d| d.parse::<Date>().ok())
}

/// `--date` when it is not a calendar date: the date column.
fn date_column(c: &Common) -> Option<&str> {
    c.date.as_deref().filter(|d| d.parse::<Date>().is_err())
}

/// The dates to report: `--date`, every date (`--all-dates`) or the latest.
pub fn dates(c: &Common, panel: &Panel) -> Result<Vec<Date>, CliError> {
    let all = panel.dates();
    if all.is_empty() {
        return Err(CliError::Usage("the input holds no records".into()));
    }
    match date_filter(c) {
        Some(_) if c.all_dates => Err(CliError::Usage(
            "--date YYYY-MM-DD and --all-dates cannot be used together".into(),
        )),
        Some(d) if all.contains(&d) => Ok(vec![d]),
        Some(d) => Err(CliError::Usage(format!(
            "no records of {d}; the data has {} dates, from {} to {}",
            all.len(),
            all[0],
            all[all.len() - 1]
        ))),
        None if c.all_dates => Ok(all),
        None => Ok(vec![all[all.len() - 1]]),
    }
}

/// The capacity kind: `--kind`, or the only kind the data lists; never a silent choice.
pub fn kind(c: &Common, loaded: &Loaded) -> Result<CapacityKind, CliError> {
    let kinds = loaded.panel.capacity_kinds();
    let names = || {
        kinds
            .iter()
            .map(|k| k.name().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    match &c.kind {
        Some(k) => {
            let kind: CapacityKind = k.parse().map_err(|_| {
                CliError::Usage(format!("--kind {k:?} is not a capacity kind name"))
            })?;
            if kinds.contains(&kind) {
                Ok(kind)
            } else {
                Err(CliError::Usage(format!(
                    "--kind {}: the data lists no such capacity; it has: {}",
                    kind.name(),
                    names()
                )))
            }
        }
        None if kinds.len() == 1 => Ok(kinds[0].clone()),
        None if kinds.is_empty() => Err(CliError::Usage(
            "the data lists no capacity: there is nothing to compare the population with".into(),
        )),
        None => {
            let hint = match loaded.dataset {
                Some(Dataset::Hmpps) => " (the bulletin measures crowding against in_use_cna)",
                Some(Dataset::Cdcr) => " (the CDCR reports occupancy against design)",
                _ => "",
            };
            Err(CliError::Usage(format!(
                "the data lists several capacity kinds: {}; choose one with --kind{hint}",
                names()
            )))
        }
    }
}

/// The panel of the chosen dates, grouped by the `--by` columns: `(panel, group key)`. With
/// several columns the records get one combined key (`a / b`); a record lacking any of them
/// gets none.
pub fn grouped(
    c: &Common,
    panel: &Panel,
    dates: &[Date],
) -> Result<(Panel, Option<String>), CliError> {
    let on_dates = panel.filter(|r| dates.binary_search(&r.date()).is_ok());
    for col in &c.by {
        if !panel.group_keys().contains(&col.as_str()) {
            let keys = panel.group_keys();
            return Err(CliError::Usage(format!(
                "--by {col:?}: no such column; the data's group columns are: {}",
                if keys.is_empty() {
                    "(none)".to_string()
                } else {
                    keys.join(", ")
                }
            )));
        }
    }
    match c.by.len() {
        0 => Ok((on_dates, None)),
        1 => Ok((on_dates, Some(c.by[0].clone()))),
        _ => {
            let key = c.by.join(" / ");
            let records = on_dates.records().iter().map(|r| {
                let values: Option<Vec<&str>> = c.by.iter().map(|k| r.group(k)).collect();
                match values {
                    Some(v) => r.clone().with_group(key.clone(), v.join(" / ")),
                    None => r.clone(),
                }
            });
            Ok((Panel::new(records.collect::<Vec<Record>>())?, Some(key)))
        }
    }
}

/// The records of `records` split by group key (`None` first, then by value), or one group
/// `"all"` without a key.
pub fn split<'a>(
    records: &'a [Record],
    key: Option<&str>,
) -> Vec<(Option<String>, Vec<&'a Record>)> {
    let Some(key) = key else {
        return vec![(Some("all".to_string()), records.iter().collect())];
    };
    let mut groups: std::collections::BTreeMap<Option<&str>, Vec<&Record>> = Default::default();
    for r in records {
        groups.entry(r.group(key)).or_default().push(r);
    }
    groups
        .into_iter()
        .map(|(g, rs)| (g.map(str::to_string), rs))
        .collect()
}
