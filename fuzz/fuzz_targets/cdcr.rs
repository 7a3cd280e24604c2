//! The CDCR TPOP-1 reader on arbitrary bytes: never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = overcrowding::io::read_cdcr_tpop1_from_bytes(data, "fuzz");
});
