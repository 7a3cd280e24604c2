//! Bridges: every published reader's rows into the crate's one table, a [`Panel`], pushed
//! value by value into a [`PanelBuilder`] (no owned record per row).
//!
//! | reader | one panel row per | capacities | group keys |
//! |---|---|---|---|
//! | [`HmppsBulletin::to_panel`] | establishment and report date | `operational`, `in_use_cna`, `cna` (baseline) | — |
//! | [`CdcrTpop1::to_panel`] | institution and report date (gender rows combined) | `design`, `staffed` | — |
//! | [`BjsTable21::to_panel`] | jurisdiction, 2022-12-31 | `rated`, `operational`, `design` | `level` (`federal` / `state`) |

use crate::ErrorKind;
use std::collections::HashMap;

use jiff::civil::Date;

use super::{BjsLevel, BjsTable21, CdcrTpop1, HmppsBulletin};
use crate::error::{Error, Result};
use crate::model::{CapacityKind, CapacitySlot, Panel, PanelBuilder};

impl HmppsBulletin {
    /// The bulletin as a [`Panel`]: one row per establishment and report date with its
    /// population and three capacities — operational, in-use CNA
    /// ([`CapacityKind::InUseCna`], the bulletin's denominator for crowding) and baseline CNA
    /// ([`CapacityKind::Cna`]).
    ///
    /// # Semantics
    ///
    /// - A value the row lacks is not reported (36 rows lack population or in-use CNA).
    /// - An in-use CNA or CNA of 0 (a prison out of use, 123 rows) is listed as not reported:
    ///   a capacity has at least one place. [`HmppsBulletin::quirks`] lists those rows.
    /// - A name repeated on one date (the parse fragment `Hill`, twice) is kept apart: the
    ///   second gets the id `"Hill (line N)"` with its line in the file.
    ///
    /// # Errors
    ///
    /// None for a bulletin the reader produced; the `Result` is the builder's validation.
    ///
    /// ```
    /// use overcrowding::CapacityKind;
    /// let p = overcrowding::datasets::hmpps_bulletin()?.to_panel()?;
    /// assert_eq!(p.dates().len(), 155);
    /// let durham = p.facility("Durham").last().unwrap();
    /// assert_eq!(durham.occupancy(&CapacityKind::InUseCna)?.percent_rounded(1), 175.0);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn to_panel(&self) -> Result<Panel> {
        let mut seen: HashMap<(Date, &str), usize> = HashMap::new();
        let mut b = PanelBuilder::with_capacity(self.rows().len()).with_merging(false);
        let kinds = [
            b.capacity_slot(CapacityKind::Operational),
            b.capacity_slot(CapacityKind::InUseCna),
            b.capacity_slot(CapacityKind::Cna),
        ];
        for row in self.rows() {
            let n = seen
                .entry((row.report_date, row.prison.as_str()))
                .or_default();
            *n += 1;
            let at_line = |e: Error| e.with_line(row.line);
            if *n == 1 {
                b.begin(&row.prison, row.report_date).map_err(at_line)?;
            } else {
                let id = format!("{} (line {})", row.prison, row.line);
                b.begin(&id, row.report_date).map_err(at_line)?;
            }
            b.at_line(row.line);
            b.name(&row.prison);
            if let Some(p) = row.population {
                b.population(p);
            }
            let values = [row.operational_capacity, row.in_use_cna, row.baseline_cna];
            for (slot, value) in kinds.into_iter().zip(values) {
                places(&mut b, slot, value).map_err(at_line)?;
            }
            b.commit().map_err(at_line)?;
        }
        b.finish()
    }
}

impl CdcrTpop1 {
    /// The report as a [`Panel`]: one row per institution (CDCR code) and report date,
    /// with the felon/other population, the design and the staffed capacity.
    ///
    /// # Semantics
    ///
    /// Before 2021-11-30 an institution holding men and women has one row per gender. Their
    /// populations are summed. Their design capacities are summed when they differ (Folsom's
    /// two rows are two facilities) and counted once when both rows repeat the whole
    /// institution's capacity ([`CdcrTpop1::repeated_capacities`], 31 date × institution
    /// pairs) — summing those would count the places twice; the staffed capacity goes with
    /// its design capacity.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Overflow`](crate::ErrorKind::Overflow) if sums overflowed (not for the published file).
    ///
    /// ```
    /// use overcrowding::CapacityKind;
    /// use overcrowding::system::{SummaryOptions, summarize_panel};
    /// let p = overcrowding::datasets::cdcr_tpop1()?.to_panel()?;
    /// let all = summarize_panel(&p, &SummaryOptions::new(CapacityKind::Design))?;
    /// let jan21 = all.iter().find(|s| s.date.to_string() == "2021-01-31").unwrap();
    /// assert_eq!(jan21.summary.system.as_ref().unwrap().capacity, 88_773); // not 102,170
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn to_panel(&self) -> Result<Panel> {
        struct Acc<'a> {
            line: usize,
            name: &'a str,
            population: u64,
            // (design, staffed) per distinct design capacity
            capacities: Vec<(u64, Option<u64>)>,
        }
        let mut order: Vec<(Date, &str)> = Vec::new();
        let mut acc: HashMap<(Date, &str), Acc<'_>> = HashMap::new();
        let overflow = || {
            Error::from(ErrorKind::Overflow {
                what: "an institution's population or capacity",
            })
        };
        for row in self.rows() {
            let key = (row.report_date, row.code.as_str());
            let a = acc.entry(key).or_insert_with(|| {
                order.push(key);
                Acc {
                    line: row.line,
                    name: &row.name,
                    population: 0,
                    capacities: Vec::new(),
                }
            });
            a.population = a
                .population
                .checked_add(row.felon_other)
                .ok_or_else(overflow)?;
            if !a.capacities.iter().any(|(d, _)| *d == row.design_capacity) {
                a.capacities
                    .push((row.design_capacity, row.staffed_capacity));
            }
        }
        let mut b = PanelBuilder::with_capacity(order.len()).with_merging(false);
        let (design_slot, staffed_slot) = (
            b.capacity_slot(CapacityKind::Design),
            b.capacity_slot(CapacityKind::Staffed),
        );
        for key in order {
            let Some(a) = acc.remove(&key) else {
                continue;
            };
            let at_line = |e: Error| e.with_line(a.line);
            let design = a
                .capacities
                .iter()
                .try_fold(0u64, |s, (d, _)| s.checked_add(*d))
                .ok_or_else(overflow)?;
            let staffed = a
                .capacities
                .iter()
                .try_fold(Some(0u64), |s, (_, st)| match (s, st) {
                    (Some(s), Some(st)) => s.checked_add(*st).map(Some),
                    _ => Some(None),
                })
                .ok_or_else(overflow)?;
            b.begin(key.1, key.0).map_err(at_line)?;
            b.at_line(a.line);
            b.name(a.name);
            b.population(a.population);
            places(&mut b, design_slot, Some(design)).map_err(at_line)?;
            places(&mut b, staffed_slot, staffed).map_err(at_line)?;
            b.commit().map_err(at_line)?;
        }
        b.finish()
    }
}

impl BjsTable21 {
    /// The table as a [`Panel`] of one date, 31 December 2022: one row per
    /// jurisdiction (id = its name) with the custody population and the rated, operational
    /// and design capacities — a marker (`/` not reported, `…` not available) is listed as
    /// not reported, never 0 — and the group key `level` (`federal` or `state`).
    ///
    /// # Errors
    ///
    /// None for a table the reader produced; the `Result` is the builder's validation.
    ///
    /// ```
    /// use overcrowding::CapacityKind;
    /// let p = overcrowding::datasets::bjs_table21()?.to_panel()?;
    /// assert_eq!(p.len(), 51);
    /// let ks = p.facility("Kansas").next().unwrap();
    /// assert_eq!(ks.occupancy(&CapacityKind::Rated)?.percent_rounded(1), 82.2); // of the highest
    /// assert_eq!(ks.occupancy(&CapacityKind::Operational)?.percent_rounded(1), 100.0);
    /// assert_eq!(ks.group("level"), Some("state"));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn to_panel(&self) -> Result<Panel> {
        let date = jiff::civil::date(2022, 12, 31);
        let mut b = PanelBuilder::with_capacity(self.rows().len()).with_merging(false);
        let level_slot = b.group_slot("level");
        let kinds = [
            b.capacity_slot(CapacityKind::Rated),
            b.capacity_slot(CapacityKind::Operational),
            b.capacity_slot(CapacityKind::Design),
        ];
        for j in self.rows() {
            let at_line = |e: Error| e.with_line(j.line);
            let level = match j.level {
                BjsLevel::Federal => "federal",
                BjsLevel::State => "state",
            };
            b.begin(&j.name, date).map_err(at_line)?;
            b.at_line(j.line);
            b.group(level_slot, level);
            b.population(j.custody);
            for (slot, value) in kinds.into_iter().zip([&j.rated, &j.operational, &j.design]) {
                places(&mut b, slot, value.value()).map_err(at_line)?;
            }
            b.commit().map_err(at_line)?;
        }
        b.finish()
    }
}

/// Lists a published capacity on the row being built: `places` when the file gives at least
/// one, else the kind is listed as not reported — a published 0 (a prison out of use) or a
/// marker is not a capacity. The one rule of the HMPPS, CDCR and BJS bridges.
fn places(b: &mut PanelBuilder, slot: CapacitySlot, places: Option<u64>) -> Result<()> {
    b.capacity(slot, places.filter(|&v| v > 0))
}
