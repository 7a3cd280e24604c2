//! [`TableReader`]: the options of a table read, csv-`ReaderBuilder` style.

use crate::error::Constraint;
use std::path::Path;

use jiff::civil::Date;

use super::period::PeriodDay;
use super::read::TableRead;
use crate::error::{Error, Result};
use crate::exact::Rounding;
use crate::io::ReadMode;
use crate::model::{CapacityKind, StatusGroup};

/// The missing-value tokens every read knows (ASCII case ignored, after trimming): an empty
/// cell, `NA`, `N/A`, `n/a`, `na`, `NaN`, `null`, `..`, `...`, `…`, `-`, `--`, `/`.
/// Add more with [`TableReader::missing`] (e.g. `-999`) or per column with
/// [`TableReader::missing_in`]; drop these with [`TableReader::no_default_missing`].
///
/// ```
/// assert!(overcrowding::io::DEFAULT_MISSING.contains(&"NA"));
/// assert_eq!(overcrowding::io::DEFAULT_MISSING.len(), 13);
/// ```
pub const DEFAULT_MISSING: [&str; 13] = [
    "", "NA", "N/A", "n/a", "na", "NaN", "null", "..", "...", "…", "-", "--", "/",
];

/// The text encoding of a CSV file.
///
/// ```
/// use overcrowding::io::{Encoding, TableReader};
/// let bytes = b"facility_id,name,date,population\nA,Caf\xE9,2021-06-30,7\n";
/// let read = TableReader::new().encoding(Encoding::Auto).read_bytes(bytes, "t.csv")?;
/// assert_eq!(read.encoding(), "windows-1252");
/// assert_eq!(read.panel().row(0).unwrap().name(), Some("Café"));
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    /// UTF-8 with or without a BOM, UTF-16 LE or BE with a BOM, else Windows-1252 (which
    /// decodes any bytes); [`TableRead::encoding`] says which.
    #[default]
    Auto,
    /// UTF-8 (a BOM is dropped); a field that is not UTF-8 makes its row a reject.
    Utf8,
    /// UTF-16 little-endian (a BOM is dropped).
    Utf16Le,
    /// UTF-16 big-endian (a BOM is dropped).
    Utf16Be,
    /// Windows-1252 (Latin-1 as Windows writes it).
    Windows1252,
}

/// What a lenient read does with a capacity cell it cannot use — a 0, a negative or
/// fractional number, text, a formula error — in a row it can otherwise place.
/// A strict read ([`ReadMode::Strict`]) fails at that cell either way.
///
/// ```
/// use overcrowding::CapacityKind;
/// use overcrowding::io::{ReadMode, TableReader, UnusableCapacity};
/// let text = b"facility_id,date,population,official\nAsti,2024-10-31,281,0\n";
/// let reader = TableReader::new().mode(ReadMode::Lenient)
///     .capacity_column(CapacityKind::Official, "official");
/// let read = reader.clone().read_bytes(text, "it.csv")?;
/// assert_eq!((read.accepted_rows(), read.dropped_values().len()), (1, 1));
/// assert_eq!(read.panel().row(0).unwrap().population_total(), Some(281));
/// let read = reader.unusable_capacity(UnusableCapacity::RejectRow).read_bytes(text, "it.csv")?;
/// assert_eq!((read.accepted_rows(), read.rejects().len()), (0, 1));
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UnusableCapacity {
    /// The row stays with that kind listed as not reported (its population and other kinds
    /// are kept); the cell is a [`DroppedValue`](crate::io::DroppedValue) with its typed
    /// error (the default).
    #[default]
    NotReported,
    /// The whole row is a reject (the crate's facility-table format: capacity ≥ 1).
    RejectRow,
}

/// How the parts of a composite id are joined into one facility key: `Roma Rebibbia | CC`.
/// A part that contains it is a reject (two different pairs would give one key).
///
/// ```
/// assert_eq!(overcrowding::io::ID_SEPARATOR, " | ");
/// ```
pub const ID_SEPARATOR: &str = " | ";

/// What a read does with a count written with decimals — a published average such as an
/// average daily population (`7946.75`).
///
/// ```
/// use overcrowding::exact::Rounding;
/// use overcrowding::io::{FractionalCounts, ReadMode, TableReader};
/// let text = b"facility_id,date,population\nAL,2022,7946.75\nAK,2022,140.5\n";
/// let read = TableReader::new().mode(ReadMode::Lenient).read_bytes(text, "adp.csv")?;
/// assert_eq!(read.rejects().len(), 2); // the default: a reject whose message offers the choice
/// assert!(read.rejects()[0].reason().contains("rounded by a rule you name"));
/// assert!(read.rejects()[0].reason().contains("fractional counts exact"));
/// let read = TableReader::new()
///     .fractional_counts(FractionalCounts::Round(Rounding::HalfToEven))
///     .read_bytes(text, "adp.csv")?;
/// assert_eq!(read.panel().population_column().values(), &[140, 7947]);
/// assert_eq!(read.rounded_counts(), 2);
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FractionalCounts {
    /// A value with a fraction is not a count: a reject (in a strict read, the error) whose
    /// message offers the choice of a rounding rule (the default).
    #[default]
    Reject,
    /// Rounded to a whole count from its decimal digits (exactly, never through a float) by
    /// the rule named; [`TableRead::rounded_counts`] says how many values were rounded.
    Round(Rounding),
    /// Read exactly, as decimals: the panel's counts are whole numbers of its
    /// [`CountUnit`](crate::model::CountUnit) — `7946.75` is 794,675 hundredths — the
    /// coarsest unit that holds every value read ([`Panel::count_unit`](crate::Panel::count_unit);
    /// whole people when every value is whole). Ratios of counts (occupancy, shares) are
    /// exactly the published figures'; a count is shown in people by
    /// [`CountUnit::format`](crate::model::CountUnit::format). A rejected row's population
    /// ([`Reject::population`](crate::io::Reject::population)) is in whole people, rounded half
    /// to even.
    ///
    /// ```
    /// use overcrowding::CapacityKind;
    /// use overcrowding::io::{FractionalCounts, TableReader};
    /// let text = b"facility_id,date,population,design\nAL,2022,7946.75,7000\nAK,2022,140.5,200\n";
    /// let p = TableReader::new().fractional_counts(FractionalCounts::Exact)
    ///     .capacity_column(CapacityKind::Design, "design")
    ///     .read_bytes(text, "adp.csv")?.into_panel();
    /// assert_eq!(p.count_unit().decimals(), 2);
    /// assert_eq!(p.population_column().values(), &[14_050, 794_675]);
    /// let al = p.row(1).unwrap();
    /// // 7946.75 / 7000 = 113.525 % exactly (a ratio of hundredths to hundredths)
    /// let occ = al.occupancy(&CapacityKind::Design)?;
    /// assert_eq!(occ.percent_rounded(3), 113.525);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    Exact,
}

/// Where each record's facility id comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum IdSource {
    /// One or more columns, joined with [`ID_SEPARATOR`].
    Columns(Vec<String>),
    /// No id column: the file is one unit of this id.
    Single(String),
}

/// Where each record's date comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum DateSource {
    Column(String),
    Fixed(Date),
}

/// How capacities are laid out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum CapacityLayout {
    /// Not set: the long layout if the file has `capacity_kind` and `capacity`, else none.
    Default,
    /// One column per kind (a wide file).
    Wide(Vec<(CapacityKind, String)>),
    /// A kind column and a value column (one row per kind).
    Long { kind: String, value: String },
}

/// A configurable reader of facility tables — CSV (any delimiter, encoding, missing-value
/// tokens, number format) and spreadsheets (XLSX, XLS, ODS) — into a [`Panel`](crate::Panel)
/// of [`Record`](crate::Record)s, with every row accounted for. Every option has a default;
/// options are checked when the file is read.
///
/// | option | default |
/// |---|---|
/// | [`delimiter`](Self::delimiter) | sniffed among `,` `;` tab `|` |
/// | [`skip_rows`](Self::skip_rows) | 0 lines before the header |
/// | [`id_column`](Self::id_column) / [`id_columns`](Self::id_columns) / [`single_unit`](Self::single_unit) | `facility_id` (required) |
/// | [`name_column`](Self::name_column) | `name`, if the file has it |
/// | [`group_column`](Self::group_column) | none |
/// | [`date_column`](Self::date_column) / [`as_of`](Self::as_of) | column `date` |
/// | [`date_format`](Self::date_format) | ISO `YYYY-MM-DD`, a year `2022`, a year-month `2022-06` |
/// | [`period_day`](Self::period_day) | period end, assumed and said in [`TableRead::periods`] |
/// | [`population_column`](Self::population_column) | `population` (required) |
/// | [`status_column`](Self::status_column) | `untried`, `convicted_unsentenced`, `under_appeal`, `sentenced` if present |
/// | [`capacity_column`](Self::capacity_column) / [`capacity_kind_columns`](Self::capacity_kind_columns) | `capacity_kind` + `capacity` if present, else none |
/// | [`missing`](Self::missing) | [`DEFAULT_MISSING`] |
/// | [`thousands`](Self::thousands) / [`decimal`](Self::decimal) | none / `.` |
/// | [`fractional_counts`](Self::fractional_counts) | [`FractionalCounts::Reject`] |
/// | [`encoding`](Self::encoding) | [`Encoding::Auto`] |
/// | [`sheet`](Self::sheet) / [`sheet_index`](Self::sheet_index) / [`range`](Self::range) | the first sheet, its used range |
/// | [`mode`](Self::mode) | [`ReadMode::Strict`] |
///
/// A CSV table over 1 MiB (not the facility table's format) is read on two threads when the
/// rayon pool the read runs in has two or more: one locates the records, the other takes
/// the rows in file order — the same [`TableRead`] as on one thread. Run the read inside a
/// one-thread pool (`rayon::ThreadPoolBuilder::new().num_threads(1)`, `pool.install(..)`) to
/// keep it to one.
///
/// ```
/// use overcrowding::CapacityKind;
/// use overcrowding::io::TableReader;
/// let text = "Facility.ID,State,Population.Feb20,Capacity,Operational.Capacity\nAL01,AL,3290,192,NA\n";
/// let read = TableReader::new()
///     .id_column("Facility.ID")
///     .group_column("State")
///     .as_of("2020-02-29".parse().unwrap())
///     .population_column("Population.Feb20")
///     .capacity_column(CapacityKind::Design, "Capacity")
///     .capacity_column(CapacityKind::Operational, "Operational.Capacity")
///     .read_bytes(text.as_bytes(), "us.csv")?;
/// let r = read.panel().row(0).unwrap();
/// assert_eq!(r.occupancy(&CapacityKind::Design)?.percent_rounded(0), 1714.0);
/// assert!(r.lists_capacity(&CapacityKind::Operational)); // NA: listed, not reported
/// assert_eq!(r.capacity(&CapacityKind::Operational), None);
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct TableReader {
    pub(super) delimiter: Option<u8>,
    pub(super) skip_rows: usize,
    pub(super) id: IdSource,
    pub(super) name: Option<String>,
    pub(super) groups: Vec<String>,
    pub(super) date: DateSource,
    pub(super) date_format: Option<String>,
    pub(super) population: String,
    pub(super) status: Vec<(StatusGroup, String)>,
    pub(super) capacities: CapacityLayout,
    pub(super) missing: Vec<String>,
    pub(super) default_missing: bool,
    pub(super) missing_in: Vec<(String, String)>,
    pub(super) thousands: Option<u8>,
    pub(super) decimal: u8,
    pub(super) encoding: Encoding,
    pub(super) sheet: Option<SheetChoice>,
    pub(super) range: Option<String>,
    pub(super) mode: ReadMode,
    pub(super) dialect: Dialect,
    pub(super) unusable_capacity: UnusableCapacity,
    pub(super) period_day: Option<PeriodDay>,
    pub(super) fractional: FractionalCounts,
}

/// Which rules a read applies beyond the options: those of tables as people publish them, or
/// the stricter ones of the crate's own facility table ([`TableReader::facility_table`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) enum Dialect {
    /// Published tables: blank, notes, totals and repeated-header rows are skipped (and
    /// counted), missing-value tokens mean not reported, numbers as [`TableReader::thousands`]
    /// and [`TableReader::decimal`] say.
    #[default]
    Published,
    /// The crate's own facility table (see [`TableReader::facility_table`]).
    FacilityTable,
}

/// Which sheet of a workbook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum SheetChoice {
    Name(String),
    Index(usize),
}

impl Default for TableReader {
    fn default() -> Self {
        TableReader::new()
    }
}

impl TableReader {
    /// A reader with every option at its default (see the table above).
    ///
    /// ```
    /// let read = overcrowding::io::TableReader::new()
    ///     .read_bytes(b"facility_id,date,population\nA,2021-06-30,12\n", "t.csv")?;
    /// assert_eq!(read.accepted_rows(), 1);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn new() -> TableReader {
        TableReader {
            delimiter: None,
            skip_rows: 0,
            id: IdSource::Columns(vec!["facility_id".to_string()]),
            name: None,
            groups: Vec::new(),
            date: DateSource::Column("date".to_string()),
            date_format: None,
            population: "population".to_string(),
            status: Vec::new(),
            capacities: CapacityLayout::Default,
            missing: Vec::new(),
            default_missing: true,
            missing_in: Vec::new(),
            thousands: None,
            decimal: b'.',
            encoding: Encoding::Auto,
            sheet: None,
            range: None,
            mode: ReadMode::Strict,
            dialect: Dialect::Published,
            unusable_capacity: UnusableCapacity::NotReported,
            period_day: None,
            fractional: FractionalCounts::Reject,
        }
    }

    /// The preset for the crate's own facility table ([`read_facility_table`](crate::io::read_facility_table)
    /// reads with it): UTF-8 (a BOM is allowed), comma-separated, the columns `facility_id`,
    /// `date`, `population` (required), `name`, `capacity_kind` + `capacity` (one row per
    /// facility, date and capacity kind; the rows of one facility and date fold into one panel
    /// row), the legal-status columns, header names matched regardless of case; every other
    /// column becomes a group key.
    ///
    /// # Semantics
    ///
    /// Stricter than a published table, as the format promises (`design.md`):
    /// - an empty cell is *not reported* where a value is optional; the population, the id and
    ///   the date are required (an empty one is a reject);
    /// - counts are plain integers: a sentinel (`-999`, `NA`, `-`, `..`), `12.0`, `12.5` or
    ///   `1,234` is a reject that says which;
    /// - a totals row (`Total`, `All prisons`), a notes line, a repeated header, a row with
    ///   the wrong number of fields, a field that is not UTF-8, an unclosed quote are rejects;
    /// - a row that repeats an earlier row's facility, date and capacity kind is a reject
    ///   naming the first line; rows of one facility and date that disagree on the
    ///   population are rejects ([`ErrorKind::Conflict`](crate::ErrorKind::Conflict));
    /// - blank lines are not rows: they are neither skipped nor counted.
    ///
    /// Every data row is accepted or rejected: `total_rows() == accepted_rows() + rejects().len()`.
    ///
    /// ```
    /// use overcrowding::CapacityKind;
    /// use overcrowding::io::{ReadMode, TableReader};
    /// let text = "facility_id,date,capacity_kind,capacity,population,region\n\
    ///             A,2021-06-30,design,100,120,North\nA,2021-06-30,rated,110,120,North\n\n\
    ///             B,2021-06-30,design,12.0,5,South\nTotal,2021-06-30,design,100,125,\n";
    /// let read = TableReader::facility_table().mode(ReadMode::Lenient).read_bytes(text.as_bytes(), "t.csv")?;
    /// assert_eq!((read.accepted_rows(), read.rejects().len(), read.total_rows()), (2, 2, 4));
    /// let a = read.panel().row(0).unwrap();
    /// assert_eq!((a.capacity(&CapacityKind::Rated), a.group("region")), (Some(110), Some("North")));
    /// assert!(read.rejects()[0].reason().contains("decimal point"));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn facility_table() -> TableReader {
        TableReader {
            delimiter: Some(b','),
            encoding: Encoding::Utf8,
            default_missing: false,
            dialect: Dialect::FacilityTable,
            unusable_capacity: UnusableCapacity::RejectRow,
            ..TableReader::new()
        }
    }

    /// The field delimiter of a CSV file (default: sniffed among `,` `;` tab `|`).
    ///
    /// ```
    /// let read = overcrowding::io::TableReader::new().delimiter(b'|')
    ///     .read_bytes(b"facility_id|date|population\nA|2021-06-30|12\n", "t.txt")?;
    /// assert_eq!(read.delimiter(), Some(b'|'));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn delimiter(mut self, delimiter: u8) -> Self {
        self.delimiter = Some(delimiter);
        self
    }

    /// Lines (CSV) or rows (spreadsheet) before the header row: a title, a source note.
    ///
    /// ```
    /// let read = overcrowding::io::TableReader::new().skip_rows(2)
    ///     .read_bytes(b"Prisons 2021\nsource: ministry\nfacility_id,date,population\nA,2021-06-30,12\n", "t.csv")?;
    /// assert_eq!(read.rejects().len() + read.accepted_rows(), 1);
    /// assert_eq!(read.panel().row(0).unwrap().population_total(), Some(12));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn skip_rows(mut self, rows: usize) -> Self {
        self.skip_rows = rows;
        self
    }

    /// The facility-id column (default `facility_id`; required in the file).
    ///
    /// ```
    /// let read = overcrowding::io::TableReader::new().id_column("Facility.ID")
    ///     .read_bytes(b"Facility.ID,date,population\nA,2021-06-30,12\n", "t.csv")?;
    /// assert_eq!(read.panel().row(0).unwrap().id().as_str(), "A");
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn id_column(mut self, column: impl Into<String>) -> Self {
        self.id = IdSource::Columns(vec![column.into()]);
        self
    }

    /// Several columns that together identify a facility (two institutes share a name, their
    /// type tells them apart): the key is their cells joined in this order with
    /// [`ID_SEPARATOR`], and [`TableRead::id_columns`] names the columns. A row missing any
    /// part is a reject. Replaces [`id_column`](Self::id_column); an empty list keeps the
    /// current id.
    ///
    /// ```
    /// let text = "Istituto,Tipo,date,population\nRoma Rebibbia,CC,2024-10-31,1400\nRoma Rebibbia,CR,2024-10-31,380\n";
    /// let read = overcrowding::io::TableReader::new().id_columns(["Istituto", "Tipo"])
    ///     .read_bytes(text.as_bytes(), "it.csv")?;
    /// assert_eq!(read.id_columns(), ["Istituto", "Tipo"]);
    /// assert_eq!(read.panel().row(0).unwrap().id().as_str(), "Roma Rebibbia | CC");
    /// assert_eq!(read.panel().population_column().values().iter().sum::<u64>(), 1_780);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn id_columns<I, S>(mut self, columns: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let columns: Vec<String> = columns.into_iter().map(Into::into).collect();
        if !columns.is_empty() {
            self.id = IdSource::Columns(columns);
        }
        self
    }

    /// A file without an id column is one unit (a national series): every row is a date of
    /// the facility (or system) named `id`. Replaces [`id_column`](Self::id_column); two rows
    /// of one date are then a duplicated row or a non-unique id, as for any facility.
    ///
    /// ```
    /// let text = "date,population\n2021-12-31,61000\n2022-12-31,62110\n";
    /// let read = overcrowding::io::TableReader::new().single_unit("Italy")
    ///     .read_bytes(text.as_bytes(), "it.csv")?;
    /// assert_eq!(read.panel().facility_ids().len(), 1);
    /// assert_eq!(read.panel().row(1).unwrap().population_total(), Some(62_110));
    /// assert!(read.id_columns().is_empty());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn single_unit(mut self, id: impl Into<String>) -> Self {
        self.id = IdSource::Single(id.into());
        self
    }

    /// The facility-name column (default `name` when the file has one).
    ///
    /// ```
    /// let read = overcrowding::io::TableReader::new().name_column("Name")
    ///     .read_bytes(b"facility_id,Name,date,population\nA,Alpha,2021-06-30,12\n", "t.csv")?;
    /// assert_eq!(read.panel().row(0).unwrap().name(), Some("Alpha"));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn name_column(mut self, column: impl Into<String>) -> Self {
        self.name = Some(column.into());
        self
    }

    /// Adds a group-key column (repeatable): the record's group of that name is the cell's
    /// value (not set when the cell is missing).
    ///
    /// ```
    /// let read = overcrowding::io::TableReader::new().group_column("State").group_column("Sex")
    ///     .read_bytes(b"facility_id,State,Sex,date,population\nA,AL,M,2021-06-30,12\n", "t.csv")?;
    /// assert_eq!(read.panel().row(0).unwrap().group("Sex"), Some("M"));
    /// assert_eq!(read.panel().row(0).unwrap().groups().count(), 2);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn group_column(mut self, column: impl Into<String>) -> Self {
        self.groups.push(column.into());
        self
    }

    /// The date column (default `date`), parsed with [`date_format`](Self::date_format).
    ///
    /// ```
    /// let read = overcrowding::io::TableReader::new().date_column("When")
    ///     .read_bytes(b"facility_id,When,population\nA,2021-06-30,12\n", "t.csv")?;
    /// assert_eq!(read.panel().dates().len(), 1);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn date_column(mut self, column: impl Into<String>) -> Self {
        self.date = DateSource::Column(column.into());
        self
    }

    /// One date for every row, for a file without a date column (replaces
    /// [`date_column`](Self::date_column)).
    ///
    /// ```
    /// let read = overcrowding::io::TableReader::new().as_of("2020-02-29".parse().unwrap())
    ///     .read_bytes(b"facility_id,population\nA,12\n", "t.csv")?;
    /// assert_eq!(read.panel().dates()[0].to_string(), "2020-02-29");
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn as_of(mut self, date: Date) -> Self {
        self.date = DateSource::Fixed(date);
        self
    }

    /// The date format of a text date column, as jiff's strptime (`%d/%m/%Y`); default ISO
    /// `YYYY-MM-DD`. Spreadsheet date cells need no format.
    ///
    /// ```
    /// let read = overcrowding::io::TableReader::new().date_format("%d/%m/%Y")
    ///     .read_bytes(b"facility_id,date,population\nA,29/02/2020,12\n", "t.csv")?;
    /// assert_eq!(read.panel().dates()[0].to_string(), "2020-02-29");
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn date_format(mut self, format: impl Into<String>) -> Self {
        self.date_format = Some(format.into());
        self
    }

    /// The day of its period a year (`2022`) or year-month (`2022-06`) date stands for
    /// (default: period end, *assumed* — [`TableRead::periods`] says so; state
    /// [`PeriodDay::Mid`] for mid-year counts, [`PeriodDay::Start`] for counts on the first).
    ///
    /// ```
    /// use overcrowding::io::{PeriodDay, TableReader};
    /// let text = b"facility_id,date,population\nA,2022,7\nA,2022-06,8\n";
    /// let read = TableReader::new().period_day(PeriodDay::Start).read_bytes(text, "t.csv")?;
    /// assert_eq!(read.panel().dates()[0].to_string(), "2022-01-01");
    /// assert_eq!(read.panel().dates()[1].to_string(), "2022-06-01");
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn period_day(mut self, day: PeriodDay) -> Self {
        self.period_day = Some(day);
        self
    }

    /// What to do with counts written with decimals, such as average daily populations
    /// (default [`FractionalCounts::Reject`]; see there): reject them, round them by a rule, or
    /// read them exactly ([`FractionalCounts::Exact`], in the panel's count unit).
    ///
    /// ```
    /// use overcrowding::exact::Rounding;
    /// use overcrowding::io::{FractionalCounts, TableReader};
    /// let read = TableReader::new().fractional_counts(FractionalCounts::Round(Rounding::HalfAwayFromZero))
    ///     .read_bytes(b"facility_id,date,population\nA,2022,12.5\n", "t.csv")?;
    /// assert_eq!(read.panel().row(0).unwrap().population_total(), Some(13));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn fractional_counts(mut self, how: FractionalCounts) -> Self {
        self.fractional = how;
        self
    }

    /// The population column (default `population`; required in the file). A missing value
    /// keeps the record with its population not reported.
    ///
    /// ```
    /// let read = overcrowding::io::TableReader::new().population_column("Population.Feb20")
    ///     .read_bytes(b"facility_id,date,Population.Feb20\nA,2021-06-30,NA\n", "t.csv")?;
    /// assert_eq!(read.panel().row(0).unwrap().population_total(), None);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn population_column(mut self, column: impl Into<String>) -> Self {
        self.population = column.into();
        self
    }

    /// A legal-status component column (repeatable, one per group).
    ///
    /// ```
    /// use overcrowding::StatusGroup;
    /// let read = overcrowding::io::TableReader::new().status_column(StatusGroup::Untried, "remand")
    ///     .read_bytes(b"facility_id,date,population,remand\nA,2021-06-30,12,5\n", "t.csv")?;
    /// let p = read.panel().row(0).unwrap().population().unwrap();
    /// assert_eq!(p.legal_status().untried, Some(5));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn status_column(mut self, group: StatusGroup, column: impl Into<String>) -> Self {
        self.status.retain(|(g, _)| *g != group);
        self.status.push((group, column.into()));
        self
    }

    /// A capacity column of `kind` (repeatable): a wide file with several capacities in one
    /// row gives one record with all of them; a missing value lists the kind as not reported.
    ///
    /// ```
    /// use overcrowding::CapacityKind;
    /// let read = overcrowding::io::TableReader::new()
    ///     .capacity_column(CapacityKind::Design, "design").capacity_column(CapacityKind::Staffed, "staffed")
    ///     .read_bytes(b"facility_id,date,population,design,staffed\nA,2021-06-30,12,10,8\n", "t.csv")?;
    /// assert_eq!(read.panel().row(0).unwrap().capacities().count(), 2);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn capacity_column(mut self, kind: CapacityKind, column: impl Into<String>) -> Self {
        let column = column.into();
        match &mut self.capacities {
            CapacityLayout::Wide(cols) => {
                cols.retain(|(k, _)| *k != kind);
                cols.push((kind, column));
            }
            _ => self.capacities = CapacityLayout::Wide(vec![(kind, column)]),
        }
        self
    }

    /// The long layout: a column naming the capacity kind and a column with its places, one
    /// row per facility, date and kind (as the crate's facility table); the rows of one
    /// facility and date fold into one record.
    ///
    /// ```
    /// let read = overcrowding::io::TableReader::new().capacity_kind_columns("kind", "places")
    ///     .read_bytes(b"facility_id,date,population,kind,places\nA,2021-06-30,12,design,10\nA,2021-06-30,12,rated,11\n", "t.csv")?;
    /// assert_eq!((read.accepted_rows(), read.panel().len()), (2, 1));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn capacity_kind_columns(
        mut self,
        kind_column: impl Into<String>,
        value_column: impl Into<String>,
    ) -> Self {
        self.capacities = CapacityLayout::Long {
            kind: kind_column.into(),
            value: value_column.into(),
        };
        self
    }

    /// Adds a missing-value token for every column (repeatable), besides [`DEFAULT_MISSING`].
    ///
    /// ```
    /// let read = overcrowding::io::TableReader::new().missing("-999")
    ///     .read_bytes(b"facility_id,date,population\nA,2021-06-30,-999\n", "t.csv")?;
    /// assert_eq!(read.panel().row(0).unwrap().population_total(), None);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn missing(mut self, token: impl Into<String>) -> Self {
        self.missing.push(token.into());
        self
    }

    /// Adds a missing-value token for one column only (repeatable).
    ///
    /// ```
    /// let read = overcrowding::io::TableReader::new().missing_in("population", "-999")
    ///     .read_bytes(b"facility_id,date,population\nA,2021-06-30,-999\n", "t.csv")?;
    /// assert_eq!(read.panel().row(0).unwrap().population_total(), None);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn missing_in(mut self, column: impl Into<String>, token: impl Into<String>) -> Self {
        self.missing_in.push((column.into(), token.into()));
        self
    }

    /// Drops [`DEFAULT_MISSING`]: only an empty cell and the tokens given are missing.
    ///
    /// ```
    /// let read = overcrowding::io::TableReader::new().no_default_missing()
    ///     .mode(overcrowding::io::ReadMode::Lenient)
    ///     .read_bytes(b"facility_id,date,population\nA,2021-06-30,NA\n", "t.csv")?;
    /// assert_eq!(read.rejects().len(), 1);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn no_default_missing(mut self) -> Self {
        self.default_missing = false;
        self
    }

    /// The thousands separator of counts written as text (default none: `1,234` is then a
    /// reject that says to set it). Groups must have three digits.
    ///
    /// ```
    /// let read = overcrowding::io::TableReader::new().thousands(b',')
    ///     .read_bytes(b"facility_id,date,population\nA,2021-06-30,\"1,234\"\n", "t.csv")?;
    /// assert_eq!(read.panel().row(0).unwrap().population_total(), Some(1_234));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn thousands(mut self, separator: u8) -> Self {
        self.thousands = Some(separator);
        self
    }

    /// The decimal mark (default `.`): `12,0` with `b','` is the count 12; `12,5` is a
    /// fraction and a reject.
    ///
    /// ```
    /// let read = overcrowding::io::TableReader::new().decimal(b',')
    ///     .read_bytes(b"facility_id;date;population\nA;2021-06-30;12,0\n", "t.csv")?;
    /// assert_eq!(read.panel().row(0).unwrap().population_total(), Some(12));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn decimal(mut self, mark: u8) -> Self {
        self.decimal = mark;
        self
    }

    /// The text encoding of a CSV file (default [`Encoding::Auto`]).
    ///
    /// ```
    /// use overcrowding::io::{Encoding, TableReader};
    /// let read = TableReader::new().encoding(Encoding::Windows1252)
    ///     .read_bytes(b"facility_id,date,population\nA,2021-06-30,1\n", "t.csv")?;
    /// assert_eq!(read.encoding(), "windows-1252");
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn encoding(mut self, encoding: Encoding) -> Self {
        self.encoding = encoding;
        self
    }

    /// The sheet of a workbook, by name (default: the first sheet).
    ///
    /// # Example
    ///
    /// A sheet option on a CSV file is refused when the file is read:
    ///
    /// ```
    /// let err = overcrowding::io::TableReader::new().sheet("Sheet1")
    ///     .read_bytes(b"facility_id,date,population\n", "t.csv").unwrap_err();
    /// assert!(err.to_string().contains("spreadsheet"));
    /// ```
    pub fn sheet(mut self, name: impl Into<String>) -> Self {
        self.sheet = Some(SheetChoice::Name(name.into()));
        self
    }

    /// The sheet of a workbook, by 0-based position.
    ///
    /// ```
    /// let err = overcrowding::io::TableReader::new().sheet_index(0)
    ///     .read_bytes(b"facility_id,date,population\n", "t.csv").unwrap_err();
    /// assert!(err.to_string().contains("spreadsheet"));
    /// ```
    pub fn sheet_index(mut self, index: usize) -> Self {
        self.sheet = Some(SheetChoice::Index(index));
        self
    }

    /// The cell range of a sheet to read (`A1:F200`; its first row, after
    /// [`skip_rows`](Self::skip_rows), is the header). Default: the sheet's used range.
    ///
    /// ```
    /// let err = overcrowding::io::TableReader::new().range("A1:C9")
    ///     .read_bytes(b"facility_id,date,population\n", "t.csv").unwrap_err();
    /// assert!(err.to_string().contains("spreadsheet"));
    /// ```
    pub fn range(mut self, range: impl Into<String>) -> Self {
        self.range = Some(range.into());
        self
    }

    /// Strict (default: the first bad row is the error) or lenient (bad rows are
    /// [`Reject`](crate::io::Reject)s).
    ///
    /// ```
    /// use overcrowding::io::{ReadMode, TableReader};
    /// let text = b"facility_id,date,population\nA,2021-06-30,many\nB,2021-06-30,3\n";
    /// assert!(TableReader::new().read_bytes(text, "t.csv").is_err());
    /// let read = TableReader::new().mode(ReadMode::Lenient).read_bytes(text, "t.csv")?;
    /// assert_eq!((read.accepted_rows(), read.rejects().len()), (1, 1));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn mode(mut self, mode: ReadMode) -> Self {
        self.mode = mode;
        self
    }

    /// What a lenient read does with a capacity cell it cannot use (default
    /// [`UnusableCapacity::NotReported`]: that kind is not reported for the row, the rest of
    /// the row stays, and the cell is listed in [`TableRead::dropped_values`]). A strict read
    /// fails at the cell.
    ///
    /// ```
    /// use overcrowding::CapacityKind;
    /// use overcrowding::io::{ReadMode, TableReader, UnusableCapacity};
    /// let text = b"facility_id,date,population,design,operational\nA,2021-06-30,120,0,110\n";
    /// let read = TableReader::new().mode(ReadMode::Lenient)
    ///     .capacity_column(CapacityKind::Design, "design")
    ///     .capacity_column(CapacityKind::Operational, "operational")
    ///     .read_bytes(text, "t.csv")?;
    /// let row = read.panel().row(0).unwrap();
    /// assert_eq!((row.capacity(&CapacityKind::Design), row.capacity(&CapacityKind::Operational)), (None, Some(110)));
    /// assert_eq!(read.dropped_values()[0].column(), Some("design"));
    /// assert!(TableReader::new().capacity_column(CapacityKind::Design, "design")
    ///     .unusable_capacity(UnusableCapacity::NotReported).read_bytes(text, "t.csv").is_err()); // strict
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn unusable_capacity(mut self, what: UnusableCapacity) -> Self {
        self.unusable_capacity = what;
        self
    }

    /// Reads a file: a spreadsheet when its extension is `xlsx`, `xlsm`, `xlsb`, `xls` or
    /// `ods` or its content is a workbook, else CSV.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Io`](crate::ErrorKind::Io) when the file cannot be read; otherwise as [`read_bytes`](Self::read_bytes).
    ///
    /// ```
    /// let path = std::env::temp_dir().join("overcrowding_doc_table_reader.csv");
    /// std::fs::write(&path, "facility_id,date,population\nA,2021-06-30,12\n").unwrap();
    /// let read = overcrowding::io::TableReader::new().read_path(&path)?;
    /// assert_eq!(read.accepted_rows(), 1);
    /// assert!(overcrowding::io::TableReader::new().read_path("/no/such.csv").is_err());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn read_path(&self, path: impl AsRef<Path>) -> Result<TableRead> {
        let path = path.as_ref();
        let bytes = crate::io::read_path(path)?;
        self.read_bytes(&bytes, &path.display().to_string())
    }

    /// Reads a table from bytes; `source_name` names it in messages, and its extension (as
    /// for [`read_path`](Self::read_path)) or the content says whether it is a spreadsheet.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::MissingColumn`](crate::ErrorKind::MissingColumn) when a mapped column (the id, the date, the population, a
    /// capacity, a group, a status column) is not in the header, in both modes;
    /// [`ErrorKind::Format`](crate::ErrorKind::Format) when there is no header row, the header names a mapped column twice,
    /// a workbook cannot be opened or has no such sheet; [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) for an
    /// option that does not fit (a sheet for a CSV file, a bad range or date format, a
    /// delimiter equal to the decimal mark); in [`ReadMode::Strict`], the first bad row's
    /// error ([`ErrorKind::InvalidValue`](crate::ErrorKind::InvalidValue), [`ErrorKind::InvalidValue`](crate::ErrorKind::InvalidValue), [`ErrorKind::MissingValue`](crate::ErrorKind::MissingValue),
    /// [`ErrorKind::BadRow`](crate::ErrorKind::BadRow), [`ErrorKind::Conflict`](crate::ErrorKind::Conflict), …) with its line or cell.
    ///
    /// ```
    /// let err = overcrowding::io::TableReader::new().id_column("ID")
    ///     .read_bytes(b"facility_id,date,population\n", "t.csv").unwrap_err();
    /// assert_eq!(err.to_string(), "required column \"ID\" is missing in t.csv (the columns are \"facility_id\", \"date\", \"population\")");
    /// ```
    pub fn read_bytes(&self, bytes: &[u8], source_name: &str) -> Result<TableRead> {
        self.validate()?;
        if super::sheet::is_workbook(bytes, source_name) {
            super::sheet::read(self, bytes, source_name)
        } else {
            if self.sheet.is_some() || self.range.is_some() {
                return Err(Error::invalid(
                    "sheet or range",
                    source_name,
                    Constraint::Spreadsheet,
                ));
            }
            super::read::read_csv(self, bytes, source_name)
        }
    }

    fn validate(&self) -> Result<()> {
        if let Some(f) = &self.date_format
            && jiff::fmt::strtime::format(f.as_str(), jiff::civil::date(2021, 6, 30)).is_err()
        {
            return Err(Error::invalid(
                "date format",
                format!("{f:?}"),
                Constraint::Strftime,
            ));
        }
        if self.thousands == Some(self.decimal) {
            return Err(Error::invalid(
                "thousands separator",
                format!("{:?}", char::from(self.decimal)),
                Constraint::DifferentFrom {
                    other: "decimal mark",
                    value: format!("{:?}", char::from(self.decimal)),
                },
            ));
        }
        if let Some(d) = self.delimiter
            && (d == b'"' || d == b'\n' || d == b'\r')
        {
            return Err(Error::invalid(
                "delimiter",
                format!("'{}'", char::from(d)),
                Constraint::NoneOf {
                    forbidden: ["'\"'", "'\\n'", "'\\r'"].map(String::from).to_vec(),
                },
            ));
        }
        Ok(())
    }
}
