#!/usr/bin/env bash
# The command line's contract (LANGUAGE.md §7), checked on the built executable: exit statuses,
# located errors with a caret, -e, --help/--version, bad usage, the REPL reading a pipe, and
# scripts read from standard input, a pipe or a device.
# It builds nothing: run it after `swift build`. SFN=path/to/sfn overrides the binary.
#
#   bash .ci/cli-test.sh            # prints each check, then "N passed, M failed"
set -uo pipefail
cd "$(dirname "$0")/.."
SFN="${SFN:-.build/debug/sfn}"
case "$SFN" in /*) ;; *) SFN="$PWD/$SFN" ;; esac
if [ ! -x "$SFN" ]; then
    echo "cli-test: no executable at $SFN (run swift build first)" >&2
    exit 2
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
export HOME="$tmp"   # the REPL's history stays out of the real home
export OPENBLAS_NUM_THREADS=1
passed=0
failed=0

ok()   { passed=$((passed + 1)); echo "ok   $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; shift; for line in "$@"; do echo "     $line"; done; }

# run NAME EXPECTED_STATUS [args...] (stdin from $input): sets $out, $err, $status
run() {
    local name="$1" want="$2"; shift 2
    printf '%s' "${input:-}" | "$SFN" "$@" >"$tmp/out" 2>"$tmp/err"
    status=$?
    out="$(cat "$tmp/out")"; err="$(cat "$tmp/err")"
    if [ "$status" -eq "$want" ]; then ok "$name: exit $want"; return 0; fi
    fail "$name: exit status $status, expected $want" "stdout: $out" "stderr: $err"
    return 1
}

# check NAME TEST...: records ok/fail for a condition
check() {
    local name="$1"; shift
    if "$@"; then ok "$name"; else fail "$name" "stdout: $out" "stderr: $err"; fi
}
contains()   { [[ "$1" == *"$2"* ]]; }
lacks()      { [[ "$1" != *"$2"* ]]; }
equals()     { [ "$1" = "$2" ]; }

# A located error: first line "file:line:col: error: ...", then the source line, then a caret
# whose position is the column the first line names.
located() {
    local file="$1" fragment="$2" text="$3"
    local first second third col
    first="$(printf '%s\n' "$text" | sed -n 1p)"
    second="$(printf '%s\n' "$text" | sed -n 2p)"
    third="$(printf '%s\n' "$text" | sed -n 3p)"
    [[ "$first" == "$file":*:*": error: "* ]] || return 1
    [[ "$first" == *"$fragment"* ]] || return 1
    col="$(printf '%s' "${first#"$file":}" | cut -d: -f2)"
    [[ "$col" =~ ^[0-9]+$ ]] || return 1
    [ -n "$second" ] || return 1
    [ "$third" = "$(printf '%*s' "$col" '^')" ]
}

input=""

# 1. A script that runs to its end: exit 0.
cat >"$tmp/ok.sfn" <<'EOF'
#!/usr/bin/env sfn
f(x, y) = x^2 - y^2 + y^4/4
r = sfn(f, [1, 0.001], quiet=true)
assert r.converged
print("f =", r.f)
EOF
run "script runs" 0 "$tmp/ok.sfn" && check "script runs: exit 0 and output" equals "$out" "f = -1"

# 2. A failed assert: exit 1, "assertion failed" at file:line:col with the line and a caret.
printf 'x = 1\nprint("before")\n  assert x == 2\nprint("after")\n' >"$tmp/assert.sfn"
if run "failed assert" 1 "$tmp/assert.sfn"; then
    check "failed assert: located with caret" located "$tmp/assert.sfn" "assertion failed" "$err"
    check "failed assert: at 3:3" contains "$err" "$tmp/assert.sfn:3:3: error: assertion failed"
    check "failed assert: stops at the first error" equals "$out" "before"
fi
printf 'assert 1 > 2, "one is not above two"\n' >"$tmp/message.sfn"
if run "assert with message" 1 "$tmp/message.sfn"; then
    check "assert with message: located" located "$tmp/message.sfn" "assertion failed: one is not above two" "$err"
    check "assert with message: exact text" equals "$err" \
        "$tmp/message.sfn:1:1: error: assertion failed: one is not above two
assert 1 > 2, \"one is not above two\"
^"
fi

# 3. A misspelt name.
printf 'foo(x) = x + 1\ny = 2 * fo(3)\n' >"$tmp/name.sfn"
if run "misspelt name" 1 "$tmp/name.sfn"; then
    check "misspelt name: located with caret" located "$tmp/name.sfn" "unknown name 'fo'" "$err"
    check "misspelt name: at 2:9" contains "$err" "$tmp/name.sfn:2:9:"
fi

# 4. An unbalanced bracket.
printf 'v = [1, 2\nw = (3 + 4\n' >"$tmp/bracket.sfn"
run "unbalanced bracket" 1 "$tmp/bracket.sfn" &&
    check "unbalanced bracket: located with caret" located "$tmp/bracket.sfn" "" "$err"
printf 'x = (1 + 2))\n' >"$tmp/close.sfn"
run "extra closing bracket" 1 "$tmp/close.sfn" &&
    check "extra closing bracket: located with caret" located "$tmp/close.sfn" "" "$err"

# 5. A shape mismatch.
printf 'A = zeros(2, 3)\nB = A + ones(3, 2)\n' >"$tmp/shape.sfn"
if run "shape mismatch" 1 "$tmp/shape.sfn"; then
    check "shape mismatch: located with caret" located "$tmp/shape.sfn" "shape" "$err"
    check "shape mismatch: on line 2" contains "$err" "$tmp/shape.sfn:2:"
fi

# 6. -e snippets.
run "-e snippet" 0 -e 'f(x, y) = x^2 - y^2; grad(f, [1, 2])' && check "-e snippet: output" equals "$out" "[2, -4]"
run "-e error" 1 -e 'x = 1 +* 2' && check "-e error: located with caret" located "<-e>" "" "$err"

# 7. --help and --version.
run "--help" 0 --help && check "--help: usage" contains "$out" "usage"
run "-h" 0 -h
run "--version" 0 --version && check "--version: prints the version" contains "$out" "sfn "

# 8. Bad command-line usage: exit 2.
run "bad option" 2 --no-such-option && check "bad option: message on stderr" contains "$err" "--no-such-option"
run "-e without source" 2 -e
run "two scripts" 2 "$tmp/ok.sfn" "$tmp/ok.sfn"
run "missing script" 1 "$tmp/none.sfn" && check "missing script: error" contains "$err" "error: "

# 9. The REPL reading a pipe: no prompt echoed, errors reported, earlier bindings kept.
input=$'x = 2\nx + 1\nfo(1)\nx * 10\nv = [1,\n 2]\nv\n'
if run "piped REPL with an error" 1; then
    check "piped REPL: no prompt echoed" lacks "$out" "sfn>"
    check "piped REPL: no continuation prompt" lacks "$out" "...>"
    check "piped REPL: output and kept bindings" equals "$out" $'3\n20\n[1, 2]'
    check "piped REPL: error reported with caret" located "<repl:3>" "unknown name 'fo'" "$err"
fi
input=$'y = 1\ny + 1\n:quit\nprint("never")\n'
run "piped REPL without errors" 0 && check "piped REPL: :quit stops" equals "$out" "2"
input=$':help classify\n'
run "REPL :help" 0 && check "REPL :help NAME" contains "$out" "classify(f, x, tol=1e-6, gtol=1e-6)"
input=$'?classify\n2 + 3\nans * 10\n'
run "REPL ?name and ans" 0 && check "REPL ?name and ans" equals "$(printf '%s\n' "$out" | tail -n 2)" $'5\n50'
input=$'r.converged\n'
run "-i script then prompt" 0 -i "$tmp/ok.sfn" && check "-i keeps the script's bindings" equals "$out" $'f = -1\ntrue'
run "-i without a script" 2 -i
input=""

# 10. Scripts from anywhere readable: standard input (-), a pipe, /dev/null.
input=$'x = 2\nprint(x + 1)\n'
run "sfn -" 0 - && check "sfn -: output" equals "$out" "3"
input=$'print(1)\nfo(1)\n'
run "sfn - with an error" 1 - && check "sfn -: located as <stdin>" located "<stdin>" "unknown name 'fo'" "$err"
input=""
run "sfn - with another argument" 2 - "$tmp/ok.sfn"
run "a pipe as the script" 0 <(echo 'print(4)') && check "a pipe: output" equals "$out" "4"
run "/dev/null as the script" 0 /dev/null && check "/dev/null: no output" equals "$out$err" ""

# 11. A long run whose output is a file, not a terminal: plain progress lines from 2 s on, no
# carriage return or escape (issue 18; the live line on a terminal is ProgressTerminalTests').
timeout -s INT 4 "$SFN" -e 'f(x, y) = (1 - x)^2 + 100*(y - x^2)^2; gd(f, [-1.2, 1], lr=1e-5, tol=0, steps=1000000000)' \
    >"$tmp/out" 2>"$tmp/err" </dev/null
out="$(cat "$tmp/out")"; err="$(cat "$tmp/err")"
check "long run to a file: the short report first" contains "$out" "gd step     0  f = 24.2"
check "long run to a file: step of total" contains "$out" " of 1000000000  f = "
check "long run to a file: rate and ETA" contains "$out" " steps/s  ETA "
check "long run to a file: no carriage return" lacks "$out" $'\r'
check "long run to a file: no escape" lacks "$out" $'\e'

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
