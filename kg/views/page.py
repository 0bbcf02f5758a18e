"""One self-contained HTML page, and how ``kg serve`` sends it (no graph reading here).

:func:`render_page` inlines the CSS and scripts, embeds the data as escaped JSON
(:func:`embed_json`) and sets a Content-Security-Policy that allows exactly those scripts and no
request; :func:`served_page` is the same page as ``kg serve`` sends it, its endpoint named and
``connect-src 'self'``. :mod:`kg.views.common` builds the data and re-exports these.
"""
from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from importlib import resources
from pathlib import Path

__all__ = ["ENDPOINT_META", "embed_json", "asset_text", "vis_network_js", "served_page", "render_page", "write_text"]

_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def embed_json(obj) -> str:
    """JSON safe inside a <script> element: no '<', '>' or '&' (so no '</script>' nor '<!--'),
    and no U+2028/U+2029. Deterministic: keys sorted, no whitespace."""
    text = json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)
    return re.sub("[<>&\u2028\u2029]", lambda m: _JSON_ESCAPES[m.group()], text)


def asset_text(name: str) -> str:
    """A file of kg/views/assets/ (our own JS and CSS)."""
    return resources.files("kg.views").joinpath("assets", name).read_text(encoding="utf-8")


def vis_network_js() -> str:
    """vis-network as pyvis ships it (standalone UMD build, Apache-2.0/MIT), to be inlined."""
    return resources.files("pyvis").joinpath("templates", "lib", "vis-9.1.2", "vis-network.min.js").read_text(
        encoding="utf-8")


# The page's link to a SPARQL endpoint: empty in the files ``kg build`` writes (the page shows its
# sample, connects nowhere); ``kg serve`` fills it in and opens connect-src to its own origin
# (:func:`served_page`), and the page then pages through the whole store (assets/store.js).
ENDPOINT_META = '<meta name="hadath-endpoint" content="">'
_CONNECT_NONE = "connect-src 'none'"


def served_page(page: str, endpoint: str) -> str:
    """A page written by :func:`render_page` as ``kg serve`` sends it: the endpoint named in its
    ``hadath-endpoint`` meta and ``connect-src 'self'`` in its Content-Security-Policy, so its
    script may query that endpoint on the same origin, and nothing else. Only the page's own
    ``<head>`` is touched (graph text lives in the body, as escaped JSON). ``endpoint`` is a path
    relative to the page (``sparql``)."""
    if not re.fullmatch(r"[a-z]+", endpoint):
        raise ValueError(f"endpoint must be a plain relative path such as 'sparql', not {endpoint!r}")
    cut = page.find("</head>")
    if cut < 0 or ENDPOINT_META not in page[:cut] or _CONNECT_NONE not in page[:cut]:
        return page  # not one of our pages: sent as it is
    head = page[:cut].replace(ENDPOINT_META, ENDPOINT_META.replace('content=""', f'content="{endpoint}"'), 1)
    head = head.replace(_CONNECT_NONE, "connect-src 'self'", 1)
    return head + page[cut:]



def render_page(*, title: str, body: str, css: list[str], scripts: list[str], data: dict) -> str:
    """One self-contained page: inline CSS and JS, the data as escaped JSON, a Content-Security-Policy
    that allows only these exact scripts (by hash) and no request of any kind."""
    for code in scripts:
        if re.search(r"</script|<!--", code, re.I):
            raise ValueError("an inline script would end its <script> element early")
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode() + "'"
        for code in scripts)
    csp = (f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; img-src data:; "
           "font-src data:; connect-src 'none'; base-uri 'none'; form-action 'none'")
    parts = [
        "<!DOCTYPE html>\n<html lang=\"ar\" dir=\"rtl\">\n<head>\n<meta charset=\"utf-8\">\n",
        f"<meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">\n",
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
        "<meta name=\"referrer\" content=\"no-referrer\">\n",
        ENDPOINT_META + "\n",
        f"<title>{html.escape(title)}</title>\n",
        "".join(f"<style>\n{c}\n</style>\n" for c in css),
        "</head>\n<body>\n",
        body.replace("{{TITLE}}", html.escape(title)),
        f"\n<script type=\"application/json\" id=\"hadath-data\">{embed_json(data)}</script>\n",
        "".join(f"<script>{code}</script>\n" for code in scripts),
        "</body>\n</html>\n",
    ]
    return "".join(parts)


def write_text(path: Path, text: str) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")
