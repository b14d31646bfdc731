"""What the property tests of every way in share: how hard Hypothesis tries, and which
problems are about one cell (and so must name where it is, its column and its value)."""

from __future__ import annotations

from hypothesis import HealthCheck, settings

EXAMPLES = 200
#: Derandomized so CI is deterministic; no deadline, the budget is the number of examples.
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

#: Problems about one cell: they must name where it is (a row, or a database key), its
#: column and its value.
CELL_REASONS = {
    "duplicate_key",
    "orphan",
    "bad_number",
    "bad_date",
    "bad_quarter",
    "bad_enum",
    "out_of_range",
    "too_long",
}
