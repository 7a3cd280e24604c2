//! Native kernels: the row metrics of the columnar core ([`crate::metrics::columnar`]) as
//! polars expressions, one pass over the `u64` values and the validity words of each chunk
//! (an elementwise UDF, so it runs per morsel in the streaming engine and per chunk in the
//! in-memory one).
//!
//! The expression forms of [`super`] are built from polars arithmetic: the band level of a
//! standard with `k` thresholds is `2k` multiplications, `k` comparisons, `k` casts and
//! `k − 1` additions, each a pass over the column and a buffer; the exact rounded percent is
//! six passes, and exact only while `population × 200 × 10^decimals < 2⁶⁴`. A kernel is one
//! pass, exact for every `u64`, and gives bit for bit the scalar functions (the columnar
//! core's property tests). The inputs are cast to `UInt64` as the expression forms do
//! (non-strict: a negative count becomes null); a literal (a length-1 column) is broadcast.
//!
//! ```
//! use overcrowding::Standard;
//! use overcrowding::frame::{columns::*, native};
//! use polars::prelude::*;
//!
//! let df = df!(POPULATION => [Some(90u64), Some(103), Some(130), Some(7)],
//!              CAPACITY => [Some(100u64), Some(100), Some(100), None])?;
//! let out = df.lazy().select([
//!     native::band_level(col(POPULATION), col(CAPACITY), &Standard::critical()).alias("band"),
//!     native::occupancy_percent_rounded(col(POPULATION), col(CAPACITY), 1).alias("pct"),
//! ]).collect()?;
//! let band = out.column("band")?.u32()?;
//! assert_eq!(band.iter().collect::<Vec<_>>(), [Some(0), Some(1), Some(2), None]);
//! assert_eq!(out.column("pct")?.f64()?.get(2), Some(130.0));
//! # Ok::<(), PolarsError>(())
//! ```

use polars::prelude::*;
use polars_arrow::array::PrimitiveArray;
use polars_arrow::bitmap::Bitmap;

use super::count;
use crate::metrics::Standard;
use crate::metrics::columnar::{self, Validity};

/// A columnar-core function over one chunk: `(pop, cap, validity_in, out, validity_out)`.
type Kernel<'k, T> =
    dyn Fn(&[u64], &[u64], Option<&Validity>, &mut [T], &mut Validity) -> crate::Result<()> + 'k;

/// The Arrow validity bitmap of a chunk as a [`Validity`] (`None`: every row valid).
pub(super) fn validity_of(bitmap: Option<&Bitmap>, len: usize) -> PolarsResult<Option<Validity>> {
    let Some(bitmap) = bitmap.filter(|b| b.unset_bits() > 0) else {
        return Ok(None);
    };
    let chunks = bitmap.chunks::<u64>();
    let tail = (chunks.remainder_len() > 0).then(|| chunks.remainder());
    let mut words: Vec<u64> = chunks.collect();
    words.extend(tail);
    Validity::from_words(words, len).map(Some).map_err(external)
}

/// A [`Validity`] as an Arrow bitmap (`None` when every row is valid).
pub(super) fn bitmap_of(validity: &Validity) -> Option<Bitmap> {
    (validity.count_valid() < validity.len()).then(|| {
        let bytes = validity
            .words()
            .iter()
            .flat_map(|w| w.to_le_bytes())
            .collect();
        Bitmap::from_u8_vec(bytes, validity.len())
    })
}

/// Column `c` as `UInt64` of `len` rows (a length-1 column broadcast).
fn u64_column(c: &Column, len: usize) -> PolarsResult<UInt64Chunked> {
    let c = if c.len() == 1 && len != 1 {
        c.new_from_index(0, len)
    } else {
        c.clone()
    };
    polars_ensure!(
        c.len() == len,
        ShapeMismatch: "population and capacity have {} and {len} rows", c.len()
    );
    Ok(c.cast(&DataType::UInt64)?.u64()?.clone())
}

/// Runs `kernel` over the aligned chunks of the two count columns, converting each output
/// chunk with `convert`, and returns the column named after the first input.
fn run<T, P>(
    cols: &[Column],
    kernel: &Kernel<'_, T>,
    convert: impl Fn(Vec<T>) -> Vec<P::Native>,
) -> PolarsResult<Column>
where
    T: Copy + Default,
    P: PolarsNumericType,
    ChunkedArray<P>: IntoSeries,
{
    polars_ensure!(cols.len() == 2, ComputeError: "a native kernel takes two columns");
    let len = cols[0].len().max(cols[1].len());
    let (mut p, mut c) = (u64_column(&cols[0], len)?, u64_column(&cols[1], len)?);
    if !p.chunk_lengths().eq(c.chunk_lengths()) {
        p.rechunk_mut();
        c.rechunk_mut();
    }
    let mut valid_out = Validity::default();
    let mut chunks = Vec::with_capacity(p.chunks().len());
    for (pa, ca) in p.downcast_iter().zip(c.downcast_iter()) {
        let n = pa.len();
        let valid_in = match (
            validity_of(pa.validity(), n)?,
            validity_of(ca.validity(), n)?,
        ) {
            (Some(a), Some(b)) => Some(a.and(&b).map_err(external)?),
            (a, b) => a.or(b),
        };
        let mut out = vec![T::default(); n];
        kernel(
            pa.values().as_slice(),
            ca.values().as_slice(),
            valid_in.as_ref(),
            &mut out,
            &mut valid_out,
        )
        .map_err(external)?;
        chunks.push(PrimitiveArray::from_vec(convert(out)).with_validity(bitmap_of(&valid_out)));
    }
    Ok(
        ChunkedArray::<P>::from_chunk_iter(cols[0].name().clone(), chunks)
            .into_series()
            .into(),
    )
}

/// An elementwise expression over `(population, capacity)` cast to `UInt64`, of output type
/// `dtype`.
fn two_counts(
    population: Expr,
    capacity: Expr,
    dtype: DataType,
    f: impl Fn(&mut [Column]) -> PolarsResult<Column> + Send + Sync + 'static,
) -> Expr {
    count(population).map_many(f, &[count(capacity)], move |_, fields| {
        Ok(Field::new(fields[0].name().clone(), dtype.clone()))
    })
}

/// The band level of `standard` as one native kernel ([`columnar::band_level_into`]): the
/// same UInt32 column as [`super::band_level`] (0 below the first threshold, the number of
/// thresholds reached otherwise; null where either count is missing or the capacity is 0),
/// in one pass.
///
/// A standard of more than 255 thresholds is an error when the query runs.
///
/// ```
/// use overcrowding::Standard;
/// use polars::prelude::*;
/// let df = df!("p" => [90u64, 103, 110], "c" => [100u64, 100, 0])?;
/// let out = df.lazy()
///     .select([overcrowding::frame::native::band_level(col("p"), col("c"), &Standard::space_i())])
///     .collect()?;
/// let b = out.column("p")?.u32()?;
/// assert_eq!((b.get(0), b.get(1), b.get(2)), (Some(0), Some(1), None));
/// # Ok::<(), PolarsError>(())
/// ```
pub fn band_level(population: Expr, capacity: Expr, standard: &Standard) -> Expr {
    let standard = standard.clone();
    two_counts(population, capacity, DataType::UInt32, move |cols| {
        let kernel =
            |p: &[u64], c: &[u64], v: Option<&Validity>, o: &mut [u8], vo: &mut Validity| {
                columnar::band_level_into(p, c, &standard, v, o, vo)
            };
        run::<u8, UInt32Type>(cols, &kernel, |levels| {
            levels.into_iter().map(u32::from).collect::<Vec<u32>>()
        })
    })
}

/// The occupancy percent rounded once from the exact counts, half away from zero, to
/// `decimals` places (≤ 6), as one native kernel ([`columnar::percent_rounded_into`]): bit
/// for bit [`Ratio::percent_rounded`](crate::Ratio::percent_rounded), exact for every `u64`
/// (the expression form [`super::occupancy_percent_rounded`] is exact below
/// `population × 200 × 10^decimals < 2⁶⁴`). Null where either count is missing or the
/// capacity is 0.
///
/// ```
/// use polars::prelude::*;
/// let df = df!("p" => [8_521u64, 1, u64::MAX], "c" => [10_360u64, 16, u64::MAX])?;
/// let out = df.lazy()
///     .select([overcrowding::frame::native::occupancy_percent_rounded(col("p"), col("c"), 1)])
///     .collect()?;
/// let x = out.column("p")?.f64()?;
/// assert_eq!((x.get(0), x.get(1), x.get(2)), (Some(82.2), Some(6.3), Some(100.0)));
/// # Ok::<(), PolarsError>(())
/// ```
pub fn occupancy_percent_rounded(population: Expr, capacity: Expr, decimals: u32) -> Expr {
    let decimals = decimals.min(6);
    two_counts(population, capacity, DataType::Float64, move |cols| {
        let kernel =
            |p: &[u64], c: &[u64], v: Option<&Validity>, o: &mut [f64], vo: &mut Validity| {
                columnar::percent_rounded_into(p, c, decimals, v, o, vo)
            };
        run::<f64, Float64Type>(cols, &kernel, |x| x)
    })
}

/// Occupancy = population ÷ capacity as one native kernel ([`columnar::occupancy_into`]):
/// the same Float64 column as [`super::occupancy`], null where either count is missing or
/// the capacity is 0.
///
/// ```
/// use polars::prelude::*;
/// let df = df!("p" => [Some(39_000u64), Some(1), None], "c" => [27_000u64, 0, 5])?;
/// let out = df.lazy()
///     .select([overcrowding::frame::native::occupancy(col("p"), col("c"))])
///     .collect()?;
/// let x = out.column("p")?.f64()?;
/// assert_eq!((x.get(0), x.get(1), x.get(2)), (Some(39_000.0 / 27_000.0), None, None));
/// # Ok::<(), PolarsError>(())
/// ```
pub fn occupancy(population: Expr, capacity: Expr) -> Expr {
    two_counts(population, capacity, DataType::Float64, |cols| {
        run::<f64, Float64Type>(cols, &columnar::occupancy_into, |x| x)
    })
}

/// A per-row term of [`super::OvercrowdingFrameExt::system_summary`]: from the population's
/// and the capacity's validity bits and values, the `u64` a group sums (0 where the row does
/// not count).
#[derive(Debug, Clone, Copy)]
pub(crate) enum SumTerm {
    /// 1 where the row is covered (both counts present, capacity > 0).
    Covered,
    /// The population of a covered row.
    Population,
    /// The capacity of a covered row.
    Capacity,
    /// 1 where a covered row is above capacity.
    Overcrowded,
    /// The population of a covered row above capacity.
    PeopleInOvercrowded,
    /// max(0, population − capacity) of a covered row.
    Surplus,
    /// The population of a row with a population but no usable capacity.
    PopulationNotCovered,
}

/// The terms by output column of the summary.
pub(crate) const SUM_TERMS: [(&str, SumTerm); 7] = [
    ("covered", SumTerm::Covered),
    ("population", SumTerm::Population),
    ("capacity", SumTerm::Capacity),
    ("overcrowded_facilities", SumTerm::Overcrowded),
    ("people_in_overcrowded", SumTerm::PeopleInOvercrowded),
    ("surplus", SumTerm::Surplus),
    ("population_not_covered", SumTerm::PopulationNotCovered),
];

/// `x` where `keep`, else 0, without a branch.
#[inline(always)]
fn keep(x: u64, keep: bool) -> u64 {
    x & 0u64.wrapping_sub(u64::from(keep))
}

/// The validity words of an Arrow chunk (all set without a bitmap).
fn words_of(bitmap: Option<&Bitmap>, len: usize) -> Vec<u64> {
    match bitmap {
        None => vec![u64::MAX; len.div_ceil(64)],
        Some(b) => {
            let chunks = b.chunks::<u64>();
            let tail = (chunks.remainder_len() > 0).then(|| chunks.remainder());
            let mut words: Vec<u64> = chunks.collect();
            words.extend(tail);
            words
        }
    }
}

/// `f(population valid, capacity valid, population, capacity)` per row, 64 rows a validity
/// word, appended to `out` without zeroing it first, a bounds check or a call per row
/// (monomorphised for each term).
#[inline(always)]
fn term_rows(
    (pw, cw): (&[u64], &[u64]),
    (pv, cv): (&[u64], &[u64]),
    out: &mut Vec<u64>,
    f: impl Fn(bool, bool, u64, u64) -> u64,
) {
    let rows = pv.chunks(64).zip(cv.chunks(64));
    for ((p, c), (&pwk, &cwk)) in rows.zip(pw.iter().zip(cw)) {
        out.extend(
            p.iter()
                .zip(c)
                .enumerate()
                .map(|(j, (&p, &c))| f((pwk >> j) & 1 == 1, (cwk >> j) & 1 == 1, p, c)),
        );
    }
}

/// One term for every row of a chunk.
fn term_chunk(term: SumTerm, words: (&[u64], &[u64]), values: (&[u64], &[u64])) -> Vec<u64> {
    let covered = |pv: bool, cv: bool, c: u64| pv & cv & (c != 0);
    let mut out = Vec::with_capacity(values.0.len());
    let o = &mut out;
    match term {
        SumTerm::Covered => term_rows(words, values, o, |pv, cv, _, c| {
            u64::from(covered(pv, cv, c))
        }),
        SumTerm::Population => {
            term_rows(words, values, o, |pv, cv, p, c| keep(p, covered(pv, cv, c)))
        }
        SumTerm::Capacity => {
            term_rows(words, values, o, |pv, cv, _, c| keep(c, covered(pv, cv, c)))
        }
        SumTerm::Overcrowded => term_rows(words, values, o, |pv, cv, p, c| {
            u64::from(covered(pv, cv, c) & (p > c))
        }),
        SumTerm::PeopleInOvercrowded => term_rows(words, values, o, |pv, cv, p, c| {
            keep(p, covered(pv, cv, c) & (p > c))
        }),
        SumTerm::Surplus => term_rows(words, values, o, |pv, cv, p, c| {
            keep(p.saturating_sub(c), covered(pv, cv, c))
        }),
        SumTerm::PopulationNotCovered => term_rows(words, values, o, |pv, cv, p, c| {
            keep(p, pv & !covered(pv, cv, c))
        }),
    }
    out
}

/// One summary term per row as a `UInt64` column without nulls, in one pass: what the
/// summary sums per group, without polars comparisons (which, in a stable-toolchain build
/// of polars without its nightly `simd` feature, build their boolean masks bit by bit).
pub(crate) fn sum_term(population: Expr, capacity: Expr, term: SumTerm) -> Expr {
    two_counts(population, capacity, DataType::UInt64, move |cols| {
        polars_ensure!(cols.len() == 2, ComputeError: "a native kernel takes two columns");
        let len = cols[0].len().max(cols[1].len());
        let (mut p, mut c) = (u64_column(&cols[0], len)?, u64_column(&cols[1], len)?);
        if !p.chunk_lengths().eq(c.chunk_lengths()) {
            p.rechunk_mut();
            c.rechunk_mut();
        }
        let chunks = p.downcast_iter().zip(c.downcast_iter()).map(|(pa, ca)| {
            let n = pa.len();
            let (pw, cw) = (words_of(pa.validity(), n), words_of(ca.validity(), n));
            let values = (pa.values().as_slice(), ca.values().as_slice());
            PrimitiveArray::from_vec(term_chunk(term, (&pw, &cw), values))
        });
        Ok(
            UInt64Chunked::from_chunk_iter(cols[0].name().clone(), chunks)
                .into_series()
                .into(),
        )
    })
}

/// The crate's error as a polars error, kept typed: an I/O error whose inner error is the
/// crate's [`Error`](crate::Error) (`std::io::Error::get_ref` and a downcast recover it).
fn external(e: crate::Error) -> PolarsError {
    PolarsError::from(std::io::Error::other(e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frame::columns::*;

    /// The native kernels agree with the expression forms on nulls, zeros, negative counts
    /// (null after the cast), a literal capacity and several chunks.
    #[test]
    fn agrees_with_the_expression_forms() {
        let a = df!(POPULATION => [Some(90i64), Some(-3), None, Some(130), Some(7)],
                    CAPACITY => [Some(100i64), Some(100), Some(100), Some(0), Some(5)])
        .unwrap();
        let b = df!(POPULATION => [Some(121i64), Some(99)],
                    CAPACITY => [Some(100i64), None])
        .unwrap();
        let mut df = a.vstack(&b).unwrap();
        assert_eq!(df.first_col_n_chunks(), 2);
        df.rechunk_mut();
        let standard = Standard::critical();
        let (p, c) = (col(POPULATION), col(CAPACITY));
        for input in [a.vstack(&b).unwrap(), df] {
            let out = input
                .lazy()
                .select([
                    super::super::band_level(p.clone(), c.clone(), &standard).alias("e_band"),
                    band_level(p.clone(), c.clone(), &standard).alias("n_band"),
                    super::super::occupancy_percent_rounded(p.clone(), c.clone(), 1).alias("e_pct"),
                    occupancy_percent_rounded(p.clone(), c.clone(), 1).alias("n_pct"),
                    super::super::occupancy(p.clone(), c.clone()).alias("e_occ"),
                    occupancy(p.clone(), c.clone()).alias("n_occ"),
                    band_level(p.clone(), lit(100i64), &standard).alias("n_lit"),
                    super::super::band_level(p.clone(), lit(100i64), &standard).alias("e_lit"),
                ])
                .collect()
                .unwrap();
            for (e, n) in [
                ("e_band", "n_band"),
                ("e_pct", "n_pct"),
                ("e_occ", "n_occ"),
                ("e_lit", "n_lit"),
            ] {
                let (e, n) = (out.column(e).unwrap(), out.column(n).unwrap());
                assert_eq!(e.dtype(), n.dtype());
                assert!(e.equals_missing(n), "{e:?} {n:?}");
            }
            let band = out.column("n_band").unwrap().u32().unwrap();
            assert_eq!(
                band.iter().collect::<Vec<_>>(),
                [Some(0), None, None, None, Some(2), Some(2), None]
            );
        }
    }

    #[test]
    fn exact_where_the_expression_form_overflows() {
        let df = df!("p" => [u64::MAX / 3], "c" => [u64::MAX / 2]).unwrap();
        let out = df
            .lazy()
            .select([occupancy_percent_rounded(col("p"), col("c"), 2)])
            .collect()
            .unwrap();
        assert_eq!(out.column("p").unwrap().f64().unwrap().get(0), Some(66.67));
    }
}
