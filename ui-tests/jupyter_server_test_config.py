"""Server configuration for the Galata UI tests.

A real JupyterLab with a real ipykernel, on 127.0.0.1 only, in a temporary root folder.
"""

import os

from jupyterlab.galata import configure_jupyter_server

configure_jupyter_server(c)

c.ServerApp.ip = "127.0.0.1"
c.ServerApp.port = int(os.environ.get("UI_TEST_PORT", "8888"))
c.ServerApp.port_retries = 0
c.LabApp.news_url = None
c.LabApp.check_for_updates_class = "jupyterlab.NeverCheckForUpdate"
c.LabApp.extension_manager = "readonly"
if os.geteuid() == 0:
    c.ServerApp.allow_root = True
# Jupyter Notebook 7 on the same server (/tree, /notebooks): expose its app to the tests too.
c.JupyterNotebookApp.expose_app_in_browser = True
