/* clinalg: the few BLAS and LAPACK routines sfn needs, behind plain C functions.
 *
 * Swift sees only these declarations, so the same Swift code builds against OpenBLAS + LAPACKE on
 * Linux and against Accelerate on macOS (Fortran-style LAPACK, no LAPACKE). All matrices are
 * row-major, as in sfn's tensors; the wrappers translate to LAPACK's column-major convention.
 */
#ifndef CLINALG_H
#define CLINALG_H

#ifdef __cplusplus
extern "C" {
#endif

/* The most BLAS threads a call may use (OpenBLAS); each product or decomposition uses them only
 * when its work pays for it (see clinalg.c), else one. A no-op where the library has no such knob. */
void la_set_num_threads(int n);
int la_get_num_threads(void);

/* Whether BLAS and LAPACK calls made on the calling thread run on one thread whatever their size
 * (nonzero), for work that is already split across threads: such calls run at the same time as
 * each other instead of taking turns, and never beside a threaded call. Per thread; off by
 * default. */
void la_set_single_threaded_here(int on);

/* CPUs this process may run on (its affinity mask: a `taskset -c 0` run has one). */
int la_available_cpus(void);

/* C = alpha * op(A) @ op(B) + beta * C, row-major; op is transpose when trans_* is nonzero.
 * op(A) is m x k, op(B) is k x n, C is m x n. */
void la_dgemm(int trans_a, int trans_b, int m, int n, int k, double alpha,
              const double *a, int lda, const double *b, int ldb,
              double beta, double *c, int ldc);

/* y = alpha * op(A) @ x + beta * y, row-major A of m x n. */
void la_dgemv(int trans_a, int m, int n, double alpha, const double *a, int lda,
              const double *x, double beta, double *y);

/* Symmetric eigendecomposition by divide and conquer (dsyevd). a is n x n, symmetric, both
 * triangles filled; w receives the eigenvalues in ascending order. With want_vectors, a is
 * overwritten so that row i holds the eigenvector of w[i]. Returns LAPACK's info (0 = success). */
int la_dsyevd(int want_vectors, int n, double *a, double *w);

/* Eigenvalues il..iu (1-based, ascending) and optionally their vectors by dsyevr; z receives
 * the vectors as rows (m x n). Returns info; *m is the number found. */
int la_dsyevr(int want_vectors, int n, double *a, int il, int iu, double *w, double *z, int *m);

/* Eigendecomposition of a symmetric tridiagonal matrix by divide and conquer (dstevd): d (n) is the
 * diagonal, overwritten by the eigenvalues in ascending order; e (at least n - 1 entries) the
 * off-diagonal, destroyed. With want_vectors, z (n x n) receives eigenvector i in row i.
 * Returns LAPACK's info (0 = success). */
int la_dstevd(int want_vectors, int n, double *d, double *e, double *z);

/* Solve A X = B for X by LU with partial pivoting (dgesv). A is n x n, B is n x nrhs, both
 * row-major and overwritten (B by X). Returns info (> 0: A is exactly singular). */
int la_dgesv(int n, int nrhs, double *a, double *b);

/* LU factorisation with partial pivoting (dgetrf) of an n x n matrix, for determinants. The matrix
 * is factored as LAPACK reads it, column-major (the transpose of row-major a): det(Aᵀ) = det(A).
 * a is overwritten by the factors, ipiv receives the 1-based pivot rows. Returns info (> 0: a zero
 * pivot, the matrix is exactly singular). */
int la_dgetrf(int n, double *a, int *ipiv);

#ifdef __cplusplus
}
#endif
#endif
