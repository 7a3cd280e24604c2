//! The one integration-test binary: each module checks the crate through its public entry
//! points, as a downstream user would.

#[cfg(feature = "cli")]
mod cli;
#[cfg(feature = "cli")]
mod cli_country;
#[cfg(feature = "cli")]
mod cli_flows;
#[cfg(feature = "cli")]
mod cli_forecast_screen;
#[cfg(feature = "cli")]
mod cli_partial;
#[cfg(feature = "cli")]
mod cli_pretrial;
#[cfg(feature = "cli")]
mod cli_reconcile;
#[cfg(feature = "cli")]
mod cli_run;
#[cfg(feature = "polars")]
mod columnar_formats;
mod core_entry_points;
mod core_properties;
mod error_grammar;
#[cfg(feature = "io")]
mod exact_counts;
#[cfg(feature = "io")]
mod facility_table;
mod forecast;
#[cfg(feature = "polars")]
mod frames;
mod hostile;
#[cfg(feature = "io")]
mod io_readers;
mod layers;
#[cfg(feature = "cli")]
mod policy_cli;
#[cfg(feature = "io")]
mod reader_published;
mod system_view;
#[cfg(feature = "io")]
mod table_reader;
