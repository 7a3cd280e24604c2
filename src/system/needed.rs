//! What it takes to bring a system's facilities to a target occupancy: releases and places,
//! system-wide and so that no facility is above the target.
//!
//! | question | answer | function |
//! |---|---|---|
//! | releases so that the *system* meets the target | `Σp − ⌊t·Σc⌋` | [`releases_needed`](crate::releases_needed) on the sums, [`ReleasesNeeded::system`] |
//! | releases so that *no facility* is above the target | `Σ max(0, p_i − ⌊t·c_i⌋)` | [`releases_needed_by_facility`] |
//! | places so that the system meets the target | `⌈Σp / t⌉ − Σc` | [`places_needed_by_facility`] |
//! | places so that no facility is above the target | `Σ max(0, ⌈p_i / t⌉ − c_i)` | [`places_needed_by_facility`] |
//! | places for a given future population | `max(0, ⌈N / t⌉ − c)` | [`additional_places_needed`] |
//!
//! # Semantics
//!
//! The per-facility answers are never below the system ones (`Σ⌊t·c_i⌋ ≤ ⌊t·Σc⌋`, and the
//! maxima drop the facilities with room to spare): a system total hides the people held above
//! capacity in the overcrowded prisons while other prisons have empty places. Both matter: the
//! system answer assumes people can be moved between prisons, the per-facility one that they
//! cannot. All of it is exact integer arithmetic on decimal [`Percent`](crate::Percent) targets.

use crate::ErrorKind;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::metrics::{capacity_needed, releases_needed};
use crate::model::CountUnit;

/// Releases needed system-wide and per facility for a target occupancy.
///
/// ```
/// let r = overcrowding::system::releases_needed_by_facility(&[(150, 100), (60, 100)], 100.0).unwrap();
/// assert_eq!((r.system, r.sum_per_facility), (10, 50));
/// assert_eq!(r.hidden_by_system_view(), 40);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReleasesNeeded {
    /// Releases that bring Σpopulation ÷ Σcapacity to the target.
    pub system: u64,
    /// Releases needed in each facility, in input order.
    pub per_facility: Vec<u64>,
    /// Σ per facility: releases so that no facility is above the target.
    pub sum_per_facility: u64,
    /// Facilities above the target.
    pub facilities_above: usize,
}

impl ReleasesNeeded {
    /// `sum_per_facility − system`: the releases a system-wide figure does not show.
    ///
    /// ```
    /// let r = overcrowding::system::releases_needed_by_facility(&[(12, 10), (10, 10)], 100.0).unwrap();
    /// assert_eq!(r.hidden_by_system_view(), 0);
    /// ```
    pub fn hidden_by_system_view(&self) -> u64 {
        // Never below the system figure (see the module docs); saturating for hand-made values.
        self.sum_per_facility.saturating_sub(self.system)
    }

    /// The releases in whole people when the counts were in `unit` (exact decimals, e.g.
    /// published averages): each facility's figure and the system's rounded up (a part of a
    /// person is a person to release), the sum per facility re-added from the rounded
    /// figures (saturating at `u64::MAX`); the facilities above the target unchanged. In
    /// [`CountUnit::WHOLE`] the figures are unchanged.
    ///
    /// ```
    /// use overcrowding::model::CountUnit;
    /// use overcrowding::system::releases_needed_by_facility;
    /// // Hundredths: 150.5 held in 100 places and 100.4 in 100, to 100 %.
    /// let r = releases_needed_by_facility(&[(15_050, 10_000), (10_040, 10_000)], 100.0)?;
    /// assert_eq!((r.system, r.per_facility.clone()), (5_090, vec![5_050, 40]));
    /// let w = r.in_whole_people(CountUnit::new(2)?);
    /// assert_eq!((w.system, w.per_facility.clone(), w.sum_per_facility), (51, vec![51, 1], 52));
    /// assert_eq!(w.hidden_by_system_view(), 1);
    /// assert_eq!(r.in_whole_people(CountUnit::WHOLE), r);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn in_whole_people(&self, unit: CountUnit) -> ReleasesNeeded {
        let per_facility: Vec<u64> = self
            .per_facility
            .iter()
            .map(|&x| unit.whole_up(x))
            .collect();
        ReleasesNeeded {
            system: unit.whole_up(self.system),
            sum_per_facility: per_facility.iter().fold(0u64, |a, &x| a.saturating_add(x)),
            per_facility,
            facilities_above: self.facilities_above,
        }
    }
}

/// Releases needed so that the system, and so that every facility, is at or below
/// `target_percent`. `pairs` are (population, capacity) per facility.
///
/// # Errors
///
/// [`ErrorKind::Empty`](crate::ErrorKind::Empty) with no pairs; [`ErrorKind::ZeroDenominator`](crate::ErrorKind::ZeroDenominator) when a capacity is 0;
/// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) for a negative or non-finite target; [`ErrorKind::Overflow`](crate::ErrorKind::Overflow) when
/// a sum exceeds `u64`.
///
/// ```
/// // 39,000 held in 27,000 places: 12,000 releases bring the system to 100 %.
/// let r = overcrowding::system::releases_needed_by_facility(&[(39_000, 27_000)], 100.0).unwrap();
/// assert_eq!(r.system, 12_000);
/// ```
pub fn releases_needed_by_facility(
    pairs: &[(u64, u64)],
    target_percent: f64,
) -> Result<ReleasesNeeded> {
    let (pop, cap) = sums(pairs)?;
    let per_facility = pairs
        .iter()
        .map(|&(p, c)| releases_needed(p, c, target_percent))
        .collect::<Result<Vec<u64>>>()?;
    let sum_per_facility = checked_total(&per_facility, "releases")?;
    Ok(ReleasesNeeded {
        system: releases_needed(pop, cap, target_percent)?,
        facilities_above: per_facility.iter().filter(|&&n| n > 0).count(),
        per_facility,
        sum_per_facility,
    })
}

/// Additional places needed system-wide and per facility for a target occupancy.
///
/// ```
/// let p = overcrowding::system::places_needed_by_facility(&[(150, 100), (60, 100)], 100.0).unwrap();
/// assert_eq!((p.system, p.sum_per_facility), (10, 50));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlacesNeeded {
    /// Places to add to the system so that Σpopulation ÷ Σcapacity meets the target.
    pub system: u64,
    /// Places to add in each facility, in input order.
    pub per_facility: Vec<u64>,
    /// Σ per facility: places so that no facility is above the target without moving anyone.
    pub sum_per_facility: u64,
}

/// Places to add so that the system, and so that every facility, is at or below
/// `target_percent` (no facility loses places: facilities with room need 0).
///
/// # Errors
///
/// As [`releases_needed_by_facility`]; [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) for a 0 % target.
///
/// ```
/// // 39,000 held: 120 % needs 32,500 places, 5,500 more than the 27,000.
/// let p = overcrowding::system::places_needed_by_facility(&[(39_000, 27_000)], 120.0).unwrap();
/// assert_eq!(p.system, 5_500);
/// ```
pub fn places_needed_by_facility(
    pairs: &[(u64, u64)],
    target_percent: f64,
) -> Result<PlacesNeeded> {
    let (pop, cap) = sums(pairs)?;
    let per_facility = pairs
        .iter()
        .map(|&(p, c)| additional_places_needed(p, c, target_percent))
        .collect::<Result<Vec<u64>>>()?;
    let sum_per_facility = checked_total(&per_facility, "places")?;
    Ok(PlacesNeeded {
        system: additional_places_needed(pop, cap, target_percent)?,
        per_facility,
        sum_per_facility,
    })
}

/// Places to add to `capacity` so that `population` (current or projected) is at or below
/// `target_percent`: `max(0, capacity_needed − capacity)`.
///
/// # Errors
///
/// As [`capacity_needed`]; [`ErrorKind::ZeroDenominator`](crate::ErrorKind::ZeroDenominator) when `capacity` is 0.
///
/// ```
/// // A projected 45,000 people at 100 % of 27,000 places: 18,000 more places.
/// assert_eq!(overcrowding::system::additional_places_needed(45_000, 27_000, 100.0).unwrap(), 18_000);
/// assert_eq!(overcrowding::system::additional_places_needed(100, 200, 100.0).unwrap(), 0);
/// ```
pub fn additional_places_needed(
    population: u64,
    capacity: u64,
    target_percent: f64,
) -> Result<u64> {
    if capacity == 0 {
        return Err(Error::from(ErrorKind::ZeroDenominator { what: "capacity" }));
    }
    Ok(capacity_needed(population, target_percent)?.saturating_sub(capacity))
}

/// Σ of per-facility answers, or [`ErrorKind::Overflow`](crate::ErrorKind::Overflow) naming them.
fn checked_total(values: &[u64], what: &'static str) -> Result<u64> {
    values
        .iter()
        .try_fold(0u64, |a, &b| a.checked_add(b))
        .ok_or(Error::from(ErrorKind::Overflow { what }))
}

fn sums(pairs: &[(u64, u64)]) -> Result<(u64, u64)> {
    if pairs.is_empty() {
        return Err(Error::from(ErrorKind::Empty {
            what: "facility pairs",
        }));
    }
    let mut pop = 0u64;
    let mut cap = 0u64;
    for &(p, c) in pairs {
        if c == 0 {
            return Err(Error::from(ErrorKind::ZeroDenominator { what: "capacity" }));
        }
        pop = pop.checked_add(p).ok_or(Error::from(ErrorKind::Overflow {
            what: "system population",
        }))?;
        cap = cap.checked_add(c).ok_or(Error::from(ErrorKind::Overflow {
            what: "system capacity",
        }))?;
    }
    Ok((pop, cap))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn system_versus_per_facility_by_hand() {
        // Three prisons: 150/100, 60/100, 130/100. Target 100 %:
        // system: 340 held, 300 places -> 40; per facility: 50 + 0 + 30 = 80.
        let r = releases_needed_by_facility(&[(150, 100), (60, 100), (130, 100)], 100.0).unwrap();
        assert_eq!(r.system, 40);
        assert_eq!(r.per_facility, vec![50, 0, 30]);
        assert_eq!(r.sum_per_facility, 80);
        assert_eq!(r.facilities_above, 2);
        assert_eq!(r.hidden_by_system_view(), 40);
        // Target 120 %: system 340 - 360 -> 0; per facility 30 + 0 + 10 = 40.
        let r = releases_needed_by_facility(&[(150, 100), (60, 100), (130, 100)], 120.0).unwrap();
        assert_eq!((r.system, r.sum_per_facility), (0, 40));
        // 137.5 % of 3 places holds 4 (floor 4.125): 5 -> 1 release each; the system of 12
        // held in 9 places may hold ⌊12.375⌋ = 12 -> 0.
        let r = releases_needed_by_facility(&[(5, 3), (5, 3), (2, 3)], 137.5).unwrap();
        assert_eq!((r.system, r.sum_per_facility), (0, 2));
        assert!(releases_needed_by_facility(&[], 100.0).is_err());
        assert!(releases_needed_by_facility(&[(1, 0)], 100.0).is_err());
        assert!(releases_needed_by_facility(&[(1, 1)], f64::NAN).is_err());
        assert!(releases_needed_by_facility(&[(u64::MAX, 1), (1, 1)], 100.0).is_err());
    }

    #[test]
    fn places_by_hand() {
        // 150/100, 60/100 at 120 %: system ceil(210/1.2) = 175 <= 200 -> 0;
        // per facility: ceil(150/1.2) = 125 -> 25, 0.
        let p = places_needed_by_facility(&[(150, 100), (60, 100)], 120.0).unwrap();
        assert_eq!(
            (p.system, p.per_facility.clone(), p.sum_per_facility),
            (0, vec![25, 0], 25)
        );
        // 39,000 at 100 %: 12,000 places.
        assert_eq!(
            additional_places_needed(39_000, 27_000, 100.0).unwrap(),
            12_000
        );
        // A projected 60,000 at 120 %: 50,000 places, 23,000 more.
        assert_eq!(
            additional_places_needed(60_000, 27_000, 120.0).unwrap(),
            23_000
        );
        assert!(additional_places_needed(1, 0, 100.0).is_err());
        assert!(additional_places_needed(1, 1, 0.0).is_err());
    }

    #[test]
    fn per_facility_is_never_below_system() {
        for a in 0..30u64 {
            for b in 0..30u64 {
                for (ca, cb) in [(7, 11), (10, 10), (3, 20)] {
                    for t in [0.0, 80.0, 100.0, 120.0, 137.5] {
                        let r = releases_needed_by_facility(&[(a, ca), (b, cb)], t).unwrap();
                        assert!(r.sum_per_facility >= r.system);
                    }
                }
            }
        }
    }
}
