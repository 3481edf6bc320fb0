"""Files past [import] max_file_bytes: only an importer that streams gets them, up to max_stream_bytes;
every other is refused unread, saying which limit to raise. A streaming decode reports its progress, and
while it moves the time limit does not stop it."""

from __future__ import annotations

from pathlib import Path

from runlift.bootstrap import Runlift
from tests.support.helpers import stored, toy_file
from tests.support.stores import MakeApp

RUNS = [(f"2024-05-{day:02d}T07:00:00+00:00", 1800.0, 6000.0) for day in range(1, 21)]


def limited(make_app: MakeApp, home: Path, whole: int, stream: int) -> Runlift:
    (home / "runlift.toml").write_text(
        f"[import]\nmax_file_bytes = {whole}\nmax_stream_bytes = {stream}\n"
    )
    return make_app()


def test_past_the_whole_file_limit_only_a_streaming_importer_reads(
    make_app: MakeApp, home: Path, tmp_path: Path
) -> None:
    whole = toy_file(tmp_path, "whole.toy", *RUNS)
    streamed = toy_file(tmp_path, "streamed.toy", *RUNS, magic="STREAM")
    size = whole.stat().st_size
    assert streamed.stat().st_size > size // 2 > 0
    app = limited(make_app, home, whole=size // 2, stream=size * 2)

    results = {Path(r.file).name: r for r in app.importer().import_paths([whole, streamed]).results}

    assert results["streamed.toy"].status == "imported"
    assert results["streamed.toy"].events == {"RunCompleted": len(RUNS)}
    refused = results["whole.toy"]
    assert refused.status == "rejected"
    assert refused.sha256 is None  # refused before it was hashed
    assert f"the file is {size:,} bytes, more than the limit of {size // 2:,}" in (
        refused.reason or ""
    )
    assert "importer 'toy' reads a file whole" in (refused.reason or "")
    assert "raise [import] max_file_bytes in runlift.toml" in (refused.reason or "")
    assert len(stored(app, "RunCompleted")) == len(RUNS)
    assert (home / "failed" / "whole.toy.error.txt").exists()


def test_past_the_stream_limit_nothing_is_read(
    make_app: MakeApp, home: Path, tmp_path: Path
) -> None:
    streamed = toy_file(tmp_path, "streamed.toy", *RUNS, magic="STREAM")
    size = streamed.stat().st_size
    app = limited(make_app, home, whole=size // 4, stream=size // 2)

    (result,) = app.importer().import_paths([streamed]).results

    assert result.status == "rejected"
    assert f"more than the limit of {size // 2:,} (import.max_stream_bytes)" in (
        result.reason or ""
    )
    assert "raise [import] max_stream_bytes" in (result.reason or "")
    assert stored(app, "RunCompleted") == []


def test_a_streaming_decode_that_moves_outlives_the_time_limit_and_reports_progress(
    make_app: MakeApp, home: Path, tmp_path: Path
) -> None:
    lines = [r for run in RUNS[:3] for r in (run, ("pause", 0.6, 0.0))]
    streamed = toy_file(tmp_path, "slow.toy", *lines, magic="STREAM")
    size = streamed.stat().st_size
    app = limited(make_app, home, whole=size * 4, stream=size * 8)
    service = app.importer()
    object.__setattr__(service.options, "plugin_timeout_s", 1.0)  # the decode takes 1.8 s
    heard: list[tuple[str, int, int]] = []

    (result,) = service.import_paths(
        [streamed], on_progress=lambda name, done, total: heard.append((name, done, total))
    ).results

    assert result.status == "imported", result.reason
    assert result.events == {"RunCompleted": 3}
    assert len(heard) >= 2
    assert all(name.endswith("slow.toy") and total == size for name, _, total in heard)
    done = [d for _, d, _ in heard]
    assert done == sorted(done)
    assert 0 < done[-1] <= size


def test_a_decode_that_does_not_move_is_still_stopped(make_app: MakeApp, tmp_path: Path) -> None:
    app = make_app()
    service = app.importer()
    object.__setattr__(service.options, "plugin_timeout_s", 1.0)
    hanging = toy_file(tmp_path, "hang.toy", RUNS[0], magic="HANG")

    (result,) = service.import_paths([hanging]).results

    assert result.status == "rejected"
    assert "did not finish within 1 s" in (result.reason or "")
