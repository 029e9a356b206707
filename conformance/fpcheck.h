/*
 * Helpers shared by the floating-point categories (math, common, geometric,
 * relational): ULP error against a long double reference the way the Khronos
 * CTS measures it, value formatting, a deterministic random source, edge-case
 * value lists, and a batched kernel runner.
 */
#ifndef CONF_FPCHECK_H
#define CONF_FPCHECK_H

#include "typed.h"

#include <stdbool.h>
#include <stdint.h>

/* The two types under test; everything is kept as long double on the host. */
enum fp_type { FP_F32, FP_F64 };

/* The type's OpenCL C name and its integer type of the same width. */
const char *fp_name(enum fp_type ty);
size_t fp_size(enum fp_type ty);

/* Round @v to the type (what storing it into a float/double does). */
long double fp_round(enum fp_type ty, long double v);
/* Raw bits of element @i of a buffer of the type, as long double and back. */
long double fp_load(enum fp_type ty, const void *buf, size_t i);
void fp_store(enum fp_type ty, void *buf, size_t i, long double v);

/*
 * Error of @got in units in the last place of the type at the reference @ref
 * (not rounded). As in the CTS: a power-of-two reference uses the ulp of the
 * binade below, subnormals the ulp of the smallest normal binade, an infinite
 * result for a finite reference counts as 2^(emax+1). NaN/inf mismatches
 * return INFINITY.
 */
double fp_ulp_error(enum fp_type ty, long double got, long double ref);
/* Smallest normal magnitude of the type. */
long double fp_min_normal(enum fp_type ty);

/* "%a (%.9g)"-style rendering into @buf. */
const char *fp_fmt(enum fp_type ty, long double v, char *buf, size_t size);

/* The harness's xorshift64* (conf_rand): the inputs are the same on every run and platform. */
static inline uint64_t fp_rand(uint64_t *state)
{
    return conf_rand(state);
}
/* A random value of the type: raw bit patterns, moderate magnitudes or small ones by turns. */
long double fp_random(enum fp_type ty, uint64_t *state, unsigned kind);
/* Uniform in [lo, hi], rounded to the type. */
long double fp_uniform(enum fp_type ty, uint64_t *state, long double lo, long double hi);

/* Edge-case inputs (zeros, infinities, NaN, denormals, extremes, integers, half-integers,
 * multiples of pi/2 and their neighbours); returns the count written (at most @cap). */
size_t fp_edges(enum fp_type ty, long double *out, size_t cap);
/* A short list of the most special values, for argument cross products. */
size_t fp_edges_short(enum fp_type ty, long double *out, size_t cap);

/* The device has cl_khr_fp64; if not, SKIPs the test and returns false. */
bool fp_need_type(conf_t *t, enum fp_type ty);
/* The device keeps denormals of the type (CL_FP_DENORM). */
bool fp_has_denorms(conf_t *t, enum fp_type ty);

/* Failure reporting that caps the lines printed per function. */
struct fp_report {
    const char *fn;
    enum fp_type ty;
    unsigned failures;
    double max_ulp;
};
void fp_report_fail(conf_t *t, struct fp_report *r, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* One line "fn(type): N failures" after the capped ones, when needed. */
void fp_report_end(conf_t *t, struct fp_report *r);

/*
 * Runs kernel @name of @p over @n work-items (local size @local, 0 for any)
 * with buffer arguments: @nargs host arrays @args[k] of @sizes[k] bytes; the
 * ones flagged in @out_mask are read back into the same host arrays
 * afterwards. Returns false (with a failure recorded) on any CL error.
 */
bool fp_run(conf_t *t, cl_program p, const char *name, size_t n, size_t local, unsigned nargs,
            void *const *args, const size_t *sizes, unsigned out_mask);

#endif
