//! A panel's units (its facilities, or the groups of a column) and their system, forecast
//! and reconciled, each with its capacity and its chance of being over it.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::{Hierarchy, ReconcileMethod, reconcile};
use crate::error::{Constraint, Error, Result};
use crate::forecast::{Forecast, Frequency, MAX_HORIZON, RegularSeries, Side, forecast};
use crate::model::{CapacityKind, PanelView, Row};
use crate::series::{AnyPeriod, Period, Series};
use crate::system::coverage;

/// The fewest periods a unit must have reported in its run to take part: the default's
/// one-step errors start at the third value, and the covariance needs three of them.
const MIN_RUN: usize = 6;

/// Forecasts a panel's units and their system, coherently.
///
/// # Semantics
///
/// - **Units.** Each facility ([`PanelForecaster::new`]) or each value of a group column
///   ([`PanelForecaster::with_groups`]); a unit's series is its population per period of
///   the frequency (the last report of a period counts, [`Series::totals`]), from its last
///   gap on ([`Series::run_since_gap`]).
/// - **Who takes part.** The units that report in the panel's last period with a run of
///   at least six periods (and the frequency's minimum). The others are listed
///   ([`PanelForecast::left_out`]) with why and their last population: a unit that stopped
///   reporting (closed, merged), a run too short to forecast, rows without the group's
///   value.
/// - **The system** is the sum of the units taking part, period by period, over the
///   periods they all report — so its history and its forecast add up to theirs (a
///   system series from every row would carry closed prisons and need not equal the sum).
/// - Each unit and the system are forecast by the crate's default ([`forecast()`]) and
///   reconciled ([`reconcile()`], node 0 the system).
/// - **Capacity** (with [`PanelForecaster::with_capacity_kind`]): a unit's capacity of that
///   kind at its last report, when every facility of the unit reports one; the system's
///   when every unit has one. Not reported is `None`, never 0.
///
/// ```
/// use overcrowding::forecast::Frequency;
/// use overcrowding::forecast::reconcile::{PanelForecaster, ReconcileMethod};
/// use overcrowding::{CapacityKind, model::PanelBuilder};
/// let mut b = PanelBuilder::new();
/// let design = b.capacity_slot(CapacityKind::Design);
/// for year in 2010..2022 {
///     let date = jiff::civil::date(year, 12, 31);
///     let t = (year - 2010) as u64;
///     for (id, pop, cap) in [("A", 480 + 9 * t + t % 3 * 4, 590), ("B", 300 + t % 2 * 6, 290)] {
///         b.begin(id, date)?;
///         b.population(pop);
///         b.capacity(design, Some(cap))?;
///         b.commit()?;
///     }
/// }
/// let panel = b.finish()?;
/// let f = PanelForecaster::new(Frequency::Yearly, 3)
///     .with_capacity_kind(CapacityKind::Design)
///     .run(&panel)?;
/// assert_eq!(f.system.name, "all");
/// assert_eq!(f.units.iter().map(|u| u.name.as_str()).collect::<Vec<_>>(), ["A", "B"]);
/// assert_eq!((f.system.capacity, f.units[1].capacity), (Some(880), Some(290)));
/// // B is over its 290 places and stays there; A nears its 590 (579 held in 2021).
/// let b_over = f.units[1].chance_over_capacity()?.unwrap();
/// assert!(b_over[0] > 0.9, "{b_over:?}");
/// let sum: f64 = f.units.iter().map(|u| u.reconciled.mean()[2]).sum();
/// assert!((f.system.reconciled.mean()[2] - sum).abs() < 1e-6);
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PanelForecaster {
    frequency: Frequency,
    horizon: usize,
    method: ReconcileMethod,
    groups: Option<String>,
    kind: Option<CapacityKind>,
    system: String,
}

impl PanelForecaster {
    /// Facilities as the units, `horizon` periods of `frequency`, MinT-shrink, no capacity,
    /// the system named `"all"`.
    ///
    /// ```
    /// use overcrowding::forecast::{Frequency, reconcile::PanelForecaster};
    /// assert_eq!(PanelForecaster::new(Frequency::Monthly, 12).horizon(), 12);
    /// ```
    pub fn new(frequency: Frequency, horizon: usize) -> PanelForecaster {
        PanelForecaster {
            frequency,
            horizon,
            method: ReconcileMethod::MinTShrink,
            groups: None,
            kind: None,
            system: "all".to_string(),
        }
    }

    /// Reconciles by `method`.
    ///
    /// ```
    /// use overcrowding::forecast::{Frequency, reconcile::{PanelForecaster, ReconcileMethod}};
    /// let p = PanelForecaster::new(Frequency::Monthly, 12).with_method(ReconcileMethod::BottomUp);
    /// assert_eq!(p.method(), ReconcileMethod::BottomUp);
    /// ```
    pub fn with_method(mut self, method: ReconcileMethod) -> PanelForecaster {
        self.method = method;
        self
    }

    /// The values of the group column `column` as the units (regions, security categories)
    /// instead of the facilities.
    ///
    /// ```
    /// use overcrowding::forecast::{Frequency, reconcile::PanelForecaster};
    /// let p = PanelForecaster::new(Frequency::Monthly, 12).with_groups("region");
    /// assert_eq!(p.groups(), Some("region"));
    /// ```
    pub fn with_groups(mut self, column: impl Into<String>) -> PanelForecaster {
        self.groups = Some(column.into());
        self
    }

    /// Compares each unit and the system with its capacity of `kind`.
    ///
    /// ```
    /// use overcrowding::CapacityKind;
    /// use overcrowding::forecast::{Frequency, reconcile::PanelForecaster};
    /// let p = PanelForecaster::new(Frequency::Monthly, 12).with_capacity_kind(CapacityKind::Operational);
    /// assert_eq!(p.capacity_kind(), Some(&CapacityKind::Operational));
    /// ```
    pub fn with_capacity_kind(mut self, kind: CapacityKind) -> PanelForecaster {
        self.kind = Some(kind);
        self
    }

    /// Names the system node `name` (a unit of that name is refused by
    /// [`PanelForecaster::run`]).
    ///
    /// ```
    /// use overcrowding::forecast::{Frequency, reconcile::PanelForecaster};
    /// assert_eq!(PanelForecaster::new(Frequency::Yearly, 2).with_system_name("England and Wales").system_name(), "England and Wales");
    /// ```
    pub fn with_system_name(mut self, name: impl Into<String>) -> PanelForecaster {
        self.system = name.into();
        self
    }

    /// The horizon.
    ///
    /// ```
    /// # use overcrowding::forecast::{Frequency, reconcile::PanelForecaster};
    /// assert_eq!(PanelForecaster::new(Frequency::Yearly, 2).horizon(), 2);
    /// ```
    pub fn horizon(&self) -> usize {
        self.horizon
    }

    /// The reconciliation method.
    ///
    /// ```
    /// # use overcrowding::forecast::{Frequency, reconcile::{PanelForecaster, ReconcileMethod}};
    /// assert_eq!(PanelForecaster::new(Frequency::Yearly, 2).method(), ReconcileMethod::MinTShrink);
    /// ```
    pub fn method(&self) -> ReconcileMethod {
        self.method
    }

    /// The group column whose values are the units (`None`: facilities).
    ///
    /// ```
    /// # use overcrowding::forecast::{Frequency, reconcile::PanelForecaster};
    /// assert_eq!(PanelForecaster::new(Frequency::Yearly, 2).groups(), None);
    /// ```
    pub fn groups(&self) -> Option<&str> {
        self.groups.as_deref()
    }

    /// The capacity kind compared with.
    ///
    /// ```
    /// # use overcrowding::forecast::{Frequency, reconcile::PanelForecaster};
    /// assert_eq!(PanelForecaster::new(Frequency::Yearly, 2).capacity_kind(), None);
    /// ```
    pub fn capacity_kind(&self) -> Option<&CapacityKind> {
        self.kind.as_ref()
    }

    /// The system node's name.
    ///
    /// ```
    /// # use overcrowding::forecast::{Frequency, reconcile::PanelForecaster};
    /// assert_eq!(PanelForecaster::new(Frequency::Yearly, 2).system_name(), "all");
    /// ```
    pub fn system_name(&self) -> &str {
        &self.system
    }

    /// Forecasts and reconciles the units of `panel` (a panel, or a
    /// [`PanelView`] of some of its rows: its combined group column can be the groups) and
    /// their system (the type's semantics).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) for a horizon of 0
    /// or above [`MAX_HORIZON`], or when no unit takes part
    /// ([`Constraint::AtLeast`] one, `left_out` names them in the message's value);
    /// [`ErrorKind::Empty`](crate::ErrorKind::Empty) for a panel without populations; the
    /// errors of [`reconcile()`] and of [`Hierarchy::two_level`] (a unit named like the
    /// system).
    ///
    /// ```
    /// use overcrowding::forecast::{Frequency, reconcile::PanelForecaster};
    /// let empty = overcrowding::model::PanelBuilder::new().finish()?;
    /// assert!(PanelForecaster::new(Frequency::Yearly, 2).run(&empty).is_err());
    /// assert!(PanelForecaster::new(Frequency::Yearly, 0).run(&empty).is_err());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn run<'a>(&self, panel: impl Into<PanelView<'a>>) -> Result<PanelForecast> {
        let panel = panel.into();
        panel
            .count_unit()
            .require_whole("forecast panel's count unit")?;
        if self.horizon == 0 || self.horizon > MAX_HORIZON {
            return Err(Error::invalid(
                "horizon",
                self.horizon,
                Constraint::Between {
                    min: 1.0,
                    max: MAX_HORIZON as f64,
                },
            ));
        }
        let f = self.frequency;
        let (units, mut left_out) = self.units(&panel)?;
        let Some(last) = units.iter().map(|u| u.run.end()).max() else {
            return Err(Error::from(crate::ErrorKind::Empty {
                what: "population reports",
            }));
        };
        let needed = MIN_RUN.max(f.min_len());
        let mut taking = Vec::new();
        for u in units {
            let (end, value) = (u.run.end(), u.run.points()[u.run.len() - 1].value);
            if end != last {
                left_out.push(LeftOut {
                    name: u.name,
                    reason: LeftOutReason::Ended,
                    last_period: Some(end),
                    last_population: Some(value),
                });
            } else if u.run.len() < needed {
                left_out.push(LeftOut {
                    name: u.name,
                    reason: LeftOutReason::TooShort {
                        periods: u.run.len(),
                        needed,
                    },
                    last_period: Some(end),
                    last_population: Some(value),
                });
            } else {
                taking.push(u);
            }
        }
        if taking.is_empty() {
            return Err(Error::invalid(
                "units reporting in the last period with a long enough run",
                0,
                Constraint::AtLeast { min: 1.0 },
            ));
        }
        // The system: the units' sum over the periods they all report.
        let common = taking.iter().map(|u| u.run.len()).min().unwrap_or(0);
        let values: Vec<f64> = (0..common)
            .map(|k| {
                taking
                    .iter()
                    .map(|u| u.run.points()[u.run.len() - common + k].value as f64)
                    .sum()
            })
            .collect();
        let start = {
            let run = &taking[0].run;
            run.points()[run.len() - common].period
        };
        let system_series = RegularSeries::new(f, values)?.with_start(start);
        let series: Vec<RegularSeries> = std::iter::once(Ok(system_series))
            .chain(taking.iter().map(|u| RegularSeries::from_series(&u.run)))
            .collect::<Result<_>>()?;
        // Both cores: one default forecast per node, each deterministic.
        let base: Vec<Forecast> = series
            .par_iter()
            .map(|s| forecast(s, self.horizon))
            .collect::<Result<_>>()?;
        let names: Vec<String> = taking.iter().map(|u| u.name.clone()).collect();
        let hierarchy = Hierarchy::two_level(self.system.clone(), names)?;
        let reconciled = reconcile(&hierarchy, &base, self.method)?;
        let capacities: Vec<Option<u64>> = taking.iter().map(|u| u.capacity).collect();
        let system_capacity = capacities
            .iter()
            .try_fold(0u64, |acc, c| c.and_then(|c| acc.checked_add(c)));
        let last_values: Vec<u64> = series.iter().map(|s| s.last().round() as u64).collect();
        let mut nodes = base
            .into_iter()
            .zip(reconciled.forecasts().iter().cloned())
            .zip(hierarchy.names().iter().cloned())
            .zip(std::iter::once(system_capacity).chain(capacities))
            .zip(last_values)
            .map(
                |((((base, reconciled), name), capacity), last_population)| UnitForecast {
                    name,
                    capacity: self.kind.as_ref().and(capacity),
                    last_population,
                    base,
                    reconciled,
                },
            );
        let system = nodes.next().ok_or(Error::from(crate::ErrorKind::Empty {
            what: "system forecast",
        }))?;
        left_out.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(PanelForecast {
            frequency: f,
            method: self.method,
            last_period: last,
            system_periods: common,
            system,
            units: nodes.collect(),
            left_out,
            lambda: reconciled.covariance().lambda(),
            residual_periods: reconciled.covariance().periods(),
            clipped_paths: reconciled.clipped_paths(),
        })
    }

    /// Each unit's totals and capacity; rows without the group's value, left out.
    fn units(&self, panel: &PanelView<'_>) -> Result<(Vec<Unit>, Vec<LeftOut>)> {
        let mut by_unit: std::collections::BTreeMap<String, Vec<Row<'_>>> = Default::default();
        let mut ungrouped = Vec::new();
        for r in panel.rows() {
            let key = match &self.groups {
                None => Some(r.id().as_str()),
                Some(col) => panel.group(r, col),
            };
            match key {
                Some(k) => by_unit.entry(k.to_string()).or_default().push(r),
                None => ungrouped.push(r),
            }
        }
        let mut left_out = Vec::new();
        if !ungrouped.is_empty() {
            // The people in no group are reported as a unit's would be: their total in the
            // last period any of them reports one (none when no such row has a population).
            let last = match Series::totals(
                self.frequency,
                ungrouped
                    .iter()
                    .filter_map(|r| Some((r.date(), r.population_total()?))),
            ) {
                Ok(t) => t.points().last().map(|p| (p.period, p.value)),
                Err(e) if matches!(e.kind(), crate::ErrorKind::Empty { .. }) => None,
                Err(e) => return Err(e),
            };
            left_out.push(LeftOut {
                name: "(no group)".to_string(),
                reason: LeftOutReason::NoGroupValue {
                    rows: ungrouped.len(),
                },
                last_period: last.map(|l| l.0),
                last_population: last.map(|l| l.1),
            });
        }
        // A unit none of whose rows has a population has no series: left out, and said why.
        let (units, no_population): (Vec<_>, Vec<_>) = by_unit
            .into_iter()
            .partition(|(_, rows)| rows.iter().any(|r| r.population_total().is_some()));
        left_out.extend(no_population.into_iter().map(|(name, rows)| LeftOut {
            name,
            reason: LeftOutReason::NoPopulation { rows: rows.len() },
            last_period: None,
            last_population: None,
        }));
        let units = units
            .into_iter()
            .map(|(name, rows)| {
                let run = Series::totals(
                    self.frequency,
                    rows.iter()
                        .filter_map(|r| Some((r.date(), r.population_total()?))),
                )?
                .run_since_gap();
                let capacity = self.kind.as_ref().and_then(|kind| {
                    let last = rows.iter().map(|r| r.date()).max()?;
                    let c = coverage(rows.iter().copied().filter(|r| r.date() == last), kind);
                    (c.covered == c.facilities && c.capacity_reported > 0)
                        .then(|| u64::try_from(c.capacity_reported).ok())
                        .flatten()
                });
                Ok(Unit {
                    name,
                    run,
                    capacity,
                })
            })
            .collect::<Result<_>>()?;
        Ok((units, left_out))
    }
}

/// One unit's totals on the calendar since its last gap, and its capacity.
struct Unit {
    name: String,
    run: Series<AnyPeriod>,
    capacity: Option<u64>,
}

/// The unit, why it is left out, and its last report when known.
///
/// ```
/// use overcrowding::forecast::reconcile::{LeftOut, LeftOutReason};
/// use overcrowding::series::{AnyPeriod, Year};
/// let l = LeftOut {
///     name: "C".into(),
///     reason: LeftOutReason::TooShort { periods: 3, needed: 6 },
///     last_period: Some(AnyPeriod::Year(Year(2021))),
///     last_population: Some(2_321),
/// };
/// assert_eq!(l.to_string(), "C (3 periods since its last gap, 6 needed; last 2021: 2321)");
/// let rows = LeftOut { last_period: None, last_population: None, ..l };
/// assert_eq!(rows.to_string(), "C (3 periods since its last gap, 6 needed)");
/// ```
impl std::fmt::Display for LeftOut {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({}", self.name, self.reason)?;
        if let (Some(p), Some(n)) = (self.last_period, self.last_population) {
            write!(f, "; last {p}: {n}")?;
        }
        f.write_str(")")
    }
}

/// Why a unit is not among the reconciled ones.
///
/// ```
/// use overcrowding::forecast::reconcile::LeftOutReason;
/// let r = LeftOutReason::TooShort { periods: 4, needed: 6 };
/// assert_eq!(r.to_string(), "4 periods since its last gap, 6 needed");
/// assert_eq!(LeftOutReason::NoPopulation { rows: 3 }.to_string(), "no population in its 3 rows");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum LeftOutReason {
    /// It does not report in the panel's last period (closed, merged, or late).
    Ended,
    /// Its run since the last gap is shorter than `needed` periods.
    TooShort {
        /// Periods in the run.
        periods: usize,
        /// Periods needed.
        needed: usize,
    },
    /// Rows without a value in the group column.
    NoGroupValue {
        /// How many rows.
        rows: usize,
    },
    /// None of the unit's rows reports a population: it has no series.
    NoPopulation {
        /// The unit's rows.
        rows: usize,
    },
}

impl std::fmt::Display for LeftOutReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LeftOutReason::Ended => f.write_str("no report in the last period"),
            LeftOutReason::TooShort { periods, needed } => {
                write!(f, "{periods} periods since its last gap, {needed} needed")
            }
            LeftOutReason::NoGroupValue { rows } => {
                write!(f, "{rows} rows without a value in the group column")
            }
            LeftOutReason::NoPopulation { rows } => {
                write!(f, "no population in its {rows} rows")
            }
        }
    }
}

/// A unit left out of the reconciliation, and why.
///
/// ```
/// use overcrowding::forecast::reconcile::{LeftOut, LeftOutReason};
/// let l = LeftOut { name: "Hull".into(), reason: LeftOutReason::Ended, last_period: None, last_population: Some(0) };
/// assert_eq!(l.last_population, Some(0));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LeftOut {
    /// The unit.
    pub name: String,
    /// Why.
    pub reason: LeftOutReason,
    /// Its last period with a report; for the rows without a group
    /// ([`LeftOutReason::NoGroupValue`]) the last period any of them reports a population
    /// (`None` when none does).
    pub last_period: Option<AnyPeriod>,
    /// Its population in that period (for the rows without a group, their total).
    pub last_population: Option<u64>,
}

impl LeftOut {
    /// Whether the unit is still in today's system: every reason but
    /// [`LeftOutReason::Ended`]. A system total without such a unit lacks its people, so the
    /// answer is partial (the command line's exit 3); one that stopped reporting is not.
    ///
    /// ```
    /// use overcrowding::forecast::reconcile::{LeftOut, LeftOutReason};
    /// let closed = LeftOut { name: "Hull".into(), reason: LeftOutReason::Ended, last_period: None, last_population: Some(0) };
    /// let opened = LeftOut { reason: LeftOutReason::TooShort { periods: 20, needed: 24 }, last_population: Some(1_673), ..closed.clone() };
    /// assert_eq!([closed.still_reports(), opened.still_reports()], [false, true]);
    /// ```
    pub fn still_reports(&self) -> bool {
        self.reason != LeftOutReason::Ended
    }
}

/// One node of a [`PanelForecast`]: its base and reconciled forecasts and its capacity.
///
/// ```
/// # use overcrowding::forecast::Frequency;
/// # use overcrowding::forecast::reconcile::PanelForecaster;
/// # use overcrowding::model::PanelBuilder;
/// # let mut b = PanelBuilder::new();
/// # for year in 2010..2020 { for (id, pop) in [("A", 100 + year as u64 % 3), ("B", 50 + year as u64 % 4)] {
/// #     b.begin(id, jiff::civil::date(year, 12, 31))?; b.population(pop); b.commit()?; } }
/// # let panel = b.finish()?;
/// let f = PanelForecaster::new(Frequency::Yearly, 2).run(&panel)?;
/// let a = &f.units[0];
/// assert_eq!((a.name.as_str(), a.capacity, a.last_population), ("A", None, 100));
/// assert_eq!(a.chance_over_capacity()?, None); // no capacity kind asked for
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitForecast {
    /// The unit (or the system).
    pub name: String,
    /// Its capacity of the kind asked for; `None` when not asked or not reported by every
    /// facility.
    pub capacity: Option<u64>,
    /// Its population in the last period.
    pub last_population: u64,
    /// The default forecast of its own series.
    pub base: Forecast,
    /// The reconciled forecast.
    pub reconciled: Forecast,
}

impl UnitForecast {
    /// The chance of being over capacity at each horizon (share of reconciled paths above
    /// it), `None` without a capacity.
    ///
    /// # Errors
    ///
    /// None in practice (the capacity is a valid level); the errors of
    /// [`Forecast::probability_at`].
    ///
    /// ```
    /// # use overcrowding::forecast::Frequency;
    /// # use overcrowding::forecast::reconcile::PanelForecaster;
    /// # use overcrowding::{CapacityKind, model::PanelBuilder};
    /// # let mut b = PanelBuilder::new();
    /// # let design = b.capacity_slot(CapacityKind::Design);
    /// # for year in 2010..2020 { for (id, pop) in [("A", 100 + year as u64 % 3), ("B", 50 + year as u64 % 4)] {
    /// #     b.begin(id, jiff::civil::date(year, 12, 31))?; b.population(pop); b.capacity(design, Some(100))?; b.commit()?; } }
    /// # let panel = b.finish()?;
    /// let f = PanelForecaster::new(Frequency::Yearly, 2).with_capacity_kind(CapacityKind::Design).run(&panel)?;
    /// let b = f.units[1].chance_over_capacity()?.unwrap(); // about 50 held, 100 places
    /// assert!(b.iter().all(|p| *p < 0.01));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn chance_over_capacity(&self) -> Result<Option<Vec<f64>>> {
        self.capacity
            .map(|c| self.reconciled.probability_at(c as f64, Side::Above))
            .transpose()
    }

    /// The chance of having been over capacity at some period up to each horizon, `None`
    /// without a capacity.
    ///
    /// # Errors
    ///
    /// As [`UnitForecast::chance_over_capacity`].
    ///
    /// ```
    /// # use overcrowding::forecast::Frequency;
    /// # use overcrowding::forecast::reconcile::PanelForecaster;
    /// # use overcrowding::{CapacityKind, model::PanelBuilder};
    /// # let mut b = PanelBuilder::new();
    /// # let design = b.capacity_slot(CapacityKind::Design);
    /// # for year in 2010..2020 { for (id, pop) in [("A", 100 + year as u64 % 3), ("B", 50 + year as u64 % 4)] {
    /// #     b.begin(id, jiff::civil::date(year, 12, 31))?; b.population(pop); b.capacity(design, Some(100))?; b.commit()?; } }
    /// # let panel = b.finish()?;
    /// let f = PanelForecaster::new(Frequency::Yearly, 3).with_capacity_kind(CapacityKind::Design).run(&panel)?;
    /// let a = f.units[0].chance_reached_capacity()?.unwrap(); // A holds 100–102 of 100 places
    /// assert!(a[0] > 0.5 && a.windows(2).all(|w| w[0] <= w[1]));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn chance_reached_capacity(&self) -> Result<Option<Vec<f64>>> {
        self.capacity
            .map(|c| self.reconciled.probability_reached(c as f64, Side::Above))
            .transpose()
    }
}

/// The reconciled forecasts of a panel's units and system ([`PanelForecaster::run`]).
///
/// ```
/// # use overcrowding::forecast::Frequency;
/// # use overcrowding::forecast::reconcile::{PanelForecaster, LeftOutReason};
/// # use overcrowding::model::PanelBuilder;
/// let mut b = PanelBuilder::new();
/// for year in 2010..2020 {
///     for (id, pop) in [("A", 100 + year as u64 % 3), ("B", 50 + year as u64 % 4), ("Closed", 70)] {
///         if id == "Closed" && year > 2015 { continue; }
///         b.begin(id, jiff::civil::date(year, 12, 31))?;
///         b.population(pop);
///         b.commit()?;
///     }
/// }
/// let f = PanelForecaster::new(Frequency::Yearly, 2).run(&b.finish()?)?;
/// assert_eq!((f.units.len(), f.system_periods, f.residual_periods), (2, 10, 7));
/// assert_eq!(f.left_out[0].name, "Closed");
/// assert_eq!(f.left_out[0].reason, LeftOutReason::Ended);
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PanelForecast {
    /// The frequency forecast.
    pub frequency: Frequency,
    /// The reconciliation method.
    pub method: ReconcileMethod,
    /// The panel's last period (the forecasts start after it).
    pub last_period: AnyPeriod,
    /// Periods of the system series (the units' common run).
    pub system_periods: usize,
    /// The system: the units taking part, summed.
    pub system: UnitForecast,
    /// The units taking part, by name.
    pub units: Vec<UnitForecast>,
    /// The units left out, by name.
    pub left_out: Vec<LeftOut>,
    /// The shrinkage intensity of the one-step errors' covariance.
    pub lambda: f64,
    /// Periods of one-step errors the covariance was estimated from.
    pub residual_periods: usize,
    /// Joint paths where a unit's reconciled value fell below 0 and was set to 0.
    pub clipped_paths: usize,
}

impl PanelForecast {
    /// The first period of the system's series: `system_periods` periods ending in
    /// `last_period`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter)
    /// ([`Constraint::InCalendar`]) when that period lies before the calendar (never for a
    /// forecast [`PanelForecaster::run`] made).
    ///
    /// ```
    /// # use overcrowding::forecast::{Frequency, reconcile::PanelForecaster};
    /// # use overcrowding::model::PanelBuilder;
    /// let mut b = PanelBuilder::new();
    /// for year in 2010..2020 {
    ///     for (id, pop) in [("A", 100 + year as u64 % 3), ("B", 50 + year as u64 % 4)] {
    ///         b.begin(id, jiff::civil::date(year, 12, 31))?;
    ///         b.population(pop);
    ///         b.commit()?;
    ///     }
    /// }
    /// let f = PanelForecaster::new(Frequency::Yearly, 2).run(&b.finish()?)?;
    /// assert_eq!((f.system_start()?.to_string(), f.system_periods), ("2010".to_string(), 10));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn system_start(&self) -> Result<AnyPeriod> {
        let back = i64::try_from(self.system_periods.saturating_sub(1)).unwrap_or(i64::MAX);
        self.last_period.step(-back).ok_or_else(|| {
            Error::invalid(
                "first period of the system's run",
                format_args!("{} - {back}", self.last_period),
                Constraint::InCalendar,
            )
        })
    }
}
