/*
 * relational: the OpenCL C relational built-ins against exact host references.
 * Comparisons (isequal .. isunordered and the ==, !=, <, <=, >, >= operators)
 * and classifications (isfinite, isinf, isnan, isnormal, signbit) for float
 * and double over every pairing of the special values (±0, ±inf, NaN,
 * denormals, extremes) plus equal, adjacent and random pairs; scalars must
 * return 1 and vectors -1 (all bits) per true lane, and double vectors a long
 * per lane. select and bitselect for every element type (bits compared
 * exactly, NaN payloads included), any and all for the signed integer types.
 * Widths 1, 2, 3, 4, 8, 16.
 */
#include "fpcheck.h"
#include "typed.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N        1920 /* lanes per run: a multiple of every width */
#define MAX_SHOW 6

/* The generated kernel: T x, y, z from a, b, c, the select mask s, one result stored by @store. */
static void kernel_src(struct src *s, const char *kname, const char *tn, const char *cn,
                       const char *rn, unsigned w, const char *expr, bool scalar_result)
{
    char tw[16], cw[16], rw[16];
    snprintf(tw, sizeof(tw), w > 1 ? "%s%u" : "%s", tn, w);
    snprintf(cw, sizeof(cw), w > 1 ? "%s%u" : "%s", cn, w);
    snprintf(rw, sizeof(rw), w > 1 ? "%s%u" : "%s", rn, w);
    src_add(s,
            "kernel void %s(global const %s *a, global const %s *b, global const %s *c,\n"
            "               global const %s *m, global %s *r)\n{\n"
            "    size_t i = get_global_id(0);\n",
            kname, tn, tn, tn, cn, scalar_result ? "int" : rn);
    if (w == 1)
        src_add(s, "    %s x = a[i], y = b[i], z = c[i]; %s s = m[i];\n", tw, cw);
    else
        src_add(s,
                "    %s x = vload%u(i, a), y = vload%u(i, b), z = vload%u(i, c);\n"
                "    %s s = vload%u(i, m);\n",
                tw, w, w, w, cw, w);
    src_add(s, "    (void)x; (void)y; (void)z; (void)s;\n");
    if (w == 1 || scalar_result)
        src_add(s, "    r[i] = %s;\n}\n", expr);
    else
        src_add(s, "    vstore%u((%s)(%s), i, r);\n}\n", w, rw, expr);
}

static const char *fp64_pragma(enum ty t)
{
    return t == TY_DOUBLE ? "#pragma OPENCL EXTENSION cl_khr_fp64 : enable\n" : "";
}

struct bufs {
    void *a, *b, *c, *m, *r;
};

static void bufs_alloc(conf_t *t, struct bufs *bf)
{
    bf->a = calloc(N, 8);
    bf->b = calloc(N, 8);
    bf->c = calloc(N, 8);
    bf->m = calloc(N, 8);
    bf->r = calloc(N, 8);
    if (!bf->a || !bf->b || !bf->c || !bf->m || !bf->r)
        abort();
    (void)t;
}

static void bufs_free(struct bufs *bf)
{
    free(bf->a);
    free(bf->b);
    free(bf->c);
    free(bf->m);
    free(bf->r);
}

static bool run(conf_t *t, cl_program p, const char *kname, unsigned w, struct bufs *bf,
                size_t esize, size_t csize, size_t rsize)
{
    struct karg args[5] = {{bf->a, N * esize, false},
                           {bf->b, N * esize, false},
                           {bf->c, N * esize, false},
                           {bf->m, N * csize, false},
                           {bf->r, N * rsize, true}};
    memset(bf->r, 0xa5, N * 8);
    t->checks++;
    return conf_run_1d(t, p, kname, N / w, args, 5);
}

/* ---- float and double comparisons and classifications -------------------------------------- */

static const char *const cmp_fns[] = {
    "isequal",
    "isnotequal",
    "isgreater",
    "isgreaterequal",
    "isless",
    "islessequal",
    "islessgreater",
    "isordered",
    "isunordered",
    "==",
    "!=",
    "<",
    "<=",
    ">",
    ">=",
};
#define NCMP (sizeof(cmp_fns) / sizeof(cmp_fns[0]))

static bool cmp_ref(unsigned f, long double x, long double y)
{
    bool un = isnan(x) || isnan(y);
    switch (f) {
    case 0:
    case 9:
        return x == y;
    case 1:
    case 10:
        return un || x != y;
    case 2:
    case 13:
        return x > y;
    case 3:
    case 14:
        return x >= y;
    case 4:
    case 11:
        return x < y;
    case 5:
    case 12:
        return x <= y;
    case 6:
        return x < y || x > y;
    case 7:
        return !un;
    default:
        return un;
    }
}

static const char *const class_fns[] = {"isfinite", "isinf", "isnan", "isnormal", "signbit"};
#define NCLASS (sizeof(class_fns) / sizeof(class_fns[0]))

static bool class_ref(enum fp_type ft, unsigned f, long double x)
{
    switch (f) {
    case 0:
        return isfinite(x);
    case 1:
        return isinf(x);
    case 2:
        return isnan(x);
    case 3:
        return isfinite(x) && fabsl(x) >= fp_min_normal(ft);
    default:
        return signbit(x);
    }
}

/* Pairs: every special value against every other, equal values, neighbours, random bits. */
static void fp_pairs(enum fp_type ft, void *a, void *b, uint64_t seed)
{
    long double sh[64], ed[256];
    size_t ns = fp_edges_short(ft, sh, 64), ne = fp_edges(ft, ed, 256), i = 0;
    uint64_t st = seed;
    for (size_t e = 0; e < ns; e++)
        for (size_t g = 0; g < ns && i < N; g++, i++) {
            fp_store(ft, a, i, sh[e]);
            fp_store(ft, b, i, sh[g]);
        }
    for (size_t e = 0; e < ne && i + 2 <= N; e++) {
        long double v = ed[e];
        long double next = ft == FP_F32 ? (long double)nextafterf((float)v, INFINITY)
                                        : nextafter((double)v, INFINITY);
        fp_store(ft, a, i, v);
        fp_store(ft, b, i++, v);
        fp_store(ft, a, i, v);
        fp_store(ft, b, i++, next);
    }
    for (unsigned k = 0; i < N; i++, k++) {
        fp_store(ft, a, i, fp_random(ft, &st, k));
        /* every third pair shares its value, so == and != see both answers */
        fp_store(ft, b, i, k % 3 == 0 ? fp_load(ft, a, i) : fp_random(ft, &st, k + 1));
    }
}

/* Checks result lanes: @want(lane) true -> 1 (scalar) or -1 (vector), else 0. */
static void check_bool_lanes(conf_t *t, const char *what, const char *tn, unsigned w, const void *r,
                             enum ty rt, const bool *want, const void *a, const void *b,
                             enum fp_type ft, unsigned *shown)
{
    for (size_t i = 0; i < N; i++) {
        int64_t got = ty_sext(rt, ty_get(rt, r, i));
        int64_t exp = want[i] ? (w == 1 ? 1 : -1) : 0;
        if (got != exp && (*shown)++ < MAX_SHOW) {
            char b0[64], b1[64];
            conf_fail(t, __FILE__, __LINE__, "%s(%s%.0u) lane %zu: %s, %s: expected %lld, got %lld",
                      what, tn, w > 1 ? w : 0, i, fp_fmt(ft, fp_load(ft, a, i), b0, 64),
                      b ? fp_fmt(ft, fp_load(ft, b, i), b1, 64) : "-", (long long)exp,
                      (long long)got);
        }
    }
}

static void run_fp_predicates(conf_t *t, enum ty et, bool classify)
{
    enum fp_type ft = et == TY_DOUBLE ? FP_F64 : FP_F32;
    if (et == TY_DOUBLE && !conf_has_fp64(t))
        SKIP("device lacks double support");
    const char *tn = ty_info[et].name, *in = et == TY_DOUBLE ? "long" : "int";
    size_t es = ty_info[et].size;
    unsigned nf = classify ? NCLASS : NCMP;
    struct src *s = src_new(t);
    src_add(s, "%s", fp64_pragma(et));
    char kname[64], expr[64];
    for (unsigned f = 0; f < nf; f++)
        for (unsigned wi = 0; wi < 6; wi++) {
            unsigned w = conf_widths[wi];
            snprintf(kname, sizeof(kname), "k%u_%u", f, w);
            if (classify)
                snprintf(expr, sizeof(expr), "%s(x)", class_fns[f]);
            else if (f >= 9)
                snprintf(expr, sizeof(expr), "x %s y", cmp_fns[f]);
            else
                snprintf(expr, sizeof(expr), "%s(x, y)", cmp_fns[f]);
            kernel_src(s, kname, tn, in, w == 1 ? "int" : in, w, expr, false);
        }
    cl_program p = conf_build_src(t, src_text(s), classify ? "classification" : "comparison");
    if (!p)
        return;
    struct bufs bf;
    bufs_alloc(t, &bf);
    fp_pairs(ft, bf.a, bf.b, 0x5eed + et);
    bool *want = calloc(N, sizeof(bool));
    if (!want)
        abort();
    for (unsigned f = 0; f < nf; f++) {
        unsigned shown = 0;
        for (size_t i = 0; i < N; i++) {
            long double x = fp_load(ft, bf.a, i), y = fp_load(ft, bf.b, i);
            want[i] = classify ? class_ref(ft, f, x) : cmp_ref(f, x, y);
        }
        for (unsigned wi = 0; wi < 6; wi++) {
            unsigned w = conf_widths[wi];
            enum ty rt = w == 1 ? TY_INT : (et == TY_DOUBLE ? TY_LONG : TY_INT);
            snprintf(kname, sizeof(kname), "k%u_%u", f, w);
            if (!run(t, p, kname, w, &bf, es, es, ty_info[rt].size))
                goto out;
            check_bool_lanes(t, classify ? class_fns[f] : cmp_fns[f], tn, w, bf.r, rt, want, bf.a,
                             classify ? NULL : bf.b, ft, &shown);
        }
    }
out:
    free(want);
    bufs_free(&bf);
}

static void rel_compare_float(conf_t *t)
{
    run_fp_predicates(t, TY_FLOAT, false);
}

static void rel_compare_double(conf_t *t)
{
    run_fp_predicates(t, TY_DOUBLE, false);
}

static void rel_classify_float(conf_t *t)
{
    run_fp_predicates(t, TY_FLOAT, true);
}

static void rel_classify_double(conf_t *t)
{
    run_fp_predicates(t, TY_DOUBLE, true);
}

/* ---- select and bitselect for every type ------------------------------------------------- */

/* Random bits with a bias towards the interesting masks (0, all ones, sign bit only, 1). */
static uint64_t mask_bits(uint64_t *st, unsigned size)
{
    uint64_t r = conf_rand(st), top = 1ull << (8 * size - 1);
    switch (r % 6) {
    case 0:
        return 0;
    case 1:
        return ~0ull;
    case 2:
        return top;
    case 3:
        return 1;
    case 4:
        return top - 1; /* every bit but the sign */
    default:
        return conf_rand(st);
    }
}

static void run_select(conf_t *t, enum ty et)
{
    if (et == TY_DOUBLE && !conf_has_fp64(t))
        SKIP("device lacks double support");
    const char *tn = ty_info[et].name;
    unsigned es = ty_info[et].size;
    enum ty su = ty_unsigned(et);
    enum ty ss = su - 1; /* the signed integer type of the same size */
    struct src *s = src_new(t);
    src_add(s, "%s", fp64_pragma(et));
    char kname[64];
    for (unsigned wi = 0; wi < 6; wi++) {
        unsigned w = conf_widths[wi];
        snprintf(kname, sizeof(kname), "bitsel_%u", w);
        kernel_src(s, kname, tn, ty_info[ss].name, tn, w, "bitselect(x, y, z)", false);
        snprintf(kname, sizeof(kname), "sels_%u", w);
        kernel_src(s, kname, tn, ty_info[ss].name, tn, w, "select(x, y, s)", false);
        snprintf(kname, sizeof(kname), "selu_%u", w);
        kernel_src(s, kname, tn, ty_info[su].name, tn, w, "select(x, y, s)", false);
    }
    cl_program p = conf_build_src(t, src_text(s), "select/bitselect");
    if (!p)
        return;
    struct bufs bf;
    bufs_alloc(t, &bf);
    uint64_t st = 0xb175e1ec7ull + et;
    for (size_t i = 0; i < N; i++) {
        ty_set(et, bf.a, i, conf_rand(&st));
        ty_set(et, bf.b, i, conf_rand(&st));
        ty_set(et, bf.c, i, mask_bits(&st, es));
        ty_set(et, bf.m, i, mask_bits(&st, es));
    }
    uint64_t top = 1ull << (8 * es - 1), mask = ty_mask(et);
    for (unsigned v = 0; v < 3; v++) {
        unsigned shown = 0;
        static const char *const what[3] = {"bitselect", "select (signed mask)",
                                            "select (unsigned mask)"};
        for (unsigned wi = 0; wi < 6; wi++) {
            unsigned w = conf_widths[wi];
            snprintf(kname, sizeof(kname), "%s_%u",
                     v == 0   ? "bitsel"
                     : v == 1 ? "sels"
                              : "selu",
                     w);
            if (!run(t, p, kname, w, &bf, es, es, es))
                goto out;
            for (size_t i = 0; i < N; i++) {
                uint64_t a = ty_get(et, bf.a, i), b = ty_get(et, bf.b, i);
                uint64_t c = ty_get(et, bf.c, i), m = ty_get(et, bf.m, i);
                uint64_t want;
                if (v == 0)
                    want = ((a & ~c) | (b & c)) & mask;
                else /* scalars test the whole value, vectors the sign bit */
                    want = (w == 1 ? m != 0 : (m & top) != 0) ? b : a;
                uint64_t got = ty_get(et, bf.r, i);
                if (got != want && shown++ < MAX_SHOW)
                    conf_fail(t, __FILE__, __LINE__,
                              "%s(%s%.0u) lane %zu: a %#llx b %#llx %s %#llx: expected %#llx, "
                              "got %#llx",
                              what[v], tn, w > 1 ? w : 0, i, (unsigned long long)a,
                              (unsigned long long)b, v ? "mask" : "c",
                              (unsigned long long)(v ? m : c), (unsigned long long)want,
                              (unsigned long long)got);
            }
        }
    }
out:
    bufs_free(&bf);
}

static void rel_select(conf_t *t)
{
    static const enum ty types[] = {TY_CHAR, TY_UCHAR, TY_SHORT, TY_USHORT, TY_INT,
                                    TY_UINT, TY_LONG,  TY_ULONG, TY_FLOAT};
    for (size_t k = 0; k < sizeof(types) / sizeof(types[0]); k++)
        run_select(t, types[k]);
}

static void rel_select_double(conf_t *t)
{
    run_select(t, TY_DOUBLE);
}

/* ---- any and all ---------------------------------------------------------------------------- */

static void rel_any_all(conf_t *t)
{
    static const enum ty types[] = {TY_CHAR, TY_SHORT, TY_INT, TY_LONG};
    for (size_t k = 0; k < 4; k++) {
        enum ty et = types[k];
        const char *tn = ty_info[et].name;
        unsigned es = ty_info[et].size;
        struct src *s = src_new(t);
        char kname[64];
        for (unsigned wi = 0; wi < 6; wi++) {
            unsigned w = conf_widths[wi];
            snprintf(kname, sizeof(kname), "any_%u", w);
            kernel_src(s, kname, tn, tn, "int", w, "any(x)", true);
            snprintf(kname, sizeof(kname), "all_%u", w);
            kernel_src(s, kname, tn, tn, "int", w, "all(x)", true);
        }
        cl_program p = conf_build_src(t, src_text(s), "any/all");
        if (!p)
            return;
        struct bufs bf;
        bufs_alloc(t, &bf);
        uint64_t st = 0xa11a11ull + et, top = 1ull << (8 * es - 1);
        /* runs of lanes with the sign bit all set, all clear, or mixed, so that every width
         * sees vectors where any and all differ */
        for (size_t i = 0; i < N; i++) {
            uint64_t r = conf_rand(&st);
            size_t run_id = i / 16;
            bool neg = run_id % 3 == 0 ? true : run_id % 3 == 1 ? false : (r >> 7) % 4 == 0;
            uint64_t v = neg ? (r | top) : (r & ~top);
            if (!neg && r % 5 == 0)
                v = top - 1; /* every bit but the sign bit */
            ty_set(et, bf.a, i, v);
        }
        for (unsigned wi = 0; wi < 6; wi++) {
            unsigned w = conf_widths[wi];
            for (unsigned isall = 0; isall < 2; isall++) {
                unsigned shown = 0;
                snprintf(kname, sizeof(kname), "%s_%u", isall ? "all" : "any", w);
                if (!run(t, p, kname, w, &bf, es, es, 4))
                    break;
                for (size_t v = 0; v < N / w; v++) {
                    bool any = false, all = true;
                    for (unsigned k2 = 0; k2 < w; k2++) {
                        bool sb = (ty_get(et, bf.a, v * w + k2) & top) != 0;
                        any |= sb;
                        all &= sb;
                    }
                    int want = isall ? all : any;
                    int got = ((int *)bf.r)[v];
                    if (got != want && shown++ < MAX_SHOW)
                        conf_fail(t, __FILE__, __LINE__,
                                  "%s(%s%.0u) vector %zu (first lane %#llx): expected %d, got %d",
                                  isall ? "all" : "any", tn, w > 1 ? w : 0, v,
                                  (unsigned long long)ty_get(et, bf.a, v * w), want, got);
                }
            }
        }
        bufs_free(&bf);
    }
}

static const struct conf_test tests[] = {
    CONF_TEST(rel_compare_float),   CONF_TEST(rel_compare_double), CONF_TEST(rel_classify_float),
    CONF_TEST(rel_classify_double), CONF_TEST(rel_select),         CONF_TEST(rel_select_double),
    CONF_TEST(rel_any_all),
};

CONF_CATEGORY_TIMEOUT(
    conf_cat_relational, "relational",
    "isequal..isunordered, comparison operators, isfinite/isinf/isnan/isnormal/signbit, "
    "select, bitselect, any, all: exact results, 1 or -1 per true lane",
    tests, 600);
