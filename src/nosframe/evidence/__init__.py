"""Team evidence: an organisation's evidence for many people, imported from the CSV an HR or
learning system exports into an on-disk SQLite store (docs/evidence.md).

Evidence is personal data: it is kept only in the store file named by ``--store``, never in a
framework file or an export of one. ``nosframe.analysis.needs`` reports a team's training needs
from it.
"""

from nosframe.evidence.mapping import (
    DEFAULT,
    FIELDS,
    REQUIRED,
    EvidenceError,
    Mapping,
    load_mapping,
)
from nosframe.evidence.reader import EvidenceFile, RowProblem, read_evidence
from nosframe.evidence.store import (
    SCHEMA_VERSION,
    EvidenceStore,
    ImportSummary,
    open_store,
)


def import_evidence(csv_path, framework, store_path, mapping: Mapping = DEFAULT, *,
                    framework_id: str | None = None, today=None,
                    replaces: tuple[str, ...] = ()) -> ImportSummary:
    """Read ``csv_path``, check it against ``framework`` (a composed
    :class:`nosframe.model.Framework`) and store its good rows in ``store_path`` (created when
    there is none), in place of an earlier import of its file name and of those named in
    ``replaces``. Everything is read and checked before the store is opened for writing."""
    read = read_evidence(csv_path, framework, mapping, today=today)
    with open_store(store_path, create=True) as store:
        return store.import_file(read, framework_id or framework.id, mapping.to_json(),
                                 replaces=tuple(replaces))


__all__ = ["DEFAULT", "EvidenceError", "EvidenceFile", "EvidenceStore", "FIELDS",
           "ImportSummary", "Mapping", "REQUIRED", "RowProblem", "SCHEMA_VERSION",
           "import_evidence", "load_mapping", "open_store", "read_evidence"]
