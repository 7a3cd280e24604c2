//! The crate's charts (SVG, bundled font) for notebooks: an [`Svg`] shows itself inline in
//! Jupyter (`_repr_svg_`) and saves to a file.

use overcrowding::plot::{Centre, Fan, FanPoint, TrendPoint};
use overcrowding::series::YearMonth;
use overcrowding::system::{SummaryOptions, facility_occupancies, summarize_panel};
use overcrowding::{CapacityKind, FacilityId, Panel, Standard};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use crate::errors::IntoPy;
use crate::views;

/// An SVG chart: shown inline by Jupyter, `str(svg)` is the document, `svg.save(path)` writes
/// it.
#[pyclass(name = "Svg", module = "overcrowding", frozen)]
pub struct Svg {
    text: String,
}

#[pymethods]
impl Svg {
    fn _repr_svg_(&self) -> String {
        self.text.clone()
    }

    fn __str__(&self) -> String {
        self.text.clone()
    }

    fn __repr__(&self) -> String {
        format!("Svg({} bytes)", self.text.len())
    }

    /// Writes the SVG document to `path`.
    fn save(&self, path: std::path::PathBuf) -> PyResult<()> {
        std::fs::write(&path, &self.text)?;
        Ok(())
    }
}

fn svg(py: Python<'_>, r: overcrowding::Result<String>) -> PyResult<Svg> {
    r.py_err(py).map(|text| Svg { text })
}

/// The system's occupancy and the share of facilities over capacity, date by date.
pub fn trend(
    py: Python<'_>,
    panel: &Panel,
    kind: &CapacityKind,
    title: &str,
    caption: &str,
) -> PyResult<Svg> {
    let months = py
        .detach(|| summarize_panel(panel, &SummaryOptions::new(kind.clone()).with_top(0)))
        .py_err(py)?;
    let points: Vec<TrendPoint> = months
        .iter()
        .filter_map(|m| TrendPoint::from_summary(m.date, &m.summary).ok())
        .collect();
    svg(
        py,
        overcrowding::plot::system_trend_svg(title, caption, &points),
    )
}

/// Every facility's occupancy on one date, as bars coloured by band.
pub fn facilities(
    py: Python<'_>,
    panel: &Panel,
    kind: &CapacityKind,
    date: jiff::civil::Date,
    title: &str,
    caption: &str,
) -> PyResult<Svg> {
    let rows = panel.on(date);
    let mut bars = facility_occupancies(rows, kind).py_err(py)?;
    // Each bar is labelled by its facility's name (its id when it has none): the bars are
    // the rows with both numbers, in row order.
    let covered = rows
        .iter()
        .filter(|r| r.population_total().is_some() && r.capacity(kind).is_some());
    for (bar, row) in bars.iter_mut().zip(covered) {
        if let Some(name) = row.name() {
            bar.id = FacilityId::new(name).py_err(py)?;
        }
    }
    svg(
        py,
        overcrowding::plot::facility_bars_svg(
            title,
            caption,
            &bars,
            Standard::critical().thresholds(),
        ),
    )
}

/// The system population, the default forecast's median and its 80 % and 95 % bands.
pub fn fan(
    py: Python<'_>,
    panel: &Panel,
    kind: Option<&CapacityKind>,
    horizon: usize,
    title: &str,
    caption: &str,
) -> PyResult<Svg> {
    let sf = views::system_forecast(py, panel, kind, horizon, "monthly")?;
    let history: Vec<(YearMonth, f64)> = sf.run.iter().map(|(m, p)| (*m, *p as f64)).collect();
    if history.is_empty() {
        return Err(PyValueError::new_err("no dates"));
    }
    // The median, as the legend says (the forecast's series knows its start: the fan's
    // periods follow the history).
    let fan_periods = sf.forecast.fan(&[0.8, 0.95]).py_err(py)?;
    let projection = FanPoint::from_fan(&fan_periods, Centre::Median).py_err(py)?;
    let cap = Some(sf.capacity as f64).filter(|c| *c > 0.0);
    let label = kind
        .map(|k| format!("{} capacity", k.name()))
        .unwrap_or_default();
    let mut fan = Fan::new(&history, &projection).with_centre_label("forecast median");
    if let Some(c) = cap {
        fan = fan.with_capacity(c, &label);
    }
    svg(
        py,
        overcrowding::plot::forecast_fan_svg(title, caption, &fan),
    )
}
