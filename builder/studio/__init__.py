"""Erfaringsbanken studio: the library, the decks and the builds in a web page served from this machine."""
