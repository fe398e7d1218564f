#ifndef ZOO_CBLAS_SHIM_H
#define ZOO_CBLAS_SHIM_H
/* OpenBLAS's CBLAS interface, plus its extras (openblas_get_corename, openblas_set_num_threads, …);
   opened on first use (blas.c, CLoader), not linked: only what blas.c forwards can be called. */
#include <cblas.h>
#endif
