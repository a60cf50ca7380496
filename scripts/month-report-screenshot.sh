#!/usr/bin/env bash
# Ingests two months into a throwaway database and has headless Chromium take a screenshot of the second month's
# report, with its profile and drift against the first (default docs/images/month-report.png).
#
#   scripts/month-report-screenshot.sh        # month_000 and month_001 of the reference exports
#   MONTHS_DIR=/tmp/months OUT=/tmp/report.png scripts/month-report-screenshot.sh
#
# MONTHS_DIR holds month_000 and month_001 (default: STREAMFLOW_REFERENCE_MONTHS, else ../shared/reference-months);
# they are only read. Database: with POSTGRES_HOST set, a database created on that server for the run and dropped
# after (POSTGRES_PORT, POSTGRES_USER, POSTGRES_PASSWORD as for the service; needs psql); without it, the service's
# embedded PostgreSQL in a temporary folder. Needs Debian's chromium (apt-get install -y chromium).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
months=$(realpath -m "${MONTHS_DIR:-${STREAMFLOW_REFERENCE_MONTHS:-$repo/../shared/reference-months}}")
out=$(realpath -m "${OUT:-$repo/docs/images/month-report.png}")
chromium_bin=${CHROMIUM:-chromium}

command -v "$chromium_bin" >/dev/null || { echo "needs $chromium_bin: apt-get install -y chromium" >&2; exit 2; }
[[ -d $months/month_000 && -d $months/month_001 ]] || { echo "no month_000 and month_001 in $months" >&2; exit 2; }

# shellcheck source=scripts/screenshot-setup.sh
source "$repo/scripts/screenshot-setup.sh" report

# run from the temporary folder: the jar's own routes, migrations and suite; reports land here
cd "$tmp"
echo "== ingest $months/month_000 $months/month_001"
java -jar "$jar" ingest "$months/month_000" "$months/month_001" 2>ingest.log || { cat ingest.log >&2; exit 1; }
report=$(find "$tmp/reports" -name 'run-*-month_001.html' | head -1)
[[ -n $report ]] || { echo "no report of month_001 under $tmp/reports" >&2; exit 1; }
grep -q 'population stability index against' "$report" || { echo "the report has no drift against month_000" >&2; exit 1; }

echo "== screenshot of $(basename "$report")"
mkdir -p "$(dirname "$out")"
"$chromium_bin" --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --hide-scrollbars --user-data-dir="$tmp/chromium" \
    --screenshot="$out" --window-size=1280,2000 "file://$report" >/dev/null 2>>chromium.log
[[ -s $out ]] || { cat chromium.log >&2; echo "no screenshot written" >&2; exit 1; }
echo "== wrote $out"
