#!/usr/bin/env bash
# Re-makes models/object-codebook.bin, the codebook of same-object search, from photos that
# no evaluation uses (faces/deepface and faces/face_recognition of the shared test photos),
# and prints its sha256 and size for models/models.json. Deterministic: on the same build the
# same photos give the same bytes.
#
#   bash packaging/train-codebook.sh [OUTPUT]     (default: models/object-codebook.bin)
#
# Needs a built lookalike-cli (bash packaging/setup.sh build) and LOOKALIKE_DATA_DIR or
# ../shared/data beside the project.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DATA=${LOOKALIKE_DATA_DIR:-$ROOT/../shared/data}
CLI=${LOOKALIKE_BUILD_DIR:-$ROOT/build}/app/lookalike-cli
OUT=${1:-$ROOT/models/object-codebook.bin}
[[ -x $CLI ]] || { echo "train-codebook: build first: bash packaging/setup.sh build" >&2; exit 1; }
[[ -d $DATA/faces/deepface ]] || { echo "train-codebook: no photos at $DATA" >&2; exit 1; }
"$CLI" train-codebook "$OUT" "$DATA/faces/deepface" "$DATA/faces/face_recognition" \
    --clusters 64 --dimension 32 --max-descriptors 150000
