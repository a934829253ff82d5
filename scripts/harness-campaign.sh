#!/usr/bin/env bash
# A long campaign of the differential harness (issue 16, docs/testing.md): N random objectives
# (default 100,000) from a seed through every execution path of the tape, against each other and
# against central differences of a separate evaluator. Prints progress every 1,000 programs, then
# a tally, and the first disagreements of each kind shrunk to small sfn programs. Release build
# (`swift test` builds the test bundle with testable imports).
#
#   scripts/harness-campaign.sh [programs] [seed]
set -euo pipefail
cd "$(dirname "$0")/.."
export HARNESS_PROGRAMS="${1:-100000}" HARNESS_SEED="${2:-1}"
export OPENBLAS_NUM_THREADS=1
swift test -c release --filter 'DifferentialHarnessTests/longCampaign' 2>&1 \
    | grep -v -E '^(\[[0-9]+/[0-9]+\]|Test Suite|	 Executed|Compiling|Building|Write|Emitting|Linking|Planning)'
