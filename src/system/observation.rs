//! [`FacilityOccupancy`]: a covered facility's occupancy, as a summary lists it (owned: a
//! summary outlives the panel it was computed from, and serialises); and, inside the crate,
//! `ObservationRef`: what a summary reads of one [`Row`](crate::Row) against one capacity
//! kind and grouping key, resolved once per column (`PanelColumns`) — not a second row
//! type, the row's few numbers a summary needs, borrowed.

use serde::{Deserialize, Serialize};

use crate::exact::Ratio;
use crate::model::{CapacityKind, FacilityId, Row};

/// One facility's occupancy.
///
/// ```
/// use overcrowding::CapacityKind;
/// use overcrowding::system::facility_occupancies;
/// let p = overcrowding::datasets::cambodia_panel()?;
/// let f = &facility_occupancies(p.rows(), &CapacityKind::Design)?[0];
/// assert_eq!(f.occupancy.percent_rounded(1), 144.4);
/// # Ok::<(), overcrowding::Error>(())
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

/// What a summary reads of one row against one capacity kind and grouping key: the id and
/// group are borrowed (only a facility left out of the sums, or listed among the most
/// overcrowded, has them cloned).
#[derive(Debug, Clone, Copy)]
pub(crate) struct ObservationRef<'a> {
    pub(crate) id: &'a FacilityId,
    pub(crate) group: Option<&'a str>,
    pub(crate) population: Option<u64>,
    pub(crate) capacity: Option<u64>,
}

impl<'a> ObservationRef<'a> {
    /// Row `row`'s numbers against capacity `kind` (not reported: `None`, never another
    /// kind), grouped by its value of `group_by` when given.
    #[inline]
    pub(crate) fn of_row(row: Row<'a>, kind: &CapacityKind, group_by: Option<&str>) -> Self {
        ObservationRef {
            id: row.id(),
            group: group_by.and_then(|k| row.group(k)),
            population: row.population_total(),
            capacity: row.capacity(kind),
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
