//! [`FacilityObservation`]: one facility's population and capacity of the named kind on one
//! date, either possibly not reported; [`FacilityOccupancy`]: a covered facility's occupancy.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Location, Result};
use crate::exact::Ratio;
use crate::model::{CapacityKind, FacilityId, Record, Row};

/// One facility's numbers on one date, either of which may be missing.
///
/// # Semantics
///
/// `capacity` is the capacity of the kind named in [`SummaryOptions`](super::SummaryOptions); `None` means not
/// reported — never 0, never another kind. `group` is any key to group by (jurisdiction,
/// region, sex of the people held); `None` puts the facility in the `None` group.
///
/// ```
/// use overcrowding::system::FacilityObservation;
/// let o = FacilityObservation::new("CC1", Some(2_900), Some(2_050)).unwrap().with_group("Phnom Penh");
/// assert_eq!(o.population, Some(2_900));
/// assert_eq!(o.group.as_deref(), Some("Phnom Penh"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FacilityObservation {
    /// The facility.
    pub id: FacilityId,
    /// A grouping key, if any.
    pub group: Option<String>,
    /// People held, if reported.
    pub population: Option<u64>,
    /// Places of the named capacity kind, if reported.
    pub capacity: Option<u64>,
}

impl FacilityObservation {
    /// An observation without a group.
    ///
    /// # Errors
    ///
    /// As [`FacilityId::new`].
    ///
    /// ```
    /// let o = overcrowding::system::FacilityObservation::new("A", None, Some(10)).unwrap();
    /// assert_eq!(o.capacity, Some(10));
    /// ```
    pub fn new(
        id: impl AsRef<str>,
        population: Option<u64>,
        capacity: Option<u64>,
    ) -> Result<FacilityObservation> {
        Ok(FacilityObservation {
            id: FacilityId::new(id)?,
            group: None,
            population,
            capacity,
        })
    }

    /// The observation of `record` against capacity `kind`: its population and its capacity
    /// of that kind, each `None` when not reported (never another kind), grouped by the
    /// record's value of group key `group_by` when given.
    ///
    /// ```
    /// use overcrowding::{CapacityKind, Record};
    /// use overcrowding::system::FacilityObservation;
    /// let r = Record::new("A", "2024-12-31".parse().unwrap())?
    ///     .with_group("region", "North").with_population_total(120)?
    ///     .with_capacity(CapacityKind::Operational, 130)?;
    /// let o = FacilityObservation::from_record(&r, &CapacityKind::Cna, Some("region"));
    /// assert_eq!((o.population, o.capacity), (Some(120), None));
    /// assert_eq!(o.group.as_deref(), Some("North"));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn from_record(
        record: &Record,
        kind: &CapacityKind,
        group_by: Option<&str>,
    ) -> FacilityObservation {
        FacilityObservation {
            id: record.id().clone(),
            group: group_by.and_then(|k| record.group(k)).map(String::from),
            population: record.population_total(),
            capacity: record.capacity(kind),
        }
    }

    /// The observation of a panel's `row` against capacity `kind`, as
    /// [`FacilityObservation::from_record`].
    ///
    /// ```
    /// use overcrowding::CapacityKind;
    /// use overcrowding::system::FacilityObservation;
    /// let p = overcrowding::datasets::cambodia_panel()?;
    /// let o = FacilityObservation::from_row(p.row(0).unwrap(), &CapacityKind::Design, None);
    /// assert_eq!((o.population, o.capacity), (Some(39_000), Some(27_000)));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn from_row(
        row: Row<'_>,
        kind: &CapacityKind,
        group_by: Option<&str>,
    ) -> FacilityObservation {
        FacilityObservation {
            id: row.id().clone(),
            group: group_by.and_then(|k| row.group(k)).map(String::from),
            population: row.population_total(),
            capacity: row.capacity(kind),
        }
    }

    /// Sets the group key.
    ///
    /// ```
    /// let o = overcrowding::system::FacilityObservation::new("A", Some(1), Some(1)).unwrap().with_group("north");
    /// assert_eq!(o.group.as_deref(), Some("north"));
    /// ```
    pub fn with_group(mut self, group: impl Into<String>) -> Self {
        self.group = Some(group.into());
        self
    }
}

/// One facility's occupancy.
///
/// ```
/// use overcrowding::system::{FacilityObservation, facility_occupancies};
/// let obs = [FacilityObservation::new("A", Some(150), Some(100)).unwrap()];
/// let f = &facility_occupancies(&obs).unwrap()[0];
/// assert_eq!(f.occupancy.percent(), 150.0);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FacilityOccupancy {
    /// The facility.
    pub id: FacilityId,
    /// Its group key.
    pub group: Option<String>,
    /// People held.
    pub population: u64,
    /// Places (of the named kind).
    pub capacity: u64,
    /// population ÷ capacity.
    pub occupancy: Ratio,
}

/// What a summary reads of one observation, borrowed from a [`FacilityObservation`] or a
/// [`Record`]: the id and group are not copied (only a facility left out of the sums, or
/// listed among the most overcrowded, has them cloned).
#[derive(Debug, Clone, Copy)]
pub(crate) struct ObservationRef<'a> {
    pub(crate) id: &'a FacilityId,
    pub(crate) group: Option<&'a str>,
    pub(crate) population: Option<u64>,
    pub(crate) capacity: Option<u64>,
}

impl<'a> ObservationRef<'a> {
    /// As [`FacilityObservation::from_record`], borrowed.
    #[inline]
    pub(crate) fn of_record(
        record: &'a Record,
        kind: &CapacityKind,
        group_by: Option<&str>,
    ) -> ObservationRef<'a> {
        ObservationRef {
            id: record.id(),
            group: group_by.and_then(|k| record.group(k)),
            population: record.population_total(),
            capacity: record.capacity(kind),
        }
    }
}

/// A panel's columns resolved once for one capacity kind and grouping key, so that a row's
/// observation is a few array reads (no search by kind or key per row).
pub(crate) struct PanelColumns<'a> {
    ids: &'a [FacilityId],
    facility: &'a [u32],
    population: &'a crate::model::CountColumn,
    capacity: Option<&'a crate::model::CountColumn>,
    group: Option<(&'a [String], &'a [u32])>,
}

impl<'a> PanelColumns<'a> {
    pub(crate) fn new(
        panel: &'a crate::model::Panel,
        kind: &CapacityKind,
        group_by: Option<&str>,
    ) -> PanelColumns<'a> {
        PanelColumns {
            ids: panel.facility_ids(),
            facility: panel.facility_codes(),
            population: panel.population_column(),
            capacity: panel.capacity_column(kind),
            group: group_by.and_then(|k| panel.group_column(k)),
        }
    }

    /// Row `i`'s observation (`i` is a row of the panel: every row's facility code is in its
    /// dictionary).
    #[inline]
    pub(crate) fn observation(&self, i: usize) -> ObservationRef<'a> {
        let id = &self.ids[self.facility[i] as usize];
        ObservationRef {
            id,
            group: self.group.and_then(|(values, codes)| {
                codes
                    .get(i)
                    .and_then(|&c| values.get(c as usize))
                    .map(String::as_str)
            }),
            population: self.population.get(i),
            capacity: self.capacity.and_then(|c| c.get(i)),
        }
    }
}

impl<'a> From<&'a FacilityObservation> for ObservationRef<'a> {
    #[inline]
    fn from(o: &'a FacilityObservation) -> Self {
        ObservationRef {
            id: &o.id,
            group: o.group.as_deref(),
            population: o.population,
            capacity: o.capacity,
        }
    }
}

pub(crate) fn duplicate(id: &FacilityId) -> Error {
    Error::from(crate::ErrorKind::Duplicate {
        what: "facility among one date's observations",
        first_line: None,
    })
    .at(Location::facility(id.as_str()))
}
