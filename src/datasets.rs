//! The bundled real datasets, loaded by name.
//!
//! | function | what | source |
//! |---|---|---|
//! | [`cambodia_2021`] | the seed figures for Cambodia 2021 (and 2014–2015), each with as-of, kind and source | news report of 15 Nov 2021; Prison Insider / LICADHO |
//! | [`cambodia_wpb_series`] | Cambodia's prison population 1972–2021 | World Prison Brief |
//! | [`cambodia_wpb_rates`] | the same series with the rate per 100,000 and the estimate flag | World Prison Brief |
//!
//! With the `io` feature, the three published files, read by [`crate::io`]:
//!
//! | function | what | source |
//! |---|---|---|
//! | [`bjs_table21`] | capacity, custody and percent of capacity by jurisdiction, 31 Dec 2022 | BJS, *Prisoners in 2022*, Table 21 (public domain) |
//! | [`hmpps_bulletin`] | England & Wales prisons monthly, 2012–2024: operational capacity, CNA, population | MoJ/HMPPS monthly bulletin (OGL v3), assembled by Yukhnenko (2025) |
//! | [`cdcr_tpop1`] | California institutions monthly, 2015–2026: felon/other population, design and staffed capacity | CDCR TPOP-1, transcribed by Becica (2026), CC BY 4.0 |
//!
//! All files are compiled into the crate (`include_str!` / `include_bytes!`), so these work
//! offline, and the Cambodia ones without any feature. `data/README.md` gives origin, licence
//! and attribution of every file; the published files are bundled unmodified.
// The io-only readers linked above are absent from a build without `io`: no broken-link
// warning there (CI documents with every feature).
#![cfg_attr(not(feature = "io"), allow(rustdoc::broken_intra_doc_links))]

use crate::ErrorKind;
use crate::error::FormatProblem;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::series::{Point, Series, Year};

const CAMBODIA_2021: &str = include_str!("../data/cambodia_2021.csv");
const CAMBODIA_WPB: &str = include_str!("../data/cambodia_wpb_series.csv");
#[cfg(feature = "io")]
const BJS_TABLE21: &[u8] = include_bytes!("../data/bjs_prisoners_2022_table21.csv");
#[cfg(feature = "io")]
const HMPPS_BULLETIN: &str = include_str!("../data/hmpps_monthly_bulletin_2012_2024.csv");
#[cfg(feature = "io")]
const CDCR_TPOP1: &str = include_str!("../data/cdcr_tpop1_institutions_2015_2026.csv");

/// One published figure with its provenance.
///
/// ```
/// let figs = overcrowding::datasets::cambodia_2021().unwrap();
/// let held = figs.iter().find(|f| f.figure == "prison_population" && f.as_of == "2021-06").unwrap();
/// assert_eq!(held.value, 39_000.0);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeedFigure {
    /// What the figure is, e.g. `prison_population`, `design_capacity`.
    pub figure: String,
    /// The value as published (a count, or a percent for `*_percent` figures).
    pub value: f64,
    /// As-of date or period as published: `2021-06`, `2021-11-15`, `2015`.
    pub as_of: String,
    /// `stock`, `flow`, `capacity`, `count` or `share`.
    pub kind: String,
    /// Who published it.
    pub source: String,
    /// Qualifications (approximate, lower bound, …).
    pub notes: String,
}

/// The Cambodia seed figures (`data/cambodia_2021.csv`).
///
/// # Errors
///
/// [`ErrorKind::InvalidValue`] if the bundled file were malformed (a test guards against it).
///
/// ```
/// let figs = overcrowding::datasets::cambodia_2021().unwrap();
/// let get = |name: &str| figs.iter().find(|f| f.figure == name).unwrap().value;
/// assert_eq!(get("design_capacity"), 27_000.0);
/// assert_eq!(get("prisons_over_100_percent"), 27.0);
/// ```
pub fn cambodia_2021() -> Result<Vec<SeedFigure>> {
    read_bundled(CAMBODIA_2021, "cambodia_2021.csv")
}

/// Cambodia's prison system in June 2021 as one [`Record`](crate::Record) (id `KH`, dated
/// 2021-06-30, the end of the month the figures are "as of"): 39,000 held, a design capacity
/// of 27,000 — from the seed figures of [`cambodia_2021`]. Per-prison figures are not
/// published, so the system is one record.
///
/// # Errors
///
/// [`ErrorKind::Format`] if the bundled seed file lacked either figure (a test guards against it).
///
/// ```
/// use overcrowding::CapacityKind;
/// let p = overcrowding::datasets::cambodia_panel()?;
/// let kh = p.row(0).unwrap();
/// assert_eq!(kh.occupancy(&CapacityKind::Design)?.percent_rounded(1), 144.4);
/// # Ok::<(), overcrowding::Error>(())
/// ```
pub fn cambodia_panel() -> Result<crate::Panel> {
    let figs = cambodia_2021()?;
    let get = |name: &str| {
        figs.iter()
            .find(|f| f.figure == name && f.as_of == "2021-06")
            .map(|f| f.value as u64)
            .ok_or_else(|| {
                Error::from(ErrorKind::Format {
                    source_name: "cambodia_2021.csv".into(),
                    problem: FormatProblem::MissingFigure {
                        figure: name.to_string(),
                        as_of: "2021-06",
                    },
                })
            })
    };
    let date = jiff::civil::date(2021, 6, 30);
    let kh = crate::Record::new("KH", date)?
        .with_name("Cambodia (all 28 prisons)")
        .with_population_total(get("prison_population")?)
        .with_capacity(crate::CapacityKind::Design, get("design_capacity")?);
    crate::Panel::new([kh])
}

/// One World Prison Brief observation.
///
/// ```
/// let r = &overcrowding::datasets::cambodia_wpb_rates().unwrap()[0];
/// assert_eq!((r.year, r.total, r.rate_per_100k), (1972, 544, 7));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct WpbObservation {
    /// Year.
    pub year: i32,
    /// Total prisoners.
    pub total: u64,
    /// Prison population rate per 100,000 of the national population, as published.
    pub rate_per_100k: u64,
    /// Marked as an estimate by the World Prison Brief.
    pub estimate: bool,
}

/// The World Prison Brief series for Cambodia with rates (`data/cambodia_wpb_series.csv`).
///
/// # Errors
///
/// [`ErrorKind::InvalidValue`] if the bundled file were malformed.
///
/// ```
/// let rows = overcrowding::datasets::cambodia_wpb_rates().unwrap();
/// assert_eq!(rows.len(), 15);
/// assert!(rows.last().unwrap().estimate);
/// ```
pub fn cambodia_wpb_rates() -> Result<Vec<WpbObservation>> {
    read_bundled(CAMBODIA_WPB, "cambodia_wpb_series.csv")
}

/// The World Prison Brief totals for Cambodia, 1972–2021, as a [`Series`] of [`Year`]s.
///
/// # Errors
///
/// As [`cambodia_wpb_rates`].
///
/// ```
/// let s = overcrowding::datasets::cambodia_wpb_series().unwrap();
/// assert_eq!(s.value(overcrowding::series::Year(2018)), Some(31_686));
/// ```
pub fn cambodia_wpb_series() -> Result<Series<Year>> {
    Series::new(
        cambodia_wpb_rates()?
            .into_iter()
            .map(|o| Point {
                period: Year(o.year),
                value: o.total,
            })
            .collect(),
    )
}

/// The names [`by_name`] knows (with the `io` feature also `bjs_table21`, `hmpps_bulletin`
/// and `cdcr_tpop1`).
///
/// ```
/// assert!(overcrowding::datasets::NAMES.contains(&"cambodia_wpb_series"));
/// ```
#[cfg(not(feature = "io"))]
pub const NAMES: &[&str] = &["cambodia_2021", "cambodia_wpb_series"];

/// The names [`by_name`] knows.
///
/// ```
/// assert!(overcrowding::datasets::NAMES.contains(&"cambodia_wpb_series"));
/// assert_eq!(overcrowding::datasets::NAMES.len(), 5);
/// ```
#[cfg(feature = "io")]
pub const NAMES: &[&str] = &[
    "cambodia_2021",
    "cambodia_wpb_series",
    "bjs_table21",
    "hmpps_bulletin",
    "cdcr_tpop1",
];

/// The raw CSV text of a bundled dataset, by name. The BJS table, published in
/// Windows-1252, is returned decoded to UTF-8 (see [`by_name_bytes`] for the file's bytes).
///
/// # Errors
///
/// [`ErrorKind::UnknownDataset`] for any other name.
///
/// ```
/// let text = overcrowding::datasets::by_name("cambodia_wpb_series").unwrap();
/// assert!(text.starts_with("year,total"));
/// assert!(overcrowding::datasets::by_name("atlantis").is_err());
/// ```
pub fn by_name(name: &str) -> Result<&'static str> {
    match name {
        "cambodia_2021" => Ok(CAMBODIA_2021),
        "cambodia_wpb_series" => Ok(CAMBODIA_WPB),
        #[cfg(feature = "io")]
        "bjs_table21" => {
            static DECODED: std::sync::OnceLock<String> = std::sync::OnceLock::new();
            Ok(DECODED.get_or_init(|| {
                encoding_rs::WINDOWS_1252
                    .decode_without_bom_handling(BJS_TABLE21)
                    .0
                    .into_owned()
            }))
        }
        #[cfg(feature = "io")]
        "hmpps_bulletin" => Ok(HMPPS_BULLETIN),
        #[cfg(feature = "io")]
        "cdcr_tpop1" => Ok(CDCR_TPOP1),
        _ => Err(Error::from(ErrorKind::UnknownDataset {
            name: name.to_string(),
            known: NAMES.iter().map(|n| n.to_string()).collect(),
        })),
    }
}

/// The bytes of a bundled file exactly as shipped, by name.
///
/// # Errors
///
/// [`ErrorKind::UnknownDataset`] for an unknown name.
///
/// ```
/// let bytes = overcrowding::datasets::by_name_bytes("bjs_table21").unwrap();
/// assert_eq!(bytes.len(), 5_727);
/// assert!(bytes.contains(&0x85)); // the Windows-1252 ellipsis, "not available"
/// ```
#[cfg(feature = "io")]
pub fn by_name_bytes(name: &str) -> Result<&'static [u8]> {
    match name {
        "bjs_table21" => Ok(BJS_TABLE21),
        other => by_name(other).map(str::as_bytes),
    }
}

/// BJS *Prisoners in 2022*, Table 21 (`data/bjs_prisoners_2022_table21.csv`).
///
/// # Errors
///
/// As [`crate::io::read_bjs_table21_from_bytes`] (a test guards the bundled file).
///
/// ```
/// let t = overcrowding::datasets::bjs_table21().unwrap();
/// assert_eq!(t.rows().len(), 51);
/// assert_eq!(t.find("Alabama").unwrap().pct_of_lowest.text(), "170.7");
/// ```
#[cfg(feature = "io")]
pub fn bjs_table21() -> Result<crate::io::BjsTable21> {
    crate::io::read_bjs_table21_from_bytes(BJS_TABLE21, "bjs_prisoners_2022_table21.csv")
}

/// The HMPPS monthly bulletin panel, 2012–2024 (`data/hmpps_monthly_bulletin_2012_2024.csv`).
///
/// # Errors
///
/// As [`crate::io::read_hmpps_bulletin_from_bytes`].
///
/// ```
/// let b = overcrowding::datasets::hmpps_bulletin().unwrap();
/// assert_eq!(b.rows().len(), 18_586);
/// ```
#[cfg(feature = "io")]
pub fn hmpps_bulletin() -> Result<crate::io::HmppsBulletin> {
    crate::io::read_hmpps_bulletin_from_bytes(
        HMPPS_BULLETIN.as_bytes(),
        "hmpps_monthly_bulletin_2012_2024.csv",
    )
}

/// CDCR TPOP-1 institution detail, 2015-01 to 2026-02
/// (`data/cdcr_tpop1_institutions_2015_2026.csv`).
///
/// # Errors
///
/// As [`crate::io::read_cdcr_tpop1_from_bytes`].
///
/// ```
/// let t = overcrowding::datasets::cdcr_tpop1().unwrap();
/// assert_eq!(t.rows().len(), 4_567);
/// ```
#[cfg(feature = "io")]
pub fn cdcr_tpop1() -> Result<crate::io::CdcrTpop1> {
    crate::io::read_cdcr_tpop1_from_bytes(
        CDCR_TPOP1.as_bytes(),
        "cdcr_tpop1_institutions_2015_2026.csv",
    )
}

fn read_bundled<T: for<'de> Deserialize<'de>>(text: &str, file: &str) -> Result<Vec<T>> {
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    rdr.deserialize()
        .map(|row| {
            row.map_err(|e| {
                Error::from(ErrorKind::Format {
                    source_name: file.to_string(),
                    problem: FormatProblem::Csv,
                })
                .with_source(e)
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn bundled_files_parse() {
        assert_eq!(super::cambodia_2021().unwrap().len(), 15);
        assert_eq!(super::cambodia_wpb_series().unwrap().points().len(), 15);
    }

    #[test]
    fn every_name_loads() {
        for name in super::NAMES {
            assert!(!super::by_name(name).unwrap().is_empty(), "{name}");
        }
    }

    #[cfg(feature = "io")]
    #[test]
    fn bjs_decoded_text() {
        let text = super::by_name("bjs_table21").unwrap();
        assert!(text.contains("Prisoners in 2022 – Statistical Tables"));
        assert!(text.contains(",Alaska/c,\"5,285\",…,"));
    }
}
