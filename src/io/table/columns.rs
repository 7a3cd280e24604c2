//! The header → column roles: which column is the id, the date, the population, ….

use crate::ErrorKind;
use jiff::civil::Date;

use super::builder::{CapacityLayout, DateSource, Dialect, IdSource, TableReader};
use super::value::{Missing, NumberFormat};
use crate::error::{Error, Result};
use crate::model::{CapacityKind, StatusGroup};

/// The roles of the header's columns, resolved once per read.
#[derive(Debug)]
pub(super) struct Mapping {
    pub(super) names: Vec<String>,
    /// The id columns, in key order (empty: the file is one unit, [`Mapping::unit`]).
    pub(super) ids: Vec<usize>,
    /// The one unit's id, for a file without an id column.
    pub(super) unit: Option<String>,
    pub(super) name: Option<usize>,
    pub(super) groups: Vec<(String, usize)>,
    pub(super) date: Result<usize, Date>,
    pub(super) date_format: Option<String>,
    /// The day a year or year-month date stands for.
    pub(super) period_day: super::period::PeriodDay,
    pub(super) period_day_stated: bool,
    pub(super) population: usize,
    pub(super) status: Vec<(StatusGroup, usize)>,
    pub(super) wide: Vec<(CapacityKind, usize)>,
    pub(super) long: Option<(usize, usize)>,
    pub(super) missing: Missing,
    /// Per column: its own tokens (with the table-wide ones), when it has any.
    pub(super) missing_in: Vec<Option<Missing>>,
    pub(super) fmt: NumberFormat,
    pub(super) dialect: Dialect,
    /// The facility table's `capacity` without a `capacity_kind` column, or the reverse.
    pub(super) lone_capacity: Option<usize>,
    pub(super) lone_kind: Option<usize>,
    /// A lenient read that lists an unusable capacity as not reported.
    pub(super) drop_unusable_capacity: bool,
}

impl Mapping {
    /// The missing-value tokens of column `i`.
    pub(super) fn missing(&self, i: usize) -> &Missing {
        match self.missing_in.get(i) {
            Some(Some(m)) => m,
            _ => &self.missing,
        }
    }

    /// The id column's name(s), as the header gives them.
    pub(super) fn id_names(&self) -> Vec<String> {
        self.ids.iter().map(|&i| self.column(i)).collect()
    }

    /// The name of column `i` (`column_N` past the header).
    pub(super) fn column(&self, i: usize) -> String {
        self.names
            .get(i)
            .cloned()
            .unwrap_or_else(|| format!("column_{}", i + 1))
    }
}

/// The header name closest to `wanted` (case, spaces and punctuation ignored; at most a
/// third of its letters different), for a missing-column error.
pub(super) fn closest(wanted: &str, names: &[String]) -> Option<String> {
    let key = |s: &str| -> Vec<char> {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let w = key(wanted);
    let limit = (w.len() / 3).max(1);
    names
        .iter()
        .map(|n| (edit_distance(&w, &key(n)), n))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, n)| n.clone())
}

/// Levenshtein distance (names are short; quadratic is fine).
fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The header's names: trimmed, an empty name becomes `column_N`.
pub(super) fn header_names<'a>(
    cells: impl Iterator<Item = std::borrow::Cow<'a, str>>,
) -> Vec<String> {
    cells
        .enumerate()
        .map(|(i, c)| {
            let t = c.trim();
            if t.is_empty() {
                format!("column_{}", i + 1)
            } else {
                t.to_string()
            }
        })
        .collect()
}

/// The facility table's header rule: no name twice (compared as written, and the format's
/// own names regardless of case), checked in time linear in the number of columns.
fn refuse_repeated_names(names: &[String], source_name: &str) -> Result<()> {
    let twice = |column: &str, first: usize, second: usize| {
        Error::from(ErrorKind::DuplicateColumn {
            column: column.to_string(),
            first: first + 1,
            second: second + 1,
            source_name: Some(source_name.to_string()),
        })
    };
    let mut seen: std::collections::HashMap<&str, usize> =
        std::collections::HashMap::with_capacity(names.len());
    let mut standard: Vec<(&str, usize)> = Vec::new();
    for (i, n) in names.iter().enumerate() {
        if let Some(&first) = seen.get(n.as_str()) {
            return Err(twice(n, first, i));
        }
        seen.insert(n, i);
        if let Some(s) = FACILITY_TABLE_COLUMNS
            .iter()
            .find(|s| s.eq_ignore_ascii_case(n))
        {
            if let Some(&(_, first)) = standard.iter().find(|(t, _)| t == s) {
                return Err(twice(s, first, i));
            }
            standard.push((s, i));
        }
    }
    Ok(())
}

/// The facility table's own columns.
const FACILITY_TABLE_COLUMNS: [&str; 10] = [
    "facility_id",
    "name",
    "date",
    "capacity_kind",
    "capacity",
    "population",
    "untried",
    "convicted_unsentenced",
    "under_appeal",
    "sentenced",
];

pub(super) fn resolve(
    reader: &TableReader,
    names: Vec<String>,
    source_name: &str,
) -> Result<Mapping> {
    let preset = reader.dialect == Dialect::FacilityTable;
    if preset {
        refuse_repeated_names(&names, source_name)?;
    }
    let find = |name: &str| -> Result<Option<usize>> {
        let exact: Vec<usize> = if preset {
            Vec::new()
        } else {
            (0..names.len()).filter(|&i| names[i] == name).collect()
        };
        let hits = if exact.is_empty() {
            (0..names.len())
                .filter(|&i| names[i].eq_ignore_ascii_case(name))
                .collect()
        } else {
            exact
        };
        match hits.as_slice() {
            [] => Ok(None),
            [i] => Ok(Some(*i)),
            [first, second, ..] => Err(Error::from(ErrorKind::DuplicateColumn {
                column: name.to_string(),
                first: first + 1,
                second: second + 1,
                source_name: Some(source_name.to_string()),
            })),
        }
    };
    let required = |name: &str| -> Result<usize> {
        find(name)?.ok_or_else(|| {
            let hint = if preset && names.len() == 1 && names[0].contains([';', '\t', '|']) {
                " (the header has one column: is the file separated by something other than commas?)"
            } else if names.len() == 1 && names[0].contains([',', ';', '\t', '|']) {
                " (the header has one column: is the delimiter right?)"
            } else {
                ""
            };
            Error::from(ErrorKind::MissingColumn {
                column: name.to_string(),
                source_name: Some(format!("{source_name}{hint}")),
                found: names.clone(),
                closest: closest(name, &names),
            })
        })
    };
    let (ids, unit) = match &reader.id {
        IdSource::Columns(cols) => (
            cols.iter()
                .map(|c| required(c))
                .collect::<Result<Vec<_>>>()?,
            None,
        ),
        IdSource::Single(unit) => (Vec::new(), Some(unit.clone())),
    };
    let name = match &reader.name {
        Some(n) => Some(required(n)?),
        None => find("name")?,
    };
    let groups = reader
        .groups
        .iter()
        .map(|g| Ok((g.clone(), required(g)?)))
        .collect::<Result<Vec<_>>>()?;
    let date = match &reader.date {
        DateSource::Column(c) => Ok(required(c)?),
        DateSource::Fixed(d) => Err(*d),
    };
    let population = required(&reader.population)?;
    let status = if reader.status.is_empty() {
        let mut s = Vec::new();
        for g in StatusGroup::ALL {
            if let Some(i) = find(g.name())? {
                s.push((g, i));
            }
        }
        s
    } else {
        reader
            .status
            .iter()
            .map(|(g, c)| Ok((*g, required(c)?)))
            .collect::<Result<Vec<_>>>()?
    };
    let (mut lone_capacity, mut lone_kind) = (None, None);
    let (wide, long) = match &reader.capacities {
        CapacityLayout::Default => match (find("capacity_kind")?, find("capacity")?) {
            (Some(k), Some(v)) => (Vec::new(), Some((k, v))),
            (k, v) => {
                if preset {
                    (lone_kind, lone_capacity) = (k, v);
                }
                (Vec::new(), None)
            }
        },
        CapacityLayout::Wide(cols) => (
            cols.iter()
                .map(|(k, c)| Ok((k.clone(), required(c)?)))
                .collect::<Result<Vec<_>>>()?,
            None,
        ),
        CapacityLayout::Long { kind, value } => {
            (Vec::new(), Some((required(kind)?, required(value)?)))
        }
    };
    let mut tokens: Vec<String> = Vec::new();
    if reader.default_missing {
        tokens.extend(
            super::builder::DEFAULT_MISSING
                .iter()
                .map(|s| s.to_string()),
        );
    }
    tokens.extend(reader.missing.iter().cloned());
    let mut missing_in: Vec<Option<Missing>> = vec![None; names.len()];
    let mut per_col: Vec<Vec<String>> = vec![Vec::new(); names.len()];
    for (col, token) in &reader.missing_in {
        let i = required(col)?;
        if let Some(v) = per_col.get_mut(i) {
            v.push(token.clone());
        }
    }
    for (i, extra) in per_col.into_iter().enumerate() {
        if !extra.is_empty()
            && let Some(slot) = missing_in.get_mut(i)
        {
            *slot = Some(Missing::new(tokens.iter().cloned().chain(extra)));
        }
    }
    let mut groups = groups;
    if preset {
        // Every column the format does not name is kept, as a group key.
        let mut used = vec![false; names.len()];
        let mapped = ids
            .iter()
            .copied()
            .map(Some)
            .chain([name, date.ok(), Some(population), lone_capacity, lone_kind])
            .flatten()
            .chain(status.iter().map(|(_, i)| *i))
            .chain(wide.iter().map(|(_, i)| *i))
            .chain(long.into_iter().flat_map(|(k, v)| [k, v]))
            .chain(groups.iter().map(|(_, i)| *i));
        for i in mapped {
            if let Some(u) = used.get_mut(i) {
                *u = true;
            }
        }
        for (i, n) in names.iter().enumerate() {
            if !used[i] {
                groups.push((n.clone(), i));
            }
        }
    }
    Ok(Mapping {
        dialect: reader.dialect,
        lone_capacity,
        lone_kind,
        names,
        ids,
        unit,
        name,
        groups,
        date,
        date_format: reader.date_format.clone(),
        period_day: reader.period_day.unwrap_or_default(),
        period_day_stated: reader.period_day.is_some(),
        population,
        status,
        wide,
        long,
        missing: Missing::new(tokens),
        missing_in,
        fmt: NumberFormat {
            thousands: reader.thousands,
            decimal: reader.decimal,
            round: match reader.fractional {
                super::builder::FractionalCounts::Reject => None,
                super::builder::FractionalCounts::Round(rule) => Some(rule),
                // Whole people where they are needed (a rejected row's population).
                super::builder::FractionalCounts::Exact => Some(crate::exact::Rounding::HalfToEven),
            },
            exact: reader.fractional == super::builder::FractionalCounts::Exact,
        },
        drop_unusable_capacity: reader.mode == crate::io::ReadMode::Lenient
            && reader.unusable_capacity == super::builder::UnusableCapacity::NotReported,
    })
}
