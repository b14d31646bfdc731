"""The thresholds trends are judged by."""

# Status of a key result against the expected (linear) progress for the date.
ON_TRACK = 0.95  # progress >= 0.95 x expected (a published cut-off)
AT_RISK = 0.75  # progress >= 0.75 x expected; below this: off track
PERIOD_WEEKS = 13  # the window of KPI change, slope and forecast
HORIZON_WEEKS = 520  # a target further away than ten years is "not at this trend"
