//! The three published tables as polars frames: one row per unit (jurisdiction, prison,
//! institution) per date, the capacities side by side, the published figures kept as printed.
//!
//! Shared columns use the names of [`columns`](super::columns): `facility_id` (text), `name`
//! (text), `date` (polars `Date`) and `population` (UInt64, nullable). Each capacity kind the
//! source publishes gets its own nullable UInt64 column named after the kind
//! (`rated`, `operational_capacity`, `design_capacity`, …), so a caller always names the
//! capacity an occupancy is taken against; pass two of them to the `Expr` builders, e.g.
//! `occupancy(col("population"), col("in_use_cna"))`. A missing figure is a null, never a 0.
//! Every frame keeps `line`, the 1-based line of the row in the source file.

use crate::ErrorKind;
use crate::error::ValueProblem;
use jiff::civil::Date;
use polars::prelude::*;

use super::columns::*;
use crate::error::{Error, Result};
use crate::io::{BjsLevel, BjsTable21, CdcrTpop1, HmppsBulletin, Reported};

/// The as-of date of BJS *Prisoners in 2022*, Table 21.
const BJS_AS_OF: Date = jiff::civil::date(2022, 12, 31);

fn days(d: Date) -> Result<i32> {
    let span = jiff::civil::date(1970, 1, 1).until(d).map_err(|e| {
        Error::from(ErrorKind::InvalidValue {
            value: d.to_string(),
            problem: ValueProblem::DateOutOfRange,
        })
        .with_source(e)
    })?;
    Ok(span.get_days())
}

fn date_column(days: Vec<i32>) -> Column {
    Int32Chunked::from_vec(DATE.into(), days)
        .into_date()
        .into_column()
}

fn lines_column(lines: impl Iterator<Item = usize>) -> Column {
    Column::new("line".into(), lines.map(|l| l as u64).collect::<Vec<u64>>())
}

/// BJS Table 21 as a frame: one row per jurisdiction (51: Federal and the 50 states), dated
/// 2022-12-31.
///
/// Columns: `facility_id` and `name` (the jurisdiction, footnote letters stripped), `level`
/// (`federal` / `state`), `footnotes` (`b,e`), `date`, `rated`, `operational`, `design`
/// (nullable UInt64: null for a marker), `rated_text`, `operational_text`, `design_text` (the
/// cell as printed: digits, or the marker `/` not reported, `…` not available, `:` not
/// calculated), `population` (custody population, UInt64), `pct_of_lowest_text`,
/// `pct_of_highest_text` (the published percents as printed) and `pct_of_lowest`,
/// `pct_of_highest` (their values, Float64, null for `:`), and `line`.
///
/// # Errors
///
/// [`ErrorKind::Polars`](crate::ErrorKind::Polars) if the frame cannot be assembled.
///
/// ```
/// use overcrowding::frame::{bjs_table21_frame, occupancy_percent_rounded};
/// use polars::prelude::*;
/// let df = bjs_table21_frame(&overcrowding::datasets::bjs_table21()?)?;
/// assert_eq!(df.height(), 51);
/// // Alabama: 20,676 held; rated capacity not reported; lowest = design 12,115.
/// let al = df.lazy()
///     .filter(col("name").eq(lit("Alabama")))
///     .select([
///         col("rated_text"),
///         occupancy_percent_rounded(col("population"), col("design"), 1).alias("pct"),
///     ])
///     .collect()?;
/// assert_eq!(al.column("rated_text")?.str()?.get(0), Some("/"));
/// assert_eq!(al.column("pct")?.f64()?.get(0), Some(170.7));
/// # Ok::<(), overcrowding::Error>(())
/// ```
pub fn bjs_table21_frame(table: &BjsTable21) -> Result<DataFrame> {
    let rows = table.rows();
    let date = days(BJS_AS_OF)?;
    let text = |f: fn(&crate::io::BjsJurisdiction) -> Reported| -> Vec<String> {
        rows.iter().map(|r| f(r).marker()).collect()
    };
    let value = |f: fn(&crate::io::BjsJurisdiction) -> Reported| -> Vec<Option<u64>> {
        rows.iter().map(|r| f(r).value()).collect()
    };
    let names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
    let columns = vec![
        Column::new(FACILITY_ID.into(), names.clone()),
        Column::new(NAME.into(), names),
        Column::new(
            "level".into(),
            rows.iter()
                .map(|r| match r.level {
                    BjsLevel::Federal => "federal",
                    BjsLevel::State => "state",
                })
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "footnotes".into(),
            rows.iter()
                .map(|r| r.footnotes.join(","))
                .collect::<Vec<_>>(),
        ),
        date_column(vec![date; rows.len()]),
        Column::new("rated".into(), value(|r| r.rated)),
        Column::new("operational".into(), value(|r| r.operational)),
        Column::new("design".into(), value(|r| r.design)),
        Column::new("rated_text".into(), text(|r| r.rated)),
        Column::new("operational_text".into(), text(|r| r.operational)),
        Column::new("design_text".into(), text(|r| r.design)),
        Column::new(
            POPULATION.into(),
            rows.iter().map(|r| r.custody).collect::<Vec<_>>(),
        ),
        Column::new(
            "pct_of_lowest_text".into(),
            rows.iter()
                .map(|r| r.pct_of_lowest.text())
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "pct_of_lowest".into(),
            rows.iter()
                .map(|r| r.pct_of_lowest.value())
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "pct_of_highest_text".into(),
            rows.iter()
                .map(|r| r.pct_of_highest.text())
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "pct_of_highest".into(),
            rows.iter()
                .map(|r| r.pct_of_highest.value())
                .collect::<Vec<_>>(),
        ),
        lines_column(rows.iter().map(|r| r.line)),
    ];
    Ok(DataFrame::new(rows.len(), columns)?)
}

/// The HMPPS monthly bulletin panel as a frame: one row per prison per report date (18,586
/// rows, every row of the file, quirks included).
///
/// Columns: `facility_id` and `name` (the prison name as in the file), `date` (the report
/// date), `operational_capacity`, `in_use_cna`, `baseline_cna`, `population` (nullable
/// UInt64), `line`. The bulletin's crowding measure is `population ÷ in_use_cna`; an in-use
/// CNA of 0 gives a null occupancy in the builders, never an infinity.
///
/// # Errors
///
/// [`ErrorKind::Polars`](crate::ErrorKind::Polars) if the frame cannot be assembled; [`ErrorKind::InvalidValue`](crate::ErrorKind::InvalidValue) for a date polars
/// cannot hold.
///
/// ```
/// use overcrowding::frame::{hmpps_frame, OvercrowdingFrameExt};
/// use polars::prelude::*;
/// let df = hmpps_frame(&overcrowding::datasets::hmpps_bulletin()?)?;
/// assert_eq!(df.height(), 18_586);
/// let jan = df.lazy()
///     .filter(col("date").eq(col("date").min())) // the first report, 2012-01-27
///     .system_summary(&[], "population", "in_use_cna", &[])
///     .collect()?;
/// assert!(jan.column("occupancy")?.f64()?.get(0).unwrap() > 1.0);
/// # Ok::<(), overcrowding::Error>(())
/// ```
pub fn hmpps_frame(bulletin: &HmppsBulletin) -> Result<DataFrame> {
    let rows = bulletin.rows();
    let names: Vec<&str> = rows.iter().map(|r| r.prison.as_str()).collect();
    let dates = rows
        .iter()
        .map(|r| days(r.report_date))
        .collect::<Result<Vec<_>>>()?;
    let columns = vec![
        Column::new(FACILITY_ID.into(), names.clone()),
        Column::new(NAME.into(), names),
        date_column(dates),
        Column::new(
            "operational_capacity".into(),
            rows.iter()
                .map(|r| r.operational_capacity)
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "in_use_cna".into(),
            rows.iter().map(|r| r.in_use_cna).collect::<Vec<_>>(),
        ),
        Column::new(
            "baseline_cna".into(),
            rows.iter().map(|r| r.baseline_cna).collect::<Vec<_>>(),
        ),
        Column::new(
            POPULATION.into(),
            rows.iter().map(|r| r.population).collect::<Vec<_>>(),
        ),
        lines_column(rows.iter().map(|r| r.line)),
    ];
    Ok(DataFrame::new(rows.len(), columns)?)
}

/// CDCR TPOP-1 institution detail as a frame: one row per institution (and, before
/// 2021-11-30, per gender) per report date (4,567 rows).
///
/// Columns: `facility_id` (the CDCR code, `CMC`), `name`, `gender` (`Male` / `Female`, null
/// from 2021-11-30 on), `date`, `population` (felon/other, UInt64), `design_capacity` (UInt64),
/// `staffed_capacity` (nullable UInt64), `pct_occupied_text` (CDCR's published "Percent
/// Occupied", as printed) and `pct_occupied` (its value, Float64), `line`.
///
/// # Errors
///
/// [`ErrorKind::Polars`](crate::ErrorKind::Polars) if the frame cannot be assembled; [`ErrorKind::InvalidValue`](crate::ErrorKind::InvalidValue) for a date polars
/// cannot hold.
///
/// ```
/// use overcrowding::frame::{cdcr_frame, occupancy_percent_rounded};
/// use polars::prelude::*;
/// let df = cdcr_frame(&overcrowding::datasets::cdcr_tpop1()?)?;
/// assert_eq!(df.height(), 4_567);
/// // The published percent, recomputed exactly from the counts: 14 rows differ.
/// let differ = df.lazy()
///     .filter(occupancy_percent_rounded(col("population"), col("design_capacity"), 1)
///         .neq(col("pct_occupied")))
///     .collect()?;
/// assert_eq!(differ.height(), 14);
/// # Ok::<(), overcrowding::Error>(())
/// ```
pub fn cdcr_frame(table: &CdcrTpop1) -> Result<DataFrame> {
    let rows = table.rows();
    let dates = rows
        .iter()
        .map(|r| days(r.report_date))
        .collect::<Result<Vec<_>>>()?;
    let columns = vec![
        Column::new(
            FACILITY_ID.into(),
            rows.iter().map(|r| r.code.as_str()).collect::<Vec<_>>(),
        ),
        Column::new(
            NAME.into(),
            rows.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(),
        ),
        Column::new(
            "gender".into(),
            rows.iter().map(|r| r.gender.as_deref()).collect::<Vec<_>>(),
        ),
        date_column(dates),
        Column::new(
            POPULATION.into(),
            rows.iter().map(|r| r.felon_other).collect::<Vec<_>>(),
        ),
        Column::new(
            "design_capacity".into(),
            rows.iter().map(|r| r.design_capacity).collect::<Vec<_>>(),
        ),
        Column::new(
            "staffed_capacity".into(),
            rows.iter().map(|r| r.staffed_capacity).collect::<Vec<_>>(),
        ),
        Column::new(
            "pct_occupied_text".into(),
            rows.iter()
                .map(|r| r.pct_occupied_text.as_str())
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "pct_occupied".into(),
            rows.iter().map(|r| r.pct_occupied).collect::<Vec<_>>(),
        ),
        lines_column(rows.iter().map(|r| r.line)),
    ];
    Ok(DataFrame::new(rows.len(), columns)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_days() {
        assert_eq!(days(jiff::civil::date(1970, 1, 2)).unwrap(), 1);
        assert_eq!(days(jiff::civil::date(1969, 12, 31)).unwrap(), -1);
    }
}
