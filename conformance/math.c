/*
 * math: every OpenCL C math built-in (OpenCL.std) for float and double, in the
 * style of the Khronos CTS math_brute_force: edge cases (signed zeros,
 * infinities, NaN, denormals, extremes, integers and half-integers, multiples
 * of pi/2, C99 Annex F pow pairs) plus a few thousand deterministic random
 * inputs per function, checked against a long double host reference with the
 * error measured in ULPs as the CTS does and bounded by the full-profile table
 * of the OpenCL C specification ("Relative Error as ULPs"). Vector forms
 * (widths 2, 3, 4, 8, 16) are checked lane by lane; the functions with an
 * output pointer are checked through global, local, private and generic
 * pointers. half_* and native_* are checked within 8192 ulp on their reduced
 * domains. Each test prints the largest error seen per function.
 */
#include "fpcheck.h"

#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PI_L 3.141592653589793238462643383279502884L

enum sig {
    S_F,    /* T f(T) */
    S_FF,   /* T f(T, T) */
    S_FFF,  /* T f(T, T, T) */
    S_I_F,  /* int f(T) */
    S_FI,   /* T f(T, int) */
    S_FP,   /* T f(T, T *) */
    S_FPI,  /* T f(T, int *) */
    S_FFPI, /* T f(T, T, int *) */
    S_NAN,  /* T nan(uint/ulong) */
};

/* flags */
#define NOZS  1u  /* the sign of a zero result is not checked (either is allowed) */
#define TRIG  2u  /* half_ domain |x| <= 2^16 */
#define POS   4u  /* half_/native_ domain: positive finite inputs */
#define MAD   8u  /* fma or multiply-then-add, both correctly rounded */
#define LGAM  16u /* no bound in the spec: classification and sign checked, error reported */
#define SMALL 32u /* half_/native_ domain: |x| <= 64 (exp family) */

typedef long double (*ref_fn)(enum fp_type ty, const long double *x, int n, long double *o2,
                              int *oi);

struct mfn {
    const char *name;
    enum sig sig;
    float ulp_f, ulp_d; /* bound; 0: correctly rounded */
    ref_fn ref;
    unsigned flags;
    int nlo, nhi; /* range of random int arguments (S_FI) */
};

#define REFARGS enum fp_type ty, const long double *x, int n, long double *o2, int *oi
#define UNUSED_REFARGS                                                                             \
    (void)ty;                                                                                      \
    (void)n;                                                                                       \
    (void)o2;                                                                                      \
    (void)oi
#define REF1(NAME, EXPR)                                                                           \
    static long double r_##NAME(REFARGS)                                                           \
    {                                                                                              \
        UNUSED_REFARGS;                                                                            \
        long double a = x[0];                                                                      \
        return EXPR;                                                                               \
    }
#define REF2(NAME, EXPR)                                                                           \
    static long double r_##NAME(REFARGS)                                                           \
    {                                                                                              \
        UNUSED_REFARGS;                                                                            \
        long double a = x[0], b = x[1];                                                            \
        return EXPR;                                                                               \
    }

/* sin(pi x) without the rounding of pi x: reduce exactly, then evaluate near zero. */
static long double sinpi_l(long double x)
{
    if (isnan(x) || isinf(x))
        return NAN;
    long double r = fabsl(fmodl(x, 2.0L)), v;
    if (r == 0 || r == 1)
        return copysignl(0.0L, x);
    int neg = x < 0;
    if (r > 1) {
        r -= 1;
        neg = !neg;
    }
    if (r > 0.5L)
        r = 1 - r;
    v = sinl(PI_L * r);
    return neg ? -v : v;
}

static long double cospi_l(long double x)
{
    if (isnan(x) || isinf(x))
        return NAN;
    long double r = fabsl(fmodl(x, 2.0L));
    if (r > 1)
        r = 2 - r;
    /* cos(pi r) = sin(pi (1/2 - r)), and 1/2 - r is exact */
    long double h = 0.5L - r;
    return h == 0 ? 0.0L : sinpi_l(h);
}

static long double tanpi_l(long double x)
{
    if (isnan(x) || isinf(x))
        return NAN;
    long double r = fmodl(x, 1.0L);
    int odd = fmodl(fabsl(x), 2.0L) >= 1.0L;
    if (r == 0)
        return odd ? copysignl(0.0L, -x) : copysignl(0.0L, x);
    if (fabsl(r) == 0.5L) {
        long double f = floorl(x);
        return fmodl(fabsl(f), 2.0L) == 0 ? INFINITY : -INFINITY;
    }
    return sinpi_l(r) / cospi_l(r);
}

REF1(acos, acosl(a))
REF1(acosh, acoshl(a))
REF1(acospi, acosl(a) / PI_L)
REF1(asin, asinl(a))
REF1(asinh, asinhl(a))
REF1(asinpi, asinl(a) / PI_L)
REF1(atan, atanl(a))
REF2(atan2, atan2l(a, b))
REF1(atanh, atanhl(a))
REF1(atanpi, atanl(a) / PI_L)
REF2(atan2pi, atan2l(a, b) / PI_L)
REF1(cbrt, cbrtl(a))
REF1(ceil, ceill(a))
REF2(copysign, copysignl(a, b))
REF1(cos, cosl(a))
REF1(cosh, coshl(a))
REF1(cospi, cospi_l(a))
REF1(erfc, erfcl(a))
REF1(erf, erfl(a))
REF1(exp, expl(a))
REF1(exp2, exp2l(a))
REF1(exp10, exp10l(a))
REF1(expm1, expm1l(a))
REF1(fabs, fabsl(a))
REF2(fdim, isnan(a) || isnan(b) ? NAN : a > b ? a - b : 0.0L)
REF1(floor, floorl(a))
REF2(fmax, fmaxl(a, b))
REF2(fmin, fminl(a, b))
REF2(fmod, fmodl(a, b))
REF2(hypot, hypotl(a, b))
REF1(log, logl(a))
REF1(log2, log2l(a))
REF1(log10, log10l(a))
REF1(log1p, log1pl(a))
REF1(logb, logbl(a))
REF2(maxmag, fabsl(a) > fabsl(b) ? a : fabsl(b) > fabsl(a) ? b : fmaxl(a, b))
REF2(minmag, fabsl(a) < fabsl(b) ? a : fabsl(b) < fabsl(a) ? b : fminl(a, b))
REF2(pow, powl(a, b))
REF2(remainder, remainderl(a, b))
REF1(rint, rintl(a))
REF1(round, roundl(a))
REF1(rsqrt, 1.0L / sqrtl(a))
REF1(sin, sinl(a))
REF1(sinh, sinhl(a))
REF1(sinpi, sinpi_l(a))
REF1(sqrt, sqrtl(a))
REF1(tan, tanl(a))
REF1(tanh, tanhl(a))
REF1(tanpi, tanpi_l(a))
REF1(tgamma, tgammal(a))
REF1(trunc, truncl(a))
REF2(divide, a / b)
REF1(recip, 1.0L / a)

static long double r_fma(REFARGS)
{
    UNUSED_REFARGS;
    return fmal(x[0], x[1], x[2]);
}

/* mad: checked separately (MAD), the reference is the fused result */
#define r_mad r_fma

static long double r_nextafter(REFARGS)
{
    UNUSED_REFARGS;
    if (ty == FP_F32)
        return nextafterf((float)x[0], (float)x[1]);
    return nextafter((double)x[0], (double)x[1]);
}

static long double r_ldexp(REFARGS)
{
    UNUSED_REFARGS;
    return ldexpl(x[0], n);
}

static long double r_pown(REFARGS)
{
    UNUSED_REFARGS;
    return powl(x[0], (long double)n);
}

static long double r_rootn(REFARGS)
{
    UNUSED_REFARGS;
    long double a = x[0];
    if (n == 0 || isnan(a))
        return NAN;
    if (n % 2 == 0) {
        if (a < 0)
            return NAN;
        return powl(a == 0 ? 0.0L : a, 1.0L / n);
    }
    return copysignl(powl(fabsl(a), 1.0L / n), a);
}

static long double r_powr(REFARGS)
{
    UNUSED_REFARGS;
    long double a = x[0], b = x[1];
    if (isnan(a) || isnan(b) || a < 0)
        return NAN;
    if (a == 0 && b == 0)
        return NAN;
    if (isinf(a) && b == 0)
        return NAN;
    if (a == 1 && isinf(b))
        return NAN;
    if (a == 0)
        return b < 0 ? INFINITY : 0.0L;
    return powl(a, b);
}

static long double r_ilogb(REFARGS)
{
    UNUSED_REFARGS;
    return 0; /* checked against ilogbl and the device's FP_ILOGB0/FP_ILOGBNAN */
}

static long double r_nan(REFARGS)
{
    UNUSED_REFARGS;
    return NAN;
}

static long double r_lgamma(REFARGS)
{
    UNUSED_REFARGS;
    int s = 1;
    long double v = lgammal_r(x[0], &s);
    if (oi)
        *oi = s;
    return v;
}

static long double r_fract(REFARGS)
{
    UNUSED_REFARGS;
    long double a = x[0];
    if (isnan(a)) {
        *o2 = a;
        return a;
    }
    if (isinf(a)) {
        *o2 = a;
        return copysignl(0.0L, a);
    }
    long double fl = floorl(a), f = a - fl;
    long double below1 = ty == FP_F32 ? 0x1.fffffep-1L : 0x1.fffffffffffffp-1L;
    *o2 = fl;
    return fp_round(ty, f) >= 1 ? below1 : f;
}

static long double r_modf(REFARGS)
{
    UNUSED_REFARGS;
    long double ip;
    long double f = modfl(x[0], &ip);
    *o2 = ip;
    return f;
}

static long double r_sincos(REFARGS)
{
    UNUSED_REFARGS;
    *o2 = cosl(x[0]);
    return sinl(x[0]);
}

static long double r_frexp(REFARGS)
{
    UNUSED_REFARGS;
    int e = 0;
    long double m = frexpl(x[0], &e);
    *oi = e;
    return m;
}

/* remainder and the low seven bits of the quotient, exactly (see the comment inside). */
static long double r_remquo(REFARGS)
{
    UNUSED_REFARGS;
    long double a = x[0], b = x[1];
    long double r = remainderl(a, b);
    *oi = 0;
    if (isnan(r) || isinf(a) || b == 0)
        return r;
    /* |a| = k |b| + r with |r| <= |b|/2; f = |a| mod 128|b| and f - r = (k mod 128) |b| fit in
     * the 64-bit significand (at most 7 + 53 bits), so k comes out exact. */
    long double ab = fabsl(b), f = fmodl(fabsl(a), 128.0L * ab);
    long double rr = remainderl(fabsl(a), ab);
    long k = (long)((f - rr) / ab) & 127;
    *oi = (int)(((a < 0) != (b < 0)) ? -k : k);
    return r;
}

#define E(NAME, SIG, UF, UD, FLAGS)                                                                \
    {                                                                                              \
#NAME, SIG, UF, UD, r_##NAME, FLAGS, 0, 0                                                  \
    }
#define EI(NAME, UF, UD, FLAGS, NLO, NHI)                                                          \
    {                                                                                              \
#NAME, S_FI, UF, UD, r_##NAME, FLAGS, NLO, NHI                                             \
    }
#define EH(PFX, NAME, SIG, FLAGS)                                                                  \
    {                                                                                              \
#PFX "_" #NAME, SIG, 8192, 8192, r_##NAME, FLAGS, 0, 0                                     \
    }

static const struct mfn funcs[] = {
    E(acos, S_F, 4, 4, 0),
    E(acosh, S_F, 4, 4, 0),
    E(acospi, S_F, 5, 5, 0),
    E(asin, S_F, 4, 4, 0),
    E(asinh, S_F, 4, 4, 0),
    E(asinpi, S_F, 5, 5, 0),
    E(atan, S_F, 5, 5, 0),
    E(atan2, S_FF, 6, 6, 0),
    E(atanh, S_F, 5, 5, 0),
    E(atanpi, S_F, 5, 5, 0),
    E(atan2pi, S_FF, 6, 6, 0),
    E(cbrt, S_F, 2, 2, 0),
    E(ceil, S_F, 0, 0, 0),
    E(copysign, S_FF, 0, 0, 0),
    E(cos, S_F, 4, 4, 0),
    E(cosh, S_F, 4, 4, 0),
    E(cospi, S_F, 4, 4, 0),
    E(erfc, S_F, 16, 16, 0),
    E(erf, S_F, 16, 16, 0),
    E(exp, S_F, 3, 3, 0),
    E(exp2, S_F, 3, 3, 0),
    E(exp10, S_F, 3, 3, 0),
    E(expm1, S_F, 3, 3, 0),
    E(fabs, S_F, 0, 0, 0),
    E(fdim, S_FF, 0, 0, 0),
    E(floor, S_F, 0, 0, 0),
    E(fma, S_FFF, 0, 0, 0),
    E(fmax, S_FF, 0, 0, NOZS),
    E(fmin, S_FF, 0, 0, NOZS),
    E(fmod, S_FF, 0, 0, 0),
    E(fract, S_FP, 0, 0, NOZS),
    E(frexp, S_FPI, 0, 0, 0),
    E(hypot, S_FF, 4, 4, 0),
    E(ilogb, S_I_F, 0, 0, 0),
    EI(ldexp, 0, 0, 0, -400, 400),
    E(lgamma, S_F, INFINITY, INFINITY, LGAM | NOZS),
    {"lgamma_r", S_FPI, INFINITY, INFINITY, r_lgamma, LGAM | NOZS, 0, 0},
    E(log, S_F, 3, 3, 0),
    E(log2, S_F, 3, 3, 0),
    E(log10, S_F, 3, 3, 0),
    E(log1p, S_F, 2, 2, 0),
    E(logb, S_F, 0, 0, 0),
    E(mad, S_FFF, 0, 0, MAD | NOZS),
    E(maxmag, S_FF, 0, 0, NOZS),
    E(minmag, S_FF, 0, 0, NOZS),
    E(modf, S_FP, 0, 0, 0),
    E(nan, S_NAN, 0, 0, 0),
    E(nextafter, S_FF, 0, 0, 0),
    E(pow, S_FF, 16, 16, 0),
    EI(pown, 16, 16, 0, -40, 40),
    E(powr, S_FF, 16, 16, 0),
    E(remainder, S_FF, 0, 0, 0),
    E(remquo, S_FFPI, 0, 0, 0),
    E(rint, S_F, 0, 0, 0),
    EI(rootn, 16, 16, 0, -12, 12),
    E(round, S_F, 0, 0, 0),
    E(rsqrt, S_F, 2, 2, 0),
    E(sin, S_F, 4, 4, 0),
    E(sincos, S_FP, 4, 4, 0),
    E(sinh, S_F, 4, 4, 0),
    E(sinpi, S_F, 4, 4, 0),
    E(sqrt, S_F, 3, 0, 0),
    E(tan, S_F, 5, 5, 0),
    E(tanh, S_F, 5, 5, 0),
    E(tanpi, S_F, 6, 6, 0),
    E(tgamma, S_F, 16, 16, 0),
    E(trunc, S_F, 0, 0, 0),
    E(divide, S_FF, 2.5f, 0, 0), /* the / operator */
};

/* half_* and native_* (float only): 8192 ulp on reduced domains. */
static const struct mfn reduced[] = {
    EH(half, cos, S_F, TRIG),      EH(half, sin, S_F, TRIG),      EH(half, tan, S_F, TRIG),
    EH(half, exp, S_F, SMALL),     EH(half, exp2, S_F, SMALL),    EH(half, exp10, S_F, SMALL),
    EH(half, log, S_F, POS),       EH(half, log2, S_F, POS),      EH(half, log10, S_F, POS),
    EH(half, powr, S_FF, POS),     EH(half, rsqrt, S_F, POS),     EH(half, sqrt, S_F, POS),
    EH(half, recip, S_F, POS),     EH(half, divide, S_FF, POS),   EH(native, cos, S_F, TRIG),
    EH(native, sin, S_F, TRIG),    EH(native, tan, S_F, TRIG),    EH(native, exp, S_F, SMALL),
    EH(native, exp2, S_F, SMALL),  EH(native, exp10, S_F, SMALL), EH(native, log, S_F, POS),
    EH(native, log2, S_F, POS),    EH(native, log10, S_F, POS),   EH(native, powr, S_FF, POS),
    EH(native, rsqrt, S_F, POS),   EH(native, sqrt, S_F, POS),    EH(native, recip, S_F, POS),
    EH(native, divide, S_FF, POS),
};

#define NFUNCS   (sizeof(funcs) / sizeof(funcs[0]))
#define NREDUCED (sizeof(reduced) / sizeof(reduced[0]))

/* ---- kernel sources ------------------------------------------------------------------- */

struct str {
    char *p;
    size_t len, cap;
};

static void sputf(struct str *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sputf(struct str *s, const char *fmt, ...)
{
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(s->p ? s->p + s->len : NULL, s->p ? s->cap - s->len : 0, fmt, ap);
        va_end(ap);
        if (n < 0)
            abort();
        if (s->p && s->len + (size_t)n < s->cap) {
            s->len += (size_t)n;
            return;
        }
        s->cap = (s->cap + (size_t)n + 1) * 2;
        s->p = realloc(s->p, s->cap);
        if (!s->p)
            abort();
    }
}

/* The call expression of @f on x, y, z, k (and &t) for a width (1: scalar). */
static void call_expr(struct str *s, const struct mfn *f, const char *ty, int w)
{
    const char *name = f->name;
    if (!strcmp(name, "divide")) {
        sputf(s, "x / y");
        return;
    }
    switch (f->sig) {
    case S_F:
    case S_I_F:
        sputf(s, "%s(x)", name);
        break;
    case S_FF:
        sputf(s, "%s(x, y)", name);
        break;
    case S_FFF:
        sputf(s, "%s(x, y, z)", name);
        break;
    case S_FI:
        sputf(s, "%s(x, k)", name);
        break;
    case S_FP:
    case S_FPI:
        sputf(s, "%s(x, &t)", name);
        break;
    case S_FFPI:
        sputf(s, "%s(x, y, &t)", name);
        break;
    case S_NAN: {
        const char *u = !strcmp(ty, "float") ? "uint" : "ulong";
        if (w == 1)
            sputf(s, "nan(as_%s(x))", u);
        else
            sputf(s, "nan(as_%s%d(x))", u, w);
        break;
    }
    }
}

#define KARGS                                                                                      \
    "(global const %s *a, global const %s *b, global const %s *c, global const int *n, "           \
    "global %s *r, global %s *r2, global int *ri)"

/*
 * One kernel per function: k_<name> (scalar) or k_<name>_<w> (vector, vloadn/vstoren).
 * Arguments: inputs a, b, c (T), n (int); outputs r (T), r2 (T), ri (int).
 */
static void kernel_src(struct str *s, const struct mfn *f, const char *ty, int w)
{
    char tw[16], iw[16];
    snprintf(tw, sizeof(tw), w == 1 ? "%s" : "%s%d", ty, w);
    snprintf(iw, sizeof(iw), w == 1 ? "int" : "int%d", w);
    if (w == 1)
        sputf(s, "kernel void k_%s" KARGS "\n{\n    size_t i = get_global_id(0);\n", f->name, ty,
              ty, ty, ty, ty);
    else
        sputf(s, "kernel void k_%s_%d" KARGS "\n{\n    size_t i = get_global_id(0);\n", f->name, w,
              ty, ty, ty, ty, ty);
#define LOADW(V, T, SRC)                                                                           \
    do {                                                                                           \
        if (w == 1)                                                                                \
            sputf(s, "    %s " V " = " SRC "[i];\n", T);                                           \
        else                                                                                       \
            sputf(s, "    %s " V " = vload%d(i, " SRC ");\n", T, w);                               \
    } while (0)
    LOADW("x", tw, "a");
    LOADW("y", tw, "b");
    LOADW("z", tw, "c");
    LOADW("k", iw, "n");
    sputf(s, "    (void)y; (void)z; (void)k;\n");
    if (f->sig == S_FP)
        sputf(s, "    %s t;\n", tw);
    else if (f->sig == S_FPI || f->sig == S_FFPI)
        sputf(s, "    %s t;\n", iw);
    const char *dst = f->sig == S_I_F ? "ri" : "r";
    if (w == 1)
        sputf(s, "    %s[i] = ", dst);
    else
        sputf(s, "    vstore%d(", w);
    call_expr(s, f, ty, w);
    if (w == 1)
        sputf(s, ";\n");
    else
        sputf(s, ", i, %s);\n", dst);
    if (f->sig == S_FP || f->sig == S_FPI || f->sig == S_FFPI) {
        const char *d2 = f->sig == S_FP ? "r2" : "ri";
        if (w == 1)
            sputf(s, "    %s[i] = t;\n", d2);
        else
            sputf(s, "    vstore%d(t, i, %s);\n", w, d2);
    }
    sputf(s, "}\n");
}

static const char *prologue(enum fp_type ty)
{
    return ty == FP_F64 ? "#pragma OPENCL EXTENSION cl_khr_fp64 : enable\n" : "";
}

/* ---- inputs and checking ------------------------------------------------------------------ */

struct batch {
    enum fp_type ty;
    size_t n; /* items */
    void *a, *b, *c, *r, *r2;
    int *k, *ri;
};

static void batch_alloc(struct batch *bt, enum fp_type ty, size_t n)
{
    size_t es = fp_size(ty);
    bt->ty = ty;
    bt->n = n;
    bt->a = calloc(n, es);
    bt->b = calloc(n, es);
    bt->c = calloc(n, es);
    bt->r = calloc(n, es);
    bt->r2 = calloc(n, es);
    bt->k = calloc(n, sizeof(int));
    bt->ri = calloc(n, sizeof(int));
    if (!bt->a || !bt->b || !bt->c || !bt->r || !bt->r2 || !bt->k || !bt->ri)
        abort();
}

static void batch_free(struct batch *bt)
{
    free(bt->a);
    free(bt->b);
    free(bt->c);
    free(bt->r);
    free(bt->r2);
    free(bt->k);
    free(bt->ri);
}

static bool batch_run(conf_t *t, cl_program p, const char *kname, struct batch *bt, size_t items,
                      size_t local)
{
    size_t es = fp_size(bt->ty), n = bt->n;
    void *args[] = {bt->a, bt->b, bt->c, bt->k, bt->r, bt->r2, bt->ri};
    size_t sizes[] = {n * es, n * es, n * es, n * sizeof(int), n * es, n * es, n * sizeof(int)};
    return fp_run(t, p, kname, items, local, 7, args, sizes, 0x70);
}

/* Keeps a value inside a half_/native_ domain. */
static long double domain(const struct mfn *f, enum fp_type ty, long double v)
{
    if (!(f->flags & (TRIG | POS | SMALL)))
        return v;
    if (isnan(v) || isinf(v))
        v = 1.5L;
    if (f->flags & TRIG)
        return fmodl(v, 65536.0L);
    if (f->flags & SMALL)
        return fmodl(v, 64.0L);
    v = fabsl(v);
    if (v < fp_min_normal(ty))
        v = 1.0L;
    return fp_round(ty, v);
}

static int rand_int(uint64_t *st, int lo, int hi)
{
    return lo + (int)(fp_rand(st) % (uint64_t)(hi - lo + 1));
}

/* Fills @bt with the inputs of @f: edge cases (crossed for two and three arguments), then
 * random values, @nrand of them. */
static void make_inputs(const struct mfn *f, struct batch *bt, size_t nrand, uint64_t seed)
{
    enum fp_type ty = bt->ty;
    long double edges[256], shorts[64];
    size_t ne = fp_edges(ty, edges, 256), ns = fp_edges_short(ty, shorts, 64);
    static const int ints[] = {0,    1,   -1,   2,   -2,   3,     -3,      4,
                               5,    -5,  7,    8,   10,   -10,   31,      127,
                               -127, 128, -149, 149, 1023, -1074, INT_MAX, INT_MIN};
    const size_t nints = sizeof(ints) / sizeof(ints[0]);
    uint64_t st = seed * 0x9E3779B97F4A7C15ull + 1;
    size_t i = 0, cap = bt->n;
    long double x[3];
    int k;
#define PUT(X0, X1, X2, K)                                                                         \
    do {                                                                                           \
        if (i < cap) {                                                                             \
            fp_store(ty, bt->a, i, domain(f, ty, X0));                                             \
            fp_store(ty, bt->b, i, domain(f, ty, X1));                                             \
            fp_store(ty, bt->c, i, X2);                                                            \
            bt->k[i] = (K);                                                                        \
            i++;                                                                                   \
        }                                                                                          \
    } while (0)
    switch (f->sig) {
    case S_F:
    case S_I_F:
    case S_FP:
    case S_FPI:
    case S_NAN:
        for (size_t e = 0; e < ne; e++)
            PUT(edges[e], 1.0L, 1.0L, 0);
        break;
    case S_FF:
    case S_FFPI:
        for (size_t e = 0; e < ns; e++)
            for (size_t g = 0; g < ns; g++)
                PUT(shorts[e], shorts[g], 1.0L, 0);
        for (size_t e = 0; e < ne; e++) {
            PUT(edges[e], fp_random(ty, &st, (unsigned)e), 1.0L, 0);
            PUT(fp_random(ty, &st, (unsigned)e), edges[e], 1.0L, 0);
        }
        break;
    case S_FFF:
        for (size_t e = 0; e < 14; e++)
            for (size_t g = 0; g < 14; g++)
                for (size_t h = 0; h < 14; h++)
                    PUT(shorts[e], shorts[g], shorts[h], 0);
        break;
    case S_FI:
        for (size_t e = 0; e < ne; e++)
            for (size_t g = 0; g < nints; g += (e % 3) + 1)
                PUT(edges[e], 1.0L, 1.0L, ints[g]);
        break;
    }
    size_t end = i + nrand < cap ? i + nrand : cap;
    for (unsigned kind = 0; i < end; kind++) {
        for (int j = 0; j < 3; j++)
            x[j] = fp_random(ty, &st, kind + (unsigned)j);
        k = f->sig == S_FI ? rand_int(&st, f->nlo, f->nhi) : 0;
        if (f->sig == S_FI && !strcmp(f->name, "ldexp") && ty == FP_F64)
            k *= 6;
        PUT(x[0], x[1], x[2], k);
    }
    bt->n = i;
#undef PUT
}

struct devconst {
    int ilogb0, ilogbnan;
    bool denorms;
};

static void fmt_inputs(const struct mfn *f, enum fp_type ty, const long double *x, int k, char *buf,
                       size_t size)
{
    char b0[64], b1[64], b2[64];
    switch (f->sig) {
    case S_FF:
    case S_FFPI:
        snprintf(buf, size, "%s, %s", fp_fmt(ty, x[0], b0, 64), fp_fmt(ty, x[1], b1, 64));
        break;
    case S_FFF:
        snprintf(buf, size, "%s, %s, %s", fp_fmt(ty, x[0], b0, 64), fp_fmt(ty, x[1], b1, 64),
                 fp_fmt(ty, x[2], b2, 64));
        break;
    case S_FI:
        snprintf(buf, size, "%s, %d", fp_fmt(ty, x[0], b0, 64), k);
        break;
    default:
        snprintf(buf, size, "%s", fp_fmt(ty, x[0], b0, 64));
        break;
    }
}

/* The largest error allowed for a bound from the table: 0 means correctly rounded (half an ulp;
 * the long double reference itself carries up to 2^-11 ulp of a double). */
static double allowed(float ulp)
{
    return ulp == 0 ? 0.5 + 1.0 / 1024 : (double)ulp;
}

/* Checks one floating-point result; returns its error in ulps (0 if not a number check). */
static double check_value(conf_t *t, struct fp_report *rep, const struct mfn *f, enum fp_type ty,
                          const char *what, const char *in, long double got, long double ref,
                          float ulp, const struct devconst *dc)
{
    char bg[64], br[64];
    double err = fp_ulp_error(ty, got, ref);
    /* A device that flushes denormals may return zero for a denormal result. */
    if (!dc->denorms && ref != 0 && fabsl(ref) < fp_min_normal(ty) && got == 0)
        err = 0;
    bool bad = !(fabs(err) <= allowed(ulp));
    if (isnan(ref) != isnan(got) || (isinf(fp_round(ty, ref)) && got != fp_round(ty, ref)))
        bad = true;
    if (!bad && ref == 0 && got == 0 && !(f->flags & NOZS) && signbit(ref) != signbit(got))
        bad = true;
    if (bad)
        fp_report_fail(t, rep, "%s(%s)%s: expected %s, got %s, %.3g ulp (bound %g)", f->name, in,
                       what, fp_fmt(ty, ref, br, 64), fp_fmt(ty, got, bg, 64), err, allowed(ulp));
    return isfinite(err) ? fabs(err) : 0;
}

/*
 * Checks lanes [0, count) of @bt against @f. @lane_of maps a result index to its input
 * index (identity for scalars). Returns the largest error seen.
 */
static double check_results(conf_t *t, struct fp_report *rep, const struct mfn *f,
                            const struct batch *bt, size_t count, const struct devconst *dc)
{
    enum fp_type ty = bt->ty;
    float ulp = ty == FP_F32 ? f->ulp_f : f->ulp_d;
    double maxerr = 0;
    for (size_t i = 0; i < count; i++) {
        long double x[3] = {fp_load(ty, bt->a, i), fp_load(ty, bt->b, i), fp_load(ty, bt->c, i)};
        int k = bt->k[i], oi = 0;
        long double o2 = 0;
        char in[256];
        fmt_inputs(f, ty, x, k, in, sizeof(in));
        long double got = fp_load(ty, bt->r, i);
        if (f->sig == S_I_F) {
            int want = isnan(x[0])   ? dc->ilogbnan
                       : x[0] == 0   ? dc->ilogb0
                       : isinf(x[0]) ? INT_MAX
                                     : ilogbl(x[0]);
            if (bt->ri[i] != want)
                fp_report_fail(t, rep, "ilogb(%s): expected %d, got %d", in, want, bt->ri[i]);
            continue;
        }
        if (f->sig == S_NAN) {
            if (!isnan(got))
                fp_report_fail(t, rep, "nan(%s): got %Lg, not a NaN", in, got);
            continue;
        }
        long double ref = f->ref(ty, x, k, &o2, &oi);
        if (f->flags & MAD) {
            /* either fused or a rounded multiply then a rounded add */
            long double fused, split;
            if (ty == FP_F32) {
                float p = (float)x[0] * (float)x[1];
                fused = fmaf((float)x[0], (float)x[1], (float)x[2]);
                split = p + (float)x[2];
            } else {
                double p = (double)x[0] * (double)x[1];
                fused = fma((double)x[0], (double)x[1], (double)x[2]);
                split = p + (double)x[2];
            }
            bool ok =
                (isnan(got) && (isnan(fused) || isnan(split))) || got == fused || got == split;
            if (!ok) {
                char b0[64], b1[64], b2[64];
                fp_report_fail(t, rep, "mad(%s): expected %s or %s, got %s", in,
                               fp_fmt(ty, fused, b0, 64), fp_fmt(ty, split, b1, 64),
                               fp_fmt(ty, got, b2, 64));
            }
            continue;
        }
        double e = check_value(t, rep, f, ty, "", in, got, ref, ulp, dc);
        if ((f->flags & LGAM) && x[0] <= 0)
            e = 0; /* only the positive axis is reported (the spec sets no bound) */
        if (e > maxerr)
            maxerr = e;
        switch (f->sig) {
        case S_FP: {
            const char *what = !strcmp(f->name, "sincos") ? " cos" : " *iptr";
            float ulp2 = !strcmp(f->name, "sincos") ? ulp : 0;
            e = check_value(t, rep, f, ty, what, in, fp_load(ty, bt->r2, i), o2, ulp2, dc);
            if (e > maxerr)
                maxerr = e;
            break;
        }
        case S_FPI:
            if (!strcmp(f->name, "frexp")) {
                if (isfinite(x[0]) && bt->ri[i] != oi)
                    fp_report_fail(t, rep, "frexp(%s) exponent: expected %d, got %d", in, oi,
                                   bt->ri[i]);
            } else if (isfinite(x[0]) && (x[0] > 0 || x[0] != floorl(x[0])) && isfinite(ref) &&
                       (bt->ri[i] > 0) != (oi > 0)) {
                fp_report_fail(t, rep, "lgamma_r(%s) sign: expected %d, got %d", in, oi, bt->ri[i]);
            }
            break;
        case S_FFPI:
            if (!isnan(ref)) {
                int q = bt->ri[i];
                int low = (q < 0 ? -q : q) & 127, wlow = (oi < 0 ? -oi : oi) & 127;
                if (low != wlow || (wlow && (q < 0) != (oi < 0)))
                    fp_report_fail(t, rep, "remquo(%s) quotient: expected %d (low 7 bits), got %d",
                                   in, oi, q);
            }
            break;
        default:
            break;
        }
    }
    return maxerr;
}

static bool device_consts(conf_t *t, cl_program p, struct devconst *dc, enum fp_type ty)
{
    int out[2] = {0, 0};
    void *args[] = {out};
    size_t sizes[] = {sizeof(out)};
    dc->denorms = fp_has_denorms(t, ty);
    if (!fp_run(t, p, "ilogb_consts", 1, 0, 1, args, sizes, 1))
        return false;
    dc->ilogb0 = out[0];
    dc->ilogbnan = out[1];
    return true;
}

static cl_program build(conf_t *t, const struct str *src, const char *options)
{
    return conf_build_opts_or_skip(t, src->p, options);
}

/* Prints "max ulp <type>: f1 e1, f2 e2, ..." in lines of a readable width. */
struct summary {
    char line[4096];
};

static void summary_add(struct summary *s, const char *name, double e)
{
    size_t l = strlen(s->line);
    snprintf(s->line + l, sizeof(s->line) - l, "%s%s %.2f", l ? ", " : "", name, e);
}

static void summary_print(conf_t *t, const char *what, enum fp_type ty, struct summary *s)
{
    conf_note(t, "max ulp %s (%s): %s", what, fp_name(ty), s->line);
}

enum { NRAND = 3000 };

static void scalar_test(conf_t *t, enum fp_type ty, const struct mfn *list, size_t nlist,
                        const char *what)
{
    if (!fp_need_type(t, ty))
        return;
    struct str src = {0};
    sputf(&src, "%s", prologue(ty));
    sputf(&src, "kernel void ilogb_consts(global int *o) { o[0] = FP_ILOGB0; "
                "o[1] = FP_ILOGBNAN; }\n");
    for (size_t i = 0; i < nlist; i++)
        kernel_src(&src, &list[i], fp_name(ty), 1);
    cl_program p = build(t, &src, "");
    free(src.p);
    struct devconst dc;
    if (!p || !device_consts(t, p, &dc, ty))
        return;
    struct summary sum = {""};
    for (size_t i = 0; i < nlist; i++) {
        const struct mfn *f = &list[i];
        struct batch bt;
        batch_alloc(&bt, ty, 4096 + NRAND);
        make_inputs(f, &bt, NRAND, i + 1);
        char kname[64];
        snprintf(kname, sizeof(kname), "k_%s", f->name);
        struct fp_report rep = {f->name, ty, 0, 0};
        if (batch_run(t, p, kname, &bt, bt.n, 0)) {
            double e = check_results(t, &rep, f, &bt, bt.n, &dc);
            if (f->sig != S_I_F && f->sig != S_NAN && !(f->flags & MAD))
                summary_add(&sum, f->name, e);
        }
        fp_report_end(t, &rep);
        batch_free(&bt);
    }
    summary_print(t, what, ty, &sum);
}

static void math_float(conf_t *t)
{
    scalar_test(t, FP_F32, funcs, NFUNCS, "scalar");
}

static void math_double(conf_t *t)
{
    scalar_test(t, FP_F64, funcs, NFUNCS, "scalar");
}

static void math_half_native(conf_t *t)
{
    scalar_test(t, FP_F32, reduced, NREDUCED, "half_/native_");
}

/* ---- vector forms ------------------------------------------------------------------------- */

static const char *const vector_subset[] = {
    "sin",   "cos",    "exp",   "log",   "pow",  "atan2",  "fma",    "ldexp",    "pown",
    "rootn", "ilogb",  "frexp", "fract", "modf", "sincos", "remquo", "lgamma_r", "nextafter",
    "fdim",  "maxmag", "nan",   "rsqrt", "sqrt", "tanpi",  "divide", "fmod",     "copysign",
};

static const struct mfn *find_fn(const char *name)
{
    for (size_t i = 0; i < NFUNCS; i++)
        if (!strcmp(funcs[i].name, name))
            return &funcs[i];
    return NULL;
}

static void vector_test(conf_t *t, enum fp_type ty)
{
    if (!fp_need_type(t, ty))
        return;
    static const int widths[] = {2, 3, 4, 8, 16};
    const size_t nsub = sizeof(vector_subset) / sizeof(vector_subset[0]);
    struct str src = {0};
    sputf(&src, "%s", prologue(ty));
    sputf(&src, "kernel void ilogb_consts(global int *o) { o[0] = FP_ILOGB0; "
                "o[1] = FP_ILOGBNAN; }\n");
    for (size_t i = 0; i < nsub; i++)
        for (size_t w = 0; w < 5; w++)
            kernel_src(&src, find_fn(vector_subset[i]), fp_name(ty), widths[w]);
    cl_program p = build(t, &src, "");
    free(src.p);
    struct devconst dc;
    if (!p || !device_consts(t, p, &dc, ty))
        return;
    struct summary sum = {""};
    for (size_t i = 0; i < nsub; i++) {
        const struct mfn *f = find_fn(vector_subset[i]);
        double maxe = 0;
        for (size_t w = 0; w < 5; w++) {
            int wd = widths[w];
            struct batch bt;
            batch_alloc(&bt, ty, 1200);
            make_inputs(f, &bt, 1200, 100 + i * 7 + w);
            /* lanes beyond the last whole vector are not part of any item */
            size_t items = bt.n / (size_t)wd;
            char kname[64], what[32];
            snprintf(kname, sizeof(kname), "k_%s_%d", f->name, wd);
            snprintf(what, sizeof(what), "%s%d", f->name, wd);
            struct fp_report rep = {what, ty, 0, 0};
            if (batch_run(t, p, kname, &bt, items, 0)) {
                double e = check_results(t, &rep, f, &bt, items * (size_t)wd, &dc);
                if (e > maxe)
                    maxe = e;
            }
            fp_report_end(t, &rep);
            batch_free(&bt);
        }
        if (f->sig != S_I_F && f->sig != S_NAN)
            summary_add(&sum, f->name, maxe);
    }
    summary_print(t, "vector", ty, &sum);
}

static void math_vector_float(conf_t *t)
{
    vector_test(t, FP_F32);
}

static void math_vector_double(conf_t *t)
{
    vector_test(t, FP_F64);
}

/* ---- output pointers in every address space ----------------------------------------------- */

static const char *const pointer_fns[] = {"fract", "modf", "sincos", "frexp", "lgamma_r", "remquo"};
#define NPOINTER (sizeof(pointer_fns) / sizeof(pointer_fns[0]))
enum { PTR_LOCAL = 64 };

/*
 * Kernels s_<space>_<fn> storing the pointer result through a pointer to global, local or
 * private memory (OpenCL C 1.2 overloads), or through a generic pointer that points to
 * each of the three by turns (OpenCL C 2.0+).
 */
static void pointer_src(struct str *s, const struct mfn *f, const char *ty, const char *space)
{
    bool two = f->sig == S_FFPI, tout = f->sig == S_FP;
    const char *pt = tout ? ty : "int", *dst = tout ? "r2" : "ri";
    const char *args = two ? "a[i], b[i], " : "a[i], ";
    sputf(s,
          "kernel void s_%s_%s" KARGS "\n{\n    size_t i = get_global_id(0), j = "
          "get_local_id(0);\n    local %s l[%d];\n    %s p;\n",
          space, f->name, ty, ty, ty, ty, ty, pt, PTR_LOCAL, pt);
    if (!strcmp(space, "global"))
        sputf(s, "    r[i] = %s(%s&%s[i]);\n", f->name, args, dst);
    else if (!strcmp(space, "local"))
        sputf(s, "    r[i] = %s(%s&l[j]);\n    %s[i] = l[j];\n", f->name, args, dst);
    else if (!strcmp(space, "private"))
        sputf(s, "    r[i] = %s(%s&p);\n    %s[i] = p;\n", f->name, args, dst);
    else
        /* n[i] (i % 3, from the host) picks the space at run time */
        sputf(s,
              "    generic %s *q = n[i] == 0 ? (generic %s *)&%s[i] : n[i] == 1 ? "
              "(generic %s *)&l[j] : (generic %s *)&p;\n"
              "    r[i] = %s(%sq);\n"
              "    if (n[i] == 1) %s[i] = l[j];\n    if (n[i] == 2) %s[i] = p;\n",
              pt, pt, dst, pt, pt, f->name, args, dst, dst);
    sputf(s, "}\n");
}

static void pointer_test(conf_t *t, enum fp_type ty)
{
    if (!fp_need_type(t, ty))
        return;
    static const char *const spaces[] = {"global", "local", "private", "generic"};
    for (int gen = 0; gen < 2; gen++) {
        const char *std = gen ? conf_cl_std_2plus(t) : "-cl-std=CL1.2";
        if (!std) {
            conf_note(t, "generic pointers not checked: the device has no OpenCL C 2.0+");
            continue;
        }
        if (gen && !conf_has_c_feature(t, "__opencl_c_generic_address_space") &&
            !conf_has_c_version(t, 2, 0)) {
            conf_note(t, "generic pointers not checked: no __opencl_c_generic_address_space");
            continue;
        }
        struct str src = {0};
        sputf(&src, "%s", prologue(ty));
        sputf(&src, "kernel void ilogb_consts(global int *o) { o[0] = FP_ILOGB0; "
                    "o[1] = FP_ILOGBNAN; }\n");
        for (size_t i = 0; i < NPOINTER; i++)
            for (int sp = gen ? 3 : 0; sp < (gen ? 4 : 3); sp++)
                pointer_src(&src, find_fn(pointer_fns[i]), fp_name(ty), spaces[sp]);
        cl_program p = build(t, &src, std);
        free(src.p);
        struct devconst dc;
        if (!p || !device_consts(t, p, &dc, ty))
            return;
        for (size_t i = 0; i < NPOINTER; i++) {
            const struct mfn *f = find_fn(pointer_fns[i]);
            for (int sp = gen ? 3 : 0; sp < (gen ? 4 : 3); sp++) {
                struct batch bt;
                batch_alloc(&bt, ty, 1024);
                make_inputs(f, &bt, 1024, 500 + i);
                size_t items = bt.n / PTR_LOCAL * PTR_LOCAL;
                for (size_t e = 0; e < items; e++)
                    bt.k[e] = (int)(e % 3);
                char kname[64], what[64];
                snprintf(kname, sizeof(kname), "s_%s_%s", spaces[sp], f->name);
                snprintf(what, sizeof(what), "%s via %s pointer", f->name, spaces[sp]);
                struct fp_report rep = {what, ty, 0, 0};
                if (batch_run(t, p, kname, &bt, items, PTR_LOCAL))
                    check_results(t, &rep, f, &bt, items, &dc);
                fp_report_end(t, &rep);
                batch_free(&bt);
            }
        }
    }
}

static void math_pointers_float(conf_t *t)
{
    pointer_test(t, FP_F32);
}

static void math_pointers_double(conf_t *t)
{
    pointer_test(t, FP_F64);
}

/* ---- floating-point capabilities and build options ---------------------------------------- */

static const char fp_src[] =
    "#ifdef cl_khr_fp64\n#pragma OPENCL EXTENSION cl_khr_fp64 : enable\n#endif\n"
    "kernel void fops(global const float *a, global const float *b, global float *add,\n"
    "                 global float *mul, global float *div, global float *sq, global float *fm)\n"
    "{\n"
    "    size_t i = get_global_id(0);\n"
    "    add[i] = a[i] + b[i];\n"
    "    mul[i] = a[i] * b[i];\n"
    "    div[i] = a[i] / b[i];\n"
    "    sq[i] = sqrt(a[i]);\n"
    "    fm[i] = fma(a[i], b[i], a[i]);\n"
    "}\n"
    "#ifdef cl_khr_fp64\n"
    "kernel void dops(global const double *a, global const double *b, global double *add,\n"
    "                 global double *mul, global double *div, global double *sq,\n"
    "                 global double *fm)\n"
    "{\n"
    "    size_t i = get_global_id(0);\n"
    "    add[i] = a[i] + b[i];\n"
    "    mul[i] = a[i] * b[i];\n"
    "    div[i] = a[i] / b[i];\n"
    "    sq[i] = sqrt(a[i]);\n"
    "    fm[i] = fma(a[i], b[i], a[i]);\n"
    "}\n"
    "#endif\n"
    "kernel void macros(global int *o)\n"
    "{\n"
    "#ifdef __FAST_RELAXED_MATH__\n"
    "    o[0] = 1;\n"
    "#else\n"
    "    o[0] = 0;\n"
    "#endif\n"
    "}\n";

/* Runs the basic operations of @ty on random and denormal operands and checks each against
 * the host, correctly rounded: exact for + * fma (and / sqrt when @exact_div). */
static void check_basic_ops(conf_t *t, enum fp_type ty, const char *options, bool exact_div)
{
    cl_program p = conf_build_opts_or_skip(t, fp_src, options);
    if (!p)
        return;
    enum { N = 2048 };
    size_t es = fp_size(ty);
    void *bufs[7];
    for (int i = 0; i < 7; i++)
        bufs[i] = calloc(N, es);
    uint64_t st = 77;
    for (size_t i = 0; i < N; i++) {
        long double a = fp_random(ty, &st, (unsigned)i), b = fp_random(ty, &st, (unsigned)i + 1);
        if (i % 4 == 0) { /* denormal operands and results */
            a = fp_round(ty, fp_min_normal(ty) * fp_uniform(ty, &st, -1, 1));
            b = fp_uniform(ty, &st, -2, 2);
        }
        fp_store(ty, bufs[0], i, a);
        fp_store(ty, bufs[1], i, b);
    }
    size_t sizes[7];
    for (int i = 0; i < 7; i++)
        sizes[i] = N * es;
    if (fp_run(t, p, ty == FP_F32 ? "fops" : "dops", N, 0, 7, bufs, sizes, 0x7c)) {
        struct devconst dc = {0, 0, fp_has_denorms(t, ty)};
        static const struct mfn ops[] = {
            {"+", S_FF, 0, 0, NULL, 0, 0, 0},    {"*", S_FF, 0, 0, NULL, 0, 0, 0},
            {"/", S_FF, 2.5f, 0, NULL, 0, 0, 0}, {"sqrt", S_F, 3, 0, NULL, 0, 0, 0},
            {"fma", S_FFF, 0, 0, NULL, 0, 0, 0},
        };
        for (int o = 0; o < 5; o++) {
            struct fp_report rep = {ops[o].name, ty, 0, 0};
            float ulp = ty == FP_F32 ? ops[o].ulp_f : ops[o].ulp_d;
            if (exact_div && o >= 2)
                ulp = 0;
            for (size_t i = 0; i < N; i++) {
                long double a = fp_load(ty, bufs[0], i), b = fp_load(ty, bufs[1], i), ref;
                ref = o == 0   ? a + b
                      : o == 1 ? a * b
                      : o == 2 ? a / b
                      : o == 3 ? sqrtl(a)
                               : fmal(a, b, a);
                char in[160], b0[64], b1[64];
                snprintf(in, sizeof(in), "%s, %s", fp_fmt(ty, a, b0, 64), fp_fmt(ty, b, b1, 64));
                check_value(t, &rep, &ops[o], ty, options[0] ? " with options" : "", in,
                            fp_load(ty, bufs[2 + o], i), ref, ulp, &dc);
            }
            fp_report_end(t, &rep);
        }
    }
    for (int i = 0; i < 7; i++)
        free(bufs[i]);
}

/* CL_DEVICE_SINGLE/DOUBLE_FP_CONFIG state what the arithmetic does. */
static void math_fp_config(conf_t *t)
{
    cl_device_fp_config sc = 0, dc = 0;
    CHECK_OK(clGetDeviceInfo(t->device, CL_DEVICE_SINGLE_FP_CONFIG, sizeof(sc), &sc, NULL));
    /* "The mandated minimum single precision floating-point capability for devices that are
     * not of type CL_DEVICE_TYPE_CUSTOM is: CL_FP_ROUND_TO_NEAREST | CL_FP_INF_NAN." */
    CHECK(sc & CL_FP_ROUND_TO_NEAREST);
    CHECK(sc & CL_FP_INF_NAN);
    bool fp64 = conf_has_extension(t, t->device, "cl_khr_fp64");
    CHECK_OK(clGetDeviceInfo(t->device, CL_DEVICE_DOUBLE_FP_CONFIG, sizeof(dc), &dc, NULL));
    if (fp64) {
        /* "Double precision is an optional feature so the mandated minimum double precision
         * floating-point capability is 0. If double precision is supported by the device,
         * then the minimum double precision floating-point capability for OpenCL 2.0 or newer
         * is: CL_FP_FMA | CL_FP_ROUND_TO_NEAREST | CL_FP_INF_NAN | CL_FP_DENORM." */
        CHECK((dc & (CL_FP_FMA | CL_FP_ROUND_TO_NEAREST | CL_FP_INF_NAN | CL_FP_DENORM)) ==
              (CL_FP_FMA | CL_FP_ROUND_TO_NEAREST | CL_FP_INF_NAN | CL_FP_DENORM));
        /* The cl_khr_fp64 extension (what OpenCL C 1.x programs use) mandates more: "CL_FP_FMA
         * | CL_FP_ROUND_TO_NEAREST | CL_FP_ROUND_TO_ZERO | CL_FP_ROUND_TO_INF | CL_FP_INF_NAN |
         * CL_FP_DENORM". The rounding modes are those of the conversions category's _rtz/_rtp/
         * _rtn conversions from and to double. */
        if (conf_has_c_version(t, 1, 2))
            CHECK_EQ_U(CL_FP_ROUND_TO_ZERO | CL_FP_ROUND_TO_INF,
                       dc & (CL_FP_ROUND_TO_ZERO | CL_FP_ROUND_TO_INF));
    } else {
        CHECK_EQ_U(0, dc);
    }
    check_basic_ops(t, FP_F32, "", false);
    if (fp64)
        check_basic_ops(t, FP_F64, "", false);
    if (sc & CL_FP_CORRECTLY_ROUNDED_DIVIDE_SQRT)
        check_basic_ops(t, FP_F32, "-cl-fp32-correctly-rounded-divide-sqrt", true);
}

/* Every math build option is accepted; -cl-fast-relaxed-math defines __FAST_RELAXED_MATH__
 * and the others do not. */
static void math_build_options(conf_t *t)
{
    static const char *const opts[] = {
        "",
        "-cl-fast-relaxed-math",
        "-cl-denorms-are-zero",
        "-cl-mad-enable",
        "-cl-no-signed-zeros",
        "-cl-unsafe-math-optimizations",
        "-cl-finite-math-only",
        "-cl-fp32-correctly-rounded-divide-sqrt",
        "-cl-mad-enable -cl-no-signed-zeros -cl-finite-math-only",
    };
    for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
        cl_program p = conf_build_opts_or_skip(t, fp_src, opts[i]);
        if (!p)
            return;
        int out = -1;
        void *args[] = {&out};
        size_t sizes[] = {sizeof(out)};
        if (fp_run(t, p, "macros", 1, 0, 1, args, sizes, 1))
            CHECK_MSG(out == (strstr(opts[i], "fast-relaxed") != NULL),
                      "%s: __FAST_RELAXED_MATH__ %s", opts[i], out ? "defined" : "not defined");
    }
    /* Options that only allow less accuracy still give IEEE results on finite operands that
     * need none of the freedoms: + * are exact either way. */
    check_basic_ops(t, FP_F32, "-cl-mad-enable -cl-no-signed-zeros", false);
}

static const struct conf_test tests[] = {
    CONF_TEST(math_float),         CONF_TEST(math_double),         CONF_TEST(math_vector_float),
    CONF_TEST(math_vector_double), CONF_TEST(math_pointers_float), CONF_TEST(math_pointers_double),
    CONF_TEST(math_half_native),   CONF_TEST(math_fp_config),      CONF_TEST(math_build_options),
};
CONF_CATEGORY_TIMEOUT(
    conf_cat_math, "math",
    "OpenCL C math built-ins for float and double against a long double reference "
    "(ULP bounds of the full profile), vector forms, output pointers in every "
    "address space, half_/native_, FP config and math build options",
    tests, 600);
