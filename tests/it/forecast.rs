//! The issue-11 forecast entry point, as a downstream crate uses it (no polars needed).

use overcrowding::forecast::{
    Crossing, Evaluation, Forecast, ForecastMethod, Forecaster, Frequency, MAX_HORIZON,
    RegularSeries, Side, Transform, forecast,
};
use proptest::prelude::*;

fn check(f: &Forecast, horizon: usize) {
    assert_eq!(f.mean().len(), horizon);
    assert!(!f.method().is_empty());
    for level in [0.01, 0.5, 0.8, 0.95, 0.999] {
        let i = f.interval(level).unwrap();
        assert_eq!(i.len(), horizon);
        for (h, &(lo, hi)) in i.iter().enumerate() {
            assert!(
                lo.is_finite() && hi.is_finite(),
                "{} h {h}: {lo} {hi}",
                f.method()
            );
            assert!(0.0 <= lo && lo <= hi, "{} h {h}: {lo} {hi}", f.method());
        }
    }
    assert!(f.mean().iter().all(|v| v.is_finite() && *v >= 0.0));
}

#[test]
fn the_stable_entry_point() {
    // 36 months, 12 quarters and 10 years are always accepted.
    for (freq, n) in [
        (Frequency::Monthly, 36),
        (Frequency::Quarterly, 12),
        (Frequency::Yearly, 10),
    ] {
        let values: Vec<f64> = (0..n)
            .map(|t| 1_000.0 + 10.0 * t as f64 + (t % 5) as f64)
            .collect();
        let s = RegularSeries::new(freq, values).unwrap();
        let f: Forecast = forecast(&s, 8).unwrap();
        check(&f, 8);
        assert_eq!(f, forecast(&s, 8).unwrap(), "deterministic");
    }
    let s = RegularSeries::new(Frequency::Yearly, vec![5.0; 10]).unwrap();
    assert!(forecast(&s, 0).is_err());
    assert!(forecast(&s, usize::MAX).is_err());
    assert!(forecast(&s, MAX_HORIZON).is_ok());
    let f = forecast(&s, 3).unwrap();
    assert!(f.interval(0.0).is_err() && f.interval(1.0).is_err() && f.interval(f64::NAN).is_err());
    assert!(RegularSeries::new(Frequency::Monthly, vec![1.0; 23]).is_err());
    assert!(RegularSeries::new(Frequency::Monthly, vec![f64::INFINITY; 40]).is_err());
}

#[test]
fn crossings_are_never_in_the_past() {
    // A falling series that crossed 1,200 on the way down.
    let values: Vec<f64> = (0..12).map(|t| 1_500.0 - 50.0 * t as f64).collect();
    let s = RegularSeries::new(Frequency::Yearly, values).unwrap();
    let f = Forecaster::new(10)
        .unwrap()
        .with_method(ForecastMethod::Drift)
        .fit(&s)
        .unwrap();
    assert_eq!(
        f.crossing(1_200.0, Side::Below).unwrap(),
        Crossing::AtOrigin { value: 950.0 }
    );
    assert_eq!(
        f.crossing(1_200.0, Side::Above).unwrap(),
        Crossing::NotWithin { horizon: 10 }
    );
    assert_eq!(
        f.crossing(800.0, Side::Below).unwrap(),
        Crossing::After {
            horizon: 4,
            side: Side::Below
        }
    );
    let p = f.probability_reached(800.0, Side::Below).unwrap();
    assert!(p[0] < 0.01 && p[9] > 0.9);
}

#[test]
fn evaluation_of_the_default_on_a_noisy_trend() {
    let values: Vec<f64> = (0..60)
        .map(|t| 20_000.0 + 40.0 * t as f64 + [90.0, -60.0, 30.0, -80.0, 20.0][t % 5])
        .collect();
    let s = RegularSeries::new(Frequency::Monthly, values).unwrap();
    let r = Evaluation::new(vec![1, 6])
        .unwrap()
        .run(&s, &Forecaster::new(1).unwrap())
        .unwrap();
    assert_eq!(r.origins.len(), 24);
    let naive = Forecaster::new(1)
        .unwrap()
        .with_method(ForecastMethod::Naive);
    let rn = Evaluation::new(vec![1, 6])
        .unwrap()
        .run(&s, &naive)
        .unwrap();
    // A trend of 40 a month: naive is 6 × 40 behind at 6 months, the default is not.
    assert!(r.horizon(6).unwrap().mase.unwrap() < rn.horizon(6).unwrap().mase.unwrap());
    assert!((rn.horizon(6).unwrap().bias.unwrap() + 240.0).abs() < 60.0);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    #[test]
    fn arbitrary_series_never_panic(
        freq in prop_oneof![Just(Frequency::Monthly), Just(Frequency::Quarterly), Just(Frequency::Yearly)],
        extra in 0usize..30,
        values in proptest::collection::vec(prop_oneof![Just(0.0), 0.0f64..1e9, 0.0f64..10.0], 60),
        horizon in 1usize..30,
    ) {
        let n = freq.min_len() + extra;
        let s = RegularSeries::new(freq, values.into_iter().cycle().take(n).collect()).unwrap();
        let f = forecast(&s, horizon).unwrap();
        check(&f, horizon);
        let p = f.probability_reached(1_000.0, Side::Above).unwrap();
        prop_assert!(p.iter().all(|x| (0.0..=1.0).contains(x)));
    }

    #[test]
    fn the_default_under_a_log_stays_finite(
        freq in prop_oneof![Just(Frequency::Monthly), Just(Frequency::Quarterly), Just(Frequency::Yearly)],
        extra in 0usize..60,
        values in proptest::collection::vec(prop_oneof![1.0f64..1e9, 1.0f64..10.0], 60),
        horizon in 1usize..30,
    ) {
        let n = freq.min_len() + extra;
        let s = RegularSeries::new(freq, values.into_iter().cycle().take(n).collect()).unwrap();
        let f = Forecaster::new(horizon)
            .unwrap()
            .with_transform(Transform::Log)
            .fit(&s)
            .unwrap();
        check(&f, horizon);
        // The bias-adjusted mean sits at or above the median (a log's skew).
        let med = f.quantiles(0.5).unwrap();
        prop_assert!(f.mean().iter().zip(&med).all(|(m, q)| m >= q || (q - m) <= 1e-9 * q));
    }
}

/// The default's intervals on series of a known process (a Gaussian random walk, where
/// naive is the right model): pooled coverage near the nominal levels. A statistical guard
/// against a broken calibration, with a fixed seed (the benchmark's `simulated` table has
/// the full picture).
#[test]
fn intervals_hold_their_level_on_random_walks() {
    use rand::rngs::StdRng;
    use rand::{Rng, SeedableRng};
    let mut rng = StdRng::seed_from_u64(11);
    let (n, horizon, series) = (20, 5, 150);
    let (mut in80, mut in95, mut total) = (0usize, 0usize, 0usize);
    for _ in 0..series {
        let mut level = 10_000.0f64;
        let y: Vec<f64> = (0..n + horizon)
            .map(|_| {
                // A normal shock by Box–Muller, sd 100.
                let u: f64 = rng.random::<f64>().max(1e-300);
                let v: f64 = rng.random();
                level += 100.0 * (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos();
                level
            })
            .collect();
        let s = RegularSeries::new(Frequency::Yearly, y[..n].to_vec()).unwrap();
        let f = forecast(&s, horizon).unwrap();
        let (i80, i95) = (f.interval(0.8).unwrap(), f.interval(0.95).unwrap());
        for h in 0..horizon {
            let a = y[n + h];
            in80 += usize::from(i80[h].0 <= a && a <= i80[h].1);
            in95 += usize::from(i95[h].0 <= a && a <= i95[h].1);
            total += 1;
        }
    }
    let (c80, c95) = (in80 as f64 / total as f64, in95 as f64 / total as f64);
    // 750 correlated outcomes: a few points either way is sampling noise.
    assert!((0.75..=0.90).contains(&c80), "80 %: {c80}");
    assert!((0.91..=0.99).contains(&c95), "95 %: {c95}");
}

#[test]
fn regular_series_from_dated_values() {
    let d = |s: &str| s.parse::<jiff::civil::Date>().unwrap();
    // Quarter-end counts in any order come out oldest first, one per quarter.
    let q = [
        (d("2021-06-30"), 20.0),
        (d("2021-03-31"), 10.0),
        (d("2021-12-31"), 40.0),
        (d("2021-09-30"), 30.0),
        (d("2022-03-15"), 50.0), // any day of the quarter
        (d("2022-06-30"), 60.0),
        (d("2022-09-30"), 70.0),
        (d("2022-12-31"), 80.0),
    ];
    let s = RegularSeries::from_dated(Frequency::Quarterly, q).unwrap();
    assert_eq!(
        s.values(),
        &[10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0]
    );
    assert_eq!(s.frequency(), Frequency::Quarterly);
    // A missing quarter is named, never filled.
    let err =
        RegularSeries::from_dated(Frequency::Quarterly, q.into_iter().filter(|p| p.1 != 30.0))
            .unwrap_err();
    assert!(
        err.to_string().contains("period 2021-Q3 is missing"),
        "{err}"
    );
    assert_eq!(
        err.constraint(),
        Some(&overcrowding::error::Constraint::NoGaps)
    );
    // Monthly: the same alignment as Series<YearMonth>, a negative value refused as by new().
    let m: Vec<_> = (1..=12)
        .flat_map(|y| (1..=12).map(move |mo| (y, mo)))
        .take(30)
        .map(|(y, mo)| (jiff::civil::date(2000 + y, mo, 28), 1.0))
        .collect();
    assert_eq!(
        RegularSeries::from_dated(Frequency::Monthly, m.clone())
            .unwrap()
            .len(),
        30
    );
    let mut bad = m;
    bad[3].1 = -1.0;
    assert!(RegularSeries::from_dated(Frequency::Monthly, bad).is_err());
    assert!(RegularSeries::from_dated(Frequency::Yearly, []).is_err());
}

/// Dated totals on the calendar (what the command line's `forecast` and report need): the
/// totals per period, the gaps named, the run since the last gap as a series that knows its
/// start, and a forecast that knows its periods and gives its fan for any frequency.
#[test]
fn dated_totals_gaps_runs_and_the_fan_per_period() {
    use overcrowding::series::Series;
    let d = |y: i16, m: i8, day: i8| jiff::civil::date(y, m, day);
    // Two facilities reporting at each quarter's end 2014–2024, except 2016-Q3; a mid-quarter
    // report in 2024-Q4 that the quarter's last report replaces.
    let mut dated = Vec::new();
    for y in 2014..2025 {
        for q in 0..4 {
            if (y, q) == (2016, 2) {
                continue;
            }
            let m = (q * 3 + 3) as i8;
            let day = [31, 30, 30, 31][q as usize];
            dated.push((d(y, m, day), 1_000 + (y as u64 - 2014) * 10));
            dated.push((d(y, m, day), 500));
        }
    }
    dated.push((d(2024, 11, 15), 9_999));
    let t = Series::totals(Frequency::Quarterly, dated.clone()).unwrap();
    assert_eq!(t.len(), 43);
    let labels: Vec<String> = t.gaps().map(|p| p.to_string()).collect();
    assert_eq!(labels, ["2016-Q3"]);
    assert_eq!(t.points()[42].value, 1_600); // 2024-Q4: the quarter's last report
    assert_eq!(t.run_since_gap().len(), 33); // 2016-Q4 .. 2024-Q4
    assert_eq!(t.longest_run().len(), 33);
    // Monthly: every run is one month long, too short; the finest usable is quarterly.
    assert_eq!(
        Series::finest_totals(dated).unwrap().frequency(),
        Frequency::Quarterly
    );

    let s = RegularSeries::from_series(&t.run_since_gap()).unwrap();
    assert_eq!(s.start().unwrap().to_string(), "2016-Q4");
    let f = forecast(&s, 8).unwrap();
    // The default's numbers do not depend on the calendar.
    let bare = RegularSeries::new(Frequency::Quarterly, s.values().to_vec()).unwrap();
    assert_eq!(forecast(&bare, 8).unwrap().mean(), f.mean());
    assert_eq!(forecast(&bare, 8).unwrap().periods(), None);
    let fan = f.fan(&[0.8, 0.95]).unwrap();
    assert_eq!(fan[0].label().as_deref(), Some("2025-Q1"));
    assert_eq!(fan[7].label().as_deref(), Some("2026-Q4"));
    let i80 = f.interval(0.8).unwrap();
    for (k, p) in fan.iter().enumerate() {
        assert_eq!((p.horizon, p.mean), (k + 1, f.mean()[k]));
        assert_eq!((p.intervals[0].lower, p.intervals[0].upper), i80[k]);
        assert!(p.intervals[1].lower <= p.intervals[0].lower && p.median <= p.intervals[0].upper);
    }
}

/// Our ETS(A,N,N) against a published reference: statsforecast 2.1.1's
/// `AutoETS(season_length=1, model="ANN")` on Montana's year-end prisoners 1997–2021 (BJS,
/// bundled), 5 years ahead — `tests/data/statsforecast_ets_ann_montana.json`, written by
/// `benches/forecast_offline/reference.py`.
#[test]
fn ets_ann_matches_statsforecast_on_a_bundled_series() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("tests/data/statsforecast_ets_ann_montana.json"))
        .unwrap();
    let r: serde_json::Value = serde_json::from_str(&text).unwrap();
    let list = |k: &str| -> Vec<f64> {
        r[k].as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_f64().unwrap())
            .collect()
    };
    let y = list("y");
    // The fixture's series is the bundled one.
    let bundled: Vec<f64> =
        std::fs::read_to_string(root.join("data/series/bjs_state_prisoners_1997_2021.csv"))
            .unwrap()
            .lines()
            .filter(|l| l.starts_with("Montana,") && l.contains(",prisoners,"))
            .map(|l| l.rsplit(',').next().unwrap().parse().unwrap())
            .collect();
    assert_eq!(y, bundled);
    let s = RegularSeries::new(Frequency::Yearly, y).unwrap();
    let ann = ForecastMethod::EtsModel(overcrowding::forecast::EtsSpec::new(
        overcrowding::forecast::ErrorType::Additive,
        overcrowding::forecast::TrendType::None,
    ));
    let f = Forecaster::new(5)
        .unwrap()
        .with_method(ann)
        .fit(&s)
        .unwrap();
    let (mean, lo80, hi80, lo95, hi95) = (
        list("mean"),
        list("lo80"),
        list("hi80"),
        list("lo95"),
        list("hi95"),
    );
    let (i80, i95) = (f.interval(0.8).unwrap(), f.interval(0.95).unwrap());
    for h in 0..5 {
        // The same likelihood optimum: the forecast level to 1e-5 (4,215.16 against
        // 4,215.15); the interval bounds within 1 % of the level (ours are about 2 %
        // narrower at h = 1: the residual variance's degrees of freedom differ).
        approx::assert_relative_eq!(f.mean()[h], mean[h], max_relative = 1e-5);
        for (ours, theirs) in [
            (i80[h].0, lo80[h]),
            (i80[h].1, hi80[h]),
            (i95[h].0, lo95[h]),
            (i95[h].1, hi95[h]),
        ] {
            assert!(
                (ours - theirs).abs() < 0.01 * mean[h],
                "h {h}: {ours} vs {theirs}"
            );
        }
    }
}

/// Day among the periods (issue 19): a jail's population each morning — two facilities, a
/// weekday pattern, one morning without a report — totalled per day, its gap named, and
/// forecast by the default with the week as its season, per named day.
#[test]
fn a_daily_jail_series_is_totalled_gapped_and_forecast_by_the_week() {
    use overcrowding::forecast::{Evaluation, Forecaster};
    use overcrowding::series::Series;
    let start = jiff::civil::date(2024, 1, 1); // a Monday
    let mut dated = Vec::new();
    for k in 0..140i64 {
        if k == 30 {
            continue; // 2024-01-31: no report
        }
        let day = start.checked_add(jiff::Span::new().days(k)).unwrap();
        // Mondays high (weekend bookings), Saturdays low; a slow rise.
        let weekday = [60, 40, 30, 20, 10, 0, 30][(k % 7) as usize];
        dated.push((day, 700 + k as u64 / 2 + weekday));
        dated.push((day, 300));
    }
    let t = Series::totals(Frequency::Daily, dated).unwrap();
    assert_eq!((t.frequency(), t.len()), (Frequency::Daily, 139));
    assert_eq!(
        t.gaps().map(|p| p.to_string()).collect::<Vec<_>>(),
        ["2024-01-31"]
    );
    let run = t.run_since_gap();
    assert_eq!(
        (run.len(), run.start().to_string()),
        (109, "2024-02-01".to_string())
    );
    let s = RegularSeries::from_series(&run).unwrap();
    let f = forecast(&s, 14).unwrap();
    assert!(f.method().contains("m = 7"), "{}", f.method());
    let fan = f.fan(&[0.8, 0.95]).unwrap();
    assert_eq!(fan[0].label().as_deref(), Some("2024-05-20"));
    assert_eq!(fan[13].label().as_deref(), Some("2024-06-02"));
    // The week is carried: the Monday forecast above the Saturday's.
    assert!(
        fan[0].mean > fan[5].mean + 30.0,
        "{} {}",
        fan[0].mean,
        fan[5].mean
    );
    let width = |k: usize| fan[k].intervals[0].upper - fan[k].intervals[0].lower;
    assert!(width(13) > width(0) && width(0) > 0.0);
    // Four weeks at least; the rolling-origin evaluation runs on days too.
    assert!(RegularSeries::new(Frequency::Daily, vec![1.0; 27]).is_err());
    let r = Evaluation::new(vec![1, 7])
        .unwrap()
        .run(&s, &Forecaster::new(7).unwrap())
        .unwrap();
    assert!(r.horizon(7).is_some());
}
