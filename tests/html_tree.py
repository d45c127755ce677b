"""A small element tree of an HTML page, built with the standard library's ``html.parser``
(not with anything maintwin writes), so that tests can find elements by id, class and
attribute and read their text as a browser would show it (character references decoded).
Every element but the void ones must be closed, in order: the pages maintwin writes and the
DOM Chromium dumps both are."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

__all__ = ["Element", "parse"]

VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
    | {"track", "wbr"}
)
"""The elements without an end tag."""


@dataclass
class Element:
    """One element: its tag, attributes (values decoded), children (elements and texts)."""

    tag: str
    attrs: dict[str, str | None]
    children: list[Element | str] = field(default_factory=list)

    def iter(self) -> Iterator[Element]:
        """This element and every element inside it, in document order."""
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter()

    def find_all(self, test: Callable[[Element], bool]) -> list[Element]:
        return [e for e in self.iter() if test(e)]

    def tagged(self, tag: str) -> list[Element]:
        """The elements ``<tag>`` in this one (itself too), in document order."""
        return self.find_all(lambda e: e.tag == tag)

    def by_id(self, wanted: str) -> Element:
        [found] = self.find_all(lambda e: e.attrs.get("id") == wanted)
        return found

    def by_class(self, name: str, tag: str | None = None) -> list[Element]:
        return self.find_all(lambda e: name in e.classes and (tag is None or e.tag == tag))

    @property
    def classes(self) -> list[str]:
        return (self.attrs.get("class") or "").split()

    @property
    def hidden(self) -> bool:
        return "hidden" in self.attrs

    def text(self) -> str:
        """The text inside, with runs of white space folded to one space."""
        return " ".join("".join(self._texts()).split())

    def _texts(self) -> Iterator[str]:
        for child in self.children:
            if isinstance(child, str):
                yield child
            else:
                yield from child._texts()


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, dict(attrs))
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Element(tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        open_tags = [e.tag for e in self.stack]
        assert open_tags[-1] == tag, f"</{tag}> does not close the open <{open_tags[-1]}>"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(page: str) -> Element:
    """The document element tree of ``page``."""
    builder = _Builder()
    builder.feed(page)
    builder.close()
    assert len(builder.stack) == 1, f"left open: {[e.tag for e in builder.stack[1:]]}"
    return builder.root
