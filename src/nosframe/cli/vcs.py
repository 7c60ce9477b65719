"""``nosframe diff`` and ``nosframe merge``: a framework's history in git, read and merged by
element (docs/git.md: the ``.gitattributes`` and ``git config`` recipe).

``nosframe diff OLD NEW`` compares two versions of a framework file; OLD may be a git revision
(read with ``git show REV:PATH`` in NEW's repository). Called by git as a diff driver
(``diff.nosframe.command``), it gets git's seven arguments instead. ``nosframe merge BASE OURS
THEIRS`` is the merge driver (``merge.nosframe.driver``). The comparison and the merge are
:mod:`nosframe.editing.diff` and :mod:`nosframe.editing.merge`; this module reads and presents.
"""

from __future__ import annotations

import difflib
import json
import subprocess
import sys
from pathlib import Path

import click

from nosframe.cli import _state, handles_errors
from nosframe.io import LoadError, Location, NosframeError

EXIT_OK, EXIT_CONFLICTS, EXIT_UNUSABLE = 0, 1, 2
#: git runs a diff driver's command with these seven arguments
GIT_DIFF_ARGS = 7


class RevisionError(NosframeError):
    """A git revision (or git itself) cannot give the version of a file asked for."""


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=False,
                              check=False)
    except FileNotFoundError:
        raise RevisionError("git is not installed, so a revision cannot be read",
                            hint="give OLD as a file, or install git") from None


def read_revision(revision: str, path: Path) -> tuple[str, str]:
    """The text of ``path`` at git ``revision`` (``HEAD~1``; or ``REV:other/path.toml``), and
    how to name it (``HEAD~1:frameworks/force.toml``)."""
    folder = (path.parent if path.parent.exists() else Path.cwd()).resolve()
    where = Location(file=str(path))
    top = _git(["rev-parse", "--show-toplevel"], folder)
    if top.returncode != 0:
        raise RevisionError(f"{revision!r} is not a file, and {folder} is not in a git "
                            "repository to read it as a revision from", location=where,
                            hint="give OLD as a file, or run it in the framework's git "
                                 "repository")
    root = Path(top.stdout.decode().strip())
    if ":" in revision:
        rev, _, rel = revision.partition(":")
    else:
        rev = revision
        try:
            rel = path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            raise RevisionError(f"{path} is not inside the git repository {root}",
                                location=where, hint="give OLD as a file") from None
    if _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], root).returncode != 0:
        raise RevisionError(f"{rev!r} is neither a file nor a revision of the git repository "
                            f"{root.name}", location=where,
                            hint="give a file, or a revision git knows: HEAD~1, a branch, a "
                                 "tag, a commit (git log --oneline)")
    shown = _git(["show", f"{rev}:{rel}"], root)
    if shown.returncode != 0:
        raise RevisionError(f"revision {rev} has no file {rel}", location=where,
                            hint=f"git log --oneline -- {rel} lists the revisions that have it")
    name = f"{rev}:{rel}"
    try:
        return shown.stdout.decode("utf-8").removeprefix("\ufeff"), name
    except UnicodeDecodeError:
        raise LoadError("not UTF-8 text", location=Location(file=name),
                        hint="save the file as UTF-8") from None


def _read_file(path: Path):
    from nosframe.io import loads, read_text

    return loads(read_text(path), path)


def _side(arg: str, new_path: Path):
    """(document or None for /dev/null, name) of one side of a diff."""
    from nosframe.io import loads

    if arg == "/dev/null":
        return None, "/dev/null"
    path = Path(arg)
    if path.exists():
        return _read_file(path), arg
    text, name = read_revision(arg, new_path)
    return loads(text, Path(name)), name


def _empty_like(document):
    """A framework with ``document``'s ``[framework]`` and no elements: the other side of a
    file added or deleted, so the diff lists its elements, not its details."""
    from nosframe.model import Framework

    return Framework(document.framework.framework)


def _compose(document, plugins, path: Path):
    from nosframe.compose import compose
    from nosframe.io import Document

    # a version read from git resolves `extends` paths against the file's folder
    document = Document(document.framework, path.resolve(), document.text, document.locator)
    return compose(document, plugins).framework


def _print_diff(result, old_name: str, new_name: str, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps({"old": old_name, "new": new_name, **result.to_json()},
                              indent=2, ensure_ascii=False))
        return
    click.secho(f"nosframe diff {old_name} {new_name}", bold=True)
    for line in result.lines():
        click.echo(line)
    click.echo(result.summary())


def _git_diff_driver(args: tuple[str, ...], as_json: bool) -> None:
    """Called by git: PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX NEW-MODE. Always exit 0
    (git stops at a driver's non-zero exit); a version that is not a framework file gets a
    line diff, with why."""
    from nosframe.editing.diff import diff_frameworks
    from nosframe.io import loads, read_text

    path, old_file, _, _, new_file, _, _ = args
    docs = []
    texts = []
    for file in (old_file, new_file):
        text = "" if file == "/dev/null" else read_text(Path(file))
        texts.append(text)
        try:
            docs.append(None if file == "/dev/null" else loads(text, Path(path)))
        except NosframeError as exc:
            docs.append(exc)
    if any(isinstance(d, NosframeError) for d in docs):
        for d in docs:
            if isinstance(d, NosframeError):
                click.echo(f"nosframe: {d.message} (line diff shown)", err=True)
        click.echo("".join(difflib.unified_diff(
            texts[0].splitlines(keepends=True), texts[1].splitlines(keepends=True),
            f"a/{path}", f"b/{path}")), nl=False)
        return
    old, new = docs
    old_fw = old.framework if old else _empty_like(new)
    new_fw = new.framework if new else _empty_like(old)
    what = " (new file)" if old is None else " (deleted)" if new is None else ""
    _print_diff(diff_frameworks(old_fw, new_fw), f"a/{path}", f"b/{path}{what}", as_json)


@click.command("diff")
@click.argument("files", nargs=-1, metavar="OLD NEW")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--composed", is_flag=True,
              help="Compare the composed frameworks (with what each extends), not the files.")
@click.option("--textconv", is_flag=True,
              help="Print FILE as one line per field, for a line diff (git's textconv).")
@click.option("--exit-code", "exit_code", is_flag=True,
              help="Exit 1 when there are differences (as diff does).")
@handles_errors
def diff_cmd(files: tuple[str, ...], as_json: bool, composed: bool, textconv: bool,
             exit_code: bool) -> None:
    """Compare two versions of a framework, element by element: added, removed, renamed,
    retitled, criteria, levels and indicators, mappings, overrides changed.

    OLD may be a git revision: the file NEW at that revision (git show REV:PATH), or
    REV:PATH for another path. As a git diff driver (docs/git.md), git passes its seven
    arguments instead.

    \b
    Example:
      nosframe diff HEAD~1 my-force.toml
      nosframe diff old.toml new.toml --json
      nosframe diff main my-force.toml --composed
      nosframe diff --textconv my-force.toml
    """
    from nosframe.editing.diff import diff_frameworks

    if textconv:
        if len(files) != 1:
            raise click.UsageError("--textconv takes one FILE")
        from nosframe.editing.diff import listing

        from nosframe.io import loads, read_text

        text = read_text(Path(files[0]))
        try:
            document = loads(text, Path(files[0]))
        except LoadError:  # not a framework (yet): git shows its lines as they are
            click.echo(text, nl=False)
            return
        for line in listing(document.framework):
            click.echo(line)
        return
    if len(files) == GIT_DIFF_ARGS:
        _git_diff_driver(files, as_json)
        return
    if len(files) != 2:
        raise click.UsageError("give OLD and NEW (two files, or a git revision and a file)")
    new_path = Path(files[1])
    if not new_path.exists():
        raise NosframeError("not found", location=Location(file=files[1]),
                            hint="NEW is a framework file; OLD may be a git revision of it")
    new_doc = _read_file(new_path)
    old_doc, old_name = _side(files[0], new_path)
    if composed:
        plugins = _state().plugins
        old_fw = _compose(old_doc, plugins, new_path)
        new_fw = _compose(new_doc, plugins, new_path)
    else:
        old_fw, new_fw = old_doc.framework, new_doc.framework
    result = diff_frameworks(old_fw, new_fw)
    _print_diff(result, old_name, files[1], as_json)
    if exit_code and result:
        sys.exit(EXIT_CONFLICTS)


@click.command("merge")
@click.argument("base", type=click.Path(dir_okay=False))
@click.argument("ours", type=click.Path(dir_okay=False))
@click.argument("theirs", type=click.Path(dir_okay=False))
@click.option("-o", "--output", "out", type=click.Path(dir_okay=False),
              help="Write the result here (default: over OURS, as git expects).")
@click.option("--name", "name", default="", metavar="PATH",
              help="The file's path in the repository, for messages (git's %P).")
@handles_errors
def merge_cmd(base: str, ours: str, theirs: str, out: str | None, name: str) -> None:
    """Merge two versions of a framework file edited from one BASE, element by element and
    field by field; the result keeps OURS's layout and comments. Exit 0 merged, 1 conflicts
    (each named on stderr, left between <<<<<<< and >>>>>>> markers in the file), 2 unusable
    input.

    \b
    As a git merge driver (docs/git.md):
      git config merge.nosframe.driver "nosframe merge %O %A %B --name %P"
    \b
    Example:
      nosframe merge base.toml mine.toml theirs.toml -o merged.toml
    """
    from nosframe.editing.merge import merge_texts
    from nosframe.io import atomic_write, read_text

    paths = (Path(base), Path(ours), Path(theirs))
    texts = [read_text(p) for p in paths]
    label = name or ours
    shown = tuple(Path(f"{label} ({side})") if name else p
                  for side, p in zip(("base", "ours", "theirs"), paths))
    target = Path(out) if out else Path(ours)
    try:
        result = merge_texts(*texts, paths=shown)
    except LoadError as exc:
        if exc.message != _NOT_A_FRAMEWORK:
            raise
        # a TOML file that is no framework (pyproject.toml under `*.toml merge=nosframe`):
        # git's own line merge, so the attribute can be broad
        _line_merge(paths, target, label)
        return
    atomic_write(target, result.text)
    if result.canonical:
        click.secho(f"{label}: written in canonical form ({result.canonical})", fg="yellow",
                    err=True)
    if result.clean:
        click.echo(f"{label}: merged", err=True)
        return
    for conflict in result.conflicts:
        click.secho(f"conflict: {conflict.text()}", fg="red", err=True)
    n = len(result.conflicts)
    click.echo(f"{label}: {n} conflict{'s' if n != 1 else ''}, left between <<<<<<< and "
               f">>>>>>> markers in {name or target.name}: keep one side of each, delete the "
               "markers, then `git add` it", err=True)
    sys.exit(EXIT_CONFLICTS)


_NOT_A_FRAMEWORK = "no [framework] table"


def _line_merge(paths: tuple[Path, Path, Path], target: Path, label: str) -> None:
    """git merge-file's merge of three texts (conflicts between its markers), into target."""
    from nosframe.io import atomic_write

    base, ours, theirs = paths
    done = _git(["merge-file", "-p", "-L", "ours", "-L", "base", "-L", "theirs", str(ours),
                 str(base), str(theirs)], Path.cwd())
    if done.returncode < 0 or done.returncode > 127:
        raise NosframeError(f"git merge-file failed: {done.stderr.decode(errors='replace')}",
                            location=Location(file=label))
    atomic_write(target, done.stdout)
    click.echo(f"{label}: not a framework file, merged line by line (git merge-file)"
               + (f": {done.returncode} conflict(s)" if done.returncode else ""), err=True)
    if done.returncode:
        sys.exit(EXIT_CONFLICTS)


COMMANDS = (diff_cmd, merge_cmd)
