//! [`PanelBuilder`]: fills a [`Panel`]'s columns row by row, without an owned record per row.

use jiff::civil::Date;

use super::columns::{CHUNK, CountColumn, Validity};
use super::hash::FastMap;
use super::{CapacityColumn, CountUnit, GroupColumn, NONE, Panel, PanelColumns, days, unit};
use crate::ErrorKind;
use crate::error::{Error, Given, GivenValue, Location, Result};
use crate::model::{CapacityKind, FacilityId, LegalStatus, Record};

/// A capacity kind's column in a [`PanelBuilder`] (from [`PanelBuilder::capacity_slot`]).
///
/// ```
/// let mut b = overcrowding::model::PanelBuilder::new();
/// let design = b.capacity_slot(overcrowding::CapacityKind::Design);
/// assert_eq!(design, b.capacity_slot(overcrowding::CapacityKind::Design));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CapacitySlot(usize);

/// A group key's column in a [`PanelBuilder`] (from [`PanelBuilder::group_slot`]).
///
/// ```
/// let mut b = overcrowding::model::PanelBuilder::new();
/// assert_eq!(b.group_slot("region"), b.group_slot("region"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GroupSlot(usize);

/// The row being written: nothing reaches the columns before [`PanelBuilder::commit`].
#[derive(Debug, Default)]
struct Pending {
    open: bool,
    facility: u32,
    day: i32,
    date: Date,
    line: Option<usize>,
    name: Option<u32>,
    population: Option<u64>,
    status: LegalStatus,
    capacities: Vec<(usize, Option<u64>)>,
    /// Each group column's code on this row (`NONE`: not given), by slot: a row sets and
    /// writes its groups in time linear in the columns, however many there are.
    groups: Vec<u32>,
}

/// Rows taken by [`PanelBuilder::push_row`] and not yet in the columns: up to 64 (one
/// validity word), written to the columns together — the values with one `extend_from_slice`
/// per column, the validity bits a word at a time — instead of ten pushes a row, each with
/// its capacity check and bit arithmetic. Every builder method that reads or adds to the
/// columns writes them first ([`PanelBuilder::flush`]), so no other method sees a staged
/// row; a row is staged only when it is new in the order the rows arrive ([`Order`]) and the
/// panel has no name or legal-status column (rows with those go through the pending row).
#[derive(Debug)]
struct Staged {
    n: usize,
    facility: [u32; CHUNK],
    days: [i32; CHUNK],
    lines: [u32; CHUNK],
    population: [u64; CHUNK],
    population_valid: u64,
    capacities: Vec<StagedCapacity>,
    groups: Vec<[u32; CHUNK]>,
}

/// A capacity column's staged rows: the places, which rows report them, which list the kind.
#[derive(Debug)]
struct StagedCapacity {
    counts: [u64; CHUNK],
    valid: u64,
    listed: u64,
}

impl Default for Staged {
    fn default() -> Staged {
        Staged {
            n: 0,
            facility: [0; CHUNK],
            days: [0; CHUNK],
            lines: [0; CHUNK],
            population: [0; CHUNK],
            population_valid: 0,
            capacities: Vec::new(),
            groups: Vec::new(),
        }
    }
}

/// A row of a facility already interned, with its values, for [`PanelBuilder::push_row`]
/// (crate-internal: the reader's loop for plain rows). Each capacity slot at most once.
#[cfg_attr(not(feature = "io"), allow(dead_code))]
pub(crate) struct RowValues<'a> {
    pub(crate) facility: u32,
    pub(crate) date: Date,
    /// `date`'s day number ([`days::day_number`]), found where the date was read.
    pub(crate) day: i32,
    pub(crate) line: usize,
    pub(crate) population: Option<u64>,
    /// The kinds the row lists, with their places (`None`: listed, not reported).
    pub(crate) capacities: &'a [(CapacitySlot, Option<u64>)],
    /// The group codes the row sets (`NONE`: not given).
    pub(crate) groups: &'a [(GroupSlot, u32)],
}

/// Builds a [`Panel`] row by row: a reader (or a caller with many rows) pushes each row's
/// values straight into the columns — ids, names and group values are interned, counts go to
/// `u64` columns with validity bits — and [`PanelBuilder::finish`] sorts by date and facility
/// once and builds the date offsets and the facility index.
///
/// # Semantics
///
/// - A row is written between [`PanelBuilder::begin`] and [`PanelBuilder::commit`]; an
///   error at any step leaves the panel as it was before `begin` (a lenient reader rejects
///   the row and goes on).
/// - Rows of one facility and date fold into one (a long file lists one capacity kind per
///   row) unless [`PanelBuilder::with_merging`] is `false`; a fold refuses a different name
///   or population ([`ErrorKind::Conflict`](crate::ErrorKind::Conflict)) and a capacity kind twice ([`ErrorKind::Duplicate`](crate::ErrorKind::Duplicate)),
///   naming both lines when [`PanelBuilder::at_line`] gave them.
/// - A capacity of 0 places is [`ErrorKind::ZeroCapacity`](crate::ErrorKind::ZeroCapacity); legal-status components are
///   checked against the total ([`LegalStatus::validate`]).
///
/// ```
/// use overcrowding::CapacityKind;
/// use overcrowding::model::PanelBuilder;
/// let d = "2024-12-31".parse().unwrap();
/// let mut b = PanelBuilder::new();
/// let cna = b.capacity_slot(CapacityKind::Cna);
/// for (id, pop, places) in [("B", 90, 100), ("A", 120, 100)] {
///     b.begin(id, d)?;
///     b.population(pop);
///     b.capacity(cna, Some(places))?;
///     b.commit()?;
/// }
/// let p = b.finish()?;
/// assert_eq!(p.row(0).unwrap().id().as_str(), "A");
/// assert_eq!(p.capacity_column(&CapacityKind::Cna).unwrap().values(), &[100, 100]);
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(Debug, Default)]
pub struct PanelBuilder {
    refuse_duplicates: bool,
    /// A reader's fold: a row that repeats the row of its facility and date is a duplicated
    /// row, a capacity kind given twice with two values a conflict (crate-internal).
    tell_repeats: bool,
    ids: Vec<FacilityId>,
    id_index: FastMap<Box<str>, u32>,
    names: Vec<String>,
    name_index: FastMap<Box<str>, u32>,
    group_index: Vec<FastMap<Box<str>, u32>>,
    /// Group key → its slot (a file may have tens of thousands of extra columns).
    group_slots: FastMap<Box<str>, usize>,
    cols: PanelColumns,
    /// First line of each row (0: unknown or past `u32::MAX`): four bytes a row, dropped
    /// before the panel's own index is built.
    lines: Vec<u32>,
    /// Rows reserved by [`with_capacity`](Self::with_capacity): columns added later (a
    /// capacity kind, a group key) reserve the same.
    room: usize,
    /// (facility, day) → row, built only once rows stop arriving in order (see [`Order`]).
    index: FastMap<u64, u32>,
    order: Order,
    pending: Pending,
    staged: Staged,
}

/// The coarsest count unit that keeps every count exact (`12.50` read exactly is 125 tenths).
fn coarsest_unit(cols: &mut PanelColumns) {
    let mut k = cols.unit.decimals();
    let columns = std::iter::once(&cols.population)
        .chain(&cols.status)
        .chain(cols.capacities.iter().map(|c| &c.counts));
    for c in columns {
        k = unit::common_zeros(c.values(), k);
    }
    if k == 0 {
        return;
    }
    let factor = 10u64.pow(k);
    cols.population.scale_down(factor);
    for c in &mut cols.status {
        c.scale_down(factor);
    }
    for c in &mut cols.capacities {
        c.counts.scale_down(factor);
    }
    cols.unit = CountUnit::new(cols.unit.decimals() - k).unwrap_or_default();
}

fn key(facility: u32, day: i32) -> u64 {
    (u64::from(facility) << 32) | u64::from(day as u32)
}

/// Whether the rows so far arrived in strictly increasing (day, facility) or (facility, day)
/// order — as a file sorted by date or by facility lists them. While one holds, a row is new
/// exactly when its key is past the last row's, and the same facility and date as another row
/// only when it is the last row's: no hash lookup per row and no index in memory. The first
/// row out of both orders builds the index from the rows so far, used from then on.
#[derive(Debug, Default)]
struct Order {
    /// The last row's (day, facility) and (facility, day) keys, ordered as numbers.
    last: Option<(u64, u64)>,
    day_major: bool,
    facility_major: bool,
    /// The index is built and kept (rows left both orders).
    indexed: bool,
}

/// Where a committed row goes.
enum Place {
    New,
    Fold(usize),
}

impl Order {
    fn keys(facility: u32, day: i32) -> (u64, u64) {
        let day = u64::from((day as u32) ^ 0x8000_0000);
        let facility = u64::from(facility);
        ((day << 32) | facility, (facility << 32) | day)
    }

    /// The place of a row with these keys among `rows` rows, when the order tells it.
    fn place(&self, keys: (u64, u64), rows: usize) -> Option<Place> {
        let Some(last) = self.last else {
            return Some(Place::New);
        };
        if self.indexed {
            return None;
        }
        if keys == last {
            return Some(Place::Fold(rows.checked_sub(1)?));
        }
        ((self.day_major && keys.0 > last.0) || (self.facility_major && keys.1 > last.1))
            .then_some(Place::New)
    }

    /// Records a new row's keys.
    fn push(&mut self, keys: (u64, u64)) {
        match self.last {
            None => {
                self.day_major = true;
                self.facility_major = true;
            }
            Some(last) => {
                self.day_major &= keys.0 > last.0;
                self.facility_major &= keys.1 > last.1;
            }
        }
        self.last = Some(keys);
    }
}

impl PanelBuilder {
    /// An empty builder that folds rows of one facility and date.
    ///
    /// ```
    /// assert!(overcrowding::model::PanelBuilder::new().finish()?.is_empty());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn new() -> PanelBuilder {
        PanelBuilder::default()
    }

    /// An empty builder with room for `rows` rows.
    ///
    /// ```
    /// assert!(overcrowding::model::PanelBuilder::with_capacity(10).finish()?.is_empty());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn with_capacity(rows: usize) -> PanelBuilder {
        let mut b = PanelBuilder::default();
        b.cols.facility.reserve(rows);
        b.cols.days.reserve(rows);
        b.cols.population = CountColumn::with_capacity(rows);
        b.lines.reserve(rows);
        b.room = rows;
        b
    }

    /// Whether rows of one facility and date fold into one (`true`, the default) or the
    /// second is refused as [`ErrorKind::Duplicate`](crate::ErrorKind::Duplicate) (`false`, as [`Panel::new`]).
    ///
    /// ```
    /// use overcrowding::model::PanelBuilder;
    /// let d = "2024-12-31".parse().unwrap();
    /// let mut b = PanelBuilder::new().with_merging(false);
    /// b.begin("A", d)?;
    /// b.commit()?;
    /// b.begin("A", d)?;
    /// assert!(b.commit().unwrap_err().is_duplicate());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn with_merging(mut self, merge: bool) -> PanelBuilder {
        self.refuse_duplicates = !merge;
        self
    }

    /// For a reader: a second row of a facility and date that repeats every value of the
    /// first is [`ErrorKind::Duplicate`] `"row"` (a file listed twice), and a capacity kind
    /// given twice with different values is [`ErrorKind::Conflict`] `"capacity"` (column: the
    /// kind) instead of a duplicate kind.
    #[cfg_attr(not(feature = "io"), allow(dead_code))]
    pub(crate) fn telling_repeats(mut self) -> PanelBuilder {
        self.tell_repeats = true;
        self
    }

    /// Whether the pending row gives exactly the values of row `row` (its capacities listed
    /// there with the same places, the same name, population, status and groups).
    fn repeats(&self, row: usize) -> bool {
        let p = &self.pending;
        let name = self.cols.name.get(row).copied().filter(|&c| c != NONE);
        let groups_equal = self.cols.groups.iter().zip(&p.groups).all(|(col, &new)| {
            let old = col.codes.get(row).copied().unwrap_or(NONE);
            old == new
        });
        let listed = |i: usize| {
            self.cols
                .capacities
                .get(i)
                .is_some_and(|c| c.listed.is_valid(row))
        };
        let capacities_equal = if p.capacities.is_empty() {
            !(0..self.cols.capacities.len()).any(listed)
        } else {
            p.capacities.iter().all(|&(k, v)| {
                listed(k) && self.cols.capacities.get(k).and_then(|c| c.counts.get(row)) == v
            })
        };
        name == p.name
            && self.cols.population.get(row) == p.population
            && self.status_of(row) == p.status
            && groups_equal
            && capacities_equal
    }

    /// The column of capacity `kind` (created on first use; rows before it do not list it).
    ///
    /// ```
    /// let mut b = overcrowding::model::PanelBuilder::new();
    /// let a = b.capacity_slot(overcrowding::CapacityKind::Design);
    /// let c = b.capacity_slot(overcrowding::CapacityKind::Rated);
    /// assert_ne!(a, c);
    /// ```
    pub fn capacity_slot(&mut self, kind: CapacityKind) -> CapacitySlot {
        self.flush();
        if let Some(i) = self.cols.capacities.iter().position(|c| c.kind == kind) {
            return CapacitySlot(i);
        }
        let n = self.cols.len();
        let mut counts = CountColumn::cleared(n);
        let mut listed = Validity::all_invalid(n);
        counts.reserve(self.room.saturating_sub(n));
        listed.reserve(self.room.saturating_sub(n));
        self.cols.capacities.push(CapacityColumn {
            kind,
            counts,
            listed,
        });
        CapacitySlot(self.cols.capacities.len() - 1)
    }

    /// The column of group key `key` (created on first use).
    ///
    /// ```
    /// let mut b = overcrowding::model::PanelBuilder::new();
    /// assert_ne!(b.group_slot("region"), b.group_slot("sex"));
    /// ```
    pub fn group_slot(&mut self, key: &str) -> GroupSlot {
        self.flush();
        if let Some(&i) = self.group_slots.get(key) {
            return GroupSlot(i);
        }
        self.group_slots.insert(key.into(), self.cols.groups.len());
        self.pending.groups.push(NONE);
        let mut codes = vec![NONE; self.cols.len()];
        codes.reserve(self.room.saturating_sub(codes.len()));
        self.cols.groups.push(GroupColumn {
            key: key.to_string(),
            values: Vec::new(),
            codes,
        });
        self.group_index.push(FastMap::default());
        GroupSlot(self.cols.groups.len() - 1)
    }

    /// Starts a row of facility `id` (trimmed) on `date`; a row begun and not committed is
    /// dropped.
    ///
    /// # Errors
    ///
    /// As [`FacilityId::new`] (an empty id).
    ///
    /// ```
    /// let mut b = overcrowding::model::PanelBuilder::new();
    /// assert!(b.begin("  ", "2024-12-31".parse().unwrap()).is_err());
    /// ```
    pub fn begin(&mut self, id: &str, date: Date) -> Result<()> {
        let id = crate::model::trim::trim(id);
        let facility = match self.id_index.get(id) {
            Some(&f) => f,
            None => {
                let f = FacilityId::new(id)?;
                let code = u32::try_from(self.ids.len()).map_err(|_| {
                    Error::from(ErrorKind::Overflow {
                        what: "facility count",
                    })
                })?;
                self.ids.push(f);
                self.id_index.insert(id.into(), code);
                code
            }
        };
        self.begin_code(facility, date);
        Ok(())
    }

    /// The code of facility `id` (trimmed) when a row of it was begun before, without
    /// interning it: a reader that finds it skips the tests a new id needs (crate-internal).
    #[cfg(feature = "io")]
    pub(crate) fn facility_code(&self, id: &str) -> Option<u32> {
        self.id_index.get(id).copied()
    }

    /// Whether facility code `code` is the facility `id` (trimmed): a reader that guesses the
    /// next row's facility checks its guess with one comparison (crate-internal).
    #[cfg(feature = "io")]
    pub(crate) fn facility_is(&self, code: u32, id: &str) -> bool {
        self.ids
            .get(code as usize)
            .is_some_and(|f| f.as_str() == id)
    }

    /// The code of value `value` in group `slot` when a row gave it before, without
    /// interning it: a reader tests a new value before [`intern_group`](Self::intern_group)
    /// interns it (crate-internal).
    #[cfg(feature = "io")]
    pub(crate) fn group_code(&self, slot: GroupSlot, value: &str) -> Option<u32> {
        self.group_index
            .get(slot.0)
            .and_then(|index| index.get(value))
            .copied()
    }

    /// Whether code `code` of group `slot` is the value `value`: a reader that guesses a
    /// row's group value (its facility's last one) checks the guess with one comparison
    /// (crate-internal).
    #[cfg(feature = "io")]
    pub(crate) fn group_code_is(&self, slot: GroupSlot, code: u32, value: &str) -> bool {
        self.cols
            .groups
            .get(slot.0)
            .and_then(|col| col.values.get(code as usize))
            .is_some_and(|v| v == value)
    }

    /// The code of `value` in group `slot`, interned when new; `NONE` for a slot that is
    /// not the builder's.
    pub(crate) fn intern_group(&mut self, slot: GroupSlot, value: &str) -> u32 {
        let (Some(col), Some(index)) = (
            self.cols.groups.get_mut(slot.0),
            self.group_index.get_mut(slot.0),
        ) else {
            return NONE;
        };
        match index.get(value) {
            Some(&c) => c,
            None => {
                let c = col.values.len() as u32;
                col.values.push(value.to_string());
                index.insert(value.into(), c);
                c
            }
        }
    }

    /// [`begin`](Self::begin) for a facility already interned (a code from
    /// [`facility_code`](Self::facility_code)); crate-internal.
    pub(crate) fn begin_code(&mut self, facility: u32, date: Date) {
        let p = &mut self.pending;
        p.open = true;
        p.facility = facility;
        p.day = days::day_number(date);
        p.date = date;
        p.line = None;
        p.name = None;
        p.population = None;
        p.status = LegalStatus::default();
        p.capacities.clear();
        p.groups.fill(NONE);
    }

    /// The row's line in its file (1-based, header = line 1), for the errors of a fold.
    ///
    /// ```
    /// let mut b = overcrowding::model::PanelBuilder::new();
    /// b.begin("A", "2024-12-31".parse().unwrap())?;
    /// b.at_line(2);
    /// b.commit()?;
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn at_line(&mut self, line: usize) {
        self.pending.line = Some(line);
    }

    /// Sets the row's facility name.
    ///
    /// ```
    /// let mut b = overcrowding::model::PanelBuilder::new();
    /// b.begin("A", "2024-12-31".parse().unwrap())?;
    /// b.name("Alpha");
    /// b.commit()?;
    /// assert_eq!(b.finish()?.row(0).unwrap().name(), Some("Alpha"));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn name(&mut self, name: &str) {
        let code = match self.name_index.get(name) {
            Some(&c) => c,
            None => {
                let c = self.names.len() as u32;
                self.names.push(name.to_string());
                self.name_index.insert(name.into(), c);
                c
            }
        };
        self.pending.name = Some(code);
    }

    /// Sets the row's population total.
    ///
    /// ```
    /// let mut b = overcrowding::model::PanelBuilder::new();
    /// b.begin("A", "2024-12-31".parse().unwrap())?;
    /// b.population(7);
    /// b.commit()?;
    /// assert_eq!(b.finish()?.row(0).unwrap().population_total(), Some(7));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn population(&mut self, total: u64) {
        self.pending.population = Some(total);
    }

    /// Sets the row's legal-status components (checked against the total at commit).
    ///
    /// ```
    /// use overcrowding::LegalStatus;
    /// let mut b = overcrowding::model::PanelBuilder::new();
    /// b.begin("A", "2024-12-31".parse().unwrap())?;
    /// b.population(10);
    /// b.legal_status(LegalStatus { untried: Some(11), ..LegalStatus::default() });
    /// assert!(b.commit().is_err());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn legal_status(&mut self, status: LegalStatus) {
        self.pending.status = status;
    }

    /// Lists capacity `slot` on the row with `places` (`None`: listed, not reported).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::ZeroCapacity`](crate::ErrorKind::ZeroCapacity) for 0 places; [`ErrorKind::Duplicate`](crate::ErrorKind::Duplicate) when the row already lists
    /// the kind.
    ///
    /// ```
    /// use overcrowding::CapacityKind;
    /// let mut b = overcrowding::model::PanelBuilder::new();
    /// let k = b.capacity_slot(CapacityKind::Design);
    /// b.begin("A", "2024-12-31".parse().unwrap())?;
    /// assert!(b.capacity(k, Some(0)).unwrap_err().is_zero_denominator());
    /// b.capacity(k, Some(10))?;
    /// assert!(b.capacity(k, Some(11)).unwrap_err().is_duplicate());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn capacity(&mut self, slot: CapacitySlot, places: Option<u64>) -> Result<()> {
        let kind_name = || {
            self.cols
                .capacities
                .get(slot.0)
                .map(|c| c.kind.name().to_string())
                .unwrap_or_default()
        };
        if places == Some(0) {
            return Err(Error::from(ErrorKind::ZeroCapacity {
                kind: kind_name(),
                value: "0".to_string(),
            })
            .at(self.pending_location()));
        }
        if self.pending.capacities.iter().any(|&(k, _)| k == slot.0) {
            return Err(Error::from(ErrorKind::Duplicate {
                what: "capacity kind",
                first_line: None,
            })
            .at(self.pending_location().with_column(kind_name())));
        }
        self.pending.capacities.push((slot.0, places));
        Ok(())
    }

    /// Sets group `slot` to `value` on the row (replacing an earlier value).
    ///
    /// ```
    /// let mut b = overcrowding::model::PanelBuilder::new();
    /// let g = b.group_slot("region");
    /// b.begin("A", "2024-12-31".parse().unwrap())?;
    /// b.group(g, "North");
    /// b.commit()?;
    /// assert_eq!(b.finish()?.row(0).unwrap().group("region"), Some("North"));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn group(&mut self, slot: GroupSlot, value: &str) {
        let code = self.intern_group(slot, value);
        if code != NONE
            && let Some(g) = self.pending.groups.get_mut(slot.0)
        {
            *g = code;
        }
    }

    /// The row being written as (facility number, day number, first capacity kind listed),
    /// for a reader's own uniqueness rule before [`PanelBuilder::commit`].
    #[cfg(feature = "io")]
    pub(crate) fn pending_key(&self) -> (u32, i32, Option<usize>) {
        let p = &self.pending;
        (p.facility, p.day, p.capacities.first().map(|&(k, _)| k))
    }

    /// Where the row being written is: its facility, date and line.
    pub(crate) fn pending_location(&self) -> Location {
        let p = &self.pending;
        let mut at = Location::facility(
            self.ids
                .get(p.facility as usize)
                .map(FacilityId::as_str)
                .unwrap_or_default(),
        )
        .with_date(p.date);
        at.line = p.line;
        at
    }

    /// Writes the row begun with [`PanelBuilder::begin`] (or folds it into the row of the same
    /// facility and date); on an error nothing is written.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::MissingValue`](crate::ErrorKind::MissingValue) when no row was begun; as [`LegalStatus::validate`]; for a second
    /// row of a facility and date: [`ErrorKind::Duplicate`](crate::ErrorKind::Duplicate) when merging is off or both list a
    /// capacity kind, [`ErrorKind::Conflict`](crate::ErrorKind::Conflict) when names or populations differ.
    ///
    /// ```
    /// use overcrowding::CapacityKind;
    /// let mut b = overcrowding::model::PanelBuilder::new();
    /// let (cna, op) = (b.capacity_slot(CapacityKind::Cna), b.capacity_slot(CapacityKind::Operational));
    /// let d = "2024-12-31".parse().unwrap();
    /// b.begin("A", d)?; b.population(120); b.capacity(cna, Some(100))?; b.commit()?;
    /// b.begin("A", d)?; b.population(120); b.capacity(op, Some(130))?; b.commit()?;
    /// b.begin("A", d)?; b.population(121); b.at_line(4);
    /// assert_eq!(b.commit().unwrap_err().to_string(),
    ///     "line 4 (facility \"A\") on 2024-12-31: population is 120 in one place and 121 (line 4) in another");
    /// let p = b.finish()?;
    /// assert_eq!((p.len(), p.row(0).unwrap().capacity(&CapacityKind::Operational)), (1, Some(130)));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn commit(&mut self) -> Result<()> {
        self.flush();
        if !self.pending.open {
            return Err(Error::from(ErrorKind::MissingValue {
                what: "a row begun before commit",
            }));
        }
        self.pending.open = false;
        if let Some(total) = self.pending.population {
            let line = self.pending.line;
            self.pending
                .status
                .validate(total)
                .map_err(|e| match line {
                    Some(l) => e.with_line(l),
                    None => e,
                })?;
        } else if self.pending.status != LegalStatus::default() {
            return Err(Error::from(ErrorKind::MissingValue {
                what: "population (legal-status components are given)",
            })
            .at(self.pending_location()));
        }
        let (facility, day) = (self.pending.facility, self.pending.day);
        let keys = Order::keys(facility, day);
        let place = match self.order.place(keys, self.cols.len()) {
            Some(place) => place,
            None => {
                if !self.order.indexed {
                    self.build_index();
                }
                match self.index.get(&key(facility, day)) {
                    Some(&row) => Place::Fold(row as usize),
                    None => Place::New,
                }
            }
        };
        match place {
            Place::Fold(row) => self.fold_into(row),
            Place::New => {
                let row = u32::try_from(self.cols.len())
                    .map_err(|_| Error::from(ErrorKind::Overflow { what: "panel rows" }))?;
                self.append();
                if self.order.indexed {
                    self.index.insert(key(facility, day), row);
                }
                self.order.push(keys);
                Ok(())
            }
        }
    }

    /// Writes a row of an interned facility from its values (crate-internal: the reader's
    /// loop for plain rows) — the same as [`begin_code`](Self::begin_code), the setters
    /// and [`commit`](Self::commit), with the same result and errors; a row new in the order
    /// the rows arrive is staged and written to the columns with up to 63 others
    /// ([`Staged`]), any other row (a fold, rows out of order, a panel with names or
    /// legal-status columns) goes through the pending row.
    ///
    /// # Errors
    ///
    /// As [`capacity`](Self::capacity) and [`commit`](Self::commit).
    #[cfg(feature = "io")]
    pub(crate) fn push_row(&mut self, r: &RowValues<'_>) -> Result<()> {
        if self.stage(r) {
            return Ok(());
        }
        self.begin_code(r.facility, r.date);
        self.pending.line = Some(r.line);
        for &(slot, code) in r.groups {
            if let Some(g) = self.pending.groups.get_mut(slot.0) {
                *g = code;
            }
        }
        self.pending.population = r.population;
        for &(slot, places) in r.capacities {
            self.capacity(slot, places)?;
        }
        self.commit()
    }

    /// Stages `r` when it is a new row in the arrival order, with no capacity of 0 and no
    /// capacity slot twice (or one not the builder's), in a panel without name and
    /// legal-status columns (`true`); else nothing is staged.
    #[cfg(feature = "io")]
    fn stage(&mut self, r: &RowValues<'_>) -> bool {
        if !self.cols.name.is_empty() || !self.cols.status.is_empty() {
            return false;
        }
        let rows = self.rows();
        if u32::try_from(rows).is_err() {
            return false;
        }
        let keys = Order::keys(r.facility, r.day);
        if !matches!(self.order.place(keys, rows), Some(Place::New)) {
            return false;
        }
        let s = &mut self.staged;
        if s.n == 0 {
            s.capacities
                .resize_with(self.cols.capacities.len(), || StagedCapacity {
                    counts: [0; CHUNK],
                    valid: 0,
                    listed: 0,
                });
            s.groups.resize(self.cols.groups.len(), [NONE; CHUNK]);
        }
        // `n` < 64 always (a full stage is written at once): the mask keeps the index in
        // the arrays without a check.
        let i = s.n & (CHUNK - 1);
        let bit = 1u64 << i;
        s.facility[i] = r.facility;
        s.days[i] = r.day;
        s.lines[i] = u32::try_from(r.line).unwrap_or(0);
        s.population[i] = r.population.unwrap_or(0);
        s.population_valid |= u64::from(r.population.is_some()) << i;
        for c in &mut s.capacities {
            c.counts[i] = 0;
        }
        for &(slot, places) in r.capacities {
            match s.capacities.get_mut(slot.0) {
                // A kind listed twice or 0 places: the pending row says which error.
                Some(c) if c.listed & bit == 0 && places != Some(0) => {
                    c.counts[i] = places.unwrap_or(0);
                    c.valid |= u64::from(places.is_some()) << i;
                    c.listed |= bit;
                }
                _ => {
                    // Row `i`'s bits are cleared again: bits past the staged rows stay 0.
                    s.population_valid &= !bit;
                    for c in &mut s.capacities {
                        c.valid &= !bit;
                        c.listed &= !bit;
                    }
                    return false;
                }
            }
        }
        for g in &mut s.groups {
            g[i] = NONE;
        }
        for &(slot, code) in r.groups {
            if let Some(g) = s.groups.get_mut(slot.0) {
                g[i] = code;
            }
        }
        s.n += 1;
        self.order.push(keys);
        if self.staged.n == CHUNK {
            self.flush();
        }
        true
    }

    /// Writes the staged rows to the columns.
    fn flush(&mut self) {
        let s = &mut self.staged;
        let n = s.n;
        if n == 0 {
            return;
        }
        let cols = &mut self.cols;
        cols.facility
            .extend_from_slice(s.facility.get(..n).unwrap_or_default());
        cols.days
            .extend_from_slice(s.days.get(..n).unwrap_or_default());
        self.lines
            .extend_from_slice(s.lines.get(..n).unwrap_or_default());
        cols.population.extend(
            s.population.get(..n).unwrap_or_default(),
            s.population_valid,
        );
        s.population_valid = 0;
        for (col, st) in cols.capacities.iter_mut().zip(&mut s.capacities) {
            col.counts
                .extend(st.counts.get(..n).unwrap_or_default(), st.valid);
            col.listed.extend_bits(st.listed, n);
            st.valid = 0;
            st.listed = 0;
        }
        for (col, st) in cols.groups.iter_mut().zip(&s.groups) {
            col.codes.extend_from_slice(st.get(..n).unwrap_or_default());
        }
        s.n = 0;
    }

    /// The (facility, day) → row index of the rows so far, kept up to date from now on.
    fn build_index(&mut self) {
        self.index.reserve(self.cols.len());
        for (row, (&f, &d)) in self.cols.facility.iter().zip(&self.cols.days).enumerate() {
            self.index.insert(key(f, d), row as u32);
        }
        self.order.indexed = true;
    }

    fn append(&mut self) {
        let p = &self.pending;
        let n = self.cols.len();
        self.cols.facility.push(p.facility);
        self.cols.days.push(p.day);
        if let Some(code) = p.name {
            if self.cols.name.len() < n {
                self.cols.name.resize(n, NONE);
            }
            self.cols.name.push(code);
        } else if !self.cols.name.is_empty() {
            self.cols.name.push(NONE);
        }
        self.cols.population.push(p.population);
        let status = p.status.named();
        if status.iter().any(|(_, v)| v.is_some()) && self.cols.status.is_empty() {
            self.cols.status = (0..4).map(|_| CountColumn::cleared(n)).collect();
        }
        for (col, (_, v)) in self.cols.status.iter_mut().zip(status) {
            col.push(v);
        }
        for (i, col) in self.cols.capacities.iter_mut().enumerate() {
            match p.capacities.iter().find(|(k, _)| *k == i) {
                Some(&(_, v)) => {
                    col.counts.push(v);
                    col.listed.push(true);
                }
                None => {
                    col.counts.push(None);
                    col.listed.push(false);
                }
            }
        }
        for (col, &code) in self.cols.groups.iter_mut().zip(&p.groups) {
            col.codes.push(code);
        }
        self.lines
            .push(p.line.and_then(|l| u32::try_from(l).ok()).unwrap_or(0));
    }

    fn fold_into(&mut self, row: usize) -> Result<()> {
        let first_line = self.lines.get(row).map(|&l| l as usize).filter(|&l| l > 0);
        let line = self.pending.line;
        let at = || {
            let mut at = self.pending_location();
            at.line = line;
            at
        };
        let given = |v: GivenValue, l: Option<usize>| Given::new(v).at_line(l);
        if self.refuse_duplicates {
            return Err(Error::from(ErrorKind::Duplicate {
                what: "facility and date",
                first_line,
            })
            .at(at()));
        }
        if self.tell_repeats && self.repeats(row) {
            return Err(Error::from(ErrorKind::Duplicate {
                what: "row",
                first_line,
            })
            .at(at()));
        }
        let p = &self.pending;
        let old_name = self.cols.name.get(row).copied().filter(|&c| c != NONE);
        if let (Some(a), Some(b)) = (old_name, p.name)
            && a != b
        {
            let name = |c: u32| self.names.get(c as usize).cloned().unwrap_or_default();
            return Err(Error::from(ErrorKind::Conflict {
                what: "name",
                first: given(name(a).into(), first_line),
                second: given(name(b).into(), line),
            })
            .at(at()));
        }
        let old_pop = self.cols.population.get(row);
        let old_status = self.status_of(row);
        if let (Some(a), Some(b)) = (old_pop, p.population)
            && (a != b || old_status != p.status)
        {
            return Err(Error::from(ErrorKind::Conflict {
                what: "population",
                first: given(a.into(), first_line),
                second: given(b.into(), line),
            })
            .at(at()));
        }
        if let Some(&(k, _)) = p.capacities.iter().find(|(k, _)| {
            self.cols
                .capacities
                .get(*k)
                .is_some_and(|c| c.listed.is_valid(row))
        }) {
            let kind = self
                .cols
                .capacities
                .get(k)
                .map(|c| c.kind.name().to_string())
                .unwrap_or_default();
            let old = self.cols.capacities.get(k).and_then(|c| c.counts.get(row));
            let new = p
                .capacities
                .iter()
                .find(|(j, _)| *j == k)
                .and_then(|&(_, v)| v);
            if self.tell_repeats && old != new {
                return Err(Error::from(ErrorKind::Conflict {
                    what: "capacity",
                    first: given(old.into(), first_line),
                    second: given(new.into(), line),
                })
                .at(at().with_column(kind)));
            }
            return Err(Error::from(ErrorKind::Duplicate {
                what: "capacity kind",
                first_line,
            })
            .at(at().with_column(kind)));
        }
        // No conflict: take in what the row adds.
        let p = &self.pending;
        if old_name.is_none()
            && let Some(code) = p.name
        {
            if self.cols.name.len() < self.cols.len() {
                self.cols.name.resize(self.cols.len(), NONE);
            }
            if let Some(slot) = self.cols.name.get_mut(row) {
                *slot = code;
            }
        }
        if old_pop.is_none()
            && let Some(total) = p.population
        {
            self.cols.population.set(row, Some(total));
            let status = p.status.named();
            if status.iter().any(|(_, v)| v.is_some()) && self.cols.status.is_empty() {
                let n = self.cols.len();
                self.cols.status = (0..4).map(|_| CountColumn::cleared(n)).collect();
            }
            for (col, (_, v)) in self.cols.status.iter_mut().zip(status) {
                col.set(row, v);
            }
        }
        for &(k, v) in &p.capacities {
            if let Some(col) = self.cols.capacities.get_mut(k) {
                col.counts.set(row, v);
                col.listed.set(row, true);
            }
        }
        for (col, &code) in self.cols.groups.iter_mut().zip(&p.groups) {
            if let Some(slot) = col.codes.get_mut(row)
                && *slot == NONE
            {
                *slot = code;
            }
        }
        Ok(())
    }

    fn status_of(&self, row: usize) -> LegalStatus {
        match self.cols.status.as_slice() {
            [a, b, c, d] => LegalStatus {
                untried: a.get(row),
                convicted_unsentenced: b.get(row),
                under_appeal: c.get(row),
                sentenced: d.get(row),
            },
            _ => LegalStatus::default(),
        }
    }

    /// Adds an owned [`Record`] as one row (folded as any other row).
    ///
    /// # Errors
    ///
    /// As [`Record::check`] and [`PanelBuilder::commit`].
    ///
    /// ```
    /// let mut b = overcrowding::model::PanelBuilder::new();
    /// b.push_record(&overcrowding::Record::new("A", "2024-12-31".parse().unwrap())?)?;
    /// assert_eq!(b.rows(), 1);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn push_record(&mut self, r: &Record) -> Result<()> {
        r.check()?;
        self.begin(r.id().as_str(), r.date())?;
        if let Some(name) = r.name() {
            self.name(name);
        }
        for (k, v) in r.groups() {
            let g = self.group_slot(k);
            self.group(g, v);
        }
        // A record counts whole people; the builder's unit may be finer.
        let unit = self.cols.unit;
        let scaled = |v: u64| {
            CountUnit::WHOLE.rescale(v, unit).ok_or_else(|| {
                Error::from(ErrorKind::Overflow {
                    what: "a count in a finer count unit",
                })
            })
        };
        let scaled_opt = |v: Option<u64>| v.map(scaled).transpose();
        if let Some(p) = r.population() {
            self.population(scaled(p.total())?);
            let s = p.legal_status();
            self.legal_status(LegalStatus {
                untried: scaled_opt(s.untried)?,
                convicted_unsentenced: scaled_opt(s.convicted_unsentenced)?,
                under_appeal: scaled_opt(s.under_appeal)?,
                sentenced: scaled_opt(s.sentenced)?,
            });
        }
        for (kind, places) in r.capacities() {
            let slot = self.capacity_slot(kind.clone());
            self.pending.capacities.push((slot.0, scaled_opt(*places)?));
        }
        self.commit()
    }

    /// The unit of the counts given to [`population`](Self::population),
    /// [`legal_status`](Self::legal_status) and [`capacity`](Self::capacity): whole people
    /// unless [`raise_count_unit`](Self::raise_count_unit) made it finer.
    ///
    /// ```
    /// assert!(overcrowding::model::PanelBuilder::new().count_unit().is_whole());
    /// ```
    pub fn count_unit(&self) -> CountUnit {
        self.cols.unit
    }

    /// Makes the counts' unit `unit` when it is finer than the current one: every count
    /// given so far (the rows committed and the row being written) is multiplied to it, and
    /// counts given from now on are in it. A coarser or equal unit changes nothing.
    /// [`finish`](Self::finish) makes the panel's unit the coarsest that keeps every count
    /// exact (whole people when every count is whole).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Overflow`](crate::ErrorKind::Overflow) when a count so far does not fit
    /// a `u64` in the finer unit; the builder is then unchanged.
    ///
    /// ```
    /// use overcrowding::model::{CountUnit, PanelBuilder};
    /// let d = "2024-12-31".parse().unwrap();
    /// let mut b = PanelBuilder::new();
    /// b.begin("A", d)?; b.population(12); b.commit()?;
    /// b.raise_count_unit(CountUnit::new(2)?)?;
    /// b.begin("B", d)?; b.population(794_675); b.commit()?; // 7946.75
    /// let p = b.finish()?;
    /// assert_eq!(p.count_unit().decimals(), 2);
    /// assert_eq!(p.population_column().values(), &[1200, 794_675]);
    /// let mut b = PanelBuilder::new();
    /// b.begin("A", d)?; b.population(u64::MAX / 10 + 1); b.commit()?;
    /// assert!(b.raise_count_unit(CountUnit::new(1)?).is_err());
    /// assert!(b.count_unit().is_whole());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn raise_count_unit(&mut self, unit: CountUnit) -> Result<()> {
        self.flush();
        let from = self.cols.unit;
        let Some(factor) = from.rescale(1, unit).filter(|_| unit > from) else {
            return Ok(());
        };
        let pending = &self.pending;
        let status = |s: &LegalStatus| {
            [
                s.untried,
                s.convicted_unsentenced,
                s.under_appeal,
                s.sentenced,
            ]
        };
        let pending_counts = pending
            .population
            .into_iter()
            .chain(status(&pending.status).into_iter().flatten())
            .chain(pending.capacities.iter().filter_map(|&(_, v)| v));
        let fits = self.cols.population.fits_scale(factor)
            && self.cols.status.iter().all(|c| c.fits_scale(factor))
            && self
                .cols
                .capacities
                .iter()
                .all(|c| c.counts.fits_scale(factor))
            && pending_counts
                .into_iter()
                .all(|v| v.checked_mul(factor).is_some());
        if !fits {
            return Err(Error::from(ErrorKind::Overflow {
                what: "a count so far, in the finer count unit a value with more decimals needs,",
            })
            .at(self.pending_location()));
        }
        self.cols.population.scale_up(factor);
        for c in &mut self.cols.status {
            c.scale_up(factor);
        }
        for c in &mut self.cols.capacities {
            c.counts.scale_up(factor);
        }
        let p = &mut self.pending;
        let up = |v: &mut Option<u64>| {
            if let Some(v) = v {
                *v = v.saturating_mul(factor);
            }
        };
        up(&mut p.population);
        up(&mut p.status.untried);
        up(&mut p.status.convicted_unsentenced);
        up(&mut p.status.under_appeal);
        up(&mut p.status.sentenced);
        for (_, v) in &mut p.capacities {
            up(v);
        }
        self.cols.unit = unit;
        Ok(())
    }

    /// Rows so far (after folding).
    ///
    /// ```
    /// assert_eq!(overcrowding::model::PanelBuilder::new().rows(), 0);
    /// ```
    pub fn rows(&self) -> usize {
        self.cols.len() + self.staged.n
    }

    /// The panel: rows sorted by date and facility id, the date offsets and the facility
    /// index built.
    ///
    /// # Errors
    ///
    /// None today; the `Result` keeps room for a check at the end of a read.
    ///
    /// ```
    /// let mut b = overcrowding::model::PanelBuilder::new();
    /// for id in ["B", "A"] {
    ///     b.begin(id, "2024-12-31".parse().unwrap())?;
    ///     b.commit()?;
    /// }
    /// assert_eq!(b.finish()?.facility_ids()[0].as_str(), "A");
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn finish(mut self) -> Result<Panel> {
        self.flush();
        let PanelBuilder {
            ids,
            names,
            mut cols,
            lines,
            index,
            id_index,
            ..
        } = self;
        // The builder's own per-row and per-facility stores go before the panel's index is
        // built (the read's peak memory), and the columns give back unused room.
        drop((lines, index, id_index));
        cols.shrink_to_fit();
        coarsest_unit(&mut cols);
        let n = cols.len();
        if !cols.name.is_empty() && cols.name.len() < n {
            cols.name.resize(n, NONE);
        }
        // Facilities with rows, numbered in id order.
        let mut used = vec![false; ids.len()];
        for &f in &cols.facility {
            if let Some(u) = used.get_mut(f as usize) {
                *u = true;
            }
        }
        let mut order: Vec<u32> = (0..ids.len() as u32)
            .filter(|&c| used.get(c as usize).copied().unwrap_or(false))
            .collect();
        order.sort_unstable_by(|&a, &b| ids[a as usize].cmp(&ids[b as usize]));
        let mut renumber = vec![NONE; ids.len()];
        for (new, &old) in order.iter().enumerate() {
            renumber[old as usize] = new as u32;
        }
        let mut ids: Vec<Option<FacilityId>> = ids.into_iter().map(Some).collect();
        let sorted_ids: Vec<FacilityId> = order
            .iter()
            .filter_map(|&old| ids.get_mut(old as usize).and_then(Option::take))
            .collect();
        for f in &mut cols.facility {
            *f = renumber.get(*f as usize).copied().unwrap_or(NONE);
        }
        // Sort by (date, facility) unless already so.
        let sort_key = |i: usize| -> u64 {
            (u64::from((cols.days[i] as u32) ^ 0x8000_0000) << 32) | u64::from(cols.facility[i])
        };
        let sorted = (1..n).all(|i| sort_key(i - 1) < sort_key(i));
        let cols = if sorted {
            cols
        } else {
            let mut keyed: Vec<(u64, u32)> = (0..n).map(|i| (sort_key(i), i as u32)).collect();
            keyed.sort_unstable();
            let perm: Vec<u32> = keyed.into_iter().map(|(_, i)| i).collect();
            cols.gather(&perm)
        };
        Ok(Panel::assemble(sorted_ids, names, cols))
    }
}

#[cfg(all(test, feature = "io"))]
mod tests {
    use super::{NONE, PanelBuilder, RowValues};
    use crate::CapacityKind;
    use jiff::civil::Date;

    /// A row as `push_row` takes it and as the setters write it.
    struct Row {
        facility: &'static str,
        date: Date,
        population: Option<u64>,
        capacities: Vec<(usize, Option<u64>)>,
        group: Option<&'static str>,
        name: Option<&'static str>,
    }

    fn rows() -> Vec<Row> {
        let d = |n: i64| {
            jiff::civil::date(2020, 1, 1)
                .checked_add(jiff::Span::new().days(7 * n))
                .unwrap()
        };
        let ids = ["A", "B", "C", "D", "E", "F", "G"];
        let mut out = Vec::new();
        for (n, id) in (0..30).flat_map(|n| ids.iter().map(move |id| (n, *id))) {
            let k = out.len() as u64;
            out.push(Row {
                facility: id,
                date: d(n),
                population: (!k.is_multiple_of(5)).then_some(k),
                capacities: match k % 4 {
                    0 => vec![(0, Some(10 + k))],
                    1 => vec![(0, None), (1, Some(3))],
                    2 => vec![(1, Some(5)), (0, Some(7))],
                    _ => vec![],
                },
                group: (!k.is_multiple_of(3)).then_some(if k.is_multiple_of(2) {
                    "north"
                } else {
                    "south"
                }),
                name: None,
            });
        }
        // A fold (same facility and date, a capacity kind more), a kind twice, 0 places, a
        // row out of both orders, then more rows in order, a named row, more rows.
        let late = out.last().map(|r| r.date).unwrap();
        out.push(Row {
            facility: "G",
            date: late,
            population: None,
            capacities: vec![(2, Some(9))],
            group: None,
            name: None,
        });
        out.push(Row {
            facility: "A",
            date: d(40),
            population: Some(1),
            capacities: vec![(0, Some(1)), (0, Some(2))],
            group: None,
            name: None,
        });
        out.push(Row {
            facility: "B",
            date: d(40),
            population: Some(1),
            capacities: vec![(1, Some(0))],
            group: None,
            name: None,
        });
        out.push(Row {
            facility: "C",
            date: d(3),
            population: Some(2),
            capacities: vec![],
            group: Some("east"),
            name: None,
        });
        for n in 41..50 {
            for id in ids {
                out.push(Row {
                    facility: id,
                    date: d(n),
                    population: Some(n as u64),
                    capacities: vec![(1, Some(n as u64))],
                    group: Some("west"),
                    name: (n == 45 && id == "D").then_some("Delta"),
                });
            }
        }
        out
    }

    /// The builder's panel (and each row's result) from the setters, or from `push_row`.
    fn build(staged: bool) -> String {
        let mut b = PanelBuilder::new().telling_repeats();
        let kinds = [
            b.capacity_slot(CapacityKind::Design),
            b.capacity_slot(CapacityKind::Operational),
            b.capacity_slot(CapacityKind::Rated),
        ];
        let region = b.group_slot("region");
        let mut results = Vec::new();
        for (line, r) in rows().iter().enumerate() {
            let facility = match b.facility_code(r.facility) {
                Some(f) => f,
                None => {
                    b.begin(r.facility, r.date).unwrap();
                    b.facility_code(r.facility).unwrap()
                }
            };
            let capacities: Vec<_> = r.capacities.iter().map(|&(k, v)| (kinds[k], v)).collect();
            let code = r.group.map_or(NONE, |g| b.intern_group(region, g));
            let result = if staged && r.name.is_none() {
                b.push_row(&RowValues {
                    facility,
                    date: r.date,
                    day: crate::model::panel::days::day_number(r.date),
                    line: line + 2,
                    population: r.population,
                    capacities: &capacities,
                    groups: &[(region, code)],
                })
            } else {
                b.begin_code(facility, r.date);
                b.at_line(line + 2);
                if let Some(g) = r.group {
                    b.group(region, g);
                }
                if let Some(name) = r.name {
                    b.name(name);
                }
                if let Some(p) = r.population {
                    b.population(p);
                }
                capacities
                    .iter()
                    .try_for_each(|&(k, v)| b.capacity(k, v))
                    .and_then(|()| b.commit())
            };
            results.push(result);
        }
        format!("{results:?}\n{:?}", b.finish().unwrap())
    }

    /// Rows staged 64 at a time give the panel, and the errors, the pending row gives.
    #[test]
    fn staged_rows_build_the_pending_rows_panel() {
        let staged = build(true);
        assert_eq!(staged, build(false));
        assert!(staged.contains("Delta") && staged.contains("Err("));
    }
}
