"""The demo accounts: one per role, all with the same documented password.

`DEMO_ACCOUNTS` is the single source the README, the Makefile (`gouvernail demo --accounts`)
and the tests rely on. The addresses use the reserved `.example` top-level domain, so no mail
can ever reach a real mailbox.
"""

from dataclasses import dataclass

from gouvernail.core.choices import Role
from gouvernail.core.models import Membership, Organisation, Person, User
from gouvernail.core.services import membership_grant

DEMO_PASSWORD = "Gouvernail-demo-2026"
DEMO_EMAIL_DOMAIN = "gesnois-bilurien.example"


@dataclass(frozen=True)
class DemoAccount:
    email: str
    role: str
    password: str = DEMO_PASSWORD

    @property
    def role_label(self) -> str:
        return str(Role(self.role).label)


DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount(f"admin@{DEMO_EMAIL_DOMAIN}", Role.ADMIN),
    DemoAccount(f"referent@{DEMO_EMAIL_DOMAIN}", Role.REFERENT_SI),
    DemoAccount(f"direction@{DEMO_EMAIL_DOMAIN}", Role.DIRECTION),
    DemoAccount(f"elu@{DEMO_EMAIL_DOMAIN}", Role.ELU),
    DemoAccount(f"prestataire@{DEMO_EMAIL_DOMAIN}", Role.PRESTATAIRE),
    DemoAccount(f"auditeur@{DEMO_EMAIL_DOMAIN}", Role.AUDITEUR),
)


def create_demo_accounts(*, organisation: Organisation, people_by_role: dict[str, Person]) -> dict[str, Membership]:
    """Grants each demo account its role, linked to the matching person record when there is one.

    `membership_grant` reuses an account left behind (e.g. by a manual deletion of the
    organisation), so the password is (re)set in every case.
    """
    memberships = {}
    for account in DEMO_ACCOUNTS:
        membership = membership_grant(
            organisation=organisation,
            email=account.email,
            role=account.role,
            person=people_by_role.get(account.role),
            acting_user=None,
        )
        user = membership.user
        user.set_password(account.password)
        user.is_staff = False
        user.is_superuser = False
        user.save(update_fields=["password", "is_staff", "is_superuser"])
        memberships[account.role] = membership
    return memberships


def delete_demo_users() -> int:
    """Deletes the demo accounts (used by `demo --reset`); returns how many existed."""
    users = User.objects.filter(email__in=[account.email for account in DEMO_ACCOUNTS])
    count = users.count()
    users.delete()
    return count


def accounts_table() -> str:
    """The accounts as a plain-text table, for the terminal."""
    rows = [("Adresse e-mail", "Rôle", "Mot de passe")]
    rows += [(account.email, account.role_label, account.password) for account in DEMO_ACCOUNTS]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)
