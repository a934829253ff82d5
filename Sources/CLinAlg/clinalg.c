/* clinalg: the BLAS and LAPACK calls sfn makes, on Accelerate (macOS) or OpenBLAS + LAPACKE. */
#include "clinalg.h"
#include <stdlib.h>
#include <string.h>

#ifdef __APPLE__
/* Accelerate: CBLAS plus Fortran-style LAPACK (no LAPACKE). Written to build there; CI runs Linux. */
#include <Accelerate/Accelerate.h>
typedef __LAPACK_int lapack_int_t;

void la_set_num_threads(int n) { (void)n; }
int la_get_num_threads(void) { return 1; }

int la_dsyevd(int want_vectors, int n, double *a, double *w) {
    lapack_int_t N = n, lwork = -1, liwork = -1, info = 0, iwq = 0;
    double wq = 0;
    const char *jobz = want_vectors ? "V" : "N";
    /* Column-major "U" of a symmetric row-major matrix is its "L": the same numbers. */
    dsyevd_(jobz, "L", &N, a, &N, w, &wq, &lwork, &iwq, &liwork, &info);
    if (info) return (int)info;
    lwork = (lapack_int_t)wq; liwork = iwq;
    double *work = malloc(sizeof(double) * (size_t)lwork);
    lapack_int_t *iwork = malloc(sizeof(lapack_int_t) * (size_t)liwork);
    dsyevd_(jobz, "L", &N, a, &N, w, work, &lwork, iwork, &liwork, &info);
    free(work); free(iwork);
    return (int)info;
}

int la_dsyevr(int want_vectors, int n, double *a, int il, int iu, double *w, double *z, int *m) {
    lapack_int_t N = n, IL = il, IU = iu, M = 0, lwork = -1, liwork = -1, info = 0, iwq = 0;
    double wq = 0, vl = 0, vu = 0, abstol = 0;
    lapack_int_t *isuppz = malloc(sizeof(lapack_int_t) * 2 * (size_t)(n > 0 ? n : 1));
    const char *jobz = want_vectors ? "V" : "N";
    dsyevr_(jobz, "I", "L", &N, a, &N, &vl, &vu, &IL, &IU, &abstol, &M, w, z, &N, isuppz,
            &wq, &lwork, &iwq, &liwork, &info);
    if (!info) {
        lwork = (lapack_int_t)wq; liwork = iwq;
        double *work = malloc(sizeof(double) * (size_t)lwork);
        lapack_int_t *iwork = malloc(sizeof(lapack_int_t) * (size_t)liwork);
        dsyevr_(jobz, "I", "L", &N, a, &N, &vl, &vu, &IL, &IU, &abstol, &M, w, z, &N, isuppz,
                work, &lwork, iwork, &liwork, &info);
        free(work); free(iwork);
    }
    free(isuppz);
    *m = (int)M;
    return (int)info;
}

int la_dstevd(int want_vectors, int n, double *d, double *e, double *z) {
    lapack_int_t N = n, lwork = -1, liwork = -1, info = 0, iwq = 0, ldz = n > 0 ? n : 1;
    double wq = 0;
    const char *jobz = want_vectors ? "V" : "N";
    dstevd_(jobz, &N, d, e, z, &ldz, &wq, &lwork, &iwq, &liwork, &info);
    if (info) return (int)info;
    lwork = (lapack_int_t)wq; liwork = iwq;
    double *work = malloc(sizeof(double) * (size_t)(lwork > 0 ? lwork : 1));
    lapack_int_t *iwork = malloc(sizeof(lapack_int_t) * (size_t)(liwork > 0 ? liwork : 1));
    dstevd_(jobz, &N, d, e, z, &ldz, work, &lwork, iwork, &liwork, &info);
    free(work); free(iwork);
    return (int)info;
}

int la_dgesv(int n, int nrhs, double *a, double *b) {
    /* Row-major A is column-major A^T; solve A^T^T: transpose in place into column-major. */
    lapack_int_t N = n, NRHS = nrhs, info = 0;
    double *at = malloc(sizeof(double) * (size_t)n * (size_t)n);
    double *bt = malloc(sizeof(double) * (size_t)n * (size_t)nrhs);
    for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) at[j * n + i] = a[i * n + j];
    for (int i = 0; i < n; i++) for (int j = 0; j < nrhs; j++) bt[j * n + i] = b[i * nrhs + j];
    lapack_int_t *ipiv = malloc(sizeof(lapack_int_t) * (size_t)(n > 0 ? n : 1));
    dgesv_(&N, &NRHS, at, &N, ipiv, bt, &N, &info);
    for (int i = 0; i < n; i++) for (int j = 0; j < nrhs; j++) b[i * nrhs + j] = bt[j * n + i];
    free(at); free(bt); free(ipiv);
    return (int)info;
}

int la_dgetrf(int n, double *a, int *ipiv) {
    lapack_int_t N = n, info = 0;
    lapack_int_t *p = malloc(sizeof(lapack_int_t) * (size_t)(n > 0 ? n : 1));
    dgetrf_(&N, &N, a, &N, p, &info);
    for (int i = 0; i < n; i++) ipiv[i] = (int)p[i];
    free(p);
    return (int)info;
}

#else
#include <cblas.h>
#include <lapacke.h>

void la_set_num_threads(int n) { openblas_set_num_threads(n); }
int la_get_num_threads(void) { return openblas_get_num_threads(); }

int la_dsyevd(int want_vectors, int n, double *a, double *w) {
    /* A symmetric row-major matrix is its own column-major transpose, so LAPACK reads it as is.
     * The eigenvectors come back as columns in column-major order, i.e. as rows row-major. */
    return (int)LAPACKE_dsyevd(LAPACK_COL_MAJOR, want_vectors ? 'V' : 'N', 'L', n, a, n, w);
}

int la_dsyevr(int want_vectors, int n, double *a, int il, int iu, double *w, double *z, int *m) {
    lapack_int M = 0;
    lapack_int *isuppz = malloc(sizeof(lapack_int) * 2 * (size_t)(n > 0 ? n : 1));
    int info = (int)LAPACKE_dsyevr(LAPACK_COL_MAJOR, want_vectors ? 'V' : 'N', 'I', 'L', n, a, n,
                                   0.0, 0.0, il, iu, 0.0, &M, w, z, n, isuppz);
    free(isuppz);
    *m = (int)M;
    return info;
}

int la_dstevd(int want_vectors, int n, double *d, double *e, double *z) {
    /* Eigenvector i is column i in column-major order, i.e. row i row-major. */
    return (int)LAPACKE_dstevd(LAPACK_COL_MAJOR, want_vectors ? 'V' : 'N', n, d, e, z, n > 0 ? n : 1);
}

int la_dgesv(int n, int nrhs, double *a, double *b) {
    lapack_int *ipiv = malloc(sizeof(lapack_int) * (size_t)(n > 0 ? n : 1));
    int info = (int)LAPACKE_dgesv(LAPACK_ROW_MAJOR, n, nrhs, a, n, ipiv, b, nrhs);
    free(ipiv);
    return info;
}

int la_dgetrf(int n, double *a, int *ipiv) {
    lapack_int *p = malloc(sizeof(lapack_int) * (size_t)(n > 0 ? n : 1));
    int info = (int)LAPACKE_dgetrf(LAPACK_COL_MAJOR, n, n, a, n, p);
    for (int i = 0; i < n; i++) ipiv[i] = (int)p[i];
    free(p);
    return info;
}
#endif

void la_dgemm(int trans_a, int trans_b, int m, int n, int k, double alpha,
              const double *a, int lda, const double *b, int ldb,
              double beta, double *c, int ldc) {
    cblas_dgemm(CblasRowMajor, trans_a ? CblasTrans : CblasNoTrans, trans_b ? CblasTrans : CblasNoTrans,
                m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

void la_dgemv(int trans_a, int m, int n, double alpha, const double *a, int lda,
              const double *x, double beta, double *y) {
    cblas_dgemv(CblasRowMajor, trans_a ? CblasTrans : CblasNoTrans, m, n, alpha, a, lda, x, 1, beta, y, 1);
}
