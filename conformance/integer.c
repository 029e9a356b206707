/*
 * integer: the OpenCL C integer built-ins (abs, abs_diff, add_sat, sub_sat,
 * hadd, rhadd, clamp, clz, ctz, popcount, mad_hi, mad_sat, max, min,
 * mul_hi, rotate, upsample, mad24, mul24), shuffle/shuffle2 with runtime
 * masks, and the core integer operators, for char..ulong scalars and
 * vectors of 2, 3, 4, 8 and 16, on edge and random inputs, against a host
 * reference computed here in 128-bit arithmetic (in the style of the
 * Khronos CTS integer_ops test).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "typed.h"

#define N        1536 /* elements per run: a multiple of 3 and 16 */
#define MAX_SHOW 6    /* failing elements printed per kernel */

typedef __int128 i128;

enum {
    F_UNSIGNED_RESULT = 1, /* abs, abs_diff: the unsigned type */
    F_UPSAMPLE = 2,        /* result twice as wide, second argument unsigned */
    F_ONLY_32 = 4,         /* int and uint only, 24-bit inputs (mul24, mad24) */
    F_SORTED_BC = 8,       /* clamp: b <= c */
    F_SCALAR_BC = 16,      /* vector forms take scalar b (and c) */
    F_NO_64 = 32,          /* upsample: no 128-bit result type */
};

struct ibuiltin {
    const char *name;
    int nargs;
    unsigned flags;
};

static unsigned bits_of(enum ty t)
{
    return 8 * ty_info[t].size;
}

static i128 sval(enum ty t, uint64_t x)
{
    return ty_info[t].is_signed ? (i128)ty_sext(t, x) : (i128)(x & ty_mask(t));
}

static i128 clamp128(enum ty t, i128 v)
{
    unsigned w = bits_of(t);
    i128 lo = ty_info[t].is_signed ? -((i128)1 << (w - 1)) : 0;
    i128 hi = ty_info[t].is_signed ? ((i128)1 << (w - 1)) - 1 : ((i128)1 << w) - 1;
    return v < lo ? lo : v > hi ? hi : v;
}

/* Floor of v / 2 for a signed 128-bit value (an arithmetic shift). */
static i128 half_floor(i128 v)
{
    return v >= 0 ? v / 2 : -((-v + 1) / 2);
}

static uint64_t ref(const char *fn, enum ty t, uint64_t a, uint64_t b, uint64_t c)
{
    unsigned w = bits_of(t);
    uint64_t m = ty_mask(t);
    i128 x = sval(t, a), y = sval(t, b), z = sval(t, c);

    if (!strcmp(fn, "abs"))
        return (uint64_t)(x < 0 ? -x : x) & m;
    if (!strcmp(fn, "abs_diff"))
        return (uint64_t)(x > y ? x - y : y - x) & m;
    if (!strcmp(fn, "add_sat"))
        return (uint64_t)clamp128(t, x + y) & m;
    if (!strcmp(fn, "sub_sat"))
        return (uint64_t)clamp128(t, x - y) & m;
    if (!strcmp(fn, "hadd"))
        return (uint64_t)half_floor(x + y) & m;
    if (!strcmp(fn, "rhadd"))
        return (uint64_t)half_floor(x + y + 1) & m;
    if (!strcmp(fn, "clamp"))
        return (uint64_t)(x < y ? y : x > z ? z : x) & m;
    if (!strcmp(fn, "clz")) {
        uint64_t v = a & m;
        unsigned n = 0;
        for (int i = (int)w - 1; i >= 0 && !((v >> i) & 1); i--)
            n++;
        return n;
    }
    if (!strcmp(fn, "ctz")) {
        uint64_t v = a & m;
        unsigned n = 0;
        while (n < w && !((v >> n) & 1))
            n++;
        return n;
    }
    if (!strcmp(fn, "popcount")) {
        uint64_t v = a & m;
        unsigned n = 0;
        for (; v; v &= v - 1)
            n++;
        return n;
    }
    if (!strcmp(fn, "mul_hi") || !strcmp(fn, "mad_hi")) {
        i128 p;
        if (ty_info[t].is_signed || w < 64) {
            p = x * y;
            p = w == 64 ? (p >> 64) : (p >> w); /* arithmetic shift of the exact product */
        } else {
            p = (i128)(((unsigned __int128)(uint64_t)x * (uint64_t)y) >> 64);
        }
        if (fn[1] == 'a')
            p += z;
        return (uint64_t)p & m;
    }
    if (!strcmp(fn, "mad_sat")) {
        if (!ty_info[t].is_signed && w == 64) {
            unsigned __int128 p = (unsigned __int128)a * b + c; /* < 2^128 */
            return p >> 64 ? ~0ull : (uint64_t)p;
        }
        return (uint64_t)clamp128(t, x * y + z) & m;
    }
    if (!strcmp(fn, "max"))
        return (uint64_t)(x > y ? x : y) & m;
    if (!strcmp(fn, "min"))
        return (uint64_t)(x < y ? x : y) & m;
    if (!strcmp(fn, "rotate")) {
        unsigned s = (unsigned)(b & (w - 1));
        uint64_t v = a & m;
        return s ? ((v << s) | (v >> (w - s))) & m : v;
    }
    if (!strcmp(fn, "upsample"))
        return ((uint64_t)x << w) | (b & m); /* masked by the caller to 2w bits */
    if (!strcmp(fn, "mul24"))
        return (uint64_t)(x * y) & m;
    if (!strcmp(fn, "mad24"))
        return (uint64_t)(x * y + z) & m;
    return 0;
}

static const struct ibuiltin builtins[] = {
    {"abs", 1, F_UNSIGNED_RESULT},
    {"abs_diff", 2, F_UNSIGNED_RESULT},
    {"add_sat", 2, 0},
    {"sub_sat", 2, 0},
    {"hadd", 2, 0},
    {"rhadd", 2, 0},
    {"clamp", 3, F_SORTED_BC | F_SCALAR_BC},
    {"clz", 1, 0},
    {"ctz", 1, 0},
    {"popcount", 1, 0},
    {"mad_hi", 3, 0},
    {"mad_sat", 3, 0},
    {"max", 2, F_SCALAR_BC},
    {"min", 2, F_SCALAR_BC},
    {"mul_hi", 2, 0},
    {"rotate", 2, 0},
    {"upsample", 2, F_UPSAMPLE | F_NO_64},
    {"mad24", 3, F_ONLY_32},
    {"mul24", 2, F_ONLY_32},
};

/* Interesting values of an integer type: bounds, around them, bit patterns. */
static unsigned edges(enum ty t, uint64_t *v)
{
    unsigned w = bits_of(t), n = 0;
    uint64_t m = ty_mask(t), sign = 1ull << (w - 1);
    const uint64_t pats[] = {0,
                             1,
                             2,
                             3,
                             7,
                             m,
                             m - 1,
                             sign,
                             sign - 1,
                             sign + 1,
                             0x5555555555555555ull,
                             0xaaaaaaaaaaaaaaaaull,
                             1ull << (w / 2),
                             (1ull << (w / 2)) - 1,
                             m ^ 0xf,
                             0x0123456789abcdefull};
    for (unsigned i = 0; i < sizeof(pats) / sizeof(pats[0]); i++)
        v[n++] = pats[i] & m;
    return n;
}

static uint64_t random_of(enum ty t, uint64_t *seed)
{
    uint64_t r = conf_rand(seed), k = conf_rand(seed);
    switch (k & 3) {
    case 0: /* small magnitude */
        r >>= 64 - 1 - (k >> 8) % bits_of(t);
        if (k & 16)
            r = 0 - r;
        break;
    case 1: /* near a bound */
        r = (k & 32 ? ty_mask(t) >> (ty_info[t].is_signed ? 1 : 0) : 0) - (r & 7);
        break;
    default:
        break;
    }
    return r & ty_mask(t);
}

/* Arguments for @b of type @t: edge pairs first, then random values. */
static void make_inputs(const struct ibuiltin *b, enum ty t, void *A, void *B, void *C,
                        uint64_t seed)
{
    uint64_t e[32];
    unsigned ne = edges(t, e);
    for (unsigned i = 0; i < N; i++) {
        uint64_t x, y, z;
        if (i < ne * ne) {
            x = e[i % ne];
            y = e[i / ne];
            z = e[(i * 7 + 3) % ne];
        } else {
            x = random_of(t, &seed);
            y = random_of(t, &seed);
            z = random_of(t, &seed);
        }
        if (b->flags & F_ONLY_32) {
            x &= 0xffffff;
            y &= 0xffffff;
            if (ty_info[t].is_signed) {
                x = (uint64_t)((int64_t)(x << 40) >> 40) & ty_mask(t);
                y = (uint64_t)((int64_t)(y << 40) >> 40) & ty_mask(t);
            }
        }
        if ((b->flags & F_SORTED_BC) && sval(t, y) > sval(t, z)) {
            uint64_t s = y;
            y = z;
            z = s;
        }
        ty_set(t, A, i, x);
        ty_set(t, B, i, y);
        ty_set(t, C, i, z);
    }
}

static enum ty wider(enum ty t)
{
    return (enum ty)(t + 2);
}

static void vec_name(char *buf, size_t size, enum ty t, unsigned wd)
{
    if (wd == 1)
        snprintf(buf, size, "%s", ty_info[t].name);
    else
        snprintf(buf, size, "%s%u", ty_info[t].name, wd);
}

/* One kernel per width: r = fn(a, b, c) over vloadn'd components. */
static const char *builtin_source(struct src *s, const struct ibuiltin *b, enum ty t, enum ty rt,
                                  enum ty bt, bool scalar_bc)
{
    src_reset(s);
    for (unsigned wi = 0; wi < 6; wi++) {
        unsigned wd = conf_widths[wi];
        bool bc = scalar_bc && wd > 1;
        src_add(s,
                "__kernel void k%u(__global const %s *a, __global const %s *b, "
                "__global const %s *c, __global %s *r)\n{\n    size_t i = get_global_id(0);\n",
                wd, ty_info[t].name, ty_info[bt].name, ty_info[t].name, ty_info[rt].name);
        const char *args[3] = {"a", "b", "c"};
        char ex[3][64];
        for (int k = 0; k < 3; k++) {
            if (wd == 1 || (bc && k > 0))
                snprintf(ex[k], sizeof(ex[k]), "%s[i]", args[k]);
            else
                snprintf(ex[k], sizeof(ex[k]), "vload%u(i, %s)", wd, args[k]);
        }
        char call[256];
        if (b->nargs == 1)
            snprintf(call, sizeof(call), "%s(%s)", b->name, ex[0]);
        else if (b->nargs == 2)
            snprintf(call, sizeof(call), "%s(%s, %s)", b->name, ex[0], ex[1]);
        else
            snprintf(call, sizeof(call), "%s(%s, %s, %s)", b->name, ex[0], ex[1], ex[2]);
        if (wd == 1)
            src_add(s, "    r[i] = %s;\n}\n", call);
        else
            src_add(s, "    vstore%u(%s, i, r);\n}\n", wd, call);
    }
    return src_text(s);
}

static void run_builtin(conf_t *t, const char *name)
{
    const struct ibuiltin *b = NULL;
    for (size_t i = 0; i < sizeof(builtins) / sizeof(builtins[0]); i++)
        if (!strcmp(builtins[i].name, name))
            b = &builtins[i];
    if (!b) {
        conf_fail(t, __FILE__, __LINE__, "no builtin %s", name);
        return;
    }
    struct src *s = src_new(t);
    uint64_t *A = malloc(N * 8), *B = malloc(N * 8), *C = malloc(N * 8), *R = malloc(N * 8);
    conf_defer_free(t, A);
    conf_defer_free(t, B);
    conf_defer_free(t, C);
    conf_defer_free(t, R);
    if (!A || !B || !C || !R) {
        conf_fail(t, __FILE__, __LINE__, "out of memory");
        return;
    }
    for (int scalar_bc = 0; scalar_bc < ((b->flags & F_SCALAR_BC) ? 2 : 1); scalar_bc++) {
        for (enum ty ty = TY_CHAR; ty <= TY_ULONG; ty++) {
            if ((b->flags & F_ONLY_32) && ty != TY_INT && ty != TY_UINT)
                continue;
            if ((b->flags & F_NO_64) && ty_info[ty].size == 8)
                continue;
            enum ty rt = (b->flags & F_UNSIGNED_RESULT) ? ty_unsigned(ty)
                         : (b->flags & F_UPSAMPLE)      ? wider(ty)
                                                        : ty;
            enum ty bt = (b->flags & F_UPSAMPLE) ? ty_unsigned(ty) : ty;
            char what[96];
            snprintf(what, sizeof(what), "%s on %s%s", b->name, ty_info[ty].name,
                     scalar_bc ? " with scalar b, c" : "");
            cl_program p = conf_build_src(t, builtin_source(s, b, ty, rt, bt, scalar_bc), what);
            if (!p)
                return;
            make_inputs(b, ty, A, B, C, 0x9e3779b97f4a7c15ull ^ ((uint64_t)ty << 32) ^ N);
            for (unsigned wi = 0; wi < 6; wi++) {
                unsigned wd = conf_widths[wi];
                char kname[16];
                snprintf(kname, sizeof(kname), "k%u", wd);
                memset(R, 0xcd, N * 8);
                struct karg args[4] = {{A, N * ty_info[ty].size, false},
                                       {B, N * ty_info[bt].size, false},
                                       {C, N * ty_info[ty].size, false},
                                       {R, N * ty_info[rt].size, true}};
                t->checks++;
                if (!conf_run_1d(t, p, kname, N / wd, args, 4))
                    return;
                unsigned bad = 0;
                for (unsigned e = 0; e < N; e++) {
                    unsigned bi = scalar_bc && wd > 1 ? e / wd : e;
                    uint64_t x = ty_get(ty, A, e), y = ty_get(bt, B, bi), z = ty_get(ty, C, bi);
                    uint64_t want = ref(b->name, ty, x, y, z) & ty_mask(rt);
                    uint64_t got = ty_get(rt, R, e);
                    if (want == got)
                        continue;
                    if (bad++ < MAX_SHOW) {
                        char vn[16], f[4][64];
                        vec_name(vn, sizeof(vn), ty, wd);
                        conf_fail(t, __FILE__, __LINE__,
                                  "%s(%s%s) element %u: a=%s b=%s c=%s: expected %s, got %s",
                                  b->name, vn, scalar_bc && wd > 1 ? ", scalar" : "", e,
                                  ty_fmt(ty, x, f[0], 64), ty_fmt(bt, y, f[1], 64),
                                  ty_fmt(ty, z, f[2], 64), ty_fmt(rt, want, f[3], 64),
                                  ty_fmt(rt, got, f[0], 64));
                    }
                }
                if (bad > MAX_SHOW)
                    conf_note(t, "%s%u: %u of %u elements differ", ty_info[ty].name, wd, bad, N);
            }
        }
    }
}

#define BUILTIN_TEST(fn)                                                                           \
    static void int_##fn(conf_t *t)                                                                \
    {                                                                                              \
        run_builtin(t, #fn);                                                                       \
    }
BUILTIN_TEST(abs)
BUILTIN_TEST(abs_diff)
BUILTIN_TEST(add_sat)
BUILTIN_TEST(sub_sat)
BUILTIN_TEST(hadd)
BUILTIN_TEST(rhadd)
BUILTIN_TEST(clamp)
BUILTIN_TEST(clz)
BUILTIN_TEST(ctz)
BUILTIN_TEST(popcount)
BUILTIN_TEST(mad_hi)
BUILTIN_TEST(mad_sat)
BUILTIN_TEST(max)
BUILTIN_TEST(min)
BUILTIN_TEST(mul_hi)
BUILTIN_TEST(rotate)
BUILTIN_TEST(upsample)
BUILTIN_TEST(mad24)
BUILTIN_TEST(mul24)

/*
 * shuffle(x, mask) and shuffle2(x, y, mask) for every input and output
 * width of 2, 4, 8, 16 and element types char..double, with masks whose
 * high bits are random: only the low log2(m) (+1 for shuffle2) bits count.
 */
static void run_shuffle(conf_t *t, bool two)
{
    static const unsigned ws[4] = {2, 4, 8, 16};
    struct src *s = src_new(t);
    enum { G = 64 }; /* work-items per run */
    uint64_t *X = malloc(G * 16 * 8), *Y = malloc(G * 16 * 8), *M = malloc(G * 16 * 8),
             *R = malloc(G * 16 * 8);
    conf_defer_free(t, X);
    conf_defer_free(t, Y);
    conf_defer_free(t, M);
    conf_defer_free(t, R);
    if (!X || !Y || !M || !R) {
        conf_fail(t, __FILE__, __LINE__, "out of memory");
        return;
    }
    bool fp64 = conf_has_fp64(t);
    for (enum ty ty = TY_CHAR; ty < TY_COUNT; ty++) {
        if (ty == TY_DOUBLE && !fp64)
            continue;
        enum ty mt = ty_unsigned(ty);
        src_reset(s);
        if (ty == TY_DOUBLE)
            src_add(s, "#pragma OPENCL EXTENSION cl_khr_fp64 : enable\n");
        for (unsigned i = 0; i < 4; i++) {
            for (unsigned o = 0; o < 4; o++) {
                const char *tn = ty_info[ty].name, *mn = ty_info[mt].name;
                src_add(s,
                        "__kernel void s%u_%u(__global const %s *x, __global const %s *y, "
                        "__global const %s *m, __global %s *r)\n{\n"
                        "    size_t i = get_global_id(0);\n",
                        ws[i], ws[o], tn, tn, mn, tn);
                if (two)
                    src_add(s,
                            "    vstore%u(shuffle2(vload%u(i, x), vload%u(i, y), vload%u(i, m)), "
                            "i, r);\n}\n",
                            ws[o], ws[i], ws[i], ws[o]);
                else
                    src_add(s, "    vstore%u(shuffle(vload%u(i, x), vload%u(i, m)), i, r);\n}\n",
                            ws[o], ws[i], ws[o]);
            }
        }
        char what[64];
        snprintf(what, sizeof(what), "%s on %s", two ? "shuffle2" : "shuffle", ty_info[ty].name);
        cl_program p = conf_build_src(t, src_text(s), what);
        if (!p)
            return;
        uint64_t seed = 0x1234567ull + ty;
        for (unsigned e = 0; e < G * 16; e++) {
            ty_set(ty, X, e, conf_rand(&seed));
            ty_set(ty, Y, e, conf_rand(&seed));
            ty_set(mt, M, e, conf_rand(&seed));
        }
        for (unsigned i = 0; i < 4; i++) {
            for (unsigned o = 0; o < 4; o++) {
                unsigned m = ws[i], n = ws[o];
                char kname[16];
                snprintf(kname, sizeof(kname), "s%u_%u", m, n);
                memset(R, 0xcd, G * 16 * 8);
                size_t sz = ty_info[ty].size;
                struct karg args[4] = {{X, G * m * sz, false},
                                       {Y, G * m * sz, false},
                                       {M, G * n * sz, false},
                                       {R, G * n * sz, true}};
                t->checks++;
                if (!conf_run_1d(t, p, kname, G, args, 4))
                    return;
                unsigned bad = 0;
                for (unsigned g = 0; g < G; g++) {
                    for (unsigned k = 0; k < n; k++) {
                        uint64_t mask = ty_get(mt, M, g * n + k);
                        unsigned idx = (unsigned)(mask & ((two ? 2 * m : m) - 1));
                        uint64_t want =
                            idx < m ? ty_get(ty, X, g * m + idx) : ty_get(ty, Y, g * m + idx - m);
                        uint64_t got = ty_get(ty, R, g * n + k);
                        if (want != got && bad++ < MAX_SHOW) {
                            char f[3][64];
                            conf_fail(t, __FILE__, __LINE__,
                                      "%s(%s%u -> %s%u) item %u component %u: mask %s: expected "
                                      "%s, got %s",
                                      two ? "shuffle2" : "shuffle", ty_info[ty].name, m,
                                      ty_info[ty].name, n, g, k, ty_fmt(mt, mask, f[0], 64),
                                      ty_fmt(ty, want, f[1], 64), ty_fmt(ty, got, f[2], 64));
                        }
                    }
                }
            }
        }
    }
}

static void int_shuffle(conf_t *t)
{
    run_shuffle(t, false);
}

static void int_shuffle2(conf_t *t)
{
    run_shuffle(t, true);
}

/*
 * The operators at every width: wraparound, shifts by the count modulo the
 * width, compares giving 1 (scalars) or -1 (vector components), the vector
 * ternary selecting by the condition's sign bit, and division by zero
 * running without a trap (its value is undefined and not checked).
 */
static const char *const ops[] = {"a + b",  "a - b", "a * b",         "a / b", "a % b", "a << b",
                                  "a >> b", "a & b", "a | b",         "a ^ b", "~a",    "-a",
                                  "a == b", "a < b", "a < b ? a : b", "a >= b"};
#define NOPS (sizeof(ops) / sizeof(ops[0]))

/* The expected value of op @o, false where it is undefined. */
static bool op_ref(unsigned o, enum ty t, unsigned wd, uint64_t a, uint64_t b, uint64_t *out)
{
    unsigned w = bits_of(t);
    uint64_t m = ty_mask(t);
    i128 x = sval(t, a), y = sval(t, b);
    uint64_t tru = wd > 1 ? m : 1;
    /* Scalars shift after promotion to int: the count is taken modulo 32 for char and short. */
    unsigned sw = wd == 1 && w < 32 ? 32 : w;
    switch (o) {
    case 0:
        *out = (a + b) & m;
        return true;
    case 1:
        *out = (a - b) & m;
        return true;
    case 2:
        *out = (a * b) & m;
        return true;
    case 3:
    case 4:
        if (y == 0 || (ty_info[t].is_signed && y == -1))
            return false;
        *out = (uint64_t)(o == 3 ? x / y : x % y) & m;
        return true;
    case 5:
        *out = (a << (b & (sw - 1))) & m;
        return true;
    case 6:
        *out = (uint64_t)(x >> (b & (sw - 1))) & m;
        return true;
    case 7:
        *out = a & b;
        return true;
    case 8:
        *out = a | b;
        return true;
    case 9:
        *out = a ^ b;
        return true;
    case 10:
        *out = ~a & m;
        return true;
    case 11:
        *out = (0 - a) & m;
        return true;
    case 12:
        *out = x == y ? tru : 0;
        return true;
    case 13:
        *out = x < y ? tru : 0;
        return true;
    case 14:
        *out = x < y ? a : b;
        return true;
    default:
        *out = x >= y ? tru : 0;
        return true;
    }
}

static void int_operators(conf_t *t)
{
    struct src *s = src_new(t);
    uint64_t *A = malloc(N * 8), *B = malloc(N * 8), *R = malloc(NOPS * N * 8);
    conf_defer_free(t, A);
    conf_defer_free(t, B);
    conf_defer_free(t, R);
    if (!A || !B || !R) {
        conf_fail(t, __FILE__, __LINE__, "out of memory");
        return;
    }
    for (enum ty ty = TY_CHAR; ty <= TY_ULONG; ty++) {
        const char *tn = ty_info[ty].name;
        src_reset(s);
        for (unsigned wi = 0; wi < 6; wi++) {
            unsigned wd = conf_widths[wi];
            src_add(s,
                    "__kernel void k%u(__global const %s *pa, __global const %s *pb, __global %s "
                    "*r)\n{\n    size_t i = get_global_id(0);\n",
                    wd, tn, tn, tn);
            if (wd == 1) {
                src_add(s, "    %s a = pa[i], b = pb[i];\n", tn);
                for (unsigned o = 0; o < NOPS; o++)
                    src_add(s, "    r[%u + i] = (%s)(%s);\n", o * N, tn, ops[o]);
            } else {
                src_add(s, "    %s%u a = vload%u(i, pa), b = vload%u(i, pb);\n", tn, wd, wd, wd);
                for (unsigned o = 0; o < NOPS; o++)
                    src_add(s, "    vstore%u(as_%s%u(%s), i, r + %u);\n", wd, tn, wd, ops[o],
                            o * N);
            }
            src_add(s, "}\n");
        }
        char what[64];
        snprintf(what, sizeof(what), "operators on %s", tn);
        cl_program p = conf_build_src(t, src_text(s), what);
        if (!p)
            return;
        struct ibuiltin none = {"", 2, 0};
        uint64_t *C = R; /* scratch for the unused third input */
        make_inputs(&none, ty, A, B, C, 0xabcdef ^ ty);
        for (unsigned wi = 0; wi < 6; wi++) {
            unsigned wd = conf_widths[wi];
            char kname[16];
            snprintf(kname, sizeof(kname), "k%u", wd);
            memset(R, 0xcd, NOPS * N * 8);
            size_t sz = ty_info[ty].size;
            struct karg args[3] = {
                {A, N * sz, false}, {B, N * sz, false}, {R, NOPS * N * sz, true}};
            t->checks++;
            if (!conf_run_1d(t, p, kname, N / wd, args, 3))
                return;
            unsigned bad = 0;
            for (unsigned o = 0; o < NOPS; o++) {
                for (unsigned e = 0; e < N; e++) {
                    uint64_t x = ty_get(ty, A, e), y = ty_get(ty, B, e), want;
                    uint64_t got = ty_get(ty, R, o * N + e);
                    if (!op_ref(o, ty, wd, x, y, &want) || want == got)
                        continue;
                    if (bad++ < MAX_SHOW) {
                        char vn[16], f[4][64];
                        vec_name(vn, sizeof(vn), ty, wd);
                        conf_fail(t, __FILE__, __LINE__,
                                  "%s on %s element %u: a=%s b=%s: expected %s, got %s", ops[o], vn,
                                  e, ty_fmt(ty, x, f[0], 64), ty_fmt(ty, y, f[1], 64),
                                  ty_fmt(ty, want, f[2], 64), ty_fmt(ty, got, f[3], 64));
                    }
                }
            }
        }
    }
}

static const struct conf_test tests[] = {
    CONF_TEST(int_abs),       CONF_TEST(int_abs_diff), CONF_TEST(int_add_sat),
    CONF_TEST(int_sub_sat),   CONF_TEST(int_hadd),     CONF_TEST(int_rhadd),
    CONF_TEST(int_clamp),     CONF_TEST(int_clz),      CONF_TEST(int_ctz),
    CONF_TEST(int_popcount),  CONF_TEST(int_mad_hi),   CONF_TEST(int_mad_sat),
    CONF_TEST(int_max),       CONF_TEST(int_min),      CONF_TEST(int_mul_hi),
    CONF_TEST(int_rotate),    CONF_TEST(int_upsample), CONF_TEST(int_mad24),
    CONF_TEST(int_mul24),     CONF_TEST(int_shuffle),  CONF_TEST(int_shuffle2),
    CONF_TEST(int_operators),
};

CONF_CATEGORY_TIMEOUT(conf_cat_integer, "integer",
                      "integer built-ins, shuffles and operators at every type and vector width",
                      tests, 600);
