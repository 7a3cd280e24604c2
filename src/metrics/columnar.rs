//! The columnar core: the row metrics over `&[u64]` columns with an optional validity bitmap,
//! written into caller-provided buffers.
//!
//! # Semantics
//!
//! Every function gives, row by row, bit for bit the result of the scalar function it names
//! ([`occupancy`](crate::occupancy), [`Ratio::percent_rounded`], [`Standard::level_of`],
//! [`Threshold::is_reached_by`], [`surplus`](crate::surplus),
//! [`pretrial_share`](crate::pretrial_share)): the same exact kernels
//! are called, and a property test checks it on arbitrary `u64` inputs. A row is valid in the
//! output when it is valid in the input and the scalar function returns a value (for
//! instance a capacity of 0 makes the occupancy row invalid); an invalid row holds `0.0`,
//! `0` or `false` in the output buffer, never NaN.
//!
//! Rows are processed in chunks of 64 (one word of the validity bitmap), so that loops
//! without a data-dependent branch (surplus, the sums, the float fast path of the occupancy)
//! can be vectorised by the compiler. The exact rounding keeps its data-dependent fallback.
//!
//! ```
//! use overcrowding::metrics::columnar::{Validity, occupancy_into};
//! let (pop, cap) = ([39_000u64, 120, 5], [27_000u64, 100, 0]);
//! let mut out = [0.0; 3];
//! let mut valid = Validity::default();
//! occupancy_into(&pop, &cap, None, &mut out, &mut valid)?;
//! assert_eq!(out[1], 1.2);
//! assert!(!valid.is_valid(2)); // capacity 0
//! # Ok::<(), overcrowding::Error>(())
//! ```

use crate::ErrorKind;
use crate::error::Constraint;
use std::num::NonZeroU128;

use super::bands::{Standard, Threshold, U64Threshold, level_reached_counts};
use crate::error::{Error, Result};
use crate::exact::{Ratio, percent_rounded_u64};

/// Rows per chunk: one word of a [`Validity`] bitmap.
pub(crate) const CHUNK: usize = 64;

pub use crate::model::Validity;

pub(crate) fn check_len(what: &'static str, expected: usize, found: usize) -> Result<()> {
    if expected == found {
        Ok(())
    } else {
        Err(Error::from(ErrorKind::LengthMismatch {
            what,
            expected,
            found,
        }))
    }
}

/// Checks that `b` (named `b_name`), `out` and `validity_in` are as long as `a`, then runs
/// `chunk` over the rows 64 at a time, with the input validity word of each chunk, and
/// stores the output validity word it returns.
#[inline(always)]
fn map_chunks<T>(
    b_name: &'static str,
    (a, b): (&[u64], &[u64]),
    validity_in: Option<&Validity>,
    out: &mut [T],
    validity_out: &mut Validity,
    mut chunk: impl FnMut(&[u64], &[u64], u64, &mut [T]) -> u64,
) -> Result<()> {
    check_len(b_name, a.len(), b.len())?;
    check_len("output buffer", a.len(), out.len())?;
    if let Some(v) = validity_in {
        check_len("input validity", a.len(), v.len())?;
    }
    validity_out.reset(a.len());
    for (k, ((ca, cb), co)) in a
        .chunks(CHUNK)
        .zip(b.chunks(CHUNK))
        .zip(out.chunks_mut(CHUNK))
        .enumerate()
    {
        validity_out.words_mut()[k] = chunk(ca, cb, Validity::word(validity_in, k), co);
    }
    Ok(())
}

/// One chunk, row by row: `row` gives the value and whether the scalar function returns one;
/// invalid rows get `invalid`. Returns the chunk's output validity word.
#[inline(always)]
fn per_row<T: Copy>(
    a: &[u64],
    b: &[u64],
    word: u64,
    out: &mut [T],
    invalid: T,
    row: impl Fn(u64, u64) -> (T, bool),
) -> u64 {
    let mut w = 0u64;
    for (j, ((&x, &y), o)) in a.iter().zip(b).zip(out.iter_mut()).enumerate() {
        let (v, ok) = row(x, y);
        let ok = ok & ((word >> j) & 1 == 1);
        *o = if ok { v } else { invalid };
        w |= u64::from(ok) << j;
    }
    w
}

/// `n / d` as [`Ratio::value`] gives it (`d > 0`).
#[inline]
fn value_of(n: u64, d: u64) -> f64 {
    match NonZeroU128::new(u128::from(d)) {
        Some(d) => Ratio::of_nonzero(u128::from(n), d).value(),
        None => 0.0,
    }
}

/// `x as f64` for `x < 2^52`, exactly, by bit operations the compiler vectorises (there is
/// no SSE2 instruction for `u64 → f64`): the bits of `2^52 + x`, minus `2^52`.
#[inline(always)]
fn small_to_f64(x: u64) -> f64 {
    const TWO_52: u64 = 0x4330_0000_0000_0000; // the bits of 2^52
    f64::from_bits(x | TWO_52) - f64::from_bits(TWO_52)
}

/// One chunk of quotients: when every count of the chunk is below 2^52 (the usual case),
/// [`Ratio::value`]'s one-division fast path for every row, without a branch (both counts
/// are exact in an f64 below 2^53); otherwise [`Ratio::value`] row by row.
#[inline(always)]
fn quotient_chunk(
    a: &[u64],
    b: &[u64],
    word: u64,
    out: &mut [f64],
    valid: impl Fn(u64, u64) -> bool,
) -> u64 {
    const SMALL: u64 = 1 << 52;
    let small = a.iter().zip(b).fold(0u64, |m, (&x, &y)| m | x | y) < SMALL;
    if small {
        // One IEEE division of the exact values, as `Ratio::value` does.
        per_row(a, b, word, out, 0.0, |n, d| {
            (small_to_f64(n) / small_to_f64(d), valid(n, d))
        })
    } else {
        per_row(a, b, word, out, 0.0, |n, d| (value_of(n, d), valid(n, d)))
    }
}

/// Counts and threshold terms below 2^32: their cross products fit `u64` exactly.
const SMALL_PRODUCT: u64 = 1 << 32;

/// One chunk of band levels when the counts and the thresholds' terms are below 2^32: each
/// threshold's exact comparison in `u64` for the 64 rows at once (a loop over rows inside the
/// loop over thresholds, which the compiler vectorises), then the validity (a row is valid
/// when its input bit is set and its capacity is not 0; an invalid row holds 0).
#[inline(always)]
fn band_chunk_small(
    a: &[u64],
    b: &[u64],
    word: u64,
    out: &mut [u8],
    thresholds: &[(u64, u64, bool)],
) -> u64 {
    out.fill(0);
    for &(n, d, inclusive) in thresholds {
        let rows = out.iter_mut().zip(a).zip(b);
        if inclusive {
            rows.for_each(|((o, &p), &c)| *o += u8::from(p * d >= c * n));
        } else {
            rows.for_each(|((o, &p), &c)| *o += u8::from(p * d > c * n));
        }
    }
    let mut w = 0u64;
    for (j, (o, &c)) in out.iter_mut().zip(b).enumerate() {
        let ok = (c != 0) & ((word >> j) & 1 == 1);
        *o &= 0u8.wrapping_sub(u8::from(ok));
        w |= u64::from(ok) << j;
    }
    w
}

/// Occupancy per row: `pop[i] / cap[i]` as [`Ratio::value`] of
/// [`occupancy`](crate::occupancy) gives it.
///
/// A row is valid in `validity_out` when it is valid in `validity_in` (every row without one)
/// and its capacity is not 0; invalid rows hold `0.0`.
///
/// # Errors
///
/// [`ErrorKind::LengthMismatch`] when `cap`, `out` or `validity_in` is not as long as `pop`.
///
/// ```
/// use overcrowding::metrics::columnar::{Validity, occupancy_into};
/// let mut out = [0.0; 2];
/// let mut valid = Validity::default();
/// occupancy_into(&[39_000, 1], &[27_000, 0], None, &mut out, &mut valid)?;
/// assert_eq!(out[0], 39_000.0 / 27_000.0);
/// assert_eq!((valid.is_valid(0), valid.is_valid(1), out[1]), (true, false, 0.0));
/// # Ok::<(), overcrowding::Error>(())
/// ```
pub fn occupancy_into(
    pop: &[u64],
    cap: &[u64],
    validity_in: Option<&Validity>,
    out: &mut [f64],
    validity_out: &mut Validity,
) -> Result<()> {
    map_chunks(
        "capacity",
        (pop, cap),
        validity_in,
        out,
        validity_out,
        |a, b, w, o| quotient_chunk(a, b, w, o, |_, d| d != 0),
    )
}

/// The occupancy percent rounded once from the exact counts, per row: bit for bit
/// [`Ratio::percent_rounded`]`(decimals)` of [`occupancy`](crate::occupancy) (the same
/// kernel: the float fast path where it provably decides, else the exact long division).
///
/// Validity as in [`occupancy_into`]; invalid rows hold `0.0`.
///
/// # Errors
///
/// [`ErrorKind::LengthMismatch`] when `cap`, `out` or `validity_in` is not as long as `pop`.
///
/// ```
/// use overcrowding::metrics::columnar::{Validity, percent_rounded_into};
/// let mut out = [0.0; 2];
/// let mut valid = Validity::default();
/// percent_rounded_into(&[8_521, 1], &[10_360, 16], 1, None, &mut out, &mut valid)?;
/// assert_eq!(out, [82.2, 6.3]); // BJS Kansas; 6.25 rounds half away from zero
/// # Ok::<(), overcrowding::Error>(())
/// ```
pub fn percent_rounded_into(
    pop: &[u64],
    cap: &[u64],
    decimals: u32,
    validity_in: Option<&Validity>,
    out: &mut [f64],
    validity_out: &mut Validity,
) -> Result<()> {
    map_chunks(
        "capacity",
        (pop, cap),
        validity_in,
        out,
        validity_out,
        |a, b, w, o| {
            per_row(a, b, w, o, 0.0, |n, d| {
                if d == 0 {
                    (0.0, false)
                } else {
                    (percent_rounded_u64(n, d, decimals), true)
                }
            })
        },
    )
}

/// The band level of `standard` per row: [`Standard::level_of`] of the occupancy (0 = no
/// threshold reached), by the same exact threshold comparison.
///
/// Validity as in [`occupancy_into`]; invalid rows hold 0.
///
/// # Errors
///
/// [`ErrorKind::LengthMismatch`] when `cap`, `out` or `validity_in` is not as long as `pop`;
/// [`ErrorKind::InvalidParameter`] when the standard has more than 255 thresholds (a level
/// would not fit a `u8`).
///
/// ```
/// use overcrowding::Standard;
/// use overcrowding::metrics::columnar::{Validity, band_level_into};
/// let mut out = [9u8; 3];
/// let mut valid = Validity::default();
/// band_level_into(&[99, 103, 106], &[100, 100, 100], &Standard::space_i(), None, &mut out, &mut valid)?;
/// assert_eq!(out, [0, 1, 2]);
/// # Ok::<(), overcrowding::Error>(())
/// ```
pub fn band_level_into(
    pop: &[u64],
    cap: &[u64],
    standard: &Standard,
    validity_in: Option<&Validity>,
    out: &mut [u8],
    validity_out: &mut Validity,
) -> Result<()> {
    let thresholds = standard.thresholds();
    if thresholds.len() > usize::from(u8::MAX) {
        return Err(Error::invalid(
            "thresholds of a standard",
            thresholds.len(),
            Constraint::AtMost { max: 255.0 },
        ));
    }
    let small: Option<Vec<U64Threshold>> = thresholds.iter().map(Threshold::as_u64).collect();
    match small {
        // The thresholds of a standard are in increasing order, so those reached are the
        // first ones: the level (the highest reached) is their number, counted without a
        // branch.
        Some(ts) => {
            // Thresholds whose terms are below 2^32: chunks of counts below 2^32 take the
            // vectorised u64 comparison (the same exact result as the u128 one).
            let parts: Vec<(u64, u64, bool)> = ts.iter().map(U64Threshold::parts).collect();
            let small = parts
                .iter()
                .all(|&(n, d, _)| n < SMALL_PRODUCT && d < SMALL_PRODUCT);
            map_chunks(
                "capacity",
                (pop, cap),
                validity_in,
                out,
                validity_out,
                |a, b, w, o| {
                    if small && a.iter().zip(b).fold(0u64, |m, (&x, &y)| m | x | y) < SMALL_PRODUCT
                    {
                        return band_chunk_small(a, b, w, o, &parts);
                    }
                    per_row(a, b, w, o, 0, |n, d| {
                        let level: u8 = ts.iter().map(|t| u8::from(t.is_reached_by(n, d))).sum();
                        (level, d != 0)
                    })
                },
            )
        }
        None => map_chunks(
            "capacity",
            (pop, cap),
            validity_in,
            out,
            validity_out,
            |a, b, w, o| {
                per_row(a, b, w, o, 0, |n, d| {
                    if d == 0 {
                        (0, false)
                    } else {
                        let level = level_reached_counts(thresholds, u128::from(n), u128::from(d));
                        (level as u8, true)
                    }
                })
            },
        ),
    }
}

/// Whether the occupancy reaches `threshold`, per row: [`Threshold::is_reached_by`], exactly.
///
/// Validity as in [`occupancy_into`]; invalid rows hold `false`.
///
/// # Errors
///
/// [`ErrorKind::LengthMismatch`] when `cap`, `out` or `validity_in` is not as long as `pop`.
///
/// ```
/// use overcrowding::Threshold;
/// use overcrowding::metrics::columnar::{Validity, above_threshold_into};
/// let plata = Threshold::above("Plata", 137.5)?;
/// let mut out = [true; 2];
/// let mut valid = Validity::default();
/// above_threshold_into(&[1_375, 1_376], &[1_000, 1_000], &plata, None, &mut out, &mut valid)?;
/// assert_eq!(out, [false, true]);
/// # Ok::<(), overcrowding::Error>(())
/// ```
pub fn above_threshold_into(
    pop: &[u64],
    cap: &[u64],
    threshold: &Threshold,
    validity_in: Option<&Validity>,
    out: &mut [bool],
    validity_out: &mut Validity,
) -> Result<()> {
    match threshold.as_u64() {
        Some(t) => map_chunks(
            "capacity",
            (pop, cap),
            validity_in,
            out,
            validity_out,
            |a, b, w, o| per_row(a, b, w, o, false, |n, d| (t.is_reached_by(n, d), d != 0)),
        ),
        None => map_chunks(
            "capacity",
            (pop, cap),
            validity_in,
            out,
            validity_out,
            |a, b, w, o| {
                per_row(a, b, w, o, false, |n, d| {
                    if d == 0 {
                        (false, false)
                    } else {
                        (
                            threshold.is_reached_by_counts(u128::from(n), u128::from(d)),
                            true,
                        )
                    }
                })
            },
        ),
    }
}

/// The people above capacity per row, `max(0, pop − cap)`: [`surplus`](crate::surplus).
///
/// A row is valid when it is valid in `validity_in` (a capacity of 0 is a valid surplus, as
/// in the scalar function); invalid rows hold 0.
///
/// # Errors
///
/// [`ErrorKind::LengthMismatch`] when `cap`, `out` or `validity_in` is not as long as `pop`.
///
/// ```
/// use overcrowding::metrics::columnar::{Validity, surplus_into};
/// let mut out = [0u64; 2];
/// let mut valid = Validity::default();
/// surplus_into(&[39_000, 90], &[27_000, 100], None, &mut out, &mut valid)?;
/// assert_eq!(out, [12_000, 0]);
/// # Ok::<(), overcrowding::Error>(())
/// ```
pub fn surplus_into(
    pop: &[u64],
    cap: &[u64],
    validity_in: Option<&Validity>,
    out: &mut [u64],
    validity_out: &mut Validity,
) -> Result<()> {
    map_chunks(
        "capacity",
        (pop, cap),
        validity_in,
        out,
        validity_out,
        |a, b, w, o| per_row(a, b, w, o, 0, |p, c| (super::surplus(p, c), true)),
    )
}

/// The pretrial share per row, `pretrial / total` as [`Ratio::value`] of
/// [`pretrial_share`](crate::pretrial_share).
///
/// A row is valid when it is valid in `validity_in`, `total > 0` and `pretrial ≤ total`
/// (where the scalar function returns a share); invalid rows hold `0.0`.
///
/// # Errors
///
/// [`ErrorKind::LengthMismatch`] when `total`, `out` or `validity_in` is not as long as
/// `pretrial`.
///
/// ```
/// use overcrowding::metrics::columnar::{Validity, pretrial_share_into};
/// let mut out = [0.0; 3];
/// let mut valid = Validity::default();
/// pretrial_share_into(&[13_650, 2, 0], &[39_000, 1, 0], None, &mut out, &mut valid)?;
/// assert_eq!(out[0], 0.35);
/// assert_eq!(valid.count_valid(), 1); // 2 > 1, and a total of 0
/// # Ok::<(), overcrowding::Error>(())
/// ```
pub fn pretrial_share_into(
    pretrial: &[u64],
    total: &[u64],
    validity_in: Option<&Validity>,
    out: &mut [f64],
    validity_out: &mut Validity,
) -> Result<()> {
    map_chunks(
        "total",
        (pretrial, total),
        validity_in,
        out,
        validity_out,
        |a, b, w, o| quotient_chunk(a, b, w, o, |p, t| (t != 0) & (p <= t)),
    )
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::{occupancy, pretrial_share, surplus};
    use proptest::prelude::*;

    #[test]
    fn length_mismatch_is_typed() {
        let mut out = [0.0; 2];
        let mut v = Validity::default();
        assert!(matches!(
            occupancy_into(&[1, 2], &[1, 2], None, &mut out[..1], &mut v)
                .as_ref()
                .map_err(|e| e.kind()),
            Err(ErrorKind::LengthMismatch {
                what: "output buffer",
                ..
            })
        ));
        let bad = Validity::all_valid(3);
        assert!(matches!(
            occupancy_into(&[1, 2], &[1, 2], Some(&bad), &mut out, &mut v)
                .as_ref()
                .map_err(|e| e.kind()),
            Err(ErrorKind::LengthMismatch {
                what: "input validity",
                ..
            })
        ));
    }

    #[test]
    fn validity_bits_past_the_end_are_clear() {
        let v = Validity::all_valid(65);
        assert_eq!(v.words(), &[u64::MAX, 1]);
        assert_eq!(Validity::all_valid(64).words(), &[u64::MAX]);
        assert_eq!(Validity::from_bools(&[true; 65]), v);
        assert_eq!(
            Validity::from_words(vec![u64::MAX, u64::MAX], 65).unwrap(),
            v
        );
    }

    /// Counts that reach every path: 0, small, near 2^53, near u64::MAX.
    fn count() -> impl Strategy<Value = u64> {
        prop_oneof![
            Just(0u64),
            Just(u64::MAX),
            0u64..10,
            0u64..20_000,
            (1u64 << 50)..(1u64 << 55),
            any::<u64>(),
        ]
    }

    pub(crate) fn rows() -> impl Strategy<Value = (Vec<u64>, Vec<u64>, Vec<bool>)> {
        prop::collection::vec((count(), count(), any::<bool>()), 0..200).prop_map(|v| {
            let (mut a, mut b, mut c) = (vec![], vec![], vec![]);
            for (x, y, z) in v {
                a.push(x);
                b.push(y);
                c.push(z);
            }
            (a, b, c)
        })
    }

    /// Rows whose counts are all below 2^32 (the vectorised fast paths of whole chunks), up
    /// to the edge, with capacities of 0.
    fn small_rows() -> impl Strategy<Value = (Vec<u64>, Vec<u64>, Vec<bool>)> {
        let small = || {
            prop_oneof![
                0u64..3,
                0u64..20_000,
                (1u64 << 32) - 1_000..(1u64 << 32),
                0u64..(1u64 << 32)
            ]
        };
        prop::collection::vec((small(), small(), any::<bool>()), 0..300).prop_map(|v| {
            let (mut a, mut b, mut c) = (vec![], vec![], vec![]);
            for (x, y, z) in v {
                a.push(x);
                b.push(y);
                c.push(z);
            }
            (a, b, c)
        })
    }

    fn threshold() -> impl Strategy<Value = Threshold> {
        (
            prop_oneof![Just(100.0), Just(137.5), Just(0.0), 0.0f64..1_000.0],
            any::<bool>(),
        )
            .prop_map(|(p, inclusive)| {
                if inclusive {
                    Threshold::at_least("t", p).unwrap()
                } else {
                    Threshold::above("t", p).unwrap()
                }
            })
    }

    /// An output value as its bits, to compare bit for bit.
    trait Bits: Copy {
        fn bits(self) -> u64;
    }
    impl Bits for f64 {
        fn bits(self) -> u64 {
            self.to_bits()
        }
    }
    impl Bits for u64 {
        fn bits(self) -> u64 {
            self
        }
    }
    impl Bits for u8 {
        fn bits(self) -> u64 {
            u64::from(self)
        }
    }
    impl Bits for bool {
        fn bits(self) -> u64 {
            u64::from(self)
        }
    }

    type Columnar<'a, T> =
        &'a dyn Fn(&[u64], &[u64], Option<&Validity>, &mut [T], &mut Validity) -> Result<()>;

    /// Runs `columnar` on the rows (with or without a bitmap) into a buffer filled with
    /// `fill`, and checks every row against `scalar`: the same validity, the same bits where
    /// valid, `invalid` elsewhere.
    fn agrees<T: Bits>(
        (a, b, ok): &(Vec<u64>, Vec<u64>, Vec<bool>),
        use_bitmap: bool,
        (fill, invalid): (T, T),
        columnar: Columnar<'_, T>,
        scalar: impl Fn(u64, u64) -> Option<T>,
    ) -> std::result::Result<(), TestCaseError> {
        let vin = use_bitmap.then(|| Validity::from_bools(ok));
        let mut out = vec![fill; a.len()];
        let mut v = Validity::default();
        columnar(a, b, vin.as_ref(), &mut out, &mut v).unwrap();
        let got: Vec<Option<u64>> = (0..a.len())
            .map(|i| v.is_valid(i).then_some(out[i].bits()))
            .collect();
        let want: Vec<Option<u64>> = (0..a.len())
            .map(|i| {
                scalar(a[i], b[i])
                    .filter(|_| !use_bitmap || ok[i])
                    .map(T::bits)
            })
            .collect();
        prop_assert_eq!(got, want);
        for i in (0..a.len()).filter(|&i| !v.is_valid(i)) {
            prop_assert_eq!(out[i].bits(), invalid.bits());
        }
        Ok(())
    }

    fn standard(which: usize, extra: Threshold) -> Standard {
        match which {
            0 => Standard::over_capacity(),
            1 => Standard::space_i(),
            2 => Standard::critical(),
            3 => Standard::brown_v_plata(),
            _ => Standard::new(
                "one",
                "below",
                crate::metrics::CapacityScope::Any,
                vec![extra],
            )
            .unwrap(),
        }
    }

    proptest! {
        #[test]
        fn slice_is_the_bitmap_of_the_rows(
            bits in proptest::collection::vec(any::<bool>(), 0..300),
            a in 0usize..300,
            b in 0usize..300,
        ) {
            let (lo, hi) = (a.min(b).min(bits.len()), a.max(b).min(bits.len()));
            let v = Validity::from_bools(&bits);
            prop_assert_eq!(v.slice(lo, hi - lo).unwrap(), Validity::from_bools(&bits[lo..hi]));
            prop_assert!(v.slice(lo, bits.len() - lo + 1).is_err());
        }

        #[test]
        fn occupancy_matches_scalar(rows in rows(), use_bitmap in any::<bool>()) {
            agrees(&rows, use_bitmap, (f64::NAN, 0.0), &occupancy_into, |p, c| {
                occupancy(p, c).ok().map(|r| r.value())
            })?;
        }

        #[test]
        fn percent_rounded_matches_scalar(
            rows in rows(), use_bitmap in any::<bool>(), decimals in 0u32..20,
        ) {
            agrees(
                &rows,
                use_bitmap,
                (f64::NAN, 0.0),
                &|a, b, vin, out, v| percent_rounded_into(a, b, decimals, vin, out, v),
                |p, c| occupancy(p, c).ok().map(|r| r.percent_rounded(decimals)),
            )?;
        }

        #[test]
        fn small_counts_match_scalar(
            rows in small_rows(), use_bitmap in any::<bool>(), which in 0usize..5, extra in threshold(),
        ) {
            let standard = standard(which, extra);
            agrees(
                &rows,
                use_bitmap,
                (u8::MAX, 0),
                &|a, b, vin, out, v| band_level_into(a, b, &standard, vin, out, v),
                |p, c| occupancy(p, c).ok().map(|r| standard.level_of(&r) as u8),
            )?;
            agrees(&rows, use_bitmap, (f64::NAN, 0.0), &occupancy_into, |p, c| {
                occupancy(p, c).ok().map(|r| r.value())
            })?;
        }

        #[test]
        fn band_level_matches_scalar(
            rows in rows(), use_bitmap in any::<bool>(), which in 0usize..5, extra in threshold(),
        ) {
            let standard = standard(which, extra);
            agrees(
                &rows,
                use_bitmap,
                (u8::MAX, 0),
                &|a, b, vin, out, v| band_level_into(a, b, &standard, vin, out, v),
                |p, c| occupancy(p, c).ok().map(|r| standard.level_of(&r) as u8),
            )?;
        }

        #[test]
        fn above_threshold_matches_scalar(
            rows in rows(), use_bitmap in any::<bool>(), t in threshold(),
        ) {
            agrees(
                &rows,
                use_bitmap,
                (true, false),
                &|a, b, vin, out, v| above_threshold_into(a, b, &t, vin, out, v),
                |p, c| occupancy(p, c).ok().map(|r| t.is_reached_by(&r)),
            )?;
        }

        #[test]
        fn surplus_matches_scalar(rows in rows(), use_bitmap in any::<bool>()) {
            agrees(&rows, use_bitmap, (u64::MAX, 0), &surplus_into, |p, c| Some(surplus(p, c)))?;
        }

        #[test]
        fn pretrial_share_matches_scalar(rows in rows(), use_bitmap in any::<bool>()) {
            agrees(&rows, use_bitmap, (f64::NAN, 0.0), &pretrial_share_into, |p, t| {
                pretrial_share(p, t).ok().map(|r| r.value())
            })?;
        }
    }
}
