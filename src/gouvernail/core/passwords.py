"""Password policy: refuse what an attacker guesses first, not only what is short."""

from django.core.exceptions import ValidationError
from zxcvbn import zxcvbn

# Words a French local authority's passwords are made of, which zxcvbn's (English) lists lack.
FRENCH_GUESSES = (
    "gouvernail",
    "motdepasse",
    "mairie",
    "commune",
    "collectivite",
    "communaute",
    "agglomeration",
    "departement",
    "bonjour",
    "bienvenue",
    "soleil",
    "france",
)
# zxcvbn's cost grows quickly with the length: what lies beyond adds strength anyway.
ESTIMATED_LENGTH = 64


class GuessablePasswordValidator:
    """Refuses a password zxcvbn estimates guessable in fewer than 10⁸ tries (score below 3):
    common words and passwords, keyboard rows (« azertyuiop »), sequences, dates, the user's
    e-mail address and the names of their organisations."""

    def __init__(self, min_score: int = 3):
        self.min_score = min_score

    def validate(self, password: str, user=None) -> None:
        result = zxcvbn(password[:ESTIMATED_LENGTH], user_inputs=_user_inputs(user))
        if result["score"] < self.min_score:
            raise ValidationError(
                "Ce mot de passe est trop facile à deviner (mot ou mot de passe courant, suite de touches "
                "du clavier, date, nom de l'organisation ou de la personne). Choisissez par exemple trois "
                "ou quatre mots sans rapport entre eux.",
                code="password_guessable",
            )

    def get_help_text(self) -> str:
        return (
            "Le mot de passe ne doit pas être facile à deviner : ni mot courant, ni suite de touches du "
            "clavier, ni date, ni nom de l'organisation."
        )


def _user_inputs(user) -> list[str]:
    inputs = list(FRENCH_GUESSES)
    if user is None:
        return inputs
    email = getattr(user, "email", "") or ""
    inputs += [email, *email.replace("@", ".").split(".")]
    inputs += [getattr(user, "first_name", ""), getattr(user, "last_name", "")]
    if getattr(user, "pk", None):
        for name, slug in user.memberships.values_list("organisation__name", "organisation__slug"):
            inputs += [name, slug, *name.split()]
    return [value.lower() for value in inputs if value]
