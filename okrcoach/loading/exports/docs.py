"""``docs/importing.md``, generated from the layouts and fields (``make docs``)."""

from __future__ import annotations

from .catalogue import LAYOUTS
from .fields import FIELDS

INTRO = """# Importing goal data: OKR tools' exports and databases

okrcoach reads an OKR tool's export as it is: `okrcoach.load("export.csv")` (or `.xlsx`)
recognises the layout from the header row, and `okrcoach import FILE --out goals.xlsx`
writes okrcoach's own workbook from it, printing the layout it recognised, what it derived
and a summary. Bad input exits with 2 and the usual problem table (file, row, column and
the value). Headers are matched in lower case, with spaces, hyphens and camelCase as `_`
(`Key Result`, `key-result` and `keyResult` are one header).

What the loader derives is said in its notes (`GoalSet.notes`, printed by the commands):

- **ids** the export does not have: objectives `O1`, `O2` … (one per team, quarter and
  title), key results `O1-KR1` … (one per objective and text: a key result named twice in
  an objective is one key result, and each row's check-in is kept);
- **quarters** from the start dates (else the end or due dates) when the export names none;
  `okrcoach import --quarter 2026-Q3` gives one to objectives that have neither;
- **parents** from their names: a parent no row holds (BurningOKR's corporate objectives)
  becomes a company-level objective `P1` …;
- **teams** from the objective owners when the tool's goals belong to people (Betterworks,
  Culture Amp), so that every owner gets a retrospective;
- **check-ins** from a current value, dated the export file's day, when the export has no
  history.

Nothing is silently dropped: columns that no field takes travel along as extra columns of
the table the rows belong to (key results, check-ins, objectives or KPI values), as text
exactly as written ("007", "1.50", "true"). A problem names the export's own row and
column ("progress", not the field it fills), with the value as written. Whatever shape the
export comes in (numbers, blanks, text or a mix in any column, columns in any order,
headers in any case, optional columns left out), it loads whole or says why; tests build
hundreds of such exports per layout to hold that, and `okrcoach import` writes tables that
load back the same.

## Tools okrcoach does not know

Map the headers to fields, on the command line or in `pyproject.toml` / `okrcoach.toml`:

```bash
okrcoach import goals.csv --map "Goal title=objective" --map "Result=key_result" \\
    --map "From=baseline" --map "To=target" --map "Squad=team" --out goals.xlsx
```

```toml
[tool.okrcoach.columns]
"Goal title" = "objective"
"Result" = "key_result"
```

A mapping with `date`/`value` reads one check-in per row; with `kpi_value` one KPI value
per row; otherwise one key result per row.

## Databases

Any SQLAlchemy URL is a source wherever a path is: `okrcoach.load("sqlite:///goals.db")`,
`okrcoach validate postgresql://ana@db.example.com/okr`, `okrcoach retro --data URL`, the
notebooks' `data_path`. SQLite is built in and the simplest start; PostgreSQL uses psycopg.
`GoalSet.to_sql(url)` (and `okrcoach import FILE --out URL`) writes the five tables in one
transaction, replacing okrcoach's tables of the same names and nothing else. Table names and
schema are settings:

```toml
[tool.okrcoach.sql]
schema = "planning"
tables = { key_results = "okr_key_results", checkins = "okr_checkins" }
```

Rows are read in key order (a database keeps none). Problems name the database (its URL
without password), the table and the row's primary key (`kr_id=K12`) instead of a file and
a row. Passwords never appear in output, reports or executed notebooks: URLs are shown as
`postgresql://ana:***@db/okr`, and the batch runner hands the password to its kernels in the
`OKRCOACH_DB_PASSWORD` environment variable, which is also how to give one without writing
it in a URL. A server that cannot be reached or a wrong password is one line and exit 2.

## Fields

| field | what it holds |
|---|---|
"""


def markdown() -> str:
    out = [INTRO]
    out += [f"| `{name}` | {doc} |\n" for name, doc in FIELDS.items()]
    out.append("\n## Layouts\n")
    for lay in LAYOUTS.values():
        out.append(f"\n### {lay.title} (`--layout {lay.name}`)\n\n")
        out.append(f"Source: {lay.source}. Read as one row per {lay.grain.replace('_', ' ')}.\n\n")
        if lay.prepare is not None and lay.prepare.__doc__:
            out.append(" ".join(lay.prepare.__doc__.split()) + "\n\n")
        how = "exactly these headers" if lay.exact else "these headers (at least)"
        out.append(f"Recognised by {how}: " + ", ".join(f"`{h}`" for h in lay.signature))
        out.append(".\n\n| header | field |\n|---|---|\n")
        out += [f"| `{h}` | `{f}` |\n" for h, f in lay.headers.items()]
        if lay.cannot_map:
            out.append(f"\nCannot be mapped: {lay.cannot_map}.\n")
    return "".join(out)


__all__ = ["markdown"]
