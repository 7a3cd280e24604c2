"""Arrow tables from the extension → the DataFrame a user asked for (polars by default)."""

from __future__ import annotations

from typing import Any

OUTPUTS = ("polars", "pandas", "pyarrow", "arrow")


def to_frame(table: Any, output: str = "polars") -> Any:
    """Turn an Arrow PyCapsule table into a polars, pandas or pyarrow frame.

    ``output="arrow"`` returns the table as it is (it has ``__arrow_c_stream__``).
    """
    if output == "polars":
        try:
            import polars as pl
        except ImportError as e:  # pragma: no cover - depends on the environment
            raise ImportError(
                "output='polars' needs polars: pip install polars "
                "(or ask for output='pandas' / 'pyarrow')"
            ) from e
        return pl.DataFrame(table)
    if output == "pyarrow":
        import pyarrow as pa

        return pa.table(table)
    if output == "pandas":
        import pyarrow as pa

        return pa.table(table).to_pandas()
    if output == "arrow":
        return table
    raise ValueError(f"output={output!r}: one of {', '.join(repr(o) for o in OUTPUTS)}")


def arrow_stream_of(frame: Any, columns: "list[str]") -> Any:
    """An object with ``__arrow_c_stream__`` holding (at least) ``columns`` of ``frame``."""
    # polars: select first (no copy); the others export every column.
    try:
        import polars as pl
    except ImportError:
        pl = None
    # (a column that is not there is left to the extension, which names the ones that are)
    if pl is not None and isinstance(frame, pl.LazyFrame):
        names = set(frame.collect_schema().names())
        frame = frame.select([c for c in columns if c in names]).collect()
    elif pl is not None and isinstance(frame, pl.DataFrame):
        frame = frame.select([c for c in columns if c in frame.columns])
    if hasattr(frame, "__arrow_c_stream__"):
        return frame
    # pandas without the protocol, a DuckDB relation of an older version, ...
    mod = type(frame).__module__.split(".")[0]
    if mod == "pandas":
        import pyarrow as pa

        return pa.Table.from_pandas(frame[[c for c in columns if c in frame.columns]],
                                    preserve_index=False)
    if hasattr(frame, "arrow"):
        return frame.arrow()
    if hasattr(frame, "to_arrow"):
        return frame.to_arrow()
    raise TypeError(
        f"expected a DataFrame or table with the Arrow PyCapsule interface (polars, pandas, "
        f"pyarrow, DuckDB), got {type(frame).__name__}"
    )
