"""okrcoach's templates, installed as ``okrcoach.templates`` (see ``okrcoach.resources``)."""
