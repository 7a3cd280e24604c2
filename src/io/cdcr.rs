//! CDCR *Monthly Total Population Report* (TPOP-1), "Institution Population Detail",
//! 2015–2026, as transcribed by Becica (2026) from the CDCR PDFs (CC BY 4.0).
//!
//! # The file
//!
//! UTF-8, LF; columns `report_date, cdcr_code, institution_name, gender, felon_other,
//! design_capacity, pct_occupied, staffed_capacity` (found by name). `pct_occupied` is CDCR's
//! published "Percent Occupied" = felon_other ÷ design capacity, one decimal. `gender` is
//! blank from 2021-11-30 on.
//!
//! The published percent is kept as published, text and value; [`CdcrTpop1::percent_differences`]
//! lists the rows where it differs from the recomputed one rather than "fixing" either side.

use crate::ErrorKind;
use crate::error::FormatProblem;
use crate::error::ValueProblem;
use std::io::Read;
use std::path::Path;

use jiff::civil::Date;

use super::parse::{
    LineCounter, column_index, iso_date, plain_count, read_header, record_fields, tenths,
};
use crate::error::{Error, Location, Result};
use crate::metrics::{Ratio, occupancy};

/// One institution (and, before 2021-11, one gender) on one report date.
///
/// ```
/// let t = overcrowding::datasets::cdcr_tpop1()?;
/// let r = &t.rows()[0];
/// assert_eq!((r.code.as_str(), r.felon_other, r.design_capacity), ("ASP", 4_062, 2_920));
/// assert_eq!(r.pct_occupied_text, "139.1");
/// assert_eq!(r.recomputed_text()?, "139.1");
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CdcrRow {
    /// 1-based line in the file.
    pub line: usize,
    /// Report date.
    pub report_date: Date,
    /// CDCR institution code, e.g. `CMC`.
    pub code: String,
    /// Institution name as transcribed (names change between eras).
    pub name: String,
    /// `Male` / `Female` before 2021-11-30; `None` (blank) after.
    pub gender: Option<String>,
    /// Felon/other population in the institution.
    pub felon_other: u64,
    /// Design capacity.
    pub design_capacity: u64,
    /// Published "Percent Occupied" as printed (one decimal).
    pub pct_occupied_text: String,
    /// Published "Percent Occupied" as a number.
    pub pct_occupied: f64,
    /// Staffed capacity, published beside the design capacity.
    pub staffed_capacity: Option<u64>,
}

impl CdcrRow {
    /// felon_other ÷ design capacity, exact.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::ZeroDenominator`](crate::ErrorKind::ZeroDenominator) when the design capacity is 0.
    ///
    /// ```
    /// # let t = overcrowding::datasets::cdcr_tpop1().unwrap();
    /// assert_eq!(t.rows()[0].occupancy()?.percent_rounded(1), 139.1);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn occupancy(&self) -> Result<Ratio> {
        occupancy(self.felon_other, self.design_capacity)
    }

    /// The recomputed percent printed as CDCR prints it: one decimal, always (`107.0`).
    ///
    /// # Errors
    ///
    /// As [`occupancy`](Self::occupancy).
    ///
    /// ```
    /// # let t = overcrowding::datasets::cdcr_tpop1().unwrap();
    /// let r = t.rows().iter().find(|r| r.code == "CMC" && r.report_date.to_string() == "2015-02-25").unwrap();
    /// assert_eq!((r.pct_occupied_text.as_str(), r.recomputed_text()?.as_str()), ("103.9", "103.8"));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn recomputed_text(&self) -> Result<String> {
        self.occupancy()?.percent_rounded_string(1)
    }
}

/// A row whose published percent differs from the recomputed one.
///
/// ```
/// let t = overcrowding::datasets::cdcr_tpop1()?;
/// let d = &t.percent_differences()?[0];
/// assert_eq!((d.code.as_str(), d.published.as_str(), d.recomputed.as_str()), ("CMC", "103.9", "103.8"));
/// assert_eq!(d.difference_tenths, 1);
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PercentDifference {
    /// 1-based line in the file.
    pub line: usize,
    /// Report date.
    pub report_date: Date,
    /// Institution code.
    pub code: String,
    /// Felon/other population.
    pub felon_other: u64,
    /// Design capacity.
    pub design_capacity: u64,
    /// The published percent, as printed.
    pub published: String,
    /// The recomputed percent, one decimal, rounded once from the counts.
    pub recomputed: String,
    /// published − recomputed, in tenths of a percentage point.
    pub difference_tenths: i64,
}

/// The TPOP-1 institution table as read.
///
/// ```
/// let t = overcrowding::datasets::cdcr_tpop1()?;
/// assert_eq!(t.rows().len(), 4_567);
/// assert_eq!(t.report_dates().len(), 134);
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CdcrTpop1 {
    rows: Vec<CdcrRow>,
}

impl CdcrTpop1 {
    /// Every row, in file order.
    ///
    /// ```
    /// # let t = overcrowding::datasets::cdcr_tpop1().unwrap();
    /// assert_eq!(t.rows()[0].line, 2);
    /// ```
    pub fn rows(&self) -> &[CdcrRow] {
        &self.rows
    }

    /// The distinct report dates, ascending.
    ///
    /// ```
    /// # let t = overcrowding::datasets::cdcr_tpop1().unwrap();
    /// assert_eq!(t.report_dates()[0].to_string(), "2015-01-28");
    /// ```
    pub fn report_dates(&self) -> Vec<Date> {
        let mut d: Vec<Date> = self.rows.iter().map(|r| r.report_date).collect();
        d.sort();
        d.dedup();
        d
    }

    /// Institutions whose design capacity is repeated on several gender rows of one report
    /// date (2019 and 2021-01 to 2021-10): a system sum must count each once. See
    /// [`RepeatedCapacity`].
    ///
    /// ```
    /// let t = overcrowding::datasets::cdcr_tpop1()?;
    /// assert_eq!(t.repeated_capacities().len(), 31);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn repeated_capacities(&self) -> Vec<RepeatedCapacity> {
        let mut groups: std::collections::BTreeMap<(Date, &str, u64), Vec<usize>> =
            std::collections::BTreeMap::new();
        for r in &self.rows {
            groups
                .entry((r.report_date, r.code.as_str(), r.design_capacity))
                .or_default()
                .push(r.line);
        }
        groups
            .into_iter()
            .filter(|(_, lines)| lines.len() > 1)
            .map(
                |((report_date, code, design_capacity), lines)| RepeatedCapacity {
                    report_date,
                    code: code.to_string(),
                    design_capacity,
                    lines,
                },
            )
            .collect()
    }

    /// Every row where the published percent differs from felon_other ÷ design capacity
    /// rounded once to one decimal, in file order.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::ZeroDenominator`](crate::ErrorKind::ZeroDenominator) for a row with a design capacity of 0.
    ///
    /// ```
    /// let t = overcrowding::datasets::cdcr_tpop1()?;
    /// let diffs = t.percent_differences()?;
    /// assert_eq!(diffs.len(), 14);
    /// assert!(diffs.iter().all(|d| d.difference_tenths == 1));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn percent_differences(&self) -> Result<Vec<PercentDifference>> {
        let mut out = Vec::new();
        for r in &self.rows {
            let recomputed = r.recomputed_text()?;
            if recomputed == r.pct_occupied_text {
                continue;
            }
            let (Some(p), Some(q)) = (tenths(&r.pct_occupied_text), tenths(&recomputed)) else {
                continue; // the reader only accepts one-decimal percents
            };
            let diff = i128::from(p) - i128::from(q);
            out.push(PercentDifference {
                line: r.line,
                report_date: r.report_date,
                code: r.code.clone(),
                felon_other: r.felon_other,
                design_capacity: r.design_capacity,
                published: r.pct_occupied_text.clone(),
                recomputed,
                difference_tenths: i64::try_from(diff).map_err(|_| {
                    Error::from(ErrorKind::Overflow {
                        what: "percent difference",
                    })
                })?,
            });
        }
        Ok(out)
    }
}

/// One institution on one report date whose design capacity is repeated on several gender
/// rows: the capacity belongs to the institution, so a sum over rows would count it more than
/// once (e.g. 2021-01-31 CCWF: 5 men and 1,991 women, each row carrying the 2,004 places).
/// Folsom's two rows (FOL: Folsom State Prison and Folsom Women's Facility) carry different
/// capacities and are not repeats.
///
/// ```
/// let t = overcrowding::datasets::cdcr_tpop1()?;
/// let r = t.repeated_capacities();
/// let ccwf = r.iter().find(|r| r.code == "CCWF" && r.report_date.to_string() == "2021-01-31").unwrap();
/// assert_eq!((ccwf.design_capacity, ccwf.lines.len()), (2_004, 2));
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RepeatedCapacity {
    /// Report date.
    pub report_date: Date,
    /// Institution code.
    pub code: String,
    /// The design capacity each row repeats.
    pub design_capacity: u64,
    /// The rows carrying it, by line.
    pub lines: Vec<usize>,
}

/// Reads TPOP-1 institution rows from a file.
///
/// # Errors
///
/// [`ErrorKind::Io`](crate::ErrorKind::Io) when the file cannot be read; [`ErrorKind::MissingColumn`](crate::ErrorKind::MissingColumn) for a missing
/// column; [`ErrorKind::InvalidValue`](crate::ErrorKind::InvalidValue) / [`ErrorKind::InvalidValue`](crate::ErrorKind::InvalidValue) / [`ErrorKind::BadRow`](crate::ErrorKind::BadRow) for a bad value, with
/// its line, column and institution.
///
/// ```
/// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/cdcr_tpop1_institutions_2015_2026.csv");
/// assert_eq!(overcrowding::io::read_cdcr_tpop1(path)?.rows().len(), 4_567);
/// # Ok::<(), overcrowding::Error>(())
/// ```
pub fn read_cdcr_tpop1(path: impl AsRef<Path>) -> Result<CdcrTpop1> {
    let path = path.as_ref();
    read_cdcr_tpop1_from_bytes(&super::read_path(path)?, &path.display().to_string())
}

/// Reads TPOP-1 institution rows from any reader.
///
/// # Errors
///
/// As [`read_cdcr_tpop1`].
///
/// ```
/// let text = "report_date,cdcr_code,institution_name,gender,felon_other,design_capacity,pct_occupied,staffed_capacity\n2015-02-25,CMC,CA Men's Colony,Male,3985,3838,103.9,4000\n";
/// let t = overcrowding::io::read_cdcr_tpop1_from_reader(text.as_bytes(), "t")?;
/// assert_eq!(t.percent_differences()?[0].recomputed, "103.8");
/// # Ok::<(), overcrowding::Error>(())
/// ```
pub fn read_cdcr_tpop1_from_reader(reader: impl Read, source_name: &str) -> Result<CdcrTpop1> {
    read_cdcr_tpop1_from_bytes(&super::read_all(reader, source_name)?, source_name)
}

/// Reads TPOP-1 institution rows from bytes (UTF-8).
///
/// # Errors
///
/// As [`read_cdcr_tpop1`].
///
/// ```
/// let text = b"report_date,cdcr_code,institution_name,gender,felon_other,design_capacity,pct_occupied,staffed_capacity\n2015-02-25,CMC,X,,-3,3838,103.9,4000\n";
/// let err = overcrowding::io::read_cdcr_tpop1_from_bytes(text, "t").unwrap_err();
/// assert!(err.to_string().starts_with("line 2, column \"felon_other\" (facility \"CMC\")"));
/// ```
pub fn read_cdcr_tpop1_from_bytes(bytes: &[u8], source_name: &str) -> Result<CdcrTpop1> {
    let data = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let format = |problem: FormatProblem| {
        Error::from(ErrorKind::Format {
            source_name: source_name.to_string(),
            problem,
        })
    };
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(data);
    let mut rec = csv::ByteRecord::new();
    let header = read_header(&mut rdr, &mut rec, source_name)?;
    let col = |name: &str| column_index(&header, name, source_name);
    let c_date = col("report_date")?;
    let c_code = col("cdcr_code")?;
    let c_name = col("institution_name")?;
    let c_gender = col("gender")?;
    let c_pop = col("felon_other")?;
    let c_design = col("design_capacity")?;
    let c_pct = col("pct_occupied")?;
    let c_staffed = col("staffed_capacity")?;

    let mut lines = LineCounter::default();
    let mut rows = Vec::new();
    while rdr
        .read_byte_record(&mut rec)
        .map_err(|e| format(FormatProblem::Csv).with_source(e))?
    {
        let (line, _) = lines.record_start(data, &rec);
        let fields: Vec<&str> = record_fields(&rec, line, header.len())?
            .into_iter()
            .map(str::trim)
            .collect();
        let code = fields[c_code].to_string();
        let bad = |c: usize, problem: ValueProblem| {
            Error::bad_value(
                fields[c],
                problem,
                Location::line(line)
                    .with_column(&header[c])
                    .with_facility(&code),
            )
        };
        if code.is_empty() {
            return Err(bad(c_code, ValueProblem::Missing));
        }
        let report_date = iso_date(fields[c_date]).map_err(|problem| bad(c_date, problem))?;
        let count = |c: usize| {
            plain_count(fields[c]).map_err(|problem| {
                Error::from(ErrorKind::InvalidValue {
                    value: fields[c].to_string(),
                    problem,
                })
                .at(Location::line(line)
                    .with_column(&header[c])
                    .with_facility(&code))
            })
        };
        let felon_other = count(c_pop)?;
        let design_capacity = count(c_design)?;
        if design_capacity == 0 {
            return Err(bad(c_design, ValueProblem::Zero));
        }
        let staffed_capacity = match fields[c_staffed] {
            "" => None,
            _ => Some(count(c_staffed)?),
        };
        let pct_text = fields[c_pct];
        let pct_tenths = tenths(pct_text)
            .filter(|_| pct_text.contains('.'))
            .ok_or_else(|| bad(c_pct, ValueProblem::NotAPercent))?;
        rows.push(CdcrRow {
            line,
            report_date,
            code: code.clone(),
            name: fields[c_name].to_string(),
            gender: Some(fields[c_gender])
                .filter(|g| !g.is_empty())
                .map(str::to_string),
            felon_other,
            design_capacity,
            pct_occupied_text: pct_text.to_string(),
            pct_occupied: pct_tenths as f64 / 10.0,
            staffed_capacity,
        });
    }
    Ok(CdcrTpop1 { rows })
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &[u8] = include_bytes!("../../data/cdcr_tpop1_institutions_2015_2026.csv");

    #[test]
    fn gender_blank_after_2021_11() {
        let t = read_cdcr_tpop1_from_bytes(FILE, "cdcr").unwrap();
        let cut: Date = "2021-11-30".parse().unwrap();
        assert!(
            t.rows()
                .iter()
                .all(|r| (r.report_date >= cut) == r.gender.is_none())
        );
        assert!(t.rows().iter().any(|r| r.name.contains('’')));
    }

    #[test]
    fn bad_percent_is_reported() {
        let text = b"report_date,cdcr_code,institution_name,gender,felon_other,design_capacity,pct_occupied,staffed_capacity\n2015-02-25,CMC,X,,3,3838,abc,4000\n";
        let err = read_cdcr_tpop1_from_bytes(text, "t")
            .unwrap_err()
            .to_string();
        assert!(err.contains("pct_occupied \"abc\""), "{err}");
    }
}
