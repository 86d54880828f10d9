"""Reminder planning and delivery on APScheduler (through PTB's JobQueue).

The database is the source of truth for what is due and what was sent; the
scheduler only wakes the bot up at due times.
"""
