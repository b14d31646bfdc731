"""BurningOKR's Excel export, with its English and German headers."""

from __future__ import annotations

from .fields import Layout

_BURNINGOKR_SOURCE = (
    "https://github.com/BurningOKR/BurningOKR/blob/0763693d68db1361d84fdd46ed8109ca3e68687c/"
    "backend/Source/burning-okr/burning-okr-logic/src/main/java/org/burningokr/service/excel/"
    "XlsxDataExportFileCreatorService.java (labels in messages.properties and "
    "messages_DE.properties)"
)
_BURNINGOKR_CANNOT = (
    "quarters (the export has no dates: give `--quarter`); owners; the objective's progress "
    "(0-1, shown as a percent) is kept as an extra column, since okrcoach computes progress "
    "from Start, End and Actual (whole numbers in the export)"
)


LAYOUTS = (
    Layout(
        "burningokr",
        "BurningOKR Excel export",
        "key_result",
        ("team", "objective", "key_result", "start", "end", "actual"),
        {
            "team": "team",
            "objective": "objective",
            "corporate_objectives": "parent",
            "corporate_objective": "parent",
            "key_result": "key_result",
            "start": "baseline",
            "end": "target",
            "actual": "current",
            "unit": "unit",
        },
        source=_BURNINGOKR_SOURCE,
        cannot_map=_BURNINGOKR_CANNOT,
    ),
    Layout(
        "burningokr_de",
        "BurningOKR Excel export (German)",
        "key_result",
        ("team", "objective", "key_result", "start", "ende", "aktuell"),
        {
            "team": "team",
            "objective": "objective",
            "uebergeordnetes_unternehmensziel": "parent",
            "key_result": "key_result",
            "start": "baseline",
            "ende": "target",
            "aktuell": "current",
            "einheit": "unit",
        },
        source=_BURNINGOKR_SOURCE,
        cannot_map=_BURNINGOKR_CANNOT + "; Fortschritt and Beschreibung are kept as extra columns",
    ),
)

__all__ = ["LAYOUTS"]
