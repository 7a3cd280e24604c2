//! [`Exclusions`]: records (facility on a date) and whole dates to leave out, explicitly.

use std::collections::BTreeSet;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::{Panel, PanelView};

/// Records and dates to leave out of a [`Panel`] — built by hand or from a data-quality
/// screen's findings (`screen::Screen::exclusions`) — and applied only by an explicit call,
/// [`Panel::without`]. Never applied silently.
///
/// ```
/// use overcrowding::{Panel, Record, model::Exclusions};
/// let (a, b) = ("2013-02-28".parse().unwrap(), "2013-03-22".parse().unwrap());
/// let p = Panel::new([Record::new("X", a)?, Record::new("Y", a)?, Record::new("X", b)?])?;
/// let ex = Exclusions::new().with_date(b).with_record("Y", a);
/// let kept = p.without(&ex);
/// assert_eq!(kept.len(), 1);
/// assert_eq!((ex.dates().len(), ex.records().len()), (1, 1));
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exclusions {
    records: BTreeSet<(String, Date)>,
    dates: BTreeSet<Date>,
}

impl Exclusions {
    /// No exclusions.
    ///
    /// ```
    /// assert!(overcrowding::model::Exclusions::new().is_empty());
    /// ```
    pub fn new() -> Exclusions {
        Exclusions::default()
    }

    /// Adds the record of facility `id` on `date`.
    ///
    /// ```
    /// let ex = overcrowding::model::Exclusions::new().with_record("A", "2021-06-30".parse().unwrap());
    /// assert_eq!(ex.records().len(), 1);
    /// ```
    pub fn with_record(mut self, id: impl Into<String>, date: Date) -> Exclusions {
        self.records.insert((id.into(), date));
        self
    }

    /// Adds a whole date (every facility's record of that date).
    ///
    /// ```
    /// let ex = overcrowding::model::Exclusions::new().with_date("2013-03-22".parse().unwrap());
    /// assert_eq!(ex.dates().len(), 1);
    /// ```
    pub fn with_date(mut self, date: Date) -> Exclusions {
        self.dates.insert(date);
        self
    }

    /// The excluded (facility, date) pairs.
    ///
    /// ```
    /// assert!(overcrowding::model::Exclusions::new().records().is_empty());
    /// ```
    pub fn records(&self) -> &BTreeSet<(String, Date)> {
        &self.records
    }

    /// The excluded dates.
    ///
    /// ```
    /// assert!(overcrowding::model::Exclusions::new().dates().is_empty());
    /// ```
    pub fn dates(&self) -> &BTreeSet<Date> {
        &self.dates
    }

    /// Whether nothing is excluded.
    ///
    /// ```
    /// assert!(!overcrowding::model::Exclusions::new().with_date("2013-03-22".parse().unwrap()).is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.records.is_empty() && self.dates.is_empty()
    }

    /// Whether facility `id` on `date` is excluded (its date, or itself).
    ///
    /// ```
    /// use overcrowding::model::Exclusions;
    /// let d = "2021-06-30".parse().unwrap();
    /// let ex = Exclusions::new().with_record("A", d);
    /// assert!(ex.excludes("A", d));
    /// assert!(!ex.excludes("B", d));
    /// ```
    pub fn excludes(&self, id: &str, date: Date) -> bool {
        self.dates.contains(&date)
            || (!self.records.is_empty() && self.records.contains(&(id.to_string(), date)))
    }
}

impl Panel {
    /// The panel's rows but the excluded records and dates, as a view (nothing copied;
    /// [`PanelView::to_panel`] copies it into a panel of its own).
    ///
    /// ```
    /// use overcrowding::{Panel, Record, model::Exclusions};
    /// let d = "2021-06-30".parse().unwrap();
    /// let p = Panel::new([Record::new("A", d)?, Record::new("B", d)?])?;
    /// assert_eq!(p.without(&Exclusions::new().with_record("A", d)).len(), 1);
    /// assert_eq!(p.len(), 2);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn without(&self, exclusions: &Exclusions) -> PanelView<'_> {
        self.view()
            .filter(|r| !exclusions.excludes(r.id().as_str(), r.date()))
    }
}
