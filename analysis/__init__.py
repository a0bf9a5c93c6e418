"""Post-processing of aidivide run files (HDF5 / netCDF-4) with xarray; no simulator code."""
