"""Quarterly retrospectives in batch: ``notebooks/retro.ipynb`` once per team.

Where the time goes, measured on the demo organisation (2 cores): starting a kernel and
importing pandas, altair and okrcoach into it costs about 3 s of CPU per notebook, the
team's own analysis and charts about 0.3 s, and exporting HTML 0.1 s. So each worker
process keeps **one warm kernel** and runs its teams' notebooks in it one after another,
clearing the kernel's namespace before each (``%reset -f``), instead of paying the start-up
for every team. A team whose notebook fails gets a fresh kernel afterwards, so a broken run
cannot leave state behind for the next team. ``fresh_kernels=True`` starts a new kernel
per team for anyone who prefers that at the cost of speed.

Every file is written to a temporary name and moved into place (no half-written report
after a crash or Ctrl-C). Once a team's files are in place, a small record beside them keeps
its content hash (notebook, data, config, parameters and okrcoach's own code) and headline,
so a re-run redoes only what changed and the index still lists every team.
"""

from ...jupyter.export import export_html
from ...quarters import normalise_quarter
from .execute import headline_of
from .jobs import FORMATS, NOTEBOOK, code_digest, inputs_digest, plan, slugs, team_digest
from .records import BatchResult, TeamJob, TeamResult
from .runner import WARM, run, run_team
from .state import STATE_DIR, SUMMARY_COLUMNS, write_index

__all__ = [
    "FORMATS",
    "NOTEBOOK",
    "STATE_DIR",
    "SUMMARY_COLUMNS",
    "WARM",
    "BatchResult",
    "TeamJob",
    "TeamResult",
    "code_digest",
    "export_html",
    "headline_of",
    "inputs_digest",
    "normalise_quarter",
    "plan",
    "run",
    "run_team",
    "slugs",
    "team_digest",
    "write_index",
]
