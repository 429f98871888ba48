"""The other apps' fixtures the daily jobs' tests need."""

from tests.volunteers.conftest import make_round  # noqa: F401
