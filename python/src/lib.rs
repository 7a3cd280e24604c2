//! `overcrowding._native`: the Rust crate `overcrowding` for Python. The public module is the
//! pure-Python package `overcrowding` (python/overcrowding/), which re-exports these and turns
//! Arrow tables into polars, pandas or pyarrow frames.

mod args;
mod arrow;
mod charts;
#[cfg(feature = "cli")]
mod cli;
mod columns;
mod errors;
mod frame;
mod metrics;
mod panel;
mod partials;
mod views;

use pyo3::prelude::*;

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<metrics::PyRatio>()?;
    m.add_class::<metrics::PyOccupancyRange>()?;
    m.add_class::<metrics::PySystemOccupancy>()?;
    m.add_function(wrap_pyfunction!(metrics::occupancy, m)?)?;
    m.add_function(wrap_pyfunction!(metrics::pretrial_share, m)?)?;
    m.add_function(wrap_pyfunction!(metrics::occupancy_range, m)?)?;
    m.add_function(wrap_pyfunction!(metrics::system_occupancy, m)?)?;
    m.add_function(wrap_pyfunction!(metrics::releases_needed, m)?)?;
    m.add_class::<arrow::ArrowTable>()?;
    m.add_class::<panel::PyPanel>()?;
    m.add_class::<charts::Svg>()?;
    m.add_function(wrap_pyfunction!(panel::read_table, m)?)?;
    m.add_function(wrap_pyfunction!(panel::dataset, m)?)?;
    m.add_function(wrap_pyfunction!(partials::finish_partials, m)?)?;
    m.add_function(wrap_pyfunction!(views::forecast_values, m)?)?;
    m.add_function(wrap_pyfunction!(views::forecast_many_values, m)?)?;
    m.add_function(wrap_pyfunction!(views::bundled_text, m)?)?;
    m.add_function(wrap_pyfunction!(views::bench_rust_path, m)?)?;
    #[cfg(feature = "cli")]
    m.add_function(wrap_pyfunction!(cli::run_cli, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
