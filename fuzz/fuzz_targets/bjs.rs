//! The BJS Table 21 reader on arbitrary bytes: never a panic; every row recomputes or errs.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(t) = overcrowding::io::read_bjs_table21_from_bytes(data, "fuzz") {
        for j in t.rows() {
            let _ = j.recomputed();
        }
    }
});
