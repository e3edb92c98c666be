"""``leaflet serve`` over plain HTTP: where it listens, what it serves, what it refuses.

The server runs as a process of its own in a copy of the built project; requests go
through http.client, which sends each path exactly as written (no tidying of ``..``).
"""

from __future__ import annotations

import hashlib
import http.client
import json
import shutil
import socket
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from helpers import LEAFLET, Leaflet
from serving import Served, serving


@pytest.fixture(scope="module")
def site(built: Leaflet, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """One server for this module's tests, in a copy of the built project."""
    root = tmp_path_factory.mktemp("serve") / "project"
    shutil.copytree(built.root, root)
    with serving(root) as served:
        yield served


def get(
    served: Served, path: str, method: str = "GET", headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=10)
    try:
        sent = {"Host": f"127.0.0.1:{served.port}", **(headers or {})}
        connection.request(method, path, headers=sent)
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def test_it_listens_on_127_0_0_1_and_nowhere_else(site: Served) -> None:
    listening = []
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        address, port = local.split(":")
        if int(port, 16) == site.port and state == "0A":  # LISTEN
            listening.append(address)
    assert listening == ["0100007F"], listening  # 127.0.0.1, little-endian
    # Another address of the loopback range reaches a server bound to every address.
    with pytest.raises(OSError), socket.create_connection(("127.0.0.2", site.port), timeout=2):
        pass
    assert get(site, "/")[0] == 200


def test_a_port_in_use_makes_it_take_the_next_free_one(built_copy: Leaflet) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with serving(built_copy.root, port=port) as served:
            assert served.port > port
            assert f"(port {port} was taken)" in served.out[0]
            assert get(served, "/")[0] == 200


def test_quiet_still_says_the_address_and_nothing_else(built_copy: Leaflet) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with serving(built_copy.root, port=port, quiet=True) as served:
            assert get(served, "/")[0] == 200
            assert served.out == [
                f"leaflet serve: {served.url} (port {port} was taken) — stop with Ctrl-C\n"
            ], served.out


class Links(HTMLParser):
    """Every link and picture of a page, and its text."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.pictures: list[str] = []
        self.text: list[str] = []
        self.scripts: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "a" and found.get("href"):
            self.links.append(str(found["href"]))
        if tag == "img" and found.get("src"):
            self.pictures.append(str(found["src"]))
        if tag == "script":
            self.scripts.append(found)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parsed(body: bytes) -> Links:
    page = Links()
    page.feed(body.decode("utf-8"))
    return page


def test_the_index_lists_every_language_with_its_state_and_pdfs(site: Served) -> None:
    status, headers, body = get(site, "/", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert status == 200 and headers["content-type"] == "text/html; charset=utf-8"
    assert "script-src 'self'" in headers["content-security-policy"]
    page = parsed(body)
    text = " ".join(" ".join(page.text).split())
    for lang in ("da", "en", "ar", "uk"):
        assert f"/leaflet/{LEAFLET}/{lang}/" in page.links
    assert "Source language" in text and "Draft: not reviewed" in text
    pdfs = [link for link in page.links if ".pdf?" in link]
    assert f"/files/{LEAFLET}/da/{LEAFLET}-da-print.pdf" in {p.split("?")[0] for p in pdfs}
    assert len(pdfs) == 3 + 2 * 3  # drafts have no print file
    assert any("contact-sheet.png" in src for src in page.pictures)
    # The one script is a file of the server's own, and the page needs it for nothing.
    assert [s.get("src") for s in page.scripts] == ["/static/serve.js"]


def test_an_edition_page_shows_every_page_and_its_text(site: Served) -> None:
    status, _, body = get(site, f"/leaflet/{LEAFLET}/en/")
    assert status == 200
    page = parsed(body)
    previews = [src.split("?")[0] for src in page.pictures]
    assert previews == [
        f"/files/{LEAFLET}/en/preview/page-{n}.png" for n in (1, 2, 3, 4, 5, 6, 7, 8)
    ]
    text = " ".join(" ".join(page.text).split())
    assert "Causes and treatment options" in text  # read from the screen PDF
    # Beside it, the source language: the Danish pages too, spread by spread.
    _, _, body = get(site, f"/leaflet/{LEAFLET}/ar/?beside=da")
    pictures = [src.split("?")[0] for src in parsed(body).pictures]
    assert pictures[:4] == [
        f"/files/{LEAFLET}/ar/preview/page-1.png",
        f"/files/{LEAFLET}/da/preview/page-1.png",
        f"/files/{LEAFLET}/ar/preview/page-3.png",  # a right-to-left spread: 3 | 2
        f"/files/{LEAFLET}/ar/preview/page-2.png",
    ]
    assert get(site, f"/leaflet/{LEAFLET}/en")[0] == 301
    assert get(site, f"/leaflet/{LEAFLET}/xx/")[0] == 404
    assert get(site, "/leaflet/nothing/en/")[0] == 404


def test_an_edition_page_shows_each_sections_readability(site: Served) -> None:
    """The numbers leaflet check warns about, per section, with the long sentences."""
    from leaflet.content import load_edition, load_settings
    from leaflet.content.prose import edition_readability

    _, _, body = get(site, f"/leaflet/{LEAFLET}/da/")
    text = " ".join(" ".join(parsed(body).text).split())
    assert "How easy it is to read" in text
    folder = site.root / "content" / LEAFLET
    found = edition_readability(load_edition(load_settings(folder), "da"))
    for section in found.sections:
        if section.reading.value is not None:
            assert f"{section.id} {section.reading.label()}" in text, section.id
    _, _, body = get(site, f"/leaflet/{LEAFLET}/da/?ui=da")
    assert "Hvor let den er at læse" in body.decode("utf-8")


def test_the_pages_speak_danish_or_english(site: Served) -> None:
    _, _, danish = get(site, "/", headers={"Accept-Language": "da-DK,da;q=0.9,en;q=0.5"})
    _, _, english = get(site, "/", headers={"Accept-Language": "en-US,en;q=0.8"})
    _, _, asked = get(site, "/?ui=en", headers={"Accept-Language": "da"})
    _, _, other = get(site, "/", headers={"Accept-Language": "fr-FR"})
    assert b'<html lang="da">' in danish and b"Alle foldere" in danish
    assert b"Kildesprog" in danish and b"Engelsk" in danish
    assert b'<html lang="en">' in english and b"All leaflets" in english
    assert b"All leaflets" in asked and b"?ui=en" in asked  # the choice is kept in links
    assert b"All leaflets" in other


def test_files_are_those_the_manifest_lists(site: Served) -> None:
    root = site.root
    path = f"{LEAFLET}/da/{LEAFLET}-da.pdf"
    status, headers, body = get(site, f"/files/{path}")
    assert status == 200 and headers["content-type"] == "application/pdf"
    assert body == (root / "dist" / path).read_bytes()
    etag = headers["etag"]
    assert etag == f'"{hashlib.sha256(body).hexdigest()}"'
    assert get(site, f"/files/{path}", headers={"If-None-Match": etag})[0] == 304
    status, headers, body = get(site, f"/files/{LEAFLET}/contact-sheet.png")
    assert status == 200 and headers["content-type"] == "image/png" and body[:4] == b"\x89PNG"
    status, headers, body = get(site, f"/files/{path}", method="HEAD")
    assert status == 200 and body == b"" and int(headers["content-length"]) > 1000


TRAVERSALS = [
    "/files/../content/laenderygsmerter/leaflet.yaml",
    "/files/%2e%2e/content/laenderygsmerter/leaflet.yaml",
    "/files/%2E%2E%2Fcontent%2Flaenderygsmerter%2Fleaflet.yaml",
    "/files/laenderygsmerter/da/../../../content/laenderygsmerter/leaflet.yaml",
    "/files/laenderygsmerter/%2e%2e/%2e%2e/manifest.json",
    "/files/%252e%252e/content/laenderygsmerter/leaflet.yaml",
    "/files//etc/passwd",
    "/files/%2Fetc%2Fpasswd",
    "/files/etc/passwd",
    "/files/..%5c..%5ccontent%5claenderygsmerter%5cleaflet.yaml",
    "/files/manifest.json",
    "/files/laenderygsmerter/da/laenderygsmerter-da.html",
    "/files/laenderygsmerter/da/./laenderygsmerter-da.pdf",
    "/files/laenderygsmerter/da/laenderygsmerter-da.pdf%00.png",
    "/files/laenderygsmerter/da/outside.pdf",
    "/files/laenderygsmerter/da/linked-out.pdf",
    "/static/../cli.py",
    "/static/%2e%2e/cli.py",
    "/static/../../pyproject.toml",
    "/../content/laenderygsmerter/leaflet.yaml",
    "/leaflet/..%2f..%2fcontent/da/",
    "http://127.0.0.1/files/../content/laenderygsmerter/leaflet.yaml",
]


def test_nothing_outside_the_outputs_is_served(site: Served) -> None:
    root = site.root
    folder = root / "dist" / LEAFLET / "da"
    (folder / "outside.pdf").symlink_to(root / "content" / LEAFLET / "leaflet.yaml")
    # A file the manifest lists, replaced by a link that leads out of dist/.
    listed = folder / f"{LEAFLET}-da-office.pdf"
    kept = listed.read_bytes()
    listed.unlink()
    listed.symlink_to(root / "content" / LEAFLET / "leaflet.yaml")
    try:
        for path in [*TRAVERSALS, f"/files/{LEAFLET}/da/{LEAFLET}-da-office.pdf"]:
            status, _, body = get(site, path)
            assert status == 404, (path, status)
            assert b"source_language" not in body and b"root:" not in body, path
    finally:
        listed.unlink()
        listed.write_bytes(kept)
        (folder / "outside.pdf").unlink()


def test_nothing_can_write_and_strangers_are_turned_away(site: Served) -> None:
    root = site.root
    before = sorted(p.relative_to(root).as_posix() for p in root.rglob("*"))
    for method in ("POST", "PUT", "DELETE", "PATCH"):
        status, _, _ = get(site, f"/files/{LEAFLET}/da/{LEAFLET}-da.pdf", method=method)
        assert status == 501, method
    # A page on another site, reaching this server through a name of its own.
    status, _, _ = get(site, "/", headers={"Host": "evil.example:80"})
    assert status == 421
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*")) == before


def test_the_event_stream_says_which_build_it_is(site: Served) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", site.port, timeout=10)
    try:
        connection.request("GET", "/events", headers={"Host": f"127.0.0.1:{site.port}"})
        response = connection.getresponse()
        assert response.status == 200
        assert response.getheader("Content-Type") == "text/event-stream; charset=utf-8"
        lines = [response.fp.readline().decode().strip() for _ in range(3)]
    finally:
        connection.close()
    assert lines[0].startswith("retry: ") and lines[1] == "event: built"
    # the build the pages were made from: a page that has it has nothing to fetch
    _, _, page = get(site, "/")
    generation = int(page.split(b'data-generation="')[1].split(b'"')[0])
    assert json.loads(lines[2].removeprefix("data: ")) == {"generation": generation}


def test_the_server_stops_cleanly_on_sigterm(built_copy: Leaflet) -> None:
    with serving(built_copy.root) as served:
        pass
    assert served.process.returncode == 0, "".join(served.err)
    assert served.out[-1].strip() == "leaflet serve: stopped"
    assert not [p for p in built_copy.dist.rglob("*") if p.name.endswith(".tmp")]
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", served.port), timeout=2):
        pass
