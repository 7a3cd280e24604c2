//! BJS *Prisoners in 2022 – Statistical Tables* (NCJ 307149), Table 21: prison facility
//! capacity, custody population and percent of capacity, by jurisdiction, 31 Dec 2022.
//!
//! # The file as published
//!
//! Windows-1252 text (0x96 en dash, 0x85 ellipsis), CRLF. Title and source lines, then the
//! column-name row (`Jurisdiction,,Rated,Operational,Design,Custody population,Lowest
//! capacity,,Highest capacity,`), the Federal row (name in column 1), a `State` heading, the 50
//! states (names in column 2), then notes and footnotes. Names carry footnote letters
//! (`Alabama/b`, `"Indiana/b,e"`); numbers carry thousands separators (`"22,255"`); markers:
//! `/` not reported, `…` not available (the jurisdiction does not measure this kind), `:` not
//! calculated. Percents have one decimal, whole numbers printed bare (`100`, `98`).
//!
//! The reader finds the column-name row by its content, reads every row up to the notes, and
//! keeps each marker as a [`Reported`] variant: never a zero.

use crate::ErrorKind;
use crate::error::FormatProblem;
use crate::error::RowProblem;
use std::io::Read;
use std::path::Path;

use crate::error::{Error, Given, Location, Result, ValueProblem};
use crate::metrics::{OccupancyRange, Ratio, occupancy_range};

use super::parse::{LineCounter, separated_count};

/// A capacity figure as BJS publishes it: a value or one of the three markers.
///
/// ```
/// use overcrowding::io::Reported;
/// assert_eq!(Reported::Value(22_255).value(), Some(22_255));
/// assert_eq!(Reported::NotAvailable.value(), None);
/// assert_eq!(Reported::NotReported.marker(), "/");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Reported {
    /// A published count.
    Value(u64),
    /// `/`: not reported.
    NotReported,
    /// `…`: not available (the jurisdiction does not measure this type of capacity).
    NotAvailable,
    /// `:`: not calculated.
    NotCalculated,
}

impl Reported {
    /// The count, or `None` for a marker.
    ///
    /// ```
    /// assert_eq!(overcrowding::io::Reported::NotCalculated.value(), None);
    /// ```
    pub fn value(&self) -> Option<u64> {
        match self {
            Reported::Value(v) => Some(*v),
            _ => None,
        }
    }

    /// The marker BJS prints (`/`, `…`, `:`), or the count as digits.
    ///
    /// ```
    /// assert_eq!(overcrowding::io::Reported::Value(845).marker(), "845");
    /// ```
    pub fn marker(&self) -> String {
        match self {
            Reported::Value(v) => v.to_string(),
            Reported::NotReported => "/".to_string(),
            Reported::NotAvailable => "…".to_string(),
            Reported::NotCalculated => ":".to_string(),
        }
    }

    fn parse(text: &str) -> std::result::Result<Reported, ValueProblem> {
        match text.trim() {
            "/" => Ok(Reported::NotReported),
            "…" | "..." => Ok(Reported::NotAvailable),
            ":" => Ok(Reported::NotCalculated),
            t => match separated_count(t)? {
                0 => Err(ValueProblem::Zero),
                v => Ok(Reported::Value(v)),
            },
        }
    }
}

/// A published percent: the text as printed and its value (`None` for `:`, not calculated).
///
/// ```
/// # let t = overcrowding::datasets::bjs_table21().unwrap();
/// let kansas = t.find("Kansas").unwrap();
/// assert_eq!(kansas.pct_of_lowest.text(), "100");
/// assert_eq!(kansas.pct_of_lowest.value(), Some(100.0));
/// ```
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PublishedPercent {
    text: String,
    value: Option<f64>,
}

impl PublishedPercent {
    /// The text as printed: `106.9`, `100`, `:`.
    ///
    /// ```
    /// # let t = overcrowding::datasets::bjs_table21().unwrap();
    /// assert_eq!(t.find("Ohio").unwrap().pct_of_lowest.text(), ":");
    /// ```
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The value in percent, or `None` when not calculated (`:`).
    ///
    /// ```
    /// # let t = overcrowding::datasets::bjs_table21().unwrap();
    /// assert_eq!(t.find("Federal").unwrap().pct_of_highest.value(), Some(106.9));
    /// ```
    pub fn value(&self) -> Option<f64> {
        self.value
    }

    fn parse(text: &str) -> std::result::Result<PublishedPercent, ValueProblem> {
        let t = text.trim();
        if t == ":" {
            return Ok(PublishedPercent {
                text: t.to_string(),
                value: None,
            });
        }
        match super::parse::tenths(t) {
            Some(tenths) => Ok(PublishedPercent {
                text: t.to_string(),
                value: Some(tenths as f64 / 10.0),
            }),
            None => Err(ValueProblem::NotAPercent),
        }
    }
}

/// Federal or state.
///
/// ```
/// # let t = overcrowding::datasets::bjs_table21().unwrap();
/// use overcrowding::io::BjsLevel;
/// assert_eq!(t.rows().iter().filter(|j| j.level == BjsLevel::State).count(), 50);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum BjsLevel {
    /// The Federal Bureau of Prisons (name in the table's first column).
    Federal,
    /// A state (name in the second column, under the `State` heading).
    State,
}

/// One jurisdiction's row of Table 21.
///
/// ```
/// use overcrowding::io::Reported;
/// let t = overcrowding::datasets::bjs_table21()?;
/// let al = t.find("Alabama").unwrap();
/// assert_eq!(al.footnotes, ["b"]);
/// assert_eq!((al.rated, al.operational, al.design),
///            (Reported::NotReported, Reported::Value(22_255), Reported::Value(12_115)));
/// assert_eq!(al.custody, 20_676);
/// assert_eq!((al.pct_of_lowest.text(), al.pct_of_highest.text()), ("170.7", "92.9"));
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct BjsJurisdiction {
    /// 1-based line in the file.
    pub line: usize,
    /// Name without footnote letters: `Alabama`, `Federal`.
    pub name: String,
    /// Footnote letters attached to the name, in order: `["b", "e"]` for `Indiana/b,e`.
    pub footnotes: Vec<String>,
    /// Federal or state.
    pub level: BjsLevel,
    /// Rated capacity.
    pub rated: Reported,
    /// Operational capacity.
    pub operational: Reported,
    /// Design capacity.
    pub design: Reported,
    /// Custody population.
    pub custody: u64,
    /// Published "custody population as a percent of lowest capacity".
    pub pct_of_lowest: PublishedPercent,
    /// Published "custody population as a percent of highest capacity".
    pub pct_of_highest: PublishedPercent,
}

/// The percents recomputed from the counts, printed as BJS prints them.
///
/// ```
/// let t = overcrowding::datasets::bjs_table21()?;
/// let ks = t.find("Kansas").unwrap().recomputed()?.unwrap();
/// assert_eq!((ks.of_lowest.as_str(), ks.of_highest.as_str()), ("100", "82.2"));
/// assert_eq!(ks.range.of_highest.percent_rounded(1), 82.2);
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct BjsPercents {
    /// The exact ratios (custody ÷ lowest, custody ÷ highest).
    pub range: OccupancyRange,
    /// Custody ÷ lowest capacity, one decimal, a whole number printed bare.
    pub of_lowest: String,
    /// Custody ÷ highest capacity, printed the same way.
    pub of_highest: String,
}

impl BjsJurisdiction {
    /// The reported capacities (rated, operational, design), markers left out.
    ///
    /// ```
    /// # let t = overcrowding::datasets::bjs_table21().unwrap();
    /// assert_eq!(t.find("Alaska").unwrap().capacities(), [5_285, 5_101]);
    /// ```
    pub fn capacities(&self) -> Vec<u64> {
        [self.rated, self.operational, self.design]
            .iter()
            .filter_map(Reported::value)
            .collect()
    }

    /// Custody ÷ the lowest and the highest reported capacity ([`occupancy_range`]), printed
    /// as BJS prints (one decimal, rounded once from the counts, `100` not `100.0`).
    /// `Ok(None)` when no capacity is reported (BJS prints `:`, not calculated).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::ZeroDenominator`](crate::ErrorKind::ZeroDenominator) when a capacity was set to `Reported::Value(0)` by hand (the
    /// reader refuses a published 0).
    ///
    /// ```
    /// # let t = overcrowding::datasets::bjs_table21().unwrap();
    /// let al = t.find("Alabama").unwrap();
    /// assert_eq!(al.recomputed()?.unwrap().of_lowest, "170.7"); // 20,676 / 12,115
    /// assert!(t.find("Connecticut").unwrap().recomputed()?.is_none());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn recomputed(&self) -> Result<Option<BjsPercents>> {
        let capacities = self.capacities();
        if capacities.is_empty() {
            return Ok(None);
        }
        let range = occupancy_range(self.custody, &capacities)?;
        Ok(Some(BjsPercents {
            of_lowest: bjs_print(&range.of_lowest),
            of_highest: bjs_print(&range.of_highest),
            range,
        }))
    }
}

/// A percent as BJS prints it: one decimal, rounded once from the counts, `.0` dropped.
///
/// ```
/// let r = overcrowding::occupancy(8_521, 8_521).unwrap();
/// assert_eq!(overcrowding::io::BjsTable21::print_percent(&r), "100");
/// ```
fn bjs_print(r: &Ratio) -> String {
    // Display rounds exactly like `percent_rounded_string` and cannot fail.
    let s = format!("{r:.1}");
    let s = s.strip_suffix(" %").unwrap_or(&s);
    s.strip_suffix(".0").unwrap_or(s).to_string()
}

/// Table 21 as read.
///
/// ```
/// let t = overcrowding::datasets::bjs_table21()?;
/// assert_eq!(t.rows().len(), 51);
/// assert_eq!(t.find("Federal").unwrap().custody, 145_162);
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct BjsTable21 {
    title: String,
    rows: Vec<BjsJurisdiction>,
}

impl BjsTable21 {
    /// The jurisdictions in table order: Federal, then the states.
    ///
    /// ```
    /// # let t = overcrowding::datasets::bjs_table21().unwrap();
    /// assert_eq!(t.rows()[1].name, "Alabama");
    /// ```
    pub fn rows(&self) -> &[BjsJurisdiction] {
        &self.rows
    }

    /// A jurisdiction by name (footnote letters stripped), case-insensitive.
    ///
    /// ```
    /// # let t = overcrowding::datasets::bjs_table21().unwrap();
    /// assert_eq!(t.find("south dakota").unwrap().footnotes, ["b", "d"]);
    /// assert!(t.find("Atlantis").is_none());
    /// ```
    pub fn find(&self, name: &str) -> Option<&BjsJurisdiction> {
        self.rows.iter().find(|j| j.name.eq_ignore_ascii_case(name))
    }

    /// The table title as printed above the column names.
    ///
    /// ```
    /// # let t = overcrowding::datasets::bjs_table21().unwrap();
    /// assert!(t.title().starts_with("Table 21."));
    /// ```
    pub fn title(&self) -> &str {
        &self.title
    }

    /// A percent as BJS prints it: one decimal, rounded once from the counts, a whole number
    /// printed bare (`100`, `98`).
    ///
    /// ```
    /// use overcrowding::{occupancy, io::BjsTable21};
    /// assert_eq!(BjsTable21::print_percent(&occupancy(71_486, 72_929).unwrap()), "98");
    /// assert_eq!(BjsTable21::print_percent(&occupancy(8_521, 10_360).unwrap()), "82.2");
    /// ```
    pub fn print_percent(ratio: &Ratio) -> String {
        bjs_print(ratio)
    }
}

/// Reads Table 21 from a file.
///
/// # Errors
///
/// [`ErrorKind::Io`](crate::ErrorKind::Io) when the file cannot be read; [`ErrorKind::Format`](crate::ErrorKind::Format) when the column-name row is
/// not found or a column is missing (the layout changed); [`ErrorKind::InvalidValue`](crate::ErrorKind::InvalidValue) for a count or
/// percent that is neither a number nor a marker, with its line and jurisdiction.
///
/// ```
/// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/bjs_prisoners_2022_table21.csv");
/// let t = overcrowding::io::read_bjs_table21(path)?;
/// assert_eq!(t.find("Texas").unwrap().custody, 118_044);
/// # Ok::<(), overcrowding::Error>(())
/// ```
pub fn read_bjs_table21(path: impl AsRef<Path>) -> Result<BjsTable21> {
    let path = path.as_ref();
    read_bjs_table21_from_bytes(&super::read_path(path)?, &path.display().to_string())
}

/// Reads Table 21 from any reader.
///
/// # Errors
///
/// As [`read_bjs_table21`].
///
/// ```
/// let bytes: &[u8] = b"Jurisdiction,,Rated,Operational,Design,Custody population,Lowest capacity,,Highest capacity,\r\n,Kansas,\"10,360\",\"8,521\",\"9,164\",\"8,521\",100,,82.2,\r\n";
/// let t = overcrowding::io::read_bjs_table21_from_reader(bytes, "snippet")?;
/// assert_eq!(t.rows()[0].recomputed()?.unwrap().of_highest, "82.2");
/// # Ok::<(), overcrowding::Error>(())
/// ```
pub fn read_bjs_table21_from_reader(reader: impl Read, source_name: &str) -> Result<BjsTable21> {
    read_bjs_table21_from_bytes(&super::read_all(reader, source_name)?, source_name)
}

/// Reads Table 21 from its bytes (Windows-1252, as published).
///
/// # Errors
///
/// As [`read_bjs_table21`].
///
/// ```
/// let err = overcrowding::io::read_bjs_table21_from_bytes(b"a,b\n1,2\n", "x").unwrap_err();
/// assert!(err.to_string().contains("column-name row"));
/// ```
pub fn read_bjs_table21_from_bytes(bytes: &[u8], source_name: &str) -> Result<BjsTable21> {
    let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
    let format = |problem: FormatProblem| {
        Error::from(ErrorKind::Format {
            source_name: source_name.to_string(),
            problem,
        })
    };
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = Vec::new();
    let mut lines = LineCounter::default();
    let mut rec = csv::ByteRecord::new();
    while rdr
        .read_byte_record(&mut rec)
        .map_err(|e| format(FormatProblem::Csv).with_source(e))?
    {
        let (line, _) = lines.record_start(text.as_bytes(), &rec);
        // Decoded from Windows-1252, so every field is UTF-8.
        let fields: Vec<String> = rec
            .iter()
            .map(|f| String::from_utf8_lossy(f).trim().to_string())
            .collect();
        records.push((line, fields));
    }
    let header_at = records
        .iter()
        .position(|(_, f)| {
            f.first().is_some_and(|x| x == "Jurisdiction")
                && ["Rated", "Operational", "Design", "Custody population"]
                    .iter()
                    .all(|c| f.iter().any(|x| x == c))
        })
        .ok_or_else(|| {
            format(FormatProblem::HeaderRowNotFound {
                columns: "Jurisdiction, Rated, Operational, Design, Custody population, …",
            })
        })?;
    let header = &records[header_at].1;
    let col = |name: &str| {
        header
            .iter()
            .position(|x| x.eq_ignore_ascii_case(name))
            .ok_or_else(|| {
                Error::from(ErrorKind::MissingColumn {
                    column: name.to_string(),
                    source_name: Some(source_name.to_string()),
                    found: Vec::new(),
                    closest: None,
                })
            })
    };
    let (rated_c, oper_c, design_c, custody_c) = (
        col("Rated")?,
        col("Operational")?,
        col("Design")?,
        col("Custody population")?,
    );
    let (low_c, high_c) = (col("Lowest capacity")?, col("Highest capacity")?);
    // The title: the last line before the column names that starts "Table".
    let title = records[..header_at]
        .iter()
        .rev()
        .find_map(|(_, f)| f.first().filter(|t| t.starts_with("Table")).cloned())
        .unwrap_or_default();

    let body = records.get(header_at + 1..).unwrap_or_default();
    // A line of text alone (a name in the first column, nothing else) that is not a section
    // heading: after the last data row it is the notes; before it, a stray line inside the
    // table, which is refused rather than read as the end of the table.
    let text_only = |fields: &[String]| {
        let cell = |i: usize| fields.get(i).map_or("", String::as_str);
        let data_empty = (2..fields.len().max(custody_c + 1)).all(|i| cell(i).is_empty());
        data_empty && cell(1).is_empty()
    };
    let last_data = body.iter().rposition(|(_, f)| !text_only(f)).unwrap_or(0);
    let mut rows = Vec::new();
    for (at_index, (line, fields)) in body.iter().enumerate() {
        let cell = |i: usize| fields.get(i).map_or("", String::as_str);
        let data_empty = (2..fields.len().max(custody_c + 1)).all(|i| cell(i).is_empty());
        let (raw_name, level) = match (cell(0), cell(1)) {
            ("", "") if data_empty => continue,
            (n, "") if !n.is_empty() && data_empty => {
                if n.eq_ignore_ascii_case("State") || n.eq_ignore_ascii_case("Federal") {
                    continue; // a section heading
                }
                if at_index < last_data {
                    return Err(Error::from(ErrorKind::BadRow {
                        problem: RowProblem::StrayText {
                            text: n.to_string(),
                        },
                    })
                    .at(Location::line(*line)));
                }
                break; // the notes begin
            }
            (n, "") => (n, BjsLevel::Federal),
            ("", n) => (n, BjsLevel::State),
            (a, b) => {
                return Err(Error::from(ErrorKind::Conflict {
                    what: "jurisdiction name (both name columns are filled)",
                    first: Given::new(a),
                    second: Given::new(b),
                })
                .at(Location::line(*line)));
            }
        };
        let (name, footnotes) = split_footnotes(raw_name);
        let at = |column: &str| {
            Location::line(*line)
                .with_column(column)
                .with_facility(&name)
        };
        let bad = |column: &str, value: &str, problem: ValueProblem| {
            Error::bad_value(value, problem, at(column))
        };
        let reported =
            |i: usize, column: &str| Reported::parse(cell(i)).map_err(|r| bad(column, cell(i), r));
        let custody = separated_count(cell(custody_c)).map_err(|problem| {
            Error::from(ErrorKind::InvalidValue {
                value: cell(custody_c).to_string(),
                problem,
            })
            .at(at("Custody population"))
        })?;
        let pct = |i: usize, column: &str| {
            PublishedPercent::parse(cell(i)).map_err(|r| bad(column, cell(i), r))
        };
        let rated = reported(rated_c, "Rated")?;
        let operational = reported(oper_c, "Operational")?;
        let design = reported(design_c, "Design")?;
        let pct_of_lowest = pct(low_c, "Lowest capacity")?;
        let pct_of_highest = pct(high_c, "Highest capacity")?;
        rows.push(BjsJurisdiction {
            line: *line,
            name,
            footnotes,
            level,
            rated,
            operational,
            design,
            custody,
            pct_of_lowest,
            pct_of_highest,
        });
    }
    if rows.is_empty() {
        return Err(format(FormatProblem::NoRows));
    }
    Ok(BjsTable21 { title, rows })
}

/// `Alabama/b` → (`Alabama`, [`b`]); `Indiana/b,e` → (`Indiana`, [`b`, `e`]).
fn split_footnotes(raw: &str) -> (String, Vec<String>) {
    match raw.rsplit_once('/') {
        Some((name, notes))
            if !notes.is_empty()
                && notes
                    .split(',')
                    .all(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_lowercase())) =>
        {
            (
                name.trim().to_string(),
                notes.split(',').map(str::to_string).collect(),
            )
        }
        _ => (raw.trim().to_string(), Vec::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &[u8] = include_bytes!("../../data/bjs_prisoners_2022_table21.csv");

    #[test]
    fn footnotes() {
        assert_eq!(
            split_footnotes("Alabama/b"),
            ("Alabama".into(), vec!["b".into()])
        );
        assert_eq!(
            split_footnotes("Virginia/d,g"),
            ("Virginia".into(), vec!["d".into(), "g".into()])
        );
        assert_eq!(split_footnotes("Ohio"), ("Ohio".into(), vec![]));
    }

    #[test]
    fn markers_are_never_zero() {
        let t = read_bjs_table21_from_bytes(FILE, "t21").unwrap();
        let ca = t.find("California").unwrap();
        assert_eq!(ca.rated, Reported::NotAvailable);
        let ct = t.find("Connecticut").unwrap();
        assert_eq!(ct.capacities(), Vec::<u64>::new());
        assert_eq!(ct.pct_of_lowest.value(), None);
        assert_eq!(t.rows()[0].level, BjsLevel::Federal);
        assert_eq!(t.rows().last().unwrap().name, "Wyoming");
        assert_eq!(t.rows()[0].line, 13);
    }

    #[test]
    fn layout_change_is_a_format_error() {
        let moved = String::from_utf8_lossy(FILE).replace("Jurisdiction,,Rated", "Where,,Rated");
        assert!(matches!(
            read_bjs_table21_from_bytes(moved.as_bytes(), "t")
                .as_ref()
                .map_err(|e| e.kind()),
            Err(ErrorKind::Format { .. })
        ));
        let bad = b"Jurisdiction,,Rated,Operational,Design,Custody population,Lowest capacity,,Highest capacity,\r\n,Kansas,\"10,360\",x,/,\"8,521\",100,,82.2,\r\n";
        let err = read_bjs_table21_from_bytes(bad, "t")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("line 2, column \"Operational\" (facility \"Kansas\")"),
            "{err}"
        );
    }
}
