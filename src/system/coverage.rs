//! Coverage of a pairwise-complete aggregation: what entered the sums and what did not.

use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::metrics::Ratio;
use crate::model::{CapacityKind, FacilityId, Row};

/// Which number a facility lacks.
///
/// ```
/// use overcrowding::{CapacityKind, Panel, Record};
/// use overcrowding::system::{Lacks, coverage};
/// let p = Panel::new([Record::new("A", "2021-06-30".parse().unwrap())?.with_population_total(5)])?;
/// assert_eq!(coverage(p.rows(), &CapacityKind::Design).missing[0].lacks, Lacks::Capacity);
/// # Ok::<(), overcrowding::Error>(())
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
/// use overcrowding::{CapacityKind, Panel, Record};
/// use overcrowding::system::coverage;
/// let p = Panel::new([Record::new("A", "2021-06-30".parse().unwrap())?])?;
/// let m = &coverage(p.rows(), &CapacityKind::Design).missing[0];
/// assert_eq!((m.id.as_str(), m.population), ("A", None));
/// # Ok::<(), overcrowding::Error>(())
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
/// use overcrowding::{CapacityKind, Panel, Record};
/// use overcrowding::system::coverage;
/// let d = "2021-06-30".parse().unwrap();
/// let p = Panel::new([
///     Record::new("A", d)?.with_population_total(300).with_capacity(CapacityKind::Design, 200),
///     Record::new("B", d)?.with_population_total(100),
///     Record::new("C", d)?.with_capacity(CapacityKind::Design, 50),
/// ])?;
/// let c = coverage(p.rows(), &CapacityKind::Design);
/// assert_eq!((c.facilities, c.covered, c.missing.len()), (3, 1, 2));
/// assert_eq!(c.share_of_population()?.percent(), 75.0);
/// assert_eq!(c.share_of_facilities()?.percent_rounded(1), 33.3);
/// # Ok::<(), overcrowding::Error>(())
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
    /// The facilities left out, in the order of the rows (a date's: by facility id).
    pub missing: Vec<MissingFacility>,
}

impl Coverage {
    /// The facilities left out for lacking exactly what `lacks` names (a facility lacking
    /// both is counted under [`Lacks::Both`] only).
    ///
    /// ```
    /// use overcrowding::{CapacityKind, Panel, Record, system::{Lacks, coverage}};
    /// let d = "2024-12-31".parse().unwrap();
    /// let p = Panel::new([
    ///     Record::new("A", d)?.with_population_total(90),
    ///     Record::new("B", d)?.with_population_total(80).with_capacity(CapacityKind::Design, 100),
    ///     Record::new("C", d)?,
    /// ])?;
    /// let c = coverage(p.rows(), &CapacityKind::Design);
    /// assert_eq!((c.lacking(Lacks::Capacity), c.lacking(Lacks::Population), c.lacking(Lacks::Both)), (1, 0, 1));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn lacking(&self, lacks: Lacks) -> usize {
        self.missing.iter().filter(|m| m.lacks == lacks).count()
    }

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
    /// use overcrowding::{CapacityKind, datasets};
    /// let p = datasets::cambodia_panel()?;
    /// let c = overcrowding::system::coverage(p.rows(), &CapacityKind::Design);
    /// assert_eq!(c.share_of_population()?.percent(), 100.0);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn share_of_population(&self) -> Result<Ratio> {
        Ratio::with_name(
            self.population_covered,
            self.population_reported,
            "reported population",
        )
    }
}

/// The coverage of `rows` (one date's, usually) against capacity `kind` alone: no sums, as
/// a [`SystemSummary`](super::SystemSummary)'s `coverage`; the missing facilities in the
/// order of `rows`.
///
/// ```
/// use overcrowding::{CapacityKind, datasets};
/// let p = datasets::cambodia_panel()?;
/// assert_eq!(overcrowding::system::coverage(p.rows(), &CapacityKind::Design).covered, 1);
/// assert_eq!(overcrowding::system::coverage(p.rows(), &CapacityKind::Rated).covered, 0);
/// # Ok::<(), overcrowding::Error>(())
/// ```
pub fn coverage<'a>(rows: impl IntoIterator<Item = Row<'a>>, kind: &CapacityKind) -> Coverage {
    let mut c = Coverage::default();
    for r in rows {
        let (population, capacity) = (r.population_total(), r.capacity(kind));
        c.facilities += 1;
        c.population_reported += u128::from(population.unwrap_or(0));
        c.capacity_reported += u128::from(capacity.unwrap_or(0));
        match (population, capacity) {
            (Some(p), Some(k)) => {
                c.covered += 1;
                c.population_covered += u128::from(p);
                c.capacity_covered += u128::from(k);
            }
            _ => c
                .missing
                .push(MissingFacility::new(r.id(), None, population, capacity)),
        }
    }
    c
}

/// The places of `kind` reported on the latest date of `rows`, summed over that date's rows
/// that report one — what a forecast of these rows is held against. `None` when none of
/// them reports one (never 0), or the sum passes `u64::MAX`.
///
/// ```
/// use overcrowding::{CapacityKind, Panel, Record};
/// let r = |id, d: &str, c| Record::new(id, d.parse().unwrap()).map(|x| x.with_population_total(90).with_capacity(CapacityKind::Design, c));
/// let p = Panel::new([r("A", "2023-12-31", 100)?, r("A", "2024-12-31", 120)?, r("B", "2024-12-31", 80)?])?;
/// assert_eq!(overcrowding::system::latest_capacity(p.rows(), &CapacityKind::Design), Some(200));
/// assert_eq!(overcrowding::system::latest_capacity(p.rows(), &CapacityKind::Rated), None);
/// # Ok::<(), overcrowding::Error>(())
/// ```
pub fn latest_capacity<'a>(
    rows: impl IntoIterator<Item = Row<'a>>,
    kind: &CapacityKind,
) -> Option<u64> {
    let rows: Vec<Row<'a>> = rows.into_iter().collect();
    let last = rows.iter().map(|r| r.date()).max()?;
    let on_last = rows.into_iter().filter(|r| r.date() == last);
    u64::try_from(coverage(on_last, kind).capacity_reported)
        .ok()
        .filter(|c| *c > 0)
}

impl MissingFacility {
    /// The entry of a facility lacking one number or both (not both present).
    #[cold]
    pub(crate) fn new(
        id: &FacilityId,
        group: Option<&str>,
        population: Option<u64>,
        capacity: Option<u64>,
    ) -> MissingFacility {
        let lacks = match (population, capacity) {
            (None, Some(_)) => Lacks::Population,
            (Some(_), None) => Lacks::Capacity,
            _ => Lacks::Both,
        };
        MissingFacility {
            id: id.clone(),
            group: group.map(String::from),
            lacks,
            population,
            capacity,
        }
    }
}
