"""The `gouvernail` console script: every management command, Django's included.

gouvernail run            serve with gunicorn, the jobs worker beside it (Ctrl-C stops both)
gouvernail worker         run the queued jobs and the periodic work (when served apart)
gouvernail demo [--reset] load the demo organisation
gouvernail migrate, gouvernail shell -c "…", gouvernail createadmin, …
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gouvernail.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv if argv is None else argv)
    argv[0] = "gouvernail"
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
