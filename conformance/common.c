/*
 * common: the OpenCL C common functions (clamp, degrees, max, min, mix,
 * radians, step, smoothstep, sign) for float and double, widths 1, 2, 3, 4,
 * 8, 16, including the overloads that take scalar arguments with vector ones
 * (clamp(floatn, float, float), max/min(floatn, float), mix(floatn, floatn,
 * float), step(float, floatn), smoothstep(float, float, floatn)). References
 * are computed in long double on the host; bounds are the full-profile table
 * of the OpenCL environment specification: clamp, max, min, step and sign
 * exact, degrees and radians 2 ulp, mix 1e-3 and smoothstep 1e-5 absolute
 * (the float tolerances; for double the table says implementation-defined and
 * the same tolerances are applied). Inputs the specification leaves undefined
 * (max/min of NaN or infinity, clamp with minval > maxval, smoothstep with
 * edge0 >= edge1 or NaN) are not generated.
 */
#include "fpcheck.h"
#include "typed.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N        1920 /* lanes per run: a multiple of every width */
#define MAX_SHOW 6
#define PI_L     3.141592653589793238462643383279502884L

enum check { EXACT, EXACT_ANYZERO, ULP, ABS };

struct cfn {
    const char *name;
    unsigned nargs;
    unsigned scalar_args; /* overload with these arguments scalar (bit k: argument k), 0: none */
    enum check check;
    double bound;
};

static const struct cfn fns[] = {
    {"clamp", 3, 0, EXACT_ANYZERO, 0}, {"clamp", 3, 6, EXACT_ANYZERO, 0},
    {"degrees", 1, 0, ULP, 2},         {"max", 2, 0, EXACT_ANYZERO, 0},
    {"max", 2, 2, EXACT_ANYZERO, 0},   {"min", 2, 0, EXACT_ANYZERO, 0},
    {"min", 2, 2, EXACT_ANYZERO, 0},   {"mix", 3, 0, ABS, 1e-3},
    {"mix", 3, 4, ABS, 1e-3},          {"radians", 1, 0, ULP, 2},
    {"step", 2, 0, EXACT, 0},          {"step", 2, 1, EXACT, 0},
    {"smoothstep", 3, 0, ABS, 1e-5},   {"smoothstep", 3, 3, ABS, 1e-5},
    {"sign", 1, 0, EXACT, 0},
};
#define NFNS (sizeof(fns) / sizeof(fns[0]))

static long double reference(const struct cfn *f, long double x, long double y, long double z)
{
    const char *n = f->name;
    if (!strcmp(n, "clamp"))
        return fminl(fmaxl(x, y), z);
    if (!strcmp(n, "degrees"))
        return x * (180.0L / PI_L);
    if (!strcmp(n, "radians"))
        return x * (PI_L / 180.0L);
    if (!strcmp(n, "max"))
        return x < y ? y : x;
    if (!strcmp(n, "min"))
        return y < x ? y : x;
    if (!strcmp(n, "mix"))
        return x + (y - x) * z;
    if (!strcmp(n, "step"))
        return y < x ? 0.0L : 1.0L;
    if (!strcmp(n, "smoothstep")) {
        long double t = (z - x) / (y - x);
        t = t < 0 ? 0 : t > 1 ? 1 : t;
        return t * t * (3 - 2 * t);
    }
    /* sign */
    if (isnan(x))
        return 0.0L;
    return x > 0 ? 1.0L : x < 0 ? -1.0L : x;
}

/* Inputs of @f into lanes of a, b, c: special values where the function defines them, then
 * random ones in the function's domain. */
static void make_inputs(const struct cfn *f, enum fp_type ft, void *a, void *b, void *c,
                        uint64_t seed)
{
    long double ed[256], sh[64];
    size_t ne = fp_edges(ft, ed, 256), ns = fp_edges_short(ft, sh, 64), i = 0;
    uint64_t st = seed;
    long double big = ft == FP_F32 ? 1e30L : 1e300L;
    const char *n = f->name;
#define PUT(X, Y, Z)                                                                               \
    do {                                                                                           \
        fp_store(ft, a, i, X);                                                                     \
        fp_store(ft, b, i, Y);                                                                     \
        fp_store(ft, c, i, Z);                                                                     \
        i++;                                                                                       \
    } while (0)
    if (!strcmp(n, "degrees") || !strcmp(n, "radians") || !strcmp(n, "sign")) {
        for (size_t e = 0; e < ne; e++)
            PUT(ed[e], 0, 0);
        for (unsigned k = 0; i < N; k++)
            PUT(fp_random(ft, &st, k), 0, 0);
    } else if (!strcmp(n, "clamp")) {
        for (size_t e = 0; e < ne; e++) {
            long double lo = fp_uniform(ft, &st, -4, 0), hi = fp_uniform(ft, &st, 0, 4);
            PUT(ed[e], lo, hi);
            PUT(ed[e], -0.0L, 0.0L);
            PUT(ed[e], lo, lo);
        }
        for (unsigned k = 0; i < N; k++) {
            long double u = fp_random(ft, &st, k + 1), v = fp_random(ft, &st, k + 1);
            if (isnan(u) || isnan(v))
                u = v = 1.0L;
            PUT(fp_random(ft, &st, k), fminl(u, v), fmaxl(u, v));
        }
    } else if (!strcmp(n, "max") || !strcmp(n, "min") || !strcmp(n, "step")) {
        /* max/min are undefined for NaN and infinite arguments, step is not checked on NaN */
        bool inf_ok = !strcmp(n, "step");
        for (size_t e = 0; e < ns; e++)
            for (size_t g = 0; g < ns; g++) {
                if (isnan(sh[e]) || isnan(sh[g]) || (!inf_ok && (isinf(sh[e]) || isinf(sh[g]))))
                    continue;
                PUT(sh[e], sh[g], 0);
            }
        for (unsigned k = 0; i < N; k++) {
            long double u = fp_uniform(ft, &st, -big, big) * fp_uniform(ft, &st, 0, 1);
            long double v = k % 4 == 0 ? u : fp_random(ft, &st, 1 + k % 2);
            PUT(u, v, 0);
        }
    } else if (!strcmp(n, "mix")) {
        for (; i < N;)
            PUT(fp_uniform(ft, &st, -100, 100), fp_uniform(ft, &st, -100, 100),
                i % 16 == 0   ? 0.0L
                : i % 16 == 1 ? 1.0L
                              : fp_uniform(ft, &st, 0, 1));
    } else { /* smoothstep(edge0, edge1, x) */
        for (; i < N;) {
            long double e0 = fp_uniform(ft, &st, -10, 10);
            long double e1 = fp_round(ft, e0 + fp_uniform(ft, &st, 0.001L, 20));
            if (!(e1 > e0))
                continue;
            long double x = i % 8 == 0 ? e0 : i % 8 == 1 ? e1 : fp_uniform(ft, &st, e0 - 3, e1 + 3);
            PUT(e0, e1, x);
        }
    }
#undef PUT
}

static const char *argname(const struct cfn *f, unsigned k, unsigned w)
{
    static const char *const vec[3] = {"x", "y", "z"}, *const sca[3] = {"xs", "ys", "zs"};
    return w > 1 && (f->scalar_args >> k & 1) ? sca[k] : vec[k];
}

static void common_run(conf_t *t, enum ty et)
{
    if (et == TY_DOUBLE && !conf_has_fp64(t))
        SKIP("device lacks double support");
    enum fp_type ft = et == TY_DOUBLE ? FP_F64 : FP_F32;
    const char *tn = ty_info[et].name;
    size_t es = ty_info[et].size;
    struct src *s = src_new(t);
    if (et == TY_DOUBLE)
        src_add(s, "#pragma OPENCL EXTENSION cl_khr_fp64 : enable\n");
    for (unsigned fi = 0; fi < NFNS; fi++) {
        const struct cfn *f = &fns[fi];
        for (unsigned wi = 0; wi < 6; wi++) {
            unsigned w = conf_widths[wi];
            if (w == 1 && f->scalar_args)
                continue;
            char tw[16];
            snprintf(tw, sizeof(tw), w > 1 ? "%s%u" : "%s", tn, w);
            src_add(s,
                    "kernel void k%u_%u(global const %s *a, global const %s *b, global const %s "
                    "*c, global %s *r)\n{\n    size_t i = get_global_id(0);\n",
                    fi, w, tn, tn, tn, tn);
            if (w == 1)
                src_add(s, "    %s x = a[i], y = b[i], z = c[i];\n", tw);
            else
                src_add(s, "    %s x = vload%u(i, a), y = vload%u(i, b), z = vload%u(i, c);\n", tw,
                        w, w, w);
            src_add(s,
                    "    %s xs = a[i * %u], ys = b[i * %u], zs = c[i * %u];\n"
                    "    (void)x; (void)y; (void)z; (void)xs; (void)ys; (void)zs;\n",
                    tn, w, w, w);
            char call[128];
            int len = snprintf(call, sizeof(call), "%s(%s", f->name, argname(f, 0, w));
            for (unsigned k = 1; k < f->nargs; k++)
                len += snprintf(call + len, sizeof(call) - (size_t)len, ", %s", argname(f, k, w));
            snprintf(call + len, sizeof(call) - (size_t)len, ")");
            if (w == 1)
                src_add(s, "    r[i] = %s;\n}\n", call);
            else
                src_add(s, "    vstore%u(%s, i, r);\n}\n", w, call);
        }
    }
    cl_program p = conf_build_src(t, src_text(s), "common functions");
    if (!p)
        return;
    void *a = calloc(N, es), *b = calloc(N, es), *c = calloc(N, es), *r = calloc(N, es);
    if (!a || !b || !c || !r)
        abort();
    char line[1024];
    size_t len = (size_t)snprintf(line, sizeof(line), "max error (%s):", tn);
    for (unsigned fi = 0; fi < NFNS; fi++) {
        const struct cfn *f = &fns[fi];
        make_inputs(f, ft, a, b, c, 0xc0ffee + fi * 7919 + et);
        unsigned shown = 0;
        double maxerr = 0;
        for (unsigned wi = 0; wi < 6; wi++) {
            unsigned w = conf_widths[wi];
            if (w == 1 && f->scalar_args)
                continue;
            char kname[32];
            snprintf(kname, sizeof(kname), "k%u_%u", fi, w);
            struct karg args[4] = {
                {a, N * es, false}, {b, N * es, false}, {c, N * es, false}, {r, N * es, true}};
            memset(r, 0x7b, N * es);
            t->checks++;
            if (!conf_run_1d(t, p, kname, N / w, args, 4))
                goto out;
            for (size_t i = 0; i < N; i++) {
                size_t first = i - i % w; /* the lane a scalar argument comes from */
                long double in[3];
                for (unsigned k = 0; k < 3; k++) {
                    const void *arr = k == 0 ? a : k == 1 ? b : c;
                    in[k] = fp_load(ft, arr, (w > 1 && (f->scalar_args >> k & 1)) ? first : i);
                }
                long double ref = reference(f, in[0], in[1], in[2]);
                long double got = fp_load(ft, r, i);
                long double want = fp_round(ft, ref);
                bool ok;
                double err = 0;
                switch (f->check) {
                case EXACT:
                    ok = (isnan(want) && isnan(got)) ||
                         (got == want && signbit(got) == signbit(want));
                    if (!strcmp(f->name, "sign") && isnan(in[0]))
                        ok = got == 0; /* "0.0 if x is a NaN" */
                    break;
                case EXACT_ANYZERO: /* the sign of a zero from fmin/fmax is unspecified */
                    ok = (isnan(want) && isnan(got)) || got == want;
                    break;
                case ULP:
                    err = fabs(fp_ulp_error(ft, got, ref));
                    ok = err <= f->bound;
                    break;
                default:
                    err = (double)fabsl(got - ref);
                    ok = err <= f->bound;
                    break;
                }
                if (ok && err > maxerr)
                    maxerr = err;
                if (!ok && shown++ < MAX_SHOW) {
                    char b0[64], b1[64], b2[64], b3[64], b4[64];
                    conf_fail(t, __FILE__, __LINE__,
                              "%s(%s%.0u%s) lane %zu: (%s, %s, %s): expected %s, got %s (error "
                              "%.3g, bound %g)",
                              f->name, tn, w > 1 ? w : 0, f->scalar_args && w > 1 ? ", scalar" : "",
                              i, fp_fmt(ft, in[0], b0, 64), fp_fmt(ft, in[1], b1, 64),
                              fp_fmt(ft, in[2], b2, 64), fp_fmt(ft, ref, b3, 64),
                              fp_fmt(ft, got, b4, 64), err, f->bound);
                }
            }
        }
        if (f->check == ULP || f->check == ABS)
            len += (size_t)snprintf(line + len, sizeof(line) - len, " %s%s %.3g", f->name,
                                    f->scalar_args ? "(scalar)" : "", maxerr);
    }
    conf_note(t, "%s (ulp for degrees/radians, absolute for mix/smoothstep)", line);
out:
    free(a);
    free(b);
    free(c);
    free(r);
}

static void common_float(conf_t *t)
{
    common_run(t, TY_FLOAT);
}

static void common_double(conf_t *t)
{
    common_run(t, TY_DOUBLE);
}

static const struct conf_test tests[] = {
    CONF_TEST(common_float),
    CONF_TEST(common_double),
};

CONF_CATEGORY_TIMEOUT(
    conf_cat_common, "common",
    "clamp, degrees, max, min, mix, radians, step, smoothstep, sign for float and double, "
    "scalar and vector, scalar-argument overloads, against long double references",
    tests, 600);
