#!/usr/bin/env bash
# Copies the language contract (../shared/spec/LANGUAGE.md beside the repository, which stays the
# contract) into docs/language.md, the copy that ships with the repository and that the README
# links. LanguageReferenceTests fails when the two differ.
set -euo pipefail
cd "$(dirname "$0")/.."
spec=../shared/spec/LANGUAGE.md
[ -f "$spec" ] || { echo "sync-language: no $spec beside the repository" >&2; exit 1; }
{
    echo "<!-- A copy of the sfn language contract, kept in step by scripts/sync-language.sh. Edit the contract, not this file. -->"
    echo
    cat "$spec"
} > docs/language.md
echo "docs/language.md updated from $spec"
