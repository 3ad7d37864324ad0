"""Hostile input for forms and imports (SECURITY.md R10): a reusable helper.

`assert_rejects_hostile(client, url, valid_data, fields)` posts `valid_data` with each field in
turn replaced by each hostile value, and asserts: never a 500, no unescaped script in the answer,
and (when `count` is given) that nothing was written for the values a form must refuse.
`assert_cells_neutralised(rows)` checks an export: no cell starts with = + - @ (or tab/CR).
"""

LONG = "A" * 10_000
SCRIPT = "<script>alert('x')</script>"
HOSTILE = {
    "overlong": LONG,
    "nul": "abc\x00def",
    "control": "abc\x1b[31mdef\x07",
    "newline": "abc\r\ndef",
    "script": SCRIPT,
    "formula_eq": "=HYPERLINK(\"http://evil.example\",\"klik\")",
    "formula_plus": "+31612345678+cmd|' /C calc'!A0",
    "formula_minus": "-2+3+cmd|' /C calc'!A0",
    "formula_at": "@SUM(1+1)*cmd|' /C calc'!A0",
    "rtl_override": "abc\u202edef",
    "sql": "' OR '1'='1' --",
    "emoji": "😀" * 50,
}
# Values every free-text field must refuse (they never belong in a name, code or address).
MUST_REFUSE = ("overlong", "nul", "control", "script")
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def assert_rejects_hostile(client, url, valid_data, fields, *, count=None, allowed_status=(200, 302, 400, 403, 404,
                                                                                             409, 410, 429)):
    """`count` (optional): a callable returning the number of rows the form would write."""
    for field in fields:
        for kind, value in HOSTILE.items():
            before = count() if count else None
            data = {**valid_data, field: value}
            response = client.post(url, data)
            assert response.status_code != 500, f"{url} {field}={kind}: server error"
            assert response.status_code in allowed_status, f"{url} {field}={kind}: {response.status_code}"
            body = response.content.decode(errors="replace")
            assert SCRIPT not in body, f"{url} {field}={kind}: unescaped script in the answer"
            if count and kind in MUST_REFUSE:
                assert count() == before, f"{url} {field}={kind}: hostile value was written"


def assert_cells_neutralised(rows):
    """Every text cell of an export that starts with a formula character has a leading quote."""
    for row in rows:
        for cell in row:
            if isinstance(cell, str) and cell:
                assert not cell.startswith(FORMULA_PREFIXES), f"formula injection in export cell {cell!r}"
