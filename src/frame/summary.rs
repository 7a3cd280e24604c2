//! The `LazyFrame` extension trait: sugar over the `Expr` builders, and the per-group system
//! summary (Σ/Σ with coverage).

use polars::prelude::*;

use super::native::{SUM_TERMS, sum_term};
use super::{above_threshold, band_label, count, occupancy, ratio, surplus};
use crate::metrics::{Percent, Standard};

/// Overcrowding metrics as methods on a `LazyFrame`. Every method adds columns (or, for
/// [`system_summary`](Self::system_summary), aggregates) and stays lazy.
///
/// ```
/// use overcrowding::frame::OvercrowdingFrameExt;
/// use polars::prelude::*;
/// let df = df!("id" => ["A", "B"], "pop" => [120u64, 60], "cap" => [100u64, 100])?;
/// let out = df.lazy().with_occupancy("pop", "cap", "occ").collect()?;
/// assert_eq!(out.column("occ")?.f64()?.get(0), Some(1.2));
/// # Ok::<(), PolarsError>(())
/// ```
pub trait OvercrowdingFrameExt {
    /// Adds `name` = population ÷ capacity (null where either is missing or capacity is 0).
    fn with_occupancy(self, population: &str, capacity: &str, name: &str) -> LazyFrame;

    /// Adds `name` = the surplus max(0, population − capacity).
    fn with_surplus(self, population: &str, capacity: &str, name: &str) -> LazyFrame;

    /// Adds `name` = the band label of `standard`.
    fn with_band(
        self,
        population: &str,
        capacity: &str,
        standard: &Standard,
        name: &str,
    ) -> LazyFrame;

    /// System summary per group of `by` (nationally when `by` is empty), pairwise complete:
    /// only rows with both a population and a capacity > 0 enter the sums. Columns: the keys,
    /// `facilities` (rows), `covered` (rows with both numbers), `population`, `capacity`
    /// (sums over covered rows), `occupancy` (Σ/Σ), `overcrowded_facilities` (pop > cap),
    /// `people_in_overcrowded`, `surplus` (Σ max(0, pop − cap)), `population_not_covered`
    /// (people in rows without a usable capacity), and `facilities_above_<p>` /
    /// `people_above_<p>` for each extra threshold `p` (exact comparison). Sorted by the keys.
    fn system_summary(
        self,
        by: &[&str],
        population: &str,
        capacity: &str,
        thresholds: &[Percent],
    ) -> LazyFrame;
}

impl OvercrowdingFrameExt for LazyFrame {
    fn with_occupancy(self, population: &str, capacity: &str, name: &str) -> LazyFrame {
        self.with_column(occupancy(col(population), col(capacity)).alias(name))
    }

    fn with_surplus(self, population: &str, capacity: &str, name: &str) -> LazyFrame {
        self.with_column(surplus(col(population), col(capacity)).alias(name))
    }

    fn with_band(
        self,
        population: &str,
        capacity: &str,
        standard: &Standard,
        name: &str,
    ) -> LazyFrame {
        self.with_column(band_label(col(population), col(capacity), standard).alias(name))
    }

    fn system_summary(
        self,
        by: &[&str],
        population: &str,
        capacity: &str,
        thresholds: &[Percent],
    ) -> LazyFrame {
        let p = count(col(population));
        // The per-row terms as native kernels (one pass each, no polars comparisons), summed
        // per group.
        let mut aggs = vec![len().cast(DataType::UInt64).alias("facilities")];
        aggs.extend(SUM_TERMS.iter().map(|&(name, term)| {
            sum_term(col(population), col(capacity), term)
                .sum()
                .alias(name)
        }));
        for t in thresholds {
            let above =
                above_threshold(col(population), col(capacity), *t, false).fill_null(lit(false));
            aggs.push(
                above
                    .clone()
                    .cast(DataType::UInt64)
                    .sum()
                    .alias(format!("facilities_above_{t}")),
            );
            aggs.push(
                when(above)
                    .then(p.clone())
                    .otherwise(lit(0u64))
                    .sum()
                    .alias(format!("people_above_{t}")),
            );
        }
        let grouped = if by.is_empty() {
            self.select(aggs)
        } else {
            let keys: Vec<Expr> = by.iter().map(|k| col(*k)).collect();
            self.group_by(keys.clone())
                .agg(aggs)
                .sort_by_exprs(keys, SortMultipleOptions::default())
        };
        grouped.with_column(ratio(col("population"), col("capacity")).alias("occupancy"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_is_pairwise_complete_and_exact() {
        let df = df!(
            "region" => ["N", "N", "N", "S", "S"],
            "pop" => [Some(150u64), Some(900), Some(50), Some(100), None],
            "cap" => [Some(100u64), Some(1_000), None, Some(100), Some(80)]
        )
        .unwrap();
        let plata = Percent::new(137.5).unwrap();
        let out = df
            .lazy()
            .system_summary(&["region"], "pop", "cap", &[plata])
            .collect()
            .unwrap();
        let get = |c: &str| out.column(c).unwrap().u64().unwrap().get(0).unwrap();
        assert_eq!(get("facilities"), 3);
        assert_eq!(get("covered"), 2);
        assert_eq!(get("population"), 1_050);
        assert_eq!(get("capacity"), 1_100);
        assert_eq!(get("surplus"), 50);
        assert_eq!(get("people_in_overcrowded"), 150);
        assert_eq!(get("population_not_covered"), 50);
        assert_eq!(get("facilities_above_137.5"), 1);
        let occ = out
            .column("occupancy")
            .unwrap()
            .f64()
            .unwrap()
            .get(0)
            .unwrap();
        assert!((occ - 1_050.0 / 1_100.0).abs() < 1e-12);
        // South: one row lacks a population; the 100/100 row is exactly at capacity.
        let s = |c: &str| out.column(c).unwrap().u64().unwrap().get(1).unwrap();
        assert_eq!(
            (s("facilities"), s("covered"), s("overcrowded_facilities")),
            (2, 1, 0)
        );
    }

    /// The native terms: a capacity of 0 or a negative one is not covered (its people are
    /// "not covered"), a negative population is not reported (in no sum), several chunks.
    #[test]
    fn zero_and_negative_counts_and_chunks() {
        let a = df!("pop" => [Some(5i64), Some(-2), Some(150)],
                    "cap" => [Some(0i64), Some(10), Some(100)])
        .unwrap();
        let b = df!("pop" => [Some(7i64), Some(90)], "cap" => [Some(-1i64), Some(100)]).unwrap();
        let df = a.vstack(&b).unwrap();
        assert_eq!(df.first_col_n_chunks(), 2);
        let out = df
            .lazy()
            .system_summary(&[], "pop", "cap", &[])
            .collect()
            .unwrap();
        let get = |c: &str| out.column(c).unwrap().u64().unwrap().get(0).unwrap();
        assert_eq!((get("facilities"), get("covered")), (5, 2));
        assert_eq!((get("population"), get("capacity")), (240, 200));
        assert_eq!((get("surplus"), get("people_in_overcrowded")), (50, 150));
        assert_eq!(get("overcrowded_facilities"), 1);
        assert_eq!(get("population_not_covered"), 12);
    }

    #[test]
    fn national_summary_without_keys() {
        let df = df!("pop" => [39_000u64], "cap" => [27_000u64]).unwrap();
        let out = df
            .lazy()
            .system_summary(&[], "pop", "cap", &[])
            .collect()
            .unwrap();
        assert_eq!(out.height(), 1);
        assert_eq!(
            out.column("surplus").unwrap().u64().unwrap().get(0),
            Some(12_000)
        );
    }
}
