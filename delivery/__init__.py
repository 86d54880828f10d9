"""Delivery: the outbox worker and the send limiter (below handlers and scheduler)."""
