//! The bundled real datasets, loaded by name.
//!
//! | function | what | source |
//! |---|---|---|
//! | [`cambodia_2021`] | the seed figures for Cambodia 2021 (and 2014–2015), each with as-of, kind and source | news report of 15 Nov 2021; Prison Insider / LICADHO |
//! | [`cambodia_wpb_series`] | Cambodia's prison population 1972–2021 | World Prison Brief |
//! | [`cambodia_wpb_rates`] | the same series with the rate per 100,000 and the estimate flag | World Prison Brief |
//!
//! The Cambodia files are compiled into the crate (`include_str!`), so these work offline and
//! without the `polars` feature. `data/README.md` gives origin and licence of every file.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::series::{YearPoint, YearlySeries};

const CAMBODIA_2021: &str = include_str!("../data/cambodia_2021.csv");
const CAMBODIA_WPB: &str = include_str!("../data/cambodia_wpb_series.csv");

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
/// [`Error::BadValue`] if the bundled file were malformed (a test guards against it).
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
/// [`Error::BadValue`] if the bundled file were malformed.
///
/// ```
/// let rows = overcrowding::datasets::cambodia_wpb_rates().unwrap();
/// assert_eq!(rows.len(), 15);
/// assert!(rows.last().unwrap().estimate);
/// ```
pub fn cambodia_wpb_rates() -> Result<Vec<WpbObservation>> {
    read_bundled(CAMBODIA_WPB, "cambodia_wpb_series.csv")
}

/// The World Prison Brief totals for Cambodia, 1972–2021, as a [`YearlySeries`].
///
/// # Errors
///
/// As [`cambodia_wpb_rates`].
///
/// ```
/// let s = overcrowding::datasets::cambodia_wpb_series().unwrap();
/// assert_eq!(s.value(2018), Some(31_686));
/// ```
pub fn cambodia_wpb_series() -> Result<YearlySeries> {
    YearlySeries::new(
        cambodia_wpb_rates()?
            .into_iter()
            .map(|o| YearPoint {
                year: o.year,
                value: o.total,
            })
            .collect(),
    )
}

/// The names [`by_name`] knows.
///
/// ```
/// assert!(overcrowding::datasets::NAMES.contains(&"cambodia_wpb_series"));
/// ```
pub const NAMES: [&str; 2] = ["cambodia_2021", "cambodia_wpb_series"];

/// The raw CSV text of a bundled core dataset, by name.
///
/// # Errors
///
/// [`Error::UnknownDataset`] for any other name.
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
        _ => Err(Error::UnknownDataset {
            name: name.to_string(),
            known: NAMES.join(", "),
        }),
    }
}

fn read_bundled<T: for<'de> Deserialize<'de>>(text: &str, file: &str) -> Result<Vec<T>> {
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    rdr.deserialize()
        .map(|row| {
            row.map_err(|e| Error::Format {
                source_name: file.to_string(),
                reason: e.to_string(),
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
}
