"""Every OKR tool's layout okrcoach knows, one module a tool, and how a file finds its own.

A new tool's layout goes in a module of its own (its :class:`~.fields.Layout`, and the
``prepare`` that reshapes its rows when the tool's file is not one row per key result) and
in :data:`LAYOUTS` below; ``docs/importing.md`` is generated from this list.
"""

from __future__ import annotations

from ..readers import normalise_name
from . import betterworks, burningokr, culture_amp, okr_tracker, peoplebox, puzzle_okr
from .fields import Layout, UnknownLayout, header_name

#: Every layout by name, in the order the docs list them.
LAYOUTS: dict[str, Layout] = {
    layout.name: layout
    for layout in (
        *burningokr.LAYOUTS,
        betterworks.LAYOUT,
        culture_amp.LAYOUT,
        peoplebox.LAYOUT,
        *okr_tracker.LAYOUTS,
        puzzle_okr.LAYOUT,
    )
}


def recognise(headers: list[str]) -> Layout | None:
    """The most specific known layout whose signature the headers hold."""
    have = {header_name(h) for h in headers}
    found = [lay for lay in LAYOUTS.values() if lay.matches(have)]
    return max(found, key=lambda lay: len(lay.signature)) if found else None


def layout_named(name: str) -> Layout:
    key = normalise_name(name).replace("_", "")
    for lay in LAYOUTS.values():
        if key in (lay.name.replace("_", ""), normalise_name(lay.title).replace("_", "")):
            return lay
    raise UnknownLayout(f"unknown layout {name!r}; layouts: {', '.join(LAYOUTS)}")


__all__ = ["LAYOUTS", "layout_named", "recognise"]
