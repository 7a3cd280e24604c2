//! Compiles against the stable entry points of design.md with `default-features = false` and
//! checks the published percentages come back exactly. Exits non-zero on any mismatch.

use overcrowding::ErrorKind;
use overcrowding::projection::{Forecast, Frequency, RegularSeries, forecast};
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
    ok &= matches!(occupancy(1, 0).as_ref().map_err(|e| e.kind()), Err(ErrorKind::ZeroDenominator { .. }));
    ok &= cambodia.value() > 1.444 && cambodia.percent() > 144.44;
    // The 0.2 forecast entry point (issue 11): a yearly series of 12 year-end counts.
    let counts = vec![
        21_000.0, 22_100.0, 23_500.0, 24_200.0, 25_900.0, 26_800.0, 28_300.0, 29_100.0,
        30_600.0, 31_900.0, 33_000.0, 34_600.0,
    ];
    let series = RegularSeries::new(Frequency::Yearly, counts)?;
    let f: Forecast = forecast(&series, 3)?;
    ok &= check("forecast horizons", f.mean().len() as f64, 3.0);
    let i80 = f.interval(0.8)?;
    let i95 = f.interval(0.95)?;
    for h in 0..3 {
        ok &= i95[h].0 <= i80[h].0 && i80[h].0 <= f.mean()[h] && f.mean()[h] <= i80[h].1;
        ok &= i80[h].1 <= i95[h].1;
    }
    ok &= f.mean()[0] > 34_600.0 && !f.method().is_empty();
    ok &= forecast(&series, 3)? == f; // deterministic
    ok &= RegularSeries::new(Frequency::Yearly, vec![1.0, f64::NAN, 3.0]).is_err();
    ok &= RegularSeries::new(Frequency::Monthly, vec![100.0; 5]).is_err();
    ok &= f.interval(1.5).is_err();
    println!("forecast: {} → {:.0}, 80 % {:.0}–{:.0}", f.method(), f.mean()[0], i80[0].0, i80[0].1);
    if !ok {
        std::process::exit(1);
    }
    println!("downstream: all stable entry points agree with the published figures");
    Ok(())
}
