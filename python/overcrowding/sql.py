"""The system summary as mergeable partial sums that any SQL engine computes.

Every field of :meth:`overcrowding.Panel.summarize` except one is a sum over facilities, so it
can be computed where the data lives — DuckDB, Postgres, Spark, BigQuery, one query per shard —
with plain ``SUM(...) GROUP BY date, group``, and the partial rows added up afterwards in any
order. :func:`partials_sql` writes that query for your table and columns; :func:`finish` adds
the partials up (shards, then groups into the system row) and computes the ratios and their
rounding in the crate, exactly, from the summed integers.

What cannot come from partials: ``median_prisoner_occupancy_percent`` (the population-weighted
median of the facilities' occupancies) needs every facility's ratio, not a sum, so
:func:`finish` leaves it null; compute it in process (``Panel.summarize``) or ask the engine
for the facility-level ratios. Everything else is equal, field by field (a test checks it
against DuckDB on a Parquet file).

The query counts a facility as *covered* when it reports both a population and a capacity of
the kind (``capacity > 0``: the crate's readers reject a capacity of 0), and a threshold P as
*reached* when population × 100 > P × capacity (strictly above, decided in integers: 137.5 is
``population * 1000 > 1375 * capacity``), as the crate does.

>>> import overcrowding as oc
>>> print(partials_sql("prisons", id="facility_id", date="date", population="population",
...                    capacity="cna", thresholds=[120], dialect="bigquery").splitlines()[1])
  `date` AS `date`,

Spark SQL: ``dialect="spark"`` (backquoted names, ``BIGINT``); BigQuery: ``dialect="bigquery"``
(backquoted names, ``INT64``); DuckDB, Postgres and other ANSI engines: ``"ansi"`` / ``"duckdb"``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Iterable, List, Optional, Sequence, Union

from . import _native
from ._frames import arrow_stream_of, to_frame

__all__ = ["partials_sql", "finish", "threshold_names"]

_DIALECTS = {
    "ansi": ('"', "BIGINT"),
    "duckdb": ('"', "BIGINT"),
    "postgres": ('"', "BIGINT"),
    "spark": ("`", "BIGINT"),
    "bigquery": ("`", "INT64"),
}


def threshold_names(thresholds: Iterable[float]) -> List[str]:
    """The suffix of each threshold's columns, as ``Panel.summarize`` names them
    (``above_120_people``, ``above_137.5_people``).

    >>> threshold_names([100, 137.5])
    ['100', '137.5']
    """
    out = []
    for t in thresholds:
        d = Decimal(repr(float(t))).normalize()
        if not d.is_finite() or d < 0:
            raise ValueError(f"threshold {t}: a threshold is a percentage >= 0")
        text = format(d, "f")
        out.append(text)
    return out


def partials_sql(
    table: str,
    *,
    id: str,
    date: str,
    population: str,
    capacity: str,
    group: Optional[str] = None,
    thresholds: Sequence[float] = (),
    dialect: str = "ansi",
) -> str:
    """The SQL that computes the partial sums of ``table``: one row per date and group
    (``grp``), columns named as :func:`finish` reads them. ``table`` is written as given (a
    qualified or quoted name, or a subquery in parentheses); the column names are quoted.
    ``id`` names the facility column (it is counted, not summed: one row per facility and
    date, as in the crate's panel).

    >>> sql = partials_sql("t", id="f", date="d", population="p", capacity="c")
    >>> "GROUP BY" in sql and 'SUM(CASE WHEN "p" IS NOT NULL' in sql
    True
    """
    if dialect not in _DIALECTS:
        raise ValueError(f"dialect={dialect!r}: one of {', '.join(_DIALECTS)}")
    q, bigint = _DIALECTS[dialect]

    def name(c: str) -> str:
        if not isinstance(c, str) or not c:
            raise TypeError("column names are non-empty str")
        return q + c.replace(q, q + q) + q

    p, c = name(population), name(capacity)
    covered = f"{p} IS NOT NULL AND {c} IS NOT NULL AND {c} > 0"
    has_cap = f"{c} IS NOT NULL AND {c} > 0"

    def s(expr: str) -> str:
        return f"CAST(SUM({expr}) AS {bigint})"

    cols = [
        f"  {name(date)} AS {name('date')}",
        f"  {name(group) if group else 'CAST(NULL AS VARCHAR)' if dialect != 'bigquery' else 'CAST(NULL AS STRING)'} AS {name('grp')}",
        f"  CAST(COUNT({name(id)}) AS {bigint}) AS {name('facilities')}",
        f"  {s(f'CASE WHEN {covered} THEN 1 ELSE 0 END')} AS {name('covered_facilities')}",
        f"  {s(f'CASE WHEN {covered} THEN {p} ELSE 0 END')} AS {name('population')}",
        f"  {s(f'CASE WHEN {covered} THEN {c} ELSE 0 END')} AS {name('capacity')}",
        f"  {s(f'CASE WHEN {covered} AND {p} > {c} THEN {p} - {c} ELSE 0 END')} AS {name('surplus')}",
        f"  {s(f'CASE WHEN {covered} AND {p} > {c} THEN 1 ELSE 0 END')} AS {name('over_capacity_facilities')}",
        f"  {s(f'CASE WHEN {covered} AND {p} > {c} THEN {p} ELSE 0 END')} AS {name('people_in_over_capacity')}",
        f"  {s(f'CASE WHEN {p} IS NOT NULL THEN {p} ELSE 0 END')} AS {name('population_reported')}",
        f"  {s(f'CASE WHEN {p} IS NULL AND {has_cap} THEN 1 ELSE 0 END')} AS {name('lacks_population')}",
        f"  {s(f'CASE WHEN {p} IS NOT NULL AND NOT ({has_cap}) THEN 1 ELSE 0 END')} AS {name('lacks_capacity')}",
        f"  {s(f'CASE WHEN {p} IS NULL AND NOT ({has_cap}) THEN 1 ELSE 0 END')} AS {name('lacks_both')}",
    ]
    for t, label in zip(thresholds, threshold_names(thresholds)):
        num, den = Decimal(label).as_integer_ratio()
        # population / capacity * 100 > num / den  <=>  population * 100 * den > num * capacity
        reach = f"{covered} AND {p} * {100 * den} > {c} * {num}"
        cols.append(f"  {s(f'CASE WHEN {reach} THEN 1 ELSE 0 END')} AS {name(f'above_{label}_facilities')}")
        cols.append(f"  {s(f'CASE WHEN {reach} THEN {p} ELSE 0 END')} AS {name(f'above_{label}_people')}")
    group_by = f"{name(date)}" + (f", {name(group)}" if group else "")
    return "SELECT\n" + ",\n".join(cols) + f"\nFROM {table}\nGROUP BY {group_by}\n"


def finish(
    partials: Any,
    *,
    kind: str,
    thresholds: Sequence[float] = (),
    by_group: bool = True,
    output: str = "polars",
) -> Any:
    """The summary from partial sums (any DataFrame or Arrow table with the columns
    :func:`partials_sql` writes; rows of several shards are added up): the system row
    (``group == "all"``) then each group per date — the columns of ``Panel.summarize``, with
    ``median_prisoner_occupancy_percent`` null (it is not a sum). ``occupancy_percent`` is the
    exact ratio of the summed integers, rounded once in the crate.

    >>> import pyarrow as pa
    >>> import datetime
    >>> shard = lambda pop, cap: {"date": [datetime.date(2024, 6, 30)], "grp": ["N"],
    ...     "facilities": [1], "covered_facilities": [1], "population": [pop],
    ...     "capacity": [cap], "surplus": [max(0, pop - cap)],
    ...     "over_capacity_facilities": [int(pop > cap)],
    ...     "people_in_over_capacity": [pop if pop > cap else 0], "population_reported": [pop],
    ...     "lacks_population": [0], "lacks_capacity": [0], "lacks_both": [0]}
    >>> parts = pa.concat_tables([pa.table(shard(160, 100)), pa.table(shard(40, 100))])
    >>> s = finish(parts, kind="design", output="pyarrow").to_pylist()[0]
    >>> s["occupancy_percent"], s["surplus"], s["median_prisoner_occupancy_percent"]
    (100.0, 60, None)
    """
    labels = threshold_names(thresholds)
    cols = ["date", "grp", "facilities", "covered_facilities", "population", "capacity",
            "surplus", "over_capacity_facilities", "people_in_over_capacity",
            "population_reported", "lacks_population", "lacks_capacity", "lacks_both"]
    for label in labels:
        cols += [f"above_{label}_facilities", f"above_{label}_people"]
    stream = arrow_stream_of(partials, cols)
    return to_frame(_native.finish_partials(stream, kind, labels, by_group), output)
