//! Writing a panel back as a facility table.

use crate::ErrorKind;
use std::io::Write;

use super::STANDARD;
use crate::error::{Error, Result};
use crate::model::Panel;

/// Writes a panel as a facility table: the ten standard columns in the order `facility_id,
/// name, date, capacity_kind, capacity, population, untried, convicted_unsentenced,
/// under_appeal, sentenced`, then one column per group key (empty where a row has no value).
/// A row listing several capacity kinds is written as one line per kind (a kind listed
/// without places has an empty `capacity`); a row listing none as one line with both empty.
/// Reading the output back with [`read_facility_table`](crate::io::read_facility_table)
/// gives the same panel when every row reports its population (the facility table requires
/// it; a row without is written with an empty `population` and read back as a reject).
///
/// # Errors
///
/// [`ErrorKind::Write`](crate::ErrorKind::Write) when the writer fails (its error is the source).
///
/// ```
/// use overcrowding::io::{read_facility_table_from_str, read_facility_table_from_reader, write_facility_table, ReadMode};
/// let text = "facility_id,date,capacity_kind,capacity,population\n\"A, North\",2021-06-30,design,100,120\n";
/// let t = read_facility_table_from_str(text, ReadMode::Strict, "t")?;
/// let mut out = Vec::new();
/// write_facility_table(t.panel(), &mut out)?;
/// let back = read_facility_table_from_reader(&out[..], ReadMode::Strict, "back")?;
/// assert_eq!(back.panel(), t.panel());
/// assert_eq!(back.panel().row(0).unwrap().capacity(&overcrowding::CapacityKind::Design), Some(100));
/// # Ok::<(), overcrowding::Error>(())
/// ```
pub fn write_facility_table(panel: &Panel, writer: impl Write) -> Result<()> {
    // The facility table's counts are plain integers: whole people.
    panel
        .count_unit()
        .require_whole("written facility table's count unit")?;
    let io_err = |e: csv::Error| {
        Error::from(ErrorKind::Write {
            what: "facility table",
        })
        .with_source(e)
    };
    let keys = panel.group_keys();
    let mut w = csv::Writer::from_writer(writer);
    w.write_record(STANDARD.iter().copied().chain(keys.iter().copied()))
        .map_err(io_err)?;
    let num = |v: Option<u64>| v.map_or(String::new(), |v| v.to_string());
    let mut rec: Vec<String> = Vec::with_capacity(STANDARD.len() + keys.len());
    for row in panel {
        let status = row.legal_status();
        let mut kinds: Vec<(String, String)> = row
            .capacities()
            .map(|(k, v)| (k.name().to_string(), num(v)))
            .collect();
        if kinds.is_empty() {
            kinds.push((String::new(), String::new()));
        }
        for (kind, places) in kinds {
            rec.clear();
            rec.extend([
                row.id().as_str().to_string(),
                row.name().unwrap_or_default().to_string(),
                row.date().to_string(),
                kind,
                places,
                num(row.population_total()),
                num(status.untried),
                num(status.convicted_unsentenced),
                num(status.under_appeal),
                num(status.sentenced),
            ]);
            rec.extend(
                keys.iter()
                    .map(|k| row.group(k).unwrap_or_default().to_string()),
            );
            w.write_record(&rec).map_err(io_err)?;
        }
    }
    w.flush().map_err(|source| {
        Error::from(ErrorKind::Write {
            what: "facility table",
        })
        .with_source(source)
    })
}
