"""Helpers shared by several test modules (on pytest's path through `pythonpath = ["tests"]`)."""
