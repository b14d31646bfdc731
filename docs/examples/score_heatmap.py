"""Quality score per team and quarter, derived from the findings."""

import okrcoach
from okrcoach import charts, demo

goals = demo.build()
_, teams = okrcoach.scores(goals, okrcoach.lint(goals))
chart = charts.score_heatmap(
    teams[teams["team"].isin(goals.objectives.loc[goals.objectives["level"] == "team", "team"])]
)
