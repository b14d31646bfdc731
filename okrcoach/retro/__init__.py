"""Quarterly retrospectives: one team's review, its report, and the batch that writes one
report per team.

- :mod:`.team`: :func:`team_retro`, everything one team's review shows (:class:`TeamRetro`),
  sliced from the analysed organisation (:mod:`okrcoach.organisation`);
- :mod:`.prompts`: candidate objectives and the review questions drawn from the numbers;
- :mod:`.report`: the report's HTML sections, for ``notebooks/retro.ipynb``;
- :mod:`.batch`: ``okrcoach retro``, the notebook run once per team (on warm kernels or a
  Dask cluster), with an index page and a summary table.
"""

from .team import TeamRetro, retro_as_of, team_retro

__all__ = ["TeamRetro", "retro_as_of", "team_retro"]
