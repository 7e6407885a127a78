#!/usr/bin/env bash
# Batch printing against ReportLab, whole process, in one run: 1,000 dispatch slips of the large
# shop by `kaidan print dispatch N1 … N1000 -o …` and by benches/reference/reportlab_dispatch.py
# (the same content, read from the same file), timed by hyperfine; prints the medians and
# their ratio.
#
#   benches/reference/compare-print.sh target/bench/large.sqlite3 [COUNT]
#
# Works on a copy of the shop (a print records itself in the order's history). Needs a release
# build (cargo build --release), hyperfine, python3 with reportlab (pip install reportlab) and the
# TrueType CJK font it draws with (apt install hyperfine fonts-wqy-zenhei).
set -euo pipefail
cd "$(dirname "$0")/../.."
shop=${1:?usage: compare-print.sh SHOP.sqlite3 [COUNT]}
count=${2:-1000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$shop" "$work/shop.sqlite3"
target/release/kaidan --db "$work/shop.sqlite3" init >/dev/null   # migrate once, outside the timing
# The newest orders a dispatch slip may be printed for: confirmed, no open block.
mapfile -t numbers < <(python3 - "$work/shop.sqlite3" "$count" <<'PY'
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
rows = conn.execute(
    "SELECT number FROM orders o WHERE status IN ('confirmed', 'partially_shipped') AND NOT EXISTS "
    "(SELECT 1 FROM exceptions e WHERE e.subject = o.number AND e.status IN ('open', 'in_progress') AND e.severity = 'block') "
    "ORDER BY id DESC LIMIT ?", (int(sys.argv[2]),)).fetchall()
print("\n".join(r[0] for r in rows))
PY
)
echo "${#numbers[@]} orders, e.g. ${numbers[0]} … ${numbers[-1]}" >&2
# hyperfine times each whole process: one warm-up run each (the first print of a copied file
# also checks the whole file once, a per-file cost), then kaidan five times and ReportLab three.
hyperfine --style basic --warmup 1 --runs 5 --export-json "$work/kaidan.json" \
  "target/release/kaidan --db $work/shop.sqlite3 print dispatch ${numbers[*]} -o $work/kaidan.pdf" >&2
hyperfine --style basic --warmup 1 --runs 3 --export-json "$work/reportlab.json" \
  "python3 benches/reference/reportlab_dispatch.py $work/shop.sqlite3 $work/reportlab.pdf ${numbers[*]}" >&2
median() { python3 -c "import json,sys; print('%.3f' % json.load(open(sys.argv[1]))['results'][0]['median'])" "$1"; }
k=$(median "$work/kaidan.json") r=$(median "$work/reportlab.json")
pages() { python3 -c "import re,sys; print(len(re.findall(rb'/Type\s*/Page[^s]', open(sys.argv[1],'rb').read())))" "$1"; }
echo "kaidan:    median $k s, $(stat -c %s "$work/kaidan.pdf") bytes, $(pages "$work/kaidan.pdf") pages"
echo "ReportLab: median $r s, $(stat -c %s "$work/reportlab.pdf") bytes, $(pages "$work/reportlab.pdf") pages"
echo "ratio: $(echo "scale=1; $r / $k" | bc)×"
