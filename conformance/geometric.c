/*
 * geometric: dot, cross (3 and 4 components), distance, length, normalize
 * for float and double and fast_distance, fast_length, fast_normalize for
 * float, widths 1-4, against long double host references. Bounds are the
 * full-profile table of the OpenCL environment specification: dot within
 * max * max * (2n - 1) * EPSILON and each cross component within
 * max * max * 3 * EPSILON absolute (max: the largest input magnitude),
 * distance 2.5 + 2n ulp (double 5.5 + 2n), length 2.75 + 0.5n (double
 * 5.5 + n), normalize 2 + n (double 4.5 + n) per component; the fast_
 * functions, defined through half_sqrt/half_rsqrt, within 8192 ulp on inputs
 * whose sum of squares is a normal number, as their definition requires.
 * length, distance and normalize are also checked on vectors whose squares
 * overflow or underflow (components near the largest and in the denormal
 * range): the results are representable, so the bounds apply there too. The
 * special cases of normalize are checked: a zero vector is returned as is,
 * any NaN gives NaNs, infinite components act as ±1 and the others as 0.
 */
#include "fpcheck.h"
#include "typed.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N        1920 /* components per run: a multiple of 1, 2, 3 and 4 */
#define MAX_SHOW 6

enum gfn { G_DOT, G_CROSS, G_DISTANCE, G_LENGTH, G_NORMALIZE, G_FDIST, G_FLEN, G_FNORM, G_COUNT };

static const char *const gnames[G_COUNT] = {
    "dot",       "cross",         "distance",    "length",
    "normalize", "fast_distance", "fast_length", "fast_normalize",
};

static bool returns_vector(enum gfn f)
{
    return f == G_CROSS || f == G_NORMALIZE || f == G_FNORM;
}

static bool two_args(enum gfn f)
{
    return f == G_DOT || f == G_CROSS || f == G_DISTANCE || f == G_FDIST;
}

/* The ulp bound of the ulp-checked functions for width @n. */
static double ulp_bound(enum gfn f, enum fp_type ft, unsigned n)
{
    bool d = ft == FP_F64;
    switch (f) {
    case G_DISTANCE:
        return (d ? 5.5 : 2.5) + 2.0 * n;
    case G_LENGTH:
        return d ? 5.5 + n : 2.75 + 0.5 * n;
    case G_NORMALIZE:
        return (d ? 4.5 : 2.0) + n;
    default:
        return 8192.0 + n; /* the fast_ functions: half_sqrt / half_rsqrt accuracy */
    }
}

/* How the components of vector @v are scaled: huge and tiny vectors only for the functions
 * that must not overflow or underflow in between. */
static long double vec_scale(enum gfn f, enum fp_type ft, size_t v)
{
    if (f != G_DISTANCE && f != G_LENGTH && f != G_NORMALIZE)
        return 1.0L;
    switch (v % 8) {
    case 0:
        return ft == FP_F32 ? 0x1p117L : 0x1p1013L; /* squares overflow */
    case 1:
        return ft == FP_F32 ? 0x1p-140L : 0x1p-1060L; /* denormal components */
    case 2:
        return ft == FP_F32 ? 0x1p-70L : 0x1p-530L; /* squares underflow */
    default:
        return 1.0L;
    }
}

static void make_inputs(enum gfn f, enum fp_type ft, unsigned w, void *a, void *b, uint64_t seed)
{
    uint64_t st = seed;
    size_t nv = N / w;
    for (size_t v = 0; v < nv; v++) {
        long double sc = vec_scale(f, ft, v);
        int e = (int)(fp_rand(&st) % 21) - 10;
        for (unsigned k = 0; k < w; k++) {
            size_t i = v * w + k;
            long double x = fp_uniform(ft, &st, -4, 4), y = fp_uniform(ft, &st, -4, 4);
            if (fp_rand(&st) % 7 == 0)
                x = 0;                        /* zero components */
            if (f == G_DISTANCE && v % 8 < 3) /* the difference must stay representable */
                y = fp_round(ft, x * 0.75L);
            fp_store(ft, a, i, ldexpl(x, e) * sc);
            fp_store(ft, b, i, ldexpl(y, e) * sc);
        }
    }
    /* special vectors at the end (whole vectors, for every width) */
    if (f == G_NORMALIZE || f == G_LENGTH) {
        const long double inf = INFINITY;
        const long double specials[][4] = {
            {0, 0, 0, 0},   {-0.0L, 0, -0.0L, 0}, {NAN, 1, 2, 3},    {1, NAN, 0, 0},
            {inf, 2, 3, 4}, {-inf, 0, 0, 0},      {3, -inf, inf, 1}, {0, 0, 0, inf},
        };
        size_t ns = sizeof(specials) / sizeof(specials[0]);
        for (size_t s = 0; s < ns; s++) {
            size_t v = nv - 1 - s;
            for (unsigned k = 0; k < w; k++)
                fp_store(ft, a, v * w + k, specials[s][(k + (w < 4 ? s : 0)) % 4]);
        }
    }
}

static void gm_run(conf_t *t, enum ty et)
{
    if (et == TY_DOUBLE && !conf_has_fp64(t))
        SKIP("device lacks double support");
    enum fp_type ft = et == TY_DOUBLE ? FP_F64 : FP_F32;
    const char *tn = ty_info[et].name;
    size_t es = ty_info[et].size;
    long double eps = ft == FP_F32 ? FLT_EPSILON : DBL_EPSILON;
    unsigned nf = ft == FP_F32 ? G_COUNT : G_FDIST; /* fast_ are float only */
    struct src *s = src_new(t);
    if (et == TY_DOUBLE)
        src_add(s, "#pragma OPENCL EXTENSION cl_khr_fp64 : enable\n");
    for (unsigned f = 0; f < nf; f++)
        for (unsigned w = 1; w <= 4; w++) {
            if (f == G_CROSS && w < 3)
                continue;
            char tw[16];
            snprintf(tw, sizeof(tw), w > 1 ? "%s%u" : "%s", tn, w);
            src_add(s,
                    "kernel void k%u_%u(global const %s *a, global const %s *b, global %s *r)\n"
                    "{\n    size_t i = get_global_id(0);\n",
                    f, w, tn, tn, tn);
            if (w == 1)
                src_add(s, "    %s x = a[i], y = b[i];\n", tw);
            else
                src_add(s, "    %s x = vload%u(i, a), y = vload%u(i, b);\n", tw, w, w);
            char call[64];
            snprintf(call, sizeof(call), two_args(f) ? "%s(x, y)" : "%s(x)", gnames[f]);
            if (returns_vector((enum gfn)f) && w > 1)
                src_add(s, "    (void)y;\n    vstore%u(%s, i, r);\n}\n", w, call);
            else
                src_add(s, "    (void)y;\n    r[i] = %s;\n}\n", call);
        }
    cl_program p = conf_build_src(t, src_text(s), "geometric functions");
    if (!p)
        return;
    void *a = calloc(N, es), *b = calloc(N, es), *r = calloc(N, es);
    if (!a || !b || !r)
        abort();
    char line[1024];
    size_t len = (size_t)snprintf(line, sizeof(line),
                                  "max error (%s, ulp; dot/cross: in units of "
                                  "the bound):",
                                  tn);
    for (unsigned f = 0; f < nf; f++) {
        unsigned shown = 0;
        double maxerr = 0;
        for (unsigned w = 1; w <= 4; w++) {
            if (f == G_CROSS && w < 3)
                continue;
            make_inputs((enum gfn)f, ft, w, a, b, 0x9e0 + f * 131 + w * 7 + et);
            char kname[32];
            snprintf(kname, sizeof(kname), "k%u_%u", f, w);
            struct karg args[3] = {{a, N * es, false}, {b, N * es, false}, {r, N * es, true}};
            memset(r, 0x7b, N * es);
            t->checks++;
            if (!conf_run_1d(t, p, kname, N / w, args, 3))
                goto out;
            for (size_t v = 0; v < N / w; v++) {
                long double x[4] = {0}, y[4] = {0}, want[4] = {0}, got[4] = {0}, mx = 0;
                bool has_nan = false, has_inf = false;
                unsigned nout = returns_vector((enum gfn)f) ? w : 1;
                for (unsigned k = 0; k < w; k++) {
                    x[k] = fp_load(ft, a, v * w + k);
                    y[k] = fp_load(ft, b, v * w + k);
                    mx = fmaxl(mx, fmaxl(fabsl(x[k]), fabsl(y[k])));
                    has_nan |= isnan(x[k]);
                    has_inf |= isinf(x[k]);
                }
                for (unsigned k = 0; k < nout; k++)
                    got[k] = fp_load(ft, r, nout == 1 ? v : v * w + k);
                long double ss = 0, dd = 0, dot = 0;
                for (unsigned k = 0; k < w; k++) {
                    ss += x[k] * x[k];
                    dd += (x[k] - y[k]) * (x[k] - y[k]);
                    dot += x[k] * y[k];
                }
                double bound = ulp_bound((enum gfn)f, ft, w);
                bool abs_check = f == G_DOT || f == G_CROSS;
                long double tol = 0;
                switch (f) {
                case G_DOT:
                    want[0] = dot;
                    tol = mx * mx * (2 * w - 1) * eps;
                    break;
                case G_CROSS:
                    want[0] = x[1] * y[2] - x[2] * y[1];
                    want[1] = x[2] * y[0] - x[0] * y[2];
                    want[2] = x[0] * y[1] - x[1] * y[0];
                    want[3] = 0;
                    tol = mx * mx * 3 * eps;
                    break;
                case G_DISTANCE:
                case G_FDIST:
                    want[0] = sqrtl(dd);
                    break;
                case G_LENGTH:
                case G_FLEN:
                    want[0] = has_nan && !has_inf ? NAN : sqrtl(ss);
                    break;
                default: { /* normalize */
                    long double q[4];
                    memcpy(q, x, sizeof(q));
                    long double qs = ss;
                    if (has_inf) {
                        qs = 0;
                        for (unsigned k = 0; k < w; k++) {
                            q[k] = isinf(x[k]) ? copysignl(1, x[k]) : 0 * x[k];
                            qs += q[k] * q[k];
                        }
                    }
                    for (unsigned k = 0; k < w; k++)
                        want[k] = has_nan ? NAN : qs == 0 ? x[k] : q[k] / sqrtl(qs);
                    break;
                }
                }
                if (f == G_LENGTH && has_inf)
                    want[0] = INFINITY;
                for (unsigned k = 0; k < nout; k++) {
                    bool ok;
                    double e;
                    if (abs_check) {
                        long double d = fabsl(got[k] - want[k]);
                        ok = d <= tol;
                        e = tol > 0 ? (double)(d / tol) : (d == 0 ? 0 : INFINITY);
                    } else if (isnan(want[k]) || isnan(got[k])) {
                        ok = isnan(want[k]) && isnan(got[k]);
                        e = 0;
                    } else {
                        e = fabs(fp_ulp_error(ft, got[k], want[k]));
                        ok = e <= bound;
                    }
                    if (ok && e > maxerr)
                        maxerr = e;
                    if (!ok && shown++ < MAX_SHOW) {
                        char in[512], bw[64], bg[64];
                        size_t l = 0;
                        for (unsigned j = 0; j < w; j++)
                            l += (size_t)snprintf(in + l, sizeof(in) - l, "%s%La", j ? ", " : "",
                                                  x[j]);
                        if (two_args((enum gfn)f))
                            for (unsigned j = 0; j < w; j++)
                                l += (size_t)snprintf(in + l, sizeof(in) - l, "%s%La",
                                                      j ? ", " : " | ", y[j]);
                        conf_fail(t, __FILE__, __LINE__,
                                  "%s(%s%.0u) vector %zu component %u: (%s): expected %s, got %s "
                                  "(%s %.3g)",
                                  gnames[f], tn, w > 1 ? w : 0, v, k, in,
                                  fp_fmt(ft, want[k], bw, 64), fp_fmt(ft, got[k], bg, 64),
                                  abs_check ? "error/bound" : "ulp, bound", abs_check ? e : bound);
                    }
                }
            }
        }
        len += (size_t)snprintf(line + len, sizeof(line) - len, " %s %.3g", gnames[f], maxerr);
    }
    conf_note(t, "%s", line);
out:
    free(a);
    free(b);
    free(r);
}

static void geom_float(conf_t *t)
{
    gm_run(t, TY_FLOAT);
}

static void geom_double(conf_t *t)
{
    gm_run(t, TY_DOUBLE);
}

static const struct conf_test tests[] = {
    CONF_TEST(geom_float),
    CONF_TEST(geom_double),
};

CONF_CATEGORY_TIMEOUT(
    conf_cat_geometric, "geometric",
    "dot, cross, distance, length, normalize (float, double) and fast_distance, "
    "fast_length, fast_normalize (float), widths 1-4, overflow/underflow-safe length, "
    "normalize special cases",
    tests, 600);
