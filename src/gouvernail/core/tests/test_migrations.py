"""The models and the migrations agree."""

from io import StringIO

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_model_change_is_missing_a_migration():
    output = StringIO()

    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=output, stderr=output)
    except SystemExit:  # makemigrations --check exits with 1 when a migration is missing
        pytest.fail(f"makemigrations --check found missing migrations:\n{output.getvalue()}")

    assert "No changes detected" in output.getvalue()
