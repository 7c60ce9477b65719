"""What the framework tree's cursor is on: typed values, not ``("el", kind, key)`` tuples.

A node of the tree is the root, a category (``Category("role")``: Roles), a group inside one
(``Group("role", "Custody")``: a family, a suite, a cluster, a mapping's target) or an element
(``Item("role", "custody-officer")``). Headless: no Textual.
"""

from __future__ import annotations

from typing import Union

from attrs import frozen


@frozen
class Root:
    """The tree's (hidden) root."""


@frozen
class Category:
    """A top-level branch: one kind of element (``framework`` for the framework's details)."""

    kind: str


@frozen
class Group:
    """A branch inside a category: elements of ``kind`` that share ``group``."""

    kind: str
    group: str


@frozen
class Item:
    """One element, by kind and key (a standard's normalised code, a level's number)."""

    kind: str
    key: str


Selection = Union[Root, Category, Group, Item]

__all__ = ["Category", "Group", "Item", "Root", "Selection"]
