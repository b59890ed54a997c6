#!/bin/bash
# Screenshots of the real application on real photos, for docs/. Runs the built app under
# Xvfb (xvfb-run, 1400x900) with temporary settings, data and cache folders:
#   tests/ui/make-screenshots.sh [BUILD_DIR]        (default: build-ui)
# Needs xvfb-run, imagemagick (import) and xdotool (clicks for the dialogs), the models,
# and ../shared/data. LFW_LIBRARY=path/to/lfw.lookalike adds a 10,000-face query shot
# (make it with: lookalike-cli index LIB ../shared/data/faces/lfw-devtrain/images --labels-from-subfolders).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${1:-$ROOT/build-ui}
APP=$BUILD/app/lookalike
DATA=${LOOKALIKE_DATA_DIR:-$ROOT/../shared/data}
DOCS=$ROOT/docs
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export LOOKALIKE_MODELS_DIR=${LOOKALIKE_MODELS_DIR:-$HOME/.cache/lookalike/models}
export XDG_CONFIG_HOME=$WORK/config XDG_DATA_HOME=$WORK/data XDG_CACHE_HOME=$WORK/cache XDG_RUNTIME_DIR=$WORK/run
mkdir -p "$WORK/run" && chmod 700 "$WORK/run"
cp -r "$DATA/faces/bbt" "$WORK/bbt"
mkdir -p "$WORK/lfw400"
mapfile -t people < <(ls "$DATA/faces/lfw-devtrain/images")
for d in "${people[@]:0:400}"; do cp -r "$DATA/faces/lfw-devtrain/images/$d" "$WORK/lfw400/"; done
cp -r "$DATA/tricky" "$WORK/tricky"
LIB=$WORK/data/lookalike/libraries/bbt.lookalike

cat > "$WORK/run.sh" <<SCRIPT
#!/bin/bash
set -x
# First start: no library yet.
"$APP" --screenshot "$DOCS/screenshot-welcome.png"
# After an import: the wizard's defaults, the window once it has settled.
"$APP" "$WORK/bbt" --import --screenshot "$DOCS/screenshot-import.png"
# During an import: faces appear while the status bar shows progress, rate and time left.
"$APP" "$WORK/lfw400" --import --screenshot "$DOCS/screenshot-importing.png" --screenshot-when importing
# After a drop: a real drop event of a group photo; face 1 searched, the others clickable.
"$APP" "$LIB" --query "$WORK/bbt/bbt3.jpg" --screenshot "$DOCS/screenshot-query.png"
# View > Photos: photos without faces, by folder (three folders of the shared photo sets).
mkdir -p "$WORK/Pictures/City" "$WORK/Pictures/Holidays" "$WORK/Pictures/Landscapes"
cp \$(ls -d "$DATA"/images/noface-dev/urban100/* | head -7) "$WORK/Pictures/City/"
cp \$(ls -d "$DATA"/images/holidays-dev/jpg/* | head -10) "$WORK/Pictures/Holidays/"
cp \$(ls -d "$DATA"/images/noface-dev/sun_hays80/* | head -7) "$WORK/Pictures/Landscapes/"
"$BUILD/app/lookalike-cli" index "$WORK/pictures.lookalike" "$WORK/Pictures" > /dev/null
"$APP" "$WORK/pictures.lookalike" --photos --screenshot "$DOCS/screenshot-photos.png"
# Review > Duplicate photos: photos of places with copies made by the test (resized, PNG).
LOOKALIKE_PHOTOREVIEW_SCREENSHOT="$DOCS/screenshot-duplicate-photos.png" "$BUILD/tests/tst_duplicatephotoreview" screenshot
# A photo query in Photos mode: a photo from a phone, its copies in the library (a byte copy
# and a HEIC re-encode) as duplicates, then the photos that look like it.
mkdir -p "$WORK/Friends/Pictures/Friends" "$WORK/Friends/Pictures/Holidays" "$WORK/Friends/From phone"
cp \$(ls -d "$DATA"/images/holidays-dev/jpg/* | head -60) "$WORK/Friends/Pictures/Holidays/"
cp -r "$WORK/Pictures/City" "$WORK/Friends/Pictures/"
cp "$DATA"/faces/bbt/bbt*.jpg "$WORK/Friends/Pictures/Friends/"
cp "$DATA/faces/bbt/bbt3.jpg" "$WORK/Friends/Pictures/Friends/bbt3 (copy).jpg"
heif-enc -q 60 "$DATA/faces/bbt/bbt3.jpg" -o "$WORK/Friends/Pictures/Friends/bbt3 edited.heic" > /dev/null
cp "$DATA/faces/bbt/bbt3.jpg" "$WORK/Friends/From phone/IMG_2041.jpg"
"$BUILD/app/lookalike-cli" index "$WORK/friends.lookalike" "$WORK/Friends/Pictures" > /dev/null
"$APP" "$WORK/friends.lookalike" --photos --query "$WORK/Friends/From phone/IMG_2041.jpg" --screenshot "$DOCS/screenshot-photo-query.png"
if [ -n "${LFW_LIBRARY:-}" ]; then
  "$APP" "${LFW_LIBRARY:-}" --query "$DATA/faces/face_recognition/examples/obama-480p.jpg" --screenshot "$DOCS/screenshot-query-10k.png"
fi
# The wizard, opened on a folder from the command line.
"$APP" "$WORK/bbt" & PID=\$!; sleep 4; import -window root -crop 1320x860+0+0 +repage "$DOCS/screenshot-wizard.png"; kill \$PID; wait \$PID || true
# Double-click on a face: the photo with every face box, the chosen one highlighted.
"$APP" "$LIB" & PID=\$!; sleep 4
xdotool mousemove 530 250 click --repeat 2 --delay 80 1; sleep 3
import -window root -crop 1320x860+0+0 +repage "$DOCS/screenshot-photo.png"; kill \$PID; wait \$PID || true
# The context menu of a face.
"$APP" "$LIB" & PID=\$!; sleep 4
xdotool mousemove 590 390 click 1 mousemove 590 390 click 3; sleep 1
import -window root -crop 1320x860+0+0 +repage "$DOCS/screenshot-context-menu.png"; kill \$PID; wait \$PID || true
# Files that failed, with the reason for each (File > Files that failed, Ctrl+Shift+L).
"$APP" "$WORK/tricky" --import --screenshot "$WORK/tricky.png"
"$APP" "$WORK/data/lookalike/libraries/tricky.lookalike" & PID=\$!; sleep 4
xdotool search --sync --onlyvisible --name "tricky" windowfocus --sync key ctrl+shift+l; sleep 2
import -window root -crop 1320x860+0+0 +repage "$DOCS/screenshot-failures.png"; kill \$PID; wait \$PID || true
# People in a library without labels: the suggested people, then one named from two faces
# (F2) and the suggestions that follow (Y confirms, N rejects).
mkdir -p "$WORK/flat"
for p in sheldon penny raj amy leonard howard bernadette stuart; do cp -r "$WORK/bbt/\$p" "$WORK/flat/"; done
cp "$WORK"/bbt/bbt*.jpg "$WORK/flat/"
"$BUILD/app/lookalike-cli" index "$WORK/people.lookalike" "$WORK/flat" > /dev/null
"$APP" "$WORK/people.lookalike" & PID=\$!; sleep 6
xdotool mousemove 60 112 click 1; sleep 2
import -window root -crop 1320x860+0+0 +repage "$DOCS/screenshot-people.png"
xdotool mousemove 296 100 click 1 keydown ctrl mousemove 443 100 click 1 keyup ctrl key F2; sleep 1
xdotool type "Raj"; xdotool key Return; sleep 4
xdotool mousemove 60 98 click 1; sleep 2; xdotool mousemove 296 100 click 1; sleep 2
import -window root -crop 1320x860+0+0 +repage "$DOCS/screenshot-suggestions.png"; kill \$PID; wait \$PID || true
SCRIPT
chmod +x "$WORK/run.sh"
xvfb-run -a -s "-screen 0 1400x900x24" "$WORK/run.sh"
ls -la "$DOCS"/screenshot-*.png
