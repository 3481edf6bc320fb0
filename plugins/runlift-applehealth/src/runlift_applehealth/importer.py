"""The Apple Health importer: recognises `export.xml` by its `HealthData` root and reads it as a stream
through expat (bounded memory at any size), taking workouts, nights, resting heart rate, HRV (SDNN) and
weigh-ins; an export that stops being well-formed keeps every record before the break and says where."""

from __future__ import annotations

import re
from xml.parsers import expat

from runlift.importers import Activity, Decoded, DecodeRequest, Device, Unimportable
from runlift.importers.notes import Notes
from runlift_applehealth import __version__
from runlift_applehealth.nodes import Node
from runlift_applehealth.records import READ, Records
from runlift_applehealth.stream import ExportStream
from runlift_applehealth.workouts import read_workout

FORMAT = "Apple Health export XML"
NAME_HINT = 0.2
_ROOT = re.compile(rb"<!DOCTYPE\s+HealthData\b|<HealthData[\s>]|HealthKit Export Version")
_XML = re.compile(rb"\s*(?:<\?xml|<!DOCTYPE|<HealthData)")
# What the export holds besides records and workouts, read past without a note (ActivitySummary: the
# rings; Correlation: its records are repeated at the top level; Me: the owner's characteristics).
UNREAD = frozenset(
    {
        "ExportDate", "Me", "ActivitySummary", "Correlation", "ClinicalRecord", "Audiogram",
        "VisionPrescription",
    }
)  # fmt: skip


class AppleHealthImporter:
    """Reads Apple Health's `export.xml` ("Export All Health Data" in the Health app)."""

    name: str = "applehealth"
    version: str = __version__
    formats: tuple[str, ...] = (FORMAT,)
    # Read as a stream in bounded memory: an export past [import] max_file_bytes reaches it.
    streams: bool = True

    def sniff(self, head: bytes, filename: str) -> float:
        """Certain from the `HealthData` DOCTYPE or root in the head; an XML file named export.xml is a
        hint, so that another file of that name is rejected saying why."""
        if _XML.match(head.lstrip(b"\xef\xbb\xbf")):
            if _ROOT.search(head):
                return 1.0
            if filename.lower().endswith("export.xml"):
                return NAME_HINT
        return 0.0

    def decode(self, request: DecodeRequest) -> Decoded:
        reader = _Reader()
        with request.path.open("rb") as source:
            stream = ExportStream(source)
            try:
                for chunk in stream:
                    reader.parser.Parse(chunk, False)
                    request.progress(source.tell())
                reader.parser.Parse(b"", True)
            except expat.ExpatError as exc:
                if not reader.rooted:
                    raise Unimportable(f"not well-formed XML: {exc}") from None
                reason = expat.ErrorString(exc.code)
                # The file ended inside an element: cut off (still being copied, or a broken export).
                reader.truncated = reason in ("no element found", "unclosed token")
                reader.stopped = (
                    f"the export stops being well-formed at line {exc.lineno:,} ({reason}); the "
                    f"{reader.records.count:,} records and {len(reader.workouts):,} workouts before "
                    "it were read"
                )
        if not reader.rooted:
            raise Unimportable(
                "not an Apple Health export: no <HealthData> element", truncated=True
            )
        notes = reader.records.noted()
        return Decoded(
            format=FORMAT,
            activities=tuple(reader.workouts),
            sleep=tuple(reader.records.sleep.nights(notes)),
            body=tuple(reader.records.body()),
            wellness=tuple(reader.records.wellness),
            device=Device(manufacturer="Apple", product="Apple Health export"),
            salvaged=reader.stopped,
            truncated=reader.truncated,
            notes=notes.lines(),
        )


def _attributes(flat: list[str]) -> dict[str, str]:
    """expat's ordered attributes [name, value, ...] as a dict."""
    return dict(zip(flat[::2], flat[1::2], strict=True))


class _Reader:
    """Expat's handlers: each top-level `<Record>` runlift reads and each `<Workout>` is built (with its
    children) and taken when it ends; every other element is passed over without building anything, so
    memory and time go to the few elements read, not the millions of heart-rate samples."""

    def __init__(self) -> None:
        self.parser = expat.ParserCreate()
        # Attributes as a flat [name, value, ...] list: cheaper for expat to hand over than a dict, and
        # the millions of elements passed over are never looked at but for a record's first attribute.
        self.parser.ordered_attributes = True
        self.parser.StartElementHandler = self._start
        self.parser.EndElementHandler = self._end
        self.notes = Notes()
        self.records = Records(self.notes)
        self.workouts: list[Activity] = []
        self.depth = 0
        self.rooted = False
        self.skipping = False
        self.stack: list[Node] = []
        self.stopped: str | None = None
        self.truncated = False

    def _start(self, name: str, attrs: list[str]) -> None:
        self.depth += 1
        if self.depth == 1:
            if name != "HealthData":
                raise Unimportable(
                    f"not an Apple Health export: its root element is <{name}>, not <HealthData>"
                )
            self.rooted = True
        elif self.depth == 2:
            if name == "Record":
                # The Health app writes `type` first; any other order is looked up.
                kind = attrs[1] if attrs[:1] == ["type"] else _attributes(attrs).get("type", "")
                if kind in READ:
                    self.stack = [Node(name, _attributes(attrs))]
                    return
                self.records.skip(kind)
            elif name == "Workout":
                self.stack = [Node(name, _attributes(attrs))]
                return
            elif name not in UNREAD:
                self.notes.add("elements runlift does not read", f"<{name}>")
            self.skipping = True
        elif not self.skipping:
            node = Node(name, _attributes(attrs))
            self.stack[-1].children.append(node)
            self.stack.append(node)

    def _end(self, name: str) -> None:
        self.depth -= 1
        if self.depth == 1:
            if self.skipping:
                self.skipping = False
                return
            node, self.stack = self.stack[0], []
            if node.tag == "Record":
                self.records.take(node)
            else:
                self.workouts.append(read_workout(node, f"workout {len(self.workouts) + 1:,}"))
        elif self.depth > 1 and not self.skipping:
            self.stack.pop()
