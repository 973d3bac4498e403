#!/usr/bin/env bash
# Times `chorus-doctor check --all` on many profiles pointing at one local simulator.
#
#   bench/fleet.sh                       # 200 profiles, --jobs 1, 8 and 16, debug build
#   PROFILES=500 JOBS="8 32" CHORUS_DOCTOR=.build/release/chorus-doctor bench/fleet.sh
#
# Everything happens in a temporary HOME; the simulator is stopped (by its own pid) when the script ends.
set -euo pipefail

cd "$(dirname "$0")/.."
BIN=${CHORUS_DOCTOR:-.build/debug/chorus-doctor}
PROFILES=${PROFILES:-200}
JOBS=${JOBS:-"1 8 16"}
PORT=${PORT:-$((20000 + RANDOM % 20000))}

[ -x "$BIN" ] || { echo "no binary at $BIN: run 'swift build' first (or set CHORUS_DOCTOR)" >&2; exit 2; }
HOME_DIR=$(mktemp -d)
SIM_PID=""
cleanup() {
    [ -n "$SIM_PID" ] && kill "$SIM_PID" 2>/dev/null && wait "$SIM_PID" 2>/dev/null
    rm -rf "$HOME_DIR"
}
trap cleanup EXIT

export HOME="$HOME_DIR" NO_COLOR=1 CHORUS_DOCTOR_NO_EXPIRY_WARNING=1
"$BIN" sim --port "$PORT" --save-profile template > "$HOME_DIR/sim.log" 2>&1 &
SIM_PID=$!
for _ in $(seq 50); do
    grep -q "listening" "$HOME_DIR/sim.log" 2>/dev/null && [ -f "$HOME_DIR/.config/chorus-doctor/profiles/template.yaml" ] && break
    sleep 0.1
done
PROFILE_DIR="$HOME_DIR/.config/chorus-doctor/profiles"
[ -f "$PROFILE_DIR/template.yaml" ] || { cat "$HOME_DIR/sim.log" >&2; exit 1; }
for i in $(seq -f "%04g" 1 "$PROFILES"); do
    cp -p "$PROFILE_DIR/template.yaml" "$PROFILE_DIR/client-$i.yaml"
done
rm "$PROFILE_DIR/template.yaml"

echo "chorus-doctor check --all: $PROFILES profiles, one simulator on port $PORT, $(nproc) cores, $BIN"
for jobs in $JOBS; do
    start=$(date +%s.%N)
    status=0
    "$BIN" check --all --jobs "$jobs" --json ${EXTRA:-} > "$HOME_DIR/fleet-$jobs.json" || status=$?
    end=$(date +%s.%N)
    summary=$(python3 -c "import json,sys; s=json.load(open(sys.argv[1]))['summary']; print(f\"{s['passed']} passed, {s['failed']} failed, {s['unavailable']} not checked\")" "$HOME_DIR/fleet-$jobs.json" 2>/dev/null || echo "?")
    printf -- "--jobs %-3s %6.2f s wall (exit %s): %s\n" "$jobs" "$(echo "$end - $start" | bc)" "$status" "$summary"
done
