import pytest
from django.utils import timezone

from gouvernail.core.models import User
from gouvernail.demo.loader import load_demo, purge_demo


@pytest.fixture(scope="package")
def demo(django_db_setup, django_db_blocker):
    """The demo organisation, loaded once for the metrics tests at today's date (the list
    filters the drill-downs use compare with today), purged once the package's tests are done
    (other apps' tests expect an empty database)."""
    with django_db_blocker.unblock():
        summary = load_demo(reference_date=timezone.localdate())
    yield summary.organisation
    with django_db_blocker.unblock():
        purge_demo()


@pytest.fixture
def demo_client(demo, client, db):
    """A client logged in as the demo's Référent SI."""
    client.force_login(User.objects.get(email="referent@gesnois-bilurien.example"))
    return client
