/* OpenBLAS, opened on first use (see zoo_loader.h): the functions zoo calls. Its worker
   threads start then too, so commands that never multiply matrices never start them. */
#include "shim.h"
#include <zoo_loader.h>

static zoo_library openblas = { "libopenblas.so.0", "libopenblas0", 0 };

ZOO_FORWARD_VOID(openblas, cblas_sgemm,
                 (OPENBLAS_CONST enum CBLAS_ORDER order, OPENBLAS_CONST enum CBLAS_TRANSPOSE transA,
                  OPENBLAS_CONST enum CBLAS_TRANSPOSE transB, OPENBLAS_CONST blasint m, OPENBLAS_CONST blasint n,
                  OPENBLAS_CONST blasint k, OPENBLAS_CONST float alpha, OPENBLAS_CONST float *a, OPENBLAS_CONST blasint lda,
                  OPENBLAS_CONST float *b, OPENBLAS_CONST blasint ldb, OPENBLAS_CONST float beta, float *c,
                  OPENBLAS_CONST blasint ldc),
                 (order, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc))
ZOO_FORWARD_VOID(openblas, openblas_set_num_threads, (int count), (count))
ZOO_FORWARD(openblas, int, openblas_get_num_threads, (void), ())
ZOO_FORWARD(openblas, char *, openblas_get_corename, (void), ())
ZOO_FORWARD(openblas, char *, openblas_get_config, (void), ())
