# Sourced by the screenshot scripts (after they set $repo), with the name of the run as its argument: makes a
# temporary folder ($tmp), builds the jar ($jar), and chooses the database: with POSTGRES_HOST set, one created on
# that server for the run ($database; POSTGRES_PORT, POSTGRES_USER, POSTGRES_PASSWORD as for the service; needs psql),
# otherwise the service's embedded PostgreSQL under $tmp. On exit, the service started as $service_pid is stopped, the
# database dropped and $tmp removed.

tmp=$(mktemp -d)
service_pid=
database=
cleanup() {
    if [[ -n $service_pid ]] && kill -0 "$service_pid" 2>/dev/null; then
        kill "$service_pid"
        wait "$service_pid" 2>/dev/null || true
    fi
    if [[ -n $database ]]; then
        PGPASSWORD=${POSTGRES_PASSWORD:-} psql -q -h "$POSTGRES_HOST" -p "${POSTGRES_PORT:-5432}" \
            -U "${POSTGRES_USER:-postgres}" -d postgres -c "DROP DATABASE IF EXISTS $database WITH (FORCE)" || true
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT

echo "== build"
(cd "$repo" && mvn -B -q -DskipTests package)
jar=$repo/target/streamflow.jar

if [[ -n ${POSTGRES_HOST:-} ]]; then
    database=streamflow_${1:-screenshot}_$$
    PGPASSWORD=${POSTGRES_PASSWORD:-} psql -q -h "$POSTGRES_HOST" -p "${POSTGRES_PORT:-5432}" \
        -U "${POSTGRES_USER:-postgres}" -d postgres -c "CREATE DATABASE $database"
    export POSTGRES_DB=$database
    echo "== database $database on $POSTGRES_HOST"
else
    export STREAMFLOW_EMBEDDED_DIR=$tmp/postgres
    echo "== embedded PostgreSQL in $STREAMFLOW_EMBEDDED_DIR"
fi
