//! Compiles against the stable entry points of design.md with `default-features = false` and
//! checks the published percentages come back exactly. Exits non-zero on any mismatch.

use overcrowding::{
    Error, Ratio, Result, occupancy, occupancy_range, pretrial_share, releases_needed,
    system_occupancy,
};

fn check(what: &str, got: f64, want: f64) -> bool {
    let ok = got == want;
    println!("{} {what}: {got} (published {want})", if ok { "ok  " } else { "FAIL" });
    ok
}

fn main() -> Result<()> {
    let mut ok = true;
    let cambodia: Ratio = occupancy(39_000, 27_000)?;
    ok &= check("Cambodia 2021, % of design capacity", cambodia.percent_rounded(1), 144.4);
    ok &= check("BJS Kansas 8,521 / 10,360", occupancy(8_521, 10_360)?.percent_rounded(1), 82.2);
    ok &= check("BJS Wyoming 1,827 / 2,271", occupancy(1_827, 2_271)?.percent_rounded(1), 80.4);
    let range = occupancy_range(4_361, &[2_800, 3_200])?;
    ok &= check("4,361 / lowest 2,800", range.of_lowest.percent_rounded(1), 155.8);
    ok &= check("4,361 / highest 3,200", range.of_highest.percent_rounded(1), 136.3);
    ok &= check("35 % untried", pretrial_share(13_650, 39_000)?.percent(), 35.0);
    let system = system_occupancy([(150u64, 100u64), (900, 1_000)])?;
    ok &= check("system Σ/Σ", system.ratio.percent_rounded(2), 95.45);
    ok &= check("system surplus", system.surplus as f64, 50.0);
    ok &= check("releases to 100 %", releases_needed(39_000, 27_000, 100.0)? as f64, 12_000.0);
    ok &= check("releases to 120 %", releases_needed(39_000, 27_000, 120.0)? as f64, 6_600.0);
    ok &= matches!(occupancy(1, 0), Err(Error::ZeroDenominator { .. }));
    ok &= cambodia.value() > 1.444 && cambodia.percent() > 144.44;
    if !ok {
        std::process::exit(1);
    }
    println!("downstream: all stable entry points agree with the published figures");
    Ok(())
}
