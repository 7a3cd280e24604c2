//! The rules, each a pass over the panel that appends findings.

use std::collections::HashMap;

use jiff::civil::Date;

use super::finding::{Finding, Rule, Severity};
use super::options::ScreenOptions;
use crate::model::{CapacityKind, Panel, Record};

fn thousands(v: u64) -> String {
    crate::exact::thousands(u128::from(v))
}

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

pub(super) fn occupancy_band(panel: &Panel, o: &ScreenOptions, out: &mut Vec<Finding>) {
    let (low, high) = (o.low_percent, o.high_percent);
    if !(low.is_finite() && high.is_finite() && low <= high) {
        return;
    }
    for r in panel {
        let Some(p) = r.population_total() else {
            continue;
        };
        for (kind, c) in r.capacities() {
            let Some(c) = *c else { continue };
            let pct = p as f64 * 100.0 / c as f64;
            if pct < low || pct > high {
                out.push(
                    Finding::new(
                        Rule::ImplausibleOccupancy,
                        Some(r.id().as_str()),
                        r.date(),
                        Some(p),
                        format!(
                            "{} held in {} {} places: {pct:.1} %, outside the plausible {low}–{high} %",
                            thousands(p),
                            thousands(c),
                            kind.name()
                        ),
                    )
                    .with_kind(kind.clone())
                    .with_people(p.max(c)),
                );
            }
        }
    }
}

/// Half-width of the "similar size" window around a repeated value: 10 % of it, at least 5.
fn similar_half_width(v: u64) -> u64 {
    (v / 10).max(5)
}

/// The expected number of values shared by at least `k` facilities, by chance, among the
/// facilities of similar size to `v` anywhere in a panel of `dates` dates.
///
/// The rule (documented on [`ScreenOptions`](super::ScreenOptions)): near `v` the values are
/// taken as spread evenly over the window `v ± h` (h = 10 % of `v`, at least 5), holding the
/// `m` values of the date that fall in it, the repeated value counted once (`m − k + 1`): a
/// given integer is then hit Poisson(λ) times, λ = (m − k + 1) / (2h + 1), and the window
/// holds (2h + 1) · P(Poisson(λ) ≥ k) values shared ≥ k times. There are about n / m such
/// windows on the date (n values) and `dates` dates: the product is the number of such
/// coincidences expected by chance in the whole panel.
fn expected_coincidences(sorted: &[u64], v: u64, k: usize, dates: usize) -> f64 {
    let h = similar_half_width(v);
    let lo = sorted.partition_point(|&x| x < v.saturating_sub(h));
    let hi = sorted.partition_point(|&x| x <= v.saturating_add(h));
    let m = hi - lo;
    let width = (2 * h + 1) as f64;
    let lambda = (m + 1).saturating_sub(k).max(1) as f64 / width;
    let windows = (sorted.len() as f64 / m.max(1) as f64).max(1.0);
    width * poisson_tail(lambda, k) * windows * dates.max(1) as f64
}

/// Flagged when the coincidence is expected less than once in 20 panels like this one.
const UNLIKELY: f64 = 0.05;

pub(super) fn repeated_across(panel: &Panel, o: &ScreenOptions, out: &mut Vec<Finding>) {
    let dates = panel.dates().len();
    for (date, records) in panel.by_date() {
        // (what, kind) → value → facilities, and every value of each measure, sorted.
        let mut seen: HashMap<(Option<&CapacityKind>, u64), Vec<&str>> = HashMap::new();
        let mut values: HashMap<Option<&CapacityKind>, Vec<u64>> = HashMap::new();
        for r in records {
            if let Some(p) = r.population_total() {
                values.entry(None).or_default().push(p);
                if p >= o.min_repeated_value {
                    seen.entry((None, p)).or_default().push(r.id().as_str());
                }
            }
            for (kind, c) in r.capacities() {
                if let Some(c) = *c {
                    values.entry(Some(kind)).or_default().push(c);
                    if c >= o.min_repeated_value {
                        seen.entry((Some(kind), c))
                            .or_default()
                            .push(r.id().as_str());
                    }
                }
            }
        }
        for v in values.values_mut() {
            v.sort_unstable();
        }
        let surprising = |kind: Option<&CapacityKind>, v: u64, k: usize| {
            values
                .get(&kind)
                .is_some_and(|all| expected_coincidences(all, v, k, dates) < UNLIKELY)
        };
        let mut groups: Vec<_> = seen
            .into_iter()
            .filter(|((kind, v), ids)| {
                ids.len() >= o.min_repeats && surprising(*kind, *v, ids.len())
            })
            .collect();
        groups.sort();
        for ((kind, v), ids) in groups {
            let what = match kind {
                None => "population".to_string(),
                Some(k) => format!("{} capacity", k.name()),
            };
            let list = if ids.len() <= 5 {
                ids.join(", ")
            } else {
                format!("{}, … ({} in all)", ids[..5].join(", "), ids.len())
            };
            for id in &ids {
                let f = Finding::new(
                    Rule::RepeatedAcrossFacilities,
                    Some(id),
                    date,
                    Some(v),
                    format!(
                        "the same {what} {} is reported for {} facilities on {date}: {list} \
                         (unlikely by chance among facilities of that size)",
                        thousands(v),
                        ids.len()
                    ),
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

/// Rules on each facility's own series: unchanged runs, jumps, capacity bounces.
pub(super) fn per_facility(panel: &Panel, o: &ScreenOptions, out: &mut Vec<Finding>) {
    let dates = panel.dates();
    let date_index: HashMap<Date, usize> = dates.iter().enumerate().map(|(i, d)| (*d, i)).collect();
    let mut series: HashMap<&str, Vec<&Record>> = HashMap::new();
    for r in panel {
        series.entry(r.id().as_str()).or_default().push(r);
    }
    // Per date step: how many facilities changed population from their previous report,
    // and how many could (reported both times).
    let mut moved = vec![(0usize, 0usize); dates.len()];
    for rs in series.values() {
        for w in rs.windows(2) {
            if let (Some(a), Some(b)) = (w[0].population_total(), w[1].population_total())
                && let Some(&i) = date_index.get(&w[1].date())
                && let Some(m) = moved.get_mut(i)
            {
                m.1 += 1;
                if a != b {
                    m.0 += 1;
                }
            }
        }
    }
    let mut ids: Vec<&&str> = series.keys().collect();
    ids.sort();
    for id in ids {
        let Some(rs) = series.get(*id) else { continue };
        unchanged(id, rs, &moved, &date_index, o, out);
        jumps(id, rs, o, out);
        bounces(id, rs, out);
    }
}

fn unchanged(
    id: &str,
    rs: &[&Record],
    moved: &[(usize, usize)],
    date_index: &HashMap<Date, usize>,
    o: &ScreenOptions,
    out: &mut Vec<Finding>,
) {
    let mut start = 0;
    while start < rs.len() {
        let Some(v) = rs[start].population_total() else {
            start += 1;
            continue;
        };
        let mut end = start + 1;
        while end < rs.len() && rs[end].population_total() == Some(v) {
            end += 1;
        }
        let run = end - start;
        if run >= o.unchanged_reports {
            let (mut changed, mut could) = (0, 0);
            for r in &rs[start + 1..end] {
                if let Some(&i) = date_index.get(&r.date())
                    && let Some(&(m, c)) = moved.get(i)
                {
                    changed += m;
                    could += c;
                }
            }
            if could > 0 && changed * 2 >= could {
                let (first, last) = (rs[start].date(), rs[end - 1].date());
                out.push(Finding::new(
                    Rule::Unchanged,
                    Some(id),
                    last,
                    Some(v),
                    format!(
                        "population {} unchanged for {run} reports ({first} to {last}) while {:.0} % of the other reports changed",
                        thousands(v),
                        changed as f64 * 100.0 / could as f64
                    ),
                ).with_people(v));
            }
        }
        start = end;
    }
}

fn jumps(id: &str, rs: &[&Record], o: &ScreenOptions, out: &mut Vec<Finding>) {
    let pts: Vec<(Date, u64)> = rs
        .iter()
        .filter_map(|r| r.population_total().map(|p| (r.date(), p)))
        .collect();
    if pts.len() < 9 {
        return;
    }
    let changes: Vec<f64> = pts
        .windows(2)
        .map(|w| w[1].1 as f64 - w[0].1 as f64)
        .collect();
    let Some(med) = median(&mut changes.clone()) else {
        return;
    };
    let mut dev: Vec<f64> = changes.iter().map(|d| (d - med).abs()).collect();
    let Some(mad) = median(&mut dev) else { return };
    let threshold = o.jump_k * 1.4826 * mad;
    if !(threshold.is_finite() && threshold > 0.0) {
        return;
    }
    for (w, d) in pts.windows(2).zip(&changes) {
        if (d - med).abs() > threshold && d.abs() >= o.min_jump as f64 {
            let size = w[1].1.abs_diff(w[0].1);
            let severity = if size.saturating_mul(4) >= w[0].1.max(w[1].1) {
                Severity::High
            } else {
                Severity::Medium
            };
            out.push(Finding::new(
                Rule::Jump,
                Some(id),
                w[1].0,
                Some(w[1].1),
                format!(
                    "population {} on {} to {} on {}: a change of {d:+.0}, beyond {} × 1.4826 × MAD ({mad:.0}) of this facility's changes",
                    thousands(w[0].1),
                    w[0].0,
                    thousands(w[1].1),
                    w[1].0,
                    o.jump_k
                ),
            )
            .with_severity(severity)
            .with_people(size));
        }
    }
}

fn bounces(id: &str, rs: &[&Record], out: &mut Vec<Finding>) {
    let mut kinds: Vec<&CapacityKind> = rs
        .iter()
        .flat_map(|r| r.capacities().iter().map(|(k, _)| k))
        .collect();
    kinds.sort();
    kinds.dedup();
    for kind in kinds {
        let pts: Vec<(Date, u64)> = rs
            .iter()
            .filter_map(|r| r.capacity(kind).map(|c| (r.date(), c)))
            .collect();
        for w in pts.windows(3) {
            if w[0].1 == w[2].1 && w[1].1 != w[0].1 {
                out.push(
                    Finding::new(
                        Rule::CapacityBounce,
                        Some(id),
                        w[1].0,
                        Some(w[1].1),
                        format!(
                            "{} capacity {} on {} between {} on {} and {} again on {}",
                            kind.name(),
                            thousands(w[1].1),
                            w[1].0,
                            thousands(w[0].1),
                            w[0].0,
                            thousands(w[2].1),
                            w[2].0
                        ),
                    )
                    .with_kind(kind.clone())
                    .with_people(w[1].1.abs_diff(w[0].1)),
                );
            }
        }
    }
}

pub(super) fn partial_reports(panel: &Panel, o: &ScreenOptions, out: &mut Vec<Finding>) {
    let per_date: Vec<(Date, usize, u64)> = panel
        .by_date()
        .map(|(d, rs)| {
            let total = rs
                .iter()
                .filter_map(Record::population_total)
                .fold(0u64, u64::saturating_add);
            (d, rs.len(), total)
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
            out.push(Finding::new(
                Rule::PartialReport,
                None,
                date,
                Some(total),
                format!(
                    "{count} facilities holding {} against a median of {med_count:.0} facilities holding {} on the {} dates around it: a partial report?",
                    thousands(total),
                    thousands(med_total.round() as u64),
                    neighbours.len()
                ),
            )
            .with_people((med_total.round() as u64).saturating_sub(total)));
        }
    }
}

pub(super) fn sub_rows(panel: &Panel, key: &str, out: &mut Vec<Finding>) {
    for (date, records) in panel.by_date() {
        let mut parents: HashMap<&str, Vec<&Record>> = HashMap::new();
        for r in records {
            if let Some(p) = r.group(key) {
                parents.entry(p).or_default().push(r);
            }
        }
        let mut parents: Vec<_> = parents.into_iter().filter(|(_, rs)| rs.len() > 1).collect();
        parents.sort_by_key(|(p, _)| *p);
        for (parent, rs) in parents {
            let mut by_value: HashMap<(&CapacityKind, u64), Vec<&Record>> = HashMap::new();
            for r in &rs {
                for (kind, c) in r.capacities() {
                    if let Some(c) = c {
                        by_value.entry((kind, *c)).or_default().push(r);
                    }
                }
            }
            let mut hits: Vec<_> = by_value.into_iter().filter(|(_, v)| v.len() > 1).collect();
            hits.sort_by(|a, b| a.0.cmp(&b.0));
            for ((kind, c), subs) in hits {
                for r in &subs {
                    out.push(
                        Finding::new(
                            Rule::SubRowRepeatsParent,
                            Some(r.id().as_str()),
                            date,
                            Some(c),
                            format!(
                                "{} sub-rows of {key} {parent:?} each report {} capacity {}: the whole {key}'s figure repeated (count it once, do not sum)",
                                subs.len(),
                                kind.name(),
                                thousands(c)
                            ),
                        )
                        .with_kind(kind.clone())
                        .with_people(c),
                    );
                }
            }
        }
    }
}
