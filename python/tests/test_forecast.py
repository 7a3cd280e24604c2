"""Forecasts of plain series: one alone (``forecast``), many together (``forecast_many``)."""

import pytest

import overcrowding as oc

COLUMNS = ["series", "step", "mean", "lower_80", "upper_80", "lower_95", "upper_95", "method"]


def steady(i):
    """The Rust doctest's series (src/forecast/many.rs): 20 years rising by 2 % a year from
    1,000 + 100 i, with noise of 0 to 20."""
    return [
        (1_000.0 + 100.0 * i) * (1.0 + 0.02 * t) + ((t * 7_919 + i * 104_729) % 101) / 5.0
        for t in range(20)
    ]


def test_many_series_learn_together_as_the_crate_does():
    f = oc.forecast_many({f"s{i}": steady(i) for i in range(12)}, frequency="yearly",
                         horizon=3, output="pyarrow")
    assert f.column_names == COLUMNS
    rows = f.to_pylist()
    assert len(rows) == 36
    assert [r["series"] for r in rows[:4]] == ["s0", "s0", "s0", "s1"]
    assert [r["step"] for r in rows[:3]] == [1, 2, 3]
    # The trends persisted in every series: the pool gives the last value no weight, and
    # series 0 (about 1,390 after 20 years, rising by 20) is about 1,450 three years on.
    assert "pooled over 12 yearly series: level share 0.00" in rows[0]["method"]
    assert abs(rows[2]["mean"] - 1_450.0) < 10.0, rows[2]["mean"]
    for r in rows:
        assert r["lower_95"] <= r["lower_80"] <= r["mean"] <= r["upper_80"] <= r["upper_95"]


def test_one_series_alone_keeps_the_default_point_forecast():
    # One series: nothing to test a blend across, so the single-series default's points.
    values = [float(500 + 7 * t + (t * 37) % 11) for t in range(16)]
    many = oc.forecast_many({"only": values}, frequency="yearly", horizon=4, output="pyarrow")
    one = oc.forecast(values, frequency="yearly", horizon=4, output="pyarrow")
    assert many.column("mean").to_pylist() == pytest.approx(one.column("mean").to_pylist())
    assert "pooled over 1 yearly series" in many.column("method")[0].as_py()


def test_a_bad_series_is_named():
    good = steady(0)
    with pytest.raises(oc.OvercrowdingError) as e:
        oc.forecast_many({"Alabama": good, "Alaska": good[:5] + [float("nan")] + good[6:]},
                         frequency="yearly", horizon=2)
    assert e.value.facility == "Alaska", (e.value.facility, str(e.value))
    assert "Alaska" in str(e.value)
    # Values beyond 2^53 are not whole counts (near 1e200 the models' squares overflowed and
    # the forecast was the first value, silently): refused, the value quoted.
    with pytest.raises(oc.OvercrowdingError) as e:
        oc.forecast_many({"Alabama": good, "huge": [1e200 * (t + 1) for t in range(20)]},
                         frequency="yearly", horizon=2)
    assert e.value.facility == "huge" and "1e200" in str(e.value), str(e.value)
    with pytest.raises(oc.OvercrowdingError):
        oc.forecast([1e300 * (t + 1) for t in range(20)], frequency="yearly", horizon=2)


@pytest.mark.parametrize(
    "call, error",
    [
        (lambda: oc.forecast_many({}, frequency="yearly", horizon=2), ValueError),
        (lambda: oc.forecast_many([steady(0)], frequency="yearly", horizon=2), TypeError),
        (lambda: oc.forecast_many({"a": steady(0)}, frequency="weekly", horizon=2), ValueError),
        (lambda: oc.forecast_many({"a": steady(0)}, frequency="yearly", horizon=0), ValueError),
        (lambda: oc.forecast_many({"a": steady(0)}, frequency="yearly", horizon=2,
                                  levels=[1.5]), ValueError),
    ],
)
def test_usage_mistakes_raise(call, error):
    with pytest.raises(error):
        call()


@pytest.mark.parametrize(
    "values, said",
    [
        ([1.0, None, 3.0] + [4.0] * 9, "position 1: None is not a number (a missing value"),
        ([1.0, 2.0, "3"] + [4.0] * 9, "position 2: '3' is not a number"),
        ([True] * 12, "position 0: True is not a number"),
        ("123456789012", "a sequence of numbers, not str"),
    ],
)
def test_values_that_are_not_numbers_are_named_never_converted(values, said):
    with pytest.raises(TypeError) as e:
        oc.forecast(values, frequency="yearly", horizon=2)
    assert said in str(e.value), str(e.value)
    with pytest.raises(TypeError) as e:
        oc.forecast_many({"Alabama": steady(0), "Alaska": values}, frequency="yearly",
                         horizon=2)
    assert "series 'Alaska'" in str(e.value) and said in str(e.value), str(e.value)


def test_a_polars_column_with_a_null_is_refused_at_the_null():
    pl = pytest.importorskip("polars")
    column = pl.Series([float(v) for v in steady(1)]).scatter(7, None)
    with pytest.raises(TypeError, match="position 7: None"):
        oc.forecast_many({"s": column}, frequency="yearly", horizon=2)
