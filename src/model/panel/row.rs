//! [`Row`]: one facility on one date, borrowed from a [`Panel`]; [`Rows`]: a run of rows in
//! row order (a date's, the whole panel's, or a [`PanelView`](super::PanelView)'s: a run of
//! its list of row numbers).

use std::fmt;
use std::ops::Range;

use jiff::civil::Date;

use super::{NONE, Panel, days};
use crate::ErrorKind;
use crate::error::{Error, Location, Result};
use crate::exact::Ratio;
use crate::model::{CapacityKind, FacilityId, LegalStatus, Population, Record};

/// One facility on one date, borrowed from a [`Panel`]: the accessors of a [`Record`],
/// read from the panel's columns (nothing is copied until asked for).
///
/// # Semantics
///
/// As [`Record`]: not reported is `None`, never 0 and never another kind's value.
///
/// ```
/// use overcrowding::CapacityKind;
/// let p = overcrowding::datasets::cambodia_panel()?;
/// let kh = p.row(0).unwrap();
/// assert_eq!(kh.id().as_str(), "KH");
/// assert_eq!(kh.occupancy(&CapacityKind::Design)?.percent_rounded(1), 144.4);
/// assert_eq!(kh.capacity(&CapacityKind::Rated), None);
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(Clone, Copy)]
pub struct Row<'a> {
    panel: &'a Panel,
    i: usize,
}

impl<'a> Row<'a> {
    #[inline]
    pub(crate) fn new(panel: &'a Panel, i: usize) -> Row<'a> {
        Row { panel, i }
    }

    /// The unit of the row's counts: its panel's [`count_unit`](Panel::count_unit).
    ///
    /// ```
    /// let p = overcrowding::datasets::cambodia_panel()?;
    /// assert!(p.row(0).unwrap().count_unit().is_whole());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn count_unit(&self) -> crate::model::CountUnit {
        self.panel.count_unit()
    }

    /// The row's number in its panel (by date, then facility id).
    ///
    /// ```
    /// let p = overcrowding::datasets::cambodia_panel()?;
    /// assert_eq!(p.row(0).unwrap().index(), 0);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    #[inline]
    pub fn index(&self) -> usize {
        self.i
    }

    /// The facility's number (its place in [`Panel::facility_ids`]).
    ///
    /// ```
    /// let p = overcrowding::datasets::cambodia_panel()?;
    /// assert_eq!(p.row(0).unwrap().facility_code(), 0);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    #[inline]
    pub fn facility_code(&self) -> usize {
        self.panel.cols.facility.get(self.i).copied().unwrap_or(0) as usize
    }

    /// The facility.
    ///
    /// ```
    /// let p = overcrowding::datasets::cambodia_panel()?;
    /// assert_eq!(p.row(0).unwrap().id().as_str(), "KH");
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    #[inline]
    pub fn id(&self) -> &'a FacilityId {
        // Every row's code is in the dictionary (the panel's invariant).
        &self.panel.ids[self.facility_code()]
    }

    /// The date the row is of.
    ///
    /// ```
    /// let p = overcrowding::datasets::cambodia_panel()?;
    /// assert_eq!(p.row(0).unwrap().date().to_string(), "2021-06-30");
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    #[inline]
    pub fn date(&self) -> Date {
        let day = self.panel.cols.days.get(self.i).copied().unwrap_or(0);
        days::date_of(day).unwrap_or_default()
    }

    /// The facility's name, if given.
    ///
    /// ```
    /// let p = overcrowding::datasets::cambodia_panel()?;
    /// assert_eq!(p.row(0).unwrap().name(), Some("Cambodia (all 28 prisons)"));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn name(&self) -> Option<&'a str> {
        let code = *self.panel.cols.name.get(self.i)?;
        self.panel.names.get(code as usize).map(String::as_str)
    }

    /// The value of group key `key`, if set.
    ///
    /// ```
    /// use overcrowding::{Panel, Record};
    /// let p = Panel::new([Record::new("A", "2021-06-30".parse().unwrap())?.with_group("state", "CA")])?;
    /// assert_eq!(p.row(0).unwrap().group("state"), Some("CA"));
    /// assert_eq!(p.row(0).unwrap().group("county"), None);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn group(&self, key: &str) -> Option<&'a str> {
        let g = self.panel.cols.groups.iter().find(|g| g.key == key)?;
        let code = *g.codes.get(self.i)?;
        g.values.get(code as usize).map(String::as_str)
    }

    /// Every group key set on this row and its value, in the panel's key order.
    ///
    /// ```
    /// use overcrowding::{Panel, Record};
    /// let p = Panel::new([Record::new("A", "2021-06-30".parse().unwrap())?.with_group("state", "CA")])?;
    /// assert_eq!(p.row(0).unwrap().groups().collect::<Vec<_>>(), vec![("state", "CA")]);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn groups(&self) -> impl Iterator<Item = (&'a str, &'a str)> + 'a {
        let i = self.i;
        self.panel.cols.groups.iter().filter_map(move |g| {
            let code = *g.codes.get(i)?;
            if code == NONE {
                return None;
            }
            Some((g.key.as_str(), g.values.get(code as usize)?.as_str()))
        })
    }

    /// The number of people held, or `None` when not reported — in the panel's
    /// [`count_unit`](Self::count_unit) (whole people unless averages were read exactly).
    ///
    /// ```
    /// let p = overcrowding::datasets::cambodia_panel()?;
    /// assert_eq!(p.row(0).unwrap().population_total(), Some(39_000));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    #[inline]
    pub fn population_total(&self) -> Option<u64> {
        self.panel.cols.population.get(self.i)
    }

    /// The legal-status components reported (all `None` when none is).
    ///
    /// ```
    /// let p = overcrowding::datasets::cambodia_panel()?;
    /// assert_eq!(p.row(0).unwrap().legal_status().untried, None);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn legal_status(&self) -> LegalStatus {
        match self.panel.cols.status.as_slice() {
            [a, b, c, d] => LegalStatus {
                untried: a.get(self.i),
                convicted_unsentenced: b.get(self.i),
                under_appeal: c.get(self.i),
                sentenced: d.get(self.i),
            },
            _ => LegalStatus::default(),
        }
    }

    /// The population with its legal-status components, or `None` when not reported.
    ///
    /// ```
    /// let p = overcrowding::datasets::cambodia_panel()?;
    /// assert_eq!(p.row(0).unwrap().population().unwrap().total(), 39_000);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn population(&self) -> Option<Population> {
        let total = self.population_total()?;
        // The components were validated against the total when the row was built.
        Some(Population::new(total, self.date()).with_legal_status(self.legal_status()))
    }

    /// The places of capacity `kind`, or `None` when not reported (never another kind).
    ///
    /// ```
    /// use overcrowding::CapacityKind;
    /// let p = overcrowding::datasets::cambodia_panel()?;
    /// assert_eq!(p.row(0).unwrap().capacity(&CapacityKind::Design), Some(27_000));
    /// assert_eq!(p.row(0).unwrap().capacity(&CapacityKind::Rated), None);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    #[inline]
    pub fn capacity(&self, kind: &CapacityKind) -> Option<u64> {
        self.panel.capacity_column(kind)?.get(self.i)
    }

    /// Whether the row lists `kind` (reported or not).
    ///
    /// ```
    /// use overcrowding::{CapacityKind, Panel, Record};
    /// let r = Record::new("A", "2021-06-30".parse().unwrap())?.with_capacity_not_reported(CapacityKind::Rated);
    /// let p = Panel::new([r])?;
    /// assert!(p.row(0).unwrap().lists_capacity(&CapacityKind::Rated));
    /// assert!(!p.row(0).unwrap().lists_capacity(&CapacityKind::Design));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn lists_capacity(&self, kind: &CapacityKind) -> bool {
        self.panel
            .cols
            .capacities
            .iter()
            .any(|c| c.kind == *kind && c.listed.is_valid(self.i))
    }

    /// Every listed capacity kind with its places (`None`: listed, not reported).
    ///
    /// ```
    /// use overcrowding::{CapacityKind, Panel, Record};
    /// let r = Record::new("A", "2021-06-30".parse().unwrap())?
    ///     .with_capacity(CapacityKind::Design, 10).with_capacity_not_reported(CapacityKind::Rated);
    /// let p = Panel::new([r])?;
    /// let caps: Vec<_> = p.row(0).unwrap().capacities().collect();
    /// assert_eq!(caps, vec![(&CapacityKind::Design, Some(10)), (&CapacityKind::Rated, None)]);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn capacities(&self) -> impl Iterator<Item = (&'a CapacityKind, Option<u64>)> + 'a {
        let i = self.i;
        self.panel
            .cols
            .capacities
            .iter()
            .filter(move |c| c.listed.is_valid(i))
            .map(move |c| (&c.kind, c.counts.get(i)))
    }

    /// Population ÷ capacity of `kind`, exact.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::MissingValue`](crate::ErrorKind::MissingValue) when the population or that capacity is not reported (never a
    /// fallback to another kind).
    ///
    /// ```
    /// use overcrowding::CapacityKind;
    /// let p = overcrowding::datasets::cambodia_panel()?;
    /// assert_eq!(p.row(0).unwrap().occupancy(&CapacityKind::Design)?.percent_rounded(1), 144.4);
    /// assert!(p.row(0).unwrap().occupancy(&CapacityKind::Rated).is_err());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn occupancy(&self, kind: &CapacityKind) -> Result<Ratio> {
        let missing = |what| Error::from(ErrorKind::MissingValue { what }).at(self.location());
        let p = self
            .population_total()
            .ok_or_else(|| missing("population"))?;
        let c = self
            .capacity(kind)
            .ok_or_else(|| missing(super::super::record::capacity_label(kind)))?;
        Ratio::with_name(p as u128, c as u128, "capacity")
    }

    /// Where this row is, for errors: its facility and date.
    ///
    /// ```
    /// let p = overcrowding::datasets::cambodia_panel()?;
    /// assert_eq!(p.row(0).unwrap().location().to_string(), "facility \"KH\" on 2021-06-30");
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn location(&self) -> Location {
        Location::facility(self.id().as_str()).with_date(self.date())
    }

    /// The row as an owned [`Record`].
    ///
    /// ```
    /// let p = overcrowding::datasets::cambodia_panel()?;
    /// assert_eq!(p.row(0).unwrap().to_record().population_total(), Some(39_000));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn to_record(&self) -> Record {
        Record::from_row(self)
    }
}

impl PartialEq for Row<'_> {
    /// The same facility, date, name, groups, population and capacities.
    fn eq(&self, other: &Row<'_>) -> bool {
        fn sorted_groups<'b>(r: &Row<'b>) -> Vec<(&'b str, &'b str)> {
            let mut g: Vec<(&str, &str)> = r.groups().collect();
            g.sort();
            g
        }
        fn sorted_caps<'b>(r: &Row<'b>) -> Vec<(&'b CapacityKind, Option<u64>)> {
            let mut c: Vec<(&CapacityKind, Option<u64>)> = r.capacities().collect();
            c.sort();
            c
        }
        self.id() == other.id()
            && self.date() == other.date()
            && self.name() == other.name()
            && self.population_total() == other.population_total()
            && self.legal_status() == other.legal_status()
            && sorted_groups(self) == sorted_groups(other)
            && sorted_caps(self) == sorted_caps(other)
    }
}

impl fmt::Debug for Row<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Row")
            .field("id", &self.id().as_str())
            .field("date", &self.date())
            .field("name", &self.name())
            .field("population", &self.population_total())
            .field("capacities", &self.capacities().collect::<Vec<_>>())
            .finish()
    }
}

/// A run of a panel's rows, in row order: one date's ([`Panel::on`]), all of them
/// ([`Panel::rows`]), or a [`PanelView`](super::PanelView)'s (a run of its ascending list of
/// row numbers: the view's rows of one date, or all of them).
///
/// ```
/// let p = overcrowding::datasets::cambodia_panel()?;
/// let rows = p.on(p.latest_date().unwrap());
/// assert_eq!(rows.len(), 1);
/// assert_eq!(rows.iter().filter_map(|r| r.population_total()).sum::<u64>(), 39_000);
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(Clone, Copy)]
pub struct Rows<'a> {
    panel: &'a Panel,
    start: usize,
    end: usize,
    /// `None`: the rows `start..end`; `Some(list)`: the rows `list[start..end]`.
    index: Option<&'a [u32]>,
}

impl<'a> Rows<'a> {
    pub(crate) fn new(panel: &'a Panel, range: Range<usize>) -> Rows<'a> {
        Rows {
            panel,
            start: range.start,
            end: range.end.max(range.start),
            index: None,
        }
    }

    /// The rows `index[range]` (`index` ascending row numbers of `panel`).
    pub(crate) fn listed(panel: &'a Panel, index: &'a [u32], range: Range<usize>) -> Rows<'a> {
        let end = range.end.min(index.len());
        Rows {
            panel,
            start: range.start.min(end),
            end,
            index: Some(index),
        }
    }

    /// Number of rows.
    ///
    /// ```
    /// assert_eq!(overcrowding::datasets::cambodia_panel()?.rows().len(), 1);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// Whether there is no row.
    ///
    /// ```
    /// assert!(overcrowding::Panel::default().rows().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.end == self.start
    }

    /// The `i`-th row of the run, `None` beyond its end.
    ///
    /// ```
    /// let p = overcrowding::datasets::cambodia_panel()?;
    /// assert_eq!(p.rows().get(0).unwrap().id().as_str(), "KH");
    /// assert!(p.rows().get(1).is_none());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn get(&self, i: usize) -> Option<Row<'a>> {
        (i < self.len()).then(|| Row::new(self.panel, self.number(i)))
    }

    /// The panel's row number of the `i`-th row of the run (`i < len`).
    #[inline]
    pub(crate) fn number(&self, i: usize) -> usize {
        match self.index {
            None => self.start + i,
            Some(list) => list[self.start + i] as usize,
        }
    }

    /// The panel's row numbers when they are one contiguous range, else the list of them.
    pub(crate) fn numbers(&self) -> Result<Range<usize>, &'a [u32]> {
        match self.index {
            None => Ok(self.start..self.end),
            Some(list) => Err(&list[self.start..self.end]),
        }
    }

    /// The first row.
    ///
    /// ```
    /// assert!(overcrowding::datasets::cambodia_panel()?.rows().first().is_some());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn first(&self) -> Option<Row<'a>> {
        self.get(0)
    }

    /// The last row.
    ///
    /// ```
    /// assert!(overcrowding::Panel::default().rows().last().is_none());
    /// ```
    pub fn last(&self) -> Option<Row<'a>> {
        self.len().checked_sub(1).and_then(|i| self.get(i))
    }

    /// The rows, in order.
    ///
    /// ```
    /// assert_eq!(overcrowding::datasets::cambodia_panel()?.rows().iter().count(), 1);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn iter(&self) -> RowIter<'a> {
        RowIter {
            panel: self.panel,
            range: self.start..self.end,
            index: self.index,
        }
    }

    /// The panel's row numbers of the run as one range when they are contiguous (a panel's
    /// rows, or one date's); `None` for a view's rows picked by a list
    /// ([`PanelView::filter`](super::PanelView::filter)), whose numbers
    /// [`row_numbers`](Self::row_numbers) gives.
    ///
    /// ```
    /// let p = overcrowding::datasets::cambodia_panel()?;
    /// assert_eq!(p.rows().range(), Some(0..1));
    /// assert_eq!(p.view().filter(|_| true).rows().range(), None);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn range(&self) -> Option<Range<usize>> {
        self.numbers().ok()
    }

    /// The panel's row numbers of the run, ascending.
    ///
    /// ```
    /// let p = overcrowding::datasets::cambodia_panel()?;
    /// assert_eq!(p.rows().row_numbers().collect::<Vec<_>>(), vec![0]);
    /// assert_eq!(p.view().filter(|_| false).rows().row_numbers().count(), 0);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn row_numbers(&self) -> impl ExactSizeIterator<Item = usize> + DoubleEndedIterator + 'a {
        let (index, range) = (self.index, self.start..self.end);
        range.map(move |i| match index {
            None => i,
            Some(list) => list[i] as usize,
        })
    }

    /// The panel the rows are of.
    ///
    /// ```
    /// let p = overcrowding::datasets::cambodia_panel()?;
    /// assert_eq!(p.rows().panel().len(), 1);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn panel(&self) -> &'a Panel {
        self.panel
    }
}

impl fmt::Debug for Rows<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<'a> IntoIterator for Rows<'a> {
    type Item = Row<'a>;
    type IntoIter = RowIter<'a>;
    fn into_iter(self) -> RowIter<'a> {
        self.iter()
    }
}

impl<'a> IntoIterator for &Rows<'a> {
    type Item = Row<'a>;
    type IntoIter = RowIter<'a>;
    fn into_iter(self) -> RowIter<'a> {
        self.iter()
    }
}

/// An iterator over [`Row`]s (see [`Rows::iter`]).
///
/// ```
/// let p = overcrowding::datasets::cambodia_panel()?;
/// assert_eq!(p.rows().iter().len(), 1);
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(Clone)]
pub struct RowIter<'a> {
    panel: &'a Panel,
    range: Range<usize>,
    index: Option<&'a [u32]>,
}

impl RowIter<'_> {
    #[inline]
    fn number(&self, i: usize) -> usize {
        match self.index {
            None => i,
            Some(list) => list[i] as usize,
        }
    }
}

impl<'a> Iterator for RowIter<'a> {
    type Item = Row<'a>;
    #[inline]
    fn next(&mut self) -> Option<Row<'a>> {
        let i = self.range.next()?;
        Some(Row::new(self.panel, self.number(i)))
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.range.size_hint()
    }
}

impl DoubleEndedIterator for RowIter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        let i = self.range.next_back()?;
        Some(Row::new(self.panel, self.number(i)))
    }
}

impl ExactSizeIterator for RowIter<'_> {}
