"""How goalfolio reads a link written in content, in a body or under `links:`: one that
leaves the site (a scheme, or only an anchor) is used as written; any other is a path from
the site root, which each page turns into a link relative to itself.

A leaf module, without the models or markdown-it: the Markdown workers, the site graph's
checks and the pages all read links the same way.
"""

from __future__ import annotations

import functools
import os
import posixpath
import re
import unicodedata
import urllib.parse
from collections.abc import Collection

# `./assets/` and `../assets/` forms are what a body written for one page depth, or in an
# editor's preview beside content/, would use; they name the same files.
ASSET_PREFIXES = ("assets/", "./assets/", "../assets/", "../../assets/")
# The files a build writes at the site root besides its pages (sitepages/feeds.py, notfound.py).
SITE_FILES = frozenset({"404.html", "calendar.ics", "feed.xml", "portfolio.json", "robots.txt", "sitemap.xml"})
# Link problems that are warnings: the link may work in the build that is published (a
# sitemap is written by the public build of a site with an address, which `--base-url` may give).
WARNING_CODES = frozenset({"no-sitemap"})


def leaves_the_site(href: str) -> bool:
    """A link with a scheme (`https:`, `mailto:`) or only an anchor is used as written."""
    return href.startswith("#") or ":" in href.split("/", 1)[0]


def is_site_path(href: str) -> bool:
    """A path from the site root (`goals/lead-team/`, `assets/slides.pdf`). Not one from a
    page's own folder (`./x`, `../x`), which differs from page to page, nor one from the
    server's root (`/x`, refused elsewhere), nor a query alone."""
    return bool(href) and not leaves_the_site(href) and not href.startswith(("/", ".", "?"))


def may_link(body: str, allow_html: bool = False) -> bool:
    """Only a body with `](` (a link or an image) or `]:` (a reference definition), with
    `<` where raw HTML is rendered, or with an autolink by `http:` or `https:`, which may
    be the site's own address (`<https://me.example/portfolio/evidence/x/>`), can link to
    a file or a page of the site: the others need not be searched for links."""
    return "](" in body or "]:" in body or "<" in body and (allow_html or _WEB_AUTOLINK_RE.search(body) is not None)


_WEB_AUTOLINK_RE = re.compile(r"<https?:", re.IGNORECASE)


def unmade_file(target: str) -> bool:
    """A link to a file that no build writes, read from the site root with `./` and `../`
    dropped: one whose name has an extension, outside `assets/` (checked file by file) and
    the theme's `static/`, and neither a page (`index.html`) nor a file of `SITE_FILES`.
    Only content/assets/ is copied to the site, so `missing.png` or `./cv.pdf` in a body
    would be written broken on every page, whatever its depth."""
    read = as_browsers_read(target)
    if read is None:
        return False
    path = posixpath.normpath("/" + urllib.parse.unquote(read[0])).lstrip("/")
    name = path.rpartition("/")[2]
    if "." not in name or name == "index.html" or path in SITE_FILES:
        return False
    return path.partition("/")[0] not in ("assets", "static")


def from_site_root(target: str) -> str:
    """`target` as a link from the site root, for a hint: without the `/`, `./` or `../` it
    starts with, and in `assets/` if it names a file the site would not have."""
    path = _LEADING_RE.sub("", target)
    return "assets/" + path if unmade_file(path) else path


_LEADING_RE = re.compile(r"^(?:/|\./|\.\./)+")


def asset_name(target: str) -> str | None:
    """The file in content/assets/ that a link or image target names, or None.

    markdown-it percent-encodes targets (`my%20slides.pdf`) as UTF-8; the name is decoded
    as the file system decodes the names it lists, so `café.svg` is found in any locale."""
    for prefix in ASSET_PREFIXES:
        if target.startswith(prefix):
            return os.fsdecode(urllib.parse.unquote_to_bytes(target[len(prefix):].split("#")[0].split("?")[0]))
    return None


def missing_asset(what: str, written: str, name: str, assets: Collection[str], hint: str | None = None) -> tuple[str, str]:
    """(message, hint) for `written`, which names `name`, a file content/assets/ does not
    have; the hint, unless given, is where the file goes (the path is written as it should
    be: `assets/...`). A file there may have the same name in another Unicode form: `é` as
    one character, or as `e` and a combining accent, as macOS writes names. They look alike,
    but a web server takes them for two names, and the page's link would be broken."""
    wanted = unicodedata.normalize("NFC", name)
    other = None if name.isascii() else next((a for a in sorted(assets) if unicodedata.normalize("NFC", a) == wanted), None)
    if other is None:
        return f"the {what} `{written}` is not in content/assets/", hint or f"put the file at content/assets/{name}, or correct the path"
    form = "each as a letter and a combining mark" if other == unicodedata.normalize("NFD", other) else "each as one character"
    return (f"the {what} `{written}` is not in content/assets/: the file `{other}` there writes its accents another way "
            f"({form}), and a web server takes the two for different names"), \
        "rename the file by typing its name again (macOS may write accents as combining marks), or copy its name into the path"


# What a browser drops from an address before reading it: spaces around it, tabs and line
# breaks anywhere in it.
_URL_SPACE_RE = re.compile(r"^[\x00-\x20]+|[\x00-\x20]+$|[\t\n\r]")


def _typed_address(target: str) -> str:
    """A link's target as a browser takes it: without the spaces and control characters
    around it or the line breaks and tabs in it, and with `/` for `\\`."""
    return _URL_SPACE_RE.sub("", target).replace("\\", "/")


# `http:` or `https:` without `//` after it, which a browser reads on a page of that scheme
# as the address after the colon, from the page (WHATWG URL's "special relative or
# authority state"): `https:../secret/` on an https page, `http:` in the http preview.
_SCHEME_WITHOUT_HOST_RE = re.compile(r"https?:(?!//)", re.IGNORECASE)


def as_browsers_read(target: str, on_same_scheme: bool = False) -> tuple[str, str] | None:
    """A link written as it is (raw HTML, or Markdown starting with `./`) as a browser
    reads it: without spaces around it, with `/` for `\\`, split into the path and what
    follows it (`?query`, `#anchor`). None for one that leaves the site or is empty. With
    `on_same_scheme`, for what names a hidden item or file, `https:../x` and `http:../x` are
    read as `../x`, as on a page of the site or the preview: they leave it only from another."""
    address = _typed_address(target)
    if on_same_scheme and (scheme := _SCHEME_WITHOUT_HOST_RE.match(address)) is not None:
        address = address[scheme.end():]
    if not address or address.startswith("//") or leaves_the_site(address):
        return None
    path = re.split(r"[?#]", address, maxsplit=1)[0]
    return path, address[len(path):]


def on_own_site(target: str, base_url: str) -> str | None:
    """The path from the site root that an address on the site's own address leads to, with
    the query and anchor written after it (`https://me.example/portfolio/assets/scan.pdf`,
    on a site at `https://me.example/portfolio/`: `assets/scan.pdf`), or None, also for a
    site without an address. Read as a browser reaches the same file: by `http:` or
    `https:`, or `//`, the host in any capitals, `.` and `..` in the path resolved (the
    address `https://me.example/x/../portfolio/` is on the site) and escaped letters read."""
    address = _typed_address(target)
    if not base_url or not address.startswith("//") and not leaves_the_site(address):
        return None
    site = _site_parts(base_url)
    if address.isascii() and "%" not in address and _host(site) not in address.lower():
        return None  # most links leave for another site: no need to read them
    try:
        parts = urllib.parse.urlsplit(site.scheme + ":" + address if address.startswith("//") else address)
        same_host = (_host(parts), _port(parts)) == (_host(site), _port(site))
    except ValueError:  # a port that is no number, a `[` not closed
        return None
    path, folder = _resolved(urllib.parse.unquote(parts.path)), urllib.parse.unquote(site.path)
    if parts.scheme.lower() not in ("http", "https") or not same_host or not path.startswith(folder) or path == folder:
        return None
    ending = ("?" + parts.query if parts.query else "") + ("#" + parts.fragment if parts.fragment else "")
    return urllib.parse.quote(path[len(folder):], safe="/") + ending


@functools.lru_cache(maxsize=4)
def _site_parts(base_url: str) -> urllib.parse.SplitResult:
    return urllib.parse.urlsplit(base_url)


def _resolved(path: str) -> str:
    """A path as a browser asks a server for it: its `.` and `..` segments resolved (a
    `..` above the root is the root), and `//` read as `/`, as servers read it; the `/`
    that ends a folder kept."""
    resolved = posixpath.normpath("/" + path.lstrip("/"))
    folder = path.endswith(("/", "/.", "/..")) and resolved != "/"
    return resolved + "/" if folder else resolved


def _host(parts: urllib.parse.SplitResult) -> str:
    """The host an address names as a browser reads it: escaped letters read, in any
    capitals, without the dot a domain may end in, and in another script as its `xn--`
    name, as `base_url` is written (`siteconfig.absolute_base_url`)."""
    host = urllib.parse.unquote(parts.hostname or "").lower().rstrip(".")
    if host.isascii():
        return host
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host


def _port(parts: urllib.parse.SplitResult) -> int | None:
    """The port an address names, None for either scheme's own (80, 443), as
    `on_own_site` takes `http:` and `https:` for one site."""
    return None if parts.port in (80, 443) else parts.port


def named_asset(target: str) -> str | None:
    """The file in content/assets/ that a target leads to as a browser reads it, on a page
    at any depth, or None: for what a build withholds, where reading too much in a hidden
    item's link is the safe mistake. Raw HTML and Markdown links starting with `./` are
    written as they are, so a hidden item's scan may be named `/assets/x`, `./assets/x`,
    `../../../assets/x` (above the site root is the root), ` assets/x `, `assets\\x` or
    `assets/scans/../x`, or `https:../../assets/x` (which an https page reads from itself),
    and is published unless that counts as naming it."""
    read = as_browsers_read(target, on_same_scheme=True)
    return None if read is None else asset_name(posixpath.normpath("/" + read[0]).lstrip("/"))
