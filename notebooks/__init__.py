"""okrcoach's notebooks, installed as ``okrcoach.notebooks`` (see ``okrcoach.resources``)."""
