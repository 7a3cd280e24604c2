"""The exact metrics and their errors, as a Python user meets them."""

import math

import pytest

import overcrowding as oc


def test_seed_story():
    occ = oc.occupancy(39000, 27000)
    assert occ.percent_rounded(1) == 144.4
    assert occ.percent_rounded() == 144.4
    assert occ.percent_rounded_string(2) == "144.44"
    assert math.isclose(occ.value(), 39000 / 27000)
    assert math.isclose(occ.percent(), 39000 / 270)
    assert float(occ) == occ.value()
    assert repr(occ) == "Ratio(39000/27000 = 144.4%)"
    assert oc.releases_needed(39000, 27000, 100) == 12000
    assert oc.releases_needed(39000, 27000, 120) == 6600
    assert oc.releases_needed(39000, 27000, 120.0) == 6600
    assert oc.pretrial_share(13650, 39000).percent_rounded(0) == 35.0


def test_rounding_is_once_from_the_counts():
    assert oc.occupancy(8521, 10360).percent_rounded(1) == 82.2  # BJS Kansas
    assert oc.occupancy(1, 16).percent_rounded(1) == 6.3
    assert oc.Ratio(8521, 10360) == oc.occupancy(8521, 10360)


def test_range_and_system():
    r = oc.occupancy_range(1200, [1000, 800, 1100])
    assert (r.of_lowest.percent_rounded(1), r.of_highest.percent_rounded(1)) == (150.0, 109.1)
    s = oc.system_occupancy([(160, 100), (40, 100)])
    assert s.ratio.percent() == 100.0
    assert (s.facilities, s.overcrowded_facilities, s.people_in_overcrowded, s.surplus) == (2, 1, 160, 60)
    assert (s.population, s.capacity) == (200, 200)
    # numpy-like ints (anything with __index__) are counts too
    class Index:
        def __index__(self):
            return 7
    assert oc.occupancy(Index(), 7).percent() == 100.0


def test_crate_errors_are_typed_exceptions():
    with pytest.raises(oc.OvercrowdingError) as e:
        oc.occupancy(100, 0)
    assert e.value.kind == "ZeroDenominator"
    assert type(e.value).__name__ == "ZeroDenominatorError"
    assert isinstance(e.value, ValueError)
    assert e.value.line is None and e.value.facility is None
    with pytest.raises(oc.OvercrowdingError) as e:
        oc.pretrial_share(5, 4)
    assert e.value.kind == "PartExceedsWhole"
    with pytest.raises(oc.OvercrowdingError):
        oc.system_occupancy([])
    with pytest.raises(oc.OvercrowdingError):
        oc.occupancy_range(10, [])
    with pytest.raises(oc.OvercrowdingError):
        oc.occupancy_range(10, [5, 0])
    with pytest.raises(oc.OvercrowdingError):
        oc.releases_needed(10, 5, -1)


@pytest.mark.parametrize(
    "call, exc",
    [
        (lambda: oc.occupancy(-1, 10), ValueError),
        (lambda: oc.occupancy(2**64, 10), ValueError),
        (lambda: oc.occupancy(10**100, 10), ValueError),
        (lambda: oc.occupancy(1.5, 10), TypeError),
        (lambda: oc.occupancy(10.0, 10), TypeError),
        (lambda: oc.occupancy(True, 10), TypeError),
        (lambda: oc.occupancy("10", 10), TypeError),
        (lambda: oc.occupancy(None, 10), TypeError),
        (lambda: oc.occupancy(10), TypeError),
        (lambda: oc.occupancy_range(10, "12"), TypeError),
        (lambda: oc.occupancy_range(10, 12), TypeError),
        (lambda: oc.occupancy_range(10, [12, -1]), ValueError),
        (lambda: oc.system_occupancy([(1, 2, 3)]), TypeError),
        (lambda: oc.system_occupancy("ab"), TypeError),
        (lambda: oc.system_occupancy(None), TypeError),
        (lambda: oc.releases_needed(10, 5, float("nan")), ValueError),
        (lambda: oc.releases_needed(10, 5, float("inf")), ValueError),
        (lambda: oc.releases_needed(10, 5, "100"), TypeError),
        (lambda: oc.occupancy(1, 2).percent_rounded(-1), ValueError),
        (lambda: oc.occupancy(1, 2).percent_rounded(10**6), ValueError),
        (lambda: oc.occupancy(1, 2).percent_rounded(2**70), OverflowError),
        (lambda: oc.Ratio(1, 0), oc.OvercrowdingError),
    ],
)
def test_usage_mistakes_are_value_or_type_errors(call, exc):
    with pytest.raises(exc):
        call()


def test_hostile_inputs_never_panic():
    # PanicException derives from BaseException: a panic would escape `except Exception`.
    huge = 2**64 - 1
    for args in [(huge, 1), (huge, huge), (0, huge), (1, 3)]:
        r = oc.occupancy(*args)
        assert math.isfinite(r.value())
        assert r.percent_rounded_string(20)
    s = oc.system_occupancy([(huge, huge)] * 1000)
    assert s.population == huge * 1000
    assert oc.releases_needed(huge, 1, 1e308) == 0
    assert oc.releases_needed(huge, huge, 0) == huge
    assert oc.releases_needed(huge, 1, 5e-324) >= 0


def test_rounding_rules():
    asti = oc.occupancy(281, 200)  # 140.5 %: Italy's ministry prints 140
    assert asti.percent_rounded(0) == 141.0
    assert asti.percent_rounded(0, rounding="half_to_even") == 140.0
    assert asti.percent_rounded_string(0, rounding="half_to_even") == "140"
    with pytest.raises(ValueError):
        asti.percent_rounded(0, rounding="banker")
