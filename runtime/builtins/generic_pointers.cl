// SPDX-License-Identifier: MIT
/*
 * Generic-address-space overloads of the math built-ins with an output
 * pointer. libclc follows OpenCL 1.2 and defines them for the global, local
 * and private spaces only; an OpenCL C 2.0+ program that passes a generic
 * pointer calls these, which compute into a private temporary with libclc's
 * overload and store the result through the generic pointer.
 */
#include "builtins.h"

/* F(x, out) with an output of type I: frexp, lgamma_r (int), or T itself. */
#define WRAP_INT(T, I, F)                                                                          \
    T OVL_MEM F(T x, __private I *out);                                                            \
    T OVL_MEM F(T x, __generic I *out)                                                             \
    {                                                                                              \
        __private I t;                                                                             \
        T r = F(x, &t);                                                                            \
        *out = t;                                                                                  \
        return r;                                                                                  \
    }

/* fract, modf, sincos: the output has the argument's type. */
#define WRAP_SAME(T, F) WRAP_INT(T, T, F)

#define WRAP_REMQUO(T, I)                                                                          \
    T OVL_MEM remquo(T x, T y, __private I *quo);                                                  \
    T OVL_MEM remquo(T x, T y, __generic I *quo)                                                   \
    {                                                                                              \
        __private I t;                                                                             \
        T r = remquo(x, y, &t);                                                                    \
        *quo = t;                                                                                  \
        return r;                                                                                  \
    }

#define WITH_INT(X, ...)                                                                           \
    X(float, int, ##__VA_ARGS__)                                                                   \
    X(float2, int2, ##__VA_ARGS__)                                                                 \
    X(float3, int3, ##__VA_ARGS__)                                                                 \
    X(float4, int4, ##__VA_ARGS__)                                                                 \
    X(float8, int8, ##__VA_ARGS__)                                                                 \
    X(float16, int16, ##__VA_ARGS__)                                                               \
    X(double, int, ##__VA_ARGS__)                                                                  \
    X(double2, int2, ##__VA_ARGS__)                                                                \
    X(double3, int3, ##__VA_ARGS__)                                                                \
    X(double4, int4, ##__VA_ARGS__)                                                                \
    X(double8, int8, ##__VA_ARGS__)                                                                \
    X(double16, int16, ##__VA_ARGS__)

FLOAT_GENTYPES(WRAP_SAME, fract)
DOUBLE_GENTYPES(WRAP_SAME, fract)
FLOAT_GENTYPES(WRAP_SAME, modf)
DOUBLE_GENTYPES(WRAP_SAME, modf)
FLOAT_GENTYPES(WRAP_SAME, sincos)
DOUBLE_GENTYPES(WRAP_SAME, sincos)
WITH_INT(WRAP_INT, frexp)
WITH_INT(WRAP_INT, lgamma_r)
WITH_INT(WRAP_REMQUO)
