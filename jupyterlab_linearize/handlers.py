"""HTTP handlers of the server extension.

Every handler subclasses ``APIHandler`` and is ``@authenticated``, so it obeys the same
login, XSRF and authorizer rules as ``/api/contents``: there is no unauthenticated endpoint.
"""

import json
import platform

from jupyter_server.base.handlers import APIHandler
from jupyter_server.utils import url_path_join
from tornado import web

from .gitbridge import git_handlers


class InfoHandler(APIHandler):
    """``GET /linearize/info``: what this server side offers (versions, capabilities)."""

    @web.authenticated
    def get(self) -> None:
        from . import __version__

        self.finish(
            json.dumps(
                {
                    "name": "jupyterlab-linearize",
                    "version": __version__,
                    "python": platform.python_version(),
                    # Features later issues add register here, so the front end can
                    # degrade cleanly when the server part is older or absent.
                    "capabilities": ["git-fs"],
                }
            )
        )


def setup_handlers(web_app) -> None:
    host_pattern = ".*$"
    base_url = web_app.settings["base_url"]
    route = url_path_join(base_url, "linearize", "info")
    web_app.add_handlers(host_pattern, [(route, InfoHandler)])
    web_app.add_handlers(host_pattern, git_handlers(base_url))
