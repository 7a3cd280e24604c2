//! The rules on each facility's own series: unchanged runs, jumps, capacity bounces.
//!
//! # One parallel pass, and why the unchanged rule is judged after it
//!
//! Facilities are screened in parallel, their series read through the facility index. The
//! unchanged rule compares a run with how many *other* facilities changed over it, a count
//! per date over every facility: each worker counts the changes of its own facilities while
//! it reads their series, and keeps the runs long enough to judge; the counts are summed and
//! the (few) runs judged after the pass. The jump rule needs the median of a facility's
//! changes and the median of their deviations from it (the MAD); the second selection is
//! skipped when a count shows the MAD too large for any change to be a jump.

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

/// Per date: how many facilities changed population from their previous report, and how
/// many could (reported both times).
type Moved = Vec<(usize, usize)>;

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
        .par_chunks(256)
        .map(|codes| {
            let mut c = Chunk {
                found: Vec::new(),
                runs: Vec::new(),
                moved: vec![(0, 0); dates],
            };
            let mut s = Series::default();
            for &code in codes {
                let rows = panel.facility_index(code);
                let Some(id) = panel.facility_ids().get(code) else {
                    continue;
                };
                s.load((code, rows), pop, &date_of, o, &mut c.moved, &mut c.runs);
                jumps(panel, id.as_str(), &mut s, o, &mut c.found);
                bounces(panel, id.as_str(), rows, &caps, &mut c.found);
            }
            c
        })
        .collect();
    let mut moved: Moved = vec![(0, 0); dates];
    for c in &chunks {
        for (m, x) in moved.iter_mut().zip(&c.moved) {
            m.0 += x.0;
            m.1 += x.1;
        }
    }
    for c in chunks {
        for run in &c.runs {
            unchanged(panel, run, &date_of, &moved, out);
        }
        out.extend(c.found);
    }
}

/// One facility's population series, in reusable buffers.
#[derive(Default)]
struct Series {
    /// The reported populations: (date number, population).
    pts: Vec<(u32, u64)>,
    changes: Vec<f64>,
    scratch: Vec<f64>,
    keys: Vec<i64>,
}

/// Whether bit `i` of validity `words` is set (row `i` reported).
#[inline]
fn is_set(words: &[u64], i: usize) -> bool {
    words.get(i / 64).is_some_and(|w| (w >> (i % 64)) & 1 == 1)
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
    /// Reads facility `code`'s `rows`, counts its changes into `moved` and keeps its runs of
    /// one population over at least `o.unchanged_reports` rows (a row not reported ends a run).
    fn load(
        &mut self,
        (code, rows): (usize, &[u32]),
        pop: &CountColumn,
        date_of: &[u32],
        o: &ScreenOptions,
        moved: &mut Moved,
        runs: &mut Vec<Run>,
    ) {
        // Written by place into a buffer of the rows' length (slices, not pushes: the loop
        // keeps its pointers in registers).
        self.pts.clear();
        self.pts.resize(rows.len(), (0, 0));
        let (pts, moved) = (&mut self.pts[..], &mut moved[..]);
        let mut reported_rows = 0;
        let (values, words) = (pop.values(), pop.validity().words());
        let mut last = None;
        // The current run: its first place in `rows` and its value.
        let mut run: Option<(usize, u64)> = None;
        let mut close = |run: Option<(usize, u64)>, end: usize| {
            if let Some((start, value)) = run
                && end - start >= o.unchanged_reports
            {
                runs.push(Run {
                    code,
                    start,
                    end,
                    value,
                });
            }
        };
        for (at, &r) in rows.iter().enumerate() {
            let r = r as usize;
            let reported = is_set(words, r);
            let p = if reported {
                values.get(r).copied()
            } else {
                None
            };
            if let Some(b) = p {
                let d = date_of.get(r).copied().unwrap_or(0);
                if let Some(slot) = pts.get_mut(reported_rows) {
                    *slot = (d, b);
                }
                reported_rows += 1;
                if let Some(a) = last
                    && let Some(m) = moved.get_mut(d as usize)
                {
                    m.1 += 1;
                    m.0 += usize::from(a != b);
                }
                if last != Some(b) || run.is_none() {
                    close(run, at);
                    run = Some((at, b));
                }
            } else {
                close(run, at);
                run = None;
            }
            last = p;
        }
        close(run, rows.len());
        self.pts.truncate(reported_rows);
    }
}

fn date_at(panel: &Panel, d: u32) -> jiff::civil::Date {
    panel.dates().get(d as usize).copied().unwrap_or_default()
}

/// The unchanged rule on one run: flagged when at least half the facilities that could
/// change over it did.
fn unchanged(panel: &Panel, run: &Run, date_of: &[u32], moved: &Moved, out: &mut Vec<Finding>) {
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

fn jumps(panel: &Panel, id: &str, s: &mut Series, o: &ScreenOptions, out: &mut Vec<Finding>) {
    let pts = &s.pts;
    if pts.len() < 9 {
        return;
    }
    s.changes.clear();
    s.changes
        .extend(pts.windows(2).map(|w| to_f64(w[1].1) - to_f64(w[0].1)));
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
    for (w, d) in pts.windows(2).zip(&s.changes) {
        if (d - med).abs() > threshold && d.abs() >= o.min_jump as f64 {
            let (from, to) = (date_at(panel, w[0].0), date_at(panel, w[1].0));
            let size = w[1].1.abs_diff(w[0].1);
            let severity = if size.saturating_mul(4) >= w[0].1.max(w[1].1) {
                Severity::High
            } else {
                Severity::Medium
            };
            out.push(
                Finding::new(
                    Cause::Jump {
                        before: w[0].1,
                        from,
                        after: w[1].1,
                        to,
                        k: o.jump_k,
                        mad,
                    },
                    Some(id),
                    to,
                    Some(w[1].1),
                )
                .with_severity(severity)
                .with_people(size),
            );
        }
    }
}

/// A capacity that changes and changes back, per kind (`caps`, sorted by kind).
fn bounces(
    panel: &Panel,
    id: &str,
    rows: &[u32],
    caps: &[&CapacityColumn],
    out: &mut Vec<Finding>,
) {
    for col in caps {
        // The last two reported values: (row, places).
        let mut prev: [Option<(u32, u64)>; 2] = [None, None];
        let (values, words) = (col.counts.values(), col.counts.validity().words());
        for &r in rows {
            let i = r as usize;
            if !is_set(words, i) {
                continue;
            }
            let Some(&c) = values.get(i) else {
                continue;
            };
            if let [Some(a), Some(b)] = prev
                && a.1 == c
                && b.1 != a.1
            {
                let date = |row: u32| {
                    panel
                        .row(row as usize)
                        .map(|r| r.date())
                        .unwrap_or_default()
                };
                out.push(
                    Finding::new(
                        Cause::CapacityBounce {
                            kind: col.kind.clone(),
                            value: b.1,
                            on: date(b.0),
                            before: a.1,
                            before_on: date(a.0),
                            again: c,
                            again_on: date(r),
                        },
                        Some(id),
                        date(b.0),
                        Some(b.1),
                    )
                    .with_kind(col.kind.clone())
                    .with_people(b.1.abs_diff(a.1)),
                );
            }
            prev = [prev[1], Some((r, c))];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted_median(v: &[f64]) -> Option<f64> {
        super::super::rules::median(&mut v.to_vec())
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
    fn no_jump_possible_only_when_the_rule_flags_nothing() {
        // Random changes of every count from 8 to 40, some with outliers: whenever the count
        // says "no jump possible", the full rule (the MAD selected) finds none.
        let mut x: u64 = 11;
        let mut next = |m: u64| {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1442695040888963407);
            (x >> 33) % m
        };
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
            let med = sorted_median(&changes).unwrap();
            let devs: Vec<f64> = changes.iter().map(|d| (d - med).abs()).collect();
            let mad = sorted_median(&devs).unwrap();
            let (k, min_jump) = ([2.0, 6.0, 0.5][round % 3], [0.0, 50.0][round % 2]);
            let threshold = k * 1.4826 * mad;
            let any = threshold.is_finite()
                && threshold > 0.0
                && changes
                    .iter()
                    .any(|d| (d - med).abs() > threshold && d.abs() >= min_jump);
            flagged += usize::from(any);
            if no_jump_possible(&changes, med, k * 1.4826, min_jump) {
                skipped += 1;
                assert!(!any, "{changes:?} {k} {min_jump}");
            }
        }
        assert!(skipped > 1000 && flagged > 100, "{skipped} {flagged}");
    }
}
