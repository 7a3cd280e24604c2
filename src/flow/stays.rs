//! From person-level stays to daily populations, monthly flows and length of stay.
//!
//! # Semantics
//!
//! - A [`StayRecord`] is one stay: admission date, release date (or still held), facility and
//!   legal status. [`Stays::from_records`] accepts the good records and lists every bad one
//!   with its index and reason (missing admission date, release before admission, blank
//!   facility): nothing is dropped silently, `input = accepted + rejected`.
//! - A person is **held on day `d`** when `admission ≤ d < release` (a midnight count: the
//!   release day is not counted; a same-day stay is never in the daily population). People
//!   still held are counted up to the end of any window.
//! - [`Stays::daily_population`] sweeps the stays once: each stay contributes a `+1` at its
//!   (clipped) admission and a `−1` at its (clipped) release in the difference array of its
//!   (facility, status) key, then each array is prefix-summed: `O(n + D·k)` for `n` stays,
//!   `k` keys and `D` days, never a loop over the days of each stay, and no table larger
//!   than the `k × D` result (one per thread). The stays are kept as columns too (day
//!   numbers and a dense key, built once by [`Stays::from_records`]), so the sweep reads 12
//!   bytes a stay and looks nothing up.
//! - [`Stays::kaplan_meier`] counts the stays by length in days (lengths are bounded: `O(n +
//!   longest)`), falling back to a sort only when a stay is so long that a count per day
//!   would cost more; [`Stays::monthly_flows`] counts per month key.
//! - The three passes use the current rayon thread pool (one chunk of stays per thread,
//!   integer counts added up): the results are identical for any number of threads; run
//!   them inside a caller's `pool.install(..)` to choose the threads (one thread:
//!   sequential).
//! - Measured (`benches/projection.rs`, 10,000,000 stays over 10 years, 100 facilities, 3
//!   statuses, the 2-core machine idle): the daily population over the 3,653 days in
//!   0.15 s on one thread (68 M stays/s) and 0.083 s on two, 598× and 1,063× the naive
//!   per-day loop extrapolated from 100,000 stays; Kaplan–Meier in 0.040 s and 0.020 s (see
//!   `benches/README.md`).

mod columns;

use crate::error::{Constraint, ErrorKind, Location};
use std::collections::BTreeMap;
use std::sync::Arc;

use columns::Lengths;
pub(crate) use columns::{NOT_SENTENCED, StayColumns};
use jiff::civil::Date;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::FacilityId;
use crate::model::StatusGroup;

/// One stay, as read (possibly bad).
///
/// ```
/// use overcrowding::flow::stays::StayRecord;
/// let r = StayRecord::new(Some("2021-01-05".parse().unwrap()), None, "CC1", None);
/// assert!(r.release.is_none()); // still held
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StayRecord {
    /// Admission date (required).
    pub admission: Option<Date>,
    /// Release date; `None` while still held.
    pub release: Option<Date>,
    /// Facility id.
    pub facility: String,
    /// Legal status, if known.
    pub status: Option<StatusGroup>,
    /// The date the stay became sentenced, where the data has it: the stay is pretrial
    /// (not definitively sentenced) before it and sentenced from it. `None`: the status
    /// above holds for the whole stay.
    #[serde(default)]
    pub sentenced: Option<Date>,
    /// An optional class (offence class, bond band, sentence band …) a policy can target.
    #[serde(default)]
    pub class: Option<String>,
}

impl StayRecord {
    /// A record.
    ///
    /// ```
    /// let r = overcrowding::flow::stays::StayRecord::new(None, None, "A", None);
    /// assert_eq!(r.facility, "A");
    /// ```
    pub fn new(
        admission: Option<Date>,
        release: Option<Date>,
        facility: impl Into<String>,
        status: Option<StatusGroup>,
    ) -> StayRecord {
        StayRecord {
            admission,
            release,
            facility: facility.into(),
            status,
            sentenced: None,
            class: None,
        }
    }

    /// Adds the date the stay became sentenced (its legal-status segments: pretrial before,
    /// sentenced from it).
    ///
    /// ```
    /// use overcrowding::flow::stays::{StayRecord, Stays};
    /// let d = |s: &str| s.parse().unwrap();
    /// let r = StayRecord::new(Some(d("2021-01-05")), None, "CC1", None).with_sentenced(d("2021-03-01"));
    /// assert_eq!(Stays::from_records(&[r]).stays()[0].sentenced, Some(d("2021-03-01")));
    /// ```
    pub fn with_sentenced(mut self, date: Date) -> StayRecord {
        self.sentenced = Some(date);
        self
    }

    /// Adds a class a policy can target (e.g. an offence class).
    ///
    /// ```
    /// let r = overcrowding::flow::stays::StayRecord::new(None, None, "A", None).with_class("misdemeanour");
    /// assert_eq!(r.class.as_deref(), Some("misdemeanour"));
    /// ```
    pub fn with_class(mut self, class: impl Into<String>) -> StayRecord {
        self.class = Some(class.into());
        self
    }
}

/// A validated stay.
///
/// ```
/// # use overcrowding::flow::stays::*;
/// let s = Stays::from_records(&[StayRecord::new(Some("2021-01-05".parse().unwrap()), None, "CC1", None)]);
/// assert_eq!(s.stays()[0].facility.as_str(), "CC1");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stay {
    /// Admission date.
    pub admission: Date,
    /// Release date, `None` while still held; never before the admission.
    pub release: Option<Date>,
    /// Facility.
    pub facility: FacilityId,
    /// Legal status, if known.
    pub status: Option<StatusGroup>,
    /// The date the stay became sentenced (pretrial before it), where the data has it;
    /// never before the admission nor after the release.
    #[serde(default)]
    pub sentenced: Option<Date>,
    /// The class a policy can target, if any.
    #[serde(default)]
    pub class: Option<String>,
}

/// A rejected record: its 0-based index in the input, the record as given and the typed
/// error. The error's [`Location`] names the record's field as the column
/// (`admission`, `release`, `sentenced`, `facility`); a file reader replaces it with the file's
/// column and adds the line.
///
/// ```
/// use overcrowding::ErrorKind;
/// # use overcrowding::flow::stays::*;
/// let s = Stays::from_records(&[StayRecord::new(None, None, "A", None)]);
/// assert_eq!(s.rejects()[0].index(), 0);
/// assert!(matches!(s.rejects()[0].error().kind(), ErrorKind::MissingValue { what: "admission date" }));
/// assert_eq!(s.rejects()[0].error().to_string(), "column \"admission\": admission date is not reported");
/// ```
#[derive(Debug, Clone)]
pub struct StayReject {
    index: usize,
    record: StayRecord,
    // Shared, not copied: `Error` cannot be cloned.
    error: Arc<Error>,
}

/// Two rejects are equal when they have the same index, record and message.
impl PartialEq for StayReject {
    fn eq(&self, other: &StayReject) -> bool {
        self.index == other.index
            && self.record == other.record
            && self.error.to_string() == other.error.to_string()
    }
}

impl Eq for StayReject {}

impl StayReject {
    /// The 0-based index of the record in the input.
    ///
    /// See [`StayReject`] for an example.
    pub fn index(&self) -> usize {
        self.index
    }

    /// The record as given.
    ///
    /// ```
    /// # use overcrowding::flow::stays::*;
    /// let s = Stays::from_records(&[StayRecord::new(None, None, "A", None)]);
    /// assert_eq!(s.rejects()[0].record().facility.len(), 1);
    /// ```
    pub fn record(&self) -> &StayRecord {
        &self.record
    }

    /// The typed error (its kind, and the record's field as its location's column).
    ///
    /// ```
    /// use overcrowding::error::Constraint;
    /// # use overcrowding::flow::stays::*;
    /// let d = |s: &str| Some(s.parse().unwrap());
    /// let s = Stays::from_records(&[StayRecord::new(d("2021-01-05"), d("2021-01-04"), "A", None)]);
    /// let e = s.rejects()[0].error();
    /// assert_eq!(e.value(), Some("2021-01-04"));
    /// assert!(matches!(e.constraint(), Some(Constraint::NotBeforeOther { other: "admission date", .. })));
    /// ```
    pub fn error(&self) -> &Error {
        &self.error
    }
}

/// A field of a [`StayRecord`]: where a record's error is, named as a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Field {
    Admission,
    Release,
    Sentenced,
    Facility,
}

impl Field {
    /// The field's name, as the column of a record's error.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Field::Admission => "admission",
            Field::Release => "release",
            Field::Sentenced => "sentenced",
            Field::Facility => "facility",
        }
    }
}

/// The stay of a record, or the field it fails on and the typed error.
pub(crate) fn check(r: &StayRecord) -> std::result::Result<Stay, (Field, Error)> {
    let fail =
        |field: Field, e: Error| (field, e.at(Location::default().with_column(field.name())));
    let Some(admission) = r.admission else {
        let e = Error::from(ErrorKind::MissingValue {
            what: "admission date",
        });
        return Err(fail(Field::Admission, e));
    };
    let not_before = |what: &'static str, value: Date, other: &'static str, bound: Date| {
        Error::invalid(
            what,
            value,
            Constraint::NotBeforeOther {
                other,
                bound: bound.to_string(),
            },
        )
    };
    if let Some(release) = r.release
        && release < admission
    {
        let e = not_before("release date", release, "admission date", admission);
        return Err(fail(Field::Release, e));
    }
    if let Some(sentenced) = r.sentenced {
        if sentenced < admission {
            let e = not_before("sentenced date", sentenced, "admission date", admission);
            return Err(fail(Field::Sentenced, e));
        }
        if let Some(release) = r.release
            && sentenced > release
        {
            let e = Error::invalid(
                "sentenced date",
                sentenced,
                Constraint::NotAfterOther {
                    other: "release date",
                    bound: release.to_string(),
                },
            );
            return Err(fail(Field::Sentenced, e));
        }
    }
    let facility = FacilityId::new(&r.facility).map_err(|e| fail(Field::Facility, e))?;
    Ok(Stay {
        admission,
        release: r.release,
        facility,
        status: r.status,
        sentenced: r.sentenced,
        class: r.class.clone(),
    })
}

impl From<&Stay> for StayRecord {
    fn from(s: &Stay) -> StayRecord {
        StayRecord {
            admission: Some(s.admission),
            release: s.release,
            facility: s.facility.as_str().to_string(),
            status: s.status,
            sentenced: s.sentenced,
            class: s.class.clone(),
        }
    }
}

/// Accepted stays and the reject report.
///
/// ```
/// use overcrowding::flow::stays::{Stays, StayRecord};
/// let d = |s: &str| Some(s.parse().unwrap());
/// let s = Stays::from_records(&[
///     StayRecord::new(d("2021-01-01"), d("2021-01-11"), "A", None),
///     StayRecord::new(d("2021-01-10"), d("2021-01-09"), "A", None), // release before admission
/// ]);
/// assert_eq!((s.input(), s.accepted(), s.rejects().len()), (2, 1, 1));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(try_from = "RawStays")]
pub struct Stays {
    stays: Vec<Stay>,
    rejects: Vec<StayReject>,
    input: usize,
    /// The stays as columns for the sweeps (rebuilt when read back).
    #[serde(skip)]
    columns: StayColumns,
}

/// The serialised form of [`Stays`]: the accepted stays, the rejected records with their
/// index, and the number of records in. Read back, the records are put in their places and
/// validated again (the same checks, so the same stays and typed rejects), after checking
/// that every record in is either accepted or rejected.
#[derive(Serialize, Deserialize)]
struct RawStays {
    stays: Vec<Stay>,
    rejects: Vec<RawReject>,
    input: usize,
}

/// A rejected record as written: its index and the record.
#[derive(Serialize, Deserialize)]
struct RawReject {
    index: usize,
    record: StayRecord,
}

impl Serialize for Stays {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        RawStays {
            stays: self.stays.clone(),
            rejects: self
                .rejects
                .iter()
                .map(|r| RawReject {
                    index: r.index,
                    record: r.record.clone(),
                })
                .collect(),
            input: self.input,
        }
        .serialize(serializer)
    }
}

impl TryFrom<RawStays> for Stays {
    type Error = Error;
    fn try_from(r: RawStays) -> Result<Self> {
        // Checked before anything is allocated for `input` records.
        if r.stays.len().checked_add(r.rejects.len()) != Some(r.input) {
            return Err(Error::invalid(
                "stay records in (accepted + rejected)",
                r.input,
                Constraint::Equals {
                    expected: r.stays.len().saturating_add(r.rejects.len()) as f64,
                },
            ));
        }
        let mut records: Vec<Option<StayRecord>> = vec![None; r.input];
        for reject in r.rejects {
            match records.get_mut(reject.index) {
                Some(slot @ None) => *slot = Some(reject.record),
                Some(Some(_)) => {
                    return Err(Error::invalid(
                        "rejected stay record index",
                        reject.index,
                        Constraint::Unique,
                    ));
                }
                None => {
                    return Err(Error::invalid(
                        "rejected stay record index",
                        reject.index,
                        Constraint::Between {
                            min: 0.0,
                            max: (r.input - 1) as f64,
                        },
                    ));
                }
            }
        }
        // The accepted stays fill the other places in order (as many as there are places).
        let mut stays = r.stays.iter();
        let records: Vec<StayRecord> = records
            .into_iter()
            .filter_map(|slot| slot.or_else(|| stays.next().map(StayRecord::from)))
            .collect();
        Ok(Stays::from_records(&records))
    }
}

/// Daily population by (facility, status) over a window of days.
///
/// ```
/// use overcrowding::flow::stays::{Stays, StayRecord};
/// let d = |s: &str| s.parse().unwrap();
/// let s = Stays::from_records(&[StayRecord::new(Some(d("2021-01-02")), Some(d("2021-01-04")), "A", None)]);
/// let p = s.daily_population(d("2021-01-01"), d("2021-01-05")).unwrap();
/// assert_eq!(p.total(), vec![0, 1, 1, 0, 0]); // held on the 2nd and 3rd, not the 4th
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DailyPopulation {
    /// First day of the window.
    pub from: Date,
    /// Number of days in the window.
    pub days: usize,
    /// One count per day for each (facility, status) key with at least one stay overlapping
    /// the window.
    pub by_key: BTreeMap<(FacilityId, Option<StatusGroup>), Vec<u64>>,
}

impl DailyPopulation {
    /// The total held each day.
    ///
    /// ```
    /// # use overcrowding::flow::stays::*;
    /// # let d = |s: &str| s.parse().unwrap();
    /// let s = Stays::from_records(&[StayRecord::new(Some(d("2021-01-01")), None, "A", None),
    ///                              StayRecord::new(Some(d("2021-01-02")), None, "B", None)]);
    /// assert_eq!(s.daily_population(d("2021-01-01"), d("2021-01-03")).unwrap().total(), vec![1, 2, 2]);
    /// ```
    pub fn total(&self) -> Vec<u64> {
        let mut out = vec![0u64; self.days];
        for v in self.by_key.values() {
            for (o, x) in out.iter_mut().zip(v) {
                *o += x;
            }
        }
        out
    }

    /// The total held in one facility each day (all statuses); zeros if it has no stays.
    ///
    /// ```
    /// # use overcrowding::flow::stays::*;
    /// # let d = |s: &str| s.parse().unwrap();
    /// let s = Stays::from_records(&[StayRecord::new(Some(d("2021-01-01")), None, "A", None)]);
    /// let p = s.daily_population(d("2021-01-01"), d("2021-01-02")).unwrap();
    /// assert_eq!(p.facility("A"), vec![1, 1]);
    /// assert_eq!(p.facility("B"), vec![0, 0]);
    /// ```
    pub fn facility(&self, id: &str) -> Vec<u64> {
        let mut out = vec![0u64; self.days];
        for ((f, _), v) in &self.by_key {
            if f.as_str() == id {
                for (o, x) in out.iter_mut().zip(v) {
                    *o += x;
                }
            }
        }
        out
    }

    /// The total held in one status group each day (all facilities; `None`: stays without
    /// a known status); zeros if the group has no stays.
    ///
    /// ```
    /// # use overcrowding::flow::stays::*;
    /// use overcrowding::StatusGroup;
    /// # let d = |s: &str| s.parse().unwrap();
    /// let s = Stays::from_records(&[
    ///     StayRecord::new(Some(d("2021-01-01")), None, "A", Some(StatusGroup::Untried)),
    ///     StayRecord::new(Some(d("2021-01-02")), None, "B", Some(StatusGroup::Untried)),
    ///     StayRecord::new(Some(d("2021-01-01")), None, "B", Some(StatusGroup::Sentenced)),
    /// ]);
    /// let p = s.daily_population(d("2021-01-01"), d("2021-01-02")).unwrap();
    /// assert_eq!(p.status(Some(StatusGroup::Untried)), vec![1, 2]);
    /// assert_eq!(p.status(Some(StatusGroup::Sentenced)), vec![1, 1]);
    /// assert_eq!(p.status(None), vec![0, 0]);
    /// ```
    pub fn status(&self, group: Option<StatusGroup>) -> Vec<u64> {
        let mut out = vec![0u64; self.days];
        for ((_, g), v) in &self.by_key {
            if *g == group {
                for (o, x) in out.iter_mut().zip(v) {
                    *o += x;
                }
            }
        }
        out
    }
}

/// Admissions and releases in one calendar month.
///
/// ```
/// # use overcrowding::flow::stays::*;
/// # let d = |s: &str| Some(s.parse().unwrap());
/// let s = Stays::from_records(&[StayRecord::new(d("2021-01-31"), d("2021-02-01"), "A", None)]);
/// let f = s.monthly_flows();
/// assert_eq!((f[0].month, f[0].admissions, f[0].releases), (1, 1, 0));
/// assert_eq!((f[1].month, f[1].admissions, f[1].releases), (2, 0, 1));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthFlow {
    /// Year.
    pub year: i16,
    /// Month, 1–12.
    pub month: i8,
    /// Admissions dated in the month.
    pub admissions: u64,
    /// Releases dated in the month.
    pub releases: u64,
}

/// One step of a Kaplan–Meier curve: at `day` (length of stay in days), `events` stays ended
/// out of `at_risk`.
///
/// ```
/// # use overcrowding::flow::stays::*;
/// # let d = |s: &str| Some(s.parse().unwrap());
/// let s = Stays::from_records(&[StayRecord::new(d("2021-01-01"), d("2021-01-11"), "A", None)]);
/// let km = s.kaplan_meier("2021-12-31".parse().unwrap()).unwrap();
/// assert_eq!((km.steps[0].day, km.steps[0].at_risk, km.steps[0].survival), (10, 1, 0.0));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct KmStep {
    /// Length of stay in days.
    pub day: u32,
    /// Stays still running just before `day` (lengths ≥ `day`).
    pub at_risk: u64,
    /// Stays ending at `day`.
    pub events: u64,
    /// `S(day)`: the estimated share of stays longer than `day` days.
    pub survival: f64,
}

/// A Kaplan–Meier length-of-stay curve.
///
/// ```
/// # use overcrowding::flow::stays::*;
/// # let d = |s: &str| Some(s.parse().unwrap());
/// let s = Stays::from_records(&[
///     StayRecord::new(d("2021-01-01"), d("2021-01-11"), "A", None),
///     StayRecord::new(d("2021-01-01"), None, "A", None),
/// ]);
/// let km = s.kaplan_meier("2021-03-01".parse().unwrap()).unwrap();
/// assert_eq!((km.events, km.censored), (1, 1));
/// assert_eq!(km.survival_at(10), 0.5);
/// assert_eq!(km.median_days(), Some(10));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KaplanMeier {
    /// The steps, one per distinct event length.
    pub steps: Vec<KmStep>,
    /// Stays used.
    pub n: u64,
    /// Stays ended by `as_of`.
    pub events: u64,
    /// Stays censored at `as_of` (still held, or released after it).
    pub censored: u64,
    /// Stays admitted after `as_of`, left out.
    pub admitted_after_as_of: u64,
}

impl KaplanMeier {
    /// `S(day)`: the estimated share of stays longer than `day` days (1 before the first
    /// event).
    ///
    /// ```
    /// # use overcrowding::flow::stays::*;
    /// # let d = |s: &str| Some(s.parse().unwrap());
    /// let s = Stays::from_records(&[StayRecord::new(d("2021-01-01"), d("2021-01-11"), "A", None)]);
    /// let km = s.kaplan_meier("2021-12-31".parse().unwrap()).unwrap();
    /// assert_eq!((km.survival_at(9), km.survival_at(10)), (1.0, 0.0));
    /// ```
    pub fn survival_at(&self, day: u32) -> f64 {
        match self.steps.partition_point(|s| s.day <= day) {
            0 => 1.0,
            i => self.steps[i - 1].survival,
        }
    }

    /// The median length of stay: the first day with `S ≤ 0.5`; `None` if the curve stays
    /// above one half (too much censoring to tell).
    ///
    /// ```
    /// # use overcrowding::flow::stays::*;
    /// # let d = |s: &str| Some(s.parse().unwrap());
    /// let s = Stays::from_records(&[StayRecord::new(d("2021-01-01"), None, "A", None)]);
    /// assert_eq!(s.kaplan_meier("2021-12-31".parse().unwrap()).unwrap().median_days(), None);
    /// ```
    pub fn median_days(&self) -> Option<u32> {
        self.steps.iter().find(|s| s.survival <= 0.5).map(|s| s.day)
    }

    /// The survival at the end of each month of `days_per_month` days, `S(m·days)` for
    /// `m = 1..=months`, ready for
    /// [`StayDistribution::from_survival`](crate::flow::StayDistribution::from_survival).
    ///
    /// ```
    /// # use overcrowding::flow::stays::*;
    /// # let d = |s: &str| Some(s.parse().unwrap());
    /// let s = Stays::from_records(&[StayRecord::new(d("2021-01-01"), d("2021-01-11"), "A", None),
    ///                              StayRecord::new(d("2021-01-01"), d("2021-03-01"), "A", None)]);
    /// let km = s.kaplan_meier("2021-12-31".parse().unwrap()).unwrap();
    /// assert_eq!(km.monthly_survival(30, 2), vec![0.5, 0.0]); // stays of 10 and 59 days
    /// ```
    pub fn monthly_survival(&self, days_per_month: u32, months: usize) -> Vec<f64> {
        (1..=months as u32)
            .map(|m| self.survival_at(m.saturating_mul(days_per_month)))
            .collect()
    }
}

/// Days since 1970-01-01 (proleptic Gregorian; H. Hinnant's `days_from_civil`).
pub(crate) fn day_number(d: Date) -> i64 {
    let (y, m, dd) = (
        i64::from(d.year()),
        i64::from(d.month()),
        i64::from(d.day()),
    );
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + dd - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

impl Stays {
    /// Validates the records: good ones are kept, bad ones reported by index.
    ///
    /// ```
    /// use overcrowding::flow::stays::{Stays, StayRecord};
    /// let s = Stays::from_records(&[StayRecord::new(Some("2021-01-01".parse().unwrap()), None, " ", None)]);
    /// assert_eq!(s.rejects()[0].error().location().and_then(|l| l.column.as_deref()), Some("facility"));
    /// ```
    pub fn from_records(records: &[StayRecord]) -> Stays {
        let mut stays = Vec::with_capacity(records.len());
        let mut rejects = Vec::new();
        for (index, r) in records.iter().enumerate() {
            match check(r) {
                Ok(stay) => stays.push(stay),
                Err((_, error)) => rejects.push(StayReject {
                    index,
                    record: r.clone(),
                    error: Arc::new(error),
                }),
            }
        }
        Stays {
            columns: StayColumns::of(&stays),
            stays,
            rejects,
            input: records.len(),
        }
    }

    /// The stays as columns (day numbers and a dense facility-and-status key per stay),
    /// built once when the stays were accepted.
    pub(crate) fn columns(&self) -> &StayColumns {
        &self.columns
    }

    /// The accepted stays, in input order.
    ///
    /// ```
    /// assert!(overcrowding::flow::stays::Stays::from_records(&[]).stays().is_empty());
    /// ```
    pub fn stays(&self) -> &[Stay] {
        &self.stays
    }

    /// The reject report.
    ///
    /// ```
    /// assert!(overcrowding::flow::stays::Stays::from_records(&[]).rejects().is_empty());
    /// ```
    pub fn rejects(&self) -> &[StayReject] {
        &self.rejects
    }

    /// Records read.
    ///
    /// ```
    /// assert_eq!(overcrowding::flow::stays::Stays::from_records(&[]).input(), 0);
    /// ```
    pub fn input(&self) -> usize {
        self.input
    }

    /// Records accepted (`input() − rejects().len()`).
    ///
    /// ```
    /// assert_eq!(overcrowding::flow::stays::Stays::from_records(&[]).accepted(), 0);
    /// ```
    pub fn accepted(&self) -> usize {
        self.stays.len()
    }

    /// The daily population by (facility, status) for every day of `from..=to`, by one sweep
    /// over the events (see the [module docs](self)).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidParameter`] when `to` is before `from`.
    ///
    /// ```
    /// use overcrowding::flow::stays::{Stays, StayRecord};
    /// let d = |s: &str| s.parse().unwrap();
    /// let s = Stays::from_records(&[
    ///     StayRecord::new(Some(d("2020-12-01")), Some(d("2021-01-03")), "A", None),
    ///     StayRecord::new(Some(d("2021-01-02")), None, "A", None),
    /// ]);
    /// assert_eq!(s.daily_population(d("2021-01-01"), d("2021-01-04")).unwrap().total(), vec![1, 2, 1, 1]);
    /// ```
    pub fn daily_population(&self, from: Date, to: Date) -> Result<DailyPopulation> {
        if to < from {
            return Err(Error::invalid(
                "window end",
                to,
                Constraint::NotBefore {
                    bound: from.to_string(),
                },
            ));
        }
        let f0 = day_number(from);
        let days = usize::try_from(day_number(to) - f0 + 1).expect("to ≥ from");
        let (counts, touched) = self.columns.daily(f0, days);
        let by_key = self
            .columns
            .keys()
            .iter()
            .zip(counts.chunks_exact(days))
            .zip(touched)
            .filter(|&(_, t)| t)
            .map(|((key, row), _)| (key.clone(), row.to_vec()))
            .collect();
        Ok(DailyPopulation { from, days, by_key })
    }

    /// Admissions and releases per calendar month, every month from the first to the last
    /// dated event (months without events included, with zeros). Empty without stays.
    ///
    /// ```
    /// # use overcrowding::flow::stays::*;
    /// # let d = |s: &str| Some(s.parse().unwrap());
    /// let s = Stays::from_records(&[StayRecord::new(d("2021-01-15"), d("2021-03-02"), "A", None)]);
    /// let f = s.monthly_flows();
    /// assert_eq!(f.len(), 3);
    /// assert_eq!((f[1].admissions, f[1].releases), (0, 0));
    /// ```
    pub fn monthly_flows(&self) -> Vec<MonthFlow> {
        let Some((first, counts)) = self.columns.monthly() else {
            return Vec::new();
        };
        counts
            .into_iter()
            .enumerate()
            .map(|(i, (admissions, releases))| {
                let k = first + i as i64;
                MonthFlow {
                    year: k.div_euclid(12) as i16,
                    month: (k.rem_euclid(12) + 1) as i8,
                    admissions,
                    releases,
                }
            })
            .collect()
    }

    /// The Kaplan–Meier length-of-stay curve as of `as_of`: stays released on or before it are
    /// events at their length in days; the others are censored at `as_of`; stays admitted after
    /// it are left out. At a tie, events come before censorings (a stay censored at day `t`
    /// is still at risk at `t`).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Empty`] when no stay was admitted by `as_of`.
    ///
    /// ```
    /// # use overcrowding::flow::stays::*;
    /// # let d = |s: &str| Some(s.parse().unwrap());
    /// let s = Stays::from_records(&[StayRecord::new(d("2022-01-01"), None, "A", None)]);
    /// assert!(s.kaplan_meier("2021-12-31".parse().unwrap()).is_err());
    /// ```
    pub fn kaplan_meier(&self, as_of: Date) -> Result<KaplanMeier> {
        let cut = day_number(as_of);
        match self.columns.lengths(cut) {
            Some(l) => km_from_counts(&l),
            None => km_by_sort(&self.stays, cut),
        }
    }
}

fn no_stays() -> Error {
    Error::from(ErrorKind::Empty {
        what: "stays admitted by the as-of date",
    })
}

/// The curve from stays counted by length (`O(n + longest)`): the same steps, in the same
/// order and with the same floating-point operations, as [`km_by_sort`].
fn km_from_counts(l: &Lengths) -> Result<KaplanMeier> {
    let events: u64 = l.events.iter().sum();
    let n = events + l.censored.iter().sum::<u64>();
    if n == 0 {
        return Err(no_stays());
    }
    let mut steps = Vec::new();
    let mut s = 1.0;
    let mut shorter = 0u64; // stays with a length below `day`
    for (day, (&d, &c)) in l.events.iter().zip(&l.censored).enumerate() {
        if d > 0 {
            let at_risk = n - shorter;
            s *= 1.0 - d as f64 / at_risk as f64;
            steps.push(KmStep {
                day: u32::try_from(day).expect("lengths are counted below 2^32 days"),
                at_risk,
                events: d,
                survival: s,
            });
        }
        shorter += d + c;
    }
    Ok(KaplanMeier {
        steps,
        n,
        events,
        censored: n - events,
        admitted_after_as_of: l.admitted_after,
    })
}

/// The curve by sorting the lengths (`O(n log n)`): for lengths too long to count by day.
fn km_by_sort(stays: &[Stay], cut: i64) -> Result<KaplanMeier> {
    let mut obs: Vec<(u32, bool)> = Vec::with_capacity(stays.len());
    let mut after = 0u64;
    for s in stays {
        let a = day_number(s.admission);
        if a > cut {
            after += 1;
            continue;
        }
        match s.release.map(day_number) {
            Some(r) if r <= cut => obs.push(((r - a) as u32, true)),
            _ => obs.push(((cut - a) as u32, false)),
        }
    }
    if obs.is_empty() {
        return Err(no_stays());
    }
    obs.par_sort_unstable();
    let n = obs.len() as u64;
    let events = obs.iter().filter(|o| o.1).count() as u64;
    let mut steps = Vec::new();
    let mut s = 1.0;
    let mut i = 0;
    while i < obs.len() {
        let day = obs[i].0;
        let at_risk = (obs.len() - i) as u64;
        let mut j = i;
        let mut d = 0u64;
        while j < obs.len() && obs[j].0 == day {
            d += u64::from(obs[j].1);
            j += 1;
        }
        if d > 0 {
            s *= 1.0 - d as f64 / at_risk as f64;
            steps.push(KmStep {
                day,
                at_risk,
                events: d,
                survival: s,
            });
        }
        i = j;
    }
    Ok(KaplanMeier {
        steps,
        n,
        events,
        censored: n - events,
        admitted_after_as_of: after,
    })
}

#[cfg(test)]
mod tests;
