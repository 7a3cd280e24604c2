//! Facility identity over time: aliases, renames and merges mapped to canonical ids.

use crate::ErrorKind;
use crate::error::Constraint;
use std::collections::{BTreeMap, HashMap};

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::FacilityId;
use crate::system::FacilityObservation;

/// One name valid for a canonical id over an inclusive date range (open-ended when `None`).
///
/// ```
/// use overcrowding::series::FacilityRegistry;
/// let mut r = FacilityRegistry::new();
/// r.alias("Prey Sar", "CC1", None, Some("2009-12-31".parse().unwrap())).unwrap();
/// assert_eq!(r.aliases().len(), 1);
/// assert_eq!(r.aliases()[0].id.as_str(), "CC1");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alias {
    /// The name as given.
    pub name: String,
    /// The canonical id it stands for.
    pub id: FacilityId,
    /// First day it applies (inclusive), or always before.
    pub valid_from: Option<Date>,
    /// Last day it applies (inclusive), or always after.
    pub valid_to: Option<Date>,
}

impl Alias {
    fn covers(&self, date: Date) -> bool {
        self.valid_from.is_none_or(|f| f <= date) && self.valid_to.is_none_or(|t| date <= t)
    }

    fn overlaps(&self, other: &Alias) -> bool {
        let starts_before_other_ends = match (self.valid_from, other.valid_to) {
            (Some(f), Some(t)) => f <= t,
            _ => true,
        };
        let other_starts_before_end = match (other.valid_from, self.valid_to) {
            (Some(f), Some(t)) => f <= t,
            _ => true,
        };
        starts_before_other_ends && other_starts_before_end
    }
}

fn range(from: Option<Date>, to: Option<Date>) -> String {
    let f = from.map_or("the beginning".to_string(), |d| d.to_string());
    let t = to.map_or("open-ended".to_string(), |d| d.to_string());
    format!("{f} to {t}")
}

/// Maps the names and old ids under which facilities are reported to canonical ids, with
/// validity dates, so that renamed, merged, opened and closed facilities are not counted twice.
///
/// # Semantics
///
/// - Names are matched after trimming, collapsing inner whitespace and ignoring ASCII case.
/// - A **rename**: the old and new names both map to one id (with or without dates).
/// - A **merge**: the merged facilities' names map to the new id from the merge date on; before
///   it they may map to their own ids.
/// - **Ambiguity** is refused when it is declared: one name mapped to two different ids over
///   overlapping dates is [`ErrorKind::AmbiguousFacility`](crate::ErrorKind::AmbiguousFacility).
/// - A name not known on a date is [`ErrorKind::UnknownFacility`](crate::ErrorKind::UnknownFacility) — never passed through as a new
///   facility.
///
/// ```
/// use overcrowding::series::FacilityRegistry;
/// let d = |s: &str| s.parse().unwrap();
/// let mut r = FacilityRegistry::new();
/// r.facility("PJ").unwrap();                                   // its own id, always
/// r.alias("Prey Sar", "PJ", None, None).unwrap();                // a second name
/// r.alias("Old Town", "OT", None, Some(d("2019-12-31"))).unwrap();
/// r.alias("Old Town", "PJ", Some(d("2020-01-01")), None).unwrap(); // merged into PJ in 2020
/// assert_eq!(r.resolve(" prey  SAR ", d("2021-06-30")).unwrap().as_str(), "PJ");
/// assert_eq!(r.resolve("Old Town", d("2019-06-30")).unwrap().as_str(), "OT");
/// assert_eq!(r.resolve("Old Town", d("2021-06-30")).unwrap().as_str(), "PJ");
/// assert!(r.resolve("Atlantis", d("2021-06-30")).is_err());
/// assert!(r.alias("Old Town", "XX", Some(d("2019-06-30")), None).is_err()); // overlaps both
/// ```
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct FacilityRegistry {
    aliases: Vec<Alias>,
    #[serde(skip)]
    index: HashMap<String, Vec<usize>>,
}

impl PartialEq for FacilityRegistry {
    /// Two registries are equal when they declare the same aliases in the same order.
    fn eq(&self, other: &Self) -> bool {
        self.aliases == other.aliases
    }
}
impl Eq for FacilityRegistry {}

/// What to do when two observations of one date resolve to the same canonical id.
///
/// ```
/// assert_ne!(overcrowding::series::Collision::Error, overcrowding::series::Collision::Sum);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Collision {
    /// Refuse: the same facility would be counted twice (a rename reported under both names).
    Error,
    /// Add the numbers: the rows are parts of one merged facility. A number missing in any
    /// part makes the merged number missing (pairwise completeness is kept).
    Sum,
}

fn normalize(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_ascii_lowercase()
}

impl FacilityRegistry {
    /// An empty registry.
    ///
    /// ```
    /// assert!(overcrowding::series::FacilityRegistry::new().aliases().is_empty());
    /// ```
    pub fn new() -> FacilityRegistry {
        FacilityRegistry::default()
    }

    /// Registers a canonical id as a name for itself, at all dates.
    ///
    /// # Errors
    ///
    /// As [`alias`](Self::alias).
    ///
    /// ```
    /// let mut r = overcrowding::series::FacilityRegistry::new();
    /// r.facility("CC1").unwrap();
    /// assert_eq!(r.resolve("cc1", "2021-01-01".parse().unwrap()).unwrap().as_str(), "CC1");
    /// ```
    pub fn facility(&mut self, id: &str) -> Result<&mut Self> {
        self.alias(id, id, None, None)
    }

    /// Declares that `name` stands for `id` from `valid_from` to `valid_to`, inclusive.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::AmbiguousFacility`](crate::ErrorKind::AmbiguousFacility) when the name already maps to another id over overlapping
    /// dates; [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) when `valid_to` is before `valid_from` or an id or
    /// name is blank.
    ///
    /// ```
    /// let d = |s: &str| s.parse().unwrap();
    /// let mut r = overcrowding::series::FacilityRegistry::new();
    /// r.alias("A", "X", None, Some(d("2020-12-31"))).unwrap();
    /// r.alias("A", "Y", Some(d("2021-01-01")), None).unwrap();      // no overlap: fine
    /// let err = r.alias("A", "Z", Some(d("2020-12-31")), Some(d("2020-12-31"))).unwrap_err();
    /// assert!(err.to_string().contains("\"A\""));
    /// ```
    pub fn alias(
        &mut self,
        name: &str,
        id: &str,
        valid_from: Option<Date>,
        valid_to: Option<Date>,
    ) -> Result<&mut Self> {
        let id = FacilityId::new(id)?;
        let key = normalize(name);
        if key.is_empty() {
            return Err(Error::invalid(
                "facility name",
                format!("{name:?}"),
                Constraint::NotEmpty,
            ));
        }
        if let (Some(f), Some(t)) = (valid_from, valid_to)
            && t < f
        {
            return Err(Error::invalid(
                "valid_to",
                t,
                Constraint::NotBefore {
                    bound: f.to_string(),
                },
            ));
        }
        let new = Alias {
            name: name.trim().to_string(),
            id,
            valid_from,
            valid_to,
        };
        self.rebuild_index_if_needed();
        if let Some(existing) = self.index.get(&key) {
            for &i in existing {
                let old = &self.aliases[i];
                if old.id != new.id && old.overlaps(&new) {
                    return Err(Error::from(ErrorKind::AmbiguousFacility {
                        name: new.name,
                        first_id: old.id.to_string(),
                        first_range: range(old.valid_from, old.valid_to),
                        second_id: new.id.to_string(),
                        second_range: range(new.valid_from, new.valid_to),
                    }));
                }
            }
        }
        self.index.entry(key).or_default().push(self.aliases.len());
        self.aliases.push(new);
        Ok(self)
    }

    fn rebuild_index_if_needed(&mut self) {
        if self.index.is_empty() && !self.aliases.is_empty() {
            for (i, a) in self.aliases.iter().enumerate() {
                self.index.entry(normalize(&a.name)).or_default().push(i);
            }
        }
    }

    /// All aliases, in the order declared.
    ///
    /// ```
    /// let mut r = overcrowding::series::FacilityRegistry::new();
    /// r.facility("A").unwrap();
    /// assert_eq!(r.aliases()[0].name, "A");
    /// ```
    pub fn aliases(&self) -> &[Alias] {
        &self.aliases
    }

    /// The canonical id that `name` stands for on `date`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::UnknownFacility`](crate::ErrorKind::UnknownFacility) when no alias of that name is valid on that date.
    ///
    /// ```
    /// let d = |s: &str| s.parse().unwrap();
    /// let mut r = overcrowding::series::FacilityRegistry::new();
    /// r.alias("New Wing", "NW", Some(d("2022-01-01")), None).unwrap();   // opened in 2022
    /// assert!(r.resolve("New Wing", d("2021-06-30")).is_err());
    /// assert_eq!(r.resolve("New Wing", d("2022-06-30")).unwrap().as_str(), "NW");
    /// ```
    pub fn resolve(&self, name: &str, date: Date) -> Result<FacilityId> {
        let key = normalize(name);
        let hits: Vec<&Alias> = match self.index.get(&key) {
            Some(ix) => ix.iter().map(|&i| &self.aliases[i]).collect(),
            // A deserialised registry has no index: scan.
            None => self
                .aliases
                .iter()
                .filter(|a| normalize(&a.name) == key)
                .collect(),
        };
        hits.into_iter()
            .find(|a| a.covers(date))
            .map(|a| a.id.clone())
            .ok_or_else(|| {
                Error::from(ErrorKind::UnknownFacility {
                    name: name.to_string(),
                    date,
                })
            })
    }

    /// Maps one date's observations to canonical ids. Rows that resolve to the same id are
    /// refused or summed, as `collision` says; the output is in order of first appearance.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::UnknownFacility`](crate::ErrorKind::UnknownFacility) for a name not known on `date`; [`ErrorKind::BadRow`](crate::ErrorKind::BadRow) on a
    /// collision with [`Collision::Error`]; [`ErrorKind::Overflow`](crate::ErrorKind::Overflow) if a sum overflows `u64`.
    ///
    /// ```
    /// use overcrowding::series::{FacilityRegistry, Collision};
    /// use overcrowding::system::FacilityObservation;
    /// let d = "2021-06-30".parse().unwrap();
    /// let mut r = FacilityRegistry::new();
    /// r.alias("North", "NS", None, None).unwrap().alias("South", "NS", None, None).unwrap();
    /// let obs = [FacilityObservation::new("North", Some(100), Some(80)).unwrap(),
    ///            FacilityObservation::new("South", Some(50), Some(60)).unwrap()];
    /// let merged = r.canonicalize(&obs, d, Collision::Sum).unwrap();
    /// assert_eq!((merged.len(), merged[0].population, merged[0].capacity), (1, Some(150), Some(140)));
    /// assert!(r.canonicalize(&obs, d, Collision::Error).is_err());
    /// ```
    pub fn canonicalize<'a>(
        &self,
        observations: impl IntoIterator<Item = &'a FacilityObservation>,
        date: Date,
        collision: Collision,
    ) -> Result<Vec<FacilityObservation>> {
        let mut out: Vec<FacilityObservation> = Vec::new();
        let mut at: BTreeMap<FacilityId, usize> = BTreeMap::new();
        for o in observations {
            let id = self.resolve(o.id.as_str(), date)?;
            match at.get(&id) {
                None => {
                    at.insert(id.clone(), out.len());
                    out.push(FacilityObservation { id, ..o.clone() });
                }
                Some(&i) => {
                    if collision == Collision::Error {
                        return Err(Error::from(ErrorKind::Duplicate {
                            what: "facility (its aliases resolved)",
                            first_line: None,
                        })
                        .at(crate::Location::facility(id.as_str()).with_date(date)));
                    }
                    let add =
                        |a: Option<u64>, b: Option<u64>| -> Result<Option<u64>> {
                            match (a, b) {
                                (Some(x), Some(y)) => x.checked_add(y).map(Some).ok_or(
                                    Error::from(ErrorKind::Overflow {
                                        what: "merged count",
                                    }),
                                ),
                                _ => Ok(None),
                            }
                        };
                    let t = &mut out[i];
                    t.population = add(t.population, o.population)?;
                    t.capacity = add(t.capacity, o.capacity)?;
                }
            }
        }
        Ok(out)
    }
}
