#!/usr/bin/env bash
# Benchmark, run by hand (not part of the tests): start-up, a full healthy check against the simulator per stage,
# the same HTTP calls made by curl in a shell loop (the baseline), and peak memory.
# Needs: hyperfine, curl, /usr/bin/time (apt-get install -y hyperfine curl time). Results go to bench/results/.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-30}
PORT=${PORT:-18787}
OUT=bench/results
mkdir -p "$OUT"

# The release build as shipped (README, "Install"; scripts/build-release): Swift runtime linked statically, which
# saves the dynamic loader a third of the start-up.
# CHORUS_DOCTOR=path/to/chorus-doctor measures a binary built elsewhere (another scratch path, another commit); its
# chorus-doctor-sim is the one beside it, or CHORUS_DOCTOR_SIM.
if [ -n "${CHORUS_DOCTOR:-}" ]; then
  BIN=$(realpath "$CHORUS_DOCTOR")
else
  # The simulator is a program of its own (chorus-doctor-sim), built and installed beside the tool.
  BIN=$(scripts/build-release 2>/dev/null)/chorus-doctor
fi
HELLO=$PWD/.build/bench-hello
# Linked the default way (gold), even when the binary measured has packed relocations: linked by lld, the hello
# keeps 48 MB more of the static Foundation and takes 150 more page faults to start, a baseline that would flatter.
swiftc -O -static-stdlib bench/hello/main.swift -o "$HELLO" 2>/dev/null
LIBS=$PWD/.build/bench-libraries
cc -O2 bench/hello/libraries.c -o "$LIBS" -lcurl -ledit
export HOME=$(mktemp -d)
export NO_COLOR=1 LANG=C.UTF-8
trap 'kill $SIM 2>/dev/null; rm -rf "$HOME"' EXIT

"$BIN" sim --port "$PORT" --save-profile bench >"$OUT/sim.log" 2>&1 &
SIM=$!
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$PORT/" && break; sleep 0.1; done

echo "== start-up: chorus-doctor --help beside a Foundation hello built the same way"
hyperfine -N --warmup 3 --runs "$RUNS" --export-json "$OUT/startup.json" "$HELLO" "$LIBS" "$BIN --help" | sed -n '1,16p'

echo "== full healthy check (7 HTTP calls + 1 connect) vs the same calls with curl"
cat >"$OUT/curl-baseline.sh" <<CURL
#!/usr/bin/env bash
set -e
B=http://127.0.0.1:$PORT
T=\$(curl -s -X POST \$B/api/oauth/token -H 'Content-Type: application/x-www-form-urlencoded' \
  --data 'grant_type=client_credentials&client_id=4f6d2c1a-8b3e-4a5f-9c7d-1e2f3a4b5c6d&client_secret=9e8d7c6b-5a49-4382-b1a0-f9e8d7c6b5a4&scope=openid' \
  | sed 's/.*"access_token":"\([^"]*\)".*/\1/')
A=\$(printf '%s' 'TECH_1_00000000012345@cpp2017.fr:Qualif-Demo-2024!' | base64 -w0)
H=(-H "Authorization: Bearer \$T" -H "cpro-account: \$A" -H 'Content-Type: application/json;charset=utf-8')
curl -s -o /dev/null "\${H[@]}" \$B/cpro/transverses/v1/health-check
curl -s -o /dev/null "\${H[@]}" -d '{}' \$B/cpro/transverses/v1/recuperer/structures/actives/fournisseur
curl -s -o /dev/null "\${H[@]}" -d '{}' \$B/cpro/transverses/v1/recuperer/tauxtva
curl -s -o /dev/null "\${H[@]}" -d '{"structure":{"identifiantStructure":"95260181300019","typeIdentifiantStructure":"SIRET"}}' \$B/cpro/structures/v1/rechercher
curl -s -o /dev/null "\${H[@]}" -d '{}' \$B/cpro/factures/v1/rechercher/fournisseur
curl -s -o /dev/null "\${H[@]}" -d '{"idStructureCPP":26311345,"codeLangue":"fr"}' \$B/cpro/structures/v1/consulter
CURL
chmod +x "$OUT/curl-baseline.sh"
hyperfine -N --warmup 3 --runs "$RUNS" --export-json "$OUT/check.json" \
  "$BIN check --profile bench --no-save" "$OUT/curl-baseline.sh" | sed -n '1,20p'

echo "== per stage (mean of $RUNS runs, ms)"
for _ in $(seq "$RUNS"); do "$BIN" check --profile bench --no-save --json; done >"$OUT/stages.jsonl" || true
python3 - "$OUT/stages.jsonl" <<'PY'
import json, sys
docs, buf = [], ""
for line in open(sys.argv[1]):
    buf += line
    if line.startswith("}"):
        docs.append(json.loads(buf)); buf = ""
ids = [s["id"] for s in docs[0]["stages"]]
for i in ids:
    values = sorted(s["duration_ms"] for d in docs for s in d["stages"] if s["id"] == i)
    print(f"  {i:10} mean {sum(values)/len(values):7.2f}  median {values[len(values)//2]:7.2f}  max {values[-1]:7.2f}")
total = sorted(d["duration_ms"] for d in docs)
print(f"  {'total':10} mean {sum(total)/len(total):7.2f}  median {total[len(total)//2]:7.2f}")
PY

# The text pages a start maps depend on how the kernel caches the binary's file: a copy made by cp or install
# (large folios) peaks about 2 MiB higher than the file the linker wrote. Compare binaries whose files were written
# the same way (e.g. both copied with `dd bs=4096`, or both with cp).
echo "== peak memory (max RSS, median of 5 runs)"
peak() {
  for _ in 1 2 3 4 5; do { /usr/bin/time -v "$@" >/dev/null; } 2>&1 | awk -F': ' '/Maximum resident/ {print $2}'; done |
    sort -n | sed -n 3p
}
kb=$(peak "$HELLO")
echo "  Foundation hello: $((kb / 1024)) MiB ($kb KiB)"
# `check` saves its run by default (a file under the state folder): measured both ways.
for cmd in "--help" "check --profile bench --no-save" "check --profile bench"; do
  kb=$(peak "$BIN" $cmd)
  echo "  chorus-doctor $cmd: $((kb / 1024)) MiB ($kb KiB)"
done
