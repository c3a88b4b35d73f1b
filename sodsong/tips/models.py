"""Models of the tips module."""
