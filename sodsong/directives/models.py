"""Models of the directives module."""
