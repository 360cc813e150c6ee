"""What every e-mail must get right, read the way a mail client does: the HTML part parsed
with a real HTML parser, compared with the plain-text part."""

from __future__ import annotations

from html.parser import HTMLParser

from django.core.mail import EmailMultiAlternatives

SIGNATURE = "\n-- \n"
VOID = {"br", "meta", "img", "hr", "input", "link", "wbr"}
# Elements a layout puts on a line of their own; inline ones (a link) join their neighbours.
BLOCKS = {"p", "br", "div", "table", "tr", "td", "th", "h1", "h2", "h3", "ul", "ol", "li", "body"}


def collapse(text: str) -> str:
    return " ".join(text.split())


class _VisibleText(HTMLParser):
    """The text a reader sees, per `data-part` region and for the whole <body>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: dict[str, list[str]] = {"all": []}
        self._stack: list[tuple[str, str | None]] = []
        self._in_body = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":
            self._in_body = True
        if tag not in VOID:
            self._stack.append((tag, dict(attrs).get("data-part")))
        if tag in BLOCKS:
            self._emit(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCKS:
            self._emit(" ")
        for index in range(len(self._stack) - 1, -1, -1):
            if self._stack[index][0] == tag:
                del self._stack[index:]
                break

    def handle_data(self, data: str) -> None:
        self._emit(data)

    def _emit(self, text: str) -> None:
        if not self._in_body:
            return
        self.parts["all"].append(text)
        for _tag, part in self._stack:
            if part:
                self.parts.setdefault(part, []).append(text)


def visible_text(html: str) -> dict[str, str]:
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    return {name: collapse("".join(chunks)) for name, chunks in parser.parts.items()}


def html_part(message: EmailMultiAlternatives) -> str:
    htmls = [content for content, mimetype in message.alternatives if mimetype == "text/html"]
    assert len(htmls) == 1, "one HTML part"
    return str(htmls[0])


def check_mail(message: EmailMultiAlternatives, greeting: str | None) -> None:
    """The HTML part shows exactly the text part; nothing shows as markup; the subject is one
    line; the mail opens with `greeting` (None: with a greeting by name)."""
    html = html_part(message)
    text, signature = message.body.split(SIGNATURE, 1)
    seen = visible_text(html)
    assert seen["body"] == collapse(text), (seen["body"], collapse(text))
    assert seen["footer"] == collapse(signature), (seen["footer"], collapse(signature))
    for shown in (seen["all"], message.body):
        for markup in ("<p>", "<p ", "</p>", "<br", "&lt;", "&gt;", "&amp;", "&#"):
            assert markup not in shown, f"{markup!r} shows as text"
    assert "<p" in html  # paragraphs are markup, not text
    assert "\r" not in message.subject and "\n" not in message.subject
    message.message()  # builds every header; a line break in one would raise here
    first_line = text.strip().splitlines()[0]
    if greeting is None:
        assert first_line.startswith("Beste ") and first_line.endswith(","), first_line
    else:
        assert first_line == greeting, (first_line, greeting)
