"""The UI is Dutch only and written as plain literals (docs/adr/0011): no gettext in our code.

Django's own messages stay Dutch through LANGUAGE_CODE; our code neither imports
django.utils.translation nor uses the i18n template library.
"""

import ast
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.template.base import Lexer, TokenType

ROOT = Path(settings.BASE_DIR)
SKIP = {".venv", "venv", "node_modules", ".git", "migrations", "__pycache__", "var"}
I18N_TAGS = {"trans", "translate", "blocktrans", "blocktranslate", "plural", "endblocktrans", "endblocktranslate"}


def project_files(*suffixes):
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = [d for d in dirs if d not in SKIP]  # never descend into a virtualenv or migrations
        for name in files:
            path = Path(folder, name)
            if path.suffix in suffixes:
                yield path, path.relative_to(ROOT).parts


def translation_imports(source):
    """Line numbers of imports of django.utils.translation (or of names from it)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module.startswith("django.utils.translation") or (
                node.module == "django.utils" and any(a.name == "translation" for a in node.names)
            ):
                found.append(node.lineno)
        elif isinstance(node, ast.Import) and any(a.name.startswith("django.utils.translation") for a in node.names):
            found.append(node.lineno)
    return found


def i18n_uses(source):
    """Line numbers of {% load i18n %}, translate tags and _("...") in a template."""
    found = []
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            bits = token.split_contents()
            if bits[0] in I18N_TAGS or (bits[0] == "load" and "i18n" in bits[1:]):
                found.append(token.lineno)
            elif '_("' in token.contents or "_('" in token.contents:
                found.append(token.lineno)
        elif token.token_type == TokenType.VAR and ('_("' in token.contents or "_('" in token.contents):
            found.append(token.lineno)
    return found


def test_no_python_module_uses_gettext():
    offenders = [
        f"{path.relative_to(ROOT)}:{line}"
        for path, _parts in project_files(".py")
        for line in translation_imports(path.read_text(encoding="utf-8"))
    ]
    assert offenders == [], "write the Dutch text as a plain literal, without gettext: " + ", ".join(offenders)


def test_no_template_uses_the_i18n_library():
    templates = [(path, parts) for path, parts in project_files(".html", ".txt") if "templates" in parts]
    assert len(templates) > 50  # the walk really finds the templates
    offenders = [
        f"{path.relative_to(ROOT)}:{line}"
        for path, _parts in templates
        for line in i18n_uses(path.read_text(encoding="utf-8"))
    ]
    assert offenders == [], "write the Dutch text in the template itself, without i18n tags: " + ", ".join(offenders)


def test_the_checks_recognise_what_they_forbid():
    assert translation_imports("from django.utils.translation import gettext_lazy as _\n") == [1]
    assert translation_imports("def f():\n    from django.utils import timezone, translation\n") == [2]
    assert translation_imports("import django.utils.translation\nx = 'django.utils.translation'\n") == [1]
    assert translation_imports("from django.utils import timezone\n") == []
    assert i18n_uses('{% load static i18n %}\n{% translate "x" %}') == [1, 2]
    assert i18n_uses("{% blocktranslate count n=a %}{{ n }}{% plural %}{{ n }}{% endblocktranslate %}") == [1, 1, 1]
    assert i18n_uses('{{ x|default:_("geen") }}{% load static %}<p>_("tekst")</p>') == [1]


def test_django_itself_still_speaks_dutch():
    assert settings.LANGUAGE_CODE == "nl" and settings.USE_I18N
    with pytest.raises(ValidationError) as error:
        validate_email("geen e-mailadres")
    assert error.value.messages == ["Voer een geldig e-mailadres in."]
