"""The bridge asks the server's authorizer, on the ``contents`` resource, like /api/contents."""

from __future__ import annotations

from pathlib import Path

import pytest
from jupyter_server.auth.authorizer import Authorizer

from .test_fsbridge import make_repo, tree_state
from .test_gitbridge import bridge, loose  # noqa: F401  (a fixture)

ASKED: list[tuple[str, str]] = []


class ReadOnlyContents(Authorizer):
    """Lets users read contents but not write them."""

    def is_authorized(self, handler, user, action, resource) -> bool:
        ASKED.append((action, resource))
        return not (resource == "contents" and action == "write")


@pytest.fixture
def jp_server_config(jp_server_config):
    server = dict(jp_server_config["ServerApp"], authorizer_class=ReadOnlyContents)
    return {**jp_server_config, "ServerApp": server}


async def test_reads_need_read_and_writes_need_write_on_contents(jp_root_dir, bridge):  # noqa: F811
    root = make_repo(Path(jp_root_dir))
    oid, body = loose(b"denied")
    ASKED.clear()
    before = tree_state(root)

    read = await bridge("nb.ipynb")
    write = await bridge(f".git/objects/{oid[:2]}/{oid[2:]}", "PUT", body=body)

    assert (read.code, write.code) == (200, 403)
    assert ASKED == [("read", "contents"), ("write", "contents")]
    assert tree_state(root) == before
