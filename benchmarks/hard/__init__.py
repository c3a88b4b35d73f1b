"""The reliability and security suite (issue #12): `scripts/check-hard SUBCOMMAND`.

Every check runs against servers this package starts on 127.0.0.1 at a random high port, on a
throwaway copy of the demo province, in loops bounded by counts or seconds. Figures go to
benchmarks/RESULTS.md and docs/security.md; the short parts run in CI from tests/hard/.
"""
