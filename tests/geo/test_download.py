"""``gazetteer download`` against a local HTTP server on 127.0.0.1 (tests never use the internet)."""

from __future__ import annotations

import http.server
import io
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from frontwatch.errors import Code, GazetteerError
from frontwatch.geo.download import download, dump_name

ROW = "\t".join(["9990011", "Qaryat Test", "Qaryat Test", "Test Village", "34.1", "38.1", "P", "PPL", "SY", "", "11",
                 "", "", "", "120", "", "", "Asia/Damascus", "2024-01-01"])


def _zip(member: str, content: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(member, content)
    return buf.getvalue()


FILES = {"/dump/SY.zip": _zip("SY.txt", ROW + "\n"), "/dump/IQ.zip": b"<html>not found page</html>"}


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = FILES.get(self.path)
        if body is None:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/dump"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_download_fetches_and_imports_a_country_dump(server: str, tmp_path: Path) -> None:
    reports = download(["sy"], tmp_path, server)
    assert [(r.format, r.rows) for r in reports] == [("geonames", 1)]
    assert (tmp_path / "downloads" / "SY.zip").is_file()


def test_download_reports_http_errors_and_non_zip_answers(server: str, tmp_path: Path) -> None:
    with pytest.raises(GazetteerError, match="404") as missing:
        download(["YE"], tmp_path, server)
    assert missing.value.code == Code.GAZETTEER_DOWNLOAD
    with pytest.raises(GazetteerError, match="zip"):
        download(["IQ"], tmp_path, server + "/")
    assert not list((tmp_path / "downloads").glob("*.part"))


def test_dump_name_validates_codes() -> None:
    assert dump_name("sy") == "SY" and dump_name("allcountries") == "allCountries"
    with pytest.raises(GazetteerError, match="two-letter"):
        dump_name("../etc/passwd")
