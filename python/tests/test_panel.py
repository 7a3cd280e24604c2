"""Panels from files, datasets and DataFrames; the views as DataFrames; errors with locations."""

import datetime
import pathlib

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import overcrowding as oc

ROOT = pathlib.Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
SYNTH = ROOT / "data" / "us_facilities_feb2020_synthetic.csv"
US = dict(id="Facility.ID", population="Population.Feb20",
          capacity={"design": "Capacity", "operational": "Operational.Capacity"},
          by="State", as_of="2020-02-29")


def test_read_table_and_summarize_by_group():
    p = oc.read_table(DATA / "us_facilities.csv", **US, missing=["NA"], mode="lenient")
    assert (p.accepted_rows, p.rejected_rows) == (4, 2)   # "=1/0" and "many" are not counts
    assert p.rejects()["line"].to_list() == [6, 7]
    assert p.dates == ["2020-02-29"]
    assert set(p.capacity_kinds) == {"design", "operational"}
    with pytest.raises(ValueError, match="several capacity kinds"):
        p.summarize()
    s = p.summarize(kind="design", by="State")
    assert isinstance(s, pl.DataFrame)
    assert s["group"][0] == "all"
    assert s.filter(pl.col("group") == "all")["covered_facilities"][0] <= s["facilities"][0]
    # the spreadsheet copies read the same
    for ext in ("xlsx", "ods"):
        q = oc.read_table(DATA / f"us_facilities.{ext}", **US, missing=["NA"], mode="lenient")
        assert q.summarize(kind="design", by="State").equals(s)


def test_frames_in_every_flavour_give_the_same_summary():
    p = oc.read_table(SYNTH, **US, mode="lenient")
    want = p.summarize(kind="design", by="State")
    # the same rows as a DataFrame: the rows the reader rejected or skipped (a note) dropped,
    # the missing tokens (NA, ..) null
    kept = p.to_frame()["facility_id"]
    num = ["Population.Feb20", "Capacity", "Operational.Capacity"]
    frame = (pl.read_csv(SYNTH, infer_schema=False)
             .filter(pl.col("Facility.ID").is_in(kept.implode()))
             .with_columns([pl.col(c).cast(pl.Int64, strict=False) for c in num]))
    cols = dict(US)
    for f in (frame, frame.lazy(), frame.to_pandas(), frame.to_arrow(),
              frame.to_pandas(use_pyarrow_extension_array=True)):
        q = oc.Panel.from_frame(f, **cols)
        got = q.summarize(kind="design", by="State")
        assert got.equals(want), type(f)
    got = q.summarize(kind="design", by="State", output="pandas")
    assert isinstance(got, pd.DataFrame) and got["population"].tolist()[0] == want["population"][0]
    assert isinstance(q.summarize(kind="design", output="pyarrow"), pa.Table)


def test_dates_from_every_arrow_type():
    base = {"id": ["A", "B"], "p": [120, 80], "c": [100, 100]}
    for d in (
        [datetime.date(2024, 6, 30)] * 2,
        [datetime.datetime(2024, 6, 30, 23, 59)] * 2,
        ["2024-06-30"] * 2,
    ):
        q = oc.Panel.from_frame(pl.DataFrame({**base, "d": d}), id="id", population="p",
                                capacity={"design": "c"}, date="d")
        assert q.dates == ["2024-06-30"]
    q = oc.Panel.from_frame(pd.DataFrame({**base, "d": pd.to_datetime(["2024-06-30"] * 2)}),
                            id="id", population="p", capacity={"design": "c"}, date="d")
    assert q.dates == ["2024-06-30"]


def test_views():
    ew = oc.dataset("hmpps")
    last = ew.summarize(kind="in_use_cna", dates="latest", thresholds=[100, 120]).row(0, named=True)
    assert last["occupancy_percent"] == 107.8
    assert (last["population"], last["capacity"], last["surplus"]) == (85618, 79409, 8801)
    assert last["lacks_capacity"] == 1
    assert last["above_100_facilities"] == 70 and last["above_100_people"] == 56800
    every = ew.summarize(kind="in_use_cna")
    assert every.height == len(ew.dates)
    r = ew.releases(100, kind="in_use_cna", dates="2024-12-31").row(0, named=True)
    assert (r["releases_system"], r["releases_no_facility_above"]) == (6209, 8801)
    assert ew.screen().height > 0
    f = ew.forecast(12, kind="in_use_cna")
    assert f.height == 12 and (f["lower_95"] <= f["mean"]).all() and (f["mean"] <= f["upper_95"]).all()
    assert ew.to_frame().height == len(ew)


def test_strict_read_names_the_bad_cell(tmp_path):
    f = tmp_path / "bad.csv"
    f.write_text("id,held,places\nA,100,90\nB,-3,50\n")
    with pytest.raises(oc.OvercrowdingError) as e:
        oc.read_table(f, id="id", population="held", capacity={"design": "places"},
                      as_of="2024-06-30")
    assert e.value.line == 3
    assert e.value.column == "held"
    assert e.value.facility == "B"
    p = oc.read_table(f, id="id", population="held", capacity={"design": "places"},
                      as_of="2024-06-30", mode="lenient")
    assert (p.accepted_rows, p.rejected_rows) == (1, 1)
    rj = p.rejects()
    assert rj["line"].to_list() == [3] and rj["column"].to_list() == ["held"]


def test_frame_values_that_are_not_counts():
    base = dict(id="id", population="p", capacity={"design": "c"}, as_of="2024-06-30")
    with pytest.raises(oc.OvercrowdingError) as e:
        oc.Panel.from_frame(pl.DataFrame({"id": ["A", "B"], "p": [1, -5], "c": [3, 3]}), **base)
    assert (e.value.row, e.value.column, e.value.facility, e.value.value) == (1, "p", "B", "-5")
    with pytest.raises(oc.OvercrowdingError, match="whole number"):
        oc.Panel.from_frame(pd.DataFrame({"id": ["A"], "p": [1.5], "c": [3]}), **base)
    # NaN (pandas' missing) is "not reported", not 0
    q = oc.Panel.from_frame(pd.DataFrame({"id": ["A", "B"], "p": [float("nan"), 4], "c": [3, 3]}), **base)
    assert q.summarize(output="pyarrow").column("lacks_population")[0].as_py() == 1
    with pytest.raises(KeyError, match="no column"):
        oc.Panel.from_frame(pl.DataFrame({"id": ["A"], "p": [1]}), **base)
    with pytest.raises(TypeError, match="Arrow type"):
        oc.Panel.from_frame(pl.DataFrame({"id": ["A"], "p": ["x"], "c": [3]}), **base)
    with pytest.raises(TypeError, match="PyCapsule"):
        oc.Panel.from_frame([1, 2, 3], **base)
    with pytest.raises(ValueError, match="date"):
        oc.Panel.from_frame(pl.DataFrame({"id": ["A"], "p": [1], "c": [3]}), id="id", population="p")


def test_usage_mistakes():
    c = oc.dataset("cambodia")
    for call, exc in [
        (lambda: oc.dataset("atlantis"), ValueError),
        (lambda: c.summarize(kind="beds"), ValueError),
        (lambda: c.summarize(kind="design", thresholds=[float("nan")]), ValueError),
        (lambda: c.summarize(kind="design", dates="1999-01-01"), ValueError),
        (lambda: c.summarize(kind="design", by="Region"), ValueError),
        (lambda: c.summarize(kind="design", output="excel"), ValueError),
        (lambda: c.releases(-5), ValueError),
        (lambda: c.releases("120"), TypeError),  # float() would have read it
        (lambda: c.releases(True), TypeError),  # and taken this as 1 %
        (lambda: c.releases(None), TypeError),
        (lambda: c.forecast(0), ValueError),
        (lambda: oc.read_table("/nonexistent.csv", id="x", as_of="2024-01-01"), FileNotFoundError),
        (lambda: oc.read_table(DATA / "us_facilities.csv", id="x", as_of="2024-13-01"), ValueError),
        (lambda: oc.read_table(DATA / "us_facilities.csv", id="x", as_of="2024-01-01", mode="loose"), ValueError),
        (lambda: oc.read_table(DATA / "us_facilities.csv", id="x", as_of="2024-01-01", capacity=["a"]), TypeError),
        (lambda: oc.read_table(DATA / "us_facilities.csv", id="x", as_of="2024-01-01", delimiter=";;"), ValueError),
    ]:
        with pytest.raises(exc):
            call()


def test_hostile_frames_raise_python_exceptions_never_panic():
    # pyo3 turns a Rust panic into PanicException, a BaseException: `except Exception` below
    # would not catch it, so a panic fails this test.
    base = dict(id="id", population="p", capacity={"design": "c"}, as_of="2024-06-30")
    big = 2**64 - 1
    cases = [
        pl.DataFrame({"id": ["A", "B"], "p": [big, big], "c": [1, 1]}, schema_overrides={"p": pl.UInt64}),
        pl.DataFrame({"id": ["A", "A"], "p": [1, 2], "c": [3, 3]}),                 # a facility twice
        pl.DataFrame({"id": [None, "B"], "p": [1, 2], "c": [3, 3]}),                 # no id
        pl.DataFrame({"id": ["A"], "p": [1], "c": [0]}),                              # capacity 0
        pl.DataFrame({"id": ["A"], "p": [float("inf")], "c": [3]}),
        pl.DataFrame({"id": ["A"], "p": [1e300], "c": [3]}),
        pl.DataFrame({"id": pl.Series([], dtype=pl.String), "p": pl.Series([], dtype=pl.Int64),
                      "c": pl.Series([], dtype=pl.Int64)}),                           # empty
        pl.DataFrame({"id": ["\u0000", "é" * 10_000], "p": [1, 2], "c": [3, 3]}),
        pl.DataFrame({"id": [1, 2], "p": [1, 2], "c": [3, 3]}),                       # integer ids
        pl.DataFrame({"id": ["A"], "p": [None], "c": [None]}, schema_overrides={"p": pl.Int64, "c": pl.Int64}),
    ]
    for df in cases:
        try:
            p = oc.Panel.from_frame(df, **base)
            for view in (lambda: p.summarize(), lambda: p.releases(100), p.screen, p.to_frame,
                         lambda: p.forecast(3), lambda: p.chart_facilities()):
                try:
                    view()
                except Exception:
                    pass
        except Exception:
            pass
    far = pl.DataFrame({"id": ["A"], "p": [1], "c": [3], "d": pl.Series([2**31 - 1], dtype=pl.Int32).cast(pl.Date)})
    with pytest.raises(oc.OvercrowdingError):
        oc.Panel.from_frame(far, id="id", population="p", capacity={"design": "c"}, date="d")
