"""Hostile input for forms and imports: a reusable helper.

`assert_rejects_hostile(client, url, valid_data, fields)` posts `valid_data` with each field in
turn replaced by each hostile value and asserts, for every answer: never a 500, no unescaped
script, and that the form was really reached (200, 302 or 400: never a 403, 404 or lock-out page
that would mean the value was never looked at). A value the form must refuse (`refuse`, by
default MUST_REFUSE) must come back as the form with an error on it (200 or 400, a bound form
with errors in the page's context; or, on a page that redirects after every post, a redirect
with an error message) and, when `count` is given, with nothing written. A NUL byte
is refused before any view by a middleware: its request must get that 400 page, nothing else.

`mirror` copies the hostile value into a second field (a repeated password); `after(response)`
runs after each post (to undo what an accepted value changed). Planted-bug check: with the
status list of the first version (302/403/404/429 allowed, no form check) the reauth and
password-change cases passed while they only reached the lock-out page or a redirect; now
`test_the_helper_notices_a_form_that_is_never_reached` fails for such a page.

`assert_cells_neutralised(rows)` checks an export: no cell starts with = + - @ (or tab/CR).
"""

from django.forms import BaseForm

LONG = "A" * 10_000
SCRIPT = "<script>alert('x')</script>"
HOSTILE = {
    "overlong": LONG,
    "nul": "abc\x00def",
    "control": "abc\x1b[31mdef\x07",
    "newline": "abc\r\ndef",
    "script": SCRIPT,
    "formula_eq": '=HYPERLINK("http://evil.example","klik")',
    "formula_plus": "+31612345678+cmd|' /C calc'!A0",
    "formula_minus": "-2+3+cmd|' /C calc'!A0",
    "formula_at": "@SUM(1+1)*cmd|' /C calc'!A0",
    "rtl_override": "abc\u202edef",
    "sql": "' OR '1'='1' --",
    "emoji": "😀" * 50,
}
# Values every free-text field must refuse (they never belong in a name, code or address).
MUST_REFUSE = ("overlong", "control", "script")
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
NUL_PAGE = "Dit verzoek kunnen we niet verwerken"


def _form_errors(response) -> dict:
    """The errors of the bound form(s) the page was rendered with."""
    errors = {}
    for context in response.context or []:
        for value in context.flatten().values() if hasattr(context, "flatten") else context.values():
            if isinstance(value, BaseForm) and value.is_bound and value.errors:
                errors.update(value.errors)
    return errors


def _error_messages(response) -> list:
    from django.contrib.messages import ERROR, get_messages

    return [m for m in get_messages(response.wsgi_request) if m.level == ERROR]


def assert_rejects_hostile(client, url, valid_data, fields, *, count=None, refuse=MUST_REFUSE, mirror=None, after=None):
    """`count` (optional): a callable returning the number of rows the form would write."""
    mirror = mirror or {}
    for field in fields:
        for kind, value in HOSTILE.items():
            before = count() if count else None
            data = {**valid_data, field: value}
            if field in mirror:
                data[mirror[field]] = value
            response = client.post(url, data)
            where = f"{url} {field}={kind}"
            assert response.status_code != 500, f"{where}: server error"
            body = response.content.decode(errors="replace")
            assert SCRIPT not in body, f"{where}: unescaped script in the answer"
            if kind == "nul":
                assert response.status_code == 400 and NUL_PAGE in body, f"{where}: {response.status_code}"
                continue
            assert response.status_code in (200, 302, 400), f"{where}: {response.status_code}, the form was not reached"
            if kind in refuse:
                if response.status_code == 302:  # post-redirect-get pages report a refusal as a message
                    assert _error_messages(response), f"{where}: accepted (302 without an error message)"
                else:
                    assert _form_errors(response), f"{where}: the page shows no form error"
                if count:
                    assert count() == before, f"{where}: hostile value was written"
            if after:
                after(response)


def assert_cells_neutralised(rows):
    """Every text cell of an export that starts with a formula character has a leading quote."""
    for row in rows:
        for cell in row:
            if isinstance(cell, str) and cell:
                assert not cell.startswith(FORMULA_PREFIXES), f"formula injection in export cell {cell!r}"
