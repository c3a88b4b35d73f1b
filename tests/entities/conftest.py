from tests.tips.conftest import village1, village2  # noqa: F401  (shared fixtures)
