"""The examples in the extension's docstrings (what `help()` shows) run as doctests; the
pure-Python modules' doctests run through `--doctest-modules --pyargs overcrowding`."""

import doctest

import pytest

import overcrowding
from overcrowding import _native


def _native_examples():
    finder = doctest.DocTestFinder(exclude_empty=True)
    tests = []
    for name in sorted(dir(_native)):
        obj = getattr(_native, name)
        if name.startswith("__") or not (callable(obj) or isinstance(obj, type)):
            continue
        for t in finder.find(obj, name=f"overcrowding.{name}", module=False,
                             globs={"oc": overcrowding}):
            if t.examples:
                tests.append(t)
    return tests


@pytest.mark.parametrize("test", _native_examples(), ids=lambda t: t.name)
def test_native_docstring(test):
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    result = runner.run(test)
    assert result.failed == 0, f"{test.name}: {result.failed} example(s) failed"


def test_there_are_native_examples():
    assert len(_native_examples()) >= 8
