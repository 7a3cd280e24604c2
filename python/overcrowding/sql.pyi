from typing import Any, Iterable, List, Literal, Optional, Sequence

def threshold_names(thresholds: Iterable[float]) -> List[str]: ...
def partials_sql(
    table: str,
    *,
    id: str,
    date: str,
    population: str,
    capacity: str,
    group: Optional[str] = ...,
    thresholds: Sequence[float] = ...,
    dialect: Literal["ansi", "duckdb", "postgres", "spark", "bigquery"] = ...,
) -> str: ...
def finish(
    partials: Any,
    *,
    kind: str,
    thresholds: Sequence[float] = ...,
    by_group: bool = ...,
    output: Literal["polars", "pandas", "pyarrow", "arrow"] = ...,
) -> Any: ...
