//! The result of applying a scenario: per facility and system, before and after.
//!
//! [`FacilityOutcome`] is a result, not a row: the owned [`FacilityState`] before and after
//! (the after state is what a further scenario starts from) with the occupancies and bands.

use crate::ErrorKind;
use serde::{Deserialize, Serialize};

use super::{Change, FacilityState, StatusGroup};
use crate::error::{Error, Result};
use crate::metrics::{Band, PretrialDefinition, Ratio, pretrial_share_of};
use crate::model::{FacilityId, LegalStatus, Population};
use crate::system::SystemOccupancy;
/// One facility before and after a scenario.
///
/// ```
/// use overcrowding::{scenario::Scenario, scenario::Change, scenario::FacilityState, CapacityKind, Standard, FacilityId};
/// let out = Scenario::new("wing")
///     .then(Change::AddPlaces { facility: FacilityId::new("A").unwrap(), places: 30 })
///     .apply(&[FacilityState::new("A", CapacityKind::Design, 100, 125).unwrap()], &Standard::critical())
///     .unwrap();
/// let a = &out.facilities[0];
/// assert_eq!((a.band_before.label(), a.band_after.as_ref().unwrap().label()), ("critical overcrowding", "within capacity"));
/// assert!(a.crossed_band());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FacilityOutcome {
    /// The facility.
    pub id: FacilityId,
    /// Its state before.
    pub before: FacilityState,
    /// Its state after; `None` when it was closed.
    pub after: Option<FacilityState>,
    /// Occupancy before.
    pub occupancy_before: Ratio,
    /// Occupancy after; `None` when closed.
    pub occupancy_after: Option<Ratio>,
    /// Band before.
    pub band_before: Band,
    /// Band after; `None` when closed.
    pub band_after: Option<Band>,
}

impl FacilityOutcome {
    /// Whether the facility changed band (closing counts as a change).
    ///
    /// ```
    /// # use overcrowding::{scenario::Scenario, scenario::FacilityState, CapacityKind, Standard};
    /// let out = Scenario::new("nothing").apply(&[FacilityState::new("A", CapacityKind::Design, 10, 12).unwrap()], &Standard::critical()).unwrap();
    /// assert!(!out.facilities[0].crossed_band());
    /// ```
    pub fn crossed_band(&self) -> bool {
        self.band_after.as_ref() != Some(&self.band_before)
    }
}

/// The system after one step of a scenario.
///
/// ```
/// # use overcrowding::{scenario::Scenario, scenario::Change, scenario::FacilityState, CapacityKind, Standard, scenario::ReleaseFrom};
/// let out = Scenario::new("two steps")
///     .then(Change::Release { from: ReleaseFrom::Proportional, status: None, count: 10 })
///     .then(Change::Release { from: ReleaseFrom::Proportional, status: None, count: 10 })
///     .apply(&[FacilityState::new("A", CapacityKind::Design, 100, 120).unwrap()], &Standard::critical()).unwrap();
/// assert_eq!(out.steps[0].system.population, 110);
/// assert_eq!(out.steps[1].system.population, 100);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    /// The change applied.
    pub change: Change,
    /// The system after it.
    pub system: SystemOccupancy,
    /// People released by it.
    pub released: u64,
    /// People moved between facilities by it.
    pub transferred: u64,
}

/// The result of [`Scenario::apply`](super::Scenario::apply).
///
/// ```
/// # use overcrowding::{scenario::Scenario, scenario::Change, scenario::FacilityState, CapacityKind, Standard, scenario::ReleaseFrom};
/// let out = Scenario::new("27 releases")
///     .then(Change::Release { from: ReleaseFrom::Proportional, status: None, count: 27 })
///     .apply(&[FacilityState::new("KH", CapacityKind::Design, 27_000, 39_000).unwrap()], &Standard::critical()).unwrap();
/// // 27 releases move the system by 0.1 point: 144.4 % -> 144.3 %.
/// assert_eq!(out.system_after.ratio.percent_rounded(1), 144.3);
/// assert_eq!(out.released, 27);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScenarioOutcome {
    /// Per facility, in input order.
    pub facilities: Vec<FacilityOutcome>,
    /// The system before (Σ/Σ).
    pub system_before: SystemOccupancy,
    /// The system after (Σ/Σ over the facilities still open).
    pub system_after: SystemOccupancy,
    /// The system's band before.
    pub band_before: Band,
    /// The system's band after.
    pub band_after: Band,
    /// The system after every step.
    pub steps: Vec<Step>,
    /// People released in total.
    pub released: u64,
    /// People admitted in total.
    pub admitted: u64,
    /// People moved between facilities in total (transfers, rebalancing, closures).
    pub transferred: u64,
}

impl ScenarioOutcome {
    /// The facilities whose band changed.
    ///
    /// ```
    /// # use overcrowding::{scenario::Scenario, scenario::Change, scenario::FacilityState, CapacityKind, Standard, scenario::ReleaseFrom};
    /// let out = Scenario::new("r")
    ///     .then(Change::Release { from: ReleaseFrom::MostOccupiedFirst, status: None, count: 5 })
    ///     .apply(&[FacilityState::new("A", CapacityKind::Design, 10, 12).unwrap(),
    ///              FacilityState::new("B", CapacityKind::Design, 10, 11).unwrap()], &Standard::critical()).unwrap();
    /// assert_eq!(out.crossed().len(), 2); // 120 % -> 90 %, 110 % -> 90 %
    /// ```
    pub fn crossed(&self) -> Vec<&FacilityOutcome> {
        self.facilities
            .iter()
            .filter(|f| f.crossed_band())
            .collect()
    }

    /// The states after the scenario (closed facilities left out), to chain scenarios.
    ///
    /// ```
    /// # use overcrowding::{scenario::Scenario, scenario::Change, scenario::FacilityState, CapacityKind, Standard, FacilityId};
    /// let out = Scenario::new("close B").then(Change::Close { facility: FacilityId::new("B").unwrap() })
    ///     .apply(&[FacilityState::new("A", CapacityKind::Design, 10, 5).unwrap(),
    ///              FacilityState::new("B", CapacityKind::Design, 10, 3).unwrap()], &Standard::critical()).unwrap();
    /// assert_eq!(out.after_states().len(), 1);
    /// assert_eq!(out.after_states()[0].population(), 8);
    /// ```
    pub fn after_states(&self) -> Vec<FacilityState> {
        self.facilities
            .iter()
            .filter_map(|f| f.after.clone())
            .collect()
    }

    /// The system's pretrial share before the scenario under a named definition.
    ///
    /// # Errors
    ///
    /// As [`pretrial_share_of`]: the components the definition needs must be reported by every
    /// facility.
    ///
    /// ```
    /// # use overcrowding::*;
    /// # use overcrowding::scenario::*;
    /// let s = FacilityState::new("A", CapacityKind::Design, 100, 100).unwrap()
    ///     .with_status(LegalStatus { untried: Some(35), convicted_unsentenced: Some(0), under_appeal: Some(34), sentenced: Some(31) });
    /// let out = Scenario::new("none").apply(&[s], &Standard::critical()).unwrap();
    /// assert_eq!(out.pretrial_share_before(PretrialDefinition::Broad).unwrap().percent_rounded(0), 69.0);
    /// ```
    pub fn pretrial_share_before(&self, definition: PretrialDefinition) -> Result<Ratio> {
        let states: Vec<FacilityState> = self.facilities.iter().map(|f| f.before.clone()).collect();
        system_pretrial_share(&states, definition)
    }

    /// The system's pretrial share after the scenario under a named definition.
    ///
    /// # Errors
    ///
    /// As [`ScenarioOutcome::pretrial_share_before`].
    ///
    /// ```
    /// # use overcrowding::*;
    /// # use overcrowding::scenario::*;
    /// let s = FacilityState::new("A", CapacityKind::Design, 100, 100).unwrap()
    ///     .with_status(LegalStatus { untried: Some(35), convicted_unsentenced: Some(0), under_appeal: Some(34), sentenced: Some(31) });
    /// let out = Scenario::new("clear")
    ///     .then(Change::ClearBacklog { from: Where::All, share: Percent::new(100.0).unwrap(), convicted: Percent::new(100.0).unwrap() })
    ///     .apply(&[s], &Standard::critical()).unwrap();
    /// assert_eq!(out.pretrial_share_after(PretrialDefinition::Narrow).unwrap().percent_rounded(0), 0.0);
    /// assert_eq!(out.pretrial_share_after(PretrialDefinition::Broad).unwrap().percent_rounded(0), 34.0);
    /// ```
    pub fn pretrial_share_after(&self, definition: PretrialDefinition) -> Result<Ratio> {
        system_pretrial_share(&self.after_states(), definition)
    }
}

/// The pretrial share of a set of facilities under a named definition: the legal-status
/// components are summed over facilities (a component counts only when every facility reports
/// it) and passed to [`pretrial_share_of`].
///
/// # Errors
///
/// As [`pretrial_share_of`]; [`ErrorKind::Empty`](crate::ErrorKind::Empty) with no facilities.
///
/// ```
/// use overcrowding::{scenario::system_pretrial_share, scenario::FacilityState, CapacityKind, LegalStatus, PretrialDefinition};
/// let a = FacilityState::new("A", CapacityKind::Design, 10, 10).unwrap()
///     .with_status(LegalStatus { untried: Some(5), convicted_unsentenced: Some(0), ..LegalStatus::default() });
/// let b = FacilityState::new("B", CapacityKind::Design, 10, 30).unwrap()
///     .with_status(LegalStatus { untried: Some(5), convicted_unsentenced: Some(0), ..LegalStatus::default() });
/// assert_eq!(system_pretrial_share(&[a, b], PretrialDefinition::Narrow).unwrap().percent_rounded(0), 25.0);
/// ```
pub fn system_pretrial_share(
    states: &[FacilityState],
    definition: PretrialDefinition,
) -> Result<Ratio> {
    if states.is_empty() {
        return Err(Error::from(ErrorKind::Empty { what: "facilities" }));
    }
    let mut total = 0u64;
    let mut sums: [Option<u64>; 4] = [Some(0); 4];
    for s in states {
        total = total
            .checked_add(s.population())
            .ok_or(Error::from(ErrorKind::Overflow {
                what: "system population",
            }))?;
        for (k, g) in StatusGroup::ALL.into_iter().enumerate() {
            sums[k] = sums[k].zip(s.count(g)).map(|(a, b)| a + b);
        }
    }
    let status = LegalStatus {
        untried: sums[0],
        convicted_unsentenced: sums[1],
        under_appeal: sums[2],
        sentenced: sums[3],
    };
    // The date does not enter the share; a fixed one keeps the population valid.
    let pop =
        Population::new(total, jiff::civil::Date::constant(2000, 1, 1)).with_legal_status(status);
    pretrial_share_of(&pop, definition)
}
