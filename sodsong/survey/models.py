"""Models of the survey module."""
