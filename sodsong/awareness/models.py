"""Models of the awareness module."""
