"""Zip archives (a whole export): every member imported; unsafe members and oversize archives refused."""

from __future__ import annotations

import stat
import struct
import zipfile
from pathlib import Path

from runlift.ingest.archives import extract_archive
from runlift.ingest.items import Candidate, Refused
from runlift.settings import defaults
from tests.support.helpers import stored, toy_file
from tests.support.stores import MakeApp

RUNS = [(f"2024-05-0{d}T07:00:00+00:00", 1800.0, 5000.0 + d) for d in range(1, 6)]


def _zip(path: Path, members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression=compression) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def test_an_archive_of_several_files_imports_them_all(make_app: MakeApp, tmp_path):
    app = make_app()
    members = {
        f"DI_CONNECT/DI-Connect-Fitness/run{i}.toy": toy_file(
            tmp_path / "src", f"r{i}.toy", run
        ).read_bytes()
        for i, run in enumerate(RUNS)
    }
    archive = _zip(tmp_path / "export.zip", members)

    report = app.importer().import_paths([archive])

    assert [r.status for r in report.results] == ["imported"] * 5
    assert all(r.file.startswith(f"{archive}!DI_CONNECT/") for r in report.results)
    runs = stored(app, "RunCompleted")
    assert sorted(r["distance_m"] for r in runs) == [5001.0, 5002.0, 5003.0, 5004.0, 5005.0]
    assert {r["archive"] for r in stored(app, "FileImported")} == {str(archive)}


def test_an_archive_repeating_files_already_imported_adds_only_the_new_ones(
    make_app: MakeApp, tmp_path
):
    app = make_app()
    single = toy_file(tmp_path, "one.toy", RUNS[0])
    app.importer().import_paths([single])
    archive = _zip(
        tmp_path / "export.zip",
        {
            "a/one.toy": single.read_bytes(),
            "a/two.toy": toy_file(tmp_path, "two.toy", RUNS[1]).read_bytes(),
        },
    )

    report = app.importer().import_paths([archive])

    assert sorted(r.status for r in report.results) == ["already imported", "imported"]
    assert len(stored(app, "RunCompleted")) == 2


def test_a_zip_slip_member_is_refused_and_the_rest_imported(
    make_app: MakeApp, home: Path, tmp_path
):
    app = make_app()
    good = toy_file(tmp_path / "src", "good.toy", RUNS[0]).read_bytes()
    archive = _zip(
        tmp_path / "evil.zip",
        {"../../escaped.toy": good, "/etc/abs.toy": good, "ok/good.toy": good},
    )

    report = app.importer().import_paths([archive])

    results = {r.file.split("!", 1)[1]: r for r in report.results}
    assert results["ok/good.toy"].status == "imported"
    assert results["../../escaped.toy"].status == "rejected"
    assert "zip slip" in results["../../escaped.toy"].reason
    assert "absolute path" in results["/etc/abs.toy"].reason
    assert not (tmp_path / "escaped.toy").exists()
    assert not list(home.parent.rglob("escaped.toy"))
    assert len(stored(app, "FileRejected")) == 2


def test_an_oversize_archive_is_refused_with_the_limit_named(make_app: MakeApp, tmp_path):
    app = make_app()
    service = app.importer()
    object.__setattr__(
        service.options,
        "limits",
        defaults().import_.archives.model_copy(update=dict(max_total_bytes=10_000)),
    )
    archive = _zip(tmp_path / "huge.zip", {"a.toy": b"TOY\n" + b"x" * 20_000})

    report = service.import_paths([archive])

    [result] = report.results
    assert result.status == "rejected"
    assert "more than the limit of 10,000" in result.reason
    assert "import.archives.max_total_bytes" in result.reason
    assert stored(app, "FileRejected")[0]["stage"] == "source"


def test_a_highly_compressed_member_is_refused_as_a_possible_zip_bomb(tmp_path):
    archive = _zip(tmp_path / "bomb.zip", {"zeros.toy": b"\0" * 5_000_000})

    items = list(extract_archive(archive, defaults().import_.archives, tmp_path / "scratch"))

    assert len(items) == 1
    assert isinstance(items[0], Refused)
    assert "zip bomb" in items[0].reason


def test_too_many_members_are_refused(tmp_path):
    archive = _zip(tmp_path / "many.zip", {f"{i}.toy": b"TOY\n" for i in range(5)})

    [item] = list(
        extract_archive(
            archive,
            defaults().import_.archives.model_copy(update=dict(max_members=4)),
            tmp_path / "scratch",
        )
    )

    assert isinstance(item, Refused)
    assert "holds 5 files, more than the limit of 4" in item.reason


def test_a_member_lying_about_its_size_is_stopped_while_extracting(tmp_path):
    archive = _zip(tmp_path / "liar.zip", {"a.toy": b"TOY\n" + b"1" * 50_000})
    with zipfile.ZipFile(archive) as zf:
        declared = zf.infolist()[0].file_size
    limits = defaults().import_.archives.model_copy(
        update=dict(max_total_bytes=declared + 10, max_member_bytes=40_000)
    )

    items = list(extract_archive(archive, limits, tmp_path / "scratch"))

    assert isinstance(items[0], Refused)


def test_a_member_declaring_fewer_bytes_than_it_holds_is_refused_as_forged(tmp_path):
    archive = _zip(tmp_path / "liar.zip", {"a.toy": b"TOY\n" + b"1" * 50_000})
    raw = bytearray(archive.read_bytes())
    struct.pack_into("<I", raw, 22, 1_000)  # the local header's uncompressed size
    struct.pack_into("<I", raw, raw.find(b"PK\x01\x02") + 24, 1_000)  # the central directory's
    archive.write_bytes(raw)

    [item] = list(extract_archive(archive, defaults().import_.archives, tmp_path / "scratch"))

    assert isinstance(item, Refused)
    assert item.display == f"{archive}!a.toy"
    assert "do not match what the archive declares for it" in item.reason
    assert not list((tmp_path / "scratch").rglob("a.toy"))  # the partial copy was not kept


def test_two_archives_in_one_import_are_both_imported(make_app: MakeApp, tmp_path):
    # Each archive's members were written to the same numbered folders: the second one crashed.
    app = make_app()
    first = _zip(
        tmp_path / "first.zip", {"run.toy": toy_file(tmp_path, "a.toy", RUNS[0]).read_bytes()}
    )
    second = _zip(
        tmp_path / "second.zip", {"run.toy": toy_file(tmp_path, "b.toy", RUNS[1]).read_bytes()}
    )

    report = app.importer().import_paths([first, second])

    assert sorted(r.file for r in report.results if r.status == "imported") == [
        f"{first}!run.toy",
        f"{second}!run.toy",
    ]


def test_symlink_members_are_refused(tmp_path):
    archive = tmp_path / "links.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        info = zipfile.ZipInfo("link.toy")
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(info, "/etc/passwd")

    [item] = list(extract_archive(archive, defaults().import_.archives, tmp_path / "scratch"))

    assert isinstance(item, Refused)
    assert "the member is a symbolic link (to /etc/passwd)" in item.reason


def test_a_nested_zip_is_opened_one_level_deep_only(tmp_path):
    inner = _zip(tmp_path / "inner.zip", {"deep.toy": b"TOY\n"})
    innermost = _zip(tmp_path / "innermost.zip", {"x.toy": b"TOY\n"})
    middle = _zip(tmp_path / "middle.zip", {"innermost.zip": innermost.read_bytes()})
    outer = _zip(
        tmp_path / "outer.zip",
        {"inner.zip": inner.read_bytes(), "middle.zip": middle.read_bytes()},
        compression=zipfile.ZIP_STORED,
    )

    items = list(extract_archive(outer, defaults().import_.archives, tmp_path / "scratch"))

    candidates = [i for i in items if isinstance(i, Candidate)]
    refused = [i for i in items if isinstance(i, Refused)]
    assert [c.display for c in candidates] == [f"{outer}!inner.zip!deep.toy"]
    assert [r.display for r in refused] == [f"{outer}!middle.zip!innermost.zip"]
    assert "nested more than one level" in refused[0].reason


def test_a_damaged_archive_is_rejected_and_quarantined(make_app: MakeApp, home: Path, tmp_path):
    app = make_app()
    archive = tmp_path / "broken.zip"
    archive.write_bytes(b"PK\x03\x04 this is not really a zip")

    [result] = app.importer().import_paths([archive]).results

    assert result.status == "rejected"
    assert "not a readable zip archive" in result.reason
    assert (home / "failed" / "broken.zip").exists()


def test_a_garmin_style_export_of_real_device_files_imports_every_one(make_app: MakeApp, tmp_path):
    from runlift.importers.manager import PluginSource
    from tests.support import corpus as files

    app = make_app(plugins=PluginSource())
    members = {
        "DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip": None,
        "DI_CONNECT/DI-Connect-Fitness/run.fit": files.RUN_FIT,
        "DI_CONNECT/DI-Connect-Fitness/strength.fit": files.STRENGTH_FIT,
        "DI_CONNECT/DI-Connect-Wellness/weight.fit": "fit/other/fitparse__WeightScaleSingleUser.fit",
        "exports/ride.gpx": files.GPX_TRACK,
        "exports/hevy.csv": files.STRONG_CSV,
    }
    inner = _zip(
        tmp_path / "inner.zip", {"2019/walk.fit": files.committed(files.WALK_FIT).read_bytes()}
    )
    contents = {
        name: inner.read_bytes() if source is None else files.committed(source).read_bytes()
        for name, source in members.items()
    }
    archive = _zip(tmp_path / "garmin-export.zip", contents)

    report = app.importer().import_paths([archive])

    assert sorted(r.status for r in report.results) == ["imported"] * 6
    imported = {r.file.rsplit("!", 1)[-1]: r for r in report.results}
    assert imported["2019/walk.fit"].importer == "fit"
    assert imported["exports/hevy.csv"].importer == "strong"
    weigh_ins = imported["DI_CONNECT/DI-Connect-Wellness/weight.fit"].events
    assert weigh_ins == {"BodyCompositionRecorded": 2}
    again = app.importer().import_paths([archive])
    assert {r.status for r in again.results} == {"already imported"}
