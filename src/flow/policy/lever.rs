//! Policies as data: the levers, their timing, supervision and recall, and a plan that
//! composes them.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::day;
use crate::error::{Constraint, Error, Result};
use crate::flow::{StayDistribution, Stream};

/// When a lever takes effect.
///
/// - `Retroactive(d)`: the people held on `d` and everyone admitted after it; nothing
///   changes before `d` (a release the lever brings forward falls on `d` at the earliest).
/// - `Prospective(d)`: only admissions on or after `d`.
///
/// ```
/// use overcrowding::flow::policy::Timing;
/// let t = Timing::Prospective("2021-03-01".parse().unwrap());
/// assert_eq!(t.date().to_string(), "2021-03-01");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Timing {
    /// The people held on the date and later admissions.
    Retroactive(Date),
    /// Admissions from the date.
    Prospective(Date),
}

impl Timing {
    /// The date the lever takes effect.
    ///
    /// ```
    /// use overcrowding::flow::policy::Timing;
    /// assert_eq!(Timing::Retroactive("2021-01-01".parse().unwrap()).date().year(), 2021);
    /// ```
    pub fn date(&self) -> Date {
        match self {
            Timing::Retroactive(d) | Timing::Prospective(d) => *d,
        }
    }
}

/// What the timing covers, in words.
///
/// ```
/// use overcrowding::flow::policy::Timing;
/// let t = Timing::Retroactive("2021-03-01".parse().unwrap());
/// assert_eq!(t.to_string(), "from 2021-03-01 for the people held that day and later admissions");
/// ```
impl std::fmt::Display for Timing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Timing::Retroactive(d) => {
                write!(
                    f,
                    "from {d} for the people held that day and later admissions"
                )
            }
            Timing::Prospective(d) => write!(f, "for admissions from {d}"),
        }
    }
}

/// How an expedited case's pretrial part shrinks.
///
/// ```
/// use overcrowding::flow::policy::Speedup;
/// assert_eq!(Speedup::Factor(0.5), Speedup::Factor(0.5));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Speedup {
    /// The pretrial part lasts `ceil(days × factor)` days, factor in (0, 1].
    Factor(f64),
    /// The pretrial part is cut by this many days (to 0 at most).
    CutDays(u32),
}

/// Supervision after an early release: with probability `probability` the person is
/// recalled at a uniformly random day within `within_days` of the release, for a stay drawn
/// from `recall_stay` (the recall stay is sentenced, in the same facility).
///
/// ```
/// use overcrowding::flow::{StayDistribution, policy::Supervision};
/// let s = Supervision::new(0.2, 3 * 365, StayDistribution::Exponential { mean_months: 6.0 });
/// assert_eq!(s.probability(), 0.2);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Supervision {
    probability: f64,
    within_days: u32,
    recall_stay: StayDistribution,
}

impl Supervision {
    /// Recall with `probability` (in [0, 1]) within `within_days` (≥ 1) of the release, for a
    /// stay from `recall_stay`. Checked when the plan runs.
    ///
    /// ```
    /// use overcrowding::flow::{StayDistribution, policy::Supervision};
    /// let s = Supervision::new(0.1, 365, StayDistribution::Geometric { monthly_exit: 0.5 });
    /// assert_eq!(s.within_days(), 365);
    /// ```
    pub fn new(probability: f64, within_days: u32, recall_stay: StayDistribution) -> Supervision {
        Supervision {
            probability,
            within_days,
            recall_stay,
        }
    }

    /// The recall probability.
    ///
    /// ```
    /// use overcrowding::flow::{StayDistribution, policy::Supervision};
    /// let s = Supervision::new(0.3, 365, StayDistribution::Geometric { monthly_exit: 0.5 });
    /// assert_eq!(s.probability(), 0.3);
    /// ```
    pub fn probability(&self) -> f64 {
        self.probability
    }

    /// The recall window in days.
    ///
    /// ```
    /// use overcrowding::flow::{StayDistribution, policy::Supervision};
    /// let s = Supervision::new(0.3, 730, StayDistribution::Geometric { monthly_exit: 0.5 });
    /// assert_eq!(s.within_days(), 730);
    /// ```
    pub fn within_days(&self) -> u32 {
        self.within_days
    }

    /// The distribution of a recall stay.
    ///
    /// ```
    /// use overcrowding::flow::{StayDistribution, policy::Supervision};
    /// let d = StayDistribution::Geometric { monthly_exit: 0.5 };
    /// assert_eq!(Supervision::new(0.3, 730, d.clone()).recall_stay(), &d);
    /// ```
    pub fn recall_stay(&self) -> &StayDistribution {
        &self.recall_stay
    }

    pub(crate) fn validate(&self) -> Result<()> {
        if !(0.0..=1.0).contains(&self.probability) {
            return Err(Error::invalid(
                "recall probability",
                self.probability,
                Constraint::Between { min: 0.0, max: 1.0 },
            ));
        }
        if self.within_days == 0 {
            return Err(Error::invalid(
                "recall window (days)",
                0,
                Constraint::AtLeast { min: 1.0 },
            ));
        }
        self.recall_stay.validate()
    }
}

/// One policy lever. Each says what it assumes:
///
/// - [`Lever::PretrialCap`]: nobody is held pretrial longer than `days`; a person reaching
///   the cap is released (to supervision outside prison) and the rest of the stay, the
///   sentenced part included, is not served in custody. Applies to stays whose pretrial
///   part is known to be longer than the cap, still-held ones included (the cap releases
///   them; their unknown end is not needed). Such statutory limits exist in many codes
///   (e.g. India's s. 436A CrPC: release after half the maximum sentence; Cambodia's Code
///   of Criminal Procedure limits provisional detention; New York's speedy-trial rule
///   CPL 30.30).
/// - [`Lever::Expedite`]: each case's pretrial part is shortened (scaled or cut); the
///   sentenced part is served as before, shifted earlier. A still-held pretrial stay has an
///   unknown pretrial length: it is left unchanged (never treated as a release). Cambodia's
///   Justice Ministry campaign (2019–2021) "to expedite the resolution of cases".
/// - [`Lever::EarlyRelease`]: sentenced people with at most `within_days` left are released
///   when they reach that point, optionally into [`Supervision`] with recall (Cambodia's
///   judicial probation; England and Wales' Home Detention Curfew and the 2020 End of
///   Custody Temporary Release; California's Proposition 57 credits). A still-held
///   sentenced stay has no known end: unchanged.
/// - [`Lever::Surge`]: `admissions` extra admissions spread evenly over `from..=to`, with
///   lengths at the quantiles of `stay` (deterministic) and the given legal status (the
///   ~700 jailed under Cambodia's COVID-19 law of March 2021).
/// - [`Lever::Diversion`]: a share of admissions from a date never enters — all admissions,
///   or those of a class, of a stream (admitted pretrial, or sentenced on admission), or
///   both; it scales those admissions by `1 − share`. On people, each is chosen by a seeded
///   hash of the stay's position (deterministic for a seed); on a cohort model
///   ([`Plan::run_expected`](super::Plan::run_expected)) the admissions of the stream are
///   multiplied by `1 − share` (a class needs people). Pre-arrest and pre-booking
///   diversion, New York's 2020 bail reform for most misdemeanours, fewer admissions under
///   a sentencing or policing change.
///
/// Stays with no known legal status are not touched by the cap, expedite or early release.
///
/// ```
/// use overcrowding::flow::policy::{Lever, Timing};
/// let cap = Lever::PretrialCap { days: 90, timing: Timing::Retroactive("2021-06-01".parse().unwrap()) };
/// assert_eq!(cap.name(), "pretrial_cap");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lever {
    /// Cap pretrial detention at `days`.
    PretrialCap {
        /// The cap in days.
        days: u32,
        /// When it takes effect.
        timing: Timing,
    },
    /// Shorten pretrial parts.
    Expedite {
        /// By how much.
        speedup: Speedup,
        /// When it takes effect.
        timing: Timing,
    },
    /// Release sentenced people with at most `within_days` left.
    EarlyRelease {
        /// The remaining-time threshold in days.
        within_days: u32,
        /// When it takes effect.
        timing: Timing,
        /// Supervision and recall after release; `None`: no recall.
        supervision: Option<Supervision>,
    },
    /// Extra admissions.
    Surge {
        /// How many.
        admissions: u32,
        /// First admission day.
        from: Date,
        /// Last admission day.
        to: Date,
        /// Their lengths of stay.
        stay: StayDistribution,
        /// `true`: held pretrial for the whole stay; `false`: sentenced.
        pretrial: bool,
        /// The facility that receives them.
        facility: String,
    },
    /// A share of admissions never enters (admissions scaled by `1 − share`).
    Diversion {
        /// The share in [0, 1].
        share: f64,
        /// Admissions from this date.
        from: Date,
        /// Only this class (matched exactly against the stay's class); `None`: every class.
        class: Option<String>,
        /// Only this stream (admitted pretrial, or sentenced on admission; stays of unknown
        /// status are in neither); `None`: every admission.
        stream: Option<Stream>,
    },
}

/// The lever and what it assumes, in one sentence for a report.
///
/// ```
/// use overcrowding::flow::{StayDistribution, policy::{Lever, Supervision, Timing}};
/// let d = "2021-06-01".parse().unwrap();
/// let cap = Lever::PretrialCap { days: 90, timing: Timing::Prospective(d) };
/// assert_eq!(cap.to_string(), "pretrial detention capped at 90 days, for admissions from 2021-06-01");
/// let early = Lever::EarlyRelease { within_days: 180, timing: Timing::Prospective(d),
///     supervision: Some(Supervision::new(0.25, 1096, StayDistribution::Exponential { mean_months: 6.0 })) };
/// assert_eq!(early.to_string(), "sentenced people released with at most 180 days left, for admissions from \
///     2021-06-01, under supervision: recalled with probability 0.25 within 1096 days of release");
/// let fewer = Lever::Diversion { share: 0.1, from: d, class: None, stream: Some(overcrowding::flow::Stream::Pretrial) };
/// assert_eq!(fewer.to_string(), "a share 0.1 of pretrial admissions diverted from 2021-06-01");
/// ```
impl std::fmt::Display for Lever {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Lever::PretrialCap { days, timing } => {
                write!(f, "pretrial detention capped at {days} days, {timing}")
            }
            Lever::Expedite {
                speedup: Speedup::Factor(x),
                timing,
            } => write!(
                f,
                "pretrial parts scaled by {x} (rounded up to whole days), {timing}"
            ),
            Lever::Expedite {
                speedup: Speedup::CutDays(n),
                timing,
            } => write!(f, "pretrial parts cut by {n} days, {timing}"),
            Lever::EarlyRelease {
                within_days,
                timing,
                supervision,
            } => {
                write!(
                    f,
                    "sentenced people released with at most {within_days} days left, {timing}"
                )?;
                match supervision {
                    Some(s) => write!(
                        f,
                        ", under supervision: recalled with probability {} within {} days of release",
                        s.probability, s.within_days
                    ),
                    None => write!(f, ", without recall"),
                }
            }
            Lever::Surge {
                admissions,
                from,
                to,
                pretrial,
                facility,
                ..
            } => write!(
                f,
                "{admissions} extra {} admissions to {facility} from {from} to {to}",
                if *pretrial { "pretrial" } else { "sentenced" }
            ),
            Lever::Diversion {
                share,
                from,
                class,
                stream,
            } => {
                write!(f, "a share {share} of ")?;
                match stream {
                    Some(Stream::Pretrial) => write!(f, "pretrial ")?,
                    Some(Stream::Sentenced) => write!(f, "sentenced ")?,
                    None => {}
                }
                write!(f, "admissions ")?;
                if let Some(c) = class {
                    write!(f, "of class {c:?} ")?;
                }
                write!(f, "diverted from {from}")
            }
        }
    }
}

impl Lever {
    /// A short snake-case name.
    ///
    /// ```
    /// use overcrowding::flow::policy::{Lever, Speedup, Timing};
    /// let l = Lever::Expedite { speedup: Speedup::CutDays(30), timing: Timing::Prospective("2021-01-01".parse().unwrap()) };
    /// assert_eq!(l.name(), "expedite");
    /// ```
    pub fn name(&self) -> &'static str {
        match self {
            Lever::PretrialCap { .. } => "pretrial_cap",
            Lever::Expedite { .. } => "expedite",
            Lever::EarlyRelease { .. } => "early_release",
            Lever::Surge { .. } => "surge",
            Lever::Diversion { .. } => "diversion",
        }
    }

    pub(crate) fn validate(&self) -> Result<()> {
        match self {
            Lever::Expedite {
                speedup: Speedup::Factor(f),
                ..
            } if !(f.is_finite() && *f > 0.0 && *f <= 1.0) => Err(Error::invalid(
                "expedite factor",
                f,
                Constraint::AboveAtMost { min: 0.0, max: 1.0 },
            )),
            Lever::EarlyRelease {
                supervision: Some(s),
                ..
            } => s.validate(),
            Lever::Surge { from, to, stay, .. } => {
                if to < from {
                    return Err(Error::invalid(
                        "surge end",
                        to,
                        Constraint::NotBefore {
                            bound: from.to_string(),
                        },
                    ));
                }
                stay.validate()
            }
            Lever::Diversion { share, .. } if !(0.0..=1.0).contains(share) => Err(Error::invalid(
                "diversion share",
                share,
                Constraint::Between { min: 0.0, max: 1.0 },
            )),
            _ => Ok(()),
        }
    }
}

/// Levers composed in order, with the seed and the number of recall paths of the Monte
/// Carlo (used only when a lever has supervision with recall).
///
/// ```
/// use overcrowding::flow::policy::{Lever, Plan, Timing};
/// let plan = Plan::new()
///     .with_lever(Lever::PretrialCap { days: 180, timing: Timing::Retroactive("2021-06-01".parse().unwrap()) })
///     .with_paths(500)
///     .with_seed(7);
/// assert_eq!((plan.levers().len(), plan.paths(), plan.seed()), (1, 500, 7));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    levers: Vec<Lever>,
    paths: usize,
    seed: u64,
}

impl Default for Plan {
    fn default() -> Self {
        Plan::new()
    }
}

/// The default number of recall paths.
pub const DEFAULT_PATHS: usize = 200;
/// The default seed.
pub const DEFAULT_SEED: u64 = 20_210_220;

impl Plan {
    /// An empty plan (the baseline), [`DEFAULT_PATHS`] recall paths, seed [`DEFAULT_SEED`].
    ///
    /// ```
    /// assert_eq!(overcrowding::flow::policy::Plan::new().paths(), 200);
    /// ```
    pub fn new() -> Plan {
        Plan {
            levers: Vec::new(),
            paths: DEFAULT_PATHS,
            seed: DEFAULT_SEED,
        }
    }

    /// Adds a lever; levers apply in the order added, each to the stay as the earlier ones
    /// left it (surge admissions go through the levers after the surge).
    ///
    /// ```
    /// use overcrowding::flow::policy::{Lever, Plan};
    /// let p = Plan::new().with_lever(Lever::Diversion { share: 0.5, from: "2020-01-01".parse().unwrap(),
    ///     class: Some("M".into()), stream: None });
    /// assert_eq!(p.levers()[0].name(), "diversion");
    /// ```
    pub fn with_lever(mut self, lever: Lever) -> Plan {
        self.levers.push(lever);
        self
    }

    /// The number of recall paths (at least 1 is used when recalls are possible).
    ///
    /// ```
    /// assert_eq!(overcrowding::flow::policy::Plan::new().with_paths(50).paths(), 50);
    /// ```
    pub fn with_paths(mut self, paths: usize) -> Plan {
        self.paths = paths;
        self
    }

    /// The seed of the recall draws and the diversion choice.
    ///
    /// ```
    /// assert_eq!(overcrowding::flow::policy::Plan::new().with_seed(1).seed(), 1);
    /// ```
    pub fn with_seed(mut self, seed: u64) -> Plan {
        self.seed = seed;
        self
    }

    /// The levers in order.
    ///
    /// ```
    /// assert!(overcrowding::flow::policy::Plan::new().levers().is_empty());
    /// ```
    pub fn levers(&self) -> &[Lever] {
        &self.levers
    }

    /// The number of recall paths.
    ///
    /// ```
    /// assert_eq!(overcrowding::flow::policy::Plan::new().paths(), overcrowding::flow::policy::DEFAULT_PATHS);
    /// ```
    pub fn paths(&self) -> usize {
        self.paths
    }

    /// The seed.
    ///
    /// ```
    /// assert_eq!(overcrowding::flow::policy::Plan::new().seed(), overcrowding::flow::policy::DEFAULT_SEED);
    /// ```
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Whether a lever releases into supervision with a positive recall probability.
    ///
    /// ```
    /// assert!(!overcrowding::flow::policy::Plan::new().has_recalls());
    /// ```
    pub fn has_recalls(&self) -> bool {
        self.levers.iter().any(|l| {
            matches!(l, Lever::EarlyRelease { supervision: Some(s), .. } if s.probability > 0.0)
        })
    }

    pub(crate) fn validate(&self) -> Result<()> {
        self.levers.iter().try_for_each(Lever::validate)?;
        if self.has_recalls() && self.paths == 0 {
            return Err(Error::invalid(
                "recall paths",
                0,
                Constraint::AtLeast { min: 1.0 },
            ));
        }
        Ok(())
    }

    /// The timing day of a lever as a day number (for the compiled form).
    pub(crate) fn timing_day(t: &Timing) -> (i32, bool) {
        match t {
            Timing::Retroactive(d) => (day(*d), true),
            Timing::Prospective(d) => (day(*d), false),
        }
    }
}
