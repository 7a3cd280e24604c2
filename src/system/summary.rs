//! The system summary of one date: pairwise-complete Σ/Σ, thresholds, distributions, the most
//! overcrowded facilities, and coverage.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::coverage::{Coverage, account};
use super::distribution::{Distribution, sort_by_occupancy};
use super::observation::{FacilityObservation, FacilityOccupancy};
use super::occupancy::{SystemOccupancy, system_occupancy};
use super::select::{IdCheck, TopK};
use crate::error::{Error, Location, Result};
use crate::metrics::{Ratio, Standard, Threshold};
use crate::model::{CapacityKind, Snapshot};

/// Observations from snapshots of one date, against a named capacity kind: the capacity of
/// that kind in force on the snapshot's date, or `None` (reported as missing in the coverage)
/// — never another kind. `group` computes each facility's group key.
///
/// # Errors
///
/// [`Error::InvalidParameter`] when the snapshots are not all of the same date.
///
/// ```
/// use overcrowding::{Snapshot, Facility, Population, Capacity, CapacityKind};
/// use overcrowding::system::observations_from_snapshots;
/// let d = "2021-06-30".parse().unwrap();
/// let a = Snapshot::new(Facility::new("A").unwrap().with_jurisdiction("north")
///     .with_capacity(Capacity::new(CapacityKind::Design, 100, d).unwrap()),
///     Population::builder(150, d).build().unwrap());
/// let b = Snapshot::new(Facility::new("B").unwrap()
///     .with_capacity(Capacity::new(CapacityKind::Rated, 100, d).unwrap()),
///     Population::builder(80, d).build().unwrap());
/// let obs = observations_from_snapshots(&[a, b], &CapacityKind::Design,
///     |s| s.facility().jurisdiction().map(String::from)).unwrap();
/// assert_eq!(obs[0].capacity, Some(100));
/// assert_eq!(obs[1].capacity, None); // B reports no design capacity: no fallback to rated
/// assert_eq!(obs[0].group.as_deref(), Some("north"));
/// ```
pub fn observations_from_snapshots(
    snapshots: &[Snapshot],
    kind: &CapacityKind,
    group: impl Fn(&Snapshot) -> Option<String>,
) -> Result<Vec<FacilityObservation>> {
    if let Some(first) = snapshots.first()
        && let Some(other) = snapshots.iter().find(|s| s.date() != first.date())
    {
        return Err(Error::invalid(
            "snapshot date",
            other.date(),
            format!(
                "(facility {:?}) differs from {} (facility {:?}): a system summary is of one date",
                other.facility().id().as_str(),
                first.date(),
                first.facility().id().as_str()
            ),
        ));
    }
    Ok(snapshots
        .iter()
        .map(|s| FacilityObservation {
            id: s.facility().id().clone(),
            group: group(s),
            population: Some(s.population().total()),
            capacity: s
                .facility()
                .capacity(kind, s.date())
                .ok()
                .map(|c| c.value()),
        })
        .collect())
}

/// What a system summary computes: the capacity kind (named, always), the thresholds to count
/// facilities and people above, and how many of the most overcrowded facilities to list.
///
/// ```
/// use overcrowding::{CapacityKind, Standard, Threshold};
/// use overcrowding::system::SummaryOptions;
/// let o = SummaryOptions::new(CapacityKind::Design)
///     .with_standard(&Standard::critical()).unwrap()
///     .with_threshold(Threshold::above("above 150 %", 150.0).unwrap())
///     .with_top(5);
/// assert_eq!(o.thresholds().len(), 3);
/// assert!(SummaryOptions::new(CapacityKind::Staffed).with_standard(&Standard::brown_v_plata()).is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SummaryOptions {
    kind: CapacityKind,
    thresholds: Vec<Threshold>,
    top: usize,
}

impl SummaryOptions {
    /// Options for a capacity kind, no thresholds, the 10 most overcrowded facilities.
    ///
    /// ```
    /// let o = overcrowding::system::SummaryOptions::new(overcrowding::CapacityKind::Official);
    /// assert_eq!(o.top(), 10);
    /// ```
    pub fn new(kind: CapacityKind) -> SummaryOptions {
        SummaryOptions {
            kind,
            thresholds: Vec::new(),
            top: 10,
        }
    }

    /// Adds every threshold of a standard.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] when the standard does not apply to the capacity kind.
    ///
    /// ```
    /// use overcrowding::{CapacityKind, Standard};
    /// let o = overcrowding::system::SummaryOptions::new(CapacityKind::Official).with_standard(&Standard::space_i()).unwrap();
    /// assert_eq!(o.thresholds()[1].percent().value(), 105.0);
    /// ```
    pub fn with_standard(mut self, standard: &Standard) -> Result<SummaryOptions> {
        if !standard.applies_to().admits(&self.kind) {
            return Err(Error::invalid(
                "capacity kind",
                &self.kind,
                format!(
                    "is not one the standard {:?} applies to ({:?})",
                    standard.name(),
                    standard.applies_to()
                ),
            ));
        }
        self.thresholds
            .extend(standard.thresholds().iter().cloned());
        Ok(self)
    }

    /// Adds one threshold (e.g. 100 % or 150 %).
    ///
    /// ```
    /// use overcrowding::{CapacityKind, Threshold};
    /// let o = overcrowding::system::SummaryOptions::new(CapacityKind::Design)
    ///     .with_threshold(Threshold::above("over", 100.0).unwrap());
    /// assert_eq!(o.thresholds().len(), 1);
    /// ```
    pub fn with_threshold(mut self, threshold: Threshold) -> SummaryOptions {
        self.thresholds.push(threshold);
        self
    }

    /// How many of the most overcrowded facilities to list.
    ///
    /// ```
    /// let o = overcrowding::system::SummaryOptions::new(overcrowding::CapacityKind::Design).with_top(3);
    /// assert_eq!(o.top(), 3);
    /// ```
    pub fn with_top(mut self, k: usize) -> SummaryOptions {
        self.top = k;
        self
    }

    /// The capacity kind.
    ///
    /// ```
    /// let o = overcrowding::system::SummaryOptions::new(overcrowding::CapacityKind::Design);
    /// assert_eq!(o.kind().name(), "design");
    /// ```
    pub fn kind(&self) -> &CapacityKind {
        &self.kind
    }

    /// The thresholds, in the order added.
    ///
    /// ```
    /// assert!(overcrowding::system::SummaryOptions::new(overcrowding::CapacityKind::Design).thresholds().is_empty());
    /// ```
    pub fn thresholds(&self) -> &[Threshold] {
        &self.thresholds
    }

    /// The number of most overcrowded facilities listed.
    ///
    /// ```
    /// assert_eq!(overcrowding::system::SummaryOptions::new(overcrowding::CapacityKind::Design).with_top(0).top(), 0);
    /// ```
    pub fn top(&self) -> usize {
        self.top
    }
}

/// Facilities and people above one threshold (among covered facilities).
///
/// ```
/// use overcrowding::{CapacityKind, Threshold};
/// use overcrowding::system::{FacilityObservation, SummaryOptions, summarize};
/// let obs = [FacilityObservation::new("A", Some(160), Some(100)).unwrap(),
///            FacilityObservation::new("B", Some(90), Some(100)).unwrap()];
/// let o = SummaryOptions::new(CapacityKind::Design).with_threshold(Threshold::above("150 %", 150.0).unwrap());
/// let t = &summarize(&obs, &o).unwrap().thresholds[0];
/// assert_eq!((t.facilities, t.people), (1, 160));
/// assert_eq!(t.share_of_facilities().unwrap().percent(), 50.0);
/// assert_eq!(t.share_of_people().unwrap().percent(), 64.0);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThresholdCount {
    /// The threshold.
    pub threshold: Threshold,
    /// Covered facilities that reach it.
    pub facilities: usize,
    /// People held in them.
    pub people: u128,
    /// All covered facilities (the denominator of the share).
    pub of_facilities: usize,
    /// All people in covered facilities.
    pub of_people: u128,
}

impl ThresholdCount {
    /// Share of covered facilities that reach the threshold.
    ///
    /// # Errors
    ///
    /// [`Error::ZeroDenominator`] when no facility is covered.
    ///
    /// ```
    /// # use overcrowding::{CapacityKind, Threshold};
    /// # use overcrowding::system::{FacilityObservation, SummaryOptions, summarize};
    /// # let obs = [FacilityObservation::new("A", Some(101), Some(100)).unwrap()];
    /// # let o = SummaryOptions::new(CapacityKind::Design).with_threshold(Threshold::above("x", 100.0).unwrap());
    /// let t = &summarize(&obs, &o).unwrap().thresholds[0];
    /// assert_eq!(t.share_of_facilities().unwrap().percent(), 100.0);
    /// ```
    pub fn share_of_facilities(&self) -> Result<Ratio> {
        Ratio::with_name(
            self.facilities as u128,
            self.of_facilities as u128,
            "covered facilities",
        )
    }

    /// Share of people in covered facilities held in facilities that reach the threshold.
    ///
    /// # Errors
    ///
    /// [`Error::ZeroDenominator`] when the covered facilities hold no one.
    ///
    /// ```
    /// # use overcrowding::{CapacityKind, Threshold};
    /// # use overcrowding::system::{FacilityObservation, SummaryOptions, summarize};
    /// # let obs = [FacilityObservation::new("A", Some(101), Some(100)).unwrap()];
    /// # let o = SummaryOptions::new(CapacityKind::Design).with_threshold(Threshold::above("x", 100.0).unwrap());
    /// let t = &summarize(&obs, &o).unwrap().thresholds[0];
    /// assert_eq!(t.share_of_people().unwrap().percent(), 100.0);
    /// ```
    pub fn share_of_people(&self) -> Result<Ratio> {
        Ratio::with_name(self.people, self.of_people, "covered population")
    }
}

/// Every covered facility's occupancy, in input order.
///
/// # Errors
///
/// [`Error::BadValue`] when a capacity is 0.
///
/// ```
/// use overcrowding::system::{FacilityObservation, facility_occupancies};
/// let obs = [FacilityObservation::new("A", Some(3), Some(2)).unwrap(),
///            FacilityObservation::new("B", Some(3), None).unwrap()];
/// assert_eq!(facility_occupancies(&obs).unwrap().len(), 1);
/// ```
pub fn facility_occupancies<'a>(
    observations: impl IntoIterator<Item = &'a FacilityObservation>,
) -> Result<Vec<FacilityOccupancy>> {
    let mut out = Vec::new();
    for o in observations {
        if let (Some(p), Some(c)) = (o.population, o.capacity) {
            check_capacity(o, c)?;
            out.push(FacilityOccupancy {
                id: o.id.clone(),
                group: o.group.clone(),
                population: p,
                capacity: c,
                occupancy: Ratio::new(p, c)?,
            });
        }
    }
    Ok(out)
}

fn check_capacity(o: &FacilityObservation, c: u64) -> Result<()> {
    if c == 0 {
        return Err(Error::BadValue {
            location: Location::facility(o.id.as_str()).with_column("capacity"),
            value: "0".into(),
            reason: "is 0: a capacity must be at least 1 place (not reported is None)".into(),
        });
    }
    Ok(())
}

/// The system summary of one date.
///
/// # Semantics
///
/// Pairwise complete: only facilities that report both a population and a capacity (of the
/// kind named in the options) enter any sum, ratio, count or distribution; the rest are listed
/// in [`coverage`](Self::coverage). `system` is `None` when no facility is covered —
/// a missing figure, never a 0 % or a 100 %. See the [module docs](super) for why the other
/// figures sit beside Σ/Σ.
///
/// ```
/// use overcrowding::{CapacityKind, Standard, Threshold};
/// use overcrowding::system::{FacilityObservation, SummaryOptions, summarize};
/// let obs = [FacilityObservation::new("A", Some(130), Some(100)).unwrap(),
///            FacilityObservation::new("B", Some(60), Some(100)).unwrap(),
///            FacilityObservation::new("C", Some(40), None).unwrap()];
/// let s = summarize(&obs, &SummaryOptions::new(CapacityKind::Design)).unwrap();
/// let sys = s.system.as_ref().unwrap();
/// assert_eq!(sys.ratio.percent(), 95.0);        // the system looks fine …
/// assert_eq!(sys.surplus, 30);                  // … but 30 people lack a place in A
/// assert_eq!(s.population_weighted.unwrap().median.percent(), 130.0); // median prisoner
/// assert_eq!(s.most_overcrowded[0].id.as_str(), "A");
/// assert_eq!(s.coverage.missing[0].id.as_str(), "C");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SystemSummary {
    /// The capacity kind every figure is against.
    pub kind: CapacityKind,
    /// Σ/Σ, facilities and people above 100 %, surplus — over covered facilities; `None` when
    /// none is covered.
    pub system: Option<SystemOccupancy>,
    /// One count per threshold of the options, in their order.
    pub thresholds: Vec<ThresholdCount>,
    /// Facility-weighted distribution of occupancy (`None` when none is covered).
    pub facility_weighted: Option<Distribution>,
    /// Population-weighted distribution (`None` when covered facilities hold no one).
    pub population_weighted: Option<Distribution>,
    /// The `top` most overcrowded covered facilities: occupancy descending, then population
    /// descending, then id.
    pub most_overcrowded: Vec<FacilityOccupancy>,
    /// What the figures cover and what they leave out.
    pub coverage: Coverage,
}

impl SystemSummary {
    /// Σpopulation ÷ Σcapacity over covered facilities.
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] when no facility has both numbers.
    ///
    /// ```
    /// use overcrowding::CapacityKind;
    /// use overcrowding::system::{FacilityObservation, SummaryOptions, summarize};
    /// let obs = [FacilityObservation::new("A", Some(39_000), Some(27_000)).unwrap()];
    /// let s = summarize(&obs, &SummaryOptions::new(CapacityKind::Design)).unwrap();
    /// assert_eq!(s.ratio().unwrap().percent_rounded(1), 144.4);
    /// ```
    pub fn ratio(&self) -> Result<Ratio> {
        self.system.as_ref().map(|s| s.ratio).ok_or(Error::Empty {
            what: "facilities with both a population and a capacity",
        })
    }
}

/// Summarises the observations of one date.
///
/// # Errors
///
/// [`Error::Empty`] when there are no observations; [`Error::BadRow`] when a facility appears
/// twice (it would be counted twice — map aliases first with
/// [`FacilityRegistry`](crate::series::FacilityRegistry)); [`Error::BadValue`] when a
/// capacity is 0.
///
/// ```
/// use overcrowding::{CapacityKind, Standard};
/// use overcrowding::system::{FacilityObservation, SummaryOptions, summarize};
/// let obs = [FacilityObservation::new("A", Some(125), Some(100)).unwrap(),
///            FacilityObservation::new("B", Some(103), Some(100)).unwrap(),
///            FacilityObservation::new("C", Some(50), Some(100)).unwrap()];
/// let o = SummaryOptions::new(CapacityKind::Design).with_standard(&Standard::critical()).unwrap();
/// let s = summarize(&obs, &o).unwrap();
/// assert_eq!(s.thresholds[0].facilities, 2); // > 100 %
/// assert_eq!(s.thresholds[1].facilities, 1); // ≥ 120 %
/// assert_eq!(s.thresholds[1].people, 125);
/// let dup = [obs[0].clone(), obs[0].clone()];
/// assert!(summarize(&dup, &o).is_err());
/// ```
pub fn summarize<'a>(
    observations: impl IntoIterator<Item = &'a FacilityObservation>,
    options: &SummaryOptions,
) -> Result<SystemSummary> {
    let observations = observations.into_iter();
    let mut ids = IdCheck::with_capacity(observations.size_hint().0);
    let mut cov = Coverage::default();
    let mut pairs: Vec<(u64, u64)> = Vec::with_capacity(observations.size_hint().0);
    let mut top = TopK::new(options.top);
    for o in observations {
        ids.push(o);
        account(&mut cov, o);
        if let (Some(p), Some(c)) = (o.population, o.capacity) {
            check_capacity(o, c)?;
            pairs.push((p, c));
            top.offer(o, p, c);
        }
    }
    if cov.facilities == 0 {
        return Err(Error::Empty {
            what: "facility observations",
        });
    }
    ids.check()?;
    Ok(finish(pairs, cov, top, options))
}

fn finish(
    mut pairs: Vec<(u64, u64)>,
    cov: Coverage,
    top: TopK<'_>,
    options: &SummaryOptions,
) -> SystemSummary {
    let system = if pairs.is_empty() {
        None
    } else {
        Some(system_occupancy(pairs.iter().copied()).expect("capacities checked, pairs non-empty"))
    };
    sort_by_occupancy(&mut pairs);
    let thresholds = options
        .thresholds
        .iter()
        .map(|t| {
            let first =
                pairs.partition_point(|&(p, c)| !t.is_reached_by(&Ratio::new(p, c).expect("c>0")));
            let above = &pairs[first..];
            ThresholdCount {
                threshold: t.clone(),
                facilities: above.len(),
                people: above.iter().map(|&(p, _)| p as u128).sum(),
                of_facilities: pairs.len(),
                of_people: cov.population_covered,
            }
        })
        .collect();
    SystemSummary {
        kind: options.kind.clone(),
        system,
        thresholds,
        facility_weighted: Distribution::from_sorted(&pairs, |_| 1),
        population_weighted: Distribution::from_sorted(&pairs, |(p, _)| p as u128),
        most_overcrowded: top.into_sorted(),
        coverage: cov,
    }
}

/// Summaries per group key (the observations' `group`), each as [`summarize`]; facilities
/// without a group fall in the `None` group.
///
/// # Errors
///
/// As [`summarize`] (a duplicate facility is an error even across groups).
///
/// ```
/// use overcrowding::CapacityKind;
/// use overcrowding::system::{FacilityObservation, SummaryOptions, summarize_groups};
/// let f = |id, p, c, g| FacilityObservation::new(id, Some(p), Some(c)).unwrap().with_group(g);
/// let obs = [f("A", 150, 100, "north"), f("B", 50, 100, "north"), f("C", 90, 100, "south")];
/// let g = summarize_groups(&obs, &SummaryOptions::new(CapacityKind::Design)).unwrap();
/// assert_eq!(g[&Some("north".to_string())].ratio().unwrap().percent(), 100.0);
/// assert_eq!(g[&Some("south".to_string())].ratio().unwrap().percent(), 90.0);
/// ```
pub fn summarize_groups<'a>(
    observations: impl IntoIterator<Item = &'a FacilityObservation>,
    options: &SummaryOptions,
) -> Result<BTreeMap<Option<String>, SystemSummary>> {
    let observations = observations.into_iter();
    let mut ids = IdCheck::with_capacity(observations.size_hint().0);
    let mut groups: BTreeMap<Option<String>, Vec<&'a FacilityObservation>> = BTreeMap::new();
    for o in observations {
        ids.push(o);
        groups.entry(o.group.clone()).or_default().push(o);
    }
    ids.check()?;
    groups
        .into_iter()
        .map(|(k, v)| Ok((k, summarize(v, options)?)))
        .collect()
}

/// A snapshot-based summary: [`observations_from_snapshots`] (national, no groups) then
/// [`summarize`] against the options' capacity kind.
///
/// # Errors
///
/// As [`observations_from_snapshots`] and [`summarize`].
///
/// ```
/// use overcrowding::{Snapshot, Facility, Population, Capacity, CapacityKind};
/// use overcrowding::system::{SummaryOptions, summarize_snapshots};
/// let d = "2021-06-30".parse().unwrap();
/// let snap = |id: &str, p, c| Snapshot::new(Facility::new(id).unwrap()
///     .with_capacity(Capacity::new(CapacityKind::Design, c, d).unwrap()),
///     Population::builder(p, d).build().unwrap());
/// let s = summarize_snapshots(&[snap("A", 2_900, 2_050), snap("B", 700, 600)],
///     &SummaryOptions::new(CapacityKind::Design)).unwrap();
/// assert_eq!(s.ratio().unwrap().percent_rounded(1), 135.8); // 3,600 / 2,650
/// ```
pub fn summarize_snapshots(
    snapshots: &[Snapshot],
    options: &SummaryOptions,
) -> Result<SystemSummary> {
    let obs = observations_from_snapshots(snapshots, &options.kind, |_| None)?;
    summarize(&obs, options)
}
