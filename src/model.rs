//! The typed model: facilities, their capacities and their populations.
//!
//! # Semantics
//!
//! - A [`Facility`] is a register entry: an identity ([`FacilityId`], name, jurisdiction,
//!   [`FacilityKind`]) and the [`Capacity`] figures it reports over time. A facility may report several capacity kinds at once
//!   (design, rated, operational, CNA, …), each with an as-of date and a source.
//! - A [`Population`] is a count of people held on a date, with optional legal-status
//!   components ([`LegalStatus`]) and optional female / juvenile / foreign counts.
//! - One facility on one date is a row of the one facility table, [`Panel`]: read as a
//!   borrowed [`Row`], built by hand as an owned [`Record`] (small panels, serde). Occupancy
//!   is always computed against a *named* [`CapacityKind`]: a row that lacks that kind is an
//!   error, never a silent fallback to another kind or a default.
//!
//! Constructors validate and return [`Result`]; fields are private with getters, so a value
//! that exists is valid. Everything round-trips through serde, and deserialising re-validates.

use crate::ErrorKind;
use crate::error::Constraint;
use std::fmt;
use std::str::FromStr;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

mod exclusions;
pub(crate) mod panel;
mod record;
mod status;
pub(crate) mod trim;

pub use exclusions::Exclusions;
pub use panel::{
    CapacitySlot, CountColumn, CountUnit, GroupSlot, MAX_DECIMALS, Panel, PanelBuilder, PanelParts,
    PanelView, Row, RowIter, Rows, Validity,
};
pub use record::Record;
pub use status::StatusGroup;

/// A facility identifier, e.g. `"CC1"` or a ministry code.
///
/// ```
/// let id = overcrowding::FacilityId::new("CC1").unwrap();
/// assert_eq!(id.as_str(), "CC1");
/// assert!(overcrowding::FacilityId::new("  ").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct FacilityId(String);

impl FacilityId {
    /// A trimmed, non-empty identifier.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidParameter`] when the id is empty or only white space.
    ///
    /// ```
    /// assert_eq!(overcrowding::FacilityId::new(" A1 ").unwrap().as_str(), "A1");
    /// ```
    pub fn new(id: impl AsRef<str>) -> Result<FacilityId> {
        let id = id.as_ref().trim();
        if id.is_empty() {
            return Err(Error::invalid(
                "facility id",
                format!("{id:?}"),
                Constraint::NotEmpty,
            ));
        }
        Ok(FacilityId(id.to_string()))
    }

    /// The identifier text.
    ///
    /// ```
    /// assert_eq!(overcrowding::FacilityId::new("X").unwrap().as_str().len(), 1);
    /// ```
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for FacilityId {
    type Error = Error;
    fn try_from(s: String) -> Result<Self> {
        FacilityId::new(s)
    }
}
impl From<FacilityId> for String {
    fn from(id: FacilityId) -> String {
        id.0
    }
}
impl fmt::Display for FacilityId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What sort of place a facility is.
///
/// ```
/// use overcrowding::FacilityKind;
/// assert_eq!("pretrial_centre".parse::<FacilityKind>().unwrap(), FacilityKind::PretrialCentre);
/// assert_eq!(FacilityKind::Jail.to_string(), "jail");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FacilityKind {
    /// A prison for sentenced (and often remand) prisoners.
    #[default]
    Prison,
    /// A local jail (US usage): mostly pretrial and short sentences.
    Jail,
    /// A pretrial / remand centre.
    PretrialCentre,
    /// Anything else (camp, hospital wing, juvenile centre, …).
    Other,
}

impl fmt::Display for FacilityKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FacilityKind::Prison => "prison",
            FacilityKind::Jail => "jail",
            FacilityKind::PretrialCentre => "pretrial_centre",
            FacilityKind::Other => "other",
        })
    }
}

impl FromStr for FacilityKind {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        Ok(match s.trim().to_ascii_lowercase().as_str() {
            "prison" => FacilityKind::Prison,
            "jail" => FacilityKind::Jail,
            "pretrial_centre" | "pretrial_center" | "remand_centre" => FacilityKind::PretrialCentre,
            "other" => FacilityKind::Other,
            _ => {
                return Err(Error::invalid(
                    "facility kind",
                    format!("{s:?}"),
                    Constraint::OneOf {
                        allowed: ["prison", "jail", "pretrial_centre", "other"]
                            .map(String::from)
                            .to_vec(),
                    },
                ));
            }
        })
    }
}

/// Which capacity a figure is. Occupancy is always computed against a named kind.
///
/// # Semantics
///
/// - `Design`: the places the architect planned for.
/// - `Rated`: places assigned by a rating official (US BJS).
/// - `Operational`: what the facility's staff, programmes and services can accommodate (BJS);
///   in England & Wales, the most that can be held safely and decently.
/// - `Official`: the capacity a country reports officially (UN-CTS, World Prison Brief).
/// - `Cna`: certified normal accommodation, England & Wales' uncrowded capacity ("baseline CNA").
/// - `InUseCna`: CNA less places out of use; the bulletin's denominator for crowding.
/// - `Staffed`: places the staffing supports (California CDCR).
/// - `Space`: floor area divided by a space standard (see [`SpaceStandard`]).
/// - `Custom`: any other named kind; never matched to a built-in one.
///
/// ```
/// use overcrowding::CapacityKind;
/// assert_eq!("cna".parse::<CapacityKind>().unwrap(), CapacityKind::Cna);
/// assert_eq!("beds".parse::<CapacityKind>().unwrap(), CapacityKind::Custom("beds".into()));
/// assert_eq!(CapacityKind::InUseCna.to_string(), "in_use_cna");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum CapacityKind {
    /// Design capacity.
    Design,
    /// Rated capacity.
    Rated,
    /// Operational capacity.
    Operational,
    /// Official capacity.
    Official,
    /// Certified normal accommodation (baseline).
    Cna,
    /// In-use certified normal accommodation.
    InUseCna,
    /// Staffed capacity.
    Staffed,
    /// Space-based capacity (floor area ÷ a space standard).
    Space,
    /// A user-named kind.
    Custom(String),
}

impl CapacityKind {
    /// The built-in kinds, in the order of the facility-table column values.
    ///
    /// ```
    /// assert_eq!(overcrowding::CapacityKind::BUILT_IN.len(), 8);
    /// ```
    pub const BUILT_IN: [CapacityKind; 8] = [
        CapacityKind::Design,
        CapacityKind::Rated,
        CapacityKind::Operational,
        CapacityKind::Official,
        CapacityKind::Cna,
        CapacityKind::InUseCna,
        CapacityKind::Staffed,
        CapacityKind::Space,
    ];

    /// The name used in tables: `design`, `rated`, …, or the custom name.
    ///
    /// ```
    /// assert_eq!(overcrowding::CapacityKind::Design.name(), "design");
    /// ```
    pub fn name(&self) -> &str {
        match self {
            CapacityKind::Design => "design",
            CapacityKind::Rated => "rated",
            CapacityKind::Operational => "operational",
            CapacityKind::Official => "official",
            CapacityKind::Cna => "cna",
            CapacityKind::InUseCna => "in_use_cna",
            CapacityKind::Staffed => "staffed",
            CapacityKind::Space => "space",
            CapacityKind::Custom(name) => name,
        }
    }
}

impl fmt::Display for CapacityKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for CapacityKind {
    type Err = Error;
    /// Parses a table value. Built-in names are matched case-insensitively; anything else that
    /// is not empty becomes `Custom`.
    fn from_str(s: &str) -> Result<Self> {
        let t = s.trim();
        if t.is_empty() {
            return Err(Error::invalid(
                "capacity kind",
                format!("{s:?}"),
                Constraint::NotEmpty,
            ));
        }
        let lower = t.to_ascii_lowercase();
        Ok(CapacityKind::BUILT_IN
            .into_iter()
            .find(|k| k.name() == lower)
            .unwrap_or_else(|| CapacityKind::Custom(t.to_string())))
    }
}

impl TryFrom<String> for CapacityKind {
    type Error = Error;
    fn try_from(s: String) -> Result<Self> {
        s.parse()
    }
}
impl From<CapacityKind> for String {
    fn from(k: CapacityKind) -> String {
        k.name().to_string()
    }
}

/// A space standard: square metres required per person, by cell type.
///
/// ```
/// use overcrowding::SpaceStandard;
/// assert_eq!(SpaceStandard::CPT.single_cell_m2(), 6.0);
/// assert_eq!(SpaceStandard::ICRC.shared_cell_m2_per_person(), 3.4);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "RawSpaceStandard", into = "RawSpaceStandard")]
pub struct SpaceStandard {
    name: &'static str,
    single_cell_m2: f64,
    shared_cell_m2_per_person: f64,
}

/// `x` m² in whole hundredths of a m², rounded; `None` when `x` is negative, not finite or
/// beyond `u128` (never a saturating cast).
fn hundredths(x: f64) -> Option<u128> {
    let h = (x * 100.0).round();
    // 2^128 is exact in an f64; every non-negative float below it converts exactly.
    const LIMIT: f64 = 340_282_366_920_938_463_463_374_607_431_768_211_456.0;
    if !(0.0..LIMIT).contains(&h) {
        return None;
    }
    // In range and integral: the conversion is exact.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    Some(h as u128)
}

#[derive(Serialize, Deserialize)]
struct RawSpaceStandard {
    name: &'static str,
    single_cell_m2: f64,
    shared_cell_m2_per_person: f64,
}

impl TryFrom<RawSpaceStandard> for SpaceStandard {
    type Error = Error;
    fn try_from(r: RawSpaceStandard) -> Result<Self> {
        let s = SpaceStandard {
            name: r.name,
            single_cell_m2: r.single_cell_m2,
            shared_cell_m2_per_person: r.shared_cell_m2_per_person,
        };
        s.hundredths()?;
        Ok(s)
    }
}

impl From<SpaceStandard> for RawSpaceStandard {
    fn from(s: SpaceStandard) -> Self {
        RawSpaceStandard {
            name: s.name,
            single_cell_m2: s.single_cell_m2,
            shared_cell_m2_per_person: s.shared_cell_m2_per_person,
        }
    }
}

impl SpaceStandard {
    /// European Committee for the Prevention of Torture, *Living space per prisoner in prison
    /// establishments: CPT standards* (CPT/Inf (2015) 44): 6 m² for a single cell, 4 m² per
    /// person in a multiple-occupancy cell, sanitary annex excluded.
    pub const CPT: SpaceStandard = SpaceStandard {
        name: "CPT",
        single_cell_m2: 6.0,
        shared_cell_m2_per_person: 4.0,
    };

    /// International Committee of the Red Cross, *Water, sanitation, hygiene and habitat in
    /// prisons* (2012): 5.4 m² for a single cell, 3.4 m² per person in a shared cell.
    pub const ICRC: SpaceStandard = SpaceStandard {
        name: "ICRC",
        single_cell_m2: 5.4,
        shared_cell_m2_per_person: 3.4,
    };

    /// The standard's name.
    ///
    /// ```
    /// assert_eq!(overcrowding::SpaceStandard::CPT.name(), "CPT");
    /// ```
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// m² required for a single-occupancy cell.
    ///
    /// ```
    /// assert_eq!(overcrowding::SpaceStandard::ICRC.single_cell_m2(), 5.4);
    /// ```
    pub fn single_cell_m2(&self) -> f64 {
        self.single_cell_m2
    }

    /// m² required per person in a shared cell.
    ///
    /// ```
    /// assert_eq!(overcrowding::SpaceStandard::CPT.shared_cell_m2_per_person(), 4.0);
    /// ```
    pub fn shared_cell_m2_per_person(&self) -> f64 {
        self.shared_cell_m2_per_person
    }

    /// Places in one cell of `floor_m2` (sanitary annex excluded) under this standard.
    ///
    /// The CPT reading: a cell below the single-cell minimum holds no one; a cell holds one
    /// person at the single-cell minimum and one more for each further shared-cell allowance
    /// (CPT: 6 m² → 1, 10 m² → 2, 14 m² → 3). For ICRC the same rule with its figures.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidParameter`] when `floor_m2` is negative or not finite;
    /// [`ErrorKind::Overflow`] when the area or the places do not fit (never a saturating cast).
    ///
    /// ```
    /// use overcrowding::SpaceStandard;
    /// assert_eq!(SpaceStandard::CPT.places_in_cell(5.9).unwrap(), 0);
    /// assert_eq!(SpaceStandard::CPT.places_in_cell(10.0).unwrap(), 2);
    /// assert_eq!(SpaceStandard::CPT.places_in_cell(14.0).unwrap(), 3);
    /// assert_eq!(SpaceStandard::CPT.places_in_cell(1e18).unwrap(), 249_999_999_999_999_999);
    /// assert!(SpaceStandard::CPT.places_in_cell(1e308).is_err()); // an overflow, not a cap
    /// ```
    pub fn places_in_cell(&self, floor_m2: f64) -> Result<u64> {
        if !floor_m2.is_finite() || floor_m2 < 0.0 {
            return Err(Error::invalid(
                "floor area (m²)",
                floor_m2,
                Constraint::NonNegative,
            ));
        }
        // Work in hundredths of a m² so 10.0 - 6.0 = 4.0 is exact.
        let area = hundredths(floor_m2).ok_or(Error::from(ErrorKind::Overflow {
            what: "floor area in hundredths of a m²",
        }))?;
        let (single, shared) = self.hundredths()?;
        if area < single {
            return Ok(0);
        }
        let places = (area - single) / shared + 1;
        u64::try_from(places).map_err(|_| {
            Error::from(ErrorKind::Overflow {
                what: "places in a cell",
            })
        })
    }

    /// The two figures in whole hundredths of a m²; the shared figure is at least 1.
    fn hundredths(&self) -> Result<(u128, u128)> {
        let single = hundredths(self.single_cell_m2);
        let shared = hundredths(self.shared_cell_m2_per_person).filter(|&s| s > 0);
        match (single, shared) {
            (Some(single), Some(shared)) => Ok((single, shared)),
            _ => Err(Error::invalid(
                "space standard figure (m² per person)",
                format!("{} ({})", self.shared_cell_m2_per_person, self.name),
                Constraint::AtLeast { min: 0.01 },
            )),
        }
    }

    /// Space-based capacity of a set of cells: the sum of [`places_in_cell`](Self::places_in_cell).
    ///
    /// # Errors
    ///
    /// As `places_in_cell`, for the first bad area; [`ErrorKind::ZeroDenominator`] when no cell
    /// holds anyone (a capacity must be ≥ 1).
    ///
    /// ```
    /// use overcrowding::{SpaceStandard, CapacityKind};
    /// let cap = SpaceStandard::CPT.capacity_of_cells(&[6.0, 10.0, 14.0], "2021-06-30".parse().unwrap()).unwrap();
    /// assert_eq!(cap.value(), 6);
    /// assert_eq!(cap.kind(), &CapacityKind::Space);
    /// ```
    pub fn capacity_of_cells(&self, cells_m2: &[f64], as_of: Date) -> Result<Capacity> {
        let mut places = 0u64;
        for &a in cells_m2 {
            places = places
                .checked_add(self.places_in_cell(a)?)
                .ok_or(Error::from(ErrorKind::Overflow {
                    what: "space-based capacity",
                }))?;
        }
        Ok(Capacity::new(CapacityKind::Space, places, as_of)?
            .with_source(format!("{} space standard", self.name)))
    }
}

/// One capacity figure: a kind, a value ≥ 1, an as-of date and an optional source.
///
/// ```
/// use overcrowding::{Capacity, CapacityKind};
/// let c = Capacity::new(CapacityKind::Design, 27_000, "2021-06-30".parse().unwrap()).unwrap();
/// assert_eq!(c.value(), 27_000);
/// assert!(Capacity::new(CapacityKind::Design, 0, "2021-06-30".parse().unwrap()).is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawCapacity")]
pub struct Capacity {
    kind: CapacityKind,
    value: u64,
    as_of: Date,
    source: Option<String>,
}

#[derive(Deserialize)]
struct RawCapacity {
    kind: CapacityKind,
    value: u64,
    as_of: Date,
    source: Option<String>,
}

impl TryFrom<RawCapacity> for Capacity {
    type Error = Error;
    fn try_from(r: RawCapacity) -> Result<Self> {
        let c = Capacity::new(r.kind, r.value, r.as_of)?;
        Ok(Capacity {
            source: r.source,
            ..c
        })
    }
}

impl Capacity {
    /// A capacity figure.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::ZeroDenominator`] when `value` is 0: a capacity of zero places cannot be a
    /// denominator, and "not reported" is `None`, not 0.
    ///
    /// ```
    /// use overcrowding::{Capacity, CapacityKind};
    /// let c = Capacity::new(CapacityKind::Rated, 500, "2022-12-31".parse().unwrap()).unwrap();
    /// assert_eq!(c.kind(), &CapacityKind::Rated);
    /// ```
    pub fn new(kind: CapacityKind, value: u64, as_of: Date) -> Result<Capacity> {
        if value == 0 {
            return Err(Error::from(ErrorKind::ZeroDenominator { what: "capacity" }));
        }
        Ok(Capacity {
            kind,
            value,
            as_of,
            source: None,
        })
    }

    /// Sets the source (a publication, a URL, an office).
    ///
    /// ```
    /// use overcrowding::{Capacity, CapacityKind};
    /// let c = Capacity::new(CapacityKind::Design, 9, "2021-01-01".parse().unwrap()).unwrap().with_source("Prisons Department");
    /// assert_eq!(c.source(), Some("Prisons Department"));
    /// ```
    pub fn with_source(mut self, source: impl Into<String>) -> Self {
        self.source = Some(source.into());
        self
    }

    /// The kind.
    ///
    /// ```
    /// # use overcrowding::{Capacity, CapacityKind};
    /// # let c = Capacity::new(CapacityKind::Cna, 9, "2021-01-01".parse().unwrap()).unwrap();
    /// assert_eq!(c.kind().name(), "cna");
    /// ```
    pub fn kind(&self) -> &CapacityKind {
        &self.kind
    }

    /// The number of places, ≥ 1.
    ///
    /// ```
    /// # use overcrowding::{Capacity, CapacityKind};
    /// # let c = Capacity::new(CapacityKind::Cna, 9, "2021-01-01".parse().unwrap()).unwrap();
    /// assert_eq!(c.value(), 9);
    /// ```
    pub fn value(&self) -> u64 {
        self.value
    }

    /// The date the figure refers to.
    ///
    /// ```
    /// # use overcrowding::{Capacity, CapacityKind};
    /// # let c = Capacity::new(CapacityKind::Cna, 9, "2021-01-01".parse().unwrap()).unwrap();
    /// assert_eq!(c.as_of().year(), 2021);
    /// ```
    pub fn as_of(&self) -> Date {
        self.as_of
    }

    /// The source, if given.
    ///
    /// ```
    /// # use overcrowding::{Capacity, CapacityKind};
    /// # let c = Capacity::new(CapacityKind::Cna, 9, "2021-01-01".parse().unwrap()).unwrap();
    /// assert_eq!(c.source(), None);
    /// ```
    pub fn source(&self) -> Option<&str> {
        self.source.as_deref()
    }
}

/// A facility: identity, description and the capacity figures it reports.
///
/// ```
/// use overcrowding::{Facility, FacilityKind, Capacity, CapacityKind};
/// let d = "2021-06-30".parse().unwrap();
/// let f = Facility::new("CC1").unwrap()
///     .with_name("Correctional Centre 1")
///     .with_kind(FacilityKind::Prison)
///     .with_capacity(Capacity::new(CapacityKind::Design, 2_050, d).unwrap());
/// assert_eq!(f.capacity(&CapacityKind::Design, d).unwrap().value(), 2_050);
/// assert!(f.capacity(&CapacityKind::Rated, d).is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facility {
    id: FacilityId,
    name: Option<String>,
    jurisdiction: Option<String>,
    kind: FacilityKind,
    capacities: Vec<Capacity>,
}

impl Facility {
    /// A facility with an id and nothing else.
    ///
    /// # Errors
    ///
    /// As [`FacilityId::new`].
    ///
    /// ```
    /// assert_eq!(overcrowding::Facility::new("A").unwrap().id().as_str(), "A");
    /// ```
    pub fn new(id: impl AsRef<str>) -> Result<Facility> {
        Ok(Facility {
            id: FacilityId::new(id)?,
            name: None,
            jurisdiction: None,
            kind: FacilityKind::default(),
            capacities: Vec::new(),
        })
    }

    /// Sets the display name.
    ///
    /// ```
    /// let f = overcrowding::Facility::new("A").unwrap().with_name("Alpha");
    /// assert_eq!(f.name(), Some("Alpha"));
    /// ```
    pub fn with_name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Sets the jurisdiction (country, state, region).
    ///
    /// ```
    /// let f = overcrowding::Facility::new("A").unwrap().with_jurisdiction("Kansas");
    /// assert_eq!(f.jurisdiction(), Some("Kansas"));
    /// ```
    pub fn with_jurisdiction(mut self, jurisdiction: impl Into<String>) -> Self {
        self.jurisdiction = Some(jurisdiction.into());
        self
    }

    /// Sets the facility kind.
    ///
    /// ```
    /// use overcrowding::{Facility, FacilityKind};
    /// assert_eq!(Facility::new("A").unwrap().with_kind(FacilityKind::Jail).kind(), FacilityKind::Jail);
    /// ```
    pub fn with_kind(mut self, kind: FacilityKind) -> Self {
        self.kind = kind;
        self
    }

    /// Adds a capacity figure. Several kinds, and several dates of one kind, may coexist.
    ///
    /// ```
    /// use overcrowding::{Facility, Capacity, CapacityKind};
    /// let d = "2022-12-31".parse().unwrap();
    /// let f = Facility::new("A").unwrap()
    ///     .with_capacity(Capacity::new(CapacityKind::Rated, 90, d).unwrap())
    ///     .with_capacity(Capacity::new(CapacityKind::Design, 80, d).unwrap());
    /// assert_eq!(f.capacities().len(), 2);
    /// ```
    pub fn with_capacity(mut self, capacity: Capacity) -> Self {
        self.capacities.push(capacity);
        self
    }

    /// The id.
    ///
    /// ```
    /// assert_eq!(overcrowding::Facility::new("B").unwrap().id().to_string(), "B");
    /// ```
    pub fn id(&self) -> &FacilityId {
        &self.id
    }

    /// The name, if set.
    ///
    /// ```
    /// assert_eq!(overcrowding::Facility::new("B").unwrap().name(), None);
    /// ```
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// The jurisdiction, if set.
    ///
    /// ```
    /// assert_eq!(overcrowding::Facility::new("B").unwrap().jurisdiction(), None);
    /// ```
    pub fn jurisdiction(&self) -> Option<&str> {
        self.jurisdiction.as_deref()
    }

    /// The kind (a prison unless set).
    ///
    /// ```
    /// assert_eq!(overcrowding::Facility::new("B").unwrap().kind(), overcrowding::FacilityKind::Prison);
    /// ```
    pub fn kind(&self) -> FacilityKind {
        self.kind
    }

    /// All capacity figures, in the order added.
    ///
    /// ```
    /// assert!(overcrowding::Facility::new("B").unwrap().capacities().is_empty());
    /// ```
    pub fn capacities(&self) -> &[Capacity] {
        &self.capacities
    }

    /// The capacity of `kind` in force on `date`: the latest figure of that kind dated on or
    /// before `date`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::MissingCapacity`] when the facility reports no figure of that kind dated on or
    /// before `date`. Another kind is never substituted.
    ///
    /// ```
    /// use overcrowding::{Facility, Capacity, CapacityKind};
    /// let f = Facility::new("A").unwrap()
    ///     .with_capacity(Capacity::new(CapacityKind::Cna, 100, "2020-01-01".parse().unwrap()).unwrap())
    ///     .with_capacity(Capacity::new(CapacityKind::Cna, 120, "2021-01-01".parse().unwrap()).unwrap());
    /// assert_eq!(f.capacity(&CapacityKind::Cna, "2020-06-30".parse().unwrap()).unwrap().value(), 100);
    /// assert_eq!(f.capacity(&CapacityKind::Cna, "2021-06-30".parse().unwrap()).unwrap().value(), 120);
    /// assert!(f.capacity(&CapacityKind::Cna, "2019-06-30".parse().unwrap()).is_err());
    /// ```
    pub fn capacity(&self, kind: &CapacityKind, date: Date) -> Result<&Capacity> {
        self.capacities
            .iter()
            .filter(|c| &c.kind == kind && c.as_of <= date)
            .max_by_key(|c| c.as_of)
            .ok_or_else(|| {
                let mut kinds: Vec<String> = self
                    .capacities
                    .iter()
                    .map(|c| format!("{} as of {}", c.kind, c.as_of))
                    .collect();
                kinds.dedup();
                Error::from(ErrorKind::MissingCapacity {
                    facility: self.id.to_string(),
                    kind: kind.to_string(),
                    as_of: Some(date),
                    available: kinds,
                })
            })
    }
}

/// The legal-status components of a population. Each is optional (not reported).
///
/// # Semantics
///
/// The four components are disjoint: `untried` (held before or during trial),
/// `convicted_unsentenced` (convicted, awaiting sentence), `under_appeal` (sentenced at first
/// instance, awaiting a final judgement on appeal) and `sentenced` (definitively sentenced).
/// See [`PretrialDefinition`](crate::PretrialDefinition) for how they combine into a pretrial
/// share.
///
/// ```
/// use overcrowding::LegalStatus;
/// let s = LegalStatus { untried: Some(13_650), ..LegalStatus::default() };
/// assert_eq!(s.untried, Some(13_650));
/// assert_eq!(s.sentenced, None);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegalStatus {
    /// Untried (pre-trial, remand).
    pub untried: Option<u64>,
    /// Convicted, awaiting sentence.
    pub convicted_unsentenced: Option<u64>,
    /// Sentenced at first instance, awaiting a final judgement on appeal.
    pub under_appeal: Option<u64>,
    /// Definitively sentenced.
    pub sentenced: Option<u64>,
}

impl LegalStatus {
    /// The components with their names, in order.
    ///
    /// ```
    /// assert_eq!(overcrowding::LegalStatus::default().named()[0].0, "untried");
    /// ```
    pub fn named(&self) -> [(&'static str, Option<u64>); 4] {
        [
            ("untried", self.untried),
            ("convicted_unsentenced", self.convicted_unsentenced),
            ("under_appeal", self.under_appeal),
            ("sentenced", self.sentenced),
        ]
    }

    /// Checks the components against a total: each ≤ total, their sum ≤ total, and when all
    /// four are given they sum to the total exactly.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::PartExceedsWhole`] or [`ErrorKind::ComponentsDisagree`].
    ///
    /// ```
    /// use overcrowding::LegalStatus;
    /// let s = LegalStatus { untried: Some(5), convicted_unsentenced: Some(1), under_appeal: Some(1), sentenced: Some(3) };
    /// assert!(s.validate(10).is_ok());
    /// assert!(s.validate(11).is_err());
    /// ```
    pub fn validate(&self, total: u64) -> Result<()> {
        // Most rows give no components (checked per row read, twice).
        if *self == LegalStatus::default() {
            return Ok(());
        }
        let mut sum: u128 = 0;
        let mut all = true;
        for (name, v) in self.named() {
            match v {
                Some(v) if v > total => {
                    return Err(Error::from(ErrorKind::PartExceedsWhole {
                        part: name,
                        part_value: v,
                        whole: "population",
                        whole_value: total,
                    }));
                }
                Some(v) => sum += v as u128,
                None => all = false,
            }
        }
        if sum > total as u128 || (all && sum != total as u128) {
            return Err(Error::from(ErrorKind::ComponentsDisagree {
                sum: u64::try_from(sum).unwrap_or(u64::MAX),
                total,
            }));
        }
        Ok(())
    }
}

/// The people held in one place (or a system) on one date.
///
/// Required in [`Population::new`] (the total and the date), optional parts by the
/// infallible `with_*` methods; the parts are checked against the total where a population is
/// used ([`Population::check`]: by [`Record::with_population`],
/// [`pretrial_count`](crate::metrics::pretrial_count),
/// [`PretrialTally::of`](crate::metrics::PretrialTally::of) and when read back by serde).
///
/// ```
/// use overcrowding::Population;
/// let p = Population::new(39_000, "2021-06-30".parse().unwrap())
///     .with_untried(13_650)
///     .with_source("Prisons Department via news report, 15 Nov 2021");
/// p.check()?;
/// assert_eq!(p.total(), 39_000);
/// assert_eq!(p.legal_status().untried, Some(13_650));
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawPopulation", into = "RawPopulation")]
pub struct Population {
    total: u64,
    as_of: Date,
    legal_status: LegalStatus,
    female: Option<u64>,
    juvenile: Option<u64>,
    foreign: Option<u64>,
    source: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct RawPopulation {
    total: u64,
    as_of: Date,
    #[serde(default)]
    legal_status: LegalStatus,
    female: Option<u64>,
    juvenile: Option<u64>,
    foreign: Option<u64>,
    source: Option<String>,
}

impl TryFrom<RawPopulation> for Population {
    type Error = Error;
    fn try_from(r: RawPopulation) -> Result<Self> {
        let p = Population {
            total: r.total,
            as_of: r.as_of,
            legal_status: r.legal_status,
            female: r.female,
            juvenile: r.juvenile,
            foreign: r.foreign,
            source: r.source,
        };
        p.check()?;
        Ok(p)
    }
}

impl From<Population> for RawPopulation {
    fn from(p: Population) -> Self {
        RawPopulation {
            total: p.total,
            as_of: p.as_of,
            legal_status: p.legal_status,
            female: p.female,
            juvenile: p.juvenile,
            foreign: p.foreign,
            source: p.source,
        }
    }
}

impl Population {
    /// `total` people held on `as_of`, no parts reported.
    ///
    /// ```
    /// let p = overcrowding::Population::new(10, "2021-01-01".parse().unwrap());
    /// assert_eq!(p.total(), 10);
    /// ```
    pub fn new(total: u64, as_of: Date) -> Population {
        Population {
            total,
            as_of,
            legal_status: LegalStatus::default(),
            female: None,
            juvenile: None,
            foreign: None,
            source: None,
        }
    }

    /// With `n` untried people.
    ///
    /// ```
    /// let p = overcrowding::Population::new(10, "2021-01-01".parse().unwrap()).with_untried(4);
    /// assert_eq!(p.legal_status().untried, Some(4));
    /// ```
    pub fn with_untried(mut self, n: u64) -> Population {
        self.legal_status.untried = Some(n);
        self
    }

    /// With `n` convicted people awaiting sentence.
    ///
    /// ```
    /// let p = overcrowding::Population::new(10, "2021-01-01".parse().unwrap()).with_convicted_unsentenced(2);
    /// assert_eq!(p.legal_status().convicted_unsentenced, Some(2));
    /// ```
    pub fn with_convicted_unsentenced(mut self, n: u64) -> Population {
        self.legal_status.convicted_unsentenced = Some(n);
        self
    }

    /// With `n` people sentenced at first instance, awaiting a final judgement on appeal.
    ///
    /// ```
    /// let p = overcrowding::Population::new(10, "2021-01-01".parse().unwrap()).with_under_appeal(1);
    /// assert_eq!(p.legal_status().under_appeal, Some(1));
    /// ```
    pub fn with_under_appeal(mut self, n: u64) -> Population {
        self.legal_status.under_appeal = Some(n);
        self
    }

    /// With `n` definitively sentenced people.
    ///
    /// ```
    /// let p = overcrowding::Population::new(10, "2021-01-01".parse().unwrap()).with_sentenced(6);
    /// assert_eq!(p.legal_status().sentenced, Some(6));
    /// ```
    pub fn with_sentenced(mut self, n: u64) -> Population {
        self.legal_status.sentenced = Some(n);
        self
    }

    /// With all four legal-status components at once.
    ///
    /// ```
    /// use overcrowding::{LegalStatus, Population};
    /// let s = LegalStatus { untried: Some(3), convicted_unsentenced: Some(1), under_appeal: Some(0), sentenced: Some(6) };
    /// let p = Population::new(10, "2021-01-01".parse().unwrap()).with_legal_status(s);
    /// assert_eq!(p.legal_status().sentenced, Some(6));
    /// ```
    pub fn with_legal_status(mut self, status: LegalStatus) -> Population {
        self.legal_status = status;
        self
    }

    /// With `n` women and girls.
    ///
    /// ```
    /// let p = overcrowding::Population::new(10, "2021-01-01".parse().unwrap()).with_female(2);
    /// assert_eq!(p.female(), Some(2));
    /// ```
    pub fn with_female(mut self, n: u64) -> Population {
        self.female = Some(n);
        self
    }

    /// With `n` juveniles.
    ///
    /// ```
    /// let p = overcrowding::Population::new(10, "2021-01-01".parse().unwrap()).with_juvenile(1);
    /// assert_eq!(p.juvenile(), Some(1));
    /// ```
    pub fn with_juvenile(mut self, n: u64) -> Population {
        self.juvenile = Some(n);
        self
    }

    /// With `n` foreign nationals.
    ///
    /// ```
    /// let p = overcrowding::Population::new(10, "2021-01-01".parse().unwrap()).with_foreign(3);
    /// assert_eq!(p.foreign(), Some(3));
    /// ```
    pub fn with_foreign(mut self, n: u64) -> Population {
        self.foreign = Some(n);
        self
    }

    /// With its source.
    ///
    /// ```
    /// let p = overcrowding::Population::new(10, "2021-01-01".parse().unwrap()).with_source("WPB");
    /// assert_eq!(p.source(), Some("WPB"));
    /// ```
    pub fn with_source(mut self, source: impl Into<String>) -> Population {
        self.source = Some(source.into());
        self
    }

    /// Checks the parts against the total (done where a population is used).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::PartExceedsWhole`] when a component or the female / juvenile / foreign count
    /// exceeds the total; [`ErrorKind::ComponentsDisagree`] when the legal-status components sum to
    /// more than the total, or all four are given and do not sum to it.
    ///
    /// ```
    /// let p = overcrowding::Population::new(10, "2021-01-01".parse().unwrap());
    /// assert!(p.clone().with_untried(10).check().is_ok());
    /// let err = p.with_untried(11).check().unwrap_err();
    /// assert!(matches!(err.kind(), overcrowding::ErrorKind::PartExceedsWhole { part_value: 11, whole_value: 10, .. }));
    /// ```
    pub fn check(&self) -> Result<()> {
        self.legal_status.validate(self.total)?;
        for (name, v) in [
            ("female", self.female),
            ("juvenile", self.juvenile),
            ("foreign", self.foreign),
        ] {
            if let Some(v) = v
                && v > self.total
            {
                return Err(Error::from(ErrorKind::PartExceedsWhole {
                    part: name,
                    part_value: v,
                    whole: "population",
                    whole_value: self.total,
                }));
            }
        }
        Ok(())
    }

    /// Total people held.
    ///
    /// ```
    /// # let p = overcrowding::Population::new(10, "2021-01-01".parse().unwrap());
    /// assert_eq!(p.total(), 10);
    /// ```
    pub fn total(&self) -> u64 {
        self.total
    }

    /// The date the count refers to.
    ///
    /// ```
    /// # let p = overcrowding::Population::new(10, "2021-01-01".parse().unwrap());
    /// assert_eq!(p.as_of().month(), 1);
    /// ```
    pub fn as_of(&self) -> Date {
        self.as_of
    }

    /// The legal-status components.
    ///
    /// ```
    /// # let p = overcrowding::Population::new(10, "2021-01-01".parse().unwrap());
    /// assert_eq!(p.legal_status().sentenced, None);
    /// ```
    pub fn legal_status(&self) -> &LegalStatus {
        &self.legal_status
    }

    /// Women and girls held, if reported.
    ///
    /// ```
    /// # let p = overcrowding::Population::new(10, "2021-01-01".parse().unwrap()).with_female(2);
    /// assert_eq!(p.female(), Some(2));
    /// ```
    pub fn female(&self) -> Option<u64> {
        self.female
    }

    /// Juveniles held, if reported.
    ///
    /// ```
    /// # let p = overcrowding::Population::new(10, "2021-01-01".parse().unwrap());
    /// assert_eq!(p.juvenile(), None);
    /// ```
    pub fn juvenile(&self) -> Option<u64> {
        self.juvenile
    }

    /// Foreign nationals held, if reported.
    ///
    /// ```
    /// # let p = overcrowding::Population::new(10, "2021-01-01".parse().unwrap()).with_foreign(1);
    /// assert_eq!(p.foreign(), Some(1));
    /// ```
    pub fn foreign(&self) -> Option<u64> {
        self.foreign
    }

    /// The source, if given.
    ///
    /// ```
    /// # let p = overcrowding::Population::new(10, "2021-01-01".parse().unwrap());
    /// assert_eq!(p.source(), None);
    /// ```
    pub fn source(&self) -> Option<&str> {
        self.source.as_deref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn serde_round_trip_and_revalidation() {
        let f = Facility::new("CC1")
            .unwrap()
            .with_name("Correctional Centre 1")
            .with_capacity(
                Capacity::new(CapacityKind::Custom("beds".into()), 10, d("2021-06-30")).unwrap(),
            );
        let p = Population::new(12, d("2021-06-30"))
            .with_untried(4)
            .with_female(1);
        p.check().unwrap();
        let json = serde_json::to_string(&(&f, &p)).unwrap();
        let back: (Facility, Population) = serde_json::from_str(&json).unwrap();
        assert_eq!(back, (f, p));
        let bad = json.replace("\"untried\":4", "\"untried\":40");
        assert!(serde_json::from_str::<(Facility, Population)>(&bad).is_err());
        let zero_cap = json.replace("\"value\":10", "\"value\":0");
        assert!(serde_json::from_str::<(Facility, Population)>(&zero_cap).is_err());
    }

    #[test]
    fn components_must_agree() {
        let b = Population::new(10, d("2021-01-01"));
        assert!(matches!(
            b.clone()
                .with_untried(6)
                .with_sentenced(5)
                .check()
                .as_ref()
                .map_err(|e| e.kind()),
            Err(ErrorKind::ComponentsDisagree { sum: 11, total: 10 })
        ));
        assert!(
            b.clone()
                .with_legal_status(LegalStatus {
                    untried: Some(1),
                    convicted_unsentenced: Some(1),
                    under_appeal: Some(1),
                    sentenced: Some(1)
                })
                .check()
                .is_err()
        );
        assert!(b.clone().with_juvenile(11).check().is_err());
        assert!(b.with_untried(10).check().is_ok());
    }

    #[test]
    fn missing_capacity_lists_what_exists() {
        let f = Facility::new("A")
            .unwrap()
            .with_capacity(Capacity::new(CapacityKind::Design, 5, d("2020-01-01")).unwrap());
        let err = f
            .capacity(&CapacityKind::Rated, d("2021-01-01"))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("facility \"A\" has no rated capacity dated on or before 2021-01-01"),
            "{err}"
        );
        assert!(err.contains("design as of 2020-01-01"), "{err}");
    }

    #[test]
    fn space_standards() {
        assert_eq!(SpaceStandard::ICRC.places_in_cell(5.4).unwrap(), 1);
        assert_eq!(SpaceStandard::ICRC.places_in_cell(8.8).unwrap(), 2);
        assert_eq!(SpaceStandard::ICRC.places_in_cell(8.7).unwrap(), 1);
        assert!(SpaceStandard::CPT.places_in_cell(-1.0).is_err());
        assert!(SpaceStandard::CPT.places_in_cell(f64::NAN).is_err());
        assert!(
            SpaceStandard::CPT
                .capacity_of_cells(&[1.0, 2.0], d("2021-01-01"))
                .is_err()
        );
    }
}
