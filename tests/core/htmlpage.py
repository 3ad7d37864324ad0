"""A page's HTML read with the standard library's parser: what the form tests look at (ids,
labels with their text, inputs with their attributes, the title, the error summary's links)."""

from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    text: str = ""
    # Ids of the enclosing elements, innermost last.
    parents: list[str] = field(default_factory=list)


class Page(HTMLParser):
    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.ids: Counter[str] = Counter()
        self._open: list[Element] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {k: v or "" for k, v in attrs}, parents=[e.tag for e in self._open])
        self.elements.append(element)
        if element.attrs.get("id"):
            self.ids[element.attrs["id"]] += 1
        if tag not in VOID:
            self._open.append(element)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self._open and self._open[-1].tag == tag:
            self._open.pop()

    def handle_endtag(self, tag):
        for i in range(len(self._open) - 1, -1, -1):
            if self._open[i].tag == tag:
                del self._open[i:]
                return

    def handle_data(self, data):
        for element in self._open:
            element.text += data

    # --- what the tests ask -------------------------------------------------------------------

    @property
    def title(self) -> str:
        return " ".join(next(e.text for e in self.elements if e.tag == "title").split())

    def by_id(self, id_: str) -> Element:
        return next(e for e in self.elements if e.attrs.get("id") == id_)

    def has_id(self, id_: str) -> bool:
        return self.ids[id_] > 0

    def label_for(self, id_: str) -> str:
        return " ".join(next(e.text for e in self.elements if e.tag == "label" and e.attrs.get("for") == id_).split())

    def duplicate_ids(self) -> list[str]:
        return sorted(i for i, n in self.ids.items() if n > 1)

    def summaries(self) -> list[Element]:
        return [e for e in self.elements if "data-error-summary" in e.attrs]

    def summary_links(self) -> list[str]:
        return [e.attrs["href"][1:] for e in self.elements if "data-error-link" in e.attrs]

    def fields(self) -> list[Element]:
        return [
            e
            for e in self.elements
            if e.tag in ("input", "select", "textarea") and e.attrs.get("type") not in ("hidden", "submit")
        ]
