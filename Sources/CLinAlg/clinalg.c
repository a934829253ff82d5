/* clinalg: the BLAS and LAPACK calls sfn makes, on Accelerate (macOS) or OpenBLAS + LAPACKE. */
#define _GNU_SOURCE  /* sched_getaffinity, CPU_COUNT */
#include "clinalg.h"
#include <stdlib.h>
#include <string.h>

#ifdef __APPLE__
/* Accelerate: CBLAS plus Fortran-style LAPACK (no LAPACKE). Written to build there; CI runs Linux. */
#include <Accelerate/Accelerate.h>
typedef __LAPACK_int lapack_int_t;

void la_set_num_threads(int n) { (void)n; }
int la_get_num_threads(void) { return 1; }
int la_available_cpus(void) { return 1; }
void la_set_single_threaded_here(int on) { (void)on; }
static int la_enter(double flops) { (void)flops; return 0; }
static void la_leave(int held) { (void)held; }

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

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <unistd.h>

/* The thread rule: a product or decomposition runs on up to `la_max` threads only when its work
 * pays for them, 2mnk >= LA_THREAD_FLOPS (n^3 for a decomposition of order n); smaller ones run on
 * one. Measured with Debian's OpenBLAS 0.3.21 on the project's 2-core machine, idle, dgemm with one
 * and two threads: below 3e7 flops two threads are much slower on some shapes (1797x64x32: 0.36x,
 * 1797x16x64: 0.45x, 1797x128x64: 0.69x) and gain at most 1.8x on others; from 3.6e7 flops up every
 * shape measured gained 1.5-2x (1797x1000x10: 1.8x, 1797x1000x1000: 1.9x). Switching costs 4 ns.
 * The count is process-wide (OpenBLAS has no per-call setting), and a threaded kernel rounds
 * differently from a single-threaded one. So that every call runs with the count its own size
 * chooses, whatever other threads do: while more than one thread is allowed, a call holds a lock
 * exclusively around setting the count and the call; the threads of a split pass
 * (la_set_single_threaded_here) hold it shared, so their one-thread calls run at once but never
 * beside a threaded one; with one thread allowed, calls take no lock. */
#define LA_THREAD_FLOPS 3e7
static _Atomic int la_max = 1;
/* OpenBLAS's count as last set (0: unknown). It changes only after OpenBLAS's count has, under
 * la_count_lock, so a thread that reads the count it wants may call at once. */
static _Atomic int la_current = 0;
static pthread_mutex_t la_count_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_rwlock_t la_calls = PTHREAD_RWLOCK_INITIALIZER;
static _Thread_local int la_single_here = 0;

void la_set_single_threaded_here(int on) { la_single_here = on != 0; }

/* Makes OpenBLAS's thread count `want`. */
static void la_use(int want) {
    if (atomic_load_explicit(&la_current, memory_order_acquire) == want) return;
    pthread_mutex_lock(&la_count_lock);
    if (atomic_load_explicit(&la_current, memory_order_relaxed) != want) {
        openblas_set_num_threads(want);
        atomic_store_explicit(&la_current, want, memory_order_release);
    }
    pthread_mutex_unlock(&la_count_lock);
}

/* Before a call of `flops` work: takes the lock the call needs and sets its thread count; returns
 * whether a lock is held. */
static int la_enter(double flops) {
    if (la_single_here) {
        pthread_rwlock_rdlock(&la_calls);
        la_use(1);
        return 1;
    }
    int max = atomic_load_explicit(&la_max, memory_order_relaxed);
    if (max > 1) {
        pthread_rwlock_wrlock(&la_calls);
        la_use(flops >= LA_THREAD_FLOPS ? max : 1);
        return 1;
    }
    la_use(1);
    return 0;
}

static void la_leave(int held) { if (held) pthread_rwlock_unlock(&la_calls); }

void la_set_num_threads(int n) {
    atomic_store_explicit(&la_max, n > 0 ? n : 1, memory_order_relaxed);
    atomic_store_explicit(&la_current, 0, memory_order_relaxed);
}
int la_get_num_threads(void) { return atomic_load_explicit(&la_max, memory_order_relaxed); }

int la_available_cpus(void) {
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0) return CPU_COUNT(&set);
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

int la_dsyevd(int want_vectors, int n, double *a, double *w) {
    /* A symmetric row-major matrix is its own column-major transpose, so LAPACK reads it as is.
     * The eigenvectors come back as columns in column-major order, i.e. as rows row-major. */
    int held = la_enter((double)n * n * n);
    int info = (int)LAPACKE_dsyevd(LAPACK_COL_MAJOR, want_vectors ? 'V' : 'N', 'L', n, a, n, w);
    la_leave(held);
    return info;
}

int la_dsyevr(int want_vectors, int n, double *a, int il, int iu, double *w, double *z, int *m) {
    lapack_int M = 0;
    lapack_int *isuppz = malloc(sizeof(lapack_int) * 2 * (size_t)(n > 0 ? n : 1));
    int held = la_enter((double)n * n * n);
    int info = (int)LAPACKE_dsyevr(LAPACK_COL_MAJOR, want_vectors ? 'V' : 'N', 'I', 'L', n, a, n,
                                   0.0, 0.0, il, iu, 0.0, &M, w, z, n, isuppz);
    la_leave(held);
    free(isuppz);
    *m = (int)M;
    return info;
}

int la_dstevd(int want_vectors, int n, double *d, double *e, double *z) {
    /* Eigenvector i is column i in column-major order, i.e. row i row-major. */
    int held = la_enter((double)n * n * n);
    int info = (int)LAPACKE_dstevd(LAPACK_COL_MAJOR, want_vectors ? 'V' : 'N', n, d, e, z, n > 0 ? n : 1);
    la_leave(held);
    return info;
}

int la_dgesv(int n, int nrhs, double *a, double *b) {
    lapack_int *ipiv = malloc(sizeof(lapack_int) * (size_t)(n > 0 ? n : 1));
    int held = la_enter((double)n * n * (n + nrhs));
    int info = (int)LAPACKE_dgesv(LAPACK_ROW_MAJOR, n, nrhs, a, n, ipiv, b, nrhs);
    la_leave(held);
    free(ipiv);
    return info;
}

int la_dgetrf(int n, double *a, int *ipiv) {
    lapack_int *p = malloc(sizeof(lapack_int) * (size_t)(n > 0 ? n : 1));
    int held = la_enter((double)n * n * n);
    int info = (int)LAPACKE_dgetrf(LAPACK_COL_MAJOR, n, n, a, n, p);
    la_leave(held);
    for (int i = 0; i < n; i++) ipiv[i] = (int)p[i];
    free(p);
    return info;
}
#endif

void la_dgemm(int trans_a, int trans_b, int m, int n, int k, double alpha,
              const double *a, int lda, const double *b, int ldb,
              double beta, double *c, int ldc) {
    int held = la_enter(2.0 * m * n * k);
    cblas_dgemm(CblasRowMajor, trans_a ? CblasTrans : CblasNoTrans, trans_b ? CblasTrans : CblasNoTrans,
                m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    la_leave(held);
}

void la_dgemv(int trans_a, int m, int n, double alpha, const double *a, int lda,
              const double *x, double beta, double *y) {
    int held = la_enter(2.0 * m * n);
    cblas_dgemv(CblasRowMajor, trans_a ? CblasTrans : CblasNoTrans, m, n, alpha, a, lda, x, 1, beta, y, 1);
    la_leave(held);
}
