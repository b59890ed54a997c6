#!/usr/bin/env bash
# Sets up a Debian 12 machine for Lookalike, builds it, and starts it or runs the tests.
#
#   bash packaging/setup.sh run [ARGS...]  deps + models + build, then start the app with ARGS
#   bash packaging/setup.sh test           deps + models + build, then every test (ctest)
#   bash packaging/setup.sh deps           install the Debian packages that are missing
#   bash packaging/setup.sh models [--model ID]  fetch and verify the models (fetch-models.sh);
#                                          --model fetches an optional model such as mobilenetv2-7
#   bash packaging/setup.sh build          configure once, then build
#   bash packaging/setup.sh gate-deps      what retraining the face gate needs (scikit-learn,
#                                          photos without people): models/facegate/README.md
#
# Every step checks before it acts, so a run with nothing to do takes about a second.
# Installing needs root; sudo is used when not root. Nothing here reads stdin.
# Environment: LOOKALIKE_BUILD_DIR (default build/), LOOKALIKE_MODELS_DIR,
# LOOKALIKE_MODELS_MANIFEST, LOOKALIKE_DATA_DIR (default ../shared/data when it exists).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${LOOKALIKE_BUILD_DIR:-$ROOT/build}

PACKAGES=(
    build-essential cmake ninja-build pkg-config ccache
    # Qt 6; qt6-base-dev pulls in the GL headers that Qt6Gui's CMake config looks for.
    qt6-base-dev qt6-base-dev-tools qt6-image-formats-plugins
    libopencv-dev libfaiss-dev libopenblas0-pthread libsqlite3-dev sqlite3
    jq curl ca-certificates # models step
    xvfb xauth              # GUI tests and screenshots without a display
    dpkg-dev fakeroot file  # .deb packages with CPack
    desktop-file-utils appstream # tst_package validates the desktop entry and metainfo
    python3-onnx python3-numpy   # tst_imageembedder writes small ONNX models to run
    python3-sklearn              # the map's quality benchmark (tools/map-quality.py)
    # HEIC/AVIF (libheif 1.15 links its HEVC and AV1 decoders itself), camera RAW, XMP
    libheif-dev libraw-dev libexiv2-dev
    # tests: HEIC, AVIF and XMP made from the shared photos; DNG written with libtiff
    libheif-examples libavif-bin exiv2 libtiff-dev
    findimagedupes # bench photos runs it on the same near-duplicate set, for comparison
)
# What the models step needs on its own (npm is added when the command is missing).
MODEL_TOOLS=(jq curl ca-certificates)
# Only to retrain the face gate (models/facegate/train.py): Debian's scikit-learn, and
# photographs without people from desktop wallpaper packages.
GATE_TRAINING_PACKAGES=(python3-sklearn python3-numpy mate-backgrounds ukui-wallpapers)

log() { printf 'setup: %s\n' "$*" >&2; }
die() {
    log "error: $*"
    exit 1
}

as_root() {
    if ((EUID == 0)); then
        "$@"
    elif command -v sudo >/dev/null; then
        sudo "$@"
    else
        die "not root and no sudo: run as root: $*"
    fi
}

# Prints the packages among "$@" that are not installed.
missing_packages() {
    local installed
    installed=" $(dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' "$@" 2>/dev/null |
        awk '$1 == "ii" { printf "%s ", $2 }') " || true
    local pkg
    for pkg in "$@"; do
        [[ $installed == *" $pkg "* ]] || printf '%s\n' "$pkg"
    done
}

# Installs whichever of "$@" is missing, plus npm when there is no npm command.
# apt-get update runs only when something is missing.
ensure_packages() {
    local missing
    mapfile -t missing < <(missing_packages "$@")
    command -v npm >/dev/null || missing+=(npm)
    ((${#missing[@]})) || return 0
    log "installing ${missing[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
        -o Dpkg::Use-Pty=0 -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
        "${missing[@]}" >&2
}

# FAISS links libblas.so.3 and liblapack.so.3: make sure they are OpenBLAS, not reference BLAS.
use_openblas() {
    local arch lib name target
    arch=$(gcc -print-multiarch)
    for lib in libblas liblapack; do
        name=$lib.so.3-$arch
        target=/usr/lib/$arch/openblas-pthread/$lib.so.3
        [[ -e $target ]] || die "$target missing: is libopenblas0-pthread installed?"
        if [[ $(update-alternatives --query "$name" | sed -n 's/^Value: //p') != "$target" ]]; then
            log "pointing $lib.so.3 at OpenBLAS"
            as_root update-alternatives --set "$name" "$target" >&2
        fi
    done
}

deps() {
    ensure_packages "${PACKAGES[@]}"
    use_openblas
}

models() {
    ensure_packages "${MODEL_TOOLS[@]}"
    bash "$ROOT/packaging/fetch-models.sh" "$@"
}

build() {
    if [[ ! -f $BUILD_DIR/CMakeCache.txt ]]; then
        local launcher=()
        command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
        cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "${launcher[@]}"
    elif [[ ! -f $BUILD_DIR/build.ninja && ! -f $BUILD_DIR/Makefile ]]; then
        cmake -S "$ROOT" -B "$BUILD_DIR" # an earlier configure failed half-way
    fi
    cmake --build "$BUILD_DIR" -j"$(nproc)"
}

# Starts the GUI when it is built, else the command-line tool (--help when given no ARGS).
run_app() {
    local gui=$BUILD_DIR/app/lookalike cli=$BUILD_DIR/app/lookalike-cli
    if [[ ! -x $gui ]]; then
        [[ -x $cli ]] || die "$cli was not built"
        (($#)) || set -- --help
        exec "$cli" "$@"
    fi
    if [[ -n ${DISPLAY:-}${WAYLAND_DISPLAY:-}${QT_QPA_PLATFORM:-} ]]; then
        exec "$gui" "$@"
    fi
    if [[ -n ${CI:-} ]]; then
        exec xvfb-run -a "$gui" "$@"
    fi
    log "built $gui, but there is no display to show it on."
    log "start it from a desktop session, or without one: xvfb-run -a $gui"
}

run_tests() {
    local data=$ROOT/../shared/data rc=0
    if [[ -z ${LOOKALIKE_DATA_DIR:-} && -d $data ]]; then
        LOOKALIKE_DATA_DIR=$(cd "$data" && pwd)
        export LOOKALIKE_DATA_DIR
    fi
    ctest --test-dir "$BUILD_DIR" --output-on-failure --no-tests=error -j1 || rc=$?
    if ((rc == 0)); then
        echo "setup: all tests passed"
    else
        echo "setup: tests FAILED (ctest exit code $rc)"
    fi
    return "$rc"
}

usage() {
    sed -n '2,/^set -euo/{/^#/s/^# \{0,1\}//p}' "${BASH_SOURCE[0]}" >&2
    exit 2
}

main() {
    local step=${1:-}
    (($#)) && shift
    # One step per line: `set -e` does not apply inside functions called in an && list.
    case $step in
    deps) deps ;;
    models) models "$@" ;;
    build) build ;;
    gate-deps) ensure_packages "${GATE_TRAINING_PACKAGES[@]}" ;;
    run | test)
        deps
        models
        build
        if [[ $step == run ]]; then run_app "$@"; else run_tests; fi
        ;;
    *) usage ;;
    esac
}

main "$@"
