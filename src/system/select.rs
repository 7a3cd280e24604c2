//! Internal helper of the summary: the top-k selection.

use std::cmp::Ordering;

use super::distribution::cmp_occ;
use super::observation::{FacilityOccupancy, ObservationRef};
use crate::metrics::Ratio;

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
