from django.apps import AppConfig

# Role values as strings: the accounts models are not importable while apps load.
ALL_ROLES = frozenset(
    {"officer", "supervisor", "stac", "offender_unit", "advocate", "analyst", "admin"}
)


class AccountsConfig(AppConfig):
    name = "foursight.accounts"
    label = "accounts"
    verbose_name = "Accounts, roles and units"
    # Sign-in security (authenticator app, recovery codes): open to every role.
    nav: tuple[tuple[str, str, frozenset[str]], ...] = (
        ("Account", "/account/two-factor", ALL_ROLES),
    )
