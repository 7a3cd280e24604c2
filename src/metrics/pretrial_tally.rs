//! [`PretrialTally`]: the pretrial share of many facilities under a named definition, with
//! what it covers.

use crate::ErrorKind;
use serde::Serialize;

use super::{PretrialDefinition, pretrial_count, pretrial_share};
use crate::error::{Error, Result};
use crate::exact::Ratio;
use crate::model::Population;

/// The people held pretrial under a definition, summed over the facilities whose legal-status
/// columns allow that definition, and the people held there: the system's pretrial share is
/// Σ pretrial ÷ Σ population over those facilities (never over facilities that do not report
/// the components; they are counted in `lacking`).
///
/// ```
/// use overcrowding::{Population, PretrialDefinition, metrics::PretrialTally};
/// let d = "2021-05-31".parse().unwrap();
/// let a = Population::new(100, d).with_untried(30).with_convicted_unsentenced(5).with_under_appeal(10);
/// let b = Population::new(300, d).with_sentenced(240); // broad only: 60 not sentenced
/// let c = Population::new(50, d);                 // no legal status
/// let broad = PretrialTally::of([&a, &b, &c], PretrialDefinition::Broad)?;
/// assert_eq!((broad.pretrial, broad.population, broad.facilities, broad.lacking), (105, 400, 2, 1));
/// assert_eq!(broad.share()?.percent_rounded(1), 26.3);
/// let narrow = PretrialTally::of([&a, &b, &c], PretrialDefinition::Narrow)?;
/// assert_eq!((narrow.pretrial, narrow.facilities), (35, 1));
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PretrialTally {
    /// The definition used.
    pub definition: PretrialDefinition,
    /// People held pretrial in the facilities that report what the definition needs.
    pub pretrial: u128,
    /// People held in those facilities.
    pub population: u128,
    /// Facilities that report what the definition needs.
    pub facilities: usize,
    /// Facilities that do not (left out of both sums).
    pub lacking: usize,
}

impl PretrialTally {
    /// Nothing counted yet (both tallies start here).
    fn empty(definition: PretrialDefinition) -> PretrialTally {
        PretrialTally {
            definition,
            pretrial: 0,
            population: 0,
            facilities: 0,
            lacking: 0,
        }
    }

    /// Sums the populations that report the components `definition` needs.
    ///
    /// # Errors
    ///
    /// As [`Population::check`], for the first population whose parts do not fit its total
    /// (never counted as lacking).
    ///
    /// ```
    /// use overcrowding::{Population, PretrialDefinition, metrics::PretrialTally};
    /// let p = Population::new(39_000, "2021-05-31".parse().unwrap())
    ///     .with_untried(13_650).with_convicted_unsentenced(0);
    /// let t = PretrialTally::of([&p], PretrialDefinition::Narrow)?;
    /// assert_eq!(t.share()?.percent_rounded(1), 35.0);
    /// let bad = p.clone().with_untried(40_000);
    /// assert!(PretrialTally::of([&p, &bad], PretrialDefinition::Narrow).is_err());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn of<'a>(
        populations: impl IntoIterator<Item = &'a Population>,
        definition: PretrialDefinition,
    ) -> Result<PretrialTally> {
        let mut t = PretrialTally::empty(definition);
        for p in populations {
            p.check()?;
            match pretrial_count(p, definition) {
                Ok(n) => {
                    t.pretrial += u128::from(n);
                    t.population += u128::from(p.total());
                    t.facilities += 1;
                }
                // Checked above: the only error left is a component not reported.
                Err(_) => t.lacking += 1,
            }
        }
        Ok(t)
    }

    /// Sums pretrial counts given beside the populations — a column counting the people
    /// held pretrial under `definition` (the command line's `--pretrial COL`):
    /// `Some((pretrial, population))` for each facility that gives both, `None` for one that
    /// does not (counted in `lacking`).
    ///
    /// # Errors
    ///
    /// As [`pretrial_share`] for the first facility whose pretrial count exceeds its
    /// population.
    ///
    /// ```
    /// use overcrowding::{PretrialDefinition, metrics::PretrialTally};
    /// let t = PretrialTally::of_counts([Some((30, 100)), Some((70, 300)), None], PretrialDefinition::Broad)?;
    /// assert_eq!((t.pretrial, t.population, t.facilities, t.lacking), (100, 400, 2, 1));
    /// assert_eq!(t.share()?.percent_rounded(1), 25.0);
    /// assert!(PretrialTally::of_counts([Some((101, 100))], PretrialDefinition::Broad).is_err());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn of_counts(
        counts: impl IntoIterator<Item = Option<(u64, u64)>>,
        definition: PretrialDefinition,
    ) -> Result<PretrialTally> {
        let mut t = PretrialTally::empty(definition);
        for c in counts {
            let Some((pretrial, population)) = c else {
                t.lacking += 1;
                continue;
            };
            if pretrial > population {
                pretrial_share(pretrial, population)?;
            }
            t.pretrial += u128::from(pretrial);
            t.population += u128::from(population);
            t.facilities += 1;
        }
        Ok(t)
    }

    /// Σ pretrial ÷ Σ population over the facilities that report the components.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Empty`](crate::ErrorKind::Empty) when no facility reports them; [`ErrorKind::ZeroDenominator`](crate::ErrorKind::ZeroDenominator) when they
    /// hold no one.
    ///
    /// ```
    /// use overcrowding::{PretrialDefinition, metrics::PretrialTally};
    /// assert!(PretrialTally::of([], PretrialDefinition::Broad)?.share().is_err());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn share(&self) -> Result<Ratio> {
        if self.facilities == 0 {
            return Err(Error::from(ErrorKind::Empty {
                what: "facilities reporting the legal-status columns",
            }));
        }
        match (u64::try_from(self.pretrial), u64::try_from(self.population)) {
            (Ok(p), Ok(n)) => pretrial_share(p, n),
            _ => Ratio::new(self.pretrial, self.population),
        }
    }
}
