#!/usr/bin/env bash
# The demo behind `./run demo`, the audit of the demo city (data/demo) from end to end:
#  1. plan: `shikan survey plan` samples the city's reported list (data/demo/reported: planted phantom,
#     relocated and unreported sites) and key places, orders the visits on the city's streets
#     (data/demo/roads.osm) and writes the plan;
#  2. drive: the simulated rig drives the planned route, standing 2 minutes at each stop, time-accelerated;
#     the real probe records it over pseudo-terminals; the log is summarised;
#  3. progress: `shikan survey status` lays the log over the plan;
#  4. analysis: the analyzer reconciles the log with the reported list and claims, prints the verdict table
#     and writes the report.
# Usage: tools/demo.sh [--hours H] [--accel X] [--seed N] [--out DIR]
#   --hours H  stop the drive after H simulated hours (default: the whole plan)
set -euo pipefail
cd "$(dirname "$0")/.."

hours= accel=60 seed=1 out=out/demo
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
reported=data/demo/reported
echo "== 核查计划 / audit plan: sample the reported list, order the visits -> $out/plan"
"$bin"/shikan survey plan --sites "$reported/sites.csv" --places "$reported/keyplaces.geojson" --seed "$seed" \
  --roads data/demo/roads.osm --out "$out/plan"
echo
echo "== 模拟路测 / simulated drive along the plan's route at ${accel}x, seed ${seed} -> ${out}"
# The car stands two minutes at each stop of the plan: the inspector's visit.
"$bin"/shikan sim --city data/demo --route "$out/plan/route.gpx" --dwell 120 ${hours:+--duration "${hours}h"} --accel "$accel" \
  --seed "$seed" --out "$out" >"$out/sim.stdout" 2>"$out/sim.log" &
sim=$!
cleanup() { kill "$sim" "${probe:-}" 2>/dev/null || true; }
trap cleanup EXIT

for _ in $(seq 200); do [ -s "$out/probe.toml" ] && break; sleep 0.05; done
[ -s "$out/probe.toml" ] || { echo "demo: the simulator did not start; see $out/sim.log" >&2; cat "$out/sim.log" >&2; exit 1; }
# One sample every 100 ms of wall time: at 60x that is one every 6 simulated seconds per modem (about 50 m
# of road), enough to locate the sites the route passes.
sed -i 's/^sample_interval_ms *=.*/sample_interval_ms = 100/' "$out/probe.toml"
cat "$out/sim.stdout"

# The probe stops a second before the drive ends, so the simulator closing its ports at the end is not
# logged as an outage. The drive's simulated length is in the first line of truth.jsonl.
for _ in $(seq 100); do grep -q duration_s "$out/truth.jsonl" 2>/dev/null && break; sleep 0.05; done
sim_s=$(head -n 1 "$out/truth.jsonl" | grep -o '"duration_s":[0-9.]*' | cut -d: -f2)
[ -n "$sim_s" ] || { echo "demo: no drive length in $out/truth.jsonl" >&2; exit 1; }
wall=$(awk -v d="$sim_s" -v a="$accel" 'BEGIN { s = int(d / a) - 1; print (s < 5 ? 5 : s) }')
echo "drive: ${sim_s} simulated seconds, ${wall} s of wall time"
"$bin"/shikan-probe run --config "$out/probe.toml" --campaign "$out/plan/campaign.json" --duration "$wall" &
probe=$!
wait "$probe" || { echo "demo: probe exited with an error" >&2; exit 1; }
wait "$sim" || { echo "demo: simulator failed; see $out/sim.log" >&2; exit 1; }
trap - EXIT

echo
echo "== 日志摘要 / log summary"
"$bin"/shikan-probe summary --db "$out/probe.db"
echo
echo "== 核查进度 / progress against the plan"
"$bin"/shikan survey status --plan "$out/plan" --measurements "$out/probe.db" --quiet
echo
echo "== 核查分析 / analysis against the reported list"
"$bin"/shikan analyze --measurements "$out/probe.db" --sites "$reported/sites.csv" --sites-crs auto \
  --places "$reported/keyplaces.geojson" --claims "$reported/claims.toml" --out "$out/report" --quiet
echo
echo "Plan: $out/plan/   log: $out/probe.db   ground truth: $out/truth.jsonl   simulator log: $out/sim.log   report: $out/report/"
