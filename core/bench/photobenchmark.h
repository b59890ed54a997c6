#pragma once
// Whole photos measured (lookalike-cli bench photos):
//  (a) near-duplicates: real photos and generated variants (PhotoVariants, and EXIF rotation
//      versus rotated pixels) among distinct distractors, burst-like shots of the same scenes
//      included; pair recall and precision and the time of a photos-only import plus the
//      duplicate search, and Debian's findimagedupes on the same files (when installed);
//  (b) "looks like" mean average precision on INRIA Holidays with distractors, for the look
//      vector, a plain HSV histogram and digiKam's Haar signature;
//  (c) descriptor cost per photo beyond decoding;
//  (d) at `scale` synthetic photos: all-pairs near-duplicates and one warm query.
#include "expected.h"
#include <QJsonObject>
#include <QStringList>
#include <atomic>

namespace lookalike {

class ModelRegistry;

class PhotoBenchmark {
public:
    struct Options {
        QString holidays;         // the holidays-dev folder (jpg/, queries.tsv)
        QStringList distractors;  // folders of unrelated photos (noface-dev...)
        int originals = 40;       // photos given variants in (a)
        qint64 scale = 100000;    // (d); 0: skip
        QString workDir;          // where (a) writes its files; empty: a temporary folder
        bool findimagedupes = true;
        QStringList parts = {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"), QStringLiteral("d")};
    };

    static Expected<QJsonObject> run(const ModelRegistry& registry, const Options& options,
                                     const std::atomic_bool* cancel = nullptr);
};

} // namespace lookalike
