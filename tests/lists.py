"""Checks every list test makes (voroc/lists.py): sort both ways, an unknown sort key falls back,
paging keeps the filters, and the query count does not grow with the rows."""

from __future__ import annotations

import re

import voroc.lists


def small_pages(monkeypatch, size=2):
    """A few rows a page, so paging shows with a handful of rows."""
    monkeypatch.setattr(voroc.lists, "PAGE_SIZE", size)


def rows(response, attr="pk"):
    """The rows of the page shown, as `attr` of each object."""
    return [getattr(obj, attr) if attr else obj for obj in response.context["lijst"].page]


def check_sort(client, url, key, attr, *, params=None, expected=None):
    """`sort=key` orders ascending, `sort=-key` descending; the header says which (aria-sort).
    `expected` is the ascending order of `attr` when the caller knows it."""
    params = dict(params or {})
    up = client.get(url, {**params, "sort": key})
    down = client.get(url, {**params, "sort": f"-{key}"})
    assert up.status_code == down.status_code == 200
    asc, desc = rows(up, attr), rows(down, attr)
    assert len(asc) >= 2, "a sort test needs at least two rows"
    assert asc == list(reversed(desc)), (asc, desc)
    if expected is not None:
        assert asc == expected
    assert re.search(r'aria-sort="ascending"><a href="\?[^"]*sort=-' + re.escape(key), up.content.decode())
    assert re.search(r'aria-sort="descending"><a href="\?[^"]*sort=' + re.escape(key), down.content.decode())
    return asc


def check_unknown_sort(client, url, attr="pk", *, params=None):
    """An unknown sort key is ignored: the default order, no error page."""
    params = dict(params or {})
    default = client.get(url, params)
    hostile = client.get(url, {**params, "sort": "wachtwoord"})
    also = client.get(url, {**params, "sort": "-pk,__class__"})
    assert default.status_code == hostile.status_code == also.status_code == 200
    assert rows(hostile, attr) == rows(default, attr) == rows(also, attr)


def check_paging_keeps_filters(client, url, params, *, per_page=2):
    """Page links keep every filter and the sort, and page 2 still obeys the filter."""
    first = client.get(url, params)
    body = first.content.decode()
    assert 'aria-label="Paginering"' in body and "Volgende" in body
    link = re.search(r'<a href="(\?[^"]*)" rel="next"', body).group(1).replace("&amp;", "&")
    for name, value in params.items():
        assert f"{name}={value}" in link, (name, link)
    assert "page=2" in link
    second = client.get(url + link)
    assert second.status_code == 200 and "Vorige" in second.content.decode()
    assert second.context["lijst"].page.number == 2
    return first, second


def check_tenfold(client, url, add, assert_max_queries, *, n=5, params=None, most=40):
    """N rows, then 10N (`add(k)` adds k rows the list shows): the page costs no more queries
    the second time, and the rows are really on the list (the paginator counts them all)."""
    from django.db import connection

    add(n)
    # The capture is a slice of the connection's log, which holds 9,000 entries: start it empty.
    connection.queries_log.clear()
    with assert_max_queries(most) as few:
        small = client.get(url, params or {})
    bound = len(few.captured_queries)  # a slice of the log: take it before the log moves on
    add(9 * n)
    connection.queries_log.clear()
    with assert_max_queries(bound):
        big = client.get(url, params or {})
    assert small.status_code == big.status_code == 200
    before, after = (r.context["lijst"].page.paginator.count for r in (small, big))
    assert before >= n and after - before == 9 * n, (before, after)
    return big
