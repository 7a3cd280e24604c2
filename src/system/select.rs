//! Internal helpers of the summary: the duplicate-id check and the top-k selection.

use std::cmp::Ordering;

use super::distribution::cmp_occ;
use super::observation::{FacilityOccupancy, ObservationRef, duplicate};
use crate::error::Result;
use crate::metrics::Ratio;
use crate::model::FacilityId;

/// A fast non-cryptographic hasher (FxHash's rotate-xor-multiply, 8 bytes at a time) for the
/// duplicate-id check: the ids are the caller's own data, and SipHash dominated the cost of a
/// summary over millions of rows.
#[derive(Default, Clone, Copy)]
struct IdHasher(u64);

impl std::hash::Hasher for IdHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(c);
            let w = u64::from_le_bytes(word);
            self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(K);
        }
        let mut tail = [0u8; 8];
        let rest = chunks.remainder();
        tail[..rest.len()].copy_from_slice(rest);
        self.0 =
            (self.0.rotate_left(5) ^ u64::from_le_bytes(tail) ^ rest.len() as u64).wrapping_mul(K);
    }
    fn write_u8(&mut self, i: u8) {
        self.0 = (self.0.rotate_left(5) ^ u64::from(i)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn finish(&self) -> u64 {
        // A full avalanche (MurmurHash3's fmix64): the multiply above only carries information
        // upwards, and the table indexes by the low bits.
        let mut x = self.0;
        x ^= x >> 33;
        x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
        x ^= x >> 33;
        x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        x ^ (x >> 33)
    }
}

/// Duplicate-id detection without a hash table: hash every id as it streams past, then sort
/// the hashes (sequential, cache-friendly) and compare the ids only where two hashes are
/// equal. Random probes into a table of millions of entries cost more than the whole rest of
/// a summary.
pub(crate) struct IdCheck<'a> {
    hashed: Vec<(u64, u32, &'a FacilityId)>,
}

impl<'a> IdCheck<'a> {
    pub(crate) fn with_capacity(n: usize) -> Self {
        IdCheck {
            hashed: Vec::with_capacity(n),
        }
    }

    pub(crate) fn push(&mut self, id: &'a FacilityId) {
        use std::hash::{Hash, Hasher};
        let mut h = IdHasher::default();
        id.hash(&mut h);
        // The position (saturating past u32::MAX rows) reports the first of two duplicates.
        let pos = u32::try_from(self.hashed.len()).unwrap_or(u32::MAX);
        self.hashed.push((h.finish(), pos, id));
    }

    pub(crate) fn check(mut self) -> Result<()> {
        self.hashed.sort_unstable_by_key(|&(h, pos, _)| (h, pos));
        let mut first_dup: Option<(u32, &FacilityId)> = None;
        // Runs of equal hashes are sorted by (id, position), so equal ids sit next to each
        // other: O(r log r) for a run of r, whatever the ids. Crafted ids that all hash alike
        // (hash flooding) cost a sort, never a comparison of every pair.
        for run in self.hashed.chunk_by_mut(|a, b| a.0 == b.0) {
            if run.len() < 2 {
                continue;
            }
            run.sort_unstable_by(|a, b| a.2.cmp(b.2).then(a.1.cmp(&b.1)));
            for group in run.chunk_by(|a, b| a.2 == b.2) {
                // The second appearance (by position) is the duplicate that is reported.
                if let [_, later, ..] = group
                    && first_dup.is_none_or(|(p, _)| later.1 < p)
                {
                    first_dup = Some((later.1, later.2));
                }
            }
        }
        match first_dup {
            Some((_, o)) => Err(duplicate(o)),
            None => Ok(()),
        }
    }
}

/// A bounded selection of the k most overcrowded facilities; ids are cloned only at the end.
pub(crate) struct TopK<'a> {
    k: usize,
    items: Vec<(ObservationRef<'a>, u64, u64)>,
    /// The k-th best after the last trim: an offer ranked below it can never be among the
    /// k best, and is turned away with one comparison (most offers, once the first trims
    /// have raised it).
    floor: Option<(ObservationRef<'a>, u64, u64)>,
}

impl<'a> TopK<'a> {
    pub(crate) fn new(k: usize) -> Self {
        TopK {
            k,
            items: Vec::new(),
            floor: None,
        }
    }

    /// Greater = more overcrowded.
    fn rank(a: &(ObservationRef<'_>, u64, u64), b: &(ObservationRef<'_>, u64, u64)) -> Ordering {
        cmp_occ((a.1, a.2), (b.1, b.2))
            .then(a.1.cmp(&b.1))
            .then_with(|| b.0.id.cmp(a.0.id))
    }

    #[inline]
    pub(crate) fn offer(&mut self, o: ObservationRef<'a>, p: u64, c: u64) {
        if self.k == 0 {
            return;
        }
        let item = (o, p, c);
        if let Some(floor) = &self.floor
            && Self::rank(&item, floor).is_lt()
        {
            return;
        }
        self.items.push(item);
        // Keep at most 2k, then trim to the best k: amortised O(1) per offer.
        if self.items.len() >= self.k.max(8).saturating_mul(2) {
            self.trim();
        }
    }

    fn trim(&mut self) {
        if self.items.len() > self.k {
            let k = self.k;
            self.items
                .select_nth_unstable_by(k - 1, |a, b| Self::rank(b, a));
            self.items.truncate(k);
            self.floor = self.items.get(k - 1).copied();
        }
    }

    pub(crate) fn into_sorted(mut self) -> Vec<FacilityOccupancy> {
        self.trim();
        self.items.sort_by(|a, b| Self::rank(b, a));
        self.items
            .into_iter()
            .map(|(o, p, c)| FacilityOccupancy {
                id: o.id.clone(),
                group: o.group.map(String::from),
                population: p,
                capacity: c,
                occupancy: Ratio::new(p, c).expect("capacity checked"),
            })
            .collect()
    }
}

#[cfg(test)]
mod flooding_tests {
    use super::*;
    use crate::system::FacilityObservation;

    /// Every id in one hash run (what crafted ids do to an unkeyed hash): the check sorts
    /// the run instead of comparing every pair (32k ids took 3.3 s before, pairwise).
    #[test]
    fn duplicate_id_check_survives_hash_flooding() {
        let obs: Vec<FacilityObservation> = (0..32_000)
            .map(|i| FacilityObservation::new(format!("{i:016}"), Some(1), Some(1)).unwrap())
            .collect();
        let mut check = IdCheck::with_capacity(obs.len() + 2);
        for (pos, o) in obs.iter().enumerate() {
            check.hashed.push((7, u32::try_from(pos).unwrap(), &o.id));
        }
        let t0 = std::time::Instant::now();
        assert!(check.check().is_ok());
        assert!(t0.elapsed().as_secs_f64() < 1.0, "{:?}", t0.elapsed());

        let extra = [
            FacilityObservation::new(format!("{:016}", 9), Some(1), Some(1)).unwrap(),
            FacilityObservation::new(format!("{:016}", 4), Some(1), Some(1)).unwrap(),
        ];
        let mut check = IdCheck::with_capacity(obs.len() + 2);
        for (pos, o) in obs.iter().chain(&extra).enumerate() {
            check.hashed.push((7, u32::try_from(pos).unwrap(), &o.id));
        }
        let err = check.check().unwrap_err();
        // The first repeated row by position is the one named.
        assert!(err.to_string().contains("0000000000000009"), "{err}");
    }
}
