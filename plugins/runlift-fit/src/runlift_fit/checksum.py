"""The FIT CRC-16 (CRC-16/ARC) of whole files, computed by fastcrc (Rust).

fitdecode can check CRCs while it reads, but it updates the CRC for every field it reads, a million small
calls for a 2.4 MB file: a third of the decoding time. The same CRC over the whole buffer with fastcrc takes
a quarter of a millisecond (a pure-Python table over 16-bit words, used before, took 90 ms); the result is
identical (tests compare it with fitdecode's own CRC on every corpus file).
"""

from __future__ import annotations

from fastcrc import crc16 as _crc16


def crc16(data: bytes | memoryview) -> int:
    """The FIT CRC of `data`."""
    return int(_crc16.arc(data))


def header_matches(data: bytes | memoryview, start: int, header_size: int) -> bool:
    """Whether a FIT header's own checksum matches (a 12-byte header has none; a stored 0 means unset)."""
    if header_size < 14:
        return True
    stored = int.from_bytes(data[start + 12 : start + 14], "little")
    return not stored or crc16(data[start : start + 12]) == stored


def body_matches(data: bytes | memoryview, start: int, end: int) -> bool:
    """Whether the checksum after a FIT file (header and data, `start`..`end`) matches them."""
    return crc16(data[start:end]) == int.from_bytes(data[end : end + 2], "little")
