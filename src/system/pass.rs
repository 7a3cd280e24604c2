//! The system summary of a set of a panel's rows (one date's, or one group's on one date) in
//! one pass over the rows: the system sums, the threshold counts, the coverage, the top k
//! and the keyed pairs the quantiles are selected from are all filled in the same loop,
//! reading the table's columns by row number; the buffers are reused from one date to the
//! next ([`Scratch`], one per thread). The quantiles then read the pairs, not the rows
//! ([`Buckets`]).

use crate::ErrorKind;
use crate::error::{Error, Location, Result, ValueProblem};
use crate::metrics::{Ratio, Threshold, U64Threshold};
use crate::model::{CountUnit, Rows};

use super::buckets::Buckets;
use super::coverage::{Coverage, MissingFacility};
use super::observation::SummaryColumns;
use super::occupancy::SystemOccupancy;
use super::quantile::Keyed;
use super::select::TopK;
use super::summary::{SummaryOptions, SystemSummary, ThresholdCount};

/// Buffers of one thread's summaries, reused from one set of rows to the next.
#[derive(Default)]
pub(crate) struct Scratch {
    pairs: Vec<Keyed>,
    buckets: Buckets,
    /// A date's rows ordered by group (see [`summarize_groups`]).
    by_group: Vec<u64>,
}

/// Bit `i` of a validity bitmap's words.
#[inline(always)]
fn bit(words: &[u64], i: usize) -> bool {
    (words[i / 64] >> (i % 64)) & 1 == 1
}

/// The summary of `rows` (rows of the panel `cols` reads, each facility once — a date's
/// rows, or a subset of them), in their order.
///
/// # Errors
///
/// [`ErrorKind::Empty`] when `rows` is empty; [`ErrorKind::InvalidValue`] for a reported
/// capacity of 0 (a panel holds none).
pub(crate) fn summarize_rows(
    cols: &SummaryColumns<'_>,
    rows: impl Iterator<Item = usize>,
    options: &SummaryOptions,
    scratch: &mut Scratch,
) -> Result<SystemSummary> {
    let pairs = &mut scratch.pairs;
    pairs.clear();
    pairs.reserve(rows.size_hint().0);
    let mut tally = Tally::default();
    let mut top = TopK::new(options.top(), cols);
    let mut missing = Vec::new();
    let (mut facilities, mut population_only, mut capacity_only) = (0usize, 0u128, 0u128);
    let (mut lo, mut hi, mut keyed) = (u64::MAX, 0u64, true);
    let (pop, pop_valid) = cols.population;
    match cols.capacity {
        Some((cap, cap_valid)) => {
            for i in rows {
                facilities += 1;
                let (p, c) = (pop[i], cap[i]);
                let (has_p, has_c) = (bit(pop_valid, i), bit(cap_valid, i));
                if has_p & has_c {
                    if c == 0 {
                        return Err(zero_capacity(cols, i));
                    }
                    tally.add(p, c);
                    let (k, exact) = Keyed::new(p, c);
                    keyed &= exact;
                    lo = lo.min(k.key());
                    hi = hi.max(k.key());
                    pairs.push(k);
                    top.offer(i, if exact { k.key() } else { u64::MAX }, p, c);
                } else {
                    let (p, c) = (has_p.then_some(p), has_c.then_some(c));
                    population_only += u128::from(p.unwrap_or(0));
                    capacity_only += u128::from(c.unwrap_or(0));
                    missing.push(MissingFacility::new(cols.id(i), cols.group(i), p, c));
                }
            }
        }
        None => {
            for i in rows {
                facilities += 1;
                let p = bit(pop_valid, i).then_some(pop[i]);
                population_only += u128::from(p.unwrap_or(0));
                missing.push(MissingFacility::new(cols.id(i), cols.group(i), p, None));
            }
        }
    }
    if facilities == 0 {
        return Err(Error::from(ErrorKind::Empty {
            what: "facility observations",
        }));
    }
    let coverage = Coverage {
        facilities,
        covered: tally.facilities,
        population_reported: tally.population + population_only,
        population_covered: tally.population,
        capacity_reported: tally.capacity + capacity_only,
        capacity_covered: tally.capacity,
        missing,
    };
    // The thresholds are counted with the quantiles, from the pairs (most from the buckets'
    // counts), not row by row.
    let tests: Vec<Test<'_>> = options.thresholds().iter().map(Test::of).collect();
    let mut reached = vec![(0usize, 0u128); tests.len()];
    let (facility_weighted, population_weighted) =
        scratch
            .buckets
            .distributions(pairs, lo, hi, keyed, &tests, &mut reached);
    let thresholds = options
        .thresholds()
        .iter()
        .zip(&reached)
        .map(|(t, &(facilities, people))| ThresholdCount {
            threshold: t.clone(),
            facilities,
            people,
            of_facilities: tally.facilities,
            of_people: tally.population,
        })
        .collect();
    Ok(SystemSummary {
        kind: options.kind().clone(),
        system: tally.system(),
        thresholds,
        facility_weighted,
        population_weighted,
        most_overcrowded: top.into_sorted(),
        coverage,
        // The caller, which knows the panel, sets the unit.
        unit: CountUnit::WHOLE,
    })
}

#[cold]
fn zero_capacity(cols: &SummaryColumns<'_>, i: usize) -> Error {
    Error::bad_value(
        "0",
        ValueProblem::Zero,
        Location::facility(cols.id(i).as_str()).with_column("capacity"),
    )
}

/// The rank of each code of a grouping key's dictionary in the order of its values, 1-based
/// (equal values share a rank; rank 0 is "no value"): the order of a date's groups.
pub(crate) fn group_ranks(values: &[String]) -> Vec<u32> {
    let mut order: Vec<u32> = (0..values.len() as u32).collect();
    order.sort_unstable_by(|&a, &b| values[a as usize].cmp(&values[b as usize]));
    let mut ranks = vec![0u32; values.len()];
    let mut rank = 0u32;
    for (n, &code) in order.iter().enumerate() {
        if n == 0 || values[code as usize] != values[order[n - 1] as usize] {
            rank += 1;
        }
        ranks[code as usize] = rank;
    }
    ranks
}

/// The summary of each group of the rows `rows` (a date's: each facility once), groups in
/// the order of their values (`None`, rows without a value, first); `ranks` is
/// [`group_ranks`] of the key's dictionary. A group's rows are read in their order.
///
/// # Errors
///
/// As [`summarize_rows`], the first group's error in that order.
pub(crate) fn summarize_groups(
    cols: &SummaryColumns<'_>,
    rows: Rows<'_>,
    ranks: &[u32],
    options: &SummaryOptions,
    scratch: &mut Scratch,
) -> Result<Vec<(Option<String>, SystemSummary)>> {
    let mut by_group = std::mem::take(&mut scratch.by_group);
    by_group.clear();
    // Each row as (its group's rank, its place in `rows`): sorted, a group's rows are one
    // run, in their order.
    match cols.group_codes() {
        Some((_, codes)) => by_group.extend(rows.row_numbers().enumerate().map(|(k, i)| {
            let rank = ranks.get(codes[i] as usize).copied().unwrap_or(0);
            (u64::from(rank) << 32) | k as u64
        })),
        None => by_group.extend(0..rows.len() as u64),
    }
    by_group.sort_unstable();
    let mut out = Vec::new();
    let mut result = Ok(());
    for run in by_group.chunk_by(|a, b| a >> 32 == b >> 32) {
        let row = |k: &u64| rows.number((k & u64::from(u32::MAX)) as usize);
        match summarize_rows(cols, run.iter().map(row), options, scratch) {
            Ok(s) => out.push((cols.group(row(&run[0])).map(String::from), s)),
            Err(e) => {
                result = Err(e);
                break;
            }
        }
    }
    scratch.by_group = by_group;
    result.map(|()| out)
}

/// A threshold test on one `(population, capacity)` pair: `u64` cross products when the
/// threshold's fraction fits `u64` (every usual threshold), the general exact test otherwise.
pub(crate) enum Test<'a> {
    U64(U64Threshold),
    General(&'a Threshold),
}

impl<'a> Test<'a> {
    pub(crate) fn of(t: &'a Threshold) -> Test<'a> {
        t.as_u64().map_or(Test::General(t), Test::U64)
    }

    /// Whether `(p, c)` reaches the threshold (exactly).
    #[inline]
    pub(crate) fn hit(&self, p: u64, c: u64) -> bool {
        match self {
            Test::U64(t) => t.is_reached_by(p, c),
            Test::General(t) => t.is_reached_by_counts(u128::from(p), u128::from(c)),
        }
    }

    /// The keys ([`Keyed`]'s, of counts at most 2⁵³) whose pairs may be on either side of
    /// the threshold: a key below the range is of a pair below it, a key above of a pair
    /// above it (`None`: no such range is known, every pair is tested).
    ///
    /// A key is the correctly rounded quotient p / c, and rounding is monotone: a key
    /// above the correctly rounded threshold is of a pair above the threshold, a key below
    /// it of a pair below. `num as f64 / den as f64` is within 3 roundings of the threshold
    /// (at most 6 steps of the bit pattern, counting a change of binade), so the range of
    /// 16 steps either side of it holds the rounded threshold.
    pub(crate) fn uncertain_keys(&self) -> Option<(u64, u64)> {
        match self {
            Test::U64(t) => {
                let (n, d, _) = t.parts();
                let k = (n as f64 / d as f64).to_bits();
                Some((k.saturating_sub(16), k.saturating_add(16)))
            }
            Test::General(_) => None,
        }
    }
}

/// The sums of one pass over the covered pairs (the fields of [`SystemOccupancy`]).
#[derive(Default)]
struct Tally {
    population: u128,
    capacity: u128,
    facilities: usize,
    over: usize,
    people_over: u128,
    surplus: u128,
}

impl Tally {
    #[inline(always)]
    fn add(&mut self, p: u64, c: u64) {
        // Branch-free: whether a facility is over capacity is as good as random to the
        // branch predictor.
        self.facilities += 1;
        self.population += u128::from(p);
        self.capacity += u128::from(c);
        let over = p > c;
        self.over += usize::from(over);
        self.people_over += u128::from(p & 0u64.wrapping_sub(u64::from(over)));
        self.surplus += u128::from(p.saturating_sub(c));
    }

    /// The system figures, equal to [`system_occupancy`](super::system_occupancy) over the
    /// same pairs.
    fn system(&self) -> Option<SystemOccupancy> {
        (self.facilities > 0).then(|| SystemOccupancy {
            ratio: Ratio::new(self.population, self.capacity).expect("capacities checked > 0"),
            facilities: self.facilities,
            overcrowded_facilities: self.over,
            people_in_overcrowded: self.people_over,
            surplus: self.surplus,
            population: self.population,
            capacity: self.capacity,
        })
    }
}
