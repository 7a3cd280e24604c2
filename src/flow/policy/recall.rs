//! Monte Carlo over recall paths: on each path, each person released into supervision is
//! recalled with the supervision's probability, on a uniform day within its window after
//! the release, for a stay at a uniform quantile of the recall-stay distribution. Draws are
//! counter-based (seed, path, stay): the paths are the same for any number of threads.

use rayon::prelude::*;

use super::draw::unit;
use super::run::{Prepared, Supervised, Window};

/// The recall part of a run.
pub(crate) struct RecallPaths {
    pub(crate) paths: usize,
    /// `paths × days`: the number held on recall each day on each path.
    pub(crate) totals: Vec<u32>,
    /// `keys × days`: the number held on recall, summed over the paths.
    pub(crate) by_key_sum: Vec<u64>,
    /// Recall person-days in the window on each path.
    pub(crate) person_days: Vec<u64>,
    /// Recalls (admissions on recall, in the window) on each path.
    pub(crate) recalls: Vec<u64>,
    /// Recalls per month of the window, summed over the paths.
    pub(crate) by_month_sum: Vec<u64>,
}

struct Acc {
    by_key: Vec<i64>,
    by_month: Vec<u64>,
    per_path: Vec<(usize, Vec<u32>, u64, u64)>,
}

pub(crate) fn simulate(
    prep: &Prepared,
    w: &Window,
    supervised: &[Supervised],
    paths: usize,
) -> RecallPaths {
    let keys = prep.book.keys.len();
    let d = w.days;
    let months = w.month_ends.len();
    let seed = prep.levers.seed;
    let recalls = &prep.levers.recalls;
    let clip = |x: i64| (x - w.first).clamp(0, d as i64) as usize;
    let acc = (0..paths)
        .into_par_iter()
        .fold(
            || Acc {
                by_key: vec![0; keys * (d + 1)],
                by_month: vec![0; months],
                per_path: Vec::new(),
            },
            |mut acc, p| {
                let mut diff = vec![0i32; d + 1];
                let (mut days, mut n) = (0u64, 0u64);
                let path = p as u64 + 1;
                for s in supervised {
                    let r = &recalls[usize::from(s.supervision)];
                    let item = u64::from(s.item);
                    if unit(seed, path, item, 1) >= r.probability {
                        continue;
                    }
                    let offset = (unit(seed, path, item, 2) * f64::from(r.within_days)) as i64;
                    let start = i64::from(s.release) + 1 + offset;
                    let len = i64::from(r.stay.days(unit(seed, path, item, 3)).max(1));
                    let (a, b) = (clip(start), clip(start + len));
                    if start >= w.first && start < w.first + d as i64 {
                        n += 1;
                        acc.by_month[w.month_of[a] as usize] += 1;
                    }
                    if a < b {
                        diff[a] += 1;
                        diff[b] -= 1;
                        let row = s.key as usize * (d + 1);
                        acc.by_key[row + a] += 1;
                        acc.by_key[row + b] -= 1;
                        days += (b - a) as u64;
                    }
                }
                let mut run = 0i64;
                let totals = diff[..d]
                    .iter()
                    .map(|&x| {
                        run += i64::from(x);
                        run as u32
                    })
                    .collect();
                acc.per_path.push((p, totals, days, n));
                acc
            },
        )
        .reduce(
            || Acc {
                by_key: vec![0; keys * (d + 1)],
                by_month: vec![0; months],
                per_path: Vec::new(),
            },
            |mut a, b| {
                for (x, y) in a.by_key.iter_mut().zip(b.by_key) {
                    *x += y;
                }
                for (x, y) in a.by_month.iter_mut().zip(b.by_month) {
                    *x += y;
                }
                a.per_path.extend(b.per_path);
                a
            },
        );
    let mut per_path = acc.per_path;
    per_path.sort_unstable_by_key(|p| p.0);
    let mut totals = Vec::with_capacity(paths * d);
    let mut person_days = Vec::with_capacity(paths);
    let mut recalls_n = Vec::with_capacity(paths);
    for (_, t, days, n) in per_path {
        totals.extend(t);
        person_days.push(days);
        recalls_n.push(n);
    }
    let mut by_key_sum = vec![0u64; keys * d];
    for k in 0..keys {
        let mut run = 0i64;
        for t in 0..d {
            run += acc.by_key[k * (d + 1) + t];
            by_key_sum[k * d + t] = run as u64;
        }
    }
    RecallPaths {
        paths,
        totals,
        by_key_sum,
        person_days,
        recalls: recalls_n,
        by_month_sum: acc.by_month,
    }
}
