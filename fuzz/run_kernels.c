// SPDX-License-Identifier: MIT
#include "fuzz/run_kernels.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Device addresses of the two mapped regions: far from host pointers, so a
 * kernel that reaches memory without translate() would crash visibly. */
#define WINDOW_BASE 0x7a0000000000ull
#define WINDOW_SIZE (16u * 4096u)
#define DATA_BASE   0x7b0000000000ull

/* What the sandbox offers a kernel; anything larger is not run. */
#define MAX_ARG_BLOCK   4096u
#define MAX_PRIVATE     (64u * 1024u)
#define MAX_LOCAL       (64u * 1024u)
#define MAX_DATA        (1024u * 1024u)
#define MAX_REG_BYTES   (4u * 1024u * 1024u)
#define MAX_KERNELS     4u
#define LOCAL_ARG_BYTES 256u
#define LOCAL_ARG_ALIGN 128u
#define GROUP_LANES     4u
#define NUM_GROUPS      2u
/* Lane-instructions per work-group: enough for loops of a few hundred trips. */
#define GROUP_BUDGET 20000u

struct sandbox {
    uint8_t window[WINDOW_SIZE];
    uint8_t *data;
    uint32_t data_size;
};

static void *translate(void *ctx, uint64_t addr, uint32_t size, int write)
{
    struct sandbox *s = ctx;

    (void)write;
    /* The executor's side of the contract (engine.h): a broken one is its bug. */
    if (size < 1 || size > 8 || (addr & 4095) + size > 4096) {
        fprintf(stderr, "translate(0x%llx, %u): outside the executor's contract\n",
                (unsigned long long)addr, size);
        abort();
    }
    if (addr >= WINDOW_BASE && addr - WINDOW_BASE <= WINDOW_SIZE - size)
        return s->window + (addr - WINDOW_BASE);
    if (addr >= DATA_BASE && addr - DATA_BASE < s->data_size &&
        s->data_size - (addr - DATA_BASE) >= size)
        return s->data + (addr - DATA_BASE);
    return NULL;
}

static const struct hmm_mem_ops sandbox_ops = {translate};

/* The argument block as a launch would fill it; false if the kernel needs more than the sandbox. */
static bool fill_args(const struct hmm_program *prog, const struct hmm_kernel *kn, uint8_t *args,
                      uint32_t *local_end)
{
    uint64_t end = kn->local_size;

    memset(args, 0, kn->arg_block_size);
    for (uint32_t i = 0; i < kn->num_args; i++) {
        const struct hmm_kernel_arg *a = &prog->args[kn->first_arg + i];
        uint64_t addr;

        switch (a->kind) {
        case HMM_ARG_GLOBAL_PTR:
        case HMM_ARG_CONSTANT_PTR:
            /* Each pointer its own page, with room to index forwards. */
            addr = WINDOW_BASE + (uint64_t)(i % (WINDOW_SIZE / 4096 - 1)) * 4096;
            break;
        case HMM_ARG_LOCAL_PTR:
            end = (end + LOCAL_ARG_ALIGN - 1) / LOCAL_ARG_ALIGN * LOCAL_ARG_ALIGN;
            addr = HMM_ADDR_LOCAL_BASE + end;
            end += LOCAL_ARG_BYTES;
            break;
        default:
            /* Scalars and structs: small values, so loops bounded by them end. */
            for (uint32_t b = 0; b < a->size; b++)
                args[a->offset + b] = b == 0 ? (uint8_t)(i + 3) : 0;
            continue;
        }
        memcpy(args + a->offset, &addr, a->size < sizeof(addr) ? a->size : sizeof(addr));
    }
    if (kn->printf_arg) {
        uint64_t addr = WINDOW_BASE + WINDOW_SIZE - 4096;

        memcpy(args + kn->printf_arg - 1, &addr, sizeof(addr));
    }
    if (end > MAX_LOCAL)
        return false;
    *local_end = (uint32_t)end;
    return true;
}

static void run_kernel(const struct hmm_program *prog, uint32_t k, struct sandbox *s)
{
    const struct hmm_kernel *kn = &prog->kernels[k];
    uint8_t args[MAX_ARG_BLOCK];
    struct hmm_launch l = {.prog = prog,
                           .kernel = k,
                           .work_dim = 1,
                           .args = args,
                           .data_base = DATA_BASE,
                           .mem = &sandbox_ops,
                           .mem_ctx = s};
    uint64_t lanes = 1;
    struct hmm_wave *w;

    for (int d = 0; d < 3; d++) {
        uint32_t r = kn->reqd_work_group_size[d];

        l.local_size[d] = kn->reqd_work_group_size[0] ? (r ? r : 1) : d ? 1 : GROUP_LANES;
        l.global_size[d] = l.local_size[d] * (d ? 1 : NUM_GROUPS);
        lanes *= l.local_size[d];
    }
    if (kn->reqd_work_group_size[0])
        l.work_dim = 3;
    if (lanes > 64 || (uint64_t)kn->private_size * lanes > MAX_PRIVATE * 4ull ||
        (uint64_t)prog->num_regs * lanes * 8 > MAX_REG_BYTES)
        return;
    if (!fill_args(prog, kn, args, &l.local_mem_size))
        return;
    w = hmm_wave_create(&l);
    if (!w)
        return;
    for (uint64_t g = 0; g < NUM_GROUPS; g++) {
        const uint64_t group[3] = {g, 0, 0};

        hmm_wave_start(w, group);
        /* DONE, YIELD (out of budget), FAULT (outside the sandbox) or TRAP: all end the group. */
        (void)hmm_wave_run(w, GROUP_BUDGET);
    }
    hmm_wave_destroy(w);
}

unsigned hmm_fuzz_run_kernels(const struct hmm_program *prog)
{
    struct sandbox *s;
    unsigned ran = 0;

    if (prog->data_size > MAX_DATA)
        return 0;
    s = calloc(1, sizeof(*s));
    if (!s)
        return 0;
    s->data_size = prog->data_size;
    s->data = calloc(1, prog->data_size ? prog->data_size : 1);
    if (!s->data) {
        free(s);
        return 0;
    }
    for (uint32_t k = 0; k < prog->num_kernels && k < MAX_KERNELS; k++) {
        const struct hmm_kernel *kn = &prog->kernels[k];

        if (kn->arg_block_size > MAX_ARG_BLOCK || kn->private_size > MAX_PRIVATE ||
            kn->local_size > MAX_LOCAL)
            continue;
        /* Each kernel sees the data segment as the program loads it. */
        memcpy(s->data, prog->data, prog->data_init_size);
        memset(s->data + prog->data_init_size, 0, prog->data_size - prog->data_init_size);
        run_kernel(prog, k, s);
        ran++;
    }
    free(s->data);
    free(s);
    return ran;
}
