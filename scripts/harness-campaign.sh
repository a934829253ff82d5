#!/usr/bin/env bash
# A long campaign of the differential harness (issue 16): N random objectives (default 100,000)
# from a seed through every execution path of the tape, against each other and against central
# differences of a separate evaluator; prints a tally, and each disagreement shrunk to a small sfn
# program. Release build (the test bundle is built with testable imports, as `swift test` does).
#
#   scripts/harness-campaign.sh [programs] [seed]
set -euo pipefail
cd "$(dirname "$0")/.."
export HARNESS_PROGRAMS="${1:-100000}" HARNESS_SEED="${2:-1}"
export OPENBLAS_NUM_THREADS=1
swift build -c release --build-tests
swift test -c release --skip-build --filter 'DifferentialHarnessTests/longCampaign' 2>&1 \
    | grep -v '^\(Test Suite\|Test Case\|\[\)' || true
