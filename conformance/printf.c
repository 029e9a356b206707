/*
 * printf: the OpenCL C printf built-in. Every conversion with flags, width and precision (the
 * expected text comes from the host's C printf with the same specification and the same bits),
 * vectors of every size and element type, %s, %c, %%, %p, output of many work-items (each
 * work-item's lines complete and in program order), output of printf in loops and helper
 * functions, output visible by the time clFinish / clWaitForEvents return, a full printf
 * buffer (printf returns -1, the output is the successful calls, nothing crashes), and kernels
 * without printf unaffected. stdout (fd 1) is captured into a temporary file around the run.
 */
#include "typed.h"

#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- capturing fd 1 ---------------------------------------------------- */

struct capture {
    int saved; /* the original fd 1 */
    FILE *file;
};

static bool capture_begin(conf_t *t, struct capture *c)
{
    fflush(stdout);
    c->file = tmpfile();
    c->saved = dup(1);
    t->checks++;
    if (!c->file || c->saved < 0 || dup2(fileno(c->file), 1) < 0) {
        if (c->file)
            fclose(c->file);
        if (c->saved >= 0)
            close(c->saved);
        conf_fail(t, __FILE__, __LINE__, "cannot redirect stdout to a temporary file");
        return false;
    }
    return true;
}

/*
 * Restore fd 1 and return what was written to it (NUL-terminated, freed after the test). With
 * @flush_first, the process's stdout buffer is flushed into the capture first; without it, only
 * what the implementation itself already wrote to fd 1 counts.
 */
static char *capture_end(conf_t *t, struct capture *c, bool flush_first, size_t *len_out)
{
    if (flush_first)
        fflush(stdout);
    long size = lseek(fileno(c->file), 0, SEEK_END);
    char *text = malloc(size > 0 ? (size_t)size + 1 : 1);
    size_t len = 0;
    if (text && size > 0 && lseek(fileno(c->file), 0, SEEK_SET) == 0) {
        ssize_t n;
        while (len < (size_t)size &&
               (n = read(fileno(c->file), text + len, (size_t)size - len)) > 0)
            len += (size_t)n;
    }
    /* Whatever the implementation left in the stdout buffer goes to the capture, not the log. */
    fflush(stdout);
    dup2(c->saved, 1);
    close(c->saved);
    fclose(c->file);
    if (!text)
        return NULL;
    text[len] = 0;
    conf_defer_free(t, text);
    if (len_out)
        *len_out = len;
    return text;
}

/* Run @k over @global (1-D, or 2-D with @global[1]) and return its printf output. */
static char *run_captured(conf_t *t, cl_kernel k, cl_uint dims, const size_t *global,
                          const size_t *local)
{
    struct capture c;
    if (!capture_begin(t, &c))
        return NULL;
    cl_int err = clEnqueueNDRangeKernel(conf_queue(t), k, dims, NULL, global, local, 0, NULL, NULL);
    cl_int fin = clFinish(conf_queue(t));
    char *text = capture_end(t, &c, true, NULL);
    CHECK_OK(err);
    CHECK_OK(fin);
    return text;
}

/* Report the first line where @got and @want differ. */
static void check_text(conf_t *t, int line, const char *got, const char *want)
{
    t->checks++;
    if (got && !strcmp(got, want))
        return;
    conf_fail(t, __FILE__, line, "printf output differs from the expected text");
    if (!got)
        return;
    size_t i = 0, line_start = 0;
    unsigned lineno = 1;
    while (got[i] && got[i] == want[i]) {
        if (got[i] == '\n') {
            lineno++;
            line_start = i + 1;
        }
        i++;
    }
    int gl = (int)strcspn(got + line_start, "\n"), wl = (int)strcspn(want + line_start, "\n");
    conf_note(t, "line %u: got \"%.*s\", expected \"%.*s\"", lineno, gl, got + line_start, wl,
              want + line_start);
}
#define CHECK_TEXT(got, want) check_text(t, __LINE__, (got), (want))

/* The host's C printf of one value (a format with exactly one conversion). */
static void host_format(struct src *b, const char *fmt, int is_float, double d, long long i)
{
    /* Formats come from the tables below; their conversions match the value passed. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    if (is_float)
        src_add(b, fmt, d);
    else
        src_add(b, fmt, i);
#pragma GCC diagnostic pop
}

/* The start of a kernel for check_generated(), with doubles enabled if @fp64. */
static struct src *generated_src(conf_t *t, bool fp64)
{
    struct src *src = src_new(t);
    if (fp64)
        src_add(src, "#pragma OPENCL EXTENSION cl_khr_fp64 : enable\n");
    src_add(src, "kernel void k(global int *ret)\n{\n    int r = 0;\n");
    return src;
}

/*
 * Finish @src, a kernel k(global int *ret) that ORs every printf's return into r, run it on
 * one work-item and check that it printed @want and every call returned 0.
 */
static void check_generated(conf_t *t, struct src *src, const struct src *want)
{
    src_add(src, "    ret[0] = r;\n}\n");
    cl_kernel k = conf_kernel_or_skip(t, src_text(src), "", "k");
    if (!k)
        return;
    int ret = 99;
    cl_mem m = conf_buffer(t, CL_MEM_READ_WRITE | CL_MEM_COPY_HOST_PTR, sizeof(ret), &ret);
    REQUIRE_OK(clSetKernelArg(k, 0, sizeof(m), &m));
    size_t one = 1;
    char *out = run_captured(t, k, 1, &one, NULL);
    CHECK_TEXT(out, src_text(want));
    REQUIRE_OK(clEnqueueReadBuffer(conf_queue(t), m, CL_TRUE, 0, sizeof(ret), &ret, 0, NULL, NULL));
    CHECK_MSG(ret == 0, "printf returned %d (OR of all calls), expected 0", ret);
}

/* ---- scalar conversions ------------------------------------------------ */

struct int_case {
    const char *fmt;  /* OpenCL C format (the host uses it with "ll" for 64-bit) */
    const char *type; /* the argument's OpenCL C type */
    long long value;
};

static const struct int_case int_cases[] = {
    {"%d", "int", 0},
    {"%d", "int", 42},
    {"%d", "int", -42},
    {"%d", "int", INT_MIN},
    {"%d", "int", INT_MAX},
    {"%i", "int", -7},
    {"%5d", "int", 42},
    {"%-5d|", "int", 42},
    {"%05d", "int", -42},
    {"%+d", "int", 42},
    {"% d", "int", 42},
    {"%.3d", "int", 7},
    {"%8.3d", "int", -7},
    {"%-+8.3d|", "int", 7},
    {"%.0d|", "int", 0},
    {"%u", "uint", 4294967295LL},
    {"%10u", "uint", 3000000000LL},
    {"%x", "uint", 0xdeadbeefLL},
    {"%X", "uint", 0xdeadbeefLL},
    {"%#x", "uint", 255},
    {"%#X", "uint", 255},
    {"%#x", "uint", 0},
    {"%o", "uint", 8},
    {"%#o", "uint", 8},
    {"%08x", "uint", 0xabc},
    {"%#010x", "uint", 0xabc},
    {"%-#8o|", "uint", 64},
    {"%hhd", "char", -128},
    {"%hhd", "char", 127},
    {"%hhu", "uchar", 200},
    {"%hhx", "uchar", 0xfe},
    {"%hd", "short", -32768},
    {"%hu", "ushort", 65535},
    {"%+6hd", "short", 123},
    {"%hX", "ushort", 0xbeef},
    {"%ld", "long", LLONG_MIN},
    {"%ld", "long", LLONG_MAX},
    {"%lu", "ulong", -1LL},
    {"%lx", "ulong", 0x123456789abcdefLL},
    {"%#lo", "ulong", 01234567012345670LL},
    {"%+ld", "long", 5000000000LL},
    {"%-22ld|", "long", -5000000000LL},
    {"%c", "char", 'A'},
    {"%3c|", "char", 'z'},
    {"%-3c|", "char", '!'},
};

/* The host format for an OpenCL C integer format: l means long long there. */
static void host_int_fmt(const char *fmt, char *out, size_t size)
{
    const char *l = strstr(fmt, "l");
    if (l)
        snprintf(out, size, "%.*sl%s", (int)(l - fmt), fmt, l);
    else
        snprintf(out, size, "%s", fmt);
}

static void printf_integer_conversions(conf_t *t)
{
    struct src *src = generated_src(t, false);
    struct src *want = src_new(t);
    for (size_t i = 0; i < sizeof(int_cases) / sizeof(int_cases[0]); i++) {
        const struct int_case *c = &int_cases[i];
        /* LLONG_MIN has no literal: write it as an expression. */
        if (c->value == LLONG_MIN)
            src_add(src, "    r |= printf(\"%s\\n\", (%s)(-9223372036854775807L - 1));\n", c->fmt,
                    c->type);
        else
            src_add(src, "    r |= printf(\"%s\\n\", (%s)%lldL);\n", c->fmt, c->type, c->value);
        char hf[64];
        host_int_fmt(c->fmt, hf, sizeof(hf));
        /* The host gets the value converted to the argument type, as the kernel does. */
        long long v = c->value;
        if (!strcmp(c->type, "int"))
            v = (int)v;
        else if (!strcmp(c->type, "uint"))
            v = (unsigned)v;
        else if (!strcmp(c->type, "char"))
            v = (signed char)v;
        else if (!strcmp(c->type, "uchar"))
            v = (unsigned char)v;
        else if (!strcmp(c->type, "short"))
            v = (short)v;
        else if (!strcmp(c->type, "ushort"))
            v = (unsigned short)v;
        if (strstr(hf, "ll"))
            host_format(want, hf, 0, 0, v);
        else
            src_add(want, hf, (int)v); /* promoted to int, as for C's variadic call */
        src_add(want, "\n");
    }
    check_generated(t, src, want);
}

struct float_case {
    const char *fmt;
    double value;
};

static const struct float_case float_cases[] = {
    {"%f", 3.14159},      {"%.2f", 3.14159}, {"%10.3f|", -2.5},
    {"%-10.3f|", 2.5},    {"%+f", 1.0},      {"% f", 1.0},
    {"%010.2f", -3.75},   {"%.0f", 2.5},     {"%#.0f", 3.0},
    {"%F", 1e20},         {"%f", 0.0},       {"%f", -0.0},
    {"%e", 123456.789},   {"%E", 0.000123},  {"%.3e", 1.0 / 3},
    {"%+12.4e|", -1e-30}, {"%g", 0.0001234}, {"%g", 123456789.0},
    {"%G", 1e-10},        {"%#g", 1.0},      {"%.3g", 3.14159},
    {"%-8g|", 100.0},     {"%a", 1.0},       {"%A", -0.75},
    {"%.2a", 1.0 / 3},    {"%f", INFINITY},  {"%F", -INFINITY},
    {"%e", NAN},          {"%8.1f|", 1e-7},  {"%f", FLT_MAX},
    {"%e", FLT_MIN},      {"%a", 0x1p-149}, /* smallest float denormal */
};

/* A floating-point literal of @v with exactly its bits: a hex float. */
static void literal(struct src *b, double v, bool is_float)
{
    if (isnan(v))
        src_add(b, is_float ? "NAN" : "(double)NAN");
    else if (isinf(v))
        src_add(b, "%s%s", v < 0 ? "-" : "", is_float ? "INFINITY" : "(double)INFINITY");
    else
        src_add(b, "%a%s", v, is_float ? "f" : "");
}

static void float_conversions(conf_t *t, bool dbl)
{
    struct src *src = generated_src(t, dbl);
    struct src *want = src_new(t);
    for (size_t i = 0; i < sizeof(float_cases) / sizeof(float_cases[0]); i++) {
        const struct float_case *c = &float_cases[i];
        double v = dbl ? c->value : (double)(float)c->value;
        src_add(src, "    r |= printf(\"%s\\n\", ", c->fmt);
        literal(src, v, !dbl);
        src_add(src, ");\n");
        host_format(want, c->fmt, 1, v, 0);
        src_add(want, "\n");
    }
    check_generated(t, src, want);
}

static void printf_float_conversions(conf_t *t)
{
    float_conversions(t, false);
}

static void printf_double_conversions(conf_t *t)
{
    if (!conf_has_fp64(t)) {
        conf_skip(t, "the device has no fp64");
        return;
    }
    float_conversions(t, true);
}

/* ---- vectors ----------------------------------------------------------- */

struct vec_type {
    const char *type; /* element type */
    const char *len;  /* length modifier */
    const char *conv;
    unsigned bits;
    int is_signed, is_float, needs_fp64;
};

static const struct vec_type vec_types[] = {
    {"char", "hh", "d", 8, 1, 0, 0},      {"uchar", "hh", "u", 8, 0, 0, 0},
    {"uchar", "hh", "#x", 8, 0, 0, 0},    {"short", "h", "+d", 16, 1, 0, 0},
    {"ushort", "h", "o", 16, 0, 0, 0},    {"int", "hl", "i", 32, 1, 0, 0},
    {"uint", "hl", "X", 32, 0, 0, 0},     {"long", "l", "d", 64, 1, 0, 0},
    {"ulong", "l", "x", 64, 0, 0, 0},     {"float", "hl", "f", 32, 1, 1, 0},
    {"float", "hl", "5.1e", 32, 1, 1, 0}, {"float", "hl", "g", 32, 1, 1, 0},
    {"double", "l", "a", 64, 1, 1, 1},    {"double", "l", ".3f", 64, 1, 1, 1},
};

/* Component @i of a test vector: spread over the type's range, negative when signed. */
static long long int_component(const struct vec_type *vt, unsigned i)
{
    unsigned long long mag = (0x9e3779b97f4a7c15ull * (i + 1)) >> (64 - vt->bits);
    if (!vt->is_signed)
        return (long long)mag;
    long long half = (long long)(mag >> 1);
    return (i % 2) ? -half : half;
}

static double float_component(unsigned i)
{
    return (i % 2 ? -1.0 : 1.0) * (i * 1.25 + 0.5) * (i % 3 == 0 ? 1000.0 : 0.01);
}

static void printf_vectors(conf_t *t)
{
    static const unsigned sizes[] = {2, 3, 4, 8, 16};
    bool fp64 = conf_has_fp64(t);
    struct src *src = generated_src(t, fp64);
    struct src *want = src_new(t);
    for (size_t ti = 0; ti < sizeof(vec_types) / sizeof(vec_types[0]); ti++) {
        const struct vec_type *vt = &vec_types[ti];
        if (vt->needs_fp64 && !fp64)
            continue;
        /* "%#x" style conversions: flags before the vector specifier, conversion after. */
        const char *conv = vt->conv + strspn(vt->conv, "#+-0 .123456789");
        char flags[16];
        snprintf(flags, sizeof(flags), "%.*s", (int)(conv - vt->conv), vt->conv);
        for (size_t si = 0; si < sizeof(sizes) / sizeof(sizes[0]); si++) {
            unsigned n = sizes[si];
            src_add(src, "    r |= printf(\"%s=%%%sv%u%s%s;\\n\", (%s%u)(", vt->type, flags, n,
                    vt->len, conv, vt->type, n);
            src_add(want, "%s=", vt->type);
            char hf[32];
            snprintf(hf, sizeof(hf), "%%%s%s%s", flags,
                     vt->is_float             ? ""
                     : !strcmp(vt->len, "hl") ? ""
                     : !strcmp(vt->len, "l")  ? "ll"
                                              : vt->len,
                     conv);
            for (unsigned i = 0; i < n; i++) {
                if (i) {
                    src_add(src, ", ");
                    src_add(want, ",");
                }
                if (vt->is_float) {
                    double v = float_component(i);
                    if (vt->bits == 32)
                        v = (float)v;
                    literal(src, v, vt->bits == 32);
                    host_format(want, hf, 1, v, 0);
                } else {
                    long long v = int_component(vt, i);
                    if (vt->bits == 64 && v == LLONG_MIN)
                        v++;
                    src_add(src, "%lld%s", v, vt->bits == 64 ? (vt->is_signed ? "L" : "UL") : "");
                    if (vt->bits == 64)
                        host_format(want, hf, 0, 0, v);
                    else
                        src_add(want, hf, (int)v);
                }
            }
            src_add(src, "));\n");
            src_add(want, ";\n");
        }
    }
    check_generated(t, src, want);
}

/* Vector arguments computed at run time, with width and precision applied per component. */
static void printf_vector_runtime_values(conf_t *t)
{
    static const char src[] =
        "kernel void k(global const float4 *f, global const int4 *i, global const uchar *c)\n"
        "{\n"
        "    printf(\"[%8.2v4hlf]\\n\", f[0]);\n"
        "    printf(\"[%-4v4hld]\\n\", i[0]);\n"
        "    printf(\"[%v3hhu]\\n\", vload3(0, c));\n"
        "}\n";
    cl_kernel k = conf_kernel_or_skip(t, src, "", "k");
    if (!k)
        return;
    cl_float f[4] = {1.5f, -2.25f, 1000.125f, 0.0f};
    cl_int i[4] = {1, -22, 333, -4444};
    cl_uchar c[3] = {0, 128, 255};
    cl_mem mf = conf_buffer(t, CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, sizeof(f), f);
    cl_mem mi = conf_buffer(t, CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, sizeof(i), i);
    cl_mem mc = conf_buffer(t, CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, sizeof(c), c);
    REQUIRE_OK(clSetKernelArg(k, 0, sizeof(mf), &mf));
    REQUIRE_OK(clSetKernelArg(k, 1, sizeof(mi), &mi));
    REQUIRE_OK(clSetKernelArg(k, 2, sizeof(mc), &mc));
    size_t one = 1;
    char *out = run_captured(t, k, 1, &one, NULL);
    CHECK_TEXT(out, "[    1.50,   -2.25, 1000.12,    0.00]\n"
                    "[1   ,-22 ,333 ,-4444]\n"
                    "[0,128,255]\n");
}

/* ---- strings, characters, %%, %p ---------------------------------------- */

static void printf_strings_chars_percent(conf_t *t)
{
    static const char src[] =
        "constant char greeting[] = \"constant array\";\n"
        "kernel void k(global int *ret, int sel)\n"
        "{\n"
        "    int r = 0;\n"
        "    r |= printf(\"%s|%10s|%-10s|%.3s|%5.2s|\\n\", \"lit\", \"right\", \"left\", "
        "\"truncate\","
        " \"ab\");\n"
        "    r |= printf(\"%s\\n\", \"\");\n"
        "    r |= printf(\"%s\\n\", greeting);\n"
        "    r |= printf(\"%s\\n\", sel ? \"one\" : \"other\");\n"
        "    r |= printf(\"100%% %c%c%c %%d %%%%\\n\", 'o', 'k', (char)(sel + '0'));\n"
        "    r |= printf(\"%5c|%-5c|\\n\", 'x', 'y');\n"
        "    r |= printf(\"no conversions at all\\n\");\n"
        "    r |= printf(\"%s and %s\\n\", \"two\", \"strings\");\n"
        "    ret[0] = r;\n"
        "}\n";
    cl_kernel k = conf_kernel_or_skip(t, src, "", "k");
    if (!k)
        return;
    int ret = 99, sel = 1;
    cl_mem m = conf_buffer(t, CL_MEM_READ_WRITE | CL_MEM_COPY_HOST_PTR, sizeof(ret), &ret);
    REQUIRE_OK(clSetKernelArg(k, 0, sizeof(m), &m));
    REQUIRE_OK(clSetKernelArg(k, 1, sizeof(sel), &sel));
    size_t one = 1;
    char *out = run_captured(t, k, 1, &one, NULL);
    CHECK_TEXT(out, "lit|     right|left      |tru|   ab|\n"
                    "\n"
                    "constant array\n"
                    "one\n"
                    "100% ok1 %d %%\n"
                    "    x|y    |\n"
                    "no conversions at all\n"
                    "two and strings\n");
    REQUIRE_OK(clEnqueueReadBuffer(conf_queue(t), m, CL_TRUE, 0, sizeof(ret), &ret, 0, NULL, NULL));
    CHECK_MSG(ret == 0, "printf returned %d (OR of all calls), expected 0", ret);
}

/* %p: implementation-defined text; checked loosely (one token per pointer, distinct pointers
 * print differently, the same pointer the same). */
static void printf_pointer(conf_t *t)
{
    static const char src[] = "kernel void k(global int *a, global int *b, local int *l)\n"
                              "{\n"
                              "    int x = 0;\n"
                              "    printf(\"<%p>\\n\", a);\n"
                              "    printf(\"<%p>\\n\", b);\n"
                              "    printf(\"<%p>\\n\", a);\n"
                              "    printf(\"<%p>\\n\", (local void *)l);\n"
                              "    printf(\"<%p>\\n\", (private void *)&x);\n"
                              "    printf(\"<%p>\\n\", (global void *)0);\n"
                              "}\n";
    cl_kernel k = conf_kernel_or_skip(t, src, "", "k");
    if (!k)
        return;
    cl_mem a = conf_buffer(t, CL_MEM_READ_WRITE, 64, NULL);
    cl_mem b = conf_buffer(t, CL_MEM_READ_WRITE, 64, NULL);
    REQUIRE_OK(clSetKernelArg(k, 0, sizeof(a), &a));
    REQUIRE_OK(clSetKernelArg(k, 1, sizeof(b), &b));
    REQUIRE_OK(clSetKernelArg(k, 2, 64, NULL));
    size_t one = 1;
    char *out = run_captured(t, k, 1, &one, NULL);
    REQUIRE(out);
    char p[6][64] = {{0}};
    int n = 0;
    for (const char *s = out; n < 6 && *s == '<'; n++) {
        const char *e = strstr(s, ">\n");
        if (!e || e == s + 1 || (size_t)(e - s - 1) >= sizeof(p[0]))
            break;
        memcpy(p[n], s + 1, (size_t)(e - s - 1));
        s = e + 2;
    }
    CHECK_MSG(n == 6, "expected 6 lines \"<pointer>\", got output \"%s\"", out);
    if (n < 6)
        return;
    CHECK_MSG(strcmp(p[0], p[1]) != 0, "two buffers print the same %%p: %s", p[0]);
    CHECK_MSG(strcmp(p[0], p[2]) == 0, "one buffer prints differently: %s, %s", p[0], p[2]);
    CHECK_MSG(strcmp(p[0], p[5]) != 0 && strcmp(p[1], p[5]) != 0,
              "a null pointer prints like a buffer: %s", p[5]);
}

/* ---- many work-items, loops, helpers ---------------------------------- */

static void printf_many_work_items(conf_t *t)
{
    static const char src[] =
        "void tell(int wi, int step, float v) { printf(\"wi %d step %d v %.1f\\n\", wi, step, v);"
        " }\n"
        "kernel void k(global int *ret)\n"
        "{\n"
        "    int wi = (int)(get_global_id(1) * get_global_size(0) + get_global_id(0));\n"
        "    int r = 0;\n"
        "    for (int step = 0; step < 4; step++) {\n"
        "        if ((wi + step) % 3 == 0)\n"
        "            r |= printf(\"wi %d step %d v %.1f\\n\", wi, step, wi * 0.5f + step);\n"
        "        else\n"
        "            tell(wi, step, wi * 0.5f + step);\n"
        "    }\n"
        "    ret[wi] = r;\n"
        "}\n";
    cl_kernel k = conf_kernel_or_skip(t, src, "", "k");
    if (!k)
        return;
    const size_t global[2] = {37, 9}, n = 37 * 9;
    int *ret = calloc(n, sizeof(int));
    REQUIRE(ret);
    conf_defer_free(t, ret);
    cl_mem m = conf_buffer(t, CL_MEM_READ_WRITE | CL_MEM_COPY_HOST_PTR, n * sizeof(int), ret);
    REQUIRE_OK(clSetKernelArg(k, 0, sizeof(m), &m));
    char *out = run_captured(t, k, 2, global, NULL);
    REQUIRE(out);
    int *next = calloc(n, sizeof(int)); /* per work-item: the step expected next */
    REQUIRE(next);
    conf_defer_free(t, next);
    unsigned lines = 0, bad = 0;
    for (const char *s = out; *s;) {
        int wi, step, len = 0;
        float v;
        if (sscanf(s, "wi %d step %d v %f\n%n", &wi, &step, &v, &len) != 3 || !len ||
            s[len - 1] != '\n' || wi < 0 || (size_t)wi >= n || step != next[wi] ||
            v != wi * 0.5f + step) {
            if (!bad++)
                conf_note(t, "unexpected line %u: \"%.*s\"", lines + 1, (int)strcspn(s, "\n"), s);
            break;
        }
        next[wi]++;
        lines++;
        s += len;
    }
    CHECK_MSG(!bad, "a line is garbled, interleaved or out of its work-item's order");
    CHECK_MSG(lines == n * 4, "%u lines, expected %zu", lines, n * 4);
    REQUIRE_OK(
        clEnqueueReadBuffer(conf_queue(t), m, CL_TRUE, 0, n * sizeof(int), ret, 0, NULL, NULL));
    size_t nonzero = 0;
    for (size_t i = 0; i < n; i++)
        nonzero += ret[i] != 0;
    CHECK_MSG(!nonzero, "%zu work-items saw printf return nonzero", nonzero);
}

static void printf_in_loop(conf_t *t)
{
    static const char src[] = "kernel void k(int n)\n"
                              "{\n"
                              "    long acc = 1;\n"
                              "    for (int i = 0; i < n; i++) {\n"
                              "        acc *= 3;\n"
                              "        printf(\"%2d: %ld\\n\", i, acc);\n"
                              "    }\n"
                              "    printf(\"done\\n\");\n"
                              "}\n";
    cl_kernel k = conf_kernel_or_skip(t, src, "", "k");
    if (!k)
        return;
    int n = 25;
    REQUIRE_OK(clSetKernelArg(k, 0, sizeof(n), &n));
    struct src *want = src_new(t);
    long long acc = 1;
    for (int i = 0; i < n; i++) {
        acc *= 3;
        src_add(want, "%2d: %lld\n", i, acc);
    }
    src_add(want, "done\n");
    size_t one = 1;
    char *out = run_captured(t, k, 1, &one, NULL);
    CHECK_TEXT(out, src_text(want));
}

/* ---- when output appears ---------------------------------------------- */

static const char hello_src[] = "kernel void k(int v) { printf(\"kernel %d says hi\\n\", v); }\n"
                                "kernel void quiet(global int *o) { o[get_global_id(0)] = 7; }\n";

/* The text is in fd 1 when clFinish returns, without the application flushing anything. */
static void printf_visible_after_finish(conf_t *t)
{
    cl_kernel k = conf_kernel_or_skip(t, hello_src, "", "k");
    if (!k)
        return;
    struct capture c;
    if (!capture_begin(t, &c))
        return;
    size_t one = 1;
    cl_int e1 = CL_SUCCESS, e2 = CL_SUCCESS, e3 = CL_SUCCESS, e4 = CL_SUCCESS;
    int v = 1;
    e1 = clSetKernelArg(k, 0, sizeof(v), &v);
    if (!e1)
        e2 = clEnqueueNDRangeKernel(conf_queue(t), k, 1, NULL, &one, NULL, 0, NULL, NULL);
    v = 2;
    if (!e2)
        e3 = clSetKernelArg(k, 0, sizeof(v), &v);
    if (!e3)
        e3 = clEnqueueNDRangeKernel(conf_queue(t), k, 1, NULL, &one, NULL, 0, NULL, NULL);
    e4 = clFinish(conf_queue(t));
    char *out = capture_end(t, &c, false, NULL);
    CHECK_OK(e1);
    CHECK_OK(e2);
    CHECK_OK(e3);
    CHECK_OK(e4);
    /* In-order queue: the first launch's output first. */
    CHECK_TEXT(out, "kernel 1 says hi\nkernel 2 says hi\n");
}

/* The text is in fd 1 when the launch's event is complete. */
static void printf_visible_at_event_complete(conf_t *t)
{
    cl_kernel k = conf_kernel_or_skip(t, hello_src, "", "k");
    if (!k)
        return;
    int v = 3;
    REQUIRE_OK(clSetKernelArg(k, 0, sizeof(v), &v));
    struct capture c;
    if (!capture_begin(t, &c))
        return;
    size_t one = 1;
    cl_event ev = NULL;
    cl_int e1 = clEnqueueNDRangeKernel(conf_queue(t), k, 1, NULL, &one, NULL, 0, NULL, &ev);
    cl_int e2 = e1 ? e1 : clFlush(conf_queue(t));
    cl_int e3 = e1 ? e1 : clWaitForEvents(1, &ev);
    char *out = capture_end(t, &c, false, NULL);
    if (ev)
        conf_defer_event(t, ev);
    CHECK_OK(e1);
    CHECK_OK(e2);
    CHECK_OK(e3);
    CHECK_TEXT(out, "kernel 3 says hi\n");
}

/* A kernel without printf prints nothing, runs as before, and shows only its own arguments. */
static void printf_kernel_without_printf(conf_t *t)
{
    cl_kernel quiet = conf_kernel_or_skip(t, hello_src, "", "quiet");
    if (!quiet)
        return;
    cl_kernel k = conf_kernel_or_skip(t, hello_src, "", "k");
    if (!k)
        return;
    cl_uint nargs = 0;
    CHECK_OK(clGetKernelInfo(k, CL_KERNEL_NUM_ARGS, sizeof(nargs), &nargs, NULL));
    CHECK_MSG(nargs == 1, "the printf kernel reports %u arguments, declared 1", nargs);
    CHECK_OK(clGetKernelInfo(quiet, CL_KERNEL_NUM_ARGS, sizeof(nargs), &nargs, NULL));
    CHECK_MSG(nargs == 1, "the kernel reports %u arguments, declared 1", nargs);
    int o[64] = {0};
    cl_mem m = conf_buffer(t, CL_MEM_READ_WRITE | CL_MEM_COPY_HOST_PTR, sizeof(o), o);
    REQUIRE_OK(clSetKernelArg(quiet, 0, sizeof(m), &m));
    size_t n = 64;
    char *out = run_captured(t, quiet, 1, &n, NULL);
    CHECK_TEXT(out, "");
    REQUIRE_OK(clEnqueueReadBuffer(conf_queue(t), m, CL_TRUE, 0, sizeof(o), o, 0, NULL, NULL));
    size_t bad = 0;
    for (size_t i = 0; i < 64; i++)
        bad += o[i] != 7;
    CHECK_MSG(!bad, "%zu elements not written", bad);
}

/* A program recreated from its binary keeps its printf formats. */
static void printf_from_binary(conf_t *t)
{
    static const char src[] =
        "kernel void k(int v) { printf(\"from binary %d %s %v2hlf\\n\", v, \"str\","
        " (float2)(0.5f, -1.0f)); }\n";
    cl_program p = conf_build_or_skip(t, src);
    if (!p)
        return;
    size_t size = 0;
    REQUIRE_OK(clGetProgramInfo(p, CL_PROGRAM_BINARY_SIZES, sizeof(size), &size, NULL));
    REQUIRE(size > 0);
    unsigned char *bin = malloc(size);
    REQUIRE(bin);
    conf_defer_free(t, bin);
    REQUIRE_OK(clGetProgramInfo(p, CL_PROGRAM_BINARIES, sizeof(bin), &bin, NULL));
    const unsigned char *cbin = bin;
    cl_int status = 0, err = 0;
    cl_program p2 =
        clCreateProgramWithBinary(conf_context(t), 1, &t->device, &size, &cbin, &status, &err);
    REQUIRE_OK(err);
    conf_defer_program(t, p2);
    REQUIRE_OK(clBuildProgram(p2, 1, &t->device, "", NULL, NULL));
    cl_kernel k = clCreateKernel(p2, "k", &err);
    REQUIRE_OK(err);
    conf_defer_kernel(t, k);
    int v = 12;
    REQUIRE_OK(clSetKernelArg(k, 0, sizeof(v), &v));
    size_t one = 1;
    char *out = run_captured(t, k, 1, &one, NULL);
    CHECK_TEXT(out, "from binary 12 str 0.500000,-1.000000\n");
}

/* ---- a full buffer -------------------------------------------------------- */

static void printf_buffer_size_query(conf_t *t)
{
    size_t size = conf_dev_size(t, t->device, CL_DEVICE_PRINTF_BUFFER_SIZE);
    char *profile = conf_dev_string(t, t->device, CL_DEVICE_PROFILE);
    /* "Max size in bytes of the internal buffer that holds the output of printf calls from a
     * kernel. The minimum value for the FULL profile is 1 MB." */
    if (profile && !strcmp(profile, "FULL_PROFILE"))
        CHECK_MSG(size >= 1024 * 1024, "CL_DEVICE_PRINTF_BUFFER_SIZE %zu < 1 MB", size);
    else
        CHECK_MSG(size >= 1024, "CL_DEVICE_PRINTF_BUFFER_SIZE %zu < 1 KB (embedded)", size);
}

/*
 * One work-item prints more than CL_DEVICE_PRINTF_BUFFER_SIZE bytes. printf returns 0 or -1;
 * the text is exactly the calls that returned 0, in order; some call fails; nothing crashes.
 */
static void printf_buffer_full(conf_t *t)
{
    static const char src[] =
        "kernel void k(global int *ret, int n)\n"
        "{\n"
        "    for (int i = 0; i < n; i++)\n"
        "        ret[i] = printf(\"%v16hld|%v16hld\\n\", (int16)(i), (int16)(-i));\n"
        "}\n";
    size_t size = conf_dev_size(t, t->device, CL_DEVICE_PRINTF_BUFFER_SIZE);
    REQUIRE(size > 0 && size <= 64 * 1024 * 1024);
    cl_kernel k = conf_kernel_or_skip(t, src, "", "k");
    if (!k)
        return;
    /* Each call holds 128 bytes of arguments: no buffer holds more than size / 128 calls. */
    int n = (int)(size / 128 + 256);
    int *ret = malloc((size_t)n * sizeof(int));
    REQUIRE(ret);
    conf_defer_free(t, ret);
    for (int i = 0; i < n; i++)
        ret[i] = 99;
    cl_mem m =
        conf_buffer(t, CL_MEM_READ_WRITE | CL_MEM_COPY_HOST_PTR, (size_t)n * sizeof(int), ret);
    REQUIRE_OK(clSetKernelArg(k, 0, sizeof(m), &m));
    REQUIRE_OK(clSetKernelArg(k, 1, sizeof(n), &n));
    size_t one = 1;
    char *out = run_captured(t, k, 1, &one, NULL);
    REQUIRE(out);
    REQUIRE_OK(clEnqueueReadBuffer(conf_queue(t), m, CL_TRUE, 0, (size_t)n * sizeof(int), ret, 0,
                                   NULL, NULL));
    int ok = 0, failed = 0, other = 0, mismatch = 0;
    const char *s = out;
    struct src *line = src_new(t);
    for (int i = 0; i < n; i++) {
        if (ret[i] == -1) {
            failed++;
            continue;
        }
        if (ret[i] != 0) {
            other++;
            continue;
        }
        ok++;
        src_reset(line);
        for (int h = 0; h < 2; h++)
            for (int c = 0; c < 16; c++)
                src_add(line, "%d%s", h ? -i : i, c < 15 ? "," : h ? "\n" : "|");
        if (!mismatch && strncmp(s, src_text(line), line->len)) {
            mismatch = 1;
            conf_note(t, "call %d returned 0 but the output has \"%.*s\" there", i,
                      (int)strcspn(s, "\n"), s);
        }
        if (!mismatch)
            s += line->len;
    }
    CHECK_MSG(!other, "%d calls returned neither 0 nor -1", other);
    CHECK_MSG(ok > 0, "no call succeeded");
    CHECK_MSG(failed > 0, "%d calls printed %zu bytes into a %zu-byte buffer without failing", n,
              strlen(out), size);
    CHECK_MSG(!mismatch && !*s, "the output is not exactly the calls that returned 0");
}

/* ---- formats the spec rejects ------------------------------------------- */

/*
 * Formats the spec makes invalid: a build may reject them (CL_BUILD_PROGRAM_FAILURE with a
 * log) or accept them; either way nothing crashes and a launch of an accepted one completes.
 */
static void printf_invalid_formats(conf_t *t)
{
    static const char *const bodies[] = {
        "printf(\"%v4f\\n\", (float4)(1.0f));", /* vector without length modifier */
        "printf(\"%v5hld\\n\", (int4)(1));",    /* vector size 5 */
        "printf(\"%hld\\n\", 1);",              /* hl without a vector */
        "printf(\"%v4hld\\n\", (short4)(1));",  /* vector type mismatch */
        "printf(\"%v2hhs\\n\", (char2)(1));",   /* vector with %s */
        "printf(\"%d %d\\n\", 1);",             /* too few arguments */
        "printf(\"%q\\n\", 1);",                /* unknown conversion */
        "printf(\"trailing %\");",              /* incomplete specification */
    };
    if (!conf_has_compiler(t)) {
        conf_skip(t, "no compiler");
        return;
    }
    cl_context ctx = conf_context(t);
    REQUIRE(ctx);
    for (size_t i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
        char src[512];
        snprintf(src, sizeof(src), "kernel void k(void) { %s }\n", bodies[i]);
        const char *s = src;
        cl_int err;
        cl_program p = clCreateProgramWithSource(ctx, 1, &s, NULL, &err);
        REQUIRE_OK(err);
        conf_defer_program(t, p);
        /* clang may warn; the build's status is what counts. */
        err = clBuildProgram(p, 1, &t->device, "-w", NULL, NULL);
        if (err) {
            CHECK_MSG(err == CL_BUILD_PROGRAM_FAILURE, "%s: clBuildProgram returned %s", bodies[i],
                      conf_err_name(err));
            size_t log_size = 0;
            CHECK_OK(clGetProgramBuildInfo(p, t->device, CL_PROGRAM_BUILD_LOG, 0, NULL, &log_size));
            CHECK_MSG(log_size > 1, "%s: rejected with an empty build log", bodies[i]);
            continue;
        }
        cl_kernel k = clCreateKernel(p, "k", &err);
        CHECK_OK(err);
        if (!k)
            continue;
        conf_defer_kernel(t, k);
        size_t one = 1;
        (void)run_captured(t, k, 1, &one, NULL);
    }
}

static const struct conf_test tests[] = {
    CONF_TEST(printf_integer_conversions),
    CONF_TEST(printf_float_conversions),
    CONF_TEST(printf_double_conversions),
    CONF_TEST(printf_vectors),
    CONF_TEST(printf_vector_runtime_values),
    CONF_TEST(printf_strings_chars_percent),
    CONF_TEST(printf_pointer),
    CONF_TEST(printf_many_work_items),
    CONF_TEST(printf_in_loop),
    CONF_TEST(printf_visible_after_finish),
    CONF_TEST(printf_visible_at_event_complete),
    CONF_TEST(printf_kernel_without_printf),
    CONF_TEST(printf_from_binary),
    CONF_TEST(printf_buffer_size_query),
    CONF_TEST(printf_buffer_full),
    CONF_TEST(printf_invalid_formats),
};
CONF_CATEGORY(conf_cat_printf, "printf",
              "the OpenCL C printf built-in: every conversion with flags, width and precision "
              "against the host's printf, vectors of every size and type, %s/%c/%%/%p, output of "
              "many work-items in order, loops and helper functions, output flushed by "
              "clFinish and event completion, a full printf buffer, kernels without printf, "
              "programs from binaries",
              tests);
