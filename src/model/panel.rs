//! [`Panel`]: the crate's one facility table — many facilities over many dates, stored by
//! column — with its borrowed row view [`Row`] and its builder [`PanelBuilder`].
//!
//! # Layout
//!
//! One row is one facility on one date. Rows are sorted by date, then facility id, and held
//! as columns:
//!
//! - the facility as a small integer (a code into the sorted dictionary of
//!   [`FacilityId`]s), the date as a day number (days since 1970-01-01, Arrow's `Date32`),
//!   the name as a code into a dictionary of names;
//! - the population total and each legal-status component as a [`CountColumn`]: `u64`
//!   values and a [`Validity`] bitmap (not reported is a cleared bit, never 0);
//! - one [`CountColumn`] per capacity kind present (and a bitmap of the rows that *list* the
//!   kind, reported or not);
//! - each group key as codes into a dictionary of its values.
//!
//! A date's rows are one contiguous range ([`Panel::on`], O(1) from the date offsets), and a
//! facility's rows are listed in an index ([`Panel::facility`], O(its rows)). The count
//! columns are laid out as Arrow lays them out (values + validity words), so the frame layer
//! hands them to polars without a pass per row.
//!
//! # Which type for what
//!
//! - [`Panel`]: the table every reader fills and every view reads.
//! - [`Row`]: "one facility on one date", borrowed from a panel — what a caller who wants a
//!   row gets, with the accessors a record has (id, name, date, group, population, capacity
//!   by kind, occupancy, location).
//! - [`Record`]: the owned row, kept for building small panels by hand ([`Panel::new`],
//!   doc examples, tests) and for serde: it validates as it is built (a zero capacity, a
//!   capacity kind twice, a population of another date are errors where they are written).
//!   Readers do not make one per row: they push values into a [`PanelBuilder`].
//! - [`PanelView`]: some of a panel's rows (a filter, a choice of dates, a grouping by
//!   several columns) read in place — an ascending list of row numbers, never a copy of the
//!   columns; what the summaries and the groupings read.
//! - [`PanelBuilder`]: fills the columns row by row, folding rows of one facility and date
//!   (a long file lists one capacity kind per row) with the conflicts typed.

use std::collections::BTreeSet;
use std::ops::Range;

use jiff::civil::Date;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{CapacityKind, FacilityId, Record};
use crate::error::Result;

mod build;
mod columns;
pub(crate) mod days;
mod from_columns;
pub(crate) mod hash;
mod row;
mod unit;
mod view;

#[cfg(feature = "io")]
pub(crate) use build::RowValues;
pub use build::{CapacitySlot, GroupSlot, PanelBuilder};
pub use columns::{CountColumn, Validity};
pub use from_columns::PanelParts;
pub use row::{Row, RowIter, Rows};
pub use unit::{CountUnit, MAX_DECIMALS};
pub use view::PanelView;

/// "No value" in a code column (names, group values).
pub(crate) const NONE: u32 = u32::MAX;

/// One capacity kind's column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CapacityColumn {
    pub(crate) kind: CapacityKind,
    pub(crate) counts: CountColumn,
    /// Rows that list the kind (reported or not).
    pub(crate) listed: Validity,
}

/// One group key's column: codes into its dictionary of values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct GroupColumn {
    pub(crate) key: String,
    pub(crate) values: Vec<String>,
    pub(crate) codes: Vec<u32>,
}

/// The per-row columns (before the derived date offsets and facility index).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct PanelColumns {
    pub(crate) facility: Vec<u32>,
    pub(crate) days: Vec<i32>,
    /// Name codes; empty when no row has a name.
    pub(crate) name: Vec<u32>,
    pub(crate) population: CountColumn,
    /// Untried, convicted unsentenced, under appeal, sentenced; empty when no row has any.
    pub(crate) status: Vec<CountColumn>,
    pub(crate) capacities: Vec<CapacityColumn>,
    pub(crate) groups: Vec<GroupColumn>,
    /// The unit of every count column (whole people unless averages were read exactly).
    pub(crate) unit: CountUnit,
}

impl PanelColumns {
    pub(crate) fn len(&self) -> usize {
        self.facility.len()
    }

    /// Frees every column's room past its length.
    pub(crate) fn shrink_to_fit(&mut self) {
        self.facility.shrink_to_fit();
        self.days.shrink_to_fit();
        self.name.shrink_to_fit();
        self.population.shrink_to_fit();
        for c in &mut self.status {
            c.shrink_to_fit();
        }
        for c in &mut self.capacities {
            c.counts.shrink_to_fit();
            c.listed.shrink_to_fit();
        }
        for g in &mut self.groups {
            g.codes.shrink_to_fit();
        }
    }

    /// The rows `rows`, in that order.
    pub(crate) fn gather(&self, rows: &[u32]) -> PanelColumns {
        let pick = |v: &[u32]| -> Vec<u32> {
            rows.iter()
                .map(|&r| v.get(r as usize).copied().unwrap_or(NONE))
                .collect()
        };
        PanelColumns {
            facility: pick(&self.facility),
            days: rows
                .iter()
                .map(|&r| self.days.get(r as usize).copied().unwrap_or(0))
                .collect(),
            name: if self.name.is_empty() {
                Vec::new()
            } else {
                pick(&self.name)
            },
            population: self.population.gather(rows),
            status: self.status.iter().map(|c| c.gather(rows)).collect(),
            capacities: self
                .capacities
                .iter()
                .map(|c| CapacityColumn {
                    kind: c.kind.clone(),
                    counts: c.counts.gather(rows),
                    listed: c.listed.gather(rows),
                })
                .collect(),
            groups: self
                .groups
                .iter()
                .map(|g| GroupColumn {
                    key: g.key.clone(),
                    values: g.values.clone(),
                    codes: pick(&g.codes),
                })
                .collect(),
            unit: self.unit,
        }
    }
}

/// The crate's facility table: one row per facility and date, stored by column, sorted by
/// date and then facility id. It answers "on this date" ([`Panel::on`]), "date by date"
/// ([`Panel::by_date`]) and "this facility over time" ([`Panel::facility`]) without hand
/// grouping; [`crate::system::summarize_panel`] gives a system summary for every date against
/// a capacity kind in one call. Layout: one row per facility and date; the counts as `u64` values with validity bitmaps, ids, names and groups dictionary-encoded.
///
/// # Semantics
///
/// - A facility appears at most once per date: [`Panel::new`] refuses a second row
///   ([`ErrorKind::Duplicate`](crate::ErrorKind::Duplicate)); [`Panel::merging`] (and
///   [`PanelBuilder`]) fold rows of the same facility and date into one (a long file lists
///   one capacity kind per row) and refuse only real conflicts.
/// - Rows are never dropped or defaulted: a row with nothing reported is kept, and shows in a
///   summary's coverage as lacking its population and capacity.
/// - Counts are `u64` in the panel's [`CountUnit`] ([`Panel::count_unit`]): whole people,
///   unless published averages were read exactly.
/// - Serialises as a list of [`Record`]s (whole people: a panel of a finer unit is a
///   serialisation error); deserialising re-validates.
///
/// ```
/// use overcrowding::{CapacityKind, Panel, Record};
/// let (d1, d2) = ("2024-11-29".parse().unwrap(), "2024-12-31".parse().unwrap());
/// let r = |id, d, p, c| Record::new(id, d).map(|x| x.with_population_total(p).with_capacity(CapacityKind::Cna, c));
/// let panel = Panel::new([r("B", d2, 90, 100)?, r("A", d1, 120, 100)?, r("A", d2, 125, 100)?])?;
/// assert_eq!(panel.dates(), &[d1, d2]);
/// assert_eq!(panel.on(d2).len(), 2);
/// assert_eq!(panel.facility("A").count(), 2);
/// assert_eq!(panel.latest_date(), Some(d2));
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct Panel {
    /// The facility dictionary, sorted; every id has at least one row.
    pub(crate) ids: Vec<FacilityId>,
    /// The name dictionary.
    pub(crate) names: Vec<String>,
    pub(crate) cols: PanelColumns,
    /// The distinct dates, ascending.
    pub(crate) dates: Vec<Date>,
    /// Row offsets of each date (`dates.len() + 1` entries).
    pub(crate) date_starts: Vec<usize>,
    /// Offsets into `facility_rows` of each facility (`ids.len() + 1` entries).
    pub(crate) facility_starts: Vec<usize>,
    /// Each facility's rows, by date.
    pub(crate) facility_rows: Vec<u32>,
}

impl Panel {
    /// The panel of sorted columns: computes the date offsets and the facility index.
    pub(crate) fn assemble(ids: Vec<FacilityId>, names: Vec<String>, cols: PanelColumns) -> Panel {
        let n = cols.len();
        let mut dates = Vec::new();
        let mut date_starts = Vec::new();
        let mut last = None;
        for (i, &day) in cols.days.iter().enumerate() {
            if last != Some(day) {
                last = Some(day);
                dates.push(days::date_of(day).unwrap_or_default());
                date_starts.push(i);
            }
        }
        date_starts.push(n);
        // Counting sort by facility: rows come by date, so each facility's list is by date.
        let mut facility_starts = vec![0usize; ids.len() + 1];
        for &f in &cols.facility {
            if let Some(c) = facility_starts.get_mut(f as usize + 1) {
                *c += 1;
            }
        }
        for i in 1..facility_starts.len() {
            facility_starts[i] += facility_starts[i - 1];
        }
        let mut next = facility_starts.clone();
        let mut facility_rows = vec![0u32; n];
        for (row, &f) in cols.facility.iter().enumerate() {
            if let Some(slot) = next.get_mut(f as usize)
                && let Some(out) = facility_rows.get_mut(*slot)
            {
                *out = row as u32;
                *slot += 1;
            }
        }
        Panel {
            ids,
            names,
            cols,
            dates,
            date_starts,
            facility_starts,
            facility_rows,
        }
    }

    /// A panel of `records`, at most one per facility and date.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Duplicate`](crate::ErrorKind::Duplicate) when a facility appears twice on one date.
    ///
    /// ```
    /// use overcrowding::{Panel, Record};
    /// let d = "2024-12-31".parse().unwrap();
    /// assert!(Panel::new([Record::new("A", d)?, Record::new("A", d)?]).unwrap_err().is_duplicate());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn new(records: impl IntoIterator<Item = Record>) -> Result<Panel> {
        let mut b = PanelBuilder::new().with_merging(false);
        for r in records {
            b.push_record(&r)?;
        }
        b.finish()
    }

    /// A panel of `records` where records of the same facility and date are folded into one
    /// (their capacities together, as [`Record::absorb`]), in input order.
    ///
    /// # Errors
    ///
    /// As [`Record::absorb`]: populations or names that disagree, a capacity kind twice.
    ///
    /// ```
    /// use overcrowding::{CapacityKind, Panel, Record};
    /// let d = "2024-12-31".parse().unwrap();
    /// let a = Record::new("A", d)?.with_population_total(120).with_capacity(CapacityKind::Cna, 100);
    /// let b = Record::new("A", d)?.with_population_total(120).with_capacity(CapacityKind::Operational, 130);
    /// let p = Panel::merging([a, b])?;
    /// assert_eq!(p.len(), 1);
    /// assert_eq!(p.rows().get(0).unwrap().capacities().count(), 2);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn merging(records: impl IntoIterator<Item = Record>) -> Result<Panel> {
        let mut b = PanelBuilder::new();
        for r in records {
            b.push_record(&r)?;
        }
        b.finish()
    }

    /// Number of rows (facility-dates).
    ///
    /// ```
    /// assert_eq!(overcrowding::Panel::default().len(), 0);
    /// ```
    pub fn len(&self) -> usize {
        self.cols.len()
    }

    /// Whether the panel holds no row.
    ///
    /// ```
    /// assert!(overcrowding::Panel::default().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.cols.len() == 0
    }

    /// Every row, by date and then facility id.
    ///
    /// ```
    /// use overcrowding::{Panel, Record};
    /// let d = "2024-12-31".parse().unwrap();
    /// let p = Panel::new([Record::new("B", d)?, Record::new("A", d)?])?;
    /// assert_eq!(p.rows().get(0).unwrap().id().as_str(), "A");
    /// assert_eq!(p.rows().len(), 2);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn rows(&self) -> Rows<'_> {
        Rows::new(self, 0..self.len())
    }

    /// Row `i` (by date, then facility id), `None` beyond the end.
    ///
    /// ```
    /// let p = overcrowding::datasets::cambodia_panel()?;
    /// assert_eq!(p.row(0).unwrap().population_total(), Some(39_000));
    /// assert!(p.row(1).is_none());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn row(&self, i: usize) -> Option<Row<'_>> {
        (i < self.len()).then(|| Row::new(self, i))
    }

    /// The distinct dates, ascending.
    ///
    /// ```
    /// let b = overcrowding::datasets::cambodia_panel()?;
    /// assert_eq!(b.dates().len(), 1);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn dates(&self) -> &[Date] {
        &self.dates
    }

    /// The latest date, if any.
    ///
    /// ```
    /// assert_eq!(overcrowding::Panel::default().latest_date(), None);
    /// ```
    pub fn latest_date(&self) -> Option<Date> {
        self.dates.last().copied()
    }

    /// The rows of the `i`-th date (as [`Panel::dates`]), empty beyond the end.
    pub(crate) fn date_range(&self, i: usize) -> Range<usize> {
        match (self.date_starts.get(i), self.date_starts.get(i + 1)) {
            (Some(&a), Some(&b)) => a..b,
            _ => 0..0,
        }
    }

    /// The rows of `date` (empty when the panel has none of that date), by facility id.
    ///
    /// ```
    /// use overcrowding::{Panel, Record};
    /// let d = "2024-12-31".parse().unwrap();
    /// let p = Panel::new([Record::new("A", d)?])?;
    /// assert_eq!(p.on(d).len(), 1);
    /// assert!(p.on("2024-01-01".parse().unwrap()).is_empty());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn on(&self, date: Date) -> Rows<'_> {
        match self.dates.binary_search(&date) {
            Ok(i) => Rows::new(self, self.date_range(i)),
            Err(_) => Rows::new(self, 0..0),
        }
    }

    /// The rows date by date: `(date, that date's rows)`, ascending.
    ///
    /// ```
    /// use overcrowding::{Panel, Record};
    /// let (a, b) = ("2024-11-29".parse().unwrap(), "2024-12-31".parse().unwrap());
    /// let p = Panel::new([Record::new("A", a)?, Record::new("A", b)?, Record::new("B", b)?])?;
    /// let sizes: Vec<usize> = p.by_date().map(|(_, rs)| rs.len()).collect();
    /// assert_eq!(sizes, vec![1, 2]);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn by_date(&self) -> impl ExactSizeIterator<Item = (Date, Rows<'_>)> + '_ {
        self.dates
            .iter()
            .enumerate()
            .map(|(i, &d)| (d, Rows::new(self, self.date_range(i))))
    }

    /// The rows of facility `id`, by date (none when the panel does not hold it).
    ///
    /// ```
    /// let p = overcrowding::datasets::cambodia_panel()?;
    /// assert_eq!(p.facility("KH").count(), 1);
    /// assert_eq!(p.facility("XX").count(), 0);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn facility<'a>(&'a self, id: &str) -> impl Iterator<Item = Row<'a>> + 'a {
        let rows = match self.ids.binary_search_by(|f| f.as_str().cmp(id)) {
            Ok(code) => self.facility_index(code),
            Err(_) => &[],
        };
        rows.iter().map(move |&r| Row::new(self, r as usize))
    }

    /// The row numbers of facility number `code` (its place in [`Panel::facility_ids`]), by
    /// date.
    ///
    /// ```
    /// let p = overcrowding::datasets::cambodia_panel()?;
    /// assert_eq!(p.facility_index(0), &[0]);
    /// assert!(p.facility_index(1).is_empty());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn facility_index(&self, code: usize) -> &[u32] {
        match (
            self.facility_starts.get(code),
            self.facility_starts.get(code + 1),
        ) {
            (Some(&a), Some(&b)) => self.facility_rows.get(a..b).unwrap_or(&[]),
            _ => &[],
        }
    }

    /// The distinct facility ids, sorted (a row's facility number is its place here).
    ///
    /// ```
    /// use overcrowding::{Panel, Record};
    /// let d = "2024-12-31".parse().unwrap();
    /// let p = Panel::new([Record::new("B", d)?, Record::new("A", d)?])?;
    /// assert_eq!(p.facility_ids().len(), 2);
    /// assert_eq!(p.facility_ids()[0].as_str(), "A");
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn facility_ids(&self) -> &[FacilityId] {
        &self.ids
    }

    /// Each row's facility number (its place in [`Panel::facility_ids`]).
    ///
    /// ```
    /// use overcrowding::{Panel, Record};
    /// let d = "2024-12-31".parse().unwrap();
    /// let p = Panel::new([Record::new("B", d)?, Record::new("A", d)?])?;
    /// assert_eq!(p.facility_codes(), &[0, 1]);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn facility_codes(&self) -> &[u32] {
        &self.cols.facility
    }

    /// Each row's date as a day number (days since 1970-01-01, Arrow's `Date32`).
    ///
    /// ```
    /// let p = overcrowding::datasets::cambodia_panel()?;
    /// assert_eq!(p.day_numbers(), &[18_808]); // 2021-06-30
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn day_numbers(&self) -> &[i32] {
        &self.cols.days
    }

    /// The unit of every count column: whole people, or a decimal fraction of a person when
    /// published averages were read exactly (`io::FractionalCounts::Exact`, feature `io`).
    /// A population of 794,675 in a panel of unit 0.01 is 7946.75 people.
    ///
    /// ```
    /// use overcrowding::model::{CountUnit, PanelBuilder};
    /// let p = overcrowding::datasets::cambodia_panel()?;
    /// assert!(p.count_unit().is_whole());
    /// // As the table reader's `FractionalCounts::Exact` builds it from a cell `7946.75`:
    /// let mut b = PanelBuilder::new();
    /// b.raise_count_unit(CountUnit::new(2)?)?;
    /// b.begin("AL", "2022-12-31".parse().unwrap())?;
    /// b.population(794_675);
    /// b.commit()?;
    /// let p = b.finish()?;
    /// assert_eq!(p.count_unit().decimals(), 2);
    /// assert_eq!(p.population_column().get(0), Some(794_675));
    /// assert_eq!(p.count_unit().format(794_675u64), "7946.75");
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn count_unit(&self) -> CountUnit {
        self.cols.unit
    }

    /// The population totals (in the panel's [`count_unit`](Self::count_unit)).
    ///
    /// ```
    /// let p = overcrowding::datasets::cambodia_panel()?;
    /// assert_eq!(p.population_column().get(0), Some(39_000));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn population_column(&self) -> &CountColumn {
        &self.cols.population
    }

    /// The places of capacity `kind`, `None` when no row lists that kind.
    ///
    /// ```
    /// let p = overcrowding::datasets::cambodia_panel()?;
    /// let design = p.capacity_column(&overcrowding::CapacityKind::Design).unwrap();
    /// assert_eq!(design.get(0), Some(27_000));
    /// assert!(p.capacity_column(&overcrowding::CapacityKind::Rated).is_none());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn capacity_column(&self, kind: &CapacityKind) -> Option<&CountColumn> {
        self.cols
            .capacities
            .iter()
            .find(|c| c.kind == *kind)
            .map(|c| &c.counts)
    }

    /// The legal-status columns (untried, convicted unsentenced, under appeal, sentenced),
    /// `None` when no row reports any component.
    ///
    /// ```
    /// let p = overcrowding::datasets::cambodia_panel()?;
    /// assert!(p.legal_status_columns().is_none());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn legal_status_columns(&self) -> Option<[&CountColumn; 4]> {
        match self.cols.status.as_slice() {
            [a, b, c, d] => Some([a, b, c, d]),
            _ => None,
        }
    }

    /// Group key `key`'s dictionary of values and each row's code into it (`u32::MAX`: the
    /// row has no value of that key); `None` when no row sets the key.
    ///
    /// ```
    /// use overcrowding::{Panel, Record};
    /// let d = "2024-12-31".parse().unwrap();
    /// let p = Panel::new([Record::new("A", d)?.with_group("region", "N"), Record::new("B", d)?])?;
    /// let (values, codes) = p.group_column("region").unwrap();
    /// assert_eq!((values, codes), (&["N".to_string()][..], &[0, u32::MAX][..]));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn group_column(&self, key: &str) -> Option<(&[String], &[u32])> {
        self.cols
            .groups
            .iter()
            .find(|g| g.key == key)
            .map(|g| (g.values.as_slice(), g.codes.as_slice()))
    }

    /// The capacity kinds any row lists, sorted.
    ///
    /// ```
    /// let p = overcrowding::datasets::cambodia_panel()?;
    /// assert_eq!(p.capacity_kinds(), vec![overcrowding::CapacityKind::Design]);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn capacity_kinds(&self) -> Vec<CapacityKind> {
        let set: BTreeSet<&CapacityKind> = self
            .cols
            .capacities
            .iter()
            .filter(|c| c.listed.count_valid() > 0)
            .map(|c| &c.kind)
            .collect();
        set.into_iter().cloned().collect()
    }

    /// The group keys any row sets, sorted.
    ///
    /// ```
    /// let p = overcrowding::datasets::cambodia_panel()?;
    /// assert!(p.group_keys().is_empty());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn group_keys(&self) -> Vec<&str> {
        let set: BTreeSet<&str> = self
            .cols
            .groups
            .iter()
            .filter(|g| g.codes.iter().any(|&c| c != NONE))
            .map(|g| g.key.as_str())
            .collect();
        set.into_iter().collect()
    }

    /// The rows `rows` (ascending row numbers), as a panel.
    pub(crate) fn select(&self, rows: &[u32]) -> Panel {
        let mut cols = self.cols.gather(rows);
        // Keep only the facilities that still have rows, renumbered in the same order.
        let mut used = vec![false; self.ids.len()];
        for &f in &cols.facility {
            if let Some(u) = used.get_mut(f as usize) {
                *u = true;
            }
        }
        let mut renumber = vec![NONE; self.ids.len()];
        let mut ids = Vec::new();
        for (code, id) in self.ids.iter().enumerate() {
            if used.get(code).copied().unwrap_or(false) {
                renumber[code] = ids.len() as u32;
                ids.push(id.clone());
            }
        }
        for f in &mut cols.facility {
            *f = renumber.get(*f as usize).copied().unwrap_or(NONE);
        }
        Panel::assemble(ids, self.names.clone(), cols)
    }
}

impl PartialEq for Panel {
    /// Two panels are equal when they hold the same rows (dictionaries may be in any order).
    fn eq(&self, other: &Panel) -> bool {
        self.count_unit() == other.count_unit()
            && self.len() == other.len()
            && self
                .rows()
                .iter()
                .zip(other.rows().iter())
                .all(|(a, b)| a == b)
    }
}

impl Eq for Panel {}

impl Serialize for Panel {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        // A record holds whole people: a panel of exact averages has no record form.
        self.count_unit()
            .require_whole("serialised panel's count unit")
            .map_err(serde::ser::Error::custom)?;
        s.collect_seq(self.rows().iter().map(|r| r.to_record()))
    }
}

impl<'de> Deserialize<'de> for Panel {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Panel, D::Error> {
        let records = Vec::<Record>::deserialize(d)?;
        Panel::new(records).map_err(serde::de::Error::custom)
    }
}

impl<'a> IntoIterator for &'a Panel {
    type Item = Row<'a>;
    type IntoIter = RowIter<'a>;
    fn into_iter(self) -> RowIter<'a> {
        self.rows().iter()
    }
}

#[cfg(test)]
mod view_tests {
    use super::*;

    fn panel() -> Panel {
        let (a, b) = (
            jiff::civil::date(2024, 1, 31),
            jiff::civil::date(2024, 2, 29),
        );
        let r = |id: &str, d, region: Option<&str>, sex: &str| {
            let r = Record::new(id, d).unwrap().with_group("sex", sex);
            match region {
                Some(g) => r.with_group("region", g),
                None => r,
            }
        };
        Panel::new([
            r("A", a, Some("N"), "m"),
            r("B", a, Some("S"), "f"),
            r("C", a, None, "m"),
            r("A", b, Some("N"), "m"),
            r("B", b, Some("S"), "m"),
        ])
        .unwrap()
    }

    #[test]
    fn on_dates_is_the_filter_by_date() {
        let p = panel();
        let b = jiff::civil::date(2024, 2, 29);
        let missing = jiff::civil::date(2023, 1, 1);
        let v = p.view();
        assert_eq!(
            v.on_dates(&[b, missing]).to_panel(),
            v.filter(|r| r.date() == b).to_panel()
        );
        assert_eq!(v.on_dates(&[b, p.dates()[0]]).to_panel(), p);
        assert!(v.on_dates(&[missing]).is_empty());
        // Rows of the view by date: the same runs as the copy's.
        let f = v.filter(|r| r.id().as_str() != "B");
        let copy = f.to_panel();
        let runs: Vec<(Date, Vec<String>)> = f
            .by_date()
            .map(|(d, rs)| (d, rs.iter().map(|r| r.id().to_string()).collect()))
            .collect();
        let want: Vec<(Date, Vec<String>)> = copy
            .by_date()
            .map(|(d, rs)| (d, rs.iter().map(|r| r.id().to_string()).collect()))
            .collect();
        assert_eq!(runs, want);
        assert_eq!(f.on(b).len(), 1);
        assert_eq!(f.dates(), copy.dates());
    }

    /// Rows by date, by facility, then out of both orders: each fold finds its row, a new
    /// row is new, whether the builder still trusts the order or has built its index.
    #[test]
    fn builder_folds_in_any_row_order() {
        use crate::CapacityKind;
        let d = |m: i8| jiff::civil::date(2024, m, 1);
        let orders: [&[(&str, i8)]; 4] = [
            &[("A", 1), ("B", 1), ("A", 2), ("B", 2)],
            &[("A", 1), ("A", 2), ("B", 1), ("B", 2)],
            &[("B", 2), ("A", 1), ("B", 1), ("A", 2)],
            &[("A", 1), ("B", 1), ("A", 2), ("A", 1), ("B", 2), ("B", 1)],
        ];
        for rows in orders {
            let mut b = PanelBuilder::new();
            let (cna, op) = (
                b.capacity_slot(CapacityKind::Cna),
                b.capacity_slot(CapacityKind::Operational),
            );
            // Each (facility, date) twice: population and CNA, then the operational capacity
            // (right after, and again after every other row).
            for (k, &(id, m)) in rows.iter().enumerate() {
                b.begin(id, d(m)).unwrap();
                b.population(100 + k as u64);
                b.capacity(cna, Some(90)).unwrap();
                if b.commit().is_err() {
                    // The fourth order lists (A, 1) and (B, 1) twice: the second is a fold
                    // refused for its different population.
                    continue;
                }
                b.begin(id, d(m)).unwrap();
                b.capacity(op, Some(95)).unwrap();
                b.commit().unwrap();
            }
            let p = b.finish().unwrap();
            assert_eq!(p.len(), 4, "{rows:?}");
            for r in p.rows() {
                assert_eq!(r.capacity(&CapacityKind::Operational), Some(95), "{rows:?}");
            }
        }
        // Out of order, the fold still refuses a kind given twice.
        let mut b = PanelBuilder::new();
        let k = b.capacity_slot(CapacityKind::Cna);
        for (id, m) in [("B", 1), ("A", 1), ("B", 1)] {
            b.begin(id, d(m)).unwrap();
            b.capacity(k, Some(10)).unwrap();
            let r = b.commit();
            assert_eq!(r.is_err(), id == "B" && b.rows() == 2);
        }
    }

    #[test]
    fn combined_group_is_the_joined_values() {
        let p = panel()
            .view()
            .with_combined_group(&["region", "sex"], " / ")
            .to_panel();
        let got: Vec<Option<&str>> = p.rows().iter().map(|r| r.group("region / sex")).collect();
        assert_eq!(
            got,
            vec![
                Some("N / m"),
                Some("S / f"),
                None,
                Some("N / m"),
                Some("S / m")
            ]
        );
        // The other columns are untouched.
        assert_eq!(p.rows().iter().filter_map(|r| r.group("sex")).count(), 5);
        assert_eq!(p.group_column("region / sex").unwrap().0.len(), 3);
    }
}
