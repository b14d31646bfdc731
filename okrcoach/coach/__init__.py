"""The coaching app: a guided OKR-writing session with live feedback, built on ipywidgets.

``CoachApp()`` in a notebook cell shows the app; ``okrcoach coach`` serves the same
notebook as a web app with Voila. Everything here can be driven from Python without a
browser (set a widget's ``value``, call ``button.click()``), which is how it is tested.

While the team types, feedback is recomputed after a short pause (debounced on the kernel's
event loop), shown under each key result and objective with the rule's reason and a better
phrasing, and the draft is autosaved as YAML. User text only ever reaches the page as a
widget's value or HTML-escaped, so an objective containing markup shows as text.
"""

from .app import AUTOSAVE_PREFIX, EXAMPLES, CoachApp

__all__ = ["AUTOSAVE_PREFIX", "EXAMPLES", "CoachApp"]
