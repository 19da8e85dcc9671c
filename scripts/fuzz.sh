#!/usr/bin/env bash
# Runs every libFuzzer harness of fuzz/ (the list CMake wrote to BUILD/fuzzers.txt), one after
# the other, for SECONDS each, and prints one line per harness: executions, executions per
# second, corpus size and the result. Exit 1 if any harness found a crash, leak, timeout or
# out-of-memory; the input that did it is kept in BUILD/fuzz-artifacts/ and named on stderr.
#
#   scripts/fuzz.sh BUILD SECONDS [NAME...]     (NAME: tle, omm_xml, ...; default: all)
#
# The committed seeds (fuzz/corpus/NAME/) are read, never written: what the fuzzer finds goes
# to BUILD/fuzz-corpus/NAME/, which later runs start from. Extra libFuzzer flags can be given
# in FUZZ_FLAGS (e.g. FUZZ_FLAGS=-runs=10000000).
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:?usage: scripts/fuzz.sh BUILD SECONDS [NAME...]}"
seconds="${2:?usage: scripts/fuzz.sh BUILD SECONDS [NAME...]}"
shift 2
names=("$@")
if ((${#names[@]} == 0)); then mapfile -t names <"$build/fuzzers.txt"; fi

# Limits: a single input may take 10 s and 2 GB (the readers refuse anything bigger long
# before); inputs up to 64 KiB, larger than any seed.
limits=(-timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=2048 -max_len=65536)
failed=()
for name in "${names[@]}"; do
  corpus="$build/fuzz-corpus/$name"
  artifacts="$build/fuzz-artifacts/$name"
  mkdir -p "$corpus" "$artifacts"
  dict=()
  [[ -f "$root/fuzz/dict/$name.dict" ]] && dict=(-dict="$root/fuzz/dict/$name.dict")
  log="$build/fuzz-logs/$name.log"
  mkdir -p "$(dirname "$log")"
  # shellcheck disable=SC2086 # FUZZ_FLAGS is a list of flags
  "$build/bin/${name}_fuzzer" "${limits[@]}" "${dict[@]}" -max_total_time="$seconds" \
    -print_final_stats=1 -artifact_prefix="$artifacts/" ${FUZZ_FLAGS:-} \
    "$corpus" "$root/fuzz/corpus/$name" >"$log" 2>&1
  rc=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  size=$(find "$corpus" -type f | wc -l)
  if ((rc == 0)); then
    printf '%-20s ok      %12s runs %8s exec/s  corpus %s\n' "$name" "${runs:-?}" "${rate:-?}" "$size"
  else
    printf '%-20s FAILED  %12s runs %8s exec/s  (exit %d, log %s)\n' "$name" "${runs:-?}" \
      "${rate:-?}" "$rc" "$log"
    grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error|artifact_prefix|Test unit written)' "$log" \
      | head -5 >&2
    failed+=("$name")
  fi
done
if ((${#failed[@]} > 0)); then
  echo "fuzz: ${#failed[@]} harness(es) failed: ${failed[*]}" >&2
  exit 1
fi
