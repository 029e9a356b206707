/* SPDX-License-Identifier: MIT */
/* The generated large OpenCL C program of large_program.h. */
#include "large_program.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

struct text {
    char *buf;
    size_t len, cap;
    int oom;
};

static void put(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(struct text *t, const char *fmt, ...)
{
    va_list ap;
    int n;

    if (t->oom)
        return;
    if (!t->buf) {
        t->cap = 1 << 16;
        t->buf = malloc(t->cap);
        if (!t->buf) {
            t->oom = 1;
            return;
        }
    }
    for (;;) {
        va_start(ap, fmt);
        n = vsnprintf(t->buf + t->len, t->cap - t->len, fmt, ap);
        va_end(ap);
        if (n < 0) {
            t->oom = 1;
            return;
        }
        if ((size_t)n < t->cap - t->len) {
            t->len += (size_t)n;
            return;
        }
        size_t cap = 2 * t->cap + (size_t)n + 4096;
        char *p = realloc(t->buf, cap);
        if (!p) {
            t->oom = 1;
            return;
        }
        t->buf = p;
        t->cap = cap;
    }
}

/* Per-unit constants, so no two units compile to the same code. */
static unsigned mix(unsigned i, unsigned salt)
{
    unsigned h = i * 0x9e3779b1u ^ salt * 0x85ebca6bu;
    h ^= h >> 15;
    h *= 0x2c1b3c6du;
    h ^= h >> 12;
    return h;
}

/* Integer switch: shared targets, fall-through, early return, default. */
static void unit_switch(struct text *t, unsigned i)
{
    unsigned c = mix(i, 1);
    put(t, "__attribute__((noinline)) int sw%u(int x, int y)\n{\n", i);
    put(t, "    int r = %u;\n", c % 97);
    put(t, "    switch ((x ^ (y >> %u)) & 15) {\n", c % 5);
    put(t, "    case 0:\n    case 1:\n        r = x + y * %u;\n        break;\n", c % 13 + 1);
    put(t, "    case 2:\n        r = x * 3 - y;\n        /* fall through */\n");
    put(t, "    case 3:\n        r += y << %u;\n        break;\n", c % 7);
    put(t, "    case 4:\n    case 5:\n    case 6:\n        r = x %% (y | 1);\n        break;\n");
    put(t, "    case 7:\n        return x - y + %u;\n", c % 31);
    put(t, "    case 9:\n        r = rotate(x, y & 7) ^ %uu;\n        break;\n", c % 1000);
    put(t,
        "    case 10:\n    case 12:\n    case 13:\n        r = min(x, y) + max(x, %d);\n"
        "        break;\n",
        (int)(c % 50) - 25);
    put(t, "    case 14:\n        r = mul_hi(x, y) + abs(x);\n        break;\n");
    put(t, "    default:\n        r = x ^ (y >> 3);\n        break;\n    }\n");
    put(t, "    return r + %u;\n}\n\n", i);
}

/* A loop with break, continue and return exits over a private array. */
static void unit_loop(struct text *t, unsigned i)
{
    unsigned c = mix(i, 2);
    put(t, "__attribute__((noinline)) float lp%u(global const float *p, int n, float lim)\n{\n", i);
    put(t, "    float acc[8];\n");
    put(t, "    for (int k = 0; k < 8; k++)\n        acc[k] = (float)k * %u.0f;\n", c % 5);
    put(t, "    for (int k = 0; k < n; k++) {\n");
    put(t, "        float v = p[k];\n");
    put(t, "        if (v > lim)\n            break;\n");
    put(t, "        if (v < -lim)\n            return acc[k & 7] - v;\n");
    put(t, "        if (isnan(v))\n            continue;\n");
    put(t, "        acc[(k + %u) & 7] += sin(v) * 0.5f + exp(-fabs(v));\n", c % 8);
    put(t, "        int j = 0;\n");
    put(t, "        while (j < 4) {\n");
    put(t, "            if (acc[j] > %u.0f)\n                break;\n", c % 90 + 10);
    put(t, "            acc[j] = acc[j] * 1.5f + 0.25f;\n");
    put(t, "            j++;\n        }\n");
    put(t, "        if (j == 0 && acc[7] > 1000.0f)\n            return acc[7];\n");
    put(t, "    }\n");
    put(t, "    return acc[0] + acc[3] * %u.5f + acc[7];\n}\n\n", c % 3);
}

/* Vector arithmetic and geometric/math built-ins; inlined into the kernel. */
static void unit_vector(struct text *t, unsigned i)
{
    unsigned c = mix(i, 3);
    put(t, "static float4 vc%u(float4 a, float4 b, float s)\n{\n", i);
    put(t, "    float4 c = mad(a, (float4)(s), b);\n");
    put(t, "    c = clamp(c, -%u.0f, %u.0f);\n", c % 9 + 1, c % 9 + 1);
    put(t, "    c.xy = c.yx * sqrt(fabs(c.zw) + 1.0f);\n");
    put(t, "    float d = dot(a, b) + length(b);\n");
    put(t, "    return c + (float4)(d, cos(s), pow(fabs(s) + 1.0f, 0.%uf), log(fabs(d) + 2.0f));\n",
        c % 9 + 1);
    put(t, "}\n\n");
}

/* A hash round in the style of password-hashing kernels: rotates, shifts, tables. */
static void unit_hash(struct text *t, unsigned i)
{
    unsigned c = mix(i, 4);
    put(t, "__attribute__((noinline)) uint hs%u(uint h, uint k, int rounds)\n{\n", i);
    put(t, "    uint w[16];\n");
    put(t, "    for (int r = 0; r < 16; r++)\n        w[r] = k ^ (uint)(r * %u);\n", c % 251 + 1);
    put(t, "    for (int r = 0; r < rounds; r++) {\n");
    put(t, "        uint f = (h & w[r & 15]) | (~h & w[(r + 3) & 15]);\n");
    put(t, "        h = rotate(h + f + 0x%08xu, (uint)(%u + r %% 5));\n", c, c % 7 + 3);
    put(t, "        w[(r + 1) & 15] ^= h >> %u;\n", c % 11 + 1);
    put(t, "    }\n");
    put(t, "    uint2 v = (uint2)(h, k) * (uint2)(%uu, 3u);\n", c % 65521 + 1);
    put(t, "    return v.x ^ v.y ^ popcount(h) ^ clz(k | 1u);\n}\n\n");
}

/* Double-precision-free scalar math with a small state machine. */
static void unit_state(struct text *t, unsigned i)
{
    unsigned c = mix(i, 5);
    put(t, "__attribute__((noinline)) float st%u(float x, int steps)\n{\n", i);
    put(t, "    int state = %u;\n", c % 3);
    put(t, "    for (int s = 0; s < steps; s++) {\n");
    put(t, "        switch (state) {\n");
    put(t,
        "        case 0:\n            x = x * 0.5f + %u.0f;\n            state = x > 4.0f ? 1 : "
        "2;\n            break;\n",
        c % 4);
    put(t, "        case 1:\n            x = native_sqrt(fabs(x)) + tanh(x);\n            state = "
           "2;\n            break;\n");
    put(t, "        case 2:\n            x = fmin(x * x, 1.0e6f) - floor(x);\n            state = "
           "s & 1;\n            break;\n");
    put(t, "        default:\n            return x;\n        }\n");
    put(t, "        if (x == %u.0f)\n            break;\n", c % 17 + 100);
    put(t, "    }\n    return x + atan2(x, 1.0f);\n}\n\n");
}

/*
 * Library code no kernel calls, as in programs that include a large shared
 * header: the front end, the translator and the validator see it all; the
 * lowering only scans it.
 */
static void unit_library(struct text *t, unsigned i)
{
    unsigned c = mix(i, 7);
    put(t, "uint lib%u_decode(uint op)\n{\n    switch (op %% 41u) {\n", i);
    for (unsigned k = 0; k < 32; k++) {
        /* runs of two or three cases share a target */
        put(t, "    case %u:\n", k);
        if ((k + c) % 3 == 2 || k == 31)
            put(t, "        return (op >> %u) * %uu + %uu;\n", k % 5, mix(i, 8 + k) % 251 + 1, k);
    }
    put(t, "    default:\n        return op ^ 0x%08xu;\n    }\n}\n\n", c);

    put(t, "int lib%u_class(uchar ch, int state)\n{\n    switch (ch) {\n", i);
    for (unsigned k = 0; k < 24; k++) {
        put(t, "    case '%c':\n", "0123456789abcdefABCDEF+-"[k]);
        if (k == 9 || k == 15 || k == 21)
            put(t, "        return state * %u + %u;\n", c % 7 + 2, k);
    }
    put(t, "        return state > 0 ? -state : %u;\n", c % 13);
    put(t, "    default:\n        break;\n    }\n");
    put(t, "    return ch < 32 ? -1 : state ^ %u;\n}\n\n", c % 256);

    put(t, "float lib%u_math(float x, float y)\n{\n", i);
    put(t, "    float a = exp2(x * 0.%uf) - log2(fabs(y) + 1.0f);\n", c % 9 + 1);
    put(t, "    float b = cbrt(a) + hypot(x, y);\n");
    put(t, "    float c = erf(b * 0.5f) * sinh(fmin(a, 4.0f));\n");
    put(t, "    float d = acos(clamp(c, -1.0f, 1.0f)) + atan(b);\n");
    put(t, "    float e = fmod(d, %u.5f) + remainder(a, 3.0f);\n", c % 5 + 1);
    put(t, "    float f = rsqrt(fabs(e) + 1.0f) * native_exp(-fabs(d));\n");
    put(t, "    return mad(f, x, e) + copysign(b, y) + step(0.5f, c);\n}\n\n");

    put(t, "float8 lib%u_vec(float8 a, float8 b, int k)\n{\n", i);
    put(t, "    float8 c = fma(a, b, (float8)(0.%uf));\n", c % 9 + 1);
    put(t, "    for (int r = 0; r < k; r++) {\n");
    put(t, "        c = mix(c, c.s76543210, 0.25f);\n");
    put(t, "        if (any(isgreater(c, (float8)(%u.0f))))\n            break;\n", c % 50 + 10);
    put(t, "        c = max(c, a) - min(c, b) * 0.5f;\n");
    put(t, "    }\n");
    put(t, "    return select(c, a, isless(c, b));\n}\n\n");

    put(t, "uint lib%u_walk(global const uint *p, int n, global float *f)\n{\n", i);
    put(t, "    uint h = %uu;\n", c);
    put(t, "    int k = 0;\n");
    put(t, "    do {\n");
    put(t, "        uint op = p[k];\n");
    put(t, "        if (op == 0u)\n            return h;\n");
    put(t, "        if (op == 1u) {\n            k += 2;\n            continue;\n        }\n");
    put(t, "        h = rotate(h ^ lib%u_decode(op), %uu);\n", i, c % 31 + 1);
    put(t, "        if ((h & %uu) == 0u)\n            break;\n", c % 4093 + 1);
    put(t, "        f[k] = lib%u_math((float)op, (float)k);\n", i);
    put(t, "        k++;\n");
    put(t, "    } while (k < n);\n");
    put(t, "    float8 v = lib%u_vec(vload8(0, f), vload8(1, f), n);\n", i);
    put(t, "    return h + (uint)(v.s0 + v.s7) + (uint)k;\n}\n\n");
}

static void unit_kernel(struct text *t, unsigned i)
{
    unsigned c = mix(i, 6), p = i ? i - 1 : 0;
    put(t,
        "kernel void k%u(global float *out, global const float *in, global uint *iout, "
        "int n)\n{\n",
        i);
    put(t, "    int g = (int)get_global_id(0);\n");
    put(t, "    int s = sw%u(g + n, n) + sw%u(g, %u);\n", i, p, c % 9);
    put(t, "    float l = lp%u(in, n, (float)(s & 63)) + st%u((float)g, n & 7);\n", i, i);
    put(t, "    float4 v = vc%u(vload4(g, in), (float4)(l), l);\n", i);
    put(t, "    if (n > %u)\n        v = v.wzyx * (float)s;\n", c % 5 + 2);
    put(t, "    iout[g] = (uint)s + hs%u((uint)g, (uint)s, n) + hs%u((uint)n, %uu, n);\n", i, p, c);
    put(t, "    out[g] = v.x + v.y + v.z + v.w + lp%u(in, n >> 1, 2.0f) + st%u(l, 3);\n", p, p);
    put(t, "}\n\n");
}

char *large_program(unsigned units, unsigned library)
{
    struct text t = {0};

    put(&t, "/* hmmcl-bench's generated large program: %u units, %u library units */\n\n", units,
        library);
    for (unsigned i = 0; i < units + library; i++) {
        put(&t, "/* ---- unit %u ---- */\n\n", i);
        if (i < units) {
            unit_switch(&t, i);
            unit_loop(&t, i);
            unit_vector(&t, i);
            unit_hash(&t, i);
            unit_state(&t, i);
            unit_kernel(&t, i);
        }
        unit_library(&t, i);
    }
    if (t.oom) {
        free(t.buf);
        return NULL;
    }
    return t.buf;
}

unsigned large_program_lines(const char *src)
{
    unsigned n = 0;

    for (; *src; src++)
        n += *src == '\n';
    return n;
}

void large_program_kernel(unsigned i, char *buf, unsigned size)
{
    snprintf(buf, size, "k%u", i);
}
