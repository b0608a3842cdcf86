"""The menu only offers what the role may open: every link of every role's menu answers 200."""

import pytest

from gouvernail.core.choices import Role


@pytest.mark.parametrize("role", Role.values)
def test_every_menu_link_opens_for_the_role_that_sees_it(role, client_for):
    client = client_for(role)
    navigation = client.get("/").context["navigation"]

    refused = []
    for _group, items in navigation:
        for item in items:
            status = client.get(item.url, follow=True).status_code
            if status != 200:
                refused.append(f"{item.label} ({item.url}) : {status}")

    assert refused == []
