"""The mail backend used when no mail server is configured (GOUVERNAIL_EMAIL_URL unset)."""

import logging

from django.core.mail.backends.base import BaseEmailBackend

logger = logging.getLogger("gouvernail.mail")


class UnsentMailBackend(BaseEmailBackend):
    """Logs that a mail was not sent, to whom and about what, never its body.

    Django's console backend printed every mail to the server log, password-reset links
    included: anyone reading the log could take over an account.
    """

    def send_messages(self, email_messages) -> int:
        for message in email_messages:
            logger.warning(
                "E-mail non envoyé à %s (aucun serveur d'envoi configuré : GOUVERNAIL_EMAIL_URL) : « %s ».",
                ", ".join(message.recipients()),
                message.subject,
            )
        return 0
