"""A key result's own noun phrase: the words a rewrite may quote.

Found by dropping the lead verb, a label, determiners, states ("complete") and possessives,
and cutting at the first preposition, conjunction or punctuation; kept only where its head
is a word known as a noun (lemminflect), an artefact or metric the lists know, an acronym
or a name.
"""

from __future__ import annotations

import re
from functools import cache

from . import text as tx

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
#: States a deliverable is said to be in, before its name ("a complete onboarding guide").
_STATES = frozenset(
    "complete completed finished final updated revised documented written working functional "
    "first initial live public published".split()
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
def verbs() -> frozenset[str]:
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
def task_verbs() -> frozenset[str]:
    """The verbs that start a task, in their base form ("launch", "roll out")."""
    return frozenset(tx.word_list("output_verbs").terms)


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
    lead_verbs = verbs()
    words = _without_lead_verb(words, lead_verbs)
    phrase: list[str] = []
    for word in words:
        low_word = word.lower()
        if not phrase and (
            low_word in _DETERMINERS
            or low_word in _BOUNDS
            or low_word in _STATES
            or low_word[0].isdigit()
        ):
            continue
        if word == "#":
            phrase.append("number")
            continue
        if low_word in _STOP and len(phrase) >= 1:
            break
        if low_word in _AUXILIARIES or (
            phrase and low_word in lead_verbs and not _plural_noun(low_word)
        ):
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
    while len(phrase) > 1 and phrase[0].lower() in _bad_heads() and _adjective(phrase[0].lower()):
        phrase.pop(0)  # "complete onboarding guide": the verb is an adjective here
    if not phrase:
        return None
    if phrase[0].lower() in _bad_heads() or not _known_head(phrase[-1]):
        return None
    return " ".join(phrase)


@cache
def _adjective(word: str) -> bool:
    from lemminflect import getAllLemmas

    return "ADJ" in getAllLemmas(word)


@cache
def _plural_noun(word: str) -> bool:
    """'posts', 'reviews': a plural noun that a verb list also holds as a third person."""
    from lemminflect import getAllLemmas

    return word.endswith("s") and "NOUN" in getAllLemmas(word)


def _without_lead_verb(words: list[str], verbs: frozenset[str]) -> list[str]:
    """The words after the lead verb, and after a second one joined to it ("define and
    describe", "launch/test", "roll out")."""
    if len(words) >= 2 and words[0].lower().endswith("ly") and words[1].lower() in verbs:
        words = words[1:]  # "quickly ship ..."
    if len(words) >= 2 and f"{words[0]} {words[1]}".lower() in _phrasal():
        return words[2:]  # "roll out", "set up"
    if words and (
        words[0].lower() in verbs
        or words[0].lower() in {"to", "successfully", "further"}
        or "/" in words[0]
        and all(p.lower() in verbs for p in words[0].split("/") if p)
    ):
        words = words[1:]
        if len(words) >= 2 and words[0].lower() in {"and", "or", "/", "&"}:
            words = words[2:] if words[1].lower() in verbs else words[1:]
    return words


@cache
def _known_head(word: str) -> bool:
    """Whether the phrase ends in a word known to be a noun, or a name written as one
    (an acronym): a bare feature name ("build-std") is not a phrase to build a rewrite on."""
    from lemminflect import getAllLemmas

    low = word.lower()
    if low == "number" or (word.isupper() and len(word) >= 2):
        return True
    listed = f"(?:{tx.word_list('artefact_nouns').pattern()}|{metric_terms()})"
    return "NOUN" in getAllLemmas(low) or bool(re.fullmatch(listed, low)) or is_name(word)


@cache
def metric_terms() -> str:
    return tx.word_list("metric_terms").pattern()


def is_name(phrase: str) -> bool:
    """One word written as a name: capitalised with lower case after ("OSPOCon")."""
    return (
        " " not in phrase
        and phrase[:1].isupper()
        and any(c.islower() for c in phrase[1:])
        and phrase.isalnum()
    )
