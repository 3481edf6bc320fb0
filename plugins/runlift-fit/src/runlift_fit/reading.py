"""Reads a FIT stream once with fitdecode: the messages runlift uses, per chained file, and where damage stopped it."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import Any

import fitdecode
from fitdecode import CrcCheck, ErrorHandling

from runlift_fit.checksum import body_matches, header_matches
from runlift_fit.framing import Unframed, frame
from runlift_fit.records import rows_of

# Global message numbers from the FIT profile. Dispatching on numbers rather than names keeps working for
# messages a fitdecode profile does not name (Garmin adds sleep and HRV messages faster than it is updated).
FILE_ID = 0
USER_PROFILE = 3
SPORT = 12
SESSION = 18
LAP = 19
RECORD = 20
EVENT = 21
DEVICE_INFO = 23
WORKOUT = 26
WEIGHT_SCALE = 30
ACTIVITY = 34
MONITORING_INFO = 103
TIMESTAMP_CORRELATION = 162
MONITORING_HR_DATA = 211
TIME_IN_ZONE = 216
SET = 225
STRESS_LEVEL = 227
EXERCISE_TITLE = 264
SLEEP_LEVEL = 275
SLEEP_ASSESSMENT = 346
HRV_STATUS_SUMMARY = 370
HRV_VALUE = 371

# Long-established messages, kept as {field name: value}: names resolve subfields (a running session's
# avg_cadence is named avg_running_cadence) and fitdecode has already applied scale and offset.
_BY_NAME = frozenset(
    {
        FILE_ID,
        USER_PROFILE,
        SPORT,
        SESSION,
        LAP,
        DEVICE_INFO,
        WORKOUT,
        WEIGHT_SCALE,
        ACTIVITY,
        MONITORING_INFO,
        TIMESTAMP_CORRELATION,
        TIME_IN_ZONE,
    }
)
# Newer or Garmin-specific messages, kept as {field number: raw value}, so reading them does not depend on
# whether the installed profile names them; their modules apply the profile's scales themselves.
_BY_NUMBER = frozenset(
    {
        EVENT,
        MONITORING_HR_DATA,
        SET,
        STRESS_LEVEL,
        EXERCISE_TITLE,
        SLEEP_LEVEL,
        SLEEP_ASSESSMENT,
        HRV_STATUS_SUMMARY,
        HRV_VALUE,
    }
)

# A record row: the fields of one `record` message that the sample streams use, by position.
TIMESTAMP, HEART_RATE, SPEED, ENHANCED_SPEED, CADENCE, FRACTIONAL_CADENCE = 0, 1, 2, 3, 4, 5
ALTITUDE, ENHANCED_ALTITUDE, DISTANCE, POSITION_LAT, POSITION_LONG = 6, 7, 8, 9, 10
_RECORD_SLOTS = {
    "timestamp": TIMESTAMP,
    "heart_rate": HEART_RATE,
    "speed": SPEED,
    "enhanced_speed": ENHANCED_SPEED,
    "cadence": CADENCE,
    "fractional_cadence": FRACTIONAL_CADENCE,
    "altitude": ALTITUDE,
    "enhanced_altitude": ENHANCED_ALTITUDE,
    "distance": DISTANCE,
    "position_lat": POSITION_LAT,
    "position_long": POSITION_LONG,
}
_RECORD_WIDTH = len(_RECORD_SLOTS)
# Every message number read, whatever the decoder.
_WANTED = _BY_NAME | _BY_NUMBER

Message = dict[Any, Any]
Row = list[Any]


@dataclass
class FitFile:
    """One FIT file of a stream (a stream holds several when files are chained), as far as it was read."""

    index: int
    offset: int
    header_size: int
    body_size: int
    messages: dict[int, list[Message]] = field(default_factory=dict)
    records: list[Row] = field(default_factory=list)

    def all(self, mesg_num: int) -> list[Message]:
        """Every message of this number, in file order."""
        return self.messages.get(mesg_num, [])

    def first(self, mesg_num: int) -> Message | None:
        """The first message of this number, if any."""
        found = self.messages.get(mesg_num)
        return found[0] if found else None

    @property
    def file_type(self) -> Any:
        """file_id.type: a profile name ("activity"), the number when the profile does not name it, or
        whatever a damaged definition made of it."""
        file_id = self.first(FILE_ID)
        return None if file_id is None else file_id.get("type")


@dataclass(frozen=True)
class Damage:
    """Where and why decoding stopped before the end of the stream.

    `partial` says whether the FIT file being read when it happened lost messages; it is False when the
    damage only spoils what comes after a whole file (its checksum, or the header of a next chained part).
    """

    offset: int
    problem: str
    partial: bool = True


@dataclass
class FitStream:
    """Everything read from a stream: its FIT files, and the damage that ended reading early, if any."""

    files: list[FitFile]
    damage: Damage | None = None


# How a stream is decoded: "auto" frames it, fitdecode decodes only the messages runlift reads and the
# records are unpacked with struct (records.py); "selective" leaves the records to fitdecode too; "full"
# has fitdecode read every message (the reference, and what a damaged or unusual stream always gets).
DECODERS = ("auto", "selective", "full")


def read_stream(data: bytes, decoder: str = "auto") -> FitStream:
    """Decode `data`, keeping the messages runlift needs; never raises for damaged input.

    Every decoder gives the same FitStream; the framed ones only skip work. A stream they cannot frame
    (damaged, compressed timestamps, unusual record fields) is read whole.
    """
    if decoder == "full":
        return _read_whole(data)
    if decoder == "auto":
        try:
            return _read_framed(data, unpack_records=True)
        except Unframed as exc:
            if not exc.records_only:
                return _read_whole(data)
    try:
        return _read_framed(data, unpack_records=False)
    except Unframed:
        return _read_whole(data)


def ends_early(stream: FitStream, data: bytes) -> bool:
    """Whether the data stops before the end its last FIT header declares (header, messages and the
    2-byte checksum): what a file still being written looks like, as opposed to damage inside it."""
    if stream.files:
        last = stream.files[-1]
        return last.offset + last.header_size + last.body_size + 2 > len(data)
    # No header was read whole: the first one's own sizes say whether the data stops inside it.
    if len(data) < 12:
        return True
    declared = data[0] + int.from_bytes(data[4:8], "little") + 2
    return len(data) < data[0] or len(data) < declared


def _read_framed(data: bytes, *, unpack_records: bool) -> FitStream:
    """Frame an intact stream: fitdecode decodes only the wanted messages; records are unpacked with
    struct, or left to fitdecode too."""
    framed = frame(data, _WANTED, split_records=unpack_records)
    stream = _decode(framed.selective)
    if stream.damage is not None or len(stream.files) != len(framed.files):
        raise Unframed("the framed stream did not decode cleanly")
    for file, part in zip(stream.files, framed.files, strict=True):
        file.offset, file.header_size, file.body_size = (
            part.offset,
            part.header_size,
            part.body_size,
        )
        if unpack_records:
            file.records = rows_of(part.runs, _RECORD_SLOTS, _RECORD_WIDTH)
    return stream


def _read_whole(data: bytes) -> FitStream:
    """fitdecode reads every message; checksums are verified over the files read whole."""
    stream = _decode(data)
    # A file whose reading failed has no trustworthy end to check; those before it were read whole.
    whole = (
        stream.files[:-1] if stream.damage is not None and stream.damage.partial else stream.files
    )
    stream.damage = _earliest(_checksum_damage(data, whole), stream.damage)
    return stream


def _decode(data: bytes) -> FitStream:
    """One fitdecode pass over `data`, keeping what runlift uses, and the damage that stopped it."""
    source = io.BytesIO(data)
    # processor=None: the default processor turns every date_time of every record into a datetime and
    # walks each field through three method lookups; times are needed as integers for slicing anyway.
    # CrcCheck.DISABLED: the checksums are verified afterwards over whole files (see checksum.py), which
    # finds the same damage at a fraction of the cost.
    # ErrorHandling.IGNORE: what it tolerates (field sizes that are no multiple of their type, developer
    # fields without a description) are quirks of working devices, decoded as bytes; real damage still
    # raises (undefined local messages, short reads, bad headers, bad checksums).
    reader = fitdecode.FitReader(
        source,
        processor=None,
        check_crc=CrcCheck.DISABLED,
        error_handling=ErrorHandling.IGNORE,
    )
    stream = FitStream(files=[])
    current: FitFile | None = None
    try:
        for frame_ in reader:
            # fitdecode yields a FitHeader before any message; `current` is never None for a message.
            if isinstance(frame_, fitdecode.FitDataMessage) and current is not None:
                _keep(current, frame_)
            elif isinstance(frame_, fitdecode.FitHeader):
                offset = source.tell() - frame_.header_size
                current = FitFile(len(stream.files), offset, frame_.header_size, frame_.body_size)
                stream.files.append(current)
    except Exception as exc:  # a damaged file must become a reason, whatever fitdecode raised
        stream.damage = _damage(exc, source.tell(), current)
    finally:
        reader.close()
    return stream


def _keep(file: FitFile, frame: Any) -> None:
    mesg_num = frame.global_mesg_num
    if mesg_num == RECORD:
        row: Row = [None] * _RECORD_WIDTH
        for fd in frame.fields:
            slot = _RECORD_SLOTS.get(fd.name)
            if slot is not None and fd.value is not None:
                row[slot] = fd.value
        file.records.append(row)
    elif mesg_num in _BY_NAME:
        message: Message = {}
        for fd in frame.fields:
            # A component expanded into a field of the same name must not be hidden by an invalid original.
            if fd.value is not None or fd.name not in message:
                message[fd.name] = fd.value
        file.messages.setdefault(mesg_num, []).append(message)
    elif mesg_num in _BY_NUMBER:
        raw: Message = {}
        for fd in frame.fields:
            if fd.raw_value is not None or fd.def_num not in raw:
                raw[fd.def_num] = fd.raw_value
        file.messages.setdefault(mesg_num, []).append(raw)


def _checksum_damage(data: bytes, files: list[FitFile]) -> Damage | None:
    """The first checksum mismatch among whole files (a header's CRC may be left 0: not checked then)."""
    view = memoryview(data)
    for file in files:
        start = file.offset
        if not header_matches(view, start, file.header_size):
            return Damage(start, _CHECKSUM_PROBLEM.format(part="header"), partial=False)
        end = start + file.header_size + file.body_size
        if end + 2 > len(data):
            continue  # a truncated file has no footer to check: reading has reported it already
        if not body_matches(view, start, end):
            return Damage(end, _CHECKSUM_PROBLEM.format(part="data"), partial=False)
    return None


def _earliest(first: Damage | None, second: Damage | None) -> Damage | None:
    """One damage to report: the earlier one, naming the later too and whether either cut a file short."""
    if first is None or second is None:
        return first or second
    early, late = sorted((first, second), key=lambda damage: damage.offset)
    return Damage(
        early.offset,
        f"{early.problem}; and at byte {late.offset}: {late.problem}",
        early.partial or late.partial,
    )


_CHECKSUM_PROBLEM = (
    "the checksum of the FIT {part} does not match: the file was changed or damaged after the device "
    "wrote it"
)
_OFFSET_IN_MESSAGE = re.compile(r"(?:offset: |@ )(\d+)")


def _damage(exc: Exception, position: int, current: FitFile | None) -> Damage:
    """Words a user can act on for what fitdecode raised, and the byte where it happened."""
    message = str(exc)
    if isinstance(exc, fitdecode.FitEOFError):
        if (
            current is not None
            and exc.offset >= current.offset + current.header_size + current.body_size
        ):
            return Damage(
                exc.offset,
                "the file is truncated: the checksum at its end is missing",
                partial=False,
            )
        return Damage(
            exc.offset,
            "the file is truncated: it ends in the middle of a message (copy it from the device again)",
        )
    if isinstance(exc, fitdecode.FitHeaderError):
        found = _OFFSET_IN_MESSAGE.search(message)
        offset = int(found.group(1)) if found else position
        if "truncated" in message:
            return Damage(
                offset, "the file is truncated: it ends inside a FIT header", partial=False
            )
        return Damage(
            offset, "a further FIT part chained to the file has no valid FIT header", partial=False
        )
    if isinstance(exc, fitdecode.FitParseError):
        detail = message.split(": ", 1)[1] if ": " in message else message
        return Damage(exc.offset, f"the file is damaged: {detail}")
    return Damage(
        position,
        "the file is damaged: the FIT decoder cannot make sense of the data here "
        f"({type(exc).__name__}: {message})",
    )
