#!/usr/bin/env python3
"""Draws templates/logo.png and templates/signature.png with the standard library only.

The images are placeholders a society replaces with its own (any 8-bit PNG, not interlaced).
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


def signature(width=360, height=100):
    """A made-up flourish in dark ink on white, anti-aliased by distance to the stroke."""
    points = []
    for i in range(2400):
        t = i / 2399
        u = 2 * math.pi * 7 * t
        envelope = 1.0 - 0.45 * t + 0.35 * math.sin(2 * math.pi * 1.5 * t)
        x = 30 + 290 * t - 14 * math.sin(u)
        y = 52 - 24 * envelope * math.cos(u) + 6 * math.sin(2 * math.pi * 2 * t)
        points.append((x, y))
    points += [(60 + 250 * t, 86 - 5 * t) for t in (i / 599 for i in range(600))]
    ink = 1.6
    grid = {}
    for x, y in points:
        for gx in range(int(x) - 3, int(x) + 4):
            for gy in range(int(y) - 3, int(y) + 4):
                d = math.hypot(gx + 0.5 - x, gy + 0.5 - y)
                grid[(gx, gy)] = min(grid.get((gx, gy), 9.0), d)
    rows = []
    for py in range(height):
        row = bytearray()
        for px in range(width):
            d = grid.get((px, py), 9.0)
            cover = max(0.0, min(1.0, ink + 0.5 - d))
            row.append(round(255 - cover * (255 - 0x1A)))
        rows.append(bytes(row))
    write_png(os.path.join(HERE, "signature.png"), width, height, rows, 0)


if __name__ == "__main__":
    logo()
    signature()
