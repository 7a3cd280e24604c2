//! Validation of one data row of the facility table.

use crate::ErrorKind;
use crate::error::RowProblem;
use std::collections::HashMap;

use jiff::civil::Date;

use super::{Columns, FacilityRow};
use crate::error::{Error, Location, Result, ValueProblem};
use crate::io::parse::{iso_date, plain_count};
use crate::model::{CapacityKind, FacilityId, LegalStatus};

/// Keys of the rows accepted so far.
#[derive(Default)]
pub(super) struct Seen {
    /// (facility, date, kind) → first line.
    keys: HashMap<(String, Date, Option<CapacityKind>), usize>,
    /// (facility, date) → (first line, population, legal status).
    populations: HashMap<(String, Date), (usize, u64, LegalStatus)>,
}

pub(super) fn parse_row(
    rec: &csv::ByteRecord,
    line: usize,
    cols: &Columns,
    seen: &mut Seen,
) -> Result<FacilityRow> {
    let at = Location::line(line);
    // Facility id, if it can be read, for the messages below.
    let id_hint = cols
        .index
        .get("facility_id")
        .and_then(|&i| rec.get(i))
        .and_then(|f| std::str::from_utf8(f).ok())
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let at = match id_hint {
        Some(id) => at.with_facility(id),
        None => at,
    };
    if rec.len() != cols.len {
        return Err(Error::from(ErrorKind::BadRow {
            problem: RowProblem::FieldCount {
                found: rec.len(),
                expected: cols.len,
            },
        })
        .at(at));
    }
    let mut fields = Vec::with_capacity(rec.len());
    for (i, f) in rec.iter().enumerate() {
        match std::str::from_utf8(f) {
            Ok(s) => fields.push(s),
            Err(e) => {
                let name = column_name(cols, i);
                return Err(Error::from(ErrorKind::BadRow {
                    problem: RowProblem::NotUtf8 {
                        field: Some(i + 1),
                        byte: Some(e.valid_up_to() + 1),
                    },
                })
                .at(at.clone().with_column(name)));
            }
        }
    }
    let get = |col: &str| cols.index.get(col).map(|&i| fields[i].trim());
    let invalid = |col: &str, value: &str, problem: ValueProblem| {
        Error::from(ErrorKind::InvalidValue {
            value: value.to_string(),
            problem,
        })
        .at(at.clone().with_column(col))
    };
    let missing = ValueProblem::Missing;

    let id_text = get("facility_id").unwrap_or_default();
    if id_text.is_empty() {
        return Err(invalid("facility_id", id_text, missing));
    }
    if looks_like_total(id_text) {
        return Err(invalid("facility_id", id_text, ValueProblem::TotalsRow));
    }
    let facility_id =
        FacilityId::new(id_text).map_err(|e| e.at(at.clone().with_column("facility_id")))?;

    let date_text = get("date").unwrap_or_default();
    if date_text.is_empty() {
        return Err(invalid("date", date_text, missing));
    }
    let date = iso_date(date_text).map_err(|problem| invalid("date", date_text, problem))?;

    let pop_text = get("population").unwrap_or_default();
    if pop_text.is_empty() {
        return Err(invalid("population", pop_text, missing));
    }
    let population = plain_count(pop_text).map_err(|r| invalid("population", pop_text, r))?;

    let capacity_kind = match get("capacity_kind").filter(|s| !s.is_empty()) {
        Some(k) => Some(
            k.parse::<CapacityKind>()
                .map_err(|e| e.at(at.clone().with_column("capacity_kind")))?,
        ),
        None => None,
    };
    let capacity = match get("capacity").filter(|s| !s.is_empty()) {
        Some(c) => {
            let v = plain_count(c).map_err(|r| invalid("capacity", c, r))?;
            if v == 0 {
                return Err(Error::from(ErrorKind::ZeroCapacity {
                    kind: capacity_kind
                        .as_ref()
                        .map_or_else(|| "a".to_string(), |k| k.name().to_string()),
                })
                .at(at.clone().with_column("capacity")));
            }
            if capacity_kind.is_none() {
                return Err(Error::from(ErrorKind::MissingValue {
                    what: "capacity kind (design, rated, operational, …) of the capacity",
                })
                .at(at.clone().with_column("capacity_kind")));
            }
            Some(v)
        }
        None => None,
    };

    let mut comps = [None; 4];
    let names = [
        "untried",
        "convicted_unsentenced",
        "under_appeal",
        "sentenced",
    ];
    for (slot, col) in comps.iter_mut().zip(names) {
        if let Some(t) = get(col).filter(|s| !s.is_empty()) {
            let v = plain_count(t).map_err(|r| invalid(col, t, r))?;
            if v > population {
                return Err(Error::from(ErrorKind::PartExceedsWhole {
                    part: col,
                    part_value: v,
                    whole: "population",
                    whole_value: population,
                })
                .at(at.clone().with_column(col)));
            }
            *slot = Some(v);
        }
    }
    let sum: u128 = comps.iter().flatten().map(|&v| v as u128).sum();
    let all = comps.iter().all(Option::is_some);
    if sum > population as u128 || (all && sum != population as u128) {
        return Err(Error::from(ErrorKind::ComponentsDisagree {
            sum: u64::try_from(sum).unwrap_or(u64::MAX),
            total: population,
        })
        .at(at));
    }
    let legal_status = LegalStatus {
        untried: comps[0],
        convicted_unsentenced: comps[1],
        under_appeal: comps[2],
        sentenced: comps[3],
    };

    let key = (
        facility_id.as_str().to_string(),
        date,
        capacity_kind.clone(),
    );
    if let Some(first) = seen.keys.get(&key) {
        return Err(Error::from(ErrorKind::Duplicate {
            what: "facility, date and capacity kind",
            first_line: Some(*first),
        })
        .at(at.with_date(date)));
    }
    let fd = (facility_id.as_str().to_string(), date);
    if let Some(&(first, pop0, ls0)) = seen.populations.get(&fd) {
        if pop0 != population {
            return Err(Error::from(ErrorKind::Conflict {
                what: "population of the facility on this date",
                first: format!("{pop0} (line {first})"),
                second: pop_text.to_string(),
            })
            .at(at.clone().with_column("population")));
        }
        if ls0 != legal_status {
            return Err(Error::from(ErrorKind::Conflict {
                what: "legal status of the facility on this date",
                first: format!("{ls0:?} (line {first})"),
                second: format!("{legal_status:?}"),
            })
            .at(at));
        }
    }
    seen.keys.insert(key, line);
    seen.populations
        .entry(fd)
        .or_insert((line, population, legal_status));

    let name = get("name").filter(|s| !s.is_empty()).map(str::to_string);
    let extra = cols
        .extra
        .iter()
        .map(|(i, n)| (n.clone(), fields[*i].to_string()))
        .collect();
    Ok(FacilityRow {
        line,
        facility_id,
        name,
        date,
        capacity_kind,
        capacity,
        population,
        legal_status,
        extra,
    })
}

fn column_name(cols: &Columns, i: usize) -> String {
    cols.index
        .iter()
        .find(|(_, j)| **j == i)
        .map(|(n, _)| n.to_string())
        .or_else(|| {
            cols.extra
                .iter()
                .find(|(j, _)| *j == i)
                .map(|(_, n)| n.clone())
        })
        .unwrap_or_else(|| format!("#{}", i + 1))
}

/// `Total`, `TOTAL`, `Totals`, `Grand total`, `State total`, `All prisons`, `All facilities`, `All`.
pub(crate) fn looks_like_total(id: &str) -> bool {
    let l = id.trim().to_lowercase();
    l == "all"
        || l.starts_with("total")
        || l.ends_with(" total")
        || l.ends_with(" totals")
        || l.starts_with("grand total")
        || [
            "all prisons",
            "all facilities",
            "all institutions",
            "all establishments",
        ]
        .iter()
        .any(|p| l.starts_with(p))
}
