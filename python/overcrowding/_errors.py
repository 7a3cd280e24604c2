"""The crate's errors as Python exceptions.

Every error the Rust crate reports is raised as a subclass of :class:`OvercrowdingError` named
after its kind (``BadValueError``, ``ZeroDenominatorError``, ...), keeping where the problem is
as attributes: ``.kind``, ``.line`` (1-based line of the file, the header is line 1),
``.column``, ``.facility``, ``.date`` (ISO text), ``.value`` (the offending value as the input had
it), ``.sheet`` and ``.cell`` (spreadsheets). An attribute the error does not know is ``None``.

``OvercrowdingError`` is a ``ValueError``: bad data and bad parameters are wrong values.
Reading a file that does not exist raises ``FileNotFoundError`` as Python's ``open`` does.

>>> import overcrowding as oc
>>> try:
...     oc.occupancy(120, 0)
... except oc.OvercrowdingError as e:
...     print(e.kind, "|", e)
ZeroDenominator | capacity is 0: a ratio needs a positive denominator
"""

from __future__ import annotations

from typing import Dict, Optional, Type

__all__ = ["OvercrowdingError"]


class OvercrowdingError(ValueError):
    """An error reported by the overcrowding crate, with its kind and location.

    Attributes: ``kind``, ``line``, ``column``, ``facility``, ``date``, ``value``, ``sheet``,
    ``cell`` (each ``None`` when unknown).
    """

    kind: str = "Error"
    line: Optional[int] = None
    column: Optional[str] = None
    facility: Optional[str] = None
    date: Optional[str] = None
    value: Optional[str] = None
    sheet: Optional[str] = None
    cell: Optional[str] = None
    row: Optional[int] = None  # 0-based row of a DataFrame (errors found in a frame)
    problem: Optional[str] = None  # what is wrong with the value (NotANumber, Negative, ...)

    def __init__(self, message: str, **fields: object) -> None:
        super().__init__(message)
        for name, val in fields.items():
            setattr(self, name, val)


# The kinds known when this was written; a kind added to the crate later still gets its own
# subclass (created on first use and added to this module).
_KINDS = (
    "ZeroDenominator", "PartExceedsWhole", "ComponentsDisagree", "InvalidParameter", "Empty",
    "MissingCapacity", "NegativeCount", "Overflow", "BadValue", "BadRow", "MissingColumn",
    "WrongColumnType", "Format", "UnknownDataset", "Io", "BadDate", "LimitExceeded",
    "StockFlowMismatch", "AmbiguousFacility", "UnknownFacility", "MissingValue", "ZeroCapacity",
    "Duplicate", "Conflict", "MixedDates", "InvalidValue", "Plot", "NotACount", "OutOfRange",
    "TooLarge", "DuplicateColumn", "UnclosedQuote", "LengthMismatch", "NonUniqueId", "Write",
)
# (the 0.3 error grammar merged NotACount, BadValue and BadDate into InvalidValue, and
# OutOfRange and TooLarge into InvalidParameter with a typed constraint; their classes stay,
# for code that names them, and a crate error of the merged kind is an InvalidValueError or
# an InvalidParameterError)

_CLASSES: Dict[str, Type[OvercrowdingError]] = {}


def _class_for(kind: str) -> Type[OvercrowdingError]:
    cls = _CLASSES.get(kind)
    if cls is None:
        bases: tuple = (OvercrowdingError,)
        if kind in ("Io", "Write"):
            # Reading or writing a file failed: also an OSError, as Python's own I/O.
            bases = (OvercrowdingError, OSError)
        cls = type(kind + "Error", bases, {
            "__doc__": f"The crate's ``{kind}`` error (a subclass of OvercrowdingError).",
            "__module__": __name__,
            "kind": kind,
        })
        _CLASSES[kind] = cls
        globals()[cls.__name__] = cls
        __all__.append(cls.__name__)
    return cls


for _kind in _KINDS:
    _class_for(_kind)


def _from_native(kind: str, message: str, fields: dict) -> OvercrowdingError:
    """Called by the extension: the exception instance for a crate error."""
    return _class_for(kind)(message, kind=kind, **fields)
