"""Outcome or output: two sets of evidence read from a key result, and a declared decision.

Real key results rarely say "launch": a deliverable is written as a state ("the pricing
page is redesigned", "100% of employees have a training plan"), a capability ("customers
can export invoices"), effort ("each engineer spends 2 days per sprint"), a hire, or a noun
phrase ("alpha release of the game"). So OUT001 does not trust the first verb alone; it
reads two kinds of evidence and decides with :data:`DECISION`:

*Work* (any of, in this order of report):
    ``task verb``  the main clause opens with a verb that starts a task (``output_verbs``),
                   or its gerund ("sourcing through communities");
    ``done``       a task verb's participle after an auxiliary ("is redesigned", "have been
                   tested"), leading ("refactored billing service"), or after a noun phrase
                   and before a preposition or the end ("20 case studies added to the repo");
    ``capability`` "can", "able to", "have access to";
    ``effort``     time spent or devoted ("spend 2 days", "dedicate 20% of capacity");
    ``hire``       add, hire or recruit a number of a role (``role_nouns``);
    ``artefact``   having, adding or creating an artefact (``artefact_nouns``);
    ``nominal``    a task named as a noun ("curation of", "alpha release of");
    ``routine``    work on a schedule ("three times a month", "every week", "regularly");
    ``activity``   a count of activity (:func:`~okrcoach.rules.activity.activity_count`).

*State* (any of):
    ``direction``  the main clause opens with a direction verb (increase, reduce, keep ...);
    ``changed``    a state said to have moved ("has increased", "is reduced");
    ``from-to``    a baseline and a target;
    ``metric``     a measured state (``state_terms``) next to a number, bound or comparison;
    ``population`` a bound on a population ("at least 50 users", "more than 25% of staff");
    ``deadline``   a service level ("within one week").

A population counts as state only where no task verb leads: "interview 10 customers" is
work sized by a population, "have over 50 users" a state.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

import pandas as pd

from . import text as tx
from .activity import activity_count
from .features import per_text

if TYPE_CHECKING:
    from .context import Context

#: What OUT001 concludes from the evidence: (work found, state found) -> verdict.
DECISION = {
    (True, False): "output",  # OUT001 (warning): work and nothing measured that moves
    (True, True): "unclear",  # OUT006 (info): work with a measured state, e.g. "launch X
    # with a 90 % completion rate": say which one is the key result
    (False, True): "outcome",
    (False, False): None,  # nothing to go on: other rules (MEA001) speak
}

_IRREGULAR = {
    "build": "built",
    "rebuild": "rebuilt",
    "write": "written",
    "rewrite": "rewritten",
    "run": "run",
    "hold": "held",
    "buy": "bought",
    "send": "sent",
    "choose": "chosen",
    "set up": "set up",
    "kick off": "kicked off",
    "roll out": "rolled out",
    "carry out": "carried out",
    "work with": "worked with",
    "speak": "spoken",
    "read": "read",
}
_DOUBLED = {"ship", "plan", "map", "submit", "upstream"}
_BOUND = (
    r"(?:at\s+least|at\s+most|more\s+than|less\s+than|fewer\s+than|over|under|above|below|"
    r"no\s+more\s+than|no\s+less\s+than|up\s+to|exceeds?|within|minimum|maximum|min|max|"
    r"[<>≤≥]=?|\+)"
)
_NUMBER = rf"(?:[$€£¥₽₹₩₺₴₦₱]?\d[\d,.]*\s*(?:%|[km]\b|x\b)?|\b(?:{tx.NUMBER_WORDS})\b)"
_AUX = (
    r"(?:is|are|was|were|be|been|being|gets?|got|has|have|had|has\s+been|have\s+been|"
    r"had\s+been|will\s+be|should\s+be|must\s+be)"
)
_DIRECTION_PARTICIPLES = (
    r"(?:increased|decreased|reduced|improved|grown|grew|lowered|raised|risen|rose|dropped|"
    r"fallen|fell|halved|doubled|tripled|shortened|cut|exceeded|exceeds)"
)


def participle(verb: str) -> str:
    """The past participle of a task verb ('refactor' -> 'refactored', 'write' -> 'written')."""
    if verb in _IRREGULAR:
        return _IRREGULAR[verb]
    head, _, rest = verb.partition(" ")
    tail = f" {rest}" if rest else ""
    if head in _DOUBLED:
        return f"{head}{head[-1]}ed{tail}"
    if head.endswith("e"):
        return f"{head}d{tail}"
    if head.endswith("y") and head[-2:-1] not in "aeiou":
        return f"{head[:-1]}ied{tail}"
    return f"{head}ed{tail}"


def gerund(verb: str) -> str:
    head, _, rest = verb.partition(" ")
    tail = f" {rest}" if rest else ""
    if head in _DOUBLED:
        return f"{head}{head[-1]}ing{tail}"
    if head.endswith("e") and not head.endswith("ee"):
        return f"{head[:-1]}ing{tail}"
    return f"{head}ing{tail}"


def _third(verb: str) -> str:
    """The third person ('identify' -> 'identifies', 'fix' -> 'fixes')."""
    if verb.endswith("y") and verb[-2:-1] not in "aeiou":
        return verb[:-1] + "ies"
    if verb.endswith(("s", "x", "z", "ch", "sh")):
        return verb + "es"
    return verb + "s"


def _alternation(words) -> str:
    return "(?:" + "|".join(sorted({w.replace(" ", r"\s+") for w in words}, key=len)[::-1]) + ")"


@dataclasses.dataclass(frozen=True, slots=True)
class Evidence:
    """What names work and what names a measured state, per key result."""

    #: The first kind of work found ('' where none): see the module's list.
    work: pd.Series
    #: The words that are the work evidence ("redesigned", "can", "spends 2 days").
    work_term: pd.Series
    #: The first kind of state found ('' where none).
    state: pd.Series
    #: The words that are the state evidence.
    state_term: pd.Series

    def take(self, positions) -> Evidence:
        """The evidence of the rows at ``positions``."""
        return Evidence(
            *(getattr(self, f.name).iloc[positions] for f in dataclasses.fields(Evidence))
        )

    @property
    def verdict(self) -> pd.Series:
        """'output', 'unclear', 'outcome' or None per key result (from :data:`DECISION`)."""
        work, state = self.work.ne(""), self.state.ne("")
        out = pd.Series(None, index=self.work.index, dtype=object)
        for (w, s), verdict in DECISION.items():
            out[(work == w) & (state == s)] = verdict
        return out


def outcome_evidence(
    ctx: Context, extra_verbs: tuple[str, ...] = (), extra_nouns: tuple[str, ...] = ()
) -> Evidence:
    """The :class:`Evidence` of every key result, computed once per lint run."""
    key = ("outcome_evidence", extra_verbs, extra_nouns)
    return ctx.memo(key, lambda: _evidence(ctx, extra_verbs, extra_nouns))


def _evidence(ctx: Context, extra_verbs: tuple[str, ...], extra_nouns: tuple[str, ...]):
    feats = ctx.kr_text
    counted = activity_count(ctx, extra_nouns)
    krs = ctx.key_results
    if len(krs) <= tx.SMALL and tx.PYTHON_REGEX.get():
        keys = list(zip(krs["text"].tolist(), krs["direction"].tolist(), strict=True))
        return Evidence(
            **per_text(
                f"outcome_evidence:{extra_verbs}:{extra_nouns}",
                keys,
                lambda pos: _read(
                    feats.take(pos), counted.hit.iloc[pos], counted.noun.iloc[pos], extra_verbs
                ),
                feats.index,
            )
        )
    distinct = ctx.distinct  # each distinct text read once
    if distinct is None:
        return Evidence(**_read(feats, counted.hit, counted.noun, extra_verbs))
    codes, first = distinct
    part = _read(feats.take(first), counted.hit.iloc[first], counted.noun.iloc[first], extra_verbs)
    return Evidence(
        **{name: pd.Series(col.array.take(codes), index=feats.index) for name, col in part.items()}
    )


def _first(index: pd.Index, found: list[tuple[str, pd.Series, pd.Series]]):
    """The first kind whose mask holds, and its term, per row."""
    kind = pd.Series("", index=index, dtype=object)
    term = pd.Series("", index=index, dtype=object)
    for name, mask, words in reversed(found):
        mask = mask.to_numpy(dtype=bool)
        kind[mask] = name
        term[mask] = words[mask].fillna(name).to_numpy() if isinstance(words, pd.Series) else words
    return kind, term


def _read(feats, counted: pd.Series, counted_noun: pd.Series, extra_verbs) -> dict:
    """Both evidence sets of some key results' text features (see the module's docs)."""
    index = feats.main.index
    verbs = (*tx.word_list("output_verbs").terms, *(v.lower() for v in extra_verbs))
    tasks = [v for v in verbs if v not in _NEUTRAL]
    task_lead, task_word = _task_lead(feats, tasks)
    work, work_term = _first(
        index,
        [
            ("task verb", task_lead, task_word),
            *_work_done(feats.main, tasks),
            ("activity", counted, counted_noun),
        ],
    )
    state, state_term = _first(index, _state(feats, task_lead))
    return {
        "work": work,
        "work_term": work_term.astype(object),
        "state": state,
        "state_term": state_term.astype(object),
    }


#: Verbs that lead outcomes as often as outputs ("have 50 paying teams", "reach 99.9 %").
_NEUTRAL = {"have", "has", "get", "add", "reach", "achieve", "hit", "gain", "attain", "win"}


def _task_lead(feats, tasks: list[str]) -> tuple[pd.Series, pd.Series]:
    """Whether a task verb leads the main clause (or follows a short subject), and which."""
    main, verb, verb2 = feats.main, feats.verb, feats.verb2
    lead2 = tx.in_list(verb2, tuple(tasks))
    lead1 = tx.in_list(verb, tuple(tasks)) | tx.in_list(verb, tuple(gerund(v) for v in tasks))
    aspiration = tx.contains(
        main,
        r"^[a-z\-]+\s+(?:a\s+|an\s+|the\s+)?"
        + tx.word_list("aspiration_words").alternation()
        + r"\b",
    )
    # "Every portfolio identifies 2 decisions": a task verb after a short subject
    third = tx.extract(
        main,
        r"^(?:every|each|all|our|the|\d+%?\s+of)?\s*(?:[\w\-()]+\s+){1,3}?"
        rf"(?P<v>{_alternation(_third(v) for v in tasks if ' ' not in v)})\s",
    )["v"]
    task_lead = (lead1 | lead2 | third.notna()) & ~aspiration
    return task_lead, verb2.where(lead2, verb.where(lead1, third))


def _work_done(main: pd.Series, tasks: list[str]) -> list[tuple[str, pd.Series, pd.Series]]:
    """The kinds of work other than a leading task verb, in their order of report."""
    participles = _alternation(participle(v) for v in (*tasks, "add"))
    done = tx.extract(
        main,
        rf"(?:^|\s){_AUX}\s+(?:[a-z]{{2,}}[^p\s]ly\s+)?(?P<aux>{participles})(?:$|[^\w\-])|"
        rf"^(?P<lead>{participles})\s|"
        rf"^(?:[\w\-'/#()%]+\s+){{1,10}}?(?P<np>{participles})(?:\s+(?:to|in|on|for|into|at|"
        r"across|by|within|and|this|next|per|each|with|from)\b|[.;,]|$)",
    )
    done_word = done["aux"].fillna(done["lead"]).fillna(done["np"])
    capability = tx.first_match(
        main, r"can|cannot|(?:is|are|be)\s+able\s+to|ha(?:ve|s)\s+access\s+to"
    )
    effort = tx.first_match(
        main,
        rf"spends?\s+{_NUMBER}\s+(?:\w+\s+)?(?:hours?|days?|weeks?|months?|sprints?)|"
        r"(?:dedicate|devote|allocate)[sd]?|"
        rf"{_NUMBER}\s+of\s+(?:their|our|its|the\s+team's|team)?\s*(?:time|capacity|effort)",
    )
    roles = tx.word_list("role_nouns").pattern()
    hire = tx.extract(
        main,
        rf"^(?P<h>(?:add|hire|recruit|onboard|bring\s+on)\s+{_NUMBER}?\s*(?:a\s+|an\s+)?"
        rf"(?:[a-z/\-]+\s+){{0,4}}?{roles})(?:$|[^\w\-])",
    )["h"]
    artefacts = tx.word_list("artefact_nouns").pattern()
    artefact = tx.extract(
        main,
        r"(?:^|\s)(?P<a>(?:have|has|get|add|create|gain)\s+(?:a|an|the|one|some|\d+)?\s*"
        rf"(?:[a-z\-]+\s+){{0,4}}?{artefacts})(?:$|[^\w\-])|"
        rf"(?:^|\s)(?P<b>(?:include|includes)\s+(?:a|an|the)?\s*(?:[a-z\-]+\s+){{0,3}}?{artefacts})"
        r"(?:$|[^\w\-])",
    )
    artefact_word = artefact["a"].fillna(artefact["b"])
    # a habit: work repeated on a schedule ("three times a month", "every week", "daily")
    routine = tx.first_match(
        main,
        rf"{_NUMBER}\s+times?\s+(?:a|per|each)\s+(?:day|week|month|quarter)|"
        r"(?:every|each|per|a)\s+(?:day|week|weekday|month|morning|evening|night)|"
        r"regularly",
    )
    nominal = tx.first_match(
        main,
        r"^(?:(?:alpha|beta|public|first|initial)\s+release|curation|creation|implementation|"
        r"launch|migration|rollout|roll-out|delivery|completion)\s+of",
    )
    return [
        ("done", done_word.notna(), done_word),
        ("capability", capability.notna(), capability),
        ("effort", effort.notna(), effort),
        ("hire", hire.notna(), hire),
        ("artefact", artefact_word.notna(), artefact_word),
        ("nominal", nominal.notna(), nominal),
        ("routine", routine.notna(), routine),
    ]


def _state(feats, task_lead: pd.Series) -> list[tuple[str, pd.Series, pd.Series]]:
    """The kinds of measured state, in their order of report."""
    main, verb, verb2 = feats.main, feats.verb, feats.verb2
    index = main.index
    direction = (*tx.INCREASE_VERBS, *tx.DECREASE_VERBS, *tx.MAINTAIN_VERBS)
    vague = {*tx.word_list("vague_verbs").terms} - {"ensure", "support"}
    direction_lead = (
        tx.in_list(verb, direction)
        | tx.in_list(verb, tuple(vague))
        | tx.in_list(verb2, ("speed up", "scale up", "bring down", "make more", "make less"))
    )
    direction_lead &= ~tx.in_list(verb, tuple(_NEUTRAL))
    # "has increased" anywhere; a bare "improved" only where no task verb leads ("ship
    # improved font fallback" is work on a better thing, not a state that moved)
    changed = tx.first_match(
        main, rf"(?:has|have|had|is|are|was|were|been)\s+{_DIRECTION_PARTICIPLES}"
    ).fillna(tx.first_match(main, _DIRECTION_PARTICIPLES).where(~task_lead))
    terms = tx.word_list("state_terms").pattern()
    metric = tx.extract(
        main,
        rf"(?:^|[^\w\-])(?P<m>{terms})(?:\s+[\w\-()]+){{0,6}}?\s+(?:by\s+|of\s+|to\s+|is\s+|"
        rf"are\s+|at\s+)?(?:{_BOUND}\s*)?{_NUMBER}|"
        rf"(?P<n>(?:{_BOUND}\s*)?{_NUMBER})\s+(?:[\w\-]+\s+){{0,3}}?(?:{terms})(?:$|[^\w\-])|"
        rf"(?P<c>(?:faster|slower|lower|higher|less|fewer|more|better|shorter)\s+(?:[\w\-]+\s+)?"
        rf"(?:{terms}|time|effort))(?:$|[^\w\-])",
    )
    metric_word = metric["m"].fillna(metric["n"]).fillna(metric["c"])
    people = tx.word_list("population_nouns").pattern()
    population = tx.first_match(
        main,
        rf"{_BOUND}\s*{_NUMBER}\s+(?:[\w\-]+\s+){{0,3}}?(?:of\s+)?(?:[\w\-]+\s+){{0,3}}?{people}|"
        rf"{_NUMBER}\s+of\s+(?:[\w\-]+\s+){{0,3}}?{people}\s+(?:report|agree|say|feel|rate|use)",
    ).where(~task_lead)
    deadline = tx.first_match(
        main,
        rf"within\s+(?:{_NUMBER}|a|an|the\s+same)\s+(?:business\s+)?"
        r"(?:hours?|days?|weeks?|months?|releases?|sprints?)",
    )
    # a stated start ("from 35% to 50%", "currently 12", "40 -> 55"); not "from 5 users"
    from_to = feats.text_target.notna() | tx.contains(
        main, r"→|->|=>|\b(?:baseline|currently|today|up from|down from)\b\s*:?\s*[$€£¥₽₹₩₺₴₦₱]?\d"
    )
    return [
        ("direction", direction_lead, verb),
        ("changed", changed.notna(), changed),
        ("from-to", from_to, pd.Series("from ... to ...", index=index)),
        ("metric", metric_word.notna(), metric_word),
        ("population", population.notna(), population),
        ("deadline", deadline.notna(), deadline),
    ]
