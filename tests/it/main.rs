//! The integration tests: one binary, one module per area.

#[cfg(feature = "io")]
mod facility_table;
#[cfg(feature = "io")]
mod io_readers;
