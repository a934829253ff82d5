/* ckernels: elementwise kernels that the tape runs over whole arrays.
 *
 * Swift compiles sfn for the baseline x86-64 (2-wide SSE2 vectors). These loops are the hot spots
 * of network objectives, so they are written in C and, on x86-64 Linux, built several times
 * (target_clones): the loader picks the AVX-512 or AVX2 copy when the CPU has it, the baseline
 * copy otherwise, and one binary runs everywhere. Elsewhere they are plain loops.
 *
 * Each kernel computes exactly what its Swift scalar twin in SFNTape's FastMath computes, with
 * the same operations in the same order and no contraction into fused multiply-adds, so that a
 * value does not depend on whether it came from an array or a scalar evaluation.
 */
#ifndef CKERNELS_H
#define CKERNELS_H

#ifdef __cplusplus
extern "C" {
#endif

/* y[i] = tanh(x[i]) for i < n, by FastMath.tanh's method. x and y may be the same array. */
void sfn_tanh_array(const double *x, double *y, long n);

#ifdef __cplusplus
}
#endif
#endif
