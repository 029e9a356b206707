/* SPDX-License-Identifier: MIT */
/*
 * Launches without the API for the device tests (test_cpu_launch,
 * test_hmmgpu_exec): an executable from a SPIR-V case of
 * tests/unit/lower_cases/ (compiled at build time), and struct
 * hmmcl_ndrange launches of its kernels laid out the way
 * api/enqueue_kernel.c lays them out. Include after check.h.
 */
#ifndef HMMCL_TESTS_LOWER_LAUNCH_H
#define HMMCL_TESTS_LOWER_LAUNCH_H

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/spirv_lower.h"
#include "core/executable.h"
#include "core/ndrange.h"

#ifndef HMM_LOWER_CASES_DIR
#define HMM_LOWER_CASES_DIR ""
#endif

/* An executable as a build leaves it: image parsed and verified, data segment initialised. */
static inline int load(const char *name, struct hmmcl_executable *exe)
{
    char path[512], log[1024] = "";
    struct hmm_log hl = {.buf = log, .size = sizeof(log)};
    uint32_t *words;
    long len;
    FILE *f;

    memset(exe, 0, sizeof(*exe));
    pthread_mutex_init(&exe->device_lock, NULL);
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

static inline void unload(struct hmmcl_executable *exe)
{
    pthread_mutex_destroy(&exe->device_lock);
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
static inline struct hmmcl_ndrange *make(struct hmmcl_executable *exe, const char *kernel,
                                         uint32_t dim, const uint64_t gsize[3],
                                         const uint64_t *lsize, const struct targ *args,
                                         uint32_t nargs)
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
    nd->exe = exe;
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

#endif
