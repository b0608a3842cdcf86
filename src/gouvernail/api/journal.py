"""The journal names the token behind an API write: « alice@… (jeton d'API « Power BI ») ».

simple-history already records the token's holder as the author (the API sets the request's
user); this receiver adds the token's name and prefix to the entry's author label, so that a
revoked or leaked token's writes can be found in the journal.
"""

from django.db.models.signals import pre_save
from django.dispatch import receiver
from simple_history.models import HistoricalRecords

from gouvernail.api.models import ApiToken
from gouvernail.core.models import JournalEntry

LABEL_LENGTH = JournalEntry._meta.get_field("user_label").max_length


def token_label(token: ApiToken) -> str:
    return f"{token.user.email} (jeton d'API « {token.name} », {token.prefix})"


def current_token() -> ApiToken | None:
    request = getattr(HistoricalRecords.context, "request", None)
    token = getattr(request, "auth", None)
    return token if isinstance(token, ApiToken) else None


@receiver(pre_save, sender=JournalEntry)
def attribute_to_token(sender, instance: JournalEntry, **kwargs) -> None:
    token = current_token()
    if token is not None and instance._state.adding and instance.user_id == token.user_id:
        instance.user_label = token_label(token)[:LABEL_LENGTH]
