// SPDX-License-Identifier: MIT
/*
 * Float functions computed in double and rounded once to float, replacing
 * libclc's float versions that hmmcl's math conformance tests found wrong
 * (flushed denormal results, lost accuracy near zero, wrong special values).
 * The double result is within about one double ulp, so the float result is
 * within half a float ulp plus 2^-28 ulp; remainder and remquo are exact in
 * double. The CPU device always has cl_khr_fp64. libclc's vector and
 * address-space variants call these scalar functions.
 */
#include "builtins.h"

#define VIA_DOUBLE1(F)                                                                             \
    double OVL F(double x);                                                                        \
    float OVL F(float x)                                                                           \
    {                                                                                              \
        return (float)F((double)x);                                                                \
    }

/* exp and exp2 flushed denormal results to zero (erfc, via exp, too). */
VIA_DOUBLE1(exp)
VIA_DOUBLE1(exp2)
/* tgamma: 52 ulp near zero, wrong infinity signs at ±0. */
VIA_DOUBLE1(tgamma)

/* lgamma(-inf) came out -inf (it is +inf); lgamma and every lgamma_r overload call this one. */
double OVL lgamma_r(double x, __private int *s);
float OVL lgamma_r(float x, __private int *s)
{
    return (float)lgamma_r((double)x, s);
}

/* rootn flushed denormal results to zero; libclc's rootn overloads call __clc_rootn. */
double OVL rootn(double x, int n);
float OVL __clc_rootn(float x, int n)
{
    return (float)rootn((double)x, n);
}

/* remainder and remquo gave NaN or the wrong sign of zero for denormal divisors. */
double OVL remainder(double x, double y);
float OVL __clc_remainder(float x, float y)
{
    return (float)remainder((double)x, (double)y);
}

double OVL remquo(double x, double y, __private int *q);
float OVL __clc_remquo(float x, float y, __private int *q)
{
    return (float)remquo((double)x, (double)y, q);
}
