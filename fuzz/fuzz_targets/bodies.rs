// The bodies of the readers' fuzz targets, one function per target: the public reader on
// arbitrary bytes, never a panic, rows accounted for. Included (`include!`) by each fuzz
// target here and by `tests/it/hostile.rs`, which replays them on stable, so the two never
// drift apart and nothing is added to the crate's public API.

/// The facility-table reader, both modes.
pub fn facility_table(data: &[u8]) {
    use overcrowding::io::{ReadMode, read_facility_table_from_reader};
    for mode in [ReadMode::Strict, ReadMode::Lenient] {
        if let Ok(t) = read_facility_table_from_reader(data, mode, "fuzz") {
            assert_eq!(t.total_rows(), t.accepted() + t.rejects().len());
            for r in t.rejects() {
                assert!(r.line() >= 2);
                let _ = r.reason();
            }
        }
    }
}

/// The BJS Table 21 reader; every row recomputes or errs.
pub fn bjs(data: &[u8]) {
    if let Ok(t) = overcrowding::io::read_bjs_table21_from_bytes(data, "fuzz") {
        for j in t.rows() {
            let _ = j.recomputed();
        }
    }
}

/// The HMPPS monthly bulletin reader.
pub fn hmpps(data: &[u8]) {
    let _ = overcrowding::io::read_hmpps_bulletin_from_bytes(data, "fuzz");
}

/// The CDCR TPOP-1 reader.
pub fn cdcr(data: &[u8]) {
    let _ = overcrowding::io::read_cdcr_tpop1_from_bytes(data, "fuzz");
}
