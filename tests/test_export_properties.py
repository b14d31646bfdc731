"""Tools' exports in any shape they really come in, tested by properties, not by examples.

A strategy per layout builds export files from the layout's own columns: goals without key
results, key results without goals, trees of any depth where the tool has them, blank and
duplicated rows, the columns in any order with their headers in any case and spacing, and
each column's values drawn from every kind a cell holds (whole numbers, decimals, nothing,
words, a mix, percentages, dates as the tools write them), unicode and very long text.

The property, for every layout: loading either gives a goal set that holds every objective
and key-result text of the file (nothing dropped silently), or raises ``GoalDataError``
whose problems name the row, the column and the value of each bad cell; never any other
exception. Runs are derandomized (the same examples every time), so CI is deterministic;
failing examples found while developing are kept as explicit ``@example`` cases.
"""

from __future__ import annotations

import csv
import io
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from hypothesis import example, given, settings
from hypothesis import strategies as st
from property_support import CELL_REASONS, EXAMPLES, SETTINGS

import okrcoach
from okrcoach import GoalDataError

# --- cells ------------------------------------------------------------------------------

words = st.text(
    # letters, marks, digits, punctuation, symbols and spaces of any script: what people
    # type (not control, format or private-use characters, which spreadsheets refuse)
    alphabet=st.characters(categories=("L", "M", "N", "P", "S", "Zs")),
    min_size=1,
    max_size=30,
)
plain = st.sampled_from(
    ["Grow revenue", "Ship it", "Ünïcödé goal ✓", "  padded  ", "a,b;c", 'say "hi"', "中文目标"]
)


@st.composite
def texts(draw) -> str:
    """A title or a key result: mostly words, now and then one too long for okrcoach."""
    roll = draw(st.integers(0, 19))
    if roll == 0:
        return "x" * 10_050  # reported as too long, never loaded cut
    return draw(plain if roll < 6 else words)


dates = st.sampled_from(
    ["2026-07-01", "2026-09-30", "07/01/2026", "9/30/2026", "1 July 2026", "2026-07-01T09:00:00"]
)
KINDS = ("ints", "floats", "empty", "text", "percent", "dates", "mixed")
#: The kinds a column of each sort usually holds; any kind now and then.
USUAL = {
    "number": ("ints", "floats", "percent", "empty"),
    "date": ("dates", "empty"),
    "text": ("text", "empty", "ints"),
    "level": ("level",),
    "confidence": ("confidence", "empty"),
}


def cell(kind: str) -> st.SearchStrategy[str]:
    """One cell of a column whose values are all of ``kind`` (as the file holds it)."""
    return {
        "ints": st.integers(-5, 250).map(str),
        "floats": st.floats(-2, 250, allow_nan=False).map(lambda x: f"{x:.2f}"),
        "empty": st.just(""),
        "text": words,
        "percent": st.integers(0, 150).map(lambda n: f"{n}%"),
        "dates": dates,
        "mixed": st.one_of(st.integers(0, 100).map(str), st.just(""), words, dates),
        "level": st.sampled_from(["Company", "Department", "Team", "Individual", "team", ""]),
        "confidence": st.integers(0, 10).map(str),
    }[kind]


@st.composite
def column_of(draw, n: int, sort: str = "number") -> list[str]:
    """A column's cells: of the kind its sort usually holds, or (one in six) of any kind."""
    kinds = KINDS if draw(st.integers(0, 5)) == 0 else USUAL[sort]
    kind = draw(st.sampled_from(kinds))
    return [draw(cell(kind)) for _ in range(n)]


@st.composite
def header(draw, name: str) -> str:
    """A header as a tool or a person writes it: any case, spaces or camelCase for the
    underscores, padding."""
    parts = name.split("_")
    shown = draw(
        st.sampled_from(
            [
                name,
                " ".join(parts),
                " ".join(p.title() for p in parts),
                name.upper(),
                parts[0] + "".join(p.title() for p in parts[1:]),  # camelCase
            ]
        )
    )
    return draw(st.sampled_from(["", " "])) + shown + draw(st.sampled_from(["", "  "]))


# --- an export --------------------------------------------------------------------------


@dataclass
class Export:
    """A file's rows by column (the layout's header names), and what it must keep."""

    columns: dict[str, list[str]]
    objectives: set[str] = field(default_factory=set)  # texts that must be objective titles
    key_results: set[str] = field(default_factory=set)  # texts that must be key results
    kpi_values: int | None = None  # values a KPI history must keep


def kept(text: str) -> str | None:
    """What a text cell becomes in the goal set (None when blank)."""
    t = str(text).strip()
    return t or None


NUMBER_COLUMNS = {
    "progress", "completion", "start", "end", "actual", "baseline", "stretch_goal",
    "check_in_value", "starting_value", "target_value", "current_value",
    "fortschritt", "ende", "aktuell",
}  # fmt: skip
DATE_COLUMNS = {
    "start_date", "end_date", "due_at", "created_at", "check_in_created_on",
}  # fmt: skip


def sort_of(name: str) -> str:
    """Whether a column holds numbers, dates, text or a level, by its name."""
    if name in ("scope", "level"):
        return "level"
    if name == "confidence":
        return "confidence"
    if name in NUMBER_COLUMNS or name.endswith("_completion"):
        return "number"
    return "date" if name in DATE_COLUMNS else "text"


@st.composite
def other_columns(draw, n: int, names: tuple[str, ...]) -> dict[str, list[str]]:
    """Columns of the layout beside the ones that carry its structure."""
    return {c: draw(column_of(n, sort_of(c))) for c in names}


@st.composite
def betterworks(draw) -> Export:
    """Goal rows and their milestones (a milestone belongs to the goal above it); goals
    without milestones, milestones before any goal, now and then a wrong type."""
    rows = []  # (name, type)
    for _ in range(draw(st.integers(0, 5))):
        rows.append((draw(texts()), "goal"))
        rows += [(draw(texts()), "milestone") for _ in range(draw(st.integers(0, 3)))]
    if draw(st.integers(0, 3)) == 0 and rows:  # a milestone first, a type in capitals, a typo
        at = draw(st.integers(0, len(rows) - 1))
        rows.insert(at, (draw(texts()), draw(st.sampled_from(["Milestone", "GOAL", "task", ""]))))
    n = len(rows)
    columns = {"name": [r[0] for r in rows], "type": [r[1] for r in rows]}
    columns |= draw(
        other_columns(
            n, ("progress", "start_date", "end_date", "owner_email", "categories", "description")
        )
    )
    out = Export(columns)
    for name, kind in rows:
        if kept(name) and kind.lower() == "goal":
            out.objectives.add(kept(name))
        elif kept(name) and kind.lower() == "milestone":
            out.key_results.add(kept(name))
    return out


@st.composite
def culture_amp(draw) -> Export:
    """One row per goal with numbered key-result columns, any of them empty."""
    n = draw(st.integers(0, 5))
    krs = draw(st.integers(1, 3))
    columns = {"email": draw(column_of(n, "text")), "name": [draw(texts()) for _ in range(n)]}
    out = Export(columns)
    for k in range(1, krs + 1):
        titles = [draw(st.one_of(texts(), st.just(""))) for _ in range(n)]
        columns[f"key_result_{k}_title"] = titles
        columns[f"key_result_{k}_completion"] = draw(column_of(n))
        out.key_results |= {kept(t) for t in titles if kept(t)}
    columns |= draw(
        other_columns(
            n,
            ("description", "visibility", "individual_emails", "due_at", "created_at")
            + ("priority", "status", "completion"),
        )
    )
    out.objectives = {kept(t) for t in columns["name"] if kept(t)}
    return out


@st.composite
def peoplebox(draw) -> Export:
    """A tree of goals of any depth by row id and parent row ids; now and then several
    parents or a parent no row has."""
    n = draw(st.integers(0, 9))
    ids = [str(i + 1) for i in range(n)]
    parents = []
    for i in range(n):
        choice = draw(st.integers(0, 9))
        if i == 0 or choice < 3:
            parents.append("")
        elif choice == 9:
            parents.append("99")  # a row no one has
        elif choice == 8 and i > 1:
            parents.append(f"{ids[i - 1]}, {ids[0]}")  # two parents
        else:
            parents.append(ids[draw(st.integers(0, i - 1))])
    columns = {"row_id": ids, "parent_row_ids": parents, "goal_title": [draw(texts()) for _ in ids]}
    columns |= draw(
        other_columns(
            n,
            (
                "owner_emails",
                "scope",
                "departments",
                "start_date",
                "end_date",
                "starting_value",
                "target_value",
                "current_value",
                "goal_id",
                "parent_goal_ids",
                "goal_cycle",
                "progress_status",
            ),
        )
    )
    return Export(
        columns, objectives=set(), key_results={kept(t) for t in columns["goal_title"] if kept(t)}
    )


@st.composite
def burningokr(draw, german: bool = False) -> Export:
    """Key-result rows of teams' objectives, with their corporate objectives by name."""
    n = draw(st.integers(0, 6))
    teams = [draw(st.sampled_from(["Payments", "Onboarding", "", "42"])) for _ in range(n)]
    objectives = [draw(texts()) for _ in range(n)]
    krs = [draw(st.one_of(texts(), st.just(""))) for _ in range(n)]
    columns = {"team": teams, "objective": objectives, "key_result": krs}
    if german:
        more = ("fortschritt", "uebergeordnetes_unternehmensziel", "beschreibung")
        more += ("start", "ende", "aktuell", "einheit")
    else:
        more = ("progress", "corporate_objectives", "description", "start", "end", "actual")
        more += ("unit",)
    columns |= draw(other_columns(n, more))
    return Export(
        columns,
        objectives={kept(t) for t in objectives if kept(t)},
        key_results={kept(t) for t in krs if kept(t)},
    )


@st.composite
def puzzle_okr(draw) -> Export:
    """Check-in rows of key results, business-year quarters, ordinal key results by zone."""
    n = draw(st.integers(0, 6))
    quarters = [
        draw(st.sampled_from(["GJ 25/26-Q1", "GJ 24/25-Q4", "2026-Q3", "Backlog", "", "Q9"]))
        for _ in range(n)
    ]
    objectives = [draw(texts()) for _ in range(n)]
    krs = [draw(st.one_of(texts(), st.just(""))) for _ in range(n)]
    columns = {
        "team_name": [draw(st.sampled_from(["/BBT", "Marketing", ""])) for _ in range(n)],
        "objective_title": objectives,
        "quarter_label": quarters,
        "key_result_title": krs,
        "check_in_value": draw(column_of(n)),
        "key_result_type": [
            draw(st.sampled_from(["metric", "ordinal", "", "Ordinal"])) for _ in range(n)
        ],
        "check_in_zone": [
            draw(st.sampled_from(["FAIL", "commit", "TARGET", "stretch", "", "x"]))
            for _ in range(n)
        ],
    }
    columns |= draw(
        other_columns(
            n,
            ("team_id", "objective_id", "key_result_id", "check_in_id", "objective_state")
            + ("baseline", "stretch_goal", "unit", "confidence", "check_in_created_on"),
        )
    )
    return Export(
        columns,
        objectives={kept(t) for t in objectives if kept(t)},
        key_results={kept(t) for t in krs if kept(t)},
    )


@st.composite
def okr_tracker(draw, norwegian: bool = False) -> Export:
    """A KPI's history: date, value and comment, newest first."""
    n = draw(st.integers(0, 6))
    names = ("dato", "verdi", "kommentar") if norwegian else ("date", "value", "comment")
    columns = {
        names[0]: draw(column_of(n, "date")),
        names[1]: draw(column_of(n, "number")),
        names[2]: draw(column_of(n, "text")),
    }
    return Export(columns, kpi_values=n)


LAYOUT_STRATEGIES = {
    "betterworks": betterworks(),
    "cultureamp": culture_amp(),
    "peoplebox": peoplebox(),
    "burningokr": burningokr(),
    "burningokr_de": burningokr(german=True),
    "puzzle_okr": puzzle_okr(),
    "okr_tracker": okr_tracker(),
    "okr_tracker_no": okr_tracker(norwegian=True),
}


@dataclass
class Case:
    """One export file to try: its content, and how the file is laid out and saved."""

    layout: str
    export: Export
    order: list[str]  # the columns in the file's order
    headers: list[str]  # each as the file writes it
    blank_at: int | None = None  # a blank row inserted here
    copy_of: int | None = None  # this row written twice
    form: str = "csv"  # csv, csv-bom, semicolon or xlsx

    def write(self, folder: Path) -> Path:
        rows = [list(r) for r in zip(*(self.export.columns[c] for c in self.order), strict=True)]
        if self.blank_at is not None:
            rows.insert(min(self.blank_at, len(rows)), [""] * len(self.order))
        if self.copy_of is not None and rows:
            rows.append(list(rows[self.copy_of % len(rows)]))
        if self.form == "xlsx":
            path = folder / "export.xlsx"
            frame = pd.DataFrame(rows, columns=range(len(self.order)), dtype=object)
            frame = frame.map(as_cell)
            frame.columns = self.headers
            frame.to_excel(path, index=False)
            return path
        name = "Active users.csv" if self.layout.startswith("okr_tracker") else "export.csv"
        buf = io.StringIO()
        sep = ";" if self.form == "semicolon" else ","
        writer = csv.writer(buf, delimiter=sep, lineterminator="\n")
        writer.writerow(self.headers)
        writer.writerows(rows)
        encoding = "utf-8-sig" if self.form == "csv-bom" else "utf-8"
        (folder / name).write_text(buf.getvalue(), encoding=encoding)
        return folder / name


@st.composite
def cases(draw, layout: str) -> Case:
    """An export of the layout as a file: optional columns left out, the others in any
    order, headers in any case, blank and duplicated rows, CSV (with or without Excel's
    BOM, comma or semicolon) or xlsx."""
    export = draw(LAYOUT_STRATEGIES[layout])
    order = list(export.columns)
    if not layout.startswith("okr_tracker"):  # its header is exactly three columns
        from okrcoach.loading.exports import LAYOUTS

        needed = set(LAYOUTS[layout].signature)  # a key result's title carries a text too
        optional = [c for c in order if c not in needed and not c.endswith("_title")]
        dropped = draw(st.lists(st.sampled_from(optional), unique=True)) if optional else []
        order = draw(st.permutations([c for c in order if c not in dropped]))
    n = len(next(iter(export.columns.values()), []))
    return Case(
        layout,
        export,
        order,
        [draw(header(c)) for c in order],
        blank_at=draw(st.one_of(st.none(), st.integers(0, n))),
        copy_of=draw(st.one_of(st.none(), st.integers(0, 20))),
        form=draw(st.sampled_from(["csv", "csv-bom", "semicolon", "xlsx"])),
    )


def as_cell(text: str):
    """What a spreadsheet holds for what a person typed: numbers as numbers."""
    if text == "":
        return None
    if re.fullmatch(r"-?\d{1,15}", text):  # what a spreadsheet holds exactly
        return int(text)
    if re.fullmatch(r"-?\d+\.\d+", text):
        return float(text)
    return text


# --- the property -----------------------------------------------------------------------


def holds_everything_or_says_why(path: Path, export: Export) -> None:
    try:
        goals = okrcoach.load(path)
    except GoalDataError as err:
        p = err.problems
        assert len(p) and p["reason"].notna().all() and p["message"].notna().all()
        cells = p[p["reason"].isin(CELL_REASONS)]
        assert cells[["row", "column", "value"]].notna().all().all(), cells.to_string()
        return
    titles = set(goals.objectives["title"].dropna())
    kr_texts = set(goals.key_results["text"].dropna())
    assert export.objectives <= titles, export.objectives - titles
    assert export.key_results <= kr_texts | titles, export.key_results - kr_texts - titles
    if export.kpi_values is not None:
        assert len(goals.kpi_values) <= export.kpi_values


def property_of(layout: str, *found: Case):
    """The property test of one layout, with the failing cases found while developing."""

    @given(case=cases(layout))
    @SETTINGS
    def check(case: Case) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            holds_everything_or_says_why(case.write(Path(tmp)), case.export)

    for case in found:
        check = example(case=case)(check)
    check.__doc__ = f"Every {layout} export loads whole or says why."
    return check


def plain_case(layout: str, columns: dict[str, list[str]], **expect) -> Case:
    return Case(layout, Export(columns, **expect), list(columns), list(columns))


#: Failures the properties found, kept so the suite tries them every time.
UPLOAD_WITH_WHOLE_NUMBERS = plain_case(  # a goal without milestones, progress as integers
    "betterworks",
    {
        "name": ["Grow self-serve revenue", "Raise trial-to-paid conversion", "Hire two AEs"],
        "type": ["goal", "milestone", "goal"],
        "progress": ["40", "55", "50"],
        "start_date": ["2026-07-01"] * 3,
        "end_date": ["2026-09-30"] * 3,
        "owner_email": ["ana@example.com", "ana@example.com", "bo@example.com"],
    },
    objectives={"Grow self-serve revenue", "Hire two AEs"},
    key_results={"Raise trial-to-paid conversion", "Hire two AEs"},
)
BLANK_TYPE = plain_case(  # reported as a bad choice with no value; now a missing value
    "betterworks",
    {
        "name": ["Grow", "Ship"],
        "type": ["goal", ""],
        "progress": ["0.5", "0.5"],
        "start_date": ["2026-07-01"] * 2,
        "end_date": ["2026-09-30"] * 2,
        "owner_email": ["a@x.org"] * 2,
    },
)
NO_PARENTS = plain_case(  # every Parent Row IDs cell empty: a column of no text at all
    "peoplebox",
    {"row_id": ["1", "2"], "parent_row_ids": ["", ""], "goal_title": ["Grow", "Ship"]},
    key_results={"Grow", "Ship"},
)
TITLES_THAT_LOOK_BOOLEAN = plain_case(  # read as True / False by type inference
    "peoplebox",
    {"row_id": ["1", "2"], "parent_row_ids": ["", "1"], "goal_title": ["true", "false"]},
    objectives={"true"},
    key_results={"false"},
)
CAMEL_CASE_NUMBERED_COLUMNS = Case(  # keyResult2Title was not a key result column
    "cultureamp",
    Export(
        {
            "email": ["a@x.org"],
            "name": ["Grow"],
            "key_result_1_title": ["Raise NPS to 40"],
            "key_result_2_title": ["Cut churn to 2%"],
        },
        objectives={"Grow"},
        key_results={"Raise NPS to 40", "Cut churn to 2%"},
    ),
    ["email", "name", "key_result_1_title", "key_result_2_title"],
    ["email", "name", "key_result_1_title", "keyResult2Title"],
)
ORDINAL_WITHOUT_A_BASELINE_COLUMN = plain_case(  # the zones' values had nowhere to go
    "puzzle_okr",
    {
        "team_name": ["/BBT"],
        "objective_title": ["Attractive employer"],
        "quarter_label": ["GJ 25/26-Q1"],
        "key_result_title": ["Handbook published"],
        "check_in_value": [""],
        "key_result_type": ["ordinal"],
        "check_in_zone": ["TARGET"],
        "check_in_created_on": ["2025-08-20"],
    },
    objectives={"Attractive employer"},
    key_results={"Handbook published"},
)
A_TITLE_THAT_LOOKS_BOOLEAN_BESIDE_BLANKS = plain_case(  # "FALSE" became "False"
    "burningokr",
    {
        "team": ["Ops", "Ops"],
        "objective": ["FALSE", ""],
        "key_result": ["Cut costs", ""],
        "start": ["1", ""],
        "end": ["2", ""],
        "actual": ["1", ""],
    },
    objectives={"FALSE"},
    key_results={"Cut costs"},
)

test_betterworks = property_of("betterworks", UPLOAD_WITH_WHOLE_NUMBERS, BLANK_TYPE)
test_cultureamp = property_of("cultureamp", CAMEL_CASE_NUMBERED_COLUMNS)
test_peoplebox = property_of("peoplebox", NO_PARENTS, TITLES_THAT_LOOK_BOOLEAN)
test_burningokr = property_of("burningokr", A_TITLE_THAT_LOOKS_BOOLEAN_BESIDE_BLANKS)
test_burningokr_de = property_of("burningokr_de")
test_puzzle_okr = property_of("puzzle_okr", ORDINAL_WITHOUT_A_BASELINE_COLUMN)
test_okr_tracker = property_of("okr_tracker")
test_okr_tracker_no = property_of("okr_tracker_no")


def test_every_layout_has_its_property_test():
    from okrcoach.loading.exports import LAYOUTS

    assert set(LAYOUTS) == set(LAYOUT_STRATEGIES)


# --- the round trip -------------------------------------------------------------------------


def same_tables(goals: okrcoach.GoalSet, again: okrcoach.GoalSet, how: str) -> None:
    for name, frame in goals.tables():
        pd.testing.assert_frame_equal(getattr(again, name), frame, obj=f"{how}: {name}")


def round_trip_of(layout: str):
    """``okrcoach import`` writes what it read (a CSV folder here; a workbook in the CLI
    test); loading that folder gives the same five tables."""

    @given(case=cases(layout))
    @settings(SETTINGS, max_examples=EXAMPLES // 4)
    def check(case: Case) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            try:
                goals = okrcoach.load(case.write(Path(tmp)))
            except GoalDataError:
                return  # the property above holds what is said then
            again = okrcoach.load(goals.to_csv(Path(tmp) / "goals"))
            same_tables(goals, again, f"{layout} -> CSV folder -> load")

    check.__doc__ = f"A {layout} export imported and loaded again keeps its five tables."
    return check


test_round_trip_betterworks = round_trip_of("betterworks")
test_round_trip_cultureamp = round_trip_of("cultureamp")
test_round_trip_peoplebox = round_trip_of("peoplebox")
test_round_trip_burningokr = round_trip_of("burningokr")
test_round_trip_burningokr_de = round_trip_of("burningokr_de")
test_round_trip_puzzle_okr = round_trip_of("puzzle_okr")
test_round_trip_okr_tracker = round_trip_of("okr_tracker")
test_round_trip_okr_tracker_no = round_trip_of("okr_tracker_no")
