"""Models of the misconduct module."""
