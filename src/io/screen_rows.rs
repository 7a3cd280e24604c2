//! Reader rows for the data-quality screen: the CDCR report's rows as sub-rows.

use std::collections::HashMap;

use jiff::civil::Date;

use super::CdcrTpop1;
use crate::error::{Error, Result};
use crate::model::{CapacityKind, Panel, Record};

impl CdcrTpop1 {
    /// The report's rows as a [`Panel`] of sub-rows — one [`Record`] per row (id
    /// `CODE gender` when the institution has one row per gender, else `CODE`; a third row
    /// of the same code and date adds ` (line N)`), each with the group key `institution` =
    /// the CDCR code — for [`crate::screen`] with
    /// [`ScreenOptions::with_sub_rows`](crate::screen::ScreenOptions::with_sub_rows)`("institution")`,
    /// which flags the gender rows that repeat the whole institution's capacity. For
    /// summaries use [`CdcrTpop1::to_panel`] (one record per institution).
    ///
    /// # Errors
    ///
    /// None for a report the reader produced; the `Result` is the records' validation.
    ///
    /// ```
    /// use overcrowding::screen::{Rule, ScreenOptions, screen};
    /// let rows = overcrowding::datasets::cdcr_tpop1()?.to_row_panel()?;
    /// let s = screen(&rows, &ScreenOptions::new().with_sub_rows("institution"));
    /// assert_eq!(s.of_rule(Rule::SubRowRepeatsParent).filter(|f| f.kind() == Some(&overcrowding::CapacityKind::Design)).count(), 62);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn to_row_panel(&self) -> Result<Panel> {
        let mut seen: HashMap<(Date, String), usize> = HashMap::new();
        let mut records = Vec::with_capacity(self.rows().len());
        for row in self.rows() {
            let at_line = |e: Error| e.with_line(row.line);
            let base = match &row.gender {
                Some(g) if !g.trim().is_empty() => format!("{} {}", row.code, g.trim()),
                _ => row.code.clone(),
            };
            let n = seen.entry((row.report_date, base.clone())).or_default();
            *n += 1;
            let id = if *n == 1 {
                base
            } else {
                format!("{base} (line {})", row.line)
            };
            let mut r = Record::new(&id, row.report_date)
                .map_err(at_line)?
                .with_name(&row.name)
                .with_group("institution", &row.code)
                .with_population_total(row.felon_other);
            r = match row.design_capacity {
                0 => r.with_capacity_not_reported(CapacityKind::Design),
                d => r.with_capacity(CapacityKind::Design, d),
            };
            r = match row.staffed_capacity {
                Some(s) if s > 0 => r.with_capacity(CapacityKind::Staffed, s),
                _ => r.with_capacity_not_reported(CapacityKind::Staffed),
            };
            r.check().map_err(at_line)?;
            records.push(r);
        }
        Panel::new(records)
    }
}
