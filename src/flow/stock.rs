//! The people already held when a projection starts, by full months served.
//!
//! # Semantics
//!
//! - A [`Stock`] holds expected numbers of people (`f64`, each finite and ≥ 0) by *age*: the
//!   full months already served at the origin, index 0 = less than one month. It is the
//!   `initial_by_age` of a cohort stream ([`StreamSpec::from_stock`]): in the cohort model an
//!   age-`a` group leaves in its next month with the stay distribution's conditional
//!   probability `h(a)` ([`StayDistribution::exit_probability`]) — the hazard given the time
//!   already served, not the exit probability of a new admission.
//! - From person-level stays ([`Stock::from_stays`]): the people held on the origin day
//!   (`admission ≤ origin < release`, or not released: the midnight count of
//!   [`Stays::daily_population`]), each at age `⌊(origin − admission) / DAYS_PER_MONTH⌋`, a
//!   month of served time being [`DAYS_PER_MONTH`] = 365.2425 / 12 days.
//! - Survivors with no admissions ([`Stock::survivors`]): `Σ_a n_a · Π_{j=a}^{a+k−1} (1 − h(j))`.
//!   With a geometric stay (`h` constant) this is `N · (1 − h)^k` whatever the ages; with any
//!   other stay the ages matter.

use crate::error::Constraint;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::cohort::{Admissions, StreamSpec};
use super::stay::StayDistribution;
use super::stays::{Stay, Stays, day_number};
use crate::error::{Error, Result};

/// Days in a month of served time: 365.2425 / 12 (the mean Gregorian month).
///
/// ```
/// assert_eq!(overcrowding::flow::DAYS_PER_MONTH * 12.0, 365.2425);
/// ```
pub const DAYS_PER_MONTH: f64 = 30.436_875;

/// The whole days in `years` years of the mean Gregorian calendar (365.2425 days a year,
/// [`DAYS_PER_MONTH`] × 12), to the nearest day and at least one: a span given in years (a
/// recall window, `policy --recall-within`) for the levers, which count days
/// ([`Supervision::new`](crate::flow::policy::Supervision::new)).
///
/// # Errors
///
/// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter)
/// ([`Constraint::AboveAtMost`] 0 and 100) when `years` is not finite, not above 0, or more
/// than a century: a span that long is a mistake in the input (days given as years), and
/// no window of people's stays is.
///
/// ```
/// use overcrowding::flow::days_in_years;
/// assert_eq!(days_in_years(2.0)?, 730); // 730.485 days
/// assert_eq!(days_in_years(0.5)?, 183);
/// assert_eq!(days_in_years(0.0001)?, 1); // at least a day
/// assert!(days_in_years(365.0).is_err());
/// # Ok::<(), overcrowding::Error>(())
/// ```
pub fn days_in_years(years: f64) -> Result<u32> {
    if !(years.is_finite() && years > 0.0 && years <= 100.0) {
        return Err(Error::invalid(
            "span in years",
            years,
            Constraint::AboveAtMost {
                min: 0.0,
                max: 100.0,
            },
        ));
    }
    // At most 36,525 days: the cast cannot truncate.
    Ok((years * (DAYS_PER_MONTH * 12.0)).round().max(1.0) as u32)
}

/// The most ages a [`Stock`] holds: 12,000 months (1,000 years) served, the cohort model's
/// own limit ([`MAX_PROJECTION_MONTHS`](crate::flow::MAX_PROJECTION_MONTHS)).
///
/// ```
/// assert_eq!(overcrowding::flow::MAX_STOCK_MONTHS, 12_000);
/// ```
pub const MAX_STOCK_MONTHS: usize = 12_000;

/// People held at a projection's origin by full months already served.
///
/// # Semantics
///
/// - A [`Stock`] holds expected numbers of people (`f64`, each finite and ≥ 0) by *age*: the
///   full months already served at the origin, index 0 = less than one month. It is the
///   `initial_by_age` of a cohort stream ([`StreamSpec::from_stock`]): in the cohort model an
///   age-`a` group leaves in its next month with the stay distribution's conditional
///   probability `h(a)` ([`StayDistribution::exit_probability`]) — the hazard given the time
///   already served, not the exit probability of a new admission.
/// - From person-level stays ([`Stock::from_stays`]): the people held on the origin day
///   (`admission ≤ origin < release`, or not released: the midnight count of
///   [`Stays::daily_population`]), each at age `⌊(origin − admission) / DAYS_PER_MONTH⌋`, a
///   month of served time being [`DAYS_PER_MONTH`] = 365.2425 / 12 days.
/// - Survivors with no admissions ([`Stock::survivors`]): `Σ_a n_a · Π_{j=a}^{a+k−1} (1 − h(j))`.
///   With a geometric stay (`h` constant) this is `N · (1 − h)^k` whatever the ages; with any
///   other stay the ages matter.
///
/// [`Stays::daily_population`]: crate::flow::stays::Stays::daily_population
///
/// ```
/// use overcrowding::flow::{StayDistribution, Stock};
/// // 60 people in their first month, 30 in their second, 10 in their third.
/// let s = Stock::new(vec![60.0, 30.0, 10.0])?;
/// assert_eq!(s.total(), 100.0);
/// let g = StayDistribution::Geometric { monthly_exit: 0.1 };
/// approx::assert_relative_eq!(s.survivors(&g, 2)?, 81.0, max_relative = 1e-12); // 100 × 0.9²
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(try_from = "RawStock")]
pub struct Stock {
    by_months_served: Vec<f64>,
}

/// The serialised form of a [`Stock`], checked by [`Stock::new`] when read back.
#[derive(Deserialize)]
struct RawStock {
    by_months_served: Vec<f64>,
}

impl TryFrom<RawStock> for Stock {
    type Error = Error;
    fn try_from(r: RawStock) -> Result<Self> {
        Stock::new(r.by_months_served)
    }
}

fn check_len(n: usize) -> Result<()> {
    if n > MAX_STOCK_MONTHS {
        return Err(Error::invalid(
            "months served in a stock",
            n,
            Constraint::AtMost {
                max: MAX_STOCK_MONTHS as f64,
            },
        ));
    }
    Ok(())
}

impl Stock {
    /// A stock from a distribution: `by_months_served[a]` people have served `a` full months.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) for a count that is negative or not finite;
    /// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) ([`Constraint::AtMost`](crate::error::Constraint::AtMost)) for more than [`MAX_STOCK_MONTHS`] ages.
    ///
    /// ```
    /// use overcrowding::flow::Stock;
    /// assert_eq!(Stock::new(vec![5.0, 0.0, 2.5])?.total(), 7.5);
    /// assert!(Stock::new(vec![-1.0]).is_err());
    /// assert!(Stock::new(vec![f64::NAN]).is_err());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn new(by_months_served: Vec<f64>) -> Result<Stock> {
        check_len(by_months_served.len())?;
        for &x in &by_months_served {
            super::non_negative("people held by months served", x)?;
        }
        Ok(Stock { by_months_served })
    }

    /// The people held on `origin` according to `stays`, by full months served (see the
    /// [`Stock`] docs).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) ([`Constraint::AtMost`](crate::error::Constraint::AtMost)) when someone held on `origin` has served more than
    /// [`MAX_STOCK_MONTHS`] months.
    ///
    /// ```
    /// use overcrowding::flow::{Stock, stays::{StayRecord, Stays}};
    /// let d = |s: &str| s.parse().unwrap();
    /// let stays = Stays::from_records(&[
    ///     StayRecord::new(Some(d("2021-01-01")), None, "A", None),              // 181 days: age 5
    ///     StayRecord::new(Some(d("2021-06-20")), Some(d("2021-07-10")), "A", None), // 11 days: age 0
    ///     StayRecord::new(Some(d("2021-03-01")), Some(d("2021-07-01")), "A", None), // released that day
    ///     StayRecord::new(Some(d("2021-07-02")), None, "A", None),              // not yet admitted
    /// ]);
    /// let s = Stock::from_stays(&stays, d("2021-07-01"))?;
    /// assert_eq!(s.by_months_served(), &[1.0, 0.0, 0.0, 0.0, 0.0, 1.0]);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn from_stays(stays: &Stays, origin: Date) -> Result<Stock> {
        Stock::from_stays_where(stays, origin, |_| true)
    }

    /// [`Stock::from_stays`] counting only the stays `keep` accepts (a facility, a legal
    /// status).
    ///
    /// # Errors
    ///
    /// As [`Stock::from_stays`].
    ///
    /// ```
    /// use overcrowding::{StatusGroup, flow::{Stock, stays::{StayRecord, Stays}}};
    /// let d = |s: &str| s.parse().unwrap();
    /// let stays = Stays::from_records(&[
    ///     StayRecord::new(Some(d("2021-01-01")), None, "A", Some(StatusGroup::Untried)),
    ///     StayRecord::new(Some(d("2021-01-01")), None, "A", Some(StatusGroup::Sentenced)),
    /// ]);
    /// let s = Stock::from_stays_where(&stays, d("2021-07-01"), |s| s.status == Some(StatusGroup::Untried))?;
    /// assert_eq!(s.total(), 1.0);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn from_stays_where(
        stays: &Stays,
        origin: Date,
        keep: impl Fn(&Stay) -> bool,
    ) -> Result<Stock> {
        let o = day_number(origin);
        let mut by = Vec::new();
        for s in stays.stays() {
            let a = day_number(s.admission);
            let held = a <= o && s.release.is_none_or(|r| day_number(r) > o);
            if !held || !keep(s) {
                continue;
            }
            // 0 ≤ served ≤ the calendar's span (under 8 million days): exact in f64.
            let age = ((o - a) as f64 / DAYS_PER_MONTH).floor() as usize;
            check_len(age + 1)?;
            if by.len() <= age {
                by.resize(age + 1, 0.0);
            }
            by[age] += 1.0;
        }
        Ok(Stock {
            by_months_served: by,
        })
    }

    /// People by full months served (index = months).
    ///
    /// ```
    /// assert_eq!(overcrowding::flow::Stock::new(vec![1.0, 2.0])?.by_months_served()[1], 2.0);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn by_months_served(&self) -> &[f64] {
        &self.by_months_served
    }

    /// Everyone held.
    ///
    /// ```
    /// assert_eq!(overcrowding::flow::Stock::default().total(), 0.0);
    /// ```
    pub fn total(&self) -> f64 {
        self.by_months_served.iter().sum()
    }

    /// The expected number of these people still held `months` months on, with no
    /// admissions, under `stay` (each age leaving by its conditional hazard).
    ///
    /// # Errors
    ///
    /// As [`StayDistribution::validate`]; [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) ([`Constraint::AtMost`](crate::error::Constraint::AtMost)) for more than
    /// [`MAX_PROJECTION_MONTHS`](crate::flow::MAX_PROJECTION_MONTHS) months.
    ///
    /// ```
    /// use overcrowding::flow::{StayDistribution, Stock};
    /// // Half leave in their first month, a fifth in their second, nobody after that.
    /// let stay = StayDistribution::Empirical { monthly_exit: vec![0.5, 0.2, 0.0] };
    /// let s = Stock::new(vec![100.0, 50.0])?;
    /// assert_eq!(s.survivors(&stay, 1)?, 90.0); // 100 × 0.5 + 50 × 0.8
    /// assert_eq!(s.survivors(&stay, 2)?, 80.0); // 100 × 0.5 × 0.8 + 50 × 0.8 × 1
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn survivors(&self, stay: &StayDistribution, months: usize) -> Result<f64> {
        stay.validate()?;
        if months > super::MAX_PROJECTION_MONTHS {
            return Err(Error::invalid(
                "months of survival",
                months,
                Constraint::AtMost {
                    max: super::MAX_PROJECTION_MONTHS as f64,
                },
            ));
        }
        Ok(self
            .by_months_served
            .iter()
            .enumerate()
            .map(|(a, &n)| {
                let mut s = n;
                for j in a..a + months {
                    s *= 1.0 - stay.exit_probability_valid(j);
                    if s == 0.0 {
                        break;
                    }
                }
                s
            })
            .sum())
    }
}

impl StreamSpec {
    /// A stream that starts from `stock` (people already held, by months served) rather than
    /// from a steady state or an empty prison.
    ///
    /// # Errors
    ///
    /// As [`StayDistribution::validate`]; [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) or [`ErrorKind::Empty`](crate::ErrorKind::Empty)
    /// for invalid admissions.
    ///
    /// ```
    /// use overcrowding::flow::*;
    /// // 100 people held, all in their first month; 10 % leave each month; no admissions.
    /// let stay = StayDistribution::Geometric { monthly_exit: 0.1 };
    /// let s = StreamSpec::from_stock(&Stock::new(vec![100.0])?, Admissions::Constant(0.0), stay)?;
    /// assert_eq!(s.initial_by_age(), &[100.0]);
    /// assert_eq!(s.admissions().at(3), 0.0);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn from_stock(
        stock: &Stock,
        admissions: Admissions,
        stay: StayDistribution,
    ) -> Result<StreamSpec> {
        stay.validate()?;
        admissions.validate()?;
        Ok(StreamSpec::new(
            stock.by_months_served.clone(),
            admissions,
            stay,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;
    use crate::flow::stays::StayRecord;

    fn geo(p: f64) -> StayDistribution {
        StayDistribution::Geometric { monthly_exit: p }
    }

    /// Years to days: the mean Gregorian year, to the nearest day, at least one; a span
    /// outside (0, 100] years refused with its constraint.
    #[test]
    fn years_to_days() {
        assert_eq!(days_in_years(1.0).unwrap(), 365);
        assert_eq!(days_in_years(3.0).unwrap(), 1_096); // 1,095.7275
        assert_eq!(days_in_years(100.0).unwrap(), 36_524); // 36,524.25
        assert_eq!(days_in_years(1e-9).unwrap(), 1);
        for bad in [0.0, -1.0, 100.5, f64::NAN, f64::INFINITY] {
            let e = days_in_years(bad).unwrap_err();
            assert!(
                matches!(
                    e.kind(),
                    ErrorKind::InvalidParameter {
                        constraint: Constraint::AboveAtMost { .. },
                        ..
                    }
                ),
                "{bad}: {e}"
            );
        }
    }

    /// A stock of 100 with a geometric stay: 100 × 0.9^k survivors after k months, whatever
    /// the ages; through the cohort model too, month by month.
    #[test]
    fn geometric_survivors_by_hand() {
        let stock = Stock::new(vec![10.0, 20.0, 0.0, 30.0, 40.0]).unwrap();
        let p = StreamSpec::from_stock(&stock, Admissions::Constant(0.0), geo(0.1))
            .unwrap()
            .stock_by_month(12)
            .unwrap();
        assert_eq!(p.len(), 13);
        for (k, &held) in p.iter().enumerate() {
            let expected = 100.0 * 0.9f64.powi(k as i32);
            approx::assert_relative_eq!(
                stock.survivors(&geo(0.1), k).unwrap(),
                expected,
                max_relative = 1e-12
            );
            approx::assert_relative_eq!(held, expected, max_relative = 1e-12);
        }
    }

    /// With a stay that is not memoryless, the time already served decides who leaves: 100
    /// new people vs 100 who have served 3 months, under exits 50 % in month 1, 10 % after.
    #[test]
    fn time_served_matters_by_hand() {
        let stay = StayDistribution::Empirical {
            monthly_exit: vec![0.5, 0.1],
        };
        let new = Stock::new(vec![100.0]).unwrap();
        let old = Stock::new(vec![0.0, 0.0, 0.0, 100.0]).unwrap();
        // New: 100 × 0.5 × 0.9 = 45 after 2 months; served 3 months: 100 × 0.9² = 81.
        approx::assert_relative_eq!(new.survivors(&stay, 2).unwrap(), 45.0, max_relative = 1e-12);
        approx::assert_relative_eq!(old.survivors(&stay, 2).unwrap(), 81.0, max_relative = 1e-12);
        // The cohort model with admissions: 20 a month join at the end of each month; the
        // stock of month 2 = 81 (the old stock) + 20 × 0.5 (month 0's) + 20 (month 1's).
        let p = StreamSpec::from_stock(&old, Admissions::Constant(20.0), stay.clone())
            .unwrap()
            .stock_by_month(3)
            .unwrap();
        approx::assert_relative_eq!(p[2], 111.0, max_relative = 1e-12);
    }

    #[test]
    fn from_stays_counts_the_held_by_age() {
        let d = |s: &str| s.parse::<Date>().unwrap();
        let origin = d("2022-01-01");
        // Admitted k days before the origin, k = 0, 30, 31, 60, 61, 365; one released on the
        // origin day (not held) and one the day after (held).
        let mut recs: Vec<StayRecord> = [0i64, 30, 31, 60, 61, 365]
            .iter()
            .map(|&k| {
                let a = origin.checked_sub(jiff::Span::new().days(k)).unwrap();
                StayRecord::new(Some(a), None, "A", None)
            })
            .collect();
        recs.push(StayRecord::new(
            Some(d("2021-12-01")),
            Some(origin),
            "A",
            None,
        ));
        recs.push(StayRecord::new(
            Some(d("2021-12-01")),
            Some(d("2022-01-02")),
            "A",
            None,
        ));
        let s = Stock::from_stays(&Stays::from_records(&recs), origin).unwrap();
        // 30 days < 30.44: age 0; 31: age 1; 60: 1 (60/30.44 = 1.97); 61: 2; 365: 11
        // (365 / 30.436875 = 11.99); the stay from 2021-12-01 (31 days): age 1.
        let mut expected = vec![0.0; 12];
        expected[0] = 2.0;
        expected[1] = 3.0;
        expected[2] = 1.0;
        expected[11] = 1.0;
        assert_eq!(s.by_months_served(), expected.as_slice());
        // The stock is the daily population of the origin day.
        let stays = Stays::from_records(&recs);
        let pop = stays.daily_population(origin, origin).unwrap().total()[0];
        assert_eq!(s.total(), pop as f64);
    }

    #[test]
    fn invalid_stocks_are_errors() {
        assert!(Stock::new(vec![f64::INFINITY]).is_err());
        assert!(matches!(
            Stock::new(vec![0.0; MAX_STOCK_MONTHS + 1])
                .as_ref()
                .map_err(|e| e.kind()),
            Err(ErrorKind::InvalidParameter {
                constraint: Constraint::AtMost { .. },
                ..
            })
        ));
        let d = |s: &str| s.parse::<Date>().unwrap();
        let old = Stays::from_records(&[StayRecord::new(Some(d("0001-01-01")), None, "A", None)]);
        assert!(matches!(
            Stock::from_stays(&old, d("2022-01-01"))
                .as_ref()
                .map_err(|e| e.kind()),
            Err(ErrorKind::InvalidParameter {
                constraint: Constraint::AtMost { .. },
                ..
            })
        ));
        let s = Stock::new(vec![1.0]).unwrap();
        assert!(s.survivors(&geo(1.5), 1).is_err());
        assert!(s.survivors(&geo(0.5), usize::MAX).is_err());
        let json = serde_json::to_value(&s).unwrap();
        assert_eq!(serde_json::from_value::<Stock>(json).unwrap(), s);
        assert!(
            serde_json::from_value::<Stock>(serde_json::json!({ "by_months_served": [-1.0] }))
                .is_err()
        );
    }
}
