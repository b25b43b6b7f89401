#!/usr/bin/env python3
"""Draws templates/logo.png with the standard library only.

The logo is a placeholder a society replaces with its own (any PNG). No signature is
shipped: a certificate shows a scanned signature only when a society adds one to its template.
Run from anywhere: python3 templates/make_images.py
"""
import math
import os
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))


def write_png(path, width, height, rows, colour_type):
    """rows: list of bytes, one per row, without the filter byte."""
    def chunk(tag, data):
        body = tag + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))
    raw = b"".join(b"\x00" + row for row in rows)
    png = b"\x89PNG\r\n\x1a\n"
    png += chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, colour_type, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(raw, 9))
    png += chunk(b"IEND", b"")
    with open(path, "wb") as f:
        f.write(png)


def logo(size=160, ss=4):
    """A navy disc with a gold ring and a circle of seven members around a table, on a
    transparent background (RGBA), so that it sits on any colour."""
    navy, gold, white = (0x1F, 0x3A, 0x5F), (0xC9, 0xA2, 0x27), (0xFF, 0xFF, 0xFF)
    clear = None
    c = size / 2
    members = [(c + 0.30 * size * math.cos(2 * math.pi * k / 7 - math.pi / 2),
                c + 0.30 * size * math.sin(2 * math.pi * k / 7 - math.pi / 2)) for k in range(7)]

    def colour(x, y):
        r = math.hypot(x - c, y - c)
        if r > 0.48 * size:
            return clear
        if r > 0.44 * size:
            return gold
        if any(math.hypot(x - mx, y - my) < 0.065 * size for mx, my in members):
            return white
        if r < 0.13 * size:
            return gold
        return navy

    rows = []
    for py in range(size):
        row = bytearray()
        for px in range(size):
            acc, opaque = [0, 0, 0], 0
            for sy in range(ss):
                for sx in range(ss):
                    col = colour(px + (sx + 0.5) / ss, py + (sy + 0.5) / ss)
                    if col is clear:
                        continue
                    opaque += 1
                    for i in range(3):
                        acc[i] += col[i]
            rgb = [round(a / opaque) if opaque else 0 for a in acc]
            row += bytes(rgb + [round(255 * opaque / (ss * ss))])
        rows.append(bytes(row))
    write_png(os.path.join(HERE, "logo.png"), size, size, rows, 6)


if __name__ == "__main__":
    logo()
