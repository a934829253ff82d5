#!/usr/bin/env bash
# Fuzzes the parser and interpreter (Sources/sfn-fuzz) with libFuzzer for a fixed time.
#
#   scripts/fuzz.sh [seconds]     # default 60; CI runs it with 60
#
# Builds the target in release mode with the fuzzer runtime (its own build folder, .build-fuzz,
# so that it does not rebuild the ordinary release build), makes a seed corpus (every line, and
# every blank-line-separated paragraph, of examples/*.sfn and stdlib/*.sfn) and a dictionary (the
# keywords, operators and built-in names), and runs. A crash stops the run: the input is written
# to .build-fuzz/fuzz/artifacts/crash-<sha1>, the script exits non-zero, and
#     SWIFT_BACKTRACE=enable=no .build-fuzz/release/sfn-fuzz <that file>
# replays it. Add each fixed crash to Tests/SFNLanguageTests/FuzzRegressionTests.swift.
# The corpus grows in .build-fuzz/fuzz/corpus and is reused by the next run.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
work="$PWD/.build-fuzz/fuzz"   # absolute: the target changes its working directory

start=$(date +%s)
swift build -c release --sanitize=fuzzer --product sfn-fuzz --scratch-path .build-fuzz
echo "fuzz: built in $(( $(date +%s) - start )) s"

rm -rf "$work/seeds"
mkdir -p "$work/seeds" "$work/corpus" "$work/artifacts"
seed() { [ -n "$1" ] && printf '%s' "$1" > "$work/seeds/$(printf '%s' "$1" | sha1sum | cut -c1-16)"; return 0; }
for f in examples/*.sfn stdlib/*.sfn; do
    paragraph=""
    while IFS= read -r line || [ -n "$line" ]; do
        seed "$line"
        if [ -z "${line//[[:space:]]/}" ]; then seed "$paragraph"; paragraph=""; else paragraph+="$line"$'\n'; fi
    done < "$f"
    seed "$paragraph"
done
{
    for w in if then else for in and or not true false assert import end; do echo "\"$w\""; done
    for op in '+' '-' '*' '/' '^' '@' ':' '<=' '>=' '==' '!=' '->' "'" '.' ',' ';' '(' ')' '[' ']' '{' '}' '"'; do
        printf '"%s"\n' "$(printf '%s' "$op" | sed 's/\\/\\\\/g; s/"/\\"/g')"
    done
    grep -rhoE 'Builtin\("[a-z_0-9]+"' Sources/SFNLanguage | sed -E 's/Builtin\(//' | sort -u
} > "$work/dictionary"
echo "fuzz: $(ls "$work/seeds" | wc -l) seeds, $(wc -l < "$work/dictionary") dictionary entries; running $seconds s"

# SWIFT_BACKTRACE=enable=no: otherwise Swift's backtracer handles the crash and libFuzzer writes
# no crash file. Each input runs for at most SFN_FUZZ_MS (100 ms) before it is cancelled;
# -timeout catches anything that does not stop.
SWIFT_BACKTRACE=enable=no OPENBLAS_NUM_THREADS=1 .build-fuzz/release/sfn-fuzz \
    "$work/corpus" "$work/seeds" -dict="$work/dictionary" -max_total_time="$seconds" \
    -max_len=1024 -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$work/artifacts/" \
    -print_final_stats=1
