from typing import Optional

class OvercrowdingError(ValueError):
    kind: str
    line: Optional[int]
    column: Optional[str]
    facility: Optional[str]
    date: Optional[str]
    value: Optional[str]
    sheet: Optional[str]
    cell: Optional[str]
    row: Optional[int]
    problem: Optional[str]
    def __init__(self, message: str, **fields: object) -> None: ...

def __getattr__(name: str) -> type[OvercrowdingError]: ...
