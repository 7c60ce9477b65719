"""Finding codes of the national NOS library importer (``NL...``), stable so they can be looked up.

Each code has a one-line description (:data:`CODES`) and a severity (:data:`SEVERITIES`).
``docs/library.md`` explains each one; a test keeps the two in step.
"""

from __future__ import annotations

from nosframe.model import Severity

#: code -> one-line description
CODES: dict[str, str] = {
    # one row on its own
    "NL001": "row has no URN: kept as a record, but it cannot be used as a standard",
    "NL002": "Validity is blank: treated as legacy and marked unconfirmed",
    "NL003": "Validity is neither Current nor Legacy (e.g. Archive): treated as legacy and "
             "marked unconfirmed; the raw value is kept",
    "NL004": "NOSCategory is blank (the field is required by the NOS data specification)",
    "NL005": "NOSCategory is not Core, Generic or Job Specific: left empty; the raw value is kept",
    "NL006": "Indicative Review Date is blank",
    "NL007": "Indicative Review Date is implausible (before 1990 or after 2100, e.g. the "
             "1905-03-15 artefact of the export): not used; the raw value is kept",
    "NL008": "Indicative Review Date is not a date: not used; the raw value is kept",
    "NL009": "SOC Code holds entries that are not four-digit SOC codes: those entries are "
             "dropped; the raw value is kept",
    "NL010": "NOS Title looks truncated (ends with a joining word such as 'and' or 'of'): "
             "kept as published and marked unconfirmed",
    "NL011": "NOS Title is blank",
    "NL012": "NOS Document Status is blank: treated as original and marked unconfirmed",
    "NL013": "NOS Document Status is neither Original nor Tailored: treated as original and "
             "marked unconfirmed; the raw value is kept",
    "NL014": "Created or Modified is not a date: not used to choose between versions",
    "NL015": "the URN cell holds the code followed by the row's own title: the code is taken "
             "from before the title; the raw cell is kept",
    "NL016": "the URN does not look like a code (it holds words): kept as published",
    # rows compared with each other (recomputed over the whole library on every import)
    "NL020": "the same code appears in another row of the same file: this row is not the "
             "one `get` returns",
    "NL021": "the URN is spelled differently from the preferred row of the same code "
             "(e.g. 'SFJ EA2' and 'SFJEA2', or a different case)",
    "NL022": "the same code appears in another source file, whose row is preferred: this row "
             "is not the one `get` returns",
    "NL023": "a legacy URN ends in L and the same code without the L is also in the library "
             "(probably the standard that replaced it)",
}

#: code -> severity
SEVERITIES: dict[str, Severity] = {
    "NL001": Severity.WARNING,
    "NL002": Severity.WARNING,
    "NL003": Severity.WARNING,
    "NL004": Severity.INFO,
    "NL005": Severity.WARNING,
    "NL006": Severity.INFO,
    "NL007": Severity.WARNING,
    "NL008": Severity.WARNING,
    "NL009": Severity.WARNING,
    "NL010": Severity.INFO,
    "NL011": Severity.WARNING,
    "NL012": Severity.INFO,
    "NL013": Severity.WARNING,
    "NL014": Severity.WARNING,
    "NL015": Severity.INFO,
    "NL016": Severity.WARNING,
    "NL020": Severity.INFO,
    "NL021": Severity.INFO,
    "NL022": Severity.INFO,
    "NL023": Severity.INFO,
}

assert CODES.keys() == SEVERITIES.keys()
