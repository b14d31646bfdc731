"""What rules read from key-result text, computed once per lint run for all of them.

:class:`TextFeatures` holds the features of every key result (lower-cased text, lead verb,
numbers, baseline, direction words). On a small draft, features are remembered per text
across lint runs (:func:`per_text`): an edit in the coach changes one key result, and the
others are looked up instead of recomputed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence

import numpy as np
import pandas as pd

from . import quantity
from . import text as tx


@dataclasses.dataclass(frozen=True, slots=True)
class TextFeatures:
    """Text features of key results: one Series per feature, all on the key results' index.

    A record of Series rather than a DataFrame: rules read features many times, and an
    attribute costs nothing where a DataFrame's column access costs more than the regex on
    a small draft.
    """

    #: The text lower-cased, with single spaces and no surrounding space ('' when missing).
    low: pd.Series
    #: ``low`` without a means clause ("... by shipping the new onboarding").
    main: pd.Series
    #: The first word of the main clause, past "to", "we will" and an adverb ('' when none).
    verb: pd.Series
    #: The first two words of the main clause ("roll out", "bring down"; '' when one word).
    verb2: pd.Series
    #: Whether the text holds a number that is not a quarter, year, date or version.
    quantity: pd.Series
    #: Whether the text states a starting value ("from 35%", "currently 12", "40 -> 55").
    baseline_in_text: pd.Series
    #: The A of "from A to B" in the text (NaN where absent).
    text_baseline: pd.Series
    #: The B of "from A to B" in the text (NaN where absent).
    text_target: pd.Series
    #: Whether the key result should go down: a decrease verb leads, or direction says so.
    decrease: pd.Series
    #: Whether the key result should hold a level: a maintain verb leads, or direction says so.
    maintain: pd.Series
    #: Whether the main clause reads a rate or share ("per", "conversion", "% of", "-to-").
    rate: pd.Series

    @property
    def index(self) -> pd.Index:
        """The key results' index, which every feature shares."""
        return self.low.index

    def take(self, positions: Sequence[int]) -> TextFeatures:
        """The features of the key results at these positions."""
        return TextFeatures(*(getattr(self, name).iloc[positions] for name in FIELDS))


FIELDS = tuple(f.name for f in dataclasses.fields(TextFeatures))


def text_features(krs: pd.DataFrame) -> TextFeatures:
    """The :class:`TextFeatures` of key results (their ``text`` and ``direction`` columns)."""
    low = tx.normalise(krs["text"])
    main = tx.main_clause(low)
    lead = tx.lead_verb(main)
    lead.index = krs.index
    verb = lead["verb"]
    values = tx.from_to(low)
    return TextFeatures(
        low=low,
        main=main,
        verb=verb,
        verb2=lead["verb2"],
        quantity=quantity.has_quantity(low),
        baseline_in_text=tx.has_baseline_text(low),
        text_baseline=values["text_baseline"],
        text_target=values["text_target"],
        decrease=tx.in_list(verb, tx.DECREASE_VERBS) | krs["direction"].eq("decrease"),
        maintain=tx.in_list(verb, tx.MAINTAIN_VERBS) | krs["direction"].eq("maintain"),
        rate=tx.contains(main, tx.RATE_CONTEXT.pattern),
    )


def kr_text_features(
    krs: pd.DataFrame,
    find_distinct: Callable[[pd.DataFrame], tuple[np.ndarray, np.ndarray] | None] | None = None,
) -> TextFeatures:
    """:func:`text_features`, looked up per text on a small draft linted in one thread."""
    if len(krs) <= tx.SMALL and tx.PYTHON_REGEX.get():
        # A draft being typed: most texts were seen on the previous keystroke.
        keys = list(zip(krs["text"].tolist(), krs["direction"].tolist(), strict=True))
        return TextFeatures(
            **per_text(
                "kr_text", keys, lambda pos: _columns(text_features(krs.iloc[pos])), krs.index
            )
        )
    distinct = (find_distinct or distinct_texts)(krs)
    if distinct is None:
        return text_features(krs)
    codes, first = distinct
    part = _columns(text_features(krs.iloc[first]))
    return TextFeatures(
        **{name: pd.Series(col.array.take(codes), index=krs.index) for name, col in part.items()}
    )


def by_text(
    krs: pd.DataFrame,
    distinct: tuple[np.ndarray, np.ndarray] | None,
    name: str,
    compute: Callable[[Sequence[int] | slice], Mapping[str, pd.Series]],
) -> dict[str, pd.Series]:
    """Columns that depend only on each key result's own text and direction, read once per
    text: on a draft, the texts seen on the last keystroke are looked up (:func:`per_text`);
    on an organisation, each distinct text is read once and spread by code.

    ``compute(positions)`` reads the rows at those positions (a slice of all rows, or a
    list);
    ``distinct`` is :func:`distinct_texts` of ``krs`` (the caller's memo).
    """
    if len(krs) <= tx.SMALL and tx.PYTHON_REGEX.get():
        keys = list(zip(krs["text"].tolist(), krs["direction"].tolist(), strict=True))
        return per_text(name, keys, compute, krs.index)
    if distinct is None or len(krs) <= tx.SMALL:
        return dict(compute(slice(None)))
    codes, first = distinct
    # spread by position; Arrow-held strings stay Arrow arrays (no Python string per row)
    return {
        c: pd.Series(col.array.take(codes), index=krs.index) for c, col in compute(first).items()
    }


def distinct_texts(krs: pd.DataFrame) -> tuple[np.ndarray, np.ndarray] | None:
    """Codes of each key result's (text, direction), and the first row of each code.

    Organisations repeat key-result texts across teams (the same KR in every region), so
    text work done once per distinct text and spread by code costs a fraction. None when
    most texts are distinct, where the bookkeeping would cost more than it saves.
    """
    text = pd.factorize(krs["text"], use_na_sentinel=False)[0]
    direction = pd.factorize(krs["direction"], use_na_sentinel=False)[0]
    codes, uniques = pd.factorize(text * (direction.max(initial=0) + 1) + direction)
    if len(uniques) > 0.8 * len(krs):
        return None
    first = np.full(len(uniques), len(codes), dtype=np.intp)
    np.minimum.at(first, codes, np.arange(len(codes)))
    return codes, first


def _columns(features: TextFeatures) -> dict[str, pd.Series]:
    return {name: getattr(features, name) for name in FIELDS}


_PER_TEXT: dict[str, dict] = {}
_PER_TEXT_MAX = 20_000


def _unseen(name: str, keys: list) -> tuple[dict, dict]:
    """The memo called ``name`` (emptied when it grows too large) and the position of the
    first row of each key it does not hold yet."""
    cache = _PER_TEXT.setdefault(name, {})
    if len(cache) > _PER_TEXT_MAX:
        cache.clear()
    first: dict = {}
    for i, key in enumerate(keys):
        if key not in cache:
            first.setdefault(key, i)
    return cache, first


def per_text(
    name: str, keys: list, compute: Callable[[list[int]], Mapping[str, pd.Series]], index: pd.Index
) -> dict[str, pd.Series]:
    """Values that depend on one key result's own text, remembered across lint runs.

    ``compute(positions)`` gives the columns (Series by name) for the rows at those
    positions; only keys not seen before are computed. For small GoalSets only (a coach
    session's draft): an edit changes one key result, and the other texts' values are
    looked up. Returns the columns for every key, on ``index``.
    """
    if not keys:
        return dict(compute([]))
    cache, first = _unseen(name, keys)
    if first:
        part = compute(list(first.values()))
        cache["__dtypes__"] = {c: s.dtype for c, s in part.items()}
        for key, row in zip(
            first, zip(*(s.tolist() for s in part.values()), strict=True), strict=True
        ):
            cache[key] = row
    dtypes = cache["__dtypes__"]
    rows = [cache[k] for k in keys]
    return {
        c: pd.Series([r[j] for r in rows], index=index, dtype=dtype)
        for j, (c, dtype) in enumerate(dtypes.items())
    }


def per_text_flags(
    name: str, keys: list, compute: Callable[[list[int]], pd.DataFrame], index: pd.Index
) -> pd.DataFrame:
    """:func:`per_text` for a frame of yes/no columns (the scorecards' features): each
    text's row is kept as one array and the frame is built at once, not column by column
    (dozens of columns on a dozen rows: their construction would cost more than the
    reading)."""
    cache, first = _unseen(name, keys)
    if first or "__columns__" not in cache:
        part = compute(list(first.values()))
        cache["__columns__"] = list(part.columns)
        for key, row in zip(first, part.to_numpy(dtype=bool), strict=True):
            cache[key] = row
    columns = cache["__columns__"]
    values = np.array([cache[k] for k in keys], dtype=bool).reshape(len(keys), len(columns))
    return pd.DataFrame(values, index=index, columns=columns)
