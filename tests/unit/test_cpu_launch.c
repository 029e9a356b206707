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

#include "devices/common/local_size.h"
#include "devices/cpu/cpu_exec.h"

#include "check.h"
#include "lower_launch.h"

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
