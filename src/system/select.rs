//! Internal helper of the summary: the top-k selection.

use std::cmp::Ordering;

use super::distribution::cmp_occ;
use super::observation::{FacilityOccupancy, SummaryColumns};
use crate::metrics::Ratio;

/// An offer: a row of the panel, its occupancy key (as [`Keyed`](super::quantile::Keyed)'s,
/// `u64::MAX` when its counts do not allow one) and its counts.
#[derive(Clone, Copy)]
struct Item {
    row: usize,
    key: u64,
    population: u64,
    capacity: u64,
}

/// A bounded selection of the k most overcrowded facilities; ids are looked up only for
/// ties and cloned only at the end.
pub(crate) struct TopK<'a, 'c> {
    k: usize,
    cols: &'c SummaryColumns<'a>,
    items: Vec<Item>,
    /// The k-th best after the last trim: an offer ranked below it can never be among the
    /// k best, and is turned away with one comparison (most offers, once the first trims
    /// have raised it).
    floor: Option<Item>,
}

impl<'a, 'c> TopK<'a, 'c> {
    pub(crate) fn new(k: usize, cols: &'c SummaryColumns<'a>) -> Self {
        TopK {
            k,
            cols,
            items: Vec::new(),
            floor: None,
        }
    }

    /// Greater = more overcrowded: occupancy, then population, then the smaller id.
    fn rank(cols: &SummaryColumns<'_>, a: &Item, b: &Item) -> Ordering {
        cmp_occ((a.population, a.capacity), (b.population, b.capacity))
            .then(a.population.cmp(&b.population))
            .then_with(|| cols.id(b.row).cmp(cols.id(a.row)))
    }

    /// Offers row `row` with counts `p`, `c` and occupancy key `key` (`u64::MAX`: no key —
    /// compared exactly).
    #[inline]
    pub(crate) fn offer(&mut self, row: usize, key: u64, p: u64, c: u64) {
        if self.k == 0 {
            return;
        }
        let item = Item {
            row,
            key,
            population: p,
            capacity: c,
        };
        if let Some(floor) = &self.floor {
            // Keys order as the exact occupancies wherever they differ (both keyed).
            if item.key < floor.key && floor.key != u64::MAX {
                return;
            }
            if Self::rank(self.cols, &item, floor).is_lt() {
                return;
            }
        }
        self.items.push(item);
        // Keep at most 2k, then trim to the best k: amortised O(1) per offer.
        if self.items.len() >= self.k.max(8).saturating_mul(2) {
            self.trim();
        }
    }

    fn trim(&mut self) {
        if self.items.len() > self.k {
            let (k, cols) = (self.k, self.cols);
            self.items
                .select_nth_unstable_by(k - 1, |a, b| Self::rank(cols, b, a));
            self.items.truncate(k);
            self.floor = self.items.get(k - 1).copied();
        }
    }

    pub(crate) fn into_sorted(mut self) -> Vec<FacilityOccupancy> {
        self.trim();
        let cols = self.cols;
        self.items.sort_by(|a, b| Self::rank(cols, b, a));
        self.items
            .into_iter()
            .map(|o| FacilityOccupancy {
                id: cols.id(o.row).clone(),
                group: cols.group(o.row).map(String::from),
                population: o.population,
                capacity: o.capacity,
                occupancy: Ratio::new(o.population, o.capacity).expect("capacity checked"),
            })
            .collect()
    }
}
