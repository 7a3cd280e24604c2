//! [`PanelView`]: some of a [`Panel`]'s rows — a filter, a choice of dates, a grouping by
//! several columns — read in place.
//!
//! # Why a view and not a copy
//!
//! A filter used to copy the kept rows column by column into a new panel, and a grouping by
//! several columns cloned the whole panel to add the combined column, only for a summary to
//! read the copy once and drop it. A view is the panel borrowed, plus:
//!
//! - an ascending list of the kept row numbers (4 bytes a row; none at all for "every row");
//! - for a grouping by several columns, one code a row into a dictionary of the combined
//!   values (the only column a view adds).
//!
//! Every column stays where it is. A panel's rows are sorted by date and then facility and
//! the list is ascending, so a view's rows of one date are one run of its list: the view
//! keeps the run's offsets, and [`PanelView::on`] and [`PanelView::by_date`] stay O(1) a date
//! as on the panel. The system summaries, the command line's groupings and the reconciled
//! forecasts read a view (a `&Panel` converts into the view of all its rows for free);
//! [`PanelView::to_panel`] copies one into a panel when an owned table is wanted.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use jiff::civil::Date;

use super::{GroupColumn, NONE, Panel, Row, Rows};
use crate::model::CountUnit;

/// Some of a [`Panel`]'s rows, read in place: the panel borrowed, an ascending list of row
/// numbers (or every row) and, after [`with_combined_group`](Self::with_combined_group), one
/// more group column. Cloning a view is O(1).
///
/// # Why a view and not a copy
///
/// A filter used to copy the kept rows column by column into a new panel, and a grouping by
/// several columns cloned the whole panel to add the combined column, only for a summary to
/// read the copy once. A view keeps every column where it is and adds 4 bytes a kept row
/// (none for every row) and, for a combined group, one code a row. A panel's rows are sorted
/// by date then facility and the list is ascending, so a view's rows of one date are one run
/// of its list: [`on`](Self::on) and [`by_date`](Self::by_date) stay O(1) a date. The
/// summaries ([`summarize_panel`](crate::system::summarize_panel)), the command line's
/// groupings and the reconciled forecasts read a view (`&panel` converts into the view of
/// every row); [`to_panel`](Self::to_panel) copies one when an owned table is wanted.
///
/// ```
/// use overcrowding::{CapacityKind, Panel, Record};
/// use overcrowding::system::{SummaryOptions, summarize_panel};
/// let (a, b) = ("2024-11-29".parse().unwrap(), "2024-12-31".parse().unwrap());
/// let r = |id, d, p| Record::new(id, d).map(|x| x.with_population_total(p).with_capacity(CapacityKind::Cna, 100));
/// let p = Panel::new([r("A", a, 90)?, r("A", b, 110)?, r("B", b, 130)?])?;
/// let late = p.view().on_dates(&[b]);
/// assert_eq!(late.len(), 2);
/// let s = summarize_panel(&late, &SummaryOptions::new(CapacityKind::Cna))?;
/// assert_eq!((s.len(), s[0].summary.ratio()?.percent()), (1, 120.0));
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(Clone)]
pub struct PanelView<'a> {
    panel: &'a Panel,
    /// The rows kept, ascending; `None`: every row of the panel.
    rows: Option<Arc<[u32]>>,
    /// With `rows`: the first position in `rows` of each of the panel's dates, and the end
    /// (`dates + 1` entries).
    starts: Arc<[usize]>,
    /// The group column the view adds.
    group: Option<Arc<CombinedGroup>>,
}

/// A group column made of several: codes by the panel's row number (`NONE` for a row the
/// view did not hold when it was made, or that lacks one of the columns).
struct CombinedGroup {
    key: String,
    values: Vec<String>,
    codes: Vec<u32>,
}

impl Panel {
    /// The view of every row of the panel — the start of a filter
    /// ([`PanelView::filter`], [`PanelView::on_dates`]) or a grouping
    /// ([`PanelView::with_combined_group`]); nothing is copied.
    ///
    /// ```
    /// let p = overcrowding::datasets::cambodia_panel()?;
    /// assert_eq!(p.view().len(), 1);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn view(&self) -> PanelView<'_> {
        PanelView {
            panel: self,
            rows: None,
            starts: Arc::from([]),
            group: None,
        }
    }
}

impl<'a> From<&'a Panel> for PanelView<'a> {
    fn from(panel: &'a Panel) -> PanelView<'a> {
        panel.view()
    }
}

impl<'a> From<&PanelView<'a>> for PanelView<'a> {
    fn from(view: &PanelView<'a>) -> PanelView<'a> {
        view.clone()
    }
}

impl<'a> PanelView<'a> {
    /// The view of the rows `rows` (ascending row numbers of the panel), with this view's
    /// group column.
    fn listing(&self, rows: Vec<u32>) -> PanelView<'a> {
        let starts: Vec<usize> = self
            .panel
            .date_starts
            .iter()
            .map(|&s| rows.partition_point(|&r| (r as usize) < s))
            .collect();
        PanelView {
            panel: self.panel,
            rows: Some(rows.into()),
            starts: starts.into(),
            group: self.group.clone(),
        }
    }

    /// The panel the view reads.
    ///
    /// ```
    /// let p = overcrowding::datasets::cambodia_panel()?;
    /// assert_eq!(p.view().filter(|_| false).panel().len(), 1);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn panel(&self) -> &'a Panel {
        self.panel
    }

    /// Number of rows in the view.
    ///
    /// ```
    /// let p = overcrowding::datasets::cambodia_panel()?;
    /// assert_eq!(p.view().len(), 1);
    /// assert_eq!(p.view().filter(|_| false).len(), 0);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn len(&self) -> usize {
        self.rows.as_ref().map_or(self.panel.len(), |r| r.len())
    }

    /// Whether the view holds no row.
    ///
    /// ```
    /// let p = overcrowding::datasets::cambodia_panel()?;
    /// assert!(p.view().filter(|_| false).is_empty());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The unit of the counts: the panel's [`count_unit`](Panel::count_unit).
    ///
    /// ```
    /// let p = overcrowding::datasets::cambodia_panel()?;
    /// assert_eq!(p.view().count_unit().decimals(), 0);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn count_unit(&self) -> CountUnit {
        self.panel.count_unit()
    }

    /// Every row of the view, in row order (by date, then facility id).
    ///
    /// ```
    /// use overcrowding::{Panel, Record};
    /// let d = "2024-12-31".parse().unwrap();
    /// let p = Panel::new([Record::new("A", d)?, Record::new("B", d)?, Record::new("C", d)?])?;
    /// let v = p.view().filter(|r| r.id().as_str() != "B");
    /// let ids: Vec<&str> = v.rows().iter().map(|r| r.id().as_str()).collect();
    /// assert_eq!(ids, ["A", "C"]);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn rows(&self) -> Rows<'_> {
        match &self.rows {
            None => self.panel.rows(),
            Some(list) => Rows::listed(self.panel, list, 0..list.len()),
        }
    }

    /// The view's rows of the panel's `i`-th date (empty beyond the end).
    fn date_rows(&self, i: usize) -> Rows<'_> {
        match &self.rows {
            None => Rows::new(self.panel, self.panel.date_range(i)),
            Some(list) => match (self.starts.get(i), self.starts.get(i + 1)) {
                (Some(&a), Some(&b)) => Rows::listed(self.panel, list, a..b),
                _ => Rows::listed(self.panel, list, 0..0),
            },
        }
    }

    /// The dates on which the view holds a row, ascending.
    ///
    /// ```
    /// use overcrowding::{Panel, Record};
    /// let (a, b) = ("2024-11-29".parse().unwrap(), "2024-12-31".parse().unwrap());
    /// let p = Panel::new([Record::new("A", a)?, Record::new("B", b)?])?;
    /// assert_eq!(p.view().dates(), vec![a, b]);
    /// assert_eq!(p.view().filter(|r| r.id().as_str() == "B").dates(), vec![b]);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn dates(&self) -> Vec<Date> {
        self.by_date().map(|(d, _)| d).collect()
    }

    /// The view's rows of `date` (empty when it holds none), by facility id — O(1) from the
    /// date's offsets, as [`Panel::on`].
    ///
    /// ```
    /// use overcrowding::{Panel, Record};
    /// let d = "2024-12-31".parse().unwrap();
    /// let p = Panel::new([Record::new("A", d)?, Record::new("B", d)?])?;
    /// assert_eq!(p.view().filter(|r| r.id().as_str() == "B").on(d).len(), 1);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn on(&self, date: Date) -> Rows<'_> {
        match self.panel.dates.binary_search(&date) {
            Ok(i) => self.date_rows(i),
            Err(_) => Rows::new(self.panel, 0..0),
        }
    }

    /// The view's rows date by date: `(date, that date's rows)`, ascending, for the dates on
    /// which it holds a row.
    ///
    /// ```
    /// use overcrowding::{Panel, Record};
    /// let (a, b) = ("2024-11-29".parse().unwrap(), "2024-12-31".parse().unwrap());
    /// let p = Panel::new([Record::new("A", a)?, Record::new("A", b)?, Record::new("B", b)?])?;
    /// let v = p.view().filter(|r| r.id().as_str() == "B");
    /// let sizes: Vec<usize> = v.by_date().map(|(_, rs)| rs.len()).collect();
    /// assert_eq!(sizes, vec![1]);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn by_date(&self) -> impl Iterator<Item = (Date, Rows<'_>)> + '_ {
        self.panel
            .dates
            .iter()
            .enumerate()
            .map(|(i, &d)| (d, self.date_rows(i)))
            .filter(|(_, rows)| !rows.is_empty())
    }

    /// The view's rows for which `keep` holds (a list of row numbers; no column is copied).
    ///
    /// ```
    /// use overcrowding::{Panel, Record};
    /// let (a, b) = ("2024-11-29".parse().unwrap(), "2024-12-31".parse().unwrap());
    /// let p = Panel::new([Record::new("A", a)?, Record::new("A", b)?])?;
    /// assert_eq!(p.view().filter(|r| r.date() == b).len(), 1);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn filter(&self, keep: impl Fn(Row<'_>) -> bool) -> PanelView<'a> {
        let panel = self.panel;
        let rows: Vec<u32> = self
            .rows()
            .row_numbers()
            .filter(|&i| keep(Row::new(panel, i)))
            .map(|i| i as u32)
            .collect();
        self.listing(rows)
    }

    /// The view's rows of `dates` (in any order; a date it lacks is skipped): each date's run
    /// taken whole, no test per row. Every date of a view of every row is that view again
    /// (no list).
    ///
    /// ```
    /// use overcrowding::{Panel, Record};
    /// let (a, b) = ("2024-11-29".parse().unwrap(), "2024-12-31".parse().unwrap());
    /// let p = Panel::new([Record::new("A", a)?, Record::new("A", b)?, Record::new("B", b)?])?;
    /// assert_eq!(p.view().on_dates(&[b, "2000-01-01".parse().unwrap()]).len(), 2);
    /// assert_eq!(p.view().on_dates(&[b, a]).len(), 3);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn on_dates(&self, dates: &[Date]) -> PanelView<'a> {
        let mut wanted = dates.to_vec();
        wanted.sort_unstable();
        let keep: Vec<bool> = self
            .panel
            .dates
            .iter()
            .map(|d| wanted.binary_search(d).is_ok())
            .collect();
        if self.rows.is_none() && keep.iter().all(|&k| k) {
            return self.clone();
        }
        let mut rows = Vec::new();
        for (i, _) in keep.iter().enumerate().filter(|(_, k)| **k) {
            rows.extend(self.date_rows(i).row_numbers().map(|r| r as u32));
        }
        self.listing(rows)
    }

    /// The view with one more group column, `keys` joined by `sep` (e.g. `region / sex`):
    /// each row's values of `keys` joined by `sep`, no value when the row lacks any of them.
    /// Computed from the columns' dictionary codes: one code a row, nothing else copied. A
    /// column of that name already in the panel is shadowed.
    ///
    /// ```
    /// use overcrowding::{Panel, Record};
    /// let d = "2024-12-31".parse().unwrap();
    /// let r = |id, g, s| Record::new(id, d).map(|r| r.with_group("region", g).with_group("sex", s));
    /// let p = Panel::new([r("A", "N", "m")?, r("B", "S", "f")?, Record::new("C", d)?.with_group("sex", "m")])?;
    /// let v = p.view().with_combined_group(&["region", "sex"], " / ");
    /// assert_eq!(v.group_key(), Some("region / sex"));
    /// let groups: Vec<Option<&str>> = v.rows().iter().map(|r| v.group(r, "region / sex")).collect();
    /// assert_eq!(groups, [Some("N / m"), Some("S / f"), None]);
    /// assert_eq!(v.group_column("region / sex").unwrap().0.len(), 2);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn with_combined_group(&self, keys: &[&str], sep: &str) -> PanelView<'a> {
        let cols: Vec<Option<(&[String], &[u32])>> =
            keys.iter().map(|k| self.group_column(k)).collect();
        let mut values: Vec<String> = Vec::new();
        let mut seen: HashMap<Vec<u32>, u32> = HashMap::new();
        let mut codes = vec![NONE; self.panel.len()];
        let mut parts: Vec<u32> = Vec::with_capacity(keys.len());
        for i in self.rows().row_numbers() {
            parts.clear();
            for c in &cols {
                match c.and_then(|(_, cs)| cs.get(i).copied().filter(|&x| x != NONE)) {
                    Some(x) => parts.push(x),
                    None => break,
                }
            }
            if parts.len() < cols.len() {
                continue;
            }
            let code = match seen.get(&parts) {
                Some(&c) => c,
                None => {
                    let text: Vec<&str> = parts
                        .iter()
                        .zip(&cols)
                        .filter_map(|(&x, c)| {
                            c.and_then(|(v, _)| v.get(x as usize)).map(String::as_str)
                        })
                        .collect();
                    let c = values.len() as u32;
                    values.push(text.join(sep));
                    seen.insert(parts.clone(), c);
                    c
                }
            };
            codes[i] = code;
        }
        PanelView {
            group: Some(Arc::new(CombinedGroup {
                key: keys.join(sep),
                values,
                codes,
            })),
            ..self.clone()
        }
    }

    /// The group keys any row of the view sets, sorted (the view's combined column
    /// included).
    ///
    /// ```
    /// use overcrowding::{Panel, Record};
    /// let d = "2024-12-31".parse().unwrap();
    /// let p = Panel::new([Record::new("A", d)?.with_group("region", "N"), Record::new("B", d)?])?;
    /// assert_eq!(p.view().group_keys(), ["region"]);
    /// assert!(p.view().filter(|r| r.id().as_str() == "B").group_keys().is_empty());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn group_keys(&self) -> Vec<&str> {
        let rows = self.rows();
        let sets = |codes: &[u32]| {
            rows.row_numbers()
                .any(|i| codes.get(i).is_some_and(|&c| c != NONE))
        };
        let mut keys: Vec<&str> = self
            .panel
            .cols
            .groups
            .iter()
            .filter(|g| self.group_key() != Some(g.key.as_str()) && sets(&g.codes))
            .map(|g| g.key.as_str())
            .collect();
        if let Some(g) = self.group.as_deref()
            && sets(&g.codes)
        {
            keys.push(g.key.as_str());
        }
        keys.sort_unstable();
        keys.dedup();
        keys
    }

    /// The key of the group column the view adds ([`with_combined_group`](Self::with_combined_group)),
    /// if any.
    ///
    /// ```
    /// let p = overcrowding::datasets::cambodia_panel()?;
    /// assert_eq!(p.view().group_key(), None);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn group_key(&self) -> Option<&str> {
        self.group.as_deref().map(|g| g.key.as_str())
    }

    /// Group key `key`'s dictionary of values and the code of each of the *panel's* rows
    /// into it (`u32::MAX`: no value), as [`Panel::group_column`] — the view's own combined
    /// column included; `None` when there is no such column.
    ///
    /// ```
    /// use overcrowding::{Panel, Record};
    /// let d = "2024-12-31".parse().unwrap();
    /// let p = Panel::new([Record::new("A", d)?.with_group("region", "N"), Record::new("B", d)?])?;
    /// let v = p.view();
    /// let (values, codes) = v.group_column("region").unwrap();
    /// assert_eq!((values.len(), codes), (1, &[0, u32::MAX][..]));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn group_column(&self, key: &str) -> Option<(&[String], &[u32])> {
        match self.group.as_deref() {
            Some(g) if g.key == key => Some((g.values.as_slice(), g.codes.as_slice())),
            _ => self.panel.group_column(key),
        }
    }

    /// Row `row`'s value of group key `key` (a row of this view), the view's combined
    /// column included.
    ///
    /// ```
    /// use overcrowding::{Panel, Record};
    /// let d = "2024-12-31".parse().unwrap();
    /// let p = Panel::new([Record::new("A", d)?.with_group("region", "N").with_group("sex", "f")])?;
    /// let v = p.view().with_combined_group(&["region", "sex"], " / ");
    /// let r = v.rows().first().unwrap();
    /// assert_eq!((v.group(r, "region / sex"), v.group(r, "sex")), (Some("N / f"), Some("f")));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn group(&self, row: Row<'_>, key: &str) -> Option<&str> {
        let (values, codes) = self.group_column(key)?;
        let code = *codes.get(row.index())?;
        values.get(code as usize).map(String::as_str)
    }

    /// The view copied into a panel of its own (its combined group column a column of the
    /// copy) — for when an owned table is wanted; a summary or a grouping reads the view.
    ///
    /// ```
    /// use overcrowding::{Panel, Record};
    /// let (a, b) = ("2024-11-29".parse().unwrap(), "2024-12-31".parse().unwrap());
    /// let p = Panel::new([Record::new("A", a)?, Record::new("B", b)?])?;
    /// let only_b = p.view().filter(|r| r.date() == b).to_panel();
    /// assert_eq!((only_b.len(), only_b.facility_ids().len()), (1, 1));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn to_panel(&self) -> Panel {
        let mut out = match &self.rows {
            None => self.panel.clone(),
            Some(list) => self.panel.select(list),
        };
        if let Some(g) = self.group.as_deref() {
            let codes = match &self.rows {
                None => g.codes.clone(),
                Some(list) => list
                    .iter()
                    .map(|&r| g.codes.get(r as usize).copied().unwrap_or(NONE))
                    .collect(),
            };
            out.cols.groups.retain(|c| c.key != g.key);
            out.cols.groups.push(GroupColumn {
                key: g.key.clone(),
                values: g.values.clone(),
                codes,
            });
        }
        out
    }
}

impl fmt::Debug for PanelView<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PanelView")
            .field("rows", &self.len())
            .field("of", &self.panel.len())
            .field("group_key", &self.group_key())
            .finish()
    }
}
