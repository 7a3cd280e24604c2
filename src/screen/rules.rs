//! The rules that read the panel date by date: the occupancy band, partial reports, sub-rows.

use std::collections::HashMap;

use jiff::civil::Date;

use super::cause::Cause;
use super::facility::to_f64;
use super::finding::Finding;
use super::options::ScreenOptions;
use crate::model::panel::CapacityColumn;
use crate::model::{CapacityKind, Panel, Row};

/// The median by sorting (the plain rule; `facility.rs` selects instead, and its tests and
/// the test-only `reference` compare against this one).
pub(super) fn median(v: &mut [f64]) -> Option<f64> {
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

/// Rows screened together by the occupancy band: one pass tells whether any of them can be
/// outside the band (no branch per row), and only such a block is read row by row.
const BAND_BLOCK: usize = 64;

pub(super) fn occupancy_band(panel: &Panel, o: &ScreenOptions, out: &mut Vec<Finding>) {
    use rayon::prelude::*;
    let (low, high) = (o.low_percent, o.high_percent);
    if !(low.is_finite() && high.is_finite() && low <= high) {
        return;
    }
    let pop = panel.population_column();
    let pv = pop.values();
    for col in &panel.cols.capacities {
        let cv = col.counts.values();
        // The blocks in parallel, in runs of many blocks; the findings kept in row order.
        let found: Vec<Vec<Finding>> = pv
            .par_chunks(BAND_BLOCK * 256)
            .zip(cv.par_chunks(BAND_BLOCK * 256))
            .enumerate()
            .map(|(run, (ps, cs))| {
                let mut found = Vec::new();
                for (b, (ps, cs)) in ps.chunks(BAND_BLOCK).zip(cs.chunks(BAND_BLOCK)).enumerate() {
                    // A capacity of 0 (not reported: the slot holds 0) is no occupancy; its
                    // quotient (infinite or NaN) is masked, not branched on.
                    let any = ps.iter().zip(cs).fold(false, |any, (&p, &c)| {
                        let pct = to_f64(p) * 100.0 / to_f64(c);
                        any | ((c != 0) & ((pct < low) | (pct > high)))
                    });
                    if any {
                        let first = run * BAND_BLOCK * 256 + b * BAND_BLOCK;
                        band_rows(panel, col, (low, high), first, (ps, cs), &mut found);
                    }
                }
                found
            })
            .collect();
        out.extend(found.into_iter().flatten());
    }
}

/// The band on the rows from `first` on, one by one: (population, capacity) pairs `ps`, `cs`
/// of capacity column `col`.
fn band_rows(
    panel: &Panel,
    col: &CapacityColumn,
    (low, high): (f64, f64),
    first: usize,
    (ps, cs): (&[u64], &[u64]),
    out: &mut Vec<Finding>,
) {
    let (pvalid, cvalid) = (panel.population_column().validity(), col.counts.validity());
    for (j, (&p, &c)) in ps.iter().zip(cs).enumerate() {
        // Not reported: the validity bit is cleared and the slot holds 0.
        if c == 0 {
            continue;
        }
        let i = first + j;
        let pct = to_f64(p) * 100.0 / to_f64(c);
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
