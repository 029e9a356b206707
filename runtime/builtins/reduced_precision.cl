// SPDX-License-Identifier: MIT
/*
 * native_* and half_* math: the specification lets these be less accurate
 * (implementation-defined for native_*, 8192 ulp for half_*), so the
 * full-precision function is always a correct implementation. libclc
 * defines only half_sqrt and half_rsqrt; native_sqrt, native_divide and
 * half_sqrt lower to ISA instructions directly (runtime/compiler/lower_ext.c).
 */
#include "builtins.h"

#define UNARY(T, P, F)                                                                             \
    T OVL F(T x);                                                                                  \
    T OVL P##_##F(T x)                                                                             \
    {                                                                                              \
        return F(x);                                                                               \
    }

#define BINARY(T, P, F)                                                                            \
    T OVL F(T x, T y);                                                                             \
    T OVL P##_##F(T x, T y)                                                                        \
    {                                                                                              \
        return F(x, y);                                                                            \
    }

#define RECIP(T, P)                                                                                \
    T OVL P##_recip(T x)                                                                           \
    {                                                                                              \
        return (T)1.0f / x;                                                                        \
    }

#define DIVIDE(T, P)                                                                               \
    T OVL P##_divide(T x, T y)                                                                     \
    {                                                                                              \
        return x / y;                                                                              \
    }

#define BOTH_PREFIXES(X, F)                                                                        \
    FLOAT_GENTYPES(X, native, F)                                                                   \
    FLOAT_GENTYPES(X, half, F)

BOTH_PREFIXES(UNARY, cos)
BOTH_PREFIXES(UNARY, sin)
BOTH_PREFIXES(UNARY, tan)
BOTH_PREFIXES(UNARY, exp)
BOTH_PREFIXES(UNARY, exp2)
BOTH_PREFIXES(UNARY, exp10)
BOTH_PREFIXES(UNARY, log)
BOTH_PREFIXES(UNARY, log2)
BOTH_PREFIXES(UNARY, log10)
BOTH_PREFIXES(BINARY, powr)
FLOAT_GENTYPES(UNARY, native, rsqrt)
FLOAT_GENTYPES(RECIP, native)
FLOAT_GENTYPES(RECIP, half)
FLOAT_GENTYPES(DIVIDE, half)
