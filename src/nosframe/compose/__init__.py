"""Composition of framework layers (presets, files, libraries) into one model with provenance."""

from nosframe.compose.composer import (
    Composed,
    Layer,
    Origin,
    Provenance,
    compose,
    load,
    memory_document,
    recompose,
)

__all__ = ["Composed", "Layer", "Origin", "Provenance", "compose", "load", "memory_document",
           "recompose"]
