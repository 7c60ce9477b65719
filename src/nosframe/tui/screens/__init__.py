"""Screens: the main layout and the dialogs pushed over it."""
