//! Hand-checked projections from stays and a backtest over a simulated stays history.

use super::*;
use crate::forecast::HorizonAccuracy;

/// The error figures of one row, as the tests read them.
#[derive(Debug)]
struct Errs {
    mean_error: f64,
    mean_absolute_error: f64,
    mape_percent: Option<f64>,
}

impl Errs {
    fn of(a: &HorizonAccuracy) -> Errs {
        Errs {
            mean_error: a.bias.unwrap(),
            mean_absolute_error: a.mae.unwrap(),
            mape_percent: a.mape,
        }
    }
}
use crate::flow::stays::StayRecord;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

fn plus_days(a: Date, k: i64) -> Date {
    a.checked_add(Span::new().days(k)).unwrap()
}

/// One admission a day from 2020-01-01 for `days` days, each held exactly `stay` days.
fn fixed(days: i64, stay: i64) -> Stays {
    let recs: Vec<StayRecord> = (0..days)
        .map(|k| {
            let a = plus_days(d("2020-01-01"), k);
            StayRecord::new(Some(a), Some(plus_days(a, stay)), "A", None)
        })
        .collect();
    Stays::from_records(&recs)
}

/// Stays of exactly 60 days, one admission a day: the numbers by hand.
///
/// The stock on 2021-06-01 is 60 people, served 0..=59 days: 31 at age 0 (0..=30 days,
/// below M = 30.436875) and 29 at age 1. The survival is 1 up to day 59 and 0 from day 60,
/// so S̄(0) = 1, S̄(1) = (60 − M) / M, S̄(2) = 0: h(0) = 1 − (60 − M)/M, h(1) = 1. The
/// admissions of the 12 months before are 365 in 365 days: M a month.
#[test]
fn fixed_stays_by_hand() {
    let m = DAYS_PER_MONTH;
    let p = StaysProjector::new()
        .project(&fixed(900, 60), d("2021-06-01"), 4)
        .unwrap();
    assert_eq!(p.stock.by_months_served(), &[31.0, 29.0]);
    approx::assert_relative_eq!(p.admissions[0], m, max_relative = 1e-12);
    let h0 = 1.0 - (60.0 - m) / m;
    approx::assert_relative_eq!(
        p.stay.exit_probability(0).unwrap(),
        h0,
        max_relative = 1e-12
    );
    assert_eq!(p.stay.exit_probability(1).unwrap(), 1.0);
    assert_eq!(p.held[0], 60.0);
    // Month 1: the age-0 group less h(0), the age-1 group gone, a month of admissions (none
    // released before the count: S̄(0) = 1).
    approx::assert_relative_eq!(p.held[1], 31.0 * (1.0 - h0) + m, max_relative = 1e-12);
    // From month 2 on: M × (S̄(0) + S̄(1)) = M + 60 − M = 60 exactly.
    for h in 2..=4 {
        approx::assert_relative_eq!(p.held[h], 60.0, max_relative = 1e-12);
    }
    assert_eq!(p.dates[4], d("2021-10-01"));
}

/// Short stays (5 days) never reach a month-start count a month later: the month's
/// admissions join the count as A × S̄(0) = A × 5 / M, i.e. 5 people.
#[test]
fn short_stays_join_the_count_as_the_days_they_stay() {
    let p = StaysProjector::new()
        .project(&fixed(900, 5), d("2021-06-01"), 3)
        .unwrap();
    assert_eq!(p.held[0], 5.0);
    for h in 1..=3 {
        approx::assert_relative_eq!(p.held[h], 5.0, max_relative = 1e-12);
    }
    // Observed admissions (the oracle) agree here: one a day.
    let o = StaysProjector::new()
        .with_admissions(AdmissionsAssumption::Observed)
        .project(&fixed(900, 5), d("2021-06-01"), 3)
        .unwrap();
    assert_eq!(o.admissions, vec![30.0, 31.0, 31.0]); // June, July, August
}

/// Errors are typed: nobody admitted, horizons and windows out of range.
#[test]
fn projection_errors() {
    let s = fixed(10, 5);
    assert!(matches!(
        StaysProjector::new()
            .project(&s, d("2019-12-31"), 1)
            .as_ref()
            .map_err(|e| e.kind()),
        Err(ErrorKind::Empty { .. })
    ));
    assert!(
        StaysProjector::new()
            .project(&s, d("2020-02-01"), 1_201)
            .is_err()
    );
    let p = StaysProjector::new().with_admissions(AdmissionsAssumption::RecentMean { months: 0 });
    assert!(p.project(&s, d("2020-02-01"), 1).is_err());
    // Before any admission the backtest counts the origin instead of failing.
    let r = StaysBacktest::new(vec![1], d("2020-06-30"))
        .with_origins(
            YearMonth::new(2019, 12).unwrap(),
            YearMonth::new(2020, 1).unwrap(),
        )
        .run(&s)
        .unwrap();
    let sc = r.row(Evaluated::StaysProjection, 1).unwrap();
    assert_eq!((sc.scored, sc.no_forecast, sc.target_missing), (1, 1, 0));
    let r = StaysBacktest::new(vec![1], d("2020-03-15"))
        .with_origins(
            YearMonth::new(2020, 1).unwrap(),
            YearMonth::new(2020, 6).unwrap(),
        )
        .run(&s)
        .unwrap();
    // Origins Jan, Feb, Mar; the targets Feb and Mar are observed, Apr is not.
    let sc = r.row(Evaluated::StaysProjection, 1).unwrap();
    assert_eq!((r.origins.len(), sc.scored, sc.target_missing), (3, 2, 1));
}

/// A draw from Poisson(λ) (Knuth's method; λ is small here).
fn poisson(rng: &mut StdRng, lambda: f64) -> u32 {
    let l = (-lambda).exp();
    let (mut k, mut p) = (0, 1.0);
    loop {
        p *= rng.random::<f64>();
        if p <= l {
            return k;
        }
        k += 1;
    }
}

fn std_normal(rng: &mut StdRng) -> f64 {
    let u1: f64 = 1.0 - rng.random::<f64>();
    let u2: f64 = rng.random::<f64>();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

/// A prison system opening on 2015-01-01: 20 admissions a day (Poisson), 30 a day from
/// 2019-01-01 (a new law); 60 % on remand for a geometric 20 days on average, 40 % sentenced
/// for a lognormal stay (median 300 days, σ 0.8). The steady state, λ × (0.6 × 20 + 0.4 ×
/// 300 e^0.32) ≈ 177 λ, takes years to reach (3,540 before the law, 5,310 after), so the
/// last value keeps lagging behind. Stays are known up to 2022-12-31 (later releases are
/// "still held").
fn filling_prison() -> (Stays, Date) {
    let mut rng = StdRng::seed_from_u64(2_024);
    let start = d("2015-01-01");
    let end = d("2022-12-31");
    let days = day_number(end) - day_number(start) + 1;
    let mut recs = Vec::new();
    for k in 0..days {
        let a = plus_days(start, k);
        let lambda = if a < d("2019-01-01") { 20.0 } else { 30.0 };
        for _ in 0..poisson(&mut rng, lambda) {
            let len = if rng.random::<f64>() < 0.6 {
                // Geometric on 1, 2, … days with mean 20.
                let u: f64 = 1.0 - rng.random::<f64>();
                (u.ln() / (1.0f64 - 1.0 / 20.0).ln()).ceil().max(1.0) as i64
            } else {
                (300.0 * (0.8 * std_normal(&mut rng)).exp())
                    .round()
                    .max(1.0) as i64
            };
            let r = plus_days(a, len);
            recs.push(StayRecord::new(Some(a), (r <= end).then_some(r), "P", None));
        }
    }
    (Stays::from_records(&recs), end)
}

/// On a simulated history: with the admissions that did happen (the oracle) the projection
/// from today's stock is unbiased and within the noise of the counts — so the stock, the
/// ages and the stays are right; with the recent mean of admissions (a real forecast, which
/// cannot foresee the 2019 law) it still beats the last value at every horizon, with less
/// bias, because it sees the young cohorts that are still growing the stock.
#[test]
fn backtest_on_a_simulated_stays_history() {
    let (stays, end) = filling_prison();
    let bt = StaysBacktest::new(vec![1, 3, 6, 12], end)
        .with_origins(
            YearMonth::new(2017, 1).unwrap(),
            YearMonth::new(2021, 12).unwrap(),
        )
        .with_step(2);
    let r = bt.run(&stays).unwrap();
    assert_eq!(r.origins.len(), 30);
    let oracle = bt
        .clone()
        .with_projector(StaysProjector::new().with_admissions(AdmissionsAssumption::Observed))
        .run(&stays)
        .unwrap();
    for h in [1, 3, 6, 12] {
        let s = r.row(Evaluated::StaysProjection, h).unwrap();
        let (p, n) = (
            Errs::of(s),
            Errs::of(r.row(ForecastMethod::Naive, h).unwrap()),
        );
        assert_eq!((s.scored, s.no_forecast, s.target_missing), (30, 0, 0));
        // The last value is too low: the system is filling.
        assert!(n.mean_error < 0.0, "h {h}: naive bias {}", n.mean_error);
        let ratio = r.mae_ratio(Evaluated::StaysProjection, h).unwrap();
        assert!(
            ratio < if h <= 3 { 0.95 } else { 0.8 },
            "h {h}: projection MAE {} vs naive {}",
            p.mean_absolute_error,
            n.mean_absolute_error
        );
        assert!(
            p.mean_error.abs() < n.mean_error.abs(),
            "h {h}: bias {} vs naive {}",
            p.mean_error,
            n.mean_error
        );
        let op = Errs::of(oracle.row(Evaluated::StaysProjection, h).unwrap());
        assert!(op.mean_error.abs() < 45.0, "h {h}: oracle bias {op:?}"); // < 1 % of ~4,500
        assert!(op.mape_percent.unwrap() < 1.5, "h {h}: oracle {op:?}");
        assert!(
            oracle.mae_ratio(Evaluated::StaysProjection, h).unwrap() < 0.5,
            "h {h}: oracle {op:?} vs {n:?}"
        );
    }
    // The naive forecast is the origin day's count, which is the projection's stock.
    let f = r
        .forecasts
        .iter()
        .find(|f| f.horizon == 1 && f.method == ForecastMethod::Naive.into())
        .unwrap();
    let Origin::Period(AnyPeriod::Day(o)) = f.origin else {
        panic!("origins are days: {:?}", f.origin)
    };
    assert_eq!(
        f.point,
        Some(stays.daily_population(o, o).unwrap().total()[0] as f64)
    );
}
