"""Where a TOML text has comments: what a canonical rewrite (``nosframe fmt``) would drop.

A small scanner of TOML's lexical rules, enough to tell a ``#`` that starts a comment from one
inside a string: basic strings ``"..."`` (with escapes), literal strings ``'...'``, and their
multi-line forms ``\"\"\"...\"\"\"`` and ``'''...'''``, which may span lines.
"""

from __future__ import annotations


def comment_lines(text: str) -> list[int]:
    """The 1-based line numbers holding a comment (a whole-line or an end-of-line one)."""
    found: list[int] = []
    line, i, n = 1, 0, len(text)
    quote = ""  # the delimiter of the string we are in, if any
    while i < n:
        c = text[i]
        if c == "\n":
            line += 1
            i += 1
            continue
        if quote:
            if quote == '"' and c == "\\":
                i += 2  # an escape: the next character is never a delimiter
                continue
            if quote == '"""' and c == "\\":
                if text[i + 1:i + 2] == "\n":
                    i += 1  # a line-ending backslash: the newline is counted above
                else:
                    i += 2
                continue
            if text.startswith(quote, i):
                i += len(quote)
                if len(quote) == 3:  # up to two quotes more belong to the string: """a""""
                    for _ in range(2):
                        if text[i:i + 1] == quote[0]:
                            i += 1
                quote = ""
                continue
            if len(quote) == 1 and c == "\n":
                quote = ""  # an unterminated one-line string: the parser has refused it
            i += 1
            continue
        if c == "#":
            found.append(line)
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        if c in "\"'":
            quote = c * 3 if text.startswith(c * 3, i) else c
            i += len(quote)
            continue
        i += 1
    return found
