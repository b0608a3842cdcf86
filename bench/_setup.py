"""Django set-up shared by the benchmarks: the real settings on a fresh, migrated database.

The database is the one `GOUVERNAIL_DATABASE_URL` names (SQLite under the data directory by
default, which `make bench` points at a temporary directory).
"""

import os


def django_ready() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gouvernail.settings")
    os.environ.setdefault("GOUVERNAIL_DEBUG", "1")
    # The benchmarks' fake sources listen on loopback, which connectors refuse by default.
    os.environ.setdefault("GOUVERNAIL_CONNECTOR_ALLOWED_NETWORKS", "127.0.0.0/8,::1/128")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
