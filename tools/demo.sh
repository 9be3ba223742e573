#!/usr/bin/env bash
# The demo behind `./run demo`: the simulated rig plays the demo city (data/demo) for a few hours of driving,
# time-accelerated; the real probe records it over pseudo-terminals; the log is summarised; then the analyzer
# reconciles it with the city's reported list (data/demo/reported: planted phantom, relocated and unreported
# sites) and claims, prints the verdict table and writes the report.
# Usage: tools/demo.sh [--hours H] [--accel X] [--seed N] [--out DIR]
set -euo pipefail
cd "$(dirname "$0")/.."

hours=3 accel=60 seed=1 out=out/demo
bin=${SHIKAN_BIN_DIR:-build/bin}
while (($#)); do
  case "$1" in
    --hours) hours=$2; shift 2 ;;
    --accel) accel=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    -h|--help) sed -n '2,/^[^#]/{/^#/s/^# \{0,1\}//p}' "$0"; exit 0 ;;
    *) echo "demo: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

rm -rf "$out" && mkdir -p "$out"
echo "== 模拟路测 / simulated drive: demo city, ${hours} h at ${accel}x, seed ${seed} -> ${out}"
"$bin"/shikan sim --city data/demo --duration "${hours}h" --accel "$accel" --seed "$seed" --out "$out" \
  >"$out/sim.stdout" 2>"$out/sim.log" &
sim=$!
cleanup() { kill "$sim" "${probe:-}" 2>/dev/null || true; }
trap cleanup EXIT

for _ in $(seq 200); do [ -s "$out/probe.toml" ] && break; sleep 0.05; done
[ -s "$out/probe.toml" ] || { echo "demo: the simulator did not start; see $out/sim.log" >&2; cat "$out/sim.log" >&2; exit 1; }
# One sample every 100 ms of wall time: at 60x that is one every 6 simulated seconds per modem (about 60 m
# of road), enough to locate the sites the route passes.
sed -i 's/^sample_interval_ms *=.*/sample_interval_ms = 100/' "$out/probe.toml"
cat "$out/sim.stdout"

# The probe stops two seconds before the drive ends, so the simulator closing its ports at the end is not
# logged as an outage.
wall=$(awk -v h="$hours" -v a="$accel" 'BEGIN { s = int(h * 3600 / a) - 2; print (s < 5 ? 5 : s) }')
"$bin"/shikan-probe run --config "$out/probe.toml" --duration "$wall" &
probe=$!
wait "$probe" || { echo "demo: probe exited with an error" >&2; exit 1; }
wait "$sim" || { echo "demo: simulator failed; see $out/sim.log" >&2; exit 1; }
trap - EXIT

echo
echo "== 日志摘要 / log summary"
"$bin"/shikan-probe summary --db "$out/probe.db"
echo
echo "== 核查分析 / analysis against the reported list"
"$bin"/shikan analyze --measurements "$out/probe.db" --sites data/demo/reported/sites.csv --sites-crs auto \
  --places data/demo/reported/keyplaces.geojson --claims data/demo/reported/claims.toml --out "$out/report" --quiet
echo
echo "Log: $out/probe.db   ground truth: $out/truth.jsonl   simulator log: $out/sim.log   report: $out/report/"
