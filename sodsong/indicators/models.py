"""Models of the indicators module."""
