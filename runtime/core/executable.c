/* SPDX-License-Identifier: MIT */
/* Program executables (see executable.h). */
#include "core/executable.h"

#include <stdlib.h>
#include <string.h>

#include "compiler/arginfo.h"
#include "core/device.h"
#include "core/kernel.h"
#include "util/log.h"

/* The data segment is process memory any device reaches; keep it cache-line aligned. */
#define DATA_ALIGN 64

struct hmmcl_executable *hmmcl_executable_create(const void *image, size_t size, char *log,
                                                 size_t log_size)
{
    struct hmmcl_executable *exe = calloc(1, sizeof(*exe));
    struct hmm_log hl = {log, log_size, 0};

    if (log_size)
        log[0] = '\0';
    if (!exe)
        goto err_oom;
    pthread_mutex_init(&exe->device_lock, NULL);
    exe->image = malloc(size ? size : 1);
    if (!exe->image)
        goto err_oom;
    memcpy(exe->image, image, size);
    exe->image_size = size;
    double start = hmmcl_log_time_start();
    bool bad =
        hmm_image_parse(exe->image, size, &exe->program, &hl) || hmm_verify(&exe->program, &hl);
    hmmcl_log_time("image verification", start);
    if (bad)
        goto err_free;
    if (exe->program.data_size) {
        size_t n = (exe->program.data_size + DATA_ALIGN - 1) / DATA_ALIGN * DATA_ALIGN;

        exe->data = aligned_alloc(DATA_ALIGN, n);
        if (!exe->data)
            goto err_oom;
        memset(exe->data, 0, n);
        memcpy(exe->data, exe->program.data, exe->program.data_init_size);
        /* Pointers in initialisers: segment offsets become addresses (engine/image.h). */
        for (uint32_t i = 0; i < exe->program.num_relocs; i++) {
            uint64_t slot;
            char *at = (char *)exe->data + exe->program.relocs[i];

            memcpy(&slot, at, sizeof(slot));
            slot += (uint64_t)(uintptr_t)exe->data;
            memcpy(at, &slot, sizeof(slot));
        }
    }
    return exe;

err_oom:
    hmm_log_printf(&hl, "out of memory");
err_free:
    hmmcl_executable_destroy(exe);
    return NULL;
}

void hmmcl_executable_destroy(struct hmmcl_executable *exe)
{
    if (!exe)
        return;
    if (exe->device_state && exe->device->ops->executable_fini)
        exe->device->ops->executable_fini(exe->device, exe);
    pthread_mutex_destroy(&exe->device_lock);
    free(exe->data);
    free(exe->image);
    free(exe);
}

void hmmcl_kernel_infos_free(struct hmmcl_kernel_info *kernels, size_t num_kernels)
{
    if (!kernels)
        return;
    for (size_t i = 0; i < num_kernels; i++) {
        struct hmmcl_kernel_info *k = &kernels[i];

        for (cl_uint a = 0; a < k->num_args && k->args; a++) {
            free(k->args[a].type_name);
            free(k->args[a].name);
        }
        free(k->args);
        free(k->name);
        free(k->attributes);
    }
    free(kernels);
}

static enum hmmcl_kernel_arg_kind arg_kind(uint8_t kind)
{
    switch (kind) {
    case HMM_ARG_GLOBAL_PTR:
        return HMMCL_ARG_GLOBAL_PTR;
    case HMM_ARG_CONSTANT_PTR:
        return HMMCL_ARG_CONSTANT_PTR;
    case HMM_ARG_LOCAL_PTR:
        return HMMCL_ARG_LOCAL_PTR;
    default: /* HMM_ARG_SCALAR, HMM_ARG_BYVAL */
        return HMMCL_ARG_VALUE;
    }
}

int hmmcl_executable_kernels(const struct hmmcl_executable *exe, const char *arg_info,
                             struct hmmcl_kernel_info **kernels, size_t *num_kernels)
{
    const struct hmm_program *prog = &exe->program;
    struct hmmcl_kernel_info *ks = calloc(prog->num_kernels ? prog->num_kernels : 1, sizeof(*ks));

    if (!ks)
        return -1;
    for (uint32_t i = 0; i < prog->num_kernels; i++) {
        const struct hmm_kernel *hk = &prog->kernels[i];
        struct hmmcl_kernel_info *k = &ks[i];

        k->name = strdup(hmm_program_string(prog, hk->name));
        k->attributes = strdup(hmm_program_string(prog, hk->attributes));
        k->args = calloc(hk->num_args ? hk->num_args : 1, sizeof(*k->args));
        if (!k->name || !k->attributes || !k->args)
            goto err_free;
        k->num_args = hk->num_args;
        for (int d = 0; d < 3; d++)
            k->reqd_work_group_size[d] = hk->reqd_work_group_size[d];
        k->local_mem_size = hk->local_size;
        k->private_mem_size = hk->private_size;
        k->priv = (void *)(uintptr_t)i;
        for (uint32_t a = 0; a < hk->num_args; a++) {
            const struct hmm_kernel_arg *ha = &prog->args[hk->first_arg + a];

            k->args[a].kind = arg_kind(ha->kind);
            k->args[a].size = ha->size;
            k->args[a].access_qualifier = CL_KERNEL_ARG_ACCESS_NONE;
            switch (ha->kind) {
            case HMM_ARG_GLOBAL_PTR:
                k->args[a].address_qualifier = CL_KERNEL_ARG_ADDRESS_GLOBAL;
                break;
            case HMM_ARG_CONSTANT_PTR:
                k->args[a].address_qualifier = CL_KERNEL_ARG_ADDRESS_CONSTANT;
                break;
            case HMM_ARG_LOCAL_PTR:
                k->args[a].address_qualifier = CL_KERNEL_ARG_ADDRESS_LOCAL;
                break;
            default:
                k->args[a].address_qualifier = CL_KERNEL_ARG_ADDRESS_PRIVATE;
                break;
            }
        }
        /* Names and type names stay NULL (CL_KERNEL_ARG_INFO_NOT_AVAILABLE) without arg info. */
        if (arg_info && !hmmcl_arginfo_apply(arg_info, k)) {
            for (cl_uint a = 0; a < k->num_args; a++) {
                free(k->args[a].type_name);
                free(k->args[a].name);
                k->args[a].type_name = k->args[a].name = NULL;
            }
        }
    }
    *kernels = ks;
    *num_kernels = prog->num_kernels;
    return 0;

err_free:
    hmmcl_kernel_infos_free(ks, prog->num_kernels);
    return -1;
}
