from django import forms

from gouvernail.core.forms import style_widgets
from gouvernail.core.uploads import validate_upload_size

__all__ = ("EpnImportForm",)


class EpnImportForm(forms.Form):
    file = forms.FileField(
        label="Export des séances (CSV)",
        help_text=(
            "Colonnes : date, heure, durée, usager (ou identifiant), atelier, site — séparateur « ; » ou « , », "
            "dates jj/mm/aaaa. Les séances du fichier remplacent celles déjà enregistrées pour la même période "
            "et les mêmes sites."
        ),
        validators=[validate_upload_size],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ".csv,text/csv,text/plain"
        style_widgets(self)
