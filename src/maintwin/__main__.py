"""``python -m maintwin``: the ``maintwin`` command."""

from ._cli import main

raise SystemExit(main())
