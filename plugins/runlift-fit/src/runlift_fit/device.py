"""The device or app that wrote a FIT file, from file_id and the creator's device_info."""

from __future__ import annotations

from runlift.importers import Device
from runlift_fit.clean import text
from runlift_fit.reading import DEVICE_INFO, FILE_ID, FitFile, Message


def device_of(file: FitFile) -> Device | None:
    """Manufacturer, product and serial number; file_id first, the creator's device_info filling gaps.

    A product name the file spells out ("COROS PACE 2") beats the profile's product name ("fenix6S_sport",
    resolved by fitdecode as garmin_product), which beats the bare product number.
    """
    sources = [m for m in (file.first(FILE_ID), _creator(file)) if m is not None]
    manufacturer = _pick(sources, "manufacturer")
    product = _pick(sources, "product_name", "garmin_product", "product")
    serial = _pick(sources, "serial_number")
    if manufacturer is None and product is None and serial is None:
        return None
    return Device(manufacturer=manufacturer, product=product, serial=serial)


def _creator(file: FitFile) -> Message | None:
    for info in file.all(DEVICE_INFO):
        if info.get("device_index") in ("creator", 0):
            return info
    return None


def _pick(sources: list[Message], *names: str) -> str | None:
    for name in names:
        for source in sources:
            value = text(source.get(name))
            if value is not None:
                return value
    return None
