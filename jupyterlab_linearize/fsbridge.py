"""The git file-system bridge's policy and file operations, one module per job.

- ``bridge_paths``: path confinement and the one ``.git`` allow-list (what may be touched);
- ``bridge_read``: stats, bytes, listings, links;
- ``bridge_write``: loose objects, the index and branch refs, with git's locks;
- ``bridge_config``: ``.git/config`` stripped to what is safe to serve.

``gitbridge.py`` (the HTTP handlers) and the tests use them through this name.
"""

from __future__ import annotations

from .bridge_config import strip_config
from .bridge_paths import (
    HEX40,
    READ_OPS,
    WRITE_OPS,
    BridgeError,
    Roots,
    Target,
    find_roots,
    resolve,
    valid_branch_parts,
)
from .bridge_read import iter_file, list_dir, read_file, read_link, stat_json
from .bridge_write import (
    DEFAULT_MAX_OBJECT_BYTES,
    git_available,
    make_dir,
    object_exists,
    object_type,
    packed_object_as_loose,
    read_ref,
    write_file,
)

__all__ = [
    "DEFAULT_MAX_OBJECT_BYTES",
    "HEX40",
    "READ_OPS",
    "WRITE_OPS",
    "BridgeError",
    "Roots",
    "Target",
    "find_roots",
    "git_available",
    "iter_file",
    "list_dir",
    "make_dir",
    "object_exists",
    "object_type",
    "packed_object_as_loose",
    "read_file",
    "read_link",
    "read_ref",
    "resolve",
    "stat_json",
    "strip_config",
    "valid_branch_parts",
    "write_file",
]
