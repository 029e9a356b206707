/* SPDX-License-Identifier: MIT */
/*
 * Common definitions of hmmcl's own OpenCL C built-in sources. They are
 * compiled without clang's built-in declarations (no -fdeclare-opencl-builtins,
 * no default header) so that each file declares exactly the overloads it
 * calls: a generic-pointer wrapper must call libclc's private-pointer
 * overload, which the OpenCL 2.0+ headers do not declare.
 */
#ifndef HMMCL_BUILTINS_H
#define HMMCL_BUILTINS_H

#pragma OPENCL EXTENSION cl_khr_fp64 : enable

#define OVL     __attribute__((overloadable, const))
#define OVL_MEM __attribute__((overloadable))

typedef unsigned int uint;
typedef unsigned long ulong;

#define VEC_TYPES(T)                                                                               \
    typedef T T##2 __attribute__((ext_vector_type(2)));                                            \
    typedef T T##3 __attribute__((ext_vector_type(3)));                                            \
    typedef T T##4 __attribute__((ext_vector_type(4)));                                            \
    typedef T T##8 __attribute__((ext_vector_type(8)));                                            \
    typedef T T##16 __attribute__((ext_vector_type(16)));
VEC_TYPES(float)
VEC_TYPES(double)
VEC_TYPES(int)
VEC_TYPES(uint)
VEC_TYPES(long)
VEC_TYPES(ulong)
#undef VEC_TYPES

/*
 * Vector forms of a component-wise function from its scalar form R F(A):
 * width 2 from two scalars, 3 from 2 + 1, 4, 8 and 16 from their .lo and .hi
 * halves (a 3-vector's .hi has an undefined lane, hence its own split).
 */
#define VECTORIZE1(F, R, A)                                                                        \
    R##2 OVL F(A##2 x)                                                                             \
    {                                                                                              \
        return (R##2)(F(x.s0), F(x.s1));                                                           \
    }                                                                                              \
    R##3 OVL F(A##3 x)                                                                             \
    {                                                                                              \
        return (R##3)(F(x.s01), F(x.s2));                                                          \
    }                                                                                              \
    R##4 OVL F(A##4 x)                                                                             \
    {                                                                                              \
        return (R##4)(F(x.lo), F(x.hi));                                                           \
    }                                                                                              \
    R##8 OVL F(A##8 x)                                                                             \
    {                                                                                              \
        return (R##8)(F(x.lo), F(x.hi));                                                           \
    }                                                                                              \
    R##16 OVL F(A##16 x)                                                                           \
    {                                                                                              \
        return (R##16)(F(x.lo), F(x.hi));                                                          \
    }

#define VECTORIZE2(F, T)                                                                           \
    T##2 OVL F(T##2 x, T##2 y)                                                                     \
    {                                                                                              \
        return (T##2)(F(x.s0, y.s0), F(x.s1, y.s1));                                               \
    }                                                                                              \
    T##3 OVL F(T##3 x, T##3 y)                                                                     \
    {                                                                                              \
        return (T##3)(F(x.s01, y.s01), F(x.s2, y.s2));                                             \
    }                                                                                              \
    T##4 OVL F(T##4 x, T##4 y)                                                                     \
    {                                                                                              \
        return (T##4)(F(x.lo, y.lo), F(x.hi, y.hi));                                               \
    }                                                                                              \
    T##8 OVL F(T##8 x, T##8 y)                                                                     \
    {                                                                                              \
        return (T##8)(F(x.lo, y.lo), F(x.hi, y.hi));                                               \
    }                                                                                              \
    T##16 OVL F(T##16 x, T##16 y)                                                                  \
    {                                                                                              \
        return (T##16)(F(x.lo, y.lo), F(x.hi, y.hi));                                              \
    }

/* Every float and double vector width, as the first argument of X. */
#define FLOAT_GENTYPES(X, ...)                                                                     \
    X(float, ##__VA_ARGS__)                                                                        \
    X(float2, ##__VA_ARGS__)                                                                       \
    X(float3, ##__VA_ARGS__)                                                                       \
    X(float4, ##__VA_ARGS__)                                                                       \
    X(float8, ##__VA_ARGS__)                                                                       \
    X(float16, ##__VA_ARGS__)
#define DOUBLE_GENTYPES(X, ...)                                                                    \
    X(double, ##__VA_ARGS__)                                                                       \
    X(double2, ##__VA_ARGS__)                                                                      \
    X(double3, ##__VA_ARGS__)                                                                      \
    X(double4, ##__VA_ARGS__)                                                                      \
    X(double8, ##__VA_ARGS__)                                                                      \
    X(double16, ##__VA_ARGS__)

#endif
