/*
 * Helpers of the built-in library categories (conversions, integer,
 * vector): the OpenCL C scalar types, generated kernel sources, running a
 * 1-D kernel over host arrays, and a reproducible random source.
 */
#ifndef CONF_TYPED_H
#define CONF_TYPED_H

#include "harness.h"

enum ty {
    TY_CHAR,
    TY_UCHAR,
    TY_SHORT,
    TY_USHORT,
    TY_INT,
    TY_UINT,
    TY_LONG,
    TY_ULONG,
    TY_FLOAT,
    TY_DOUBLE,
    TY_COUNT
};

struct ty_info {
    const char *name;
    unsigned size; /* bytes */
    bool is_signed;
    bool is_float;
};

extern const struct ty_info ty_info[TY_COUNT];

/* The unsigned integer type of the same size (floats: uint/ulong). */
enum ty ty_unsigned(enum ty t);
/* Value @i of an array of @t elements, as its bits zero-extended. */
uint64_t ty_get(enum ty t, const void *base, size_t i);
void ty_set(enum ty t, void *base, size_t i, uint64_t bits);
/* Sign- or zero-extend the bits of integer type @t to 64. */
int64_t ty_sext(enum ty t, uint64_t bits);
uint64_t ty_mask(enum ty t);
/* "-12", "200", "0x1p-149 (0x00000001)": the value for failure messages. */
const char *ty_fmt(enum ty t, uint64_t bits, char *buf, size_t size);

/* Float values from their bits (the low 32 for a float) and back. */
double f32_of(uint64_t bits);
double f64_of(uint64_t bits);
uint64_t bits_f32(float f);
uint64_t bits_f64(double d);

/* The device supports double (cl_khr_fp64 or the __opencl_c_fp64 feature). */
bool conf_has_fp64(conf_t *t);

/* A growing source text (freed after the test; NULL text once out of memory). */
struct src {
    char *s;
    size_t len, cap;
};
struct src *src_new(conf_t *t);
void src_reset(struct src *s);
const char *src_text(const struct src *s);
void src_add(struct src *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A kernel argument: a buffer of @size bytes copied from @host (read back into it if @out). */
struct karg {
    void *host;
    size_t size;
    bool out;
};

/* Build @src (NULL with a failure or skip recorded). */
cl_program conf_build_src(conf_t *t, const char *src, const char *what);
/* Run kernel @name of @p over @global work-items with buffer arguments @args. */
bool conf_run_1d(conf_t *t, cl_program p, const char *name, size_t global, struct karg *args,
                 int nargs);

/* xorshift64*: reproducible inputs for a given seed. */
uint64_t conf_rand(uint64_t *state);

/* Vector widths every category covers. */
extern const unsigned conf_widths[6];

#endif
