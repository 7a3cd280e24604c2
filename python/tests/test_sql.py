"""The SQL partials, run by DuckDB (from PyPI) on Parquet files, equal the in-process summary
field by field (the population-weighted median excepted: not a sum)."""

import pathlib

import duckdb
import polars as pl
import pyarrow.parquet as pq
import pytest

import overcrowding as oc
from overcrowding import sql

ROOT = pathlib.Path(__file__).resolve().parents[2]
SYNTH = ROOT / "data" / "us_facilities_feb2020_synthetic.csv"


def _compare(want: pl.DataFrame, got: pl.DataFrame):
    assert got.columns == want.columns
    assert got.height == want.height
    for c in want.columns:
        if c == "median_prisoner_occupancy_percent":
            assert got[c].null_count() == got.height
            continue
        assert got[c].cast(want[c].dtype).to_list() == want[c].to_list(), c


@pytest.mark.parametrize("thresholds", [[], [100, 120, 137.5]])
def test_duckdb_partials_equal_the_summary_every_month(tmp_path, thresholds):
    ew = oc.dataset("hmpps")
    f = tmp_path / "ew.parquet"
    pq.write_table(ew.to_frame(output="pyarrow"), f)
    want = ew.summarize(kind="in_use_cna", thresholds=thresholds)
    q = sql.partials_sql(f"read_parquet('{f}')", id="facility_id", date="date",
                         population="population", capacity="capacity_in_use_cna",
                         thresholds=thresholds, dialect="duckdb")
    parts = duckdb.sql(q)
    got = sql.finish(parts, kind="in_use_cna", thresholds=thresholds, by_group=False)
    _compare(want, got)


def test_shards_and_groups_merge(tmp_path):
    p = oc.read_table(SYNTH, id="Facility.ID", population="Population.Feb20",
                      capacity={"design": "Capacity"}, by="State", as_of="2020-02-29",
                      mode="lenient")
    want = p.summarize(kind="design", by="State", thresholds=[120])
    t = p.to_frame(output="pyarrow")
    # two shards, each summed on its own: the partial rows add up
    pq.write_table(t.slice(0, 20), tmp_path / "a.parquet")
    pq.write_table(t.slice(20), tmp_path / "b.parquet")
    parts = []
    for shard in ("a", "b"):
        q = sql.partials_sql(f"read_parquet('{tmp_path / shard}.parquet')", id="facility_id",
                             date="date", population="population", capacity="capacity_design",
                             group="State", thresholds=[120])
        parts.append(duckdb.sql(q).pl())
    got = sql.finish(pl.concat(parts), kind="design", thresholds=[120])
    _compare(want, got)


def test_sql_for_other_engines():
    spark = sql.partials_sql("db.prisons", id="id", date="d", population="p", capacity="c",
                             group="region", thresholds=[120], dialect="spark")
    assert "`p` * 100 > `c` * 120" in spark and "AS BIGINT" in spark
    bq = sql.partials_sql("`proj.ds.prisons`", id="id", date="d", population="p",
                          capacity="c", dialect="bigquery")
    assert "INT64" in bq and "FROM `proj.ds.prisons`" in bq
    with pytest.raises(ValueError):
        sql.partials_sql("t", id="i", date="d", population="p", capacity="c", dialect="oracle")
    with pytest.raises(ValueError):
        sql.partials_sql("t", id="i", date="d", population="p", capacity="c",
                         thresholds=[float("nan")])
