#pragma once
// The photos the face gate is trained and measured on, and every detection the real pipeline
// finds in them (for `lookalike-cli bench gate` and its --dump-features).
//
// Sets, under the shared data folder:
//   noface    images/noface-dev: photos without people; every detection is a false face.
//             Held out (never trained on) when the first byte of sha1(path in the set) is
//             even: about half.
//   lfw       faces/lfw-devtrain/images: one person per photo; the main face is the largest
//             detection over the centre. Held out when the first byte of sha1(person) is a
//             multiple of 4: about a quarter of the people.
//   crowds    tricky/multiface, faces/bbt group shots, faces/deepface, faces/face_recognition:
//             small, turned, blurred, dark and crowded faces. Never trained on.
//   wallpaper /usr/share/backgrounds (Debian wallpaper packages), when present: photographs
//             without people. Never trained on.
// models/facegate/train.py reads the same rule from the dump's held_out column.
#include "expected.h"
#include "facepipeline.h"
#include <QString>
#include <atomic>
#include <functional>
#include <vector>

namespace lookalike {

class ModelRegistry;

class GateSamples {
public:
    struct Photo {
        QString set;      // "noface", "lfw", "crowds", "wallpaper"
        QString path;     // absolute
        QString relative; // inside its set's folder
        bool heldOut = true;
        // A training copy made harder: "mirror", "rot15", "rot-15", "small", "dark", "blur";
        // empty for the photo as it is.
        QString variant;
    };
    struct Detection {
        int photo = 0;         // index in photos
        bool main = false;     // lfw: the photo's main face
        DetectedFace face;     // with rawNorm and the gate's verdict
        FaceGate::Input input; // what the gate read (embedding points into face)
    };
    struct Options {
        int threads = 2;
        FacePipeline::Options pipeline;
        std::function<void(int done, int total)> progress; // from worker threads
        const std::atomic_bool* cancel = nullptr;
    };

    // The photos of every set found under `dataDir` (lfwLimit > 0: only that many LFW photos,
    // evenly spread). With `training`, the training photos also come as harder copies: every
    // variant of a noface photo, one variant of an LFW photo.
    static std::vector<Photo> list(const QString& dataDir, int lfwLimit, bool training);
    // Only much harder copies of LFW training photos (a crowd's blur, dark and blurred,
    // small and blurred): one per photo, for training.
    static std::vector<Photo> hardCopies(const QString& dataDir, int lfwLimit);
    static bool heldOut(const QString& set, const QString& relative);

    std::vector<Photo> photos;
    std::vector<int> failed;           // photos that could not be read
    std::vector<Detection> detections; // by photo, largest face first
    std::vector<QSizeF> sizes;         // each photo's size as detected (variant applied)
    double seconds = 0;

    // Runs the pipeline over `photos`, on `options.threads` threads.
    static Expected<GateSamples> collect(const ModelRegistry& registry, std::vector<Photo> photos,
                                         const Options& options);
};

} // namespace lookalike
