"""Whether a key result states a quantity: digits that are not quarters, years, dates,
versions or names, or a quantity written without digits (a universal quantifier, a
placeholder standing for a number, a comparison with a named reference)."""

from __future__ import annotations

import re

import pandas as pd

from .text import NUMBER_WORDS, contains, sub

# Noise that carries digits but is not a quantity: quarters, years, dates, standards.
_NOT_QUANTITY = re.compile(
    r"\bq[1-4]\b|(?:\b(?:in|by|for|of|since|until|before|after|during|end|q[1-4]|h[12]|fy)\s+"
    r"(?:19|20)\d{2}\b|\b(?:19|20)\d{2}$)|\b\d{1,2}/\d{1,2}/\d{2,4}\b|\b[a-z]+\d+[a-z]*\d*\b|\b(?:rfc|issue|pr|bug|phase|tier|level|sprint|step|stage|wave)\s*#?\d+\b|#\d+\b|\b\d+(?:\.\d+){2,}\b|\b(?:python|postgres|postgresql|mysql|java|node|ubuntu|debian|rhel|windows|macos|ios|android|php|ruby|rails|django|react|angular|vue|kubernetes|dotnet|\.net|http|ipv|tls|oauth|wcag|level)\s*\d+(?:\.\d+)*\b|\biso\s*\d+|"
    r"\b[a-z]+[-_]\d+\b|\bh[12]\b|\bfy\s?\d+\b|\bv\d+(?:\.\d+)*\b|\bversion\s+\d+(?:\.\d+)*|"
    # a version shipped: "ship 1.0 of the crate", "1.0 RC"
    r"\b\d+\.\d+\s*(?:rc\d*|beta|alpha|release)\b|\b(?:ship|release|stabili[sz]e)\s+v?\d+\.\d+\b|"
    r"\b\d+\.\d+\s+of\s+the\b|"
    r"\b24/7\b|"
    # dates written with a month: "by January 2023.", "30 June 2021", "by February 1"
    r"\b(?:\d{1,2}(?:st|nd|rd|th)?\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)"
    r"[a-z]*\.?\s+(?:\d{1,2}(?:st|nd|rd|th)?,?\s+)?(?:(?:19|20)\d{2}\b|\d{1,2}(?:st|nd|rd|th)?\b)|"
    r"\b(?:19|20)\d{2}[.!)]*$|\b\d{1,2}(?:st|nd|rd|th)\s+(?:of\s+)?"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|"
    r"\b(?:project|part|chapter|module|goal|batch|cohort|season|round|edition|iteration)\s+\d+\b|"
    # an ordinal period ("by the end of the 1st quarter"), digits in code ("extern{1,2}")
    r"\b\d(?:st|nd|rd|th)\s+(?:quarter|half|week|month|year|sprint|semester|term)\b|"
    r"\{[\d,\s]*\}|"
    # a year naming a period or a document ("over 2017 baseline", "the 2018 report", "from
    # 2024 on")
    r"\b(?:19|20)\d\d\s+(?:baseline|levels?|figures|results|report|plan|strategy|survey|"
    r"budget|on|onwards?)\b|\bthe\s+(?:19|20)\d\d\b|"
    # a time window or horizon that qualifies a metric ("rolling 90-day active", "30-day
    # retention", "5-10 year costs"); a duration that is the target is kept (_WINDOW_TARGET)
    r"\b\d+-(?:day|week|month|quarter|year|hour)\b|\b\d+\s*-\s*\d+[\s\-]year\s+[a-z]|"
    # "half" as part of a name ("a half marathon", "a half-day workshop")
    r"\ba\s+half[\s\-][a-z]"
)
#: "to a 2-day turnaround", "within 3-day": the duration is the target, not a window.
_WINDOW_TARGET = (
    r"\b(a|an|to|within|under|in|than|below|from|over|above|of|by)\s+(\d+)-"
    r"(day|week|month|quarter|year|hour)\b"
)
_QUANTITY = re.compile(rf"\d|\b(?:{NUMBER_WORDS})\b")


_MAYBE_NOT_QUANTITY = (
    r"q[1-4]|h[12]|fy|(?:19|20)\d\d|/|iso|[a-z][-_]?\d|v\d|version|24/7|#|\d\.\d+\.|"
    r"\d\.\d+\s*(?:rc|beta|alpha|release|of\s)|(?:ship|release|stabili[sz]e)\s+\d\.\d|"
    r"(?:python|postgres|sql|java|node|ubuntu|debian|rhel|windows|macos|ios|android|php|ruby|"
    r"rails|django|react|angular|vue|kubernetes|net|http|ipv|tls|oauth|wcag|level|rfc|issue|"
    r"pr|bug|phase|tier|sprint|step|stage|wave|project|part|chapter|module|goal|batch|cohort|"
    r"season|round|edition|iteration) #?\d|\d(?:st|nd|rd|th) |"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d|"
    r"\d-(?:day|week|month|quarter|year|hour)|\d[\s\-]year|\{|a half"
)


def without_non_quantities(low: pd.Series) -> pd.Series:
    """The text with quarters, years, dates, versions and standards' numbers blanked out."""
    maybe = contains(low, _MAYBE_NOT_QUANTITY)  # a cheap pass finds the few candidates
    if not maybe.any():
        return low
    out = low.copy()
    kept = sub(low[maybe], _WINDOW_TARGET, r"\1 \2 \3")
    out[maybe] = sub(kept, _NOT_QUANTITY.pattern, " ").to_numpy()
    return out


# Quantities written without digits: a universal quantifier over a countable set ("all
# endpoints", "every release", "no PRs merged", "eliminate"), a placeholder standing for a
# number ("X%", "$N", "from X to Y", "[redacted, internal metric]"), or a comparison with a
# named reference ("faster than those they replaced", "as fast as simple text").
# Source: docs/labelling.md (measurable).
_QUANTIFIED = (
    r"(?:^|[^\w\-])(?:all|every|each)\s+(?:[a-z0-9\-\"'“”/().]+\s+){0,5}?[a-z\-]+s(?:$|[^\w\-])|"
    r"(?:^|[^\w\-])(?:every|each)\s+[a-z]{3,}|"
    r"(?:^|[^\w\-])no\s+(?:[a-z\-]+\s+){0,2}?[a-z\-]+s(?:$|[^\w\-])|"
    r"(?:^|[^\w\-])(?:eliminat|zero\b)|"
    r"(?:^|[^\w])(?:x|y|n|xx+)\s*%|[$€£¥₽₹₩₺₴₦₱]\s?(?:x|n|xx+)\b|\bfrom\s+(?:x|y|n)\s+to\s+(?:x|y|z|n)\b|"
    r"\[(?:redacted|number|n|x|tbd)[^\]]*\]|"
    r"\b[a-z]+er\s+(?:[a-z\-]+\s+){0,3}?than\b|\bas\s+[a-z]+\s+as\b|"
    # a placeholder for a count or a value ("x hours", "X speaking opportunities", "under Y")
    r"(?:^|\s)[xyzn]#?\s+(?:[a-z\-]+\s+){0,3}?[a-z]+\b|"
    r"\b(?:under|over|to|from|above|below|least|than|of)\s+[xyz]\b|"
    r"\b(?:once|everyone|everybody|entire|entirety)\b|^any\s+[a-z]{3,}|"
    r"\bwithin\s+(?:an?|one)\s+(?:business\s+)?(?:hour|day|week|month)\b"
)
# "any" quantifies only as the subject ("any component can be deployed ..."); after a verb
# it is existential ("identify any bottlenecks"). Source: docs/labelling.md lists all,
# every, 100 %, no, zero, eliminate.
# "all-hands", "at all", "once and for all": not a quantifier
_NOT_QUANTIFIED = (
    r"\bat\s+all\b|\bonce\s+and\s+for\s+all\b|\ball\s+of\s+(?:us|them|it)\b|"
    r"\bany\s+(?:other|more|time|way|help)\b|\bonce\s+(?:it|they|we|the|this)\b|"
    # "X and Y" name things ("learn to play X and Y")
    r"(?:^|\s)[xyz]\s+(?:and|or)\s+[xyz](?:$|\s)"
)
#: Short words ending in "s" that are not plurals ("all metadata is inclusive").
_NOT_PLURAL = r"\b(?:is|was|has|its|this|does|thus|plus)\b"


def has_quantity(low: pd.Series) -> pd.Series:
    """A number (digits or words) that is not a quarter, year, date, version or name, or a
    quantity written without one (:data:`_QUANTIFIED`)."""
    found = contains(without_non_quantities(low), _QUANTITY.pattern)
    rest = ~found & contains(
        low, r"all|every|each|any|no |elimina|x|n\b|y\b|z\b|\[|than|as |once|entire|within"
    )
    if rest.any():
        words = sub(low[rest], _NOT_PLURAL, "_")
        found = found.copy()
        found[rest] = (contains(words, _QUANTIFIED) & ~contains(words, _NOT_QUANTIFIED)).to_numpy()
    return found
