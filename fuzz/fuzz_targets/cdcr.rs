//! Fuzz target: `cdcr` in `bodies.rs` (shared with the stable replay in `tests/it/hostile.rs`).
#![no_main]

include!("bodies.rs");

libfuzzer_sys::fuzz_target!(|data: &[u8]| cdcr(data));
