//! The exact metrics: `occupancy`, `pretrial_share`, `occupancy_range`, `system_occupancy`,
//! `releases_needed`, and `Ratio` (an exact quotient of two counts, rounded once).

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::PyIterator;

use crate::args;
use crate::errors::IntoPy;

/// An exact ratio of two counts (people ÷ places). Rounded once, from the integers.
///
/// >>> import overcrowding as oc
/// >>> r = oc.occupancy(39000, 27000)
/// >>> r.percent_rounded(1)
/// 144.4
/// >>> r
/// Ratio(39000/27000 = 144.4%)
/// >>> (r.numerator, r.denominator)
/// (39000, 27000)
/// >>> round(r.value(), 4)
/// 1.4444
#[pyclass(name = "Ratio", module = "overcrowding", frozen, eq)]
#[derive(Clone, PartialEq)]
pub struct PyRatio {
    pub(crate) inner: overcrowding::Ratio,
}

impl From<overcrowding::Ratio> for PyRatio {
    fn from(inner: overcrowding::Ratio) -> Self {
        PyRatio { inner }
    }
}

#[pymethods]
impl PyRatio {
    /// A ratio of two counts; the denominator must be positive.
    ///
    /// >>> import overcrowding as oc
    /// >>> oc.Ratio(8521, 10360).percent_rounded(1)   # BJS Kansas: 82.249 % is 82.2, not 82.3
    /// 82.2
    #[new]
    fn new(
        py: Python<'_>,
        numerator: &Bound<'_, PyAny>,
        denominator: &Bound<'_, PyAny>,
    ) -> PyResult<Self> {
        let n = args::count(numerator, "numerator")?;
        let d = args::count(denominator, "denominator")?;
        overcrowding::Ratio::new(n, d).py_err(py).map(PyRatio::from)
    }

    /// The numerator (e.g. people held).
    #[getter]
    fn numerator(&self) -> u128 {
        self.inner.numerator()
    }

    /// The denominator (e.g. places).
    #[getter]
    fn denominator(&self) -> u128 {
        self.inner.denominator()
    }

    /// The ratio as a float (1.444… for 144.4 %).
    fn value(&self) -> f64 {
        self.inner.value()
    }

    /// The ratio as a percent, a float (144.44…).
    fn percent(&self) -> f64 {
        self.inner.percent()
    }

    /// The percent rounded once from the exact counts to `decimals` places (0–20) — as
    /// statistical tables publish it. `rounding`: `"half_away_from_zero"` (the default: BJS,
    /// HMPPS, CDCR) or `"half_to_even"` (Italy's ministry).
    ///
    /// >>> import overcrowding as oc
    /// >>> oc.occupancy(1, 16).percent_rounded(1)   # 6.25 -> 6.3
    /// 6.3
    /// >>> oc.occupancy(281, 200).percent_rounded(0, rounding="half_to_even")   # Asti: 140.5 -> 140
    /// 140.0
    #[pyo3(signature = (decimals = 1, *, rounding = "half_away_from_zero"))]
    fn percent_rounded(&self, decimals: i64, rounding: &str) -> PyResult<f64> {
        Ok(self
            .inner
            .percent_rounded_by(args::decimals(decimals)?, args::rounding(rounding)?))
    }

    /// The rounded percent as the text a table prints.
    ///
    /// >>> import overcrowding as oc
    /// >>> oc.occupancy(2800, 2800).percent_rounded_string(1)
    /// '100.0'
    #[pyo3(signature = (decimals = 1, *, rounding = "half_away_from_zero"))]
    fn percent_rounded_string(
        &self,
        py: Python<'_>,
        decimals: i64,
        rounding: &str,
    ) -> PyResult<String> {
        self.inner
            .percent_rounded_string_by(args::decimals(decimals)?, args::rounding(rounding)?)
            .py_err(py)
    }

    /// The band of this occupancy under a named standard: `"critical"` (> 100 % over
    /// capacity, ≥ 120 % critical), `"space_i"` (Council of Europe SPACE I), `"over_capacity"`,
    /// `"brown_v_plata"` (137.5 % of design capacity).
    ///
    /// >>> import overcrowding as oc
    /// >>> oc.occupancy(39000, 27000).band()
    /// 'critical overcrowding'
    #[pyo3(signature = (standard = "critical"))]
    fn band(&self, standard: &str) -> PyResult<String> {
        let s = match standard {
            "critical" => overcrowding::Standard::critical(),
            "space_i" => overcrowding::Standard::space_i(),
            "over_capacity" => overcrowding::Standard::over_capacity(),
            "brown_v_plata" => overcrowding::Standard::brown_v_plata(),
            other => {
                return Err(pyo3::exceptions::PyValueError::new_err(format!(
                    "standard={other:?}: \"critical\", \"space_i\", \"over_capacity\" or \"brown_v_plata\""
                )));
            }
        };
        Ok(s.classify(&self.inner).label().to_string())
    }

    fn __float__(&self) -> f64 {
        self.inner.value()
    }

    fn __repr__(&self) -> String {
        format!(
            "Ratio({}/{} = {}%)",
            self.inner.numerator(),
            self.inner.denominator(),
            self.inner
                .percent_rounded_string(1)
                .unwrap_or_else(|_| "?".into())
        )
    }
}

/// Occupancy: population ÷ capacity of a named kind, exact.
///
/// >>> import overcrowding as oc
/// >>> oc.occupancy(39000, 27000).percent_rounded(1)   # Cambodia, June 2021
/// 144.4
/// >>> oc.occupancy(100, 0)
/// Traceback (most recent call last):
/// ...
/// overcrowding._errors.ZeroDenominatorError: capacity is 0: a ratio needs a positive denominator
#[pyfunction]
pub fn occupancy(
    py: Python<'_>,
    population: &Bound<'_, PyAny>,
    capacity: &Bound<'_, PyAny>,
) -> PyResult<PyRatio> {
    let p = args::count(population, "population")?;
    let c = args::count(capacity, "capacity")?;
    overcrowding::occupancy(p, c).py_err(py).map(PyRatio::from)
}

/// The share of the people held who are pretrial (the caller's definition of pretrial).
///
/// >>> import overcrowding as oc
/// >>> oc.pretrial_share(13650, 39000).percent_rounded(0)
/// 35.0
#[pyfunction]
pub fn pretrial_share(
    py: Python<'_>,
    pretrial: &Bound<'_, PyAny>,
    total: &Bound<'_, PyAny>,
) -> PyResult<PyRatio> {
    let p = args::count(pretrial, "pretrial")?;
    let t = args::count(total, "total")?;
    overcrowding::pretrial_share(p, t)
        .py_err(py)
        .map(PyRatio::from)
}

/// BJS "percent of capacity": population over the lowest and over the highest capacity.
///
/// >>> import overcrowding as oc
/// >>> r = oc.occupancy_range(1200, [1000, 800, 1100])
/// >>> (r.of_lowest.percent_rounded(1), r.of_highest.percent_rounded(1))
/// (150.0, 109.1)
#[pyclass(name = "OccupancyRange", module = "overcrowding", frozen)]
pub struct PyOccupancyRange {
    /// Population ÷ the lowest capacity (the highest occupancy).
    #[pyo3(get)]
    of_lowest: PyRatio,
    /// Population ÷ the highest capacity (the lowest occupancy).
    #[pyo3(get)]
    of_highest: PyRatio,
}

#[pymethods]
impl PyOccupancyRange {
    fn __repr__(&self) -> String {
        format!(
            "OccupancyRange(of_lowest={}, of_highest={})",
            self.of_lowest.__repr__(),
            self.of_highest.__repr__()
        )
    }
}

/// Population over the lowest and the highest of several capacities (BJS).
#[pyfunction]
pub fn occupancy_range(
    py: Python<'_>,
    population: &Bound<'_, PyAny>,
    capacities: &Bound<'_, PyAny>,
) -> PyResult<PyOccupancyRange> {
    let p = args::count(population, "population")?;
    let caps = counts(capacities, "capacity")?;
    let r = overcrowding::occupancy_range(p, &caps).py_err(py)?;
    Ok(PyOccupancyRange {
        of_lowest: r.of_lowest.into(),
        of_highest: r.of_highest.into(),
    })
}

fn counts(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Vec<u64>> {
    if obj.is_instance_of::<pyo3::types::PyString>() {
        return Err(PyTypeError::new_err(format!(
            "{what}s must be a sequence of int counts, got a str"
        )));
    }
    let iter = PyIterator::from_object(obj)
        .map_err(|_| PyTypeError::new_err(format!("{what}s must be a sequence of int counts")))?;
    iter.map(|item| args::count(&item?, what)).collect()
}

/// The system as a whole: Σpopulation ÷ Σcapacity, and what that hides.
///
/// >>> import overcrowding as oc
/// >>> s = oc.system_occupancy([(160, 100), (40, 100)])
/// >>> s.ratio.percent_rounded(1), s.overcrowded_facilities, s.people_in_overcrowded, s.surplus
/// (100.0, 1, 160, 60)
#[pyclass(name = "SystemOccupancy", module = "overcrowding", frozen)]
pub struct PySystemOccupancy {
    /// Σpopulation ÷ Σcapacity.
    #[pyo3(get)]
    ratio: PyRatio,
    /// Facilities summed.
    #[pyo3(get)]
    facilities: usize,
    /// Facilities with population > capacity.
    #[pyo3(get)]
    overcrowded_facilities: usize,
    /// People held in them.
    #[pyo3(get)]
    people_in_overcrowded: u128,
    /// Σ max(0, population − capacity): people without a place, facility by facility.
    #[pyo3(get)]
    surplus: u128,
    /// Σpopulation.
    #[pyo3(get)]
    population: u128,
    /// Σcapacity.
    #[pyo3(get)]
    capacity: u128,
}

#[pymethods]
impl PySystemOccupancy {
    fn __repr__(&self) -> String {
        format!(
            "SystemOccupancy(ratio={}, facilities={}, overcrowded_facilities={}, people_in_overcrowded={}, surplus={})",
            self.ratio.__repr__(),
            self.facilities,
            self.overcrowded_facilities,
            self.people_in_overcrowded,
            self.surplus
        )
    }
}

/// Σpopulation ÷ Σcapacity over `(population, capacity)` pairs, one per facility.
#[pyfunction]
pub fn system_occupancy(py: Python<'_>, pairs: &Bound<'_, PyAny>) -> PyResult<PySystemOccupancy> {
    if pairs.is_instance_of::<pyo3::types::PyString>() {
        return Err(PyTypeError::new_err(
            "pairs must be (population, capacity) pairs, got a str",
        ));
    }
    let iter = PyIterator::from_object(pairs).map_err(|_| {
        PyTypeError::new_err("pairs must be an iterable of (population, capacity) pairs")
    })?;
    let mut v = Vec::new();
    for item in iter {
        let item = item?;
        let pair: (Bound<'_, PyAny>, Bound<'_, PyAny>) = item.extract().map_err(|_| {
            PyTypeError::new_err(format!(
                "each pair must be (population, capacity), got {}",
                item.repr().map(|r| r.to_string()).unwrap_or_default()
            ))
        })?;
        v.push((
            args::count(&pair.0, "population")?,
            args::count(&pair.1, "capacity")?,
        ));
    }
    let s = overcrowding::system_occupancy(v).py_err(py)?;
    Ok(PySystemOccupancy {
        ratio: s.ratio.into(),
        facilities: s.facilities,
        overcrowded_facilities: s.overcrowded_facilities,
        people_in_overcrowded: s.people_in_overcrowded,
        surplus: s.surplus,
        population: s.population,
        capacity: s.capacity,
    })
}

/// The fewest releases that bring `population` in `capacity` places to `target_percent`,
/// decided exactly.
///
/// >>> import overcrowding as oc
/// >>> oc.releases_needed(39000, 27000, 100), oc.releases_needed(39000, 27000, 120)
/// (12000, 6600)
#[pyfunction]
pub fn releases_needed(
    py: Python<'_>,
    population: &Bound<'_, PyAny>,
    capacity: &Bound<'_, PyAny>,
    target_percent: &Bound<'_, PyAny>,
) -> PyResult<u64> {
    let p = args::count(population, "population")?;
    let c = args::count(capacity, "capacity")?;
    let t = args::finite(target_percent, "target_percent")?;
    overcrowding::releases_needed(p, c, t).py_err(py)
}
