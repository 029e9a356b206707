// SPDX-License-Identifier: MIT
/*
 * The OpenCL C math built-ins that libclc does not define and the ISA has
 * no instruction for. All are exact (no rounding beyond the one the
 * specification allows), with the special cases the specification lists.
 */
#include "builtins.h"

/* SFX: the suffix of the C builtins for T (f for float, none for double). */
#define SCALARS(T, SFX, U, ONE_ULP_BITS, QUIET_NAN, PAYLOAD)                                       \
    /* x - y if x > y, +0 otherwise; NaN if either is. */                                          \
    T OVL fdim(T x, T y)                                                                           \
    {                                                                                              \
        if (__builtin_isnan(x) || __builtin_isnan(y))                                              \
            return x + y;                                                                          \
        return x > y ? x - y : (T)0;                                                               \
    }                                                                                              \
    T OVL maxmag(T x, T y)                                                                         \
    {                                                                                              \
        T ax = __builtin_fabs##SFX(x), ay = __builtin_fabs##SFX(y);                                \
        return ax > ay ? x : ay > ax ? y : __builtin_fmax##SFX(x, y);                              \
    }                                                                                              \
    T OVL minmag(T x, T y)                                                                         \
    {                                                                                              \
        T ax = __builtin_fabs##SFX(x), ay = __builtin_fabs##SFX(y);                                \
        return ax < ay ? x : ay < ax ? y : __builtin_fmin##SFX(x, y);                              \
    }                                                                                              \
    /* A quiet NaN carrying as much of the code as fits in the payload. */                         \
    T OVL nan(U code)                                                                              \
    {                                                                                              \
        return __builtin_astype((U)(QUIET_NAN | (code & PAYLOAD)), T);                             \
    }                                                                                              \
    /* The next representable value after x toward y (sign-magnitude step). */                     \
    T OVL nextafter(T x, T y)                                                                      \
    {                                                                                              \
        if (__builtin_isnan(x) || __builtin_isnan(y))                                              \
            return x + y;                                                                          \
        if (x == y)                                                                                \
            return y;                                                                              \
        if (x == (T)0)                                                                             \
            return __builtin_copysign##SFX(__builtin_astype((U)ONE_ULP_BITS, T), y);               \
        U bits = __builtin_astype(x, U);                                                           \
        bits = ((y > x) == (x > (T)0)) ? bits + 1 : bits - 1;                                      \
        return __builtin_astype(bits, T);                                                          \
    }                                                                                              \
    T OVL rsqrt(T x)                                                                               \
    {                                                                                              \
        return (T)1 / __builtin_sqrt##SFX(x);                                                      \
    }

SCALARS(float, f, uint, 1u, 0x7fc00000u, 0x003fffffu)
SCALARS(double, , ulong, 1ul, 0x7ff8000000000000ul, 0x0007fffffffffffful)

#define VECTORS(T, U)                                                                              \
    VECTORIZE2(fdim, T)                                                                            \
    VECTORIZE2(maxmag, T)                                                                          \
    VECTORIZE2(minmag, T)                                                                          \
    VECTORIZE2(nextafter, T)                                                                       \
    VECTORIZE1(nan, T, U)                                                                          \
    VECTORIZE1(rsqrt, T, T)

VECTORS(float, uint)
VECTORS(double, ulong)
