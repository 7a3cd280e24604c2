//! The seeded monthly series of the forecast benches (`forecast.rs`, `forecast_many.rs`): a
//! level of 20,000–30,000 with a slope of ±10 a month, AR(1) shocks (φ = 0.7) and a yearly
//! season of amplitude 100.

use overcrowding::forecast::{Frequency, RegularSeries};
use rand::Rng;
use rand::rngs::StdRng;

/// One series of `n` months from `rng`.
pub fn synthetic(rng: &mut StdRng, n: usize) -> RegularSeries {
    let mut level = 20_000.0 + 10_000.0 * rng.random::<f64>();
    let slope = 20.0 * (rng.random::<f64>() - 0.5);
    let mut v = Vec::with_capacity(n);
    let mut ar = 0.0;
    for t in 0..n {
        ar = 0.7 * ar + 60.0 * (rng.random::<f64>() - 0.5);
        level += slope + ar;
        let season = 100.0 * (std::f64::consts::TAU * t as f64 / 12.0).sin();
        v.push((level + season).max(0.0));
    }
    RegularSeries::new(Frequency::Monthly, v).expect("synthetic")
}
