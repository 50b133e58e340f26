"""A minimal ICC v2 RGB matrix profile, written by hand so tests can embed a colour space that is not sRGB.

``swapped_profile()`` has sRGB's red and blue primaries exchanged: a pixel stored as pure red *means* sRGB blue,
so a pipeline that converts to sRGB must turn it blue, and one that ignores the profile leaves it red.
"""

from __future__ import annotations

import struct

D50 = (0.9642, 1.0, 0.8249)
SRGB_PRIMARIES = {"r": (0.4361, 0.2225, 0.0139), "g": (0.3851, 0.7169, 0.0971), "b": (0.1431, 0.0606, 0.7141)}


def _fixed(value: float) -> bytes:
    return struct.pack(">i", round(value * 65536))


def _xyz(values) -> bytes:
    return b"XYZ \0\0\0\0" + b"".join(_fixed(v) for v in values)


def _desc(text: str) -> bytes:
    ascii_text = text.encode("ascii") + b"\0"
    return (b"desc\0\0\0\0" + struct.pack(">I", len(ascii_text)) + ascii_text + b"\0" * 8 + b"\0\0\0" + b"\0" * 67)


def _pad(data: bytes) -> bytes:
    return data + b"\0" * (-len(data) % 4)


def swapped_profile() -> bytes:
    curve = b"curv\0\0\0\0" + struct.pack(">IH", 1, 0x0233) + b"\0\0"  # gamma 2.2
    tags = [(b"desc", _desc("Netzbrief test: red and blue swapped")), (b"wtpt", _xyz(D50)),
            (b"rXYZ", _xyz(SRGB_PRIMARIES["b"])), (b"gXYZ", _xyz(SRGB_PRIMARIES["g"])),
            (b"bXYZ", _xyz(SRGB_PRIMARIES["r"])), (b"rTRC", curve), (b"gTRC", curve), (b"bTRC", curve),
            (b"cprt", b"text\0\0\0\0public domain\0")]
    offset = 128 + 4 + 12 * len(tags)
    table, data = struct.pack(">I", len(tags)), b""
    for signature, body in tags:
        table += signature + struct.pack(">II", offset + len(data), len(body))
        data += _pad(body)
    size = offset + len(data)
    head = (struct.pack(">I", size) + b"\0\0\0\0" + struct.pack(">I", 0x02100000) + b"mntrRGB XYZ " + b"\0" * 12
            + b"acsp" + b"\0" * 24 + struct.pack(">I", 0) + b"".join(_fixed(v) for v in D50) + b"\0" * 48)
    assert len(head) == 128
    return head + table + data
