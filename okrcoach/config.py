"""Lint configuration: which rules run, how severe they are, and their thresholds.

Read from ``okrcoach.toml`` or the ``[tool.okrcoach]`` table of ``pyproject.toml``::

    [tool.okrcoach]
    select = ["ALL"]             # codes, prefixes ("GAM"), categories ("focus"), names
    ignore = ["OWN004"]
    min-severity = "warning"     # info < warning < error
    profile = "google"           # default, google, doerr or wodtke thresholds

    [tool.okrcoach.rules."focus.too_many_objectives"]
    max-per-team = 3
    severity = "error"

    [tool.okrcoach.trends]
    anomaly-threshold = 0.876    # anomaly score from which a KPI value is flagged

The most specific selector wins; on a tie ``ignore`` beats ``select``. An unknown code,
option or profile is an error that lists the valid ones.
"""

from __future__ import annotations

import dataclasses
import difflib
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import OkrcoachError
from .rules.base import CATEGORIES, Rule, Severity
from .rules.catalogue import registry
from .trends.anomalies import ANOMALY_THRESHOLD

PROFILES = ("default", "google", "doerr", "wodtke")
# "columns" and "sql" are the loader's (okrcoach.loading.sources.LoadSettings), not lint's
_TOP_KEYS = ("select", "ignore", "min-severity", "profile", "rules", "trends", "columns", "sql")
#: The trend analysis' settings (``[tool.okrcoach.trends]``) and their defaults.
TREND_SETTINGS = {"anomaly-threshold": ANOMALY_THRESHOLD}


class ConfigError(OkrcoachError):
    """A configuration that names something that does not exist, or a wrong value."""

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), self.args)


def _did_you_mean(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f"; did you mean {close[0]}?" if close else ""


def _trend_settings(given: Mapping[str, Any]) -> dict[str, Any]:
    unknown = [k for k in given if k not in TREND_SETTINGS]
    if unknown:
        hint = _did_you_mean(unknown[0], TREND_SETTINGS)
        raise ConfigError(
            f"unknown trends setting {unknown[0]!r}{hint} Settings: {', '.join(TREND_SETTINGS)}"
        )
    return {**TREND_SETTINGS, **given}


def _key(name: str) -> str:
    return name.replace("-", "_")


@dataclass(frozen=True)
class Config:
    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()
    min_severity: Severity = Severity.INFO
    profile: str = "default"
    rules: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    source: str | None = None
    anomaly_threshold: float = ANOMALY_THRESHOLD

    def __post_init__(self) -> None:
        t = self.anomaly_threshold
        if isinstance(t, bool) or not isinstance(t, int | float) or not 0 < t < 1:
            raise ConfigError(f"anomaly-threshold must be a number between 0 and 1, not {t!r}")
        rules = registry()
        for selector in (*self.select, *self.ignore):
            _specificity(selector, next(iter(rules.values())), rules)  # raises when unknown
        if self.profile not in PROFILES:
            hint = _did_you_mean(self.profile, PROFILES)
            raise ConfigError(
                f"unknown profile {self.profile!r}{hint} Profiles: {', '.join(PROFILES)}"
            )
        for ref, opts in self.rules.items():
            rule = find_rule(ref, rules)
            valid = {f.name for f in rule.option_fields()} | {"severity"}
            for name, value in opts.items():
                if _key(name) not in valid:
                    shown = sorted(v.replace("_", "-") for v in valid)
                    raise ConfigError(
                        f"unknown option {name!r} for {rule.code} ({rule.name})"
                        f"{_did_you_mean(name.replace('_', '-'), shown)} Valid options: "
                        + ", ".join(shown)
                    )
                if _key(name) == "severity":
                    Severity.parse(value)
            self.options_for(rule)  # type-check values now, not mid-run

    # -- reading ------------------------------------------------------------------------

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], source: str | None = None) -> Config:
        unknown = [k for k in data if k not in _TOP_KEYS]
        if unknown:
            hint = _did_you_mean(unknown[0], _TOP_KEYS)
            raise ConfigError(
                f"unknown setting {unknown[0]!r}{hint} Settings: {', '.join(_TOP_KEYS)}"
            )

        def strings(value: Any, key: str) -> tuple[str, ...]:
            if isinstance(value, str):
                return (value,)
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigError(f"{key} must be a list of strings, not {value!r}")
            return tuple(value)

        try:
            severity = Severity.parse(data.get("min-severity", "info"))
        except ValueError as exc:
            raise ConfigError(str(exc)) from None
        return cls(
            select=strings(data.get("select", ["ALL"]), "select"),
            ignore=strings(data.get("ignore", []), "ignore"),
            min_severity=severity,
            profile=str(data.get("profile", "default")),
            rules={str(k): dict(v) for k, v in (data.get("rules") or {}).items()},
            source=source,
            anomaly_threshold=_trend_settings(data.get("trends") or {})["anomaly-threshold"],
        )

    @classmethod
    def from_file(cls, path: str | Path) -> Config:
        path = Path(path)
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"cannot read {path}: {exc}") from None
        if path.name == "pyproject.toml":
            data = data.get("tool", {}).get("okrcoach", {})
        return cls.from_mapping(data, str(path))

    @classmethod
    def discover(cls, start: str | Path = ".") -> Config:
        """The nearest okrcoach.toml, or pyproject.toml with [tool.okrcoach], upward."""
        here = Path(start).resolve()
        for folder in (here, *here.parents):
            own = folder / "okrcoach.toml"
            if own.is_file():
                return cls.from_file(own)
            project = folder / "pyproject.toml"
            if project.is_file():
                try:
                    data = tomllib.loads(project.read_text(encoding="utf-8"))
                except (OSError, tomllib.TOMLDecodeError):
                    continue
                if "okrcoach" in data.get("tool", {}):
                    return cls.from_file(project)
        return cls()

    def with_overrides(
        self,
        *,
        select: Iterable[str] | None = None,
        ignore: Iterable[str] | None = None,
        profile: str | None = None,
        min_severity: str | None = None,
    ) -> Config:
        """This configuration with command-line choices on top."""
        changes: dict[str, Any] = {}
        if select:
            changes["select"] = tuple(select)
        if ignore:
            changes["ignore"] = (*self.ignore, *ignore)
        if profile:
            changes["profile"] = profile
        if min_severity:
            try:
                changes["min_severity"] = Severity.parse(min_severity)
            except ValueError as exc:
                raise ConfigError(str(exc)) from None
        return dataclasses.replace(self, **changes)

    # -- applying -----------------------------------------------------------------------

    def is_selected(self, rule: type[Rule]) -> bool:
        rules = registry()
        chosen = max((_specificity(s, rule, rules) for s in self.select), default=-1)
        dropped = max((_specificity(s, rule, rules) for s in self.ignore), default=-1)
        return chosen >= 0 and chosen > dropped

    def selected(self) -> list[type[Rule]]:
        return [rule for rule in registry().values() if self.is_selected(rule)]

    def _user_options(self, rule: type[Rule]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for ref, opts in self.rules.items():
            if find_rule(ref, registry()) is rule:
                out.update({_key(k): v for k, v in opts.items()})
        return out

    def options_for(self, rule: type[Rule]) -> Any:
        values = dict(rule.profiles.get(self.profile, {}))
        values.update({k: v for k, v in self._user_options(rule).items() if k != "severity"})
        typed = {}
        for f in rule.option_fields():
            if f.name not in values:
                continue
            value, default = values[f.name], f.default
            if isinstance(default, tuple):
                if isinstance(value, str) or not isinstance(value, list | tuple):
                    raise ConfigError(
                        f"{rule.code} option {f.name.replace('_', '-')} must be "
                        f"a list, not {value!r}"
                    )
                value = tuple(str(v) for v in value)
            elif isinstance(default, bool | int | float) and (
                isinstance(value, bool) != isinstance(default, bool)
                or not isinstance(value, int | float)
            ):
                raise ConfigError(
                    f"{rule.code} option {f.name.replace('_', '-')} must be a number, not {value!r}"
                )
            typed[f.name] = value
        return rule.options(**typed)

    def severity_for(self, rule: type[Rule]) -> Severity:
        value = self._user_options(rule).get("severity")
        return Severity.parse(value) if value is not None else rule.severity


def find_rule(ref: str, rules: Mapping[str, type[Rule]]) -> type[Rule]:
    """The rule with this code or name; ConfigError, with the closest match, when none."""
    for rule in rules.values():
        if ref in (rule.code, rule.name):
            return rule
    names = [*rules, *(r.name for r in rules.values())]
    raise ConfigError(f"unknown rule {ref!r}{_did_you_mean(ref, names)}")


def _specificity(selector: str, rule: type[Rule], rules: Mapping[str, type[Rule]]) -> int:
    """How specifically ``selector`` names ``rule``: -1 not at all, higher is more specific.

    Raises ConfigError when the selector names nothing at all.
    """
    if selector == "ALL":
        return 0
    if selector in CATEGORIES.values():
        return 3 if rule.category() == selector else -1
    if selector == rule.name:
        return 10
    if selector.isupper() and any(code.startswith(selector) for code in rules):
        return len(selector) if rule.code.startswith(selector) else -1
    if selector in {r.name for r in rules.values()}:
        return -1
    known = [*rules, *CATEGORIES, *CATEGORIES.values(), *(r.name for r in rules.values())]
    prefix = [c for c in rules if c.startswith(selector[:3].upper())]
    hint = f" Known {selector[:3].upper()} rules: {', '.join(prefix)}" if prefix else ""
    raise ConfigError(f"unknown rule selector {selector!r}{_did_you_mean(selector, known)}{hint}")
