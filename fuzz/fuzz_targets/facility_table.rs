//! The facility-table reader on arbitrary bytes, both modes: never a panic, and in lenient
//! mode every data row is accounted for. The same body runs on stable in
//! `tests/it/hostile.rs` (`fuzz_corpus_replays`), which replays `fuzz/corpus/*`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use overcrowding::io::{ReadMode, read_facility_table_from_reader};

fuzz_target!(|data: &[u8]| {
    for mode in [ReadMode::Strict, ReadMode::Lenient] {
        if let Ok(t) = read_facility_table_from_reader(data, mode, "fuzz") {
            assert_eq!(t.total_rows(), t.accepted() + t.rejects().len());
            for r in t.rejects() {
                assert!(r.line() >= 2);
                let _ = r.reason();
            }
        }
    }
});
