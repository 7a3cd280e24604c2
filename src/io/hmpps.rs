//! The HMPPS monthly bulletin panel (England & Wales), one row per prison per report date,
//! 2012–2024, as assembled by Yukhnenko (2025) from the *Prison population figures: monthly
//! bulletin* (Ministry of Justice / HMPPS, OGL v3).
//!
//! # The file
//!
//! UTF-8, LF; columns `Operational Capacity, In Use CNA, Prison Name, Report_Date, Baseline
//! CNA, Population *` (found by name, so their order does not matter); counts written as
//! floats (`1204.0`) — only integral values are accepted.
//!
//! # Quirks, reported rather than dropped
//!
//! Rows lacking the population or the in-use CNA are kept with `None` and listed as
//! [`HmppsQuirkKind::Incomplete`]; an in-use CNA of 0 (a prison out of use) as
//! [`HmppsQuirkKind::ZeroInUseCna`]; names that are fragments of the parse (`Farms`, `Camp`,
//! `House`, `Low`, `Hill`) as [`HmppsQuirkKind::SuspectedFragment`]; a prison name repeated
//! on one report date as [`HmppsQuirkKind::DuplicatePrisonDate`].

use crate::ErrorKind;
use crate::error::FormatProblem;
use crate::error::ValueProblem;
use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::path::Path;

use jiff::civil::Date;

use super::parse::{
    LineCounter, column_index, integral_float, iso_date, read_header, record_fields,
};
use crate::error::{Error, Location, Result};
use crate::metrics::Ratio;

/// Names in the file that are fragments of a longer establishment name.
const FRAGMENTS: [&str; 5] = ["Farms", "Camp", "House", "Low", "Hill"];

/// One prison on one report date.
///
/// ```
/// let b = overcrowding::datasets::hmpps_bulletin()?;
/// let r = b.find("Altcourse", "2012-01-27".parse().unwrap()).unwrap();
/// assert_eq!((r.operational_capacity, r.in_use_cna, r.baseline_cna, r.population),
///            (Some(1204), Some(794), Some(794), Some(1147)));
/// assert_eq!(r.pct_pop_to_in_use_cna()?, 144.0); // 1,147 / 794 = 144.46 %
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct HmppsRow {
    /// 1-based line in the file.
    pub line: usize,
    /// Establishment name as in the file.
    pub prison: String,
    /// Report date as in the file (sometimes the month end rather than the printed date).
    pub report_date: Date,
    /// Operational capacity: the most that can be held safely and decently.
    pub operational_capacity: Option<u64>,
    /// In-use certified normal accommodation: baseline CNA less places out of use.
    pub in_use_cna: Option<u64>,
    /// Baseline certified normal accommodation.
    pub baseline_cna: Option<u64>,
    /// Population (includes people on authorised absence).
    pub population: Option<u64>,
}

impl HmppsRow {
    fn location(&self, column: &str) -> Location {
        Location::line(self.line)
            .with_column(column)
            .with_facility(&self.prison)
    }

    /// Population ÷ in-use CNA, exact: the bulletin's measure of crowding.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidValue`](crate::ErrorKind::InvalidValue) when the population is not reported; [`ErrorKind::MissingCapacity`](crate::ErrorKind::MissingCapacity)
    /// when the in-use CNA is not; [`ErrorKind::ZeroDenominator`](crate::ErrorKind::ZeroDenominator) when it is 0.
    ///
    /// ```
    /// # let b = overcrowding::datasets::hmpps_bulletin().unwrap();
    /// let r = b.find("Altcourse", "2012-01-27".parse().unwrap()).unwrap();
    /// assert_eq!(r.pop_to_in_use_cna()?.percent_rounded(1), 144.5);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn pop_to_in_use_cna(&self) -> Result<Ratio> {
        let pop = self.population.ok_or_else(|| {
            Error::from(ErrorKind::MissingValue { what: "population" })
                .at(self.location("Population *"))
        })?;
        let cna = self.in_use_cna.ok_or_else(|| {
            Error::from(ErrorKind::MissingCapacity {
                facility: self.prison.clone(),
                kind: "in_use_cna".to_string(),
                as_of: Some(self.report_date),
                available: self.reported_kinds(),
            })
        })?;
        Ratio::new(pop, cna)
            .map_err(|_| Error::from(ErrorKind::ZeroDenominator { what: "in-use CNA" }))
    }

    /// "% Pop to In Use CNA" as the bulletin publishes it: a whole percent, rounded once.
    ///
    /// # Errors
    ///
    /// As [`pop_to_in_use_cna`](Self::pop_to_in_use_cna).
    ///
    /// ```
    /// # let b = overcrowding::datasets::hmpps_bulletin().unwrap();
    /// let r = b.find("Ashfield", "2012-01-27".parse().unwrap()).unwrap();
    /// assert_eq!(r.pct_pop_to_in_use_cna()?, 77.0); // 313 / 407
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn pct_pop_to_in_use_cna(&self) -> Result<f64> {
        Ok(self.pop_to_in_use_cna()?.percent_rounded(0))
    }

    /// In-use CNA ÷ baseline CNA, exact: the share of places in use.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::MissingCapacity`](crate::ErrorKind::MissingCapacity) when either is not reported; [`ErrorKind::ZeroDenominator`](crate::ErrorKind::ZeroDenominator)
    /// when the baseline CNA is 0.
    ///
    /// ```
    /// # let b = overcrowding::datasets::hmpps_bulletin().unwrap();
    /// let r = b.find("Askham Grange", "2012-01-27".parse().unwrap()).unwrap();
    /// assert_eq!(r.accommodation_available()?.percent_rounded(0), 84.0); // 126 / 150
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn accommodation_available(&self) -> Result<Ratio> {
        let missing = |kind: &str| {
            Error::from(ErrorKind::MissingCapacity {
                facility: self.prison.clone(),
                kind: kind.to_string(),
                as_of: Some(self.report_date),
                available: self.reported_kinds(),
            })
        };
        let in_use = self.in_use_cna.ok_or_else(|| missing("in_use_cna"))?;
        let base = self.baseline_cna.ok_or_else(|| missing("cna"))?;
        Ratio::new(in_use, base).map_err(|_| {
            Error::from(ErrorKind::ZeroDenominator {
                what: "baseline CNA",
            })
        })
    }

    /// "% Accommodation Available" as published: a whole percent.
    ///
    /// # Errors
    ///
    /// As [`accommodation_available`](Self::accommodation_available).
    ///
    /// ```
    /// # let b = overcrowding::datasets::hmpps_bulletin().unwrap();
    /// let r = b.find("Aylesbury", "2012-01-27".parse().unwrap()).unwrap();
    /// assert_eq!(r.pct_accommodation_available()?, 97.0); // 424 / 436
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn pct_accommodation_available(&self) -> Result<f64> {
        Ok(self.accommodation_available()?.percent_rounded(0))
    }

    fn reported_kinds(&self) -> Vec<String> {
        [
            ("operational", self.operational_capacity),
            ("in_use_cna", self.in_use_cna),
            ("cna", self.baseline_cna),
        ]
        .iter()
        .filter(|(_, v)| v.is_some())
        .map(|(k, _)| (*k).to_string())
        .collect()
    }
}

/// What is odd about a row.
///
/// ```
/// use overcrowding::io::HmppsQuirkKind;
/// let b = overcrowding::datasets::hmpps_bulletin().unwrap();
/// let n = b.quirks().iter().filter(|q| matches!(q.kind, HmppsQuirkKind::Incomplete { .. })).count();
/// assert_eq!(n, 36);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum HmppsQuirkKind {
    /// The population or the in-use CNA is missing; `missing` names every empty column.
    Incomplete {
        /// The empty columns, in file-column terms.
        missing: Vec<String>,
    },
    /// The in-use CNA is 0 (places out of use): no crowding measure.
    ZeroInUseCna,
    /// The name is a known fragment of a longer establishment name.
    SuspectedFragment,
    /// The same name appears earlier on the same report date.
    DuplicatePrisonDate {
        /// The line of the first row with this name and date.
        first_line: usize,
    },
}

impl HmppsQuirkKind {
    /// A stable name for the kind of quirk: `incomplete`, `zero_in_use_cna`,
    /// `suspected_fragment` or `duplicate_prison_date`.
    ///
    /// ```
    /// let b = overcrowding::datasets::hmpps_bulletin()?;
    /// let incomplete = b.quirks().iter().filter(|q| q.kind.name() == "incomplete").count();
    /// assert_eq!(incomplete, 36);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn name(&self) -> &'static str {
        match self {
            HmppsQuirkKind::Incomplete { .. } => "incomplete",
            HmppsQuirkKind::ZeroInUseCna => "zero_in_use_cna",
            HmppsQuirkKind::SuspectedFragment => "suspected_fragment",
            HmppsQuirkKind::DuplicatePrisonDate { .. } => "duplicate_prison_date",
        }
    }
}

/// One quirk, with its row.
///
/// ```
/// let b = overcrowding::datasets::hmpps_bulletin().unwrap();
/// let q = &b.quirks()[0];
/// assert_eq!((q.line, q.prison.as_str()), (69, "Latchmere House"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct HmppsQuirk {
    /// 1-based line in the file.
    pub line: usize,
    /// The name as in the file.
    pub prison: String,
    /// The report date.
    pub report_date: Date,
    /// What is odd.
    pub kind: HmppsQuirkKind,
}

/// Sums for one report date. Crowding is Σpopulation ÷ Σin-use CNA over the rows that have
/// both (and a non-zero in-use CNA); `rows` and `paired_rows` give the coverage.
///
/// ```
/// let b = overcrowding::datasets::hmpps_bulletin()?;
/// let totals = b.totals_by_date()?;
/// assert_eq!(totals.len(), 155);
/// let first = &totals[0];
/// assert_eq!(first.report_date.to_string(), "2012-01-27");
/// assert!(first.paired_rows <= first.rows);
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct HmppsDateTotal {
    /// The report date.
    pub report_date: Date,
    /// Rows on this date.
    pub rows: usize,
    /// Rows with both a population and an in-use CNA ≥ 1.
    pub paired_rows: usize,
    /// Σ population over the paired rows.
    pub population: u64,
    /// Σ in-use CNA over the paired rows.
    pub in_use_cna: u64,
    /// Σ population over every row that reports one.
    pub population_all: u64,
    /// Σ operational capacity over every row that reports one.
    pub operational_capacity: u64,
    /// Σ baseline CNA over every row that reports one.
    pub baseline_cna: u64,
}

impl HmppsDateTotal {
    /// Σpopulation ÷ Σin-use CNA over the paired rows.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::ZeroDenominator`](crate::ErrorKind::ZeroDenominator) when no row is paired.
    ///
    /// ```
    /// let b = overcrowding::datasets::hmpps_bulletin()?;
    /// let t = b.totals_by_date()?;
    /// assert!(t[0].pop_to_in_use_cna()?.percent() > 100.0);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn pop_to_in_use_cna(&self) -> Result<Ratio> {
        Ratio::new(self.population, self.in_use_cna)
            .map_err(|_| Error::from(ErrorKind::ZeroDenominator { what: "in-use CNA" }))
    }
}

/// The bulletin panel as read.
///
/// ```
/// let b = overcrowding::datasets::hmpps_bulletin()?;
/// assert_eq!(b.rows().len(), 18_586);
/// assert_eq!(b.report_dates().len(), 155);
/// assert_eq!(b.incomplete_rows().count(), 36);
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct HmppsBulletin {
    rows: Vec<HmppsRow>,
    quirks: Vec<HmppsQuirk>,
}

impl HmppsBulletin {
    /// Every row, in file order (none dropped).
    ///
    /// ```
    /// # let b = overcrowding::datasets::hmpps_bulletin().unwrap();
    /// assert_eq!(b.rows()[0].line, 2);
    /// ```
    pub fn rows(&self) -> &[HmppsRow] {
        &self.rows
    }

    /// The quirks, in file order (a row may have several).
    ///
    /// ```
    /// use overcrowding::io::HmppsQuirkKind;
    /// # let b = overcrowding::datasets::hmpps_bulletin().unwrap();
    /// let fragments = b.quirks().iter().filter(|q| q.kind == HmppsQuirkKind::SuspectedFragment).count();
    /// assert_eq!(fragments, 11);
    /// ```
    pub fn quirks(&self) -> &[HmppsQuirk] {
        &self.quirks
    }

    /// Rows lacking the population or the in-use CNA.
    ///
    /// ```
    /// # let b = overcrowding::datasets::hmpps_bulletin().unwrap();
    /// assert_eq!(b.incomplete_rows().filter(|r| r.in_use_cna.is_none()).count(), 5);
    /// ```
    pub fn incomplete_rows(&self) -> impl Iterator<Item = &HmppsRow> {
        self.rows
            .iter()
            .filter(|r| r.population.is_none() || r.in_use_cna.is_none())
    }

    /// The distinct report dates, ascending.
    ///
    /// ```
    /// # let b = overcrowding::datasets::hmpps_bulletin().unwrap();
    /// assert_eq!(b.report_dates().last().unwrap().to_string(), "2024-12-31");
    /// ```
    pub fn report_dates(&self) -> Vec<Date> {
        let mut d: Vec<Date> = self.rows.iter().map(|r| r.report_date).collect();
        d.sort();
        d.dedup();
        d
    }

    /// The first row with this name (exact) on this date.
    ///
    /// ```
    /// # let b = overcrowding::datasets::hmpps_bulletin().unwrap();
    /// assert!(b.find("Altcourse", "2012-01-27".parse().unwrap()).is_some());
    /// ```
    pub fn find(&self, prison: &str, report_date: Date) -> Option<&HmppsRow> {
        self.rows
            .iter()
            .find(|r| r.prison == prison && r.report_date == report_date)
    }

    /// Sums per report date, ascending.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Overflow`](crate::ErrorKind::Overflow) if a sum does not fit a `u64` (never for real data).
    ///
    /// ```
    /// # let b = overcrowding::datasets::hmpps_bulletin().unwrap();
    /// let t = b.totals_by_date()?;
    /// assert_eq!(t.iter().map(|d| d.rows).sum::<usize>(), 18_586);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn totals_by_date(&self) -> Result<Vec<HmppsDateTotal>> {
        let mut by: BTreeMap<Date, HmppsDateTotal> = BTreeMap::new();
        let add = |a: &mut u64, b: u64, what: &'static str| -> Result<()> {
            *a = a
                .checked_add(b)
                .ok_or(Error::from(ErrorKind::Overflow { what }))?;
            Ok(())
        };
        for r in &self.rows {
            let t = by.entry(r.report_date).or_insert(HmppsDateTotal {
                report_date: r.report_date,
                rows: 0,
                paired_rows: 0,
                population: 0,
                in_use_cna: 0,
                population_all: 0,
                operational_capacity: 0,
                baseline_cna: 0,
            });
            t.rows += 1;
            if let (Some(p), Some(c)) = (r.population, r.in_use_cna)
                && c > 0
            {
                t.paired_rows += 1;
                add(&mut t.population, p, "population")?;
                add(&mut t.in_use_cna, c, "in-use CNA")?;
            }
            if let Some(p) = r.population {
                add(&mut t.population_all, p, "population")?;
            }
            if let Some(c) = r.operational_capacity {
                add(&mut t.operational_capacity, c, "operational capacity")?;
            }
            if let Some(c) = r.baseline_cna {
                add(&mut t.baseline_cna, c, "baseline CNA")?;
            }
        }
        Ok(by.into_values().collect())
    }
}

/// Reads the bulletin panel from a file.
///
/// # Errors
///
/// [`ErrorKind::Io`](crate::ErrorKind::Io) when the file cannot be read; [`ErrorKind::MissingColumn`](crate::ErrorKind::MissingColumn) when a column is
/// missing; [`ErrorKind::InvalidValue`](crate::ErrorKind::InvalidValue) / [`ErrorKind::InvalidValue`](crate::ErrorKind::InvalidValue) / [`ErrorKind::BadRow`](crate::ErrorKind::BadRow) for a value that is
/// not an integral count, a date or a name, with its line.
///
/// ```
/// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/hmpps_monthly_bulletin_2012_2024.csv");
/// assert_eq!(overcrowding::io::read_hmpps_bulletin(path)?.rows().len(), 18_586);
/// # Ok::<(), overcrowding::Error>(())
/// ```
pub fn read_hmpps_bulletin(path: impl AsRef<Path>) -> Result<HmppsBulletin> {
    let path = path.as_ref();
    read_hmpps_bulletin_from_bytes(&super::read_path(path)?, &path.display().to_string())
}

/// Reads the bulletin panel from any reader.
///
/// # Errors
///
/// As [`read_hmpps_bulletin`].
///
/// ```
/// let text = "Prison Name,Report_Date,Population *,In Use CNA,Baseline CNA,Operational Capacity\nX,2024-01-31,12.5,10.0,10,12.0\n";
/// let err = overcrowding::io::read_hmpps_bulletin_from_reader(text.as_bytes(), "t").unwrap_err();
/// assert!(err.to_string().contains("\"12.5\" is not a whole number"));
/// ```
pub fn read_hmpps_bulletin_from_reader(
    reader: impl Read,
    source_name: &str,
) -> Result<HmppsBulletin> {
    read_hmpps_bulletin_from_bytes(&super::read_all(reader, source_name)?, source_name)
}

/// Reads the bulletin panel from its bytes (UTF-8).
///
/// # Errors
///
/// As [`read_hmpps_bulletin`].
///
/// ```
/// let text = b"Prison Name,Report_Date,Population *,In Use CNA,Baseline CNA,Operational Capacity\nX,2024-01-31,,10.0,10,12.0\n";
/// let b = overcrowding::io::read_hmpps_bulletin_from_bytes(text, "t")?;
/// assert_eq!(b.rows()[0].population, None);
/// assert_eq!(b.quirks().len(), 1);
/// # Ok::<(), overcrowding::Error>(())
/// ```
pub fn read_hmpps_bulletin_from_bytes(bytes: &[u8], source_name: &str) -> Result<HmppsBulletin> {
    let data = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(data);
    let format = |problem: FormatProblem| {
        Error::from(ErrorKind::Format {
            source_name: source_name.to_string(),
            problem,
        })
    };
    let mut rec = csv::ByteRecord::new();
    let header = read_header(&mut rdr, &mut rec, source_name)?;
    let col = |name: &str| column_index(&header, name, source_name);
    let c_op = col("Operational Capacity")?;
    let c_inuse = col("In Use CNA")?;
    let c_name = col("Prison Name")?;
    let c_date = col("Report_Date")?;
    let c_base = col("Baseline CNA")?;
    let c_pop = col("Population *")?;

    let mut lines = LineCounter::default();
    lines.line_at(data, 0);
    let mut rows = Vec::new();
    let mut quirks = Vec::new();
    let mut seen: HashMap<(String, Date), usize> = HashMap::new();
    while rdr
        .read_byte_record(&mut rec)
        .map_err(|e| format(FormatProblem::Csv).with_source(e))?
    {
        let (line, _) = lines.record_start(data, &rec);
        let fields = record_fields(&rec, line, header.len())?;
        let prison = fields[c_name].trim().to_string();
        let at = |column: &str| {
            let l = Location::line(line).with_column(column);
            if prison.is_empty() {
                l
            } else {
                l.with_facility(&prison)
            }
        };
        if prison.is_empty() {
            return Err(Error::bad_value(
                "",
                ValueProblem::Missing,
                at(&header[c_name]),
            ));
        }
        let date_text = fields[c_date].trim();
        let report_date = iso_date(date_text)
            .map_err(|problem| Error::bad_value(date_text, problem, at(&header[c_date])))?;
        let count = |c: usize| -> Result<Option<u64>> {
            let t = fields[c].trim();
            if t.is_empty() {
                return Ok(None);
            }
            integral_float(t).map(Some).map_err(|problem| {
                Error::from(ErrorKind::InvalidValue {
                    value: t.to_string(),
                    problem,
                })
                .at(at(&header[c]))
            })
        };
        let row = HmppsRow {
            line,
            prison: prison.clone(),
            report_date,
            operational_capacity: count(c_op)?,
            in_use_cna: count(c_inuse)?,
            baseline_cna: count(c_base)?,
            population: count(c_pop)?,
        };
        let mut quirk = |kind| {
            quirks.push(HmppsQuirk {
                line,
                prison: prison.clone(),
                report_date,
                kind,
            })
        };
        if row.population.is_none() || row.in_use_cna.is_none() {
            let missing = [
                (c_op, row.operational_capacity),
                (c_inuse, row.in_use_cna),
                (c_base, row.baseline_cna),
                (c_pop, row.population),
            ]
            .iter()
            .filter(|(_, v)| v.is_none())
            .map(|(c, _)| header[*c].clone())
            .collect();
            quirk(HmppsQuirkKind::Incomplete { missing });
        }
        if row.in_use_cna == Some(0) {
            quirk(HmppsQuirkKind::ZeroInUseCna);
        }
        if FRAGMENTS.contains(&prison.as_str()) {
            quirk(HmppsQuirkKind::SuspectedFragment);
        }
        match seen.get(&(prison.clone(), report_date)) {
            Some(&first_line) => quirk(HmppsQuirkKind::DuplicatePrisonDate { first_line }),
            None => {
                seen.insert((prison.clone(), report_date), line);
            }
        }
        rows.push(row);
    }
    Ok(HmppsBulletin { rows, quirks })
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &[u8] = include_bytes!("../../data/hmpps_monthly_bulletin_2012_2024.csv");

    #[test]
    fn quirks_of_the_real_file() {
        let b = read_hmpps_bulletin_from_bytes(FILE, "hmpps").unwrap();
        let count =
            |f: fn(&HmppsQuirkKind) -> bool| b.quirks().iter().filter(|q| f(&q.kind)).count();
        assert_eq!(
            count(|k| matches!(k, HmppsQuirkKind::Incomplete { .. })),
            36
        );
        assert_eq!(
            count(|k| matches!(k, HmppsQuirkKind::DuplicatePrisonDate { .. })),
            2
        );
        let downview = b.quirks().iter().find(|q| q.line == 2961).unwrap();
        assert_eq!(downview.prison, "Downview");
        assert!(
            matches!(&downview.kind, HmppsQuirkKind::Incomplete { missing } if missing.len() == 3)
        );
    }

    #[test]
    fn measures_refuse_missing_and_zero() {
        let b = read_hmpps_bulletin_from_bytes(FILE, "hmpps").unwrap();
        let r = b.rows().iter().find(|r| r.line == 2961).unwrap();
        assert!(matches!(
            r.pop_to_in_use_cna().as_ref().map_err(|e| e.kind()),
            Err(ErrorKind::MissingValue { what: "population" })
        ));
        let z = b.rows().iter().find(|r| r.line == 69).unwrap();
        assert!(matches!(
            z.pop_to_in_use_cna().as_ref().map_err(|e| e.kind()),
            Err(ErrorKind::ZeroDenominator { .. })
        ));
    }

    #[test]
    fn columns_found_by_name() {
        let err = read_hmpps_bulletin_from_bytes(b"Prison Name,Report_Date\n", "t").unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::MissingColumn { .. }));
    }
}
