"""Agreement in the questions and rewrites: a metric's article, number and verb."""

from __future__ import annotations

_DETERMINERS = frozenset("the a an our your their its this these that those my his her".split())


def stands(metric: str) -> str:
    """'does the conversion rate stand' / 'do the new leads stand': a metric asked about."""
    words = metric.split()
    the = "" if words and words[0].lower() in _DETERMINERS else "the "
    if words and words[0][:1].isupper() and words[0][1:].islower():  # a sentence's capital
        metric = metric[0].lower() + metric[1:]
    return f"{'do' if plural(metric) else 'does'} {the}{metric} stand"


def plural(phrase: str) -> bool:
    """Whether a noun phrase reads as plural ('new leads', not 'process' or 'status'), for
    the verb that follows it."""
    head = phrase.split()[-1] if phrase.split() else ""
    if head.isupper():  # an acronym: NPS, ARR, SUS
        return False
    if head[:-1].isupper() and head.endswith("s"):  # KPIs, OKRs
        return True
    return head.lower().endswith("s") and not head.lower().endswith(("ss", "us", "is"))


__all__ = ["plural", "stands"]
