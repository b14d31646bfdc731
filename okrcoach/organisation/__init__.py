"""The organisation analysed once: what the exploration and the retrospectives both read.

- :mod:`.analysed`: :class:`Organisation` (goals, trends, findings, quality scores, teams
  and row lookups, computed once) and :func:`analysed`, which keeps the last one;
- :mod:`.teams`: the team table, each team's department, cascade group and usual level.
"""
