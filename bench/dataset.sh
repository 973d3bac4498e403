#!/usr/bin/env bash
# Benchmark, run by hand (not part of the tests): `dataset import` of a large "Structures et utilisateurs" file
# (default 1,000,000 short rows, 17 MB: under the 20 MB limit), wall time and peak memory, beside a baseline that
# does the same job with Python's csv and json modules (read, check the width, write JSON).
# Needs: /usr/bin/time, python3. Usage: bench/dataset.sh [rows]   (BIN=path to use another build)
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-1000000}
if [ -z "${BIN:-}" ]; then
  BIN=$(scripts/build-release 2>/dev/null)/chorus-doctor
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export HOME=$WORK NO_COLOR=1 LANG=C.UTF-8
python3 - "$WORK/big.csv" "$ROWS" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("Entité;SIRET\n")
    f.write("Fo;95260181300019\n" * int(sys.argv[2]))
PY
echo "== dataset import: $ROWS rows, $(du -h "$WORK/big.csv" | cut -f1)"
measure() {
  /usr/bin/time -f "  %e s wall, %U s user, %M KiB peak" "$@" >/dev/null 2>"$WORK/time.txt" || true
  tail -1 "$WORK/time.txt"
}
echo "chorus-doctor dataset import:"
measure "$BIN" dataset import "$WORK/big.csv" --name big
ls -l "$HOME/.local/state/chorus-doctor/datasets/big.json" 2>/dev/null | awk '{print "  stored: " $5 " bytes"}'
echo "baseline (python3 csv + json):"
cat >"$WORK/baseline.py" <<'PY'
import csv, json, sys
rows = []
with open(sys.argv[1], encoding="utf-8", newline="") as f:
    reader = csv.reader(f, delimiter=";")
    header = next(reader)
    for line, row in enumerate(reader, start=2):
        if len(row) != len(header): sys.exit(f"line {line}: width")
        rows.append({"line": line, "entity_label": row[0], "identifier": row[1]})
json.dump({"entries": rows}, open(sys.argv[2], "w"))
PY
measure python3 "$WORK/baseline.py" "$WORK/big.csv" "$WORK/baseline.json"
