//! Monte Carlo over recall paths: on each path, each person released into supervision is
//! recalled with the supervision's probability, on a uniform day within its window after
//! the release, for a stay at a uniform quantile of the recall-stay distribution. Draws are
//! counter-based (seed, path, stay): the paths are the same for any number of threads.

use rayon::prelude::*;

use super::draw::{mix, unit};
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

/// A supervised stay as the paths read it: its first draw's per-stay half precomputed.
#[derive(Clone, Copy)]
struct Person {
    /// `mix(item · 4 + 1)`: the stay's part of its recall draw.
    h1: u64,
    item: u64,
    release: i64,
    supervision: u8,
    /// Its key among the keys recalls can reach (an index into `used`).
    key: u32,
}

/// The draw of [`unit`] for (seed, path) from the stay's precomputed part, as the integer
/// whose `2^-53` multiple `unit` returns.
#[inline]
fn bits(seed: u64, path: u64, h: u64) -> u64 {
    mix(seed ^ mix(path ^ h)) >> 11
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
    // `unit(..) < p` exactly when the draw's integer is below `ceil(p · 2^53)` (both
    // sides exact: the integer is below 2^53 and `p · 2^53` only scales `p`).
    let below: Vec<u64> = recalls
        .iter()
        .map(|r| (r.probability * (1u64 << 53) as f64).ceil() as u64)
        .collect();
    // The keys recalls reach, densely: a path writes only their rows (the supervised
    // stays come sorted by key, so one row at a time).
    let mut compact = vec![u32::MAX; keys];
    let mut used: Vec<u32> = Vec::new();
    let people: Vec<Person> = supervised
        .iter()
        .map(|s| {
            let c = &mut compact[s.key as usize];
            if *c == u32::MAX {
                *c = used.len() as u32;
                used.push(s.key);
            }
            let item = u64::from(s.item);
            Person {
                h1: mix(item.wrapping_mul(4).wrapping_add(1)),
                item,
                release: i64::from(s.release),
                supervision: s.supervision,
                key: *c,
            }
        })
        .collect();
    let clip = |x: i64| (x - w.first).clamp(0, d as i64) as usize;
    let mut totals = vec![0u32; paths * d];
    let mut person_days = vec![0u64; paths];
    let mut recalls_n = vec![0u64; paths];
    // One block of consecutive paths per thread of the current pool.
    let per = paths.div_ceil(rayon::current_num_threads().max(1)).max(1);
    let parts: Vec<(Vec<i64>, Vec<u64>)> = totals
        .par_chunks_mut(per * d)
        .zip(person_days.par_chunks_mut(per))
        .zip(recalls_n.par_chunks_mut(per))
        .enumerate()
        .map(|(block, ((totals, person_days), recalls_n))| {
            let mut by_key = vec![0i64; used.len() * (d + 1)];
            let mut by_month = vec![0u64; months];
            let mut diff = vec![0i32; d + 1];
            for (j, (out, (days_out, n_out))) in totals
                .chunks_exact_mut(d)
                .zip(person_days.iter_mut().zip(recalls_n.iter_mut()))
                .enumerate()
            {
                diff.fill(0);
                let (mut days, mut n) = (0u64, 0u64);
                let path = (block * per + j) as u64 + 1;
                for s in &people {
                    if bits(seed, path, s.h1) >= below[usize::from(s.supervision)] {
                        continue;
                    }
                    let r = &recalls[usize::from(s.supervision)];
                    let offset = (unit(seed, path, s.item, 2) * f64::from(r.within_days)) as i64;
                    let start = s.release + 1 + offset;
                    let len = i64::from(r.stay.days(unit(seed, path, s.item, 3)).max(1));
                    let (a, b) = (clip(start), clip(start + len));
                    if start >= w.first && start < w.first + d as i64 {
                        n += 1;
                        by_month[w.month_of[a] as usize] += 1;
                    }
                    if a < b {
                        diff[a] += 1;
                        diff[b] -= 1;
                        let row = s.key as usize * (d + 1);
                        by_key[row + a] += 1;
                        by_key[row + b] -= 1;
                        days += (b - a) as u64;
                    }
                }
                let mut run = 0i64;
                for (o, &x) in out.iter_mut().zip(&diff[..d]) {
                    run += i64::from(x);
                    *o = run as u32;
                }
                *days_out = days;
                *n_out = n;
            }
            (by_key, by_month)
        })
        .collect();
    let mut by_month_sum = vec![0u64; months];
    let mut by_key_sum = vec![0u64; keys * d];
    for (c, &k) in used.iter().enumerate() {
        let mut run = 0i64;
        for t in 0..d {
            run += parts
                .iter()
                .map(|(by_key, _)| by_key[c * (d + 1) + t])
                .sum::<i64>();
            by_key_sum[k as usize * d + t] = run as u64;
        }
    }
    for (_, by_month) in &parts {
        for (x, y) in by_month_sum.iter_mut().zip(by_month) {
            *x += y;
        }
    }
    RecallPaths {
        paths,
        totals,
        by_key_sum,
        person_days,
        recalls: recalls_n,
        by_month_sum,
    }
}
