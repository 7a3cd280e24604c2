//! The screen as it was before the sixth pass (issue 18), kept for the tests only: the
//! repeated-value rule with a list of (value, row) pairs per date and every window counted
//! by brute force, the per-facility rules with a serial pass for the per-date change counts
//! and both medians of the jump rule sorted, the occupancy band row by row (as before the
//! seventh pass). [`screen`] must give exactly its findings.

use std::collections::HashMap;

use super::cause::Cause;
use super::finding::{Finding, Screen, Severity};
use super::options::ScreenOptions;
use super::repeated::{UNLIKELY, expected_coincidences, similar_half_width};
use super::rules;
use crate::model::{CapacityKind, CountColumn, Panel};

/// A small deterministic generator for the screen's tests (panels and series drawn from a
/// seed): a 64-bit LCG, the draw taken from its high bits.
pub(super) struct Draw(pub(super) u64);

impl Draw {
    /// The next draw in `0..m` (`0` when `m` is 0).
    pub(super) fn below(&mut self, m: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % m.max(1)
    }
}

/// Every rule, the slow way.
pub(super) fn screen(panel: &Panel, o: &ScreenOptions) -> Screen {
    let mut out = Vec::new();
    occupancy_band(panel, o, &mut out);
    repeated_across(panel, o, &mut out);
    per_facility(panel, o, &mut out);
    rules::partial_reports(panel, o, &mut out);
    if let Some(key) = o.sub_row_key() {
        rules::sub_rows(panel, key, &mut out);
    }
    Screen::new(out)
}

/// The band row by row.
fn occupancy_band(panel: &Panel, o: &ScreenOptions, out: &mut Vec<Finding>) {
    let (low, high) = (o.low_percent, o.high_percent);
    if !(low.is_finite() && high.is_finite() && low <= high) {
        return;
    }
    let pop = panel.population_column();
    let (pv, pvalid) = (pop.values(), pop.validity());
    for col in &panel.cols.capacities {
        let (cv, cvalid) = (col.counts.values(), col.counts.validity());
        for (i, (&p, &c)) in pv.iter().zip(cv).enumerate() {
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

fn repeated_across(panel: &Panel, o: &ScreenOptions, out: &mut Vec<Finding>) {
    let dates = panel.dates().len();
    let measures: Vec<(Option<&CapacityKind>, &CountColumn)> =
        std::iter::once((None, panel.population_column()))
            .chain(
                panel
                    .cols
                    .capacities
                    .iter()
                    .map(|c| (Some(&c.kind), &c.counts)),
            )
            .collect();
    for (di, &date) in panel.dates().iter().enumerate() {
        for &(kind, col) in &measures {
            let values: Vec<(u64, u32)> = panel
                .date_range(di)
                .filter_map(|i| col.get(i).map(|v| (v, i as u32)))
                .collect();
            let mut pairs: Vec<(u64, u32)> = values
                .iter()
                .copied()
                .filter(|&(v, _)| v >= o.min_repeated_value)
                .collect();
            pairs.sort_unstable();
            for run in pairs.chunk_by(|a, b| a.0 == b.0) {
                let (v, k) = (run[0].0, run.len());
                if k < o.min_repeats.max(1) {
                    continue;
                }
                let h = similar_half_width(v);
                let m = values
                    .iter()
                    .filter(|x| x.0 >= v.saturating_sub(h) && x.0 <= v.saturating_add(h))
                    .count();
                if expected_coincidences(m, values.len(), h, k, dates) >= UNLIKELY {
                    continue;
                }
                let ids: Vec<&str> = run
                    .iter()
                    .filter_map(|&(_, r)| panel.row(r as usize))
                    .map(|r| r.id().as_str())
                    .collect();
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
}

fn per_facility(panel: &Panel, o: &ScreenOptions, out: &mut Vec<Finding>) {
    let mut date_of = vec![0u32; panel.len()];
    for i in 0..panel.dates().len() {
        for r in panel.date_range(i) {
            date_of[r] = i as u32;
        }
    }
    let pop = panel.population_column();
    let mut moved = vec![(0usize, 0usize); panel.dates().len()];
    let mut last: Vec<Option<Option<u64>>> = vec![None; panel.facility_ids().len()];
    for (i, &f) in panel.facility_codes().iter().enumerate() {
        let now = pop.get(i);
        if let (Some(Some(a)), Some(b)) = (last[f as usize], now) {
            moved[date_of[i] as usize].1 += 1;
            moved[date_of[i] as usize].0 += usize::from(a != b);
        }
        last[f as usize] = Some(now);
    }
    let date_at = |d: u32| panel.dates()[d as usize];
    for (code, id) in panel.facility_ids().iter().enumerate() {
        let id = id.as_str();
        let rows = panel.facility_index(code);
        let all: Vec<(Option<u64>, u32)> = rows
            .iter()
            .map(|&r| (pop.get(r as usize), date_of[r as usize]))
            .collect();
        // Unchanged runs.
        let mut start = 0;
        while start < all.len() {
            let Some(v) = all[start].0 else {
                start += 1;
                continue;
            };
            let mut end = start + 1;
            while end < all.len() && all[end].0 == Some(v) {
                end += 1;
            }
            let run = end - start;
            if run >= o.unchanged_reports {
                let (mut changed, mut could) = (0, 0);
                for r in &all[start + 1..end] {
                    changed += moved[r.1 as usize].0;
                    could += moved[r.1 as usize].1;
                }
                if could > 0 && changed * 2 >= could {
                    let (first, last) = (date_at(all[start].1), date_at(all[end - 1].1));
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
        // Jumps.
        let pts: Vec<(u32, u64)> = all.iter().filter_map(|&(p, d)| Some((d, p?))).collect();
        if pts.len() >= 9 {
            let changes: Vec<f64> = pts
                .windows(2)
                .map(|w| w[1].1 as f64 - w[0].1 as f64)
                .collect();
            let med = rules::median(&mut changes.clone()).unwrap_or(0.0);
            let mad =
                rules::median(&mut changes.iter().map(|d| (d - med).abs()).collect::<Vec<_>>())
                    .unwrap_or(0.0);
            let threshold = o.jump_k * 1.4826 * mad;
            if threshold.is_finite() && threshold > 0.0 {
                for (w, d) in pts.windows(2).zip(&changes) {
                    if (d - med).abs() > threshold && d.abs() >= o.min_jump as f64 {
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
                                    from: date_at(w[0].0),
                                    after: w[1].1,
                                    to: date_at(w[1].0),
                                    k: o.jump_k,
                                    mad,
                                },
                                Some(id),
                                date_at(w[1].0),
                                Some(w[1].1),
                            )
                            .with_severity(severity)
                            .with_people(size),
                        );
                    }
                }
            }
        }
        // Capacity bounces, kind by kind.
        let mut cols: HashMap<&CapacityKind, &CountColumn> = HashMap::new();
        for c in &panel.cols.capacities {
            cols.insert(&c.kind, &c.counts);
        }
        let mut kinds: Vec<&CapacityKind> = cols.keys().copied().collect();
        kinds.sort();
        for kind in kinds {
            let col = cols[kind];
            let reported: Vec<(u32, u64)> = rows
                .iter()
                .filter_map(|&r| Some((r, col.get(r as usize)?)))
                .collect();
            for w in reported.windows(3) {
                let (a, b, c) = (w[0], w[1], w[2]);
                if a.1 == c.1 && b.1 != a.1 {
                    let date = |row: u32| date_at(date_of[row as usize]);
                    out.push(
                        Finding::new(
                            Cause::CapacityBounce {
                                kind: kind.clone(),
                                value: b.1,
                                on: date(b.0),
                                before: a.1,
                                before_on: date(a.0),
                                again: c.1,
                                again_on: date(c.0),
                            },
                            Some(id),
                            date(b.0),
                            Some(b.1),
                        )
                        .with_kind(kind.clone())
                        .with_people(b.1.abs_diff(a.1)),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use jiff::civil::Date;
    use proptest::prelude::*;

    use super::Draw;
    use super::*;
    use crate::model::Record;
    use crate::screen::Rule;

    /// A panel of `facilities` × `dates` with what the rules look for: capacities shared by
    /// several facilities and mostly the same on every date (some change, some bounce), a
    /// second capacity kind on some rows, populations near capacity with runs left unchanged,
    /// jumps, values shared on purpose, unreported values and facilities missing on dates.
    fn panel(facilities: usize, dates: usize, seed: u64) -> Panel {
        let mut g = Draw(seed);
        let shared_caps = 1 + g.below(6);
        let mut records = Vec::new();
        for f in 0..facilities {
            let mut cap = if g.below(3) == 0 {
                50 + 100 * g.below(shared_caps)
            } else {
                20 + g.below(3_000)
            };
            let mut pop = cap * (60 + g.below(80)) / 100;
            let spread = 1 + g.below(40);
            for d in 0..dates {
                if g.below(20) == 0 {
                    continue;
                }
                let date = Date::new(2015 + (d / 12) as i16, (d % 12) as i8 + 1, 1).unwrap();
                let mut r = Record::new(format!("F{f:03}"), date).unwrap();
                match g.below(40) {
                    0 => pop = pop.saturating_mul(3),
                    1 => pop /= 3,
                    2..=11 => {}
                    12 => pop = 777,
                    _ => pop = (pop + g.below(2 * spread + 1)).saturating_sub(spread),
                }
                match g.below(30) {
                    0 => cap += 1 + g.below(50),
                    1 => cap = 50 + 100 * g.below(shared_caps),
                    _ => {}
                }
                if g.below(15) != 0 {
                    r = r.with_population_total(pop);
                }
                r = match g.below(12) {
                    0 => r.with_capacity_not_reported(CapacityKind::Design),
                    1 => r,
                    _ => r.with_capacity(CapacityKind::Design, cap.max(1)),
                };
                if f % 3 == 0 && g.below(4) != 0 {
                    r = r.with_capacity(CapacityKind::Operational, 50 + 10 * g.below(8));
                }
                records.push(r);
            }
        }
        Panel::new(records).unwrap()
    }

    /// A panel whose reports repeat from date to date: capacities fixed (some shared by
    /// several facilities), populations the same within blocks of four dates; now and then a
    /// capacity changes, a facility is missing or a population of 0 goes unreported (the
    /// same values, another validity), so that a date repeats the previous one's reports
    /// of a measure often but not always.
    fn steady_panel(facilities: usize, dates: usize, seed: u64) -> Panel {
        let mut g = Draw(seed);
        let caps: Vec<u64> = (0..facilities)
            .map(|_| 50 + 10 * g.below(1 + facilities as u64 / 3))
            .collect();
        let mut records = Vec::new();
        for d in 0..dates {
            let date = Date::new(2015 + (d / 12) as i16, (d % 12) as i8 + 1, 1).unwrap();
            let block = (d / 4) as u64;
            for (f, &cap) in caps.iter().enumerate() {
                if d % 7 == 5 && f % 11 == 3 {
                    continue;
                }
                let cap = if d % 9 == 4 && f == 0 { cap + 1 } else { cap };
                let pop = if f % 13 == 1 {
                    0
                } else {
                    cap * (70 + (block * 7 + f as u64 * 3) % 60) / 100
                };
                let mut r = Record::new(format!("F{f:03}"), date)
                    .unwrap()
                    .with_capacity(CapacityKind::Design, cap);
                if !(pop == 0 && d % 4 == 2) {
                    r = r.with_population_total(pop);
                }
                records.push(r);
            }
        }
        Panel::new(records).unwrap()
    }

    #[test]
    fn the_screen_finds_what_it_found_before_on_repeating_dates() {
        let mut repeated_dates = std::collections::BTreeSet::new();
        for (facilities, dates, seed) in [(60, 30, 1), (200, 24, 2), (13, 40, 3), (1, 12, 4)] {
            let p = steady_panel(facilities, dates, seed);
            for o in [
                ScreenOptions::new(),
                ScreenOptions::new()
                    .with_min_repeats(2)
                    .with_min_repeated_value(0),
            ] {
                same(&p, &o);
                let s = super::super::screen(&p, &o);
                for f in s.of_rule(Rule::RepeatedAcrossFacilities) {
                    repeated_dates.insert((facilities, f.date()));
                }
            }
        }
        assert!(repeated_dates.len() > 20, "{repeated_dates:?}");
    }

    fn options(g: &mut Draw) -> ScreenOptions {
        ScreenOptions::new()
            .with_min_repeats(2 + g.below(3) as usize)
            .with_min_repeated_value([0, 50, 500][g.below(3) as usize])
            .with_unchanged_reports(g.below(8) as usize)
            .with_jump_k([1.0, 3.0, 6.0][g.below(3) as usize])
            .with_min_jump([0, 50][g.below(2) as usize])
            .with_occupancy_band(
                [20.0, 60.0, 95.0, f64::NAN][g.below(4) as usize],
                [300.0, 140.0, 105.0][g.below(3) as usize],
            )
    }

    fn same(panel: &Panel, o: &ScreenOptions) -> usize {
        let (new, old) = (super::super::screen(panel, o), screen(panel, o));
        assert_eq!(new.findings(), old.findings());
        new.findings().len()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// The screen's findings are exactly the previous algorithm's.
        #[test]
        fn the_screen_finds_what_it_found_before(
            facilities in 1usize..60,
            dates in 1usize..30,
            seed in any::<u64>(),
        ) {
            let p = panel(facilities, dates, seed);
            same(&p, &options(&mut Draw(seed ^ 0x5eed)));
            same(&p, &ScreenOptions::new());
        }
    }

    #[test]
    fn the_screen_finds_what_it_found_before_on_larger_panels() {
        // Wide value ranges (the sparse path), many facilities on a date (the dense path and
        // the kept verdicts), every rule but the sub-rows' firing.
        let mut found = [0usize; 8];
        for seed in 0..6 {
            let p = panel(400, 36, seed);
            let s = super::super::screen(&p, &ScreenOptions::new());
            for f in s.findings() {
                found[f.rule() as usize] += 1;
            }
            same(&p, &ScreenOptions::new());
            same(
                &p,
                &ScreenOptions::new().with_min_repeats(2).with_jump_k(2.0),
            );
        }
        // Every rule but the sub-rows' (off by default) fired.
        assert!(found[..6].iter().all(|&n| n > 0), "{found:?}");
    }
}
