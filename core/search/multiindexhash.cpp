#include "multiindexhash.h"
#include <algorithm>
#include <atomic>
#include <cstring>
#include <thread>

namespace lookalike {

namespace {

constexpr int kBuckets = 1 << 16;

inline std::uint16_t substring(const std::uint8_t* code, int t)
{
    return std::uint16_t(code[2 * t] | (code[2 * t + 1] << 8));
}

inline int distance(const std::uint8_t* a, const std::uint8_t* b)
{
    std::uint64_t x[4], y[4];
    std::memcpy(x, a, 32);
    std::memcpy(y, b, 32);
    return __builtin_popcountll(x[0] ^ y[0]) + __builtin_popcountll(x[1] ^ y[1]) +
           __builtin_popcountll(x[2] ^ y[2]) + __builtin_popcountll(x[3] ^ y[3]);
}

} // namespace

bool MultiIndexHash::supported()
{
#if defined(__x86_64__) || defined(__i386__)
    return __builtin_cpu_supports("popcnt");
#else
    return true;
#endif
}

MultiIndexHash::MultiIndexHash(std::span<const std::uint8_t> codes)
    : m_codes(codes), m_n(int(codes.size() / kBytes)), m_starts(kTables), m_rows(kTables)
{
    // A counting sort per table.
    for (int t = 0; t < kTables; ++t) {
        std::vector<std::uint32_t>& starts = m_starts[size_t(t)];
        starts.assign(kBuckets + 1, 0);
        for (int i = 0; i < m_n; ++i)
            ++starts[substring(codes.data() + size_t(i) * kBytes, t) + 1u];
        for (int k = 0; k < kBuckets; ++k)
            starts[size_t(k) + 1] += starts[size_t(k)];
        std::vector<std::uint32_t> next(starts.begin(), starts.end() - 1);
        std::vector<std::uint32_t>& rows = m_rows[size_t(t)];
        rows.resize(size_t(m_n));
        for (int i = 0; i < m_n; ++i)
            rows[next[substring(codes.data() + size_t(i) * kBytes, t)]++] = std::uint32_t(i);
    }
}

void MultiIndexHash::search(const std::uint8_t* query, int maxBits, Scratch& scratch, std::vector<Hit>& out) const
{
    if (m_n == 0 || maxBits < 0)
        return;
    if (scratch.seen.size() != size_t(m_n)) {
        scratch.seen.assign(size_t(m_n), 0);
        scratch.mark = 0;
    }
    if (++scratch.mark == 0) { // wrapped: start the marks again
        std::fill(scratch.seen.begin(), scratch.seen.end(), 0);
        scratch.mark = 1;
    }
    const int flips = maxBits / kTables; // 0, 1 or 2
    auto visit = [&](int t, std::uint32_t key) {
        const std::vector<std::uint32_t>& starts = m_starts[size_t(t)];
        const std::uint32_t* rows = m_rows[size_t(t)].data();
        for (std::uint32_t i = starts[key], end = starts[key + 1]; i < end; ++i) {
            const std::uint32_t row = rows[i];
            if (scratch.seen[row] == scratch.mark)
                continue;
            scratch.seen[row] = scratch.mark;
            const int bits = distance(query, m_codes.data() + size_t(row) * kBytes);
            if (bits <= maxBits)
                out.push_back({int(row), bits});
        }
    };
    for (int t = 0; t < kTables; ++t) {
        const std::uint32_t key = substring(query, t);
        visit(t, key);
        if (flips >= 1)
            for (int a = 0; a < 16; ++a) {
                visit(t, key ^ (1u << a));
                if (flips >= 2)
                    for (int b = a + 1; b < 16; ++b)
                        visit(t, key ^ (1u << a) ^ (1u << b));
            }
    }
}

std::vector<MultiIndexHash::Pair> MultiIndexHash::allPairs(std::span<const std::uint8_t> codes,
                                                           std::span<const std::uint8_t> windows, int windowsPerCode,
                                                           int maxBits, int threads,
                                                           const std::function<bool(qint64, qint64)>& progress)
{
    const int n = int(codes.size() / kBytes);
    const int w = windows.empty() ? 0 : windowsPerCode;
    const size_t entries = size_t(n) * size_t(1 + w);
    if (n == 0 || maxBits < 0 || maxBits > kMaxRadius)
        return {};
    const int flips = maxBits / kTables;
    // The neighbours of a bucket: the masks of 1..flips bits.
    std::vector<std::uint32_t> masks;
    for (int a = 0; a < 16; ++a) {
        if (flips >= 1)
            masks.push_back(1u << a);
        if (flips >= 2)
            for (int b = a + 1; b < 16; ++b)
                masks.push_back((1u << a) | (1u << b));
    }
    auto entryCode = [&](size_t e) {
        return e < size_t(n) ? codes.data() + e * kBytes : windows.data() + (e - size_t(n)) * kBytes;
    };
    std::atomic<int> nextTable{0}, tablesDone{0};
    std::atomic_bool stop{false};
    threads = std::clamp(threads, 1, kTables);
    std::vector<std::vector<Pair>> found(static_cast<size_t>(threads));
    auto work = [&](int worker) {
        std::vector<std::uint32_t> starts(kBuckets + 1), next;
        std::vector<std::uint8_t> sorted(entries * kBytes);
        std::vector<std::int32_t> owner(entries); // photo index; negative (-1 - photo) for a window
        std::vector<Pair>& out = found[size_t(worker)];
        std::vector<std::uint32_t> codeEnds(kBuckets); // a bucket holds its codes first, then windows
        auto check = [&](std::uint32_t i, std::uint32_t j) {
            const std::int32_t oi = owner[i], oj = owner[j];
            if (oi == -1 - oj || oj == -1 - oi)
                return; // a photo against its own window
            const int bits = distance(sorted.data() + size_t(i) * kBytes, sorted.data() + size_t(j) * kBytes);
            if (bits > maxBits)
                return;
            const int pi = oi < 0 ? -1 - oi : oi, pj = oj < 0 ? -1 - oj : oj;
            out.push_back({std::min(pi, pj), std::max(pi, pj), bits});
        };
        // Bucket A against bucket B: codes of A against everything in B, windows of A against
        // codes of B; within one bucket, each pair once. Windows never meet windows.
        auto compare = [&](std::uint32_t a, std::uint32_t b) {
            if (a == b) {
                for (std::uint32_t i = starts[a]; i < codeEnds[a]; ++i)
                    for (std::uint32_t j = i + 1; j < starts[a + 1]; ++j)
                        check(i, j);
                return;
            }
            for (std::uint32_t i = starts[a]; i < codeEnds[a]; ++i)
                for (std::uint32_t j = starts[b]; j < starts[b + 1]; ++j)
                    check(i, j);
            for (std::uint32_t i = codeEnds[a]; i < starts[a + 1]; ++i)
                for (std::uint32_t j = starts[b]; j < codeEnds[b]; ++j)
                    check(i, j);
        };
        while (!stop) {
            const int t = nextTable++;
            if (t >= kTables)
                break;
            std::fill(starts.begin(), starts.end(), 0);
            for (size_t e = 0; e < entries; ++e)
                ++starts[substring(entryCode(e), t) + 1u];
            for (int k = 0; k < kBuckets; ++k)
                starts[size_t(k) + 1] += starts[size_t(k)];
            next.assign(starts.begin(), starts.end() - 1);
            for (size_t e = 0; e < entries; ++e) {
                if (e == size_t(n)) // every code is placed: the windows follow in each bucket
                    std::copy(next.begin(), next.end(), codeEnds.begin());
                const std::uint32_t slot = next[substring(entryCode(e), t)]++;
                std::memcpy(sorted.data() + size_t(slot) * kBytes, entryCode(e), kBytes);
                owner[slot] = e < size_t(n) ? std::int32_t(e) : -1 - std::int32_t((e - size_t(n)) / size_t(w));
            }
            if (size_t(n) == entries)
                std::copy(next.begin(), next.end(), codeEnds.begin());
            for (std::uint32_t k = 0; k < kBuckets && !stop; ++k) {
                if (starts[k] == starts[k + 1])
                    continue;
                compare(k, k);
                for (std::uint32_t mask : masks)
                    if (const std::uint32_t other = k ^ mask; other > k && starts[other] < starts[other + 1])
                        compare(k, other);
            }
            const int done = ++tablesDone;
            if (worker == 0 && progress && !progress(qint64(done) * n / kTables, n))
                stop = true;
        }
    };
    std::vector<std::thread> helpers;
    for (int t = 1; t < threads; ++t)
        helpers.emplace_back(work, t);
    work(0);
    for (std::thread& t : helpers)
        t.join();
    std::vector<Pair> out;
    for (std::vector<Pair>& part : found)
        out.insert(out.end(), part.begin(), part.end());
    return out;
}

} // namespace lookalike
