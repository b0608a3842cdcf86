"""Assertion helpers shared by the test suites of every app."""


def form_errors(response) -> dict[str, list[str]]:
    """The errors of the form a page showed again (status 200), by field."""
    assert response.status_code == 200, "the form should be shown again with its errors"
    return {field: list(errors) for field, errors in response.context["form"].errors.items()}
