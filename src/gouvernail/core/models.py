from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.contrib.contenttypes.models import ContentType
from django.core.validators import RegexValidator
from django.db import models
from django.urls import NoReverseMatch, reverse
from simple_history.models import HistoricalRecords

from gouvernail.core.choices import JournalAction, OrganisationKind, PersonKind, Role, ServiceKind

__all__ = (
    "DirectoryAccount",
    "FormSubmission",
    "JournalEntry",
    "Membership",
    "Organisation",
    "OrganisationScopedModel",
    "OrganisationQuerySet",
    "Person",
    "Service",
    "Site",
    "User",
    "is_organisation_scoped",
    "normalise_person_email",
)


#
# Accounts
#


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields):
        if not email:
            raise ValueError("L'adresse e-mail est obligatoire.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person who logs in. Identified by e-mail; what they may do depends on their memberships."""

    username = None
    email = models.EmailField("adresse e-mail", unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = "utilisateur"
        verbose_name_plural = "utilisateurs"
        ordering = ("email",)

    def __str__(self) -> str:
        return self.get_full_name() or self.email


#
# Organisations
#

siren_validator = RegexValidator(r"^\d{9}$", "Le SIREN comporte exactement 9 chiffres.")
department_validator = RegexValidator(r"^(\d{2,3}|2A|2B)$", "Code de département invalide (ex. 72, 2A, 974).")


# A dark blue: white text on it has a contrast above 7:1.
DEFAULT_PRIMARY_COLOUR = "#1F3A68"
colour_validator = RegexValidator(r"^#[0-9A-Fa-f]{6}$", "Indiquez une couleur au format #RRGGBB (par exemple #1F3A68).")


class Organisation(models.Model):
    """A local authority (or a mutualised IT service) whose information system is governed here."""

    name = models.CharField("nom", max_length=200, unique=True)
    slug = models.SlugField("identifiant court", max_length=60, unique=True)
    kind = models.CharField("nature", max_length=20, choices=OrganisationKind.choices, default=OrganisationKind.CC)
    siren = models.CharField("SIREN", max_length=9, blank=True, validators=[siren_validator])
    department = models.CharField("département", max_length=3, blank=True, validators=[department_validator])
    require_mfa = models.BooleanField(
        "double authentification obligatoire",
        default=False,
        help_text="Chaque utilisateur doit activer un code à usage unique (TOTP) avant d'accéder aux pages.",
    )
    primary_colour = models.CharField(
        "couleur principale",
        max_length=7,
        default=DEFAULT_PRIMARY_COLOUR,
        validators=[colour_validator],
        help_text="Couleur des documents produits (dossier de COPIL), au format #RRGGBB.",
    )
    logo = models.ImageField(
        "logo",
        upload_to="organisations/logos/",
        blank=True,
        help_text="Image PNG ou JPEG, reprise sur la page de titre du dossier de COPIL.",
    )
    is_demo = models.BooleanField("données de démonstration", default=False, editable=False)
    created = models.DateTimeField("créée le", auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "organisation"
        verbose_name_plural = "organisations"
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name

    @property
    def organisation(self) -> "Organisation":
        # Lets the journal treat an organisation like any row that belongs to one.
        return self


class OrganisationQuerySet(models.QuerySet):
    def for_organisation(self, organisation: Organisation) -> "OrganisationQuerySet":
        return self.filter(organisation=organisation)

    def visible_to(self, membership: "Membership") -> "OrganisationQuerySet":
        """Rows of the membership's organisation that its role may read (models narrow it further)."""
        return self.filter(organisation_id=membership.organisation_id)


def is_organisation_scoped(model: type[models.Model]) -> bool:
    return any(f.name == "organisation" for f in model._meta.concrete_fields)


class OrganisationScopedModel(models.Model):
    """Base of every domain row: it belongs to one organisation, is journaled and versioned.

    `row_version` detects concurrent edits: an edit form carries the version it was read at,
    and the save is refused when the row has moved on since.
    """

    organisation = models.ForeignKey(
        Organisation, verbose_name="organisation", on_delete=models.CASCADE, related_name="+", editable=False
    )
    created = models.DateTimeField("créé le", auto_now_add=True)
    last_updated = models.DateTimeField("modifié le", auto_now=True)
    row_version = models.PositiveIntegerField("version", default=1, editable=False)

    history = HistoricalRecords(inherit=True, excluded_fields=["last_updated"])
    objects = OrganisationQuerySet.as_manager()

    # Which roles may edit rows of this model (see core.permissions).
    permission_domain = "referentiel"

    class Meta:
        abstract = True

    def get_absolute_url(self) -> str:
        return reverse(f"{self._meta.app_label}:{self._meta.model_name}_detail", kwargs={"pk": self.pk})

    def is_visible_to(self, membership: "Membership") -> bool:
        """Whether the row is among those its model's `visible_to` queryset gives the membership.

        One rule for lists and detail pages: a model narrows visibility (a Prestataire sees only
        its own contracts) in its queryset, never twice.
        """
        if self.organisation_id != membership.organisation_id:
            return False
        return type(self)._default_manager.visible_to(membership).filter(pk=self.pk).exists()


class Site(OrganisationScopedModel):
    """A place where the organisation works: headquarters, a library, a school, a technical centre."""

    name = models.CharField("nom", max_length=120)
    city = models.CharField("commune", max_length=120, blank=True)

    class Meta:
        verbose_name = "site"
        verbose_name_plural = "sites"
        ordering = ("name",)
        indexes = [models.Index(fields=["organisation", "name"], name="core_site_org_name")]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"],
                name="core_site_unique_org_name",
                violation_error_message="Un site porte déjà ce nom dans l'organisation.",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Service(OrganisationScopedModel):
    """A unit of the organisation chart (pôle, département or service)."""

    name = models.CharField("nom", max_length=120)
    kind = models.CharField("niveau", max_length=20, choices=ServiceKind.choices, default=ServiceKind.SERVICE)
    parent = models.ForeignKey(
        "self", verbose_name="rattaché à", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )

    class Meta:
        verbose_name = "service"
        verbose_name_plural = "services"
        ordering = ("name",)
        indexes = [models.Index(fields=["organisation", "name"], name="core_service_org_name")]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"],
                name="core_service_unique_org_name",
                violation_error_message="Un service porte déjà ce nom dans l'organisation.",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Person(OrganisationScopedModel):
    """An agent or an elected official. Deliberately minimal: no personal details.

    The only contact datum is the work e-mail: the connectors match a phishing recipient or a
    directory account to the person by it (most agents have no Gouvernail login). Stored
    lower-cased, so that the per-organisation uniqueness is case-insensitive.
    """

    last_name = models.CharField("nom", max_length=120)
    first_name = models.CharField("prénom", max_length=120, blank=True)
    kind = models.CharField("qualité", max_length=10, choices=PersonKind.choices, default=PersonKind.AGENT)
    service = models.ForeignKey(
        Service, verbose_name="service", null=True, blank=True, on_delete=models.SET_NULL, related_name="people"
    )
    site = models.ForeignKey(
        Site, verbose_name="site", null=True, blank=True, on_delete=models.SET_NULL, related_name="people"
    )
    function = models.CharField("fonction", max_length=160, blank=True)
    email = models.EmailField(
        "adresse e-mail professionnelle",
        blank=True,
        help_text="Rapproche la personne de ses comptes (annuaire Entra ID, campagnes GoPhish).",
    )
    is_active = models.BooleanField("actif", default=True)

    permission_domain = "people"

    class Meta:
        verbose_name = "personne"
        verbose_name_plural = "personnes"
        ordering = ("last_name", "first_name")
        indexes = [
            models.Index(fields=["organisation", "last_name", "first_name"], name="core_person_org_name"),
            models.Index(fields=["organisation", "service"], name="core_person_org_service"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "email"],
                condition=~models.Q(email=""),
                name="core_person_unique_org_email",
                violation_error_message="Une autre personne de l'organisation a déjà cette adresse e-mail.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def save(self, *args, **kwargs) -> None:
        self.derive()
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        self.email = normalise_person_email(self.email)

    def derive(self) -> None:
        """What `save()` and the bulk upsert compute: the e-mail as stored (see below)."""
        # Writes that skip clean() (a service, the shell) must not break the case-insensitive uniqueness.
        self.email = normalise_person_email(self.email)


def normalise_person_email(value: str | None) -> str:
    """How a person's e-mail is stored and looked up: trimmed, lower-cased ("" when absent)."""
    return (value or "").strip().lower()


class DirectoryAccount(models.Model):
    """A person's account in the organisation's directory (Microsoft Entra ID), reduced to what the
    MFA coverage and dormant-account indicators need; written by the directory sync only.

    None means « inconnu » (a licence that hides the report, a sync that did not see it), never
    « non ». No name, phone or department is kept: the person record already says who it is.
    Not journaled: the sign-in date moves every day for every agent, and a history of it would
    multiply personal data the indicators do not need; the sync's run log says what changed.
    A person the directory no longer lists loses this row (everything back to unknown).
    """

    organisation = models.ForeignKey(
        Organisation, verbose_name="organisation", on_delete=models.CASCADE, related_name="+", editable=False
    )
    person = models.OneToOneField(
        Person, verbose_name="personne", on_delete=models.CASCADE, related_name="directory_account"
    )
    enabled = models.BooleanField("compte activé", null=True)
    mfa_registered = models.BooleanField("MFA enregistrée", null=True)
    last_sign_in = models.DateField("dernière connexion le", null=True)

    objects = OrganisationQuerySet.as_manager()
    permission_domain = "people"

    class Meta:
        verbose_name = "compte de l'annuaire"
        verbose_name_plural = "comptes de l'annuaire"
        indexes = [models.Index(fields=["organisation", "enabled"], name="core_diraccount_org_enabled")]

    def __str__(self) -> str:
        return f"Compte de l'annuaire de {self.person}"


class Membership(OrganisationScopedModel):
    """A user's role in one organisation. A user may belong to several organisations."""

    organisation = models.ForeignKey(
        Organisation, verbose_name="organisation", on_delete=models.CASCADE, related_name="memberships", editable=False
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="utilisateur", on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField("rôle", max_length=20, choices=Role.choices)
    person = models.ForeignKey(
        Person, verbose_name="fiche personne", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    permission_domain = "administration"

    class Meta:
        verbose_name = "habilitation"
        verbose_name_plural = "habilitations"
        ordering = ("organisation__name", "user__email")
        indexes = [models.Index(fields=["organisation", "role"], name="core_membership_org_role")]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"],
                name="core_membership_unique_org_user",
                violation_error_message="Cet utilisateur a déjà une habilitation dans l'organisation.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} ({self.organisation})"


#
# Journal
#


class JournalEntry(models.Model):
    """One create, update or delete of a journaled object, across every model, for the global journal.

    Per-object history lives in the django-simple-history tables; this index lets the journal
    page filter and export every change of an organisation in one query.
    """

    organisation = models.ForeignKey(
        Organisation, verbose_name="organisation", on_delete=models.CASCADE, related_name="journal_entries"
    )
    timestamp = models.DateTimeField("date")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="utilisateur",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    user_label = models.CharField("auteur", max_length=254, blank=True)
    action = models.CharField("action", max_length=1, choices=JournalAction.choices)
    content_type = models.ForeignKey(
        ContentType, verbose_name="type d'objet", on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.CharField("identifiant", max_length=64)
    object_repr = models.CharField("objet", max_length=300)
    changes = models.JSONField("changements", default=dict, blank=True)
    reason = models.TextField("motif", blank=True)

    objects = OrganisationQuerySet.as_manager()
    permission_domain = "journal"

    class Meta:
        verbose_name = "entrée du journal"
        verbose_name_plural = "journal des modifications"
        ordering = ("-timestamp", "-pk")
        indexes = [
            models.Index(fields=["organisation", "-timestamp"], name="core_journal_org_time"),
            models.Index(fields=["organisation", "content_type", "object_id"], name="core_journal_org_object"),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} — {self.object_repr}"

    @property
    def object_url(self) -> str | None:
        """The detail page of the journaled object, when it still has one."""
        if self.action == JournalAction.DELETED:
            return None
        try:
            return reverse(
                f"{self.content_type.app_label}:{self.content_type.model}_detail", kwargs={"pk": int(self.object_id)}
            )
        except (NoReverseMatch, ValueError):
            return None


#
# Forms already submitted
#


class FormSubmission(models.Model):
    """A creation form that was submitted: each rendered form carries a one-time token, so a
    second click on « Enregistrer » (or a resent request) leads to the row the first one created
    instead of creating it twice. The unique token also serialises two simultaneous clicks."""

    token = models.UUIDField("jeton du formulaire", unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="utilisateur", on_delete=models.CASCADE, related_name="+"
    )
    created_url = models.CharField("fiche créée", max_length=300, blank=True)
    submitted_at = models.DateTimeField("envoyé le", auto_now_add=True)

    class Meta:
        verbose_name = "formulaire envoyé"
        verbose_name_plural = "formulaires envoyés"
        indexes = [models.Index(fields=["submitted_at"], name="core_formsubmission_time")]

    def __str__(self) -> str:
        return str(self.token)
