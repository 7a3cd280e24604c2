//! The rules, each a pass over the panel that appends findings.

use std::collections::HashMap;

use jiff::civil::Date;

use super::cause::Cause;
use super::finding::{Finding, Severity};
use super::options::ScreenOptions;
use crate::model::{CapacityKind, Panel, Row};

fn median(v: &mut [f64]) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    Some(if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    })
}

/// Each row's date number (its place in [`Panel::dates`]), from the date offsets.
fn date_of_rows(panel: &Panel) -> Vec<u32> {
    let mut out = vec![0u32; panel.len()];
    for i in 0..panel.dates().len() {
        for slot in out.get_mut(panel.date_range(i)).unwrap_or(&mut []) {
            *slot = i as u32;
        }
    }
    out
}

pub(super) fn occupancy_band(panel: &Panel, o: &ScreenOptions, out: &mut Vec<Finding>) {
    let (low, high) = (o.low_percent, o.high_percent);
    if !(low.is_finite() && high.is_finite() && low <= high) {
        return;
    }
    let pop = panel.population_column();
    let (pv, pvalid) = (pop.values(), pop.validity());
    for col in &panel.cols.capacities {
        let (cv, cvalid) = (col.counts.values(), col.counts.validity());
        for (i, (&p, &c)) in pv.iter().zip(cv).enumerate() {
            // Not reported: the validity bit is cleared and the slot holds 0.
            if c == 0 {
                continue;
            }
            let pct = p as f64 * 100.0 / c as f64;
            if (pct < low || pct > high) && pvalid.is_valid(i) && cvalid.is_valid(i) {
                let Some(r) = panel.row(i) else { continue };
                out.push(
                    Finding::new(
                        Cause::ImplausibleOccupancy {
                            population: p,
                            capacity: c,
                            kind: col.kind.clone(),
                            low_percent: low,
                            high_percent: high,
                        },
                        Some(r.id().as_str()),
                        r.date(),
                        Some(p),
                    )
                    .with_kind(col.kind.clone())
                    .with_people(p.max(c)),
                );
            }
        }
    }
}

/// P(X ≥ k) for X ~ Poisson(λ).
fn poisson_tail(lambda: f64, k: usize) -> f64 {
    let mut term = (-lambda).exp();
    let mut below = 0.0;
    for i in 0..k {
        below += term;
        term *= lambda / (i + 1) as f64;
    }
    (1.0 - below).max(0.0)
}

/// Half-width of the "similar size" window around a repeated value: 10 % of it, at least 5.
fn similar_half_width(v: u64) -> u64 {
    (v / 10).max(5)
}

/// The expected number of values shared by at least `k` facilities, by chance, among the
/// facilities of similar size to `v` anywhere in a panel of `dates` dates, when `m` of the
/// date's `n` values fall in the window around `v`.
///
/// The rule (documented on [`ScreenOptions`](super::ScreenOptions)): near `v` the values are
/// taken as spread evenly over the window `v ± h` (h = 10 % of `v`, at least 5), holding the
/// `m` values of the date that fall in it, the repeated value counted once (`m − k + 1`): a
/// given integer is then hit Poisson(λ) times, λ = (m − k + 1) / (2h + 1), and the window
/// holds (2h + 1) · P(Poisson(λ) ≥ k) values shared ≥ k times. There are about n / m such
/// windows on the date (n values) and `dates` dates: the product is the number of such
/// coincidences expected by chance in the whole panel.
#[cfg_attr(not(test), allow(dead_code))]
fn expected_coincidences(m: usize, n: usize, v: u64, k: usize, dates: usize) -> f64 {
    expected_with(m, n, v, k, dates, &mut |width, hits, k| {
        poisson_tail(hits as f64 / width, k)
    })
}

/// [`expected_coincidences`] with the Poisson tail from `tail(width, hits, k)` — the tail
/// of Poisson(hits / width) at `k` — so that a caller can keep tails it computed before.
fn expected_with(
    m: usize,
    n: usize,
    v: u64,
    k: usize,
    dates: usize,
    tail: &mut impl FnMut(f64, usize, usize) -> f64,
) -> f64 {
    let h = similar_half_width(v);
    let width = (2 * h + 1) as f64;
    let hits = (m + 1).saturating_sub(k).max(1);
    let windows = (n as f64 / m.max(1) as f64).max(1.0);
    width * tail(width, hits, k) * windows * dates.max(1) as f64
}

/// Poisson tails computed before, by (window width, values in the window, repeats): one
/// panel asks for the same few again and again (a capacity shared by the same facilities on
/// every date), and each costs an `exp` and a sum. Direct-mapped: a slot holds the last tail
/// whose key hashed to it; a tail is the same number whether computed or kept.
struct TailCache {
    /// (width's bits, hits, repeats, tail); a width of `u64::MAX` bits is no key (not a
    /// finite width).
    slots: Vec<(u64, usize, usize, f64)>,
}

impl Default for TailCache {
    fn default() -> TailCache {
        TailCache {
            slots: vec![(u64::MAX, 0, 0, 0.0); 1 << 12],
        }
    }
}

impl TailCache {
    fn tail(&mut self, width: f64, hits: usize, k: usize) -> f64 {
        let w = width.to_bits();
        let hash = (w ^ (hits as u64).rotate_left(21) ^ (k as u64).rotate_left(42))
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            >> 52;
        match self.slots.get_mut(hash as usize) {
            Some(slot) if slot.0 == w && slot.1 == hits && slot.2 == k => slot.3,
            Some(slot) => {
                let t = poisson_tail(hits as f64 / width, k);
                *slot = (w, hits, k, t);
                t
            }
            None => poisson_tail(hits as f64 / width, k),
        }
    }
}

/// Flagged when the coincidence is expected less than once in 20 panels like this one.
const UNLIKELY: f64 = 0.05;

/// Reusable buffers of [`shared_values`].
#[derive(Default)]
struct Scratch {
    pairs: Vec<(u64, u32)>,
    sorted: Vec<u64>,
    counts: Vec<u32>,
    /// The dense path's counting sort: each value's next place, and the rows by value.
    cursor: Vec<u32>,
    order: Vec<u32>,
    tails: TailCache,
}

/// The values (≥ `min_value`) of one measure on one date shared by `min_repeats` or more
/// facilities and unlikely by chance among facilities of similar size
/// ([`expected_coincidences`]): `(value, rows)` by value, the rows in facility order.
/// `values` holds every reported value of the date with its row, in row order.
fn shared_values(
    values: &[(u64, u32)],
    min_value: u64,
    min_repeats: usize,
    dates: usize,
    s: &mut Scratch,
) -> Vec<(u64, Vec<u32>)> {
    let n = values.len();
    let mut out = Vec::new();
    let (Some(lo), Some(hi)) = (
        values.iter().map(|v| v.0).min(),
        values.iter().map(|v| v.0).max(),
    ) else {
        return out;
    };
    let k0 = min_repeats.max(1);
    if hi - lo < (4 * n as u64).max(1 << 12) {
        // Dense: counts over the value range and their running sums (the number of values in
        // any window is two reads), no sort.
        let width = (hi - lo + 1) as usize;
        s.counts.clear();
        s.counts.resize(width + 1, 0);
        for &(v, _) in values {
            if let Some(c) = s.counts.get_mut((v - lo) as usize + 1) {
                *c += 1;
            }
        }
        // Running sums: counts[i] = values below lo + i; a value's count is the difference
        // of two neighbours.
        for i in 1..s.counts.len() {
            s.counts[i] += s.counts[i - 1];
        }
        let below = |counts: &[u32], x: u64| -> usize {
            // values < x
            if x <= lo {
                0
            } else {
                counts
                    .get(((x - lo) as usize).min(width))
                    .copied()
                    .unwrap_or(n as u32) as usize
            }
        };
        // The rows by value, each value's rows in row order (a counting sort: `values` come
        // in row order), instead of sorting (value, row) pairs.
        s.cursor.clear();
        s.cursor.extend_from_slice(&s.counts);
        s.order.clear();
        s.order.resize(n, 0);
        for &(v, row) in values {
            if let Some(at) = s.cursor.get_mut((v - lo) as usize) {
                if let Some(slot) = s.order.get_mut(*at as usize) {
                    *slot = row;
                }
                *at += 1;
            }
        }
        let first = min_value.max(lo);
        for v in first..=hi {
            let i = (v - lo) as usize;
            let (Some(&start), Some(&end)) = (s.counts.get(i), s.counts.get(i + 1)) else {
                continue;
            };
            let k = (end - start) as usize;
            if k < k0 {
                continue;
            }
            let h = similar_half_width(v);
            let m = below(&s.counts, v.saturating_add(h).saturating_add(1))
                - below(&s.counts, v.saturating_sub(h));
            let tails = &mut s.tails;
            if expected_with(m, n, v, k, dates, &mut |w, hits, k| tails.tail(w, hits, k)) < UNLIKELY
            {
                let rows = s
                    .order
                    .get(start as usize..end as usize)
                    .unwrap_or_default();
                out.push((v, rows.to_vec()));
            }
        }
    } else {
        // Sparse: sort the values once; windows by binary search.
        s.sorted.clear();
        s.sorted.extend(values.iter().map(|v| v.0));
        s.sorted.sort_unstable();
        s.pairs.clear();
        s.pairs
            .extend(values.iter().filter(|&&(v, _)| v >= min_value));
        s.pairs.sort_unstable();
        for run in s.pairs.chunk_by(|a, b| a.0 == b.0) {
            let (v, k) = (run[0].0, run.len());
            if k < k0 {
                continue;
            }
            let h = similar_half_width(v);
            let a = s.sorted.partition_point(|&x| x < v.saturating_sub(h));
            let b = s.sorted.partition_point(|&x| x <= v.saturating_add(h));
            let tails = &mut s.tails;
            if expected_with(b - a, n, v, k, dates, &mut |w, hits, k| {
                tails.tail(w, hits, k)
            }) < UNLIKELY
            {
                out.push((v, run.iter().map(|x| x.1).collect()));
            }
        }
    }
    out
}

pub(super) fn repeated_across(panel: &Panel, o: &ScreenOptions, out: &mut Vec<Finding>) {
    use rayon::prelude::*;
    let dates = panel.dates().len();
    let measures: Vec<(Option<&CapacityKind>, &crate::model::CountColumn)> =
        std::iter::once((None, panel.population_column()))
            .chain(
                panel
                    .cols
                    .capacities
                    .iter()
                    .map(|c| (Some(&c.kind), &c.counts)),
            )
            .collect();
    // Dates are independent: screened in parallel, their findings kept in date order.
    let per_date: Vec<Vec<Finding>> = panel
        .dates()
        .par_iter()
        .enumerate()
        .map_init(
            || (Vec::new(), Scratch::default()),
            |(values, scratch), (di, &date)| {
                let mut out = Vec::new();
                repeated_on(
                    panel,
                    o,
                    &measures,
                    (di, date),
                    dates,
                    values,
                    scratch,
                    &mut out,
                );
                out
            },
        )
        .collect();
    out.extend(per_date.into_iter().flatten());
}

/// [`repeated_across`] on date number `di`.
#[allow(clippy::too_many_arguments)]
fn repeated_on(
    panel: &Panel,
    o: &ScreenOptions,
    measures: &[(Option<&CapacityKind>, &crate::model::CountColumn)],
    (di, date): (usize, Date),
    dates: usize,
    values: &mut Vec<(u64, u32)>,
    scratch: &mut Scratch,
    out: &mut Vec<Finding>,
) {
    let range = panel.date_range(di);
    for &(kind, col) in measures {
        values.clear();
        // The date's slice of the column: values and validity read directly.
        let (vals, valid) = (col.values(), col.validity());
        for (i, &v) in vals
            .get(range.clone())
            .unwrap_or_default()
            .iter()
            .enumerate()
            .map(|(k, v)| (range.start + k, v))
        {
            if valid.is_valid(i) {
                values.push((v, i as u32));
            }
        }
        let shared = shared_values(values, o.min_repeated_value, o.min_repeats, dates, scratch);
        for (v, rows) in shared {
            let ids: Vec<&str> = rows
                .iter()
                .filter_map(|&r| panel.row(r as usize))
                .map(|r| r.id().as_str())
                .collect();
            // The first five are named; the cause says how many in all.
            let shown: Vec<String> = ids.iter().take(5).map(|id| id.to_string()).collect();
            for id in &ids {
                let f = Finding::new(
                    Cause::RepeatedAcrossFacilities {
                        kind: kind.cloned(),
                        value: v,
                        date,
                        shown: shown.clone(),
                        facilities: ids.len(),
                    },
                    Some(id),
                    date,
                    Some(v),
                )
                .with_people(v);
                out.push(match kind {
                    Some(k) => f.with_kind(k.clone()),
                    None => f,
                });
            }
        }
    }
}

/// Rules on each facility's own series: unchanged runs, jumps, capacity bounces. The series
/// are read through the facility index; facilities are screened in parallel.
pub(super) fn per_facility(panel: &Panel, o: &ScreenOptions, out: &mut Vec<Finding>) {
    use rayon::prelude::*;
    let date_of = date_of_rows(panel);
    let pop = panel.population_column();
    // Per date: how many facilities changed population from their previous report, and how
    // many could (reported both times). One pass in row order with each facility's last row.
    let mut moved = vec![(0usize, 0usize); panel.dates().len()];
    let mut last: Vec<Option<Option<u64>>> = vec![None; panel.facility_ids().len()];
    for (i, &f) in panel.facility_codes().iter().enumerate() {
        let now = pop.get(i);
        if let Some(slot) = last.get_mut(f as usize) {
            if let (Some(Some(a)), Some(b)) = (*slot, now)
                && let Some(m) = date_of.get(i).and_then(|&d| moved.get_mut(d as usize))
            {
                m.1 += 1;
                m.0 += usize::from(a != b);
            }
            *slot = Some(now);
        }
    }
    let chunks: Vec<Vec<Finding>> = (0..panel.facility_ids().len())
        .collect::<Vec<_>>()
        .par_chunks(256)
        .map(|codes| {
            let mut found = Vec::new();
            let mut s = Series::default();
            for &code in codes {
                let rows = panel.facility_index(code);
                let Some(id) = panel.facility_ids().get(code) else {
                    continue;
                };
                s.load(rows, pop, &date_of);
                unchanged(panel, id.as_str(), &s, &moved, o, &mut found);
                jumps(panel, id.as_str(), &mut s, o, &mut found);
                bounces(panel, id.as_str(), rows, &mut found);
            }
            found
        })
        .collect();
    out.extend(chunks.into_iter().flatten());
}

/// One facility's population series, in reusable buffers.
#[derive(Default)]
struct Series {
    /// Each row's population (`None`: not reported) and date number.
    all: Vec<(Option<u64>, u32)>,
    /// The reported ones: (date number, population).
    pts: Vec<(u32, u64)>,
    changes: Vec<f64>,
    scratch: Vec<f64>,
    keys: Vec<i64>,
}

impl Series {
    fn load(&mut self, rows: &[u32], pop: &crate::model::CountColumn, date_of: &[u32]) {
        self.all.clear();
        self.pts.clear();
        for &r in rows {
            let d = date_of.get(r as usize).copied().unwrap_or(0);
            let p = pop.get(r as usize);
            self.all.push((p, d));
            if let Some(p) = p {
                self.pts.push((d, p));
            }
        }
    }
}

fn date_at(panel: &Panel, d: u32) -> Date {
    panel.dates().get(d as usize).copied().unwrap_or_default()
}

fn unchanged(
    panel: &Panel,
    id: &str,
    s: &Series,
    moved: &[(usize, usize)],
    o: &ScreenOptions,
    out: &mut Vec<Finding>,
) {
    let rs = &s.all;
    let mut start = 0;
    while start < rs.len() {
        let Some(v) = rs[start].0 else {
            start += 1;
            continue;
        };
        let mut end = start + 1;
        while end < rs.len() && rs[end].0 == Some(v) {
            end += 1;
        }
        let run = end - start;
        if run >= o.unchanged_reports {
            let (mut changed, mut could) = (0, 0);
            for r in &rs[start + 1..end] {
                if let Some(&(m, c)) = moved.get(r.1 as usize) {
                    changed += m;
                    could += c;
                }
            }
            if could > 0 && changed * 2 >= could {
                let (first, last) = (date_at(panel, rs[start].1), date_at(panel, rs[end - 1].1));
                out.push(
                    Finding::new(
                        Cause::Unchanged {
                            population: v,
                            reports: run,
                            first,
                            last,
                            others_changed: changed,
                            others: could,
                        },
                        Some(id),
                        last,
                        Some(v),
                    )
                    .with_people(v),
                );
            }
        }
        start = end;
    }
}

/// The median by selection (the mean of the two middle values for an even count), as a
/// sort would give it.
///
/// Selection runs on integer keys in `f64::total_cmp`'s order (an integer compare instead of
/// a float compare per step): the same values, chosen the same way.
fn median_select(v: &[f64], keys: &mut Vec<i64>) -> Option<f64> {
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

fn jumps(panel: &Panel, id: &str, s: &mut Series, o: &ScreenOptions, out: &mut Vec<Finding>) {
    let pts = &s.pts;
    if pts.len() < 9 {
        return;
    }
    s.changes.clear();
    s.changes
        .extend(pts.windows(2).map(|w| w[1].1 as f64 - w[0].1 as f64));
    let Some(med) = median_select(&s.changes, &mut s.keys) else {
        return;
    };
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

fn bounces(panel: &Panel, id: &str, rows: &[u32], out: &mut Vec<Finding>) {
    let mut cols: Vec<&crate::model::panel::CapacityColumn> =
        panel.cols.capacities.iter().collect();
    cols.sort_by(|a, b| a.kind.cmp(&b.kind));
    for col in cols {
        // The last two reported values: (row, places).
        let mut prev: [Option<(u32, u64)>; 2] = [None, None];
        for &r in rows {
            let Some(c) = col.counts.get(r as usize) else {
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

pub(super) fn partial_reports(panel: &Panel, o: &ScreenOptions, out: &mut Vec<Finding>) {
    let pop = panel.population_column();
    let per_date: Vec<(Date, usize, u64)> = panel
        .dates()
        .iter()
        .enumerate()
        .map(|(i, &d)| {
            let range = panel.date_range(i);
            let total = pop
                .values()
                .get(range.clone())
                .unwrap_or(&[])
                .iter()
                .fold(0u64, |a, &b| a.saturating_add(b));
            (d, range.len(), total)
        })
        .collect();
    let k = o.neighbours;
    for (i, &(date, count, total)) in per_date.iter().enumerate() {
        let lo = i.saturating_sub(k);
        let hi = (i + k + 1).min(per_date.len());
        let neighbours: Vec<&(Date, usize, u64)> = per_date[lo..hi]
            .iter()
            .enumerate()
            .filter(|(j, _)| lo + j != i)
            .map(|(_, x)| x)
            .collect();
        if neighbours.len() < 2 {
            continue;
        }
        let Some(med_count) =
            median(&mut neighbours.iter().map(|x| x.1 as f64).collect::<Vec<_>>())
        else {
            continue;
        };
        let Some(med_total) =
            median(&mut neighbours.iter().map(|x| x.2 as f64).collect::<Vec<_>>())
        else {
            continue;
        };
        let few = (count as f64) < o.partial_share * med_count;
        let low = (total as f64) < o.partial_share * med_total;
        if few || low {
            out.push(
                Finding::new(
                    Cause::PartialReport {
                        facilities: count,
                        total,
                        median_facilities: med_count,
                        median_total: med_total.round() as u64,
                        dates: neighbours.len(),
                    },
                    None,
                    date,
                    Some(total),
                )
                .with_people((med_total.round() as u64).saturating_sub(total)),
            );
        }
    }
}

pub(super) fn sub_rows(panel: &Panel, key: &str, out: &mut Vec<Finding>) {
    for (date, records) in panel.by_date() {
        let mut parents: HashMap<&str, Vec<Row<'_>>> = HashMap::new();
        for r in records {
            if let Some(p) = r.group(key) {
                parents.entry(p).or_default().push(r);
            }
        }
        let mut parents: Vec<_> = parents.into_iter().filter(|(_, rs)| rs.len() > 1).collect();
        parents.sort_by_key(|(p, _)| *p);
        for (parent, rs) in parents {
            let mut by_value: HashMap<(&CapacityKind, u64), Vec<Row<'_>>> = HashMap::new();
            for r in &rs {
                for (kind, c) in r.capacities() {
                    if let Some(c) = c {
                        by_value.entry((kind, c)).or_default().push(*r);
                    }
                }
            }
            let mut hits: Vec<_> = by_value.into_iter().filter(|(_, v)| v.len() > 1).collect();
            hits.sort_by(|a, b| a.0.cmp(&b.0));
            for ((kind, c), subs) in hits {
                for r in &subs {
                    out.push(
                        Finding::new(
                            Cause::SubRowRepeatsParent {
                                sub_rows: subs.len(),
                                key: key.to_string(),
                                parent: parent.to_string(),
                                kind: kind.clone(),
                                capacity: c,
                            },
                            Some(r.id().as_str()),
                            date,
                            Some(c),
                        )
                        .with_kind(kind.clone())
                        .with_people(c),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
                median(&mut v.clone()),
                "{v:?}"
            );
        }
    }

    #[test]
    fn kept_tails_are_the_computed_tails() {
        // Far more keys than slots, each asked for several times: a kept tail is the same
        // number (bit for bit) as the one computed afresh.
        let mut cache = TailCache::default();
        for round in 0..3 {
            for h in 5..60u64 {
                let width = (2 * h + 1) as f64;
                for hits in 1..40 {
                    for k in [2, 3, 4, 7] {
                        let want = poisson_tail(hits as f64 / width, k);
                        let got = cache.tail(width, hits, k);
                        assert_eq!(got.to_bits(), want.to_bits(), "{round} {h} {hits} {k}");
                    }
                }
            }
        }
    }

    #[test]
    fn shared_values_dense_and_sparse_agree() {
        // 12 rows sharing 4 values, 28 distinct ones: the dense (counting) and the sparse
        // (sorting) paths find the same groups, and each group is the brute-force count of
        // the values in its window.
        let vals: Vec<(u64, u32)> = (0..40u32)
            .map(|i| {
                (
                    if i < 12 {
                        100 + 37 * u64::from(i % 4)
                    } else {
                        400 + 60 * u64::from(i)
                    },
                    i,
                )
            })
            .collect();
        let mut s = Scratch::default();
        let dense = shared_values(&vals, 50, 3, 1, &mut s);
        let brute = |v: u64, k: usize| {
            let h = similar_half_width(v);
            let m = vals.iter().filter(|x| x.0 + h >= v && x.0 <= v + h).count();
            expected_coincidences(m, vals.len(), v, k, 1) < UNLIKELY
        };
        let want: Vec<u64> = [100, 137, 174, 211]
            .into_iter()
            .filter(|&v| brute(v, 3))
            .collect();
        assert_eq!(dense.iter().map(|g| g.0).collect::<Vec<_>>(), want);
        assert!(!want.is_empty());
        assert_eq!(dense[0].1, vec![0, 4, 8]);
        let wide: Vec<(u64, u32)> = vals
            .iter()
            .map(|&(v, r)| (v + (u64::from(r) << 40) * u64::from(r >= 12), r))
            .collect();
        let sparse = shared_values(&wide, 50, 3, 1, &mut s);
        assert_eq!(sparse.len(), dense.len());
    }
}
