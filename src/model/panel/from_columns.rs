//! [`PanelParts`] and [`Panel::from_columns`]: a panel from whole columns (a DataFrame's or
//! an Arrow table's), checked and sorted column by column — no row-by-row builder, no hash
//! per row. The row-by-row way is [`PanelBuilder`](super::PanelBuilder); both give the same
//! panel for the same rows.

use super::columns::{CountColumn, Validity};
use super::hash::FastMap;
use super::{CapacityColumn, GroupColumn, NONE, Panel, PanelColumns, days};
use crate::ErrorKind;
use crate::error::{Constraint, Error, Location, Result, ValueProblem};
use crate::model::{CapacityKind, FacilityId};

/// Whole columns of a panel, before the checks of [`Panel::from_columns`]: the facility ids as
/// a dictionary and one code per row into it, the day numbers (days since 1970-01-01, Arrow's
/// `Date32`), and optionally the population, capacity kinds, names and group keys. Names and
/// group values are a dictionary and a code per row too, `u32::MAX` for "no value".
///
/// ```
/// use overcrowding::{CapacityKind, Panel};
/// use overcrowding::model::{CountColumn, PanelParts, Validity};
/// let day = 19_905; // 2024-07-01
/// let cols = PanelParts::new(vec!["B".into(), "A".into()], vec![0, 1], vec![day, day])
///     .with_population(CountColumn::new(vec![90, 120], Validity::all_valid(2))?)
///     .with_capacity(CapacityKind::Design, CountColumn::new(vec![100, 100], Validity::all_valid(2))?);
/// let p = Panel::from_columns(cols)?;
/// assert_eq!(p.row(0).unwrap().id().as_str(), "A"); // sorted by date, then id
/// assert_eq!(p.row(0).unwrap().occupancy(&CapacityKind::Design)?.percent(), 120.0);
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct PanelParts {
    ids: Vec<String>,
    facility: Vec<u32>,
    days: Vec<i32>,
    population: Option<CountColumn>,
    capacities: Vec<(CapacityKind, CountColumn)>,
    names: Option<(Vec<String>, Vec<u32>)>,
    groups: Vec<(String, Vec<String>, Vec<u32>)>,
}

impl PanelParts {
    /// Facility `ids` (a dictionary: the same id may appear twice, and ids are trimmed as
    /// [`PanelBuilder::begin`](super::PanelBuilder::begin) trims them), each row's code into
    /// it, and each row's day number.
    ///
    /// ```
    /// let c = overcrowding::model::PanelParts::new(vec!["A".into()], vec![0], vec![0]);
    /// assert_eq!(overcrowding::Panel::from_columns(c)?.dates()[0].to_string(), "1970-01-01");
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn new(ids: Vec<String>, facility: Vec<u32>, days: Vec<i32>) -> PanelParts {
        PanelParts {
            ids,
            facility,
            days,
            ..PanelParts::default()
        }
    }

    /// The population totals (without it, no row reports one).
    ///
    /// ```
    /// use overcrowding::model::{CountColumn, PanelParts, Validity};
    /// let c = PanelParts::new(vec!["A".into()], vec![0], vec![0])
    ///     .with_population(CountColumn::new(vec![7], Validity::all_valid(1))?);
    /// assert_eq!(overcrowding::Panel::from_columns(c)?.population_column().get(0), Some(7));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn with_population(mut self, population: CountColumn) -> PanelParts {
        self.population = Some(population);
        self
    }

    /// The places of capacity `kind`. Every row lists the kind, as every row of a table lists
    /// a column: a row without a value is "listed, not reported".
    ///
    /// ```
    /// use overcrowding::CapacityKind;
    /// use overcrowding::model::{CountColumn, PanelParts, Validity};
    /// let c = PanelParts::new(vec!["A".into()], vec![0], vec![0])
    ///     .with_capacity(CapacityKind::Cna, CountColumn::new(vec![0], Validity::all_invalid(1))?);
    /// let p = overcrowding::Panel::from_columns(c)?;
    /// assert_eq!(p.row(0).unwrap().capacity(&CapacityKind::Cna), None);
    /// assert!(p.row(0).unwrap().lists_capacity(&CapacityKind::Cna));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn with_capacity(mut self, kind: CapacityKind, places: CountColumn) -> PanelParts {
        self.capacities.push((kind, places));
        self
    }

    /// Facility names: a dictionary and each row's code (`u32::MAX`: no name).
    ///
    /// ```
    /// use overcrowding::model::PanelParts;
    /// let c = PanelParts::new(vec!["A".into()], vec![0], vec![0])
    ///     .with_names(vec!["Alpha".into()], vec![0]);
    /// assert_eq!(overcrowding::Panel::from_columns(c)?.row(0).unwrap().name(), Some("Alpha"));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn with_names(mut self, values: Vec<String>, codes: Vec<u32>) -> PanelParts {
        self.names = Some((values, codes));
        self
    }

    /// Group key `key`: a dictionary of values and each row's code (`u32::MAX`: no value).
    ///
    /// ```
    /// use overcrowding::model::PanelParts;
    /// let c = PanelParts::new(vec!["A".into()], vec![0], vec![0])
    ///     .with_group("region", vec!["North".into()], vec![0]);
    /// assert_eq!(overcrowding::Panel::from_columns(c)?.row(0).unwrap().group("region"), Some("North"));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn with_group(
        mut self,
        key: impl Into<String>,
        values: Vec<String>,
        codes: Vec<u32>,
    ) -> PanelParts {
        self.groups.push((key.into(), values, codes));
        self
    }
}

fn length(what: &'static str, expected: usize, found: usize) -> Result<()> {
    if expected == found {
        Ok(())
    } else {
        Err(Error::from(ErrorKind::LengthMismatch {
            what,
            expected,
            found,
        }))
    }
}

fn bad_code(what: &'static str, code: u32, dictionary: usize) -> Error {
    Error::invalid(
        what,
        code,
        Constraint::AtMost {
            max: dictionary as f64 - 1.0,
        },
    )
}

/// A dictionary column renumbered in order of first appearance, values that are never used
/// dropped and repeated values merged (as the builder interns them); `NONE` stays `NONE`.
fn intern(values: Vec<String>, codes: &mut [u32], what: &'static str) -> Result<Vec<String>> {
    let mut renumber = vec![NONE; values.len()];
    let mut by_value: FastMap<&str, u32> = FastMap::default();
    let mut out: Vec<String> = Vec::new();
    for c in codes.iter_mut() {
        if *c == NONE {
            continue;
        }
        let slot = renumber
            .get_mut(*c as usize)
            .ok_or_else(|| bad_code(what, *c, values.len()))?;
        if *slot == NONE {
            let v = values[*c as usize].as_str();
            *slot = *by_value.entry(v).or_insert_with(|| {
                out.push(v.to_string());
                (out.len() - 1) as u32
            });
        }
        *c = *slot;
    }
    Ok(out)
}

impl Panel {
    /// The panel of whole columns: each column checked as the
    /// [`PanelBuilder`](super::PanelBuilder) checks a row, in one pass per column; ids trimmed
    /// and numbered in id order, rows sorted by date and facility only when they are not
    /// already (a frame sorted by date, then id, is taken as it is).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::LengthMismatch`](crate::ErrorKind::LengthMismatch) when a column's length
    /// differs from the facility codes'; [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter)
    /// for a code beyond its dictionary; as [`FacilityId::new`] for a blank id;
    /// [`ErrorKind::InvalidValue`](crate::ErrorKind::InvalidValue) for a day outside the
    /// calendar; [`ErrorKind::ZeroCapacity`](crate::ErrorKind::ZeroCapacity) for 0 places;
    /// [`ErrorKind::Duplicate`](crate::ErrorKind::Duplicate) for a facility twice on one date,
    /// a capacity kind or group key given twice. Each names the facility and date it is about.
    ///
    /// ```
    /// use overcrowding::model::PanelParts;
    /// let twice = PanelParts::new(vec!["A".into(), " A ".into()], vec![0, 1], vec![0, 0]);
    /// assert!(overcrowding::Panel::from_columns(twice).unwrap_err().is_duplicate());
    /// ```
    pub fn from_columns(columns: PanelParts) -> Result<Panel> {
        let PanelParts {
            ids: raw_ids,
            mut facility,
            days: day_numbers,
            population,
            capacities,
            names,
            groups,
        } = columns;
        let n = facility.len();
        length("day numbers", n, day_numbers.len())?;
        // Days within the calendar: the extremes are enough.
        if let (Some(&lo), Some(&hi)) = (day_numbers.iter().min(), day_numbers.iter().max()) {
            for d in [lo, hi] {
                if days::date_of(d).is_none() {
                    return Err(Error::bad_value(
                        d.to_string(),
                        ValueProblem::DateOutOfRange,
                        Location::default().with_column("date"),
                    ));
                }
            }
        }
        let date_of = |row: usize| {
            day_numbers
                .get(row)
                .and_then(|&d| days::date_of(d))
                .unwrap_or_default()
        };
        // Facilities: the codes in use, their ids trimmed and checked, equal ids merged, then
        // numbered in id order.
        let mut used = vec![false; raw_ids.len()];
        for &f in &facility {
            *used
                .get_mut(f as usize)
                .ok_or_else(|| bad_code("facility code", f, raw_ids.len()))? = true;
        }
        let mut distinct: FastMap<&str, u32> = FastMap::default();
        let mut ids: Vec<(FacilityId, u32)> = Vec::new();
        let mut merged = vec![NONE; raw_ids.len()];
        for (code, raw) in raw_ids.iter().enumerate() {
            if !used[code] {
                continue;
            }
            let id = crate::model::trim::trim(raw);
            merged[code] = match distinct.get(id) {
                Some(&m) => m,
                None => {
                    let checked = FacilityId::new(id).map_err(|e| {
                        let row = facility.iter().position(|&f| f as usize == code);
                        match row {
                            Some(r) => e.at(Location::default().with_date(date_of(r))),
                            None => e,
                        }
                    })?;
                    let m = ids.len() as u32;
                    ids.push((checked, m));
                    distinct.insert(id, m);
                    m
                }
            };
        }
        drop(distinct);
        ids.sort_unstable();
        let mut renumber = vec![NONE; ids.len()];
        for (new, (_, old)) in ids.iter().enumerate() {
            renumber[*old as usize] = new as u32;
        }
        for (code, m) in merged.iter_mut().enumerate() {
            if used[code] {
                *m = renumber[*m as usize];
            }
        }
        for f in &mut facility {
            *f = merged[*f as usize];
        }
        let ids: Vec<FacilityId> = ids.into_iter().map(|(id, _)| id).collect();
        let at = |row: usize| {
            Location::facility(
                facility
                    .get(row)
                    .and_then(|&f| ids.get(f as usize))
                    .map(FacilityId::as_str)
                    .unwrap_or_default(),
            )
            .with_date(date_of(row))
        };

        let population = match population {
            Some(p) => {
                length("population", n, p.len())?;
                p
            }
            None => CountColumn::cleared(n),
        };
        let mut capacity_columns: Vec<CapacityColumn> = Vec::with_capacity(capacities.len());
        for (kind, counts) in capacities {
            length("capacity", n, counts.len())?;
            if capacity_columns.iter().any(|c| c.kind == kind) {
                return Err(Error::from(ErrorKind::Duplicate {
                    what: "capacity kind",
                    first_line: None,
                })
                .at(Location::default().with_column(kind.name())));
            }
            if let Some(row) = zero_at(&counts) {
                return Err(Error::from(ErrorKind::ZeroCapacity {
                    kind: kind.name().to_string(),
                    value: "0".to_string(),
                })
                .at(at(row).with_column(kind.name())));
            }
            capacity_columns.push(CapacityColumn {
                kind,
                listed: Validity::all_valid(n),
                counts,
            });
        }
        let (names, name_codes) = match names {
            Some((values, mut codes)) => {
                length("names", n, codes.len())?;
                let values = intern(values, &mut codes, "name code")?;
                if codes.iter().all(|&c| c == NONE) {
                    (Vec::new(), Vec::new())
                } else {
                    (values, codes)
                }
            }
            None => (Vec::new(), Vec::new()),
        };
        let mut group_columns: Vec<GroupColumn> = Vec::with_capacity(groups.len());
        for (key, values, mut codes) in groups {
            length("group codes", n, codes.len())?;
            if group_columns.iter().any(|g| g.key == key) {
                return Err(Error::from(ErrorKind::Duplicate {
                    what: "group key",
                    first_line: None,
                })
                .at(Location::default().with_column(key)));
            }
            let values = intern(values, &mut codes, "group code")?;
            group_columns.push(GroupColumn { key, values, codes });
        }
        let mut cols = PanelColumns {
            facility,
            days: day_numbers,
            name: name_codes,
            population,
            status: Vec::new(),
            capacities: capacity_columns,
            groups: group_columns,
            // Whole people: the columns given are counts of people.
            unit: super::CountUnit::WHOLE,
        };
        // Sorted by (date, facility) and no facility twice on a date: one pass when in order.
        let key = |i: usize| -> u64 {
            (u64::from((cols.days[i] as u32) ^ 0x8000_0000) << 32) | u64::from(cols.facility[i])
        };
        if !(1..n).all(|i| key(i - 1) < key(i)) {
            let mut keyed: Vec<(u64, u32)> = (0..n).map(|i| (key(i), i as u32)).collect();
            keyed.sort_unstable();
            if let Some(w) = keyed.windows(2).find(|w| w[0].0 == w[1].0) {
                let row = w[1].1 as usize;
                let mut loc = Location::facility(
                    cols.facility
                        .get(row)
                        .and_then(|&f| ids.get(f as usize))
                        .map(FacilityId::as_str)
                        .unwrap_or_default(),
                );
                if let Some(d) = cols.days.get(row).and_then(|&d| days::date_of(d)) {
                    loc = loc.with_date(d);
                }
                return Err(Error::from(ErrorKind::Duplicate {
                    what: "facility and date",
                    first_line: None,
                })
                .at(loc));
            }
            let perm: Vec<u32> = keyed.into_iter().map(|(_, i)| i).collect();
            cols = cols.gather(&perm);
        }
        Ok(Panel::assemble(ids, names, cols))
    }
}

/// The first row reporting 0 places, a word of 64 rows at a time.
fn zero_at(counts: &CountColumn) -> Option<usize> {
    counts
        .values()
        .chunks(64)
        .enumerate()
        .find_map(|(k, chunk)| {
            let valid = Validity::word(Some(counts.validity()), k);
            let mut zeros = 0u64;
            for (b, &v) in chunk.iter().enumerate() {
                zeros |= u64::from(v == 0) << b;
            }
            let hit = zeros & valid;
            (hit != 0).then(|| k * 64 + hit.trailing_zeros() as usize)
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PanelBuilder;

    /// The same rows through the builder and through the columns: the same panel.
    #[test]
    fn columns_give_the_builders_panel() {
        let ids: Vec<String> = ["C", "A", "B", " A"].map(String::from).to_vec();
        // rows out of order, an id written twice (" A" trims to "A"), a name, a group
        // (facility code, day, population, design places, name code, region code)
        type TestRow = (u32, i32, Option<u64>, Option<u64>, u32, u32);
        let rows: [TestRow; 5] = [
            (0, 20_000, Some(10), Some(8), 0, 1),
            (1, 20_000, None, Some(5), NONE, 0),
            (2, 19_000, Some(3), None, 1, NONE),
            (3, 19_000, Some(4), Some(4), 0, 0),
            (2, 20_000, Some(0), Some(1), NONE, 2),
        ];
        let names = vec!["Cee".to_string(), "Bee".to_string()];
        let regions = vec!["N".to_string(), "S".to_string(), "N".to_string()];
        let mut b = PanelBuilder::new().with_merging(false);
        let design = b.capacity_slot(CapacityKind::Design);
        let region = b.group_slot("region");
        for &(f, d, p, c, nm, g) in &rows {
            b.begin(&ids[f as usize], days::date_of(d).unwrap())
                .unwrap();
            if let Some(p) = p {
                b.population(p);
            }
            b.capacity(design, c).unwrap();
            if nm != NONE {
                b.name(&names[nm as usize]);
            }
            if g != NONE {
                b.group(region, &regions[g as usize]);
            }
            b.commit().unwrap();
        }
        let want = b.finish().unwrap();
        let count = |v: Vec<Option<u64>>| {
            let bits: Vec<bool> = v.iter().map(Option::is_some).collect();
            CountColumn::new(
                v.iter().map(|x| x.unwrap_or(0)).collect(),
                Validity::from_bools(&bits),
            )
            .unwrap()
        };
        let cols = PanelParts::new(
            ids.clone(),
            rows.iter().map(|r| r.0).collect(),
            rows.iter().map(|r| r.1).collect(),
        )
        .with_population(count(rows.iter().map(|r| r.2).collect()))
        .with_capacity(
            CapacityKind::Design,
            count(rows.iter().map(|r| r.3).collect()),
        )
        .with_names(names.clone(), rows.iter().map(|r| r.4).collect())
        .with_group(
            "region",
            regions.clone(),
            rows.iter().map(|r| r.5).collect(),
        );
        let got = Panel::from_columns(cols).unwrap();
        assert_eq!(got, want);
        assert_eq!(got.facility_ids().len(), 3);
        assert_eq!(got.group_column("region").unwrap().0, &["S", "N"]); // first appearance, "N" twice
    }

    #[test]
    fn bad_columns_are_errors() {
        let one = |v: u64| CountColumn::new(vec![v], Validity::all_valid(1)).unwrap();
        let base = || PanelParts::new(vec!["A".into()], vec![0], vec![0]);
        let e =
            Panel::from_columns(base().with_capacity(CapacityKind::Design, one(0))).unwrap_err();
        assert!(e.is_zero_denominator(), "{e}");
        assert_eq!(e.location().and_then(|l| l.facility.as_deref()), Some("A"));
        let e = Panel::from_columns(PanelParts::new(vec!["A".into()], vec![1], vec![0]));
        assert!(e.is_err());
        let e = Panel::from_columns(PanelParts::new(vec!["  ".into()], vec![0], vec![0]));
        assert!(e.is_err());
        let e = Panel::from_columns(PanelParts::new(vec!["A".into()], vec![0], vec![0, 1]));
        assert!(e.is_err());
        let e = Panel::from_columns(PanelParts::new(vec!["A".into()], vec![0], vec![i32::MAX]));
        assert!(e.is_err());
        let twice = base()
            .with_capacity(CapacityKind::Design, one(3))
            .with_capacity(CapacityKind::Design, one(4));
        assert!(Panel::from_columns(twice).unwrap_err().is_duplicate());
        // 70 rows, a zero in the second word
        let n = 70;
        let mut v = vec![5u64; n];
        v[66] = 0;
        let c = CountColumn::new(v, Validity::all_valid(n)).unwrap();
        assert_eq!(zero_at(&c), Some(66));
        let mut bits = vec![true; n];
        bits[66] = false;
        let c = CountColumn::new(vec![0; n], Validity::from_bools(&bits)).unwrap();
        assert_eq!(zero_at(&c), Some(0));
    }
}
