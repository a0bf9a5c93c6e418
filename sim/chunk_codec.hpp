// Encodes whole HDF5 chunks as the dataset's filter pipeline would (shuffle, then deflate), for
// direct chunk writes.
//
// HDF5 compresses chunks on the main thread, inside H5Dflush, through zlib. Encoding them here
// lets the writer compress every variable's chunk in parallel with libdeflate (about twice as
// fast as zlib at the same level) and hand HDF5 finished chunks (H5Dwrite_chunk). The result is
// an ordinary zlib stream of the shuffled bytes: any HDF5 reader decodes it with its own filters.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

struct libdeflate_compressor;

namespace sim {

// HDF5's shuffle filter: byte b of element i goes to out[b * n + i], n = in.size() / size.
void shuffle_bytes(std::span<const std::uint8_t> in, std::size_t element_size,
                   std::span<std::uint8_t> out);

// One encoder per thread (libdeflate compressors are not shared between threads).
class ChunkEncoder {
 public:
  // level: the deflate level of the dataset (1-9); 0 means the dataset has no filters.
  explicit ChunkEncoder(int level);
  ~ChunkEncoder();
  ChunkEncoder(const ChunkEncoder&) = delete;
  ChunkEncoder& operator=(const ChunkEncoder&) = delete;

  // Writes the stored bytes of a chunk whose raw bytes are `raw` (elements of `element_size`
  // bytes) to the front of `out` and returns their count. `out` grows as needed and never
  // shrinks, so buffers kept from one chunk to the next are not zeroed again.
  std::size_t encode(std::span<const std::uint8_t> raw, std::size_t element_size,
                     std::vector<std::uint8_t>& out);
  // Scratch space for the caller's raw chunk, kept between calls.
  std::vector<std::uint8_t>& raw() { return raw_; }

 private:
  int level_;
  libdeflate_compressor* compressor_ = nullptr;
  std::vector<std::uint8_t> shuffled_, raw_;
};

}  // namespace sim
