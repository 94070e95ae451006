"""Reading files the tool did not write itself: decks edited in PowerPoint."""
