//! The stays as the policy engine reads them: day numbers of admission, the start of the
//! sentenced part and release, the dense (facility, status) key of each legal-status
//! segment, and the class index.
//!
//! The input stays are read from their own columns ([`StayColumns`], built once when the stays
//! were accepted): a run copies nothing per stay. Each column key (a facility and a status)
//! has two rules — with and without a sentenced date — that give a stay's segments and
//! their keys; the stays a policy adds (surge admissions) are kept apart.

use std::collections::HashMap;

use super::HELD;
use super::apply::Span3;
use crate::flow::Stream;
use crate::flow::stays::{NOT_SENTENCED, StayColumns, Stays};
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

/// Where the sentenced part of a stay starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SentFrom {
    /// The stay's sentenced date.
    Date,
    /// Its release: pretrial for the whole stay.
    Release,
    /// Its admission: sentenced (or unknown) for the whole stay.
    Admission,
}

/// How the stays of one column key, with or without a sentenced date, split into segments.
#[derive(Debug, Clone, Copy)]
struct Rule {
    kp: u32,
    ks: u32,
    known: bool,
    from: SentFrom,
}

/// One stay as the levers see it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Item {
    pub(crate) span: Span3,
    pub(crate) kp: u32,
    pub(crate) ks: u32,
    /// Admitted pretrial or sentenced; `None` for an unknown legal status.
    pub(crate) stream: Option<Stream>,
}

/// The stays of a run and the key table. A stay with a known status has a pretrial
/// segment `[adm, sent)` and a sentenced segment `[sent, rel)`; a stay with an unknown
/// status has `sent = adm` and both keys the unknown one.
#[derive(Debug, Clone)]
pub(crate) struct Book<'a> {
    cols: &'a StayColumns,
    /// Per column key: the rule without (`[0]`) and with (`[1]`) a sentenced date.
    rules: Vec<[Rule; 2]>,
    /// The stays a policy adds, after the input stays.
    extra: Vec<Item>,
    /// (facility index, status slot) of each key.
    pub(crate) keys: Vec<(u32, u8)>,
    pub(crate) facilities: Vec<FacilityId>,
    /// The key of each (facility, status slot), `u32::MAX` until used: a table, not a hash.
    slots: Vec<[u32; SLOTS]>,
    facility_index: HashMap<String, u32>,
}

impl<'a> Book<'a> {
    pub(crate) fn of(stays: &'a Stays) -> Book<'a> {
        let cols = stays.columns();
        let mut b = Book {
            cols,
            rules: Vec::with_capacity(cols.keys().len()),
            extra: Vec::new(),
            keys: Vec::new(),
            facilities: Vec::new(),
            slots: Vec::new(),
            facility_index: HashMap::new(),
        };
        for (f, status) in cols.keys() {
            let f = b.facility(f);
            let slot = status.map_or(UNKNOWN, |g| 1 + g as u8);
            let pretrial_group = matches!(
                status,
                Some(StatusGroup::Untried | StatusGroup::ConvictedUnsentenced)
            );
            let mut rule = |known, ps, ss, from| Rule {
                kp: b.key(f, ps),
                ks: b.key(f, ss),
                known,
                from,
            };
            let without = match status {
                Some(_) if pretrial_group => rule(true, slot, SENTENCED, SentFrom::Release),
                Some(_) => rule(true, UNTRIED, slot, SentFrom::Admission),
                None => rule(false, UNKNOWN, UNKNOWN, SentFrom::Admission),
            };
            let with = if pretrial_group {
                rule(true, slot, SENTENCED, SentFrom::Date)
            } else {
                rule(true, UNTRIED, slot, SentFrom::Date)
            };
            b.rules.push([without, with]);
        }
        b
    }

    /// Stay `i`: an input stay from the columns, then the added ones.
    #[inline]
    pub(crate) fn item(&self, i: usize) -> Item {
        let n = self.cols.key().len();
        if i >= n {
            return self.extra[i - n];
        }
        let (a, r, sd) = (
            self.cols.admission()[i],
            self.cols.release()[i],
            self.cols.sentenced()[i],
        );
        let rule = self.rules[self.cols.key()[i] as usize][usize::from(sd != NOT_SENTENCED)];
        let sent = match rule.from {
            SentFrom::Date => sd,
            SentFrom::Release => r,
            SentFrom::Admission => a,
        };
        Item {
            span: Span3 {
                adm: a,
                sent,
                rel: r,
            },
            kp: rule.kp,
            ks: rule.ks,
            stream: match (rule.known, sent > a) {
                (false, _) => None,
                (true, true) => Some(Stream::Pretrial),
                (true, false) => Some(Stream::Sentenced),
            },
        }
    }

    /// The class of stay `i` (`u32::MAX` for none).
    #[inline]
    pub(crate) fn class(&self, i: usize) -> u32 {
        self.cols.class(i)
    }

    /// Adds a stay (a surge admission).
    pub(crate) fn push(&mut self, item: Item) {
        self.extra.push(item);
    }

    /// The number of input stays.
    pub(crate) fn original(&self) -> usize {
        self.cols.key().len()
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
        self.original() + self.extra.len()
    }

    pub(crate) fn class_index(&self, class: &str) -> u32 {
        self.cols
            .classes()
            .iter()
            .position(|c| c == class)
            .map_or(u32::MAX - 1, |i| i as u32)
    }
}
