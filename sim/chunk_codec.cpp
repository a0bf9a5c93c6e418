// Shuffle and zlib-format deflate of whole chunks, with libdeflate.
#include "sim/chunk_codec.hpp"

#include <libdeflate.h>

#include <algorithm>
#include <new>
#include <stdexcept>

namespace sim {

void shuffle_bytes(std::span<const std::uint8_t> in, std::size_t element_size,
                   std::span<std::uint8_t> out) {
  const std::size_t n = in.size() / element_size;
  for (std::size_t b = 0; b < element_size; ++b) {
    std::uint8_t* const plane = out.data() + b * n;
    for (std::size_t i = 0; i < n; ++i) plane[i] = in[i * element_size + b];
  }
}

ChunkEncoder::ChunkEncoder(int level) : level_(level) {
  if (level_ > 0) {
    compressor_ = libdeflate_alloc_compressor(level_);
    if (!compressor_) throw std::bad_alloc();
  }
}

ChunkEncoder::~ChunkEncoder() {
  if (compressor_) libdeflate_free_compressor(compressor_);
}

std::size_t ChunkEncoder::encode(std::span<const std::uint8_t> raw, std::size_t element_size,
                                 std::vector<std::uint8_t>& out) {
  if (level_ == 0) {
    if (out.size() < raw.size()) out.resize(raw.size());
    std::copy(raw.begin(), raw.end(), out.begin());
    return raw.size();
  }
  // The pipeline is shuffle then deflate (H5Pset_shuffle before H5Pset_deflate); HDF5's deflate
  // filter stores zlib streams (compress2), so libdeflate's zlib wrapper is what readers expect.
  if (shuffled_.size() < raw.size()) shuffled_.resize(raw.size());
  if (element_size > 1) {
    shuffle_bytes(raw, element_size, std::span(shuffled_.data(), raw.size()));
  } else {
    std::copy(raw.begin(), raw.end(), shuffled_.begin());
  }
  const std::size_t bound = libdeflate_zlib_compress_bound(compressor_, raw.size());
  if (out.size() < bound) out.resize(bound);
  const std::size_t size =
      libdeflate_zlib_compress(compressor_, shuffled_.data(), raw.size(), out.data(), out.size());
  if (size == 0) throw std::runtime_error("ChunkEncoder: deflate output exceeded its bound");
  return size;
}

}  // namespace sim
