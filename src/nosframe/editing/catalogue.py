"""Every standard a person could add to a role: the framework's, the presets', the library's.

Search-as-you-type by code, title, keyword or suite. Local standards are indexed once; the
national library (when a plugin provides one) is asked with its own ``search``. No Textual.
"""

from __future__ import annotations

from typing import Any, Iterable

from attrs import frozen

from nosframe.io import NosframeError, load_document
from nosframe.model import Standard, normalise_code


@frozen
class Entry:
    standard: Standard
    source: str  # "framework", "preset policing", "library national", ...
    haystack: str = ""

    @property
    def key(self) -> str:
        return self.standard.key


def _haystack(standard: Standard) -> str:
    parts = [standard.code, standard.key, standard.title, *standard.keywords, *standard.suites,
             *standard.occupations]
    return " ".join(parts).lower()


class Catalogue:
    """Standards to pick from, searchable."""

    def __init__(self, entries: Iterable[Entry], libraries: Iterable[Any] = ()):
        self.entries: list[Entry] = []
        seen: set[str] = set()
        for entry in entries:
            if entry.key in seen:
                continue
            seen.add(entry.key)
            self.entries.append(Entry(entry.standard, entry.source, _haystack(entry.standard)))
        self.libraries = list(libraries)
        self.failures: list[str] = []

    @classmethod
    def build(cls, composed: Any, plugins: Any,
              preset_cache: dict[str, Any] | None = None) -> "Catalogue":
        """The composed framework's standards, then every installed preset's, then libraries.
        ``preset_cache`` (preset id -> standards or an error) saves reading presets again."""
        cache = preset_cache if preset_cache is not None else {}
        entries: list[Entry] = []
        for standard in composed.framework.standards:
            prov = composed.provenance_of("standard", standard.key)
            source = "framework"
            if prov is not None and prov.origin.kind != "file":
                source = f"{prov.origin.kind} {prov.origin.name}"
            entries.append(Entry(standard, source))
        failures = []
        if plugins is not None:
            for preset in sorted(plugins.presets().values(), key=lambda p: p.id):
                if preset.id not in cache:
                    try:
                        cache[preset.id] = load_document(preset.path).framework.standards
                    except NosframeError as exc:
                        cache[preset.id] = f"preset {preset.id}: {exc.message}"
                found = cache[preset.id]
                if isinstance(found, str):
                    failures.append(found)
                    continue
                for standard in found:
                    entries.append(Entry(standard, f"preset {preset.id}"))
        libraries = list(plugins.libraries().values()) if plugins is not None else []
        catalogue = cls(entries, libraries)
        catalogue.failures = failures
        return catalogue

    def search(self, text: str, limit: int = 100) -> list[Entry]:
        """Entries matching every word of ``text``; exact and prefix code matches first."""
        words = text.lower().split()
        if not words:
            return self.entries[:limit]
        code = normalise_code(text)
        scored: list[tuple[int, int, Entry]] = []
        for n, entry in enumerate(self.entries):
            hay = entry.haystack
            if not all(w in hay for w in words):
                if not entry.key.startswith(code):
                    continue
            if entry.key == code:
                score = 0
            elif entry.key.startswith(code):
                score = 1
            elif code in entry.key:
                score = 2
            elif all(w in entry.standard.title.lower() for w in words):
                score = 3
            else:
                score = 4
            scored.append((score, n, entry))
        scored.sort(key=lambda t: (t[0], t[1]))
        found = [entry for _, _, entry in scored[:limit]]
        if len(found) < limit and len(text.strip()) >= 2:
            found += self._search_libraries(text, limit - len(found), {e.key for e in found})
        return found

    def _search_libraries(self, text: str, limit: int, have: set[str]) -> list[Entry]:
        out: list[Entry] = []
        for library in self.libraries:
            try:
                try:
                    results = library.search(text, limit=limit)
                except TypeError:
                    results = library.search(text)
            except Exception as exc:  # a failing library must not break the picker
                message = f"library {library.name}: {type(exc).__name__}: {exc}"
                if message not in self.failures:
                    self.failures.append(message)
                continue
            for standard in list(results or ())[:limit]:
                if not isinstance(standard, Standard) or standard.key in have:
                    continue
                have.add(standard.key)
                out.append(Entry(standard, f"library {library.name}", _haystack(standard)))
        return out[:limit]


__all__ = ["Catalogue", "Entry"]
