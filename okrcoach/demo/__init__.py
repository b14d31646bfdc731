"""Made-up goal data to start from: the demo organisation and the starter workbook.

- :mod:`.organisation`: Tallyfield, the demo organisation (:func:`build`, :func:`write`,
  :func:`ensure` for a cached copy on disk, :data:`PLANTED`: the patterns it hides), read
  from ``demo_org.yaml``;
- :mod:`.builder`: how its objectives, key results, check-ins and KPI values are made;
- :mod:`.starter`: the starter workbook users copy (one example row a table, a README).
"""

from .builder import QUARTERS
from .organisation import PLANTED, build, ensure, spec, write

__all__ = ["PLANTED", "QUARTERS", "build", "ensure", "spec", "write"]
