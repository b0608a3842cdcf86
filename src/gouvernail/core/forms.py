import re

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

from gouvernail.core.collation import french_ordered
from gouvernail.core.models import (
    Membership,
    Organisation,
    Person,
    Service,
    Site,
    User,
    is_organisation_scoped,
    normalise_person_email,
)
from gouvernail.core.uploads import LogoField

__all__ = ("MembershipForm", "OrganisationForm", "OrganisationModelForm", "PersonForm", "ServiceForm", "SiteForm")


class FrenchDecimalField(forms.DecimalField):
    """Accepts an amount as typed in France, « 12 000,50 », as well as « 12000.50 »."""

    def __init__(self, **kwargs):
        kwargs["localize"] = True  # decimal comma, and a text input rather than a spinner
        super().__init__(**kwargs)
        self.widget.attrs["inputmode"] = "decimal"

    def to_python(self, value):
        if isinstance(value, str):
            value = re.sub(r"[\s\u00a0\u202f]", "", value)
        return super().to_python(value)


def formfield_for(db_field, **kwargs):
    if isinstance(db_field, models.URLField):
        # Web addresses typed without a scheme are https ones (Django 6's default, set now).
        kwargs.setdefault("assume_scheme", "https")
    if isinstance(db_field, models.DecimalField):
        kwargs.setdefault("form_class", FrenchDecimalField)
    return db_field.formfield(**kwargs)


class OrganisationModelForm(forms.ModelForm):
    """A form for a row of the current organisation.

    It restricts every related choice to the organisation, checks the organisation-wide
    unique constraints (Django skips them because `organisation` is not a form field) and
    carries the row version the user read, for the concurrent-edit check.
    """

    row_version_seen = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        # Subclasses inherit it with `class Meta(OrganisationModelForm.Meta)`.
        formfield_callback = formfield_for

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.instance.organisation = organisation
        self.fields["row_version_seen"].initial = self.instance.row_version
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is not None and is_organisation_scoped(queryset.model):
                field.queryset = french_ordered(queryset.filter(organisation=organisation))
        style_widgets(self)

    def validate_unique(self) -> None:
        super().validate_unique()
        exclude = self._get_validation_exclusions() - {"organisation"}
        for constraint in self.instance._meta.constraints:
            fields = getattr(constraint, "fields", ())
            if "organisation" not in fields:
                continue
            try:
                constraint.validate(type(self.instance), self.instance, exclude=exclude)
            except ValidationError as error:
                others = [name for name in fields if name != "organisation"]
                target = others[0] if len(others) == 1 and others[0] in self.fields else None
                self.add_error(target, error.messages)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def style_widgets(form: forms.BaseForm) -> None:
    """Bootstrap classes and native date pickers, so templates stay generic."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(field, forms.DateField) and not isinstance(widget, DateInput):
            field.widget = widget = DateInput(attrs=widget.attrs)
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
            css = "form-select"
        elif isinstance(widget, forms.HiddenInput):
            continue
        else:
            css = "form-control"
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class SiteForm(OrganisationModelForm):
    class Meta(OrganisationModelForm.Meta):
        model = Site
        fields = ("name", "city")


class ServiceForm(OrganisationModelForm):
    class Meta(OrganisationModelForm.Meta):
        model = Service
        fields = ("name", "kind", "parent")


class PersonForm(OrganisationModelForm):
    class Meta(OrganisationModelForm.Meta):
        model = Person
        fields = ("last_name", "first_name", "kind", "service", "site", "function", "email", "is_active")

    def clean_email(self) -> str:
        return normalise_person_email(self.cleaned_data.get("email"))


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ("name", "kind", "siren", "department", "require_mfa", "primary_colour", "logo")
        widgets = {"primary_colour": forms.TextInput(attrs={"type": "color"})}
        # The logo is checked before Pillow decodes it and downscaled for the COPIL renderers.
        field_classes = {"logo": LogoField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)


class MembershipForm(OrganisationModelForm):
    """Creates an account with a role in the organisation; an existing account is refused."""

    email = forms.EmailField(label="Adresse e-mail")

    class Meta(OrganisationModelForm.Meta):
        model = Membership
        fields = ("role", "person")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["email"].initial = self.instance.user.email
            self.fields["email"].disabled = True
        self.order_fields(["email", "role", "person"])

    def save(self, commit: bool = True) -> Membership:
        if self.instance.pk:
            return super().save(commit=commit)
        from gouvernail.core.services import membership_grant

        return membership_grant(
            organisation=self.organisation,
            email=self.cleaned_data["email"],
            role=self.cleaned_data["role"],
            person=self.cleaned_data.get("person"),
            acting_user=None,
            new_account_only=True,
        )

    def clean_email(self) -> str:
        from gouvernail.core.services import EXISTING_ACCOUNT_REFUSED

        email = self.cleaned_data["email"].lower()
        if self.instance.pk:
            return email
        if Membership.objects.filter(organisation=self.organisation, user__email=email).exists():
            raise ValidationError("Cet utilisateur a déjà une habilitation dans l'organisation.")
        if User.objects.filter(email=email).exists():
            raise ValidationError(EXISTING_ACCOUNT_REFUSED)
        return email
