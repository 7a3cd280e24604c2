//! What-if scenarios: releases, the pretrial backlog, capacity changes, transfers and optimal
//! rebalancing, applied to a set of facilities and reported before / after.
//!
//! # Semantics
//!
//! - A [`Scenario`] is an ordered list of [`Change`]s. [`Scenario::apply`] applies them in
//!   order to a set of [`FacilityState`]s (each with a capacity of the *same* named kind) and
//!   returns a [`ScenarioOutcome`]: occupancy per facility and for the system (Σ/Σ, via
//!   [`system_occupancy`]) before and after, the band of a [`Standard`] each falls in, the
//!   facilities that crossed a band, and the system after every step.
//! - All arithmetic is exact in integers; comparisons between occupancies are exact
//!   [`Ratio`] comparisons. A change that would make a count negative is
//!   [`ErrorKind::NegativeCount`], a transfer above a facility's ceiling is
//!   [`ErrorKind::LimitExceeded`]: never clamped.
//! - Shares (of a group, of the untried) are decimal [`Percent`]s applied with a floor:
//!   `⌊share × count⌋` people, per facility.
//! - A release or transfer that names no legal status takes people from every group in
//!   proportion to its size (largest remainder), keeping the status mix.
//! - Optimal rebalancing is documented, with its algorithm and optimality argument, in
//!   [`rebalance_plan`].
//!
//! ```
//! use overcrowding::{scenario::Scenario, scenario::Change, scenario::ReleaseFrom, scenario::FacilityState, CapacityKind, Standard};
//! let prisons = vec![
//!     FacilityState::new("A", CapacityKind::Design, 100, 150).unwrap(),
//!     FacilityState::new("B", CapacityKind::Design, 100, 90).unwrap(),
//! ];
//! let out = Scenario::new("release 40")
//!     .then(Change::Release { from: ReleaseFrom::MostOccupiedFirst, status: None, count: 40 })
//!     .apply(&prisons, &Standard::critical())
//!     .unwrap();
//! assert_eq!(out.system_before.ratio.percent_rounded(0), 120.0);
//! assert_eq!(out.system_after.ratio.percent_rounded(0), 100.0);
//! assert_eq!(out.facilities[0].occupancy_after.unwrap().percent_rounded(0), 110.0);
//! assert_eq!(out.band_after.label(), "within capacity");
//! ```

mod apply;
mod level;
mod outcome;
pub mod rebalance;
mod state;

pub use crate::model::StatusGroup;
pub use outcome::{FacilityOutcome, ScenarioOutcome, Step, system_pretrial_share};
pub use rebalance::{Move, Objective, RebalancePlan, rebalance_plan};
pub use state::FacilityState;

use crate::ErrorKind;
use crate::error::Constraint;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
#[cfg(doc)]
use crate::metrics::Ratio;
use crate::metrics::{Percent, Standard};
use crate::model::FacilityId;
#[cfg(doc)]
use crate::system::system_occupancy;
use apply::{add, apply_change, system_of};

/// Where a release of a number of people is taken from.
///
/// ```
/// use overcrowding::scenario::ReleaseFrom;
/// let from = ReleaseFrom::Facility(overcrowding::FacilityId::new("CC1").unwrap());
/// assert!(matches!(from, ReleaseFrom::Facility(_)));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReleaseFrom {
    /// From one facility.
    Facility(FacilityId),
    /// Spread over all facilities in proportion to their population (of the named group),
    /// largest remainder, ties to the earlier facility.
    Proportional,
    /// One at a time from the facility with the highest occupancy at that moment (exact
    /// comparison, ties to the earlier facility): the release that minimises the maximum
    /// occupancy.
    MostOccupiedFirst,
}

/// Which facilities a share-based change applies to.
///
/// ```
/// assert_ne!(overcrowding::scenario::Where::All, overcrowding::scenario::Where::Facility(overcrowding::FacilityId::new("A").unwrap()));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Where {
    /// One facility.
    Facility(FacilityId),
    /// Every facility, each with its own floor.
    All,
}

/// One change of a [`Scenario`].
///
/// ```
/// use overcrowding::{scenario::Change, scenario::Where, Percent};
/// let c = Change::ClearBacklog { from: Where::All, share: Percent::new(100.0).unwrap(), convicted: Percent::new(60.0).unwrap() };
/// assert!(matches!(c, Change::ClearBacklog { .. }));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// Release `count` people (of `status`, or of any status in proportion).
    Release {
        /// Where from.
        from: ReleaseFrom,
        /// Only people of this legal status, or any.
        status: Option<StatusGroup>,
        /// How many.
        count: u64,
    },
    /// Release `⌊share × group⌋` people of a group in each facility in scope.
    ReleaseShare {
        /// Which facilities.
        from: Where,
        /// The group (or everyone).
        status: Option<StatusGroup>,
        /// The share of the group released (≤ 100 %).
        share: Percent,
    },
    /// Try `⌊share × untried⌋` untried people in each facility in scope:
    /// `⌊convicted × tried⌋` of them are sentenced (they join the sentenced group, or the
    /// unreported residual when sentenced is not reported) and the rest are released.
    ClearBacklog {
        /// Which facilities.
        from: Where,
        /// Share of the untried who are tried (≤ 100 %).
        share: Percent,
        /// Share of those tried who are convicted and stay, sentenced (≤ 100 %).
        convicted: Percent,
    },
    /// Admit `count` new people to a facility (ceilings do not apply to admissions).
    Admit {
        /// The facility.
        to: FacilityId,
        /// Their legal status (must be reported there), or unreported.
        status: Option<StatusGroup>,
        /// How many.
        count: u64,
    },
    /// Open places: a new wing of `places` in a facility.
    AddPlaces {
        /// The facility.
        facility: FacilityId,
        /// Places added.
        places: u64,
    },
    /// Take places out of use (a condemned wing). Taking all of them is an error: use
    /// [`Change::Close`].
    RemovePlaces {
        /// The facility.
        facility: FacilityId,
        /// Places removed.
        places: u64,
    },
    /// Close a facility: its people are moved one at a time to the remaining facility with
    /// the lowest occupancy after receipt, within ceilings (which minimises the highest
    /// occupancy among the receivers).
    Close {
        /// The facility closed.
        facility: FacilityId,
    },
    /// Transfer `count` people from one facility to another, within the receiver's ceiling.
    Transfer {
        /// Sending facility.
        from: FacilityId,
        /// Receiving facility.
        to: FacilityId,
        /// How many.
        count: u64,
        /// Only people of this status, or any in proportion.
        status: Option<StatusGroup>,
    },
    /// An optimal rebalance with at most `transfers` one-person transfers (see
    /// [`rebalance_plan`]).
    Rebalance {
        /// Transfers allowed.
        transfers: u64,
        /// What is minimised.
        objective: Objective,
    },
}

/// An ordered list of changes.
///
/// ```
/// use overcrowding::{scenario::Scenario, scenario::Change, FacilityId};
/// let s = Scenario::new("new wing").then(Change::AddPlaces { facility: FacilityId::new("A").unwrap(), places: 50 });
/// assert_eq!(s.changes().len(), 1);
/// assert_eq!(s.name(), "new wing");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scenario {
    name: String,
    changes: Vec<Change>,
}

impl Scenario {
    /// An empty scenario with a name.
    ///
    /// ```
    /// assert!(overcrowding::scenario::Scenario::new("baseline").changes().is_empty());
    /// ```
    pub fn new(name: impl Into<String>) -> Scenario {
        Scenario {
            name: name.into(),
            changes: Vec::new(),
        }
    }

    /// Appends a change; changes apply in the order they were added.
    ///
    /// ```
    /// # use overcrowding::*;
    /// # use overcrowding::scenario::*;
    /// let s = Scenario::new("s").then(Change::Rebalance { transfers: 10, objective: Objective::MaxOccupancy });
    /// assert_eq!(s.changes().len(), 1);
    /// ```
    pub fn then(mut self, change: Change) -> Scenario {
        self.changes.push(change);
        self
    }

    /// The scenario's name.
    ///
    /// ```
    /// assert_eq!(overcrowding::scenario::Scenario::new("x").name(), "x");
    /// ```
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The changes, in order.
    ///
    /// ```
    /// assert_eq!(overcrowding::scenario::Scenario::new("x").changes().len(), 0);
    /// ```
    pub fn changes(&self) -> &[Change] {
        &self.changes
    }

    /// Applies the changes in order to `states` and classifies every occupancy with
    /// `standard`.
    ///
    /// # Errors
    ///
    /// As [`FacilityState::check`] for each facility; [`ErrorKind::Empty`] with no facilities; [`ErrorKind::InvalidParameter`] when two facilities share
    /// an id, the facilities mix capacity kinds, the standard does not apply to their kind, a
    /// facility named by a change does not exist, a share exceeds 100 %, a change names a
    /// legal status that is not reported, or the last facility would close;
    /// [`ErrorKind::NegativeCount`] when a release, transfer or capacity cut exceeds what is there;
    /// [`ErrorKind::LimitExceeded`] when a transfer or a closure needs more room than the ceilings
    /// allow; [`ErrorKind::Overflow`] when a count exceeds `u64`.
    ///
    /// ```
    /// use overcrowding::*;
    /// use overcrowding::scenario::*;
    /// let a = FacilityState::new("A", CapacityKind::Design, 10, 5).unwrap();
    /// let err = Scenario::new("too many")
    ///     .then(Change::Release { from: ReleaseFrom::Facility(FacilityId::new("A").unwrap()), status: None, count: 6 })
    ///     .apply(&[a], &Standard::critical()).unwrap_err();
    /// assert!(matches!(err.kind(), overcrowding::ErrorKind::NegativeCount { current: 5, change: 6, .. }));
    /// ```
    pub fn apply(&self, states: &[FacilityState], standard: &Standard) -> Result<ScenarioOutcome> {
        let first = states
            .first()
            .ok_or(Error::from(ErrorKind::Empty { what: "facilities" }))?;
        let kind = first.kind().clone();
        let mut seen = BTreeMap::new();
        for (i, s) in states.iter().enumerate() {
            s.check()?;
            if seen.insert(s.id().clone(), i).is_some() {
                return Err(Error::invalid("facility id", s.id(), Constraint::Unique));
            }
            if s.kind() != &kind {
                return Err(Error::invalid(
                    "capacity kind",
                    s.kind(),
                    Constraint::SameAs {
                        other: kind.to_string(),
                    },
                )
                .at(crate::Location::facility(s.id().as_str())));
            }
        }
        let system_before = system_of(states)?;
        // Checks that the standard applies to this capacity kind.
        let band_before = standard.classify_kind(&system_before.ratio, &kind)?;
        let mut live: Vec<Option<FacilityState>> = states.iter().cloned().map(Some).collect();
        let mut steps = Vec::with_capacity(self.changes.len());
        let (mut released, mut admitted, mut transferred) = (0u64, 0u64, 0u64);
        for change in &self.changes {
            let (r, a, t) = apply_change(&mut live, &seen, change)?;
            released = add(released, r)?;
            admitted = add(admitted, a)?;
            transferred = add(transferred, t)?;
            let open: Vec<FacilityState> = live.iter().flatten().cloned().collect();
            steps.push(Step {
                change: change.clone(),
                system: system_of(&open)?,
                released: r,
                transferred: t,
            });
        }
        let open: Vec<FacilityState> = live.iter().flatten().cloned().collect();
        let system_after = system_of(&open)?;
        let band_after = standard.classify(&system_after.ratio);
        let facilities = states
            .iter()
            .zip(live)
            .map(|(b, a)| {
                let occ_b = b.occupancy();
                let occ_a = a.as_ref().map(FacilityState::occupancy);
                FacilityOutcome {
                    id: b.id().clone(),
                    band_before: standard.classify(&occ_b),
                    band_after: occ_a.as_ref().map(|o| standard.classify(o)),
                    before: b.clone(),
                    after: a,
                    occupancy_before: occ_b,
                    occupancy_after: occ_a,
                }
            })
            .collect();
        Ok(ScenarioOutcome {
            facilities,
            system_before,
            system_after,
            band_before,
            band_after,
            steps,
            released,
            admitted,
            transferred,
        })
    }
}

#[cfg(test)]
mod tests;
