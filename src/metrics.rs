//! Pure metric functions on counts and on the model: occupancy, the BJS capacity range,
//! pretrial shares under both published definitions, rates, surplus, and the inverse
//! questions (releases or capacity needed for a target).
//!
//! Every function takes integer counts and returns a [`Ratio`] or an integer, decided exactly;
//! none returns NaN or infinity, none defaults a missing figure.

mod bands;
pub mod columnar;
mod pretrial_tally;

pub(crate) use crate::exact::floor_percent_of;
pub use crate::exact::{Percent, Rate, Ratio};
pub(crate) use bands::U64Threshold;
#[cfg(feature = "plot")]
pub(crate) use bands::level_reached;
pub use bands::{Band, CapacityScope, Standard, Threshold};
pub use pretrial_tally::PretrialTally;

use crate::ErrorKind;
use crate::error::Constraint;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::Population;

/// Occupancy: `population ÷ capacity`.
///
/// # Errors
///
/// [`ErrorKind::ZeroDenominator`] when `capacity` is 0.
///
/// ```
/// let r = overcrowding::occupancy(39_000, 27_000).unwrap();
/// assert_eq!(r.percent_rounded(1), 144.4);
/// ```
#[inline]
pub fn occupancy(population: u64, capacity: u64) -> Result<Ratio> {
    Ratio::with_name(population as u128, capacity as u128, "capacity")
}

/// A pretrial share as a bare `pretrial ÷ total`.
///
/// # Errors
///
/// [`ErrorKind::ZeroDenominator`] when `total` is 0; [`ErrorKind::PartExceedsWhole`] when
/// `pretrial > total`.
///
/// ```
/// let s = overcrowding::pretrial_share(13_650, 39_000).unwrap();
/// assert_eq!(s.percent_rounded(1), 35.0);
/// assert!(overcrowding::pretrial_share(2, 1).is_err());
/// ```
pub fn pretrial_share(pretrial: u64, total: u64) -> Result<Ratio> {
    if total == 0 {
        return Err(Error::from(ErrorKind::ZeroDenominator {
            what: "total population",
        }));
    }
    if pretrial > total {
        return Err(Error::from(ErrorKind::PartExceedsWhole {
            part: "pretrial",
            part_value: pretrial,
            whole: "total",
            whole_value: total,
        }));
    }
    Ratio::new(pretrial, total)
}

/// Which published definition of "pretrial" a share uses. The caller always names one.
///
/// # Semantics
///
/// - `Broad` — World Prison Brief "pre-trial detainees / remand prisoners": everyone not
///   definitively sentenced: untried + convicted awaiting sentence + awaiting a final
///   judgement on appeal.
/// - `Narrow` — SDG indicator 16.3.2 (UNODC), "unsentenced detainees as a proportion of the
///   overall prison population": untried + convicted awaiting sentence; people under appeal
///   count as sentenced.
///
/// ```
/// use overcrowding::{Population, PretrialDefinition, pretrial_share_of};
/// let p = Population::new(100, "2015-12-31".parse().unwrap())
///     .with_untried(35).with_convicted_unsentenced(0).with_under_appeal(34).with_sentenced(31);
/// assert_eq!(pretrial_share_of(&p, PretrialDefinition::Broad).unwrap().percent_rounded(0), 69.0);
/// assert_eq!(pretrial_share_of(&p, PretrialDefinition::Narrow).unwrap().percent_rounded(0), 35.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PretrialDefinition {
    /// Not definitively sentenced (World Prison Brief).
    Broad,
    /// Unsentenced (SDG 16.3.2, UNODC).
    Narrow,
}

/// The number of pretrial people in a population under a definition.
///
/// Uses the components when they are given; otherwise derives the count from the total and
/// the complementary components (broad = total − sentenced; narrow = total − sentenced −
/// under appeal).
///
/// # Errors
///
/// [`ErrorKind::InvalidParameter`] when the components needed by the definition are not
/// reported; as [`Population::check`] when the parts do not fit the total.
///
/// ```
/// use overcrowding::{Population, PretrialDefinition, metrics::pretrial_count};
/// let p = Population::new(100, "2021-05-31".parse().unwrap()).with_sentenced(60);
/// assert_eq!(pretrial_count(&p, PretrialDefinition::Broad).unwrap(), 40);
/// assert!(pretrial_count(&p, PretrialDefinition::Narrow).is_err()); // under_appeal unknown
/// ```
pub fn pretrial_count(population: &Population, definition: PretrialDefinition) -> Result<u64> {
    population.check()?;
    let s = population.legal_status();
    let total = population.total();
    // The components were checked against the total: sums cannot exceed it.
    let direct = match definition {
        PretrialDefinition::Broad => s
            .untried
            .zip(s.convicted_unsentenced)
            .zip(s.under_appeal)
            .map(|((a, b), c)| a + b + c),
        PretrialDefinition::Narrow => s.untried.zip(s.convicted_unsentenced).map(|(a, b)| a + b),
    };
    let derived = match definition {
        PretrialDefinition::Broad => s.sentenced.map(|x| total - x),
        PretrialDefinition::Narrow => s.sentenced.zip(s.under_appeal).map(|(x, y)| total - x - y),
    };
    direct.or(derived).ok_or_else(|| {
        let (parameter, any_of): (_, &'static [&'static [&'static str]]) = match definition {
            PretrialDefinition::Broad => (
                "legal status (broad pretrial definition)",
                &[
                    &["untried", "convicted_unsentenced", "under_appeal"],
                    &["sentenced"],
                ],
            ),
            PretrialDefinition::Narrow => (
                "legal status (narrow pretrial definition)",
                &[
                    &["untried", "convicted_unsentenced"],
                    &["sentenced", "under_appeal"],
                ],
            ),
        };
        Error::invalid(parameter, format!("{s:?}"), Constraint::Includes { any_of })
    })
}

/// The pretrial share of a population under a named definition.
///
/// # Errors
///
/// As [`pretrial_count`]; [`ErrorKind::ZeroDenominator`] when the population is 0.
///
/// ```
/// use overcrowding::{Population, PretrialDefinition, pretrial_share_of};
/// let p = Population::new(39_000, "2021-05-31".parse().unwrap())
///     .with_untried(13_650).with_convicted_unsentenced(0);
/// assert_eq!(pretrial_share_of(&p, PretrialDefinition::Narrow).unwrap().percent_rounded(1), 35.0);
/// ```
pub fn pretrial_share_of(population: &Population, definition: PretrialDefinition) -> Result<Ratio> {
    pretrial_share(pretrial_count(population, definition)?, population.total())
}

/// The BJS "percent of capacity" pair: population over the lowest and over the highest of the
/// reported capacities.
///
/// ```
/// let r = overcrowding::occupancy_range(4_361, &[2_800, 3_200]).unwrap();
/// assert_eq!(r.of_lowest.percent_rounded(1), 155.8);
/// assert_eq!(r.of_highest.percent_rounded(1), 136.3);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawOccupancyRange")]
pub struct OccupancyRange {
    /// Population ÷ the lowest capacity (the highest occupancy).
    pub of_lowest: Ratio,
    /// Population ÷ the highest capacity (the lowest occupancy).
    pub of_highest: Ratio,
}

/// The serialised form of an [`OccupancyRange`], checked when read back: one population
/// over two capacities, so `of_lowest ≥ of_highest` with the same numerator.
#[derive(Deserialize)]
struct RawOccupancyRange {
    of_lowest: Ratio,
    of_highest: Ratio,
}

impl TryFrom<RawOccupancyRange> for OccupancyRange {
    type Error = Error;
    fn try_from(r: RawOccupancyRange) -> Result<Self> {
        if r.of_lowest.numerator() != r.of_highest.numerator() {
            return Err(Error::invalid(
                "population of of_highest",
                r.of_highest.numerator(),
                Constraint::Equals {
                    expected: r.of_lowest.numerator() as f64,
                },
            ));
        }
        if r.of_lowest < r.of_highest {
            return Err(Error::invalid(
                "occupancy of_lowest",
                r.of_lowest.value(),
                Constraint::AtLeast {
                    min: r.of_highest.value(),
                },
            ));
        }
        Ok(OccupancyRange {
            of_lowest: r.of_lowest,
            of_highest: r.of_highest,
        })
    }
}

/// BJS "percent of capacity": `population` over the lowest and the highest of `capacities`
/// (BJS: rated, operational, design). One capacity → both equal.
///
/// # Errors
///
/// [`ErrorKind::Empty`] when `capacities` is empty (BJS: "not calculated");
/// [`ErrorKind::ZeroDenominator`] when a capacity is 0.
///
/// ```
/// let r = overcrowding::occupancy_range(8_521, &[10_360]).unwrap();
/// assert_eq!(r.of_lowest, r.of_highest);
/// assert!(overcrowding::occupancy_range(1, &[]).is_err());
/// assert!(overcrowding::occupancy_range(1, &[5, 0]).is_err());
/// ```
pub fn occupancy_range(population: u64, capacities: &[u64]) -> Result<OccupancyRange> {
    if capacities.contains(&0) {
        return Err(Error::from(ErrorKind::ZeroDenominator { what: "capacity" }));
    }
    let lowest = *capacities
        .iter()
        .min()
        .ok_or(Error::from(ErrorKind::Empty { what: "capacities" }))?;
    let highest = *capacities
        .iter()
        .max()
        .ok_or(Error::from(ErrorKind::Empty { what: "capacities" }))?;
    Ok(OccupancyRange {
        of_lowest: occupancy(population, lowest)?,
        of_highest: occupancy(population, highest)?,
    })
}

/// The people above capacity, `max(0, population − capacity)`: the places missing.
///
/// ```
/// assert_eq!(overcrowding::surplus(39_000, 27_000), 12_000);
/// assert_eq!(overcrowding::surplus(90, 100), 0);
/// ```
pub fn surplus(population: u64, capacity: u64) -> u64 {
    population.saturating_sub(capacity)
}

/// Spare places, `max(0, capacity − population)`.
///
/// ```
/// assert_eq!(overcrowding::metrics::spare_places(90, 100), 10);
/// assert_eq!(overcrowding::metrics::spare_places(39_000, 27_000), 0);
/// ```
pub fn spare_places(population: u64, capacity: u64) -> u64 {
    capacity.saturating_sub(population)
}

/// Releases needed: the smallest `n` with `(population − n) ÷ capacity × 100 ≤ target_percent`,
/// decided exactly in integers from the decimal target (see [`Percent`]).
///
/// # Errors
///
/// [`ErrorKind::ZeroDenominator`] when `capacity` is 0; [`ErrorKind::InvalidParameter`] when the target
/// is negative or not finite. Every finite, non-negative target has an answer.
///
/// ```
/// assert_eq!(overcrowding::releases_needed(39_000, 27_000, 100.0).unwrap(), 12_000);
/// assert_eq!(overcrowding::releases_needed(39_000, 27_000, 120.0).unwrap(), 6_600);
/// assert_eq!(overcrowding::releases_needed(100, 1_000, 100.0).unwrap(), 0);
/// ```
pub fn releases_needed(population: u64, capacity: u64, target_percent: f64) -> Result<u64> {
    if capacity == 0 {
        return Err(Error::from(ErrorKind::ZeroDenominator { what: "capacity" }));
    }
    if !target_percent.is_finite() || target_percent < 0.0 {
        return Err(target_error(target_percent));
    }
    // The largest population that meets the target is floor(target × capacity), decided
    // from the decimal the caller wrote, for any finite target (1e300 → 0, 1e-300 → all).
    Ok(match floor_percent_of(target_percent, capacity) {
        Some(allowed) if (population as u128) > allowed => population - allowed as u64,
        _ => 0,
    })
}

/// [`releases_needed`] with a [`Percent`] target.
///
/// # Errors
///
/// [`ErrorKind::ZeroDenominator`] when `capacity` is 0.
///
/// ```
/// use overcrowding::{metrics::releases_needed_for, Percent};
/// assert_eq!(releases_needed_for(1_001, 1_000, Percent::new(100.1).unwrap()).unwrap(), 0);
/// assert_eq!(releases_needed_for(1_002, 1_000, Percent::new(100.1).unwrap()).unwrap(), 1);
/// ```
pub fn releases_needed_for(population: u64, capacity: u64, target: Percent) -> Result<u64> {
    if capacity == 0 {
        return Err(Error::from(ErrorKind::ZeroDenominator { what: "capacity" }));
    }
    // The largest population that meets the target is floor(target × capacity).
    Ok(match target.floor_share_of(capacity) {
        Some(allowed) if (population as u128) > allowed => population - allowed as u64,
        _ => 0,
    })
}

/// Capacity needed: the smallest number of places `c` with `population ÷ c × 100 ≤
/// target_percent`, decided exactly.
///
/// # Errors
///
/// [`ErrorKind::InvalidParameter`] when the target is 0 (while the population is not), negative
/// or not finite; [`ErrorKind::Overflow`] when the answer exceeds `u64`.
///
/// ```
/// assert_eq!(overcrowding::capacity_needed(39_000, 100.0).unwrap(), 39_000);
/// assert_eq!(overcrowding::capacity_needed(39_000, 120.0).unwrap(), 32_500);
/// assert_eq!(overcrowding::capacity_needed(39_001, 120.0).unwrap(), 32_501);
/// ```
pub fn capacity_needed(population: u64, target_percent: f64) -> Result<u64> {
    if !target_percent.is_finite() || target_percent < 0.0 {
        return Err(target_error(target_percent));
    }
    if population == 0 {
        return Ok(1);
    }
    if target_percent == 0.0 {
        return Err(Error::invalid(
            "target percent",
            target_percent,
            Constraint::Positive,
        ));
    }
    // c ≥ population × 100 / target, the smallest integer; target = m × 10^e exactly.
    let (m, e) = crate::exact::decimal_parts(target_percent);
    let overflow = Error::from(ErrorKind::Overflow {
        what: "capacity needed",
    });
    let pop100 = population as u128 * 100;
    let c = if e >= 0 {
        match 10u128
            .checked_pow(e as u32)
            .and_then(|p| p.checked_mul(m as u128))
        {
            Some(den) => pop100.div_ceil(den),
            None => 1, // the target exceeds u128: one place is enough
        }
    } else {
        let num = 10u128
            .checked_pow((-e) as u32)
            .and_then(|p| p.checked_mul(pop100))
            .ok_or(overflow)?;
        num.div_ceil(m as u128)
    };
    u64::try_from(c.max(1)).map_err(|_| {
        Error::from(ErrorKind::Overflow {
            what: "capacity needed",
        })
    })
}

fn target_error(target: f64) -> Error {
    Error::invalid("target percent", target, Constraint::NonNegative)
}

/// A rate per `per` people: `count ÷ reference × per`.
///
/// # Errors
///
/// [`ErrorKind::ZeroDenominator`] when `reference` or `per` is 0.
///
/// ```
/// assert_eq!(overcrowding::metrics::rate_per(3, 1_000, 1_000).unwrap().value(), 3.0);
/// ```
pub fn rate_per(count: u64, reference: u64, per: u64) -> Result<Rate> {
    if per == 0 {
        return Err(Error::from(ErrorKind::ZeroDenominator {
            what: "rate base (per)",
        }));
    }
    Rate::new(
        Ratio::with_name(count as u128, reference as u128, "reference population")?,
        per,
    )
}

/// A rate per 100,000 of a reference population (World Prison Brief's prison population rate).
///
/// # Errors
///
/// [`ErrorKind::ZeroDenominator`] when `reference` is 0.
///
/// ```
/// // WPB Cambodia 2018: 31,686 prisoners, rate 193 per 100,000.
/// let r = overcrowding::rate_per_100k(31_686, 16_400_000).unwrap();
/// assert_eq!(r.rounded(0), 193.0);
/// ```
pub fn rate_per_100k(count: u64, reference: u64) -> Result<Rate> {
    rate_per(count, reference, 100_000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn releases_needed_is_exact_at_boundaries() {
        // 137.5 % of 3 places = 4.125 -> at most 4 held.
        assert_eq!(releases_needed(5, 3, 137.5).unwrap(), 1);
        assert_eq!(releases_needed(4, 3, 137.5).unwrap(), 0);
        // Float division would misjudge 100.1 % (binary 100.0999…): 1,001 of 1,000 is allowed.
        assert_eq!(releases_needed(1_001, 1_000, 100.1).unwrap(), 0);
        assert_eq!(releases_needed(u64::MAX, u64::MAX, 100.0).unwrap(), 0);
        assert_eq!(releases_needed(10, 3, 0.0).unwrap(), 10);
        assert!(releases_needed(10, 0, 100.0).is_err());
        assert!(releases_needed(10, 3, -1.0).is_err());
        assert!(releases_needed(10, 3, f64::NAN).is_err());
        assert!(releases_needed(10, 3, f64::INFINITY).is_err());
        // Every finite, non-negative target has an answer.
        assert_eq!(releases_needed(10, 3, f64::MAX).unwrap(), 0);
        assert_eq!(releases_needed(u64::MAX, 1, 1e300).unwrap(), 0);
        assert_eq!(releases_needed(10, 3, f64::MIN_POSITIVE).unwrap(), 10);
        assert_eq!(releases_needed(10, 3, 5e-324).unwrap(), 10);
        assert_eq!(
            releases_needed(u64::MAX, u64::MAX, 1e-30).unwrap(),
            u64::MAX
        );
        // 1e18 % of one place allows 10^16 people.
        assert_eq!(releases_needed(10u64.pow(16) + 5, 1, 1e18).unwrap(), 5);
    }

    #[test]
    fn releases_needed_matches_definition() {
        for pop in 0..60u64 {
            for cap in 1..25u64 {
                for target in [0.0, 50.0, 100.0, 120.0, 137.5, 150.0] {
                    let n = releases_needed(pop, cap, target).unwrap();
                    let ok = |k: u64| ((pop - k) as f64) * 100.0 <= target * cap as f64;
                    assert!(ok(n), "{pop} {cap} {target}");
                    assert!(n == 0 || !ok(n - 1), "{pop} {cap} {target}");
                }
            }
        }
    }

    #[test]
    fn pretrial_definitions() {
        let p = Population::new(200, "2021-01-01".parse().unwrap())
            .with_untried(50)
            .with_convicted_unsentenced(10)
            .with_under_appeal(20)
            .with_sentenced(120);
        assert_eq!(pretrial_count(&p, PretrialDefinition::Broad).unwrap(), 80);
        assert_eq!(pretrial_count(&p, PretrialDefinition::Narrow).unwrap(), 60);
        let q = Population::new(200, "2021-01-01".parse().unwrap())
            .with_under_appeal(20)
            .with_sentenced(120);
        assert_eq!(pretrial_count(&q, PretrialDefinition::Narrow).unwrap(), 60);
        let zero = Population::new(0, "2021-01-01".parse().unwrap()).with_sentenced(0);
        assert!(pretrial_share_of(&zero, PretrialDefinition::Broad).is_err());
    }

    #[test]
    fn capacity_needed_edges() {
        assert_eq!(capacity_needed(0, 100.0).unwrap(), 1);
        assert!(capacity_needed(5, 0.0).is_err());
        assert_eq!(capacity_needed(11, 137.5).unwrap(), 8); // 11/8 = 137.5 %
        assert_eq!(capacity_needed(12, 137.5).unwrap(), 9);
        assert_eq!(capacity_needed(12, 1e300).unwrap(), 1);
        assert!(capacity_needed(12, 1e-300).is_err()); // beyond u64: an overflow, not a clamp
        assert_eq!(capacity_needed(3, 0.5).unwrap(), 600);
    }
}
