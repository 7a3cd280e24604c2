//! A forecast per period: the periods it forecasts (from the series' calendar) and its fan —
//! the mean, the median and central intervals at named levels — for any frequency.

use serde::{Deserialize, Serialize};

use super::{Forecast, Frequency};
use crate::error::Result;
use crate::series::{AnyPeriod, Period};

/// A central prediction interval at `level`.
///
/// ```
/// let i = overcrowding::forecast::Interval { level: 0.8, lower: 90.0, upper: 110.0 };
/// assert!(i.contains(100.0) && !i.contains(111.0));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Interval {
    /// Central probability, e.g. 0.8 for the 10 %–90 % quantiles.
    pub level: f64,
    /// Lower bound.
    pub lower: f64,
    /// Upper bound.
    pub upper: f64,
}

impl Interval {
    /// Whether `x` lies in `[lower, upper]`.
    ///
    /// ```
    /// let i = overcrowding::forecast::Interval { level: 0.95, lower: 1.0, upper: 2.0 };
    /// assert!(i.contains(2.0));
    /// ```
    pub fn contains(&self, x: f64) -> bool {
        self.lower <= x && x <= self.upper
    }
}

/// One forecast period of a [`Forecast::fan`]: its horizon, its calendar period (when the
/// series knew its start), the mean, the median and the central intervals at the levels
/// asked for, in their order.
///
/// ```
/// use overcrowding::forecast::{forecast, Frequency, RegularSeries};
/// use overcrowding::series::Year;
/// let s = RegularSeries::new(Frequency::Yearly, vec![100.0; 10])?.with_start(Year(2012));
/// let fan = forecast(&s, 2)?.fan(&[0.8])?;
/// assert_eq!((fan[1].horizon, fan[1].label().as_deref()), (2, Some("2023")));
/// assert_eq!((fan[1].mean, fan[1].median, fan[1].intervals[0].upper), (100.0, 100.0, 100.0));
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FanPeriod {
    /// Periods after the last observation, from 1.
    pub horizon: usize,
    /// The period, `None` when the series had no start.
    pub period: Option<AnyPeriod>,
    /// The mean forecast.
    pub mean: f64,
    /// The median (the 0.5 quantile).
    pub median: f64,
    /// The central intervals, one per level asked for, in that order.
    pub intervals: Vec<Interval>,
    /// With [`Forecast::fan_against`]: the share of simulated paths above the level (a
    /// capacity) in this period; `None` from [`Forecast::fan`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub above: Option<f64>,
    /// With [`Forecast::fan_against`]: the share of paths that have been above the level in
    /// some period up to this one (non-decreasing); `None` from [`Forecast::fan`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reached: Option<f64>,
}

impl FanPeriod {
    /// The period's label (`2024-05-17`, `2024-05`, `2024-Q2`, `2024`), when it is known.
    ///
    /// ```
    /// use overcrowding::forecast::FanPeriod;
    /// let p = FanPeriod { horizon: 1, period: Some(overcrowding::series::Quarter::new(2024, 2)?.into()),
    ///     mean: 1.0, median: 1.0, intervals: vec![], above: None, reached: None };
    /// assert_eq!(p.label().as_deref(), Some("2024-Q2"));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn label(&self) -> Option<String> {
        self.period.map(|p| p.to_string())
    }

    /// The interval at `level`, when it was asked for.
    ///
    /// ```
    /// use overcrowding::forecast::{forecast, Frequency, RegularSeries};
    /// let s = RegularSeries::new(Frequency::Yearly, (0..10).map(|k| 100.0 + k as f64).collect())?;
    /// let fan = forecast(&s, 1)?.fan(&[0.8, 0.95])?;
    /// assert!(fan[0].interval(0.95).unwrap().lower <= fan[0].interval(0.8).unwrap().lower);
    /// assert!(fan[0].interval(0.5).is_none());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn interval(&self, level: f64) -> Option<&Interval> {
        self.intervals.iter().find(|i| i.level == level)
    }
}

impl Forecast {
    /// The frequency of the series forecast.
    ///
    /// ```
    /// use overcrowding::forecast::{forecast, Frequency, RegularSeries};
    /// let s = RegularSeries::new(Frequency::Quarterly, vec![5.0; 8])?;
    /// assert_eq!(forecast(&s, 1)?.frequency(), Frequency::Quarterly);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn frequency(&self) -> Frequency {
        self.frequency
    }

    /// The periods forecast for `h = 1..=horizon`, or `None` when the series had no start
    /// ([`RegularSeries::with_start`](super::RegularSeries::with_start)) or a period lies
    /// past the calendar.
    ///
    /// ```
    /// use overcrowding::forecast::{forecast, Frequency, RegularSeries};
    /// use overcrowding::series::YearMonth;
    /// let s = RegularSeries::new(Frequency::Quarterly, vec![5.0; 8])?.with_start(YearMonth::new(2022, 1)?);
    /// let p = forecast(&s, 2)?.periods().unwrap();
    /// assert_eq!((p[0].to_string(), p[1].to_string()), ("2024-Q1".into(), "2024-Q2".into()));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn periods(&self) -> Option<Vec<AnyPeriod>> {
        let first = self.first_period?;
        (0..self.horizon())
            .map(|k| first.step(i64::try_from(k).ok()?))
            .collect()
    }

    /// The fan: per forecast period, the mean, the median and the central interval at each
    /// of `levels` (fractions, e.g. `[0.8, 0.95]`), with the period when the series knew its
    /// start.
    ///
    /// # Errors
    ///
    /// As [`Forecast::interval`] for a level outside (0, 1).
    ///
    /// ```
    /// use overcrowding::forecast::{forecast, Frequency, RegularSeries};
    /// use overcrowding::series::YearMonth;
    /// let values: Vec<f64> = (0..12).map(|k| 1_000.0 + 10.0 * k as f64).collect();
    /// let s = RegularSeries::new(Frequency::Quarterly, values)?.with_start(YearMonth::new(2021, 1)?);
    /// let f = forecast(&s, 4)?;
    /// let fan = f.fan(&[0.8, 0.95])?;
    /// assert_eq!(fan.len(), 4);
    /// assert_eq!(fan[3].label().as_deref(), Some("2024-Q4"));
    /// assert_eq!(fan[0].mean, f.mean()[0]);
    /// assert!(fan.iter().all(|p| p.intervals[1].lower <= p.intervals[0].lower));
    /// assert!(f.fan(&[1.5]).is_err());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn fan(&self, levels: &[f64]) -> Result<Vec<FanPeriod>> {
        let median = self.quantiles(0.5)?;
        let bands = levels
            .iter()
            .map(|&l| self.interval(l))
            .collect::<Result<Vec<_>>>()?;
        let periods = self.periods();
        Ok((0..self.horizon())
            .map(|k| FanPeriod {
                horizon: k + 1,
                period: periods.as_ref().map(|p| p[k]),
                mean: self.mean()[k],
                median: median[k],
                intervals: levels
                    .iter()
                    .zip(&bands)
                    .map(|(&level, b)| Interval {
                        level,
                        lower: b[k].0,
                        upper: b[k].1,
                    })
                    .collect(),
                above: None,
                reached: None,
            })
            .collect())
    }

    /// The fan ([`Forecast::fan`]) held against `capacity`: each period also carries the
    /// share of simulated paths above it ([`FanPeriod::above`], from
    /// [`Forecast::probability_at`]) and the share that has been above it by then
    /// ([`FanPeriod::reached`], [`Forecast::probability_reached`]). "Above" is strictly
    /// above: more people than places.
    ///
    /// # Errors
    ///
    /// As [`Forecast::fan`]; [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter)
    /// for a negative or non-finite `capacity`.
    ///
    /// ```
    /// use overcrowding::forecast::{Forecaster, ForecastMethod, Frequency, RegularSeries};
    /// let s = RegularSeries::new(Frequency::Yearly, vec![100.0, 102.0, 100.0, 102.0, 100.0, 100.0])?;
    /// let f = Forecaster::new(3)?.with_method(ForecastMethod::Naive).fit(&s)?;
    /// let fan = f.fan_against(&[0.8], 1_000.0)?; // far above every path
    /// assert_eq!((fan[2].above, fan[2].reached), (Some(0.0), Some(0.0)));
    /// let fan = f.fan_against(&[0.8], 0.0)?; // every path is above 0
    /// assert_eq!((fan[0].above, fan[2].reached), (Some(1.0), Some(1.0)));
    /// assert!(f.fan_against(&[0.8], -1.0).is_err());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn fan_against(&self, levels: &[f64], capacity: f64) -> Result<Vec<FanPeriod>> {
        let mut fan = self.fan(levels)?;
        let above = self.probability_at(capacity, super::Side::Above)?;
        let reached = self.probability_reached(capacity, super::Side::Above)?;
        for ((p, a), r) in fan.iter_mut().zip(above).zip(reached) {
            p.above = Some(a);
            p.reached = Some(r);
        }
        Ok(fan)
    }

    /// The period forecast at horizon `h` (1 = the period after the last observation), or
    /// `None` when the series had no start, `h` is 0 or past the horizon.
    ///
    /// ```
    /// use overcrowding::forecast::{forecast, Frequency, RegularSeries};
    /// use overcrowding::series::Year;
    /// let f = forecast(&RegularSeries::new(Frequency::Yearly, vec![5.0; 8])?.with_start(Year(2017)), 3)?;
    /// assert_eq!(f.period(3).map(|p| p.to_string()).as_deref(), Some("2027"));
    /// assert_eq!((f.period(0), f.period(4)), (None, None));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn period(&self, h: usize) -> Option<AnyPeriod> {
        if h == 0 || h > self.horizon() {
            return None;
        }
        self.first_period?.step(i64::try_from(h - 1).ok()?)
    }
}
