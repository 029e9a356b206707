/* SPDX-License-Identifier: MIT */
/*
 * printf pieces one at a time: the format grammar (util/printf_spec.h),
 * the host formatter (core/printf_format.h) on hand-made values, the
 * record walk over hand-made buffers including corrupt ones
 * (core/printf_buffer.h), and OpenCL C through the real front end and
 * lowering: the hidden argument in the image, the verifier's checks of it,
 * the records a kernel writes through the engine, printf's return value
 * when the buffer is full, and the formats the build must reject.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/frontend.h"
#include "core/printf_buffer.h"
#include "core/printf_format.h"
#include "engine/engine.h"
#include "util/printf_spec.h"

#include "check.h"

/* ---- grammar ---- */

static void test_parse(void)
{
    static const struct {
        const char *s;
        int ok;
        unsigned flags;
        int width, precision;
        unsigned vec;
        enum hmmcl_pf_length length;
        char conv;
        size_t len;
        const char *why; /* substring of the reason, for rejections */
    } cases[] = {
        {"%d", 1, 0, -1, -1, 0, HMMCL_PF_LEN_NONE, 'd', 2, NULL},
        {"%-+ #012.5dX", 1, 31, 12, 5, 0, HMMCL_PF_LEN_NONE, 'd', 11, NULL},
        {"%.f", 1, 0, -1, 0, 0, HMMCL_PF_LEN_NONE, 'f', 3, NULL},
        {"%v4hlf", 1, 0, -1, -1, 4, HMMCL_PF_LEN_HL, 'f', 6, NULL},
        {"%2.2v16hhx", 1, 0, 2, 2, 16, HMMCL_PF_LEN_HH, 'x', 10, NULL},
        {"%v3hd", 1, 0, -1, -1, 3, HMMCL_PF_LEN_H, 'd', 5, NULL},
        {"%v8hf", 1, 0, -1, -1, 8, HMMCL_PF_LEN_H, 'f', 5, NULL},
        {"%v2lu", 1, 0, -1, -1, 2, HMMCL_PF_LEN_L, 'u', 5, NULL},
        {"%lf", 1, 0, -1, -1, 0, HMMCL_PF_LEN_L, 'f', 3, NULL},
        {"%lld", 1, 0, -1, -1, 0, HMMCL_PF_LEN_L, 'd', 4, NULL},
        {"%zu", 1, 0, -1, -1, 0, HMMCL_PF_LEN_L, 'u', 3, NULL},
        {"%%", 1, 0, -1, -1, 0, HMMCL_PF_LEN_NONE, '%', 2, NULL},
        {"%4095d", 1, 0, 4095, -1, 0, HMMCL_PF_LEN_NONE, 'd', 6, NULL},
        {"%*d", 0, 0, 0, 0, 0, 0, 0, 0, "'*'"},
        {"%.*d", 0, 0, 0, 0, 0, 0, 0, 0, "'*'"},
        {"%4096d", 0, 0, 0, 0, 0, 0, 0, 0, "4095"},
        {"%.99999999999999999999f", 0, 0, 0, 0, 0, 0, 0, 0, "4095"},
        {"%v4f", 0, 0, 0, 0, 0, 0, 0, 0, "length modifier"},
        {"%v4d", 0, 0, 0, 0, 0, 0, 0, 0, "length modifier"},
        {"%v5hld", 0, 0, 0, 0, 0, 0, 0, 0, "2, 3, 4, 8 or 16"},
        {"%v1hld", 0, 0, 0, 0, 0, 0, 0, 0, "2, 3, 4, 8 or 16"},
        {"%vhld", 0, 0, 0, 0, 0, 0, 0, 0, "without a size"},
        {"%v4hhs", 0, 0, 0, 0, 0, 0, 0, 0, "c, s or p"},
        {"%v2hlc", 0, 0, 0, 0, 0, 0, 0, 0, "c, s or p"},
        {"%hld", 0, 0, 0, 0, 0, 0, 0, 0, "hl needs a vector"},
        {"%lc", 0, 0, 0, 0, 0, 0, 0, 0, "c, s or p"},
        {"%hs", 0, 0, 0, 0, 0, 0, 0, 0, "c, s or p"},
        {"%hhf", 0, 0, 0, 0, 0, 0, 0, 0, "hh with a floating"},
        {"%hf", 0, 0, 0, 0, 0, 0, 0, 0, "h with a scalar"},
        {"%v2lld", 0, 0, 0, 0, 0, 0, 0, 0, "scalar integers"},
        {"%zf", 0, 0, 0, 0, 0, 0, 0, 0, "scalar integers"},
        {"%5%", 0, 0, 0, 0, 0, 0, 0, 0, "'%'"},
        {"%", 0, 0, 0, 0, 0, 0, 0, 0, "incomplete"},
        {"%-08.3", 0, 0, 0, 0, 0, 0, 0, 0, "incomplete"},
        {"%q", 0, 0, 0, 0, 0, 0, 0, 0, "unknown"},
        {"%Lf", 0, 0, 0, 0, 0, 0, 0, 0, "unknown"},
        {"%n", 0, 0, 0, 0, 0, 0, 0, 0, "unknown"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct hmmcl_pf_spec sp;
        const char *why = NULL;
        int rc = hmmcl_pf_parse(cases[i].s, &sp, &why);
        if (!cases[i].ok) {
            if (rc == 0 || !why || !strstr(why, cases[i].why)) {
                fprintf(stderr, "parse(\"%s\"): rc %d, reason \"%s\", expected one with \"%s\"\n",
                        cases[i].s, rc, why ? why : "", cases[i].why);
                failures++;
            }
            continue;
        }
        if (rc) {
            fprintf(stderr, "parse(\"%s\") rejected: %s\n", cases[i].s, why);
            failures++;
            continue;
        }
        CHECK_EQ(sp.flags, cases[i].flags);
        CHECK_EQ(sp.width, cases[i].width);
        CHECK_EQ(sp.precision, cases[i].precision);
        CHECK_EQ(sp.vec, cases[i].vec);
        CHECK_EQ(sp.length, cases[i].length);
        CHECK_EQ(sp.conv, cases[i].conv);
        CHECK_EQ(sp.len, cases[i].len);
    }
}

/* ---- the formatter ---- */

static uint64_t dbits(double d)
{
    uint64_t v;
    memcpy(&v, &d, sizeof(v));
    return v;
}

static void expect_format(int line, const char *fmt, const uint64_t *v, size_t n,
                          const struct hmmcl_pf_strings *strings, const char *want, size_t want_len)
{
    struct hmmcl_pf_out out = {0};
    hmmcl_pf_format(&out, fmt, v, n, strings);
    if (out.len != want_len || (want_len && memcmp(out.buf, want, want_len))) {
        fprintf(stderr, "test_printf.c:%d: format \"%s\" gave \"%.*s\", expected \"%s\"\n", line,
                fmt, (int)out.len, out.buf ? out.buf : "", want);
        failures++;
    }
    hmmcl_pf_out_free(&out);
}
#define FMT(fmt, want, ...)                                                                        \
    do {                                                                                           \
        const uint64_t v_[] = {__VA_ARGS__};                                                       \
        expect_format(__LINE__, fmt, v_, sizeof(v_) / sizeof(v_[0]), &strings, want,               \
                      strlen(want));                                                               \
    } while (0)

static void test_format(void)
{
    /* A fake data segment at device address 0x10000: "hi\0abc" and an unterminated tail. */
    static const char seg[] = {'h', 'i', 0, 'a', 'b', 'c', 0, 'e', 'n', 'd'};
    const struct hmmcl_pf_strings strings = {.base = 0x10000, .host = seg, .size = sizeof(seg)};

    /* Integers take the conversion's width: truncated, then sign-extended for d and i. */
    FMT("%d|%i|%u", "-1|-2|4294967295", 0xffffffffull, 0xfffffffeull, 0xffffffffull);
    FMT("%d", "-1", 0xffffffffffffffffull);
    FMT("%hhd %hhu %hd %hu", "-1 255 -32768 32768", 0xffull, 0x1ffull, 0x8000ull, 0x18000ull);
    FMT("%ld %lu %lx", "-9223372036854775808 18446744073709551615 ffffffffffffffff",
        0x8000000000000000ull, ~0ull, ~0ull);
    FMT("[%5d|%-5d|%05d|%+d|% d|%.3d|%#x|%#o|%X]", "[   42|42   |-0042|+42| 42|042|0x2a|052|2A]",
        42, 42, (uint64_t)(uint32_t)-42, 42, 42, 42, 42, 42, 42);
    FMT("%.0d|%#.0o", "|0", 0, 0);
    /* Floats are f64 bits. */
    FMT("%f %.2e %g %a %8.3F|", "1.500000 -2.50e-01 1e+100 0x1p+0    0.125|", dbits(1.5),
        dbits(-0.25), dbits(1e100), dbits(1.0), dbits(0.125));
    /* Vectors: every component with the same specification, joined by ','. */
    FMT("<%3v4hhd>", "<  1, -1,127,-128>", 1, 0xff, 0x7f, 0x80);
    FMT("%v2hlf;%v3hx", "0.500000,-1.000000;1,ffff,0", dbits(0.5), dbits(-1.0), 1, 0xffff, 0x10000);
    /* Characters, including NUL. */
    FMT("%c%c%3c|%-2c|", "ab  c|d |", 'a', 0x162, 'c', 'd');
    expect_format(__LINE__, "x%cy", (const uint64_t[]){0}, 1, &strings, "x\0y", 3);
    /* Strings: inside the segment, bounded by it, null, elsewhere. */
    FMT("[%s][%s][%5s][%-4s][%.1s]", "[hi][abc][  abc][hi  ][a]", 0x10000, 0x10003, 0x10003,
        0x10000, 0x10003);
    FMT("[%s]", "[end]", 0x10007);
    FMT("[%s][%s][%s]", "[(null)][(invalid string)][(invalid string)]", 0, 0x100, 0x1000a);
    expect_format(__LINE__, "%s", (const uint64_t[]){0x10000}, 1, NULL, "(invalid string)", 16);
    /* %%, pointers (the host's %p text). */
    {
        char p[64];
        snprintf(p, sizeof(p), "100%% %p", (void *)(uintptr_t)0x1234);
        FMT("100%% %p", p, 0x1234);
    }
    /* Untrusted records: too few values and bad formats stop the text, never crash. */
    FMT("a%db%dc", "a7b", 7);
    FMT("%v4hld", "1,2", 1, 2);
    FMT("ok %*d never", "ok ", 1, 2);
    FMT("ok %v4f never", "ok ", 1, 2, 3, 4);
    FMT("tail %", "tail ");
    FMT("no conversions", "no conversions");
}

/* ---- the record walk ---- */

static void put_record(uint8_t *buf, size_t *off, uint32_t fmt, const uint64_t *v, uint32_t n)
{
    uint32_t size = 8 + 8 * n;
    memcpy(buf + *off, &fmt, 4);
    memcpy(buf + *off + 4, &size, 4);
    memcpy(buf + *off + 8, v, 8 * n);
    *off += size;
}

static void set_next(uint8_t *buf, uint64_t next)
{
    memcpy(buf, &next, 8);
}

static void expect_text(int line, const uint8_t *buf, size_t size, const struct hmm_program *prog,
                        const char *want)
{
    struct hmmcl_pf_out out = {0};
    hmmcl_printf_buffer_text(buf, size, prog, NULL, &out);
    if (out.len != strlen(want) || (out.len && memcmp(out.buf, want, out.len))) {
        fprintf(stderr, "test_printf.c:%d: records gave \"%.*s\", expected \"%s\"\n", line,
                (int)out.len, out.buf ? out.buf : "", want);
        failures++;
    }
    hmmcl_pf_out_free(&out);
}

static void test_records(void)
{
    /* Strings section: 0 "", 1 "v=%d\n", 7 "%v2hld;%c\n". */
    static const char strs[] = "\0v=%d\n\0%v2hld;%c\n";
    struct hmm_program prog = {.strings = strs, .strings_size = sizeof(strs)};
    size_t cap = 0;
    uint8_t *buf = hmmcl_printf_buffer_create(256, &cap);
    CHECK(buf != NULL);
    if (!buf)
        return;
    CHECK_EQ(cap, HMMCL_PRINTF_HEADER + 256);
    uint64_t hdr[2];
    memcpy(hdr, buf, sizeof(hdr));
    CHECK_EQ(hdr[0], HMMCL_PRINTF_HEADER);
    CHECK_EQ(hdr[1], cap);
    expect_text(__LINE__, buf, cap, &prog, "");

    size_t off = HMMCL_PRINTF_HEADER;
    put_record(buf, &off, 1, (const uint64_t[]){5}, 1);
    put_record(buf, &off, 7, (const uint64_t[]){1, (uint64_t)-2, 'x'}, 3);
    put_record(buf, &off, 1, (const uint64_t[]){6}, 1);
    set_next(buf, off);
    expect_text(__LINE__, buf, cap, &prog, "v=5\n1,-2;x\nv=6\n");

    /* Reservations past the end (failed printfs) do not extend the walk past the buffer. */
    set_next(buf, 1u << 30);
    expect_text(__LINE__, buf, cap, &prog, "v=5\n1,-2;x\nv=6\n");
    /* A record not written (zero) ends the walk. */
    set_next(buf, off + 64);
    expect_text(__LINE__, buf, cap, &prog, "v=5\n1,-2;x\nv=6\n");
    /* Corrupt sizes end it too: not a multiple of 8, past next. */
    uint32_t bad = 12;
    memcpy(buf + HMMCL_PRINTF_HEADER + 16 + 4, &bad, 4);
    set_next(buf, off);
    expect_text(__LINE__, buf, cap, &prog, "v=5\n");
    bad = 4000;
    memcpy(buf + HMMCL_PRINTF_HEADER + 16 + 4, &bad, 4);
    expect_text(__LINE__, buf, cap, &prog, "v=5\n");
    /* A format offset outside the strings prints nothing for that record. */
    bad = 32;
    memcpy(buf + HMMCL_PRINTF_HEADER + 16 + 4, &bad, 4);
    uint32_t far = 9999;
    memcpy(buf + HMMCL_PRINTF_HEADER + 16, &far, 4);
    expect_text(__LINE__, buf, cap, &prog, "v=5\nv=6\n");
    /* A next below the header prints nothing. */
    set_next(buf, 3);
    expect_text(__LINE__, buf, cap, &prog, "");
    hmmcl_printf_buffer_destroy(buf, cap);
}

/* ---- OpenCL C through the compiler and the engine ---- */

/* OpenCL C -> verified image, or NULL with the build log in @log. */
static void *build(const char *src, char *log, size_t log_size, size_t *image_size)
{
    struct hmmcl_fe_options opts;
    struct hmmcl_text text = {0};
    struct hmmcl_blob bc = {0}, spv = {0}, img = {0};
    char *arg_info = NULL;
    void *image = NULL;

    log[0] = 0;
    if (hmmcl_fe_parse_options("", HMMCL_FE_BUILD, &opts, &text) != CL_SUCCESS)
        goto out;
    if (!hmmcl_fe_compile(src, &opts, NULL, 0, &bc, &text) &&
        !hmmcl_fe_translate(&bc, &spv, &arg_info, &text) &&
        !hmmcl_fe_lower(spv.data, spv.size, NULL, 0, &img, &text)) {
        image = img.data;
        *image_size = img.size;
        img.data = NULL;
    }
    hmmcl_fe_options_free(&opts);
out:
    snprintf(log, log_size, "%s", text.buf ? text.buf : "");
    hmmcl_text_free(&text);
    hmmcl_blob_free(&bc);
    hmmcl_blob_free(&spv);
    hmmcl_blob_free(&img);
    free(arg_info);
    return image;
}

static const char kernels_src[] =
    "void say(int i, float f) { printf(\"item %d: %.2f %s\\n\", i, f, \"ok\"); }\n"
    "kernel void quiet(global int *o, int v) { o[get_global_id(0)] = v; }\n"
    "kernel void loud(global int *o, int v)\n"
    "{\n"
    "    int i = (int)get_global_id(0);\n"
    "    say(i, v * 0.5f);\n"
    "    o[i] = printf(\"%v2hhd|%c\\n\", (char2)((char)i, (char)-i), 'A' + i);\n"
    "}\n"
    "kernel void indirect(int n) { for (int i = 0; i < n; i++) say(i, 1.0f); }\n";

/* Run kernel @name of @prog over @n items in groups of @l, arguments (o, v) then the buffer. */
static int run(const struct hmm_program *prog, void *data, const char *name, uint64_t n, uint64_t l,
               int *o, int v, void *pbuf)
{
    int k = hmm_program_find_kernel(prog, name);
    if (k < 0)
        return -1;
    const struct hmm_kernel *kn = &prog->kernels[k];
    uint8_t *block = calloc(1, kn->arg_block_size);
    if (!block)
        return -1;
    for (uint32_t i = 0; i < kn->num_args; i++) {
        const struct hmm_kernel_arg *a = &prog->args[kn->first_arg + i];
        uint64_t p = (uint64_t)(uintptr_t)o;
        if (a->kind == HMM_ARG_GLOBAL_PTR)
            memcpy(block + a->offset, &p, 8);
        else
            memcpy(block + a->offset, &v, 4);
    }
    if (kn->printf_arg) {
        uint64_t p = (uint64_t)(uintptr_t)pbuf;
        memcpy(block + kn->printf_arg - 1, &p, 8);
    }
    struct hmm_launch launch = {
        .prog = prog,
        .kernel = (uint32_t)k,
        .work_dim = 1,
        .global_size = {n, 1, 1},
        .local_size = {l, 1, 1},
        .args = block,
        .data_base = (uint64_t)(uintptr_t)data,
    };
    struct hmm_wave *w = hmm_wave_create(&launch);
    int rc = w ? 0 : -1;
    for (uint64_t g = 0; w && g < (n + l - 1) / l && !rc; g++) {
        const uint64_t gid[3] = {g, 0, 0};
        enum hmm_status st;
        hmm_wave_start(w, gid);
        do
            st = hmm_wave_run(w, 1u << 20);
        while (st == HMM_YIELD);
        if (st != HMM_DONE) {
            fprintf(stderr, "%s: %s\n", name, hmm_wave_error(w));
            rc = -1;
        }
    }
    hmm_wave_destroy(w);
    free(block);
    return rc;
}

static void test_kernels(void)
{
    char log[4096];
    size_t size = 0;
    void *image = build(kernels_src, log, sizeof(log), &size);
    if (!image) {
        fprintf(stderr, "build failed: %s\n", log);
        failures++;
        return;
    }
    struct hmm_program prog;
    struct hmm_log hl = {.buf = log, .size = sizeof(log)};
    CHECK(hmm_image_parse(image, size, &prog, &hl) == 0 && hmm_verify(&prog, &hl) == 0);
    CHECK_EQ(prog.header->version_minor, HMM_ISA_VERSION_MINOR);

    /* The hidden argument: only kernels that reach printf, 8 aligned bytes after the arguments. */
    int kq = hmm_program_find_kernel(&prog, "quiet"), kl = hmm_program_find_kernel(&prog, "loud"),
        ki = hmm_program_find_kernel(&prog, "indirect");
    CHECK(kq >= 0 && kl >= 0 && ki >= 0);
    if (kq < 0 || kl < 0 || ki < 0)
        goto out;
    CHECK_EQ(prog.kernels[kq].printf_arg, 0);
    CHECK_EQ(prog.kernels[kq].arg_block_size, 16);
    CHECK_EQ(prog.kernels[kl].num_args, 2);
    CHECK_EQ(prog.kernels[kl].printf_arg, 16 + 1);
    CHECK_EQ(prog.kernels[kl].arg_block_size, 24);
    CHECK_EQ(prog.kernels[ki].printf_arg, 8 + 1);
    CHECK_EQ(prog.kernels[ki].arg_block_size, 16);

    void *data = calloc(1, prog.data_size ? prog.data_size : 1);
    if (prog.data_init_size)
        memcpy(data, prog.data, prog.data_init_size);
    struct hmmcl_pf_strings strings = {
        .base = (uint64_t)(uintptr_t)data, .host = data, .size = prog.data_size};
    int o[8];
    size_t cap = 0;

    /* Enough room: every record, each work-item's two lines in order, printf returns 0. */
    void *buf = hmmcl_printf_buffer_create(4096, &cap);
    memset(o, 0x55, sizeof(o));
    CHECK(run(&prog, data, "loud", 3, 2, o, 5, buf) == 0);
    CHECK_EQ(o[0], 0);
    CHECK_EQ(o[2], 0);
    struct hmmcl_pf_out out = {0};
    hmmcl_printf_buffer_text(buf, cap, &prog, &strings, &out);
    /* Lanes of a group step together, so the group's first lines come first. */
    static const char want[] = "item 0: 2.50 ok\nitem 1: 2.50 ok\n0,0|A\n1,-1|B\n"
                               "item 2: 2.50 ok\n2,-2|C\n";
    CHECK(out.len == strlen(want) && !memcmp(out.buf, want, out.len));
    if (out.len != strlen(want) || memcmp(out.buf, want, out.len))
        fprintf(stderr, "loud printed \"%.*s\"\n", (int)out.len, out.buf);
    hmmcl_pf_out_free(&out);
    hmmcl_printf_buffer_destroy(buf, cap);

    /* Room for 4 records of 32 bytes: the next calls return -1 and write nothing. */
    buf = hmmcl_printf_buffer_create(4 * 32, &cap);
    memset(o, 0x55, sizeof(o));
    CHECK(run(&prog, data, "loud", 3, 1, o, 2, buf) == 0);
    CHECK_EQ(o[0], 0);  /* records 1 (say) and 2 */
    CHECK_EQ(o[1], 0);  /* records 3 and 4 */
    CHECK_EQ(o[2], -1); /* say and this one fail */
    hmmcl_printf_buffer_text(buf, cap, &prog, &strings, &out);
    static const char want2[] = "item 0: 1.00 ok\n0,0|A\nitem 1: 1.00 ok\n1,-1|B\n";
    CHECK(out.len == strlen(want2) && !memcmp(out.buf, want2, out.len));
    hmmcl_pf_out_free(&out);
    hmmcl_printf_buffer_destroy(buf, cap);

    /* The quiet kernel runs without any buffer. */
    memset(o, 0, sizeof(o));
    CHECK(run(&prog, data, "quiet", 4, 4, o, 9, NULL) == 0);
    CHECK_EQ(o[3], 9);

    /* The verifier checks the hidden argument. */
    {
        void *copy = malloc(size);
        struct hmm_program p2;
        memcpy(copy, image, size);
        CHECK(hmm_image_parse(copy, size, &p2, &hl) == 0);
        struct hmm_kernel *kn = (struct hmm_kernel *)(uintptr_t)&p2.kernels[kl];
        static const uint32_t bad[] = {16 + 1 + 4, 24 + 1, 8 + 1, UINT32_MAX};
        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
            kn->printf_arg = bad[i];
            log[0] = 0;
            hl.len = 0;
            CHECK(hmm_verify(&p2, &hl) != 0);
            CHECK(strstr(log, "printf") != NULL);
        }
        free(copy);
    }
    free(data);
out:
    free(image);
}

/* Formats the build rejects, each with its reason in the log. */
static void test_build_errors(void)
{
    static const struct {
        const char *body;
        const char *why;
    } cases[] = {
        {"printf(\"%v4f\\n\", (float4)(1.0f));", "needs a length modifier"},
        {"printf(\"%v4hld\\n\", (short4)(1));", "names 32-bit components"},
        {"printf(\"%v4hld\\n\", (int2)(1));", "4-component integer vector"},
        {"printf(\"%v2hlf\\n\", (int2)(1));", "floating-point vector"},
        {"printf(\"%d\\n\", (int2)(1));", "needs a scalar"},
        {"printf(\"%s\\n\", 1);", "needs a pointer"},
        {"printf(\"%d %d\\n\", 1);", "needs more than the 1 argument"},
        {"printf(\"%4096d\\n\", 1);", "4095"},
        {"printf(\"%hld\\n\", 1);", "hl needs a vector"},
        {"printf(\"%q\\n\", 1);", "unknown conversion"},
        {"printf(\"50%\");", "incomplete"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char src[256], log[4096];
        size_t size;
        snprintf(src, sizeof(src), "kernel void k(void) { %s }\n", cases[i].body);
        void *image = build(src, log, sizeof(log), &size);
        if (image || !strstr(log, cases[i].why)) {
            fprintf(stderr, "%s: built %d, log \"%s\", expected a failure with \"%s\"\n",
                    cases[i].body, image != NULL, log, cases[i].why);
            failures++;
        }
        free(image);
    }
}

int main(void)
{
    test_parse();
    test_format();
    test_records();
    test_kernels();
    test_build_errors();
    if (failures)
        fprintf(stderr, "%d check(s) failed\n", failures);
    return failures ? 1 : 0;
}
