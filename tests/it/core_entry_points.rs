//! The stable entry points of design.md, against published figures.

use approx::assert_relative_eq;
use overcrowding::ErrorKind;
use overcrowding::{
    Standard, occupancy, occupancy_range, pretrial_share, releases_needed, system_occupancy,
};

#[test]
fn cambodia_seed_figures() {
    let occ = occupancy(39_000, 27_000).unwrap();
    assert_eq!(occ.percent_rounded(1), 144.4);
    assert_relative_eq!(occ.value(), 39.0 / 27.0);
    assert_eq!(releases_needed(39_000, 27_000, 100.0).unwrap(), 12_000);
    assert_eq!(releases_needed(39_000, 27_000, 120.0).unwrap(), 6_600);
    // LICADHO 2015: 17,522 held against an estimated 8,500 places.
    assert_eq!(occupancy(17_522, 8_500).unwrap().percent_rounded(1), 206.1);
    // 27 of 28 prisons.
    assert_eq!(occupancy(27, 28).unwrap().percent_rounded(1), 96.4);
    assert_eq!(
        Standard::critical().classify(&occ).label(),
        "critical overcrowding"
    );
    // 27 releases: 0.07 % of the people held, 0.1 points of occupancy.
    assert_eq!(pretrial_share(27, 39_000).unwrap().percent_rounded(2), 0.07);
    let after = occupancy(39_000 - 27, 27_000).unwrap();
    assert_relative_eq!(occ.percent() - after.percent(), 0.1, epsilon = 1e-9);
}

#[test]
fn bjs_rounding_boundaries() {
    // Published "percent of capacity" rows of BJS Prisoners in 2022, Table 21.
    assert_eq!(occupancy(8_521, 10_360).unwrap().percent_rounded(1), 82.2); // Kansas
    assert_eq!(occupancy(1_827, 2_271).unwrap().percent_rounded(1), 80.4); // Wyoming
    assert_eq!(occupancy(4_361, 2_800).unwrap().percent_rounded(1), 155.8);
    let r = occupancy_range(8_521, &[10_360]).unwrap();
    assert_eq!(r.of_lowest, r.of_highest);
}

#[test]
fn errors_are_typed_and_quote_values() {
    assert!(matches!(
        occupancy(1, 0).as_ref().map_err(|e| e.kind()),
        Err(ErrorKind::ZeroDenominator { .. })
    ));
    assert!(matches!(
        pretrial_share(1, 0).as_ref().map_err(|e| e.kind()),
        Err(ErrorKind::ZeroDenominator { .. })
    ));
    let e = pretrial_share(5, 4).unwrap_err();
    assert_eq!(e.to_string(), "pretrial (5) exceeds total (4)");
    assert!(matches!(
        occupancy_range(1, &[]).as_ref().map_err(|e| e.kind()),
        Err(ErrorKind::Empty { .. })
    ));
    assert!(matches!(
        occupancy_range(1, &[3, 0]).as_ref().map_err(|e| e.kind()),
        Err(ErrorKind::ZeroDenominator { .. })
    ));
    assert!(system_occupancy(std::iter::empty()).is_err());
    let e = releases_needed(1, 1, -5.0).unwrap_err();
    assert!(e.to_string().contains("-5"), "{e}");
    assert!(releases_needed(1, 1, f64::NAN).is_err());
    assert!(releases_needed(1, 0, 100.0).is_err());
}

#[test]
fn system_is_sum_over_sum_not_mean_of_ratios() {
    let s = system_occupancy([(130, 100), (130, 100), (10, 100)]).unwrap();
    assert_eq!(s.ratio.percent_rounded(1), 90.0); // the mean of ratios would also be 90 — check a skewed case
    let t = system_occupancy([(150, 100), (900, 1_000)]).unwrap();
    assert_eq!(t.ratio.percent_rounded(2), 95.45); // 1,050 / 1,100; mean of ratios = 120 %
    assert_eq!(t.surplus, 50);
    assert_eq!(t.overcrowded_facilities, 1);
    assert_eq!(t.people_in_overcrowded, 150);
}
