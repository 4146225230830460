#!/usr/bin/env bash
# Provision a local LanguageTool HTTP server for textfix's grammar pass
# (issue 8): its jars come from Maven Central, pinned in
# scripts/languagetool/pom.xml, and live in .languagetool/ (git-ignored).
#
#   scripts/languagetool.sh fetch   download the jars into .languagetool/lib/
#   scripts/languagetool.sh start   start the server on 127.0.0.1, a free port;
#                                   last stdout line is its URL
#   scripts/languagetool.sh stop    stop the server started by `start`
#   scripts/languagetool.sh url     print the URL of the running server
#   scripts/languagetool.sh status  like url, but says so when none runs
#
# Environment (all optional):
#   LT_JAVA_OPTS        JVM options            (default: -Xmx1g)
#   LT_START_TIMEOUT    seconds to wait for the server to answer (default: 120)
#   LT_PORT             port to use instead of a free one picked at random
#   LT_WARMUP           language codes to send one check each after start, so
#                       the first real request does not pay the lazy loading
#                       (e.g. "en-US de-DE"; default: none)
#   MAVEN_ARGS_EXTRA    extra arguments for mvn (e.g. -Dmaven.repo.local=DIR)
#
# The server listens on the loopback interface only: HTTPServer binds to
# localhost unless given --public, which this script never passes.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
POM="$ROOT/scripts/languagetool/pom.xml"
LT_DIR="$ROOT/.languagetool"
LIB="$LT_DIR/lib"
STAMP="$LIB/.fetched"
PID_FILE="$LT_DIR/server.pid"
PORT_FILE="$LT_DIR/server.port"
LOG_FILE="$LT_DIR/server.log"
LOCK_FILE="$LT_DIR/.lock"
MAIN_CLASS="org.languagetool.server.HTTPServer"
HOST="127.0.0.1"

JAVA_OPTS="${LT_JAVA_OPTS:--Xmx1g}"
START_TIMEOUT="${LT_START_TIMEOUT:-120}"

log() { printf 'languagetool.sh: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

usage() {
    sed -n '2,23p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
}

# Serialise start/stop/fetch between concurrent callers.
take_lock() {
    mkdir -p "$LT_DIR"
    exec 9>"$LOCK_FILE"
    flock -w 300 9 || die "could not lock $LOCK_FILE"
}

pinned_version() {
    sed -n 's:.*<languagetool.version>\(.*\)</languagetool.version>.*:\1:p' "$POM" | head -n1
}

jar_count() { local j=("$LIB"/*.jar); echo "${#j[@]}"; }

pom_hash() { sha256sum "$POM" | cut -d' ' -f1; }

check_java() {
    command -v java >/dev/null 2>&1 || die "java not found (LanguageTool $(pinned_version) needs Java >= 17)"
    local v major
    v="$(java -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n1)"
    major="${v%%.*}"
    if [[ "$major" == "1" ]]; then major="$(echo "$v" | cut -d. -f2)"; fi
    [[ "$major" =~ ^[0-9]+$ ]] || die "cannot read the Java version from 'java -version'"
    (( major >= 17 )) || die "Java $v found; LanguageTool $(pinned_version) needs Java >= 17"
}

fetched() {
    [[ -f "$STAMP" ]] && [[ "$(cat "$STAMP")" == "$(pom_hash)" ]] \
        && compgen -G "$LIB/languagetool-server-*.jar" >/dev/null
}

cmd_fetch() {
    take_lock
    if fetched; then
        log "LanguageTool $(pinned_version) already in ${LIB#"$ROOT"/} ($(jar_count) jars)"
        return 0
    fi
    command -v mvn >/dev/null 2>&1 || die "mvn (Maven) not found"
    check_java
    local tmp="$LT_DIR/lib.tmp.$$"
    rm -rf "$tmp"
    log "fetching LanguageTool $(pinned_version) with Maven into ${LIB#"$ROOT"/} ..."
    local t0=$SECONDS
    # shellcheck disable=SC2086
    if ! mvn -B -q -Dstyle.color=never -f "$POM" ${MAVEN_ARGS_EXTRA:-} \
            dependency:copy-dependencies \
            -DincludeScope=runtime \
            -DoutputDirectory="$tmp" 2>&1 | sed 's/\x1b\[[0-9;]*m//g' >&2; then
        rm -rf "$tmp"
        die "Maven could not fetch LanguageTool $(pinned_version)"
    fi
    compgen -G "$tmp/languagetool-server-*.jar" >/dev/null \
        || { rm -rf "$tmp"; die "Maven finished but languagetool-server is missing"; }
    pom_hash >"$tmp/.fetched"
    rm -rf "$LIB"
    mv "$tmp" "$LIB"
    log "fetched $(jar_count) jars, $(du -sh "$LIB" | cut -f1), in $((SECONDS - t0)) s"
}

# True if PID is a live LanguageTool HTTPServer started from our lib folder
# (guards against a stale pid file whose number was reused).
is_our_server() {
    local pid="$1"
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    kill -0 "$pid" 2>/dev/null || return 1
    local cmdline
    cmdline="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)" || return 1
    [[ "$cmdline" == *"$MAIN_CLASS"* && "$cmdline" == *"$LIB/"* ]]
}

answers() {
    local port="$1"
    curl -s -f -o /dev/null --max-time 5 "http://$HOST:$port/v2/languages"
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

running_pid() {
    local pid
    [[ -f "$PID_FILE" ]] || return 1
    pid="$(cat "$PID_FILE")"
    is_our_server "$pid" || return 1
    echo "$pid"
}

running_port() {
    local port
    [[ -f "$PORT_FILE" ]] || return 1
    port="$(cat "$PORT_FILE")"
    [[ "$port" =~ ^[0-9]+$ ]] || return 1
    echo "$port"
}

clear_state() { rm -f "$PID_FILE" "$PORT_FILE"; }

# Wait until the server with PID on PORT answers; returns 0 when it does,
# 1 if the process died, 2 on time-out.
wait_ready() {
    local pid="$1" port="$2" deadline=$((SECONDS + START_TIMEOUT))
    while (( SECONDS < deadline )); do
        if ! kill -0 "$pid" 2>/dev/null; then return 1; fi
        if answers "$port"; then return 0; fi
        sleep 0.5
    done
    return 2
}

kill_server() {
    local pid="$1" _
    kill -TERM "$pid" 2>/dev/null || return 0
    for _ in $(seq 1 30); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.5
    done
    log "server $pid did not stop after TERM; sending KILL"
    kill -KILL "$pid" 2>/dev/null || true
    for _ in $(seq 1 10); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.5
    done
}

warm_up() {
    local port="$1" lang t0
    for lang in ${LT_WARMUP:-}; do
        t0=$SECONDS
        if curl -s -f -o /dev/null --max-time 120 \
                --data-urlencode "language=$lang" --data-urlencode "text=Warm up." \
                "http://$HOST:$port/v2/check"; then
            log "warmed up $lang in $((SECONDS - t0)) s"
        else
            log "warning: warm-up check for $lang failed"
        fi
    done
}

cmd_start() {
    take_lock
    local pid port
    if pid="$(running_pid)" && port="$(running_port)"; then
        if answers "$port" || wait_ready "$pid" "$port"; then
            echo "http://$HOST:$port"
            return 0
        fi
        log "server $pid is running but does not answer on port $port; restarting it"
        kill_server "$pid"
    fi
    clear_state
    fetched || die "LanguageTool is not fetched (or the pom changed): run '$0 fetch' first"
    check_java

    local rc t0
    for _ in 1 2 3; do
        port="${LT_PORT:-$(free_port)}"
        t0=$SECONDS
        # shellcheck disable=SC2086
        (cd "$LT_DIR" && exec nohup java $JAVA_OPTS -Djava.awt.headless=true \
            -cp "$LIB/*" "$MAIN_CLASS" \
            --port "$port" --allow-origin '*' \
            </dev/null >"$LOG_FILE" 2>&1 9>&-) &
        pid=$!
        echo "$pid" >"$PID_FILE"
        echo "$port" >"$PORT_FILE"
        log "starting LanguageTool $(pinned_version) (pid $pid) on $HOST:$port, log in ${LOG_FILE#"$ROOT"/}"
        rc=0
        wait_ready "$pid" "$port" || rc=$?
        if (( rc == 0 )); then
            log "server answered after $((SECONDS - t0)) s"
            warm_up "$port"
            echo "http://$HOST:$port"
            return 0
        fi
        if (( rc == 1 )) && [[ -z "${LT_PORT:-}" ]] && grep -q 'Address already in use' "$LOG_FILE"; then
            log "port $port was taken meanwhile; trying another"
            clear_state
            continue
        fi
        if (( rc == 2 )); then
            log "server did not answer within $START_TIMEOUT s; stopping it"
            kill_server "$pid"
        else
            log "server exited before answering"
        fi
        clear_state
        log "last lines of ${LOG_FILE#"$ROOT"/}:"
        tail -n 40 "$LOG_FILE" >&2 || true
        exit 1
    done
    die "could not find a free port after 3 attempts"
}

cmd_stop() {
    take_lock
    local pid
    if pid="$(running_pid)"; then
        log "stopping LanguageTool server (pid $pid)"
        kill_server "$pid"
        kill -0 "$pid" 2>/dev/null && die "server $pid is still alive"
    else
        log "no LanguageTool server running"
    fi
    clear_state
}

cmd_url() {
    local pid port
    if pid="$(running_pid)" && port="$(running_port)" && answers "$port"; then
        echo "http://$HOST:$port"
        return 0
    fi
    [[ "${1:-}" == quiet ]] || log "no LanguageTool server is running (start one with '$0 start')"
    return 1
}

main() {
    local cmd="${1:-}"
    case "$cmd" in
        fetch) cmd_fetch ;;
        start) cmd_start ;;
        stop) cmd_stop ;;
        url) cmd_url ;;
        status)
            if cmd_url quiet; then
                log "running (pid $(cat "$PID_FILE")), LanguageTool $(pinned_version)"
            else
                log "not running"; exit 1
            fi ;;
        version) pinned_version ;;
        -h | --help | help) usage ;;
        *) usage; exit 2 ;;
    esac
}

main "$@"
