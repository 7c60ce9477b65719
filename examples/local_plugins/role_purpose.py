"""A custom check as a local plugin: every role needs a purpose and at least one responsibility.

    nosframe --plugins-dir examples/local_plugins check frameworks/northshire-police.toml
"""

from nosframe import hookimpl
from nosframe.model import Severity
from nosframe.registry import Check

CODES = {
    "EX001": "a role has no purpose",
    "EX002": "a role lists no responsibilities",
}


def role_purpose(ctx):
    for role in ctx.framework.roles:
        if not role.purpose.strip():
            yield ctx.finding("EX001", Severity.WARNING, f"role {role.id!r} has no purpose",
                              "say in one sentence why the role exists",
                              kind="role", key=role.id)
        if not role.responsibilities:
            yield ctx.finding("EX002", Severity.INFO, f"role {role.id!r} lists no responsibilities",
                              "add responsibilities = [...] for job descriptions",
                              kind="role", key=role.id)


@hookimpl
def nosframe_checks(register):
    register(Check("role-purpose", role_purpose, CODES))
