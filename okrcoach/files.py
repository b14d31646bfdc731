"""Writing files so that an interruption never leaves half of one.

Everything okrcoach writes (goal workbooks, CSV folders, reports, exports, drafts) goes to
a temporary file beside its destination and is moved in place only once it is complete.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pandas as pd


class atomic_path:  # noqa: N801 - used like a function: ``with atomic_path(p) as tmp``
    """A temporary path beside ``path``, moved onto ``path`` only when the block succeeds.

    >>> with atomic_path(Path("report.html")) as tmp:   # doctest: +SKIP
    ...     tmp.write_text(html)
    """

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)

    def __enter__(self) -> Path:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(
            dir=self.path.parent, prefix=f".{self.path.name}.", suffix=self.path.suffix
        )
        os.close(fd)
        self.tmp = Path(name)
        return self.tmp

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            # mkstemp makes the file private; give it the mode a plain write would have
            mode = self.path.stat().st_mode & 0o777 if self.path.exists() else 0o644
            os.chmod(self.tmp, mode)
            os.replace(self.tmp, self.path)
        else:
            self.tmp.unlink(missing_ok=True)


def write_atomic(path: str | os.PathLike, data: str | bytes) -> Path:
    """Write text (UTF-8) or bytes to ``path`` atomically."""
    path = Path(path)
    with atomic_path(path) as tmp:
        if isinstance(data, str):
            tmp.write_text(data, encoding="utf-8")
        else:
            tmp.write_bytes(data)
    return path


def for_file(table: pd.DataFrame) -> pd.DataFrame:
    """A copy to write: dates without a time of day become plain dates."""
    out = table.copy()
    for c in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[c]):
            s = out[c]
            if (s.dropna() == s.dropna().dt.normalize()).all():
                out[c] = s.dt.date
    return out


def write_workbook(path: str | os.PathLike, sheets: dict[str, pd.DataFrame]) -> Path:
    """Write DataFrames as the sheets of one .xlsx workbook, atomically.

    Text stays text: openpyxl stores a string starting with ``=`` as a formula, which a
    spreadsheet would evaluate, so such cells are marked as strings again.
    """
    path = Path(path)
    with atomic_path(path) as tmp:
        with pd.ExcelWriter(tmp, engine="openpyxl") as writer:
            for name, table in sheets.items():
                for_file(table).to_excel(writer, sheet_name=name, index=False)
                for row in writer.sheets[name].iter_rows():
                    for cell in row:
                        if cell.data_type == "f":
                            cell.data_type = "s"
    return path


__all__ = ["atomic_path", "for_file", "write_atomic", "write_workbook"]
