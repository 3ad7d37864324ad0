"""Template tags of the form renderer (voroc/forms.py); registered in settings.TEMPLATES as
"formulieren" because voroc itself is not an installed app."""

from django import template

from voroc.forms import forms_with_errors

register = template.Library()


@register.inclusion_tag("forms/error_summary.html")
def foutoverzicht(form):
    """The error summary of one form: every error once, linked to its field where it has one."""
    if not form.is_bound or not getattr(form, "_errors", None):
        return {"fouten": []}
    fouten = [(None, str(error)) for error in form.non_field_errors()]
    for bf in form:
        for error in bf.errors:
            if bf.is_hidden:
                fouten.append((None, str(error)))
            else:
                fouten.append((bf.target_id, str(error)))
    auto_id = form.auto_id if isinstance(form.auto_id, str) and "%s" in form.auto_id else "id_%s"
    return {"fouten": fouten, "summary_id": auto_id % form.add_prefix("foutoverzicht")}


@register.simple_tag(takes_context=True)
def fout_titel(context) -> str:
    """ "Fout: " before the page title when a form on the page has errors."""
    return "Fout: " if forms_with_errors(context.flatten().values()) else ""
