// Multi-index hashing finds exactly what an exhaustive Hamming search finds: codes at every
// distance around the radius (planted by flipping bits of random codes), each radius up to
// kMaxRadius, and the all-pairs search of PhotoIndex (codes against codes and against the
// window codes of crops) against the FAISS exhaustive one.
#include "multiindexhash.h"
#include "photodescriber.h"
#include "photoindex.h"
#include <QRandomGenerator>
#include <QtTest>
#include <algorithm>
#include <map>
#include <type_traits>

using namespace lookalike;

namespace {

constexpr int kBytes = MultiIndexHash::kBytes;

std::vector<std::uint8_t> randomCodes(int n, quint32 seed)
{
    QRandomGenerator rng(seed);
    std::vector<std::uint8_t> codes(size_t(n) * kBytes);
    for (std::uint8_t& b : codes)
        b = std::uint8_t(rng.bounded(256));
    return codes;
}

// A copy of `code` with `bits` distinct bits flipped.
void flipped(const std::uint8_t* code, int bits, QRandomGenerator& rng, std::uint8_t* out)
{
    std::copy(code, code + kBytes, out);
    std::vector<int> positions(256);
    std::iota(positions.begin(), positions.end(), 0);
    for (int i = 0; i < bits; ++i) {
        std::swap(positions[size_t(i)], positions[size_t(i) + rng.bounded(256u - quint32(i))]);
        out[positions[size_t(i)] / 8] ^= std::uint8_t(1u << (positions[size_t(i)] % 8));
    }
}

int distance(const std::uint8_t* a, const std::uint8_t* b)
{
    int bits = 0;
    for (int i = 0; i < kBytes; ++i)
        bits += __builtin_popcount(unsigned(a[i] ^ b[i]));
    return bits;
}

} // namespace

class TestMultiIndexHash : public QObject {
    Q_OBJECT

private slots:
    void findsExactlyWhatAnExhaustiveSearchFinds_data()
    {
        QTest::addColumn<int>("radius");
        for (int r : {0, 1, 15, 16, 26, 31, 32, 40, MultiIndexHash::kMaxRadius})
            QTest::addRow("r=%d", r) << r;
    }

    void findsExactlyWhatAnExhaustiveSearchFinds()
    {
        if (!MultiIndexHash::supported())
            QSKIP("this processor has no POPCNT; PhotoIndex searches exhaustively");
        QFETCH(int, radius);
        // 2,000 random codes, then for each of 100 of them copies at 0..60 bits.
        QRandomGenerator rng(7);
        std::vector<std::uint8_t> codes = randomCodes(2000, 11);
        for (int q = 0; q < 100; ++q)
            for (int bits = 0; bits <= 60; bits += 2) {
                codes.resize(codes.size() + kBytes);
                flipped(codes.data() + size_t(q) * kBytes, bits + (q % 2), rng, codes.data() + codes.size() - kBytes);
            }
        const int n = int(codes.size() / kBytes);
        const MultiIndexHash index(codes);
        QCOMPARE(index.size(), n);
        MultiIndexHash::Scratch scratch;
        int found = 0;
        for (int q = 0; q < 100; ++q) {
            const std::uint8_t* query = codes.data() + size_t(q) * kBytes;
            std::vector<MultiIndexHash::Hit> hits;
            index.search(query, radius, scratch, hits);
            std::vector<std::pair<int, int>> got, want;
            for (const auto& h : hits)
                got.emplace_back(h.row, h.bits);
            for (int row = 0; row < n; ++row)
                if (const int d = distance(query, codes.data() + size_t(row) * kBytes); d <= radius)
                    want.emplace_back(row, d);
            std::sort(got.begin(), got.end());
            QCOMPARE(got, want);
            found += int(want.size());
        }
        QVERIFY(found >= 100); // every query finds itself at least
        if (radius >= 26)
            QVERIFY(found >= 100 * (1 + radius / 2 - 1)); // and its planted copies
    }

    void allPairsOfPhotosMatchTheExhaustiveSearch()
    {
        constexpr int kPhotos = 3000;
        constexpr int kWindows = PhotoDescriptor::kWindows;
        QRandomGenerator rng(3);
        std::vector<std::uint8_t> codes = randomCodes(kPhotos, 5);
        // Every tenth photo is a near copy of the one before; every seventh has a window that
        // is a crop of photo 0's neighbour; the other windows are near their own code.
        for (int i = 1; i < kPhotos; i += 10)
            flipped(codes.data() + size_t(i - 1) * kBytes, int(rng.bounded(30)), rng, codes.data() + size_t(i) * kBytes);
        std::vector<std::uint8_t> windows(size_t(kPhotos) * kWindows * kBytes);
        for (int i = 0; i < kPhotos; ++i)
            for (int w = 0; w < kWindows; ++w) {
                const int source = (i % 7 == 0 && w == 0) ? (i + 3) % kPhotos : i;
                flipped(codes.data() + size_t(source) * kBytes, int(rng.bounded(40)), rng,
                        windows.data() + (size_t(i) * kWindows + size_t(w)) * kBytes);
            }
        std::vector<qint64> ids(kPhotos);
        std::iota(ids.begin(), ids.end(), qint64(1));
        PhotoIndex index;
        QVERIFY(index.add(ids, codes, windows, {}));
        // The photos' pairs are the hash's own: one type, handed on without a copy.
        static_assert(std::is_same_v<PhotoIndex::Pair, MultiIndexHash::Pair>);
        for (int radius : {10, 26, 40}) {
            const std::vector<MultiIndexHash::Pair> fast = index.allNearPairs(radius);
            const auto slow = index.allNearPairsExhaustive(radius);
            QVERIFY(!slow.empty());
            QCOMPARE(fast.size(), slow.size());
            for (size_t k = 0; k < fast.size(); ++k) {
                QCOMPARE(fast[k].a, slow[k].a);
                QCOMPARE(fast[k].b, slow[k].b);
                QCOMPARE(fast[k].bits, slow[k].bits);
            }
        }
        // One photo's copies: its code and windows against every code and window, as the
        // query of a dropped photo does.
        for (int q = 0; q < 60; ++q) {
            const int row = q * 47 % kPhotos;
            const std::uint8_t* code = codes.data() + size_t(row) * kBytes;
            const std::span<const std::uint8_t> mine(windows.data() + size_t(row) * kWindows * kBytes, kWindows * kBytes);
            std::map<qint64, int> want;
            for (int p = 0; p < kPhotos; ++p) {
                int best = distance(code, codes.data() + size_t(p) * kBytes);
                for (int w = 0; w < kWindows; ++w) {
                    best = std::min(best, distance(code, windows.data() + (size_t(p) * kWindows + size_t(w)) * kBytes));
                    best = std::min(best, distance(mine.data() + size_t(w) * kBytes, codes.data() + size_t(p) * kBytes));
                }
                if (best <= 26)
                    want[ids[size_t(p)]] = best;
            }
            std::map<qint64, int> got;
            for (const PhotoIndex::Hit& h : index.nearCodes({code, size_t(kBytes)}, mine, 26, 0))
                got[h.imageId] = int(h.score);
            QCOMPARE(got, want);
            QVERIFY(got.count(ids[size_t(row)]) == 1 && got.at(ids[size_t(row)]) == 0);
        }
        // Told to stop, it stops.
        int calls = 0;
        index.allNearPairs(26, [&](qint64, qint64) { return ++calls < 1; });
        QCOMPARE(calls, 1);
    }
};

QTEST_GUILESS_MAIN(TestMultiIndexHash)
#include "tst_multiindexhash.moc"
