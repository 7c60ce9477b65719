"""``--help`` of the commands that take a format (export, import, template) ends with the
formats the installed plugins give, so a person sees what ``--to`` and ``--from`` accept."""

from __future__ import annotations

import click


class ListsFormats(click.Command):
    """A command whose help lists the installed exporters (or importers) by name and title."""

    registry = "exporters"
    heading = "Formats (--to)"

    def formats(self, plugins) -> dict:
        return getattr(plugins, self.registry)()

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        super().format_epilog(ctx, formatter)
        from nosframe.cli import _state_of  # the command's own plugin options

        try:
            found = self.formats(_state_of(ctx).plugins)
        except Exception:  # help never fails on a broken plugin; `nosframe plugins` says why
            return
        if found:
            with formatter.section(self.heading):
                formatter.write_dl([(name, item.title) for name, item in sorted(found.items())])


class ExportCommand(ListsFormats):
    registry, heading = "exporters", "Formats (--to)"


class ImportCommand(ListsFormats):
    registry, heading = "importers", "Formats (--from)"


class TemplateCommand(ListsFormats):
    registry, heading = "exporters", "Formats (each read back by import --from)"

    def formats(self, plugins) -> dict:
        return template_formats(plugins)


def template_formats(plugins) -> dict:
    """The formats a template can be written in: those an exporter writes and an importer
    reads back (a job description or a picture could be filled in, never imported)."""
    importers = plugins.importers()
    return {name: e for name, e in plugins.exporters().items() if name in importers}
