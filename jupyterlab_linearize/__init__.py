"""jupyterlab-linearize: reproducible notebooks for JupyterLab.

The front end is a prebuilt JupyterLab extension; this package ships it and a small
authenticated server extension (``/linearize/...``) used by later features.
"""

try:
    from ._version import __version__
except ImportError:  # pragma: no cover - only when the package was not built
    # Fallback when using the package in dev mode without installing it in editable mode.
    import warnings

    warnings.warn("Importing 'jupyterlab_linearize' outside a proper installation.", stacklevel=2)
    __version__ = "dev"


def _jupyter_labextension_paths() -> list[dict[str, str]]:
    return [{"src": "labextension", "dest": "jupyterlab-linearize"}]


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": "jupyterlab_linearize"}]


def _load_jupyter_server_extension(server_app) -> None:
    """Register the API handlers with the running Jupyter server.

    Setting: ``c.LinearizeBridge.max_object_bytes`` (default 256 MiB) bounds an object
    written through the git bridge, compressed and inflated.
    """
    # Imported here, not at the top: the `linearize` console script imports this package
    # and must start fast without loading jupyter_server.
    from .fsbridge import DEFAULT_MAX_OBJECT_BYTES
    from .gitbridge import SETTING
    from .handlers import setup_handlers

    section = server_app.config.get("LinearizeBridge", {})
    raw = section.get("max_object_bytes", DEFAULT_MAX_OBJECT_BYTES)
    # From a config file it is an int; from the command line, text (traitlets defers it).
    try:
        limit = int(str(raw)) if not isinstance(raw, bool) else 0
    except ValueError:
        limit = 0
    if limit <= 0:
        server_app.log.warning(
            "LinearizeBridge.max_object_bytes=%r is not a positive integer; using %d",
            raw,
            DEFAULT_MAX_OBJECT_BYTES,
        )
        limit = DEFAULT_MAX_OBJECT_BYTES
    server_app.web_app.settings[SETTING] = limit
    setup_handlers(server_app.web_app)
    server_app.log.info("Registered jupyterlab_linearize server extension")


__all__ = ["__version__"]
