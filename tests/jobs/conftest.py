"""The other apps' fixtures the daily jobs' tests need."""

from tests.awards.conftest import make_round  # noqa: F401
