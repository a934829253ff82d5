#!/usr/bin/env python3
"""Compare sfn-bench results with the peers' (bench/peers.py).

    python3 bench/compare.py bench/results/sfn.jsonl bench/results/peers.jsonl
    cat sfn.jsonl peers.jsonl | python3 bench/compare.py

Every input is JSON lines, one object per op:
    {"peer": "sfn", "problem": "mlp", "op": "hvp", "median_s": ..., "value": ...}
Any number of files may be given ("-" or none: standard input); records are
matched by (problem, op). The table shows each peer's median time and the
ratio sfn/peer (below 1: sfn is faster). Rows whose op ends in "_mb" (peak
memory) have no time; their "value" is shown and compared instead.

Checksums: the "value" of each peer, and the extra checksum fields
(grad_sum, eig_min, eig_max) where both sides have them, are compared with
sfn's (with the first peer's when sfn has no such row). A relative difference
above --rtol (default 1e-6) is flagged. With --strict the exit code is 1 if
any checksum disagrees.
"""

import argparse
import json
import math
import sys

REFERENCE = "sfn"
PEER_ORDER = ("sfn", "jax", "torch", "numpy")
PROBLEM_ORDER = ("toy", "rosen", "mlp", "wide")
OP_ORDER = ("grad", "value_grad", "hvp", "hessian", "eigh", "hvp_peak_rss_mb")
EXTRA_CHECKSUMS = ("grad_sum", "eig_min", "eig_max")


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", default=["-"],
                        help="JSON-lines files ('-' for standard input)")
    parser.add_argument("--rtol", type=float, default=1e-6,
                        help="relative tolerance for checksums (default 1e-6)")
    parser.add_argument("--atol", type=float, default=0.0,
                        help="absolute tolerance for checksums (default 0)")
    parser.add_argument("--strict", action="store_true",
                        help="exit with status 1 if a checksum disagrees")
    parser.add_argument("--defaults", nargs="+", default=[], metavar="FILE",
                        help="a second set of results, every tool at its own "
                             "defaults on the whole machine (sfn-bench unpinned, "
                             "peers.py --threads default): printed as a second "
                             "table after the first (the positional files, "
                             "pinned to one core)")
    return parser.parse_args(argv)


# --------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------

def read_lines(name):
    """Lines of a file, or of standard input for '-'."""
    if name == "-":
        return sys.stdin.read().splitlines()
    with open(name) as handle:
        return handle.read().splitlines()


def parse_records(lines, source):
    """JSON objects with peer, problem and op; other lines are reported."""
    records = []
    for number, line in enumerate(lines, 1):
        line = line.strip()
        if not line:
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            warn(f"{source}:{number}: not JSON, ignored: {line[:60]}")
            continue
        if not all(key in record for key in ("peer", "problem", "op")):
            warn(f"{source}:{number}: no peer/problem/op, ignored")
            continue
        records.append(record)
    return records


def index_records(records):
    """{(problem, op): {peer: record}}; a later duplicate replaces an earlier."""
    table = {}
    for record in records:
        row = table.setdefault((record["problem"], record["op"]), {})
        if record["peer"] in row:
            warn(f"duplicate {record['peer']} {record['problem']} "
                 f"{record['op']}: the later one is used")
        row[record["peer"]] = record
    return table


def warn(message):
    print(f"[compare] {message}", file=sys.stderr)


# --------------------------------------------------------------------------
# Ordering
# --------------------------------------------------------------------------

def peer_columns(table):
    """Peers present, known ones first in PEER_ORDER, others by name."""
    present = {peer for row in table.values() for peer in row}
    known = [peer for peer in PEER_ORDER if peer in present]
    return known + sorted(present - set(known))


def rank(name, order):
    """Position of `name` in `order`; unknown names after all known ones."""
    return order.index(name) if name in order else len(order)


def row_order(table):
    """(problem, op) keys in PROBLEM_ORDER and OP_ORDER, unknown ones by name."""
    return sorted(table, key=lambda key: (rank(key[0], PROBLEM_ORDER), key[0],
                                          rank(key[1], OP_ORDER), key[1]))


# --------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------

def is_memory_op(op):
    return op.endswith("_mb")


def measure(record, op):
    """The number compared across peers: value for memory ops, else median_s."""
    if record is None:
        return None
    key = "value" if is_memory_op(op) else "median_s"
    number = record.get(key)
    return float(number) if isinstance(number, (int, float)) else None


def format_measure(number, op):
    if number is None:
        return "-"
    if is_memory_op(op):
        return f"{number:.0f} MB"
    if number < 1e-3:
        return f"{number * 1e6:.2f} us"
    if number < 1.0:
        return f"{number * 1e3:.3f} ms"
    return f"{number:.3f} s"


def format_ratio(numerator, denominator):
    if numerator is None or denominator is None or denominator == 0:
        return "-"
    return f"{numerator / denominator:.3g}x"


def relative_difference(a, b):
    scale = max(abs(a), abs(b))
    return 0.0 if scale == 0 else abs(a - b) / scale


def disagrees(a, b, rtol, atol):
    if math.isnan(a) or math.isnan(b):
        return not (math.isnan(a) and math.isnan(b))
    return abs(a - b) > atol and relative_difference(a, b) > rtol


# --------------------------------------------------------------------------
# Checksums
# --------------------------------------------------------------------------

def check_row(problem, op, row, rtol, atol):
    """Messages for checksums in `row` that disagree with the reference."""
    if is_memory_op(op) or not row:
        return []
    reference = REFERENCE if REFERENCE in row else next(iter(row))
    base = row[reference]
    messages = []
    for peer, record in row.items():
        if peer == reference:
            continue
        for field in ("value", *EXTRA_CHECKSUMS):
            mine, theirs = base.get(field), record.get(field)
            if not isinstance(mine, (int, float)) or \
                    not isinstance(theirs, (int, float)):
                continue
            if disagrees(float(mine), float(theirs), rtol, atol):
                messages.append(
                    f"{problem} {op} {field}: {reference} {mine!r} vs "
                    f"{peer} {theirs!r} (relative difference "
                    f"{relative_difference(float(mine), float(theirs)):.2e})")
    return messages


# --------------------------------------------------------------------------
# Table
# --------------------------------------------------------------------------

def build_table(table, peers):
    """Header and rows of strings: times per peer, then sfn/peer ratios."""
    others = [peer for peer in peers if peer != REFERENCE]
    ratio_peers = others if REFERENCE in peers else []
    header = ["problem", "op", *peers, *[f"{REFERENCE}/{p}" for p in ratio_peers]]
    lines = []
    for problem, op in row_order(table):
        row = table[(problem, op)]
        numbers = {peer: measure(row.get(peer), op) for peer in peers}
        cells = [problem, op]
        cells += [format_measure(numbers[peer], op) for peer in peers]
        cells += [format_ratio(numbers[REFERENCE], numbers[peer])
                  for peer in ratio_peers]
        lines.append(cells)
    return header, lines


def print_table(header, lines):
    widths = [max(len(str(cells[i])) for cells in [header, *lines])
              for i in range(len(header))]
    def render(cells):
        left = [str(c).ljust(w) for c, w in zip(cells[:2], widths[:2])]
        right = [str(c).rjust(w) for c, w in zip(cells[2:], widths[2:])]
        return "  ".join(left + right)
    print(render(header))
    print("  ".join("-" * width for width in widths))
    for cells in lines:
        print(render(cells))


def report(files, args, title=None):
    """One table (and its checksum check) from a set of files; the number of
    checksum mismatches."""
    records = []
    for name in files:
        records += parse_records(read_lines(name), name)
    if not records:
        sys.exit("no records read")
    table = index_records(records)
    peers = peer_columns(table)
    if REFERENCE not in peers:
        warn(f"no '{REFERENCE}' records: times only, no ratios")

    if title:
        print(f"== {title} ==\n")
    print_table(*build_table(table, peers))
    print(f"\nratio = {REFERENCE} median / peer median (below 1: "
          f"{REFERENCE} is faster); memory rows compare peak RSS in MB.")

    problems = []
    for problem, op in row_order(table):
        problems += check_row(problem, op, table[(problem, op)],
                              args.rtol, args.atol)
    if problems:
        print(f"\nCHECKSUM MISMATCHES (relative tolerance {args.rtol:g}):")
        for message in problems:
            print(f"  ! {message}")
    else:
        print(f"\nall checksums agree (relative tolerance {args.rtol:g})")
    return len(problems)


def main(argv):
    args = parse_args(argv)
    if not args.defaults:
        mismatches = report(args.files, args)
    else:
        mismatches = report(args.files, args, "pinned: every tool on one core, one thread")
        print()
        mismatches += report(args.defaults, args,
                             "defaults: every tool as it starts, on the whole machine")
    return 1 if mismatches and args.strict else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
