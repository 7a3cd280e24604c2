//! The levers applied to one stay: a compiled form of the plan with day numbers, and the
//! transformation of a stay's (admission, start of the sentenced part, release).

use super::HELD;
use super::draw::{DayQuantile, unit};
use super::lever::{Lever, Plan, Speedup};
use crate::flow::Stream;

/// A lever with day numbers.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Compiled {
    Cap {
        n: i64,
        t: i64,
        retro: bool,
    },
    Expedite {
        factor: f64,
        cut: i64,
        t: i64,
        retro: bool,
    },
    Early {
        m: i64,
        t: i64,
        retro: bool,
        sup: Option<u8>,
    },
    Diversion {
        share: f64,
        /// `None`: every class.
        class: Option<u32>,
        stream: Option<Stream>,
        t: i64,
    },
    /// A surge: its admissions enter after it; it changes no stay.
    Surge,
}

/// The stays of a surge: `admissions` spread evenly over the days `from..=to`, their
/// lengths at the mid-quantiles `(j + ½) / n` of the stay distribution (deterministic),
/// pretrial for the whole stay or sentenced from admission. The person-level run and the
/// expected run ([`super::aggregate`]) admit the same surge.
pub(crate) fn surge_spans(
    admissions: u32,
    from: i32,
    to: i32,
    q: &DayQuantile,
    pretrial: bool,
) -> impl Iterator<Item = Span3> + '_ {
    let (a0, len) = (i64::from(from), i64::from(to) - i64::from(from) + 1);
    let n = i64::from(admissions);
    (0..n).map(move |j| {
        let adm = (a0 + j * len / n) as i32;
        let days = q.days((j as f64 + 0.5) / n as f64) as i32;
        let rel = adm.saturating_add(days).min(HELD - 1);
        Span3 {
            adm,
            sent: if pretrial { rel } else { adm },
            rel,
        }
    })
}

/// A supervision with its recall-stay quantiles.
#[derive(Debug, Clone)]
pub(crate) struct Recall {
    pub(crate) probability: f64,
    pub(crate) within_days: u32,
    pub(crate) stay: DayQuantile,
}

/// What each lever did, counted over the stays.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Counts {
    pub(crate) changed: u64,
    pub(crate) censored_unchanged: u64,
}

/// A stay's three days: admission, start of the sentenced part, release ([`HELD`] while
/// still held). Invariant: `adm ≤ sent ≤ rel`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Span3 {
    pub(crate) adm: i32,
    pub(crate) sent: i32,
    pub(crate) rel: i32,
}

/// The outcome for one stay: `None` when diverted; the supervision it was released into
/// (when the last lever to move its release was an early release with supervision).
pub(crate) struct StayOutcome {
    pub(crate) stay: Option<Span3>,
    pub(crate) supervision: Option<u8>,
}

pub(crate) struct Levers {
    pub(crate) levers: Vec<Compiled>,
    pub(crate) recalls: Vec<Recall>,
    pub(crate) seed: u64,
    /// In expectation (a cohort model): a diversion scales the weight of the stays it
    /// reaches ([`Levers::kept`]) instead of choosing people.
    pub(crate) expected: bool,
}

fn eligible(s: &Span3, t: i64, retro: bool) -> bool {
    if retro {
        i64::from(s.rel) > t
    } else {
        i64::from(s.adm) >= t
    }
}

impl Levers {
    /// The plan with day numbers; `class_of` finds a class's index.
    pub(crate) fn compile(plan: &Plan, class_of: impl Fn(&str) -> u32) -> Levers {
        let mut recalls = Vec::new();
        let levers = plan
            .levers()
            .iter()
            .map(|l| match l {
                Lever::PretrialCap { days, timing } => {
                    let (t, retro) = Plan::timing_day(timing);
                    Compiled::Cap {
                        n: i64::from(*days),
                        t: i64::from(t),
                        retro,
                    }
                }
                Lever::Expedite { speedup, timing } => {
                    let (t, retro) = Plan::timing_day(timing);
                    let (factor, cut) = match speedup {
                        Speedup::Factor(f) => (*f, 0),
                        Speedup::CutDays(d) => (1.0, i64::from(*d)),
                    };
                    Compiled::Expedite {
                        factor,
                        cut,
                        t: i64::from(t),
                        retro,
                    }
                }
                Lever::EarlyRelease {
                    within_days,
                    timing,
                    supervision,
                } => {
                    let (t, retro) = Plan::timing_day(timing);
                    let sup = supervision
                        .as_ref()
                        .filter(|s| s.probability() > 0.0)
                        .map(|s| {
                            recalls.push(Recall {
                                probability: s.probability(),
                                within_days: s.within_days(),
                                stay: DayQuantile::new(s.recall_stay()),
                            });
                            (recalls.len() - 1) as u8
                        });
                    Compiled::Early {
                        m: i64::from(*within_days),
                        t: i64::from(t),
                        retro,
                        sup,
                    }
                }
                Lever::Diversion {
                    share,
                    from,
                    class,
                    stream,
                } => Compiled::Diversion {
                    share: *share,
                    class: class.as_deref().map(&class_of),
                    stream: *stream,
                    t: i64::from(super::day(*from)),
                },
                Lever::Surge { .. } => Compiled::Surge,
            })
            .collect();
        Levers {
            levers,
            recalls,
            seed: plan.seed(),
            expected: false,
        }
    }

    /// The share of a represented stay's weight that no diversion from lever `start` on
    /// turns away (in expectation; see [`Levers::expected`]).
    pub(crate) fn kept(&self, s: &Span3, stream: Option<Stream>, start: usize) -> f64 {
        self.levers
            .iter()
            .skip(start)
            .map(|l| match *l {
                Compiled::Diversion {
                    share,
                    stream: only,
                    t,
                    ..
                } if i64::from(s.adm) >= t && only.is_none_or(|x| Some(x) == stream) => 1.0 - share,
                _ => 1.0,
            })
            .product()
    }

    /// Applies the levers from index `start` on to one stay of `stream` (`None`: unknown
    /// legal status, which the status levers leave alone; `item` numbers the stay for the
    /// seeded diversion choice).
    #[inline]
    pub(crate) fn apply(
        &self,
        mut s: Span3,
        stream: Option<Stream>,
        class: u32,
        item: u64,
        start: usize,
        counts: &mut [Counts],
    ) -> StayOutcome {
        let known = stream.is_some();
        let mut supervision = None;
        for (i, l) in self.levers.iter().enumerate().skip(start) {
            let before = s.rel;
            match *l {
                Compiled::Cap { n, t, retro } => {
                    if !known || !eligible(&s, t, retro) {
                        continue;
                    }
                    let (adm, pe) = (i64::from(s.adm), i64::from(s.sent));
                    if pe - adm > n {
                        let mut e = adm + n;
                        if retro {
                            e = e.max(t);
                        }
                        if e < pe {
                            s.sent = e as i32;
                            s.rel = e as i32;
                            counts[i].changed += 1;
                        }
                    }
                }
                Compiled::Expedite {
                    factor,
                    cut,
                    t,
                    retro,
                } => {
                    if !known || !eligible(&s, t, retro) || s.sent == s.adm {
                        continue;
                    }
                    if s.sent == HELD {
                        counts[i].censored_unchanged += 1;
                        continue;
                    }
                    let (adm, pe) = (i64::from(s.adm), i64::from(s.sent));
                    if retro && pe <= t {
                        continue;
                    }
                    let p = pe - adm;
                    let p2 = if cut > 0 {
                        (p - cut).max(0)
                    } else {
                        ((p as f64 * factor).ceil() as i64).min(p)
                    };
                    let mut ne = adm + p2;
                    if retro {
                        ne = ne.max(t);
                    }
                    if ne < pe {
                        let shift = (pe - ne) as i32;
                        s.sent -= shift;
                        if s.rel != HELD {
                            s.rel -= shift;
                        }
                        counts[i].changed += 1;
                    }
                }
                Compiled::Early { m, t, retro, sup } => {
                    if !known || !eligible(&s, t, retro) || s.sent >= s.rel {
                        continue;
                    }
                    if s.rel == HELD {
                        counts[i].censored_unchanged += 1;
                        continue;
                    }
                    let mut nr = (i64::from(s.rel) - m).max(i64::from(s.sent));
                    if retro {
                        nr = nr.max(t);
                    }
                    if nr < i64::from(s.rel) {
                        s.rel = nr as i32;
                        counts[i].changed += 1;
                        supervision = sup;
                        continue;
                    }
                }
                Compiled::Diversion {
                    share,
                    class: c,
                    stream: only,
                    t,
                } => {
                    if !self.expected
                        && c.is_none_or(|c| c == class)
                        && only.is_none_or(|x| Some(x) == stream)
                        && i64::from(s.adm) >= t
                        && unit(self.seed, u64::MAX, item, 0) < share
                    {
                        counts[i].changed += 1;
                        return StayOutcome {
                            stay: None,
                            supervision: None,
                        };
                    }
                }
                Compiled::Surge => {}
            }
            if s.rel != before {
                supervision = None;
            }
        }
        StayOutcome {
            stay: Some(s),
            supervision,
        }
    }
}
