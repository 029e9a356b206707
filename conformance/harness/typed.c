/* Helpers of the built-in library categories: types, generated sources, 1-D runs. */
#include "typed.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct ty_info ty_info[TY_COUNT] = {
    [TY_CHAR] = {"char", 1, true, false},   [TY_UCHAR] = {"uchar", 1, false, false},
    [TY_SHORT] = {"short", 2, true, false}, [TY_USHORT] = {"ushort", 2, false, false},
    [TY_INT] = {"int", 4, true, false},     [TY_UINT] = {"uint", 4, false, false},
    [TY_LONG] = {"long", 8, true, false},   [TY_ULONG] = {"ulong", 8, false, false},
    [TY_FLOAT] = {"float", 4, true, true},  [TY_DOUBLE] = {"double", 8, true, true},
};

const unsigned conf_widths[6] = {1, 2, 3, 4, 8, 16};

enum ty ty_unsigned(enum ty t)
{
    switch (ty_info[t].size) {
    case 1:
        return TY_UCHAR;
    case 2:
        return TY_USHORT;
    case 4:
        return TY_UINT;
    default:
        return TY_ULONG;
    }
}

uint64_t ty_mask(enum ty t)
{
    return ty_info[t].size == 8 ? ~0ull : (1ull << (8 * ty_info[t].size)) - 1;
}

uint64_t ty_get(enum ty t, const void *base, size_t i)
{
    uint64_t v = 0;
    memcpy(&v, (const char *)base + i * ty_info[t].size, ty_info[t].size); /* little-endian */
    return v;
}

void ty_set(enum ty t, void *base, size_t i, uint64_t bits)
{
    memcpy((char *)base + i * ty_info[t].size, &bits, ty_info[t].size);
}

int64_t ty_sext(enum ty t, uint64_t bits)
{
    unsigned w = 8 * ty_info[t].size;
    bits &= ty_mask(t);
    if (w < 64 && ty_info[t].is_signed && (bits >> (w - 1)))
        bits |= ~0ull << w;
    return (int64_t)bits;
}

const char *ty_fmt(enum ty t, uint64_t bits, char *buf, size_t size)
{
    bits &= ty_mask(t);
    if (t == TY_FLOAT) {
        float f;
        uint32_t u = (uint32_t)bits;
        memcpy(&f, &u, 4);
        snprintf(buf, size, "%a (0x%08x)", (double)f, u);
    } else if (t == TY_DOUBLE) {
        double d;
        memcpy(&d, &bits, 8);
        snprintf(buf, size, "%a (0x%016llx)", d, (unsigned long long)bits);
    } else if (ty_info[t].is_signed) {
        snprintf(buf, size, "%lld", (long long)ty_sext(t, bits));
    } else {
        snprintf(buf, size, "%llu", (unsigned long long)bits);
    }
    return buf;
}

double f32_of(uint64_t bits)
{
    uint32_t u = (uint32_t)bits;
    float f;
    memcpy(&f, &u, 4);
    return f;
}

double f64_of(uint64_t bits)
{
    double d;
    memcpy(&d, &bits, 8);
    return d;
}

uint64_t bits_f32(float f)
{
    uint32_t u;
    memcpy(&u, &f, 4);
    return u;
}

uint64_t bits_f64(double d)
{
    uint64_t u;
    memcpy(&u, &d, 8);
    return u;
}

bool conf_has_fp64(conf_t *t)
{
    return conf_has_extension(t, t->device, "cl_khr_fp64") ||
           conf_has_c_feature(t, "__opencl_c_fp64");
}

static void src_free(void *arg)
{
    struct src *s = arg;
    free(s->s);
    free(s);
}

struct src *src_new(conf_t *t)
{
    struct src *s = calloc(1, sizeof(*s));
    if (!s)
        return NULL;
    s->cap = 4096;
    s->s = malloc(s->cap);
    if (s->s)
        s->s[0] = 0;
    conf_defer(t, src_free, s);
    return s;
}

void src_reset(struct src *s)
{
    if (s && s->s) {
        s->len = 0;
        s->s[0] = 0;
    }
}

const char *src_text(const struct src *s)
{
    return s ? s->s : NULL;
}

void src_add(struct src *s, const char *fmt, ...)
{
    va_list ap;
    for (;;) {
        if (!s || !s->s)
            return;
        va_start(ap, fmt);
        int n = vsnprintf(s->s + s->len, s->cap - s->len, fmt, ap);
        va_end(ap);
        if (n < 0)
            return;
        if (s->len + (size_t)n < s->cap) {
            s->len += (size_t)n;
            return;
        }
        size_t cap = s->cap * 2 + (size_t)n;
        char *bigger = realloc(s->s, cap);
        if (!bigger) {
            free(s->s);
            s->s = NULL;
            return;
        }
        s->s = bigger;
        s->cap = cap;
    }
}

cl_program conf_build_src(conf_t *t, const char *src, const char *what)
{
    if (!src) {
        conf_fail(t, __FILE__, __LINE__, "%s: out of memory generating the source", what);
        return NULL;
    }
    unsigned failures = t->failures;
    cl_program p = conf_build_or_skip(t, src);
    if (!p && t->failures != failures)
        conf_note(t, "the program that failed to build: %s", what);
    return p;
}

bool conf_run_1d(conf_t *t, cl_program p, const char *name, size_t global, struct karg *args,
                 int nargs)
{
    cl_int err = CL_SUCCESS;
    cl_command_queue q = conf_queue(t);
    cl_kernel k = clCreateKernel(p, name, &err);
    cl_mem mem[8];
    bool ok = false;

    if (!k || !q || nargs > 8) {
        conf_fail(t, __FILE__, __LINE__, "clCreateKernel(%s): %s", name, conf_err_name(err));
        return false;
    }
    conf_defer_kernel(t, k);
    for (int i = 0; i < nargs; i++) {
        mem[i] =
            conf_buffer(t, CL_MEM_READ_WRITE | CL_MEM_COPY_HOST_PTR, args[i].size, args[i].host);
        if (!mem[i])
            return false;
        err = clSetKernelArg(k, (cl_uint)i, sizeof(cl_mem), &mem[i]);
        if (err) {
            conf_fail(t, __FILE__, __LINE__, "%s: clSetKernelArg(%d): %s", name, i,
                      conf_err_name(err));
            return false;
        }
    }
    err = clEnqueueNDRangeKernel(q, k, 1, NULL, &global, NULL, 0, NULL, NULL);
    if (err) {
        conf_fail(t, __FILE__, __LINE__, "%s: clEnqueueNDRangeKernel: %s", name,
                  conf_err_name(err));
        return false;
    }
    ok = true;
    for (int i = 0; i < nargs && ok; i++) {
        if (!args[i].out)
            continue;
        err = clEnqueueReadBuffer(q, mem[i], CL_TRUE, 0, args[i].size, args[i].host, 0, NULL, NULL);
        if (err) {
            conf_fail(t, __FILE__, __LINE__, "%s: reading argument %d: %s", name, i,
                      conf_err_name(err));
            ok = false;
        }
    }
    if (ok && (err = clFinish(q)) != CL_SUCCESS) {
        conf_fail(t, __FILE__, __LINE__, "%s: clFinish: %s", name, conf_err_name(err));
        ok = false;
    }
    return ok;
}

uint64_t conf_rand(uint64_t *state)
{
    uint64_t x = *state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *state = x;
    return x * 0x2545F4914F6CDD1Dull;
}
