from django import forms
from django.db import models

from voroc.forms import Form, ModelForm

from .models import Doorstroomformulier
from .sections import SECTIES
from .validators import validate_pdf_upload

ALLE_VELDEN = [f for s in SECTIES for f in s.velden]


class ScopedFileInput(forms.ClearableFileInput):
    """Like ClearableFileInput, but never links to MEDIA_URL: the stored file is only served by a
    scoped view that logs access (doorstroom:lob_paspoort)."""

    template_name = "doorstroom/widgets/lob_bestand.html"
    download_url = ""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["download_url"] = self.download_url
        return context


class FormulierForm(ModelForm):
    """The fields this user may edit, plus the version the page was opened at (optimistic lock)."""

    versie = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    class Meta:
        model = Doorstroomformulier
        fields = ALLE_VELDEN
        widgets = {
            "verwachte_diplomadatum": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "lob_paspoort_pdf": ScopedFileInput(attrs={"accept": "application/pdf,.pdf"}),
            **{
                naam: forms.Textarea(attrs={"rows": 3})
                for naam in ALLE_VELDEN
                if isinstance(Doorstroomformulier._meta.get_field(naam), models.TextField)
            },
        }

    # Nothing is required for a draft; the label says which fields "Definitief maken" needs.
    markers = {naam: "verplicht voor definitief" for s in SECTIES for naam in s.verplicht}

    def __init__(self, *args, velden: set[str], **kwargs):
        super().__init__(*args, **kwargs)
        for naam in list(self.fields):
            if naam != "versie" and naam not in velden:
                del self.fields[naam]
        if "lob_paspoort_pdf" in self.fields:
            self.fields["lob_paspoort_pdf"].validators.append(validate_pdf_upload)
            self.fields["lob_paspoort_pdf"].help_text = "Alleen pdf, ten hoogste 5 MB."
            if self.instance.pk:
                from django.urls import reverse

                self.fields["lob_paspoort_pdf"].widget.download_url = reverse(
                    "doorstroom:lob_paspoort", kwargs={"pk": self.instance.pk}
                )
        if "advies_niveau" in self.fields:
            self.fields["advies_niveau"].widget = forms.Select(
                choices=[("", "—")] + [(n, f"niveau {n}") for n in range(1, 5)]
            )

    def service_data(self, files) -> dict:
        """The cleaned values to pass to the service: the upload only when a new file came in or it was cleared."""
        data = {naam: value for naam, value in self.cleaned_data.items() if naam not in ("versie", "lob_paspoort_pdf")}
        if "lob_paspoort_pdf" in self.fields:
            upload = self.cleaned_data.get("lob_paspoort_pdf")
            if upload is False:
                data["lob_paspoort_pdf"] = ""
            elif "lob_paspoort_pdf" in files:
                data["lob_paspoort_pdf"] = upload
        return data


class HeropenForm(Form):
    id_prefix = "heropen"  # on the page of the doorstroomformulier

    reden = forms.CharField(label="Reden van heropenen", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class BatchForm(Form):
    """A class or a selection of pupils; the queryset comes from a scoped selector."""

    leerling = forms.ModelMultipleChoiceField(
        label="Leerlingen",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Kies ten minste één leerling.",
            "invalid_choice": "Een gekozen leerling is niet beschikbaar.",
        },
    )
    omschrijving = forms.CharField(label="Omschrijving", max_length=200, required=False)

    def __init__(self, *args, leerlingen, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leerling"].queryset = leerlingen
        self.fields["leerling"].label_from_instance = lambda obj: f"{obj.volledige_naam} ({obj.klas})"
