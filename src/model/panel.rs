//! [`Panel`]: many facilities over many dates, one [`Record`] per facility and date.

use crate::ErrorKind;
use std::collections::BTreeSet;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::{CapacityKind, FacilityId, Record};
use crate::error::{Error, Result};

/// A dated collection of [`Record`]s: at most one per facility and date, ordered by date and
/// then facility id. It answers "on this date", "date by date" and "this facility over time"
/// without hand grouping; [`crate::system::summarize_panel`] gives a system summary for every
/// date against a capacity kind in one call.
///
/// # Semantics
///
/// - A facility appears at most once per date: [`Panel::new`] refuses a second record
///   ([`ErrorKind::Duplicate`](crate::ErrorKind::Duplicate)); [`Panel::merging`] folds records of the same facility and date
///   into one (a long file lists one capacity kind per row) and refuses only real conflicts.
/// - Records are never dropped or defaulted: a record with nothing reported is kept, and shows
///   in a summary's coverage as lacking its population and capacity.
/// - Deserialising re-validates.
///
/// ```
/// use overcrowding::{CapacityKind, Panel, Record};
/// let (d1, d2) = ("2024-11-29".parse().unwrap(), "2024-12-31".parse().unwrap());
/// let r = |id, d, p, c| Record::new(id, d)?.with_population_total(p)?.with_capacity(CapacityKind::Cna, c);
/// let panel = Panel::new([r("B", d2, 90, 100)?, r("A", d1, 120, 100)?, r("A", d2, 125, 100)?])?;
/// assert_eq!(panel.dates(), vec![d1, d2]);
/// assert_eq!(panel.on(d2).len(), 2);
/// assert_eq!(panel.facility("A").count(), 2);
/// assert_eq!(panel.latest_date(), Some(d2));
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Vec<Record>", into = "Vec<Record>")]
pub struct Panel {
    records: Vec<Record>,
}

impl TryFrom<Vec<Record>> for Panel {
    type Error = Error;
    fn try_from(records: Vec<Record>) -> Result<Panel> {
        Panel::new(records)
    }
}

impl From<Panel> for Vec<Record> {
    fn from(p: Panel) -> Vec<Record> {
        p.records
    }
}

impl Panel {
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
        let mut records: Vec<Record> = records.into_iter().collect();
        sort(&mut records);
        if let Some(w) = records
            .windows(2)
            .find(|w| w[0].date() == w[1].date() && w[0].id() == w[1].id())
        {
            return Err(Error::from(ErrorKind::Duplicate {
                what: "facility and date",
                first_line: None,
            })
            .at(w[1].location()));
        }
        Ok(Panel { records })
    }

    /// A panel of `records` where records of the same facility and date are folded into one
    /// with [`Record::absorb`] (their capacities together), in input order.
    ///
    /// # Errors
    ///
    /// As [`Record::absorb`]: populations or names that disagree, a capacity kind twice.
    ///
    /// ```
    /// use overcrowding::{CapacityKind, Panel, Record};
    /// let d = "2024-12-31".parse().unwrap();
    /// let a = Record::new("A", d)?.with_population_total(120)?.with_capacity(CapacityKind::Cna, 100)?;
    /// let b = Record::new("A", d)?.with_population_total(120)?.with_capacity(CapacityKind::Operational, 130)?;
    /// let p = Panel::merging([a, b])?;
    /// assert_eq!(p.len(), 1);
    /// assert_eq!(p.records()[0].capacities().len(), 2);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn merging(records: impl IntoIterator<Item = Record>) -> Result<Panel> {
        let mut records: Vec<Record> = records.into_iter().collect();
        sort(&mut records); // stable: input order within one facility and date
        let mut out: Vec<Record> = Vec::with_capacity(records.len());
        for r in records {
            match out.last_mut() {
                Some(last) if last.date() == r.date() && last.id() == r.id() => last.absorb(r)?,
                _ => out.push(r),
            }
        }
        Ok(Panel { records: out })
    }

    /// Number of records.
    ///
    /// ```
    /// assert_eq!(overcrowding::Panel::default().len(), 0);
    /// ```
    pub fn len(&self) -> usize {
        self.records.len()
    }

    /// Whether the panel holds no record.
    ///
    /// ```
    /// assert!(overcrowding::Panel::default().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// Every record, by date and then facility id.
    ///
    /// ```
    /// use overcrowding::{Panel, Record};
    /// let d = "2024-12-31".parse().unwrap();
    /// let p = Panel::new([Record::new("B", d)?, Record::new("A", d)?])?;
    /// assert_eq!(p.records()[0].id().as_str(), "A");
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn records(&self) -> &[Record] {
        &self.records
    }

    /// The distinct dates, ascending.
    ///
    /// ```
    /// let b = overcrowding::datasets::cambodia_panel()?;
    /// assert_eq!(b.dates().len(), 1);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn dates(&self) -> Vec<Date> {
        let mut out: Vec<Date> = Vec::new();
        for r in &self.records {
            if out.last() != Some(&r.date()) {
                out.push(r.date());
            }
        }
        out
    }

    /// The latest date, if any.
    ///
    /// ```
    /// assert_eq!(overcrowding::Panel::default().latest_date(), None);
    /// ```
    pub fn latest_date(&self) -> Option<Date> {
        self.records.last().map(Record::date)
    }

    /// The records of `date` (empty when the panel has none of that date), by facility id.
    ///
    /// ```
    /// use overcrowding::{Panel, Record};
    /// let d = "2024-12-31".parse().unwrap();
    /// let p = Panel::new([Record::new("A", d)?])?;
    /// assert_eq!(p.on(d).len(), 1);
    /// assert!(p.on("2024-01-01".parse().unwrap()).is_empty());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn on(&self, date: Date) -> &[Record] {
        let first = self.records.partition_point(|r| r.date() < date);
        let end = self.records.partition_point(|r| r.date() <= date);
        &self.records[first..end]
    }

    /// The records date by date: `(date, that date's records)`, ascending.
    ///
    /// ```
    /// use overcrowding::{Panel, Record};
    /// let (a, b) = ("2024-11-29".parse().unwrap(), "2024-12-31".parse().unwrap());
    /// let p = Panel::new([Record::new("A", a)?, Record::new("A", b)?, Record::new("B", b)?])?;
    /// let sizes: Vec<usize> = p.by_date().map(|(_, rs)| rs.len()).collect();
    /// assert_eq!(sizes, vec![1, 2]);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn by_date(&self) -> impl Iterator<Item = (Date, &[Record])> {
        self.records
            .chunk_by(|a, b| a.date() == b.date())
            .map(|chunk| (chunk[0].date(), chunk))
    }

    /// The records of facility `id`, by date.
    ///
    /// ```
    /// let p = overcrowding::datasets::cambodia_panel()?;
    /// assert_eq!(p.facility("KH").count(), 1);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn facility<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a Record> + 'a {
        self.records.iter().filter(move |r| r.id().as_str() == id)
    }

    /// The distinct facility ids, sorted.
    ///
    /// ```
    /// use overcrowding::{Panel, Record};
    /// let d = "2024-12-31".parse().unwrap();
    /// let p = Panel::new([Record::new("B", d)?, Record::new("A", d)?])?;
    /// assert_eq!(p.facility_ids().len(), 2);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn facility_ids(&self) -> Vec<&FacilityId> {
        let set: BTreeSet<&FacilityId> = self.records.iter().map(Record::id).collect();
        set.into_iter().collect()
    }

    /// The capacity kinds any record lists, sorted.
    ///
    /// ```
    /// let p = overcrowding::datasets::cambodia_panel()?;
    /// assert_eq!(p.capacity_kinds(), vec![overcrowding::CapacityKind::Design]);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn capacity_kinds(&self) -> Vec<CapacityKind> {
        let set: BTreeSet<&CapacityKind> = self
            .records
            .iter()
            .flat_map(|r| r.capacities().iter().map(|(k, _)| k))
            .collect();
        set.into_iter().cloned().collect()
    }

    /// The group keys any record sets, sorted.
    ///
    /// ```
    /// let p = overcrowding::datasets::cambodia_panel()?;
    /// assert!(p.group_keys().is_empty());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn group_keys(&self) -> Vec<&str> {
        let set: BTreeSet<&str> = self
            .records
            .iter()
            .flat_map(|r| r.groups().iter().map(|(k, _)| k.as_str()))
            .collect();
        set.into_iter().collect()
    }

    /// The records for which `keep` holds, as a panel (still one per facility and date).
    ///
    /// ```
    /// use overcrowding::{Panel, Record};
    /// let (a, b) = ("2024-11-29".parse().unwrap(), "2024-12-31".parse().unwrap());
    /// let p = Panel::new([Record::new("A", a)?, Record::new("A", b)?])?;
    /// assert_eq!(p.filter(|r| r.date() == b).len(), 1);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn filter(&self, keep: impl Fn(&Record) -> bool) -> Panel {
        Panel {
            records: self.records.iter().filter(|r| keep(r)).cloned().collect(),
        }
    }
}

fn sort(records: &mut [Record]) {
    records.sort_by(|a, b| a.date().cmp(&b.date()).then_with(|| a.id().cmp(b.id())));
}

impl<'a> IntoIterator for &'a Panel {
    type Item = &'a Record;
    type IntoIter = std::slice::Iter<'a, Record>;
    fn into_iter(self) -> Self::IntoIter {
        self.records.iter()
    }
}
