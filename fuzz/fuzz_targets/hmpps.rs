//! The HMPPS monthly bulletin reader on arbitrary bytes: never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = overcrowding::io::read_hmpps_bulletin_from_bytes(data, "fuzz");
});
