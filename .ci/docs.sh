#!/usr/bin/env bash
# The documentation: one combined DocC archive for SFNKit and the modules it re-exports, built
# by swift-docc-plugin. Fails when DocC warns (an unresolved symbol link, a doc comment naming a
# symbol that is not public), printing each warning with its source lines.
#
#   bash .ci/docs.sh      # writes .build/plugins/Swift-DocC/outputs/sfn.doccarchive
set -uo pipefail
cd "$(dirname "$0")/.."

# Every target SFNKit re-exports, and SFNKit itself (its catalog holds the articles). A target
# links to its dependencies' pages with a leading slash: ``/SFNMethods/Methods``.
targets=(SFNNumerics SFNTape SFNMethods SFNSyntax SFNLanguage SFNKit)

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
args=()
for t in "${targets[@]}"; do args+=(--target "$t"); done
if ! swift package generate-documentation --enable-experimental-combined-documentation "${args[@]}" >"$log" 2>&1; then
    cat "$log"
    echo "docs: generate-documentation failed" >&2
    exit 1
fi
warnings="$(grep -c 'warning:' "$log")"
if [ "$warnings" -gt 0 ]; then
    grep -A7 'warning:' "$log"
    echo "docs: $warnings DocC warning(s)" >&2
    exit 1
fi
echo "docs: no warnings; $(grep -A1 'Generated combined documentation archive at' "$log" | tail -1 | sed 's/^ *//')"
