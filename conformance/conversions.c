/*
 * conversions: every explicit conversion convert_<dst>[_sat][_rte|_rtz|
 * _rtp|_rtn] between char, uchar, short, ushort, int, uint, long, ulong,
 * float and double, scalar and vectors of 2, 3, 4, 8 and 16 (in the style
 * of the Khronos CTS conversions test). Inputs are edge values (zeros,
 * +-1, halves, every type's bounds and their neighbours, values around
 * 2^24, 2^53, 2^63 and 2^64, NaN, infinities, denormals) and a few
 * thousand random ones; results are compared bit for bit with a host
 * reference: the host FPU in the conversion's rounding mode (fesetround,
 * this file is built with -frounding-math) and exact range checks. Float
 * to integer without _sat is implementation-defined out of range and for
 * NaN: those elements only have to run (no trap), their values are not
 * checked. A NaN result may be any NaN.
 */
#include <fenv.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "typed.h"

#define N        4032 /* elements per run: a multiple of 3 and 16 */
#define MAX_SHOW 6    /* failing elements printed per kernel and variant */

static const char *const mode_suffix[5] = {"", "_rte", "_rtz", "_rtp", "_rtn"};
static const int mode_fenv[5] = {FE_TONEAREST, FE_TONEAREST, FE_TOWARDZERO, FE_UPWARD, FE_DOWNWARD};

/* Value of the source element as a double (exact for float and double sources). */
static double fval(enum ty t, uint64_t x)
{
    return t == TY_FLOAT ? f32_of(x) : f64_of(x);
}

/*
 * The expected bits of convert_<d>[_sat]<mode>(x of type s); false where
 * the result is implementation-defined.
 */
static bool ref_cvt(enum ty s, enum ty d, bool sat, int mode, uint64_t x, uint64_t *out)
{
    const struct ty_info *si = &ty_info[s], *di = &ty_info[d];
    unsigned dw = 8 * di->size;

    if (!si->is_float && !di->is_float) {
        __int128 v = si->is_signed ? (__int128)ty_sext(s, x) : (__int128)(x & ty_mask(s));
        if (sat) {
            __int128 lo = di->is_signed ? -((__int128)1 << (dw - 1)) : 0;
            __int128 hi = di->is_signed ? ((__int128)1 << (dw - 1)) - 1 : ((__int128)1 << dw) - 1;
            v = v < lo ? lo : v > hi ? hi : v;
        }
        *out = (uint64_t)v & ty_mask(d);
        return true;
    }
    if (!si->is_float) {
        /* The host converts in the current rounding mode (cvtsi2ss/sd and the unsigned
         * sequence built on them both honour it). */
        volatile int64_t sv = ty_sext(s, x);
        volatile uint64_t uv = x & ty_mask(s);
        fesetround(mode_fenv[mode]);
        if (d == TY_FLOAT) {
            volatile float f = si->is_signed ? (float)sv : (float)uv;
            *out = bits_f32(f);
        } else {
            volatile double f = si->is_signed ? (double)sv : (double)uv;
            *out = bits_f64(f);
        }
        fesetround(FE_TONEAREST);
        return true;
    }
    volatile double v = fval(s, x);
    if (di->is_float) {
        if (d == TY_DOUBLE) {
            *out = bits_f64(v); /* float -> double is exact */
        } else if (s == TY_FLOAT) {
            *out = x & 0xffffffffu;
        } else {
            fesetround(mode_fenv[mode]);
            volatile float f = (float)v;
            fesetround(FE_TONEAREST);
            *out = bits_f32(f);
        }
        return true;
    }
    if (isnan(v)) {
        *out = 0;
        return sat;
    }
    double r;
    switch (mode) {
    case 1:
        r = nearbyint(v); /* in FE_TONEAREST: ties to even */
        break;
    case 3:
        r = ceil(v);
        break;
    case 4:
        r = floor(v);
        break;
    default:
        r = trunc(v);
        break;
    }
    double lo = di->is_signed ? -ldexp(1, (int)dw - 1) : 0;
    double hi1 = ldexp(1, di->is_signed ? (int)dw - 1 : (int)dw); /* one above the maximum */
    if (r >= lo && r < hi1) {
        *out = (di->is_signed ? (uint64_t)(int64_t)r : (uint64_t)r) & ty_mask(d);
        return true;
    }
    if (!sat)
        return false;
    if (r < lo)
        *out = (uint64_t)(int64_t)lo & ty_mask(d);
    else
        *out = di->is_signed ? ty_mask(d) >> 1 : ty_mask(d);
    return true;
}

static bool is_nan_bits(enum ty t, uint64_t b)
{
    if (t == TY_FLOAT)
        return (b & 0x7fffffffu) > 0x7f800000u;
    if (t == TY_DOUBLE)
        return (b & 0x7fffffffffffffffull) > 0x7ff0000000000000ull;
    return false;
}

static bool is_denormal_bits(enum ty t, uint64_t b)
{
    if (t == TY_FLOAT)
        return (b & 0x7f800000u) == 0 && (b & 0x7fffffu);
    if (t == TY_DOUBLE)
        return (b & 0x7ff0000000000000ull) == 0 && (b & 0xfffffffffffffull);
    return false;
}

static uint64_t signed_zero(enum ty t, uint64_t b)
{
    return t == TY_FLOAT ? b & 0x80000000u : t == TY_DOUBLE ? b & (1ull << 63) : 0;
}

/* Edge inputs of type @t into @v (at most @max); returns the count. */
static unsigned edge_inputs(enum ty t, uint64_t *v, unsigned max)
{
    unsigned n = 0;
#define PUT(x)                                                                                     \
    do {                                                                                           \
        if (n < max)                                                                               \
            v[n++] = (x);                                                                          \
    } while (0)
    if (!ty_info[t].is_float) {
        /* Every bound of every integer type and its neighbours, powers of two around float
         * precision, and values whose conversion to float is a tie. */
        static const int pw[] = {7, 8, 15, 16, 24, 25, 31, 32, 53, 54, 63};
        PUT(0);
        PUT(1);
        PUT(2);
        PUT(3);
        for (unsigned i = 0; i < sizeof(pw) / sizeof(pw[0]); i++) {
            uint64_t p = 1ull << pw[i];
            for (int k = -3; k <= 3; k++) {
                PUT((p + (uint64_t)(int64_t)k) & ty_mask(t));
                PUT((0 - p + (uint64_t)(int64_t)k) & ty_mask(t));
            }
        }
        for (int k = 0; k < 4; k++) {
            PUT((~0ull - (uint64_t)k) & ty_mask(t));
            PUT((0x8000000000000000ull + (uint64_t)k) & ty_mask(t));
            PUT((0x7fffffffffffffffull - (uint64_t)k) & ty_mask(t));
        }
        /* Ties and near-ties for float (24 bits) and double (53 bits). */
        PUT(0x1000001ull & ty_mask(t));
        PUT(0x1000003ull & ty_mask(t));
        PUT(0x20000000000001ull & ty_mask(t));
        PUT(0x20000000000003ull & ty_mask(t));
        PUT(0xffffff8000000000ull & ty_mask(t));
        PUT(0xfffffffffffffc00ull & ty_mask(t));
        PUT(0x7fffffc000000000ull & ty_mask(t));
        PUT(0x7ffffffffffffe00ull & ty_mask(t));
        PUT(0x8000008000000000ull & ty_mask(t));
        PUT(0x8000000000000400ull & ty_mask(t));
        return n;
    }
    static const double base[] = {0.0,
                                  0.5,
                                  1.0,
                                  1.5,
                                  2.5,
                                  3.5,
                                  126.5,
                                  127.0,
                                  127.5,
                                  128.0,
                                  128.5,
                                  255.0,
                                  255.5,
                                  256.0,
                                  32767.0,
                                  32767.5,
                                  32768.0,
                                  32768.5,
                                  65535.0,
                                  65535.5,
                                  65536.0,
                                  16777216.0,
                                  16777217.0,
                                  2147483647.0,
                                  2147483647.5,
                                  2147483648.0,
                                  4294967295.0,
                                  4294967295.5,
                                  4294967296.0,
                                  9007199254740992.0,
                                  9007199254740993.0,
                                  9223372036854775808.0,
                                  18446744073709551616.0,
                                  1.0 + 0x1p-24,
                                  1.0 + 0x1p-24 + 0x1p-52,
                                  0x1p-126,
                                  0x1p-149,
                                  0x1p-150,
                                  0x3p-151,
                                  0x1.fffffcp-127,
                                  FLT_MAX,
                                  0x1.ffffffp127,
                                  DBL_MIN,
                                  0x1p-1074,
                                  DBL_MAX};
    for (unsigned i = 0; i < sizeof(base) / sizeof(base[0]); i++) {
        for (int sgn = 0; sgn < 2; sgn++) {
            double b = sgn ? -base[i] : base[i];
            if (t == TY_FLOAT) {
                float f = (float)b;
                if (isinf(f))
                    continue;
                PUT(bits_f32(f));
                PUT(bits_f32(nextafterf(f, INFINITY)));
                PUT(bits_f32(nextafterf(f, -INFINITY)));
            } else {
                PUT(bits_f64(b));
                PUT(bits_f64(nextafter(b, INFINITY)));
                PUT(bits_f64(nextafter(b, -INFINITY)));
            }
        }
    }
    if (t == TY_FLOAT) {
        PUT(0x7f800000u);
        PUT(0xff800000u);
        PUT(0x7fc00000u);
        PUT(0xffc00000u);
        PUT(0x7f800001u);
        PUT(0x7fffffffu);
    } else {
        PUT(0x7ff0000000000000ull);
        PUT(0xfff0000000000000ull);
        PUT(0x7ff8000000000000ull);
        PUT(0xfff8000000000000ull);
        PUT(0x7ff0000000000001ull);
        PUT(0x7fffffffffffffffull);
    }
#undef PUT
    return n;
}

static uint64_t random_input(enum ty t, uint64_t *seed)
{
    uint64_t r = conf_rand(seed), k = conf_rand(seed);
    if (!ty_info[t].is_float) {
        if (k & 1)
            r >>= (k >> 8) % 64; /* every magnitude */
        if (k & 2)
            r = 0 - r;
        return r & ty_mask(t);
    }
    switch (k % 3) {
    case 0: /* any bit pattern */
        return r & ty_mask(t);
    case 1: { /* a value in (or just past) some integer type's range */
        double v = (double)(int64_t)r / ldexp(1, (int)((k >> 8) % 64));
        return t == TY_FLOAT ? bits_f32((float)v) : bits_f64(v);
    }
    default: { /* a half-way value k + 0.5 */
        double v = (double)((int64_t)r >> ((k >> 8) % 60 + 4)) + 0.5;
        return t == TY_FLOAT ? bits_f32((float)v) : bits_f64(v);
    }
    }
}

static void vec_type(char *buf, size_t size, enum ty t, unsigned wd)
{
    if (wd == 1)
        snprintf(buf, size, "%s", ty_info[t].name);
    else
        snprintf(buf, size, "%s%u", ty_info[t].name, wd);
}

/* Variant v of a conversion to @d: rounding mode v % 5, saturated if v >= 5. */
static unsigned nvariants(enum ty d)
{
    return ty_info[d].is_float ? 5 : 10;
}

static const char *pair_source(struct src *s, enum ty st, enum ty dt)
{
    src_reset(s);
    if (st == TY_DOUBLE || dt == TY_DOUBLE)
        src_add(s, "#pragma OPENCL EXTENSION cl_khr_fp64 : enable\n");
    for (unsigned wi = 0; wi < 6; wi++) {
        unsigned wd = conf_widths[wi];
        char sv[16], dv[16];
        vec_type(sv, sizeof(sv), st, wd);
        vec_type(dv, sizeof(dv), dt, wd);
        src_add(s,
                "__kernel void c%u(__global const %s *in, __global %s *out)\n{\n"
                "    size_t i = get_global_id(0);\n",
                wd, ty_info[st].name, ty_info[dt].name);
        if (wd == 1)
            src_add(s, "    %s v = in[i];\n", sv);
        else
            src_add(s, "    %s v = vload%u(i, in);\n", sv, wd);
        for (unsigned v = 0; v < nvariants(dt); v++) {
            const char *sat = v >= 5 ? "_sat" : "";
            if (wd == 1)
                src_add(s, "    out[%u + i] = convert_%s%s%s(v);\n", v * N, dv, sat,
                        mode_suffix[v % 5]);
            else
                src_add(s, "    vstore%u(convert_%s%s%s(v), i, out + %u);\n", wd, dv, sat,
                        mode_suffix[v % 5], v * N);
        }
        src_add(s, "}\n");
    }
    return src_text(s);
}

static bool matches(enum ty st, enum ty dt, bool sat, int mode, uint64_t x, uint64_t got,
                    bool denorm)
{
    uint64_t want;
    if (!ref_cvt(st, dt, sat, mode, x, &want))
        return true;
    if (ty_info[dt].is_float && is_nan_bits(dt, want))
        return is_nan_bits(dt, got);
    if (want == got)
        return true;
    if (denorm)
        return false;
    /* Without denormal support a denormal input may read as zero and a denormal result may
     * be flushed to zero. */
    if (is_denormal_bits(dt, want) && got == signed_zero(dt, want))
        return true;
    if (is_denormal_bits(st, x) && ref_cvt(st, dt, sat, mode, signed_zero(st, x), &want))
        return want == got;
    return false;
}

static void conversions_from(conf_t *t, enum ty st)
{
    bool fp64 = conf_has_fp64(t);
    if (st == TY_DOUBLE && !fp64)
        SKIP("the device does not support double");
    cl_device_fp_config sc = 0, dc = 0;
    clGetDeviceInfo(t->device, CL_DEVICE_SINGLE_FP_CONFIG, sizeof(sc), &sc, NULL);
    if (fp64)
        clGetDeviceInfo(t->device, CL_DEVICE_DOUBLE_FP_CONFIG, sizeof(dc), &dc, NULL);

    struct src *s = src_new(t);
    uint64_t *in = malloc(N * 8), *out = malloc(10 * N * 8);
    conf_defer_free(t, in);
    conf_defer_free(t, out);
    if (!in || !out) {
        conf_fail(t, __FILE__, __LINE__, "out of memory");
        return;
    }
    uint64_t e[1024];
    unsigned ne = edge_inputs(st, e, 1024);
    uint64_t seed = 0x243f6a8885a308d3ull ^ (uint64_t)st;
    for (unsigned i = 0; i < N; i++)
        ty_set(st, in, i, i < ne ? e[i] : random_input(st, &seed));
    unsigned skipped_double = 0;

    for (enum ty dt = TY_CHAR; dt < TY_COUNT; dt++) {
        if (dt == TY_DOUBLE && !fp64) {
            skipped_double++;
            continue;
        }
        bool denorm = true;
        if (st == TY_FLOAT || dt == TY_FLOAT)
            denorm = denorm && (sc & CL_FP_DENORM);
        if (st == TY_DOUBLE || dt == TY_DOUBLE)
            denorm = denorm && (dc & CL_FP_DENORM);
        char what[64];
        snprintf(what, sizeof(what), "convert %s to %s", ty_info[st].name, ty_info[dt].name);
        cl_program p = conf_build_src(t, pair_source(s, st, dt), what);
        if (!p)
            return;
        unsigned nv = nvariants(dt);
        for (unsigned wi = 0; wi < 6; wi++) {
            unsigned wd = conf_widths[wi];
            char kname[16];
            snprintf(kname, sizeof(kname), "c%u", wd);
            memset(out, 0xcd, nv * N * ty_info[dt].size);
            struct karg args[2] = {{in, N * ty_info[st].size, false},
                                   {out, nv * N * ty_info[dt].size, true}};
            t->checks++;
            if (!conf_run_1d(t, p, kname, N / wd, args, 2))
                return;
            for (unsigned v = 0; v < nv; v++) {
                bool sat = v >= 5;
                unsigned bad = 0;
                for (unsigned i = 0; i < N; i++) {
                    uint64_t x = ty_get(st, in, i), got = ty_get(dt, out, v * N + i), want = 0;
                    if (matches(st, dt, sat, (int)(v % 5), x, got, denorm))
                        continue;
                    ref_cvt(st, dt, sat, (int)(v % 5), x, &want);
                    if (bad++ < MAX_SHOW) {
                        char sv[16], dv[16], f[3][64];
                        vec_type(sv, sizeof(sv), st, wd);
                        vec_type(dv, sizeof(dv), dt, wd);
                        conf_fail(t, __FILE__, __LINE__,
                                  "convert_%s%s%s(%s) element %u: input %s: expected %s, got %s",
                                  dv, sat ? "_sat" : "", mode_suffix[v % 5], sv, i,
                                  ty_fmt(st, x, f[0], 64), ty_fmt(dt, want, f[1], 64),
                                  ty_fmt(dt, got, f[2], 64));
                    }
                }
                if (bad > MAX_SHOW)
                    conf_note(t, "convert_%s%u%s%s: %u of %u elements differ", ty_info[dt].name, wd,
                              sat ? "_sat" : "", mode_suffix[v % 5], bad, N);
            }
        }
    }
    if (skipped_double)
        conf_note(t, "conversions to double not run: the device does not support double");
}

#define FROM_TEST(T, E)                                                                            \
    static void conv_from_##T(conf_t *t)                                                           \
    {                                                                                              \
        conversions_from(t, E);                                                                    \
    }
FROM_TEST(char, TY_CHAR)
FROM_TEST(uchar, TY_UCHAR)
FROM_TEST(short, TY_SHORT)
FROM_TEST(ushort, TY_USHORT)
FROM_TEST(int, TY_INT)
FROM_TEST(uint, TY_UINT)
FROM_TEST(long, TY_LONG)
FROM_TEST(ulong, TY_ULONG)
FROM_TEST(float, TY_FLOAT)
FROM_TEST(double, TY_DOUBLE)

/*
 * Implicit conversions and casts follow the same rules as the default
 * convert_ (round to nearest even to float, toward zero to integer): one
 * kernel with C casts checked against convert_ on the same inputs.
 */
static void conv_casts(conf_t *t)
{
    static const char src[] =
        "__kernel void k(__global const long *l, __global const float *f, __global float *of,\n"
        "                __global int *oi, __global uchar *ou)\n"
        "{\n"
        "    size_t i = get_global_id(0);\n"
        "    of[i] = (float)l[i];\n"
        "    oi[i] = (int)f[i];\n"
        "    ou[i] = (uchar)l[i];\n"
        "}\n";
    enum { G = 256 };
    int64_t l[G];
    float f[G], of[G];
    int32_t oi[G];
    uint8_t ou[G];
    uint64_t seed = 77;
    for (unsigned i = 0; i < G; i++) {
        l[i] = (int64_t)conf_rand(&seed) >> (i % 64);
        f[i] = (float)((double)((int32_t)conf_rand(&seed) >> 1) / (double)(1u << (i % 24)));
    }
    cl_program p = conf_build_src(t, src, "casts");
    if (!p)
        return;
    struct karg args[5] = {{l, sizeof(l), false},
                           {f, sizeof(f), false},
                           {of, sizeof(of), true},
                           {oi, sizeof(oi), true},
                           {ou, sizeof(ou), true}};
    if (!conf_run_1d(t, p, "k", G, args, 5))
        return;
    for (unsigned i = 0; i < G; i++) {
        uint64_t want = 0;
        ref_cvt(TY_LONG, TY_FLOAT, false, 0, (uint64_t)l[i], &want);
        CHECK_EQ_U(want, bits_f32(of[i]));
        ref_cvt(TY_FLOAT, TY_INT, false, 0, bits_f32(f[i]), &want);
        CHECK_EQ_U(want, (uint32_t)oi[i]);
        CHECK_EQ_U((uint64_t)l[i] & 0xff, ou[i]);
    }
}

static const struct conf_test tests[] = {
    CONF_TEST(conv_from_char),   CONF_TEST(conv_from_uchar), CONF_TEST(conv_from_short),
    CONF_TEST(conv_from_ushort), CONF_TEST(conv_from_int),   CONF_TEST(conv_from_uint),
    CONF_TEST(conv_from_long),   CONF_TEST(conv_from_ulong), CONF_TEST(conv_from_float),
    CONF_TEST(conv_from_double), CONF_TEST(conv_casts),
};

CONF_CATEGORY_TIMEOUT(
    conf_cat_conversions, "conversions",
    "convert_<type>[_sat][_rounding] between all scalar types at every vector width", tests, 600);
