//! Reconciliation against a published reference (Nixtla's hierarchicalforecast 1.5.3) and
//! on simulated panels.

use super::*;
use crate::forecast::{Frequency, RegularSeries, Side, forecast};

/// tests/data/reconcile/mint_shrink.json, made by make_mint_shrink.py beside it.
#[derive(serde::Deserialize)]
struct Fixture {
    names: Vec<String>,
    aggregates: Vec<Vec<usize>>,
    residuals: Vec<Vec<f64>>,
    base: Vec<Vec<f64>>,
    #[serde(rename = "W")]
    w: Vec<Vec<f64>>,
    #[serde(rename = "P")]
    p: Vec<Vec<f64>>,
    mint_shrink: Vec<Vec<f64>>,
    bottom_up: Vec<Vec<f64>>,
}

fn fixture() -> (Fixture, Hierarchy) {
    let f: Fixture = serde_json::from_str(include_str!(
        "../../../tests/data/reconcile/mint_shrink.json"
    ))
    .unwrap();
    let k = f.aggregates.len();
    let h = Hierarchy::new(
        f.names[k..].to_vec(),
        f.names[..k]
            .iter()
            .cloned()
            .zip(f.aggregates.clone())
            .collect(),
    )
    .unwrap();
    (f, h)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * b.abs().max(1e-300)
}

#[test]
fn mint_shrink_matches_hierarchicalforecast() {
    let (f, h) = fixture();
    let n = h.len();
    let w = ShrunkCovariance::new(&f.residuals).unwrap();
    for i in 0..n {
        for j in 0..n {
            let (ours, theirs) = (w.get(i, j).unwrap(), f.w[i][j]);
            assert!(close(ours, theirs), "W[{i}][{j}] {ours} vs {theirs}");
        }
    }
    // The data shrink the correlations part of the way.
    assert!(w.lambda() > 0.05 && w.lambda() < 0.95, "{}", w.lambda());
    let r = Reconciler::new(&h, ReconcileMethod::MinTShrink, &w).unwrap();
    for j in 0..h.bottom_len() {
        for i in 0..n {
            let (ours, theirs) = (r.weight(j, i).unwrap(), f.p[j][i]);
            assert!(
                (ours - theirs).abs() <= 1e-9 * theirs.abs().max(1e-6),
                "P[{j}][{i}] {ours} vs {theirs}"
            );
        }
    }
    let bu = Reconciler::new(&h, ReconcileMethod::BottomUp, &w).unwrap();
    for step in 0..2 {
        let base: Vec<f64> = f.base.iter().map(|row| row[step]).collect();
        let ours = r.reconcile(&base).unwrap();
        let ours_bu = bu.reconcile(&base).unwrap();
        for i in 0..n {
            assert!(
                close(ours[i], f.mint_shrink[i][step]),
                "MinT {i} h{step}: {} vs {}",
                ours[i],
                f.mint_shrink[i][step]
            );
            assert!(close(ours_bu[i], f.bottom_up[i][step]));
        }
        // Coherent: the regions and the system are their prisons' sums.
        assert!(close(ours[0], ours[3..].iter().sum()));
        assert!(close(ours[1], ours[3] + ours[4] + ours[5]));
    }
}

#[test]
fn a_node_whose_errors_are_others_combined_is_named() {
    // Total's errors = A's + B's exactly, A and B alternating together: every product of
    // standardised errors is 1, so the correlations have no sampling variance, nothing is
    // shrunk and W is singular.
    let a: Vec<f64> = (0..30)
        .map(|t| if t % 2 == 0 { 5.0 } else { -5.0 })
        .collect();
    let b: Vec<f64> = a.iter().map(|v| 2.0 * v).collect();
    let total: Vec<f64> = a.iter().zip(&b).map(|(x, y)| x + y).collect();
    let w = ShrunkCovariance::new(&[total, a, b]).unwrap();
    assert!(w.lambda() < 1e-20);
    let h = Hierarchy::two_level("all", vec!["A".into(), "B".into()]).unwrap();
    let err = Reconciler::new(&h, ReconcileMethod::MinTShrink, &w).unwrap_err();
    let location = err.location().unwrap().to_string();
    assert!(location.contains("\"A\""), "{err}");
    assert!(matches!(
        err.constraint(),
        Some(crate::error::Constraint::Positive)
    ));
}

/// A simulated system: `k` prisons with a common shock, each a random walk with drift.
fn panel(k: usize, len: usize, seed: u64) -> (Vec<RegularSeries>, Hierarchy) {
    panel_with(k, len, seed, 6.0, 4.0)
}

/// As [`panel`], with the common shock's and each prison's own shock's sizes.
fn panel_with(
    k: usize,
    len: usize,
    seed: u64,
    common_size: f64,
    own_size: f64,
) -> (Vec<RegularSeries>, Hierarchy) {
    let mut common = Normals::for_path(seed, 0);
    let shocks: Vec<f64> = (0..len).map(|_| common.next()).collect();
    let mut bottom = Vec::new();
    for j in 0..k {
        let mut own = Normals::for_path(seed, j + 1);
        let mut level = 300.0 + 150.0 * j as f64;
        let values: Vec<f64> = shocks
            .iter()
            .map(|c| {
                level += 1.5 + common_size * c + own_size * own.next();
                level.max(0.0)
            })
            .collect();
        bottom.push(values);
    }
    let total: Vec<f64> = (0..len)
        .map(|t| bottom.iter().map(|b| b[t]).sum())
        .collect();
    let mut series = vec![RegularSeries::new(Frequency::Quarterly, total).unwrap()];
    series.extend(
        bottom
            .into_iter()
            .map(|b| RegularSeries::new(Frequency::Quarterly, b).unwrap()),
    );
    let names = (0..k).map(|j| format!("prison {j}")).collect();
    (series, Hierarchy::two_level("system", names).unwrap())
}

#[test]
fn reconciled_paths_add_up_and_keep_the_dependence() {
    let (series, h) = panel(4, 40, 7);
    let base: Vec<Forecast> = series.iter().map(|s| forecast(s, 8).unwrap()).collect();
    for method in [ReconcileMethod::BottomUp, ReconcileMethod::MinTShrink] {
        let r = reconcile(&h, &base, method).unwrap();
        let f = r.forecasts();
        assert_eq!(f.len(), 5);
        assert_eq!(r.clipped_paths(), 0); // hundreds of people, far from 0
        for i in 0..f[0].paths() {
            let paths: Vec<&[f64]> = f.iter().map(|x| x.path(i).unwrap()).collect();
            for t in 0..8 {
                let sum: f64 = paths[1..].iter().map(|p| p[t]).sum();
                assert!((paths[0][t] - sum).abs() < 1e-6 * sum, "{method} path {i}");
            }
        }
        for t in 0..8 {
            let sum: f64 = f[1..].iter().map(|x| x.mean()[t]).sum();
            assert!((f[0].mean()[t] - sum).abs() < 1e-6 * sum);
        }
        // The common shock: the system's spread is wider than if the prisons' paths were
        // independent (the square root of the summed variances).
        let spread = |x: &Forecast| {
            let i = x.interval(0.8).unwrap();
            i[7].1 - i[7].0
        };
        let independent: f64 = f[1..].iter().map(|x| spread(x).powi(2)).sum::<f64>().sqrt();
        assert!(spread(&f[0]) > 1.2 * independent, "{method}");
        // Chances over a capacity come from the reconciled paths, rising with the horizon.
        let p = f[0]
            .probability_reached(f[0].origin() + 10.0, Side::Above)
            .unwrap();
        assert!(p.windows(2).all(|w| w[0] <= w[1]) && p[7] > 0.0);
        assert!(
            f[0].method()
                .starts_with(&format!("{method} reconciliation of"))
        );
    }
}

#[test]
fn joint_paths_keep_a_common_factor() {
    // 40 prisons sharing a common shock (correlation about 0.2), 20 quarters: more series
    // than periods of errors, so the correlations are shrunk hard (λ 0.6) for MinT's weights. The
    // paths must still be joined with the prisons' real co-movement, or the system's
    // reconciled interval collapses towards the independent one.
    let (series, h) = panel_with(40, 20, 11, 2.0, 4.0);
    let base: Vec<Forecast> = series.iter().map(|s| forecast(s, 4).unwrap()).collect();
    let r = reconcile(&h, &base, ReconcileMethod::MinTShrink).unwrap();
    assert!(r.covariance().lambda() > 0.5, "{}", r.covariance().lambda());
    let f = r.forecasts();
    let spread = |x: &Forecast| {
        let i = x.interval(0.8).unwrap();
        i[3].1 - i[3].0
    };
    let independent: f64 = f[1..].iter().map(|x| spread(x).powi(2)).sum::<f64>().sqrt();
    let (system, own) = (spread(&f[0]), spread(&base[0]));
    // Joined with the shrunk correlations: 504 against the system's own 901 (0.56);
    // with the sample correlations: 700 (0.78).
    assert!(
        system > 2.5 * independent,
        "{system} vs independent {independent}"
    );
    assert!(system > 0.7 * own, "{system} vs the system's own {own}");
}

#[test]
fn the_system_spreads_as_its_own_forecast_at_every_horizon() {
    // 30 prisons with a common shock as large as their own: the sum of their paths must
    // spread as the system's own forecast does from the first horizon to the last, so the
    // paths are joined horizon by horizon with that horizon's errors: 1.03–1.15 of the
    // system's own (joined once per path by the rank of its level with the one-step
    // errors, the first quarter's spread was 0.62 of the system's own, the second's 0.81).
    let (series, h) = panel_with(30, 40, 5, 4.0, 4.0);
    let base: Vec<Forecast> = series.iter().map(|s| forecast(s, 8).unwrap()).collect();
    let spread = |x: &Forecast, t: usize| {
        let i = x.interval(0.8).unwrap();
        i[t].1 - i[t].0
    };
    for method in [ReconcileMethod::BottomUp, ReconcileMethod::MinTShrink] {
        let r = reconcile(&h, &base, method).unwrap();
        let ratios: Vec<f64> = (0..8)
            .map(|t| spread(&r.forecasts()[0], t) / spread(&base[0], t))
            .collect();
        assert!(
            ratios.iter().all(|r| (0.85..1.2).contains(r)),
            "{method}: {ratios:?}"
        );
    }
}

#[test]
fn mint_moves_toward_the_more_accurate_forecast() {
    let (series, h) = panel(3, 40, 11);
    let mut base: Vec<Forecast> = series.iter().map(|s| forecast(s, 4).unwrap()).collect();
    // An incoherent total: 100 above its prisons' forecasts.
    let sum: Vec<f64> = (0..4)
        .map(|t| base[1..].iter().map(|f| f.mean()[t]).sum())
        .collect();
    base[0].mean = sum.iter().map(|s| s + 100.0).collect();
    let r = reconcile(&h, &base, ReconcileMethod::MinTShrink).unwrap();
    let m = r.forecasts()[0].mean();
    for t in 0..4 {
        assert!(
            m[t] > sum[t] && m[t] < sum[t] + 100.0,
            "{} {}",
            m[t],
            sum[t]
        );
    }
    let bu = reconcile(&h, &base, ReconcileMethod::BottomUp).unwrap();
    for (m, s) in bu.forecasts()[0].mean().iter().zip(&sum) {
        assert!((m - s).abs() < 1e-6);
    }
}

#[test]
fn small_prisons_are_never_negative_and_the_clipping_is_counted() {
    // A prison of 3 people beside one of 2,000; the total's forecast far below their sum.
    let big: Vec<f64> = (0..20)
        .map(|t| 2_000.0 + [5.0, -8.0, 3.0, 6.0][t % 4] * t as f64)
        .collect();
    let small: Vec<f64> = (0..20).map(|t| [3.0, 1.0, 4.0, 0.0, 2.0][t % 5]).collect();
    let total: Vec<f64> = big.iter().zip(&small).map(|(a, b)| a + b).collect();
    let s = |v: Vec<f64>| RegularSeries::new(Frequency::Yearly, v).unwrap();
    let mut base = vec![
        forecast(&s(total), 3).unwrap(),
        forecast(&s(big), 3).unwrap(),
        forecast(&s(small), 3).unwrap(),
    ];
    for v in base[0].paths.iter_mut() {
        *v -= 400.0;
    }
    let h = Hierarchy::two_level("all", vec!["big".into(), "small".into()]).unwrap();
    let r = reconcile(&h, &base, ReconcileMethod::MinTShrink).unwrap();
    for f in r.forecasts() {
        assert!(f.mean().iter().all(|v| *v >= 0.0));
        for i in 0..f.paths() {
            assert!(f.path(i).unwrap().iter().all(|v| *v >= 0.0));
        }
    }
    assert!(r.clipped_paths() > 0);
    // Coherent after the floor.
    let f = r.forecasts();
    for i in 0..f[0].paths() {
        let (t, a, b) = (
            f[0].path(i).unwrap(),
            f[1].path(i).unwrap(),
            f[2].path(i).unwrap(),
        );
        assert!((t[2] - a[2] - b[2]).abs() < 1e-9 * t[2].max(1.0));
    }
}

#[test]
fn mismatched_forecasts_are_refused_with_the_node() {
    let (series, h) = panel(2, 30, 3);
    let mut base: Vec<Forecast> = series.iter().map(|s| forecast(s, 4).unwrap()).collect();
    base[2] = forecast(&series[2], 5).unwrap();
    let err = reconcile(&h, &base, ReconcileMethod::BottomUp).unwrap_err();
    assert!(err.to_string().contains("prison 1"), "{err}");
    assert!(reconcile(&h, &base[..2], ReconcileMethod::BottomUp).is_err());
}

#[test]
fn a_panel_by_group_adds_up_and_names_what_it_leaves_out() {
    use crate::CapacityKind;
    use crate::model::PanelBuilder;
    let mut b = PanelBuilder::new();
    let design = b.capacity_slot(CapacityKind::Design);
    let region = b.group_slot("region");
    for q in 0..24u64 {
        let date = jiff::civil::date(2015 + (q / 4) as i16, (q % 4 * 3 + 3) as i8, 28);
        let facilities: [(&str, Option<&str>, u64, Option<u64>); 5] = [
            ("N1", Some("north"), 400 + 5 * q + q % 3 * 7, Some(450)),
            ("N2", Some("north"), 250 + q % 4 * 5, Some(240)),
            ("S1", Some("south"), 600 - 3 * q + q % 2 * 9, Some(700)),
            // South's second prison reports no capacity: south has none, nor the system.
            ("S2", Some("south"), 90 + q % 5, None),
            ("X", None, 30, Some(40)),
        ];
        for (id, group, pop, cap) in facilities {
            b.begin(id, date).unwrap();
            b.population(pop);
            if let Some(g) = group {
                b.group(region, g);
            }
            b.capacity(design, cap).unwrap();
            b.commit().unwrap();
        }
    }
    let panel = b.finish().unwrap();
    let f = PanelForecaster::new(Frequency::Quarterly, 4)
        .with_groups("region")
        .with_capacity_kind(CapacityKind::Design)
        .run(&panel)
        .unwrap();
    let names: Vec<&str> = f.units.iter().map(|u| u.name.as_str()).collect();
    assert_eq!(names, ["north", "south"]);
    assert_eq!(f.units[0].capacity, Some(690));
    assert_eq!((f.units[1].capacity, f.system.capacity), (None, None));
    assert!(f.units[1].chance_over_capacity().unwrap().is_none());
    assert_eq!(
        f.left_out[0].reason,
        LeftOutReason::NoGroupValue { rows: 24 }
    );
    // The people in no group are reported, not dropped: X's 30 in the last quarter.
    assert_eq!(
        (
            f.left_out[0].last_period.map(|p| p.to_string()),
            f.left_out[0].last_population
        ),
        (Some("2020-Q4".to_string()), Some(30))
    );
    // The system is the groups' sum, in history (its last value) and in every path.
    assert_eq!(
        f.system.last_population,
        f.units.iter().map(|u| u.last_population).sum::<u64>()
    );
    for i in 0..f.system.reconciled.paths() {
        let s = f.system.reconciled.path(i).unwrap()[3];
        let parts: f64 = f
            .units
            .iter()
            .map(|u| u.reconciled.path(i).unwrap()[3])
            .sum();
        assert!((s - parts).abs() < 1e-6 * s);
    }
    // North holds ~780 on 690 places at the end: over capacity in nearly every path.
    let north = f.units[0].chance_over_capacity().unwrap().unwrap();
    assert!(north[3] > 0.9, "{north:?}");
    // By facility: all five take part (X has no group but is a facility).
    let by_facility = PanelForecaster::new(Frequency::Quarterly, 4)
        .with_method(ReconcileMethod::BottomUp)
        .run(&panel)
        .unwrap();
    assert_eq!(by_facility.units.len(), 5);
    assert!(by_facility.left_out.is_empty());
}

#[test]
fn a_closed_prison_and_a_young_one_are_left_out_with_why() {
    use crate::model::PanelBuilder;
    let mut b = PanelBuilder::new();
    for y in 2005..2021i16 {
        let date = jiff::civil::date(y, 12, 31);
        // A prison that lists only its places: no population in any of its rows.
        if y >= 2019 {
            b.begin("Silent", date).unwrap();
            b.commit().unwrap();
        }
        let t = (y - 2005) as u64;
        for (id, from, to, pop) in [
            ("Old", 2005, 2020, 800 + 10 * t + t % 3 * 6),
            ("Mid", 2005, 2020, 500 - 4 * t + t % 2 * 8),
            ("Closed", 2005, 2014, 300),
            ("New", 2018, 2020, 120 + t),
        ] {
            if (from..=to).contains(&y) {
                b.begin(id, date).unwrap();
                b.population(pop);
                b.commit().unwrap();
            }
        }
    }
    let f = PanelForecaster::new(Frequency::Yearly, 2)
        .run(&b.finish().unwrap())
        .unwrap();
    assert_eq!(f.units.len(), 2);
    let why: Vec<(&str, LeftOutReason)> = f
        .left_out
        .iter()
        .map(|l| (l.name.as_str(), l.reason))
        .collect();
    assert_eq!(
        why,
        [
            ("Closed", LeftOutReason::Ended),
            (
                "New",
                LeftOutReason::TooShort {
                    periods: 3,
                    needed: 6
                }
            ),
            ("Silent", LeftOutReason::NoPopulation { rows: 2 })
        ]
    );
    assert_eq!(f.left_out[0].last_population, Some(300));
    assert_eq!(f.system_periods, 16);
}
