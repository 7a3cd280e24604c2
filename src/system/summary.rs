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
use super::observation::{FacilityOccupancy, ObservationRef};
use super::occupancy::SystemOccupancy;
use super::parallel::first_error;
use super::quantile::Keyed;
use super::select::TopK;
use crate::error::{Error, Location, Result};
use crate::metrics::{CapacityScope, Ratio, Standard, Threshold, U64Threshold};
use crate::model::{CapacityKind, CountUnit, FacilityId, Row};

/// What a system summary computes: the capacity kind (named, always), the thresholds to count
/// facilities and people above, and how many of the most overcrowded facilities to list.
///
/// ```
/// use overcrowding::{CapacityKind, Standard, Threshold};
/// use overcrowding::system::SummaryOptions;
/// let o = SummaryOptions::new(CapacityKind::Design)
///     .with_standard(&Standard::critical())
///     .with_threshold(Threshold::above("above 150 %", 150.0).unwrap())
///     .with_top(5);
/// assert_eq!(o.thresholds().len(), 3);
/// // A standard for design capacity does not apply to staffed beds: refused where used.
/// let staffed = SummaryOptions::new(CapacityKind::Staffed).with_standard(&Standard::brown_v_plata());
/// assert_eq!(staffed.thresholds().len(), 1);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SummaryOptions {
    kind: CapacityKind,
    thresholds: Vec<Threshold>,
    top: usize,
    /// The capacities each standard added applies to, checked against `kind` where used.
    scopes: Vec<CapacityScope>,
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
            scopes: Vec::new(),
        }
    }

    /// Adds every threshold of a standard. A standard that does not apply to the capacity
    /// kind is refused where the options are used ([`summarize_panel`](super::summarize_panel),
    /// [`summarize_panel_groups`](super::summarize_panel_groups)).
    ///
    /// ```
    /// use overcrowding::{CapacityKind, Standard};
    /// let o = overcrowding::system::SummaryOptions::new(CapacityKind::Official).with_standard(&Standard::space_i());
    /// assert_eq!(o.thresholds()[1].percent().value(), 105.0);
    /// ```
    pub fn with_standard(mut self, standard: &Standard) -> SummaryOptions {
        self.thresholds
            .extend(standard.thresholds().iter().cloned());
        self.scopes.push(standard.applies_to().clone());
        self
    }

    /// Every standard added applies to the capacity kind.
    pub(crate) fn check(&self) -> Result<()> {
        match self.scopes.iter().find(|s| !s.admits(&self.kind)) {
            Some(scope) => Err(Error::invalid(
                "capacity kind",
                &self.kind,
                Constraint::OneOf {
                    allowed: scope.kinds(),
                },
            )),
            None => Ok(()),
        }
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
/// use overcrowding::{CapacityKind, Panel, Record, Threshold};
/// use overcrowding::system::{SummaryOptions, summarize_panel};
/// let d = "2021-06-30".parse().unwrap();
/// let r = |id, p, c| Record::new(id, d)?.with_population_total(p)?.with_capacity(CapacityKind::Design, c);
/// let panel = Panel::new([r("A", 160, 100)?, r("B", 90, 100)?])?;
/// let o = SummaryOptions::new(CapacityKind::Design).with_threshold(Threshold::above("150 %", 150.0)?);
/// let t = &summarize_panel(&panel, &o)?[0].summary.thresholds[0];
/// assert_eq!((t.facilities, t.people), (1, 160));
/// assert_eq!(t.share_of_facilities()?.percent(), 50.0);
/// assert_eq!(t.share_of_people()?.percent(), 64.0);
/// # Ok::<(), overcrowding::Error>(())
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
    /// # use overcrowding::{CapacityKind, Panel, Record, Threshold};
    /// # use overcrowding::system::{SummaryOptions, summarize_panel};
    /// # let d = "2021-06-30".parse().unwrap();
    /// # let panel = Panel::new([Record::new("A", d)?.with_population_total(101)?.with_capacity(CapacityKind::Design, 100)?])?;
    /// # let o = SummaryOptions::new(CapacityKind::Design).with_threshold(Threshold::above("x", 100.0)?);
    /// let t = &summarize_panel(&panel, &o)?[0].summary.thresholds[0];
    /// assert_eq!(t.share_of_facilities()?.percent(), 100.0);
    /// # Ok::<(), overcrowding::Error>(())
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
    /// # use overcrowding::{CapacityKind, Panel, Record, Threshold};
    /// # use overcrowding::system::{SummaryOptions, summarize_panel};
    /// # let d = "2021-06-30".parse().unwrap();
    /// # let panel = Panel::new([Record::new("A", d)?.with_population_total(101)?.with_capacity(CapacityKind::Design, 100)?])?;
    /// # let o = SummaryOptions::new(CapacityKind::Design).with_threshold(Threshold::above("x", 100.0)?);
    /// let t = &summarize_panel(&panel, &o)?[0].summary.thresholds[0];
    /// assert_eq!(t.share_of_people()?.percent(), 100.0);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn share_of_people(&self) -> Result<Ratio> {
        Ratio::with_name(self.people, self.of_people, "covered population")
    }
}

/// Every covered facility's occupancy against capacity `kind`, in the order of `rows` (a
/// date's rows: by facility id) — the bars of a chart; facilities lacking either number are
/// left out (they are in a summary's [`Coverage`]). `group` is `None`.
///
/// # Errors
///
/// [`ErrorKind::InvalidValue`](crate::ErrorKind::InvalidValue) when a capacity is 0 (a
/// panel refuses one, so not for a panel's rows).
///
/// ```
/// use overcrowding::{CapacityKind, Panel, Record};
/// use overcrowding::system::facility_occupancies;
/// let d = "2021-06-30".parse().unwrap();
/// let p = Panel::new([Record::new("A", d)?.with_population_total(3)?.with_capacity(CapacityKind::Design, 2)?,
///                     Record::new("B", d)?.with_population_total(3)?])?;
/// let f = facility_occupancies(p.on(d), &CapacityKind::Design)?;
/// assert_eq!(f.len(), 1);
/// assert_eq!(f[0].occupancy.percent(), 150.0);
/// # Ok::<(), overcrowding::Error>(())
/// ```
pub fn facility_occupancies<'a>(
    rows: impl IntoIterator<Item = Row<'a>>,
    kind: &CapacityKind,
) -> Result<Vec<FacilityOccupancy>> {
    let mut out = Vec::new();
    for r in rows {
        if let (Some(p), Some(c)) = (r.population_total(), r.capacity(kind)) {
            check_capacity(r.id(), c)?;
            out.push(FacilityOccupancy {
                id: r.id().clone(),
                group: None,
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
/// use overcrowding::{CapacityKind, Panel, Record};
/// use overcrowding::system::{SummaryOptions, summarize_panel};
/// let d = "2021-06-30".parse().unwrap();
/// let r = |id, p, c| Record::new(id, d)?.with_population_total(p)?.with_capacity(CapacityKind::Design, c);
/// let panel = Panel::new([r("A", 130, 100)?, r("B", 60, 100)?,
///                         Record::new("C", d)?.with_population_total(40)?])?;
/// let s = &summarize_panel(&panel, &SummaryOptions::new(CapacityKind::Design))?[0].summary;
/// let sys = s.system.as_ref().unwrap();
/// assert_eq!(sys.ratio.percent(), 95.0);        // the system looks fine …
/// assert_eq!(sys.surplus, 30);                  // … but 30 people lack a place in A
/// assert_eq!(s.population_weighted.unwrap().median.percent(), 130.0); // median prisoner
/// assert_eq!(s.most_overcrowded[0].id.as_str(), "A");
/// assert_eq!(s.coverage.missing[0].id.as_str(), "C");
/// # Ok::<(), overcrowding::Error>(())
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
    /// The unit of every count above (populations, capacities, surplus, people): the
    /// panel's [`count_unit`](crate::Panel::count_unit) — whole people unless published
    /// averages were read exactly. Ratios do not depend on it; show a count in people with
    /// [`CountUnit::format`].
    #[serde(default)]
    pub unit: CountUnit,
}

impl SystemSummary {
    /// Σpopulation ÷ Σcapacity over covered facilities.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Empty`](crate::ErrorKind::Empty) when no facility has both numbers.
    ///
    /// ```
    /// use overcrowding::{CapacityKind, datasets};
    /// use overcrowding::system::{SummaryOptions, summarize_panel};
    /// let p = datasets::cambodia_panel()?; // 39,000 held, 27,000 design places
    /// let s = &summarize_panel(&p, &SummaryOptions::new(CapacityKind::Design))?[0].summary;
    /// assert_eq!(s.ratio()?.percent_rounded(1), 144.4);
    /// # Ok::<(), overcrowding::Error>(())
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

/// The summary of one date's observations (its facilities distinct: a [`Panel`](crate::Panel)'s
/// rows of one date are), the one path behind [`summarize_panel`](super::summarize_panel)
/// and [`summarize_panel_groups`](super::summarize_panel_groups).
pub(crate) fn summarize_refs<'a>(
    observations: impl Iterator<Item = ObservationRef<'a>>,
    options: &SummaryOptions,
) -> Result<SystemSummary> {
    let n = observations.size_hint().0;
    let mut cov = Coverage::default();
    let mut pairs: Vec<Keyed> = Vec::with_capacity(n);
    let mut keyed = true;
    let mut top = TopK::new(options.top);
    let mut tally = Tally::new(&options.thresholds);
    // One pass: coverage, the system sums, the threshold counts and the top k; only the
    // quantiles need the pairs again.
    for o in observations {
        account(&mut cov, o);
        if let (Some(p), Some(c)) = (o.population, o.capacity) {
            check_capacity(o.id, c)?;
            tally.add(p, c);
            let (k, exact) = Keyed::new(p, c);
            keyed &= exact;
            pairs.push(k);
            top.offer(o, p, c);
        }
    }
    if cov.facilities == 0 {
        return Err(Error::from(ErrorKind::Empty {
            what: "facility observations",
        }));
    }
    if !keyed {
        Keyed::unkey(&mut pairs);
    }
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
    mut pairs: Vec<Keyed>,
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
        // The caller, which knows the panel, sets the unit.
        unit: CountUnit::WHOLE,
    }
}

/// One date's observations (facilities distinct) summarised per group key, groups in key
/// order (`None` first), in parallel on the current rayon pool.
pub(crate) fn summarize_groups_refs<'a>(
    observations: impl Iterator<Item = ObservationRef<'a>>,
    options: &SummaryOptions,
) -> Result<Vec<(Option<String>, SystemSummary)>> {
    let mut groups: BTreeMap<Option<&'a str>, Vec<ObservationRef<'a>>> = BTreeMap::new();
    for o in observations {
        groups.entry(o.group).or_default().push(o);
    }
    let groups: Vec<(Option<&str>, Vec<ObservationRef<'_>>)> = groups.into_iter().collect();
    let summaries = first_error(
        groups
            .par_iter()
            .map(|(_, v)| summarize_refs(v.iter().copied(), options)),
    )?;
    Ok(groups
        .into_iter()
        .map(|(k, _)| k.map(String::from))
        .zip(summaries)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::system::distribution::sort_by_occupancy;
    use crate::system::system_occupancy;
    use proptest::prelude::*;

    /// An owned observation for these tests of the one-date path (a panel refuses a zero
    /// capacity, which the error-order test needs).
    #[derive(Clone)]
    struct Obs {
        id: FacilityId,
        group: Option<String>,
        population: Option<u64>,
        capacity: Option<u64>,
    }

    impl Obs {
        fn new(id: String, population: Option<u64>, capacity: Option<u64>) -> Obs {
            Obs {
                id: FacilityId::new(id).unwrap(),
                group: None,
                population,
                capacity,
            }
        }
        fn with_group(self, g: String) -> Obs {
            Obs {
                group: Some(g),
                ..self
            }
        }
        fn r(&self) -> ObservationRef<'_> {
            ObservationRef {
                id: &self.id,
                group: self.group.as_deref(),
                population: self.population,
                capacity: self.capacity,
            }
        }
    }

    fn summarize(obs: &[Obs], opts: &SummaryOptions) -> Result<SystemSummary> {
        summarize_refs(obs.iter().map(Obs::r), opts)
    }

    fn summarize_groups(
        obs: &[Obs],
        opts: &SummaryOptions,
    ) -> Result<Vec<(Option<String>, SystemSummary)>> {
        summarize_groups_refs(obs.iter().map(Obs::r), opts)
    }

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
    fn reference(obs: &[Obs], opts: &SummaryOptions) -> Reference {
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
            let obs: Vec<Obs> = rows
                .iter()
                .enumerate()
                .map(|(i, &(p, c))| Obs::new(format!("F{i}"), p, c))
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
            let mut all: Vec<&Obs> =
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
            Obs::new("A".into(), Some(0), Some(100)),
            Obs::new("B".into(), Some(1), Some(1_000_000)),
        ];
        let s = summarize(&obs, &opts).unwrap();
        assert_eq!((s.thresholds[0].facilities, s.thresholds[0].people), (1, 1));
    }

    /// Groups summarised on two threads give the same summaries, and the same error (the
    /// first failing group in key order), as on one.
    #[test]
    fn groups_on_two_threads_are_the_sequential_result() {
        let obs: Vec<Obs> = (0..4_000u64)
            .map(|i| {
                Obs::new(format!("F{i}"), Some(i * 7 % 500), Some(1 + i * 13 % 300))
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
