"""A role profile in words: what a job description built from the role would say."""

from __future__ import annotations

from nosframe.checks.repeats import listed_once
from nosframe.model import Framework, normalise_code


def role_profile(framework: Framework, role_id: str, depth: int = 1) -> str:
    """Markdown text of one role's profile (purpose, NOS, behaviours at their levels).

    ``depth`` is the level of its title's heading (``#``); its sections are one deeper, so a
    document holding several profiles under its own headings passes 3 (``###`` roles)."""
    top, sub = "#" * depth, "#" * (depth + 1)
    role = next((r for r in framework.roles if r.id == role_id), None)
    if role is None:
        raise KeyError(role_id)
    standards = {s.key: s for s in framework.standards}
    behaviours = {b.id: b for b in framework.behaviours}
    levels = {lv.number: lv for lv in framework.levels}
    titles = {r.id: r.title or r.id for r in framework.roles}
    lines = [f"{top} {role.title or role.id}", ""]
    facts = [("Family", role.family), ("Level", role.level)]
    lines += [f"**{name}:** {value}  " for name, value in facts if value]
    if role.purpose:
        lines += ["", f"{sub} Purpose", "", role.purpose]
    if role.responsibilities:
        lines += ["", f"{sub} Responsibilities", ""]
        lines += [f"- {r}" for r in role.responsibilities]
    mandatory, optional = listed_once(role)  # a standard listed twice is said once (NF152)
    for heading, codes in (("Standards (NOS) this role must meet", mandatory),
                           ("Optional standards", optional)):
        if codes:
            lines += ["", f"{sub} {heading}", ""]
            for code in codes:
                standard = standards.get(normalise_code(code))
                title = standard.title if standard else "(not defined)"
                lines.append(f"- **{code}** {title}")
    if role.behaviours:
        lines += ["", f"{sub} Behaviours", ""]
        for bid, level in role.behaviours.items():
            behaviour = behaviours.get(bid)
            name = behaviour.name if behaviour and behaviour.name else bid
            level_name = levels[level].name if level in levels and levels[level].name else ""
            lines.append(f"- **{name}** at level {level}" + (f" ({level_name})" if level_name
                                                               else ""))
            for indicator in (behaviour.levels.get(level, ()) if behaviour else ()):
                lines.append(f"  - {indicator}")
    if role.qualifications:
        lines += ["", f"{sub} Qualifications", ""] + [f"- {q}" for q in role.qualifications]
    if role.progresses_to:
        lines += ["", f"{sub} Progression", ""]
        lines += [f"- {titles.get(r, r)}" for r in role.progresses_to]
    return "\n".join(lines) + "\n"
