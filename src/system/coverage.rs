//! Coverage of a pairwise-complete aggregation: what entered the sums and what did not.

use serde::{Deserialize, Serialize};

use super::observation::{FacilityObservation, ObservationRef};
use crate::error::Result;
use crate::metrics::Ratio;
use crate::model::FacilityId;

/// Which number a facility lacks.
///
/// ```
/// use overcrowding::system::{Lacks, FacilityObservation, coverage};
/// let obs = [FacilityObservation::new("A", Some(5), None).unwrap()];
/// assert_eq!(coverage(&obs).missing[0].lacks, Lacks::Capacity);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lacks {
    /// The population is not reported.
    Population,
    /// The capacity (of the named kind) is not reported.
    Capacity,
    /// Neither is reported.
    Both,
}

/// A facility left out of the sums, and why.
///
/// ```
/// use overcrowding::system::{FacilityObservation, coverage};
/// let obs = [FacilityObservation::new("A", None, None).unwrap()];
/// let m = &coverage(&obs).missing[0];
/// assert_eq!((m.id.as_str(), m.population), ("A", None));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MissingFacility {
    /// The facility.
    pub id: FacilityId,
    /// Its group key.
    pub group: Option<String>,
    /// What it lacks.
    pub lacks: Lacks,
    /// Its population, when that is the number it has.
    pub population: Option<u64>,
    /// Its capacity, when that is the number it has.
    pub capacity: Option<u64>,
}

/// How much of the system the sums cover (pairwise-complete aggregation).
///
/// # Semantics
///
/// `facilities = covered + missing.len()`, always. `population_reported` is Σpopulation over
/// every facility that reports one; `population_covered` over those that also report a
/// capacity. People in facilities without a population figure are unknown and counted nowhere.
///
/// ```
/// use overcrowding::system::{FacilityObservation, coverage};
/// let obs = [FacilityObservation::new("A", Some(300), Some(200)).unwrap(),
///            FacilityObservation::new("B", Some(100), None).unwrap(),
///            FacilityObservation::new("C", None, Some(50)).unwrap()];
/// let c = coverage(&obs);
/// assert_eq!((c.facilities, c.covered, c.missing.len()), (3, 1, 2));
/// assert_eq!(c.share_of_population().unwrap().percent(), 75.0);
/// assert_eq!(c.share_of_facilities().unwrap().percent_rounded(1), 33.3);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Coverage {
    /// All facilities observed.
    pub facilities: usize,
    /// Facilities with both numbers (in the sums).
    pub covered: usize,
    /// Σpopulation of facilities reporting a population.
    pub population_reported: u128,
    /// Σpopulation of covered facilities.
    pub population_covered: u128,
    /// Σcapacity of facilities reporting a capacity.
    pub capacity_reported: u128,
    /// Σcapacity of covered facilities.
    pub capacity_covered: u128,
    /// The facilities left out, in input order.
    pub missing: Vec<MissingFacility>,
}

impl Coverage {
    /// Covered facilities ÷ all facilities.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::ZeroDenominator`](crate::ErrorKind::ZeroDenominator) when there are no facilities.
    ///
    /// ```
    /// let c = overcrowding::system::Coverage::default();
    /// assert!(c.share_of_facilities().is_err());
    /// ```
    pub fn share_of_facilities(&self) -> Result<Ratio> {
        Ratio::with_name(
            self.covered as u128,
            self.facilities as u128,
            "facilities observed",
        )
    }

    /// Covered population ÷ reported population.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::ZeroDenominator`](crate::ErrorKind::ZeroDenominator) when no population is reported.
    ///
    /// ```
    /// use overcrowding::system::{FacilityObservation, coverage};
    /// let obs = [FacilityObservation::new("A", Some(1), Some(1)).unwrap()];
    /// assert_eq!(coverage(&obs).share_of_population().unwrap().percent(), 100.0);
    /// ```
    pub fn share_of_population(&self) -> Result<Ratio> {
        Ratio::with_name(
            self.population_covered,
            self.population_reported,
            "reported population",
        )
    }
}

/// The coverage of a set of observations alone (no sums, no validation of capacities).
///
/// ```
/// use overcrowding::system::{FacilityObservation, coverage};
/// let obs = [FacilityObservation::new("A", Some(1), Some(1)).unwrap()];
/// assert_eq!(coverage(&obs).covered, 1);
/// ```
pub fn coverage<'a>(observations: impl IntoIterator<Item = &'a FacilityObservation>) -> Coverage {
    let mut c = Coverage::default();
    for o in observations {
        account(&mut c, o.into());
    }
    c
}

#[inline]
pub(crate) fn account(c: &mut Coverage, o: ObservationRef<'_>) {
    c.facilities += 1;
    if let Some(p) = o.population {
        c.population_reported += p as u128;
    }
    if let Some(k) = o.capacity {
        c.capacity_reported += k as u128;
    }
    let lacks = match (o.population, o.capacity) {
        (Some(p), Some(k)) => {
            c.covered += 1;
            c.population_covered += p as u128;
            c.capacity_covered += k as u128;
            return;
        }
        (None, Some(_)) => Lacks::Population,
        (Some(_), None) => Lacks::Capacity,
        (None, None) => Lacks::Both,
    };
    c.missing.push(MissingFacility {
        id: o.id.clone(),
        group: o.group.map(String::from),
        lacks,
        population: o.population,
        capacity: o.capacity,
    });
}
