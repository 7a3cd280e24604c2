//! The crate's command line, in the wheel: `overcrowding` (the console script) and
//! `overcrowding.cli([...])` call `overcrowding::cli::run`, the same code as the Rust binary.

use pyo3::prelude::*;

/// Runs the command line with `args` (the first is the program name) and returns its exit
/// code: 0 success, 1 bad input, 2 usage. It writes to the process's stdout and stderr.
#[pyfunction]
pub fn run_cli(py: Python<'_>, args: Vec<String>) -> i32 {
    py.detach(|| overcrowding::cli::run(args))
}
