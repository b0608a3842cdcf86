"""Without a mail server, a mail is logged as not sent: its body (a password-reset link) never
reaches the server log."""

import logging

import pytest

from gouvernail import settings as production_settings
from gouvernail.core.choices import Role

UNSENT = "gouvernail.core.mail.UnsentMailBackend"


@pytest.fixture
def no_mail_server(settings):
    settings.EMAIL_BACKEND = UNSENT


def test_without_a_mail_server_mails_go_to_the_unsent_backend():
    assert production_settings.EMAIL_BACKEND == UNSENT


def test_a_password_reset_logs_that_the_mail_was_not_sent_without_its_link(
    no_mail_server, users, client, caplog, capsys
):
    caplog.set_level(logging.DEBUG)

    response = client.post("/compte/password/reset/", {"email": users[Role.DIRECTION].email})

    assert response.status_code == 302
    logged = caplog.text + "".join(capsys.readouterr())
    assert "E-mail non envoyé à direction@test.example" in logged
    assert "/compte/password/reset/key/" not in logged
    assert "http://testserver" not in logged


def test_the_unsent_backend_logs_the_recipients_and_subject_only(no_mail_server, caplog):
    from django.core.mail import send_mail

    with caplog.at_level(logging.INFO, logger="gouvernail.mail"):
        sent = send_mail("Rappel : contrat à renouveler", "Corps secret 1234", "g@localhost", ["a@test.example"])

    assert sent == 0
    assert [record.getMessage() for record in caplog.records] == [
        "E-mail non envoyé à a@test.example (aucun serveur d'envoi configuré : GOUVERNAIL_EMAIL_URL) : "
        "« Rappel : contrat à renouveler »."
    ]
