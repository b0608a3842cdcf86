from datetime import timedelta

import pytest
from django.utils import timezone

from gouvernail.api.choices import TokenScope
from gouvernail.api.tokens import token_create
from gouvernail.core.tests.conftest import other_ref, ref  # noqa: F401  (the matrix's référentiel)


@pytest.fixture
def issue_token(users):
    """issue_token(role, scope=…, days=…) -> (ApiToken, the secret) of the user with that role in `org`."""

    def issue(role: str, scope: str = TokenScope.READ_WRITE, days: int = 30, name: str = "Power BI"):
        membership = users[role].memberships.get()
        issued = token_create(
            membership=membership, name=name, scope=scope, expires_at=timezone.now() + timedelta(days=days)
        )
        return issued.token, issued.secret

    return issue


@pytest.fixture
def api(client):
    """api(secret) -> a client sending `Authorization: Bearer <secret>` with each request."""

    class TokenClient:
        def __init__(self, secret: str):
            self.headers = {"Authorization": f"Bearer {secret}"}

        def get(self, url, data=None):
            return client.get(url, data, headers=self.headers)

        def post(self, url, data=None):
            return client.post(url, data or {}, content_type="application/json", headers=self.headers)

        def patch(self, url, data=None):
            return client.patch(url, data or {}, content_type="application/json", headers=self.headers)

        def delete(self, url):
            return client.delete(url, headers=self.headers)

    return TokenClient
