"""Pure domain rules (no Telegram, no database): quarters, RT rotation, input parsing."""
