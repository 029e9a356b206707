// SPDX-License-Identifier: MIT
/*
 * tgamma for double (float tgamma calls it through fp32_via_fp64.cl).
 * libclc's version loses up to ~800 ulp above x = 10; this one stays within a
 * few ulp (bound 16) by never rounding an argument that the result is
 * sensitive to:
 *
 * - |x| < 12 (and negative x down to -50): x = r + z with r = rint(x) and
 *   z = x - r in [-1/2, 1/2], both exact. Gamma(2 + z) = exp(P(z)) with P the
 *   Taylor series of lgamma(2 + z), which converges like (z/2)^k. The
 *   recurrence Gamma(x + 1) = x Gamma(x) then moves from 2 + z to x through
 *   the factors z + k, each exactly x + integer (a value no larger than |x|
 *   on x's ulp grid), except 1 + z, kept as an exact sum of two doubles. The
 *   product is carried in double-double so that up to 50 factors add no
 *   error.
 * - x >= 12: Stirling, Gamma(x) = sqrt(2 pi) x^(x - 1/2) e^-x e^S(x). pow and
 *   exp see exact arguments, so their errors are relative to the result;
 *   x^(x - 1/2) is taken as the square of x^((x - 1/2)/2), which does not
 *   overflow where Gamma does not.
 * - x <= -50: the reflection Gamma(x) = -pi / (x sinpi(x) Gamma(-x)) with
 *   -x exact, divided in stages so that Gamma(-x) (up to ~1e346) never
 *   exists as a double.
 */
#include "builtins.h"

double OVL exp(double x);
double OVL pow(double x, double y);
double OVL sinpi(double x);

/* lgamma(2 + z) = (1 - gamma) z + sum_{k>=2} (-1)^k (zeta(k) - 1) / k z^k; 28 terms leave less
 * than 2^-61 at |z| = 1/2. */
static double lgamma2p(double z)
{
    const double c[28] = {
        0x1.b0ee6072093cep-2,   0x1.4a34cc4a60fa6p-2,   -0x1.13e001a557607p-4,
        0x1.51322ac7d8483p-6,   -0x1.e404fc218f5f2p-8,  0x1.7add6eadb6c30p-9,
        -0x1.38ac5c2bf8e08p-10, 0x1.0b36af86396e9p-11,  -0x1.d3fd4c76d2fc8p-13,
        0x1.a127b0f17d65ap-14,  -0x1.78de5bd7c81efp-15, 0x1.580dcee66eb02p-16,
        -0x1.3cbc963ce2243p-17, 0x1.2597a39f34aacp-18,  -0x1.11b2eb7679541p-19,
        0x1.0064cdeb22f0fp-20,  -0x1.e2600d93cfd2fp-22, 0x1.c76bbb3f07a4dp-23,
        -0x1.af5a6cbbf8a97p-24, 0x1.99b93c2070b0fp-25,  -0x1.862c734df3eacp-26,
        0x1.7469daccfadcdp-27,  -0x1.6434a8447aeadp-28, 0x1.555a877ffd2c3p-29,
        -0x1.47b1679258d0ep-30, 0x1.3b15d2b2fc10cp-31,  -0x1.2f69a9fabe3e0p-32,
        0x1.24932a337434cp-33,
    };
    double p = c[27];
    for (int k = 26; k >= 0; k--)
        p = __builtin_fma(p, z, c[k]);
    return p * z;
}

/* Stirling's correction S(v) = sum B_2k / (2k (2k - 1) v^(2k - 1)), 8 terms: < 2^-60 for v >= 12.
 */
static double stirling_corr(double v)
{
    const double b[8] = {
        0x1.5555555555555p-4,   -0x1.6c16c16c16c17p-9, 0x1.a01a01a01a01ap-11,
        -0x1.3813813813814p-11, 0x1.b951e2b18ff23p-11, -0x1.f6ab0d9993c7dp-10,
        0x1.a41a41a41a41ap-8,   -0x1.e4286cb0f5398p-6,
    };
    double w = 1.0 / (v * v), s = b[7];
    for (int k = 6; k >= 0; k--)
        s = __builtin_fma(s, w, b[k]);
    return s / v;
}

/* (h, l) *= f in double-double. */
static void dd_mul(double *h, double *l, double f)
{
    double p = *h * f;
    double e = __builtin_fma(*h, f, -p) + *l * f;
    *h = p + e;
    *l = e - (*h - p);
}

#define SQRT_2PI 0x1.40d931ff62706p+1
#define PI       0x1.921fb54442d18p+1

double OVL tgamma(double x)
{
    if (__builtin_isnan(x))
        return x + x;
    if (x == 0.0)
        return 1.0 / x; /* ±inf, as C99 Annex F and the OpenCL C spec have it */
    if (__builtin_isinf(x))
        return x > 0.0 ? x : __builtin_nan("");
    double r = __builtin_rint(x);
    if (x < 0.0 && r == x)
        return __builtin_nan(""); /* a pole: negative integers */
    if (x > 172.0)
        return __builtin_inf();
    if (x < -190.0) {
        /* |tgamma(x)| < 2^-1078 below -184 even next to the poles: a signed zero, negative
         * where floor(x) is odd */
        double h = __builtin_floor(x) * 0.5;
        return h != __builtin_floor(h) ? -0.0 : 0.0;
    }
    if (x >= 12.0) {
        double y = pow(x, 0.5 * (x - 0.5));
        double c = SQRT_2PI * exp(stirling_corr(x));
        return c * exp(-x) * y * y;
    }
    if (x <= -50.0) {
        double v = -x, y = pow(v, 0.5 * (v - 0.5));
        double c = SQRT_2PI * exp(stirling_corr(v));
        return -PI / (x * sinpi(x) * c) / (exp(-v) * y) / y;
    }
    double z = x - r, e = exp(lgamma2p(z));
    int n = (int)r;
    double h = 1.0, l = 0.0;
    if (n >= 2) {
        for (int k = 2; k < n; k++)
            dd_mul(&h, &l, z + (double)k);
        return __builtin_fma(e, h, e * l);
    }
    /* divide by z + k for k = n .. 1; 1 + z is the exact sum h + l */
    h = 1.0 + z;
    l = (1.0 - h) + z;
    for (int k = n; k <= 0; k++)
        dd_mul(&h, &l, z + (double)k);
    double q = e / h;
    if (__builtin_isinf(q))
        return q; /* 1/x overflowed for the smallest |x|; the correction would make it NaN */
    return __builtin_fma(-q, l / h, q);
}
VECTORIZE1(tgamma, double, double)
