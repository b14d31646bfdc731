"""OKR tools' export files, read as they are: layouts recognised from the header.

Each :class:`Layout` names the headers of one tool's export or upload file and the okrcoach
*field* each header holds (``docs/importing.md`` lists them, with what cannot be mapped).
Every layout is first read into one flat frame of fields, one row per key result, check-in,
goal or KPI value (its *grain*), and :func:`build` turns that frame into the five tables:
it makes the ids a tool does not export, the quarters from dates and the parents from
names, and says so in the load's notes. Columns no field takes travel along as extra
columns of the table the row's grain belongs to. The tables then go through the same checks
as every other source, so problems name the export's file, row and column.

A file of a tool okrcoach does not know maps through a column mapping (header text =
field), from ``[tool.okrcoach.columns]`` or ``okrcoach import --map "Goal title=objective"``.

One module a tool (``betterworks.py``, ``burningokr.py``, ``culture_amp.py``,
``okr_tracker.py``, ``peoplebox.py``, ``puzzle_okr.py``), listed in ``catalogue.py``;
``fields.py`` (what a layout is), ``files.py`` (reading the file), ``reading.py`` (a file to
fields), ``build.py`` (fields to tables), ``docs.py`` (``docs/importing.md``).
"""

from .build import build
from .catalogue import LAYOUTS, layout_named, recognise
from .fields import (
    FIELDS,
    GRAINS,
    VENDOR_SUFFIXES,
    Layout,
    UnknownLayout,
    header_name,
    mapping_layout,
)
from .puzzle_okr import calendar_quarter
from .reading import read_vendor

__all__ = [
    "FIELDS",
    "GRAINS",
    "LAYOUTS",
    "VENDOR_SUFFIXES",
    "Layout",
    "UnknownLayout",
    "build",
    "calendar_quarter",
    "header_name",
    "layout_named",
    "mapping_layout",
    "read_vendor",
    "recognise",
]
