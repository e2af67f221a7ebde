"""Reading rendered pages as a reader meets them: parsed HTML (BeautifulSoup), by element and text,
never with regular expressions. Every test that reads HTML uses these."""

from bs4 import BeautifulSoup


def parse(response):
    """A response's HTML (or the HTML itself), parsed. lxml for speed: it wraps a fragment in
    <html>, so `is_whole_document` reads with html.parser instead."""
    return BeautifulSoup(getattr(response, "text", response), "lxml")


def is_whole_document(response):
    """A full page, not an htmx partial."""
    return BeautifulSoup(response.text, "html.parser").html is not None


def text_of(node):
    """An element's text as a reader meets it: whitespace collapsed."""
    return " ".join(node.get_text(" ").split())


def visible_text(response):
    """All the text a page shows (not its scripts and styles)."""
    document = parse(response)
    for node in document(["script", "style"]):
        node.decompose()
    return text_of(document)


def element_text(response, anchor):
    """The text of the element with this id (the map's sections are <section id=…>)."""
    node = parse(response).find(id=anchor)
    assert node is not None, f"no element #{anchor}"
    return text_of(node)
