"""``/jadwal``: the next meeting's card, and the secretary's flows to plan, change or cancel.

One module per part: ``show.py`` (the card and the commands that lead into the flows),
``plan.py`` (the steps of a new or changed meeting, saving and announcing), ``cancel.py``
(picking an existing meeting, cancelling it), ``year.py`` (``/jadwal tahun`` and the
missing quarters), ``common.py`` (the flow's states and draft, shared helpers) and
``conversation.py`` (every handler wired into the one conversation).
"""

from handlers.meetings.conversation import meeting_handlers

__all__ = ["meeting_handlers"]
