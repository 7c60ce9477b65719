"""Licence of shipped text: warn when a framework carries published text whose terms forbid
passing it on (exports copy it), or whose terms nobody could confirm."""

from __future__ import annotations

import re
from typing import Iterator

from nosframe.model import Finding, Severity, TextOrigin

#: licence wording that restricts redistribution or adaptation (case-insensitive)
RESTRICTIVE = re.compile(
    r"non[- ]?commercial|no[- ]derivatives|all rights reserved|unconfirmed|not confirmed|"
    r"\bCC[- ]BY[- ](?:NC|ND)|\bNC[- ]ND\b", re.IGNORECASE)

def redistribution_restricted(element) -> bool:
    """Whether an element's text is published text (verbatim) under a licence that restricts
    passing it on, or whose terms are unconfirmed: documents leave such text out, with a note."""
    return element.text_origin is TextOrigin.VERBATIM and bool(RESTRICTIVE.search(element.licence))


CODES = {
    "NF140": "verbatim published text whose licence restricts redistribution, or is unconfirmed",
    "NF141": "verbatim published text with no licence recorded",
}


def restricted_text(ctx, elements=None) -> Iterator[Finding]:
    """NF140 and NF141 for the standards, behaviours and values of ``elements`` ((kind,
    elements) pairs; default: the whole framework's)."""
    fw = ctx.framework
    if elements is None:
        elements = (("standard", fw.standards), ("behaviour", fw.behaviours),
                    ("value", fw.values))
    for kind, some in elements:
        for element in some:
            if element.text_origin is not TextOrigin.VERBATIM:
                continue
            name = getattr(element, "code", None) or element.id
            if not element.licence.strip():
                yield ctx.finding("NF141", Severity.WARNING,
                                  f"{kind} {name} carries verbatim text with no licence recorded",
                                  "record the licence, or replace the text with your own words",
                                  kind=kind, key=element.key, subpath="licence")
            elif RESTRICTIVE.search(element.licence):
                yield ctx.finding("NF140", Severity.WARNING,
                                  f"{kind} {name} carries verbatim text under "
                                  f"{element.licence!r}; exports would pass it on",
                                  "keep such text out of what you publish, or get permission",
                                  kind=kind, key=element.key, subpath="licence")
