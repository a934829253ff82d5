#!/usr/bin/env bash
# The project's commands, for a fresh Debian or Ubuntu machine with Swift 6 on the PATH:
#
#   ./build.sh demo       build the release binary and run examples/saddle_tour.sfn
#   ./build.sh test       run the test suite (the command CI runs; arguments go to swift test)
#   ./build.sh install    build the release binary and copy it to $PREFIX/bin (default ~/.local)
#   ./build.sh kernel     build the release binary and install the Jupyter kernel `sfn` for this user
#   ./build.sh deps       only install the system libraries the build links (and packages named after it)
#
# Every command first installs the Debian packages the build links when they are missing
# (OpenBLAS, LAPACKE, GNU readline, zlib), with sudo when not run as root; `kernel` also ipykernel and
# jupyter-client (Debian's, for /usr/bin/python3).
set -euo pipefail
cd "$(dirname "$0")"

packages=(libopenblas-dev liblapacke-dev libreadline-dev zlib1g-dev)

deps() {
    command -v swift >/dev/null || { echo "build.sh: swift is not on the PATH (install Swift 6 first: https://swift.org/install)" >&2; exit 2; }
    local needed=()
    for p in "${packages[@]}" "$@"; do
        dpkg -s "$p" >/dev/null 2>&1 || needed+=("$p")
    done
    [ ${#needed[@]} -eq 0 ] && return
    command -v apt-get >/dev/null || { echo "build.sh: install ${needed[*]} (or your system's OpenBLAS, LAPACKE, readline and zlib headers)" >&2; exit 2; }
    echo "build.sh: installing ${needed[*]}"
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${needed[@]}" >/dev/null
}

release() {
    swift build -c release --product sfn
}

case "${1:-}" in
    deps)
        shift; deps "$@" ;;
    demo)
        deps; release
        .build/release/sfn examples/saddle_tour.sfn ;;
    test)
        deps
        # One BLAS thread: the suites run in parallel on a small machine, where extra OpenBLAS
        # threads spin more than they help (sfn honours OPENBLAS_NUM_THREADS).
        export OPENBLAS_NUM_THREADS=1
        # The engine optimised inside the debug build (Package.swift), and line tables instead of
        # full debug information: together they keep a fresh clone's build and run on 2 cores
        # under 5 minutes. A plain `swift test` runs the same tests, unoptimised.
        export SFN_OPTIMISE_ENGINE=1
        shift
        swift test -Xswiftc -gline-tables-only "$@" ;;
    install)
        deps; release
        prefix="${PREFIX:-$HOME/.local}"
        mkdir -p "$prefix/bin"
        install -m 755 .build/release/sfn "$prefix/bin/sfn"
        echo "installed $prefix/bin/sfn"
        case ":$PATH:" in *":$prefix/bin:"*) ;; *) echo "add $prefix/bin to your PATH" ;; esac ;;
    kernel)
        # Debian's Python (not a pyenv or venv one first on the PATH): it is the one with ipykernel.
        deps python3-ipykernel python3-jupyter-client; release
        /usr/bin/python3 kernel/install.py .build/release/sfn ;;
    *)
        sed -n '2,12s/^# \{0,1\}//p' "$0"
        [ -z "${1:-}" ] || exit 2 ;;
esac
