/* SPDX-License-Identifier: MIT */
/*
 * The CPU device's NDRange execution without the API: SPIR-V cases
 * (tests/unit/lower_cases/, compiled at build time) are lowered, parsed and
 * verified into a struct hmmcl_executable made by hand; launches are built
 * as clEnqueueNDRangeKernel builds them (struct hmmcl_ndrange) and run by
 * hmmcl_cpu_ndrange_run on the device's thread pool. Checks results across
 * many work-groups and threads, the work-group size the device chooses, and
 * that a trap fails the launch without stopping the process.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/spirv_lower.h"
#include "core/executable.h"
#include "core/ndrange.h"
#include "devices/common/local_size.h"
#include "devices/cpu/cpu_exec.h"

#ifndef HMM_LOWER_CASES_DIR
#define HMM_LOWER_CASES_DIR ""
#endif

#include "check.h"

/* An executable as a build leaves it: image parsed and verified, data segment initialised. */
static int load(const char *name, struct hmmcl_executable *exe)
{
    char path[512], log[1024] = "";
    struct hmm_log hl = {.buf = log, .size = sizeof(log)};
    uint32_t *words;
    long len;
    FILE *f;

    memset(exe, 0, sizeof(*exe));
    snprintf(path, sizeof(path), "%s/%s.spv", HMM_LOWER_CASES_DIR, name);
    f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "cannot open %s\n", path);
        failures++;
        return -1;
    }
    fseek(f, 0, SEEK_END);
    len = ftell(f);
    fseek(f, 0, SEEK_SET);
    words = malloc(len > 0 ? (size_t)len : 4);
    if (!words || fread(words, 1, (size_t)len, f) != (size_t)len) {
        fclose(f);
        free(words);
        failures++;
        return -1;
    }
    fclose(f);
    if (hmm_spirv_lower(words, (size_t)len / 4, &exe->image, &exe->image_size, log, sizeof(log)) ||
        hmm_image_parse(exe->image, exe->image_size, &exe->program, &hl) ||
        hmm_verify(&exe->program, &hl)) {
        fprintf(stderr, "%s: %s\n", name, log);
        free(words);
        failures++;
        return -1;
    }
    free(words);
    if (exe->program.data_size) {
        exe->data = calloc(1, exe->program.data_size);
        memcpy(exe->data, exe->program.data, exe->program.data_init_size);
    }
    return 0;
}

static void unload(struct hmmcl_executable *exe)
{
    free(exe->image);
    free(exe->data);
}

enum { A_PTR, A_VAL, A_LOCAL };

struct targ {
    int kind;
    const void *ptr;
    uint32_t size;
};

#define PTR(p)   ((struct targ){A_PTR, (p), 8})
#define VAL(v)   ((struct targ){A_VAL, &(v), sizeof(v)})
#define LOCAL(n) ((struct targ){A_LOCAL, NULL, (n)})

/*
 * A launch of @kernel laid out the way api/enqueue_kernel.c lays it out;
 * @lsize NULL lets the device choose.
 */
static struct hmmcl_ndrange *make(const struct hmmcl_executable *exe, const char *kernel,
                                  uint32_t dim, const uint64_t gsize[3], const uint64_t *lsize,
                                  const struct targ *args, uint32_t nargs)
{
    int k = hmm_program_find_kernel(&exe->program, kernel);
    const struct hmm_kernel *hk;
    struct hmmcl_ndrange *nd;
    uint64_t local;

    if (k < 0 || exe->program.kernels[k].num_args != nargs) {
        fprintf(stderr, "%s: no such kernel or wrong argument count\n", kernel);
        failures++;
        return NULL;
    }
    hk = &exe->program.kernels[k];
    nd = hmmcl_ndrange_alloc(hk->arg_block_size, 0);
    local = hk->local_size;
    for (uint32_t i = 0; i < nargs; i++) {
        const struct hmm_kernel_arg *a = &exe->program.args[hk->first_arg + i];
        uint64_t v;

        switch (args[i].kind) {
        case A_PTR:
            v = (uint64_t)(uintptr_t)args[i].ptr;
            memcpy(nd->args + a->offset, &v, 8);
            break;
        case A_LOCAL:
            local = (local + 127) & ~127ull;
            v = HMM_ADDR_LOCAL_BASE + local;
            memcpy(nd->args + a->offset, &v, 8);
            local += args[i].size;
            break;
        default:
            memcpy(nd->args + a->offset, args[i].ptr, args[i].size);
            break;
        }
    }
    nd->kernel_name = kernel;
    nd->max_group_size = 1024;
    nd->launch.prog = &exe->program;
    nd->launch.kernel = (uint32_t)k;
    nd->launch.work_dim = dim;
    nd->launch.data_base = (uint64_t)(uintptr_t)exe->data;
    nd->launch.local_mem_size = (uint32_t)local;
    for (uint32_t d = 0; d < 3; d++) {
        nd->launch.global_size[d] = d < dim ? gsize[d] : 1;
        nd->launch.local_size[d] = lsize ? (d < dim ? lsize[d] : 1) : 0;
    }
    return nd;
}

static cl_int launch(struct hmmcl_ndrange *nd)
{
    cl_int st;

    if (!nd)
        return CL_INVALID_VALUE;
    st = hmmcl_cpu_ndrange_run(NULL, nd);
    hmmcl_ndrange_destroy(nd);
    return st;
}

static void mul_mat_ref_check(const float *r, const float *a, const float *b, int m)
{
    int bad = 0;

    for (int i = 0; i < m && bad < 3; i++) {
        for (int j = 0; j < m; j++) {
            float s = 0;

            for (int k = 0; k < m; k++)
                s += a[i * m + k] * b[k * m + j];
            if (r[i * m + j] != s && bad++ < 3)
                fprintf(stderr, "mul_mat r[%d][%d] = %g, expected %g\n", i, j, r[i * m + j], s);
        }
    }
    CHECK(!bad);
}

static void test_mul_mat(void)
{
    struct hmmcl_executable exe;
    enum { M = 72 };
    static float a[M * M], b[M * M], r[M * M];
    int m = M;
    const uint64_t g[3] = {M, M, 1};

    if (load("mul_mat", &exe))
        return;
    for (int i = 0; i < M * M; i++) {
        a[i] = (float)(i % 7) - 3;
        b[i] = (float)(i % 5) * 0.5f;
    }
    struct targ args[] = {PTR(r), PTR(a), PTR(b), VAL(m)};
    /* Given sizes: uniform, then non-uniform (72 = 2 * 32 + 8). */
    const uint64_t l1[3] = {8, 4, 1}, l2[3] = {32, 5, 1};
    memset(r, 0, sizeof(r));
    CHECK_EQ(launch(make(&exe, "mul_mat", 2, g, l1, args, 4)), CL_SUCCESS);
    mul_mat_ref_check(r, a, b, M);
    memset(r, 0, sizeof(r));
    CHECK_EQ(launch(make(&exe, "mul_mat", 2, g, l2, args, 4)), CL_SUCCESS);
    mul_mat_ref_check(r, a, b, M);
    /* Chosen by the device. */
    memset(r, 0, sizeof(r));
    CHECK_EQ(launch(make(&exe, "mul_mat", 2, g, NULL, args, 4)), CL_SUCCESS);
    mul_mat_ref_check(r, a, b, M);
    unload(&exe);
}

static void test_local_reduce(void)
{
    struct hmmcl_executable exe;
    enum { N = 4096, L = 64 };
    static int in[N], out[2 * N / L];
    const uint64_t g[3] = {N}, l[3] = {L};

    if (load("local_reduce", &exe))
        return;
    for (int i = 0; i < N; i++)
        in[i] = (i * 37) % 11 - 5;
    struct targ args[] = {PTR(in), PTR(out), LOCAL(L * sizeof(int))};
    CHECK_EQ(launch(make(&exe, "reduce", 1, g, l, args, 3)), CL_SUCCESS);
    for (int grp = 0; grp < N / L; grp++) {
        int s = 0;

        for (int i = 0; i < L; i++)
            s += in[grp * L + i];
        CHECK_EQ(out[2 * grp], s);
    }
    unload(&exe);
}

static void test_atomics(void)
{
    struct hmmcl_executable exe;
    enum { N = 20000 };
    int c = 0, legacy = 0, c11 = 0;
    long c64 = 0;
    int mm[7] = {1000000, -1000000, 0, 0, 0, 0, 0};
    const uint64_t g[3] = {N};

    if (load("atomics", &exe))
        return;
    struct targ args[] = {PTR(&c), PTR(&legacy), PTR(&c64), PTR(&c11), PTR(mm)};
    /* Many small groups: every pool thread takes part. */
    const uint64_t l[3] = {16};
    CHECK_EQ(launch(make(&exe, "counter", 1, g, l, args, 5)), CL_SUCCESS);
    CHECK_EQ(c, 2 * N);
    CHECK_EQ(legacy, N);
    CHECK_EQ(c11, N);
    CHECK_EQ(c64, (long)((long long)N * (N - 1) / 2) << 32);
    CHECK_EQ(mm[0], 0);
    CHECK_EQ(mm[1], N - 1);
    CHECK_EQ(mm[5], -N);
    CHECK_EQ(mm[6], -3 * N);
    unload(&exe);
}

/* A global access to the null page traps: the launch fails, the process goes on. */
static void test_trap(void)
{
    struct hmmcl_executable exe;
    long sums[64];
    const uint64_t g[3] = {64}, l[3] = {8};

    if (load("list", &exe))
        return;
    struct targ args[] = {PTR((void *)(uintptr_t)16), PTR(sums)};
    CHECK_EQ(launch(make(&exe, "walk", 1, g, l, args, 2)), CL_OUT_OF_RESOURCES);
    /* The pool still works afterwards. */
    struct targ ok[] = {PTR(NULL), PTR(sums)};
    sums[5] = -1;
    CHECK_EQ(launch(make(&exe, "walk", 1, g, l, ok, 2)), CL_SUCCESS);
    CHECK_EQ(sums[5], 0);
    unload(&exe);
}

static void test_choose(void)
{
    struct hmmcl_ndrange nd = {.max_group_size = 1024};
    uint64_t l[3];

    /* Large 1-D launch: the cap, a divisor. */
    nd.launch.work_dim = 1;
    nd.launch.global_size[0] = 1 << 20;
    hmmcl_choose_local_size(&nd, 2, l);
    CHECK(l[0] > 1 && l[0] <= 1024 && (1u << 20) % l[0] == 0);
    CHECK_EQ(l[1], 1);
    CHECK_EQ(l[2], 1);
    /* Uniform and prime: must divide. */
    nd.uniform = true;
    nd.launch.global_size[0] = 100003;
    hmmcl_choose_local_size(&nd, 2, l);
    CHECK_EQ(l[0], 1);
    /* Non-uniform allowed: a large group and a smaller last one. */
    nd.uniform = false;
    hmmcl_choose_local_size(&nd, 2, l);
    CHECK(l[0] > 1);
    /* Enough groups for every thread on small launches. */
    nd.launch.global_size[0] = 64;
    hmmcl_choose_local_size(&nd, 4, l);
    CHECK((64 + l[0] - 1) / l[0] >= 4);
    /* 2-D: the product stays within the limit and dimensions divide. */
    nd.uniform = true;
    nd.launch.work_dim = 2;
    nd.launch.global_size[0] = 48;
    nd.launch.global_size[1] = 4096;
    nd.max_group_size = 16;
    hmmcl_choose_local_size(&nd, 2, l);
    CHECK(l[0] * l[1] <= 16 && 48 % l[0] == 0 && 4096 % l[1] == 0);
}

int main(void)
{
    if (!HMM_LOWER_CASES_DIR[0]) {
        printf("SKIP: no SPIR-V cases (clang-15 or llvm-spirv-15 missing at configure time)\n");
        return 0;
    }
    printf("test_cpu_launch: %u executing threads\n", hmmcl_cpu_exec_threads());
    test_choose();
    test_mul_mat();
    test_local_reduce();
    test_atomics();
    test_trap();
    if (failures) {
        fprintf(stderr, "test_cpu_launch: %d failure(s)\n", failures);
        return 1;
    }
    printf("test_cpu_launch: all passed\n");
    return 0;
}
