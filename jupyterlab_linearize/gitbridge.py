"""HTTP side of the git file-system bridge: ``<base_url>/linearize/git/fs/<path>``.

Thin on purpose: every decision is in ``fsbridge.py``. The handlers subclass ``APIHandler``
and are ``@web.authenticated`` and ``@authorized`` on the ``contents`` resource, like
jupyter_server's own ``/api/contents``: same login, token, XSRF and authorizer rules (GET
needs ``read`` permission on contents, PUT needs ``write``).

- ``GET  …/fs/<path>``                 the file's raw bytes (``.git/config`` stripped)
- ``GET  …/fs/<path>?op=stat|lstat``   ``os.stat`` fields as JSON, nanoseconds included
- ``GET  …/fs/<path>?op=readdir``      the entries the policy serves, as a JSON list
- ``GET  …/fs/<path>?op=readlink``     ``{"target": …}``
- ``PUT  …/fs/<path>``                 a loose object, ``.git/index`` or a branch ref
                                       (``If-Match``/``If-None-Match: *`` on the last two)
- ``PUT  …/fs/<path>?op=mkdir``        ``.git/objects/xx`` or a folder under ``refs/heads``
- ``GET  …/linearize/git/root``        where the server root is in the namespace

Errors are JSON ``{"message", "reason"}`` with ``reason`` an errno name (``ENOENT``,
``EACCES``, ``ELOCKED``, ``ESTALE``…) that the browser adapter turns into ``error.code``.
"""

from __future__ import annotations

import asyncio
import json
import os

from jupyter_server.auth.decorator import authorized
from jupyter_server.base.handlers import APIHandler
from jupyter_server.utils import url_path_join
from tornado import web

from . import fsbridge

AUTH_RESOURCE = "contents"
OCTET = "application/octet-stream"


#: Answers to reads of absent paths sent as 200 with this header when the client asks
#: (``absent=ok``); the header carries the errno name the client raises.
ABSENT_HEADER = "X-Linearize-Absent"
ABSENT_CODES = ("ENOENT", "ENOTDIR")


class _BridgeHandler(APIHandler):
    auth_resource = AUTH_RESOURCE

    @property
    def roots(self) -> fsbridge.Roots:
        # Found per request: cheap (a few stats up the tree), and right after a `git init`.
        return fsbridge.find_roots(self.settings["server_root_dir"])

    def fail(self, error: fsbridge.BridgeError) -> None:
        raise web.HTTPError(error.status, error.message, reason=error.code)


class GitFsHandler(_BridgeHandler):
    """The file system isomorphic-git runs on in the browser."""

    @web.authenticated
    @authorized
    async def get(self, path: str | None = None) -> None:
        op = self.get_query_argument("op", "read")
        try:
            target = fsbridge.resolve(self.roots, path, op)
            if op in ("stat", "lstat"):
                self.set_header("Content-Type", "application/json")
                self.finish(json.dumps(fsbridge.stat_json(target, follow=op == "stat")))
            elif op == "readdir":
                self.set_header("Content-Type", "application/json")
                self.finish(json.dumps(fsbridge.list_dir(target)))
            elif op == "readlink":
                self.set_header("Content-Type", "application/json")
                self.finish(json.dumps({"target": fsbridge.read_link(target)}))
            elif op == "read":
                await self._send_file(target)
            else:
                raise fsbridge.BridgeError(400, "EINVAL", f"op {op!r} is not a read")
        except fsbridge.BridgeError as error:
            if error.code in ABSENT_CODES and self.get_query_argument("absent", "") == "ok":
                # isomorphic-git probes many paths that do not exist (loose objects, locks,
                # optional files): for a client that asks, absence is an answer, not a 404
                # in the browser console and the server log.
                self.set_header(ABSENT_HEADER, error.code)
                self.set_header("Content-Type", "application/json")
                self.finish(json.dumps({"reason": error.code, "message": error.message}))
                return
            self.fail(error)

    async def _send_file(self, target: fsbridge.Target) -> None:
        loose = target.kind == "git" and len(target.git_rel) == 3 and target.git_rel[0] == "objects"
        if loose and target.git_rel[1] != "pack" and not os.path.exists(target.path):
            git = fsbridge.git_available()
            if git is None or target.gitdir is None:
                raise fsbridge.BridgeError(404, "ENOENT", "no such object")
            oid = target.git_rel[1] + target.git_rel[2]
            data = await asyncio.to_thread(fsbridge.packed_object_as_loose, target.gitdir, oid, git)
            if data is None:
                raise fsbridge.BridgeError(404, "ENOENT", "no such object")
            self.finish(data, set_content_type=OCTET)
            return
        # Packfiles can be big: stream them rather than hold them twice in memory.
        self.set_header("Content-Type", OCTET)
        chunks = fsbridge.iter_file(target)
        first = next(chunks, b"")
        self.write(first)
        for chunk in chunks:
            await self.flush()
            self.write(chunk)
        self.finish(set_content_type=OCTET)

    @web.authenticated
    @authorized
    async def put(self, path: str | None = None) -> None:
        op = self.get_query_argument("op", "write")
        try:
            target = fsbridge.resolve(self.roots, path, op)
            if op == "mkdir":
                fsbridge.make_dir(target)
            elif op == "write":
                # Inflating and hashing an object takes time: off the event loop, so one
                # large (or hostile) upload cannot freeze the server for everyone.
                await asyncio.to_thread(
                    fsbridge.write_file,
                    target,
                    self.request.body,
                    if_match=self.request.headers.get("If-Match"),
                    if_none_match=self.request.headers.get("If-None-Match"),
                    git_exe=fsbridge.git_available(),
                    max_object_bytes=max_object_bytes(self.settings),
                )
            else:
                raise fsbridge.BridgeError(400, "EINVAL", f"op {op!r} is not a write")
        except fsbridge.BridgeError as error:
            self.fail(error)
        self.set_status(204)
        self.finish()


class GitRootHandler(_BridgeHandler):
    """Where the server root sits in the bridge's namespace, and whether git is installed."""

    @web.authenticated
    @authorized
    async def get(self) -> None:
        roots = self.roots
        self.finish(
            json.dumps(
                {
                    "serverRoot": roots.server_root_rel,
                    "enclosingRepository": roots.enclosing_gitdir is not None,
                    "git": fsbridge.git_available() is not None,
                }
            )
        )


SETTING = "linearize_max_object_bytes"


def max_object_bytes(settings: dict) -> int:
    """The bound on an object written through the bridge, compressed and inflated
    (``c.LinearizeBridge.max_object_bytes``; default 256 MiB)."""
    value = settings.get(SETTING)
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    return fsbridge.DEFAULT_MAX_OBJECT_BYTES


def git_handlers(base_url: str) -> list[tuple[str, type[APIHandler]]]:
    """The routes to register (``setup_handlers`` adds them)."""
    return [
        (url_path_join(base_url, "linearize", "git", "fs") + r"(?:/(.*))?", GitFsHandler),
        (url_path_join(base_url, "linearize", "git", "root"), GitRootHandler),
    ]
