//! The system summaries of a [`Panel`](crate::Panel) or of a [`PanelView`] of some of its rows: every
//! date ([`summarize_panel`]), every date and group ([`summarize_panel_groups`]). A summary
//! of one date is that date's element; a panel of one date has one. A view's summary reads
//! the panel's columns at the view's row numbers: the figures of the summary of the view
//! copied into a panel, without the copy.

use crate::ErrorKind;
use jiff::civil::Date;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::observation::SummaryColumns;
use super::parallel::first_error;
use super::pass::{Scratch, group_ranks, summarize_groups, summarize_rows};
use super::summary::{SummaryOptions, SystemSummary};
use crate::error::{Error, Result};
use crate::model::{PanelView, Rows};

/// One date's system summary.
///
/// ```
/// let p = overcrowding::datasets::cambodia_panel()?;
/// let opts = overcrowding::system::SummaryOptions::new(overcrowding::CapacityKind::Design);
/// let s = &overcrowding::system::summarize_panel(&p, &opts)?[0];
/// assert_eq!(s.date.to_string(), "2021-06-30");
/// assert_eq!(s.summary.ratio()?.percent_rounded(1), 144.4);
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatedSummary {
    /// The date.
    pub date: Date,
    /// Its summary.
    pub summary: SystemSummary,
}

/// One group's system summary on one date.
///
/// ```
/// use overcrowding::{CapacityKind, Panel, Record};
/// use overcrowding::system::{SummaryOptions, summarize_panel_groups};
/// let d = "2024-12-31".parse().unwrap();
/// let r = |id, g, p, c| Record::new(id, d).map(|x| x.with_group("region", g).with_population_total(p)
///     .with_capacity(CapacityKind::Cna, c));
/// let p = Panel::new([r("A", "N", 150, 100)?, r("B", "N", 50, 100)?, r("C", "S", 90, 100)?])?;
/// let g = summarize_panel_groups(&p, "region", &SummaryOptions::new(CapacityKind::Cna))?;
/// assert_eq!(g.len(), 2);
/// assert_eq!(g[0].group.as_deref(), Some("N"));
/// assert_eq!(g[0].summary.ratio()?.percent(), 100.0);
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatedGroupSummary {
    /// The date.
    pub date: Date,
    /// The group's value of the grouping key (`None`: records without that key).
    pub group: Option<String>,
    /// Its summary.
    pub summary: SystemSummary,
}

/// One [`DatedSummary`] per date of the panel (or of the view: `&panel`, `&view` or a
/// [`PanelView`]), ascending — e.g. the whole HMPPS bulletin against in-use CNA in one call,
/// or the view of the chosen dates ([`PanelView::on_dates`]).
///
/// Dates are summarised in parallel on the current rayon thread pool (the global one, or the
/// caller's inside `pool.install(..)`; see the [module docs](super#threads)); the result is
/// the same, in the same order, as on one thread.
///
/// # Errors
///
/// [`ErrorKind::Empty`](crate::ErrorKind::Empty) when the panel (or view) is empty. Nothing
/// else: a panel holds no zero capacity and no facility twice on one date.
///
/// ```
/// use overcrowding::{CapacityKind, Panel, Record};
/// use overcrowding::system::{SummaryOptions, summarize_panel};
/// let (a, b) = ("2024-11-29".parse().unwrap(), "2024-12-31".parse().unwrap());
/// let r = |id, d, p| Record::new(id, d).map(|x| x.with_population_total(p).with_capacity(CapacityKind::Cna, 100));
/// let p = Panel::new([r("A", a, 90)?, r("A", b, 110)?, r("B", b, 130)?])?;
/// let s = summarize_panel(&p, &SummaryOptions::new(CapacityKind::Cna))?;
/// assert_eq!(s.len(), 2);
/// assert_eq!(s[1].summary.ratio()?.percent(), 120.0);
/// // The view of facility B: its one date, read in place.
/// let b_only = summarize_panel(&p.view().filter(|r| r.id().as_str() == "B"), &SummaryOptions::new(CapacityKind::Cna))?;
/// assert_eq!((b_only.len(), b_only[0].summary.ratio()?.percent()), (1, 130.0));
/// # Ok::<(), overcrowding::Error>(())
/// ```
pub fn summarize_panel<'a>(
    panel: impl Into<PanelView<'a>>,
    options: &SummaryOptions,
) -> Result<Vec<DatedSummary>> {
    let view = panel.into();
    options.check()?;
    if view.is_empty() {
        return Err(Error::from(ErrorKind::Empty { what: "panel" }));
    }
    let panel = view.panel();
    let dates: Vec<(Date, Rows<'_>)> = view.by_date().collect();
    let cols = SummaryColumns::new(&view, options.kind(), None);
    // One pass over each date's rows; each thread reuses its buffers from date to date.
    first_error(
        dates
            .par_iter()
            .map_init(Scratch::default, |scratch, &(date, rows)| {
                // One date of a panel: its facilities are distinct (the panel's invariant).
                let mut summary = match rows.numbers() {
                    Ok(range) => summarize_rows(&cols, range, options, scratch),
                    Err(list) => {
                        summarize_rows(&cols, list.iter().map(|&r| r as usize), options, scratch)
                    }
                }?;
                summary.unit = panel.count_unit();
                Ok(DatedSummary { date, summary })
            }),
    )
}

/// One [`DatedGroupSummary`] per date and value of group key `group_by` (a column of the
/// panel, or a view's combined column, [`PanelView::with_combined_group`]): by date, then
/// group (records without the key form the `None` group, first).
///
/// Dates are summarised in parallel (as [`summarize_panel`]; see the [module
/// docs](super#threads)), the result is the same as on one thread.
///
/// # Errors
///
/// [`ErrorKind::Empty`](crate::ErrorKind::Empty) when the panel is empty (nothing else, as
/// [`summarize_panel`]).
///
/// ```
/// use overcrowding::{CapacityKind, Panel, Record};
/// use overcrowding::system::{SummaryOptions, summarize_panel_groups};
/// let d = "2024-12-31".parse().unwrap();
/// let p = Panel::new([Record::new("A", d)?.with_population_total(5).with_capacity(CapacityKind::Cna, 4)])?;
/// let g = summarize_panel_groups(&p, "region", &SummaryOptions::new(CapacityKind::Cna))?;
/// assert_eq!(g[0].group, None);
/// # Ok::<(), overcrowding::Error>(())
/// ```
pub fn summarize_panel_groups<'a>(
    panel: impl Into<PanelView<'a>>,
    group_by: &str,
    options: &SummaryOptions,
) -> Result<Vec<DatedGroupSummary>> {
    let view = panel.into();
    options.check()?;
    if view.is_empty() {
        return Err(Error::from(ErrorKind::Empty { what: "panel" }));
    }
    let panel = view.panel();
    let dates: Vec<(Date, Rows<'_>)> = view.by_date().collect();
    let cols = SummaryColumns::new(&view, options.kind(), Some(group_by));
    let ranks = cols
        .group_codes()
        .map(|(values, _)| group_ranks(values))
        .unwrap_or_default();
    let per_date = first_error(dates.par_iter().map_init(
        Scratch::default,
        |scratch, &(date, rows)| {
            Ok(summarize_groups(&cols, rows, &ranks, options, scratch)?
                .into_iter()
                .map(|(group, mut summary)| {
                    summary.unit = panel.count_unit();
                    DatedGroupSummary {
                        date,
                        group,
                        summary,
                    }
                })
                .collect::<Vec<_>>())
        },
    ))?;
    Ok(per_date.into_iter().flatten().collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{CapacityKind, Panel, Record};

    /// Dates on two threads: the same summaries, in the same order, as on one.
    #[test]
    fn dates_on_two_threads_are_the_sequential_result() {
        let mut records = Vec::new();
        for m in 0..30i8 {
            let d = jiff::civil::date(2020 + i16::from(m / 12), m % 12 + 1, 1);
            for f in 0..200u64 {
                let r = Record::new(format!("F{f}"), d)
                    .unwrap()
                    .with_group("region", format!("R{}", f % 7));
                let r = if (f + m as u64).is_multiple_of(50) {
                    r // neither number: listed in the coverage
                } else {
                    r.with_population_total(40 + (f * 37 + m as u64 * 11) % 300)
                        .with_capacity(CapacityKind::Design, 50 + f % 150)
                };
                records.push(r);
            }
        }
        let panel = Panel::new(records).unwrap();
        let opts =
            SummaryOptions::new(CapacityKind::Design).with_standard(&crate::Standard::critical());
        let pool = |n| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .build()
                .unwrap()
        };
        fn json<T: Serialize>(v: &T) -> String {
            serde_json::to_string(v).unwrap()
        }
        let one = pool(1).install(|| summarize_panel(&panel, &opts)).unwrap();
        let two = pool(2).install(|| summarize_panel(&panel, &opts)).unwrap();
        assert_eq!(one.len(), 30);
        assert_eq!(json(&one), json(&two));
        let one = pool(1)
            .install(|| summarize_panel_groups(&panel, "region", &opts))
            .unwrap();
        let two = pool(2)
            .install(|| summarize_panel_groups(&panel, "region", &opts))
            .unwrap();
        assert_eq!(one.len(), 30 * 7);
        assert_eq!(json(&one), json(&two));
        // The sequential definition: date by date, group by group.
        let by_hand: Vec<(Date, Option<String>)> = panel
            .by_date()
            .flat_map(|(d, _)| (0..7).map(move |g| (d, Some(format!("R{g}")))))
            .collect();
        let got: Vec<(Date, Option<String>)> =
            two.iter().map(|s| (s.date, s.group.clone())).collect();
        assert_eq!(got, by_hand);
        // A group's summaries are those of the panel filtered to the group.
        for g in 0..7 {
            let key = format!("R{g}");
            let alone = panel
                .view()
                .filter(|r| r.group("region") == Some(key.as_str()))
                .to_panel();
            let want = summarize_panel(&alone, &opts).unwrap();
            let got: Vec<&DatedGroupSummary> = two
                .iter()
                .filter(|s| s.group.as_deref() == Some(key.as_str()))
                .collect();
            assert_eq!(got.len(), want.len());
            for (a, b) in got.iter().zip(&want) {
                // The same figures; the grouped summary names the group of each facility.
                let mut s = a.summary.clone();
                s.coverage.missing.iter_mut().for_each(|m| m.group = None);
                s.most_overcrowded.iter_mut().for_each(|f| f.group = None);
                assert_eq!((a.date, &s), (b.date, &b.summary));
            }
        }
    }

    mod views {
        use super::*;
        use proptest::prelude::*;

        /// A panel of `rows`: (facility, date, population, capacity, region, sex).
        type Spec = (u8, u8, Option<u64>, Option<u64>, Option<u8>, Option<u8>);

        fn panel(rows: &[Spec]) -> Panel {
            let mut seen = std::collections::BTreeSet::new();
            let records = rows.iter().filter(|r| seen.insert((r.0, r.1))).map(
                |&(f, d, p, c, region, sex)| {
                    let mut r =
                        Record::new(format!("F{f:02}"), jiff::civil::date(2024, d as i8 + 1, 1))
                            .unwrap();
                    if let Some(p) = p {
                        r = r.with_population_total(p);
                    }
                    if let Some(c) = c {
                        r = r.with_capacity(CapacityKind::Design, c);
                    }
                    if let Some(g) = region {
                        r = r.with_group("region", format!("R{g}"));
                    }
                    if let Some(g) = sex {
                        r = r.with_group("sex", ["f", "m"][g as usize % 2]);
                    }
                    r
                },
            );
            Panel::new(records.collect::<Vec<_>>()).unwrap()
        }

        fn json<T: Serialize>(v: &Result<T>) -> String {
            match v {
                Ok(v) => serde_json::to_string(v).unwrap(),
                Err(e) => format!("error: {e}"),
            }
        }

        proptest! {
            /// A view's summaries are those of the panel the view's rows are copied into
            /// (record by record, the combined key written as a group of each record).
            #[test]
            fn a_views_summary_is_the_summary_of_its_copy(
                rows in proptest::collection::vec(
                    (0u8..40, 0u8..4, proptest::option::of(0u64..300),
                     proptest::option::of(1u64..250), proptest::option::of(0u8..3),
                     proptest::option::of(0u8..2)),
                    1..200),
                keep in proptest::collection::vec(any::<bool>(), 200),
                dates in proptest::collection::vec(0u8..5, 0..4),
                keys in 0usize..3,
            ) {
                let p = panel(&rows);
                let dates: Vec<Date> =
                    dates.iter().map(|&d| jiff::civil::date(2024, d as i8 + 1, 1)).collect();
                let mut view = p.view();
                if !dates.is_empty() {
                    view = view.on_dates(&dates);
                }
                let view = view.filter(|r| keep[r.index() % keep.len()]);
                let names = ["region", "sex"];
                let (view, key) = match keys {
                    0 => (view, None),
                    1 => (view, Some("region".to_string())),
                    _ => {
                        let v = view.with_combined_group(&names, " / ");
                        let k = v.group_key().map(str::to_string);
                        (v, k)
                    }
                };
                let copy = Panel::new(view.rows().iter().map(|r| {
                    let rec = r.to_record();
                    match (&key, keys) {
                        (Some(k), 2) => {
                            let parts: Option<Vec<&str>> =
                                names.iter().map(|n| rec.group(n)).collect();
                            match parts {
                                Some(v) => rec.clone().with_group(k.clone(), v.join(" / ")),
                                None => rec,
                            }
                        }
                        _ => rec,
                    }
                }).collect::<Vec<_>>()).unwrap();
                let opts = SummaryOptions::new(CapacityKind::Design)
                    .with_standard(&crate::Standard::critical())
                    .with_top(3);
                prop_assert_eq!(view.len(), copy.len());
                prop_assert_eq!(
                    json(&summarize_panel(&view, &opts)),
                    json(&summarize_panel(&copy, &opts))
                );
                if let Some(k) = &key {
                    prop_assert_eq!(
                        json(&summarize_panel_groups(&view, k, &opts)),
                        json(&summarize_panel_groups(&copy, k, &opts))
                    );
                }
                // The view's own copy is the same panel.
                prop_assert_eq!(view.to_panel(), copy);
            }
        }
    }
}
