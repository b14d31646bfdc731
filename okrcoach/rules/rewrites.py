"""Rewrites and questions a person would accept, built from the key result's own words.

A suggestion names the key result's own noun phrase (:mod:`.phrases`) only where the
engine is sure what it is: a metric the lexicon knows ("memory usage"), or an artefact or
activity the work makes ("the pricing page", "OSPOCon"), never the people doing the work.
No confident piece, no rewrite: the coaching question speaks alone. Placeholders stay short
(``<baseline>``, ``<target>``, ``<the metric this should move>``): the whole sentence is
never put in angle brackets. Suggestions are built for the flagged rows only, so plain
Python per row is cheap.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

import pandas as pd

from . import phrases
from . import text as tx
from .wording import plural

METRIC = "<the metric this should move>"


def _lower(phrase: str) -> str:
    """A phrase to put mid-sentence: lower case, except acronyms and names in capitals."""
    return " ".join(
        w if w.isupper() or w[1:] != w[1:].lower() else w.lower() for w in phrase.split()
    )


def _metric_head(phrase: str) -> bool:
    return bool(re.search(rf"(?:^|\s){phrases.metric_terms()}$", phrase.lower()))


def _artefact_head(phrase: str) -> bool:
    """A phrase about a thing the work makes: its head is an artefact or activity noun, and
    it does not open with a word that can only be a verb ("attract 15 profiles")."""
    from lemminflect import getAllLemmas

    words = phrase.lower().split()
    lemmas = getAllLemmas(words[0])
    verb_only = "VERB" in lemmas and "NOUN" not in lemmas and "ADJ" not in lemmas
    if verb_only and not words[0].endswith("ing"):  # "pricing page" is a thing
        return False
    head = words[-1]
    forms = {head, head[:-1] if head.endswith("s") else head, head[:-3] + "y"}
    artefacts = tx.word_list("artefact_nouns").pattern()
    nouns = rf"(?:{artefacts}|{tx.word_list('activity_nouns').pattern()})"
    return any(re.fullmatch(nouns, form) for form in forms) or " ".join(words[-2:]) in {
        "case studies",
        "blog posts",
    }


def _opens_with_verb(phrase: str, text: str) -> bool:
    """The phrase is the key result's first word, and that word can be a verb: "Book at
    least three presentations" names the work, not a thing it makes."""
    from lemminflect import getAllLemmas

    first = phrase.split()[0]
    return tx.strip_prefix(text.strip().lower()).startswith(first.lower()) and (
        "VERB" in getAllLemmas(first.lower())
    )


def _actor(phrase: str) -> bool:
    head = phrase.split()[-1].lower()
    return bool(re.fullmatch(_people(), head) or re.fullmatch(_people(), head.rstrip("s")))


@cache
def _people() -> str:
    roles = tx.word_list("role_nouns").pattern()
    population = tx.word_list("population_nouns").pattern()
    return f"(?:{roles}|{population}|teams?|squads?|we|us|staff|people)"


def measure_of(texts: pd.Series) -> pd.Series:
    """The key result's own metric ("memory usage") where its noun phrase ends in a metric
    the lexicon knows, else the generic placeholder (and no rewrite: see lint)."""
    return pd.Series(
        [_measure(t if isinstance(t, str) else "") for t in texts.tolist()],
        index=texts.index,
        dtype=object,
    )


def forget() -> None:
    """Drop the rewrites kept per text (for benchmarks that time a cold run)."""
    _measure.cache_clear()
    _work_metric.cache_clear()
    _named.cache_clear()


@lru_cache(maxsize=65536)
def _measure(text: str) -> str:
    p = phrases.noun_phrase(text)
    return METRIC if p is None or not _metric_head(p) else p


def metric_for_work(texts: pd.Series) -> pd.Series:
    """For work on an artefact: '<what the onboarding guide should change>', else the
    placeholder (and no rewrite).

    Not where the phrase names the people doing the work ("the team", "support agents"):
    the actor is not what moves the metric."""
    return pd.Series(
        [_work_metric(t if isinstance(t, str) else "") for t in texts.tolist()],
        index=texts.index,
        dtype=object,
    )


@lru_cache(maxsize=65536)
def _work_metric(text: str) -> str:
    p = phrases.noun_phrase(text)
    if (
        p is not None
        and phrases.is_name(p)
        and not tx.strip_prefix(text.strip().lower()).startswith(p.lower())
    ):
        return f"<what {p} should change>"  # "OSPOCon", "Webmaker": a name takes no article
    if p is None or _actor(p) or not _artefact_head(p) or _opens_with_verb(p, text):
        return METRIC
    if not _makes(text):  # "triage all incoming bug reports": the reports are not made here
        return METRIC
    return f"<what the {_lower(p)} should change>"


def _makes(text: str) -> bool:
    """The key result's work makes something: it opens with a verb of making, or with no
    verb at all ("the portal is live", "20 case studies added")."""
    first = tx.strip_prefix(text.strip().lower()).split(" ", 1)[0]
    return first in _MAKING or first not in phrases.verbs()


#: Verbs whose object is what the work makes ("triage the bug reports" makes no reports).
_MAKING = frozenset(
    "launch ship build create write publish release design develop draft produce deliver "
    "implement introduce host run hold establish set add prototype record film organise "
    "organize prepare document define compose author make finish complete".split()
)


def work_phrase(texts: pd.Series) -> pd.Series:
    """The artefact the work makes, where the engine found it with confidence ("checkout
    page"), else None."""
    out = metric_for_work(texts)
    return out.str.extract(r"^<what (.+) should change>$", expand=False).astype(object)


def metric_phrase(texts: pd.Series) -> pd.Series:
    """The metric the key result names, where the lexicon knows its head ("memory
    usage"), else None."""
    out = measure_of(texts)
    return out.where(out.ne(METRIC), None).astype(object)


#: Metrics that are better when lower: a rewrite cuts them.
_LOWER_IS_BETTER = re.compile(
    r"\b(?:cost|costs|spend|latency|memory|errors?|churn|attrition|turnover|time|times|"
    r"incidents?|defects?|bugs?|downtime|outages?|backlog|crash\w*|load|burn|waste|delay|"
    r"delays|complaints?|escalations?|tickets|p50|p90|p95|p99|mttr|cac)\b"
)


def lower_is_better(phrase: str) -> bool:
    return bool(_LOWER_IS_BETTER.search(phrase.lower()))


def toward(metrics: pd.Series) -> pd.Series:
    """'Cut ' for a metric better when lower (load time, churn), else 'Raise ' (missing
    metrics included), for a rewrite that opens with the way the metric should move."""
    return pd.Series(
        ["Cut " if isinstance(m, str) and lower_is_better(m) else "Raise " for m in metrics],
        index=metrics.index,
        dtype=object,
    )


def goal_of(ctx, i: pd.Index) -> pd.Series:
    """Each key result's objective, quoted and cut at a word near 60 characters, or None
    where there is none to quote (a placeholder in parentheses)."""
    titles = ctx.memo("quoted objectives", lambda: _quoted_titles(ctx.objectives))
    return pd.Series(
        [titles.get(o) for o in ctx.key_results["objective_id"][i].tolist()],
        index=i,
        dtype=object,
    )


def _quoted_titles(objectives: pd.DataFrame) -> dict[str, str | None]:
    first = objectives.drop_duplicates("objective_id")
    return {
        o: _quoted(t) if isinstance(t, str) else None
        for o, t in zip(first["objective_id"].tolist(), first["title"].tolist(), strict=True)
    }


def _quoted(title: str) -> str | None:
    title = " ".join(str(title).split()).rstrip(".")
    if not title or title.startswith("(") or len(title) > 80:
        return None  # a long objective is not quoted cut: the question asks without it
    first = title.split(" ", 1)[0].lower()
    if first in phrases.verbs() and first not in _GOAL_VERBS:
        return None  # "Finish the DAO structure" is itself a task: no progress to measure
    return f"“{title}”"


#: Verbs that open goals rather than tasks ("Make paying effortless", "Grow the community").
_GOAL_VERBS = frozenset(
    "make grow increase improve reduce become be help enable empower raise build keep "
    "strengthen expand deepen scale".split()
)


def named_metric(texts: pd.Series) -> pd.Series:
    """The metric a key result names anywhere, with the word that qualifies it ("participant
    satisfaction", "test run time"), else None."""
    return pd.Series(
        [_named(t) if isinstance(t, str) else None for t in texts.tolist()],
        index=texts.index,
        dtype=object,
    )


@lru_cache(maxsize=65536)
def _named(text: str) -> str | None:
    found = _named_pattern().search(text.lower())
    if not found:
        return None
    words = found["m"].split()
    if len(words) > 1 and words[0] in _NOT_QUALIFIERS:
        words = words[1:]
    if re.fullmatch(tx.word_list("activity_nouns").pattern(), words[-1]):
        return None  # "8 sessions" hosted are activity, not a measure
    return " ".join(words)


@cache
def _named_pattern() -> re.Pattern:
    metric = tx.word_list("metric_terms").pattern()
    return re.compile(rf"(?:^|[^\w\-])(?P<m>(?:[a-z\-]+\s+)?{metric})(?:$|[^\w\-])")


_NOT_QUALIFIERS = frozenset(
    "the a an our their your its of to in on for and or by with from at is are be raise cut "
    "increase reduce improve grow keep lower higher more less".split()
)


def finished(verb: str, kind: str) -> str:
    """How the work reads once finished: 'launch' -> 'launched'; a participle as it is."""
    from .evidence import participle

    if kind == "done" and verb.isalpha() and verb in {participle(v) for v in _MAKING}:
        return verb
    if kind == "task verb" and verb in phrases.task_verbs() and verb in _MAKING:
        return participle(verb)  # "launched"; not "trained", "attended", "run" of people
    return {"artefact": "in place", "capability": "available", "hire": "hired"}.get(kind, "done")


def done_question(ctx, i: pd.Index, terms: pd.Series, kinds: pd.Series) -> pd.Series:
    """'What should be different once the checkout page is launched, and which number would
    show progress on “<objective>”?' (the artefact and the objective where there are)."""
    texts = ctx.key_results["text"][i]
    asked = []
    for once, goal, named in zip(
        once_done_all(texts, terms, kinds).tolist(),
        goal_of(ctx, i).tolist(),
        named_metric(texts).tolist(),
        strict=True,
    ):
        if named is not None:
            asked.append(f"Which value of {named} would show this worked, and what is it today?")
        elif goal is not None:
            asked.append(
                f"What should be different {once}, and which number would show progress on {goal}?"
            )
        else:
            asked.append(f"What should be different {once}, and which number would show it?")
    return pd.Series(asked, index=i, dtype=object)


def once_done_all(texts: pd.Series, terms: pd.Series, kinds: pd.Series) -> pd.Series:
    """:func:`once_done` for key results, from their text and their work evidence."""
    return pd.Series(
        [
            once_done(p, finished(v, k))
            for p, v, k in zip(
                work_phrase(texts).tolist(),
                terms.astype(str).tolist(),
                kinds.astype(str).tolist(),
                strict=True,
            )
        ],
        index=texts.index,
        dtype=object,
    )


def once_done(phrase: str | None, did: str) -> str:
    """'once the checkout page is launched' (the artefact where the engine is sure of it)."""
    if not isinstance(phrase, str) or not phrase:
        return f"once this is {did}"
    return f"once {phrase} {'are' if plural(phrase) else 'is'} {did}"


#: A deadline the key result states itself ("by the end of Q2", "by June 2024").
_OWN_DEADLINE = (
    r"\b(?P<by>(?:by|before|until)\s+(?:the\s+)?(?:end\s+of\s+(?:the\s+)?)?"
    r"(?:q[1-4]|h[12]|fy\s?\d+|eo[qy]|quarter|year|month|(?:19|20)\d\d|"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*|\d{1,2}(?:st|nd|rd|th)?\s+[a-z]+)"
    r"[\w ,/]{0,16}?)(?=[.;)]|,\s|$)"
)


def due(ctx, i: pd.Index) -> pd.Series:
    """' by <date>' to end a rewrite: the key result's own deadline as written, else its due
    date or the quarter's end; nothing where the key result names a period some other way
    ("2Q18", "(Q4 2018)"), so a rewrite never contradicts it."""
    texts = ctx.key_results["text"][i].fillna("")
    if len(texts) <= tx.SMALL and tx.PYTHON_REGEX.get():  # a draft: a few texts, in Python
        return pd.Series(
            [
                _ending(*_deadline_of(text), date)
                for text, date in zip(texts.tolist(), ctx.due[i].tolist(), strict=True)
            ],
            index=i,
            dtype=object,
        )
    own = tx.extract(texts, "(?i)" + _OWN_DEADLINE)["by"].str.strip().astype(object)
    dated = tx.contains(texts, _DATED)
    by = (" " + own).fillna(pd.Series(" by " + ctx.due[i], index=i).where(~dated, ""))
    return by.astype(object)


def _ending(own: str | None, dated: bool, date: str) -> str:
    return f" {own}" if own else ("" if dated else f" by {date}")


@lru_cache(maxsize=4096)
def _deadline_of(text: str) -> tuple[str | None, bool]:
    """The deadline a text states itself, and whether it names a period (see :func:`due`)."""
    own = re.compile("(?i)" + _OWN_DEADLINE, re.ASCII).search(text)  # re caches compiles
    by = own["by"].strip() if own and own["by"] else None
    return by or None, re.search(_DATED, text, re.ASCII) is not None


#: A period named in the text: "2Q18", "Q4 2018", "FY24", "H2", "2025", "June".
_DATED = (
    r"(?i)\b(?:[1-4]q\d{2}|q[1-4]|h[12]|fy\s?\d{2,4}|(?:19|20)\d\d|"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*)\b"
)


def other_baseline(ctx, i: pd.Index) -> pd.Series:
    """' from <baseline>' for a rewrite about another metric than the key result's own,
    whose numbers are not that metric's: '' where the key result states a baseline (of its
    own metric), so the author is not asked for one they gave."""
    stated = ctx.baseline[i].notna() | ctx.kr_text.baseline_in_text[i]
    return pd.Series(" from <baseline>", index=i, dtype=object).where(~stated, "")


def from_baseline(ctx, i: pd.Index, placeholder: str = "<baseline>") -> pd.Series:
    """' from 35' (the known baseline), ' from <baseline>', or '' where the text states one
    the rules cannot read as a number ('(today 125k)')."""
    known = ctx.baseline[i]
    stated = ctx.kr_text.baseline_in_text[i]
    out = pd.Series(
        [
            f" from {b:g}" if b == b else ("" if s else f" from {placeholder}")
            for b, s in zip(known.tolist(), stated.tolist(), strict=True)
        ],
        index=i,
        dtype=object,
    )
    return out
