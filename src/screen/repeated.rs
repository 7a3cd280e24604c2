//! The repeated-value rule: one value of one measure shared by several facilities on one date,
//! unlikely by chance among facilities of similar size (the test is documented on
//! [`ScreenOptions`](super::ScreenOptions)).
//!
//! # Where the work goes, and why it is laid out so
//!
//! Per date and measure the rule reads the date's reported values twice straight from the
//! column (their range, then a count per value over it: no list of values and rows is made),
//! takes running sums of the counts (the values in any window are two reads), and tests each
//! value shared by `min_repeats` or more. A test's verdict depends on four numbers only — the
//! window's half-width (from the value), the values in the window, the repeats and the
//! date's values — so each worker keeps the verdicts it computed ([`Verdicts`]), one table
//! per measure: capacities repeat on every date, and their tests are asked again and again.
//! The rows sharing a value are looked up only for the values flagged (one more pass over
//! the date, only then). A verdict not kept is first bounded without `exp`
//! ([`tail_at_least`]): chance makes most repeats likely, and the bound shows it.
//!
//! A date whose reports of a measure are those of the previous date, value for value and
//! bit for bit (capacities mostly are), has the previous date's groups, the rows moved: a
//! comparison of the two dates' slices instead of the passes.

use std::ops::Range;

use jiff::civil::Date;

use super::cause::Cause;
use super::finding::Finding;
use super::options::ScreenOptions;
use crate::model::{CapacityKind, CountColumn, Panel};

/// P(X ≥ k) for X ~ Poisson(λ).
pub(super) fn poisson_tail(lambda: f64, k: usize) -> f64 {
    let mut term = (-lambda).exp();
    let mut below = 0.0;
    for i in 0..k {
        below += term;
        term *= lambda / (i + 1) as f64;
    }
    (1.0 - below).max(0.0)
}

/// Half-width of the "similar size" window around a repeated value: 10 % of it, at least 5.
pub(super) fn similar_half_width(v: u64) -> u64 {
    (v / 10).max(5)
}

/// The expected number of values shared by at least `k` facilities, by chance, among the
/// facilities of similar size to a value of window half-width `h` anywhere in a panel of
/// `dates` dates, when `m` of the date's `n` values fall in the window.
///
/// The rule (documented on [`ScreenOptions`](super::ScreenOptions)): near `v` the values are
/// taken as spread evenly over the window `v ± h` (h = 10 % of `v`, at least 5), holding the
/// `m` values of the date that fall in it, the repeated value counted once (`m − k + 1`): a
/// given integer is then hit Poisson(λ) times, λ = (m − k + 1) / (2h + 1), and the window
/// holds (2h + 1) · P(Poisson(λ) ≥ k) values shared ≥ k times. There are about n / m such
/// windows on the date (n values) and `dates` dates: the product is the number of such
/// coincidences expected by chance in the whole panel.
pub(super) fn expected_coincidences(m: usize, n: usize, h: u64, k: usize, dates: usize) -> f64 {
    let width = (2 * h + 1) as f64;
    let hits = (m + 1).saturating_sub(k).max(1);
    let windows = (n as f64 / m.max(1) as f64).max(1.0);
    width * poisson_tail(hits as f64 / width, k) * windows * dates.max(1) as f64
}

/// Flagged when the coincidence is expected less than once in 20 panels like this one.
pub(super) const UNLIKELY: f64 = 0.05;

/// 2^-40: the margin of [`tail_at_least`], relative and absolute.
const MARGIN: f64 = 1.0 / (1u64 << 40) as f64;

/// A lower bound on [`poisson_tail`]`(lambda, k)` *as computed*, without `exp` and the
/// tail's loop; 0 when none is cheap (`k` or `lambda` above 64).
///
/// Two bounds on P(X ≥ k), X ~ Poisson(λ): when λ > k − 1, Cantelli's one-sided inequality
/// P(X ≤ k − 1) ≤ λ / (λ + (λ − k + 1)²), taken alone when it gives more than 1e-3; else
/// also P(X = k) = e^(−λ) λ^k / k! with e^(−λ) ≥ 2^(−⌈λ log2 e⌉) (a power of two, exact),
/// the larger taken. Each is computed in at most
/// 2k + 5 roundings (relative error below 150 · 2^-53 for k ≤ 64), and the computed tail
/// `1 − Σ terms` is within 3k + 4 ulps of 1 of the true one (exp within a few ulps, 2 roundings
/// a term, k additions: below 2.2e-14 for k ≤ 64). The bound is shrunk by 2^-40 relative and
/// then by 2^-40 absolute (9.1e-13, forty times either error), so it never exceeds the tail
/// that [`expected_coincidences`] computes.
pub(super) fn tail_at_least(lambda: f64, k: usize) -> f64 {
    if k > 64 || !(0.0..=64.0).contains(&lambda) {
        return 0.0;
    }
    let shrink = |bound: f64| bound * (1.0 - MARGIN) - MARGIN;
    let s = lambda - (k as f64 - 1.0);
    let cantelli = if s > 0.0 {
        shrink(s * s / (lambda + s * s))
    } else {
        0.0
    };
    if cantelli > 1e-3 {
        // Enough for most tests; P(X = k) would take a loop.
        return cantelli;
    }
    // ⌊λ log2 e⌋ + 1 ≥ ⌈λ log2 e⌉ with log2 e rounded up: at most 93, so 2^-e is a normal
    // f64 (a cast, not `ceil`: that is a call without SSE4.1).
    let e = (lambda * 1.442_695_040_888_963_5) as u64 + 1;
    let mut at_k = f64::from_bits((1023 - e) << 52);
    for i in 1..=k {
        at_k *= lambda / i as f64;
    }
    shrink(at_k).max(cantelli)
}

/// Whether [`expected_coincidences`] is, as computed, at least [`UNLIKELY`] by
/// [`tail_at_least`]: the same products of positive numbers in the same order, with a tail
/// no larger (rounding is monotone). `false` says nothing.
fn surely_likely(m: usize, n: usize, h: u64, k: usize, dates: usize) -> bool {
    let width = (2 * h + 1) as f64;
    let hits = (m + 1).saturating_sub(k).max(1);
    let windows = (n as f64 / m.max(1) as f64).max(1.0);
    let tail = tail_at_least(hits as f64 / width, k);
    tail > 0.0 && width * tail * windows * dates.max(1) as f64 >= UNLIKELY
}

/// The verdicts one worker computed, by (half-width, values in the window, repeats, values on
/// the date), for one measure of one screen (the number of dates is the screen's). A verdict
/// is a function of these four numbers, so a kept one is the one computed.
///
/// Direct-mapped: a slot holds the last verdict whose key hashed to it. One table per
/// measure, so that the population's tests (their windows move from date to date) do not
/// push out a capacity's (the same on every date).
struct Verdicts {
    /// (half-width, values in the window << 32 | values on the date, repeats, flagged); a
    /// repeats of 0 is no key (a test has at least one repeat).
    slots: Vec<(u64, u64, u32, bool)>,
}

impl Default for Verdicts {
    fn default() -> Verdicts {
        Verdicts {
            slots: vec![(0, 0, 0, false); 1 << 12],
        }
    }
}

impl Verdicts {
    /// Whether `k` facilities sharing a value of half-width `h`, with `m` of the date's `n`
    /// values in its window, is unlikely by chance in a panel of `dates` dates.
    #[inline]
    fn unlikely(&mut self, h: u64, m: usize, n: usize, k: usize, dates: usize) -> bool {
        let (Ok(m32), Ok(n32), Ok(k32)) = (u32::try_from(m), u32::try_from(n), u32::try_from(k))
        else {
            return computed(h, m, n, k, dates);
        };
        let mn = (u64::from(m32) << 32) | u64::from(n32);
        let hash = (h ^ mn.rotate_left(23) ^ u64::from(k32).rotate_left(47))
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            >> 52;
        match self.slots.get_mut(hash as usize) {
            Some(slot) if slot.0 == h && slot.1 == mn && slot.2 == k32 && k32 != 0 => slot.3,
            Some(slot) => {
                let verdict = computed(h, m, n, k, dates);
                *slot = (h, mn, k32, verdict);
                verdict
            }
            None => computed(h, m, n, k, dates),
        }
    }
}

/// A verdict not kept: shown "not unlikely" by a bound when it can be (most are: chance
/// makes most repeats likely), else the expectation computed (out of line, so that the kept
/// path stays small where it is inlined).
#[cold]
#[inline(never)]
fn computed(h: u64, m: usize, n: usize, k: usize, dates: usize) -> bool {
    !surely_likely(m, n, h, k, dates) && expected_coincidences(m, n, h, k, dates) < UNLIKELY
}

/// Calls `f(row, value)` for each reported row of `col` in `rows`, in row order: a word of
/// validity bits at a time, every row of a fully reported word without a test.
#[inline]
fn each_reported(col: &CountColumn, rows: Range<usize>, mut f: impl FnMut(usize, u64)) {
    let (vals, words) = (col.values(), col.validity().words());
    let end = rows.end.min(vals.len());
    let mut i = rows.start;
    while i < end {
        let w = i / 64;
        let stop = ((w + 1) * 64).min(end);
        let n = stop - i;
        let all = if n == 64 { u64::MAX } else { (1u64 << n) - 1 };
        let bits = (words.get(w).copied().unwrap_or(0) >> (i % 64)) & all;
        let chunk = vals.get(i..stop).unwrap_or_default();
        if bits == all {
            for (j, &v) in chunk.iter().enumerate() {
                f(i + j, v);
            }
        } else {
            let mut b = bits;
            while b != 0 {
                let j = b.trailing_zeros() as usize;
                if let Some(&v) = chunk.get(j) {
                    f(i + j, v);
                }
                b &= b - 1;
            }
        }
        i = stop;
    }
}

/// Reusable buffers of one worker.
#[derive(Default)]
struct Scratch {
    /// Dense path: counts over the value range, then their running sums; then each flagged
    /// value's place in the output, plus one.
    counts: Vec<u32>,
    /// Sparse path: the date's values sorted, and the (value, row) pairs at least the
    /// smallest value looked at, sorted.
    sorted: Vec<u64>,
    pairs: Vec<(u64, u32)>,
    /// Verdicts kept, one table per measure.
    verdicts: Vec<Verdicts>,
    /// Per measure, the last date this worker screened: its number, rows and groups.
    last: Vec<Option<Last>>,
}

/// One measure's groups on one date ([`shared_values`]), kept for the next date.
struct Last {
    date: usize,
    rows: Range<usize>,
    groups: Vec<(u64, Vec<u32>)>,
}

impl Last {
    /// The groups on date `di` (rows `range`) when it follows this one and repeats its
    /// reports of `col`: these, the rows moved by the distance between the dates.
    fn again(
        &self,
        col: &CountColumn,
        di: usize,
        range: &Range<usize>,
    ) -> Option<Vec<(u64, Vec<u32>)>> {
        if self.date + 1 != di || !same_reports(col, &self.rows, range) {
            return None;
        }
        let shift = |r: &u32| (*r as usize - self.rows.start + range.start) as u32;
        Some(
            self.groups
                .iter()
                .map(|(v, rows)| (*v, rows.iter().map(shift).collect()))
                .collect(),
        )
    }
}

/// Bits `pos..pos + 64` of `words` (0 past the end).
#[inline]
fn bits_at(words: &[u64], pos: usize) -> u64 {
    let (w, s) = (pos / 64, pos % 64);
    let low = words.get(w).copied().unwrap_or(0) >> s;
    if s == 0 {
        low
    } else {
        low | (words.get(w + 1).copied().unwrap_or(0) << (64 - s))
    }
}

/// Whether rows `a` and `b` of `col` hold the same values with the same validity, row for
/// row: then every test of the repeated-value rule on them has the same inputs.
fn same_reports(col: &CountColumn, a: &Range<usize>, b: &Range<usize>) -> bool {
    let (values, words) = (col.values(), col.validity().words());
    if a.len() != b.len() || values.get(a.clone()) != values.get(b.clone()) {
        return false;
    }
    (0..a.len()).step_by(64).all(|off| {
        let k = (a.len() - off).min(64);
        let mask = if k == 64 { u64::MAX } else { (1u64 << k) - 1 };
        (bits_at(words, a.start + off) ^ bits_at(words, b.start + off)) & mask == 0
    })
}

/// The values (≥ `min_value`) of one measure (`col`, number `measure`) on the rows `range` of
/// one date shared by `min_repeats` or more facilities and unlikely by chance among
/// facilities of similar size ([`expected_coincidences`]): `(value, rows)` by value, the rows
/// in row order.
fn shared_values(
    col: &CountColumn,
    range: Range<usize>,
    measure: usize,
    (min_value, min_repeats, dates): (u64, usize, usize),
    s: &mut Scratch,
) -> Vec<(u64, Vec<u32>)> {
    let mut out: Vec<(u64, Vec<u32>)> = Vec::new();
    let (mut n, mut lo, mut hi) = (0usize, u64::MAX, 0u64);
    each_reported(col, range.clone(), |_, v| {
        n += 1;
        lo = lo.min(v);
        hi = hi.max(v);
    });
    if n == 0 {
        return out;
    }
    if s.verdicts.len() <= measure {
        s.verdicts.resize_with(measure + 1, Verdicts::default);
    }
    let Some(verdicts) = s.verdicts.get_mut(measure) else {
        return out;
    };
    let k0 = min_repeats.max(1);
    if hi - lo < (4 * n as u64).max(1 << 12) {
        // Dense: counts over the value range and their running sums (the number of values in
        // any window is two reads), no sort.
        let width = (hi - lo + 1) as usize;
        let counts = &mut s.counts;
        counts.clear();
        counts.resize(width + 1, 0);
        each_reported(col, range.clone(), |_, v| {
            if let Some(c) = counts.get_mut((v - lo) as usize + 1) {
                *c += 1;
            }
        });
        // Running sums: counts[i] = values below lo + i; a value's count is the difference
        // of two neighbours.
        for i in 1..counts.len() {
            counts[i] += counts[i - 1];
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
        let first = min_value.max(lo);
        if first <= hi {
            for (i, pair) in counts.windows(2).enumerate().skip((first - lo) as usize) {
                let k = (pair[1] - pair[0]) as usize;
                if k < k0 {
                    continue;
                }
                let v = lo + i as u64;
                let h = similar_half_width(v);
                let m = below(counts, v.saturating_add(h).saturating_add(1))
                    - below(counts, v.saturating_sub(h));
                if verdicts.unlikely(h, m, n, k, dates) {
                    out.push((v, Vec::with_capacity(k)));
                }
            }
        }
        if out.is_empty() {
            return out;
        }
        // The rows of the flagged values, in row order: mark each flagged value with its
        // place in `out` (plus one) and read the date once more.
        counts.clear();
        counts.resize(width, 0);
        for (place, (v, _)) in out.iter().enumerate() {
            if let Some(c) = counts.get_mut((v - lo) as usize) {
                *c = place as u32 + 1;
            }
        }
        each_reported(col, range, |row, v| {
            if let Some(&place) = counts.get((v - lo) as usize)
                && place > 0
                && let Some(group) = out.get_mut(place as usize - 1)
            {
                group.1.push(row as u32);
            }
        });
    } else {
        // Sparse: sort the values once; windows by binary search.
        let (sorted, pairs) = (&mut s.sorted, &mut s.pairs);
        sorted.clear();
        pairs.clear();
        each_reported(col, range, |row, v| {
            sorted.push(v);
            if v >= min_value {
                pairs.push((v, row as u32));
            }
        });
        sorted.sort_unstable();
        pairs.sort_unstable();
        for run in pairs.chunk_by(|a, b| a.0 == b.0) {
            let (v, k) = (run[0].0, run.len());
            if k < k0 {
                continue;
            }
            let h = similar_half_width(v);
            let a = sorted.partition_point(|&x| x < v.saturating_sub(h));
            let b = sorted.partition_point(|&x| x <= v.saturating_add(h));
            if verdicts.unlikely(h, b - a, n, k, dates) {
                out.push((v, run.iter().map(|x| x.1).collect()));
            }
        }
    }
    out
}

/// The rule on every date and measure (the population, then each capacity kind), the dates
/// screened in parallel and their findings kept in date order.
pub(super) fn repeated_across(panel: &Panel, o: &ScreenOptions, out: &mut Vec<Finding>) {
    use rayon::prelude::*;
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
    // One run of dates per thread, so that a worker's buffers and kept verdicts serve all
    // its dates (rayon would otherwise split the dates into many jobs, each starting afresh).
    let per_thread = dates.div_ceil(rayon::current_num_threads().max(1)).max(1);
    let per_date: Vec<Vec<Finding>> = panel
        .dates()
        .par_iter()
        .enumerate()
        .with_min_len(per_thread)
        .map_init(Scratch::default, |scratch, (di, &date)| {
            let mut out = Vec::new();
            repeated_on(panel, o, &measures, (di, date), dates, scratch, &mut out);
            out
        })
        .collect();
    out.extend(per_date.into_iter().flatten());
}

/// [`repeated_across`] on date number `di`.
fn repeated_on(
    panel: &Panel,
    o: &ScreenOptions,
    measures: &[(Option<&CapacityKind>, &CountColumn)],
    (di, date): (usize, Date),
    dates: usize,
    scratch: &mut Scratch,
    out: &mut Vec<Finding>,
) {
    let range = panel.date_range(di);
    if scratch.last.len() < measures.len() {
        scratch.last.resize_with(measures.len(), || None);
    }
    for (measure, &(kind, col)) in measures.iter().enumerate() {
        // A date that repeats the previous date's reports of this measure (capacities
        // mostly do) has its groups, the rows moved by the distance between the dates.
        let repeated = scratch
            .last
            .get(measure)
            .and_then(|last| last.as_ref()?.again(col, di, &range));
        let shared = match repeated {
            Some(groups) => groups,
            None => shared_values(
                col,
                range.clone(),
                measure,
                (o.min_repeated_value, o.min_repeats, dates),
                scratch,
            ),
        };
        if let Some(last) = scratch.last.get_mut(measure) {
            *last = Some(Last {
                date: di,
                rows: range.clone(),
                groups: shared.clone(),
            });
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Validity;

    #[test]
    fn kept_verdicts_are_the_computed_verdicts() {
        // Far more keys than slots, each asked for several times: a kept verdict is the one
        // computed afresh.
        let mut kept = Verdicts::default();
        let mut flagged = 0;
        for round in 0..3 {
            for h in 5..60u64 {
                for m in 1..40 {
                    for k in [2, 3, 4, 7] {
                        let want = expected_coincidences(m, 400, h, k, 12) < UNLIKELY;
                        flagged += usize::from(want);
                        assert_eq!(kept.unlikely(h, m, 400, k, 12), want, "{round} {h} {m} {k}");
                    }
                }
            }
        }
        assert!(flagged > 0);
    }

    #[test]
    fn the_tail_bound_is_below_the_computed_tail() {
        // λ on a fine grid and at the values the rule makes (hits / width), every k to 64.
        let mut lambdas: Vec<f64> = (0..=6400).map(|i| i as f64 / 100.0).collect();
        for width in (11..2_000u64).step_by(7) {
            for hits in [
                1,
                2,
                3,
                width / 3,
                width / 2,
                width,
                2 * width,
                3 * width + 1,
            ] {
                lambdas.push(hits as f64 / (2 * width + 1) as f64);
            }
        }
        let mut useful = 0;
        for &l in &lambdas {
            for k in 0..=70 {
                let (lb, tail) = (tail_at_least(l, k), poisson_tail(l, k));
                assert!(lb <= tail, "{l} {k}: {lb} > {tail}");
                useful += usize::from(lb > 0.5 * tail);
            }
        }
        assert!(useful > lambdas.len() * 20, "{useful}");
    }

    #[test]
    fn the_bound_never_flips_a_verdict() {
        // Every (half-width, values in the window, repeats) on a grid, several date sizes
        // and numbers of dates: whenever the bound decides, the computed verdict agrees; and
        // it decides most of the tests where chance makes a repeat likely (504 k of 631 k).
        let (mut decided, mut likely) = (0usize, 0usize);
        for h in (5..60u64).chain((60..5_000).step_by(97)) {
            for m in (1..200usize).chain((200..20_000).step_by(331)) {
                for k in [1, 2, 3, 4, 5, 7, 10, 20, 40, 64, 65] {
                    for (n, dates) in [(m, 1), (m + 7, 12), (10_000, 120), (200_000, 1_000)] {
                        let e = expected_coincidences(m, n, h, k, dates);
                        likely += usize::from(e >= UNLIKELY);
                        if surely_likely(m, n, h, k, dates) {
                            decided += 1;
                            assert!(e >= UNLIKELY, "{m} {n} {h} {k} {dates}: {e}");
                        }
                    }
                }
            }
        }
        assert!(decided * 4 > likely * 3, "{decided} of {likely}");
    }

    #[test]
    fn groups_kept_from_the_previous_date_are_the_computed_groups() {
        // Four dates of 150 rows, six sharing a value: the second repeats the first, the third differs only in
        // one validity bit (a 0 reported, then not), the fourth repeats the third.
        let base: Vec<u64> = (0..150u64)
            .map(|i| if i < 6 { 500 } else { 1_000 + 50 * i })
            .collect();
        let mut values = Vec::new();
        let mut valid = Vec::new();
        for d in 0..4 {
            for (i, &v) in base.iter().enumerate() {
                let zero = i == 77;
                values.push(if zero { 0 } else { v });
                valid.push(!(zero && d >= 2));
            }
        }
        let col = CountColumn::new(values, Validity::from_bools(&valid)).unwrap();
        let rows = |d: usize| d * 150..(d + 1) * 150;
        let mut s = Scratch::default();
        let fresh: Vec<_> = (0..4)
            .map(|d| shared_values(&col, rows(d), 0, (0, 2, 4), &mut s))
            .collect();
        assert!(!fresh[0].is_empty());
        let last = |d: usize| Last {
            date: d,
            rows: rows(d),
            groups: fresh[d].clone(),
        };
        assert_eq!(last(0).again(&col, 1, &rows(1)), Some(fresh[1].clone()));
        assert_eq!(last(1).again(&col, 2, &rows(2)), None);
        assert_eq!(last(2).again(&col, 3, &rows(3)), Some(fresh[3].clone()));
        // Not the next date: not taken.
        assert_eq!(last(1).again(&col, 3, &rows(3)), None);
    }

    #[test]
    fn each_reported_reads_every_reported_row_once() {
        // Ranges across word boundaries, with words full, empty and mixed.
        let bits: Vec<bool> = (0..300)
            .map(|i| i < 70 || (i % 3 != 0 && i < 200))
            .collect();
        let values: Vec<u64> = (0..300)
            .map(|i| if bits[i] { i as u64 * 7 } else { 0 })
            .collect();
        let col = CountColumn::new(values, Validity::from_bools(&bits)).unwrap();
        for (a, b) in [
            (0, 300),
            (5, 64),
            (63, 129),
            (64, 128),
            (100, 101),
            (130, 130),
        ] {
            let mut got = Vec::new();
            each_reported(&col, a..b, |row, v| got.push((row, v)));
            let want: Vec<(usize, u64)> = (a..b)
                .filter(|&i| bits[i])
                .map(|i| (i, i as u64 * 7))
                .collect();
            assert_eq!(got, want, "{a}..{b}");
        }
    }

    #[test]
    fn shared_values_dense_and_sparse_agree() {
        // 12 rows sharing 4 values, 28 distinct ones: the dense (counting) and the sparse
        // (sorting) paths find the same groups, and each group is the brute-force count of
        // the values in its window.
        let vals: Vec<u64> = (0..40u64)
            .map(|i| {
                if i < 12 {
                    100 + 37 * (i % 4)
                } else {
                    400 + 60 * i
                }
            })
            .collect();
        let col = |v: Vec<u64>| CountColumn::new(v, Validity::all_valid(40)).unwrap();
        let mut s = Scratch::default();
        let dense = shared_values(&col(vals.clone()), 0..40, 0, (50, 3, 1), &mut s);
        let brute = |v: u64, k: usize| {
            let h = similar_half_width(v);
            let m = vals.iter().filter(|&&x| x + h >= v && x <= v + h).count();
            expected_coincidences(m, vals.len(), h, k, 1) < UNLIKELY
        };
        let want: Vec<u64> = [100, 137, 174, 211]
            .into_iter()
            .filter(|&v| brute(v, 3))
            .collect();
        assert_eq!(dense.iter().map(|g| g.0).collect::<Vec<_>>(), want);
        assert!(!want.is_empty());
        assert_eq!(dense[0].1, vec![0, 4, 8]);
        let wide: Vec<u64> = vals
            .iter()
            .enumerate()
            .map(|(r, &v)| v + ((r as u64) << 40) * u64::from(r >= 12))
            .collect();
        let sparse = shared_values(&col(wide), 0..40, 1, (50, 3, 1), &mut s);
        assert_eq!(sparse, dense);
    }
}
