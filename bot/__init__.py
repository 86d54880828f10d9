"""The application: configuration, wiring of handlers and scheduler, texts."""
