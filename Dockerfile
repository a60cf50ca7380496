# StreamFlow Ingest image: built from source, run as a non-root user.
#   docker compose up --build          (see docs/operations.md)
#   docker build -t streamflow-ingest .

# --- build: Maven 3.9 on JDK 17 -> target/streamflow.jar (tests need PostgreSQL: they run in CI, not here)
FROM maven:3.9.9-eclipse-temurin-17 AS build
WORKDIR /build
COPY pom.xml ./
COPY src ./src
COPY routes ./routes
COPY db ./db
COPY config ./config
RUN --mount=type=cache,target=/root/.m2 mvn -B -q -DskipTests package

# --- runtime: Java 17 JRE only
FROM eclipse-temurin:17.0.13_11-jre
# curl for the health check; setpriv (util-linux, in the base image) for the entry point to drop root
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && setpriv --version >/dev/null \
    && groupadd --system --gid 10001 streamflow \
    && useradd --system --uid 10001 --gid streamflow --home-dir /app --no-create-home --shell /usr/sbin/nologin streamflow
WORKDIR /app
# docker/entrypoint: as root, prepares the folders and drops to their owner; docker/healthcheck: see each file
COPY docker/entrypoint /usr/local/bin/streamflow-entrypoint
COPY docker/healthcheck /usr/local/bin/streamflow-healthcheck
COPY --from=build /build/target/streamflow.jar ./streamflow.jar
# routes/, db/ and config/ are read from the working directory (an edited route takes effect on restart)
COPY routes ./routes
COPY db ./db
COPY config ./config
RUN mkdir -p data/inbox data/staged data/archive data/failed reports .streamflow \
    && chown -R streamflow:streamflow data reports .streamflow
# run as this user unless started as root (docker-compose.yml does: see docker/entrypoint)
USER streamflow:streamflow
# home in /tmp: writable whatever uid it runs as (the Camel CLI connector keeps its files in ~/.camel)
ENV HOME=/tmp \
    JAVA_TOOL_OPTIONS="-Duser.home=/tmp" \
    STREAMFLOW_HEAP=256m \
    STREAMFLOW_MANAGEMENT_HOST=0.0.0.0 \
    STREAMFLOW_MANAGEMENT_PORT=9876 \
    STREAMFLOW_HTTP_HOST=0.0.0.0 \
    STREAMFLOW_HTTP_PORT=8080 \
    STREAMFLOW_CLUSTER_ROOT=/tmp/streamflow-cluster
EXPOSE 9876 8080
# the service: /observe/health UP; a one-off command (ingest, migrate, generate): healthy while it runs
HEALTHCHECK --interval=15s --timeout=10s --start-period=90s --retries=3 \
    CMD ["/usr/local/bin/streamflow-healthcheck"]
ENTRYPOINT ["/usr/local/bin/streamflow-entrypoint"]
