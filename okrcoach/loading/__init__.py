"""Goal data in: every source okrcoach reads, and the checks every source goes through.

- :mod:`.loader`: :func:`load` (``okrcoach.load``), which picks the reader for a source;
- :mod:`.sources`: paths and database URLs, and the loader's settings
  (``[tool.okrcoach.columns]``, ``[tool.okrcoach.sql]``);
- :mod:`.readers`: workbooks and CSV folders; :mod:`.drafts`: YAML and JSON drafts;
  :mod:`.sql`: databases (read and written); :mod:`.exports`: OKR tools' export files;
- :mod:`.columns`: column-wise parsing; :mod:`.validate` and :mod:`.references`: the checks,
  which report every problem at once with its file, sheet, row and column.
"""

from .loader import load

__all__ = ["load"]
