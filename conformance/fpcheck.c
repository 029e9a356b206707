/* Floating-point checking helpers shared by math, common, geometric and relational. */
#include "fpcheck.h"

#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Failures printed per function before only counting them. */
#define FP_MAX_PRINTED 6

const char *fp_name(enum fp_type ty)
{
    return ty == FP_F32 ? "float" : "double";
}

size_t fp_size(enum fp_type ty)
{
    return ty == FP_F32 ? 4 : 8;
}

long double fp_round(enum fp_type ty, long double v)
{
    return ty == FP_F32 ? (long double)(float)v : (long double)(double)v;
}

long double fp_load(enum fp_type ty, const void *buf, size_t i)
{
    if (ty == FP_F32)
        return ((const float *)buf)[i];
    return ((const double *)buf)[i];
}

void fp_store(enum fp_type ty, void *buf, size_t i, long double v)
{
    if (ty == FP_F32)
        ((float *)buf)[i] = (float)v;
    else
        ((double *)buf)[i] = (double)v;
}

long double fp_min_normal(enum fp_type ty)
{
    return ty == FP_F32 ? (long double)FLT_MIN : (long double)DBL_MIN;
}

double fp_ulp_error(enum fp_type ty, long double got, long double ref)
{
    int mant = ty == FP_F32 ? FLT_MANT_DIG : DBL_MANT_DIG;
    int emin = ty == FP_F32 ? FLT_MIN_EXP - 1 : DBL_MIN_EXP - 1; /* exponent of the min normal */
    int emax = ty == FP_F32 ? FLT_MAX_EXP : DBL_MAX_EXP;

    if (isnan(ref))
        return isnan(got) ? 0.0 : INFINITY;
    if (isnan(got))
        return INFINITY;
    if (isinf(ref))
        return got == ref ? 0.0 : INFINITY;
    /* a finite reference that rounds to infinity: the infinity is the correctly rounded result */
    if (isinf(fp_round(ty, ref)) && got == fp_round(ty, ref))
        return 0.0;
    if (isinf(got))
        got = copysignl(ldexpl(1.0L, emax), got);
    int e = ref == 0 ? emin : ilogbl(ref);
    if (e < emin)
        e = emin;
    else if (ref != 0 && e > emin) {
        int ex;
        if (frexpl(fabsl(ref), &ex) == 0.5L)
            e--; /* a power of two: the finer ulp of the binade below */
    }
    return (double)((got - ref) / ldexpl(1.0L, e - (mant - 1)));
}

const char *fp_fmt(enum fp_type ty, long double v, char *buf, size_t size)
{
    if (ty == FP_F32)
        snprintf(buf, size, "%a (%.9g)", (double)(float)v, (double)(float)v);
    else if (isnan(v) || isinf(v) || (long double)(double)v == v)
        snprintf(buf, size, "%a (%.17g)", (double)v, (double)v);
    else
        snprintf(buf, size, "%La (%.21Lg)", v, v);
    return buf;
}

long double fp_uniform(enum fp_type ty, uint64_t *state, long double lo, long double hi)
{
    long double u = (long double)(fp_rand(state) >> 11) / 9007199254740992.0L;
    return fp_round(ty, lo + (hi - lo) * u);
}

long double fp_random(enum fp_type ty, uint64_t *state, unsigned kind)
{
    uint64_t r = fp_rand(state);
    switch (kind % 3) {
    case 0: /* any bit pattern: every binade, denormals, infinities and NaNs */
        return ty == FP_F32 ? f32_of(r >> 32) : f64_of(r);
    case 1: { /* moderate magnitudes 2^-20 .. 2^20, either sign */
        long double m = 1.0L + (long double)(r >> 11 & 0xfffffffffffull) / 17592186044416.0L;
        int e = (int)((r >> 56) % 41) - 20;
        return fp_round(ty, (r & 1 ? -1.0L : 1.0L) * ldexpl(m, e));
    }
    default:
        return fp_uniform(ty, state, -4.0L, 4.0L);
    }
}

static size_t add(long double *out, size_t n, size_t cap, enum fp_type ty, long double v)
{
    if (n < cap)
        out[n++] = fp_round(ty, v);
    return n;
}

size_t fp_edges_short(enum fp_type ty, long double *out, size_t cap)
{
    const bool f = ty == FP_F32;
    const long double vals[] = {0.0L,
                                -0.0L,
                                INFINITY,
                                -INFINITY,
                                NAN,
                                1.0L,
                                -1.0L,
                                0.5L,
                                -0.5L,
                                2.0L,
                                -2.0L,
                                3.0L,
                                -3.0L,
                                1.5L,
                                -2.5L,
                                0.25L,
                                f ? FLT_MAX : DBL_MAX,
                                f ? -FLT_MAX : -DBL_MAX,
                                f ? FLT_MIN : DBL_MIN,
                                f ? -FLT_MIN : -DBL_MIN,
                                f ? FLT_TRUE_MIN : DBL_TRUE_MIN,
                                f ? -FLT_TRUE_MIN : -DBL_TRUE_MIN,
                                0.1L,
                                -7.0L,
                                100.0L,
                                1e-5L};
    size_t n = 0;
    for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++)
        n = add(out, n, cap, ty, vals[i]);
    return n;
}

size_t fp_edges(enum fp_type ty, long double *out, size_t cap)
{
    const bool f = ty == FP_F32;
    size_t n = fp_edges_short(ty, out, cap);
    const long double pi = 3.141592653589793238462643383279502884L;
    const long double more[] = {
        f ? FLT_MIN * (1 - FLT_EPSILON) : DBL_MIN * (1 - DBL_EPSILON), /* largest denormal */
        f ? -FLT_MIN * (1 - FLT_EPSILON) : -DBL_MIN * (1 - DBL_EPSILON),
        f ? FLT_MAX / 2 : DBL_MAX / 2,
        f ? 0x1p23L : 0x1p52L,
        f ? -0x1p23L : -0x1p52L,
        f ? 0x1p24L : 0x1p53L,
        f ? 0x1.fffffep22L : 0x1.fffffffffffffp51L, /* largest x.5 */
        f ? 0x1.fffffep-2L : 0x1.fffffffffffffp-2L, /* just below 0.5 */
        f ? 0x1.000002p-1L : 0x1.0000000000001p-1L,
        f ? 0x1.fffffep-1L : 0x1.fffffffffffffp-1L, /* just below 1 */
        f ? 88.72283935546875L : 709.782712893384L, /* exp overflow threshold */
        f ? -87.33654475L : -708.3964185322641L,
        f ? -103.972084045410L : -745.1332191019411L,
        1e10L,
        -1e10L,
        1e30L,
        -1e-30L,
        1e-10L,
        65504.0L,
        0.75L,
        -0.75L,
        4.0L,
        10.0L,
        -10.0L,
        0.3L,
        -0.7L,
        1e6L,
        f ? 1e37L : 1e300L,
        f ? 1e-37L : 1e-300L,
    };
    for (size_t i = 0; i < sizeof(more) / sizeof(more[0]); i++)
        n = add(out, n, cap, ty, more[i]);
    for (int i = -12; i <= 12; i++) /* integers and half-integers */
        n = add(out, n, cap, ty, i * 0.5L);
    /* multiples of pi/2 rounded to the type, and their neighbours */
    const long double ks[] = {1,    2,     3,    4,    5,           7,     10,    100,
                              1000, 12345, 1e6L, 1e7L, 16777216.0L, 1e10L, 1e15L, 1e20L};
    for (size_t i = 0; i < sizeof(ks) / sizeof(ks[0]); i++) {
        long double v = fp_round(ty, ks[i] * pi / 2);
        n = add(out, n, cap, ty, v);
        n = add(out, n, cap, ty, -v);
        if (f) {
            n = add(out, n, cap, ty, nextafterf((float)v, INFINITY));
            n = add(out, n, cap, ty, nextafterf((float)v, 0));
        } else {
            n = add(out, n, cap, ty, nextafter((double)v, INFINITY));
            n = add(out, n, cap, ty, nextafter((double)v, 0));
        }
    }
    return n;
}

bool fp_need_type(conf_t *t, enum fp_type ty)
{
    if (ty == FP_F32)
        return true;
    if (!conf_has_extension(t, t->device, "cl_khr_fp64")) {
        conf_skip(t, "device lacks cl_khr_fp64");
        return false;
    }
    return true;
}

bool fp_has_denorms(conf_t *t, enum fp_type ty)
{
    cl_device_fp_config c = 0;
    clGetDeviceInfo(t->device,
                    ty == FP_F32 ? CL_DEVICE_SINGLE_FP_CONFIG : CL_DEVICE_DOUBLE_FP_CONFIG,
                    sizeof(c), &c, NULL);
    return (c & CL_FP_DENORM) != 0;
}

void fp_report_fail(conf_t *t, struct fp_report *r, const char *fmt, ...)
{
    r->failures++;
    if (r->failures > FP_MAX_PRINTED)
        return;
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    if (r->failures == 1)
        conf_fail(t, __FILE__, __LINE__, "%s(%s): %s", r->fn, fp_name(r->ty), msg);
    else
        conf_note(t, "%s(%s): %s", r->fn, fp_name(r->ty), msg);
}

void fp_report_end(conf_t *t, struct fp_report *r)
{
    if (r->failures > FP_MAX_PRINTED)
        conf_note(t, "%s(%s): %u failures in all", r->fn, fp_name(r->ty), r->failures);
}

bool fp_run(conf_t *t, cl_program p, const char *name, size_t n, size_t local, unsigned nargs,
            void *const *args, const size_t *sizes, unsigned out_mask)
{
    cl_int err = CL_SUCCESS;
    cl_kernel k = clCreateKernel(p, name, &err);
    if (!k) {
        conf_fail(t, __FILE__, __LINE__, "clCreateKernel(%s): %s", name, conf_err_name(err));
        return false;
    }
    cl_mem mems[12] = {0};
    bool ok = nargs <= 12;
    for (unsigned a = 0; ok && a < nargs; a++) {
        mems[a] = clCreateBuffer(conf_context(t), CL_MEM_READ_WRITE | CL_MEM_COPY_HOST_PTR,
                                 sizes[a], args[a], &err);
        ok = mems[a] && clSetKernelArg(k, a, sizeof(cl_mem), &mems[a]) == CL_SUCCESS;
    }
    if (ok) {
        err = clEnqueueNDRangeKernel(conf_queue(t), k, 1, NULL, &n, local ? &local : NULL, 0, NULL,
                                     NULL);
        ok = err == CL_SUCCESS;
    }
    for (unsigned a = 0; ok && a < nargs; a++)
        if (out_mask & (1u << a)) {
            err = clEnqueueReadBuffer(conf_queue(t), mems[a], CL_TRUE, 0, sizes[a], args[a], 0,
                                      NULL, NULL);
            ok = err == CL_SUCCESS;
        }
    if (!ok)
        conf_fail(t, __FILE__, __LINE__, "running %s over %zu work-items: %s", name, n,
                  conf_err_name(err));
    for (unsigned a = 0; a < nargs; a++)
        if (mems[a])
            clReleaseMemObject(mems[a]);
    clReleaseKernel(k);
    return ok;
}
