// Writes run output as netCDF-4-compatible HDF5: named dims, record buffer, SWMR, atomic finish.
#pragma once

#include <hdf5.h>

#include <concepts>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "sim/chunk_codec.hpp"
#include "sim/h5_handle.hpp"
#include "sim/parallel.hpp"

namespace sim {

// Integer types other than bool that set_attr widens to the stored 64-bit types, so that e.g.
// set_attr("seed", 42) is not ambiguous between the int64 and double overloads.
template <typename T>
concept AttrInteger = std::integral<T> && !std::same_as<T, bool> &&
                      !std::same_as<T, std::int64_t> && !std::same_as<T, std::uint64_t>;

// How a series is stored on disk; values are always passed as double.
enum class StoreType { kFloat64, kFloat32, kInt32 };

// The CF-style string attributes every variable carries.
struct VarAttrs {
  std::string units;
  std::string long_name;
  std::string description;
};

struct NcWriterOptions {
  // Records buffered in memory and written as one hyperslab; also the chunk length along time.
  int chunk_records = 12;
  // Deflate level 0..9 (with shuffle); 0 writes unfiltered chunks.
  int compression = 1;
  // >= 0: continue an existing PATH.part (a restart) instead of starting an empty one. The
  // writer builds a fresh copy, PATH.part.copy, with the existing file's global attributes in
  // their order (set_attr is ignored: the file keeps those of its first start); the definition
  // calls check the existing objects and define the copy's as a new file would; start_swmr()
  // copies the first `keep_records` records of every record variable (the records written after
  // them are computed again), replaces PATH.part with the copy and writes on in it. The copy has
  // an uninterrupted run's layout and about its size (HDF5 does not reuse, after a reopen, the
  // space that cutting records in place frees). The options must be the ones it was created with.
  std::int64_t keep_records = -1;
};

// Life cycle (each step in this order; misuse throws std::logic_error):
//   NcWriter w(path, opts);                 creates PATH.part, global attribute status="running"
//                                           (or its copy, with opts.keep_records: a restart)
//   w.set_attr(...), w.add_time_dimension(...), w.add_string_dimension(...), w.add_dimension(...),
//   w.add_static_strings/ints(...), h = w.add_series(...)    define everything up front
//   w.start_swmr();                         a reader may now open PATH.part with SWMR
//   per record: w.begin_record(t); w.write(h, values) for each series
//   w.finish("complete" | "interrupted")    final attributes, fsync, rename PATH.part -> PATH
// On an error after the file exists: fail() (keeps PATH.part, status "failed") or abandon()
// (deletes PATH.part, for errors before the first record). Destroying an unfinished writer closes
// the file quietly and leaves PATH.part with status "running". A restart that ends before
// start_swmr() deletes its copy and leaves PATH.part as it was (fail() marks it "failed").
//
// Every variable axis has a dimension scale so xarray (h5netcdf and netcdf4 engines), netCDF-C
// and h5py all see named dimensions. Records are committed when the next record begins, on
// flush() or on finish(); a series not written for a record holds its fill value (NaN for floats,
// -2147483647 for int32). I/O failures throw InputError(kIo) naming PATH.part.
class NcWriter {
 public:
  // Throws InputError(kIo) when PATH.part cannot be created.
  NcWriter(std::string final_path, NcWriterOptions options = {});
  ~NcWriter();
  NcWriter(const NcWriter&) = delete;
  NcWriter& operator=(const NcWriter&) = delete;

  // Global attributes, before start_swmr(); setting a name again replaces the value.
  void set_attr(const std::string& name, const std::string& value);
  void set_attr(const std::string& name, const char* value) { set_attr(name, std::string(value)); }
  void set_attr(const std::string& name, std::int64_t value);
  void set_attr(const std::string& name, std::uint64_t value);
  void set_attr(const std::string& name, double value);
  template <AttrInteger T>
  void set_attr(const std::string& name, T value) {
    set_attr(name, widen(value));
  }

  // Global attributes written by finish() (e.g. end_time, timing_*); callable at any time.
  void set_final_attr(const std::string& name, const std::string& value);
  void set_final_attr(const std::string& name, const char* value) {
    set_final_attr(name, std::string(value));
  }
  void set_final_attr(const std::string& name, std::int64_t value);
  void set_final_attr(const std::string& name, std::uint64_t value);
  void set_final_attr(const std::string& name, double value);
  template <AttrInteger T>
  void set_final_attr(const std::string& name, T value) {
    set_final_attr(name, widen(value));
  }

  // The unlimited record dimension "time": float64 coordinate with CF `units` (e.g. "days since
  // 2023-01-01") and calendar "standard". Must be added before any series.
  void add_time_dimension(const std::string& units);
  void add_time_dimension(const VarAttrs& attrs);
  // A fixed dimension whose coordinate variable holds the given labels (vlen UTF-8 strings).
  void add_string_dimension(const std::string& name, const std::vector<std::string>& labels,
                            const VarAttrs& attrs);
  // A fixed dimension without coordinate values (netCDF's "dimension but not a variable").
  void add_dimension(const std::string& name, std::size_t size);
  // Static variables over one fixed dimension (e.g. country_name over country).
  void add_static_strings(const std::string& name, const std::string& dim,
                          const std::vector<std::string>& values, const VarAttrs& attrs);
  void add_static_ints(const std::string& name, const std::string& dim,
                       const std::vector<std::int64_t>& values, const VarAttrs& attrs);
  // A record variable over (time, dims_after_time...); returns the handle for write().
  int add_series(const std::string& name, const std::vector<std::string>& dims_after_time,
                 StoreType type, const VarAttrs& attrs);

  // Ends the definition phase: allocates the record buffers and enables SWMR writing.
  void start_swmr();
  // Starts a new record at `time_value` (commits the previous one; writes when the buffer is full).
  void begin_record(double time_value);
  // Values of series `handle` for the current record, C order over dims_after_time.
  void write(int handle, std::span<const double> values);
  void write(int handle, double value) { write(handle, std::span<const double>(&value, 1)); }
  // Writes every buffered record now and flushes the file.
  void flush();
  // Writes remaining records, sets status (e.g. "complete", "interrupted") and the final
  // attributes, fsyncs and renames PATH.part to PATH.
  void finish(const std::string& status);
  // Best effort after an error: writes what is buffered, sets status "failed", keeps PATH.part.
  void fail() noexcept;
  // Closes and deletes PATH.part (an error before the first record leaves no output behind); a
  // restart before start_swmr() deletes only its copy.
  void abandon() noexcept;

  const std::string& final_path() const { return final_path_; }
  std::string part_path() const { return final_path_ + ".part"; }
  // The copy a restart builds before it replaces PATH.part.
  std::string copy_path() const { return final_path_ + ".part.copy"; }
  // Records committed to the file so far (buffered records are not counted).
  std::int64_t records_written() const { return records_written_; }
  // Number of values write() expects for `handle`.
  std::size_t record_size(int handle) const;

 private:
  template <AttrInteger T>
  static auto widen(T value) {
    if constexpr (std::is_signed_v<T>) {
      return static_cast<std::int64_t>(value);
    } else {
      return static_cast<std::uint64_t>(value);
    }
  }

  enum class Phase { kDefine, kSwmr, kClosed, kDone };

  struct Dimension {
    std::string name;
    hsize_t size = 0;
    H5Id dataset;
  };

  struct AttrValue {
    enum class Kind { kString, kInt64, kUInt64, kDouble } kind = Kind::kString;
    std::string text;
    std::int64_t i64 = 0;
    std::uint64_t u64 = 0;
    double f64 = 0.0;
  };

  struct Series {
    std::string name;
    StoreType type = StoreType::kFloat64;
    H5Id dataset;
    std::size_t record_size = 1;
    std::vector<hsize_t> start;  // file hyperslab start, reused per write
    std::vector<hsize_t> count;  // file hyperslab count, reused per write
    std::vector<hsize_t> extent;
    hsize_t chunk_records = 1;  // records per chunk along time (fewer than requested if large)
    std::vector<double> f64;
    std::vector<float> f32;
    std::vector<std::int32_t> i32;
    std::int64_t written_in_record = -1;  // buffer slot last written, to fill skipped series
  };

  [[noreturn]] void throw_io(const std::string& what) const;
  void require_phase(Phase phase, const char* operation) const;
  const Dimension& find_dimension(const std::string& name) const;
  void write_attr(hid_t object, const std::string& name, const AttrValue& value);
  void write_string_attr(hid_t object, const std::string& name, const std::string& value);
  void write_var_attrs(hid_t dataset, const VarAttrs& attrs);
  void put_final_attr(const std::string& name, AttrValue value);
  H5Id make_dcpl() const;
  H5Id create_string_dataset(const std::string& name, const std::vector<std::string>& values);
  void attach(hid_t dataset, const std::string& dim, unsigned axis);
  void commit_record_fill();
  void write_buffered();
  static const void* series_data(const Series& s);
  void write_hyperslab(Series& s, hsize_t first, hsize_t n);
  void write_chunks(const std::vector<std::pair<Series*, hsize_t>>& chunks, hsize_t first,
                    hsize_t n);
  H5Id open_existing(const std::string& name, const std::vector<hsize_t>& extent_after_time,
                     bool with_time) const;
  [[noreturn]] void throw_mismatch(const std::string& what) const;
  bool appending() const { return options_.keep_records >= 0; }
  void copy_kept_records();
  void publish_copy();
  void discard_copy() noexcept;
  void close_handles() noexcept;
  void mark_status(const std::string& status, bool with_final_attrs);

  std::string final_path_;
  NcWriterOptions options_;
  Phase phase_ = Phase::kDefine;
  H5Id file_;
  H5Id source_;  // a restart's PATH.part, read-only until its records are copied
  std::vector<Dimension> dims_;
  bool has_time_ = false;
  H5Id time_dataset_;
  std::vector<Series> series_;
  std::vector<std::pair<std::string, AttrValue>> final_attrs_;
  std::vector<double> time_buffer_;
  // Chunk encoding, kept between writes so that its buffers are allocated once.
  std::unique_ptr<sim::PerThread<ChunkEncoder>> encoders_;
  std::vector<std::vector<std::uint8_t>> encoded_;
  int buffered_ = 0;          // complete or open records in the buffer
  bool record_open_ = false;  // begin_record called and the record not yet committed
  std::int64_t records_written_ = 0;
  int next_dimid_ = 0;
};

}  // namespace sim
