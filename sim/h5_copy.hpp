// Copies between HDF5 files without going through a writer's definitions: attributes in their
// creation order, and the leading records of a chunked dataset chunk by chunk.
#pragma once

#include <hdf5.h>

namespace sim {

// Creates every attribute of `from` on `to`, in `from`'s creation order, with the stored type,
// shape and value. `to` must not have any of them yet. Returns false on an HDF5 error (the
// caller reads the reason from the error stack) or on a type other than a fixed-size one or a
// variable-length string.
bool copy_attributes(hid_t from, hid_t to);

// Copies the first `records` entries along axis 0 of the chunked dataset `from` into `to`, which
// has the same type, chunk shape and size after axis 0, and sets `to`'s extent along axis 0 to
// `records`. Whole chunks are copied as stored (no decompression) when both datasets have the
// same filters; the last, partial chunk (and every chunk when the filters differ) is read and
// written through the filters. Returns false on an HDF5 error.
bool copy_leading_records(hid_t from, hid_t to, hsize_t records);

}  // namespace sim
