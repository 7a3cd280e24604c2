//! Validation of one data row of the facility table.

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
        let hint = if rec.len() < cols.len {
            " (a truncated or incomplete row?)"
        } else {
            " (an unquoted comma in a value?)"
        };
        return Err(Error::BadRow {
            location: at,
            reason: format!(
                "has {} fields but the header has {}{hint}",
                rec.len(),
                cols.len
            ),
        });
    }
    let mut fields = Vec::with_capacity(rec.len());
    for (i, f) in rec.iter().enumerate() {
        match std::str::from_utf8(f) {
            Ok(s) => fields.push(s),
            Err(e) => {
                let name = column_name(cols, i);
                return Err(Error::BadRow {
                    location: at.clone().with_column(name.clone()),
                    reason: format!(
                        "is not valid UTF-8 (column {name:?}, byte {} of the field)",
                        e.valid_up_to() + 1
                    ),
                });
            }
        }
    }
    let get = |col: &str| cols.index.get(col).map(|&i| fields[i].trim());
    let bad = |col: &str, value: &str, reason: String| Error::BadValue {
        location: at.clone().with_column(col),
        value: value.to_string(),
        reason,
    };
    let invalid = |col: &str, value: &str, problem: ValueProblem| Error::InvalidValue {
        location: Box::new(at.clone().with_column(col)),
        value: value.to_string(),
        problem,
    };
    let missing = ValueProblem::Missing;

    let id_text = get("facility_id").unwrap_or_default();
    if id_text.is_empty() {
        return Err(invalid("facility_id", id_text, missing));
    }
    if looks_like_total(id_text) {
        return Err(bad(
            "facility_id",
            id_text,
            "looks like a totals row, not a facility; totals are computed from the rows"
                .to_string(),
        ));
    }
    let facility_id =
        FacilityId::new(id_text).map_err(|e| bad("facility_id", id_text, e.to_string()))?;

    let date_text = get("date").unwrap_or_default();
    if date_text.is_empty() {
        return Err(invalid("date", date_text, missing));
    }
    let date = iso_date(date_text).map_err(|reason| Error::BadDate {
        location: at.clone().with_column("date"),
        value: date_text.to_string(),
        reason,
    })?;

    let pop_text = get("population").unwrap_or_default();
    if pop_text.is_empty() {
        return Err(invalid("population", pop_text, missing));
    }
    let population = plain_count(pop_text).map_err(|r| invalid("population", pop_text, r))?;

    let capacity_kind = match get("capacity_kind").filter(|s| !s.is_empty()) {
        Some(k) => Some(
            k.parse::<CapacityKind>()
                .map_err(|e| bad("capacity_kind", k, e.to_string()))?,
        ),
        None => None,
    };
    let capacity = match get("capacity").filter(|s| !s.is_empty()) {
        Some(c) => {
            let v = plain_count(c).map_err(|r| invalid("capacity", c, r))?;
            if v == 0 {
                return Err(Error::ZeroCapacity {
                    location: Box::new(at.clone().with_column("capacity")),
                    kind: capacity_kind
                        .as_ref()
                        .map_or_else(|| "a".to_string(), |k| k.name().to_string()),
                });
            }
            if capacity_kind.is_none() {
                return Err(bad(
                    "capacity_kind",
                    "",
                    format!(
                        "is missing: capacity {v} needs its kind (design, rated, operational, …)"
                    ),
                ));
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
                return Err(bad(
                    col,
                    t,
                    format!("exceeds the population ({population})"),
                ));
            }
            *slot = Some(v);
        }
    }
    let sum: u128 = comps.iter().flatten().map(|&v| v as u128).sum();
    let all = comps.iter().all(Option::is_some);
    if sum > population as u128 || (all && sum != population as u128) {
        let parts: Vec<String> = names
            .iter()
            .zip(comps)
            .filter_map(|(n, v)| v.map(|v| format!("{n} {v}")))
            .collect();
        return Err(Error::BadRow {
            location: at,
            reason: format!(
                "legal-status components ({}) sum to {sum} but the population is {population}",
                parts.join(" + ")
            ),
        });
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
        let kind = capacity_kind
            .as_ref()
            .map_or("(none)".to_string(), |k| format!("{:?}", k.name()));
        return Err(Error::BadRow {
            location: at,
            reason: format!(
                "duplicate of line {first}: same facility, date {date} and capacity kind {kind}"
            ),
        });
    }
    let fd = (facility_id.as_str().to_string(), date);
    if let Some(&(first, pop0, ls0)) = seen.populations.get(&fd) {
        if pop0 != population {
            return Err(bad(
                "population",
                pop_text,
                format!("disagrees with line {first} ({pop0}) for the same facility and date"),
            ));
        }
        if ls0 != legal_status {
            return Err(Error::BadRow {
                location: at,
                reason: format!(
                    "legal-status counts disagree with line {first} for the same facility and date"
                ),
            });
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
