"""The bot's running state, below handlers and scheduler: settings (``config``), the
database engine and sessions (``db``), and the per-update context (``context``) that
carries them with the delivery worker. ``bot/`` builds it; nothing here imports
``bot``, ``handlers`` or ``scheduler``."""
