r"""Reading key-result and objective text, vectorised over whole columns.

Word lists are package data (``rules/data/*.txt``, one term a line, a header naming the
source). Each list becomes one regular expression; every helper here takes and returns
pandas Series, so a rule over 100,000 key results is a handful of regex passes.

Regular expressions run in Arrow's RE2 engine (:func:`contains`, :func:`extract`,
:func:`sub`), which is an order of magnitude faster than Python's on whole columns. RE2
has no look-around, so word boundaries around terms are written as ``(?:^|[^\w-])``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from importlib import resources

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

NUMBER_WORDS = (
    "zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
    "thirty|forty|fifty|hundred|thousand|million|billion|half|double|twice|triple|dozen"
)
# "... from 35% to 50%", "35 -> 50", "to 16.5M from 14M"
_BASELINE = re.compile(
    r"\bfrom\s+(?:about\s+|around\s+|approximately\s+|roughly\s+|~\s*)?[$€£¥₽₹₩₺₴₦₱]?\s*"
    r"(?:\d[\d.,]*\s*(?:%|[km]\b)|\d[^;]{0,40}?\bto\b|\d[\d.,]*\+?\s+by\b|"
    r"(?:x|y|n)\s*%?\s+to\b)|\bto\s+[$€£¥₽₹₩₺₴₦₱]?\d[^;]{0,30}?\bfrom\s+[$€£¥₽₹₩₺₴₦₱]?\d|"
    r"\d[\d.,]*\s*(?:%|[km]\b|\w+)?\s*(?:→|-+>|=+>)\s*[$€£¥₽₹₩₺₴₦₱]?\d|"
    # "56 to 60", "70% to 80%", "$83k/mo to $93k/mo", "7 months to 5 months"
    r"(?:^|[\s(:])[$€£¥₽₹₩₺₴₦₱]?\d[\d.,]*\s*(?:%|[km]\b)?(?:\s*/\s*[a-z]+|\s+[a-z]+){0,2}\s+to\s+"
    r"[$€£¥₽₹₩₺₴₦₱]?\d|"
    r"\b(?:baseline|current|currently|today|up from|down from|compared (?:to|with)|vs\.?)"
    r"\s*[:=]?\s*[$€£¥₽₹₩₺₴₦₱]?\d|"
    # a figure dated in parentheses after the target: "(17%, July 2013.)", "(473/month, 2013)"
    r"\(\s*[$€£¥₽₹₩₺₴₦₱]?\d[\d.,]*\s*(?:%|[km]\b|/\s*[a-z]+)?\s*,\s*(?:[a-z]+\.?\s+)?(?:19|20)\d\d\b"
)
_FROM_TO = re.compile(
    r"\bfrom\s+[$€£¥₽₹₩₺₴₦₱]?(?P<a>\d[\d,]*(?:\.\d+)?)\s*(?P<ua>%|[km]\b)?[^0-9]{0,40}?"
    r"\bto\s+[$€£¥₽₹₩₺₴₦₱]?(?P<b>\d[\d,]*(?:\.\d+)?)"
)
# A means clause ("... by shipping the new onboarding") says how, not what: drop it before
# looking for output verbs, so an outcome reached through an output is judged an outcome.
_MEANS = re.compile(
    r"\s+(?:by|through|via|thanks to|with the help of)\s+"
    r"(?:[a-z]+ing\b|the\b|a\b|an\b|our\b|new\b|launching|shipping).*$"
)
_LEAD = re.compile(
    r"^(?:to\s+|we\s+will\s+|we\s+)?(?:[a-z]{2,}[^p\s]ly\s+)?(?P<w1>[a-z][a-z\-']*)"
    r"(?:\s+(?P<w2>[a-z][a-z\-']*))?"
)


# --- regex over whole columns (RE2 via Arrow; pandas' own methods where RE2 cannot) ----

#: Up to this many values, Python's ``re`` (compiled once, ASCII classes like RE2's) runs
#: the pattern: Arrow compiles its RE2 pattern on every call, which costs more than
#: matching a few dozen texts. A draft being typed in the coach lives on this path; an
#: organisation's thousands of key results on Arrow's.
SMALL = 256
#: Set while a small GoalSet is linted in one thread. A large one is linted in threads,
#: where Arrow's kernels run side by side without the GIL and Python's ``re`` would not,
#: even on the small candidate subsets rules narrow down to.
PYTHON_REGEX: ContextVar[bool] = ContextVar("okrcoach_python_regex", default=False)


@cache
def _rx(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.ASCII)


def _small(s: pd.Series) -> bool:
    return len(s) <= SMALL and PYTHON_REGEX.get()


def _values(s: pd.Series) -> list[str | None]:
    return [v if isinstance(v, str) else None for v in s.tolist()]


def _arrow(s: pd.Series) -> pa.Array:
    return pa.array(s.astype("str"), type=pa.large_string(), from_pandas=True)


def _series(values: pa.Array, index: pd.Index) -> pd.Series:
    """Arrow strings as a str Series on ``index`` (by position, never aligned by label)."""
    return pd.Series(pd.array(values, dtype="str"), index=index)


def contains(s: pd.Series, pattern: str) -> pd.Series:
    """Whether each value matches ``pattern`` anywhere (missing values: False)."""
    if _small(s):
        search = _rx(pattern).search
        return pd.Series(
            [v is not None and search(v) is not None for v in _values(s)], index=s.index, dtype=bool
        )
    try:
        found = pc.match_substring_regex(_arrow(s), pattern)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return s.str.contains(pattern, regex=True, na=False).astype(bool)
    return pd.Series(found.fill_null(False).to_numpy(zero_copy_only=False), index=s.index)


def extract(s: pd.Series, pattern: str) -> pd.DataFrame:
    """One column per named group of the first match (missing where no match)."""
    names = re.compile(pattern).groupindex
    if _small(s):
        search = _rx(pattern).search
        matches = [None if v is None else search(v) for v in _values(s)]
        out = pd.DataFrame(index=s.index)
        for name in names:
            # an optional group that matched nothing is missing, as on the Arrow path
            out[name] = pd.Series(
                [(m.group(name) or None) if m else None for m in matches],
                index=s.index,
                dtype="str",
            )
        return out
    try:
        found = pc.extract_regex(_arrow(s), pattern)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return s.str.extract(pattern)[list(names)]
    out = pd.DataFrame(index=s.index)
    for name in names:
        values = pc.struct_field(found, name) if len(found) else pa.array([], pa.large_string())
        column = _series(values, s.index)
        out[name] = column.where(column.ne(""))  # an optional group that matched nothing
    return out


def sub(s: pd.Series, pattern: str, replacement: str, count: int | None = None) -> pd.Series:
    """Replace matches of ``pattern`` (``\\1`` refers to a group); ``count`` per value."""
    if _small(s):
        rx = _rx(pattern)
        return pd.Series(
            [None if v is None else rx.sub(replacement, v, count=count or 0) for v in _values(s)],
            index=s.index,
            dtype="str",
        )
    try:
        done = pc.replace_substring_regex(_arrow(s), pattern, replacement, max_replacements=count)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return s.str.replace(pattern, replacement, n=count or -1, regex=True)
    return _series(done, s.index)


def count(s: pd.Series, pattern: str) -> pd.Series:
    """How many non-overlapping matches of ``pattern`` each value holds (0 when missing)."""
    if _small(s):
        finditer = _rx(pattern).finditer
        return pd.Series(
            [0 if v is None else sum(1 for _ in finditer(v)) for v in _values(s)],
            index=s.index,
            dtype="int64",
        )
    try:
        found = pc.count_substring_regex(_arrow(s), pattern)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return s.str.count(pattern).fillna(0).astype(int)
    return pd.Series(found.fill_null(0).to_numpy(zero_copy_only=False), index=s.index)


def bounded(body: str, name: str | None = None) -> str:
    """A whole-word match of ``body`` (no letter, digit or hyphen on either side)."""
    group = f"(?P<{name}>{body})" if name else f"(?:{body})"
    return rf"(?:^|[^\w\-]){group}(?:$|[^\w\-])"


@dataclass(frozen=True)
class TermList:
    """A word list from package data: terms, and for each the advice that goes with it."""

    name: str
    terms: tuple[str, ...]
    advice: dict[str, str]

    def pattern(self, extra: tuple[str, ...] = ()) -> str:
        """The terms as one alternation, longest first; spaces match spaces or hyphens."""
        terms = sorted({*self.terms, *(t.lower() for t in extra)}, key=len, reverse=True)
        body = "|".join(re.escape(t).replace(r"\ ", r"[\s\-]+").replace(r"\-", "-") for t in terms)
        return f"(?:{body})"

    def alternation(self) -> str:
        """The terms in file order as one alternation, each matching itself only.

        For lists that replace a pattern written by hand, where a hyphen or a second space
        must not match and the order of alternatives is the order written.
        """
        return (
            "(?:"
            + "|".join(re.escape(t).replace(r"\ ", " ").replace(r"\-", "-") for t in self.terms)
            + ")"
        )


@cache
def word_list(name: str) -> TermList:
    text = resources.files("okrcoach.rules").joinpath(f"data/{name}.txt").read_text("utf-8")
    terms, advice = [], {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        term, _, hint = (part.strip() for part in line.partition("|"))
        terms.append(term.lower())
        if hint:
            advice[term.lower()] = hint
    return TermList(name, tuple(terms), advice)


# Direction words and rate context: word lists, read once when the module is imported.
INCREASE_VERBS = word_list("increase_verbs").terms
DECREASE_VERBS = word_list("decrease_verbs").terms
MAINTAIN_VERBS = word_list("maintain_verbs").terms
RATE_CONTEXT = re.compile(rf"\b{word_list('rate_context').alternation()}\b|%\s+of\b|-to-")


def normalise(text: pd.Series) -> pd.Series:
    """Lower case, single spaces, no surrounding space; missing text becomes ''."""
    if _small(text):
        spaces = _rx(r"\s{2,}|[\t\n\r\f\v]").sub
        return pd.Series(
            [spaces(" ", (v or "").lower()).strip() for v in _values(text)],
            index=text.index,
            dtype="str",
        )
    arr = pc.utf8_lower(_arrow(text).fill_null(""))
    # Only runs of two or more, or tabs and newlines: single spaces are the common case,
    # and rewriting each of them costs more than all the other text work together.
    arr = pc.utf8_trim_whitespace(pc.replace_substring_regex(arr, r"\s{2,}|[\t\n\r\f\v]", " "))
    return _series(arr, text.index)


# What comes before the key result proper: a label ("Ticket volume: ..."), a deadline
# ("By 31 March 2026, ..."), or words that only start it ("successfully", "continue to").
_PREFIX = re.compile(
    r"^(?:(?:stretch|bonus|optional|kr\s*\d*)\s*[:\-]\s*|[a-z][\w &/\-'()]{0,40}:\s+|"
    r"by\s+(?:the\s+end\s+of\s+)?[\w ]{1,25},\s*|"
    r"(?:successfully|continue\s+to|start\s+to|begin\s+to|aim\s+to|we\s+will|we)\s+)+"
)


def strip_prefix(text: str) -> str:
    """One text without a leading label, deadline or 'aim to' (see :func:`main_clause`)."""
    return _PREFIX.sub("", text, count=1)


def main_clause(low: pd.Series) -> pd.Series:
    """The text without a means clause and without a leading label, deadline or 'aim to'."""
    main = sub(low, _MEANS.pattern, "")
    maybe = contains(
        main,
        r"^[^:]{1,42}:|^by\s|^(?:successfully|continue|start|begin|aim|we|stretch|bonus|optional"
        r"|kr)\b",
    )
    if maybe.any():
        main = main.copy()
        main[maybe] = sub(main[maybe], _PREFIX.pattern, "", count=1).to_numpy()
    return main


def lead_verb(low: pd.Series) -> pd.DataFrame:
    """First word and first two words (for 'roll out', 'set up', 'bring down')."""
    found = extract(low, _LEAD.pattern)
    two = (found["w1"] + " " + found["w2"]).where(found["w2"].notna())
    return pd.DataFrame({"verb": found["w1"].fillna(""), "verb2": two.fillna("")}, index=low.index)


def has_baseline_text(low: pd.Series) -> pd.Series:
    return contains(low, _BASELINE.pattern)


def from_to(low: pd.Series) -> pd.DataFrame:
    """Baseline and target written as 'from A to B' in normalised text (NaN where absent)."""
    if _small(low):
        found = extract(low, _FROM_TO.pattern)
        return pd.DataFrame(
            {
                "text_baseline": pd.to_numeric(found["a"].str.replace(",", ""), errors="coerce")
                .astype("float64")
                .to_numpy(),
                "text_target": pd.to_numeric(found["b"].str.replace(",", ""), errors="coerce")
                .astype("float64")
                .to_numpy(),
            },
            index=low.index,
        )
    found = pc.extract_regex(_arrow(low), _FROM_TO.pattern)
    out = pd.DataFrame(index=low.index)
    for col, src in (("text_baseline", "a"), ("text_target", "b")):
        digits = pc.replace_substring(pc.struct_field(found, src), ",", "")
        numbers = pc.cast(digits, pa.float64())  # the pattern only lets digits through
        out[col] = numbers.to_numpy(zero_copy_only=False)
    return out


def first_match(low: pd.Series, body: str) -> pd.Series:
    """The first whole-word match of ``body`` per row (NaN where none)."""
    return extract(low, bounded(body, "term"))["term"].str.strip()


def where(mask: pd.Series, test: Callable[[pd.Series], pd.Series], s: pd.Series) -> pd.Series:
    """``test`` applied only to the rows of ``s`` in ``mask`` (False elsewhere).

    Rules narrow with a cheap test first (is there a vanity word at all?) and run the
    costly ones on the few candidates only.
    """
    out = pd.Series(False, index=s.index)
    if mask.any():
        out[mask] = test(s[mask]).to_numpy(dtype=bool)
    return out


def in_list(words: pd.Series, values: tuple[str, ...] | set[str]) -> pd.Series:
    if _small(words):
        terms = _frozen(values) if isinstance(values, tuple) else values
        return pd.Series([w in terms for w in words.tolist()], index=words.index, dtype=bool)
    return words.isin(set(values))


@cache
def _frozen(values: tuple[str, ...]) -> frozenset[str]:
    return frozenset(values)
