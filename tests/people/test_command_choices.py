"""The choices the core's commands check are the ones the tables store."""

from __future__ import annotations

from foursight.cases.models import Party
from foursight.core.operation_commands import TARGET_LISTS
from foursight.core.person_commands import ALIAS_KINDS, GENDERS, IDENTIFIER_KINDS
from foursight.core.report_commands import PARTY_ROLES
from foursight.operations import sources
from foursight.people.models import Alias, Gender, Identifier


def test_the_commands_check_the_choices_the_tables_store() -> None:
    assert set(IDENTIFIER_KINDS) == set(Identifier.Kind.values)
    assert set(ALIAS_KINDS) == set(Alias.Kind.values)
    assert set(GENDERS) == set(Gender.values)
    assert set(PARTY_ROLES) == set(Party.Role.values)
    assert sources.SOURCES == TARGET_LISTS
