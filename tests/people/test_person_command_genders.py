"""The person command's genders are the ones the person model stores."""

from foursight.core.person_commands import GENDERS
from foursight.people.models import Gender


def test_the_command_knows_the_stored_genders() -> None:
    assert GENDERS == tuple(Gender.values)
