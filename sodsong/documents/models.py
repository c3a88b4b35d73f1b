"""Models of the documents module."""
