//! Length-of-stay distributions for the cohort model: monthly exit probabilities.

use crate::ErrorKind;
use crate::error::Constraint;
use serde::{Deserialize, Serialize};

use super::positive;
use crate::error::{Error, Result};
use crate::forecast::stats::erfc;

/// How long people stay: the monthly exit probability `h(a)` after `a` full months held.
///
/// ```
/// use overcrowding::flow::StayDistribution;
/// let g = StayDistribution::Geometric { monthly_exit: 0.25 };
/// assert_eq!(g.exit_probability(0)?, 0.25);
/// approx::assert_relative_eq!(g.mean_months()?, 4.0, max_relative = 1e-9);
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StayDistribution {
    /// An empirical table of monthly exit probabilities by age (e.g. from
    /// [`crate::flow::stays::KaplanMeier`]); the last entry applies to all later ages.
    Empirical {
        /// `h(0), h(1), …`, each in [0, 1].
        monthly_exit: Vec<f64>,
    },
    /// A constant monthly exit probability (geometric stays, mean `1/p` months).
    Geometric {
        /// In (0, 1].
        monthly_exit: f64,
    },
    /// Exponential stays with the given mean in months, discretised by month:
    /// `h = 1 − exp(−1/mean)`.
    Exponential {
        /// Mean stay, months (> 0).
        mean_months: f64,
    },
    /// Lognormal stays: `S(t) = 1 − Φ((ln t − ln median) / σ)`, `t` in months;
    /// `h(a) = 1 − S(a+1)/S(a)` (1 once `S` underflows). Φ uses an `erfc` approximation with
    /// relative error below 1.2e-7.
    LogNormal {
        /// Median stay, months (> 0).
        median_months: f64,
        /// Shape σ (> 0).
        sigma: f64,
    },
}

impl StayDistribution {
    /// An empirical distribution from a survival table `S(1), S(2), …` (the share still held
    /// after 1, 2, … months; `S(0) = 1` is implied): `h(a) = 1 − S(a+1)/S(a)`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) when the table is empty, a value is outside [0, 1] or not
    /// finite, or the table increases.
    ///
    /// ```
    /// use overcrowding::flow::StayDistribution;
    /// let d = StayDistribution::from_survival(&[0.8, 0.4, 0.1]).unwrap();
    /// approx::assert_relative_eq!(d.exit_probability(1).unwrap(), 0.5);
    /// approx::assert_relative_eq!(d.exit_probability(2).unwrap(), 0.75);
    /// ```
    pub fn from_survival(survival: &[f64]) -> Result<StayDistribution> {
        if survival.is_empty() {
            return Err(Error::from(ErrorKind::Empty {
                what: "survival table",
            }));
        }
        let mut prev = 1.0;
        let mut h = Vec::with_capacity(survival.len());
        for &s in survival {
            if !(0.0..=1.0).contains(&s) {
                return Err(Error::invalid(
                    "survival",
                    s,
                    Constraint::Between { min: 0.0, max: 1.0 },
                ));
            }
            if s > prev {
                return Err(Error::invalid(
                    "survival (it must not increase)",
                    s,
                    Constraint::AtMost { max: prev },
                ));
            }
            h.push(if prev > 0.0 { 1.0 - s / prev } else { 1.0 });
            prev = s;
        }
        Ok(StayDistribution::Empirical { monthly_exit: h })
    }

    /// Checks the parameters.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) for a probability outside [0, 1] (a geometric one of 0, so
    /// nobody ever leaves, is refused), a non-positive mean, median or σ, or an empty table.
    ///
    /// ```
    /// use overcrowding::flow::StayDistribution;
    /// assert!(StayDistribution::Geometric { monthly_exit: 1.5 }.validate().is_err());
    /// assert!(StayDistribution::Exponential { mean_months: 6.0 }.validate().is_ok());
    /// ```
    pub fn validate(&self) -> Result<()> {
        let prob = |x: f64| {
            if (0.0..=1.0).contains(&x) {
                Ok(())
            } else {
                Err(Error::invalid(
                    "monthly exit probability",
                    x,
                    Constraint::Between { min: 0.0, max: 1.0 },
                ))
            }
        };
        match self {
            StayDistribution::Empirical { monthly_exit } => {
                if monthly_exit.is_empty() {
                    return Err(Error::from(ErrorKind::Empty {
                        what: "monthly exit table",
                    }));
                }
                monthly_exit.iter().try_for_each(|&x| prob(x))
            }
            StayDistribution::Geometric { monthly_exit } => {
                prob(*monthly_exit)?;
                positive("monthly exit probability", *monthly_exit).map(|_| ())
            }
            StayDistribution::Exponential { mean_months } => {
                positive("mean stay (months)", *mean_months).map(|_| ())
            }
            StayDistribution::LogNormal {
                median_months,
                sigma,
            } => {
                positive("median stay (months)", *median_months)?;
                positive("sigma", *sigma).map(|_| ())
            }
        }
    }

    /// The monthly exit probability after `age` full months held.
    ///
    /// # Errors
    ///
    /// As [`validate`](Self::validate) (the variants' fields are public, so a hand-built
    /// distribution, e.g. an empty table, is checked here).
    ///
    /// ```
    /// use overcrowding::flow::StayDistribution;
    /// let e = StayDistribution::Exponential { mean_months: 12.0 };
    /// approx::assert_relative_eq!(e.exit_probability(5)?, 1.0 - (-1.0f64 / 12.0).exp());
    /// assert!(StayDistribution::Empirical { monthly_exit: vec![] }.exit_probability(0).is_err());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn exit_probability(&self, age: usize) -> Result<f64> {
        self.validate()?;
        Ok(self.exit_probability_valid(age))
    }

    /// [`exit_probability`](Self::exit_probability) for a distribution that passed
    /// [`validate`](Self::validate).
    pub(crate) fn exit_probability_valid(&self, age: usize) -> f64 {
        match self {
            StayDistribution::Empirical { monthly_exit } => monthly_exit
                .get(age)
                .or(monthly_exit.last())
                .copied()
                .unwrap_or(1.0),
            StayDistribution::Geometric { monthly_exit } => *monthly_exit,
            StayDistribution::Exponential { mean_months } => 1.0 - (-1.0 / mean_months).exp(),
            StayDistribution::LogNormal {
                median_months,
                sigma,
            } => {
                let s = |t: f64| {
                    if t <= 0.0 {
                        1.0
                    } else {
                        0.5 * erfc(
                            ((t.ln() - median_months.ln()) / sigma) / std::f64::consts::SQRT_2,
                        )
                    }
                };
                let (a, b) = (s(age as f64), s(age as f64 + 1.0));
                if a > 0.0 {
                    (1.0 - b / a).clamp(0.0, 1.0)
                } else {
                    1.0
                }
            }
        }
    }

    /// The share still held after `months` full months, `Π_{a<months} (1 − h(a))`.
    ///
    /// ```
    /// use overcrowding::flow::StayDistribution;
    /// let g = StayDistribution::Geometric { monthly_exit: 0.5 };
    /// assert_eq!(g.survival(3)?, 0.125);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As [`validate`](Self::validate).
    pub fn survival(&self, months: usize) -> Result<f64> {
        self.validate()?;
        let mut s = 1.0;
        for a in 0..months {
            s *= 1.0 - self.exit_probability_valid(a);
            // Once nobody is left, later months change nothing: the work stops there.
            if s == 0.0 {
                break;
            }
        }
        Ok(s)
    }

    /// The mean stay in months, `Σ_{a≥0} S(a)` (months counted from admission, the first
    /// month included), summed until the survival is below 1e-12 or for 100,000 months.
    ///
    /// ```
    /// use overcrowding::flow::StayDistribution;
    /// let g = StayDistribution::Geometric { monthly_exit: 0.1 };
    /// approx::assert_relative_eq!(g.mean_months()?, 10.0, max_relative = 1e-9);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As [`validate`](Self::validate).
    pub fn mean_months(&self) -> Result<f64> {
        self.validate()?;
        let mut s = 1.0;
        let mut total = 0.0;
        for a in 0..100_000 {
            total += s;
            s *= 1.0 - self.exit_probability_valid(a);
            if s < 1e-12 {
                break;
            }
        }
        Ok(total)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn erfc_values() {
        approx::assert_relative_eq!(erfc(0.0), 1.0, max_relative = 1e-7);
        approx::assert_relative_eq!(erfc(1.0), 0.157_299_207_050_285_1, max_relative = 2e-7);
        approx::assert_relative_eq!(erfc(-1.0), 1.842_700_792_949_715, max_relative = 2e-7);
    }
}
