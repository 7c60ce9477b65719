"""Save, quit and recover: nothing a person wrote is lost silently."""

from __future__ import annotations

from nosframe.editing import MergeConflictError
from nosframe.tui.guard import guarded
from nosframe.tui.markup import escape
from nosframe.tui.screens.dialogs import ChoiceScreen, listed, offer_recovery, read_recovery


class FileActions:
    """Mixin of :class:`~nosframe.tui.app.NosframeApp`."""

    @guarded
    def action_save(self) -> None:
        self._flow(self._save_flow, group="save")

    @guarded
    async def action_quit(self) -> None:
        if not self.session.dirty:
            self.session.discard_journal()
            self.exit()
            return
        self._flow(self._quit_flow, group="quit")

    async def _save_flow(self) -> bool:
        s = self.session
        force = False
        if s.disk_changed():
            since = f"since nosframe {'opened' if s.saved_root is not None else 'started'} it"
            if s.path.exists():
                message = (f"{s.name} was changed by another program {since}. Saving now "
                           "would overwrite those changes; merging keeps both where they "
                           "do not touch the same field.\n\nReload drops your edits and "
                           "shows the file as it is on disk.")
                dialog = ChoiceScreen(
                    "The file changed on disk", message,
                    [("merge", "Merge", "m"), ("overwrite", "Overwrite", "o"),
                     ("reload", "Reload", "r"), ("cancel", "Cancel", "c")], default="cancel")
            else:  # nothing to reload from
                message = (f"{s.name} was deleted or moved {since}. Saving writes it again "
                           "from what is open here.")
                dialog = ChoiceScreen.confirm("The file changed on disk", message,
                                              "Save it again", ident="overwrite")
            choice = await self.push_screen_wait(dialog)
            if choice == "reload":
                if s.path.exists():
                    s.reload()
                    self.findings = []
                    self.settle()
                    self.notify(f"reloaded {s.name} from disk")
                return False
            if choice == "merge":
                try:
                    s.save(merge=True)
                except MergeConflictError as exc:
                    self.notify(escape(f"not saved: {exc.message}"), severity="warning",
                                timeout=10)
                    return False
                self.settle()
                self._update_status()
                self.notify(escape(f"merged the changes on disk and saved {s.name}"),
                            timeout=3)
                return True
            if choice != "overwrite":
                self.notify("not saved")
                return False
            force = True  # the person chose to overwrite the changes on disk
        rendered = s.save(force=force)
        self._update_status()
        message = f"saved {s.name}"
        if rendered.canonical and rendered.canonical != "asked for":
            message += f" (in canonical form: {rendered.canonical})"
        self.notify(escape(message), timeout=3)
        return True

    async def _quit_flow(self) -> None:
        choice = await self.push_screen_wait(ChoiceScreen(
            "Unsaved changes", f"{self.session.name} has unsaved changes.",
            [("save", "Save and quit", "s"), ("discard", "Quit without saving", "d"),
             ("cancel", "Cancel", "c")]))
        if choice == "save":
            if await self._save_flow():
                self.exit()
        elif choice == "discard":
            self.session.discard_journal()
            self.exit()

    async def _recovery_flow(self) -> None:
        s = self.session
        recovery = read_recovery(self, s)
        if recovery is None:
            return
        if not recovery.changes:
            s.discard_journal()
            return
        note = "" if recovery.base_matches else (
            "\n\nThe file on disk has changed since those edits began: recovering and saving "
            "would replace the file's newer content.")
        await offer_recovery(self, s, recovery, name=s.name, closed="it",
                             shown=listed(recovery.changes), note=note, recovered=self.settle)


__all__ = ["FileActions"]
