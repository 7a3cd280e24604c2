//! [`FacilityOccupancy`]: a covered facility's occupancy, as a summary lists it (owned: a
//! summary outlives the panel it was computed from, and serialises); and, inside the crate,
//! `SummaryColumns`: the panel's columns a summary reads, resolved once for one capacity
//! kind and grouping key — not a second row type: a summary reads the table's columns by
//! row number.

use serde::{Deserialize, Serialize};

use crate::exact::Ratio;
use crate::model::{CapacityKind, FacilityId, PanelView};

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

/// A panel's columns (as a [`PanelView`] reads them: its combined group column included)
/// resolved once for one capacity kind and grouping key: a row's numbers
/// are a few array reads (no search by kind or key per row), its id and group are looked up
/// only for the facilities a summary lists.
pub(crate) struct SummaryColumns<'a> {
    ids: &'a [FacilityId],
    facility: &'a [u32],
    /// Population values (0 where not reported) and validity words.
    pub(crate) population: (&'a [u64], &'a [u64]),
    /// Capacity values and validity words; `None`: no row reports the kind.
    pub(crate) capacity: Option<(&'a [u64], &'a [u64])>,
    group: Option<(&'a [String], &'a [u32])>,
}

impl<'a> SummaryColumns<'a> {
    pub(crate) fn new(
        view: &'a PanelView<'_>,
        kind: &CapacityKind,
        group_by: Option<&str>,
    ) -> SummaryColumns<'a> {
        let panel = view.panel();
        let pop = panel.population_column();
        SummaryColumns {
            ids: panel.facility_ids(),
            facility: panel.facility_codes(),
            population: (pop.values(), pop.validity().words()),
            capacity: panel
                .capacity_column(kind)
                .map(|c| (c.values(), c.validity().words())),
            group: group_by.and_then(|k| view.group_column(k)),
        }
    }

    /// Row `i`'s facility id (`i` is a row of the panel: its code is in the dictionary).
    #[inline]
    pub(crate) fn id(&self, i: usize) -> &'a FacilityId {
        &self.ids[self.facility[i] as usize]
    }

    /// Row `i`'s value of the grouping key (`None`: no key asked, or no value).
    #[inline]
    pub(crate) fn group(&self, i: usize) -> Option<&'a str> {
        self.group.and_then(|(values, codes)| {
            codes
                .get(i)
                .and_then(|&c| values.get(c as usize))
                .map(String::as_str)
        })
    }

    /// The grouping key's dictionary and codes, when a key was asked and the panel has it.
    pub(crate) fn group_codes(&self) -> Option<(&'a [String], &'a [u32])> {
        self.group
    }
}
