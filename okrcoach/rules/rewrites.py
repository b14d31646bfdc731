"""Rewrites a person would accept, built from the key result's own words.

A suggestion names the key result's own noun phrase ("the pricing page", "onboarding
guide"), found by dropping the lead verb, a label, determiners and possessives and cutting
at the first preposition, conjunction or punctuation. Placeholders stay short
(``<baseline>``, ``<target>``, ``<the metric this should move>``): the whole sentence is
never put in angle brackets. Suggestions are built for the flagged rows only, so plain
Python per row is cheap.
"""

from __future__ import annotations

import re
from functools import cache

import pandas as pd

from . import text as tx

METRIC = "<the metric this should move>"
MAX_WORDS = 4
MAX_CHARS = 28

_STOP = frozenset(
    "for to with by in on at from into before after during within across via through under "
    "over as per and or but so which that who whom where when while because if than "
    "including including, e.g. eg etc using towards toward outside without".split()
)
_DETERMINERS = frozenset(
    "a an the our their my your its his her this these those some any all every each "
    "more less new further".split()
)
_BOUNDS = frozenset("at least most up over under about around".split())
_PRONOUNS = frozenset("we us i you he she it they them me this that there here".split())
_AUXILIARIES = frozenset(
    "is are was were be been being has have had can could will would should must may "
    "might do does did get gets got".split()
)
_TRAILING = frozenset("better faster easier simpler stronger great more less".split())
_WORD = re.compile(r"[\w\-'’/&#.+]+|[^\w\s]")


@cache
def _verbs() -> frozenset[str]:
    from .evidence import gerund, participle

    words = {
        *tx.word_list("output_verbs").terms,
        *tx.INCREASE_VERBS,
        *tx.DECREASE_VERBS,
        *tx.MAINTAIN_VERBS,
        *tx.word_list("vague_verbs").terms,
        "have",
        "has",
        "make",
        "keep",
        "do",
        "understand",
        "execute",
        "save",
        "re-queue",
        "plug",
        "push",
        "measure",
        "hit",
        "exist",
        "exists",
        "operate",
        "operating",
    }
    single = {w for w in words if " " not in w}
    return frozenset(
        single
        | {gerund(w) for w in single}
        | {participle(w) for w in single}
        | {w + "s" for w in single}
    )


@cache
def _phrasal() -> frozenset[str]:
    """Two-word verbs that lead work ("roll out", "set up", "kick off")."""
    return frozenset(v for v in tx.word_list("output_verbs").terms if " " in v)


@cache
def _bad_heads() -> frozenset[str]:
    """Words a noun phrase may not start with: a pronoun, a bare verb, an auxiliary."""
    verbs = {*tx.word_list("output_verbs").terms, *tx.INCREASE_VERBS, *tx.DECREASE_VERBS}
    return frozenset(verbs | _PRONOUNS | _AUXILIARIES)


_DANGLING = _STOP | _DETERMINERS | _TRAILING | {"of"}


def noun_phrase(text: str) -> str | None:
    """The key result's own noun phrase, or None where none reads well.

    'Launch a beta version of the single node version of gitbase' -> 'beta version';
    'Our processes, tools and decisions are documented' -> 'processes';
    'Increasing the # of users of the stack' -> '# of users'.
    """
    low = tx.strip_prefix(text.strip().lower())
    offset = len(text.strip()) - len(low)
    words = _WORD.findall(text.strip()[offset:])
    verbs = _verbs()
    if len(words) >= 2 and words[0].lower().endswith("ly") and words[1].lower() in verbs:
        words = words[1:]  # "quickly ship ..."
    # drop the lead verb, and a second one joined to it ("define and describe", "launch/test")
    if len(words) >= 2 and f"{words[0]} {words[1]}".lower() in _phrasal():
        words = words[2:]  # "roll out", "set up"
    elif words and (
        words[0].lower() in verbs
        or words[0].lower() in {"to", "successfully", "further"}
        or "/" in words[0]
        and all(p.lower() in verbs for p in words[0].split("/") if p)
    ):
        words = words[1:]
        if len(words) >= 2 and words[0].lower() in {"and", "or", "/", "&"}:
            words = words[2:] if words[1].lower() in verbs else words[1:]
    phrase: list[str] = []
    for word in words:
        low_word = word.lower()
        if not phrase and (
            low_word in _DETERMINERS or low_word in _BOUNDS or low_word[0].isdigit()
        ):
            continue
        if word == "#":
            phrase.append("number")
            continue
        if low_word in _STOP and len(phrase) >= 1:
            break
        if low_word in _AUXILIARIES or (phrase and low_word in verbs):
            break
        if not re.match(r"[\w#]", word):
            if word == "#":
                phrase.append("number")
                continue
            break
        if low_word == "of" and len(phrase) >= 2:
            break
        phrase.append(word)
        if len(phrase) >= MAX_WORDS:
            break
    while phrase and phrase[-1].lower() in _DANGLING:
        phrase.pop()
    while len(" ".join(phrase)) > MAX_CHARS and len(phrase) > 1:
        phrase.pop()
    if not phrase:
        return None
    if phrase[0].lower() in _bad_heads() or not _known_head(phrase[-1]):
        return None
    return " ".join(phrase)


def _lower(phrase: str) -> str:
    """A phrase to put mid-sentence: lower case, except acronyms and names in capitals."""
    return " ".join(
        w if w.isupper() or w[1:] != w[1:].lower() else w.lower() for w in phrase.split()
    )


def _metric_head(phrase: str) -> bool:
    return bool(re.search(rf"(?:^|\s){_metric_terms()}$", phrase.lower()))


def _artefact_head(phrase: str) -> bool:
    """A phrase about a thing the work makes: its head is an artefact or activity noun, and
    it does not open with a word that can only be a verb ("attract 15 profiles")."""
    from lemminflect import getAllLemmas

    words = phrase.lower().split()
    lemmas = getAllLemmas(words[0])
    if "VERB" in lemmas and "NOUN" not in lemmas:
        return False
    head = words[-1]
    forms = {head, head[:-1] if head.endswith("s") else head, head[:-3] + "y"}
    artefacts = tx.word_list("artefact_nouns").pattern()
    nouns = rf"(?:{artefacts}|{tx.word_list('activity_nouns').pattern()})"
    return any(re.fullmatch(nouns, form) for form in forms) or " ".join(words[-2:]) in {
        "case studies",
        "blog posts",
    }


def _actor(phrase: str) -> bool:
    head = phrase.split()[-1].lower()
    return bool(re.fullmatch(_people(), head) or re.fullmatch(_people(), head.rstrip("s")))


@cache
def _people() -> str:
    roles = tx.word_list("role_nouns").pattern()
    population = tx.word_list("population_nouns").pattern()
    return f"(?:{roles}|{population}|teams?|squads?|we|us|staff|people)"


@cache
def _known_head(word: str) -> bool:
    """Whether the phrase ends in a word known to be a noun, or a name written as one
    (an acronym): a bare feature name ("build-std") is not a phrase to build a rewrite on."""
    from lemminflect import getAllLemmas

    low = word.lower()
    if low == "number" or (word.isupper() and len(word) >= 2):
        return True
    return "NOUN" in getAllLemmas(low) or bool(re.fullmatch(_metric_terms(), low))


@cache
def _metric_terms() -> str:
    return tx.word_list("metric_terms").pattern()


def measure_of(texts: pd.Series) -> pd.Series:
    """The key result's own metric ("memory usage") where its noun phrase ends in a metric
    the lexicon knows, else the generic placeholder (and no rewrite: see lint)."""
    return pd.Series(
        [
            METRIC
            if (p := noun_phrase(t if isinstance(t, str) else "")) is None or not _metric_head(p)
            else p
            for t in texts.tolist()
        ],
        index=texts.index,
        dtype=object,
    )


def metric_for_work(texts: pd.Series) -> pd.Series:
    """For work on an artefact: '<what the onboarding guide should change>', else the
    placeholder (and no rewrite).

    Not where the phrase names the people doing the work ("the team", "support agents"):
    the actor is not what moves the metric."""
    return pd.Series(
        [
            METRIC
            if (p := noun_phrase(t if isinstance(t, str) else "")) is None
            or _actor(p)
            or not _artefact_head(p)
            else f"<what the {_lower(p)} should change>"
            for t in texts.tolist()
        ],
        index=texts.index,
        dtype=object,
    )


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
