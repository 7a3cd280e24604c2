//! Facility identity over time: aliases, renames and merges mapped to canonical ids.

use crate::ErrorKind;
use crate::error::Constraint;
use std::collections::HashMap;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::FacilityId;
use crate::model::{LegalStatus, Panel, PanelBuilder, Row};

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
                        first_valid_from: old.valid_from,
                        first_valid_to: old.valid_to,
                        second_id: new.id.to_string(),
                        second_valid_from: new.valid_from,
                        second_valid_to: new.valid_to,
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

    /// The panel with every row's facility mapped to its canonical id on the row's date.
    /// Rows that resolve to the same id on one date are refused or summed, as `collision`
    /// says: summed, a count (the population, each legal-status component, each capacity
    /// kind) is the sum when every row reports it and not reported otherwise (never a partial
    /// sum); the name and group keys are the first row's.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::UnknownFacility`](crate::ErrorKind::UnknownFacility) for a name not known on its row's date;
    /// [`ErrorKind::Duplicate`](crate::ErrorKind::Duplicate) on a collision with [`Collision::Error`]; [`ErrorKind::Overflow`](crate::ErrorKind::Overflow) if a sum
    /// overflows `u64`.
    ///
    /// ```
    /// use overcrowding::{CapacityKind, Panel, Record};
    /// use overcrowding::series::{FacilityRegistry, Collision};
    /// let d = "2021-06-30".parse().unwrap();
    /// let mut r = FacilityRegistry::new();
    /// r.alias("North", "NS", None, None)?.alias("South", "NS", None, None)?;
    /// let row = |id, p, c| Record::new(id, d).map(|x| x.with_population_total(p).with_capacity(CapacityKind::Design, c));
    /// let p = Panel::new([row("North", 100, 80)?, row("South", 50, 60)?])?;
    /// let merged = r.canonicalize(&p, Collision::Sum)?;
    /// let ns = merged.row(0).unwrap();
    /// assert_eq!((merged.len(), ns.population_total(), ns.capacity(&CapacityKind::Design)),
    ///            (1, Some(150), Some(140)));
    /// assert!(r.canonicalize(&p, Collision::Error).is_err());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn canonicalize(&self, panel: &Panel, collision: Collision) -> Result<Panel> {
        // Each (canonical id, date): its rows, in order of first appearance.
        let mut at: HashMap<(FacilityId, Date), usize> = HashMap::new();
        let mut merged: Vec<(FacilityId, Vec<Row<'_>>)> = Vec::new();
        for row in panel.rows() {
            let date = row.date();
            let id = self.resolve(row.id().as_str(), date)?;
            match at.get(&(id.clone(), date)) {
                None => {
                    at.insert((id.clone(), date), merged.len());
                    merged.push((id, vec![row]));
                }
                Some(&i) => {
                    if collision == Collision::Error {
                        return Err(Error::from(ErrorKind::Duplicate {
                            what: "facility (its aliases resolved)",
                            first_line: None,
                        })
                        .at(crate::Location::facility(id.as_str()).with_date(date)));
                    }
                    merged[i].1.push(row);
                }
            }
        }
        let kinds = panel.capacity_kinds();
        let mut b = PanelBuilder::with_capacity(merged.len()).with_merging(false);
        // Sums of counts in the panel's unit stay in it.
        b.raise_count_unit(panel.count_unit())?;
        let slots: Vec<_> = kinds.iter().map(|k| b.capacity_slot(k.clone())).collect();
        for (id, rows) in &merged {
            let Some(first) = rows.first() else { continue };
            b.begin(id.as_str(), first.date())?;
            if let Some(name) = first.name() {
                b.name(name);
            }
            for (key, value) in first.groups() {
                let g = b.group_slot(key);
                b.group(g, value);
            }
            let population = sum(rows.iter().map(|r| r.population_total()))?;
            if let Some(total) = population {
                b.population(total);
                let part = |f: fn(&LegalStatus) -> Option<u64>| {
                    sum(rows.iter().map(|r| f(&r.legal_status())))
                };
                b.legal_status(LegalStatus {
                    untried: part(|s| s.untried)?,
                    convicted_unsentenced: part(|s| s.convicted_unsentenced)?,
                    under_appeal: part(|s| s.under_appeal)?,
                    sentenced: part(|s| s.sentenced)?,
                });
            }
            for (kind, &slot) in kinds.iter().zip(&slots) {
                if rows.iter().any(|r| r.lists_capacity(kind)) {
                    b.capacity(slot, sum(rows.iter().map(|r| r.capacity(kind)))?)?;
                }
            }
            b.commit()?;
        }
        b.finish()
    }
}

/// The sum of counts when every one is reported, `None` otherwise.
///
/// # Errors
///
/// [`ErrorKind::Overflow`](crate::ErrorKind::Overflow) when the sum exceeds `u64`.
fn sum(counts: impl Iterator<Item = Option<u64>>) -> Result<Option<u64>> {
    let mut total = 0u64;
    for c in counts {
        let Some(c) = c else { return Ok(None) };
        total = total
            .checked_add(c)
            .ok_or(Error::from(ErrorKind::Overflow {
                what: "merged count",
            }))?;
    }
    Ok(Some(total))
}
