#!/usr/bin/env python3
"""Prints the lines of src/ that build SQL at run time (sql-audit.sh's pattern) as FILE:TEXT.
A call that clang-format broke over several lines (`SQLite::Statement q(` then the SQL on the
next line) is read as one: a line ending in '(' or ',' is joined with the lines after it (at
most four) before the pattern is applied, so reflowing code cannot hide a statement."""
import os
import re
import sys

PATTERN = re.compile(r'fmt::format\("(SELECT|INSERT|UPDATE|DELETE|PRAGMA|CREATE|ALTER|DROP)|\.exec\([^")]|'
                     r'Statement [a-z_]+\([^,]+, [^"]|sqlite3_(prepare|exec)|std::string\("(SELECT|INSERT|UPDATE|DELETE)')
root = sys.argv[1] if len(sys.argv) > 1 else "src"
for folder, _, files in sorted(os.walk(root)):
    for name in sorted(files):
        path = os.path.join(folder, name)
        lines = open(path, encoding="utf-8", errors="replace").read().splitlines()
        def joined(i):
            text, k = lines[i].strip(), i
            while text.endswith(("(", ",")) and k + 1 < len(lines) and k < i + 4:
                k += 1
                text += ("" if text.endswith("(") else " ") + lines[k].strip()
            return text, k

        i = 0
        while i < len(lines):
            text, k = joined(i)
            if not PATTERN.search(text):
                i += 1
                continue
            # The innermost line of the joined ones that still matches names the statement.
            while i < k and PATTERN.search(joined(i + 1)[0]):
                i += 1
                text, k = joined(i)
            print(f"{path}:{text}")
            i = k + 1
