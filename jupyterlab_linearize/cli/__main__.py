"""``python -m jupyterlab_linearize.cli``: the same as the ``linearize`` command."""

import sys

from . import main

sys.exit(main())
