"""Reminder planning and delivery on APScheduler (through PTB's JobQueue).

The database is the source of truth for what is due and what was sent; the
scheduler only wakes the bot up at due times.

- ``reminders``: a reminder per meeting and offset; wake-ups, catch-up after a
  downtime, resuming an interrupted broadcast;
- ``nudge``: reminding the admins to plan the coming quarter's meeting;
- ``instance``: the database lock that keeps a second bot process from starting;
- ``startup``: what ``bot.app`` calls at start-up and shutdown.
"""
