//! [`system_sums`]: the [`SystemOccupancy`] of the valid rows of two `u64` columns, summed in
//! `u64` with the overflow detected and only then widened — the columnar counterpart of
//! [`system_occupancy`] (its row metrics are in [`crate::metrics::columnar`]).

use crate::ErrorKind;
use crate::error::{Error, Result};
use crate::exact::Ratio;
use crate::metrics::columnar::{CHUNK, Validity, check_len};
use crate::system::{SystemOccupancy, system_occupancy};

/// The system summary of the valid `(pop, cap)` rows: the same [`SystemOccupancy`] as
/// [`system_occupancy`] on those pairs (Σpopulation, Σcapacity, surplus, facilities above
/// capacity and the people in them).
pub type SystemSums = SystemOccupancy;

/// Sums in `u64`, one chunk at a time, with the carries of Σpopulation and Σcapacity
/// detected; the surplus and the people in overcrowded facilities are at most Σpopulation,
/// so they cannot wrap when it does not.
#[derive(Default)]
struct U64Sums {
    facilities: u64,
    over: u64,
    population: u64,
    capacity: u64,
    people: u64,
    surplus: u64,
    overflow: bool,
    zero_capacity: bool,
}

impl U64Sums {
    /// Adds one chunk. When every count of the chunk is below 2^57, its 64 rows sum below
    /// 2^63 and cannot carry: the per-row carry checks are left out (`CHECK = false`).
    #[inline(always)]
    fn chunk(&mut self, pop: &[u64], cap: &[u64], word: u64) {
        const NO_CARRY: u64 = 1 << 57;
        if pop.iter().zip(cap).fold(0u64, |m, (&p, &c)| m | p | c) < NO_CARRY {
            self.chunk_rows::<false>(pop, cap, word);
        } else {
            self.chunk_rows::<true>(pop, cap, word);
        }
    }

    #[inline(always)]
    fn chunk_rows<const CHECK: bool>(&mut self, pop: &[u64], cap: &[u64], word: u64) {
        let mut s = U64Sums::default();
        for (j, (&p, &c)) in pop.iter().zip(cap).enumerate() {
            let bit = (word >> j) & 1;
            let mask = 0u64.wrapping_sub(bit);
            let (p, c) = (p & mask, c & mask);
            s.facilities += bit;
            s.zero_capacity |= (bit == 1) & (c == 0);
            let over = u64::from(p > c);
            s.over += over;
            s.people = s.people.wrapping_add(p & 0u64.wrapping_sub(over));
            s.surplus = s.surplus.wrapping_add(p.saturating_sub(c));
            if CHECK {
                let (np, op) = s.population.overflowing_add(p);
                let (nc, oc) = s.capacity.overflowing_add(c);
                (s.population, s.capacity) = (np, nc);
                s.overflow |= op | oc;
            } else {
                s.population = s.population.wrapping_add(p);
                s.capacity = s.capacity.wrapping_add(c);
            }
        }
        self.facilities += s.facilities;
        self.over += s.over;
        self.zero_capacity |= s.zero_capacity;
        let (np, op) = self.population.overflowing_add(s.population);
        let (nc, oc) = self.capacity.overflowing_add(s.capacity);
        (self.population, self.capacity) = (np, nc);
        self.overflow |= s.overflow | op | oc;
        self.people = self.people.wrapping_add(s.people);
        self.surplus = self.surplus.wrapping_add(s.surplus);
    }
}

/// The system summary of the valid rows, equal to [`system_occupancy`] on the valid
/// `(pop, cap)` pairs: one pass summing in `u64` with the overflow detected, and, only when
/// a sum overflows `u64`, a second pass in `u128` (by [`system_occupancy`] itself).
///
/// # Errors
///
/// [`ErrorKind::LengthMismatch`](crate::ErrorKind::LengthMismatch) when `cap` or `validity` is not as long as `pop`;
/// [`ErrorKind::Empty`](crate::ErrorKind::Empty) when no row is valid; [`ErrorKind::ZeroDenominator`](crate::ErrorKind::ZeroDenominator) when a valid row has a
/// capacity of 0 (mark a missing capacity invalid, it is not 0).
///
/// ```
/// use overcrowding::metrics::columnar::Validity;
/// use overcrowding::system::system_sums;
/// let valid = Validity::from_bools(&[true, true, false]);
/// let s = system_sums(&[120, 60, 7], &[100, 100, 0], Some(&valid))?;
/// assert_eq!(s.ratio.percent(), 90.0);
/// assert_eq!((s.surplus, s.overcrowded_facilities, s.people_in_overcrowded), (20, 1, 120));
/// assert_eq!(s, overcrowding::system_occupancy([(120, 100), (60, 100)])?);
/// # Ok::<(), overcrowding::Error>(())
/// ```
pub fn system_sums(pop: &[u64], cap: &[u64], validity: Option<&Validity>) -> Result<SystemSums> {
    check_len("capacity", pop.len(), cap.len())?;
    if let Some(v) = validity {
        check_len("validity", pop.len(), v.len())?;
    }
    let mut sums = U64Sums::default();
    for (k, (ca, cb)) in pop.chunks(CHUNK).zip(cap.chunks(CHUNK)).enumerate() {
        sums.chunk(ca, cb, Validity::word(validity, k));
    }
    if sums.zero_capacity {
        return Err(Error::from(ErrorKind::ZeroDenominator { what: "capacity" }));
    }
    if sums.facilities == 0 {
        return Err(Error::from(ErrorKind::Empty {
            what: "facility pairs",
        }));
    }
    if sums.overflow {
        return system_occupancy(
            pop.iter()
                .zip(cap)
                .enumerate()
                .filter(|&(i, _)| validity.is_none_or(|v| v.is_valid(i)))
                .map(|(_, (&p, &c))| (p, c)),
        );
    }
    let count = |n: u64| usize::try_from(n).expect("a row count fits usize");
    Ok(SystemOccupancy {
        ratio: Ratio::new(sums.population, sums.capacity)?,
        facilities: count(sums.facilities),
        overcrowded_facilities: count(sums.over),
        people_in_overcrowded: u128::from(sums.people),
        surplus: u128::from(sums.surplus),
        population: u128::from(sums.population),
        capacity: u128::from(sums.capacity),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::columnar::tests::rows;
    use proptest::prelude::*;

    #[test]
    fn sums_overflow_u64_and_widen() {
        let pop = [u64::MAX, u64::MAX, 5];
        let cap = [u64::MAX, 1, 7];
        let s = system_sums(&pop, &cap, None).unwrap();
        assert_eq!(s.population, 2 * u128::from(u64::MAX) + 5);
        assert_eq!(s.capacity, u128::from(u64::MAX) + 8);
        assert_eq!(s.surplus, u128::from(u64::MAX) - 1);
        assert_eq!(s.people_in_overcrowded, u128::from(u64::MAX));
        assert_eq!(s.overcrowded_facilities, 1);
        assert_eq!(
            s,
            system_occupancy(pop.iter().copied().zip(cap.iter().copied())).unwrap()
        );
    }

    #[test]
    fn sums_overflow_only_capacity_and_across_chunks() {
        // Each chunk alone fits u64; the total of the capacities does not.
        let n = 3 * CHUNK;
        let pop = vec![1u64; n];
        let mut cap = vec![1u64; n];
        cap[0] = u64::MAX / 2;
        cap[CHUNK] = u64::MAX / 2;
        cap[2 * CHUNK] = u64::MAX / 2;
        let s = system_sums(&pop, &cap, None).unwrap();
        assert_eq!(s.capacity, 3 * u128::from(u64::MAX / 2) + (n as u128 - 3));
        assert_eq!(s.population, n as u128);
    }

    #[test]
    fn sums_overflow_when_unchecked_chunks_add_up() {
        // Every count below 2^57 (no per-row check), the chunk sums near 2^63: the total of
        // three chunks carries when the chunks are added.
        let n = 3 * CHUNK;
        let big = (1u64 << 57) - 1;
        let pop = vec![big; n];
        let cap = vec![big - 1; n];
        let s = system_sums(&pop, &cap, None).unwrap();
        assert_eq!(s.population, n as u128 * u128::from(big));
        assert_eq!(s.capacity, n as u128 * u128::from(big - 1));
        assert_eq!(s.surplus, n as u128);
        assert_eq!(s.overcrowded_facilities, n);
        assert_eq!(
            s,
            system_occupancy(pop.iter().copied().zip(cap.iter().copied())).unwrap()
        );
    }

    #[test]
    fn sums_overflow_in_an_invalid_row_is_not_counted() {
        let valid = Validity::from_bools(&[true, false]);
        let s = system_sums(&[u64::MAX, u64::MAX], &[1, 1], Some(&valid)).unwrap();
        assert_eq!(s.population, u128::from(u64::MAX));
        assert_eq!(s.facilities, 1);
    }

    #[test]
    fn sums_errors() {
        assert!(matches!(
            system_sums(&[1, 2], &[1], None)
                .as_ref()
                .map_err(|e| e.kind()),
            Err(ErrorKind::LengthMismatch {
                expected: 2,
                found: 1,
                ..
            })
        ));
        assert!(matches!(
            system_sums(&[1], &[0], None).as_ref().map_err(|e| e.kind()),
            Err(ErrorKind::ZeroDenominator { .. })
        ));
        let none = Validity::all_invalid(1);
        assert!(matches!(
            system_sums(&[1], &[0], Some(&none))
                .as_ref()
                .map_err(|e| e.kind()),
            Err(ErrorKind::Empty { .. })
        ));
        assert!(matches!(
            system_sums(&[], &[], None).as_ref().map_err(|e| e.kind()),
            Err(ErrorKind::Empty { .. })
        ));
    }

    proptest! {
        #[test]
        fn system_sums_match_scalar((pop, cap, ok) in rows(), use_bitmap in any::<bool>()) {
            let vin = use_bitmap.then(|| Validity::from_bools(&ok));
            let got = system_sums(&pop, &cap, vin.as_ref());
            let want = system_occupancy(
                (0..pop.len()).filter(|&i| !use_bitmap || ok[i]).map(|i| (pop[i], cap[i])),
            );
            match (got, want) {
                (Ok(g), Ok(w)) => prop_assert_eq!(g, w),
                (Err(g), Err(w)) => {
                    prop_assert_eq!(std::mem::discriminant(g.kind()), std::mem::discriminant(w.kind()))
                }
                (g, w) => prop_assert!(false, "columnar {:?} vs scalar {:?}", g, w),
            }
        }
    }
}
