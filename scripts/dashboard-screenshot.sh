#!/usr/bin/env bash
# Builds the service, ingests generated sample months into a throwaway database, starts the service and
# looks at the dashboard the way a person would: headless Chromium dumps the rendered DOM (checked for
# one PUBLISHED row per month) and takes a screenshot (default docs/dashboard.png).
#
#   scripts/dashboard-screenshot.sh            # 2 months of 2000 users
#   USERS=7043 MONTHS=6 OUT=/tmp/d.png scripts/dashboard-screenshot.sh
#
# Database: with POSTGRES_HOST set, a database created on that server for the run and dropped after
# (POSTGRES_PORT, POSTGRES_USER, POSTGRES_PASSWORD as for the service; needs psql); without it, the
# service's embedded PostgreSQL in a temporary folder. Needs Debian's chromium (apt-get install -y chromium).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
users=${USERS:-2000}
months=${MONTHS:-2}
out=$(realpath -m "${OUT:-$repo/docs/dashboard.png}")
chromium_bin=${CHROMIUM:-chromium}

command -v "$chromium_bin" >/dev/null || { echo "needs $chromium_bin: apt-get install -y chromium" >&2; exit 2; }

# shellcheck source=scripts/screenshot-setup.sh
source "$repo/scripts/screenshot-setup.sh" screenshot

# a free port on the loopback interface
port=
for _ in $(seq 50); do
    candidate=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then
        port=$candidate
        break
    fi
done
[[ -n $port ]] || { echo "no free port found" >&2; exit 1; }
export STREAMFLOW_HTTP_HOST=127.0.0.1 STREAMFLOW_HTTP_PORT=$port

# run from the temporary folder: the jar's own routes, migrations and suite; data and reports land here
cd "$tmp"
echo "== generate $months months of $users users"
java -jar "$jar" generate samples --users "$users" --months "$months" >/dev/null
echo "== ingest"
java -jar "$jar" ingest samples/month_* 2>ingest.log || { cat ingest.log >&2; exit 1; }

echo "== service on 127.0.0.1:$port"
java -jar "$jar" >service.log 2>&1 &
service_pid=$!
url=http://127.0.0.1:$port/
for _ in $(seq 120); do
    if curl -fsS -o /dev/null "$url" 2>/dev/null; then
        break
    fi
    kill -0 "$service_pid" 2>/dev/null || { echo "the service stopped:" >&2; tail -30 service.log >&2; exit 1; }
    sleep 1
done
curl -fsS -o /dev/null "$url" || { echo "no dashboard at $url" >&2; tail -30 service.log >&2; exit 1; }

chrome() {
    "$chromium_bin" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$(mktemp -d -p "$tmp")" "$@" 2>>chromium.log
}

echo "== DOM"
chrome --dump-dom "$url" >dom.html
missing=0
for folder in samples/month_*; do
    month=$(basename "$folder")
    if grep -qE "<tr class=\"run\">.*>$month<.*>PUBLISHED<.*>report</a>" dom.html; then
        echo "   $month: PUBLISHED, report linked"
    else
        echo "   $month: no PUBLISHED row with a report link in the rendered page" >&2
        missing=1
    fi
done
charts=$(grep -o '<svg class="chart"' dom.html | wc -l)
echo "   $charts charts"
[[ $missing == 0 && $charts == 4 ]] || { echo "dashboard check failed (DOM kept in $out.dom.html)" >&2; cp dom.html "$out.dom.html"; exit 1; }

echo "== screenshot"
mkdir -p "$(dirname "$out")"
chrome --hide-scrollbars --screenshot="$out" --window-size=1280,1400 "$url" >/dev/null
[[ -s $out ]] || { echo "no screenshot written" >&2; exit 1; }
echo "== wrote $out"
