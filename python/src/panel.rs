//! `Panel`: facilities × dates, from a file (`read_table`), a bundled dataset (`dataset`) or a
//! DataFrame (`Panel.from_arrow`), and the views on it, each returned as an [`ArrowTable`].

use std::sync::Arc;

use jiff::civil::Date;
use overcrowding::io::{ReadMode, TableReader};
use overcrowding::{CapacityKind, Panel};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString, PyTuple};

use crate::arrow::{ArrowTable, import_table};
use crate::errors::IntoPy;
use crate::views;

/// One or several column names: a `str`, or a list/tuple of `str`.
fn names(obj: Option<&Bound<'_, PyAny>>, what: &str) -> PyResult<Vec<String>> {
    let Some(obj) = obj else {
        return Ok(Vec::new());
    };
    if obj.is_none() {
        return Ok(Vec::new());
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(vec![s.extract::<String>()?]);
    }
    if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
        return obj
            .extract::<Vec<String>>()
            .map_err(|_| PyTypeError::new_err(format!("{what} must be a str or a list of str")));
    }
    Err(PyTypeError::new_err(format!(
        "{what} must be a str or a list of str, got {}",
        obj.get_type().name()?
    )))
}

/// `{"design": "Capacity", ...}` → kinds and columns.
fn capacities(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<(CapacityKind, String)>> {
    let Some(obj) = obj else {
        return Ok(Vec::new());
    };
    if obj.is_none() {
        return Ok(Vec::new());
    }
    let dict = obj.cast::<PyDict>().map_err(|_| {
        PyTypeError::new_err(
            "capacity must be a dict of capacity kind → column, e.g. {\"design\": \"Capacity\"}",
        )
    })?;
    let mut out = Vec::new();
    for (k, v) in dict.iter() {
        let kind: String = k
            .extract()
            .map_err(|_| PyTypeError::new_err("capacity kinds (the dict's keys) must be str"))?;
        let col: String = v.extract().map_err(|_| {
            PyTypeError::new_err("capacity columns (the dict's values) must be str")
        })?;
        out.push((kind_of(&kind)?, col));
    }
    Ok(out)
}

/// A capacity kind by name (`design`, `rated`, `operational`, `official`, `cna`,
/// `in_use_cna`, `staffed`, `space`, or a custom name).
pub fn kind_of(name: &str) -> PyResult<CapacityKind> {
    name.parse::<CapacityKind>()
        .map_err(|_| PyValueError::new_err(format!("{name:?} is not a capacity kind name")))
}

/// A date from `datetime.date` or ISO text.
pub fn date_of(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Date> {
    let text: String = if let Ok(s) = obj.cast::<PyString>() {
        s.extract::<String>()?
    } else if obj.hasattr("isoformat")? {
        let s: String = obj.call_method0("isoformat")?.extract()?;
        s.get(..10).unwrap_or(&s).to_owned()
    } else {
        return Err(PyTypeError::new_err(format!(
            "{what} must be a datetime.date or 'YYYY-MM-DD' text"
        )));
    };
    text.trim()
        .parse::<Date>()
        .map_err(|_| PyValueError::new_err(format!("{what} {text:?} is not a date (YYYY-MM-DD)")))
}

fn one_byte(obj: Option<&str>, what: &str) -> PyResult<Option<u8>> {
    match obj {
        None => Ok(None),
        Some("\\t") | Some("tab") => Ok(Some(b'\t')),
        Some(s) if s.len() == 1 && s.is_ascii() => Ok(Some(s.as_bytes()[0])),
        Some(s) => Err(PyValueError::new_err(format!(
            "{what} {s:?}: one ASCII character (or \"\\t\")"
        ))),
    }
}

/// One rejected row of a lenient read.
#[derive(Clone)]
struct RejectRow {
    line: usize,
    kind: String,
    column: Option<String>,
    facility: Option<String>,
    reason: String,
    raw: String,
}

/// Facilities × dates: population and capacities (each possibly not reported), names and
/// groups. Made by `read_table`, `dataset` or `Panel.from_arrow`.
#[pyclass(name = "Panel", module = "overcrowding", frozen)]
pub struct PyPanel {
    pub(crate) panel: Arc<Panel>,
    /// The file, dataset or frame it came from.
    #[pyo3(get)]
    source: String,
    /// Rows read (data rows of a file; rows of a frame).
    #[pyo3(get)]
    total_rows: usize,
    /// Rows accepted.
    #[pyo3(get)]
    accepted_rows: usize,
    rejects: Vec<RejectRow>,
    skipped: usize,
    /// The bundled dataset's name, when it is one (its usual capacity kind is known).
    dataset: Option<String>,
}

impl PyPanel {
    fn of(panel: Panel, source: String) -> PyPanel {
        let n = panel.len();
        PyPanel {
            panel: Arc::new(panel),
            source,
            total_rows: n,
            accepted_rows: n,
            rejects: Vec::new(),
            skipped: 0,
            dataset: None,
        }
    }

    /// The capacity kind to use: the one named, or the only one the data lists.
    pub fn kind(&self, kind: Option<&str>) -> PyResult<CapacityKind> {
        let kinds = self.panel.capacity_kinds();
        let list = || {
            kinds
                .iter()
                .map(|k| k.name().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        };
        match kind {
            Some(k) => {
                let k = kind_of(k)?;
                if kinds.contains(&k) {
                    Ok(k)
                } else {
                    Err(PyValueError::new_err(format!(
                        "kind={:?}: the data lists no such capacity; it has: {}",
                        k.name(),
                        list()
                    )))
                }
            }
            None if kinds.len() == 1 => Ok(kinds[0].clone()),
            None if kinds.is_empty() => Err(PyValueError::new_err(
                "the data lists no capacity: there is nothing to compare the population with",
            )),
            None => {
                let hint = match self.dataset.as_deref() {
                    Some("hmpps") => " (the bulletin measures crowding against in_use_cna)",
                    Some("cdcr") => " (the CDCR reports occupancy against design)",
                    _ => "",
                };
                Err(PyValueError::new_err(format!(
                    "the data lists several capacity kinds: {}; choose one with kind=...{hint}",
                    list()
                )))
            }
        }
    }
}

/// Reads your own CSV or spreadsheet (XLSX, XLS, ODS) by naming its columns.
#[pyfunction]
#[pyo3(signature = (path, *, id, population = None, capacity = None, date = None, as_of = None,
    name = None, by = None, missing = None, delimiter = None, sheet = None, thousands = None,
    decimal = None, skip_rows = None, mode = "strict"))]
#[allow(clippy::too_many_arguments)]
pub fn read_table(
    py: Python<'_>,
    path: &Bound<'_, PyAny>,
    id: &str,
    population: Option<&str>,
    capacity: Option<&Bound<'_, PyAny>>,
    date: Option<&str>,
    as_of: Option<&Bound<'_, PyAny>>,
    name: Option<&str>,
    by: Option<&Bound<'_, PyAny>>,
    missing: Option<&Bound<'_, PyAny>>,
    delimiter: Option<&str>,
    sheet: Option<&Bound<'_, PyAny>>,
    thousands: Option<&str>,
    decimal: Option<&str>,
    skip_rows: Option<usize>,
    mode: &str,
) -> PyResult<PyPanel> {
    let path: std::path::PathBuf = py
        .import("os")?
        .getattr("fspath")?
        .call1((path,))?
        .extract()
        .map_err(|_| PyTypeError::new_err("path must be a str or an os.PathLike"))?;
    let mut r = TableReader::new().id_column(id);
    r = r.mode(match mode {
        "strict" => ReadMode::Strict,
        "lenient" => ReadMode::Lenient,
        m => {
            return Err(PyValueError::new_err(format!(
                "mode={m:?}: \"strict\" (fail at the first bad row) or \"lenient\" (keep the good rows, list the rejects)"
            )));
        }
    });
    if let Some(c) = population {
        r = r.population_column(c);
    }
    for (kind, col) in capacities(capacity)? {
        r = r.capacity_column(kind, col);
    }
    if date.is_none() && as_of.is_none() {
        return Err(PyValueError::new_err(
            "name the date column (date=\"...\") or give the date of every row (as_of=\"YYYY-MM-DD\")",
        ));
    }
    if let Some(c) = date {
        r = r.date_column(c);
    }
    if let Some(d) = as_of {
        r = r.as_of(date_of(d, "as_of")?);
    }
    if let Some(c) = name {
        r = r.name_column(c);
    }
    for c in names(by, "by")? {
        r = r.group_column(c);
    }
    for t in names(missing, "missing")? {
        r = r.missing(t);
    }
    if let Some(b) = one_byte(delimiter, "delimiter")? {
        r = r.delimiter(b);
    }
    if let Some(b) = one_byte(thousands, "thousands")? {
        r = r.thousands(b);
    }
    if let Some(b) = one_byte(decimal, "decimal")? {
        r = r.decimal(b);
    }
    if let Some(n) = skip_rows {
        r = r.skip_rows(n);
    }
    if let Some(s) = sheet {
        if let Ok(i) = s.extract::<usize>() {
            r = r.sheet_index(i);
        } else {
            let s: String = s.extract().map_err(|_| {
                PyTypeError::new_err("sheet must be a sheet name (str) or index (int)")
            })?;
            r = r.sheet(s);
        }
    }
    if !path.exists() {
        return Err(pyo3::exceptions::PyFileNotFoundError::new_err(format!(
            "no such file: {}",
            path.display()
        )));
    }
    let read = py.detach(|| r.read_path(&path)).py_err(py)?;
    let rejects = read
        .rejects()
        .iter()
        .map(|x| RejectRow {
            line: x.line(),
            kind: crate::errors::kind_name(x.error()),
            column: x.error().location().and_then(|l| l.column.clone()),
            facility: x.error().location().and_then(|l| l.facility.clone()),
            reason: x.reason(),
            raw: x.raw().to_string(),
        })
        .collect();
    let (total, accepted, skipped) = (
        read.total_rows(),
        read.accepted_rows(),
        read.skipped().len(),
    );
    let mut p = PyPanel::of(read.into_panel(), path.display().to_string());
    p.total_rows = total;
    p.accepted_rows = accepted;
    p.rejects = rejects;
    p.skipped = skipped;
    Ok(p)
}

/// A bundled dataset by name: `"cambodia"` (2021 seed figures), `"hmpps"` (England & Wales
/// monthly bulletin 2012–2024), `"bjs"` (US states, end of 2022), `"cdcr"` (California
/// institutions 2015–2026).
#[pyfunction]
pub fn dataset(py: Python<'_>, name: &str) -> PyResult<PyPanel> {
    let panel = match name {
        "cambodia" => overcrowding::datasets::cambodia_panel(),
        "hmpps" => overcrowding::datasets::hmpps_bulletin().and_then(|t| t.to_panel()),
        "bjs" => overcrowding::datasets::bjs_table21().and_then(|t| t.to_panel()),
        "cdcr" => overcrowding::datasets::cdcr_tpop1().and_then(|t| t.to_panel()),
        other => {
            return Err(PyValueError::new_err(format!(
                "no bundled dataset {other:?}; the datasets are: cambodia, hmpps, bjs, cdcr"
            )));
        }
    }
    .py_err(py)?;
    let mut p = PyPanel::of(panel, format!("dataset {name}"));
    p.dataset = Some(name.to_owned());
    Ok(p)
}

#[pymethods]
impl PyPanel {
    /// A panel from any table with the Arrow PyCapsule interface (a polars or pandas DataFrame,
    /// a pyarrow Table, a DuckDB result), naming its columns as `read_table` does.
    #[staticmethod]
    #[pyo3(signature = (table, *, id, population = None, capacity = None, date = None,
        as_of = None, name = None, by = None))]
    #[allow(clippy::too_many_arguments)]
    fn from_arrow(
        py: Python<'_>,
        table: &Bound<'_, PyAny>,
        id: &str,
        population: Option<&str>,
        capacity: Option<&Bound<'_, PyAny>>,
        date: Option<&str>,
        as_of: Option<&Bound<'_, PyAny>>,
        name: Option<&str>,
        by: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyPanel> {
        let caps = capacities(capacity)?;
        let groups = names(by, "by")?;
        let as_of = as_of.map(|d| date_of(d, "as_of")).transpose()?;
        if date.is_none() && as_of.is_none() {
            return Err(PyValueError::new_err(
                "name the date column (date=\"...\") or give the date of every row (as_of=\"YYYY-MM-DD\")",
            ));
        }
        let (schema, batches) = import_table(table)?;
        let spec = crate::frame::Spec {
            id,
            date,
            as_of,
            population,
            capacity: &caps,
            name,
            by: &groups,
        };
        let panel = crate::frame::panel(py, &schema, &batches, &spec)?;
        Ok(PyPanel::of(panel, "frame".into()))
    }

    /// Records (one facility on one date).
    fn __len__(&self) -> usize {
        self.panel.len()
    }

    /// The dates, oldest first, as ISO text.
    #[getter]
    fn dates(&self) -> Vec<String> {
        self.panel.dates().iter().map(|d| d.to_string()).collect()
    }

    /// The capacity kinds the data lists.
    #[getter]
    fn capacity_kinds(&self) -> Vec<String> {
        self.panel
            .capacity_kinds()
            .iter()
            .map(|k| k.name().to_string())
            .collect()
    }

    /// The group columns (the `by=` of the reader).
    #[getter]
    fn group_keys(&self) -> Vec<String> {
        self.panel
            .group_keys()
            .iter()
            .map(|k| k.to_string())
            .collect()
    }

    /// Distinct facilities.
    #[getter]
    fn facilities(&self) -> usize {
        self.panel.facility_ids().len()
    }

    /// Rows skipped (blank or notes) by the reader.
    #[getter]
    fn skipped_rows(&self) -> usize {
        self.skipped
    }

    /// The rows the reader rejected (lenient mode), one row each: line, kind, column,
    /// facility, reason, raw.
    fn rejects_arrow(&self) -> PyResult<ArrowTable> {
        use arrow_array::{ArrayRef, StringArray, UInt64Array};
        let r = &self.rejects;
        let text = |f: &dyn Fn(&RejectRow) -> Option<String>| -> ArrayRef {
            Arc::new(StringArray::from(r.iter().map(f).collect::<Vec<_>>()))
        };
        ArrowTable::from_columns(vec![
            (
                "line",
                Arc::new(UInt64Array::from(
                    r.iter().map(|x| x.line as u64).collect::<Vec<_>>(),
                )) as ArrayRef,
            ),
            ("kind", text(&|x| Some(x.kind.clone()))),
            ("column", text(&|x| x.column.clone())),
            ("facility", text(&|x| x.facility.clone())),
            ("reason", text(&|x| Some(x.reason.clone()))),
            ("raw", text(&|x| Some(x.raw.clone()))),
        ])
    }

    /// The number of rejected rows.
    #[getter]
    fn rejected_rows(&self) -> usize {
        self.rejects.len()
    }

    fn __repr__(&self) -> String {
        let dates = self.panel.dates();
        let span = match (dates.first(), dates.last()) {
            (Some(a), Some(b)) if a == b => format!("{a}"),
            (Some(a), Some(b)) => format!("{a} to {b}"),
            _ => "no dates".into(),
        };
        format!(
            "Panel({} records, {} facilities, {} dates: {}; capacity kinds: {}; from {})",
            self.panel.len(),
            self.panel.facility_ids().len(),
            dates.len(),
            span,
            self.capacity_kinds().join(", "),
            self.source
        )
    }

    /// The records as a long table: facility_id, name, date, the group columns, population,
    /// and one capacity column per kind.
    fn to_arrow(&self) -> PyResult<ArrowTable> {
        views::records_table(&self.panel)
    }

    /// The system summary for every date (and group): see `overcrowding.Panel.summarize`.
    #[pyo3(signature = (kind = None, by = None, thresholds = None, dates = None))]
    fn summarize(
        &self,
        py: Python<'_>,
        kind: Option<&str>,
        by: Option<&Bound<'_, PyAny>>,
        thresholds: Option<Vec<f64>>,
        dates: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<ArrowTable> {
        let kind = self.kind(kind)?;
        let by = names(by, "by")?;
        let dates = self.select_dates(dates)?;
        views::summarize(
            py,
            &self.panel,
            &kind,
            &by,
            &thresholds.unwrap_or_default(),
            &dates,
        )
    }

    /// Releases needed for a target occupancy, system-wide and so that no facility is above.
    #[pyo3(signature = (target, kind = None, by = None, dates = None))]
    fn releases(
        &self,
        py: Python<'_>,
        target: f64,
        kind: Option<&str>,
        by: Option<&Bound<'_, PyAny>>,
        dates: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<ArrowTable> {
        if !(target.is_finite() && target >= 0.0) {
            return Err(PyValueError::new_err(format!(
                "target {target}: a target is a percentage ≥ 0"
            )));
        }
        let kind = self.kind(kind)?;
        let by = names(by, "by")?;
        let dates = self.select_dates(dates)?;
        views::releases(py, &self.panel, &kind, &by, target, &dates)
    }

    /// The panel without the records the screen flags (all rules, or the named ones): the
    /// explicit exclusions of `screen()`.
    #[pyo3(signature = (rules = None))]
    fn without_screened(&self, py: Python<'_>, rules: Option<Vec<String>>) -> PyResult<PyPanel> {
        let screen = py.detach(|| {
            overcrowding::screen::screen(&self.panel, &overcrowding::screen::ScreenOptions::new())
        });
        let exclusions = match rules {
            None => screen.exclusions(),
            Some(names) => {
                let mut chosen = Vec::new();
                for n in &names {
                    let rule = screen
                        .findings()
                        .iter()
                        .map(|f| f.rule())
                        .find(|r| r.name() == n.as_str());
                    match rule {
                        Some(r) => chosen.push(r),
                        None => {
                            return Err(PyValueError::new_err(format!(
                                "no finding of rule {n:?} in this panel"
                            )));
                        }
                    }
                }
                screen.exclusions_for(&chosen)
            }
        };
        let panel = self.panel.without(&exclusions).to_panel();
        let mut p = PyPanel::of(panel, format!("{} without screened records", self.source));
        p.dataset = self.dataset.clone();
        Ok(p)
    }

    /// Every facility on one date (default: the latest) against `kind`, most overcrowded first.
    #[pyo3(signature = (kind = None, date = None))]
    fn facilities_on(
        &self,
        kind: Option<&str>,
        date: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<ArrowTable> {
        let kind = self.kind(kind)?;
        let d = match date {
            Some(d) => *self
                .select_dates(Some(d))?
                .first()
                .ok_or_else(|| PyValueError::new_err("no date"))?,
            None => *self
                .panel
                .dates()
                .last()
                .ok_or_else(|| PyValueError::new_err("the panel is empty"))?,
        };
        views::facilities(&self.panel, &kind, d)
    }

    /// The data-quality screen's findings, one row each.
    fn screen(&self, py: Python<'_>) -> PyResult<ArrowTable> {
        views::screen(py, &self.panel)
    }

    /// The system trend chart (SVG): occupancy and the share of facilities over capacity.
    #[pyo3(signature = (kind = None, title = None, caption = None))]
    fn chart_trend(
        &self,
        py: Python<'_>,
        kind: Option<&str>,
        title: Option<&str>,
        caption: Option<&str>,
    ) -> PyResult<crate::charts::Svg> {
        let kind = self.kind(kind)?;
        let title = title
            .map(str::to_owned)
            .unwrap_or_else(|| format!("System occupancy ({})", kind.name()));
        let caption = caption
            .map(str::to_owned)
            .unwrap_or_else(|| format!("Source: {}; capacity: {}", self.source, kind.name()));
        crate::charts::trend(py, &self.panel, &kind, &title, &caption)
    }

    /// Every facility's occupancy on one date (default: the latest), bars coloured by band.
    #[pyo3(signature = (kind = None, date = None, title = None, caption = None))]
    fn chart_facilities(
        &self,
        py: Python<'_>,
        kind: Option<&str>,
        date: Option<&Bound<'_, PyAny>>,
        title: Option<&str>,
        caption: Option<&str>,
    ) -> PyResult<crate::charts::Svg> {
        let kind = self.kind(kind)?;
        let d = match date {
            Some(d) => *self
                .select_dates(Some(d))?
                .first()
                .ok_or_else(|| PyValueError::new_err("no date"))?,
            None => *self
                .panel
                .dates()
                .last()
                .ok_or_else(|| PyValueError::new_err("the panel is empty"))?,
        };
        let title = title
            .map(str::to_owned)
            .unwrap_or_else(|| format!("Occupancy by facility, {d}"));
        let caption = caption
            .map(str::to_owned)
            .unwrap_or_else(|| format!("Source: {}; capacity: {}; {d}", self.source, kind.name()));
        crate::charts::facilities(py, &self.panel, &kind, d, &title, &caption)
    }

    /// The forecast fan (SVG): the monthly system population since the last gap, the default
    /// forecast's median and its 80 % and 95 % bands, and the capacity of `kind`.
    #[pyo3(signature = (horizon = 24, kind = None, title = None, caption = None))]
    fn chart_fan(
        &self,
        py: Python<'_>,
        horizon: usize,
        kind: Option<&str>,
        title: Option<&str>,
        caption: Option<&str>,
    ) -> PyResult<crate::charts::Svg> {
        let kind = kind.map(|k| self.kind(Some(k))).transpose()?;
        let title = title.unwrap_or("People held: history and forecast");
        let caption = caption.map(str::to_owned).unwrap_or_else(|| {
            format!(
                "Source: {}; the crate's default forecast, 80 % and 95 % intervals",
                self.source
            )
        });
        crate::charts::fan(py, &self.panel, kind.as_ref(), horizon, title, &caption)
    }

    /// The default forecast of the system's population, with intervals.
    #[pyo3(signature = (horizon = 24, kind = None, frequency = "monthly", levels = None))]
    fn forecast(
        &self,
        py: Python<'_>,
        horizon: usize,
        kind: Option<&str>,
        frequency: &str,
        levels: Option<Vec<f64>>,
    ) -> PyResult<ArrowTable> {
        let kind = kind.map(|k| self.kind(Some(k))).transpose()?;
        views::forecast(
            py,
            &self.panel,
            kind.as_ref(),
            horizon,
            frequency,
            &levels.unwrap_or_else(|| vec![0.8, 0.95]),
        )
    }
}

impl PyPanel {
    /// `dates=None`: every date; `"latest"`: the last; a date or a list of dates.
    fn select_dates(&self, dates: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<Date>> {
        let all = self.panel.dates();
        let Some(d) = dates.filter(|d| !d.is_none()) else {
            return Ok(all.to_vec());
        };
        if let Ok(s) = d.cast::<PyString>()
            && s.extract::<String>()? == "latest"
        {
            return Ok(all.last().copied().into_iter().collect());
        }
        let wanted: Vec<Date> = if d.is_instance_of::<PyList>() || d.is_instance_of::<PyTuple>() {
            d.try_iter()?
                .map(|x| date_of(&x?, "dates"))
                .collect::<PyResult<_>>()?
        } else {
            vec![date_of(d, "dates")?]
        };
        for w in &wanted {
            if all.binary_search(w).is_err() {
                return Err(PyValueError::new_err(format!(
                    "no records of {w}; the data has {} dates, from {} to {}",
                    all.len(),
                    all.first().map(|d| d.to_string()).unwrap_or_default(),
                    all.last().map(|d| d.to_string()).unwrap_or_default()
                )));
            }
        }
        let mut wanted = wanted;
        wanted.sort();
        wanted.dedup();
        Ok(wanted)
    }
}
