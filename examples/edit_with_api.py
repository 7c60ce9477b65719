"""Edit a framework file from a script, through the same editing engine as the terminal editor.

    python examples/edit_with_api.py FRAMEWORK OUT.toml [--standard CODE] [--role ROLE]

Copies FRAMEWORK to OUT.toml and, on the copy: adds a standard (default SFJZB3, "Provide
effective customer service in custodial environments", from the national NOS library: import it
first with `nosframe library import ...`) to an inherited role, maps two of Northshire's own
evidence statements of SFJAB1 to a behaviour, retitles a role by mistake and undoes that,
renames Northshire's own behaviour (its mappings and the roles needing it follow), and saves. Each step prints what changed and which
problems appeared or went away. The saved file records SFJZB3 as the library published it
(``[[library_lock]]``), so it checks the same on a machine without the library.
"""

from __future__ import annotations

import argparse
import shutil
import sys

from nosframe.editing import EditError, Session
from nosframe.editing.operations import AddStandards, Rename, Retitle, SetMapping
from nosframe.io import NosframeError
from nosframe.plugins import load_plugins


def report(result) -> None:
    print(f"- {result.label}: " + ("; ".join(result.changes) or "nothing changed"))
    for finding in result.appeared:
        print(f"    new problem   {finding.severity.value} {finding.code}: {finding.message}")
    for finding in result.resolved:
        print(f"    problem gone  {finding.severity.value} {finding.code}: {finding.message}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("framework")
    parser.add_argument("out")
    parser.add_argument("--standard", default="SFJZB3")
    parser.add_argument("--role", default="police-constable")
    args = parser.parse_args(argv)

    shutil.copyfile(args.framework, args.out)
    try:
        session = Session.open(args.out, load_plugins())
        report(session.do(AddStandards(args.role, [args.standard])))
        report(session.do(SetMapping("SFJAB1", ["NSP-P1", "NSP-P3"],
                                     behaviour="we-take-ownership")))
        report(session.do(Retitle("role", "pcso", "Community support officer (typo)")))
        print(f"- undo: {session.undo()}")
        report(session.do(Rename("behaviour", "we-listen-to-neighbourhoods", "we-listen")))
        session.save()
    except (EditError, NosframeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    errors = [f for f in session.findings() if f.severity.value == "error"]
    print(f"wrote {args.out}: {len(errors)} errors")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
