// SPDX-License-Identifier: MIT
/*
 * ldexp, replacing libclc's (whose float version calls add_sat, an
 * OpenCL.std instruction the built-in library does not define). The result
 * is exact when it is normal; a denormal result is rounded once, by one
 * multiplication by a power of two, so it is correctly rounded.
 */
#include "builtins.h"

/*
 * T the type, U its bits, FRAC fraction bits, EMAX the all-ones exponent.
 * A denormal x is first scaled up by UPV = 2^UP (exact). A result exponent r <= 0
 * is built as r + DOWN and multiplied by DOWNV = 2^-DOWN: the one rounding. Below
 * LOW nothing rounds to nonzero.
 */
#define LDEXP(T, U, SFX, FRAC, EMAX, UP, UPV, DOWN, DOWNV, LOW)                                    \
    T OVL ldexp(T x, int n)                                                                        \
    {                                                                                              \
        U u = __builtin_astype(x, U);                                                              \
        int e = (int)((u >> FRAC) & EMAX);                                                         \
        if (e == EMAX || (u << 1) == 0 || n == 0)                                                  \
            return x;                                                                              \
        if (e == 0) {                                                                              \
            x *= UPV;                                                                              \
            u = __builtin_astype(x, U);                                                            \
            e = (int)((u >> FRAC) & EMAX) - UP;                                                    \
        }                                                                                          \
        /* beyond this |n| only over- or underflows; keeps e + n from overflowing an int */        \
        n = n > 4 * EMAX ? 4 * EMAX : n < -4 * EMAX ? -4 * EMAX : n;                               \
        int r = e + n;                                                                             \
        if (r >= EMAX)                                                                             \
            return __builtin_copysign##SFX(__builtin_inf##SFX(), x);                               \
        U keep = u & ~((U)EMAX << FRAC);                                                           \
        if (r > 0)                                                                                 \
            return __builtin_astype(keep | ((U)r << FRAC), T);                                     \
        if (r < LOW)                                                                               \
            return __builtin_copysign##SFX((T)0, x);                                               \
        return __builtin_astype(keep | ((U)(r + DOWN) << FRAC), T) * DOWNV;                        \
    }

LDEXP(float, uint, f, 23, 255, 24, 0x1p24f, 64, 0x1p-64f, -40)
LDEXP(double, ulong, , 52, 2047, 54, 0x1p54, 128, 0x1p-128, -70)

#define LDEXP_VEC(T, I)                                                                            \
    T##2 OVL ldexp(T##2 x, I##2 n)                                                                 \
    {                                                                                              \
        return (T##2)(ldexp(x.s0, n.s0), ldexp(x.s1, n.s1));                                       \
    }                                                                                              \
    T##3 OVL ldexp(T##3 x, I##3 n)                                                                 \
    {                                                                                              \
        return (T##3)(ldexp(x.s01, n.s01), ldexp(x.s2, n.s2));                                     \
    }                                                                                              \
    T##4 OVL ldexp(T##4 x, I##4 n)                                                                 \
    {                                                                                              \
        return (T##4)(ldexp(x.lo, n.lo), ldexp(x.hi, n.hi));                                       \
    }                                                                                              \
    T##8 OVL ldexp(T##8 x, I##8 n)                                                                 \
    {                                                                                              \
        return (T##8)(ldexp(x.lo, n.lo), ldexp(x.hi, n.hi));                                       \
    }                                                                                              \
    T##16 OVL ldexp(T##16 x, I##16 n)                                                              \
    {                                                                                              \
        return (T##16)(ldexp(x.lo, n.lo), ldexp(x.hi, n.hi));                                      \
    }                                                                                              \
    T##2 OVL ldexp(T##2 x, I n)                                                                    \
    {                                                                                              \
        return ldexp(x, (I##2)(n));                                                                \
    }                                                                                              \
    T##3 OVL ldexp(T##3 x, I n)                                                                    \
    {                                                                                              \
        return ldexp(x, (I##3)(n));                                                                \
    }                                                                                              \
    T##4 OVL ldexp(T##4 x, I n)                                                                    \
    {                                                                                              \
        return ldexp(x, (I##4)(n));                                                                \
    }                                                                                              \
    T##8 OVL ldexp(T##8 x, I n)                                                                    \
    {                                                                                              \
        return ldexp(x, (I##8)(n));                                                                \
    }                                                                                              \
    T##16 OVL ldexp(T##16 x, I n)                                                                  \
    {                                                                                              \
        return ldexp(x, (I##16)(n));                                                               \
    }

LDEXP_VEC(float, int)
LDEXP_VEC(double, int)
