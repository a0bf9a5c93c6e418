// Fuzz target: data CSVs, parsed alone and as one of the calibration files the model loads.
//
// The first byte picks which data file the rest replaces (the others are the real ones), so the
// fuzzer reaches the checks of each table's columns, numbers and joins, not only the parser.
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <utility>

#include "fuzz/fuzz_support.hpp"
#include "models/country_data.hpp"
#include "sim/csv.hpp"
#include "sim/error.hpp"

namespace {

// The real data files, read once: each run replaces one of them and reads the rest from memory.
std::map<std::string, std::string>& real_files() {
  static std::map<std::string, std::string> files;
  return files;
}

// Every accessor on every cell: a bad cell must give an InputError, never a crash.
void read_every_cell(const sim::CsvTable& table) {
  for (std::size_t r = 0; r < table.size(); ++r) {
    for (int c = 0; c < static_cast<int>(table.header().size()); ++c) {
      try {
        table.optional_number(r, c);
      } catch (const sim::InputError&) {
      }
      try {
        table.integer(r, c);
      } catch (const sim::InputError&) {
      }
      (void)table.location(r, c);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz::confine_to_repository();
  for (const std::string& name : models::country_data_file_names()) {
    real_files()[name] = sim::read_input_file(fuzz::kDataDir + "/" + name);
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto& names = models::country_data_file_names();
  const std::size_t pick = data[0] % (names.size() + 1);  // names.size(): parse only
  const std::string text = fuzz::as_text(data + 1, size - 1);
  try {
    read_every_cell(sim::parse_csv(text, "fuzz_input.csv"));
  } catch (const sim::InputError&) {
    return 0;  // the loader would stop at the same error, after parsing the other files
  }
  if (pick < names.size()) {
    std::map<std::string, std::string> files = real_files();
    files[names[pick]] = text;
    try {
      models::load_country_data_with(fuzz::kDataDir, std::move(files));
    } catch (const sim::InputError&) {
    }
  }
  return 0;
}
