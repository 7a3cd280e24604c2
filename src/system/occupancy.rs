//! [`SystemOccupancy`]: Σpopulation ÷ Σcapacity from complete `(population, capacity)`
//! pairs, with the surplus and the facilities above capacity.

use crate::ErrorKind;
use crate::error::Constraint;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::exact::Ratio;

/// A system summary from `(population, capacity)` pairs.
///
/// # Semantics
///
/// `ratio` is Σpopulation ÷ Σcapacity — not the mean of the facility ratios — and it hides
/// overcrowding: a system at 98 % can hold prisons at 130 %. So the summary also counts the
/// facilities above capacity, the people held in them, and the `surplus`, Σmax(0, pop − cap):
/// the places missing even where the system total shows spare room. Sums are `u128`: they
/// never wrap.
///
/// ```
/// let s = overcrowding::system_occupancy([(120, 100), (60, 100)]).unwrap();
/// assert_eq!(s.ratio.percent(), 90.0);
/// assert_eq!(s.overcrowded_facilities, 1);
/// assert_eq!(s.people_in_overcrowded, 120);
/// assert_eq!(s.surplus, 20);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawSystemOccupancy", into = "RawSystemOccupancy")]
pub struct SystemOccupancy {
    /// Σpopulation ÷ Σcapacity.
    pub ratio: Ratio,
    /// Number of facilities (pairs).
    pub facilities: usize,
    /// Facilities with population > capacity.
    pub overcrowded_facilities: usize,
    /// People held in those facilities.
    pub people_in_overcrowded: u128,
    /// Σmax(0, population − capacity).
    pub surplus: u128,
    /// Σpopulation.
    pub population: u128,
    /// Σcapacity.
    pub capacity: u128,
}

/// The serialised form of a [`SystemOccupancy`], checked when read back.
#[derive(Serialize, Deserialize)]
struct RawSystemOccupancy {
    ratio: Ratio,
    facilities: usize,
    overcrowded_facilities: usize,
    people_in_overcrowded: u128,
    surplus: u128,
    population: u128,
    capacity: u128,
}

impl TryFrom<RawSystemOccupancy> for SystemOccupancy {
    type Error = Error;
    fn try_from(r: RawSystemOccupancy) -> Result<Self> {
        let bad = |what: &'static str, value: u128, max: u128| {
            Err(Error::invalid(
                what,
                value,
                Constraint::AtMost { max: max as f64 },
            ))
        };
        if r.facilities == 0 {
            return Err(Error::from(ErrorKind::Empty {
                what: "facility pairs",
            }));
        }
        if r.overcrowded_facilities > r.facilities {
            return bad(
                "overcrowded facilities",
                u128::try_from(r.overcrowded_facilities).unwrap_or(u128::MAX),
                u128::try_from(r.facilities).unwrap_or(u128::MAX),
            );
        }
        if r.people_in_overcrowded > r.population {
            return bad(
                "people in overcrowded facilities",
                r.people_in_overcrowded,
                r.population,
            );
        }
        if r.surplus > r.people_in_overcrowded {
            return bad("surplus", r.surplus, r.people_in_overcrowded);
        }
        if r.ratio != Ratio::with_name(r.population, r.capacity, "system capacity")? {
            return Err(Error::invalid(
                "ratio",
                r.ratio,
                Constraint::Equals {
                    expected: r.population as f64 / r.capacity as f64,
                },
            ));
        }
        Ok(SystemOccupancy {
            ratio: r.ratio,
            facilities: r.facilities,
            overcrowded_facilities: r.overcrowded_facilities,
            people_in_overcrowded: r.people_in_overcrowded,
            surplus: r.surplus,
            population: r.population,
            capacity: r.capacity,
        })
    }
}

impl From<SystemOccupancy> for RawSystemOccupancy {
    fn from(s: SystemOccupancy) -> Self {
        RawSystemOccupancy {
            ratio: s.ratio,
            facilities: s.facilities,
            overcrowded_facilities: s.overcrowded_facilities,
            people_in_overcrowded: s.people_in_overcrowded,
            surplus: s.surplus,
            population: s.population,
            capacity: s.capacity,
        }
    }
}

impl SystemOccupancy {
    /// Share of facilities above capacity.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::ZeroDenominator`](crate::ErrorKind::ZeroDenominator) when `facilities` is 0 (only a hand-built value can be so:
    /// [`system_occupancy`] and deserialisation refuse it).
    ///
    /// ```
    /// let s = overcrowding::system_occupancy([(120, 100), (60, 100)]).unwrap();
    /// assert_eq!(s.share_of_facilities_overcrowded().unwrap().percent(), 50.0);
    /// let mut hand_built = s.clone();
    /// hand_built.facilities = 0;
    /// assert!(hand_built.share_of_facilities_overcrowded().is_err());
    /// ```
    pub fn share_of_facilities_overcrowded(&self) -> Result<Ratio> {
        let count = |n: usize| u128::try_from(n).unwrap_or(u128::MAX);
        Ratio::with_name(
            count(self.overcrowded_facilities),
            count(self.facilities),
            "facilities",
        )
    }

    /// Share of people held in facilities above capacity.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::ZeroDenominator`](crate::ErrorKind::ZeroDenominator) when the system holds no one.
    ///
    /// ```
    /// let s = overcrowding::system_occupancy([(120, 100), (60, 100)]).unwrap();
    /// assert_eq!(s.share_of_people_in_overcrowded().unwrap().percent_rounded(1), 66.7);
    /// ```
    pub fn share_of_people_in_overcrowded(&self) -> Result<Ratio> {
        Ratio::with_name(
            self.people_in_overcrowded,
            self.population,
            "system population",
        )
    }
}

/// Aggregates `(population, capacity)` pairs, one per facility, into a [`SystemOccupancy`].
///
/// # Errors
///
/// [`ErrorKind::Empty`](crate::ErrorKind::Empty) when there are no pairs; [`ErrorKind::ZeroDenominator`](crate::ErrorKind::ZeroDenominator) when a capacity is 0
/// (a missing capacity is not 0: leave that facility out and report coverage).
///
/// ```
/// // Cambodia, June 2021, as one system figure:
/// let s = overcrowding::system_occupancy([(39_000, 27_000)]).unwrap();
/// assert_eq!(s.ratio.percent_rounded(1), 144.4);
/// assert!(overcrowding::system_occupancy(Vec::<(u64, u64)>::new()).is_err());
/// ```
pub fn system_occupancy<I: IntoIterator<Item = (u64, u64)>>(pairs: I) -> Result<SystemOccupancy> {
    let mut s = SystemOccupancy {
        ratio: Ratio::new(0u64, 1u64)?,
        facilities: 0,
        overcrowded_facilities: 0,
        people_in_overcrowded: 0,
        surplus: 0,
        population: 0,
        capacity: 0,
    };
    for (pop, cap) in pairs {
        if cap == 0 {
            return Err(Error::from(ErrorKind::ZeroDenominator { what: "capacity" }));
        }
        s.facilities += 1;
        s.population += pop as u128;
        s.capacity += cap as u128;
        if pop > cap {
            s.overcrowded_facilities += 1;
            s.people_in_overcrowded += pop as u128;
            s.surplus += (pop - cap) as u128;
        }
    }
    if s.facilities == 0 {
        return Err(Error::from(ErrorKind::Empty {
            what: "facility pairs",
        }));
    }
    s.ratio = Ratio::new(s.population, s.capacity)?;
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_never_wrap() {
        let s = system_occupancy([(u64::MAX, u64::MAX), (u64::MAX, 1)]).unwrap();
        assert_eq!(s.population, 2 * u64::MAX as u128);
        assert_eq!(s.surplus, u64::MAX as u128 - 1);
        assert_eq!(s.overcrowded_facilities, 1);
    }

    #[test]
    fn zero_capacity_is_an_error() {
        assert!(matches!(
            system_occupancy([(1, 1), (1, 0)])
                .as_ref()
                .map_err(|e| e.kind()),
            Err(ErrorKind::ZeroDenominator { .. })
        ));
    }
}
