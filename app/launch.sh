#!/usr/bin/env bash
# Starts the packaged jar the way that starts fastest, for ./pixtools and for the container image (Dockerfile): the jar
# extracted, so that the JVM maps its classes from a JDK 25 AOT cache (JEP 483, 514, 515) recorded once by a training
# run, with the JVM options recorded next to it.
#
#   app/launch.sh prepare JAR DIR PHOTO OPTIONS...  extract JAR into DIR (DIR/pixtools.jar and DIR/lib), write the
#                                                   OPTIONS files together as DIR/jvm.options, record DIR/pixtools.aot
#                                                   by training on PHOTO
#   app/launch.sh start DIR [ARGS...]               start DIR/pixtools.jar; the JVM takes this process's place
#
# PIXTOOLS_JVM_OPTIONS adds JVM options after DIR/jvm.options, so they win where both set one (-XX:MaxRAMPercentage=40).
# JAVA_TOOL_OPTIONS is read by the JVM before its command line: it adds options but cannot change those of the file.
#
# The cache is trained on the embedded default with every role, and serves every role and profile: the classes they
# share (Spring, Camel, Tomcat, libvips' bindings) are most of what a start loads.
set -euo pipefail

java="${JAVA_HOME:+$JAVA_HOME/bin/}java"

say() { printf '%s\n' "$*" >&2; }

train() {
  local dir="$1" photo="$2" data port log pid=""
  data="$(mktemp -d)"
  log="$dir/aot-training.log"
  # Whatever happens to this script, the training process and its data go with it.
  trap 'if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; fi; rm -rf "$data"' EXIT
  : >"$log"
  say "Recording the start-up cache (once per build, about 20 s) ..."
  # The embedded default with every role, whatever this shell's settings: a throwaway process on its own data. Its
  # machine is set to 4 GB: on a host with a heap of 32 GB or more the JVM would leave compressed pointers off, and a
  # cache recorded so would not serve the containers and machines of usual size.
  env -u SPRING_PROFILES_ACTIVE -u PIXTOOLS_ROLES -u PORT -u JAVA_TOOL_OPTIONS -u JDK_JAVA_OPTIONS \
    PIXTOOLS_DATA_DIR="$data" SERVER_PORT=0 \
    "$java" @"$dir/jvm.options" -XX:MaxRAM=4g -XX:AOTCacheOutput="$dir/pixtools.aot" -jar "$dir/pixtools.jar" \
    >"$log" 2>&1 &
  pid=$!
  port=""
  for _ in $(seq 1 600); do
    port="$(sed -n 's/.*Tomcat started on port \([0-9]*\).*/\1/p' "$log" | head -1 || true)"
    [ -n "$port" ] && curl -fs -o /dev/null "http://127.0.0.1:$port/api/health" && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  if [ -n "$port" ]; then
    # A few jobs through every conversion, so that the cache holds the classes and profiles of the work too.
    local base="http://127.0.0.1:$port/api" job view archive
    for _ in 1 2 3; do
      job="$(curl -fs -F file=@"$photo" -F 'operations=["jpg","png","webp","avif","metadata"]' "$base/process" \
        | sed -n 's/.*"job_id":"\([^"]*\)".*/\1/p' || true)"
      view=""
      for _ in $(seq 1 100); do
        [ -n "$job" ] || break
        view="$(curl -fs "$base/jobs/$job" || true)"
        echo "$view" | grep -q '"status":"\(COMPLETED\|FAILED\)"' && break
        sleep 0.1
      done
      archive="$(echo "$view" | sed -n 's/.*"archive_url":"\([^"]*\)".*/\1/p' || true)"
      if [ -n "$archive" ]; then curl -fs -o /dev/null "$archive" || true; fi
    done
  fi
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  pid=""
  rm -rf "$data"
  trap - EXIT
  if [ ! -s "$dir/pixtools.aot" ]; then
    say "No start-up cache was recorded (see $log); PixTools starts without it."
  elif ! "$java" @"$dir/jvm.options" -XX:MaxRAM=1g -XX:AOTMode=on -XX:AOTCache="$dir/pixtools.aot" \
    -cp "$dir/pixtools.jar" -version >>"$log" 2>&1; then
    # A cache that a small container could not map would be ignored at every start: better none, and said.
    rm -f "$dir/pixtools.aot"
    say "The recorded start-up cache cannot be used (see $log); PixTools starts without it."
  fi
}

prepare() {
  local jar="$1" dir="$2" photo="$3"
  shift 3
  rm -rf "$dir"
  "$java" -Djarmode=tools -jar "$jar" extract --destination "$dir" >/dev/null
  if [ "$(basename "$jar")" != pixtools.jar ]; then mv "$dir/$(basename "$jar")" "$dir/pixtools.jar"; fi
  cat "$@" >"$dir/jvm.options"
  train "$dir" "$photo"
}

start() {
  local dir="$1" cache=() extra=()
  shift
  read -r -a extra <<<"${PIXTOOLS_JVM_OPTIONS:-}"
  if [ -s "$dir/pixtools.aot" ]; then cache=(-XX:AOTCache="$dir/pixtools.aot"); fi
  # JVM options from the environment can make the cache unusable, and the JVM then refuses to start (a young
  # generation that leaves too little heap for the cache's objects, -Xmn32m). Checked only when there are such options
  # (0.7 s): without the cache PixTools starts more slowly, but it starts.
  if [ ${#cache[@]} -gt 0 ] && [ -n "${JAVA_TOOL_OPTIONS:-}${JDK_JAVA_OPTIONS:-}${PIXTOOLS_JVM_OPTIONS:-}" ] \
    && ! "$java" @"$dir/jvm.options" "${extra[@]}" "${cache[@]}" -cp "$dir/pixtools.jar" -version >/dev/null 2>&1 \
    && "$java" @"$dir/jvm.options" "${extra[@]}" -cp "$dir/pixtools.jar" -version >/dev/null 2>&1; then
    say "The start-up cache cannot be used with the JVM options of the environment; starting without it."
    cache=()
  fi
  # Fewer malloc arenas: libvips' worker threads otherwise each keep one, tens of MB of idle native memory.
  export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
  exec "$java" @"$dir/jvm.options" "${extra[@]}" "${cache[@]}" -jar "$dir/pixtools.jar" "$@"
}

case "${1:-}" in
  prepare)
    [ $# -ge 5 ] || { say "usage: app/launch.sh prepare JAR DIR PHOTO OPTIONS..."; exit 2; }
    shift
    prepare "$@"
    ;;
  start)
    [ $# -ge 2 ] || { say "usage: app/launch.sh start DIR [ARGS...]"; exit 2; }
    shift
    start "$@"
    ;;
  *)
    say "usage: app/launch.sh prepare JAR DIR PHOTO OPTIONS... | start DIR [ARGS...]"
    exit 2
    ;;
esac
