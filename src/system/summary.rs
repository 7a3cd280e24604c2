//! The system summary of one date: pairwise-complete Σ/Σ, thresholds, distributions, the most
//! overcrowded facilities, and coverage.

use crate::ErrorKind;
use crate::error::Constraint;
use crate::error::ValueProblem;
use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::coverage::{Coverage, account};
use super::distribution::Distribution;
use super::observation::{FacilityObservation, FacilityOccupancy, ObservationRef};
use super::occupancy::SystemOccupancy;
use super::parallel::first_error;
use super::select::{IdCheck, TopK};
use crate::error::{Error, Location, Result};
use crate::metrics::{Ratio, Standard, Threshold, U64Threshold};
use crate::model::{CapacityKind, FacilityId, Snapshot};

/// Observations from snapshots of one date, against a named capacity kind: the capacity of
/// that kind in force on the snapshot's date, or `None` (reported as missing in the coverage)
/// — never another kind. `group` computes each facility's group key.
///
/// # Errors
///
/// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) when the snapshots are not all of the same date.
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
            Constraint::SameAs {
                other: first.date().to_string(),
            },
        )
        .at(Location::facility(other.facility().id().as_str())));
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
    /// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) when the standard does not apply to the capacity kind.
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
                Constraint::OneOf {
                    allowed: standard.applies_to().kinds(),
                },
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
    /// [`ErrorKind::ZeroDenominator`](crate::ErrorKind::ZeroDenominator) when no facility is covered.
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
    /// [`ErrorKind::ZeroDenominator`](crate::ErrorKind::ZeroDenominator) when the covered facilities hold no one.
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
/// [`ErrorKind::InvalidValue`](crate::ErrorKind::InvalidValue) when a capacity is 0.
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
            check_capacity(&o.id, c)?;
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

fn check_capacity(id: &FacilityId, c: u64) -> Result<()> {
    if c == 0 {
        return Err(Error::bad_value(
            "0",
            ValueProblem::Zero,
            Location::facility(id.as_str()).with_column("capacity"),
        ));
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
    /// [`ErrorKind::Empty`](crate::ErrorKind::Empty) when no facility has both numbers.
    ///
    /// ```
    /// use overcrowding::CapacityKind;
    /// use overcrowding::system::{FacilityObservation, SummaryOptions, summarize};
    /// let obs = [FacilityObservation::new("A", Some(39_000), Some(27_000)).unwrap()];
    /// let s = summarize(&obs, &SummaryOptions::new(CapacityKind::Design)).unwrap();
    /// assert_eq!(s.ratio().unwrap().percent_rounded(1), 144.4);
    /// ```
    pub fn ratio(&self) -> Result<Ratio> {
        self.system
            .as_ref()
            .map(|s| s.ratio)
            .ok_or(Error::from(ErrorKind::Empty {
                what: "facilities with both a population and a capacity",
            }))
    }
}

/// Summarises the observations of one date.
///
/// # Errors
///
/// [`ErrorKind::Empty`](crate::ErrorKind::Empty) when there are no observations; [`ErrorKind::BadRow`](crate::ErrorKind::BadRow) when a facility appears
/// twice (it would be counted twice — map aliases first with
/// [`FacilityRegistry`](crate::series::FacilityRegistry)); [`ErrorKind::InvalidValue`](crate::ErrorKind::InvalidValue) when a
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
    summarize_refs(
        observations.into_iter().map(ObservationRef::from),
        options,
        Ids::Check,
    )
}

/// Whether the ids of one summary's observations are checked for duplicates, or known to
/// be distinct (a [`Panel`](crate::Panel)'s records of one date are).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ids {
    Check,
    Distinct,
}

/// [`summarize`] over borrowed observations.
pub(crate) fn summarize_refs<'a>(
    observations: impl Iterator<Item = ObservationRef<'a>>,
    options: &SummaryOptions,
    check: Ids,
) -> Result<SystemSummary> {
    let n = observations.size_hint().0;
    let mut ids = IdCheck::with_capacity(if check == Ids::Check { n } else { 0 });
    let mut cov = Coverage::default();
    let mut pairs: Vec<(u64, u64)> = Vec::with_capacity(n);
    let mut top = TopK::new(options.top);
    let mut tally = Tally::new(&options.thresholds);
    // One pass: the duplicate check, coverage, the system sums, the threshold counts and
    // the top k; only the quantiles need the pairs again.
    for o in observations {
        if check == Ids::Check {
            ids.push(o.id);
        }
        account(&mut cov, o);
        if let (Some(p), Some(c)) = (o.population, o.capacity) {
            check_capacity(o.id, c)?;
            tally.add(p, c);
            pairs.push((p, c));
            top.offer(o, p, c);
        }
    }
    if cov.facilities == 0 {
        return Err(Error::from(ErrorKind::Empty {
            what: "facility observations",
        }));
    }
    ids.check()?;
    Ok(finish(pairs, tally, cov, top, options))
}

/// A threshold test on one `(population, capacity)` pair: `u64` cross products when the
/// threshold's fraction fits `u64` (every usual threshold), the general exact test otherwise.
enum Test<'a> {
    U64(U64Threshold),
    General(&'a Threshold),
}

/// The sums of one pass over the covered pairs (the fields of [`SystemOccupancy`]) and the
/// facilities and people reaching each threshold.
struct Tally<'a> {
    population: u128,
    capacity: u128,
    facilities: usize,
    over: usize,
    people_over: u128,
    surplus: u128,
    tests: Vec<Test<'a>>,
    reached: Vec<(usize, u128)>,
}

impl<'a> Tally<'a> {
    fn new(thresholds: &'a [Threshold]) -> Self {
        Tally {
            population: 0,
            capacity: 0,
            facilities: 0,
            over: 0,
            people_over: 0,
            surplus: 0,
            tests: thresholds
                .iter()
                .map(|t| t.as_u64().map_or(Test::General(t), Test::U64))
                .collect(),
            reached: vec![(0, 0); thresholds.len()],
        }
    }

    #[inline]
    fn add(&mut self, p: u64, c: u64) {
        let (pw, cw) = (u128::from(p), u128::from(c));
        // Branch-free: whether a facility is over a threshold is as good as random to the
        // branch predictor.
        self.facilities += 1;
        self.population += pw;
        self.capacity += cw;
        let over = p > c;
        self.over += usize::from(over);
        self.people_over += pw * u128::from(over);
        self.surplus += u128::from(p.saturating_sub(c));
        for (t, r) in self.tests.iter().zip(&mut self.reached) {
            let hit = match t {
                Test::U64(t) => t.is_reached_by(p, c),
                Test::General(t) => t.is_reached_by_counts(pw, cw),
            };
            r.0 += usize::from(hit);
            r.1 += pw * u128::from(hit);
        }
    }

    /// The system figures, equal to [`system_occupancy`] over the same pairs.
    fn system(&self) -> Option<SystemOccupancy> {
        (self.facilities > 0).then(|| SystemOccupancy {
            ratio: Ratio::new(self.population, self.capacity).expect("capacities checked > 0"),
            facilities: self.facilities,
            overcrowded_facilities: self.over,
            people_in_overcrowded: self.people_over,
            surplus: self.surplus,
            population: self.population,
            capacity: self.capacity,
        })
    }
}

fn finish(
    mut pairs: Vec<(u64, u64)>,
    tally: Tally<'_>,
    cov: Coverage,
    top: TopK<'_>,
    options: &SummaryOptions,
) -> SystemSummary {
    let thresholds = options
        .thresholds
        .iter()
        .zip(&tally.reached)
        .map(|(t, &(facilities, people))| ThresholdCount {
            threshold: t.clone(),
            facilities,
            people,
            of_facilities: pairs.len(),
            of_people: cov.population_covered,
        })
        .collect();
    let (facility_weighted, population_weighted) = Distribution::of_pairs(&mut pairs);
    SystemSummary {
        kind: options.kind.clone(),
        system: tally.system(),
        thresholds,
        facility_weighted,
        population_weighted,
        most_overcrowded: top.into_sorted(),
        coverage: cov,
    }
}

/// Summaries per group key (the observations' `group`), each as [`summarize`]; facilities
/// without a group fall in the `None` group. Groups are summarised in parallel on the
/// current rayon pool (see the [module docs](super#threads)); the result is the same as on
/// one thread.
///
/// # Errors
///
/// As [`summarize`] (a duplicate facility is an error even across groups; otherwise the
/// error of the first failing group in key order).
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
    summarize_groups_refs(
        observations.into_iter().map(ObservationRef::from),
        options,
        Ids::Check,
    )
}

/// [`summarize_groups`] over borrowed observations.
pub(crate) fn summarize_groups_refs<'a>(
    observations: impl Iterator<Item = ObservationRef<'a>>,
    options: &SummaryOptions,
    check: Ids,
) -> Result<BTreeMap<Option<String>, SystemSummary>> {
    let n = observations.size_hint().0;
    let mut ids = IdCheck::with_capacity(if check == Ids::Check { n } else { 0 });
    let mut groups: BTreeMap<Option<&'a str>, Vec<ObservationRef<'a>>> = BTreeMap::new();
    for o in observations {
        if check == Ids::Check {
            ids.push(o.id);
        }
        groups.entry(o.group).or_default().push(o);
    }
    ids.check()?;
    let groups: Vec<(Option<&str>, Vec<ObservationRef<'_>>)> = groups.into_iter().collect();
    let summaries = first_error(
        groups
            .par_iter()
            .map(|(_, v)| summarize_refs(v.iter().copied(), options, Ids::Distinct)),
    )?;
    Ok(groups
        .into_iter()
        .map(|(k, _)| k.map(String::from))
        .zip(summaries)
        .collect())
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::system::distribution::sort_by_occupancy;
    use crate::system::system_occupancy;
    use proptest::prelude::*;

    /// System figures, (facilities, people) per threshold, both distributions.
    type Reference = (
        Option<SystemOccupancy>,
        Vec<(usize, u128)>,
        Option<Distribution>,
        Option<Distribution>,
    );

    /// The figures as computed before the one-pass tally and the selection: system sums by
    /// [`system_occupancy`], thresholds by a partition point of the fully sorted pairs, the
    /// distributions by a walk of the sorted pairs.
    fn reference(obs: &[FacilityObservation], opts: &SummaryOptions) -> Reference {
        let mut pairs: Vec<(u64, u64)> = obs
            .iter()
            .filter_map(|o| o.population.zip(o.capacity))
            .collect();
        let system = system_occupancy(pairs.iter().copied()).ok();
        sort_by_occupancy(&mut pairs);
        let thresholds = opts
            .thresholds()
            .iter()
            .map(|t| {
                let first =
                    pairs.partition_point(|&(p, c)| !t.is_reached_by(&Ratio::new(p, c).unwrap()));
                let above = &pairs[first..];
                (above.len(), above.iter().map(|&(p, _)| p as u128).sum())
            })
            .collect();
        (
            system,
            thresholds,
            Distribution::from_sorted(&pairs, |_| 1),
            Distribution::from_sorted(&pairs, |(p, _)| p as u128),
        )
    }

    fn same_pair(a: &Option<Distribution>, b: &Option<Distribution>) -> bool {
        let parts = |d: &Option<Distribution>| {
            d.map(|d| {
                (
                    [d.min, d.q1, d.median, d.q3, d.max].map(|r| (r.numerator(), r.denominator())),
                    d.weight,
                )
            })
        };
        parts(a) == parts(b)
    }

    fn options() -> SummaryOptions {
        SummaryOptions::new(CapacityKind::Design)
            .with_standard(&Standard::critical())
            .unwrap()
            .with_threshold(Threshold::above("above 137.5 %", 137.5).unwrap())
            // A fraction of one beyond u64: the general exact test.
            .with_threshold(Threshold::above("tiny", 1.5e-18).unwrap())
            .with_top(7)
            .with_threshold(Threshold::at_least("at least 150 %", 150.0).unwrap())
    }

    proptest! {
        #[test]
        fn one_pass_and_selection_match_the_sorted_reference(
            rows in prop_oneof![
                proptest::collection::vec(
                    (proptest::option::of(0u64..400), proptest::option::of(1u64..300)), 1..300),
                proptest::collection::vec(
                    (proptest::option::of(0u64..u64::MAX), proptest::option::of(1u64..u64::MAX)), 1..100),
            ]
        ) {
            let obs: Vec<FacilityObservation> = rows
                .iter()
                .enumerate()
                .map(|(i, &(p, c))| FacilityObservation::new(format!("F{i}"), p, c).unwrap())
                .collect();
            let opts = options();
            let s = summarize(&obs, &opts).unwrap();
            let (system, thresholds, fw, pw) = reference(&obs, &opts);
            prop_assert_eq!(&s.system, &system);
            let got: Vec<(usize, u128)> = s.thresholds.iter().map(|t| (t.facilities, t.people)).collect();
            prop_assert_eq!(got, thresholds);
            prop_assert!(same_pair(&s.facility_weighted, &fw));
            prop_assert!(same_pair(&s.population_weighted, &pw));
            // The top k: a full sort by occupancy, population (descending), then id.
            let mut all: Vec<&FacilityObservation> =
                obs.iter().filter(|o| o.population.is_some() && o.capacity.is_some()).collect();
            all.sort_by(|a, b| {
                let (pa, ca, pb, cb) = (a.population.unwrap(), a.capacity.unwrap(), b.population.unwrap(), b.capacity.unwrap());
                crate::exact::cmp_fractions(pb.into(), cb.into(), pa.into(), ca.into())
                    .then(pb.cmp(&pa))
                    .then(a.id.cmp(&b.id))
            });
            let want: Vec<&str> = all.iter().take(opts.top()).map(|o| o.id.as_str()).collect();
            let got: Vec<&str> = s.most_overcrowded.iter().map(|f| f.id.as_str()).collect();
            prop_assert_eq!(got, want);
        }
    }

    #[test]
    fn threshold_outside_u64_uses_the_general_test() {
        // 1.5e-18 % is 15 / 10^21 of one: the denominator does not fit u64.
        let t = Threshold::above("anyone held", 1.5e-18).unwrap();
        assert!(t.as_u64().is_none());
        let opts = SummaryOptions::new(CapacityKind::Design).with_threshold(t);
        let obs = [
            FacilityObservation::new("A", Some(0), Some(100)).unwrap(),
            FacilityObservation::new("B", Some(1), Some(1_000_000)).unwrap(),
        ];
        let s = summarize(&obs, &opts).unwrap();
        assert_eq!((s.thresholds[0].facilities, s.thresholds[0].people), (1, 1));
    }

    /// Groups summarised on two threads give the same summaries, and the same error (the
    /// first failing group in key order), as on one.
    #[test]
    fn groups_on_two_threads_are_the_sequential_result() {
        let obs: Vec<FacilityObservation> = (0..4_000u64)
            .map(|i| {
                FacilityObservation::new(format!("F{i}"), Some(i * 7 % 500), Some(1 + i * 13 % 300))
                    .unwrap()
                    .with_group(format!("g{}", i % 37))
            })
            .collect();
        let opts = options().with_top(3);
        let pool = |n| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .build()
                .unwrap()
        };
        let one = pool(1).install(|| summarize_groups(&obs, &opts)).unwrap();
        let two = pool(2).install(|| summarize_groups(&obs, &opts)).unwrap();
        assert_eq!(one.len(), 37);
        assert_eq!(
            serde_json::to_string(&one).unwrap(),
            serde_json::to_string(&two).unwrap()
        );
        let mut bad = obs.clone();
        bad[3_999].capacity = Some(0); // group g3 (3999 % 37 = 3)
        bad[36].capacity = Some(0); // group g36, later in key order than g3
        for _ in 0..20 {
            let e = pool(2)
                .install(|| summarize_groups(&bad, &opts))
                .unwrap_err();
            assert!(e.to_string().contains("\"F3999\""), "{e}");
        }
    }
}
