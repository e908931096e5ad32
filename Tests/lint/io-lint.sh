#!/usr/bin/env bash
# Fails when Sources hold an I/O call that traps instead of reporting (run by `make test`).
# Foundation's FileHandle.write(_: Data) and readDataToEndOfFile() end in `try!` inside
# Foundation: a full disk or a closed stdout crashed kpiql with SIGILL. Every write goes
# through KpiqlShell/FileSink.swift (or AtomicFile, which uses it) instead.
set -uo pipefail
cd "$(dirname "$0")/../.."
status=0
check() {  # description, extended regex, folders…
  local what="$1" pattern="$2"; shift 2
  local hits
  hits=$(grep -rnE --include='*.swift' "$pattern" "$@" | grep -v '^\S*:[0-9]*:\s*//' || true)
  if [ -n "$hits" ]; then
    echo "io-lint: $what:"; echo "$hits" | sed 's/^/  /'; status=1
  fi
}
check "try! (a thrown I/O error would crash kpiql; use do/catch and a Diagnostic)" 'try!' Sources
check "FileHandle.write(Data) traps on ENOSPC/EPIPE/EBADF (use FileSink)" '(FileHandle[.a-zA-Z]*|handle|Handle)\.write\(' Sources
check "readDataToEndOfFile()/availableData trap on a read error (use readToEnd())" 'readDataToEndOfFile\(\)|\.availableData' Sources
check "force-unwrapped file handle" 'FileHandle\([^)]*\)!' Sources
check "FileManager.createFile hides the OS reason and renames over devices (use FileSink or AtomicFile)" 'createFile\(atPath' Sources/KpiqlShell Sources/kpiql
if [ $status = 0 ]; then echo "io-lint: no trapping or unchecked I/O in Sources"; fi
exit $status
