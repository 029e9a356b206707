/* SPDX-License-Identifier: MIT */
/*
 * The OpenCL C front end's pure parts: option parsing (a table of options,
 * mode and expected result), the program cache's entry format (SHA-256
 * against FIPS 180-4 vectors) and key sensitivity, the freeze rewrite,
 * kernel argument information from LLVM metadata, the binary container,
 * specialization constants and the build-step timing log (HMMCL_DEBUG=time).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compiler/arginfo.h"
#include "compiler/binary.h"
#include "compiler/cache.h"
#include "compiler/frontend.h"
#include "core/kernel.h"
#include "util/log.h"

static int failures;

#define EXPECT(cond, ...)                                                                          \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            failures++;                                                                            \
            printf("FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond);                                 \
            printf(__VA_ARGS__);                                                                   \
            printf("\n");                                                                          \
        }                                                                                          \
    } while (0)

static bool has_arg(const struct hmmcl_fe_options *o, const char *a, const char *b)
{
    for (size_t i = 0; i < o->num_clang_args; i++) {
        if (!strcmp(o->clang_args[i], a) &&
            (!b || (i + 1 < o->num_clang_args && !strcmp(o->clang_args[i + 1], b))))
            return true;
    }
    return false;
}

static void test_options(void)
{
    static const struct {
        const char *options;
        enum hmmcl_fe_mode mode;
        cl_int expect;
        const char *arg, *arg2; /* a clang argument expected (NULL: none checked) */
    } cases[] = {
        {NULL, HMMCL_FE_BUILD, CL_SUCCESS, "-cl-std=CL3.0", NULL},
        {"", HMMCL_FE_BUILD, CL_SUCCESS, "-cl-std=CL3.0", NULL},
        {"-DFOO=1", HMMCL_FE_BUILD, CL_SUCCESS, "-D", "FOO=1"},
        {"-D FOO=2", HMMCL_FE_BUILD, CL_SUCCESS, "-D", "FOO=2"},
        {"  -D   BAR  ", HMMCL_FE_COMPILE, CL_SUCCESS, "-D", "BAR"},
        {"-D \"S=a b\"", HMMCL_FE_BUILD, CL_SUCCESS, "-D", "S=a b"},
        {"-D", HMMCL_FE_BUILD, CL_INVALID_BUILD_OPTIONS, NULL, NULL},
        {"-I /abs/dir", HMMCL_FE_BUILD, CL_SUCCESS, "-I", "/abs/dir"},
        {"-I/abs/dir", HMMCL_FE_COMPILE, CL_SUCCESS, "-I", "/abs/dir"},
        {"-cl-std=CL1.0", HMMCL_FE_BUILD, CL_SUCCESS, "-cl-std=CL1.0", NULL},
        {"-cl-std=CL1.1", HMMCL_FE_BUILD, CL_SUCCESS, "-cl-std=CL1.1", NULL},
        {"-cl-std=CL1.2", HMMCL_FE_BUILD, CL_SUCCESS, "-cl-std=CL1.2", NULL},
        {"-cl-std=CL2.0", HMMCL_FE_BUILD, CL_SUCCESS, "-cl-std=CL2.0", NULL},
        {"-cl-std=CL3.0", HMMCL_FE_BUILD, CL_SUCCESS, "-cl-std=CL3.0", NULL},
        {"-cl-std=CL4.0", HMMCL_FE_BUILD, CL_INVALID_BUILD_OPTIONS, NULL, NULL},
        {"-cl-std=CLC++", HMMCL_FE_BUILD, CL_INVALID_BUILD_OPTIONS, NULL, NULL},
        {"-cl-opt-disable", HMMCL_FE_BUILD, CL_SUCCESS, NULL, NULL},
        {"-cl-mad-enable", HMMCL_FE_BUILD, CL_SUCCESS, "-cl-mad-enable", NULL},
        {"-cl-fast-relaxed-math", HMMCL_FE_BUILD, CL_SUCCESS, "-cl-fast-relaxed-math", NULL},
        {"-cl-finite-math-only", HMMCL_FE_BUILD, CL_SUCCESS, "-cl-finite-math-only", NULL},
        {"-cl-unsafe-math-optimizations", HMMCL_FE_BUILD, CL_SUCCESS,
         "-cl-unsafe-math-optimizations", NULL},
        {"-cl-no-signed-zeros", HMMCL_FE_BUILD, CL_SUCCESS, "-cl-no-signed-zeros", NULL},
        {"-cl-denorms-are-zero", HMMCL_FE_BUILD, CL_SUCCESS, NULL, NULL},
        {"-cl-single-precision-constant", HMMCL_FE_BUILD, CL_SUCCESS,
         "-cl-single-precision-constant", NULL},
        {"-cl-fp32-correctly-rounded-divide-sqrt", HMMCL_FE_BUILD, CL_SUCCESS,
         "-cl-fp32-correctly-rounded-divide-sqrt", NULL},
        {"-w", HMMCL_FE_BUILD, CL_SUCCESS, "-w", NULL},
        {"-Werror", HMMCL_FE_BUILD, CL_SUCCESS, "-Werror", NULL},
        {"-cl-kernel-arg-info", HMMCL_FE_BUILD, CL_SUCCESS, "-cl-kernel-arg-info", NULL},
        {"-cl-uniform-work-group-size", HMMCL_FE_BUILD, CL_SUCCESS, "-cl-uniform-work-group-size",
         NULL},
        {"-cl-no-subgroup-ifp", HMMCL_FE_BUILD, CL_SUCCESS, NULL, NULL},
        {"-g", HMMCL_FE_BUILD, CL_SUCCESS, NULL, NULL},
        {"-bogus", HMMCL_FE_BUILD, CL_INVALID_BUILD_OPTIONS, NULL, NULL},
        {"-bogus", HMMCL_FE_COMPILE, CL_INVALID_COMPILER_OPTIONS, NULL, NULL},
        {"-bogus", HMMCL_FE_LINK, CL_INVALID_LINKER_OPTIONS, NULL, NULL},
        {"-O3", HMMCL_FE_BUILD, CL_INVALID_BUILD_OPTIONS, NULL, NULL},
        {"-create-library", HMMCL_FE_LINK, CL_SUCCESS, NULL, NULL},
        {"-create-library", HMMCL_FE_COMPILE, CL_INVALID_COMPILER_OPTIONS, NULL, NULL},
        {"-create-library -enable-link-options", HMMCL_FE_LINK, CL_SUCCESS, NULL, NULL},
        {"-enable-link-options", HMMCL_FE_LINK, CL_INVALID_LINKER_OPTIONS, NULL, NULL},
        {"-cl-fast-relaxed-math", HMMCL_FE_LINK, CL_SUCCESS, NULL, NULL},
        {"-cl-denorms-are-zero -cl-no-signed-zeros", HMMCL_FE_LINK, CL_SUCCESS, NULL, NULL},
        {"-DX=1", HMMCL_FE_LINK, CL_INVALID_LINKER_OPTIONS, NULL, NULL},
        {"-cl-mad-enable", HMMCL_FE_LINK, CL_INVALID_LINKER_OPTIONS, NULL, NULL},
        {"-cl-std=CL3.0", HMMCL_FE_LINK, CL_INVALID_LINKER_OPTIONS, NULL, NULL},
    };

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct hmmcl_text log = {0};
        struct hmmcl_fe_options o;
        cl_int err = hmmcl_fe_parse_options(cases[i].options, cases[i].mode, &o, &log);

        EXPECT(err == cases[i].expect, "\"%s\" mode %d: %d, expected %d", cases[i].options,
               cases[i].mode, err, cases[i].expect);
        if (err) {
            /* The log names the option. */
            EXPECT(log.buf && log.len, "\"%s\": empty log", cases[i].options);
        } else {
            if (cases[i].arg)
                EXPECT(has_arg(&o, cases[i].arg, cases[i].arg2), "\"%s\": no clang argument %s",
                       cases[i].options, cases[i].arg);
            hmmcl_fe_options_free(&o);
        }
        hmmcl_text_free(&log);
    }
    {
        struct hmmcl_text log = {0};
        struct hmmcl_fe_options o;

        hmmcl_fe_parse_options("-cl-opt-disable -cl-kernel-arg-info -I rel", HMMCL_FE_BUILD, &o,
                               &log);
        EXPECT(o.opt_disable && o.kernel_arg_info && o.include_dirs, "flags");
        /* -I is made absolute against the working directory. */
        for (size_t i = 0; i + 1 < o.num_clang_args; i++) {
            if (!strcmp(o.clang_args[i], "-I"))
                EXPECT(o.clang_args[i + 1][0] == '/', "-I %s", o.clang_args[i + 1]);
        }
        hmmcl_fe_options_free(&o);
        hmmcl_fe_parse_options("-bogus", HMMCL_FE_BUILD, &o, &log);
        EXPECT(log.buf && strstr(log.buf, "-bogus"), "log names the option: %s",
               log.buf ? log.buf : "");
        hmmcl_text_free(&log);
    }
}

/* The entry file @name in @dir, whole, into @buf; its size, or -1. */
static long read_entry(const char *dir, const char *name, unsigned char *buf, size_t size)
{
    char path[512];
    FILE *f;
    long n;

    snprintf(path, sizeof(path), "%s/%s", dir, name);
    if (!(f = fopen(path, "rb")))
        return -1;
    n = (long)fread(buf, 1, size, f);
    fclose(f);
    return n;
}

static void hex_of(const unsigned char *d, char hex[65])
{
    for (int i = 0; i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", d[i]);
}

/*
 * Entries are SHA-256 (FIPS 180-4 vectors, one of them many blocks long) of
 * the payload, then the payload: the format the cache has always written, so
 * that existing entries stay valid. A payload that does not match its digest
 * is not loaded.
 */
static void test_cache_entries(void)
{
    static const struct {
        const char *name, *digest;
        size_t size;
        char fill;
    } vectors[] = {
        {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", 0, 0},
        {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1", 0, 0},
        {"a", "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0", 1000000, 'a'},
    };
    char top[] = "/tmp/hmmcl-test-cache-XXXXXX", dir[64], key[65], hex[65], path[512];
    unsigned char *want = malloc(1000000), *file = malloc(1000000 + 33);

    EXPECT(want && file && mkdtemp(top), "scratch space");
    if (!want || !file || !top[0])
        goto out;
    /* A directory that does not exist yet: the store makes it. */
    snprintf(dir, sizeof(dir), "%s/sub", top);
    setenv("HMMCL_CACHE_DIR", dir, 1);
    unsetenv("HMMCL_CACHE");
    EXPECT(hmmcl_cache_enabled(), "cache enabled with HMMCL_CACHE_DIR");
    EXPECT(hmmcl_cache_source_key("build", "kernel src", "", NULL, 0, key), "key");
    EXPECT(strspn(key, "0123456789abcdef") == 64 && !key[64], "the key is hex SHA-256: %s", key);
    for (size_t i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
        size_t size = vectors[i].size ? vectors[i].size : strlen(vectors[i].name);
        struct hmmcl_blob got = {0};
        long n;

        if (vectors[i].size)
            memset(want, vectors[i].fill, size);
        else
            memcpy(want, vectors[i].name, size);
        hmmcl_cache_store(key, want, size);
        n = read_entry(dir, key, file, 1000000 + 33);
        EXPECT(n == (long)size + 32, "entry of %zu bytes is %ld bytes", size, n);
        if (n != (long)size + 32)
            continue;
        hex_of(file, hex);
        EXPECT(!strcmp(hex, vectors[i].digest), "sha256(\"%s\"...) = %s", vectors[i].name, hex);
        EXPECT(!memcmp(file + 32, want, size), "the payload follows the digest");
        EXPECT(!hmmcl_cache_load(key, &got) && got.size == size && !memcmp(got.data, want, size),
               "load what was stored (%zu bytes)", size);
        hmmcl_blob_free(&got);
        /* One payload byte changed: the digest no longer matches. */
        snprintf(path, sizeof(path), "%s/%s", dir, key);
        {
            FILE *f = fopen(path, "r+b");

            EXPECT(f != NULL, "open %s", path);
            if (f) {
                fseek(f, 32 + (long)size / 2, SEEK_SET);
                fputc(want[size / 2] ^ 1, f);
                fclose(f);
            }
        }
        EXPECT(hmmcl_cache_load(key, &got) == -1 && !got.data, "a corrupt entry is not loaded");
        hmmcl_cache_drop(key);
        EXPECT(read_entry(dir, key, file, 1) == -1, "drop removes the entry");
    }
    rmdir(dir);
    EXPECT(!rmdir(top), "nothing left behind in %s", top);
out:
    unsetenv("HMMCL_CACHE_DIR");
    free(want);
    free(file);
}

static void test_cache_key(void)
{
    struct hmmcl_fe_header h[2] = {{"a.h", "int a;"}, {"b.h", "int b;"}};
    struct hmmcl_fe_header h2[2] = {{"a.h", "int a;"}, {"b.h", "int c;"}};
    struct hmmcl_fe_header h3[2] = {{"a.h", "int a;"}, {"c.h", "int b;"}};
    char base[65], k[65], again[65];

    hmmcl_cache_source_key("build", "kernel src", "-cl-std=CL3.0\n", h, 2, base);
    hmmcl_cache_source_key("build", "kernel src", "-cl-std=CL3.0\n", h, 2, again);
    EXPECT(!strcmp(base, again), "the key is deterministic");
    hmmcl_cache_source_key("compile", "kernel src", "-cl-std=CL3.0\n", h, 2, k);
    EXPECT(strcmp(base, k), "kind changes the key");
    hmmcl_cache_source_key("build", "kernel src ", "-cl-std=CL3.0\n", h, 2, k);
    EXPECT(strcmp(base, k), "source changes the key");
    hmmcl_cache_source_key("build", "kernel src", "-cl-std=CL1.2\n", h, 2, k);
    EXPECT(strcmp(base, k), "options change the key");
    hmmcl_cache_source_key("build", "kernel src", "-cl-std=CL3.0\n", h2, 2, k);
    EXPECT(strcmp(base, k), "header text changes the key");
    hmmcl_cache_source_key("build", "kernel src", "-cl-std=CL3.0\n", h3, 2, k);
    EXPECT(strcmp(base, k), "header name changes the key");
    hmmcl_cache_source_key("build", "kernel src", "-cl-std=CL3.0\n", h, 1, k);
    EXPECT(strcmp(base, k), "header count changes the key");
    /* Inputs are length-prefixed: moving a byte between them changes the key. */
    hmmcl_cache_source_key("build", "kernel sr", "c-cl-std=CL3.0\n", h, 2, k);
    EXPECT(strcmp(base, k), "boundaries are part of the key");
    /* The tools' identity is part of every key. */
    EXPECT(strstr(hmmcl_fe_tool_identity(), "clang") != NULL, "identity: %s",
           hmmcl_fe_tool_identity());
    /* Parsed options normalise whitespace: the same build, the same key. */
    {
        struct hmmcl_text log = {0};
        struct hmmcl_fe_options a, b;

        hmmcl_fe_parse_options("-DX=1   -cl-mad-enable", HMMCL_FE_BUILD, &a, &log);
        hmmcl_fe_parse_options("  -D X=1 -cl-mad-enable ", HMMCL_FE_BUILD, &b, &log);
        EXPECT(!strcmp(a.normalized, b.normalized), "\"%s\" vs \"%s\"", a.normalized, b.normalized);
        hmmcl_fe_options_free(&a);
        hmmcl_fe_options_free(&b);
    }
}

static void test_strip_freeze(void)
{
    const char *in = "entry:\n"
                     "  %.frozen = freeze i32 %1\n"
                     "  %v = freeze <4 x float> %x, !dbg !12\n"
                     "  %d = sdiv i32 %.frozen, %b\n";
    char *out = hmmcl_fe_strip_freeze(in);

    EXPECT(out != NULL, "strip_freeze failed");
    if (!out)
        return;
    EXPECT(!strstr(out, "freeze"), "%s", out);
    EXPECT(strstr(out, "%.frozen = select i1 true, i32 %1, i32 %1\n"), "%s", out);
    EXPECT(
        strstr(out,
               "%v = select <4 x i1> zeroinitializer, <4 x float> %x, <4 x float> %x, !dbg !12\n"),
        "%s", out);
    EXPECT(strstr(out, "%d = sdiv i32 %.frozen, %b\n"), "%s", out);
    free(out);
}

/* Linked inputs of OpenCL C 1.2 and 3.0: one version, the highest, for llvm-spirv. */
static void test_unify_versions(void)
{
    const char *in = "define void @k() {\n  ret void\n}\n"
                     "!opencl.ocl.version = !{!0, !1, !0}\n"
                     "!opencl.spir.version = !{!1, !0}\n"
                     "!0 = !{i32 1, i32 2}\n"
                     "!1 = !{i32 3, i32 0}\n";
    char *out = hmmcl_fe_unify_versions(in);
    EXPECT(out != NULL, "unify_versions changed nothing");
    if (out) {
        EXPECT(strstr(out, "\n!opencl.ocl.version = !{!1}\n") != NULL, "ocl version: %s", out);
        EXPECT(strstr(out, "\n!opencl.spir.version = !{!1}\n") != NULL, "spir version: %s", out);
        EXPECT(strstr(out, "!0 = !{i32 1, i32 2}") != NULL, "nodes kept: %s", out);
    }
    free(out);
    EXPECT(hmmcl_fe_unify_versions("x\n!opencl.ocl.version = !{!0}\n!0 = !{i32 2, i32 0}\n") ==
               NULL,
           "a single version is left alone");
}

static void test_narrow_ints(void)
{
    static const char *const odd[] = {
        "  %trunc = trunc i64 %rem to i2\n",
        "  switch i2 %t, label %d [\n",
        "  %m = zext i32 %0 to i40\n",
        "define i3 @f(<4 x i7> %v)\n",
    };
    static const char *const fine[] = {
        "  %i2 = add i32 %a, %b\n",    "  %x.i3 = load i8, i8* %p\n",
        "  call void @i2(i64 %i40)\n", "  %v = icmp eq i1 %c, true ; uses i16 and i64\n",
        "!i5 = !{!\"x\"}\n",           "attributes #0 = { \"min-legal-vector-width\"=\"0\" }\n",
    };
    for (size_t i = 0; i < sizeof(odd) / sizeof(odd[0]); i++)
        EXPECT(hmmcl_fe_has_odd_int_types(odd[i]), "not found in %s", odd[i]);
    for (size_t i = 0; i < sizeof(fine) / sizeof(fine[0]); i++)
        EXPECT(!hmmcl_fe_has_odd_int_types(fine[i]), "false positive in %s", fine[i]);

    const char *ll = "; ModuleID = 'x'\ntarget datalayout = \"e-i64:64-v16:16\"\ntarget triple = "
                     "\"spir64-unknown-unknown\"\n";
    char *with = hmmcl_fe_native_int_layout(ll, true);
    EXPECT(with && strstr(with, "datalayout = \"e-i64:64-v16:16-n8:16:32:64\"\n"), "%s",
           with ? with : "(null)");
    char *twice = with ? hmmcl_fe_native_int_layout(with, true) : NULL;
    EXPECT(twice && with && !strcmp(twice, with), "added twice: %s", twice ? twice : "(null)");
    char *back = with ? hmmcl_fe_native_int_layout(with, false) : NULL;
    EXPECT(back && !strcmp(back, ll), "not restored: %s", back ? back : "(null)");
    free(with);
    free(twice);
    free(back);
}

static void test_arginfo(void)
{
    const char *ll =
        "define dso_local spir_kernel void @k(i32 addrspace(1)* noalias %a, i32 %n) #0 "
        "!kernel_arg_addr_space !3 !kernel_arg_access_qual !4 !kernel_arg_type !5 "
        "!kernel_arg_base_type !6 !kernel_arg_type_qual !7 !kernel_arg_name !8 {\n"
        "entry:\n  ret void\n}\n"
        "define spir_func void @helper() {\n  ret void\n}\n"
        "!3 = !{i32 1, i32 0}\n"
        "!4 = !{!\"none\", !\"none\"}\n"
        "!5 = !{!\"int*\", !\"my \\22type\\22\"}\n"
        "!6 = !{!\"int*\", !\"uint\"}\n"
        "!7 = !{!\"restrict const\", !\"\"}\n"
        "!8 = !{!\"a\", !\"n\"}\n";
    struct hmmcl_kernel_arg_info args[2] = {{0}};
    struct hmmcl_kernel_info k = {.name = "k", .num_args = 2, .args = args};
    char *text = hmmcl_arginfo_from_llvm(ll);

    EXPECT(text && strstr(text, "kernel k\n") && !strstr(text, "helper"), "%s", text);
    EXPECT(hmmcl_arginfo_apply(text, &k), "apply");
    EXPECT(args[0].name && !strcmp(args[0].name, "a"), "name %s", args[0].name);
    EXPECT(args[0].type_name && !strcmp(args[0].type_name, "int*"), "type %s", args[0].type_name);
    EXPECT(args[0].address_qualifier == CL_KERNEL_ARG_ADDRESS_GLOBAL, "addr");
    EXPECT(args[0].type_qualifier == (CL_KERNEL_ARG_TYPE_CONST | CL_KERNEL_ARG_TYPE_RESTRICT),
           "qual %llx", (unsigned long long)args[0].type_qualifier);
    EXPECT(args[1].type_name && !strcmp(args[1].type_name, "my \"type\""), "escaped %s",
           args[1].type_name);
    EXPECT(args[1].address_qualifier == CL_KERNEL_ARG_ADDRESS_PRIVATE, "private");
    EXPECT(args[1].access_qualifier == CL_KERNEL_ARG_ACCESS_NONE, "access");
    for (int i = 0; i < 2; i++) {
        free(args[i].name);
        free(args[i].type_name);
    }
    k.name = "other";
    EXPECT(!hmmcl_arginfo_apply(text, &k), "no entry for another kernel");
    free(text);
}

static void test_binary(void)
{
    static const unsigned char payload[] = {1, 2, 3, 4, 5};
    struct hmmcl_binary_view v;
    struct hmmcl_blob b;

    EXPECT(!hmmcl_binary_pack(HMMCL_BINARY_OBJECT, payload, sizeof(payload), "x", &b), "pack");
    EXPECT(!hmmcl_binary_unpack(b.data, b.size, &v), "unpack");
    EXPECT(v.type == HMMCL_BINARY_OBJECT && v.payload_size == sizeof(payload) &&
               !memcmp(v.payload, payload, sizeof(payload)) && v.arg_info &&
               !strcmp(v.arg_info, "x"),
           "round trip");
    EXPECT(hmmcl_binary_unpack(b.data, b.size - 1, &v), "truncated");
    b.data[0] ^= 1;
    EXPECT(hmmcl_binary_unpack(b.data, b.size, &v), "bad magic");
    hmmcl_blob_free(&b);
    EXPECT(hmmcl_binary_unpack("short", 5, &v), "short");
}

static void test_specialize(void)
{
    /* Header; OpDecorate %3 SpecId 7; %1 = OpTypeInt 32 0; %3 = OpSpecConstant %1 5; */
    uint32_t w[] = {
        0x07230203,      0x00010000, 0,  10, 0, /* header, bound 10 */
        (4u << 16) | 71, 3,          1,  7,     /* OpDecorate %3 SpecId 7 */
        (4u << 16) | 21, 1,          32, 0,     /* OpTypeInt */
        (4u << 16) | 50, 1,          3,  5,     /* OpSpecConstant %1 %3 5 */
        (3u << 16) | 20, 2,          0,         /* OpTypeBool %2 (word 3 unused) */
    };
    struct hmmcl_fe_spec_const s = {.id = 7, .size = 4, .value = 42};

    EXPECT(!hmmcl_fe_specialize(w, 5 + 4 + 4 + 4, &s, 1), "specialize");
    EXPECT(w[16] == 42, "value %u", w[16]);
    s.id = 8;
    s.value = 9;
    hmmcl_fe_specialize(w, 5 + 4 + 4 + 4, &s, 1);
    EXPECT(w[16] == 42, "another id leaves it alone");
}

/* HMMCL_DEBUG=time: one "hmmcl: time <step> <seconds> s" line per step, no API error log. */
static void test_time_log(void)
{
    char line[256] = "";
    FILE *f = tmpfile();
    int saved = dup(2);

    EXPECT(f && saved >= 0, "a temporary file for stderr");
    if (!f || saved < 0)
        return;
    setenv("HMMCL_DEBUG", "time", 1);
    fflush(stderr);
    dup2(fileno(f), 2);
    double start = hmmcl_log_time_start();
    hmmcl_log_time("llvm-spirv-15", start);
    hmmcl_log_time("never started", 0);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    rewind(f);
    EXPECT(start > 0, "a start time when timing is on");
    EXPECT(fgets(line, sizeof(line), f) && !strncmp(line, "hmmcl: time llvm-spirv-15 ", 26) &&
               strstr(line, " s\n"),
           "got \"%s\"", line);
    EXPECT(!fgets(line, sizeof(line), f), "one line only, got also \"%s\"", line);
    EXPECT(!hmmcl_log_enabled(), "HMMCL_DEBUG=time leaves the API error log off");
    fclose(f);
    unsetenv("HMMCL_DEBUG");
}

int main(void)
{
    test_options();
    test_cache_entries();
    test_cache_key();
    test_strip_freeze();
    test_unify_versions();
    test_narrow_ints();
    test_arginfo();
    test_binary();
    test_specialize();
    test_time_log();
    if (failures) {
        printf("%d failure(s)\n", failures);
        return 1;
    }
    printf("PASS test_frontend\n");
    return 0;
}
