"""Reading key-result and objective text, vectorised over whole columns.

Word lists are package data (``rules/data/*.txt``, one term a line, a header naming the
source). Each list compiles once into one regular expression; every helper here takes and
returns pandas Series, so a rule over 100,000 key results is a handful of regex passes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import pandas as pd

NUMBER_WORDS = (
    "zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
    "thirty|forty|fifty|hundred|thousand|million|billion|half|double|twice|triple|dozen"
)
INCREASE_VERBS = ("raise", "increase", "grow", "lift", "boost", "double", "triple", "expand",
                  "reach", "hit", "achieve", "get", "gain", "win", "add", "attain")
DECREASE_VERBS = ("reduce", "cut", "lower", "decrease", "shrink", "halve", "eliminate",
                  "minimise", "minimize", "drop", "bring down", "bring", "shorten", "remove",
                  "prevent", "avoid", "stop", "limit", "contain")
MAINTAIN_VERBS = ("keep", "maintain", "sustain", "stay", "remain", "protect", "preserve")

# Noise that carries digits but is not a quantity: quarters, years, dates, standards.
_NOT_QUANTITY = re.compile(
    r"\bq[1-4]\b|(?:\b(?:in|by|for|of|since|until|before|after|during|end|q[1-4]|h[12]|fy)\s+"
    r"(?:19|20)\d{2}\b|\b(?:19|20)\d{2}$)|\b\d{1,2}/\d{1,2}(?:/\d{2,4})?\b|\biso\s*\d+|"
    r"\b[a-z]+[-_]\d+\b|\bh[12]\b|\bfy\s?\d+\b|\bv\d+(?:\.\d+)*\b|\bversion\s+\d+(?:\.\d+)*|"
    r"\b24/7\b",
)
_QUANTITY = re.compile(rf"\d|\b(?:{NUMBER_WORDS})\b")
# "... from 35% to 50%", "35 -> 50", "to 16.5M from 14M"
_BASELINE = re.compile(
    r"\bfrom\s+(?:about\s+|around\s+|~\s*)?[$€£]?\s*\d|"
    r"\d[\d.,]*\s*(?:%|[km]\b|\w+)?\s*(?:→|->|=>)\s*[$€£]?\d|"
    r"\b(?:baseline|currently|today|up from|down from|compared (?:to|with)|vs\.?)\s*:?\s*[$€£]?\d"
)
_FROM_TO = re.compile(
    r"\bfrom\s+[$€£]?(?P<a>\d[\d,]*(?:\.\d+)?)\s*(?P<ua>%|[km]\b)?[^0-9]{0,40}?"
    r"\bto\s+[$€£]?(?P<b>\d[\d,]*(?:\.\d+)?)"
)
# A means clause ("... by shipping the new onboarding") says how, not what: drop it before
# looking for output verbs, so an outcome reached through an output is judged an outcome.
_MEANS = re.compile(
    r"\s+(?:by|through|via|thanks to|with the help of)\s+"
    r"(?:[a-z]+ing\b|the\b|a\b|an\b|our\b|new\b|launching|shipping).*$"
)
_LEAD = re.compile(r"^(?:to\s+|we\s+will\s+|we\s+)?(?:[a-z]+ly\s+)?(?P<w1>[a-z][a-z\-']*)"
                   r"(?:\s+(?P<w2>[a-z][a-z\-']*))?")
RATE_CONTEXT = re.compile(r"\bper\b|\brate\b|\bshare of\b|\bratio\b|\bconversion\b|%\s+of\b|"
                          r"\bpercent(?:age)? of\b|-to-")


@dataclass(frozen=True)
class TermList:
    """A word list from package data: terms, and for each the advice that goes with it."""

    name: str
    terms: tuple[str, ...]
    advice: dict[str, str]

    def pattern(self, extra: tuple[str, ...] = ()) -> re.Pattern[str]:
        terms = sorted({*self.terms, *(t.lower() for t in extra)}, key=len, reverse=True)
        body = "|".join(re.escape(t).replace(r"\ ", r"[\s\-]+") for t in terms)
        return re.compile(rf"(?<![\w\-])(?:{body})(?![\w\-])")


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


def normalise(text: pd.Series) -> pd.Series:
    """Lower case, single spaces, no surrounding space; missing text becomes ''."""
    return (text.fillna("").astype("str").str.lower()
            .str.replace(r"\s+", " ", regex=True).str.strip())


def main_clause(low: pd.Series) -> pd.Series:
    return low.str.replace(_MEANS, "", regex=True)


def lead_verb(low: pd.Series) -> pd.DataFrame:
    """First word and first two words (for 'roll out', 'set up', 'bring down')."""
    found = low.str.extract(_LEAD)
    two = (found["w1"] + " " + found["w2"]).where(found["w2"].notna())
    return pd.DataFrame({"verb": found["w1"].fillna(""), "verb2": two.fillna("")})


def without_non_quantities(low: pd.Series) -> pd.Series:
    """The text with quarters, years, dates, versions and standards' numbers blanked out."""
    return low.str.replace(_NOT_QUANTITY, " ", regex=True)


def has_quantity(low: pd.Series) -> pd.Series:
    """A number (digits or words) that is not a quarter, year, date or standard's name."""
    return without_non_quantities(low).str.contains(_QUANTITY)


def has_baseline_text(low: pd.Series) -> pd.Series:
    return low.str.contains(_BASELINE)


def from_to(text: pd.Series) -> pd.DataFrame:
    """Baseline and target written as 'from A to B' (floats; NaN where absent)."""
    found = normalise(text).str.extract(_FROM_TO)
    out = pd.DataFrame(index=text.index)
    for col, src in (("text_baseline", "a"), ("text_target", "b")):
        out[col] = pd.to_numeric(found[src].str.replace(",", "", regex=False), errors="coerce")
    return out


def first_match(low: pd.Series, pattern: re.Pattern[str]) -> pd.Series:
    """The first matching term per row (NaN where none)."""
    return low.str.extract(f"({pattern.pattern})", expand=False)


def in_list(words: pd.Series, values: tuple[str, ...] | set[str]) -> pd.Series:
    return words.isin(set(values))
