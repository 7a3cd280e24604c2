//! Applying one change to the live facility states.

use crate::ErrorKind;
use crate::error::Constraint;
use std::collections::BTreeMap;

use super::rebalance::{self, rebalance_plan};
use super::state::{Buckets, largest_remainder, split_proportional};
use super::{Change, FacilityState, ReleaseFrom, StatusGroup, Where};
use crate::error::{Error, Location, Result};
use crate::metrics::Percent;
use crate::model::FacilityId;
use crate::system::{SystemOccupancy, system_occupancy};

pub(super) fn add(a: u64, b: u64) -> Result<u64> {
    a.checked_add(b)
        .ok_or(Error::from(ErrorKind::Overflow { what: "people" }))
}

pub(super) fn system_of(states: &[FacilityState]) -> Result<SystemOccupancy> {
    system_occupancy(states.iter().map(|s| (s.population(), s.capacity())))
}

fn check_share(share: Percent, what: &'static str) -> Result<()> {
    if share.value() > 100.0 {
        return Err(Error::invalid(
            what,
            share,
            Constraint::AtMost { max: 100.0 },
        ));
    }
    Ok(())
}

/// `⌊share × n⌋`.
fn floor_share(share: Percent, n: u64) -> u64 {
    share
        .floor_share_of(n)
        .map_or(n, |x| x.min(n as u128) as u64)
}

type Live = Vec<Option<FacilityState>>;

fn index_of(live: &Live, ids: &BTreeMap<FacilityId, usize>, id: &FacilityId) -> Result<usize> {
    match ids.get(id) {
        Some(&i) if live[i].is_some() => Ok(i),
        Some(_) => Err(Error::invalid("facility", id, Constraint::Open)),
        None => Err(Error::invalid("facility", id, Constraint::Known)),
    }
}

fn scope(live: &Live, ids: &BTreeMap<FacilityId, usize>, w: &Where) -> Result<Vec<usize>> {
    match w {
        Where::Facility(id) => Ok(vec![index_of(live, ids, id)?]),
        Where::All => Ok((0..live.len()).filter(|&i| live[i].is_some()).collect()),
    }
}

fn get(live: &mut Live, i: usize) -> &mut FacilityState {
    live[i].as_mut().expect("index of an open facility")
}

/// Applies one change; returns (released, admitted, transferred).
pub(super) fn apply_change(
    live: &mut Live,
    ids: &BTreeMap<FacilityId, usize>,
    change: &Change,
) -> Result<(u64, u64, u64)> {
    match change {
        Change::Release {
            from,
            status,
            count,
        } => {
            release(live, ids, from, *status, *count)?;
            Ok((*count, 0, 0))
        }
        Change::ReleaseShare {
            from,
            status,
            share,
        } => {
            check_share(*share, "release share")?;
            let mut total = 0;
            for i in scope(live, ids, from)? {
                let s = get(live, i);
                let group = match status {
                    Some(g) => s.count(*g).ok_or_else(|| not_reported(s, *g))?,
                    None => s.population(),
                };
                let n = floor_share(*share, group);
                s.take_n(n, *status)?;
                total = add(total, n)?;
            }
            Ok((total, 0, 0))
        }
        Change::ClearBacklog {
            from,
            share,
            convicted,
        } => {
            check_share(*share, "backlog share")?;
            check_share(*convicted, "convicted share")?;
            let mut total = 0;
            for i in scope(live, ids, from)? {
                let s = get(live, i);
                let untried = s
                    .count(StatusGroup::Untried)
                    .ok_or_else(|| not_reported(s, StatusGroup::Untried))?;
                let tried = floor_share(*share, untried);
                let conv = floor_share(*convicted, tried);
                s.take_n(tried - conv, Some(StatusGroup::Untried))?;
                if s.count(StatusGroup::Sentenced).is_some() {
                    s.reclassify(conv, StatusGroup::Untried, StatusGroup::Sentenced)?;
                } else {
                    // Sentenced not reported: the convicted join the unreported residual.
                    let mut moved = [0u64; 5];
                    moved[StatusGroup::Untried.index()] = conv;
                    s.take(&moved, "untried")?;
                    s.receive(&[0, 0, 0, 0, conv])?;
                }
                total = add(total, tried - conv)?;
            }
            Ok((total, 0, 0))
        }
        Change::Admit { to, status, count } => {
            let i = index_of(live, ids, to)?;
            let s = get(live, i);
            let k = s.bucket_of(*status)?;
            let mut b = [0u64; 5];
            b[k] = *count;
            s.receive(&b)?;
            Ok((0, *count, 0))
        }
        Change::AddPlaces { facility, places } => {
            let i = index_of(live, ids, facility)?;
            let s = get(live, i);
            let cap = s
                .capacity()
                .checked_add(*places)
                .ok_or(Error::from(ErrorKind::Overflow { what: "capacity" }))?;
            s.set_capacity(cap);
            Ok((0, 0, 0))
        }
        Change::RemovePlaces { facility, places } => {
            let i = index_of(live, ids, facility)?;
            let s = get(live, i);
            if *places > s.capacity() {
                return Err(Error::from(ErrorKind::NegativeCount {
                    what: "capacity",
                    current: s.capacity(),
                    change: *places,
                })
                .at(s.location()));
            }
            if *places == s.capacity() {
                return Err(Error::invalid(
                    "places removed",
                    places,
                    Constraint::AtMost {
                        max: (s.capacity() - 1) as f64,
                    },
                )
                .at(Location::facility(s.id().as_str())));
            }
            let cap = s.capacity() - places;
            s.set_capacity(cap);
            Ok((0, 0, 0))
        }
        Change::Close { facility } => {
            let i = index_of(live, ids, facility)?;
            let closed = live[i].take().expect("open");
            let others: Vec<usize> = (0..live.len()).filter(|&j| live[j].is_some()).collect();
            if others.is_empty() {
                live[i] = Some(closed);
                return Err(Error::invalid(
                    "facility",
                    facility,
                    Constraint::NotLastOpen,
                ));
            }
            let moving = closed.population();
            let mut q: Vec<u128> = Vec::new();
            let mut c: Vec<u128> = Vec::new();
            let mut caps: Vec<u128> = Vec::new();
            for &j in &others {
                let s = live[j].as_ref().expect("open");
                q.push(s.population() as u128);
                c.push(s.capacity() as u128);
                caps.push(s.ceiling().map_or(u128::MAX, |l| l as u128));
            }
            let room =
                (0..q.len()).fold(0u128, |r, j| r.saturating_add(caps[j].saturating_sub(q[j])));
            if room < moving as u128 {
                return Err(Error::from(ErrorKind::LimitExceeded {
                    what: "people to rehouse after the closure", // room < moving ≤ u64::MAX here, so it fits.
                    limit: u64::try_from(room).unwrap_or(u64::MAX),
                    would_be: moving,
                })
                .at(closed.location()));
            }
            let before = q.clone();
            rebalance::place(&mut q, &c, &caps, moving as u128);
            let mut left = closed.buckets();
            for (x, &j) in others.iter().enumerate() {
                let m = (q[x] - before[x]) as u64;
                let part = split_proportional(m, &left);
                for k in 0..5 {
                    left[k] -= part[k];
                }
                get(live, j).receive(&part)?;
            }
            Ok((0, 0, moving))
        }
        Change::Transfer {
            from,
            to,
            count,
            status,
        } => {
            let (i, j) = (index_of(live, ids, from)?, index_of(live, ids, to)?);
            if i == j {
                return Err(Error::invalid(
                    "transfer destination",
                    to,
                    Constraint::DifferentFrom {
                        other: "origin",
                        value: from.to_string(),
                    },
                ));
            }
            transfer(live, i, j, *count, *status)?;
            Ok((0, 0, *count))
        }
        Change::Rebalance {
            transfers,
            objective,
        } => {
            let open: Vec<usize> = (0..live.len()).filter(|&j| live[j].is_some()).collect();
            let st: Vec<&FacilityState> = open
                .iter()
                .map(|&j| live[j].as_ref().expect("open"))
                .collect();
            let plan = rebalance_plan(
                &st.iter().map(|s| s.population()).collect::<Vec<_>>(),
                &st.iter().map(|s| s.capacity()).collect::<Vec<_>>(),
                &st.iter().map(|s| s.ceiling()).collect::<Vec<_>>(),
                *transfers,
                *objective,
            )?;
            for m in &plan.moves {
                let people = get(live, open[m.from]).take_n(m.count, None)?;
                get(live, open[m.to]).receive(&people)?;
            }
            Ok((0, 0, plan.transfers))
        }
    }
}

fn not_reported(s: &FacilityState, g: StatusGroup) -> Error {
    Error::invalid("legal status", g.name(), Constraint::Reported)
        .at(Location::facility(s.id().as_str()))
}

fn transfer(
    live: &mut Live,
    i: usize,
    j: usize,
    count: u64,
    status: Option<StatusGroup>,
) -> Result<()> {
    let to = live[j].as_ref().expect("open");
    if let Some(limit) = to.ceiling() {
        let would_be =
            to.population()
                .checked_add(count)
                .ok_or(Error::from(ErrorKind::Overflow {
                    what: "population after the transfer",
                }))?;
        if would_be > limit {
            return Err(Error::from(ErrorKind::LimitExceeded {
                what: "population after the transfer",
                limit,
                would_be,
            })
            .at(to.location()));
        }
    }
    let people: Buckets = get(live, i).take_n(count, status)?;
    get(live, j).receive(&people)
}

fn release(
    live: &mut Live,
    ids: &BTreeMap<FacilityId, usize>,
    from: &ReleaseFrom,
    status: Option<StatusGroup>,
    count: u64,
) -> Result<()> {
    let open: Vec<usize> = (0..live.len()).filter(|&j| live[j].is_some()).collect();
    let group_of = |s: &FacilityState| -> Result<u64> {
        match status {
            Some(g) => s.count(g).ok_or_else(|| not_reported(s, g)),
            None => Ok(s.population()),
        }
    };
    if let ReleaseFrom::Facility(id) = from {
        let i = index_of(live, ids, id)?;
        get(live, i).take_n(count, status)?;
        return Ok(());
    }
    // Spread over the system: every open facility must report the group.
    let mut available = 0u128;
    for &j in &open {
        available += group_of(live[j].as_ref().expect("open"))? as u128;
    }
    match from {
        ReleaseFrom::Facility(_) => unreachable!("handled above"),
        ReleaseFrom::Proportional | ReleaseFrom::MostOccupiedFirst if count as u128 > available => {
            return Err(Error::from(ErrorKind::NegativeCount {
                what: match status {
                    Some(g) => g.name(),
                    None => "system population",
                },
                current: u64::try_from(available).unwrap_or(u64::MAX),
                change: count,
            })
            .at(Location::default()));
        }
        ReleaseFrom::Proportional => {
            let weights: Vec<u64> = open
                .iter()
                .map(|&j| group_of(live[j].as_ref().expect("open")))
                .collect::<Result<_>>()?;
            let parts = largest_remainder(count, &weights);
            for (x, &j) in open.iter().enumerate() {
                get(live, j).take_n(parts[x], status)?;
            }
        }
        ReleaseFrom::MostOccupiedFirst => {
            // Counted per facility first (by level, see `level::shed`: the per-person greedy's
            // result in work that scales with the facilities), then taken at once (so the
            // status split is one proportional split per facility).
            let mut q = Vec::with_capacity(open.len());
            let mut c = Vec::with_capacity(open.len());
            let mut limit = Vec::with_capacity(open.len());
            for &j in &open {
                let s = get(live, j);
                q.push(u128::from(s.population()));
                c.push(u128::from(s.capacity()));
                limit.push(u128::from(group_of(s)?));
            }
            let before = q.clone();
            super::level::shed(&mut q, &c, &limit, u128::from(count));
            for (x, &j) in open.iter().enumerate() {
                let take = u64::try_from(before[x] - q[x]).map_err(|_| {
                    Error::from(ErrorKind::Overflow {
                        what: "people released from one facility",
                    })
                })?;
                get(live, j).take_n(take, status)?;
            }
        }
    }
    Ok(())
}
