"""``Panel``: facilities × dates, and the views on it as DataFrames."""

from __future__ import annotations

import os
import warnings
from collections.abc import Mapping
from typing import Any, Dict, Iterable, List, Optional, Sequence, Union

from . import _native
from ._frames import arrow_stream_of, to_frame

Columns = Union[str, Sequence[str], None]
DateLike = Any  # datetime.date or "YYYY-MM-DD"


class Panel:
    """Facilities × dates: population and capacities of named kinds (each possibly not
    reported), names and groups. Make one with :func:`read_table`, :func:`dataset` or
    :meth:`Panel.from_frame`; every view returns a DataFrame (polars by default,
    ``output="pandas"`` or ``"pyarrow"`` on request).

    >>> import overcrowding as oc
    >>> ew = oc.dataset("hmpps")
    >>> s = ew.summarize(kind="in_use_cna", dates="latest", output="pyarrow")
    >>> s.column("occupancy_percent")[0].as_py()
    107.8
    """

    __slots__ = ("_p",)

    def __init__(self, native: "_native.Panel") -> None:
        if not isinstance(native, _native.Panel):
            raise TypeError("make a Panel with read_table(), dataset() or Panel.from_frame()")
        self._p = native

    @classmethod
    def from_frame(
        cls,
        frame: Any,
        *,
        id: str,
        population: Optional[str] = None,
        capacity: Optional[Dict[str, str]] = None,
        date: Optional[str] = None,
        as_of: Optional[DateLike] = None,
        name: Optional[str] = None,
        by: Columns = None,
    ) -> "Panel":
        """A panel from a DataFrame (polars, pandas, pyarrow, DuckDB: anything with the
        Arrow PyCapsule interface), naming its columns as :func:`read_table` does. Numbers
        cross as Arrow buffers: no Python object per row.

        >>> import overcrowding as oc, pyarrow as pa
        >>> t = pa.table({"id": ["A", "B"], "held": [160, 40], "places": [100, 100]})
        >>> p = oc.Panel.from_frame(t, id="id", population="held",
        ...                         capacity={"design": "places"}, as_of="2024-06-30")
        >>> p.summarize(output="pyarrow").column("surplus")[0].as_py()
        60
        """
        cols: List[str] = [id]
        for c in (population, date, name):
            if c is not None:
                cols.append(c)
        cols += list((capacity or {}).values())
        cols += [by] if isinstance(by, str) else list(by or [])
        seen = set()
        cols = [c for c in cols if not (c in seen or seen.add(c))]
        stream = arrow_stream_of(frame, cols)
        return cls(_native.Panel.from_arrow(
            stream, id=id, population=population, capacity=capacity, date=date,
            as_of=as_of, name=name, by=by,
        ))

    # -- what it holds -------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._p)

    def __repr__(self) -> str:
        return repr(self._p)

    @property
    def dates(self) -> List[str]:
        """The dates, oldest first (ISO text)."""
        return self._p.dates

    @property
    def capacity_kinds(self) -> List[str]:
        """The capacity kinds the data lists."""
        return self._p.capacity_kinds

    @property
    def group_keys(self) -> List[str]:
        """The group columns (``by=`` of the reader)."""
        return self._p.group_keys

    @property
    def facilities(self) -> int:
        """The number of distinct facilities."""
        return self._p.facilities

    @property
    def source(self) -> str:
        """The file, dataset or frame it came from."""
        return self._p.source

    @property
    def total_rows(self) -> int:
        """Rows read."""
        return self._p.total_rows

    @property
    def accepted_rows(self) -> int:
        """Rows accepted."""
        return self._p.accepted_rows

    @property
    def rejected_rows(self) -> int:
        """Rows rejected (lenient reads)."""
        return self._p.rejected_rows

    @property
    def skipped_rows(self) -> int:
        """Rows skipped (blank lines, notes, totals)."""
        return self._p.skipped_rows

    def rejects(self, output: str = "polars") -> Any:
        """The rejected rows of a lenient read: line, kind, column, facility, reason, raw."""
        return to_frame(self._p.rejects_arrow(), output)

    def to_frame(self, output: str = "polars") -> Any:
        """The records as a long table: facility_id, name, date, group columns, population,
        one ``capacity_<kind>`` column per kind."""
        return to_frame(self._p.to_arrow(), output)

    # -- views ---------------------------------------------------------------------------
    def summarize(
        self,
        kind: Optional[str] = None,
        *,
        by: Columns = None,
        thresholds: Iterable[float] = (),
        dates: Any = None,
        output: str = "polars",
    ) -> Any:
        """The system summary for every date (``dates="latest"``, a date or a list to choose):
        a row for the system (``group == "all"``), then one per group of ``by``. The fields
        are the command line's (``overcrowding summarize --format json``), flattened:
        facilities, covered_facilities, population, capacity, occupancy_percent (exact,
        rounded once to 1 decimal), surplus, over_capacity_facilities,
        people_in_over_capacity, median_prisoner_occupancy_percent, population_reported,
        lacks_population / lacks_capacity / lacks_both, and ``above_P_facilities`` /
        ``above_P_people`` for each threshold P. A missing figure is null, never 0.

        >>> import overcrowding as oc
        >>> s = oc.dataset("cambodia").summarize(thresholds=[120], output="pyarrow")
        >>> s.column("occupancy_percent")[0].as_py(), s.column("above_120_facilities")[0].as_py()
        (144.4, 1)
        """
        return to_frame(self._p.summarize(kind, by, list(thresholds), dates), output)

    def releases(
        self,
        target: float,
        kind: Optional[str] = None,
        *,
        by: Columns = None,
        dates: Any = None,
        output: str = "polars",
    ) -> Any:
        """Releases needed for ``target`` % occupancy: ``releases_system`` (the system
        reaches the target) and ``releases_no_facility_above`` (no facility is above it;
        people cannot always move), and what the system view hides.

        >>> import overcrowding as oc
        >>> r = oc.dataset("hmpps").releases(100, kind="in_use_cna", dates="latest",
        ...                                   output="pyarrow").to_pylist()[0]
        >>> r["releases_system"], r["releases_no_facility_above"], r["hidden_by_system_view"]
        (6209, 8801, 2592)
        """
        return to_frame(self._p.releases(_number(target, "target"), kind, by, dates), output)

    def facilities_on(self, kind: Optional[str] = None, *, date: Any = None,
                      output: str = "polars") -> Any:
        """Every facility on one date (the latest by default) against ``kind``: facility_id,
        name, population, capacity, occupancy_percent (exact, rounded once), surplus and band
        (the critical standard), the most overcrowded first — the prisons a system figure
        hides.

        >>> import overcrowding as oc
        >>> top = oc.dataset("hmpps").facilities_on("in_use_cna", output="pyarrow").to_pylist()[0]
        >>> top["band"]
        'critical overcrowding'
        """
        return to_frame(self._p.facilities_on(kind, date), output)

    def without_screened(self, rules: Optional[Sequence[str]] = None) -> "Panel":
        """The panel without the records the screen flags (every rule, or the named ones,
        e.g. ``["implausible occupancy"]``): explicit exclusions, never silent."""
        return Panel(self._p.without_screened(None if rules is None else list(rules)))

    def screen(self, output: str = "polars") -> Any:
        """The data-quality screen's findings: rule, facility, date, kind, value, why."""
        return to_frame(self._p.screen(), output)

    def forecast(
        self,
        horizon: int = 24,
        kind: Optional[str] = None,
        *,
        frequency: str = "monthly",
        levels: Sequence[float] = (0.8, 0.95),
        output: str = "polars",
    ) -> Any:
        """The crate's default forecast of the system population (Σ reported population per
        date) ``horizon`` periods ahead: step, date (end of the period), mean, lower/upper per
        level (``lower_80`` ...), method, and with ``kind`` the last system capacity and whether
        the mean is above it."""
        return to_frame(self._p.forecast(horizon, kind, frequency, list(levels)), output)

    def report(self, out: Union[str, "os.PathLike[str]"], kind: Optional[str] = None, *,
               thresholds: Iterable[float] = ()) -> None:
        """Write the command line's HTML report (one self-contained page: headline figures,
        the system over time, the facilities in each band, coverage, data-quality findings
        and a forecast fan) for this panel to ``out``. It runs ``overcrowding report``, the
        same code as the command line, on the panel's records. A partial answer (the command
        line's exit 3: a facility that still reports is left out of the reconciled outlook)
        writes the page and warns (``UserWarning``); any other failure raises.
        """
        from ._cli import main as run_cli

        args = ["report", "--out", os.fspath(out)]
        for t in thresholds:
            args += ["--threshold", str(t)]
        if kind is not None:
            args += ["--kind", kind]
        src = self._p.source
        if src.startswith("dataset ") and " " not in src[len("dataset "):]:
            code = run_cli(args + ["--dataset", src[len("dataset "):]])
        else:
            import tempfile

            with tempfile.TemporaryDirectory() as tmp:
                path = os.path.join(tmp, "panel.csv")
                table = self.to_frame(output="pyarrow")
                import pyarrow.csv as pacsv

                pacsv.write_csv(table, path)
                flags = ["--id", "facility_id", "--name", "name", "--date", "date",
                         "--population", "population"]
                for k in self.capacity_kinds:
                    flags += ["--capacity", f"{k}=capacity_{k}"]
                for g in self.group_keys:
                    flags += ["--by", g]
                code = run_cli(args + [path] + flags)
        if code == 3:
            # The page is written, and says what its figures leave out (rejected rows, or a
            # facility that still reports left out of the reconciled outlook).
            warnings.warn(f"overcrowding report: a partial answer, written to {os.fspath(out)}; "
                          "the page and the message above say what is left out", stacklevel=2)
        elif code != 0:
            raise RuntimeError(f"overcrowding report exited with code {code} (see its message above)")

    # -- charts (SVG, shown inline in Jupyter) -------------------------------------------
    def chart_trend(self, kind: Optional[str] = None, *, title: Optional[str] = None,
                    caption: Optional[str] = None) -> "_native.Svg":
        """The system's occupancy and the share of facilities over capacity, date by date."""
        return self._p.chart_trend(kind, title, caption)

    def chart_facilities(self, kind: Optional[str] = None, *, date: Any = None,
                         title: Optional[str] = None, caption: Optional[str] = None
                         ) -> "_native.Svg":
        """Every facility's occupancy on one date (the latest by default), coloured by band."""
        return self._p.chart_facilities(kind, date, title, caption)

    def chart_fan(self, horizon: int = 24, kind: Optional[str] = None, *,
                  title: Optional[str] = None, caption: Optional[str] = None) -> "_native.Svg":
        """The monthly system population, the default forecast's median and its 80 % and
        95 % bands, and the capacity of ``kind``."""
        return self._p.chart_fan(horizon, kind, title, caption)


def read_table(
    path: Union[str, "os.PathLike[str]"],
    *,
    id: str,
    population: Optional[str] = None,
    capacity: Optional[Dict[str, str]] = None,
    date: Optional[str] = None,
    as_of: Optional[DateLike] = None,
    name: Optional[str] = None,
    by: Columns = None,
    missing: Union[str, Sequence[str], None] = None,
    delimiter: Optional[str] = None,
    sheet: Union[str, int, None] = None,
    thousands: Optional[str] = None,
    decimal: Optional[str] = None,
    skip_rows: Optional[int] = None,
    mode: str = "strict",
) -> Panel:
    """Read your own CSV (any delimiter, sniffed) or spreadsheet (XLSX, XLS, ODS) by naming
    its columns. ``capacity`` maps a capacity kind to its column (``{"design": "Capacity"}``);
    ``missing`` adds tokens meaning "not reported" (``NA``, ``-``, empty cells already do).
    ``mode="strict"`` raises at the first bad row (the exception's ``.line`` and ``.column``
    name the cell); ``mode="lenient"`` keeps the good rows and lists the others in
    :meth:`Panel.rejects`.
    """
    return Panel(_native.read_table(
        path, id=id, population=population, capacity=capacity, date=date, as_of=as_of,
        name=name, by=by, missing=missing, delimiter=delimiter, sheet=sheet,
        thousands=thousands, decimal=decimal, skip_rows=skip_rows, mode=mode,
    ))


def dataset(name: str) -> Panel:
    """A bundled dataset: ``"cambodia"`` (the 2021 seed figures), ``"hmpps"`` (England &
    Wales, per prison per month 2012–2024), ``"bjs"`` (US states, end of 2022), ``"cdcr"``
    (California institutions 2015–2026).

    >>> import overcrowding as oc
    >>> oc.dataset("bjs").capacity_kinds
    ['design', 'rated', 'operational']
    """
    return Panel(_native.dataset(name))


def from_frame(frame: Any, **columns: Any) -> Panel:
    """Same as :meth:`Panel.from_frame`."""
    return Panel.from_frame(frame, **columns)


def _number(v: Any, where: str) -> float:
    """One value as a float; ``None``, a string or a bool is refused (``float`` would read
    ``"120"`` and take ``True`` as 1)."""
    why = " (a missing value cannot be used: fill it, or cut the series, and say so)"
    if v is None or isinstance(v, (str, bytes, bool)):
        raise TypeError(f"{where}: {v!r} is not a number" + (why if v is None else ""))
    try:
        return float(v)
    except (TypeError, ValueError):
        raise TypeError(f"{where}: {v!r} is not a number") from None


def _numbers(values: Any, where: str) -> List[float]:
    """A series' values as floats, each read by :func:`_number` (a refusal names the
    position)."""
    if isinstance(values, (str, bytes)) or not hasattr(values, "__iter__"):
        raise TypeError(f"{where}: a sequence of numbers, not {type(values).__name__}")
    return [_number(v, f"{where}, position {i}") for i, v in enumerate(values)]


def forecast(
    values: Sequence[float],
    *,
    frequency: str,
    horizon: int,
    levels: Sequence[float] = (0.8, 0.95),
    output: str = "polars",
) -> Any:
    """The crate's default forecast of a plain series (oldest first, equally spaced;
    ``frequency`` is ``"monthly"``, ``"quarterly"`` or ``"yearly"``): step, mean, lower/upper per
    level, method. At least 36 monthly, 12 quarterly or 10 yearly values.

    >>> import overcrowding as oc
    >>> f = oc.forecast([float(100 + 5 * i) for i in range(12)], frequency="yearly", horizon=3,
    ...                 output="pyarrow")
    >>> f.num_rows, f.column_names[:2]
    (3, ['step', 'mean'])
    """
    return to_frame(_native.forecast_values(_numbers(values, "values"), frequency=frequency,
                                            horizon=horizon, levels=list(levels)), output)


def forecast_many(
    series: Mapping[str, Sequence[float]],
    *,
    frequency: str,
    horizon: int,
    levels: Sequence[float] = (0.8, 0.95),
    output: str = "polars",
) -> Any:
    """Many related series forecast together — the states of one country, the prisons of one
    system — by the crate's ``forecast_many``: per horizon, how far trends persist (the last
    value's share, and the smoothed trends or the long-run drift) is learnt from the
    out-of-sample errors of all the series at call time, kept at the single-series default
    unless the pool shows a gain across series, and the intervals are calibrated on the
    pooled errors. ``series`` maps a name to its values (oldest first, equally spaced, one
    ``frequency``). One table: series, step, mean, lower/upper per level, method — the
    series in the order given.

    From a long frame (one row per series and period, in time order):
    ``{k[0]: g["y"].to_list() for k, g in df.group_by("state", maintain_order=True)}``.

    >>> import overcrowding as oc
    >>> f = oc.forecast_many({"a": [float(100 + 5 * i) for i in range(12)],
    ...                       "b": [float(300 - 2 * i) for i in range(12)]},
    ...                      frequency="yearly", horizon=2, output="pyarrow")
    >>> f.num_rows, f.column_names[:3], f.column("series").to_pylist()
    (4, ['series', 'step', 'mean'], ['a', 'a', 'b', 'b'])
    """
    if not isinstance(series, Mapping):
        raise TypeError(
            f"series: a mapping of name to values ({{'Alabama': [...], ...}}), not "
            f"{type(series).__name__}"
        )
    names = [str(k) for k in series]
    values = [_numbers(series[k], f"series {str(k)!r}") for k in series]
    return to_frame(_native.forecast_many_values(names, values, frequency=frequency,
                                                 horizon=horizon, levels=list(levels)), output)


def bundled_csv(name: str, output: str = "polars") -> Any:
    """A bundled data file as a DataFrame: ``"cambodia_2021"`` (the seed figures),
    ``"cambodia_wpb_series"`` (World Prison Brief, 1972-2021), ``"bjs_table21"``,
    ``"hmpps_bulletin"``, ``"cdcr_tpop1"`` — as published, before any reader.

    >>> import overcrowding as oc
    >>> oc.bundled_csv("cambodia_wpb_series").columns[:2]
    ['year', 'total']
    """
    import io

    text = _native.bundled_text(name)
    if output in ("pandas",):
        import pandas as pd

        return pd.read_csv(io.StringIO(text))
    import polars as pl

    df = pl.read_csv(io.StringIO(text), infer_schema_length=10000)
    return df if output == "polars" else to_frame(df, output)
