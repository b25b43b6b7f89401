#!/usr/bin/env python3
"""The mutant list (mutants.txt) for run.sh: parse it, apply one mutant to a copy of the tree,
and undo it.

    mutants.py ids LIST                  the ids, one a line
    mutants.py field LIST ID KEY         one field of a record (file, what, tests)
    mutants.py union LIST ID...          the `tests` regexes of these mutants joined with |
    mutants.py check LIST TREE           exit 1 (naming them) when a mutant's text is not in its
                                         file exactly once
    mutants.py apply LIST TREE ID        mutate TREE/FILE (the original kept beside it)
    mutants.py restore LIST TREE ID      put the original back
"""
import os
import sys


def parse(path):
    records, cur = [], {}
    for n, line in enumerate(open(path, encoding="utf-8"), 1):
        line = line.rstrip("\n")
        if line.startswith("#"):
            continue
        if not line.strip():
            if cur:
                records.append(cur)
            cur = {}
            continue
        key, sep, value = line.partition(":")
        if not sep or key not in ("id", "file", "what", "old", "new", "tests"):
            sys.exit(f"{path}:{n}: expected 'KEY: value' with KEY id, file, what, old, new or tests")
        cur[key] = value[1:] if value.startswith(" ") else value
    if cur:
        records.append(cur)
    seen = set()
    for r in records:
        for key in ("id", "file", "what", "old", "new", "tests"):
            if key not in r:
                sys.exit(f"{path}: mutant {r.get('id', '?')} has no '{key}'")
        if r["id"] in seen:
            sys.exit(f"{path}: mutant {r['id']} twice")
        seen.add(r["id"])
    return records


def find(records, mid):
    for r in records:
        if r["id"] == mid:
            return r
    sys.exit(f"no mutant {mid}")


def main():
    cmd, path = sys.argv[1], sys.argv[2]
    records = parse(path)
    if cmd == "ids":
        print("\n".join(r["id"] for r in records))
    elif cmd == "field":
        print(find(records, sys.argv[3]).get(sys.argv[4], ""))
    elif cmd == "union":
        print("|".join(find(records, m)["tests"] for m in sys.argv[3:]))
    elif cmd == "check":
        bad = []
        for r in records:
            f = os.path.join(sys.argv[3], r["file"])
            n = open(f, encoding="utf-8").read().count(r["old"]) if os.path.exists(f) else 0
            if n != 1:
                bad.append(f"{r['id']}: {r['file']}: its text occurs {n} times, not once")
        print("\n".join(bad))
        return 1 if bad else 0
    elif cmd in ("apply", "restore"):
        r = find(records, sys.argv[4])
        f = os.path.join(sys.argv[3], r["file"])
        orig = f + ".mutant-orig"
        if cmd == "apply":
            text = open(f, encoding="utf-8").read()
            if text.count(r["old"]) != 1:
                sys.exit(f"{r['id']}: its text is not in {r['file']} exactly once")
            os.replace(f, orig)
            with open(f, "w", encoding="utf-8") as out:
                out.write(text.replace(r["old"], r["new"]))
        else:
            os.replace(orig, f)
            # The original keeps its old time, older than the object built from the mutant:
            # dated now, so the next build compiles it again instead of keeping the mutant.
            os.utime(f, None)
    else:
        sys.exit(__doc__)
    return 0


if __name__ == "__main__":
    sys.exit(main())
