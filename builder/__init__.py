"""Erfaringsbanken: compile teaching modules into decks, handouts and manuscripts."""

__version__ = "0.1.0"
