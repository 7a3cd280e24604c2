//! Occupancy bands as data: a [`Standard`] is a named, sourced list of [`Threshold`]s that
//! applies to stated capacity kinds.

use crate::ErrorKind;
use crate::error::Constraint;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::exact::{Percent, Ratio};
use crate::model::CapacityKind;

/// Which capacity kinds a standard may be applied to.
///
/// ```
/// use overcrowding::{metrics::CapacityScope, CapacityKind};
/// assert!(CapacityScope::Any.admits(&CapacityKind::Rated));
/// assert!(!CapacityScope::Only(vec![CapacityKind::Design]).admits(&CapacityKind::Rated));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CapacityScope {
    /// Any capacity kind.
    Any,
    /// Only the listed kinds.
    Only(Vec<CapacityKind>),
}

impl CapacityScope {
    /// The names of the kinds in the scope (none for [`CapacityScope::Any`]), for errors.
    pub(crate) fn kinds(&self) -> Vec<String> {
        match self {
            CapacityScope::Any => Vec::new(),
            CapacityScope::Only(kinds) => kinds.iter().map(ToString::to_string).collect(),
        }
    }

    /// Whether `kind` is within the scope.
    ///
    /// ```
    /// assert!(overcrowding::metrics::CapacityScope::Any.admits(&overcrowding::CapacityKind::Cna));
    /// ```
    pub fn admits(&self, kind: &CapacityKind) -> bool {
        match self {
            CapacityScope::Any => true,
            CapacityScope::Only(kinds) => kinds.contains(kind),
        }
    }
}

/// One threshold of a standard: occupancy above (or at) `percent` earns `label`.
///
/// ```
/// use overcrowding::Threshold;
/// let t = Threshold::above("overcrowded", 100.0).unwrap();
/// assert!(t.is_reached_by(&overcrowding::occupancy(101, 100).unwrap()));
/// assert!(!t.is_reached_by(&overcrowding::occupancy(100, 100).unwrap()));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Threshold {
    label: String,
    percent: Percent,
    inclusive: bool,
}

impl Threshold {
    /// Reached when occupancy is strictly above `percent`.
    ///
    /// # Errors
    ///
    /// As [`Percent::new`].
    ///
    /// ```
    /// assert_eq!(overcrowding::Threshold::above("x", 105.0).unwrap().percent().value(), 105.0);
    /// ```
    pub fn above(label: impl Into<String>, percent: f64) -> Result<Threshold> {
        Ok(Threshold {
            label: label.into(),
            percent: Percent::new(percent)?,
            inclusive: false,
        })
    }

    /// Reached when occupancy is at or above `percent`.
    ///
    /// # Errors
    ///
    /// As [`Percent::new`].
    ///
    /// ```
    /// let t = overcrowding::Threshold::at_least("critical", 120.0).unwrap();
    /// assert!(t.is_reached_by(&overcrowding::occupancy(120, 100).unwrap()));
    /// ```
    pub fn at_least(label: impl Into<String>, percent: f64) -> Result<Threshold> {
        Ok(Threshold {
            inclusive: true,
            ..Threshold::above(label, percent)?
        })
    }

    /// The label.
    ///
    /// ```
    /// assert_eq!(overcrowding::Threshold::above("over", 100.0).unwrap().label(), "over");
    /// ```
    pub fn label(&self) -> &str {
        &self.label
    }

    /// The threshold percentage.
    ///
    /// ```
    /// assert_eq!(overcrowding::Threshold::above("over", 137.5).unwrap().percent().to_string(), "137.5");
    /// ```
    pub fn percent(&self) -> Percent {
        self.percent
    }

    /// Whether occupancy at the threshold itself counts (`≥`) or not (`>`).
    ///
    /// ```
    /// assert!(!overcrowding::Threshold::above("over", 100.0).unwrap().is_inclusive());
    /// ```
    pub fn is_inclusive(&self) -> bool {
        self.inclusive
    }

    /// Whether an occupancy ratio reaches this threshold, decided exactly.
    ///
    /// ```
    /// let t = overcrowding::Threshold::above("Plata", 137.5).unwrap();
    /// assert!(!t.is_reached_by(&overcrowding::occupancy(1_375, 1_000).unwrap()));
    /// assert!(t.is_reached_by(&overcrowding::occupancy(1_376, 1_000).unwrap()));
    /// ```
    #[inline]
    pub fn is_reached_by(&self, occupancy: &Ratio) -> bool {
        self.is_reached_by_counts(occupancy.numerator(), occupancy.denominator())
    }

    /// [`is_reached_by`](Self::is_reached_by) on the counts `numerator / denominator`
    /// (`denominator > 0`): the one exact comparison, shared with the columnar core.
    #[inline]
    pub(crate) fn is_reached_by_counts(&self, numerator: u128, denominator: u128) -> bool {
        let (pn, pd) = self.percent.as_fraction_of_one();
        reached(
            crate::exact::cmp_fractions(numerator, denominator, pn, pd),
            self.inclusive,
        )
    }

    /// This threshold as a comparison of `u64` counts, when its exact fraction of one fits
    /// `u64` (every threshold with a short decimal, e.g. 137.5 % = 1375 / 1000).
    pub(crate) fn as_u64(&self) -> Option<U64Threshold> {
        let (pn, pd) = self.percent.as_fraction_of_one();
        Some(U64Threshold {
            numerator: u64::try_from(pn).ok()?,
            denominator: u64::try_from(pd).ok()?,
            inclusive: self.inclusive,
        })
    }
}

/// Whether a comparison of the occupancy with a threshold reaches it: above, or at it when
/// the threshold is inclusive.
#[inline]
fn reached(ord: std::cmp::Ordering, inclusive: bool) -> bool {
    ord.is_gt() | (ord.is_eq() & inclusive)
}

/// A [`Threshold`] whose exact fraction of one fits `u64`: [`Threshold::is_reached_by`] on
/// `u64` counts without the `u128` checks, for the columnar core.
#[derive(Debug, Clone, Copy)]
pub(crate) struct U64Threshold {
    numerator: u64,
    denominator: u64,
    inclusive: bool,
}

impl U64Threshold {
    /// `(numerator, denominator, inclusive)` of the threshold's fraction of one.
    #[inline]
    pub(crate) fn parts(&self) -> (u64, u64, bool) {
        (self.numerator, self.denominator, self.inclusive)
    }

    /// [`Threshold::is_reached_by`] for `population / capacity`, `capacity > 0`: the `u64`
    /// cross products of `cmp_fractions` and the rule of [`reached`] as one comparison (`>` or `≥`), chosen the same for every row so that the
    /// compiler hoists the choice out of a loop.
    #[inline]
    pub(crate) fn is_reached_by(&self, population: u64, capacity: u64) -> bool {
        let occupancy = u128::from(population) * u128::from(self.denominator);
        let threshold = u128::from(self.numerator) * u128::from(capacity);
        if self.inclusive {
            occupancy >= threshold
        } else {
            occupancy > threshold
        }
    }
}

/// The band an occupancy falls in: the highest threshold reached, or none.
///
/// ```
/// use overcrowding::{Standard, occupancy};
/// let band = Standard::space_i().classify(&occupancy(103, 100).unwrap());
/// assert_eq!(band.label(), "moderate overcrowding");
/// assert_eq!(band.level(), 1);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Band {
    label: String,
    level: usize,
}

impl Band {
    /// The band's label (the standard's `below` label when no threshold is reached).
    ///
    /// ```
    /// use overcrowding::{Standard, occupancy};
    /// assert_eq!(Standard::over_capacity().classify(&occupancy(99, 100).unwrap()).label(), "within capacity");
    /// ```
    pub fn label(&self) -> &str {
        &self.label
    }

    /// 0 when no threshold is reached, otherwise 1 + the index of the highest threshold reached.
    ///
    /// ```
    /// use overcrowding::{Standard, occupancy};
    /// assert_eq!(Standard::over_capacity().classify(&occupancy(101, 100).unwrap()).level(), 1);
    /// ```
    pub fn level(&self) -> usize {
        self.level
    }
}

/// A named, sourced set of occupancy thresholds, and the capacity kinds it applies to.
///
/// # Semantics
///
/// Thresholds are in increasing order; an occupancy belongs to the band of the highest
/// threshold it reaches. Comparisons are exact (see [`Percent`]). A standard states which
/// capacity kinds it is meant for: [`Standard::classify_kind`] refuses any other.
///
/// Built-in standards:
///
/// | constructor | thresholds | applies to | source |
/// |---|---|---|---|
/// | [`over_capacity`](Self::over_capacity) | > 100 % overcrowded | any kind | definition |
/// | [`space_i`](Self::space_i) | > 100 % moderate, > 105 % severe | official | Council of Europe SPACE I |
/// | [`critical`](Self::critical) | > 100 % overcrowded, ≥ 120 % critical | official, design | CoE / UNODC usage |
/// | [`brown_v_plata`](Self::brown_v_plata) | > 137.5 % above the cap | design | *Brown v. Plata*, 563 U.S. 493 (2011) |
///
/// ```
/// use overcrowding::{Standard, Threshold, metrics::CapacityScope, CapacityKind, occupancy};
/// let mine = Standard::new("ministry", "within norm", CapacityScope::Only(vec![CapacityKind::Operational]),
///     vec![Threshold::above("tight", 95.0).unwrap(), Threshold::above("over", 100.0).unwrap()]).unwrap();
/// assert_eq!(mine.classify(&occupancy(97, 100).unwrap()).label(), "tight");
/// assert!(mine.classify_kind(&occupancy(97, 100).unwrap(), &CapacityKind::Design).is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawStandard")]
pub struct Standard {
    name: String,
    below: String,
    applies_to: CapacityScope,
    thresholds: Vec<Threshold>,
    source: Option<String>,
}

/// The serialised form of a [`Standard`], checked by [`Standard::new`] when read back (empty
/// or unordered thresholds are refused, as there).
#[derive(Deserialize)]
struct RawStandard {
    name: String,
    below: String,
    applies_to: CapacityScope,
    thresholds: Vec<Threshold>,
    source: Option<String>,
}

impl TryFrom<RawStandard> for Standard {
    type Error = Error;
    fn try_from(r: RawStandard) -> Result<Self> {
        let s = Standard::new(r.name, r.below, r.applies_to, r.thresholds)?;
        Ok(Standard {
            source: r.source,
            ..s
        })
    }
}

impl Standard {
    /// A user-defined standard.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Empty`](crate::ErrorKind::Empty) when there are no thresholds; [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) when they are
    /// not in strictly increasing order.
    ///
    /// ```
    /// use overcrowding::{Standard, Threshold, metrics::CapacityScope};
    /// let bad = Standard::new("x", "ok", CapacityScope::Any,
    ///     vec![Threshold::above("b", 120.0).unwrap(), Threshold::above("a", 100.0).unwrap()]);
    /// assert!(bad.is_err());
    /// ```
    pub fn new(
        name: impl Into<String>,
        below: impl Into<String>,
        applies_to: CapacityScope,
        thresholds: Vec<Threshold>,
    ) -> Result<Standard> {
        if thresholds.is_empty() {
            return Err(Error::from(ErrorKind::Empty { what: "thresholds" }));
        }
        for w in thresholds.windows(2) {
            let (a, b) = (
                w[0].percent.as_fraction_of_one(),
                w[1].percent.as_fraction_of_one(),
            );
            let ord = crate::exact::cmp_fractions(a.0, a.1, b.0, b.1);
            let increasing = ord.is_lt() || (ord.is_eq() && w[0].inclusive && !w[1].inclusive);
            if !increasing {
                return Err(Error::invalid(
                    "threshold",
                    w[1].percent,
                    Constraint::StrictlyIncreasing {
                        previous: w[0].percent.to_string(),
                    },
                ));
            }
        }
        Ok(Standard {
            name: name.into(),
            below: below.into(),
            applies_to,
            thresholds,
            source: None,
        })
    }

    /// The standard with one more threshold, in its place among the others: a user's own
    /// line (a `--threshold 130`) beside a standard's. A threshold at a percentage the
    /// standard already has is not added: the one there keeps its label and its rule (`>` or
    /// `≥`), so that no band is drawn twice. Infallible: the order is kept by placing it.
    ///
    /// ```
    /// use overcrowding::{Standard, Threshold, occupancy};
    /// let s = Standard::critical()
    ///     .with_threshold(Threshold::above("above 150 %", 150.0)?)
    ///     .with_threshold(Threshold::above("above 110 %", 110.0)?)
    ///     .with_threshold(Threshold::above("above 120 %", 120.0)?); // 120 % is there: ≥ kept
    /// let percents: Vec<f64> = s.thresholds().iter().map(|t| t.percent().value()).collect();
    /// assert_eq!(percents, [100.0, 110.0, 120.0, 150.0]);
    /// assert!(s.thresholds()[2].is_inclusive());
    /// assert_eq!(s.level_of(&occupancy(39_000, 27_000)?), 3); // 144.4 %: critical
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn with_threshold(mut self, threshold: Threshold) -> Standard {
        let (n, d) = threshold.percent.as_fraction_of_one();
        let ord = |t: &Threshold| {
            let (tn, td) = t.percent.as_fraction_of_one();
            crate::exact::cmp_fractions(tn, td, n, d)
        };
        if self.thresholds.iter().any(|t| ord(t).is_eq()) {
            return self;
        }
        let at = self.thresholds.partition_point(|t| ord(t).is_lt());
        self.thresholds.insert(at, threshold);
        self
    }

    /// Sets the citation.
    ///
    /// ```
    /// let s = overcrowding::Standard::over_capacity().with_source("my office");
    /// assert_eq!(s.source(), Some("my office"));
    /// ```
    pub fn with_source(mut self, source: impl Into<String>) -> Self {
        self.source = Some(source.into());
        self
    }

    fn built_in(
        name: &str,
        below: &str,
        scope: CapacityScope,
        t: &[(&str, f64, bool)],
        source: &str,
    ) -> Standard {
        let thresholds = t
            .iter()
            .map(|&(label, p, inclusive)| Threshold {
                label: label.to_string(),
                percent: Percent::new(p).expect("built-in thresholds are valid"),
                inclusive,
            })
            .collect();
        Standard::new(name, below, scope, thresholds)
            .expect("built-in standards are ordered")
            .with_source(source)
    }

    /// Over capacity: occupancy > 100 % of any capacity kind.
    ///
    /// ```
    /// use overcrowding::{Standard, occupancy};
    /// assert_eq!(Standard::over_capacity().classify(&occupancy(39_000, 27_000).unwrap()).label(), "overcrowded");
    /// ```
    pub fn over_capacity() -> Standard {
        Standard::built_in(
            "over capacity",
            "within capacity",
            CapacityScope::Any,
            &[("overcrowded", 100.0, false)],
            "definition: population above capacity",
        )
    }

    /// Council of Europe SPACE I: 101–105 % moderate overcrowding, above 105 % severe
    /// overcrowding (decided on the exact ratio: > 100 % and > 105 %), against the official
    /// capacity reported by each administration.
    ///
    /// ```
    /// use overcrowding::{Standard, occupancy};
    /// assert_eq!(Standard::space_i().classify(&occupancy(106, 100).unwrap()).label(), "severe overcrowding");
    /// ```
    pub fn space_i() -> Standard {
        Standard::built_in(
            "SPACE I",
            "no overcrowding",
            CapacityScope::Only(vec![CapacityKind::Official]),
            &[
                ("moderate overcrowding", 100.0, false),
                ("severe overcrowding", 105.0, false),
            ],
            "Council of Europe Annual Penal Statistics (SPACE I)",
        )
    }

    /// Critical overcrowding: > 100 % overcrowded, ≥ 120 % critical (Council of Europe / UNODC
    /// usage), against official or design capacity.
    ///
    /// ```
    /// use overcrowding::{Standard, occupancy};
    /// assert_eq!(Standard::critical().classify(&occupancy(39_000, 27_000).unwrap()).label(), "critical overcrowding");
    /// ```
    pub fn critical() -> Standard {
        Standard::built_in(
            "critical overcrowding",
            "within capacity",
            CapacityScope::Only(vec![CapacityKind::Official, CapacityKind::Design]),
            &[
                ("overcrowded", 100.0, false),
                ("critical overcrowding", 120.0, true),
            ],
            "Council of Europe White Paper on prison overcrowding (2016); UNODC usage",
        )
    }

    /// *Brown v. Plata*, 563 U.S. 493 (2011): California's prisons capped at 137.5 % of design
    /// capacity.
    ///
    /// ```
    /// use overcrowding::{Standard, occupancy};
    /// let s = Standard::brown_v_plata();
    /// assert_eq!(s.classify(&occupancy(1_375, 1_000).unwrap()).level(), 0);
    /// assert_eq!(s.classify(&occupancy(1_376, 1_000).unwrap()).label(), "above the Plata cap");
    /// ```
    pub fn brown_v_plata() -> Standard {
        Standard::built_in(
            "Brown v. Plata cap",
            "within the Plata cap",
            CapacityScope::Only(vec![CapacityKind::Design]),
            &[("above the Plata cap", 137.5, false)],
            "Brown v. Plata, 563 U.S. 493 (2011)",
        )
    }

    /// The name.
    ///
    /// ```
    /// assert_eq!(overcrowding::Standard::space_i().name(), "SPACE I");
    /// ```
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The capacity kinds it applies to.
    ///
    /// ```
    /// use overcrowding::{Standard, CapacityKind};
    /// assert!(Standard::brown_v_plata().applies_to().admits(&CapacityKind::Design));
    /// ```
    pub fn applies_to(&self) -> &CapacityScope {
        &self.applies_to
    }

    /// The thresholds, increasing.
    ///
    /// ```
    /// assert_eq!(overcrowding::Standard::space_i().thresholds().len(), 2);
    /// ```
    pub fn thresholds(&self) -> &[Threshold] {
        &self.thresholds
    }

    /// The source, if any.
    ///
    /// ```
    /// assert!(overcrowding::Standard::brown_v_plata().source().unwrap().contains("563 U.S. 493"));
    /// ```
    pub fn source(&self) -> Option<&str> {
        self.source.as_deref()
    }

    /// All band labels, from below the first threshold up.
    ///
    /// ```
    /// assert_eq!(overcrowding::Standard::over_capacity().labels(), vec!["within capacity", "overcrowded"]);
    /// ```
    pub fn labels(&self) -> Vec<&str> {
        std::iter::once(self.below.as_str())
            .chain(self.thresholds.iter().map(|t| t.label.as_str()))
            .collect()
    }

    /// The band of an occupancy ratio (the caller vouches for the capacity kind; see
    /// [`classify_kind`](Self::classify_kind) to have it checked).
    ///
    /// ```
    /// use overcrowding::{Standard, occupancy};
    /// assert_eq!(Standard::critical().classify(&occupancy(120, 100).unwrap()).level(), 2);
    /// ```
    pub fn classify(&self, occupancy: &Ratio) -> Band {
        let level = self.level_of(occupancy);
        let label = match level.checked_sub(1).and_then(|i| self.thresholds.get(i)) {
            Some(t) => t.label.as_str(),
            None => self.below.as_str(),
        };
        Band {
            label: label.to_string(),
            level,
        }
    }

    /// The band level only (0 = no threshold reached); cheaper than [`classify`](Self::classify).
    ///
    /// ```
    /// use overcrowding::{Standard, occupancy};
    /// assert_eq!(Standard::space_i().level_of(&occupancy(104, 100).unwrap()), 1);
    /// ```
    #[inline]
    pub fn level_of(&self, occupancy: &Ratio) -> usize {
        level_reached(&self.thresholds, occupancy)
    }

    /// The band, after checking that the standard applies to `kind`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) when the standard does not apply to that capacity kind
    /// (e.g. the *Plata* cap against staffed capacity).
    ///
    /// ```
    /// use overcrowding::{Standard, CapacityKind, occupancy};
    /// let r = occupancy(150, 100).unwrap();
    /// assert!(Standard::brown_v_plata().classify_kind(&r, &CapacityKind::Staffed).is_err());
    /// assert_eq!(Standard::brown_v_plata().classify_kind(&r, &CapacityKind::Design).unwrap().level(), 1);
    /// ```
    pub fn classify_kind(&self, occupancy: &Ratio, kind: &CapacityKind) -> Result<Band> {
        if !self.applies_to.admits(kind) {
            return Err(Error::invalid(
                "capacity kind",
                kind,
                Constraint::OneOf {
                    allowed: self.applies_to.kinds(),
                },
            ));
        }
        Ok(self.classify(occupancy))
    }
}

/// The number of `thresholds` (in increasing order) that `occupancy` reaches: the band level
/// of every chart and standard (0 = none reached).
#[inline]
pub(crate) fn level_reached(thresholds: &[Threshold], occupancy: &Ratio) -> usize {
    level_reached_counts(thresholds, occupancy.numerator(), occupancy.denominator())
}

/// [`level_reached`] on the counts `numerator / denominator` (`denominator > 0`).
#[inline]
pub(crate) fn level_reached_counts(
    thresholds: &[Threshold],
    numerator: u128,
    denominator: u128,
) -> usize {
    thresholds
        .iter()
        .rposition(|t| t.is_reached_by_counts(numerator, denominator))
        .map_or(0, |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn percents(s: &Standard) -> Vec<f64> {
        s.thresholds().iter().map(|t| t.percent().value()).collect()
    }

    #[test]
    fn an_added_threshold_takes_its_place_once() {
        let s = Standard::over_capacity()
            .with_threshold(Threshold::above("above 90 %", 90.0).unwrap())
            .with_threshold(Threshold::above("above 137.5 %", 137.5).unwrap())
            .with_threshold(Threshold::at_least("at 100 %", 100.0).unwrap())
            .with_threshold(Threshold::above("above 137.5 % again", 137.5).unwrap());
        assert_eq!(percents(&s), [90.0, 100.0, 137.5]);
        // The standard's own threshold at 100 % stays, with its label and its rule.
        assert_eq!(s.thresholds()[1].label(), "overcrowded");
        assert!(!s.thresholds()[1].is_inclusive());
        // Still a standard Standard::new accepts: strictly increasing.
        let again = Standard::new("again", "ok", CapacityScope::Any, s.thresholds().to_vec());
        assert!(again.is_ok());
        // The levels follow the new order.
        let occ = |p: u64| crate::occupancy(p, 100).unwrap();
        assert_eq!(
            [95, 100, 101, 140].map(|p| s.level_of(&occ(p))),
            [1, 1, 2, 3]
        );
        assert_eq!(s.classify(&occ(95)).label(), "above 90 %");
    }
}
