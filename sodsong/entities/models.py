"""Models of the entities module."""
