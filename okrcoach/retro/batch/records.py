"""What a batch run is made of: a job per team, what became of it, and the whole run."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class TeamJob:
    """One team's notebook run: what to run and where its files go."""

    team: str
    slug: str
    quarter: str
    parameters: dict
    digest: str
    notebook: str
    out_dir: str
    formats: tuple[str, ...]
    #: where the team sits: its department and its cascade group
    #: (:func:`okrcoach.organisation.teams.team_table`)
    department: str = ""
    cascade: str = ""


@dataclass
class TeamResult:
    """What became of one team: ``done``, ``skipped`` (unchanged) or ``failed``."""

    team: str
    slug: str
    status: str
    digest: str = ""
    headline: dict = field(default_factory=dict)
    error: str | None = None
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    #: where the team's time went, in seconds (see :class:`okrcoach.retro.batch.execute.Executed`)
    timings: dict = field(default_factory=dict)
    department: str = ""
    cascade: str = ""


@dataclass
class BatchResult:
    quarter: str
    out_dir: Path
    results: list[TeamResult]
    wall_seconds: float

    @property
    def index(self) -> Path:
        return self.out_dir / "index.html"

    @property
    def summary(self) -> Path:
        return self.out_dir / "summary.csv"

    @property
    def failed(self) -> list[TeamResult]:
        return [r for r in self.results if r.status == "failed"]


def result_of(job: TeamJob, done) -> TeamResult:
    """What became of ``job`` once its notebook ran (``done``: an ``Executed``)."""
    return TeamResult(
        team=job.team,
        slug=job.slug,
        status="failed" if done.error else "done",
        digest=job.digest,
        headline=done.headline,
        error=done.error,
        seconds=done.timings.get("total", 0.0),
        cpu_seconds=done.cpu_seconds,
        timings=dict(done.timings),
        department=job.department,
        cascade=job.cascade,
    )


__all__ = ["BatchResult", "TeamJob", "TeamResult", "result_of"]
