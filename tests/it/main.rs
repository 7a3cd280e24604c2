//! The one integration-test binary: each module checks the crate through its public entry
//! points, as a downstream user would.

mod core_entry_points;
mod core_properties;
