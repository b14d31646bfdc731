"""What a key result's sentence says, as named yes-or-no features for the scorecards.

Read from the sentence's structure as well as its words: the part of speech the first
word can have (lemminflect's lemma tables: "renegotiate" can only be a verb, "dashboard"
only a noun, "launch" either), the head of the phrase that carries the number (a person,
an artefact, an activity, a measured quantity, a unit), a metric lexicon
(``data/metric_terms.txt``, with the glossaries it comes from), and the evidence kinds of
``evidence.py`` with the counts, vanity words, proxies and guardrails of ``gaming.py``.
Computed once per lint run, per distinct text where organisations repeat key results.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from . import lexicon, quantity
from . import text as tx
from .activity import activity_count
from .evidence import Evidence, outcome_evidence
from .features import TextFeatures, per_text_flags
from .gaming import COUNT, GUARDRAIL, REACH, SCOPE_VERBS, SIZING, vanity_terms

if TYPE_CHECKING:
    from .context import Context

WORK_KINDS = (
    "task verb",
    "done",
    "capability",
    "effort",
    "hire",
    "artefact",
    "nominal",
    "routine",
    "activity",
)
STATE_KINDS = ("direction", "changed", "from-to", "metric", "population", "deadline")

_NUMBER = r"(?:[$€£¥₽₹₩₺₴₦₱]?\d[\d,.]*\s*(?:%|[km]\b|x\b)?\+?|\b(?:" + tx.NUMBER_WORDS + r")\b)"
#: The word after a number, past adjectives such as "new", "more", "active".
_PEOPLE_SHARE = (
    r"(?:\d[\d,.]*\s*%|all|every|each|half|\d+\s+of\s+\d+)\s+(?:of\s+)?(?:[\w\-]+\s+){0,3}?"
    r"(?:people|staff|employees|engineers|managers|members|developers|teams?|leaders|"
    r"agents|reps|students|participants|volunteers|contributors|maintainers|users|customers)"
    r"\s+(?:\w+\s+){0,3}?(?:trained|certified|enrolled|complete|completed|attend|attended|"
    r"take|took|taken|onboarded|train|certify)"
)
_PLACEHOLDER = (
    r"(?:^|[^\w])(?:[$€£¥₽₹₩₺₴₦₱]?[nx]\d+[kmb]?|[nx]{1,3}[k%]|[$€£¥₽₹₩₺₴₦₱][nxyz]+)(?:$|[^\w])|"
    r"(?:^|\s)[xyzn]\s+(?:[a-z\-]+\s+){0,2}?[a-z]+s\b"
)


#: Every feature's name and what it says, as findings show it.
FEATURES: dict[str, str] = {
    **{f"work:{k}": f"work named ({k})" for k in WORK_KINDS},
    **{f"state:{k}": f"a measured state ({k})" for k in STATE_KINDS},
    "lead:verb only": "opens with a word that can only be a verb",
    "lead:verb or noun": "opens with a word that can be a verb or a noun",
    "lead:noun only": "opens with a noun",
    "lead:gerund": "opens with an -ing form of a verb",
    "lead:participle": "opens with a past participle",
    "lead:number": "opens with a number",
    "lead:unknown": "opens with a word no lexicon knows (a name or acronym)",
    "no verb": "holds no word that can only be a verb (a bare noun phrase)",
    "number:vanity": "the number counts reach (views, followers, downloads)",
    "number:person": "the number counts people",
    "number:artefact": "the number counts artefacts",
    "number:activity": "the number counts activities",
    "number:metric": "the number belongs to a named metric",
    "number:unit": "the number has a unit (%, time, money)",
    "number:plural": "the number counts things",
    "count:4+": "a count of four or more",
    "metric": "names a metric (metric lexicon)",
    "acronym": "names an acronym (often a metric)",
    "quantity": "states a number or a quantifier",
    "placeholder": "a placeholder for a number (X%, $N0)",
    "percent": "a percentage",
    "money": "an amount of money",
    "bound": "a bound (at least, under, no more than)",
    "baseline": "states a starting value",
    "rate": "a rate or share",
    "decrease": "should go down",
    "maintain": "should hold a level",
    "capability": "a capability (can, able to)",
    "passive done": "a deliverable in the passive (is done, are published)",
    "people share trained": "a share of people trained, certified or enrolled",
    "vanity": "a vanity or reach word",
    "proxy": "a proxy known to be gamed",
    "activity count": "a count of activity (12 calls, 4 workshops)",
    "activity word": "an activity word (calls, posts, workshops)",
    "commercial count": "customers, deals or contracts won (a commercial result)",
    "scope verb": "work on a fixed scope (migrate, hire, replace, retire)",
    "aspiration": "an aspiration in words (world-class, more inclusive, easier, delight)",
    "vague verb": "a vague verb and no number (improve, enhance, support)",
    "artefact noun": "an artefact word (guide, dashboard, report)",
    "reach": "a raw count of people or items reached",
    "guardrail": "a guardrail (qualified, while ... stays, an assessment passed)",
    "one-off": "a one-off deliverable (the top N, a named set)",
    "qualitative": "a state in words (no longer, without, feel, trust)",
    "moves a count of work": "moves a count of artefacts, activities or a gamed proxy",
    "lead:neutral": "opens with a verb that leads outputs and outcomes alike (have, reach, ensure)",
    "deliverable state": "a deliverable's state (complete, in place, available, live)",
    "dated": "a deadline date (by June, by the end of Q3)",
    "raw count grows": "a raw count of people or things should grow (not a rate)",
    "work sized by a count": "work whose size is a count of things (publish 12 posts)",
    "bare count": "a count of things on its own (200 sessions, 30+ visuals)",
    "active or paying": "counts only active, paying or retained ones",
    "placeholder count": "a count written as a placeholder (X partnerships)",
    "more without a number": "more reach or activity, with no number (grow our following)",
    "vanity moved": "a vanity or reach number to move (from A to B, increase by)",
    "share of a work set": "work done on a share of a set (review 100% of requests)",
    "ceiling": "a count kept under a ceiling (fewer than 2 bugs, at most 4)",
    "time devoted": "time or repetitions devoted (3 hours a week, 5 times a week)",
    "everyone does": "everyone or a share of people does something (has done the training)",
    "people act": "people or groups doing something (50 members share ..., students complete)",
    "means named": "names the work it will be done by (by changing the layout, through training)",
    "long": "a long sentence (over 18 words)",
    "short": "a short phrase (5 words or fewer)",
}


def features(ctx: Context) -> pd.DataFrame:
    """The named features of every key result (0/1 columns), computed once per lint run."""
    return ctx.memo("scorecard_features", lambda: _features(ctx))


def _features(ctx: Context) -> pd.DataFrame:
    """Per distinct text where organisations repeat key results, else per row."""
    inputs = _Inputs(
        ctx.kr_text,
        outcome_evidence(ctx),
        activity_count(ctx).hit,
        vanity_terms(ctx)[1],
        ctx.key_results["text"].fillna(""),
    )
    krs = ctx.key_results
    if len(krs) <= tx.SMALL and tx.PYTHON_REGEX.get():
        # a draft being typed: the features of the texts seen on the last keystroke are
        # looked up, only the edited key result is read
        keys = list(zip(krs["text"].tolist(), krs["direction"].tolist(), strict=True))
        return per_text_flags(
            "sentence_features", keys, lambda pos: _read(inputs.take(pos)), krs.index
        )
    distinct = ctx.distinct if len(krs) > tx.SMALL else None
    if distinct is None:
        return _read(inputs)
    codes, first = distinct
    part = _read(inputs.take(first))
    return pd.DataFrame(part.to_numpy()[codes], index=ctx.key_results.index, columns=part.columns)


@dataclasses.dataclass(frozen=True)
class _Inputs:
    feats: TextFeatures
    found: Evidence
    counted: pd.Series
    vanity: pd.Series
    text: pd.Series

    def take(self, positions) -> _Inputs:
        return _Inputs(
            self.feats.take(positions),
            self.found.take(positions),
            self.counted.iloc[positions],
            self.vanity.iloc[positions],
            self.text.iloc[positions],
        )


def _read(inputs: _Inputs) -> pd.DataFrame:
    feats, found, text = inputs.feats, inputs.found, inputs.text
    main, low = feats.main, feats.low
    cols: dict[str, pd.Series | np.ndarray] = {}
    for kind in WORK_KINDS:
        cols[f"work:{kind}"] = found.work.eq(kind)
    for kind in STATE_KINDS:
        cols[f"state:{kind}"] = found.state.eq(kind)
    cols.update(lexicon.lead_classes(feats.verb, main))
    cols["no verb"] = ~lexicon.any_verb(main)
    counted = quantity.without_non_quantities(main)  # no years, dates or versions
    cols.update(lexicon.number_classes(counted))
    cols["count:4+"] = tx.contains(counted, COUNT) & ~tx.contains(counted, SIZING)
    metrics = tx.word_list("metric_terms").pattern()
    cols["metric"] = tx.contains(main, tx.bounded(metrics))
    cols["acronym"] = tx.contains(text, r"(?:^|[^\w-])[A-Z]{2,5}s?(?:$|[^\w-])") & ~tx.contains(
        text, r"^[A-Z\W\d]+$"
    )
    cols["quantity"] = feats.quantity
    cols["placeholder"] = tx.contains(low, _PLACEHOLDER)
    cols["percent"] = tx.contains(main, r"%|\bpercent")
    cols["money"] = tx.contains(main, r"[$€£¥₽₹₩₺₴₦₱]|\b(?:usd|eur|gbp|dollars|euros)\b")
    cols["bound"] = tx.contains(
        main,
        r"\b(?:at\s+least|at\s+most|no\s+more\s+than|no\s+less\s+than|more\s+than|less\s+than|"
        r"fewer\s+than|under|below|above|over|minimum|maximum|or\s+more|or\s+less|or\s+fewer)\b"
        r"|[<>≤≥]|\d\+",
    )
    cols["baseline"] = feats.baseline_in_text
    cols["rate"] = feats.rate
    cols["decrease"] = feats.decrease
    cols["maintain"] = feats.maintain
    cols["capability"] = found.work.eq("capability") | tx.contains(
        main, r"\b(?:can|able\s+to|enables?|allows?)\b"
    )
    cols["passive done"] = tx.contains(
        main, r"\b(?:is|are|was|were|be|been|has\s+been|have\s+been)\s+[a-z]+(?:ed|en|ilt|ent)\b"
    )
    cols.update(_gaming(inputs, cols))
    words = tx.count(main, " ") + main.ne("").astype(int)
    cols["long"] = words.gt(18)
    cols["short"] = words.le(5)
    frame = pd.DataFrame({k: np.asarray(v, dtype=bool) for k, v in cols.items()}, index=main.index)
    return frame[list(FEATURES)]


def _gaming(inputs: _Inputs, cols: dict) -> dict[str, pd.Series]:
    """The features that tell a number easy to game from an honest one."""
    feats = inputs.feats
    main = feats.main
    cols = dict(cols)
    cols["people share trained"] = tx.contains(main, _PEOPLE_SHARE)
    cols["vanity"] = inputs.vanity
    cols["commercial count"] = tx.contains(
        main,
        r"\b(?:close|closed|win|won|sign|signed|land|landed|secure|secured)\s+(?:\w+\s+){0,3}?"
        r"(?:accounts?|deals?|customers?|clients?|logos?|contracts?|partners?)\b",
    )
    # a proxy cut or ruled out ("reduce story points carried over") is not a target to game
    cols["proxy"] = (
        tx.contains(main, tx.bounded(tx.word_list("gamed_proxies").pattern()))
        & ~feats.decrease
        & ~tx.contains(main, r"^no\s|\sno\s")
    )
    cols["activity count"] = inputs.counted
    cols["activity word"] = tx.contains(main, tx.bounded(tx.word_list("activity_nouns").pattern()))
    cols["scope verb"] = tx.in_list(feats.verb, SCOPE_VERBS)
    # read only where no number is stated
    cols["aspiration"] = tx.where(
        ~feats.quantity,
        lambda m: tx.contains(
            m,
            r"\b(?:world[\s\-]class|best[\s\-]in[\s\-]class|more\s+\w+|better|faster|easier|"
            r"simpler|stronger|great|excellent|delight\w*|proactive|inclusive|seamless|robust)\b",
        ),
        main,
    )
    cols["vague verb"] = tx.where(
        ~feats.quantity,
        lambda m: tx.contains(m, tx.bounded(tx.word_list("vague_verbs").pattern())),
        main,
    )
    cols["artefact noun"] = tx.contains(main, tx.bounded(tx.word_list("artefact_nouns").pattern()))
    cols["reach"] = tx.contains(main, REACH)
    cols["guardrail"] = tx.contains(main, GUARDRAIL)
    cols.update(_commitments(inputs, cols))
    cols.update(_rubric(inputs, cols))
    return cols


def _commitments(inputs: _Inputs, cols: dict) -> dict[str, pd.Series]:
    """What the number is tied to: a fixed set, a state in words, a count of work moved,
    a deliverable's state, a date, a raw count that should grow."""
    feats = inputs.feats
    main, low = feats.main, feats.low
    cols = dict(cols)
    cols["one-off"] = tx.contains(
        main,
        r"\btop\s+\d|\bthe\s+(?:\d+|two|three|four)\s+(?:named|planned|agreed)|\bof\s+the\s+\d+\b",
    )
    cols["qualitative"] = tx.contains(
        main,
        r"\b(?:no\s+longer|without|feel|feels|trust|trusted|confident|recommend|understand|"
        r"aware|satisf\w*|happy|love)\b",
    )
    moves = cols["state:direction"] | cols["state:from-to"] | cols["state:changed"]
    cols["moves a count of work"] = moves & (
        cols["proxy"]
        | cols["number:artefact"]
        | cols["number:activity"]
        | cols["artefact noun"]
        | cols["activity count"]
        | cols["activity word"]
    )
    cols["lead:neutral"] = tx.in_list(
        feats.verb, ("have", "has", "get", "reach", "achieve", "ensure", "secure", "maintain")
    )
    cols["deliverable state"] = tx.contains(
        main,
        r"\b(?:complete|completed|completion|in\s+place|available|live|done|finished|"
        r"ready|published|launched|delivered|shipped|released|deployed|operational|adopted)\b",
    )
    cols["dated"] = tx.contains(
        low,
        r"\bby\s+(?:the\s+end\s+of\s+)?(?:q[1-4]|h[12]|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|"
        r"nov|dec|\d{1,2}\s|(?:19|20)\d\d|end\s+of|eo[qy])",
    )
    cols["raw count grows"] = (
        (moves | cols["lead:number"] | cols["lead:neutral"])
        & ~cols["rate"]
        & ~cols["percent"]
        & ~cols["decrease"]
        & (cols["number:person"] | cols["number:plural"] | cols["reach"])
    )
    counted_things = (
        cols["number:plural"] | cols["number:artefact"] | cols["number:activity"]
    ) & ~cols["money"]
    work_lead = cols["work:task verb"] | cols["lead:verb only"] | cols["lead:verb or noun"]
    cols["work sized by a count"] = work_lead & counted_things & ~cols["percent"]
    cols["bare count"] = cols["lead:number"] & counted_things & ~cols["percent"]
    cols["active or paying"] = tx.contains(
        main, r"\b(?:active|paying|paid|retained|returning|repeat|engaged)\b"
    )
    cols["placeholder count"] = tx.contains(
        low, r"(?:^|\s)[xyzn]\+?\s+(?:[a-z\-]+\s+){0,2}?[a-z]+s\b"
    )
    return cols


_MORE = r"\b(?:more|grow|grows|increase|increases|boost|raise|gain|expand|maximi[sz]e)\b"
_CEILING = (
    r"\b(?:less|fewer)\s+than\b|\bno\s+more\s+than\b|\bat\s+(?:the\s+)?most\b|"
    r"\bmaximum\b|[<≤]|\b(?:under|below)\s+\d|\bor\s+(?:fewer|less)\b"
)
_TIME_DEVOTED = (
    r"\b(?:spend|spends|spent|devote|devotes|dedicate|dedicates|invest)\s+(?:at\s+least\s+)?"
    r"(?:\d|an?\s|one|two|three|four|five)|"
    r"(?:\d|\bone|\btwo|\bthree|\bfour|\bfive|\bonce|\btwice)\s*(?:hours?|hrs?|minutes?|mins?|"
    r"times?)?\s+(?:a|per|each|every)\s+(?:day|week|month|sprint)\b|"
    r"\b(?:hours?|minutes?)\s+(?:weekly|daily)\b"
)
_EVERYONE_DOES = (
    r"\b(?:have|has)\s+(?:done|completed|attended|taken|passed|received)\s+(?:[\w\-]+\s+){0,3}?"
    r"(?:training|course|workshop|certification|onboarding)\b|"
    r"\b(?:everyone|everybody|each\s+(?:one|member|person|employee))\s+(?:\w+\s+){0,3}?"
    r"(?:creates?|participates?|attends?|completes?|takes?|joins?|trains?|writes?)\b"
)

#: A population that does something (a state of the world: "50 members share responses",
#: "students complete an internship", "developers will write clearer code").
_ACTS = (
    r"(?:will\s+|now\s+|actively\s+|regularly\s+)?(?:are|is|use|uses|share|shares|participate|"
    r"publish|give|report|engage|contribute|adopt|return|attend|recommend|visit|join|say|rate|"
    r"feel|know|understand|demonstrate|send|sign|complete|experience|trust|choose|prefer|renew|"
    r"stay|find|receive|agree|write|get|will)\b"
)
_PEOPLE_ACT = (
    r"^(?:at\s+least\s+|over\s+|more\s+than\s+|>\s*)?[\d$][\d,.]*\s*[km+%]?\s+"
    r"(?:[\w\-()]+\s+){0,5}?" + _ACTS + r"|^(?:all\s+|most\s+|our\s+|the\s+)?(?:[\w\-]+\s+){0,2}?"
    r"(?:users|customers|members|clients|employees|staff|builders|publishers|creators|"
    r"contributors|maintainers|teams|developers|visitors|readers|players|partners|donors|"
    r"volunteers|students|people|citizens|faculty|graduates|engineers|managers|residents|"
    r"patients|learners|researchers|alumni)\s+" + _ACTS
)


def _rubric(inputs: _Inputs, cols: dict) -> dict[str, pd.Series]:
    """The gameability rubric's cases (docs/labelling.md): vanity with or without a number,
    work done on a share of a set (not gameable), counts kept low, time devoted, shares of
    people doing something."""
    main = inputs.feats.main
    moved = cols["state:direction"] | cols["state:from-to"] | cols["state:changed"]
    vanity = cols["vanity"]
    work = cols["work:task verb"] | cols["work:done"] | cols["lead:verb only"]
    feats = inputs.feats
    # each read only where it can hold: the costly patterns run on few rows (one pass finds
    # the rows any of three can match)
    some = tx.contains(main, f"{_TIME_DEVOTED}|{_EVERYONE_DOES}|{_PEOPLE_ACT}")
    return {
        "more without a number": tx.where(
            (vanity | cols["activity word"]) & ~cols["quantity"],
            lambda m: tx.contains(m, _MORE),
            main,
        ),
        "vanity moved": vanity & (moved | cols["baseline"]),
        "share of a work set": work
        & (
            cols["percent"]
            | tx.where(work, lambda m: tx.contains(m, r"\b(?:all|every|each)\b"), main)
        )
        & ~cols["people share trained"],
        "ceiling": tx.where(cols["bound"], lambda m: tx.contains(m, _CEILING), main),
        "time devoted": tx.where(some, lambda m: tx.contains(m, _TIME_DEVOTED), main),
        "everyone does": tx.where(some, lambda m: tx.contains(m, _EVERYONE_DOES), main),
        "people act": tx.where(some, lambda m: tx.contains(m, _PEOPLE_ACT), main)
        & ~cols["passive done"],
        # a means clause is what main_clause cut off
        "means named": tx.where(
            feats.main.str.len() < feats.low.str.len(),
            lambda low: tx.contains(low, r"\s(?:by|through|via)\s+(?:[a-z]+ly\s+)?[a-z]{3,}ing\b"),
            feats.low,
        ),
    }
