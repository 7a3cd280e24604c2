//! [`FacilityState`]: one facility's population by legal status and its capacity of a named
//! kind, the unit a scenario changes.
//!
//! Why a type beside the table's [`Row`]: a row is a borrowed, read-only view of one facility
//! on one date, with every capacity kind and possibly missing numbers; a scenario needs an
//! owned, mutable state with both numbers present, one capacity kind, the people split into
//! five exact buckets (the four statuses and the unreported rest) and a ceiling. It is built
//! from a row ([`FacilityState::from_row`]) or by hand ([`FacilityState::new`]).

use crate::ErrorKind;
use crate::error::Constraint;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Location, Result};
use crate::metrics::Ratio;
use crate::model::{CapacityKind, FacilityId, LegalStatus, Row, StatusGroup};

/// People held in one facility split into five buckets: the four legal-status groups and the
/// people whose status is not reported.
pub(crate) type Buckets = [u64; 5];
pub(crate) const UNKNOWN: usize = 4;

/// A facility's state in a scenario: id, population (by legal status where reported),
/// capacity of a named kind, and an optional ceiling on what it may hold after receiving
/// transfers.
///
/// # Semantics
///
/// A legal-status component is either reported or not. People whose status is not reported
/// form a residual (`population − Σ reported components`); when all four components are
/// reported the residual is 0. A change that names a status needs that component to be
/// reported; a change that names none takes people from all groups in proportion to their
/// size (largest remainder, ties to the earlier group), so the status mix is kept up to
/// rounding.
///
/// ```
/// use overcrowding::{scenario::FacilityState, CapacityKind, LegalStatus, StatusGroup};
/// let s = FacilityState::new("CC1", CapacityKind::Design, 2_000, 3_000).unwrap()
///     .with_status(LegalStatus { untried: Some(1_050), ..LegalStatus::default() });
/// assert_eq!(s.count(StatusGroup::Untried), Some(1_050));
/// assert_eq!(s.count(StatusGroup::Sentenced), None);
/// assert_eq!(s.occupancy().percent_rounded(0), 150.0);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawFacilityState")]
pub struct FacilityState {
    id: FacilityId,
    kind: CapacityKind,
    capacity: u64,
    counts: [u64; 4],
    reported: [bool; 4],
    unknown: u64,
    ceiling: Option<u64>,
    /// Components given to [`FacilityState::with_status`] that do not fit the population:
    /// kept aside (the counts unchanged) and refused by [`FacilityState::check`].
    #[serde(skip)]
    refused: Option<LegalStatus>,
}

/// The serialised form of a [`FacilityState`], checked when read back: capacity ≥ 1, the
/// counts sum within `u64`, and a group not reported holds 0.
#[derive(Deserialize)]
struct RawFacilityState {
    id: FacilityId,
    kind: CapacityKind,
    capacity: u64,
    counts: [u64; 4],
    reported: [bool; 4],
    unknown: u64,
    ceiling: Option<u64>,
}

impl TryFrom<RawFacilityState> for FacilityState {
    type Error = Error;
    fn try_from(r: RawFacilityState) -> Result<Self> {
        if r.capacity == 0 {
            return Err(Error::from(ErrorKind::ZeroDenominator { what: "capacity" }));
        }
        r.counts
            .iter()
            .try_fold(r.unknown, |s, &c| s.checked_add(c))
            .ok_or(Error::from(ErrorKind::Overflow {
                what: "facility population",
            }))?;
        if let Some(k) = (0..4).find(|&k| !r.reported[k] && r.counts[k] > 0) {
            return Err(Error::invalid(
                status_what(k),
                r.counts[k],
                Constraint::OfReportedGroup,
            ));
        }
        Ok(FacilityState {
            id: r.id,
            kind: r.kind,
            capacity: r.capacity,
            counts: r.counts,
            reported: r.reported,
            unknown: r.unknown,
            ceiling: r.ceiling,
            refused: None,
        })
    }
}

impl FacilityState {
    /// A facility holding `population` people (status not reported) in `capacity` places of
    /// `kind`.
    ///
    /// # Errors
    ///
    /// As [`FacilityId::new`]; [`ErrorKind::ZeroDenominator`](crate::ErrorKind::ZeroDenominator) when `capacity` is 0.
    ///
    /// ```
    /// use overcrowding::{scenario::FacilityState, CapacityKind};
    /// let s = FacilityState::new("A", CapacityKind::Design, 100, 120).unwrap();
    /// assert_eq!(s.population(), 120);
    /// assert!(FacilityState::new("A", CapacityKind::Design, 0, 1).is_err());
    /// ```
    pub fn new(
        id: impl AsRef<str>,
        kind: CapacityKind,
        capacity: u64,
        population: u64,
    ) -> Result<FacilityState> {
        if capacity == 0 {
            return Err(Error::from(ErrorKind::ZeroDenominator { what: "capacity" }));
        }
        Ok(FacilityState {
            id: FacilityId::new(id)?,
            kind,
            capacity,
            counts: [0; 4],
            reported: [false; 4],
            unknown: population,
            ceiling: None,
            refused: None,
        })
    }

    /// The state of a panel's `row` (one facility on one date) against its capacity of
    /// `kind`, with its legal-status components: how a scenario starts from the table, e.g.
    /// `panel.on(date).iter().map(|r| FacilityState::from_row(r, &kind)).collect()`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::MissingCapacity`](crate::ErrorKind::MissingCapacity) when the row does not
    /// report that kind (never a fallback to another); [`ErrorKind::MissingValue`](crate::ErrorKind::MissingValue)
    /// when it reports no population.
    ///
    /// ```
    /// use overcrowding::{scenario::FacilityState, CapacityKind, LegalStatus, Panel, Population, Record, StatusGroup};
    /// let d = "2021-06-30".parse().unwrap();
    /// let kh = Record::new("KH", d)?
    ///     .with_population(Population::new(39_000, d).with_untried(13_650))
    ///     .with_capacity(CapacityKind::Design, 27_000);
    /// let p = Panel::new([kh])?;
    /// let s = FacilityState::from_row(p.row(0).unwrap(), &CapacityKind::Design)?;
    /// assert_eq!(s.occupancy().percent_rounded(1), 144.4);
    /// assert_eq!(s.count(StatusGroup::Untried), Some(13_650));
    /// assert!(FacilityState::from_row(p.row(0).unwrap(), &CapacityKind::Operational).is_err());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn from_row(row: Row<'_>, kind: &CapacityKind) -> Result<FacilityState> {
        // A scenario moves people one by one.
        row.count_unit()
            .require_whole("scenario facility's count unit")?;
        let Some(capacity) = row.capacity(kind) else {
            let available: Vec<String> = row
                .capacities()
                .filter(|(_, v)| v.is_some())
                .map(|(k, _)| k.to_string())
                .collect();
            return Err(Error::from(ErrorKind::MissingCapacity {
                facility: row.id().to_string(),
                kind: kind.to_string(),
                as_of: Some(row.date()),
                available,
            }));
        };
        let population = row.population_total().ok_or_else(|| {
            Error::from(ErrorKind::MissingValue { what: "population" }).at(row.location())
        })?;
        let state = FacilityState::new(row.id().as_str(), kind.clone(), capacity, population)?
            .with_status(row.legal_status());
        state.check().map_err(|e| e.at(row.location()))?;
        Ok(state)
    }

    /// Sets the legal-status components (checked against the population by
    /// [`FacilityState::check`], where the state is used: [`Scenario::apply`](super::Scenario::apply)).
    ///
    /// ```
    /// use overcrowding::{scenario::FacilityState, CapacityKind, LegalStatus};
    /// let s = FacilityState::new("A", CapacityKind::Design, 10, 10).unwrap();
    /// assert!(s.clone().with_status(LegalStatus { untried: Some(11), ..LegalStatus::default() }).check().is_err());
    /// let s = s.with_status(LegalStatus { untried: Some(4), sentenced: Some(6), ..LegalStatus::default() });
    /// assert_eq!(s.legal_status().sentenced, Some(6));
    /// ```
    pub fn with_status(mut self, status: LegalStatus) -> FacilityState {
        let total = self.population();
        if status.validate(total).is_err() {
            self.refused = Some(status);
            return self;
        }
        self.refused = None;
        let mut known = 0u64;
        for (k, (_, v)) in status.named().into_iter().enumerate() {
            self.reported[k] = v.is_some();
            self.counts[k] = v.unwrap_or(0);
            known += self.counts[k];
        }
        // Validated: the components sum to at most the population.
        self.unknown = total - known;
        self
    }

    /// Checks the legal-status components given to [`FacilityState::with_status`] against
    /// the population.
    ///
    /// # Errors
    ///
    /// As [`LegalStatus::validate`], at the facility.
    ///
    /// ```
    /// use overcrowding::{scenario::FacilityState, CapacityKind, LegalStatus};
    /// let s = FacilityState::new("A", CapacityKind::Design, 10, 10).unwrap();
    /// assert!(s.check().is_ok());
    /// let bad = s.with_status(LegalStatus { untried: Some(6), sentenced: Some(6), ..LegalStatus::default() });
    /// assert_eq!(bad.population(), 10); // the counts are left as they were
    /// assert!(bad.check().is_err());
    /// ```
    pub fn check(&self) -> Result<()> {
        match &self.refused {
            Some(status) => status
                .validate(self.population())
                .map_err(|e| e.at(crate::Location::facility(self.id.as_str()))),
            None => Ok(()),
        }
    }

    /// Sets a ceiling: the most people the facility may hold after receiving transfers (a
    /// security or staffing limit). It does not force a facility already above it to send.
    ///
    /// ```
    /// use overcrowding::{scenario::FacilityState, CapacityKind};
    /// let s = FacilityState::new("A", CapacityKind::Design, 10, 8).unwrap().with_ceiling(12);
    /// assert_eq!(s.ceiling(), Some(12));
    /// ```
    pub fn with_ceiling(mut self, ceiling: u64) -> FacilityState {
        self.ceiling = Some(ceiling);
        self
    }

    /// The facility id.
    ///
    /// ```
    /// # use overcrowding::{scenario::FacilityState, CapacityKind};
    /// assert_eq!(FacilityState::new("A", CapacityKind::Design, 1, 1).unwrap().id().as_str(), "A");
    /// ```
    pub fn id(&self) -> &FacilityId {
        &self.id
    }

    /// The capacity kind the occupancy is computed against.
    ///
    /// ```
    /// # use overcrowding::{scenario::FacilityState, CapacityKind};
    /// assert_eq!(FacilityState::new("A", CapacityKind::Rated, 1, 1).unwrap().kind(), &CapacityKind::Rated);
    /// ```
    pub fn kind(&self) -> &CapacityKind {
        &self.kind
    }

    /// The capacity (places).
    ///
    /// ```
    /// # use overcrowding::{scenario::FacilityState, CapacityKind};
    /// assert_eq!(FacilityState::new("A", CapacityKind::Design, 7, 1).unwrap().capacity(), 7);
    /// ```
    pub fn capacity(&self) -> u64 {
        self.capacity
    }

    /// The ceiling on receiving transfers, if any.
    ///
    /// ```
    /// # use overcrowding::{scenario::FacilityState, CapacityKind};
    /// assert_eq!(FacilityState::new("A", CapacityKind::Design, 7, 1).unwrap().ceiling(), None);
    /// ```
    pub fn ceiling(&self) -> Option<u64> {
        self.ceiling
    }

    /// People held.
    ///
    /// ```
    /// # use overcrowding::{scenario::FacilityState, CapacityKind};
    /// assert_eq!(FacilityState::new("A", CapacityKind::Design, 7, 9).unwrap().population(), 9);
    /// ```
    pub fn population(&self) -> u64 {
        self.counts.iter().sum::<u64>() + self.unknown
    }

    /// The count of a legal-status group, `None` when it is not reported.
    ///
    /// ```
    /// # use overcrowding::{scenario::FacilityState, CapacityKind, StatusGroup};
    /// let s = FacilityState::new("A", CapacityKind::Design, 7, 9).unwrap();
    /// assert_eq!(s.count(StatusGroup::Untried), None);
    /// ```
    pub fn count(&self, group: StatusGroup) -> Option<u64> {
        let k = group.index();
        self.reported[k].then_some(self.counts[k])
    }

    /// The legal-status components as a [`LegalStatus`].
    ///
    /// ```
    /// # use overcrowding::{scenario::FacilityState, CapacityKind, LegalStatus};
    /// let s = FacilityState::new("A", CapacityKind::Design, 7, 9).unwrap()
    ///     .with_status(LegalStatus { untried: Some(3), ..LegalStatus::default() });
    /// assert_eq!(s.legal_status().untried, Some(3));
    /// ```
    pub fn legal_status(&self) -> LegalStatus {
        let c = |k: usize| self.reported[k].then_some(self.counts[k]);
        LegalStatus {
            untried: c(0),
            convicted_unsentenced: c(1),
            under_appeal: c(2),
            sentenced: c(3),
        }
    }

    /// Occupancy: population ÷ capacity.
    ///
    /// ```
    /// # use overcrowding::{scenario::FacilityState, CapacityKind};
    /// let s = FacilityState::new("A", CapacityKind::Design, 27_000, 39_000).unwrap();
    /// assert_eq!(s.occupancy().percent_rounded(1), 144.4);
    /// ```
    pub fn occupancy(&self) -> Ratio {
        // capacity ≥ 1 by construction and on deserialisation.
        let capacity = std::num::NonZeroU128::new(u128::from(self.capacity))
            .unwrap_or(std::num::NonZeroU128::MIN);
        Ratio::of_nonzero(u128::from(self.population()), capacity)
    }

    pub(crate) fn buckets(&self) -> Buckets {
        let mut b = [0u64; 5];
        b[..4].copy_from_slice(&self.counts);
        b[UNKNOWN] = self.unknown;
        b
    }

    pub(crate) fn location(&self) -> Location {
        Location::facility(self.id.as_str())
    }

    pub(crate) fn is_reported(&self, group: StatusGroup) -> bool {
        self.reported[group.index()]
    }

    /// The bucket of a group, or an error when it is not reported.
    pub(crate) fn bucket_of(&self, group: Option<StatusGroup>) -> Result<usize> {
        match group {
            None => Ok(UNKNOWN),
            Some(g) if self.is_reported(g) => Ok(g.index()),
            Some(g) => Err(
                Error::invalid("legal status", g.name(), Constraint::Reported)
                    .at(Location::facility(self.id.as_str())),
            ),
        }
    }

    /// Takes the given numbers of people out of the buckets.
    pub(crate) fn take(&mut self, amounts: &Buckets, what: &'static str) -> Result<()> {
        let have = self.buckets();
        for k in 0..5 {
            if amounts[k] > have[k] {
                return Err(Error::from(ErrorKind::NegativeCount {
                    what: if k == UNKNOWN { what } else { status_what(k) },
                    current: have[k],
                    change: amounts[k],
                })
                .at(self.location()));
            }
        }
        for (c, a) in self.counts.iter_mut().zip(amounts) {
            *c -= a;
        }
        self.unknown -= amounts[UNKNOWN];
        Ok(())
    }

    /// Takes `n` people of `group` (or of any group, proportionally, when `None`).
    pub(crate) fn take_n(&mut self, n: u64, group: Option<StatusGroup>) -> Result<Buckets> {
        let amounts = match group {
            None => {
                let have = self.buckets();
                let total = self.population();
                if n > total {
                    return Err(Error::from(ErrorKind::NegativeCount {
                        what: "population",
                        current: total,
                        change: n,
                    })
                    .at(self.location()));
                }
                split_proportional(n, &have)
            }
            Some(_) => {
                let k = self.bucket_of(group)?;
                let mut a = [0u64; 5];
                a[k] = n;
                a
            }
        };
        self.take(&amounts, "population")?;
        Ok(amounts)
    }

    /// Adds people; those of a status this facility does not report join the residual. People
    /// of unknown status cannot join a facility that reports all four components.
    pub(crate) fn receive(&mut self, amounts: &Buckets) -> Result<()> {
        let incoming: u128 = amounts.iter().map(|&x| x as u128).sum();
        if amounts[UNKNOWN] > 0 && self.reported.iter().all(|&r| r) {
            return Err(Error::invalid(
                "people of unreported status in a transfer",
                amounts[UNKNOWN],
                Constraint::KnownStatus,
            )
            .at(Location::facility(self.id.as_str())));
        }
        u64::try_from(self.population() as u128 + incoming).map_err(|_| {
            Error::from(ErrorKind::Overflow {
                what: "facility population",
            })
        })?;
        for ((c, &r), a) in self.counts.iter_mut().zip(&self.reported).zip(amounts) {
            if r {
                *c += a;
            } else {
                self.unknown += a;
            }
        }
        self.unknown += amounts[UNKNOWN];
        Ok(())
    }

    /// Moves `n` people of `from` to `to` within the facility (e.g. untried → sentenced).
    pub(crate) fn reclassify(&mut self, n: u64, from: StatusGroup, to: StatusGroup) -> Result<()> {
        self.bucket_of(Some(to))?;
        self.take_n(n, Some(from))?;
        self.counts[to.index()] += n;
        Ok(())
    }

    pub(crate) fn set_capacity(&mut self, capacity: u64) {
        self.capacity = capacity;
    }
}

fn status_what(k: usize) -> &'static str {
    StatusGroup::ALL[k].name()
}

/// Splits `n ≤ Σ have` over the buckets in proportion to `have`: largest remainder, ties to
/// the earlier bucket. Each part is ≤ its bucket.
pub(crate) fn split_proportional(n: u64, have: &Buckets) -> Buckets {
    let mut out = [0u64; 5];
    for (o, part) in out.iter_mut().zip(largest_remainder(n, have)) {
        *o = part;
    }
    out
}

/// Splits `n ≤ Σ weights` in proportion to `weights`: largest remainder, ties to the earlier
/// entry; each part ≤ its weight. The one proportional split of the crate.
pub(crate) fn largest_remainder(n: u64, weights: &[u64]) -> Vec<u64> {
    let total: u128 = weights.iter().map(|&w| w as u128).sum();
    let mut out = vec![0u64; weights.len()];
    if total == 0 || n == 0 {
        return out;
    }
    let mut rems: Vec<(u128, usize)> = Vec::with_capacity(weights.len());
    let mut given = 0u64;
    for (k, &w) in weights.iter().enumerate() {
        let prod = n as u128 * w as u128;
        // prod / total ≤ w because n ≤ total: it fits a u64.
        out[k] = u64::try_from(prod / total).unwrap_or(w);
        given = given.saturating_add(out[k]);
        rems.push((prod % total, k));
    }
    rems.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for &(_, k) in rems.iter().take(n.saturating_sub(given) as usize) {
        out[k] += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proportional_split_is_exact() {
        assert_eq!(split_proportional(3, &[1, 1, 1, 1, 0]), [1, 1, 1, 0, 0]);
        assert_eq!(split_proportional(10, &[35, 0, 34, 31, 0]), [4, 0, 3, 3, 0]);
        assert_eq!(split_proportional(5, &[0, 0, 0, 0, 5]), [0, 0, 0, 0, 5]);
        for n in 0..=20 {
            let have = [7, 3, 0, 9, 1];
            let s = split_proportional(n, &have);
            assert_eq!(s.iter().sum::<u64>(), n);
            assert!((0..5).all(|k| s[k] <= have[k]));
        }
    }

    #[test]
    fn take_and_receive() {
        let mut s = FacilityState::new("A", CapacityKind::Design, 10, 10)
            .unwrap()
            .with_status(LegalStatus {
                untried: Some(4),
                convicted_unsentenced: Some(0),
                under_appeal: Some(0),
                sentenced: Some(6),
            });
        assert!(matches!(
            s.take_n(5, Some(StatusGroup::Untried))
                .as_ref()
                .map_err(|e| e.kind()),
            Err(ErrorKind::NegativeCount {
                current: 4,
                change: 5,
                ..
            })
        ));
        assert!(s.receive(&[0, 0, 0, 0, 1]).is_err());
        s.reclassify(4, StatusGroup::Untried, StatusGroup::Sentenced)
            .unwrap();
        assert_eq!(s.count(StatusGroup::Sentenced), Some(10));
    }
}
