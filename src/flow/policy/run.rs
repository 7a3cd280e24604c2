//! One pass over the stays: each stay's baseline and policy segments go into two
//! difference arrays per (facility, status) key, person-days and releases are counted on
//! the way, then the arrays are prefix-summed. Chunks of stays run on the current rayon
//! pool and their integer counts are added: the result is the same for any number of
//! threads.

use std::collections::BTreeMap;

use jiff::civil::Date;
use rayon::prelude::*;

use super::apply::{Counts, Levers, Span3, surge_spans};
use super::book::{Book, Item, slot_group};
use super::draw::DayQuantile;
use super::lever::{Lever, Plan};
use super::{date_of, day, invalid};
use crate::error::{Constraint, Result};
use crate::flow::Stream;
use crate::flow::stays::{DailyPopulation, Stays};
use crate::model::FacilityId;

/// The most (keys × days) cells a run counts (a window of 100 years over 100 facilities
/// and 5 statuses is 18 M).
pub(crate) const MAX_CELLS: usize = 1 << 27;

/// The window and its months.
pub(crate) struct Window {
    pub(crate) first: i64,
    pub(crate) days: usize,
    /// The month (index into `month_ends`) of each day.
    pub(crate) month_of: Vec<u32>,
    /// The last day in the window of each month, as a day offset.
    pub(crate) month_ends: Vec<usize>,
}

impl Window {
    pub(crate) fn new(from: Date, to: Date) -> Result<Window> {
        if to < from {
            return Err(invalid(
                "window end",
                to,
                Constraint::NotBefore {
                    bound: from.to_string(),
                },
            ));
        }
        let first = i64::from(day(from));
        let days = (i64::from(day(to)) - first + 1) as usize;
        let mut month_of = Vec::with_capacity(days);
        let mut month_ends = Vec::new();
        let mut d = from;
        let mut current = (d.year(), d.month());
        for i in 0..days {
            if (d.year(), d.month()) != current {
                month_ends.push(i - 1);
                current = (d.year(), d.month());
            }
            month_of.push(month_ends.len() as u32);
            if i + 1 < days {
                d = d.tomorrow().map_err(|_| {
                    invalid(
                        "window end",
                        to,
                        Constraint::NotAfter {
                            // The last day that has a next day in the calendar.
                            bound: Date::MAX.yesterday().unwrap_or(Date::MAX).to_string(),
                        },
                    )
                })?;
            }
        }
        month_ends.push(days - 1);
        Ok(Window {
            first,
            days,
            month_of,
            month_ends,
        })
    }

    #[inline]
    pub(crate) fn clip(&self, x: i32) -> usize {
        (i64::from(x) - self.first).clamp(0, self.days as i64) as usize
    }
}

/// A stay released into supervision: its number, the key of its facility's sentenced
/// segment, its release day and which supervision.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Supervised {
    pub(crate) item: u32,
    pub(crate) key: u32,
    pub(crate) release: i32,
    pub(crate) supervision: u8,
}

struct Part {
    /// The baseline's difference arrays, `keys × (days + 1)`.
    base: Vec<i32>,
    /// The policy's minus the baseline's: only the stays a lever changed (and the stays a
    /// policy adds) write here, so an unchanged stay is counted once for both.
    delta: Vec<i32>,
    /// Keys with a segment of an unchanged stay (in both populations).
    touched_both: Vec<bool>,
    /// Keys with a segment of a changed stay in the baseline.
    touched_base: Vec<bool>,
    /// Keys with a segment of a changed or added stay under the policy.
    touched_pol: Vec<bool>,
    saved: u64,
    added: u64,
    releases_base: Vec<u64>,
    releases_pol: Vec<u64>,
    counts: Vec<Counts>,
    supervised: Vec<Supervised>,
}

impl Part {
    fn new(keys: usize, w: &Window, levers: usize) -> Part {
        let cells = keys * (w.days + 1);
        Part {
            base: vec![0; cells],
            delta: vec![0; cells],
            touched_both: vec![false; keys],
            touched_base: vec![false; keys],
            touched_pol: vec![false; keys],
            saved: 0,
            added: 0,
            releases_base: vec![0; w.month_ends.len()],
            releases_pol: vec![0; w.month_ends.len()],
            counts: vec![Counts::default(); levers],
            supervised: Vec::new(),
        }
    }

    fn add(&mut self, other: Part) {
        fn or(a: &mut [bool], b: &[bool]) {
            for (a, &b) in a.iter_mut().zip(b) {
                *a |= b;
            }
        }
        for (a, b) in self.base.iter_mut().zip(other.base) {
            *a = a.wrapping_add(b);
        }
        for (a, b) in self.delta.iter_mut().zip(other.delta) {
            *a = a.wrapping_add(b);
        }
        or(&mut self.touched_both, &other.touched_both);
        or(&mut self.touched_base, &other.touched_base);
        or(&mut self.touched_pol, &other.touched_pol);
        self.saved += other.saved;
        self.added += other.added;
        for (a, b) in self.releases_base.iter_mut().zip(other.releases_base) {
            *a += b;
        }
        for (a, b) in self.releases_pol.iter_mut().zip(other.releases_pol) {
            *a += b;
        }
        for (a, b) in self.counts.iter_mut().zip(other.counts) {
            a.changed += b.changed;
            a.censored_unchanged += b.censored_unchanged;
        }
        self.supervised.extend(other.supervised);
    }
}

/// Adds `sign` (±1) over the days `[a, b)` of key `key`'s difference array.
#[inline]
fn segment(
    diff: &mut [i32],
    touched: &mut [bool],
    w: &Window,
    key: u32,
    a: i32,
    b: i32,
    sign: i32,
) {
    let (s, e) = (w.clip(a), w.clip(b));
    if s < e {
        let row = key as usize * (w.days + 1);
        diff[row + s] = diff[row + s].wrapping_add(sign);
        diff[row + e] = diff[row + e].wrapping_sub(sign);
        touched[key as usize] = true;
    }
}

/// The two segments of a stay (pretrial in key `kp`, sentenced in key `ks`).
#[inline]
fn segments(
    diff: &mut [i32],
    touched: &mut [bool],
    w: &Window,
    s: Span3,
    kp: u32,
    ks: u32,
    sign: i32,
) {
    segment(diff, touched, w, kp, s.adm, s.sent, sign);
    segment(diff, touched, w, ks, s.sent, s.rel, sign);
}

/// The stays of a run: the book of the input stays, then the surge admissions with the
/// index of the lever after which they enter.
pub(crate) struct Prepared<'a> {
    pub(crate) book: Book<'a>,
    pub(crate) original: usize,
    pub(crate) start: Vec<u16>,
    pub(crate) levers: Levers,
}

impl<'a> Prepared<'a> {
    pub(crate) fn new(stays: &'a Stays, plan: &Plan) -> Result<Prepared<'a>> {
        Prepared::from_book(Book::of(stays), plan)
    }

    pub(crate) fn from_book(mut book: Book<'a>, plan: &Plan) -> Result<Prepared<'a>> {
        plan.validate()?;
        if plan.levers().len() > usize::from(u16::MAX) {
            return Err(invalid(
                "levers",
                plan.levers().len(),
                Constraint::AtMost { max: 65_535.0 },
            ));
        }
        let original = book.original();
        let mut start = Vec::new();
        for (i, l) in plan.levers().iter().enumerate() {
            let Lever::Surge {
                admissions,
                from,
                to,
                stay,
                pretrial,
                facility,
            } = l
            else {
                continue;
            };
            let id = FacilityId::new(facility)?;
            let f = book.facility(&id);
            let kp = book.policy_key(f, true);
            let ks = book.policy_key(f, false);
            let q = DayQuantile::new(stay);
            for s in surge_spans(*admissions, day(*from), day(*to), &q, *pretrial) {
                book.push(Item {
                    span: s,
                    kp,
                    ks,
                    stream: Some(if *pretrial {
                        Stream::Pretrial
                    } else {
                        Stream::Sentenced
                    }),
                });
                start.push(i as u16 + 1);
            }
        }
        if book.len() > u32::MAX as usize {
            return Err(invalid(
                "stays",
                book.len(),
                Constraint::AtMost {
                    max: u32::MAX as f64,
                },
            ));
        }
        let levers = Levers::compile(plan, |c| book.class_index(c));
        if !levers.recalls.is_empty() {
            for f in 0..book.facilities.len() as u32 {
                book.policy_key(f, false);
            }
        }
        Ok(Prepared {
            book,
            original,
            start,
            levers,
        })
    }

    /// The sentenced key of each facility (present when recalls are possible).
    fn sentenced_keys(&self) -> Vec<u32> {
        let mut out = vec![0u32; self.book.facilities.len()];
        for (k, &(f, s)) in self.book.keys.iter().enumerate() {
            if s == 1 + crate::model::StatusGroup::Sentenced as u8 {
                out[f as usize] = k as u32;
            }
        }
        out
    }

    fn chunk(&self, r: std::ops::Range<usize>, w: &Window) -> Part {
        let b = &self.book;
        let mut p = Part::new(b.keys.len(), w, self.levers.levers.len());
        let end = w.first + w.days as i64;
        let release_month = |rel: i32| {
            (i64::from(rel) < end && i64::from(rel) >= w.first)
                .then(|| w.month_of[w.clip(rel)] as usize)
        };
        for i in r {
            let it = b.item(i);
            let base = it.span;
            let original = i < self.original;
            let (kp, ks) = (it.kp, it.ks);
            let start = if original {
                0
            } else {
                usize::from(self.start[i - self.original])
            };
            let out =
                self.levers
                    .apply(base, it.stream, b.class(i), i as u64, start, &mut p.counts);
            if original && out.stay == Some(base) && out.supervision.is_none() {
                // Unchanged (no supervision: only a release brought forward has one).
                segments(&mut p.base, &mut p.touched_both, w, base, kp, ks, 1);
                if let Some(m) = release_month(base.rel) {
                    p.releases_base[m] += 1;
                    p.releases_pol[m] += 1;
                }
                continue;
            }
            let base_days = if original {
                segments(&mut p.base, &mut p.touched_base, w, base, kp, ks, 1);
                segments(&mut p.delta, &mut p.touched_base, w, base, kp, ks, -1);
                if let Some(m) = release_month(base.rel) {
                    p.releases_base[m] += 1;
                }
                (w.clip(base.rel) - w.clip(base.adm)) as u64
            } else {
                0
            };
            let pol_days = match out.stay {
                None => 0,
                Some(s) => {
                    segments(&mut p.delta, &mut p.touched_pol, w, s, kp, ks, 1);
                    if let Some(m) = release_month(s.rel) {
                        p.releases_pol[m] += 1;
                    }
                    if let Some(sup) = out.supervision {
                        p.supervised.push(Supervised {
                            item: i as u32,
                            key: 0,
                            release: s.rel,
                            supervision: sup,
                        });
                    }
                    (w.clip(s.rel) - w.clip(s.adm)) as u64
                }
            };
            p.saved += base_days.saturating_sub(pol_days);
            p.added += pol_days.saturating_sub(base_days);
        }
        p
    }

    /// The deterministic part of a run over the window.
    pub(crate) fn sweep(&self, w: &Window) -> Result<Sweep> {
        let k = self.book.keys.len();
        if k.saturating_mul(w.days + 1) > MAX_CELLS {
            return Err(invalid(
                "keys × days",
                k.saturating_mul(w.days + 1),
                Constraint::AtMost {
                    max: MAX_CELLS as f64,
                },
            ));
        }
        let n = self.book.len();
        let len = chunk_len(n);
        let parts: Vec<Part> = (0..n.div_ceil(len).max(1))
            .into_par_iter()
            .map(|c| self.chunk(c * len..((c + 1) * len).min(n), w))
            .collect();
        let mut it = parts.into_iter();
        let mut total = it.next().expect("at least one chunk");
        for p in it {
            total.add(p);
        }
        let sentenced = self.sentenced_keys();
        for s in &mut total.supervised {
            let (f, _) = self.book.keys[self.book.item(s.item as usize).kp as usize];
            s.key = sentenced[f as usize];
        }
        // By key, then stay: the recall paths write one key's days at a time.
        total.supervised.sort_unstable_by_key(|s| (s.key, s.item));
        let baseline = prefix(&total.base, None, k, w.days);
        let policy = prefix(&total.base, Some(&total.delta), k, w.days);
        let touched = |own: &[bool]| -> Vec<bool> {
            own.iter()
                .zip(&total.touched_both)
                .map(|(&a, &b)| a | b)
                .collect()
        };
        Ok(Sweep {
            baseline,
            policy,
            touched_base: touched(&total.touched_base),
            touched_pol: touched(&total.touched_pol),
            saved: total.saved,
            added: total.added,
            releases_base: total.releases_base,
            releases_pol: total.releases_pol,
            counts: total.counts,
            supervised: total.supervised,
        })
    }

    /// The daily population as the stays sweep reports it, for the touched keys.
    pub(crate) fn population(
        &self,
        from: Date,
        counts: &[u64],
        touched: &[bool],
        days: usize,
    ) -> DailyPopulation {
        let mut by_key = BTreeMap::new();
        for (k, &(f, slot)) in self.book.keys.iter().enumerate() {
            if touched[k] {
                by_key.insert(
                    (self.book.facilities[f as usize].clone(), slot_group(slot)),
                    counts[k * days..(k + 1) * days].to_vec(),
                );
            }
        }
        DailyPopulation { from, days, by_key }
    }
}

/// The deterministic results of a sweep.
pub(crate) struct Sweep {
    pub(crate) baseline: Vec<u64>,
    pub(crate) policy: Vec<u64>,
    pub(crate) touched_base: Vec<bool>,
    pub(crate) touched_pol: Vec<bool>,
    pub(crate) saved: u64,
    pub(crate) added: u64,
    pub(crate) releases_base: Vec<u64>,
    pub(crate) releases_pol: Vec<u64>,
    pub(crate) counts: Vec<Counts>,
    pub(crate) supervised: Vec<Supervised>,
}

/// Prefix sums of each key's difference array (plus `delta`'s, when given; the extra last
/// cell dropped): exact, because the true counts fit (wrapping arithmetic is exact modulo
/// 2^32 and a count is at most the number of stays).
fn prefix(diff: &[i32], delta: Option<&[i32]>, keys: usize, days: usize) -> Vec<u64> {
    let mut out = vec![0u64; keys * days];
    for k in 0..keys {
        let mut run = 0u32;
        let cells = k * (days + 1)..k * (days + 1) + days;
        let o = &mut out[k * days..(k + 1) * days];
        match delta {
            None => {
                for (o, &x) in o.iter_mut().zip(&diff[cells]) {
                    run = run.wrapping_add(x as u32);
                    *o = u64::from(run);
                }
            }
            Some(delta) => {
                for ((o, &x), &y) in o.iter_mut().zip(&diff[cells.clone()]).zip(&delta[cells]) {
                    run = run.wrapping_add(x as u32).wrapping_add(y as u32);
                    *o = u64::from(run);
                }
            }
        }
    }
    out
}

/// One chunk per thread of the current pool (small inputs stay on one thread).
fn chunk_len(n: usize) -> usize {
    const MIN_CHUNK: usize = 1 << 16;
    let threads = rayon::current_num_threads().max(1);
    n.div_ceil(threads).max(MIN_CHUNK).max(1)
}

/// The date of a day offset in the window.
pub(crate) fn window_date(w: &Window, offset: usize) -> Date {
    date_of((w.first + offset as i64) as i32)
}
