//! `report`: one self-contained HTML page.

use std::path::Path;

use crate::CliError;
use crate::args::Common;
use crate::input::Loaded;

/// Writes the report.
pub fn write(
    _c: &Common,
    _loaded: &Loaded,
    _out: &Path,
    _thresholds: &[f64],
    _horizon: usize,
) -> Result<(), CliError> {
    Err(CliError::Usage("report: not yet".into()))
}
