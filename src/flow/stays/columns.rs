//! The accepted stays as columns for the sweeps — day numbers and a dense (facility, status)
//! key per stay, built once when the stays are accepted — and the three counting passes over
//! them: the daily population (difference arrays per key), the length-of-stay counts of the
//! Kaplan–Meier estimate and the monthly flows.
//!
//! Each pass splits the stays into one chunk per thread of the current rayon pool, counts
//! each chunk on its own and adds the integer counts: the result is the same for any
//! number of threads.

use std::collections::HashMap;

use rayon::prelude::*;

use super::{Stay, day_number};
use crate::model::{FacilityId, StatusGroup};

/// A release day for a stay still held: after every window.
pub(crate) const HELD: i32 = i32::MAX;

/// The stays as columns, in the order of the accepted stays.
#[derive(Clone, Default, PartialEq, Eq)]
pub(crate) struct StayColumns {
    /// Admission, days since 1970-01-01 (every civil date fits `i32`).
    admission: Vec<i32>,
    /// Release, days since 1970-01-01; [`HELD`] while still held.
    release: Vec<i32>,
    /// The dense key of each stay: an index into `keys`.
    key: Vec<u32>,
    /// Each key's (facility, status), in order of first appearance.
    keys: Vec<(FacilityId, Option<StatusGroup>)>,
    /// The day each stay became sentenced, days since 1970-01-01; [`NOT_SENTENCED`] where
    /// the data has no date (the policy engine's legal-status segments).
    sentenced: Vec<i32>,
    /// The class of each stay (an index into `classes`, `u32::MAX` for none); empty when no
    /// stay has a class.
    class: Vec<u32>,
    /// The classes, in order of first appearance.
    classes: Vec<String>,
}

/// The sentenced day of a stay without a sentenced date.
pub(crate) const NOT_SENTENCED: i32 = i32::MIN;

impl std::fmt::Debug for StayColumns {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The columns repeat the stays: their size says enough.
        write!(
            f,
            "StayColumns({} stays, {} keys)",
            self.key.len(),
            self.keys.len()
        )
    }
}

/// The slot of a status in a facility's row of keys: `None` first, then the groups.
fn status_slot(s: Option<StatusGroup>) -> usize {
    s.map_or(0, |g| 1 + g.index())
}

fn day(d: jiff::civil::Date) -> i32 {
    i32::try_from(day_number(d)).expect("every civil date is within ±2^31 days of 1970")
}

/// The chunks of `0..n` counted on their own: one per thread of the current pool (a pass
/// over fewer stays stays on one thread), each at most `u32::MAX` stays so that a chunk's
/// counts fit `u32`.
fn chunk_len(n: usize) -> usize {
    const MIN_CHUNK: usize = 1 << 16;
    let threads = rayon::current_num_threads().max(1);
    n.div_ceil(threads)
        .max(MIN_CHUNK)
        .min(u32::MAX as usize)
        .max(1)
}

impl StayColumns {
    pub(crate) fn of(stays: &[Stay]) -> StayColumns {
        let mut facilities: HashMap<&str, usize> = HashMap::new();
        let mut rows: Vec<[u32; 5]> = Vec::new();
        let mut c = StayColumns {
            admission: Vec::with_capacity(stays.len()),
            release: Vec::with_capacity(stays.len()),
            key: Vec::with_capacity(stays.len()),
            keys: Vec::new(),
            sentenced: Vec::with_capacity(stays.len()),
            class: Vec::new(),
            classes: Vec::new(),
        };
        let mut classes: HashMap<&str, u32> = HashMap::new();
        // Stays often come grouped by facility: the last lookup is tried first.
        let mut last: Option<(&str, usize)> = None;
        for s in stays {
            let f = match last {
                Some((id, f)) if id == s.facility.as_str() => f,
                _ => {
                    let f = *facilities.entry(s.facility.as_str()).or_insert_with(|| {
                        rows.push([u32::MAX; 5]);
                        rows.len() - 1
                    });
                    last = Some((s.facility.as_str(), f));
                    f
                }
            };
            let slot = &mut rows[f][status_slot(s.status)];
            if *slot == u32::MAX {
                *slot = u32::try_from(c.keys.len()).expect("at most 5 keys per facility");
                c.keys.push((s.facility.clone(), s.status));
            }
            c.key.push(*slot);
            c.admission.push(day(s.admission));
            c.release.push(s.release.map_or(HELD, day));
            c.sentenced.push(s.sentenced.map_or(NOT_SENTENCED, day));
            if let Some(name) = &s.class {
                if c.class.is_empty() {
                    c.class = vec![u32::MAX; c.key.len() - 1];
                }
                let next = u32::try_from(c.classes.len()).expect("fewer classes than stays");
                let i = *classes.entry(name.as_str()).or_insert_with(|| {
                    c.classes.push(name.clone());
                    next
                });
                c.class.push(i);
            } else if !c.class.is_empty() {
                c.class.push(u32::MAX);
            }
        }
        c
    }

    /// Each stay's sentenced day ([`NOT_SENTENCED`] without a date).
    pub(crate) fn sentenced(&self) -> &[i32] {
        &self.sentenced
    }

    /// The class of stay `i` (an index into [`Self::classes`]; `u32::MAX` for none).
    #[inline]
    pub(crate) fn class(&self, i: usize) -> u32 {
        self.class.get(i).copied().unwrap_or(u32::MAX)
    }

    /// The classes, in order of first appearance.
    pub(crate) fn classes(&self) -> &[String] {
        &self.classes
    }

    /// The (facility, status) of each key.
    pub(crate) fn keys(&self) -> &[(FacilityId, Option<StatusGroup>)] {
        &self.keys
    }

    /// The key of each stay (an index into [`Self::keys`]).
    pub(crate) fn key(&self) -> &[u32] {
        &self.key
    }

    /// Each stay's admission, days since 1970-01-01.
    pub(crate) fn admission(&self) -> &[i32] {
        &self.admission
    }

    /// Each stay's release, days since 1970-01-01 ([`HELD`] while still held).
    pub(crate) fn release(&self) -> &[i32] {
        &self.release
    }

    /// The number held on each of `days` days from day number `first`, per key: a flat
    /// `keys × days` table (row `k` is key `k`), and whether each key has a stay
    /// overlapping the window.
    pub(crate) fn daily(&self, first: i64, days: usize) -> (Vec<u64>, Vec<bool>) {
        let k = self.keys.len();
        let n = self.key.len();
        let len = chunk_len(n);
        let chunks: Vec<(Vec<u32>, Vec<bool>)> = (0..n.div_ceil(len))
            .into_par_iter()
            .map(|c| {
                let r = c * len..((c + 1) * len).min(n);
                self.daily_chunk(r, first, days)
            })
            .collect();
        let mut total = vec![0u64; k * days];
        let mut touched = vec![false; k];
        for (counts, t) in &chunks {
            for (o, &x) in total.iter_mut().zip(counts) {
                *o += u64::from(x);
            }
            for (o, &x) in touched.iter_mut().zip(t) {
                *o |= x;
            }
        }
        (total, touched)
    }

    /// One chunk: `+1` at the clipped admission and `−1` at the clipped release (none when
    /// it is past the window) in the key's difference array — wrapping `u32`, the prefix
    /// sums are exact (at most the chunk's length) — then the prefix sums, in place.
    fn daily_chunk(
        &self,
        r: std::ops::Range<usize>,
        first: i64,
        days: usize,
    ) -> (Vec<u32>, Vec<bool>) {
        let mut counts = vec![0u32; self.keys.len() * days];
        let mut touched = vec![false; self.keys.len()];
        let d = days as i64;
        let (adm, rel, key) = (
            &self.admission[r.clone()],
            &self.release[r.clone()],
            &self.key[r],
        );
        for ((&a, &b), &k) in adm.iter().zip(rel).zip(key) {
            let start = (i64::from(a) - first).clamp(0, d) as usize;
            let end = (i64::from(b) - first).clamp(0, d) as usize;
            if start < end {
                let row = &mut counts[k as usize * days..][..days];
                row[start] = row[start].wrapping_add(1);
                if end < days {
                    row[end] = row[end].wrapping_sub(1);
                }
                touched[k as usize] = true;
            }
        }
        if days > 0 {
            for row in counts.chunks_exact_mut(days) {
                let mut run = 0u32;
                for x in row {
                    run = run.wrapping_add(*x);
                    *x = run;
                }
            }
        }
        (counts, touched)
    }

    /// The lengths of stay as of day number `cut`, counted by length: `events[t]` stays
    /// ended after `t` days, `censored[t]` still running after `t` days at `cut`; plus the
    /// stays admitted after `cut`. `None` when the longest length is too large for a count
    /// per day to be cheaper than a sort (a stay admitted centuries before `cut`).
    pub(crate) fn lengths(&self, cut: i64) -> Option<Lengths> {
        let n = self.key.len();
        let earliest = self
            .admission
            .par_iter()
            .map(|&a| i64::from(a))
            .filter(|&a| a <= cut)
            .min();
        let longest = earliest.map_or(0, |a| (cut - a) as usize);
        // A count per day costs `longest` words, a sort `n log n` steps.
        if longest > n.saturating_mul(16).max(1 << 16) {
            return None;
        }
        let len = chunk_len(n);
        let parts: Vec<Lengths> = (0..n.div_ceil(len))
            .into_par_iter()
            .map(|c| {
                let r = c * len..((c + 1) * len).min(n);
                let mut l = Lengths {
                    events: vec![0; longest + 1],
                    censored: vec![0; longest + 1],
                    admitted_after: 0,
                };
                for (&a, &b) in self.admission[r.clone()].iter().zip(&self.release[r]) {
                    let (a, b) = (i64::from(a), i64::from(b));
                    if a > cut {
                        l.admitted_after += 1;
                    } else if b <= cut {
                        l.events[(b - a) as usize] += 1;
                    } else {
                        l.censored[(cut - a) as usize] += 1;
                    }
                }
                l
            })
            .collect();
        let mut total = Lengths {
            events: vec![0; longest + 1],
            censored: vec![0; longest + 1],
            admitted_after: 0,
        };
        for p in &parts {
            total.admitted_after += p.admitted_after;
            for (o, &x) in total.events.iter_mut().zip(&p.events) {
                *o += x;
            }
            for (o, &x) in total.censored.iter_mut().zip(&p.censored) {
                *o += x;
            }
        }
        Some(total)
    }
}

/// Stays counted by length of stay (see [`StayColumns::lengths`]).
pub(crate) struct Lengths {
    pub(crate) events: Vec<u64>,
    pub(crate) censored: Vec<u64>,
    pub(crate) admitted_after: u64,
}

/// The month key `year · 12 + month − 1` of a day number (H. Hinnant's `civil_from_days`,
/// the inverse of [`day_number`]): integer arithmetic, no calendar lookup.
#[inline]
pub(crate) fn month_key(day: i32) -> i64 {
    let z = i64::from(day) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    year * 12 + month - 1
}

impl StayColumns {
    /// Admissions and releases counted per month key over the range of keys from the
    /// earliest to the latest dated event, one chunk of stays per thread; `None` without
    /// stays.
    pub(crate) fn monthly(&self) -> Option<(i64, Vec<(u64, u64)>)> {
        let first = *self.admission.par_iter().min()?;
        let last_admission = *self.admission.par_iter().max()?;
        let last_release = self
            .release
            .par_iter()
            .copied()
            .filter(|&r| r != HELD)
            .max()
            .unwrap_or(first);
        let last = last_admission.max(last_release);
        let lo = month_key(first);
        let width = usize::try_from(month_key(last) - lo + 1).expect("last ≥ first");
        let n = self.admission.len();
        // The month of each day of the span, looked up (two loads a stay instead of two
        // civil conversions) unless the span is long against the stays.
        let span = usize::try_from(i64::from(last) - i64::from(first) + 1).expect("last ≥ first");
        let table: Option<Vec<u32>> = (span <= n.saturating_mul(4).max(1 << 16)).then(|| {
            (0..span)
                .map(|i| (month_key(first + i as i32) - lo) as u32)
                .collect()
        });
        let month = |d: i32| match &table {
            Some(t) => t[(d - first) as usize] as usize,
            None => (month_key(d) - lo) as usize,
        };
        let len = chunk_len(n);
        let parts: Vec<Vec<(u64, u64)>> = (0..n.div_ceil(len))
            .into_par_iter()
            .map(|c| {
                let r = c * len..((c + 1) * len).min(n);
                let mut counts = vec![(0u64, 0u64); width];
                for (&a, &b) in self.admission[r.clone()].iter().zip(&self.release[r]) {
                    counts[month(a)].0 += 1;
                    if b != HELD {
                        counts[month(b)].1 += 1;
                    }
                }
                counts
            })
            .collect();
        let mut total = vec![(0u64, 0u64); width];
        for p in &parts {
            for (o, x) in total.iter_mut().zip(p) {
                o.0 += x.0;
                o.1 += x.1;
            }
        }
        Some((lo, total))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_keys_invert_day_numbers() {
        let mut d = jiff::civil::date(-400, 1, 1);
        let end = jiff::civil::date(2_500, 1, 1);
        while d < end {
            let want = i64::from(d.year()) * 12 + i64::from(d.month()) - 1;
            assert_eq!(month_key(day(d)), want, "{d}");
            d = d.checked_add(jiff::Span::new().days(13)).unwrap();
        }
        for d in [jiff::civil::Date::MIN, jiff::civil::Date::MAX] {
            let want = i64::from(d.year()) * 12 + i64::from(d.month()) - 1;
            assert_eq!(month_key(day(d)), want, "{d}");
        }
    }
}
