"""Command palette (ctrl+p): every action of the editor, and "go to" any element."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider


class NosframeCommands(Provider):
    """Actions (discoverable with an empty query) and elements (found by id or title)."""

    def _run(self, action: str) -> None:
        self.app.call_later(self.app.main.run_action, action)  # type: ignore[attr-defined]

    def _goto(self, kind: str, key: str) -> None:
        self.app.call_later(self.app.main.go_to, kind, key, "")  # type: ignore[attr-defined]

    async def discover(self) -> Hits:
        for title, action, help_text in self.app.main.palette_actions():  # type: ignore[attr-defined]
            yield DiscoveryHit(title, partial(self._run, action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        app = self.app
        for title, action, help_text in app.main.palette_actions():  # type: ignore[attr-defined]
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), partial(self._run, action),
                          help=help_text)
        if len(query.strip()) < 2:
            return
        # codes are written with and without spaces ("SFJ AB1", "SFJAB1"): try both
        matchers = [matcher] + ([self.matcher(query.replace(" ", ""))] if " " in query else [])
        for kind, key, label in app.main.element_index():  # type: ignore[attr-defined]
            text = f"Go to {kind} {key}" + (f" {label}" if label and label != key else "")
            score, best = max(((m.match(text), m) for m in matchers), key=lambda sm: sm[0])
            if score > 0:
                yield Hit(score * 0.9, best.highlight(text), partial(self._goto, kind, key),
                          help=f"show this {kind} in the editor")


__all__ = ["NosframeCommands"]
