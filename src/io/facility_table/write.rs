//! Writing rows back as a facility table.

use crate::ErrorKind;
use std::io::Write;

use super::{FacilityRow, STANDARD};
use crate::error::{Error, Result};

/// Writes rows as a facility table: the ten standard columns in the order `facility_id, name,
/// date, capacity_kind, capacity, population, untried, convicted_unsentenced, under_appeal,
/// sentenced`, then the extra columns in order of first appearance (empty where a row lacks
/// one). Reading the output back gives the same rows (line numbers aside).
///
/// # Errors
///
/// [`ErrorKind::Io`](crate::ErrorKind::Io) when the writer fails.
///
/// ```
/// use overcrowding::io::{read_facility_table_from_str, write_facility_table, ReadMode};
/// let text = "facility_id,date,capacity_kind,capacity,population\n\"A, North\",2021-06-30,design,100,120\n";
/// let t = read_facility_table_from_str(text, ReadMode::Strict, "t")?;
/// let mut out = Vec::new();
/// write_facility_table(t.rows(), &mut out)?;
/// let back = read_facility_table_from_reader(&out[..], ReadMode::Strict, "back")?;
/// assert_eq!(back.rows()[0].facility_id.as_str(), "A, North");
/// assert_eq!(back.rows()[0].capacity, Some(100));
/// # use overcrowding::io::read_facility_table_from_reader;
/// # Ok::<(), overcrowding::Error>(())
/// ```
pub fn write_facility_table(rows: &[FacilityRow], writer: impl Write) -> Result<()> {
    let io_err = |e: csv::Error| {
        Error::from(ErrorKind::Io {
            path: "facility table writer".to_string(),
        })
        .with_source(e)
    };
    let mut extra_names: Vec<&str> = Vec::new();
    for row in rows {
        for (n, _) in &row.extra {
            if !extra_names.contains(&n.as_str()) {
                extra_names.push(n);
            }
        }
    }
    let mut w = csv::Writer::from_writer(writer);
    let header: Vec<&str> = STANDARD
        .iter()
        .copied()
        .chain(extra_names.iter().copied())
        .collect();
    w.write_record(&header).map_err(io_err)?;
    let num = |v: Option<u64>| v.map_or(String::new(), |v| v.to_string());
    for row in rows {
        let mut rec = vec![
            row.facility_id.as_str().to_string(),
            row.name.clone().unwrap_or_default(),
            row.date.to_string(),
            row.capacity_kind
                .as_ref()
                .map_or(String::new(), |k| k.name().to_string()),
            num(row.capacity),
            row.population.to_string(),
            num(row.legal_status.untried),
            num(row.legal_status.convicted_unsentenced),
            num(row.legal_status.under_appeal),
            num(row.legal_status.sentenced),
        ];
        for name in &extra_names {
            rec.push(
                row.extra
                    .iter()
                    .find(|(n, _)| n == name)
                    .map_or(String::new(), |(_, v)| v.clone()),
            );
        }
        w.write_record(&rec).map_err(io_err)?;
    }
    w.flush()
        .map_err(|source| Error::io("facility table writer".to_string(), source))
}
