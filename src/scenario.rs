//! What-if scenarios: releases, the pretrial backlog, capacity changes, transfers and optimal
//! rebalancing, applied to a set of facilities and reported before / after.
//!
//! # Semantics
//!
//! - A [`Scenario`] is an ordered list of [`Change`]s. [`Scenario::apply`] applies them in
//!   order to a set of [`FacilityState`]s (each with a capacity of the *same* named kind) and
//!   returns an [`Outcome`]: occupancy per facility and for the system (Σ/Σ, via
//!   [`system_occupancy`]) before and after, the band of a [`Standard`] each falls in, the
//!   facilities that crossed a band, and the system after every step.
//! - All arithmetic is exact in integers; comparisons between occupancies are exact
//!   [`Ratio`] comparisons. A change that would make a count negative is
//!   [`Error::NegativeCount`], a transfer above a facility's ceiling is
//!   [`Error::LimitExceeded`]: never clamped.
//! - Shares (of a group, of the untried) are decimal [`Percent`]s applied with a floor:
//!   `⌊share × count⌋` people, per facility.
//! - A release or transfer that names no legal status takes people from every group in
//!   proportion to its size (largest remainder), keeping the status mix.
//! - Optimal rebalancing is documented, with its algorithm and optimality argument, in
//!   [`rebalance_plan`].
//!
//! ```
//! use overcrowding::{Scenario, Change, ReleaseFrom, FacilityState, CapacityKind, Standard};
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

// The crate's `Error` carries its context as data (design.md), which makes it larger than
// clippy's `result_large_err` threshold; boxing it would change the shared public enum.
#![allow(clippy::result_large_err)]

mod rebalance;
mod state;

pub use rebalance::{Move, Objective, RebalancePlan, rebalance_plan};
pub use state::{FacilityState, StatusGroup};

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Location, Result};
use crate::metrics::{Band, Percent, PretrialDefinition, Ratio, Standard, pretrial_share_of};
use crate::model::{FacilityId, LegalStatus, Population};
use crate::system::{SystemOccupancy, system_occupancy};
use state::{Buckets, split_proportional};

/// Where a release of a number of people is taken from.
///
/// ```
/// use overcrowding::ReleaseFrom;
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
/// assert_ne!(overcrowding::Where::All, overcrowding::Where::Facility(overcrowding::FacilityId::new("A").unwrap()));
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
/// use overcrowding::{Change, Where, Percent};
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
/// use overcrowding::{Scenario, Change, FacilityId};
/// let s = Scenario::new("new wing").then(Change::AddPlaces { facility: FacilityId::new("A").unwrap(), places: 50 });
/// assert_eq!(s.changes().len(), 1);
/// assert_eq!(s.name(), "new wing");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scenario {
    name: String,
    changes: Vec<Change>,
}

/// One facility before and after a scenario.
///
/// ```
/// use overcrowding::{Scenario, Change, FacilityState, CapacityKind, Standard, FacilityId};
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
    /// # use overcrowding::{Scenario, FacilityState, CapacityKind, Standard};
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
/// # use overcrowding::{Scenario, Change, FacilityState, CapacityKind, Standard, ReleaseFrom};
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

/// The result of [`Scenario::apply`].
///
/// ```
/// # use overcrowding::{Scenario, Change, FacilityState, CapacityKind, Standard, ReleaseFrom};
/// let out = Scenario::new("27 releases")
///     .then(Change::Release { from: ReleaseFrom::Proportional, status: None, count: 27 })
///     .apply(&[FacilityState::new("KH", CapacityKind::Design, 27_000, 39_000).unwrap()], &Standard::critical()).unwrap();
/// // 27 releases move the system by 0.1 point: 144.4 % -> 144.3 %.
/// assert_eq!(out.system_after.ratio.percent_rounded(1), 144.3);
/// assert_eq!(out.released, 27);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
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

impl Outcome {
    /// The facilities whose band changed.
    ///
    /// ```
    /// # use overcrowding::{Scenario, Change, FacilityState, CapacityKind, Standard, ReleaseFrom};
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
    /// # use overcrowding::{Scenario, Change, FacilityState, CapacityKind, Standard, FacilityId};
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
    /// let s = FacilityState::new("A", CapacityKind::Design, 100, 100).unwrap()
    ///     .with_status(LegalStatus { untried: Some(35), convicted_unsentenced: Some(0), under_appeal: Some(34), sentenced: Some(31) }).unwrap();
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
    /// As [`Outcome::pretrial_share_before`].
    ///
    /// ```
    /// # use overcrowding::*;
    /// let s = FacilityState::new("A", CapacityKind::Design, 100, 100).unwrap()
    ///     .with_status(LegalStatus { untried: Some(35), convicted_unsentenced: Some(0), under_appeal: Some(34), sentenced: Some(31) }).unwrap();
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
/// As [`pretrial_share_of`]; [`Error::Empty`] with no facilities.
///
/// ```
/// use overcrowding::{system_pretrial_share, FacilityState, CapacityKind, LegalStatus, PretrialDefinition};
/// let a = FacilityState::new("A", CapacityKind::Design, 10, 10).unwrap()
///     .with_status(LegalStatus { untried: Some(5), convicted_unsentenced: Some(0), ..LegalStatus::default() }).unwrap();
/// let b = FacilityState::new("B", CapacityKind::Design, 10, 30).unwrap()
///     .with_status(LegalStatus { untried: Some(5), convicted_unsentenced: Some(0), ..LegalStatus::default() }).unwrap();
/// assert_eq!(system_pretrial_share(&[a, b], PretrialDefinition::Narrow).unwrap().percent_rounded(0), 25.0);
/// ```
pub fn system_pretrial_share(
    states: &[FacilityState],
    definition: PretrialDefinition,
) -> Result<Ratio> {
    if states.is_empty() {
        return Err(Error::Empty { what: "facilities" });
    }
    let mut total = 0u64;
    let mut sums: [Option<u64>; 4] = [Some(0); 4];
    for s in states {
        total = total.checked_add(s.population()).ok_or(Error::Overflow {
            what: "system population",
        })?;
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
    let pop = Population::builder(total, jiff::civil::Date::constant(2000, 1, 1))
        .legal_status(status)
        .build()?;
    pretrial_share_of(&pop, definition)
}

impl Scenario {
    /// An empty scenario with a name.
    ///
    /// ```
    /// assert!(overcrowding::Scenario::new("baseline").changes().is_empty());
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
    /// assert_eq!(overcrowding::Scenario::new("x").name(), "x");
    /// ```
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The changes, in order.
    ///
    /// ```
    /// assert_eq!(overcrowding::Scenario::new("x").changes().len(), 0);
    /// ```
    pub fn changes(&self) -> &[Change] {
        &self.changes
    }

    /// Applies the changes in order to `states` and classifies every occupancy with
    /// `standard`.
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] with no facilities; [`Error::InvalidParameter`] when two facilities share
    /// an id, the facilities mix capacity kinds, the standard does not apply to their kind, a
    /// facility named by a change does not exist, a share exceeds 100 %, a change names a
    /// legal status that is not reported, or the last facility would close;
    /// [`Error::NegativeCount`] when a release, transfer or capacity cut exceeds what is there;
    /// [`Error::LimitExceeded`] when a transfer or a closure needs more room than the ceilings
    /// allow; [`Error::Overflow`] when a count exceeds `u64`.
    ///
    /// ```
    /// use overcrowding::*;
    /// let a = FacilityState::new("A", CapacityKind::Design, 10, 5).unwrap();
    /// let err = Scenario::new("too many")
    ///     .then(Change::Release { from: ReleaseFrom::Facility(FacilityId::new("A").unwrap()), status: None, count: 6 })
    ///     .apply(&[a], &Standard::critical()).unwrap_err();
    /// assert!(matches!(err, Error::NegativeCount { current: 5, change: 6, .. }));
    /// ```
    pub fn apply(&self, states: &[FacilityState], standard: &Standard) -> Result<Outcome> {
        let first = states.first().ok_or(Error::Empty { what: "facilities" })?;
        let kind = first.kind().clone();
        let mut seen = BTreeMap::new();
        for (i, s) in states.iter().enumerate() {
            if seen.insert(s.id().clone(), i).is_some() {
                return Err(Error::invalid(
                    "facility id",
                    s.id(),
                    "appears twice in the scenario's facilities",
                ));
            }
            if s.kind() != &kind {
                return Err(Error::invalid(
                    "capacity kind",
                    s.kind(),
                    format!(
                        "of facility {:?} differs from {kind} of {:?}: a system total never mixes capacity kinds",
                        s.id().as_str(),
                        first.id().as_str()
                    ),
                ));
            }
        }
        let band_before = standard.classify_kind(&system_of(states)?.ratio, &kind)?;
        let system_before = system_of(states)?;
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
        Ok(Outcome {
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

fn add(a: u64, b: u64) -> Result<u64> {
    a.checked_add(b).ok_or(Error::Overflow { what: "people" })
}

fn system_of(states: &[FacilityState]) -> Result<SystemOccupancy> {
    system_occupancy(states.iter().map(|s| (s.population(), s.capacity())))
}

fn check_share(share: Percent, what: &'static str) -> Result<()> {
    if share.value() > 100.0 {
        return Err(Error::invalid(
            what,
            share,
            "is a share of a group: at most 100 %",
        ));
    }
    Ok(())
}

/// `⌊share × n⌋`.
fn floor_share(share: Percent, n: u64) -> u64 {
    share
        .floor_share_of(n)
        .map_or(n, |x| x.min(n as u128) as u64)
}

type Live = Vec<Option<FacilityState>>;

fn index_of(live: &Live, ids: &BTreeMap<FacilityId, usize>, id: &FacilityId) -> Result<usize> {
    match ids.get(id) {
        Some(&i) if live[i].is_some() => Ok(i),
        Some(_) => Err(Error::invalid(
            "facility",
            id,
            "was closed earlier in the scenario",
        )),
        None => Err(Error::invalid(
            "facility",
            id,
            "is not among the scenario's facilities",
        )),
    }
}

fn scope(live: &Live, ids: &BTreeMap<FacilityId, usize>, w: &Where) -> Result<Vec<usize>> {
    match w {
        Where::Facility(id) => Ok(vec![index_of(live, ids, id)?]),
        Where::All => Ok((0..live.len()).filter(|&i| live[i].is_some()).collect()),
    }
}

fn get(live: &mut Live, i: usize) -> &mut FacilityState {
    live[i].as_mut().expect("index of an open facility")
}

/// Applies one change; returns (released, admitted, transferred).
fn apply_change(
    live: &mut Live,
    ids: &BTreeMap<FacilityId, usize>,
    change: &Change,
) -> Result<(u64, u64, u64)> {
    match change {
        Change::Release {
            from,
            status,
            count,
        } => {
            release(live, ids, from, *status, *count)?;
            Ok((*count, 0, 0))
        }
        Change::ReleaseShare {
            from,
            status,
            share,
        } => {
            check_share(*share, "release share")?;
            let mut total = 0;
            for i in scope(live, ids, from)? {
                let s = get(live, i);
                let group = match status {
                    Some(g) => s.count(*g).ok_or_else(|| not_reported(s, *g))?,
                    None => s.population(),
                };
                let n = floor_share(*share, group);
                s.take_n(n, *status)?;
                total = add(total, n)?;
            }
            Ok((total, 0, 0))
        }
        Change::ClearBacklog {
            from,
            share,
            convicted,
        } => {
            check_share(*share, "backlog share")?;
            check_share(*convicted, "convicted share")?;
            let mut total = 0;
            for i in scope(live, ids, from)? {
                let s = get(live, i);
                let untried = s
                    .count(StatusGroup::Untried)
                    .ok_or_else(|| not_reported(s, StatusGroup::Untried))?;
                let tried = floor_share(*share, untried);
                let conv = floor_share(*convicted, tried);
                s.take_n(tried - conv, Some(StatusGroup::Untried))?;
                if s.count(StatusGroup::Sentenced).is_some() {
                    s.reclassify(conv, StatusGroup::Untried, StatusGroup::Sentenced)?;
                } else {
                    // Sentenced not reported: the convicted join the unreported residual.
                    let mut moved = [0u64; 5];
                    moved[StatusGroup::Untried.index()] = conv;
                    s.take(&moved, "untried")?;
                    s.receive(&[0, 0, 0, 0, conv])?;
                }
                total = add(total, tried - conv)?;
            }
            Ok((total, 0, 0))
        }
        Change::Admit { to, status, count } => {
            let i = index_of(live, ids, to)?;
            let s = get(live, i);
            let k = s.bucket_of(*status)?;
            let mut b = [0u64; 5];
            b[k] = *count;
            s.receive(&b)?;
            Ok((0, *count, 0))
        }
        Change::AddPlaces { facility, places } => {
            let i = index_of(live, ids, facility)?;
            let s = get(live, i);
            let cap = s
                .capacity()
                .checked_add(*places)
                .ok_or(Error::Overflow { what: "capacity" })?;
            s.set_capacity(cap);
            Ok((0, 0, 0))
        }
        Change::RemovePlaces { facility, places } => {
            let i = index_of(live, ids, facility)?;
            let s = get(live, i);
            if *places > s.capacity() {
                return Err(Error::NegativeCount {
                    location: s.location(),
                    what: "capacity",
                    current: s.capacity(),
                    change: *places,
                });
            }
            if *places == s.capacity() {
                return Err(Error::invalid(
                    "places removed",
                    places,
                    format!(
                        "would leave facility {:?} with 0 places: use Change::Close",
                        s.id().as_str()
                    ),
                ));
            }
            let cap = s.capacity() - places;
            s.set_capacity(cap);
            Ok((0, 0, 0))
        }
        Change::Close { facility } => {
            let i = index_of(live, ids, facility)?;
            let closed = live[i].take().expect("open");
            let others: Vec<usize> = (0..live.len()).filter(|&j| live[j].is_some()).collect();
            if others.is_empty() {
                live[i] = Some(closed);
                return Err(Error::invalid(
                    "facility",
                    facility,
                    "is the last one open: its people would have nowhere to go",
                ));
            }
            let moving = closed.population();
            let mut q: Vec<u128> = Vec::new();
            let mut c: Vec<u128> = Vec::new();
            let mut caps: Vec<u128> = Vec::new();
            for &j in &others {
                let s = live[j].as_ref().expect("open");
                q.push(s.population() as u128);
                c.push(s.capacity() as u128);
                caps.push(s.ceiling().map_or(u128::MAX, |l| l as u128));
            }
            let room =
                (0..q.len()).fold(0u128, |r, j| r.saturating_add(caps[j].saturating_sub(q[j])));
            if room < moving as u128 {
                return Err(Error::LimitExceeded {
                    location: closed.location(),
                    what: "people to rehouse after the closure",
                    limit: u64::try_from(room).unwrap_or(u64::MAX),
                    would_be: moving as u128,
                });
            }
            let before = q.clone();
            rebalance::place(&mut q, &c, &caps, moving as u128);
            let mut left = closed.buckets();
            for (x, &j) in others.iter().enumerate() {
                let m = (q[x] - before[x]) as u64;
                let part = split_proportional(m, &left);
                for k in 0..5 {
                    left[k] -= part[k];
                }
                get(live, j).receive(&part)?;
            }
            Ok((0, 0, moving))
        }
        Change::Transfer {
            from,
            to,
            count,
            status,
        } => {
            let (i, j) = (index_of(live, ids, from)?, index_of(live, ids, to)?);
            if i == j {
                return Err(Error::invalid(
                    "transfer",
                    from,
                    "goes from a facility to itself",
                ));
            }
            transfer(live, i, j, *count, *status)?;
            Ok((0, 0, *count))
        }
        Change::Rebalance {
            transfers,
            objective,
        } => {
            let open: Vec<usize> = (0..live.len()).filter(|&j| live[j].is_some()).collect();
            let st: Vec<&FacilityState> = open
                .iter()
                .map(|&j| live[j].as_ref().expect("open"))
                .collect();
            let plan = rebalance_plan(
                &st.iter().map(|s| s.population()).collect::<Vec<_>>(),
                &st.iter().map(|s| s.capacity()).collect::<Vec<_>>(),
                &st.iter().map(|s| s.ceiling()).collect::<Vec<_>>(),
                *transfers,
                *objective,
            )?;
            for m in &plan.moves {
                let people = get(live, open[m.from]).take_n(m.count, None)?;
                get(live, open[m.to]).receive(&people)?;
            }
            Ok((0, 0, plan.transfers))
        }
    }
}

fn not_reported(s: &FacilityState, g: StatusGroup) -> Error {
    Error::invalid(
        "legal status",
        g.name(),
        format!("is not reported for facility {:?}", s.id().as_str()),
    )
}

fn transfer(
    live: &mut Live,
    i: usize,
    j: usize,
    count: u64,
    status: Option<StatusGroup>,
) -> Result<()> {
    let to = live[j].as_ref().expect("open");
    if let Some(limit) = to.ceiling() {
        let would_be = to.population() as u128 + count as u128;
        if would_be > limit as u128 {
            return Err(Error::LimitExceeded {
                location: to.location(),
                what: "population after the transfer",
                limit,
                would_be,
            });
        }
    }
    let people: Buckets = get(live, i).take_n(count, status)?;
    get(live, j).receive(&people)
}

fn release(
    live: &mut Live,
    ids: &BTreeMap<FacilityId, usize>,
    from: &ReleaseFrom,
    status: Option<StatusGroup>,
    count: u64,
) -> Result<()> {
    let open: Vec<usize> = (0..live.len()).filter(|&j| live[j].is_some()).collect();
    let group_of = |s: &FacilityState| -> Result<u64> {
        match status {
            Some(g) => s.count(g).ok_or_else(|| not_reported(s, g)),
            None => Ok(s.population()),
        }
    };
    let mut available = 0u128;
    for &j in &open {
        available += group_of(live[j].as_ref().expect("open"))? as u128;
    }
    match from {
        ReleaseFrom::Facility(id) => {
            let i = index_of(live, ids, id)?;
            get(live, i).take_n(count, status)?;
        }
        ReleaseFrom::Proportional | ReleaseFrom::MostOccupiedFirst if count as u128 > available => {
            return Err(Error::NegativeCount {
                location: Location::default(),
                what: match status {
                    Some(g) => g.name(),
                    None => "system population",
                },
                current: u64::try_from(available).unwrap_or(u64::MAX),
                change: count,
            });
        }
        ReleaseFrom::Proportional => {
            let weights: Vec<u64> = open
                .iter()
                .map(|&j| group_of(live[j].as_ref().expect("open")))
                .collect::<Result<_>>()?;
            let parts = largest_remainder(count, &weights);
            for (x, &j) in open.iter().enumerate() {
                get(live, j).take_n(parts[x], status)?;
            }
        }
        ReleaseFrom::MostOccupiedFirst => {
            let mut heap: BinaryHeap<(Ratio, Reverse<usize>)> = BinaryHeap::new();
            let mut left: Vec<u64> = vec![0; live.len()];
            for &j in &open {
                let s = live[j].as_ref().expect("open");
                left[j] = group_of(s)?;
                if left[j] > 0 {
                    heap.push((s.occupancy(), Reverse(j)));
                }
            }
            // Counted per facility first, then taken at once (so the status split is one
            // proportional split per facility).
            let mut take = vec![0u64; live.len()];
            for _ in 0..count {
                let (_, Reverse(j)) = heap.pop().expect("count ≤ available");
                take[j] += 1;
                left[j] -= 1;
                if left[j] > 0 {
                    let s = live[j].as_ref().expect("open");
                    let occ = Ratio::new(s.population() - take[j], s.capacity())?;
                    heap.push((occ, Reverse(j)));
                }
            }
            for &j in &open {
                get(live, j).take_n(take[j], status)?;
            }
        }
    }
    Ok(())
}

/// Splits `n ≤ Σ weights` in proportion to `weights`: largest remainder, ties to the earlier
/// entry; each part ≤ its weight.
fn largest_remainder(n: u64, weights: &[u64]) -> Vec<u64> {
    let total: u128 = weights.iter().map(|&w| w as u128).sum();
    let mut out = vec![0u64; weights.len()];
    if total == 0 || n == 0 {
        return out;
    }
    let mut rems: Vec<(u128, usize)> = Vec::with_capacity(weights.len());
    let mut given = 0u64;
    for (k, &w) in weights.iter().enumerate() {
        let prod = n as u128 * w as u128;
        out[k] = (prod / total) as u64;
        given += out[k];
        rems.push((prod % total, k));
    }
    rems.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for &(_, k) in rems.iter().take((n - given) as usize) {
        out[k] += 1;
    }
    out
}

#[cfg(test)]
mod tests;
