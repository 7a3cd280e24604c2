//! The seeded person-level stays of the flow benches (`projection.rs`, `policy.rs`): `n`
//! stays admitted over 2015–2024 to ~100 facilities of different sizes (the busiest take
//! many times the admissions of the smallest); 30 % untried, 60 % sentenced, 10 % of unknown
//! status; lognormal lengths; 3 % still held, and every stay released after 2024 too.

use jiff::civil::Date;
use overcrowding::StatusGroup;
use overcrowding::flow::stays::StayRecord;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// A standard normal draw (Box–Muller; the benches need no distribution crate).
fn normal(rng: &mut StdRng) -> f64 {
    let u: f64 = rng.random_range(f64::EPSILON..1.0);
    let v: f64 = rng.random_range(0.0..1.0);
    (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
}

fn plus(d: Date, days: i64) -> Date {
    d.checked_add(jiff::Span::new().days(days)).expect("date")
}

/// `n` seeded stays (see the module docs). With `sentenced`, half the untried stays became
/// sentenced on a day drawn within the stay (the draws for it follow the stay's own, so
/// without it the stays are the same draws as before).
pub fn ten_years_of_stays(n: usize, seed: u64, sentenced: bool) -> Vec<StayRecord> {
    let mut rng = StdRng::seed_from_u64(seed);
    let base = Date::constant(2015, 1, 1);
    let days = 3_653; // 2015-01-01 ..= 2024-12-31
    let end = plus(base, days);
    let facilities: Vec<String> = (0..100).map(|i| format!("HMP{i:03}")).collect();
    let weight: Vec<f64> = (0..100).map(|i| 1.0 / (1.0 + i as f64 / 8.0)).collect();
    let total: f64 = weight.iter().sum();
    let mut cumulative = Vec::with_capacity(100);
    let mut run = 0.0;
    for w in &weight {
        run += w / total;
        cumulative.push(run);
    }
    (0..n)
        .map(|_| {
            let a = plus(base, rng.random_range(0..days));
            let u: f64 = rng.random_range(0.0..1.0);
            let f = cumulative.partition_point(|&c| c < u).min(99);
            let (status, median_days, sigma) = match rng.random_range(0..100u32) {
                0..30 => (Some(StatusGroup::Untried), 45.0, 1.0),
                30..90 => (Some(StatusGroup::Sentenced), 150.0, 1.3),
                _ => (None, 20.0, 1.2),
            };
            let length = (median_days * (sigma * normal(&mut rng)).exp()).min(20_000.0) as i64;
            let r = plus(a, length);
            let release = (r < end && !rng.random_ratio(3, 100)).then_some(r);
            let rec = StayRecord::new(Some(a), release, facilities[f].clone(), status);
            if sentenced && status == Some(StatusGroup::Untried) && rng.random_ratio(1, 2) {
                rec.with_sentenced(plus(a, rng.random_range(0..=length)))
            } else {
                rec
            }
        })
        .collect()
}
