//! Flows as information (issue 22 §3): where admissions and releases are known, the
//! population forecast from its flows — admissions forecast, the share of those at risk who
//! leave forecast, the population derived — beside the population-only default, and the automatic choice
//! between the two by rolling-origin evaluation.
//!
//! # The accounts
//!
//! For each flow period `t` (the stock `S_t` observed at its end, `A_t` admitted and `R_t`
//! released during it):
//!
//! - the **population at risk** of release is `P_t = S_{t−1} + A_t` (everyone held at the
//!   start and everyone admitted during the period: the exposure of the release rate, as in
//!   the admissions-and-releases projection models of prison systems — JFA Institute's
//!   simulation models, the US Sentencing Commission's and state sentencing commissions'
//!   projections — reduced to aggregates);
//! - the **release rate** is `r_t = R_t / P_t`, a proportion in [0, 1] (a release count
//!   above the population at risk is read as everyone released: `r_t = 1`, and the rest of
//!   the count goes to the discrepancy below);
//! - the **discrepancy** is what the flows do not explain,
//!   `D_t = S_t − (S_{t−1} + A_t − R_t)`: the balancing equation of demography
//!   (stock(t) = stock(t−1) + inflows − outflows; Preston, Heuveline & Guillot,
//!   *Demography*, 2001, §1.3) does not close on published prison statistics — transfers,
//!   escapes, deaths, definitions (BJS counts admissions and releases of prisoners sentenced
//!   to more than a year against a year-end stock) and revisions all land here. It is
//!   estimated, carried into the forecast and drawn on every path, never set to 0. It is
//!   carried as a share of the population at risk, `δ_t = D_t / P_t`.
//!
//! So on every path of the forecast, `S_h = S_{h−1} + A_h − R_h + D_h` holds exactly (to
//! floating-point rounding; the test `the_identity_holds_on_every_path` checks it).
//!
//! # The forecast ([`forecast_stock_flow`])
//!
//! The population at the end of a period is what is left of those at risk:
//! `S_t = P_t (1 − q_t)`, with the **net exit share** `q_t = 1 − S_t / P_t = r_t − δ_t` —
//! releases and the discrepancy together. That share is what the population depends on, so
//! it is what is forecast; the release rate and the discrepancy are its two parts.
//!
//! 1. **Admissions**: the crate's default ([`forecast`](super::forecast())) on the
//!    admissions series, with its calibrated intervals and its sample paths.
//! 2. **Net exit share**: the crate's default on its logit, `ln(q / (1 − q))` (a
//!    proportion's natural scale: the forecast and every path stay inside (0, 1); a share of
//!    0 or less — more held at the end than were at risk — or of 1 is moved half a person
//!    inward, `(Q + ½)/(P + 1)`, the empirical logit of Cox, *The Analysis of Binary Data*,
//!    1970, only there). Its paths follow the default's shape model with its calibrated
//!    Student-t margins, as the default's own paths do, on the logit scale, then back.
//! 3. **Discrepancy**: `δ` is carried at the median of the history's shares (robust: on the
//!    BJS state series it is near 0 in most years and jumps in a few) and each path draws
//!    each period's share from the location-scale predictive of a new observation,
//!    `δ̃ + s·√(1 + 1/n)·t_{n−1}`, with `s = 1.4826 · MAD` (the normal-consistent median
//!    absolute deviation) over the `n` periods of history. The release rate of the path is
//!    `r_h = q_h + δ_h` (held in [0, 1]), its releases `R_h = r_h · P_h`, and its
//!    discrepancy whatever the identity leaves, `D_h = S_h − (P_h − R_h)` (`= δ_h · P_h`
//!    unless `r_h` was held at a bound).
//! 4. **Population**: per path, `P_h = S_{h−1} + A_h` and `S_h = P_h (1 − q_h) ≥ 0`. The
//!    paths are joint: admissions path `i`, exit-share path `i` and discrepancy draws `i`
//!    make population path `i`, so intervals are quantiles of simulated joint paths and no
//!    count is ever negative. The point forecast ([`Forecast::mean`]) is the paths' mean.
//!
//! Why the net share and not the release rate alone (measured, `benches/README.md`): on the
//! BJS states the first version forecast the release rate `r` and carried `δ` beside it, and
//! lost to the population-only default everywhere (mean MASE 1.788 against 1.354 one year
//! ahead, 80 % intervals covering 88–96 %). Published counts move people between releases
//! and the residual — in 2011 most states' release rates fall sharply and the discrepancy
//! takes the difference back — so a rate forecast alone follows a break that the stock
//! never saw. The net share moves far less at such breaks, and the discrepancy is still estimated,
//! carried and drawn: it is what splits the net share into releases and the rest.
//!
//! Admissions, exit share and discrepancy are drawn independently of each other (three seeded
//! streams, [`DEFAULT_SEED`] mixed with a constant per stream, so the
//! forecast is reproducible). That is an assumption: in a shock like 2020, admissions fell
//! and exits rose together, and independent draws then understate how far the
//! population can move — the bench's coverage measures what that costs.
//!
//! # The automatic choice ([`forecast_flows`])
//!
//! Both methods are scored by the one rolling-origin engine ([`Evaluation`]: the default by
//! [`Evaluation::run`], the stock-flow forecast by [`Evaluation::run_with`]) at the origins
//! where both can be evaluated: from the first training length whose flows reach the
//! frequency's [`Frequency::min_len`] (the default needs that many values to forecast
//! admissions and rates) to the last but one value, at horizons 1 to the horizon asked.
//! The score is the mean over those horizons of each horizon's MASE (Hyndman & Koehler,
//! 2006: the error over the training window's mean absolute one-period change); the
//! stock-flow forecast is chosen only when its score is strictly lower. Without an origin
//! (too few flow periods) the population-only default is kept, and [`FlowChoice`] says so
//! (`origins() == 0`). On short histories the choice rests on few origins; the bench
//! (`benches/README.md`, "Flows as information") shows what it gains on the BJS states.

use serde::Serialize;

use super::stats::{Normals, t_from_z};
use super::{
    DEFAULT_SEED, Dist, Evaluation, Forecast, Forecaster, Frequency, RegularSeries, Transform,
    auto, tidy,
};
use crate::ErrorKind;
use crate::error::{Constraint, Error, Result};
use crate::series::{AnyPeriod, Series};

/// The seed stream of the net exit share's paths (mixed into
/// [`DEFAULT_SEED`]).
const EXIT_STREAM: u64 = 0x4558_4954; // "EXIT"
/// The seed stream of the discrepancy draws.
const DISCREPANCY_STREAM: u64 = 0x4449_5343; // "DISC"

/// A population (stock) series with its admissions and releases: the input of the
/// stock-flow forecast.
///
/// The flows are counted during each period, the stock at its end. The flows cover the
/// stock's last periods (they may start later than the stock, which must be known at the
/// start of the first flow period: at least one stock value before it) and end in the
/// same period. When every series knows its calendar ([`RegularSeries::with_start`]) the
/// periods must line up; otherwise the three are taken to end in the same period.
/// Counts are non-negative and finite ([`RegularSeries::new`] checks them).
///
/// ```
/// use overcrowding::forecast::{FlowSeries, Frequency, RegularSeries};
/// use overcrowding::series::YearMonth;
/// let year = |y| YearMonth::new(y, 1);
/// let stock = RegularSeries::new(Frequency::Yearly, vec![1_000.0; 8])?.with_start(year(2010)?);
/// let admissions = RegularSeries::new(Frequency::Yearly, vec![400.0; 7])?.with_start(year(2011)?);
/// let releases = RegularSeries::new(Frequency::Yearly, vec![380.0; 7])?.with_start(year(2011)?);
/// let s = FlowSeries::new(stock.clone(), admissions.clone(), releases)?;
/// // At risk: 1,000 held + 400 admitted; 380 released; the 20 left over are the discrepancy.
/// assert_eq!(s.at_risk()[0], 1_400.0);
/// assert_eq!(s.discrepancies()[0], -20.0);
/// // Flows that end a year early do not line up with the stock.
/// let early = RegularSeries::new(Frequency::Yearly, vec![380.0; 7])?.with_start(year(2010)?);
/// let err = FlowSeries::new(stock, admissions, early).unwrap_err();
/// assert_eq!(err.kind().name(), "InvalidParameter");
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FlowSeries {
    stock: RegularSeries,
    admissions: RegularSeries,
    releases: RegularSeries,
}

impl FlowSeries {
    /// Validates a stock series and its flows (see the type's docs).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidParameter`] when a flow's
    /// frequency differs from the stock's ([`Constraint::SameAs`]), the flows have as many
    /// periods as the stock or more ([`Constraint::AtMost`]: the stock at the start of the
    /// first flow period is needed), or, all three knowing their calendar, a flow does not
    /// start where the stock's last periods do ([`Constraint::SameAs`], naming the period
    /// expected); [`ErrorKind::LengthMismatch`] when
    /// admissions and releases differ in length.
    ///
    /// ```
    /// use overcrowding::forecast::{FlowSeries, Frequency, RegularSeries};
    /// let stock = RegularSeries::new(Frequency::Yearly, vec![1_000.0; 7])?;
    /// let flows = RegularSeries::new(Frequency::Yearly, vec![400.0; 6])?;
    /// let short = RegularSeries::new(Frequency::Yearly, vec![400.0; 7])?;
    /// assert!(FlowSeries::new(stock.clone(), flows.clone(), flows.clone()).is_ok());
    /// // As many flow periods as stock values: no stock before the first flow period.
    /// assert!(FlowSeries::new(stock.clone(), short.clone(), short).is_err());
    /// let quarterly = RegularSeries::new(Frequency::Quarterly, vec![400.0; 8])?;
    /// assert!(FlowSeries::new(stock, flows, quarterly).is_err());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn new(
        stock: RegularSeries,
        admissions: RegularSeries,
        releases: RegularSeries,
    ) -> Result<FlowSeries> {
        for (what, s) in [
            ("admissions frequency", &admissions),
            ("releases frequency", &releases),
        ] {
            if s.frequency() != stock.frequency() {
                return Err(Error::invalid(
                    what,
                    s.frequency().label(),
                    Constraint::SameAs {
                        other: stock.frequency().label().to_string(),
                    },
                ));
            }
        }
        if releases.len() != admissions.len() {
            return Err(Error::from(ErrorKind::LengthMismatch {
                what: "releases",
                expected: admissions.len(),
                found: releases.len(),
            }));
        }
        let n = stock.len();
        if admissions.len() >= n {
            return Err(Error::invalid(
                "flow periods",
                admissions.len(),
                Constraint::AtMost {
                    max: (n - 1) as f64,
                },
            ));
        }
        let offset = n - admissions.len();
        if let Some(expected) = stock.period(offset) {
            for (what, s) in [
                ("admissions start", &admissions),
                ("releases start", &releases),
            ] {
                if let Some(start) = s.start()
                    && start != expected
                {
                    return Err(Error::invalid(
                        what,
                        start,
                        Constraint::SameAs {
                            other: expected.to_string(),
                        },
                    ));
                }
            }
        }
        Ok(FlowSeries {
            stock,
            admissions,
            releases,
        })
    }

    /// The stock and its flows from their totals per period ([`Series::totals`] for the
    /// stock, [`Series::flow_totals`] for the flows): the stock's run since its last gap, and
    /// the flows of its periods after the first, taken back from its last period while both
    /// flows are known — the run of known flows that ends in the last period.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Empty`] (`"flows of the last period"`) when the stock's last period
    /// lacks either flow; as [`RegularSeries::from_series`] for the stock's run and
    /// [`RegularSeries::new`] for the run of known flows (too short for the frequency); as
    /// [`FlowSeries::new`].
    ///
    /// ```
    /// use overcrowding::forecast::{FlowSeries, Frequency};
    /// use overcrowding::series::Series;
    /// let d = |y: i16| jiff::civil::date(y, 12, 31);
    /// let stock = Series::totals(Frequency::Yearly, (2010..2022).map(|y| (d(y), 1_000)))?;
    /// // 2013's admissions are unknown: the flows are those of 2014 to 2021.
    /// let adm = Series::flow_totals(Frequency::Yearly, (2011..2022).map(|y| (d(y), (y != 2013).then_some(400))))?;
    /// let rel = Series::flow_totals(Frequency::Yearly, (2011..2022).map(|y| (d(y), Some(390))))?;
    /// let s = FlowSeries::from_totals(&stock, &adm, &rel)?;
    /// assert_eq!((s.stock().len(), s.admissions().len()), (12, 8));
    /// assert_eq!(s.admissions().start().map(|p| p.to_string()).as_deref(), Some("2014"));
    /// let late = Series::flow_totals(Frequency::Yearly, (2011..2021).map(|y| (d(y), Some(390))))?;
    /// assert!(FlowSeries::from_totals(&stock, &adm, &late).is_err()); // 2021 unknown
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn from_totals(
        stock: &Series<AnyPeriod>,
        admissions: &Series<AnyPeriod>,
        releases: &Series<AnyPeriod>,
    ) -> Result<FlowSeries> {
        let run = stock.run_since_gap();
        let series = RegularSeries::from_series(&run)?;
        let points = run.points();
        // The flows of the stock's periods after its first, back from the last while known.
        let mut flows: Vec<(u64, u64)> = points
            .iter()
            .skip(1)
            .rev()
            .map_while(|p| Some((admissions.value(p.period)?, releases.value(p.period)?)))
            .collect();
        flows.reverse();
        if flows.is_empty() {
            return Err(Error::from(ErrorKind::Empty {
                what: "flows of the last period",
            }));
        }
        let start = points[points.len() - flows.len()].period;
        let flow = |pick: fn(&(u64, u64)) -> u64| {
            RegularSeries::new(
                stock.frequency(),
                flows.iter().map(|f| pick(f) as f64).collect(),
            )
            .map(|s| s.with_start(start))
        };
        FlowSeries::new(series, flow(|f| f.0)?, flow(|f| f.1)?)
    }

    /// The stock (population) series.
    ///
    /// ```
    /// # use overcrowding::forecast::{FlowSeries, Frequency, RegularSeries};
    /// # let f = RegularSeries::new(Frequency::Yearly, vec![400.0; 6])?;
    /// let s = FlowSeries::new(RegularSeries::new(Frequency::Yearly, vec![900.0; 7])?, f.clone(), f)?;
    /// assert_eq!(s.stock().last(), 900.0);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn stock(&self) -> &RegularSeries {
        &self.stock
    }

    /// The admissions during each flow period.
    ///
    /// ```
    /// # use overcrowding::forecast::{FlowSeries, Frequency, RegularSeries};
    /// # let f = RegularSeries::new(Frequency::Yearly, vec![400.0; 6])?;
    /// let s = FlowSeries::new(RegularSeries::new(Frequency::Yearly, vec![900.0; 7])?, f.clone(), f)?;
    /// assert_eq!(s.admissions().len(), 6);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn admissions(&self) -> &RegularSeries {
        &self.admissions
    }

    /// The releases during each flow period.
    ///
    /// ```
    /// # use overcrowding::forecast::{FlowSeries, Frequency, RegularSeries};
    /// # let f = RegularSeries::new(Frequency::Yearly, vec![400.0; 6])?;
    /// let s = FlowSeries::new(RegularSeries::new(Frequency::Yearly, vec![900.0; 7])?, f.clone(), f)?;
    /// assert_eq!(s.releases().last(), 400.0);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn releases(&self) -> &RegularSeries {
        &self.releases
    }

    /// The frequency (the stock's and the flows').
    ///
    /// ```
    /// # use overcrowding::forecast::{FlowSeries, Frequency, RegularSeries};
    /// # let f = RegularSeries::new(Frequency::Yearly, vec![400.0; 6])?;
    /// let s = FlowSeries::new(RegularSeries::new(Frequency::Yearly, vec![900.0; 7])?, f.clone(), f)?;
    /// assert_eq!(s.frequency(), Frequency::Yearly);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn frequency(&self) -> Frequency {
        self.stock.frequency()
    }

    /// The index in the stock of the first flow period (at least 1).
    fn offset(&self) -> usize {
        self.stock.len() - self.admissions.len()
    }

    /// The population at risk of release in each flow period, `P_t = S_{t−1} + A_t`.
    ///
    /// ```
    /// # use overcrowding::forecast::{FlowSeries, Frequency, RegularSeries};
    /// let stock = RegularSeries::new(Frequency::Yearly, (0..7).map(|t| 900.0 + t as f64).collect())?;
    /// let f = RegularSeries::new(Frequency::Yearly, vec![400.0; 6])?;
    /// let s = FlowSeries::new(stock, f.clone(), f)?;
    /// assert_eq!(s.at_risk()[..2], [1_300.0, 1_301.0]);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn at_risk(&self) -> Vec<f64> {
        let s = self.stock.values();
        let o = self.offset();
        self.admissions
            .values()
            .iter()
            .enumerate()
            .map(|(t, a)| s[o + t - 1] + a)
            .collect()
    }

    /// The release rate of each flow period, `R_t / P_t` (1 when the releases are at or
    /// above the population at risk; 0 when nobody was at risk).
    ///
    /// ```
    /// # use overcrowding::forecast::{FlowSeries, Frequency, RegularSeries};
    /// let stock = RegularSeries::new(Frequency::Yearly, vec![1_000.0; 7])?;
    /// let a = RegularSeries::new(Frequency::Yearly, vec![400.0; 6])?;
    /// let r = RegularSeries::new(Frequency::Yearly, vec![350.0; 6])?;
    /// assert_eq!(FlowSeries::new(stock, a, r)?.release_rates()[0], 0.25); // 350 of 1,400
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn release_rates(&self) -> Vec<f64> {
        self.at_risk()
            .iter()
            .zip(self.releases.values())
            .map(|(&p, &r)| if p > 0.0 { (r / p).min(1.0) } else { 0.0 })
            .collect()
    }

    /// The net exit share of each flow period, `q_t = 1 − S_t / P_t`: the share of the
    /// population at risk not held at the period's end, releases and the discrepancy
    /// together (`q_t = r_t − D_t / P_t`; 0 when nobody was at risk).
    ///
    /// ```
    /// # use overcrowding::forecast::{FlowSeries, Frequency, RegularSeries};
    /// let stock = RegularSeries::new(Frequency::Yearly, vec![1_200.0, 1_200.0, 1_200.0, 1_200.0, 1_200.0, 1_200.0, 1_400.0])?;
    /// let f = RegularSeries::new(Frequency::Yearly, vec![400.0; 6])?;
    /// let q = FlowSeries::new(stock, f.clone(), f)?.net_exit_shares();
    /// // 400 of 1,600 at risk not held at the end of a year, then only 200.
    /// assert_eq!((q[0], q[5]), (0.25, 0.125));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn net_exit_shares(&self) -> Vec<f64> {
        let s = self.stock.values();
        let o = self.offset();
        self.at_risk()
            .iter()
            .enumerate()
            .map(|(t, &p)| if p > 0.0 { 1.0 - s[o + t] / p } else { 0.0 })
            .collect()
    }

    /// What the flows do not explain in each flow period, `D_t = S_t − (S_{t−1} + A_t −
    /// R_t)` (positive: more people held than the flows account for).
    ///
    /// ```
    /// # use overcrowding::forecast::{FlowSeries, Frequency, RegularSeries};
    /// let stock = RegularSeries::new(Frequency::Yearly, vec![1_000.0, 1_000.0, 1_000.0, 1_000.0, 1_000.0, 1_000.0, 1_050.0])?;
    /// let f = RegularSeries::new(Frequency::Yearly, vec![400.0; 6])?;
    /// assert_eq!(FlowSeries::new(stock, f.clone(), f)?.discrepancies()[5], 50.0);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn discrepancies(&self) -> Vec<f64> {
        let s = self.stock.values();
        let o = self.offset();
        self.at_risk()
            .iter()
            .zip(self.releases.values())
            .enumerate()
            .map(|(t, (p, r))| s[o + t] - (p - r))
            .collect()
    }

    /// The first `k` stock values with the flows of those periods, or `None` when fewer than
    /// [`Frequency::min_len`] flow periods would be left (the history at an earlier origin).
    ///
    /// ```
    /// # use overcrowding::forecast::{FlowSeries, Frequency, RegularSeries};
    /// let stock = RegularSeries::new(Frequency::Yearly, vec![1_000.0; 10])?;
    /// let f = RegularSeries::new(Frequency::Yearly, vec![400.0; 8])?;
    /// let s = FlowSeries::new(stock, f.clone(), f)?;
    /// assert_eq!(s.head(9).unwrap().admissions().len(), 7);
    /// assert!(s.head(7).is_none()); // 5 flow periods: too few
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn head(&self, k: usize) -> Option<FlowSeries> {
        let flows = k.checked_sub(self.offset())?;
        Some(FlowSeries {
            stock: self.stock.head(k)?,
            admissions: self.admissions.head(flows)?,
            releases: self.releases.head(flows)?,
        })
    }

    /// The shortest stock history (`head`) a stock-flow forecast can be made from.
    fn min_head(&self) -> usize {
        self.offset() + self.frequency().min_len()
    }
}

/// A stock-flow forecast ([`forecast_stock_flow`]): the population with its flows, path by
/// path (path `i` of every part belongs to the same simulated future).
///
/// ```
/// use overcrowding::forecast::{forecast_stock_flow, FlowSeries, Frequency, RegularSeries};
/// let stock = RegularSeries::new(Frequency::Yearly, (0..12).map(|t| 1_000.0 + 10.0 * t as f64).collect())?;
/// let a = RegularSeries::new(Frequency::Yearly, (0..10).map(|t| 400.0 + (t % 3) as f64 * 5.0).collect())?;
/// let r = RegularSeries::new(Frequency::Yearly, (0..10).map(|t| 390.0 + (t % 2) as f64 * 4.0).collect())?;
/// let f = forecast_stock_flow(&FlowSeries::new(stock, a, r)?, 3)?;
/// let (s, a, r) = (f.population().path(7).unwrap(), f.admissions().path(7).unwrap(), f.releases().path(7).unwrap());
/// let d = f.discrepancy_path(7).unwrap();
/// // The identity, on path 7, one year ahead.
/// assert!((s[0] - (1_110.0 + a[0] - r[0] + d[0])).abs() < 1e-9);
/// assert_eq!(f.population().interval(0.8)?.len(), 3);
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StockFlowForecast {
    population: Forecast,
    admissions: Forecast,
    releases: Forecast,
    /// Path-major, as [`Forecast`]'s paths.
    release_rates: Vec<f64>,
    discrepancies: Vec<f64>,
    discrepancy_share: f64,
}

impl StockFlowForecast {
    /// The population forecast: the mean, quantiles, fan and chances of the joint paths.
    ///
    /// ```
    /// # use overcrowding::forecast::{forecast_stock_flow, FlowSeries, Frequency, RegularSeries};
    /// # let stock = RegularSeries::new(Frequency::Yearly, vec![1_000.0; 8])?;
    /// # let f = RegularSeries::new(Frequency::Yearly, vec![400.0; 7])?;
    /// let f = forecast_stock_flow(&FlowSeries::new(stock, f.clone(), f)?, 2)?;
    /// // Steady: 400 in, 400 out of 1,400 at risk, nothing unexplained.
    /// assert!(f.population().mean().iter().all(|m| (m - 1_000.0).abs() < 1e-9));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn population(&self) -> &Forecast {
        &self.population
    }

    /// The admissions forecast (the crate's default on the admissions series).
    ///
    /// ```
    /// # use overcrowding::forecast::{forecast_stock_flow, FlowSeries, Frequency, RegularSeries};
    /// # let stock = RegularSeries::new(Frequency::Yearly, vec![1_000.0; 8])?;
    /// # let f = RegularSeries::new(Frequency::Yearly, vec![400.0; 7])?;
    /// let f = forecast_stock_flow(&FlowSeries::new(stock, f.clone(), f)?, 2)?;
    /// assert_eq!(f.admissions().mean(), &[400.0, 400.0]);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn admissions(&self) -> &Forecast {
        &self.admissions
    }

    /// The releases on the joint paths (rate × population at risk).
    ///
    /// ```
    /// # use overcrowding::forecast::{forecast_stock_flow, FlowSeries, Frequency, RegularSeries};
    /// # let stock = RegularSeries::new(Frequency::Yearly, vec![1_000.0; 8])?;
    /// # let f = RegularSeries::new(Frequency::Yearly, vec![400.0; 7])?;
    /// let f = forecast_stock_flow(&FlowSeries::new(stock, f.clone(), f)?, 2)?;
    /// assert!((f.releases().mean()[1] - 400.0).abs() < 1e-9);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn releases(&self) -> &Forecast {
        &self.releases
    }

    /// The release rate on path `i` (`h = 1..=horizon`), or `None` past the paths.
    ///
    /// ```
    /// # use overcrowding::forecast::{forecast_stock_flow, FlowSeries, Frequency, RegularSeries};
    /// # let stock = RegularSeries::new(Frequency::Yearly, vec![1_000.0; 8])?;
    /// # let f = RegularSeries::new(Frequency::Yearly, vec![400.0; 7])?;
    /// let f = forecast_stock_flow(&FlowSeries::new(stock, f.clone(), f)?, 2)?;
    /// assert!((f.release_rate_path(0).unwrap()[0] - 400.0 / 1_400.0).abs() < 1e-12);
    /// assert!(f.release_rate_path(f.population().paths()).is_none());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn release_rate_path(&self, i: usize) -> Option<&[f64]> {
        let h = self.population.horizon();
        self.release_rates.get(i * h..(i + 1) * h)
    }

    /// The discrepancy (people the flows do not explain, may be negative) on path `i`, or
    /// `None` past the paths.
    ///
    /// ```
    /// # use overcrowding::forecast::{forecast_stock_flow, FlowSeries, Frequency, RegularSeries};
    /// # let stock = RegularSeries::new(Frequency::Yearly, vec![1_000.0; 8])?;
    /// # let f = RegularSeries::new(Frequency::Yearly, vec![400.0; 7])?;
    /// let f = forecast_stock_flow(&FlowSeries::new(stock, f.clone(), f)?, 2)?;
    /// assert!(f.discrepancy_path(3).unwrap().iter().all(|d| d.abs() < 1e-9));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn discrepancy_path(&self, i: usize) -> Option<&[f64]> {
        let h = self.population.horizon();
        self.discrepancies.get(i * h..(i + 1) * h)
    }

    /// The discrepancy carried forward, as a share of the population at risk (the median of
    /// the history's shares).
    ///
    /// ```
    /// # use overcrowding::forecast::{forecast_stock_flow, FlowSeries, Frequency, RegularSeries};
    /// let stock = RegularSeries::new(Frequency::Yearly, vec![1_000.0; 8])?;
    /// let a = RegularSeries::new(Frequency::Yearly, vec![400.0; 7])?;
    /// let r = RegularSeries::new(Frequency::Yearly, vec![386.0; 7])?;
    /// let f = forecast_stock_flow(&FlowSeries::new(stock, a, r)?, 1)?;
    /// assert_eq!(f.discrepancy_share(), -0.01); // 14 of 1,400 leave unexplained
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn discrepancy_share(&self) -> f64 {
        self.discrepancy_share
    }
}

/// A logit, with rates of exactly 0 or 1 moved half a person inward (`p` at risk).
fn logit(rate: f64, at_risk: f64) -> f64 {
    let r = if rate <= 0.0 || rate >= 1.0 {
        let released = rate.clamp(0.0, 1.0) * at_risk;
        (released + 0.5) / (at_risk + 1.0)
    } else {
        rate
    };
    (r / (1.0 - r)).ln()
}

fn inverse_logit(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// The median of `v` (not empty).
fn median(v: &[f64]) -> f64 {
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    let n = s.len();
    if n % 2 == 1 {
        s[n / 2]
    } else {
        (s[n / 2 - 1] + s[n / 2]) / 2.0
    }
}

/// `paths` paths of the default's forecast of `y` (any real values: the model scale, no
/// truncation at 0) for `h = 1..=horizon`, path-major, with the dynamics of the default's
/// shape model and its calibrated t margins (as [`Forecaster::fit`]'s own paths), and the
/// method's name.
fn model_scale_paths(
    y: &[f64],
    m: usize,
    horizon: usize,
    paths: usize,
    seed: u64,
) -> (String, Vec<f64>) {
    if y.iter().all(|&v| v == y[0]) {
        return ("constant".into(), vec![y[0]; paths * horizon]);
    }
    let fit = auto::fit(y, m, horizon);
    let mut out = vec![0.0; paths * horizon];
    for (i, path) in out.chunks_exact_mut(horizon).enumerate() {
        let mut rng = Normals::for_path(seed, i);
        fit.shape.simulate(&mut rng, path);
        for (h, v) in path.iter_mut().enumerate() {
            let z = if fit.shape_sd[h] > 0.0 {
                (*v - fit.shape_point[h]) / fit.shape_sd[h]
            } else {
                rng.next()
            };
            *v = fit.point[h] + fit.sd[h] * t_from_z(z, fit.df[h]);
        }
    }
    (fit.name, out)
}

/// A forecast whose distribution is its simulated paths (path-major, `horizon` each).
fn from_paths(
    method: String,
    origin: f64,
    horizon: usize,
    paths: Vec<f64>,
    (frequency, first_period): (Frequency, Option<AnyPeriod>),
) -> Forecast {
    let n = paths.len() / horizon;
    let mut mean = Vec::with_capacity(horizon);
    let mut dist = Vec::with_capacity(horizon);
    for h in 0..horizon {
        let mut s: Vec<f64> = (0..n).map(|i| paths[i * horizon + h]).collect();
        mean.push(tidy(s.iter().sum::<f64>() / n as f64));
        s.sort_by(f64::total_cmp);
        dist.push(Dist::Samples(s));
    }
    Forecast {
        method,
        origin,
        transform: Transform::None,
        mean,
        dists: vec![dist],
        paths,
        backtest: Vec::new(),
        frequency,
        first_period,
        step_errors: Vec::new(),
    }
}

/// The stock-flow forecast of `series` for `h = 1..=horizon` ([the module docs](self): admissions
/// by the default, the release rate by the default on the logit scale, the discrepancy
/// carried, the population derived on joint paths), seeded with
/// [`DEFAULT_SEED`] (deterministic).
///
/// # Errors
///
/// [`ErrorKind::InvalidParameter`] when `horizon` is 0
/// or above [`MAX_HORIZON`](super::MAX_HORIZON).
///
/// ```
/// use overcrowding::forecast::{forecast_stock_flow, FlowSeries, Frequency, RegularSeries};
/// // 400 admitted a year; a quarter of those at risk leave (24 % released, 1 % lost
/// // unexplained): from 1,000 the population climbs towards 1,200.
/// let mut held = vec![1_000.0];
/// for t in 0..7 {
///     held.push(0.75 * (held[t] + 400.0));
/// }
/// let released: Vec<f64> = (0..7).map(|t| 0.24 * (held[t] + 400.0)).collect();
/// let s = FlowSeries::new(
///     RegularSeries::new(Frequency::Yearly, held)?,
///     RegularSeries::new(Frequency::Yearly, vec![400.0; 7])?,
///     RegularSeries::new(Frequency::Yearly, released)?,
/// )?;
/// let f = forecast_stock_flow(&s, 1)?;
/// // 0.75 · (1,173.30322265625 + 400), the last year's stock being 1,173.30322265625.
/// assert!((f.population().mean()[0] - 1_179.977_416_992_187_5).abs() < 1e-9);
/// # Ok::<(), overcrowding::Error>(())
/// ```
pub fn forecast_stock_flow(series: &FlowSeries, horizon: usize) -> Result<StockFlowForecast> {
    let admissions = Forecaster::new(horizon)?.fit(&series.admissions)?;
    let paths = admissions.paths();
    let at_risk = series.at_risk();
    let logits: Vec<f64> = series
        .net_exit_shares()
        .iter()
        .zip(&at_risk)
        .map(|(&q, &p)| logit(q, p))
        .collect();
    let (exit_method, exit_paths) = model_scale_paths(
        &logits,
        series.frequency().period(),
        horizon,
        paths,
        DEFAULT_SEED ^ EXIT_STREAM,
    );
    let shares: Vec<f64> = series
        .discrepancies()
        .iter()
        .zip(&at_risk)
        .map(|(&d, &p)| if p > 0.0 { d / p } else { 0.0 })
        .collect();
    let centre = median(&shares);
    let deviations: Vec<f64> = shares.iter().map(|s| (s - centre).abs()).collect();
    let n = shares.len() as f64;
    let spread = 1.4826 * median(&deviations) * (1.0 + 1.0 / n).sqrt();
    let df = n - 1.0;

    let mut population = vec![0.0; paths * horizon];
    let mut releases = vec![0.0; paths * horizon];
    let mut rates = vec![0.0; paths * horizon];
    let mut unexplained = vec![0.0; paths * horizon];
    for i in 0..paths {
        let admitted = admissions.path(i).unwrap_or(&[]);
        let mut draws = Normals::for_path(DEFAULT_SEED ^ DISCREPANCY_STREAM, i);
        let mut held = series.stock.last();
        for (h, &a) in admitted.iter().enumerate() {
            let at = i * horizon + h;
            let p = held + a;
            let q = inverse_logit(exit_paths[at]);
            let share = if spread > 0.0 {
                centre + spread * t_from_z(draws.next(), df)
            } else {
                centre
            };
            let r = (q + share).clamp(0.0, 1.0);
            let released = r * p;
            held = tidy(p * (1.0 - q));
            population[at] = held;
            releases[at] = released;
            rates[at] = r;
            unexplained[at] = held - (p - released);
        }
    }
    let method = format!(
        "stock-flow (admissions: {}; net exit share: {} on the logit scale)",
        admissions.method(),
        exit_method
    );
    let calendar = (series.frequency(), series.stock.period(series.stock.len()));
    Ok(StockFlowForecast {
        population: from_paths(method, series.stock.last(), horizon, population, calendar),
        releases: from_paths(
            "releases (stock-flow)".into(),
            series.releases.last(),
            horizon,
            releases,
            calendar,
        ),
        admissions,
        release_rates: rates,
        discrepancies: unexplained,
        discrepancy_share: centre,
    })
}

/// Which population forecast [`forecast_flows`] chose.
///
/// ```
/// use overcrowding::forecast::FlowMethod;
/// assert_ne!(FlowMethod::StockFlow, FlowMethod::PopulationOnly);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum FlowMethod {
    /// The crate's default on the population series alone ([`forecast`](super::forecast())).
    PopulationOnly,
    /// The stock-flow forecast ([`forecast_stock_flow`]).
    StockFlow,
}

/// The outcome of [`forecast_flows`]: both forecasts, their rolling-origin scores and the
/// one chosen.
///
/// ```
/// use overcrowding::forecast::{forecast_flows, FlowMethod, FlowSeries, Frequency, RegularSeries};
/// // Too few flow periods for any origin: the population-only default is kept.
/// let stock = RegularSeries::new(Frequency::Yearly, vec![1_000.0, 990.0, 1_010.0, 1_000.0, 1_020.0, 1_005.0, 1_030.0])?;
/// let f = RegularSeries::new(Frequency::Yearly, vec![400.0; 6])?;
/// let c = forecast_flows(&FlowSeries::new(stock, f.clone(), f)?, 2)?;
/// assert_eq!((c.chosen(), c.origins()), (FlowMethod::PopulationOnly, 0));
/// assert_eq!(c.forecast().mean(), c.population_only().mean());
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FlowChoice {
    chosen: FlowMethod,
    population_only: Forecast,
    stock_flow: StockFlowForecast,
    origins: usize,
    population_only_mase: Option<f64>,
    stock_flow_mase: Option<f64>,
}

impl FlowChoice {
    /// The method chosen.
    ///
    /// ```
    /// # use overcrowding::forecast::{forecast_flows, FlowMethod, FlowSeries, Frequency, RegularSeries};
    /// # let stock = RegularSeries::new(Frequency::Yearly, vec![1_000.0; 7])?;
    /// # let f = RegularSeries::new(Frequency::Yearly, vec![400.0; 6])?;
    /// let c = forecast_flows(&FlowSeries::new(stock, f.clone(), f)?, 1)?;
    /// assert_eq!(c.chosen(), FlowMethod::PopulationOnly);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn chosen(&self) -> FlowMethod {
        self.chosen
    }

    /// The chosen population forecast.
    ///
    /// ```
    /// # use overcrowding::forecast::{forecast_flows, FlowSeries, Frequency, RegularSeries};
    /// # let stock = RegularSeries::new(Frequency::Yearly, vec![1_000.0; 7])?;
    /// # let f = RegularSeries::new(Frequency::Yearly, vec![400.0; 6])?;
    /// let c = forecast_flows(&FlowSeries::new(stock, f.clone(), f)?, 3)?;
    /// assert_eq!(c.forecast().mean(), &[1_000.0; 3]);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn forecast(&self) -> &Forecast {
        match self.chosen {
            FlowMethod::PopulationOnly => &self.population_only,
            FlowMethod::StockFlow => &self.stock_flow.population,
        }
    }

    /// The population-only default's forecast.
    ///
    /// ```
    /// # use overcrowding::forecast::{forecast_flows, FlowSeries, Frequency, RegularSeries};
    /// # let stock = RegularSeries::new(Frequency::Yearly, vec![1_000.0; 7])?;
    /// # let f = RegularSeries::new(Frequency::Yearly, vec![400.0; 6])?;
    /// let c = forecast_flows(&FlowSeries::new(stock, f.clone(), f)?, 1)?;
    /// assert_eq!(c.population_only().method(), "naive (constant series)");
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn population_only(&self) -> &Forecast {
        &self.population_only
    }

    /// The stock-flow forecast.
    ///
    /// ```
    /// # use overcrowding::forecast::{forecast_flows, FlowSeries, Frequency, RegularSeries};
    /// # let stock = RegularSeries::new(Frequency::Yearly, vec![1_000.0; 7])?;
    /// # let f = RegularSeries::new(Frequency::Yearly, vec![400.0; 6])?;
    /// let c = forecast_flows(&FlowSeries::new(stock, f.clone(), f)?, 1)?;
    /// assert!(c.stock_flow().population().method().starts_with("stock-flow"));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn stock_flow(&self) -> &StockFlowForecast {
        &self.stock_flow
    }

    /// The rolling origins both methods were scored at (0: too few flow periods for any).
    ///
    /// ```
    /// # use overcrowding::forecast::{forecast_flows, FlowSeries, Frequency, RegularSeries};
    /// let stock = RegularSeries::new(Frequency::Yearly, (0..10).map(|t| 1_000.0 + (t * 37 % 11) as f64).collect())?;
    /// let f = RegularSeries::new(Frequency::Yearly, (0..8).map(|t| 400.0 + (t * 5 % 7) as f64).collect())?;
    /// // Training lengths 8 (6 flow periods) and 9.
    /// assert_eq!(forecast_flows(&FlowSeries::new(stock, f.clone(), f)?, 1)?.origins(), 2);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn origins(&self) -> usize {
        self.origins
    }

    /// The population-only default's score: its mean over horizons of the rolling-origin
    /// MASE (`None` without an origin).
    ///
    /// ```
    /// # use overcrowding::forecast::{forecast_flows, FlowSeries, Frequency, RegularSeries};
    /// # let stock = RegularSeries::new(Frequency::Yearly, vec![1_000.0; 7])?;
    /// # let f = RegularSeries::new(Frequency::Yearly, vec![400.0; 6])?;
    /// assert_eq!(forecast_flows(&FlowSeries::new(stock, f.clone(), f)?, 1)?.population_only_mase(), None);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn population_only_mase(&self) -> Option<f64> {
        self.population_only_mase
    }

    /// The stock-flow forecast's score, as [`FlowChoice::population_only_mase`].
    ///
    /// ```
    /// # use overcrowding::forecast::{forecast_flows, FlowSeries, Frequency, RegularSeries};
    /// # let stock = RegularSeries::new(Frequency::Yearly, vec![1_000.0; 7])?;
    /// # let f = RegularSeries::new(Frequency::Yearly, vec![400.0; 6])?;
    /// assert_eq!(forecast_flows(&FlowSeries::new(stock, f.clone(), f)?, 1)?.stock_flow_mase(), None);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn stock_flow_mase(&self) -> Option<f64> {
        self.stock_flow_mase
    }
}

/// The population forecast of `series` for `h = 1..=horizon`, stock-flow or
/// population-only, chosen by rolling-origin MASE over the origins where both can be
/// evaluated ([the module docs](self), "The automatic choice").
///
/// # Errors
///
/// [`ErrorKind::InvalidParameter`] when `horizon` is 0
/// or above [`MAX_HORIZON`](super::MAX_HORIZON).
///
/// ```
/// use overcrowding::forecast::{forecast_flows, FlowMethod, FlowSeries, Frequency, RegularSeries};
/// // Admissions rise and a third of those at risk leave each year: the flows know where
/// // the population is heading before its own history does.
/// let n = 24;
/// let admitted: Vec<f64> = (0..n).map(|t| 300.0 + 40.0 * t as f64 + [9.0, -7.0, 4.0][t % 3]).collect();
/// let mut held = vec![1_000.0];
/// let mut released = Vec::new();
/// for t in 0..n {
///     let p = held[t] + admitted[t];
///     released.push((p / 3.0).round());
///     held.push(p - released[t]);
/// }
/// let s = FlowSeries::new(
///     RegularSeries::new(Frequency::Yearly, held)?,
///     RegularSeries::new(Frequency::Yearly, admitted)?,
///     RegularSeries::new(Frequency::Yearly, released)?,
/// )?;
/// let c = forecast_flows(&s, 3)?;
/// assert_eq!(c.chosen(), FlowMethod::StockFlow);
/// assert!(c.stock_flow_mase() < c.population_only_mase());
/// # Ok::<(), overcrowding::Error>(())
/// ```
pub fn forecast_flows(series: &FlowSeries, horizon: usize) -> Result<FlowChoice> {
    let default = Forecaster::new(horizon)?;
    let population_only = default.fit(&series.stock)?;
    let stock_flow = forecast_stock_flow(series, horizon)?;
    let first = series.min_head();
    let (mut origins, mut po_mase, mut sf_mase) = (0, None, None);
    if first < series.stock.len() {
        let eval = Evaluation::new((1..=horizon).collect())?.with_min_train(first);
        let po = eval.run(&series.stock, &default)?;
        let sf = eval.run_with(&series.stock, |k| {
            let head = series.head(k).ok_or(Error::from(ErrorKind::Empty {
                what: "flow periods",
            }))?;
            Ok(forecast_stock_flow(&head, horizon)?.population)
        })?;
        origins = po.origins.len();
        let (mut a, mut b, mut scored) = (0.0, 0.0, 0usize);
        for ((_, x), (_, y)) in po.scores.iter().zip(&sf.scores) {
            if let (Some(x), Some(y)) = (x.mase, y.mase) {
                a += x;
                b += y;
                scored += 1;
            }
        }
        if scored > 0 {
            po_mase = Some(a / scored as f64);
            sf_mase = Some(b / scored as f64);
        }
    }
    let chosen = match (sf_mase, po_mase) {
        (Some(sf), Some(po)) if sf < po => FlowMethod::StockFlow,
        _ => FlowMethod::PopulationOnly,
    };
    Ok(FlowChoice {
        chosen,
        population_only,
        stock_flow,
        origins,
        population_only_mase: po_mase,
        stock_flow_mase: sf_mase,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::series::YearMonth;

    /// A noisy state-like series: 20 stock values, flows over the last 14 periods.
    fn state() -> FlowSeries {
        let mut held = vec![20_000.0];
        let (mut a, mut r) = (Vec::new(), Vec::new());
        for t in 0..19 {
            let adm = 9_000.0 + 150.0 * t as f64 + [310.0, -220.0, 80.0, -400.0, 170.0][t % 5];
            let p = held[t] + adm;
            let rel = (p * (0.31 + [0.01, -0.015, 0.005][t % 3])).round();
            let unexplained = [40.0, -25.0, 0.0, -300.0][t % 4];
            held.push(p - rel + unexplained);
            a.push(adm);
            r.push(rel);
        }
        let y = |v: Vec<f64>, start| {
            RegularSeries::new(Frequency::Yearly, v)
                .unwrap()
                .with_start(YearMonth::new(start, 1).unwrap())
        };
        FlowSeries::new(
            y(held, 2000),
            y(a[5..].to_vec(), 2006),
            y(r[5..].to_vec(), 2006),
        )
        .unwrap()
    }

    #[test]
    fn the_identity_holds_on_every_path() {
        let s = state();
        let f = forecast_stock_flow(&s, 6).unwrap();
        let pop = f.population();
        assert_eq!(pop.paths(), 1_000);
        let mut negative_discrepancies = 0;
        for i in 0..pop.paths() {
            let (held, adm, rel) = (
                pop.path(i).unwrap(),
                f.admissions().path(i).unwrap(),
                f.releases().path(i).unwrap(),
            );
            let d = f.discrepancy_path(i).unwrap();
            let rate = f.release_rate_path(i).unwrap();
            let mut before = s.stock().last();
            for h in 0..6 {
                let flows = before + adm[h] - rel[h] + d[h];
                assert!(
                    (held[h] - flows).abs() <= 1e-9 * held[h].max(1.0),
                    "path {i} h {h}: {} vs {flows}",
                    held[h]
                );
                assert!(held[h] >= 0.0 && adm[h] >= 0.0 && rel[h] >= 0.0);
                assert!(rate[h] > 0.0 && rate[h] < 1.0);
                assert!((rel[h] - rate[h] * (before + adm[h])).abs() <= 1e-9 * rel[h]);
                negative_discrepancies += usize::from(d[h] < 0.0);
                before = held[h];
            }
        }
        // The discrepancy is drawn, not ignored: some paths lose people to it, some gain.
        assert!(negative_discrepancies > 500 && negative_discrepancies < 5_500);
        // Intervals come from the joint paths and widen with the horizon.
        let i80 = pop.interval(0.8).unwrap();
        assert!(i80[5].1 - i80[5].0 > i80[0].1 - i80[0].0);
        // The population's calendar follows the stock's.
        assert_eq!(pop.first_period.map(|p| p.year()), Some(2020));
        // Deterministic.
        assert_eq!(forecast_stock_flow(&s, 6).unwrap(), f);
    }

    #[test]
    fn one_step_by_hand() {
        // From 1,000, 400 admitted a year, a quarter of those at risk leave: 24 % released,
        // 1 % lost unexplained. Every stock is a short binary fraction, so the history's
        // net exit share is exactly 1/4 each year: its forecast is constant, admissions'
        // too, and every path is the same.
        let mut held = vec![1_000.0];
        for t in 0..7 {
            held.push(0.75 * (held[t] + 400.0));
        }
        assert_eq!(held[7], 1_173.303_222_656_25);
        let released: Vec<f64> = (0..7).map(|t| 0.24 * (held[t] + 400.0)).collect();
        let s = FlowSeries::new(
            RegularSeries::new(Frequency::Yearly, held).unwrap(),
            RegularSeries::new(Frequency::Yearly, vec![400.0; 7]).unwrap(),
            RegularSeries::new(Frequency::Yearly, released).unwrap(),
        )
        .unwrap();
        assert!(s.net_exit_shares().iter().all(|&q| q == 0.25));
        let f = forecast_stock_flow(&s, 2).unwrap();
        assert!((f.discrepancy_share() + 0.01).abs() < 1e-12);
        // h = 1: at risk 1,173.30322265625 + 400 = 1,573.30322265625; held 3/4 of it,
        // 1,179.9774169921875; released 24 % of it, 377.5927734375; unexplained −1 % of
        // it, −15.7330322265625.
        let p = f.population();
        let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
        assert!(
            close(p.mean()[0], 1_179.977_416_992_187_5),
            "{}",
            p.mean()[0]
        );
        assert!(close(f.releases().mean()[0], 377.592_773_437_5));
        for i in [0, 50, 99] {
            assert!(close(
                f.discrepancy_path(i).unwrap()[0],
                -15.733_032_226_562_5
            ));
            assert!(close(f.release_rate_path(i).unwrap()[0], 0.24));
        }
        // h = 2: 0.75 · (1,179.9774169921875 + 400).
        assert!(close(p.mean()[1], 1_184.983_062_744_140_6));
        let i = p.interval(0.95).unwrap();
        assert!(i[0].1 - i[0].0 < 1e-9); // no uncertainty left anywhere
    }

    #[test]
    fn misaligned_flows_are_refused_with_the_period_expected() {
        let y = |n, start| {
            RegularSeries::new(Frequency::Yearly, vec![100.0; n])
                .unwrap()
                .with_start(YearMonth::new(start, 1).unwrap())
        };
        let err = FlowSeries::new(y(10, 2000), y(6, 2003), y(6, 2004)).unwrap_err();
        match err.kind() {
            ErrorKind::InvalidParameter {
                parameter,
                constraint: Constraint::SameAs { other },
                ..
            } => {
                assert_eq!(*parameter, "admissions start");
                assert!(other.starts_with("2004"), "{other}");
            }
            k => panic!("{k:?}"),
        }
        let err = FlowSeries::new(y(10, 2000), y(6, 2004), y(7, 2003)).unwrap_err();
        assert_eq!(err.kind().name(), "LengthMismatch");
        // Without a calendar the flows are taken to end with the stock.
        let plain = |n| RegularSeries::new(Frequency::Yearly, vec![100.0; n]).unwrap();
        assert!(FlowSeries::new(plain(10), plain(6), plain(6)).is_ok());
        assert!(FlowSeries::new(plain(6), plain(6), plain(6)).is_err());
    }

    #[test]
    fn rates_at_the_bounds_stay_finite() {
        // Nobody released in some years, everybody (or more) in others.
        let stock = RegularSeries::new(Frequency::Yearly, vec![10.0; 9]).unwrap();
        let a = RegularSeries::new(Frequency::Yearly, vec![5.0; 8]).unwrap();
        let r = RegularSeries::new(
            Frequency::Yearly,
            vec![0.0, 15.0, 20.0, 5.0, 0.0, 16.0, 5.0, 4.0],
        )
        .unwrap();
        let s = FlowSeries::new(stock, a, r).unwrap();
        assert_eq!(s.release_rates()[2], 1.0);
        let f = forecast_stock_flow(&s, 4).unwrap();
        for v in f.population().mean() {
            assert!(v.is_finite() && *v >= 0.0);
        }
        for (l, h) in f.population().interval(0.95).unwrap() {
            assert!(l.is_finite() && h.is_finite() && 0.0 <= l && l <= h);
        }
    }
}
