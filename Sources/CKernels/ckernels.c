/* ckernels: the tanh array loop in C (with the exp it needs), built per CPU by target_clones. */
#include "ckernels.h"
#include <stdint.h>
#include <string.h>

/* The same arithmetic as the Swift twins, operation for operation: no fused multiply-adds. */
#pragma clang fp contract(off)

#if defined(__x86_64__) && defined(__linux__)
#define SFN_CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define SFN_CLONES
#endif

/* e^x for x in [0, 40]: FastMath.expUnit. x = n ln2 + r, |r| <= ln2/2; e^r by its Taylor
 * polynomial to r^13; 2^n from the exponent bits. */
static inline double exp_unit(double x) {
    const double ln2hi = 6.93147180369123816490e-01, ln2lo = 1.90821492927058770002e-10;
    const double shifter = 6755399441055744.0;
    double t = x * 1.44269504088896338700 + shifter;
    double n = t - shifter;
    uint64_t tb, sb;
    memcpy(&tb, &t, 8);
    memcpy(&sb, &shifter, 8);
    int64_t ni = (int64_t)(tb - sb);
    double r = (x - n * ln2hi) - n * ln2lo;
    double p = 1.0 / 6227020800.0;
    p = p * r + 1.0 / 479001600.0;
    p = p * r + 1.0 / 39916800.0;
    p = p * r + 1.0 / 3628800.0;
    p = p * r + 1.0 / 362880.0;
    p = p * r + 1.0 / 40320.0;
    p = p * r + 1.0 / 5040.0;
    p = p * r + 1.0 / 720.0;
    p = p * r + 1.0 / 120.0;
    p = p * r + 1.0 / 24.0;
    p = p * r + 1.0 / 6.0;
    p = p * r + 0.5;
    p = p * r + 1.0;
    p = p * r + 1.0;
    uint64_t sbits = (uint64_t)(ni + 1023) << 52;
    double scale;
    memcpy(&scale, &sbits, 8);
    return p * scale;
}

SFN_CLONES
void sfn_tanh_array(const double *x, double *y, long n) {
    for (long i = 0; i < n; i++) {
        double v = x[i];
        int nan = v != v;
        double av = v < 0 ? -v : v;
        double a = nan ? 0 : (av < 20 ? av : 20);
        double z = v * v;
        double p = (-9.64399179425052238628e-1 * z - 9.92877231001918586564e1) * z - 1.61468768441708447952e3;
        double q = ((z + 1.12811678491632931402e2) * z + 2.23548839060100448583e3) * z + 4.84406305325125486048e3;
        double small = v + v * z * (p / q);
        double e = exp_unit(2 * a);
        double large = 1 - 2 / (e + 1);
        double sgn = v < 0 ? -large : large;
        y[i] = a < 0.625 ? small : (nan ? v : sgn);
    }
}
