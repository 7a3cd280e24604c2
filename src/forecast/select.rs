//! Fitting a named method: the components of its forecast (two for a combination).

use super::arima::ArimaFit;
use super::ets::{self, EtsFit};
use super::naive::{Benchmark, Kind, LogTrend};
use super::{ForecastMethod, Model};

/// Fits one method to `y` (model scale) with season length `m`; the components of the
/// forecast (two for a combination). `None` when the method cannot be fitted.
pub(crate) fn fit(method: &ForecastMethod, y: &[f64], m: usize) -> Option<Vec<Box<dyn Model>>> {
    let one = |b: Box<dyn Model>| Some(vec![b]);
    match method {
        ForecastMethod::Naive => one(Box::new(Benchmark::fit(y, m, Kind::Naive))),
        ForecastMethod::SeasonalNaive => one(Box::new(Benchmark::fit(y, m, Kind::Seasonal))),
        ForecastMethod::Drift => one(Box::new(Benchmark::fit(y, m, Kind::Drift))),
        ForecastMethod::LogLinearTrend => one(Box::new(LogTrend::fit(y)?)),
        ForecastMethod::Ets => one(Box::new(ets::auto(y, m)?)),
        ForecastMethod::EtsModel(spec) => one(Box::new(EtsFit::fit(y, m, *spec)?)),
        ForecastMethod::Arima => one(Box::new(ArimaFit::auto(y)?)),
        ForecastMethod::ArimaModel { p, q, drift } => {
            if *p > 2 || *q > 2 {
                return None;
            }
            one(Box::new(ArimaFit::fit(y, *p, *q, *drift)?))
        }
        ForecastMethod::Combination => Some(vec![
            Box::new(ets::auto(y, m)?),
            Box::new(ArimaFit::auto(y)?),
        ]),
        ForecastMethod::Auto => None,
    }
}

/// A readable name for a list of components.
pub(crate) fn name(models: &[Box<dyn Model>]) -> String {
    if models.len() == 1 {
        models[0].name()
    } else {
        format!(
            "mean of {}",
            models
                .iter()
                .map(|m| m.name())
                .collect::<Vec<_>>()
                .join(" and ")
        )
    }
}
