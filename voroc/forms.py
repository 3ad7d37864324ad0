"""How every form renders and what it says when something is missing, written once.

- `FormRenderer` (settings.FORM_RENDERER) renders `{{ form }}` and `{{ field.as_field_group }}`
  with the templates in templates/forms/: a label with its "(verplicht)" marker inside it, the
  hint and the error tied to the input by aria-describedby, aria-required and aria-invalid, a
  fieldset with a legend for a group of radio buttons or checkboxes, NL Design System (Utrecht)
  class names, and an error summary at the top of a form with errors (templates/forms/
  error_summary.html, focused on load by static/js/voroc.js).
- `Form` and `ModelForm` (the base of every form of the project) replace Django's "Dit veld is
  verplicht." by a message that says what is missing ("Vul de achternaam in.", "Kies een
  opleiding."), built from the field's label unless the form says it itself in error_messages.
  They leave the browser's own check of required fields off: it would stop the submit with a
  bubble that a screen reader user may miss, before the page could list what is wrong.
"""

import re

from django import forms
from django.forms.boundfield import BoundField as DjangoBoundField
from django.forms.renderers import TemplatesSetting
from django.forms.utils import pretty_name
from django.forms.widgets import Input

REQUIRED_MARKER = "verplicht"

# Utrecht class names per kind of input; the "look" stylesheet styles them.
_WIDGET_CLASSES: tuple[tuple[type[forms.Widget], str], ...] = (
    (forms.CheckboxSelectMultiple, "utrecht-checkbox utrecht-checkbox--html-input"),
    (forms.RadioSelect, "utrecht-radio-button utrecht-radio-button--html-input"),
    (forms.CheckboxInput, "utrecht-checkbox utrecht-checkbox--html-input"),
    (forms.Textarea, "utrecht-textarea utrecht-textarea--html-textarea"),
    (forms.Select, "utrecht-select utrecht-select--html-select"),
    (forms.FileInput, "voroc-file-input"),
    (Input, "utrecht-textbox utrecht-textbox--html-input"),
)


def widget_class(widget: forms.Widget) -> str:
    for kind, css in _WIDGET_CLASSES:
        if isinstance(widget, kind):
            return css
    return ""


class BoundField(DjangoBoundField):
    """Django's bound field plus the attributes and names the templates in templates/forms/ use."""

    def build_widget_attrs(self, attrs, widget=None):
        widget = widget or self.field.widget
        attrs = super().build_widget_attrs(attrs, widget)
        if widget.is_hidden:
            return attrs
        css = widget_class(widget)
        if css:
            if self.errors:
                css += " " + css.split()[0] + "--invalid"
            attrs["class"] = " ".join(filter(None, (widget.attrs.get("class", ""), attrs.get("class", ""), css)))
        # A group's radio buttons do not carry aria-required; its legend says "(verplicht)".
        if self.field.required and not self.use_fieldset:
            attrs["aria-required"] = "true"
        return attrs

    @property
    def marker(self) -> str:
        """The text in brackets after the label: the form's own (`markers`), else "verplicht"."""
        own = getattr(self.form, "markers", {}).get(self.name)
        if own:
            return own
        return REQUIRED_MARKER if self.field.required else ""

    @property
    def kind(self) -> str:
        """The kind of field, for the wrapper's modifier class (utrecht-form-field--<kind>)."""
        widget = self.field.widget
        if isinstance(widget, forms.CheckboxInput):
            return "checkbox"
        if isinstance(widget, forms.RadioSelect):
            return "radio"
        if isinstance(widget, forms.CheckboxSelectMultiple):
            return "checkboxes"
        if isinstance(widget, forms.Textarea):
            return "textarea"
        if isinstance(widget, forms.Select):
            return "select"
        return "text"

    @property
    def error_id(self) -> str:
        # The id Django's aria_describedby points at.
        return f"{self.auto_id}_error" if self.auto_id else ""

    @property
    def helptext_id(self) -> str:
        return f"{self.auto_id}_helptext" if self.auto_id else ""

    @property
    def target_id(self) -> str:
        """The id an error summary links to: the input, or a group's first option."""
        if self.use_fieldset:
            return f"{self.auto_id}_0" if self.auto_id else ""
        return self.id_for_label


class FormRenderer(TemplatesSetting):
    """settings.FORM_RENDERER: the project's templates for forms and fields."""

    form_template_name = "forms/div.html"
    field_template_name = "forms/field.html"
    bound_field_class = BoundField


# Neuter words among the nouns of our labels ("het e-mailadres"); a compound takes the gender of
# its last part, so a suffix match covers "huisnummer", "telefoonnummer", "wachtwoord", ...
_HET = (
    "adres",
    "nummer",
    "woord",
    "bericht",
    "niveau",
    "resultaat",
    "bestand",
    "advies",
    "jaar",
    "paspoort",
    "percentage",
    "profiel",
    "diploma",
    "moment",
    "formulier",
    "besluit",
    "uur",
    "kenmerk",
    "onderwerp",
    "token",
    "bsn",
)


def _lower_first(text: str) -> str:
    # "Achternaam" -> "achternaam", but "BSN" and "LOB-activiteiten" keep their capitals.
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def _without_brackets(label) -> str:
    # "Aanmelddeadline (toelatingsrecht)" -> "Aanmelddeadline"
    return re.sub(r"\s*\([^)]*\)", "", str(label)).strip().rstrip(":").strip()


def _noun(label) -> str:
    return _lower_first(_without_brackets(label))


def lidwoord(noun: str) -> str:
    """'de' or 'het' for a label's noun: the head is its first word, after an adjective in -e."""
    words = noun.split()
    head = words[0] if words else ""
    if len(words) > 1 and head.endswith("e") and not head.endswith(("ie", "ee")):
        head = words[1]
    return "het" if head.lower().endswith(_HET) else "de"


def required_message(field: forms.Field, name: str = "") -> str:
    """What a required field says when it was left empty, made from its label."""
    noun = _noun(field.label or pretty_name(name))
    if not noun:
        return "Vul dit veld in."
    if isinstance(field, forms.BooleanField):
        return f"Vink aan: {noun}."
    if isinstance(field, forms.FileField):
        return "Kies een bestand." if noun.startswith("bestand") else f"Kies een bestand: {noun}."
    if isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
        return f"Kies {noun}."
    if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
        return f"Kies een {noun}."
    if isinstance(field, forms.DateField) and "datum" not in noun:
        return f"Vul de datum in bij ‘{_without_brackets(field.label or pretty_name(name))}’."
    return f"Vul {lidwoord(noun)} {noun} in."


_GENERIC_REQUIRED = forms.Field.default_error_messages["required"]


class FormMixin:
    """Every required field says what is missing (forms may say it themselves in error_messages),
    and a form that shares its page with others sets `id_prefix`, so that every id on the page
    is unique and every label points at one input (the field names stay as they are)."""

    use_required_attribute = False
    id_prefix = ""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        if self.id_prefix:
            kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)

    def full_clean(self):
        # Here rather than in __init__: a subclass may add fields or change labels after it.
        for name, field in self.fields.items():
            # Django's own message object: the form did not choose one (identity, not text).
            if field.error_messages.get("required") is _GENERIC_REQUIRED:
                field.error_messages["required"] = required_message(field, name)
        super().full_clean()


class Form(FormMixin, forms.Form):
    pass


class ModelForm(FormMixin, forms.ModelForm):
    pass


def forms_with_errors(values) -> list[forms.BaseForm]:
    """The forms among `values` that were validated and have errors. It reads `_errors` rather
    than `errors` so that it never validates a form itself (no queries, no side effects)."""
    return [v for v in values if isinstance(v, forms.BaseForm) and v.is_bound and getattr(v, "_errors", None)]
