//! The rules on each facility's own series: unchanged runs, jumps, capacity bounces.
//!
//! # One parallel pass, and why the unchanged rule is judged after it
//!
//! Facilities are screened in parallel, their series read through the facility index. The
//! unchanged rule compares a run with how many *other* facilities changed over it, a count
//! per date over every facility: each worker counts the changes of its own facilities while
//! it reads their series, and keeps the runs long enough to judge; the counts are summed and
//! the (few) runs judged after the pass. Each series is read once into plain slices (the
//! reported rows only, without a branch per row), and the rules read those.
//!
//! The jump rule needs the median of a facility's changes and the median of their deviations
//! from it (the MAD). Most series have no change far enough out to be a jump whatever the
//! median: a count of the changes in buckets shows it without either selection
//! ([`no_jump_by_spread`]); else, after the median, a count shows it without the MAD's
//! ([`no_jump_possible`]); else both are selected.

use super::cause::Cause;
use super::finding::{Finding, Severity};
use super::options::ScreenOptions;
use crate::model::panel::CapacityColumn;
use crate::model::{CountColumn, Panel};

/// Each row's date number (its place in [`Panel::dates`]), from the date offsets.
fn date_of_rows(panel: &Panel) -> Vec<u32> {
    let mut out = vec![0u32; panel.len()];
    for i in 0..panel.dates().len() {
        out.get_mut(panel.date_range(i))
            .unwrap_or(&mut [])
            .fill(i as u32);
    }
    out
}

/// Per date: how many facilities could change population from their previous report
/// (reported both times; the low 32 bits) and how many did (the high 32 bits), for one
/// worker's facilities (fewer than 2^32: at most one row per facility and date).
type Moved = Vec<u64>;

/// The facilities one worker screens at a time (its per-date counts stay far below 2^32).
const CHUNK: usize = 256;

/// A run of one population long enough for the unchanged rule: the facility, the run's
/// places in its rows and the value.
struct Run {
    code: usize,
    start: usize,
    end: usize,
    value: u64,
}

/// What one worker found on its facilities.
struct Chunk {
    found: Vec<Finding>,
    runs: Vec<Run>,
    moved: Moved,
}

pub(super) fn per_facility(panel: &Panel, o: &ScreenOptions, out: &mut Vec<Finding>) {
    use rayon::prelude::*;
    let date_of = date_of_rows(panel);
    let pop = panel.population_column();
    let dates = panel.dates().len();
    let mut caps: Vec<&CapacityColumn> = panel.cols.capacities.iter().collect();
    caps.sort_by(|a, b| a.kind.cmp(&b.kind));
    let chunks: Vec<Chunk> = (0..panel.facility_ids().len())
        .collect::<Vec<_>>()
        .par_chunks(CHUNK)
        .map(|codes| {
            let mut c = Chunk {
                found: Vec::new(),
                runs: Vec::new(),
                moved: vec![0; dates],
            };
            let mut s = Series::default();
            for &code in codes {
                let rows = panel.facility_index(code);
                let Some(id) = panel.facility_ids().get(code) else {
                    continue;
                };
                let same = s.load(rows, pop, &date_of, &mut c.moved);
                s.runs(code, same, o, &mut c.runs);
                jumps(panel, id.as_str(), &mut s, o, &mut c.found);
                bounces(
                    panel,
                    id.as_str(),
                    rows,
                    &caps,
                    &mut s.reported,
                    &mut c.found,
                );
            }
            c
        })
        .collect();
    let mut moved: Vec<(usize, usize)> = vec![(0, 0); dates];
    for c in &chunks {
        for (m, &x) in moved.iter_mut().zip(&c.moved) {
            m.0 += (x >> 32) as usize;
            m.1 += (x & u64::from(u32::MAX)) as usize;
        }
    }
    for c in chunks {
        for run in &c.runs {
            unchanged(panel, run, &date_of, &moved, out);
        }
        out.extend(c.found);
    }
}

/// The reported rows of one facility in one column: each one's place in the facility's rows
/// and its value, in date order.
#[derive(Default)]
struct Reported {
    at: Vec<u32>,
    values: Vec<u64>,
}

impl Reported {
    /// Reads `col` at `rows` (one facility's), keeping the reported rows.
    ///
    /// Every row is written at the next free place and the place advanced only when the row
    /// is reported: no branch on the validity bit, and the rules after read plain slices.
    fn read(&mut self, col: &CountColumn, rows: &[u32]) {
        let (values, words) = (col.values(), col.validity().words());
        self.at.clear();
        self.at.resize(rows.len(), 0);
        self.values.clear();
        self.values.resize(rows.len(), 0);
        let (at, vals) = (&mut self.at[..], &mut self.values[..]);
        let mut n = 0;
        for (t, &r) in rows.iter().enumerate() {
            let (v, ok) = read_one(values, words, r as usize);
            if let (Some(a), Some(x)) = (at.get_mut(n), vals.get_mut(n)) {
                *a = t as u32;
                *x = v;
            }
            n += ok;
        }
        self.at.truncate(n);
        self.values.truncate(n);
    }
}

/// Row `r`'s value and 1 when it is reported (its validity bit set), else 0 and 0.
#[inline]
fn read_one(values: &[u64], words: &[u64], r: usize) -> (u64, usize) {
    let bit = words.get(r / 64).map_or(0, |w| (w >> (r % 64)) & 1) as usize;
    match values.get(r) {
        Some(&v) => (v, bit),
        None => (0, 0),
    }
}

/// One facility's population series, in reusable buffers.
#[derive(Default)]
struct Series {
    /// The reported populations (places and values) and their date numbers.
    pop: Reported,
    days: Vec<u32>,
    /// A capacity kind's reported rows (for the bounce rule).
    reported: Reported,
    changes: Vec<f64>,
    scratch: Vec<f64>,
    keys: Vec<i64>,
    buckets: Vec<u32>,
}

/// `x` as the nearest `f64`, as `x as f64` gives it: through `i64` when it fits (one
/// instruction on x86-64; the same integer, so the same rounding).
#[inline]
pub(super) fn to_f64(x: u64) -> f64 {
    match i64::try_from(x) {
        Ok(i) => i as f64,
        Err(_) => x as f64,
    }
}

impl Series {
    /// Reads the population of one facility's `rows` (the reported ones, with their date
    /// numbers) and counts its changes into `moved`: two reports in a row, one that could
    /// change; with different values, one that did. Returns how many of those pairs kept
    /// their value.
    fn load(
        &mut self,
        rows: &[u32],
        pop: &CountColumn,
        date_of: &[u32],
        moved: &mut [u64],
    ) -> usize {
        let (values, words) = (pop.values(), pop.validity().words());
        let len = rows.len();
        self.pop.at.clear();
        self.pop.at.resize(len, 0);
        self.pop.values.clear();
        self.pop.values.resize(len, 0);
        self.days.clear();
        self.days.resize(len, 0);
        let (at, vals, days) = (
            &mut self.pop.at[..],
            &mut self.pop.values[..],
            &mut self.days[..],
        );
        let (mut n, mut same) = (0, 0);
        // The previous row: 1 when reported, and its value.
        let (mut was, mut before) = (0, 0);
        for (t, &r) in rows.iter().enumerate() {
            let r = r as usize;
            let (v, ok) = read_one(values, words, r);
            let d = date_of.get(r).copied().unwrap_or(0);
            if let (Some(a), Some(x), Some(y)) = (at.get_mut(n), vals.get_mut(n), days.get_mut(n)) {
                *a = t as u32;
                *x = v;
                *y = d;
            }
            n += ok;
            // Branch-free: a pair not both reported adds 0.
            let both = ok & was;
            let changed = usize::from(v != before);
            if let Some(m) = moved.get_mut(d as usize) {
                *m += (both | ((both & changed) << 32)) as u64;
            }
            same += both & (changed ^ 1);
            (was, before) = (ok, v);
        }
        self.pop.at.truncate(n);
        self.pop.values.truncate(n);
        self.days.truncate(n);
        same
    }

    /// Keeps the loaded facility's runs of one population over at least `o.unchanged_reports`
    /// rows (a row not reported ends a run); `same` is [`Series::load`]'s count.
    fn runs(&self, code: usize, same: usize, o: &ScreenOptions, runs: &mut Vec<Run>) {
        // A run over `r` rows holds r - 1 pairs of equal reports in a row: with fewer than
        // that in all, no run is long enough (a minimum of 0 or 1 takes every run).
        let r = o.unchanged_reports;
        if r >= 2 && same + 1 < r {
            return;
        }
        let (at, vals) = (&self.pop.at[..], &self.pop.values[..]);
        let (Some(&first), Some(&last)) = (at.first(), at.last()) else {
            return;
        };
        let mut start = (first, vals.first().copied().unwrap_or(0));
        let mut close = |start: (u32, u64), last: u32| {
            let (s, e) = (start.0 as usize, last as usize + 1);
            if e - s >= r {
                runs.push(Run {
                    code,
                    start: s,
                    end: e,
                    value: start.1,
                });
            }
        };
        for (a, v) in at.windows(2).zip(vals.windows(2)) {
            if a[1] != a[0].wrapping_add(1) || v[1] != v[0] {
                close(start, a[0]);
                start = (a[1], v[1]);
            }
        }
        close(start, last);
    }
}

fn date_at(panel: &Panel, d: u32) -> jiff::civil::Date {
    panel.dates().get(d as usize).copied().unwrap_or_default()
}

/// The unchanged rule on one run: flagged when at least half the facilities that could
/// change over it did.
fn unchanged(
    panel: &Panel,
    run: &Run,
    date_of: &[u32],
    moved: &[(usize, usize)],
    out: &mut Vec<Finding>,
) {
    let (Some(id), Some(rows)) = (
        panel.facility_ids().get(run.code),
        panel.facility_index(run.code).get(run.start..run.end),
    ) else {
        return;
    };
    let date = |r: u32| date_of.get(r as usize).copied().unwrap_or(0);
    let (mut changed, mut could) = (0, 0);
    for &r in rows.iter().skip(1) {
        if let Some(&(m, c)) = moved.get(date(r) as usize) {
            changed += m;
            could += c;
        }
    }
    let (Some(&first), Some(&last)) = (rows.first(), rows.last()) else {
        return;
    };
    if could > 0 && changed * 2 >= could {
        let (first, last) = (date_at(panel, date(first)), date_at(panel, date(last)));
        out.push(
            Finding::new(
                Cause::Unchanged {
                    population: run.value,
                    reports: rows.len(),
                    first,
                    last,
                    others_changed: changed,
                    others: could,
                },
                Some(id.as_str()),
                last,
                Some(run.value),
            )
            .with_people(run.value),
        );
    }
}

/// The median by selection (the mean of the two middle values for an even count), as a
/// sort would give it.
///
/// Selection runs on integer keys in `f64::total_cmp`'s order (an integer compare instead of
/// a float compare per step): the same values, chosen the same way.
pub(super) fn median_select(v: &[f64], keys: &mut Vec<i64>) -> Option<f64> {
    let n = v.len();
    if n == 0 {
        return None;
    }
    keys.clear();
    keys.extend(v.iter().map(|x| total_key(*x)));
    let (lower, mid, _) = keys.select_nth_unstable(n / 2);
    let mid = from_total_key(*mid);
    if n % 2 == 1 {
        return Some(mid);
    }
    let below = from_total_key(*lower.iter().max()?);
    Some((below + mid) / 2.0)
}

/// The integer whose order is `f64::total_cmp`'s (its own definition), and back.
fn total_key(x: f64) -> i64 {
    let bits = x.to_bits() as i64;
    bits ^ ((((bits >> 63) as u64) >> 1) as i64)
}

fn from_total_key(k: i64) -> f64 {
    f64::from_bits((k ^ ((((k >> 63) as u64) >> 1) as i64)) as u64)
}

/// Whether no change can be a jump whatever the MAD's exact value: the MAD is shown to be at
/// least `t`, where `c · t` already covers the largest deviation of a change of `min_jump`
/// or more (`c` = k × 1.4826). Rounding to nearest is monotone, so `c · MAD ≥ c · t` holds
/// for the computed products too: the threshold the rule would compute covers every
/// candidate's deviation, and the rule would flag nothing.
fn no_jump_possible(changes: &[f64], med: f64, c: f64, min_jump: f64) -> bool {
    if !(c.is_finite() && c > 0.0) {
        return false;
    }
    let max_dev = changes
        .iter()
        .filter(|d| d.abs() >= min_jump)
        .map(|d| (d - med).abs())
        .fold(0.0, f64::max);
    if max_dev == 0.0 {
        // No candidate, or every candidate at the median: a deviation of 0 exceeds no
        // threshold the rule accepts (it needs one above 0).
        return true;
    }
    let mut t = max_dev / c;
    while c * t < max_dev {
        t = t.next_up();
    }
    if !t.is_finite() {
        return false;
    }
    // MAD ≥ t when few enough deviations lie below t: for an odd count the middle one is not
    // among them; for an even count neither of the two middle ones is (their mean is then ≥ t).
    let n = changes.len();
    let allowed = if n % 2 == 1 { n / 2 } else { n / 2 - 1 };
    let below = changes.iter().filter(|d| (*d - med).abs() < t).count();
    below <= allowed
}

/// Buckets per `2t` in [`no_jump_by_spread`]: an open interval of length `2t` lies in
/// `SPREAD_BUCKETS + 1` consecutive buckets.
const SPREAD_BUCKETS: usize = 16;

/// 1.5 · 2^52: added to a float in [0, 2^51), the sum's low mantissa bits are the float
/// rounded to an integer.
const ROUND: f64 = 6_755_399_441_055_744.0;

/// Whether no change can be a jump, shown without the median: every deviation from the
/// median is at most `u` = max − min (the median lies between them), and the MAD is at
/// least `t` (with `c · t ≥ u`) when no open interval of length `2t` holds more than half
/// the changes — whatever the median, the deviations below `t` lie in the interval around
/// it. The changes are counted in buckets of width `2t / SPREAD_BUCKETS` (a little wider in
/// exact arithmetic: the bucket of `x` is (x − min) · w⁻¹ rounded to an integer, with w⁻¹
/// shrunk by 1e-9, far beyond the computation's rounding for up to 2^20 buckets), so such an
/// interval lies in `SPREAD_BUCKETS + 1` consecutive buckets, and their largest sum bounds it.
/// Rounding is monotone, so as in [`no_jump_possible`] the threshold the rule would compute
/// covers every deviation it would compute.
fn no_jump_by_spread(changes: &[f64], c: f64, buckets: &mut Vec<u32>) -> bool {
    let n = changes.len();
    let Some(&first) = changes.first() else {
        return false;
    };
    if n < 2 || !(c.is_finite() && c > 0.0) {
        return false;
    }
    let (mut lo, mut hi) = (first, first);
    for &x in changes {
        if x < lo {
            lo = x;
        }
        if x > hi {
            hi = x;
        }
    }
    let u = hi - lo;
    if !u.is_finite() {
        return false;
    }
    if u == 0.0 {
        // Every change the same: every deviation is 0, and the rule needs one above a
        // threshold above 0.
        return true;
    }
    let mut t = u / c;
    while c * t < u {
        t = t.next_up();
    }
    let inv_w = SPREAD_BUCKETS as f64 / (2.0 * t) * (1.0 - 1e-9);
    let top = u * inv_w;
    if !(top.is_finite() && top < 1024.0) {
        return false;
    }
    buckets.clear();
    buckets.resize(top as usize + 2, 0);
    for &x in changes {
        // The bucket: (x − min) · w⁻¹ rounded to an integer by adding 1.5 · 2^52 (exact
        // below 2^51; cheaper than a cast), at most ⌈top⌉: x − min ≤ u, and rounding is
        // monotone. Rounding instead of ⌊⌋ moves every bound by half a bucket, and keeps the
        // points of an interval of length 2t within SPREAD_BUCKETS + 1 buckets.
        let b = ((x - lo) * inv_w + ROUND).to_bits() - ROUND.to_bits();
        if let Some(b) = buckets.get_mut(b as usize) {
            *b += 1;
        }
    }
    let window = SPREAD_BUCKETS + 1;
    let mut sum: u32 = buckets.iter().take(window).sum();
    let mut most = sum;
    for (add, drop) in buckets.iter().skip(window).zip(buckets.iter()) {
        sum = sum + add - drop;
        most = most.max(sum);
    }
    // As in `no_jump_possible`: the MAD is at least t when at most this many deviations lie
    // below t.
    let allowed = if n % 2 == 1 { n / 2 } else { n / 2 - 1 };
    (most as usize) <= allowed
}

fn jumps(panel: &Panel, id: &str, s: &mut Series, o: &ScreenOptions, out: &mut Vec<Finding>) {
    let (days, vals) = (&s.days[..], &s.pop.values[..]);
    if vals.len() < 9 {
        return;
    }
    s.changes.clear();
    s.changes
        .extend(vals.windows(2).map(|w| to_f64(w[1]) - to_f64(w[0])));
    if no_jump_by_spread(&s.changes, o.jump_k * 1.4826, &mut s.buckets) {
        return;
    }
    let Some(med) = median_select(&s.changes, &mut s.keys) else {
        return;
    };
    if no_jump_possible(&s.changes, med, o.jump_k * 1.4826, o.min_jump as f64) {
        return;
    }
    s.scratch.clear();
    s.scratch.extend(s.changes.iter().map(|d| (d - med).abs()));
    let Some(mad) = median_select(&s.scratch, &mut s.keys) else {
        return;
    };
    let threshold = o.jump_k * 1.4826 * mad;
    if !(threshold.is_finite() && threshold > 0.0) {
        return;
    }
    for ((w, t), d) in vals.windows(2).zip(days.windows(2)).zip(&s.changes) {
        if (d - med).abs() > threshold && d.abs() >= o.min_jump as f64 {
            let (from, to) = (date_at(panel, t[0]), date_at(panel, t[1]));
            let size = w[1].abs_diff(w[0]);
            let severity = if size.saturating_mul(4) >= w[0].max(w[1]) {
                Severity::High
            } else {
                Severity::Medium
            };
            out.push(
                Finding::new(
                    Cause::Jump {
                        before: w[0],
                        from,
                        after: w[1],
                        to,
                        k: o.jump_k,
                        mad,
                    },
                    Some(id),
                    to,
                    Some(w[1]),
                )
                .with_severity(severity)
                .with_people(size),
            );
        }
    }
}

/// A capacity that changes and changes back, per kind (`caps`, sorted by kind): a reported
/// value equal to the last but one reported while the last differs.
fn bounces(
    panel: &Panel,
    id: &str,
    rows: &[u32],
    caps: &[&CapacityColumn],
    reported: &mut Reported,
    out: &mut Vec<Finding>,
) {
    for col in caps {
        reported.read(&col.counts, rows);
        let (at, vals) = (&reported.at[..], &reported.values[..]);
        for (a, v) in at.windows(3).zip(vals.windows(3)) {
            if v[2] != v[0] || v[1] == v[0] {
                continue;
            }
            let date = |place: u32| {
                rows.get(place as usize)
                    .and_then(|&row| panel.row(row as usize))
                    .map(|r| r.date())
                    .unwrap_or_default()
            };
            out.push(
                Finding::new(
                    Cause::CapacityBounce {
                        kind: col.kind.clone(),
                        value: v[1],
                        on: date(a[1]),
                        before: v[0],
                        before_on: date(a[0]),
                        again: v[2],
                        again_on: date(a[2]),
                    },
                    Some(id),
                    date(a[1]),
                    Some(v[1]),
                )
                .with_kind(col.kind.clone())
                .with_people(v[1].abs_diff(v[0])),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::screen::reference::Draw;

    fn sorted_median(v: &[f64]) -> Option<f64> {
        super::super::rules::median(&mut v.to_vec())
    }

    /// The jump rule in full, as the no-jump tests check it: the median change and whether
    /// any change is further from it than `k` scaled MADs and at least `min_jump`.
    fn full_rule(changes: &[f64], k: f64, min_jump: f64) -> (f64, bool) {
        let med = sorted_median(changes).unwrap();
        let devs: Vec<f64> = changes.iter().map(|d| (d - med).abs()).collect();
        let mad = sorted_median(&devs).unwrap();
        let threshold = k * 1.4826 * mad;
        let any = threshold.is_finite()
            && threshold > 0.0
            && changes
                .iter()
                .any(|d| (d - med).abs() > threshold && d.abs() >= min_jump);
        (med, any)
    }

    #[test]
    fn median_by_selection_is_the_sorted_median() {
        let mut x: u64 = 7;
        for n in 0..60 {
            let v: Vec<f64> = (0..n)
                .map(|_| {
                    x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                    ((x >> 40) % 50) as f64 - 25.0
                })
                .collect();
            assert_eq!(
                median_select(&v, &mut Vec::new()),
                sorted_median(&v),
                "{v:?}"
            );
        }
    }

    #[test]
    fn no_jump_by_spread_only_when_the_rule_flags_nothing() {
        // As below, with spreads from narrow to wide and outliers: whenever the buckets say
        // "no jump possible", the full rule finds none; and they say it for most series
        // without outliers (the spread of the bench's random populations).
        let mut draw = Draw(5);
        let mut next = |m: u64| draw.below(m);
        let (mut skipped, mut flagged, mut plain) = (0, 0, 0);
        let mut buckets = Vec::new();
        for round in 0..6000 {
            let n = 2 + (round % 150);
            let spread = 1 + next(2_000);
            // Differences of two uniform draws (triangular), as the bench's changes are.
            let mut changes: Vec<f64> = (0..n)
                .map(|_| next(spread + 1) as f64 - next(spread + 1) as f64)
                .collect();
            let outliers = if round % 2 == 0 { 0 } else { next(4) };
            for _ in 0..outliers {
                let at = next(n as u64) as usize;
                changes[at] += (next(40 * spread) as f64) - (20 * spread) as f64;
            }
            let (k, min_jump) = (
                [6.0, 2.0, 20.0, 0.5][round % 4],
                [0.0, 50.0][(round / 4) % 2],
            );
            let (_, any) = full_rule(&changes, k, min_jump);
            flagged += usize::from(any);
            if no_jump_by_spread(&changes, k * 1.4826, &mut buckets) {
                skipped += 1;
                plain += usize::from(outliers == 0 && k == 6.0 && n > 100);
                assert!(!any, "{changes:?} {k} {min_jump}");
            }
        }
        // 2,786 skipped, 2,846 flagged, 489 of the ~510 plain series skipped.
        assert!(
            skipped > 2000 && flagged > 2000 && plain > 450,
            "{skipped} {flagged} {plain}"
        );
    }

    #[test]
    fn no_jump_possible_only_when_the_rule_flags_nothing() {
        // Random changes of every count from 8 to 40, some with outliers: whenever the count
        // says "no jump possible", the full rule (the MAD selected) finds none.
        let mut draw = Draw(11);
        let mut next = |m: u64| draw.below(m);
        let (mut skipped, mut flagged) = (0, 0);
        for round in 0..4000 {
            let n = 8 + (round % 33);
            let spread = 1 + next(400);
            let mut changes: Vec<f64> = (0..n)
                .map(|_| next(2 * spread + 1) as f64 - spread as f64)
                .collect();
            for _ in 0..next(3) {
                let at = next(n as u64) as usize;
                changes[at] += (next(20 * spread) as f64) - (10 * spread) as f64;
            }
            let (k, min_jump) = ([2.0, 6.0, 0.5][round % 3], [0.0, 50.0][round % 2]);
            let (med, any) = full_rule(&changes, k, min_jump);
            flagged += usize::from(any);
            if no_jump_possible(&changes, med, k * 1.4826, min_jump) {
                skipped += 1;
                assert!(!any, "{changes:?} {k} {min_jump}");
            }
        }
        assert!(skipped > 1000 && flagged > 100, "{skipped} {flagged}");
    }
}
