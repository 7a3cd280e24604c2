//! [`Record`]: one facility on one date, owned — the builder of small hand-made panels.
//!
//! A [`Panel`](super::Panel) stores its rows by column and lends them as
//! [`Row`](super::Row)s; `Record` is kept beside that view (and not replaced by it) for what a
//! borrowed view cannot do: be written by hand
//! (`Record::new(..)?.with_population_total(..).with_capacity(..)`, checked once where it is
//! used: [`Record::check`]), travel alone through serde, and seed [`Panel::new`](super::Panel::new)
//! and [`Panel::merging`](super::Panel::merging) in examples and tests. Readers never make
//! one per row: they fill a [`PanelBuilder`](super::PanelBuilder).

use crate::ErrorKind;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::{CapacityKind, FacilityId, Population};
use crate::error::{Error, Given, GivenValue, Location, Result};
use crate::exact::Ratio;

/// One facility on one date: its id, an optional name, any number of group keys, the people
/// held (with their legal-status components where reported) and its capacities by kind.
///
/// The owned form of a panel's [`Row`](super::Row): build small panels by hand with it
/// ([`Panel::new`](super::Panel::new)); [`Row::to_record`](super::Row::to_record) gives one
/// back from a panel.
///
/// # Semantics
///
/// - **Not reported is a state, never a default.** `population()` is `None` when the facility
///   did not report its population; `capacity(kind)` is `None` when it did not report that kind
///   — whether the kind was listed with no value or not listed at all. A missing value is never
///   0 and never another kind's value.
/// - A reported capacity has at least one place ([`ErrorKind::ZeroCapacity`](crate::ErrorKind::ZeroCapacity) otherwise); each kind
///   appears once ([`ErrorKind::Duplicate`](crate::ErrorKind::Duplicate)).
/// - The population is of the record's date ([`ErrorKind::Conflict`](crate::ErrorKind::Conflict) otherwise).
/// - The `with_*` setters never fail: these rules are checked once where the record is used
///   ([`Record::check`], called by [`Panel::new`](super::Panel::new),
///   [`PanelBuilder::push_record`](super::PanelBuilder::push_record), [`Record::absorb`],
///   [`Record::occupancy`] and deserialisation).
/// - Group keys are named (`"region" = "North"`); a key appears once (setting it again
///   replaces the value).
/// - Deserialising re-validates all of this.
///
/// ```
/// use overcrowding::{CapacityKind, Record};
/// let d = "2021-06-30".parse().unwrap();
/// let r = Record::new("CC1", d)?
///     .with_name("Correctional Centre 1")
///     .with_group("province", "Phnom Penh")
///     .with_population_total(2_900)
///     .with_capacity(CapacityKind::Design, 2_050)
///     .with_capacity_not_reported(CapacityKind::Operational);
/// assert_eq!(r.occupancy(&CapacityKind::Design)?.percent_rounded(1), 141.5);
/// // A second design capacity is refused where the record is used.
/// let twice = r.clone().with_capacity(CapacityKind::Design, 2_000);
/// assert!(twice.check().unwrap_err().is_duplicate());
/// assert_eq!(r.capacity(&CapacityKind::Operational), None); // listed, not reported
/// assert_eq!(r.group("province"), Some("Phnom Penh"));
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawRecord", into = "RawRecord")]
pub struct Record {
    id: FacilityId,
    date: Date,
    name: Option<String>,
    groups: Vec<(String, String)>,
    population: Option<Population>,
    capacities: Vec<(CapacityKind, Option<u64>)>,
}

#[derive(Serialize, Deserialize)]
struct RawRecord {
    id: FacilityId,
    date: Date,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    groups: Vec<(String, String)>,
    #[serde(default)]
    population: Option<Population>,
    #[serde(default)]
    capacities: Vec<(CapacityKind, Option<u64>)>,
}

impl TryFrom<RawRecord> for Record {
    type Error = Error;
    fn try_from(raw: RawRecord) -> Result<Record> {
        let mut r = Record {
            id: raw.id,
            date: raw.date,
            name: raw.name,
            groups: Vec::with_capacity(raw.groups.len()),
            population: None,
            capacities: Vec::with_capacity(raw.capacities.len()),
        };
        for (k, v) in raw.groups {
            if r.group(&k).is_some() {
                return Err(Error::from(ErrorKind::Duplicate {
                    what: "group key",
                    first_line: None,
                })
                .at(r.location()));
            }
            r.groups.push((k, v));
        }
        r.population = raw.population;
        r.capacities = raw.capacities;
        r.check()?;
        Ok(r)
    }
}

impl From<Record> for RawRecord {
    fn from(r: Record) -> RawRecord {
        RawRecord {
            id: r.id,
            date: r.date,
            name: r.name,
            groups: r.groups,
            population: r.population,
            capacities: r.capacities,
        }
    }
}

impl Record {
    /// A record of facility `id` on `date`, with nothing reported yet.
    ///
    /// # Errors
    ///
    /// As [`FacilityId::new`] (an empty id).
    ///
    /// ```
    /// let r = overcrowding::Record::new("A", "2021-06-30".parse().unwrap())?;
    /// assert_eq!(r.population_total(), None);
    /// assert!(overcrowding::Record::new(" ", "2021-06-30".parse().unwrap()).is_err());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn new(id: impl AsRef<str>, date: Date) -> Result<Record> {
        Ok(Record {
            id: FacilityId::new(id)?,
            date,
            name: None,
            groups: Vec::new(),
            population: None,
            capacities: Vec::new(),
        })
    }

    /// Sets the facility's name.
    ///
    /// ```
    /// let r = overcrowding::Record::new("DUR", "2024-12-31".parse().unwrap())?.with_name("Durham");
    /// assert_eq!(r.name(), Some("Durham"));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn with_name(mut self, name: impl Into<String>) -> Record {
        self.name = Some(name.into());
        self
    }

    /// Sets group key `key` to `value` (replacing an earlier value of the same key).
    ///
    /// ```
    /// let r = overcrowding::Record::new("A", "2024-12-31".parse().unwrap())?
    ///     .with_group("region", "North").with_group("region", "South");
    /// assert_eq!(r.group("region"), Some("South"));
    /// assert_eq!(r.groups().len(), 1);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn with_group(mut self, key: impl Into<String>, value: impl Into<String>) -> Record {
        let (key, value) = (key.into(), value.into());
        match self.groups.iter_mut().find(|(k, _)| *k == key) {
            Some(slot) => slot.1 = value,
            None => self.groups.push((key, value)),
        }
        self
    }

    /// Sets the population (with its legal-status components, if any; checked by
    /// [`Record::check`] where the record is used).
    ///
    /// ```
    /// use overcrowding::{Population, Record};
    /// let d = "2021-06-30".parse().unwrap();
    /// let p = Population::new(39_000, d).with_untried(13_650);
    /// assert!(Record::new("KH", d)?.with_population(p.clone().with_sentenced(30_000)).check().is_err());
    /// let r = Record::new("KH", d)?.with_population(p);
    /// assert_eq!(r.population().unwrap().legal_status().untried, Some(13_650));
    /// let other = Population::new(1, "2021-07-01".parse().unwrap());
    /// assert!(Record::new("KH", d)?.with_population(other).check().is_err());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn with_population(mut self, population: Population) -> Record {
        self.population = Some(population);
        self
    }

    /// Sets the population to a total with no legal-status breakdown.
    ///
    /// ```
    /// let r = overcrowding::Record::new("A", "2021-06-30".parse().unwrap())?.with_population_total(150);
    /// assert_eq!(r.population_total(), Some(150));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn with_population_total(self, total: u64) -> Record {
        let p = Population::new(total, self.date);
        self.with_population(p)
    }

    /// Adds a reported capacity of `kind` with `places` places (at least 1, and `kind` listed
    /// once: checked by [`Record::check`] where the record is used).
    ///
    /// ```
    /// use overcrowding::{CapacityKind, Record};
    /// let r = Record::new("A", "2021-06-30".parse().unwrap())?;
    /// assert!(r.clone().with_capacity(CapacityKind::Design, 0).check().unwrap_err().is_zero_denominator());
    /// let r = r.with_capacity(CapacityKind::Design, 100).with_capacity(CapacityKind::Staffed, 90);
    /// assert_eq!(r.capacity(&CapacityKind::Staffed), Some(90));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn with_capacity(mut self, kind: CapacityKind, places: u64) -> Record {
        self.capacities.push((kind, Some(places)));
        self
    }

    /// Lists `kind` as not reported (a wide file with an `NA` in that column): coverage then
    /// says the facility lacks it. `kind` is listed once (checked by [`Record::check`]).
    ///
    /// ```
    /// use overcrowding::{CapacityKind, Record};
    /// let r = Record::new("A", "2021-06-30".parse().unwrap())?
    ///     .with_capacity_not_reported(CapacityKind::Rated);
    /// assert!(r.lists_capacity(&CapacityKind::Rated));
    /// assert_eq!(r.capacity(&CapacityKind::Rated), None);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn with_capacity_not_reported(mut self, kind: CapacityKind) -> Record {
        self.capacities.push((kind, None));
        self
    }

    /// Checks what the `with_*` setters took: the population's parts fit its total and it is
    /// of the record's date, each reported capacity has at least one place, and each kind is
    /// listed once.
    ///
    /// # Errors
    ///
    /// As [`Population::check`]; [`ErrorKind::Conflict`](crate::ErrorKind::Conflict) for a
    /// population of another date; [`ErrorKind::ZeroCapacity`](crate::ErrorKind::ZeroCapacity)
    /// for a capacity of 0 places; [`ErrorKind::Duplicate`](crate::ErrorKind::Duplicate) for a
    /// kind listed twice. Each at the record's location.
    ///
    /// ```
    /// use overcrowding::{CapacityKind, Record};
    /// let r = Record::new("A", "2021-06-30".parse().unwrap())?.with_population_total(120);
    /// assert!(r.clone().with_capacity(CapacityKind::Design, 100).check().is_ok());
    /// assert!(r.with_capacity(CapacityKind::Design, 0).check().unwrap_err().is_zero_denominator());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn check(&self) -> Result<()> {
        if let Some(population) = &self.population {
            population.check().map_err(|e| e.at(self.location()))?;
            if population.as_of() != self.date {
                return Err(Error::from(ErrorKind::Conflict {
                    what: "population date",
                    first: Given::new(self.date),
                    second: Given::new(population.as_of()),
                })
                .at(self.location()));
            }
        }
        for (i, (kind, places)) in self.capacities.iter().enumerate() {
            if *places == Some(0) {
                return Err(Error::from(ErrorKind::ZeroCapacity {
                    kind: kind.name().to_string(),
                    value: "0".to_string(),
                })
                .at(self.location()));
            }
            if self.capacities[..i].iter().any(|(k, _)| k == kind) {
                return Err(Error::from(ErrorKind::Duplicate {
                    what: "capacity kind",
                    first_line: None,
                })
                .at(self.location()));
            }
        }
        Ok(())
    }

    /// Takes in another record of the same facility and date (a long file gives one row per
    /// capacity kind): its capacities are added, and its population and name must agree with
    /// this one's where both are given.
    ///
    /// # Errors
    ///
    /// As [`Record::check`] for either record;
    /// [`ErrorKind::Conflict`](crate::ErrorKind::Conflict) when the ids, dates, names or populations differ;
    /// [`ErrorKind::Duplicate`](crate::ErrorKind::Duplicate) when both list the same capacity kind.
    ///
    /// ```
    /// use overcrowding::{CapacityKind, Record};
    /// let d = "2024-12-31".parse().unwrap();
    /// let mut a = Record::new("A", d)?.with_population_total(120).with_capacity(CapacityKind::Cna, 100);
    /// let b = Record::new("A", d)?.with_population_total(120).with_capacity(CapacityKind::Operational, 130);
    /// a.absorb(b)?;
    /// assert_eq!(a.capacity(&CapacityKind::Operational), Some(130));
    /// let c = Record::new("A", d)?.with_population_total(121);
    /// assert!(a.absorb(c).is_err());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn absorb(&mut self, other: Record) -> Result<()> {
        self.check()?;
        other.check()?;
        let conflict = |what: &'static str, first: GivenValue, second: GivenValue| {
            Error::from(ErrorKind::Conflict {
                what,
                first: Given::new(first),
                second: Given::new(second),
            })
            .at(self.location())
        };
        if other.id != self.id {
            return Err(conflict(
                "facility id",
                self.id.as_str().into(),
                other.id.as_str().into(),
            ));
        }
        if other.date != self.date {
            return Err(conflict("date", self.date.into(), other.date.into()));
        }
        if let (Some(a), Some(b)) = (&self.name, &other.name)
            && a != b
        {
            return Err(conflict("name", a.as_str().into(), b.as_str().into()));
        }
        match (&self.population, &other.population) {
            (Some(a), Some(b)) if a != b => {
                return Err(conflict("population", a.total().into(), b.total().into()));
            }
            _ => {}
        }
        if let Some((kind, _)) = other
            .capacities
            .iter()
            .find(|(k, _)| self.lists_capacity(k))
        {
            return Err(Error::from(ErrorKind::Duplicate {
                what: "capacity kind",
                first_line: None,
            })
            .at(self.location().with_column(kind.name())));
        }
        let Record {
            name,
            groups,
            population,
            capacities,
            ..
        } = other;
        if self.name.is_none() {
            self.name = name;
        }
        if self.population.is_none() {
            self.population = population;
        }
        for (k, v) in groups {
            if self.group(&k).is_none() {
                self.groups.push((k, v));
            }
        }
        self.capacities.extend(capacities);
        Ok(())
    }

    /// The owned copy of a panel's row.
    pub(crate) fn from_row(row: &super::Row<'_>) -> Record {
        Record {
            id: row.id().clone(),
            date: row.date(),
            name: row.name().map(String::from),
            groups: row
                .groups()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            population: row.population(),
            capacities: row.capacities().map(|(k, v)| (k.clone(), v)).collect(),
        }
    }

    /// The facility.
    ///
    /// ```
    /// let r = overcrowding::Record::new("A", "2021-06-30".parse().unwrap())?;
    /// assert_eq!(r.id().as_str(), "A");
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn id(&self) -> &FacilityId {
        &self.id
    }

    /// The date the record is of.
    ///
    /// ```
    /// let r = overcrowding::Record::new("A", "2021-06-30".parse().unwrap())?;
    /// assert_eq!(r.date().to_string(), "2021-06-30");
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn date(&self) -> Date {
        self.date
    }

    /// The facility's name, if given.
    ///
    /// ```
    /// let r = overcrowding::Record::new("A", "2021-06-30".parse().unwrap())?;
    /// assert_eq!(r.name(), None);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// The value of group key `key`, if set.
    ///
    /// ```
    /// let r = overcrowding::Record::new("A", "2021-06-30".parse().unwrap())?.with_group("state", "CA");
    /// assert_eq!(r.group("state"), Some("CA"));
    /// assert_eq!(r.group("county"), None);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn group(&self, key: &str) -> Option<&str> {
        self.groups
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// Every group key and value, in the order they were set.
    ///
    /// ```
    /// let r = overcrowding::Record::new("A", "2021-06-30".parse().unwrap())?.with_group("state", "CA");
    /// assert_eq!(r.groups(), &[("state".to_string(), "CA".to_string())]);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn groups(&self) -> &[(String, String)] {
        &self.groups
    }

    /// The population, or `None` when not reported.
    ///
    /// ```
    /// let r = overcrowding::Record::new("A", "2021-06-30".parse().unwrap())?;
    /// assert!(r.population().is_none());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn population(&self) -> Option<&Population> {
        self.population.as_ref()
    }

    /// The number of people held, or `None` when not reported.
    ///
    /// ```
    /// let r = overcrowding::Record::new("A", "2021-06-30".parse().unwrap())?.with_population_total(7);
    /// assert_eq!(r.population_total(), Some(7));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn population_total(&self) -> Option<u64> {
        self.population.as_ref().map(Population::total)
    }

    /// Places of `kind`, or `None` when that kind is not reported — never another kind.
    ///
    /// ```
    /// use overcrowding::{CapacityKind, Record};
    /// let r = Record::new("A", "2021-06-30".parse().unwrap())?.with_capacity(CapacityKind::Rated, 90);
    /// assert_eq!(r.capacity(&CapacityKind::Rated), Some(90));
    /// assert_eq!(r.capacity(&CapacityKind::Design), None);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn capacity(&self, kind: &CapacityKind) -> Option<u64> {
        self.capacities
            .iter()
            .find(|(k, _)| k == kind)
            .and_then(|(_, v)| *v)
    }

    /// Whether the record lists `kind` at all (reported or as not reported).
    ///
    /// ```
    /// use overcrowding::{CapacityKind, Record};
    /// let r = Record::new("A", "2021-06-30".parse().unwrap())?;
    /// assert!(!r.lists_capacity(&CapacityKind::Design));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn lists_capacity(&self, kind: &CapacityKind) -> bool {
        self.capacities.iter().any(|(k, _)| k == kind)
    }

    /// Every listed capacity kind with its places (`None`: listed, not reported).
    ///
    /// ```
    /// use overcrowding::{CapacityKind, Record};
    /// let r = Record::new("A", "2021-06-30".parse().unwrap())?
    ///     .with_capacity(CapacityKind::Design, 10).with_capacity_not_reported(CapacityKind::Rated);
    /// assert_eq!(r.capacities().len(), 2);
    /// assert_eq!(r.capacities()[1], (CapacityKind::Rated, None));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn capacities(&self) -> &[(CapacityKind, Option<u64>)] {
        &self.capacities
    }

    /// Population ÷ capacity of `kind`, exact.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::MissingValue`](crate::ErrorKind::MissingValue) when the population or that capacity is not reported (never a
    /// fallback to another kind); as [`Record::check`].
    ///
    /// ```
    /// use overcrowding::{CapacityKind, Record};
    /// let r = Record::new("KS", "2022-12-31".parse().unwrap())?
    ///     .with_population_total(8_521).with_capacity(CapacityKind::Operational, 10_360);
    /// assert_eq!(r.occupancy(&CapacityKind::Operational)?.percent_rounded(1), 82.2);
    /// assert!(r.occupancy(&CapacityKind::Design).is_err());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn occupancy(&self, kind: &CapacityKind) -> Result<Ratio> {
        self.check()?;
        let missing = |what| Error::from(ErrorKind::MissingValue { what }).at(self.location());
        let p = self
            .population_total()
            .ok_or_else(|| missing("population"))?;
        let c = self
            .capacity(kind)
            .ok_or_else(|| missing(capacity_label(kind)))?;
        Ratio::with_name(p as u128, c as u128, "capacity")
    }

    /// Where this record is, for errors: its facility and date.
    ///
    /// ```
    /// let r = overcrowding::Record::new("A", "2021-06-30".parse().unwrap())?;
    /// assert_eq!(r.location().to_string(), "facility \"A\" on 2021-06-30");
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn location(&self) -> Location {
        Location::facility(self.id.as_str()).with_date(self.date)
    }
}

/// A static label for "the capacity of this kind" in errors.
pub(crate) fn capacity_label(kind: &CapacityKind) -> &'static str {
    match kind {
        CapacityKind::Design => "design capacity",
        CapacityKind::Rated => "rated capacity",
        CapacityKind::Operational => "operational capacity",
        CapacityKind::Official => "official capacity",
        CapacityKind::Cna => "cna capacity",
        CapacityKind::InUseCna => "in_use_cna capacity",
        CapacityKind::Staffed => "staffed capacity",
        CapacityKind::Space => "space capacity",
        CapacityKind::Custom(_) => "capacity of the named custom kind",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn deserialising_revalidates() {
        let ok = r#"{"id":"A","date":"2021-06-30","capacities":[["design",10],["rated",null]]}"#;
        let r: Record = serde_json::from_str(ok).unwrap();
        assert_eq!(r.capacity(&CapacityKind::Design), Some(10));
        assert!(r.lists_capacity(&CapacityKind::Rated));
        for bad in [
            r#"{"id":"A","date":"2021-06-30","capacities":[["design",0]]}"#,
            r#"{"id":"A","date":"2021-06-30","capacities":[["design",1],["design",2]]}"#,
            r#"{"id":"","date":"2021-06-30"}"#,
            r#"{"id":"A","date":"2021-06-30","groups":[["k","a"],["k","b"]]}"#,
            r#"{"id":"A","date":"2021-06-30","population":{"total":3,"as_of":"2021-07-01"}}"#,
        ] {
            assert!(serde_json::from_str::<Record>(bad).is_err(), "{bad}");
        }
        let back: Record = serde_json::from_str(&serde_json::to_string(&r).unwrap()).unwrap();
        assert_eq!(back, r);
    }

    #[test]
    fn missing_is_never_zero_or_another_kind() {
        let r = Record::new("A", d("2021-06-30"))
            .unwrap()
            .with_capacity(CapacityKind::Rated, 5);
        let e = r.occupancy(&CapacityKind::Design).unwrap_err();
        assert!(e.is_missing_value());
        assert_eq!(
            e.to_string(),
            "facility \"A\" on 2021-06-30: population is not reported"
        );
        let r = r.with_population_total(4);
        assert_eq!(
            r.occupancy(&CapacityKind::Design).unwrap_err().to_string(),
            "facility \"A\" on 2021-06-30: design capacity is not reported"
        );
    }
}
