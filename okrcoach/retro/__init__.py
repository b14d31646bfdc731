"""Quarterly retrospectives: one team's review, its report, and the batch that writes one
report per team.

- :mod:`.team`: :func:`team_retro`, everything one team's review shows, sliced from the
  analysed organisation (:mod:`okrcoach.organisation`), as a :class:`TeamRetro`
  (:mod:`.contents`);
- :mod:`.prompts`: candidate objectives and the review questions drawn from the numbers;
- :mod:`.report`: the report's HTML sections, for ``notebooks/retro.ipynb``;
- :mod:`.batch`: ``okrcoach retro``, the notebook run once per team (on warm kernels or a
  Dask cluster), with an index page and a summary table.
"""

from .contents import TeamRetro
from .team import retro_as_of, team_retro

__all__ = ["TeamRetro", "retro_as_of", "team_retro"]
