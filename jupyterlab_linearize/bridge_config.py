"""``.git/config`` as the bridge serves it: only what isomorphic-git needs, nothing secret.

The parser follows git's config syntax (and ``src/core/git/gitConfig.ts``): sections,
subsections, quoting, escapes, continuation lines and comments.
"""

from __future__ import annotations

import re

_CORE_KEYS = {
    "repositoryformatversion",
    "filemode",
    "bare",
    "symlinks",
    "ignorecase",
    "autocrlf",
    "logallrefupdates",
    "precomposeunicode",
}


def _parse_config(text: str) -> list[tuple[str, str | None, str, str]]:
    """``(section, subsection, key, value)`` of a git config file (see gitConfig.ts)."""
    entries: list[tuple[str, str | None, str, str]] = []
    section, sub = "", None
    i, n = 0, len(text)
    while i < n:
        while i < n and text[i] in " \t\r":
            i += 1
        if i >= n:
            break
        c = text[i]
        if c == "\n":
            i += 1
            continue
        if c in "#;":
            i = text.find("\n", i)
            i = n if i < 0 else i + 1
            continue
        if c == "[":
            m = re.match(r'\[([A-Za-z0-9.-]+)(?:\s+"((?:[^"\\\n]|\\.)*)")?\]', text[i:])
            if not m:
                i = text.find("\n", i)
                i = n if i < 0 else i + 1
                continue
            name = m.group(1)
            if m.group(2) is not None:
                section, sub = name.lower(), re.sub(r"\\(.)", r"\1", m.group(2))
            elif "." in name:
                head, _, tail = name.partition(".")
                section, sub = head.lower(), tail.lower()
            else:
                section, sub = name.lower(), None
            i += m.end()
            continue
        m = re.match(r"[A-Za-z][A-Za-z0-9-]*", text[i:])
        if not m or not section:
            i = text.find("\n", i)
            i = n if i < 0 else i + 1
            continue
        key = m.group(0).lower()
        i += m.end()
        while i < n and text[i] in " \t\r":
            i += 1
        if i >= n or text[i] in "\n#;":
            entries.append((section, sub, key, "true"))
            i = text.find("\n", i)
            i = n if i < 0 else i + 1
            continue
        if text[i] != "=":
            i = text.find("\n", i)
            i = n if i < 0 else i + 1
            continue
        i += 1
        value, pending, quoted = [], "", False
        while i < n:
            c = text[i]
            if c == "\n" and not quoted:
                i += 1
                break
            if not quoted and c in "#;":
                j = text.find("\n", i)
                i = n if j < 0 else j
                continue
            if c == "\\" and i + 1 < n:
                nxt = text[i + 1]
                i += 2
                if nxt == "\n":
                    continue
                value.append(pending + {"n": "\n", "t": "\t", "b": "\b"}.get(nxt, nxt))
                pending = ""
                continue
            if c == '"':
                quoted = not quoted
                value.append(pending)
                pending = ""
                i += 1
                continue
            if not quoted and c in " \t\r":
                if value:
                    pending += "" if c == "\r" else c
                i += 1
                continue
            value.append(pending + c)
            pending = ""
            i += 1
        entries.append((section, sub, key, "".join(value)))
    return entries


def _strip_credentials(url: str) -> str:
    m = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*)://([^/?#]*)(.*)$", url, re.S)
    if not m or "@" not in m.group(2):
        return url
    scheme, authority, rest = m.groups()
    userinfo, _, host = authority.rpartition("@")
    if re.match(r"^(https?|ftps?)$", scheme, re.I):
        return f"{scheme}://{host}{rest}"
    return f"{scheme}://{userinfo.split(':', 1)[0]}@{host}{rest}"


def _quote(value: str) -> str:
    escaped = (
        value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    )
    return f'"{escaped}"'


def strip_config(data: bytes) -> bytes:
    """``.git/config`` reduced to what isomorphic-git needs and nothing secret.

    Kept: a few ``[core]`` switches, ``[extensions] objectformat``, ``[user] name/email``
    and each ``[remote "x"] url`` with its credentials removed (the manifest records the
    first remote). Dropped: everything else (``[credential]``, ``[http] extraHeader``,
    ``[url] insteadOf``, ``core.sshCommand``, hooks paths…).
    """
    text = data.decode("utf-8", errors="replace")
    kept: dict[tuple[str, str | None], list[tuple[str, str]]] = {}
    for section, sub, key, value in _parse_config(text):
        if section == "core" and sub is None and key in _CORE_KEYS:
            pass
        elif section == "extensions" and sub is None and key == "objectformat":
            pass
        elif section == "user" and sub is None and key in ("name", "email"):
            pass
        elif section == "remote" and sub is not None and key == "url":
            value = _strip_credentials(value)
        else:
            continue
        kept.setdefault((section, sub), []).append((key, value))
    lines: list[str] = []
    for (section, sub), pairs in kept.items():
        lines.append(f"[{section}]" if sub is None else f"[{section} {_quote(sub)}]")
        lines.extend(f"\t{key} = {_quote(value)}" for key, value in pairs)
    return ("\n".join(lines) + "\n").encode() if lines else b""
