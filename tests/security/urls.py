"""Every URL of the project, with the kwargs the permission matrix gives for it."""

from django.urls import get_resolver, reverse

from .matrix import EXCLUDED_NAMESPACES, MATRIX


def all_url_names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    names = set()
    for pattern in resolver.url_patterns:
        if hasattr(pattern, "url_patterns"):
            ns = pattern.namespace or ""
            if ns in EXCLUDED_NAMESPACES:
                continue
            names |= all_url_names(pattern, f"{namespace}{ns}:" if ns else namespace)
        elif pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def first_rows():
    """One matrix row per URL name (the first), so that its kwargs builder can be used."""
    rows = {}
    for r in MATRIX:
        rows.setdefault(r["name"], r)
    return rows


def all_urls(world):
    """(name, url, matrix row) for every URL name, kwargs built against `world`."""
    rows = first_rows()
    return [(name, reverse(name, kwargs=rows[name]["kwargs"](world)), rows[name]) for name in sorted(all_url_names())]
