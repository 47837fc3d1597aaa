// CLapack: the C surface strata uses from OpenBLAS (CBLAS) and LAPACKE.
//
// This module has no stable API: only StrataNumerics/LinearAlgebra may import it.
// `lapack_int` and LAPACKE's complex types are C macros that Swift cannot
// import, so they are fixed here before the headers are read and re-exported
// as typedefs.
#ifndef STRATA_CLAPACK_SHIM_H
#define STRATA_CLAPACK_SHIM_H

#define HAVE_LAPACK_CONFIG_H
#define LAPACK_COMPLEX_STRUCTURE
#define FORCE_OPENBLAS_COMPLEX_STRUCT

#include <stdint.h>
#include <cblas.h>
#include <lapacke.h>

/// The integer type LAPACKE uses for sizes and `info` codes (32-bit on Debian's build).
typedef lapack_int strata_lapack_int;

/// Number of threads OpenBLAS will use for the next call.
static inline int strata_blas_get_num_threads(void) { return openblas_get_num_threads(); }
/// Set the number of threads OpenBLAS uses (process-wide).
static inline void strata_blas_set_num_threads(int n) { openblas_set_num_threads(n); }
/// The OpenBLAS build configuration string (kernel, threading model).
static inline const char *strata_blas_config(void) { return openblas_get_config(); }

#endif
