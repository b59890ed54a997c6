#pragma once
// The search paths of VectorIndex (internal to core/search): exact Flat scans and IVF list
// scans on BLAS, IVF,SQ8 list scans on 8-bit code kernels, FAISS's own search for anything
// else. FAISS types only in the .cpp.
#include "knnblocks.h"

namespace faiss {
struct Index;
template <typename IndexT> struct IndexIDMap2Template;
using IndexIDMap2 = IndexIDMap2Template<Index>;
} // namespace faiss

namespace lookalike::indexsearch {

// Can the 8-bit code kernels scan this index (IVF over an 8-bit non-uniform scalar
// quantizer, or such codes without lists, decoding as FAISS does on a few stored vectors)?
// Otherwise FAISS searches.
bool canScanCodes(const faiss::IndexIDMap2& index);

// The k best stored vectors per query (queries nq * d floats), as min-heaps over FAISS's
// internal ids. Throws what FAISS throws.
knn::Heaps search(const faiss::IndexIDMap2& index, const float* queries, int64_t nq, int k,
                  bool scanCodes);

} // namespace lookalike::indexsearch
