"""What words in a key result can be: parts of speech from lemminflect's lemma tables,
and the class of the phrase a number counts (a person, an artefact, an activity, reach, a
metric, a unit), from the package's word lists.

A lexicon tells what a word can be; the position tells what it is: the first word of the
main clause, and the head of the phrase after the number, are where outputs and outcomes,
honest counts and gameable ones, differ.
"""

from __future__ import annotations

import re
from functools import cache

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from . import text as tx

_AFTER_NUMBER = re.compile(
    r"(?:^|[^\w.,])(?:[$€£¥₽₹₩₺₴₦₱]?\d[\d,.]*|"
    + tx.NUMBER_WORDS
    + r")\s*(?P<unit>%|[km]\b|x\b)?\+?"
    r"\s*(?:(?:more|new|additional|active|unique|total|paying|qualified|external|internal|"
    r"high-quality|quality|major|key|monthly|weekly|daily|[a-z]+-[a-z]+)\s+){0,2}"
    r"(?P<noun>[a-z][a-z\-']*(?:\s+[a-z][a-z\-']*){0,2})"
)
#: Words that end the phrase after a number: its head is the word before them.
_PHRASE_ENDS = frozenset(
    "to in of by for and or on with per a an the at from into across within over under "
    "than each every this that which who where when while via as is are be will should "
    "have has".split()
)
_UNITS = frozenset(
    "ms s sec secs seconds minutes mins hours hrs days weeks months years percent pts points "
    "x times gb tb mb usd eur gbp dollars euros k m bn".split()
)


@cache
def word_class(word: str) -> str:
    """What a word can be, from lemminflect's lemma tables: the lead features' classes."""
    from lemminflect import getAllLemmas

    if not word:
        return "lead:unknown"
    if word[0].isdigit() or word[0] in "$€£" or word in tx.NUMBER_WORDS.split("|"):
        return "lead:number"
    lemmas = getAllLemmas(word)
    verb, noun = "VERB" in lemmas, "NOUN" in lemmas or "PROPN" in lemmas
    if verb and word.endswith("ing"):
        return "lead:gerund"
    if verb and word.endswith("ed") and word not in lemmas["VERB"]:
        return "lead:participle"
    if verb and not noun:
        return "lead:verb only"
    if verb:
        return "lead:verb or noun"
    if noun or "ADJ" in lemmas:
        return "lead:noun only"
    return "lead:unknown"


LEAD_CLASSES = (
    "lead:verb only",
    "lead:verb or noun",
    "lead:noun only",
    "lead:gerund",
    "lead:participle",
    "lead:number",
    "lead:unknown",
)


def lead_classes(verb: pd.Series, main: pd.Series) -> dict[str, pd.Series]:
    first = tx.extract(main, r"^\W*(?P<w>[\w$€£][\w\-']*)")["w"].fillna("")
    classes = first.map({w: word_class(w) for w in first.unique()})
    return {name: classes.eq(name) for name in LEAD_CLASSES}


@cache
def verb_only(word: str) -> bool:
    from lemminflect import getAllLemmas

    lemmas = getAllLemmas(word)
    return "VERB" in lemmas and "NOUN" not in lemmas and "ADJ" not in lemmas


def any_verb(main: pd.Series) -> pd.Series:
    """Whether any word can only be a verb, or an auxiliary or modal holds the clause."""
    aux = tx.contains(
        main, r"\b(?:is|are|was|were|be|been|has|have|had|will|can|should|must|do|does)\b"
    )
    verbs = sorted(w for w in _vocabulary(main) if verb_only(w))
    if not verbs:
        return aux
    alternation = "|".join(re.escape(w) for w in sorted(verbs, key=len, reverse=True))
    return aux | tx.contains(main, rf"(?:^|[^a-z\-']){alternation}(?:$|[^a-z\-'])")


def _vocabulary(main: pd.Series) -> set[str]:
    """Every word the texts hold, read once."""
    words = pc.split_pattern_regex(
        pa.array(main.to_numpy(dtype=object), type=pa.string()), r"[^a-z\-']+"
    )
    return set(pc.unique(pc.list_flatten(words)).to_pylist()) - {""}


@cache
def noun_class(noun: str, unit: str) -> str:
    if unit == "%" or noun in _UNITS:
        return "number:unit"
    forms = {noun, _singular(noun)}
    for name, listed in (
        ("number:metric", "metric_terms"),
        ("number:vanity", "vanity_terms"),
        ("number:person", "role_nouns"),
        ("number:person", "population_nouns"),
        ("number:activity", "activity_nouns"),
        ("number:artefact", "artefact_nouns"),
    ):
        pattern = tx.word_list(listed).pattern()
        if any(re.fullmatch(pattern, form) for form in forms):
            return name
    return "number:plural" if noun.endswith("s") and not noun.endswith("ss") else ""


def _singular(noun: str) -> str:
    if noun.endswith("ies"):
        return noun[:-3] + "y"
    if noun.endswith(("ches", "shes", "sses", "xes")):
        return noun[:-2]
    return noun[:-1] if noun.endswith("s") and not noun.endswith("ss") else noun


NUMBER_CLASSES = (
    "number:vanity",
    "number:person",
    "number:artefact",
    "number:activity",
    "number:metric",
    "number:unit",
    "number:plural",
)


def counted(text: str) -> tuple[str, str] | None:
    """The number and the phrase it counts, cut after its head: "Write 20 case studies for
    the site" -> ("20", "case studies"); None where the number counts no plural thing."""
    low = text.lower()
    found = re.search(
        r"(?:^|[^\w.,$€£])(?P<n>\d[\d,]*\+?)\s+(?P<p>[a-z][a-z\-']*(?:\s+[a-z][a-z\-']*){0,2})", low
    )
    if not found:
        return None
    words = _cut(found["p"])
    if (
        not words
        or not words[-1].endswith("s")
        or words[-1] in _UNITS
        or noun_class(words[-1], "") in ("number:unit", "number:metric")
    ):
        return None
    return found["n"], " ".join(words)


def head(phrase: str) -> str:
    """The head of the phrase after a number: "blog posts to the site" -> "posts"."""
    words = _cut(phrase)
    return words[-1] if words else ""


def _cut(phrase: str) -> list[str]:
    """The words of a phrase up to the first that ends it ("blog posts to ..." -> 2 words)."""
    words = []
    for word in phrase.split():
        if word in _PHRASE_ENDS:
            break
        words.append(word)
    return words


def number_classes(main: pd.Series) -> dict[str, pd.Series]:
    found = tx.extract(main, _AFTER_NUMBER.pattern)
    phrases = found["noun"].fillna("")
    heads = phrases.map({p: head(p) for p in phrases.unique()})
    key = heads + "\x1f" + found["unit"].fillna("")
    classes = key.map(
        {k: noun_class(*k.split("\x1f")) if k != "\x1f" else "" for k in key.unique()}
    )
    return {name: classes.eq(name) for name in NUMBER_CLASSES}
