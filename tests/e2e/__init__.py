"""End-to-end tests: the real ``python -m bot`` process against a fake Bot API over HTTP."""
