"""Toy importers for the core's tests, installed as a single-file plugin in a test home.

`.toy` files are text: a first line "TOY" then one line per run: start ISO time, seconds, metres.
Other first lines pick a misbehaving importer: RAISE (raises), HANG (never returns), MALFORMED (returns a
value that breaks the contract), NOTDECODED (returns something that is not a Decoded), CRASH (kills the process).
STREAM picks a toy that declares it streams: it reads the runs line by line, reports its progress after each,
and sleeps the seconds a line "pause,S" says.
"""

from __future__ import annotations

import os
import time
from datetime import datetime

from runlift.importers import Activity, Decoded, DecodeRequest, Device, Unimportable, hookimpl


class _Toy:
    version = "1.0"
    magic = b""

    def sniff(self, head: bytes, filename: str) -> float:
        return 1.0 if head.startswith(self.magic + b"\n") else 0.0


class ToyImporter(_Toy):
    name = "toy"
    formats = ("Toy run list (.toy)",)
    magic = b"TOY"

    def decode(self, request: DecodeRequest) -> Decoded:
        lines = request.path.read_text().splitlines()[1:]
        activities = []
        for number, line in enumerate(lines, start=2):
            if not line.strip():
                continue
            try:
                start, seconds, metres = line.split(",")
                activities.append(
                    Activity(
                        sport="running",
                        start_utc=datetime.fromisoformat(start),
                        elapsed_s=float(seconds),
                        distance_m=float(metres),
                    )
                )
            except ValueError as exc:
                raise Unimportable(f"line {number}: {exc}") from None
        return Decoded(format="toy run list", activities=tuple(activities), device=Device("toys"))


class StreamingImporter(_Toy):
    name = "streaming"
    formats = ("streaming toy",)
    magic = b"STREAM"
    streams = True

    def decode(self, request: DecodeRequest) -> Decoded:
        activities = []
        with request.path.open("rb") as source:
            source.readline()
            while line := source.readline():
                first, seconds, *rest = line.decode().strip().split(",")
                if first == "pause":
                    time.sleep(float(seconds))
                else:
                    activities.append(
                        Activity(
                            sport="running",
                            start_utc=datetime.fromisoformat(first),
                            elapsed_s=float(seconds),
                            distance_m=float(rest[0]),
                        )
                    )
                request.progress(source.tell())
        return Decoded(format="streaming toy", activities=tuple(activities))


class RaisingImporter(_Toy):
    name = "raising"
    formats = ("raising toy",)
    magic = b"RAISE"

    def decode(self, request: DecodeRequest) -> Decoded:
        raise RuntimeError("the toy exploded")


class HangingImporter(_Toy):
    name = "hanging"
    formats = ("hanging toy",)
    magic = b"HANG"

    def decode(self, request: DecodeRequest) -> Decoded:
        while True:
            time.sleep(1)


class MalformedImporter(_Toy):
    name = "malformed"
    formats = ("malformed toy",)
    magic = b"MALFORMED"

    def decode(self, request: DecodeRequest) -> Decoded:
        run = Activity(
            sport="running",
            start_utc=datetime.fromisoformat("2024-05-01T07:00:00+00:00"),
            elapsed_s=60,
        )
        object.__setattr__(run, "elapsed_s", -60.0)  # what a careless plugin could smuggle through
        return Decoded(format="malformed toy", activities=(run,))


class NotDecodedImporter(_Toy):
    name = "notdecoded"
    formats = ("not-decoded toy",)
    magic = b"NOTDECODED"

    def decode(self, request: DecodeRequest) -> Decoded:
        return {"activities": []}  # type: ignore[return-value]


class CrashingImporter(_Toy):
    name = "crashing"
    formats = ("crashing toy",)
    magic = b"CRASH"

    def decode(self, request: DecodeRequest) -> Decoded:
        os._exit(3)


@hookimpl
def runlift_register_importers(register):  # type: ignore[no-untyped-def]
    for importer in (
        ToyImporter(),
        StreamingImporter(),
        RaisingImporter(),
        HangingImporter(),
        MalformedImporter(),
        NotDecodedImporter(),
        CrashingImporter(),
    ):
        register(importer)
