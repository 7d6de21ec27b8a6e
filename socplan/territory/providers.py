"""What organisation may know of the register's providers (the catalogue, its sibling,
registers the lookup in its AppConfig): a provider's name by IČO, to fill in the
organisation of a person who works for a provider."""

from collections.abc import Callable

_name_by_ico: Callable[[str], str | None] = lambda ico: None  # noqa: E731


def register_provider_name_lookup(lookup: Callable[[str], str | None]) -> None:
    global _name_by_ico
    _name_by_ico = lookup


def provider_name(ico: str) -> str | None:
    """The provider's name when the catalogue knows the IČO, else None."""
    return _name_by_ico(ico) if ico else None
