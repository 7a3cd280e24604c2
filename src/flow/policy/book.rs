//! The stays as the policy engine reads them: day numbers of admission, the start of the
//! sentenced part and release, the dense (facility, status) key of each legal-status
//! segment, and the class index.

use std::collections::HashMap;

use super::{HELD, day};
use crate::flow::stays::Stays;
use crate::model::{FacilityId, StatusGroup};

/// The status slot of a key: 0 for an unknown status, `1 + group` otherwise (the order of
/// the stays sweep's keys).
pub(crate) const UNKNOWN: u8 = 0;
// Release days come from the stays' columns, which mark a still-held stay as the policy
// engine does.
const _: () = assert!(HELD == i32::MAX);

/// Status slots: unknown and one per group.
const SLOTS: usize = 1 + StatusGroup::ALL.len();
const SENTENCED: u8 = 1 + StatusGroup::Sentenced as u8;
const UNTRIED: u8 = 1 + StatusGroup::Untried as u8;

pub(crate) fn slot_group(slot: u8) -> Option<StatusGroup> {
    match slot {
        0 => None,
        s => StatusGroup::ALL.get(usize::from(s - 1)).copied(),
    }
}

/// Columns of the stays, plus the key table. A stay with a known status has a pretrial
/// segment `[adm, sent)` and a sentenced segment `[sent, rel)`; a stay with an unknown
/// status has `sent = adm` and both keys the unknown one.
#[derive(Debug, Clone, Default)]
pub(crate) struct Book {
    pub(crate) adm: Vec<i32>,
    pub(crate) sent: Vec<i32>,
    pub(crate) rel: Vec<i32>,
    pub(crate) kp: Vec<u32>,
    pub(crate) ks: Vec<u32>,
    pub(crate) known: Vec<bool>,
    pub(crate) class: Vec<u32>,
    /// (facility index, status slot) of each key.
    pub(crate) keys: Vec<(u32, u8)>,
    pub(crate) facilities: Vec<FacilityId>,
    pub(crate) classes: Vec<String>,
    /// The key of each (facility, status slot), `u32::MAX` until used: a table, not a hash.
    slots: Vec<[u32; SLOTS]>,
    facility_index: HashMap<String, u32>,
}

impl Book {
    pub(crate) fn of(stays: &Stays) -> Book {
        let n = stays.accepted();
        let mut b = Book {
            adm: Vec::with_capacity(n),
            sent: Vec::with_capacity(n),
            rel: Vec::with_capacity(n),
            kp: Vec::with_capacity(n),
            ks: Vec::with_capacity(n),
            known: Vec::with_capacity(n),
            class: Vec::with_capacity(n),
            ..Book::default()
        };
        // The stays' own columns give each stay's days and a dense (facility, status) key:
        // the facility of a stay is one table lookup, not a hash of its name.
        let cols = stays.columns();
        let facility_of_key: Vec<u32> = cols.keys().iter().map(|(f, _)| b.facility(f)).collect();
        let mut classes: HashMap<String, u32> = HashMap::new();
        for (((s, &k), &a), &r) in stays
            .stays()
            .iter()
            .zip(cols.key())
            .zip(cols.admission())
            .zip(cols.release())
        {
            let f = facility_of_key[k as usize];
            let status_slot = s.status.map_or(UNKNOWN, |g| 1 + g as u8);
            let pretrial_group = matches!(
                s.status,
                Some(StatusGroup::Untried | StatusGroup::ConvictedUnsentenced)
            );
            let (known, sent, ps, ss) = match (s.sentenced, s.status) {
                (Some(d), _) => {
                    let ps = if pretrial_group { status_slot } else { UNTRIED };
                    let ss = if pretrial_group {
                        SENTENCED
                    } else {
                        status_slot
                    };
                    (true, day(d), ps, ss)
                }
                (None, Some(_)) if pretrial_group => (true, r, status_slot, SENTENCED),
                (None, Some(_)) => (true, a, UNTRIED, status_slot),
                (None, None) => (false, a, UNKNOWN, UNKNOWN),
            };
            let kp = b.key(f, ps);
            let ks = b.key(f, ss);
            let class = match &s.class {
                None => u32::MAX,
                Some(c) => {
                    let next = classes.len() as u32;
                    *classes.entry(c.clone()).or_insert_with(|| {
                        b.classes.push(c.clone());
                        next
                    })
                }
            };
            b.adm.push(a);
            b.sent.push(sent);
            b.rel.push(r);
            b.kp.push(kp);
            b.ks.push(ks);
            b.known.push(known);
            b.class.push(class);
        }
        b
    }

    /// The index of a facility, added if new.
    pub(crate) fn facility(&mut self, id: &FacilityId) -> u32 {
        if let Some(&f) = self.facility_index.get(id.as_str()) {
            return f;
        }
        let f = self.facilities.len() as u32;
        self.facilities.push(id.clone());
        self.facility_index.insert(id.as_str().to_owned(), f);
        f
    }

    /// The dense key of (facility, slot), added if new.
    #[inline]
    pub(crate) fn key(&mut self, facility: u32, slot: u8) -> u32 {
        let f = facility as usize;
        if self.slots.len() <= f {
            self.slots.resize(f + 1, [u32::MAX; SLOTS]);
        }
        let k = &mut self.slots[f][usize::from(slot)];
        if *k == u32::MAX {
            *k = self.keys.len() as u32;
            self.keys.push((facility, slot));
        }
        *k
    }

    /// The key of the pretrial (`true`) or sentenced segment of a stay in `facility` added by
    /// a policy (a surge admission or a recall).
    pub(crate) fn policy_key(&mut self, facility: u32, pretrial: bool) -> u32 {
        self.key(facility, if pretrial { UNTRIED } else { SENTENCED })
    }

    pub(crate) fn len(&self) -> usize {
        self.adm.len()
    }

    pub(crate) fn class_index(&self, class: &str) -> u32 {
        self.classes
            .iter()
            .position(|c| c == class)
            .map_or(u32::MAX - 1, |i| i as u32)
    }
}
