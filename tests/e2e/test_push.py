"""Files pushed over HTTP to a running daemon (its dashboard's `POST /api/files`), on SQLite and PostgreSQL:
stored once, refused with a reason, refused without the token or past the size limit, the same ingest as a
dropped file (failed/ keeps what was rejected), and the daemon goes on."""

from __future__ import annotations

import hashlib
import io
import json
import urllib.error
import urllib.request
import uuid
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.support.corpus import RUN_FIT, STRONG_CSV, committed
from tests.support.processes import Start, events, state, wait_for

pytestmark = pytest.mark.slow

TOKEN = "a-phone-secret-of-24-chars"
LIMIT = 400_000  # [import] max_file_bytes for these homes


def post(
    url: str,
    body: bytes,
    *,
    token: str | None = TOKEN,
    content_type: str = "application/octet-stream",
    headers: dict[str, str] | None = None,
) -> tuple[int, Any]:
    """POST `body`; the status and the decoded JSON answer."""
    request = urllib.request.Request(url, data=body, method="POST")
    request.add_header("Content-Type", content_type)
    if token is not None:
        request.add_header("Authorization", f"Bearer {token}")
    for key, value in (headers or {}).items():
        request.add_header(key, value)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def multipart(name: str, data: bytes) -> tuple[bytes, str]:
    """A browser's form with one `file` field."""
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return body, f"multipart/form-data; boundary={boundary}"


@pytest.fixture
def served(daemon_home: Path, start: Start) -> str:
    """A daemon with its dashboard on a free port, a token, and a small file-size limit: its base URL."""
    config = daemon_home / "runlift.toml"
    text = config.read_text().replace("[web]\n", f'[web]\ntoken = "{TOKEN}"\n', 1)
    config.write_text(text + f"\n[import]\nmax_file_bytes = {LIMIT}\nmax_stream_bytes = {LIMIT}\n")
    start()
    wait_for(lambda: "web" in state(daemon_home), timeout=60)
    return str(state(daemon_home)["web"]).rstrip("/")


def test_a_pushed_run_is_stored_once_and_garbage_is_refused(
    served: str, daemon_home: Path, store_url: str
) -> None:
    run = committed(RUN_FIT).read_bytes()
    status, answer = post(f"{served}/api/files?name=morning-run.fit", run)
    assert status == 201, answer
    assert answer["outcome"] == "imported"
    assert answer["file"] == "morning-run.fit"
    assert answer["format"] == "FIT activity"
    assert answer["events"]["RunCompleted"] == 1
    assert answer["sha256"] == hashlib.sha256(run).hexdigest()

    status, again = post(f"{served}/api/files?name=same-run-again.fit", run)
    assert (status, again["outcome"], again["sha256"]) == (
        200,
        "already imported",
        answer["sha256"],
    )

    garbage = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8
    status, refused = post(f"{served}/api/files?name=holiday.png", garbage)
    assert status == 422
    assert refused["outcome"] == "rejected"
    assert refused["reason"]
    assert (daemon_home / "failed" / "holiday.png").read_bytes() == garbage

    # A JSON that is no known payload: refused with its reason, nothing stored.
    status, unknown = post(
        f"{served}/api/files?name=export.json",
        json.dumps({"steps": [{"date": "2026-01-01", "count": 9000}]}).encode(),
        content_type="application/json",
    )
    assert (status, unknown["outcome"]) == (422, "rejected"), unknown

    # The browser's way: a multipart form.
    body, kind = multipart("lifts.csv", committed(STRONG_CSV).read_bytes())
    status, lifts = post(f"{served}/api/files", body, content_type=kind)
    assert status == 201, lifts
    assert lifts["file"] == "lifts.csv"
    assert lifts["events"]["StrengthSessionCompleted"] >= 1

    assert events(daemon_home, store_url, "RunCompleted") == 1
    assert events(daemon_home, store_url, "FileImported") == 2
    assert events(daemon_home, store_url, "FileRejected") == 2
    assert not any((daemon_home / "incoming").iterdir())  # nothing left half-received

    # A whole export as one zip: the run already imported, the lifts in a newer export (its bytes
    # new, its sessions stored before) and a file nothing reads, in one answer with one summary.
    newer_lifts = committed(STRONG_CSV).read_bytes() + b"\n"
    archive = zipped(
        {"export/run.fit": run, "export/lifts.csv": newer_lifts, "export/x.png": garbage}
    )
    status, export = post(
        f"{served}/api/files?name=export.zip", archive, content_type="application/zip"
    )
    assert status == 201, export
    assert export["outcome"] == "imported"
    summary = export["summary"]
    assert summary["files"] == {"imported": 1, "already_imported": 1, "rejected": 1}
    assert summary["stored"] == {}
    assert summary["already_stored"] == lifts["events"]
    assert [item["file"].rsplit("!", 1)[-1] for item in summary["left_out"]] == ["export/x.png"]
    assert len(export["files"]) == 3
    assert (
        events(daemon_home, store_url, "StrengthSessionCompleted")
        == (lifts["events"]["StrengthSessionCompleted"])
    )


def test_pushes_without_the_token_too_large_or_of_another_type_store_nothing(
    served: str, daemon_home: Path, store_url: str
) -> None:
    run = committed(RUN_FIT).read_bytes()
    status, answer = post(f"{served}/api/files?name=run.fit", run, token=None)
    assert status == 401, answer
    status, answer = post(f"{served}/api/files?name=run.fit", run, token="not-the-token-at-all")
    assert status == 401, answer
    status, answer = post(f"{served}/api/files?name=big.fit", b"\0" * (LIMIT + 1))
    assert status == 413, answer
    assert "max_file_bytes" in answer["detail"]
    status, answer = post(
        f"{served}/api/files?name=page.html", b"<html></html>", content_type="text/html"
    )
    assert status == 415, answer
    status, answer = post(f"{served}/api/files?name=..", run)
    assert status == 422, answer
    assert answer["detail"].startswith("name:")
    status, answer = post(f"{served}/api/files?name=empty.fit", b"")
    assert status == 422, answer
    # A write from another site's page is refused even with the cookie's token.
    status, answer = post(
        f"{served}/api/files?name=run.fit", run, headers={"Origin": "https://evil.example"}
    )
    assert status == 403, answer
    assert events(daemon_home, store_url, "FileImported") == 0
    assert events(daemon_home, store_url, "FileRejected") == 0
    # The daemon goes on: the same run, pushed properly, is imported.
    status, answer = post(f"{served}/api/files?name=run.fit", run)
    assert status == 201, answer
