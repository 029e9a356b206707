/* SPDX-License-Identifier: MIT */
/*
 * SPIR-V lowering end to end: OpenCL C cases (tests/unit/lower_cases/,
 * compiled to SPIR-V at build time by clang-15 + llvm-spirv-15) are
 * validated with SPIRV-Tools, lowered, parsed and verified by the engine,
 * then run work-group by work-group through hmm_wave_* with the CPU
 * device's identity address translation, and their results compared with
 * C references. Unsupported input must fail with a clear message.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/spirv_lower.h"
#include "compiler/spirv_validate.h"
#include "engine/engine.h"

#ifndef HMM_LOWER_CASES_DIR
#define HMM_LOWER_CASES_DIR ""
#endif

#include "check.h"

#define CHECK_FLT(got, want)                                                                       \
    do {                                                                                           \
        double g_ = (got), w_ = (want);                                                            \
        if (!(fabs(g_ - w_) <= 1e-5 * fmax(1.0, fabs(w_)))) {                                      \
            fprintf(stderr, "%s:%d: %s = %.9g, expected %.9g\n", __FILE__, __LINE__, #got, g_,     \
                    w_);                                                                           \
            failures++;                                                                            \
        }                                                                                          \
    } while (0)

struct prog {
    const char *name;
    void *image;
    size_t size;
    struct hmm_program p;
    uint8_t *data;
};

static uint32_t *read_spv(const char *name, size_t *nwords)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/%s.spv", HMM_LOWER_CASES_DIR, name);
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "cannot open %s\n", path);
        return NULL;
    }
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint32_t *w = malloc(len > 0 ? (size_t)len : 4);
    if (w && fread(w, 1, (size_t)len, f) != (size_t)len) {
        free(w);
        w = NULL;
    }
    fclose(f);
    *nwords = (size_t)len / 4;
    return w;
}

/* Validate, lower, parse and verify case @name. Returns 0 on success. */
static int build(const char *name, struct prog *P)
{
    char log[1024];
    size_t n;
    memset(P, 0, sizeof(*P));
    P->name = name;
    uint32_t *words = read_spv(name, &n);
    if (!words) {
        failures++;
        return -1;
    }
    int err = hmm_spirv_validate(words, n, log, sizeof(log));
    if (err) {
        fprintf(stderr, "%s: validation failed: %s\n", name, log);
        failures++;
        free(words);
        return -1;
    }
    err = hmm_spirv_lower(words, n, &P->image, &P->size, log, sizeof(log));
    free(words);
    if (err) {
        fprintf(stderr, "%s: lowering failed (%d): %s\n", name, err, log);
        failures++;
        return -1;
    }
    struct hmm_log hl = {.buf = log, .size = sizeof(log)};
    log[0] = 0;
    if (hmm_image_parse(P->image, P->size, &P->p, &hl) || hmm_verify(&P->p, &hl)) {
        fprintf(stderr, "%s: image rejected: %s\n", name, log);
        failures++;
        return -1;
    }
    P->data = calloc(1, P->p.data_size ? P->p.data_size : 1);
    if (P->p.data_init_size)
        memcpy(P->data, P->p.data, P->p.data_init_size);
    return 0;
}

static void release(struct prog *P)
{
    free(P->image);
    free(P->data);
    memset(P, 0, sizeof(*P));
}

/* Lowering must fail with @expect in the message. */
static void build_fails(const char *name, const char *expect)
{
    char log[1024] = "";
    size_t n;
    void *image = NULL;
    size_t size = 0;
    uint32_t *words = read_spv(name, &n);
    if (!words) {
        failures++;
        return;
    }
    CHECK(hmm_spirv_validate(words, n, log, sizeof(log)) == 0);
    int err = hmm_spirv_lower(words, n, &image, &size, log, sizeof(log));
    free(words);
    CHECK(err < 0);
    CHECK(image == NULL);
    if (!strstr(log, expect)) {
        fprintf(stderr, "%s: message \"%s\" lacks \"%s\"\n", name, log, expect);
        failures++;
    }
}

enum { A_PTR, A_VAL, A_LOCAL };

struct targ {
    int kind;
    const void *ptr; /* A_PTR: the pointer; A_VAL: the bytes */
    uint32_t size;   /* A_VAL: bytes; A_LOCAL: local bytes */
};

#define PTR(p)   ((struct targ){A_PTR, (p), 8})
#define VAL(v)   ((struct targ){A_VAL, &(v), sizeof(v)})
#define LOCAL(n) ((struct targ){A_LOCAL, NULL, (n)})

static void *translate(void *ctx, uint64_t addr, uint32_t size, int write)
{
    (void)ctx;
    (void)size;
    (void)write;
    return (void *)(uintptr_t)addr;
}

static const struct hmm_mem_ops identity = {.translate = translate};

/* Run @kernel over @gsize (one to three dimensions) in groups of @lsize. */
static int run(struct prog *P, const char *kernel, uint32_t dim, const uint64_t gsize[3],
               const uint64_t lsize[3], const struct targ *args, uint32_t nargs)
{
    if (!P->image)
        return -1;
    int k = hmm_program_find_kernel(&P->p, kernel);
    if (k < 0) {
        fprintf(stderr, "%s: no kernel %s\n", P->name, kernel);
        failures++;
        return -1;
    }
    const struct hmm_kernel *kn = &P->p.kernels[k];
    if (kn->num_args != nargs) {
        fprintf(stderr, "%s: %s has %u arguments, test passes %u\n", P->name, kernel, kn->num_args,
                nargs);
        failures++;
        return -1;
    }
    uint8_t *block = calloc(1, kn->arg_block_size + 8);
    uint32_t local = (kn->local_size + 15) & ~15u;
    for (uint32_t i = 0; i < nargs; i++) {
        const struct hmm_kernel_arg *a = &P->p.args[kn->first_arg + i];
        uint64_t v;
        switch (args[i].kind) {
        case A_PTR:
            if (a->kind != HMM_ARG_GLOBAL_PTR && a->kind != HMM_ARG_CONSTANT_PTR) {
                fprintf(stderr, "%s: argument %u is not a global pointer\n", kernel, i);
                failures++;
            }
            v = (uint64_t)(uintptr_t)args[i].ptr;
            memcpy(block + a->offset, &v, 8);
            break;
        case A_LOCAL:
            CHECK(a->kind == HMM_ARG_LOCAL_PTR);
            v = HMM_ADDR_LOCAL_BASE + local;
            memcpy(block + a->offset, &v, 8);
            local += (args[i].size + 15) & ~15u;
            break;
        default:
            if (a->size != args[i].size) {
                fprintf(stderr, "%s: argument %u has %u bytes, test passes %u\n", kernel, i,
                        a->size, args[i].size);
                failures++;
                free(block);
                return -1;
            }
            memcpy(block + a->offset, args[i].ptr, a->size);
            break;
        }
    }
    struct hmm_launch launch = {
        .prog = &P->p,
        .kernel = (uint32_t)k,
        .work_dim = dim,
        .args = block,
        .data_base = (uint64_t)(uintptr_t)P->data,
        .local_mem_size = local,
        .mem = &identity,
    };
    uint64_t groups[3] = {1, 1, 1};
    for (uint32_t d = 0; d < 3; d++) {
        launch.global_size[d] = d < dim ? gsize[d] : 1;
        launch.local_size[d] = d < dim ? lsize[d] : 1;
        groups[d] = (launch.global_size[d] + launch.local_size[d] - 1) / launch.local_size[d];
    }
    struct hmm_wave *w = hmm_wave_create(&launch);
    int ret = 0;
    if (!w) {
        fprintf(stderr, "%s: hmm_wave_create failed\n", kernel);
        failures++;
        free(block);
        return -1;
    }
    for (uint64_t z = 0; z < groups[2] && !ret; z++) {
        for (uint64_t y = 0; y < groups[1] && !ret; y++) {
            for (uint64_t x = 0; x < groups[0] && !ret; x++) {
                const uint64_t gid[3] = {x, y, z};
                hmm_wave_start(w, gid);
                enum hmm_status st;
                do
                    st = hmm_wave_run(w, 1u << 20);
                while (st == HMM_YIELD);
                if (st != HMM_DONE) {
                    fprintf(stderr, "%s: work-group (%llu,%llu,%llu) stopped: %s (fault 0x%llx)\n",
                            kernel, (unsigned long long)x, (unsigned long long)y,
                            (unsigned long long)z, hmm_wave_error(w),
                            (unsigned long long)hmm_wave_fault_addr(w));
                    failures++;
                    ret = -1;
                }
            }
        }
    }
    hmm_wave_destroy(w);
    free(block);
    return ret;
}

static int run1(struct prog *P, const char *kernel, uint64_t g, uint64_t l, const struct targ *args,
                uint32_t nargs)
{
    const uint64_t gs[3] = {g, 1, 1}, ls[3] = {l, 1, 1};
    return run(P, kernel, 1, gs, ls, args, nargs);
}

#define NARGS(a) ((uint32_t)(sizeof(a) / sizeof((a)[0])))

/* ---- the cases ---- */

static void test_mul_mat(void)
{
    struct prog P;
    if (build("mul_mat", &P))
        return;
    enum { M = 24 };
    static float a[M * M], b[M * M], r[M * M];
    for (int i = 0; i < M * M; i++) {
        a[i] = (float)(i % 7) - 3;
        b[i] = (float)(i % 5) * 0.5f;
    }
    int m = M;
    struct targ args[] = {PTR(r), PTR(a), PTR(b), VAL(m)};
    const uint64_t g[3] = {M, M, 1}, l[3] = {8, 4, 1};
    if (!run(&P, "mul_mat", 2, g, l, args, NARGS(args))) {
        for (int i = 0; i < M; i++) {
            for (int j = 0; j < M; j++) {
                float s = 0;
                for (int k = 0; k < M; k++)
                    s += a[i * M + k] * b[k * M + j];
                CHECK_FLT(r[i * M + j], s);
            }
        }
    }
    /* Metadata. */
    int k = hmm_program_find_kernel(&P.p, "mul_mat");
    CHECK(k >= 0);
    if (k >= 0) {
        const struct hmm_kernel *kn = &P.p.kernels[k];
        const struct hmm_kernel_arg *ar = &P.p.args[kn->first_arg];
        CHECK_EQ(kn->num_args, 4);
        CHECK(!strcmp(hmm_program_string(&P.p, ar[0].name), "r"));
        CHECK(!strcmp(hmm_program_string(&P.p, ar[1].type_name), "float*"));
        CHECK_EQ(ar[0].kind, HMM_ARG_GLOBAL_PTR);
        CHECK_EQ(ar[1].type_qualifier & 1, 1); /* const */
        CHECK_EQ(ar[3].kind, HMM_ARG_SCALAR);
        CHECK_EQ(ar[3].size, 4);
        CHECK_EQ(ar[3].offset, 24);
        CHECK(!strcmp(hmm_program_string(&P.p, ar[3].type_name), "uint"));
    }
    release(&P);
}

struct node {
    struct node *next;
    int value;
    int visits;
};

static void test_list(void)
{
    struct prog P;
    if (build("list", &P))
        return;
    enum { N = 40, LANES = 8 };
    struct node *nodes = calloc(N, sizeof(*nodes));
    for (int i = 0; i < N; i++) {
        nodes[i].value = i + 1;
        nodes[i].next = i + 1 < N ? &nodes[i + 1] : NULL;
    }
    long sums[LANES];
    struct targ args[] = {PTR(nodes), PTR(sums)};
    /* One work-item per lane walks the same list: each doubles every value in turn. */
    if (!run1(&P, "walk", 1, 1, args, NARGS(args))) {
        long want = 0;
        for (int i = 0; i < N; i++) {
            want += 2 * (i + 1);
            CHECK_EQ(nodes[i].value, 2 * (i + 1));
            CHECK_EQ(nodes[i].visits, 1);
        }
        CHECK_EQ(sums[0], want);
    }
    struct node *head = NULL;
    struct targ rargs[] = {PTR(nodes), PTR(&head)};
    if (!run1(&P, "reverse", 1, 1, rargs, NARGS(rargs))) {
        CHECK(head == &nodes[N - 1]);
        CHECK(nodes[0].next == NULL);
        CHECK(nodes[5].next == &nodes[4]);
    }
    free(nodes);
    release(&P);
}

static void test_atomics(void)
{
    struct prog P;
    if (build("atomics", &P))
        return;
    enum { N = 96 };
    int c = 0, legacy = 0, c11 = 0;
    long c64 = 0;
    int mm[7] = {1000, -1000, 0, 0, 0, 0, 0};
    struct targ args[] = {PTR(&c), PTR(&legacy), PTR(&c64), PTR(&c11), PTR(mm)};
    if (!run1(&P, "counter", N, 32, args, NARGS(args))) {
        CHECK_EQ(c, 2 * N);
        CHECK_EQ(legacy, N);
        CHECK_EQ(c11, N);
        CHECK_EQ(c64, (long)(N * (N - 1) / 2) << 32);
        CHECK_EQ(mm[0], 0);
        CHECK_EQ(mm[1], N - 1);
        CHECK_EQ((unsigned)mm[2], 0xffffffffu);
        CHECK(mm[3] >= 1 && mm[3] <= N);
        CHECK_EQ(mm[4], 7);
        CHECK_EQ(mm[5], -N);
        CHECK_EQ(mm[6], -3 * N);
    }
    float f = -1, old[N];
    long l = -1000;
    struct targ args2[] = {PTR(&f), PTR(old), PTR(&l)};
    if (!run1(&P, "float_xchg", N, 32, args2, NARGS(args2))) {
        /* Every value written once and read back once as an old value. */
        double sum = f;
        for (int i = 0; i < N; i++)
            sum += old[i];
        CHECK_FLT(sum, -1.0 + N * (N - 1) / 2.0);
        CHECK_EQ(l, N - 1 - 100);
    }
    release(&P);
}

static void test_vectors(void)
{
    struct prog P;
    if (build("vectors", &P))
        return;
    enum { N = 16 };
    float a[N * 4], b[N * 4], out[N * 4];
    for (int i = 0; i < N * 4; i++) {
        a[i] = (float)i * 0.25f - 3;
        b[i] = (float)(i % 3) - 1;
    }
    float s = 0.75f;
    struct targ args[] = {PTR(out), PTR(a), PTR(b), VAL(s)};
    if (!run1(&P, "vec4", N, 8, args, NARGS(args))) {
        for (int i = 0; i < N; i++) {
            float r[4], x[4] = {a[4 * i], a[4 * i + 1], b[4 * i + 2], b[4 * i + 3]};
            for (int k = 0; k < 4; k++)
                r[k] = fmaxf(a[4 * i + k] * b[4 * i + k] + s, 0.5f);
            for (int k = 0; k < 4; k++)
                CHECK_FLT(out[4 * i + k], r[3 - k] + x[k]);
        }
    }
    float in3[N * 3], out3[N * 3];
    for (int i = 0; i < N * 3; i++)
        in3[i] = (float)i;
    struct targ args3[] = {PTR(out3), PTR(in3)};
    if (!run1(&P, "vec3", N, 4, args3, NARGS(args3))) {
        for (int i = 0; i < N; i++) {
            float w[3];
            for (int k = 0; k < 3; k++)
                w[k] = in3[3 * i + k] * 2 + (float)(k + 1);
            CHECK_FLT(out3[3 * i + 0], w[2]);
            CHECK_FLT(out3[3 * i + 1], w[0]);
            CHECK_FLT(out3[3 * i + 2], w[1]);
        }
    }
    float in4[N * 4], out4[N * 4];
    for (int i = 0; i < N * 4; i++)
        in4[i] = (float)(i % 4 == 3 ? 99 : i - 20);
    struct targ argsp[] = {PTR(out4), PTR(in4)};
    if (!run1(&P, "vec3ptr", N, 4, argsp, NARGS(argsp))) {
        for (int i = 0; i < N; i++) {
            const float *v = &in4[4 * i];
            CHECK_FLT(out4[4 * i + 0], v[1] + fabsf(v[0]));
            CHECK_FLT(out4[4 * i + 1], v[2] + fabsf(v[1]));
            CHECK_FLT(out4[4 * i + 2], v[0] + fabsf(v[2]));
        }
    }
    uint32_t iin[N];
    uint8_t iout[N * 4];
    int flags[N];
    for (int i = 0; i < N; i++)
        iin[i] = 0x01020304u * (uint32_t)i + (i == 3 ? 0x80000000u : 0);
    struct targ argsi[] = {PTR(iout), PTR(iin), PTR(flags)};
    if (!run1(&P, "ints", N, 4, argsi, NARGS(argsi))) {
        for (int i = 0; i < N; i++) {
            for (int k = 0; k < 4; k++)
                CHECK_EQ(iout[4 * i + k], (uint8_t)((iin[i] >> (8 * (3 - k))) + 1));
            int x = (int)iin[i];
            int any = x < 0 || 1, all = x >= -1;
            CHECK_EQ(flags[i], any + all * 2 + 4);
        }
    }
    int idx[N];
    float dout[N];
    for (int i = 0; i < N; i++)
        idx[i] = i * 3;
    struct targ argsd[] = {PTR(dout), PTR(a), PTR(idx)};
    if (!run1(&P, "dyn", N, 8, argsd, NARGS(argsd))) {
        for (int i = 0; i < N; i++) {
            float v[4];
            memcpy(v, &a[4 * i], sizeof(v));
            v[idx[i] & 3] = 42;
            CHECK_FLT(dout[i], v[(idx[i] + 1) & 3] + v[idx[i] & 3]);
        }
    }
    release(&P);
}

typedef struct {
    int a;
    float b;
    char c;
    long d;
    float v[4] __attribute__((aligned(16)));
} params;

typedef struct {
    int key;
    short tag;
    float w[3];
} item;

static void test_structs(void)
{
    struct prog P;
    if (build("structs", &P))
        return;
    enum { N = 8 };
    params p = {.a = 3, .b = 0.5f, .c = -2, .d = 1000, .v = {1, 2, 3, 4}};
    int scale = 3;
    float out[N];
    struct targ args[] = {PTR(out), VAL(p), VAL(scale)};
    if (!run1(&P, "byval", N, 4, args, NARGS(args))) {
        for (int i = 0; i < N; i++)
            CHECK_FLT(out[i], (3 + 0.5f - 2 + 1000.0f + 1 + 4) * 3 + i);
    }
    item src[N], dst[N];
    for (int i = 0; i < N; i++)
        src[i] = (item){.key = i, .tag = (short)(i * 10), .w = {i * 1.0f, 2, 0}};
    struct targ args2[] = {PTR(dst), PTR(src)};
    if (!run1(&P, "copy_items", N, 4, args2, NARGS(args2))) {
        for (int i = 0; i < N; i++) {
            CHECK_EQ(dst[i].key, i + 1);
            CHECK_EQ(dst[i].tag, i * 10);
            CHECK_FLT(dst[i].w[2], i + 2.0f);
        }
    }
    release(&P);
}

static void test_private_array(void)
{
    struct prog P;
    if (build("private_array", &P))
        return;
    enum { W = 6, N = 50 };
    int in[W * N], out[W * 16 + W];
    for (int i = 0; i < W * N; i++)
        in[i] = (i * 7919) % 101;
    int n = N;
    struct targ args[] = {PTR(out), PTR(in), VAL(n)};
    if (!run1(&P, "histogram", W, 3, args, NARGS(args))) {
        for (int w = 0; w < W; w++) {
            int counts[16] = {0}, acc = 0;
            for (int k = 0; k < N; k++)
                counts[in[w * N + k] & 15]++;
            for (int k = 0; k < 16; k++) {
                acc = acc * 3 + counts[k];
                CHECK_EQ(out[w * 16 + k], counts[k]);
            }
            CHECK_EQ(out[W * 16 + w], acc);
        }
    }
    release(&P);
}

static void test_local_reduce(void)
{
    struct prog P;
    if (build("local_reduce", &P))
        return;
    enum { G = 4, L = 32 };
    int in[G * L], out[G * 2];
    for (int i = 0; i < G * L; i++)
        in[i] = i - 40;
    struct targ args[] = {PTR(in), PTR(out), LOCAL(L * 4)};
    if (!run1(&P, "reduce", G * L, L, args, NARGS(args))) {
        for (int g = 0; g < G; g++) {
            int s = 0;
            for (int i = 0; i < L; i++)
                s += in[g * L + i];
            CHECK_EQ(out[2 * g], s);
        }
    }
    int k = hmm_program_find_kernel(&P.p, "reduce");
    if (k >= 0)
        CHECK_EQ(P.p.kernels[k].local_size, 4);
    release(&P);
}

static void test_switch(void)
{
    struct prog P;
    if (build("switch", &P))
        return;
    int in[] = {0, 1, 2, 3, 7, 100, -5, 8, -1000, 2};
    enum { N = sizeof(in) / sizeof(in[0]) };
    int out[N];
    struct targ args[] = {PTR(out), PTR(in)};
    if (!run1(&P, "classify", N, 5, args, NARGS(args))) {
        for (int i = 0; i < N; i++) {
            int r;
            switch (in[i]) {
            case 0:
                r = 10;
                break;
            case 1:
            case 2:
                r = 20 + in[i];
                break;
            case 7:
                r = -7;
                break;
            case 100:
                r = 300;
                break;
            case -5:
                r = 55;
                break;
            default:
                r = in[i] - 1000;
                break;
            }
            CHECK_EQ(out[i], r);
        }
    }
    release(&P);
}

static void test_intarith(void)
{
    struct prog P;
    if (build("intarith", &P))
        return;
    enum { N = 8 };
    int8_t a8[N] = {100, -100, 7, -7, 127, -128, 0, 5}, b8[N] = {3, 3, -2, -2, 1, -1, 9, 0};
    int8_t o8[N * 8];
    struct targ args8[] = {PTR(o8), PTR(a8), PTR(b8)};
    if (!run1(&P, "i8", N, 4, args8, NARGS(args8))) {
        for (int i = 0; i < N; i++) {
            int8_t x = a8[i], y = b8[i];
            CHECK_EQ(o8[i * 8 + 0], (int8_t)(x + y));
            CHECK_EQ(o8[i * 8 + 1], (int8_t)(x * y));
            CHECK_EQ(o8[i * 8 + 2], y ? (int8_t)(x / y) : 0);
            CHECK_EQ(o8[i * 8 + 3], (int8_t)(x - y));
            CHECK_EQ(o8[i * 8 + 4], (int8_t)(x >> 2));
            CHECK_EQ(o8[i * 8 + 5], (int8_t)((uint8_t)x >> 2));
            CHECK_EQ(o8[i * 8 + 6], x > y ? x : y);
            CHECK_EQ(o8[i * 8 + 7], x < y);
        }
    }
    int16_t a16[N] = {1000, -1000, 32767, -32768, 5, -5, 300, 0};
    int16_t b16[N] = {7, 7, -1, 3, 0, 2, -300, 1};
    int16_t o16[N * 6];
    struct targ args16[] = {PTR(o16), PTR(a16), PTR(b16)};
    if (!run1(&P, "i16", N, 4, args16, NARGS(args16))) {
        for (int i = 0; i < N; i++) {
            int16_t x = a16[i], y = b16[i];
            CHECK_EQ(o16[i * 6 + 0], (int16_t)(x - y));
            CHECK_EQ(o16[i * 6 + 1], (int16_t)(x * y));
            if (!(x == -32768 && y == -1))
                CHECK_EQ(o16[i * 6 + 2], y ? (int16_t)(x / y) : 0);
            CHECK_EQ(o16[i * 6 + 3], (int16_t)((uint16_t)x % 7));
            CHECK_EQ((uint16_t)o16[i * 6 + 4], (uint16_t)(x < 0 ? -x : x));
            CHECK_EQ(o16[i * 6 + 5], x < -100 ? -100 : x > 100 ? 100 : x);
        }
    }
    int64_t a64[N] = {1ll << 40, -(1ll << 40), 123456789012345ll, -7, 0x7fffffffffffffffll, 3, -3,
                      0};
    int64_t b64[N] = {3, 3, -1000, 2, 2, 65, -2, 5};
    int64_t o64[N * 8];
    struct targ args64[] = {PTR(o64), PTR(a64), PTR(b64)};
    if (!run1(&P, "i64", N, 4, args64, NARGS(args64))) {
        for (int i = 0; i < N; i++) {
            int64_t x = a64[i], y = b64[i];
            CHECK_EQ(o64[i * 8 + 0], (int64_t)((uint64_t)x + (uint64_t)y));
            CHECK_EQ(o64[i * 8 + 1], (int64_t)((uint64_t)x * (uint64_t)y));
            CHECK_EQ(o64[i * 8 + 2], y ? x / y : 0);
            CHECK_EQ(o64[i * 8 + 3], (int64_t)((uint64_t)x - (uint64_t)y));
            CHECK_EQ(o64[i * 8 + 4], x >> (y & 63));
            CHECK_EQ(o64[i * 8 + 5], (int64_t)((uint64_t)x >> (y & 63)));
            CHECK_EQ(o64[i * 8 + 6], (int64_t)(((__int128)x * y) >> 64));
            CHECK_EQ(o64[i * 8 + 7],
                     (int64_t)(((unsigned __int128)(uint64_t)x * (uint64_t)y) >> 64));
        }
    }
    int32_t a32[N] = {1, -1, 0x12345678, -5, 0, 31, 64, -2147483647 - 1};
    int32_t b32[N] = {31, 3, 4, -6, 0, 1, 100, 1};
    int32_t o32[N * 8];
    struct targ args32[] = {PTR(o32), PTR(a32), PTR(b32)};
    if (!run1(&P, "i32", N, 4, args32, NARGS(args32))) {
        for (int i = 0; i < N; i++) {
            int32_t x = a32[i], y = b32[i];
            CHECK_EQ(o32[i * 8 + 0], (int32_t)((uint32_t)x << (y & 31)));
            CHECK_EQ(o32[i * 8 + 1], ~x ^ y);
            CHECK_EQ(o32[i * 8 + 2], (uint32_t)x > (uint32_t)y);
            CHECK_EQ(o32[i * 8 + 3], x < y ? x : y);
            CHECK_EQ(o32[i * 8 + 4], (int32_t)((uint32_t)x < (uint32_t)y ? x : y));
            CHECK_EQ(o32[i * 8 + 5], __builtin_popcount((uint32_t)x));
            CHECK_EQ(o32[i * 8 + 6], x ? __builtin_clz((uint32_t)x) : 32);
            CHECK_EQ(o32[i * 8 + 7], (int32_t)(0u - (uint32_t)x));
        }
    }
    int8_t r8[N];
    int64_t r64[N];
    struct targ argsr[] = {PTR(r8), PTR(r64), PTR(a8), PTR(b8), PTR(a64), PTR(b64)};
    if (!run1(&P, "rem", N, 4, argsr, NARGS(argsr))) {
        for (int i = 0; i < N; i++) {
            CHECK_EQ(r8[i], b8[i] ? (int8_t)(a8[i] % b8[i]) : 0);
            CHECK_EQ(r64[i], b64[i] ? a64[i] % b64[i] : 0);
        }
    }
    release(&P);
}

static void test_conversions(void)
{
    struct prog P;
    if (build("conversions", &P))
        return;
    enum { N = 8 };
    float f[N] = {1.5f, -1.5f, 2.5f, -0.25f, 1e9f, -3.75f, 0.0f, 100.49f};
    int n[N] = {-1, 300, 255, -200, 70000, 0, 128, -129};
    int iout[N * 8];
    float fout[N * 4];
    struct targ args[] = {PTR(iout), PTR(fout), PTR(f), PTR(n)};
    if (!run1(&P, "conv", N, 4, args, NARGS(args))) {
        for (int i = 0; i < N; i++) {
            float x = f[i];
            int v = n[i];
            double big = (double)(x * 1e10f);
            CHECK_EQ(iout[i * 8 + 0], (int)x);
            CHECK_EQ(iout[i * 8 + 1], big >= 2147483647.0    ? 2147483647
                                      : big <= -2147483648.0 ? -2147483647 - 1
                                                             : (int)big);
            CHECK_EQ(iout[i * 8 + 2], v < 0 ? 0 : v > 255 ? 255 : v);
            CHECK_EQ(iout[i * 8 + 3], (int)floorf(x));
            CHECK_EQ(iout[i * 8 + 4], (int)ceilf(x));
            if (x >= 0)
                CHECK_EQ(iout[i * 8 + 5], (int)(unsigned)x);
            CHECK_EQ(iout[i * 8 + 6], v < -128 ? -128 : v > 127 ? 127 : v);
            CHECK_EQ(iout[i * 8 + 7], (short)v);
            CHECK_FLT(fout[i * 4 + 0], (float)v);
            CHECK_FLT(fout[i * 4 + 1], (float)(unsigned)v);
            float asf;
            memcpy(&asf, &v, 4);
            uint32_t got, want;
            memcpy(&got, &fout[i * 4 + 2], 4);
            memcpy(&want, &asf, 4);
            CHECK_EQ(got, want);
            CHECK_FLT(fout[i * 4 + 3],
                      floorf(x) + ceilf(x) * 10 + roundf(x) * 100 + truncf(x) * 1000);
        }
    }
    release(&P);
}

static void test_O0(void)
{
    struct prog P;
    if (build("O0", &P))
        return;
    enum { N = 10, W = 4 };
    int in[N], out[W];
    for (int i = 0; i < N; i++)
        in[i] = i * 3 - 7;
    int n = N;
    struct targ args[] = {PTR(out), PTR(in), VAL(n)};
    if (!run1(&P, "unoptimized", W, 2, args, NARGS(args))) {
        const int tmp[4] = {1, 2, 3, 4};
        int acc = 0;
        for (int k = 0; k < N; k++) {
            if (in[k] % 2 == 0)
                acc += in[k] * in[k];
            else
                acc -= tmp[k & 3];
        }
        for (int i = 0; i < W; i++)
            CHECK_EQ(out[i], acc + i * 2);
    }
    release(&P);
}

/*
 * A constant access-chain index whose byte offset overflows 64 bits folds
 * modulo 2^64, as the same index in a register computes at run time
 * (found by fuzz_il: the folding overflowed a signed multiplication).
 */
static void test_wrapping_index(void)
{
    struct prog P;
    if (build("wrapping_index_O0", &P))
        return;
    long long out[2] = {0, 0};
    struct targ args[] = {PTR(out)};
    if (!run1(&P, "wrapping_index", 1, 1, args, NARGS(args))) {
        CHECK_EQ(out[0], 0);
        CHECK_EQ(out[1], 42);
    }
    release(&P);
}

static float poly(float x, int deg)
{
    float r = 1.0f;
    for (int k = 0; k < deg; k++)
        r = r * x + 1.0f;
    return r;
}

static void test_calls(void)
{
    struct prog P;
    if (build("calls", &P))
        return;
    enum { N = 8 };
    float out[N];
    int deg = 4;
    struct targ args[] = {PTR(out), VAL(deg)};
    if (!run1(&P, "first", N, 4, args, NARGS(args))) {
        for (int i = 0; i < N; i++)
            CHECK_FLT(out[i], poly((float)i, 4));
    }
    struct targ args2[] = {PTR(out)};
    if (!run1(&P, "second", N, 4, args2, NARGS(args2))) {
        for (int i = 0; i < N; i++)
            CHECK_FLT(out[i], 2 * poly(2.0f, 3) + 2.0f * i);
    }
    release(&P);
}

static void test_globals(void)
{
    struct prog P;
    if (build("globals", &P))
        return;
    enum { N = 12 };
    static const int primes[8] = {2, 3, 5, 7, 11, 13, 17, 19};
    int out[N];
    struct targ args[] = {PTR(out)};
    if (!run1(&P, "use_globals", N, 4, args, NARGS(args))) {
        for (int i = 0; i < N; i++)
            CHECK_EQ(out[i], primes[i & 7] * 2 + 2);
    }
    int calls = 0;
    long big3 = 0;
    struct targ args2[] = {PTR(&calls), PTR(&big3)};
    if (!run1(&P, "read_globals", 1, 1, args2, NARGS(args2))) {
        CHECK_EQ(calls, 100 + N);
        CHECK_EQ(big3, 0x123456789abcdefL - 1);
    }
    release(&P);
}

static void test_phis(void)
{
    struct prog P;
    if (build("phis", &P))
        return;
    enum { N = 6 };
    uint64_t fib[N];
    int n = 10;
    struct targ args[] = {PTR(fib), VAL(n)};
    if (!run1(&P, "fib", N, 3, args, NARGS(args))) {
        for (int i = 0; i < N; i++) {
            uint64_t a = 0, b = 1;
            for (int k = 0; k < n + i; k++) {
                uint64_t t = a + b;
                a = b;
                b = t;
            }
            CHECK_EQ(fib[i], a);
        }
    }
    int out = 0;
    for (int rounds = 0; rounds < 4; rounds++) {
        struct targ args2[] = {PTR(&out), VAL(rounds)};
        static const int want[3] = {123, 231, 312};
        if (!run1(&P, "swap_loop", 1, 1, args2, NARGS(args2)))
            CHECK_EQ(out, want[rounds % 3]);
    }
    struct {
        float v[4];
    } v3 = {{1, 2, 3, 0}};
    uint8_t c = 200;
    int16_t sh = -300;
    double d = 2.5;
    int64_t l = -(1ll << 40);
    float fo[5];
    struct targ args3[] = {PTR(fo), VAL(v3), VAL(c), VAL(sh), VAL(d), VAL(l)};
    if (!run1(&P, "args", 1, 1, args3, NARGS(args3))) {
        CHECK_FLT(fo[0], 321);
        CHECK_FLT(fo[1], 200);
        CHECK_FLT(fo[2], -300);
        CHECK_FLT(fo[3], 2.5);
        CHECK_FLT(fo[4], (float)l);
    }
    int k = hmm_program_find_kernel(&P.p, "args");
    if (k >= 0) {
        const struct hmm_kernel_arg *a = &P.p.args[P.p.kernels[k].first_arg];
        CHECK_EQ(a[1].offset, 16);
        CHECK_EQ(a[1].size, 16);
        CHECK(!strcmp(hmm_program_string(&P.p, a[1].type_name), "float3"));
        CHECK_EQ(a[2].offset, 32);
        CHECK_EQ(a[3].offset, 34);
        CHECK_EQ(a[4].offset, 40);
        CHECK_EQ(a[5].offset, 48);
        CHECK_EQ(P.p.kernels[k].arg_block_size, 56);
    }
    release(&P);
}

static void test_collectives(void)
{
    struct prog P;
    if (build("collectives", &P))
        return;
    enum { G = 2, L = 40 };
    int in[G * L], out[G * L * 8];
    float fout[G * L];
    for (int i = 0; i < G * L; i++)
        in[i] = (i * 37) % 23 - 11;
    struct targ args[] = {PTR(in), PTR(out), PTR(fout)};
    if (!run1(&P, "coll", G * L, L, args, NARGS(args))) {
        for (int g = 0; g < G; g++) {
            int sum = 0, min = 0x7fffffff, any = 0, smax = 0, ssum = 0;
            float fsum = 0;
            for (int i = 0; i < L; i++) {
                int gi = g * L + i, x = in[gi];
                const int *o = out + gi * 8;
                CHECK_EQ(o[1], min);
                min = x < min ? x : min;
                any |= x == 5;
                smax = i % 32 == 0 || x > smax ? x : smax;
                CHECK_EQ(o[4], smax);
                CHECK_EQ(o[5], i / 32 * 100 + i % 32);
                CHECK_EQ(o[6], i < 32 ? 32 : L - 32);
                fsum += (float)x;
                CHECK_EQ(fout[gi], fsum);
                sum += x;
            }
            for (int i = 0; i < L; i++) {
                const int *o = out + (g * L + i) * 8;
                ssum = 0;
                for (int j = i / 32 * 32; j < (i < 32 ? 32 : L); j++)
                    ssum += in[g * L + j];
                CHECK_EQ(o[0], sum);
                CHECK_EQ(o[2], in[g * L + L - 1]);
                CHECK_EQ(o[3], any);
                CHECK_EQ(o[7], ssum);
            }
        }
    }
    int cin[G * 80], cout[G * 40];
    for (int i = 0; i < G * 80; i++)
        cin[i] = i * 3;
    struct targ cargs[] = {PTR(cin), PTR(cout)};
    if (!run1(&P, "copy", G * 16, 16, cargs, NARGS(cargs))) {
        for (int i = 0; i < G * 40; i++)
            CHECK_EQ(cout[i], cin[i / 40 * 80 + i % 40 * 2]);
    }
    release(&P);
}

static void test_unsupported(void)
{
    build_fails("unsupported_sin",
                "OpenCL.std sin is not supported for these operand types in function wave");
    build_fails("unsupported_group",
                "work-group and sub-group functions on half are not supported in function halves");
    /* Found by fuzz_il: a 64 MiB by-value argument made a stub of millions of instructions. */
    build_fails("unsupported_huge_arg", "kernel huge_arg: arguments of more than 65536 bytes");
}

/* Malformed input fails cleanly. */
static void test_malformed(void)
{
    char log[256];
    void *image = (void *)1;
    size_t size;
    uint32_t junk[8] = {0x07230203, 0x00010400, 0, 100, 0, 0x00ff0001, 0, 0};
    CHECK(hmm_spirv_lower(junk, 3, &image, &size, log, sizeof(log)) < 0);
    CHECK(strstr(log, "too short") != NULL);
    CHECK(hmm_spirv_lower(junk, 8, &image, &size, log, sizeof(log)) < 0);
    CHECK(image == NULL);
    /* Above the validator's id bound: refused before an id table of hundreds of MiB. */
    junk[3] = 0x400000;
    CHECK(hmm_spirv_lower(junk, 8, &image, &size, log, sizeof(log)) < 0);
    CHECK(strstr(log, "id bound 4194304 out of range") != NULL);
    junk[0] = 0x12345678;
    CHECK(hmm_spirv_lower(junk, 8, &image, &size, log, sizeof(log)) < 0);
    CHECK(strstr(log, "not a SPIR-V binary") != NULL);
    CHECK(hmm_spirv_validate(junk, 8, log, sizeof(log)) < 0);
}

/*
 * A rejected module's message names ids as the validator's friendly names
 * do (validation runs without them first, for speed, then again for the
 * message): a call whose result type is not the callee's return type.
 */
static void test_invalid_message(void)
{
    char log[1024];
    size_t n;
    uint32_t *words = read_spv("calls", &n);
    uint32_t void_type = 0;
    int patched = 0;
    if (!words) {
        failures++;
        return;
    }
    for (size_t i = 5; i < n && words[i] >> 16; i += words[i] >> 16) {
        if ((words[i] & 0xffff) == 19 /* OpTypeVoid */)
            void_type = words[i + 1];
        else if ((words[i] & 0xffff) == 57 /* OpFunctionCall */ && void_type && !patched) {
            words[i + 1] = void_type;
            patched = 1;
        }
    }
    CHECK(patched);
    CHECK(hmm_spirv_validate(words, n, log, sizeof(log)) < 0);
    if (!strstr(log, "[%void]") || !strstr(log, "OpFunctionCall %void %poly")) {
        fprintf(stderr, "calls: message \"%s\" lacks the names [%%void] and %%poly\n", log);
        failures++;
    }
    free(words);
}

int main(void)
{
    if (!HMM_LOWER_CASES_DIR[0]) {
        printf("SKIP: no SPIR-V cases (clang-15 or llvm-spirv-15 missing at configure time)\n");
        return 0;
    }
    test_malformed();
    test_invalid_message();
    test_mul_mat();
    test_list();
    test_atomics();
    test_vectors();
    test_structs();
    test_private_array();
    test_local_reduce();
    test_switch();
    test_intarith();
    test_conversions();
    test_O0();
    test_wrapping_index();
    test_calls();
    test_globals();
    test_phis();
    test_collectives();
    test_unsupported();
    if (failures) {
        fprintf(stderr, "test_lower: %d failure(s)\n", failures);
        return 1;
    }
    printf("test_lower: all passed\n");
    return 0;
}
