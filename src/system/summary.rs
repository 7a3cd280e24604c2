//! The system summary of one date: pairwise-complete Σ/Σ, thresholds, distributions, the most
//! overcrowded facilities, and coverage.

use crate::ErrorKind;
use crate::error::Constraint;
use crate::error::ValueProblem;
use serde::{Deserialize, Serialize};

use super::coverage::Coverage;
use super::distribution::Distribution;
use super::observation::FacilityOccupancy;
use super::occupancy::SystemOccupancy;
use crate::error::{Error, Location, Result};
use crate::metrics::{CapacityScope, Ratio, Standard, Threshold};
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
/// let r = |id, p, c| Record::new(id, d).map(|x| x.with_population_total(p).with_capacity(CapacityKind::Design, c));
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
    /// # let panel = Panel::new([Record::new("A", d)?.with_population_total(101).with_capacity(CapacityKind::Design, 100)])?;
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
    /// # let panel = Panel::new([Record::new("A", d)?.with_population_total(101).with_capacity(CapacityKind::Design, 100)])?;
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
/// let p = Panel::new([Record::new("A", d)?.with_population_total(3).with_capacity(CapacityKind::Design, 2),
///                     Record::new("B", d)?.with_population_total(3)])?;
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
/// let r = |id, p, c| Record::new(id, d).map(|x| x.with_population_total(p).with_capacity(CapacityKind::Design, c));
/// let panel = Panel::new([r("A", 130, 100)?, r("B", 60, 100)?,
///                         Record::new("C", d)?.with_population_total(40)])?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::system::distribution::sort_by_occupancy;
    use crate::system::system_occupancy;
    use proptest::prelude::*;

    /// One facility's numbers for these tests (a panel of one date is built from them).
    #[derive(Clone)]
    struct Obs {
        id: FacilityId,
        population: Option<u64>,
        capacity: Option<u64>,
    }

    impl Obs {
        fn new(id: String, population: Option<u64>, capacity: Option<u64>) -> Obs {
            Obs {
                id: FacilityId::new(id).unwrap(),
                population,
                capacity,
            }
        }
    }

    /// The summary of a panel of one date holding `obs`.
    fn summarize(obs: &[Obs], opts: &SummaryOptions) -> Result<SystemSummary> {
        let d = jiff::civil::date(2021, 6, 30);
        let mut b = crate::model::PanelBuilder::with_capacity(obs.len());
        let slot = b.capacity_slot(CapacityKind::Design);
        for o in obs {
            b.begin(o.id.as_str(), d)?;
            if let Some(p) = o.population {
                b.population(p);
            }
            b.capacity(slot, o.capacity)?;
            b.commit()?;
        }
        let panel = b.finish()?;
        Ok(crate::system::summarize_panel(&panel, opts)?
            .remove(0)
            .summary)
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
                // enough covered facilities for the bucketed selection
                proptest::collection::vec(
                    (proptest::option::of(0u64..5_000), proptest::option::of(1u64..3_000)), 1_200..1_500),
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
}
