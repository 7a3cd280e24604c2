"""How full are the prisons? Exact occupancy from the counts, system views that do not hide
overcrowded prisons, readers for real published formats; DataFrames in and out.

>>> import overcrowding as oc
>>> oc.occupancy(39000, 27000).percent_rounded(1)       # Cambodia, June 2021
144.4
>>> oc.releases_needed(39000, 27000, 120)               # releases for 120 %
6600
"""

from __future__ import annotations

from ._native import (
    OccupancyRange,
    Ratio,
    SystemOccupancy,
    __version__,
    occupancy,
    occupancy_range,
    pretrial_share,
    releases_needed,
    system_occupancy,
)
from ._errors import OvercrowdingError
from ._panel import (
    Panel,
    bundled_csv,
    dataset,
    forecast,
    forecast_many,
    from_frame,
    read_table,
)
from . import sql
from ._cli import cli

__all__ = [
    "OccupancyRange",
    "OvercrowdingError",
    "Panel",
    "bundled_csv",
    "cli",
    "dataset",
    "forecast",
    "forecast_many",
    "from_frame",
    "read_table",
    "sql",
    "Ratio",
    "SystemOccupancy",
    "__version__",
    "occupancy",
    "occupancy_range",
    "pretrial_share",
    "releases_needed",
    "system_occupancy",
]
