"""The preview's small web server (journey/preview.py) against hostile requests: it answers each
with a plain status, never a traceback in the editor's terminal, and serves nothing outside the
build folder it was given."""

from __future__ import annotations

import http.client
import threading

import pytest

from journey.preview import RELOAD, _Server


@pytest.fixture
def server(tmp_path, capsys):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<html><body><h1>Home</h1></body></html>")
    (site / "404.html").write_text("<html><body><h1>Not found</h1></body></html>")
    (tmp_path / "secret.txt").write_text("not for the browser")
    empty = tmp_path / "empty"
    empty.mkdir()
    srv = _Server(("127.0.0.1", 0), empty)
    srv.server_bind()
    srv.server_activate()
    srv.show(site, [])
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()
    out = capsys.readouterr()
    assert "Traceback" not in out.err + out.out


def get(srv, path: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", srv.server_address[1], timeout=30)
    connection.putrequest("GET", path, skip_accept_encoding=True)
    connection.endheaders()
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, body


def test_pages_get_the_reload_script_and_a_missing_page_the_404_page(server):
    status, body = get(server, "/")
    assert status == 200 and b"<h1>Home</h1>" in body and RELOAD.encode() in body
    status, body = get(server, "/nowhere/")
    assert status == 404 and b"Not found" in body


@pytest.mark.parametrize("path", ["/../secret.txt", "/%2e%2e/secret.txt", "/" + "a" * 300, "/a" * 2000 + "/",
                                  "/%00", RELOAD + "?since=" + "9" * 5000, RELOAD + "?since=%C2%B2",
                                  RELOAD + "?since=abc"])
def test_hostile_requests_get_a_plain_answer(server, path):
    status, body = get(server, path)
    assert status in (200, 400, 404, 414)
    assert b"not for the browser" not in body
    if path.startswith(RELOAD):
        assert body == str(server.version).encode()  # at once: a version it does not know is not waited on
