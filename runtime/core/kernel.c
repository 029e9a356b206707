/* SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>

#include "core/kernel.h"
#include "core/memory.h"
#include "core/program.h"

static void arg_value_clear(struct hmmcl_kernel_arg_value *v)
{
    if (v->kind == HMMCL_ARG_SET_BYTES)
        free(v->bytes);
    else if (v->kind == HMMCL_ARG_SET_MEM && v->mem)
        hmmcl_object_put_weak(&v->mem->obj);
    memset(v, 0, sizeof(*v));
}

static void kernel_destroy(struct hmmcl_object *obj)
{
    cl_kernel kernel = (cl_kernel)obj;
    cl_program program = kernel->program;

    for (cl_uint i = 0; i < kernel->info->num_args; i++)
        arg_value_clear(&kernel->args[i]);
    free(kernel->args);
    free(kernel->svm_ptrs);
    pthread_mutex_destroy(&kernel->lock);
    free(kernel);
    atomic_fetch_sub(&program->num_kernel_objects, 1);
    hmmcl_object_put(&program->obj);
}

cl_kernel hmmcl_kernel_create(cl_program program, const struct hmmcl_kernel_info *info)
{
    cl_kernel kernel = calloc(1, sizeof(*kernel));

    if (!kernel)
        return NULL;
    kernel->args = calloc(info->num_args ? info->num_args : 1, sizeof(*kernel->args));
    if (!kernel->args || pthread_mutex_init(&kernel->lock, NULL)) {
        free(kernel->args);
        free(kernel);
        return NULL;
    }
    kernel->info = info;
    hmmcl_object_get(&program->obj);
    atomic_fetch_add(&program->num_kernel_objects, 1);
    kernel->program = program;
    hmmcl_object_init(&kernel->obj, HMMCL_MAGIC_KERNEL, kernel_destroy);
    return kernel;
}

static bool arg_value_copy(struct hmmcl_kernel_arg_value *dst,
                           const struct hmmcl_kernel_arg_value *src)
{
    *dst = *src;
    if (src->kind == HMMCL_ARG_SET_BYTES) {
        dst->bytes = malloc(src->size ? src->size : 1);
        if (!dst->bytes)
            return false;
        memcpy(dst->bytes, src->bytes, src->size);
    } else if (src->kind == HMMCL_ARG_SET_MEM && src->mem) {
        hmmcl_object_get_weak(&src->mem->obj);
    }
    return true;
}

cl_kernel hmmcl_kernel_clone(cl_kernel src)
{
    cl_kernel kernel = hmmcl_kernel_create(src->program, src->info);
    bool ok = true;

    if (!kernel)
        return NULL;
    pthread_mutex_lock(&src->lock);
    for (cl_uint i = 0; i < src->info->num_args && ok; i++)
        ok = arg_value_copy(&kernel->args[i], &src->args[i]);
    if (ok && src->num_svm_ptrs) {
        kernel->svm_ptrs = malloc(src->num_svm_ptrs * sizeof(*kernel->svm_ptrs));
        ok = kernel->svm_ptrs != NULL;
        if (ok) {
            memcpy(kernel->svm_ptrs, src->svm_ptrs, src->num_svm_ptrs * sizeof(void *));
            kernel->num_svm_ptrs = src->num_svm_ptrs;
        }
    }
    kernel->svm_fine_grain_system = src->svm_fine_grain_system;
    pthread_mutex_unlock(&src->lock);
    if (!ok) {
        hmmcl_object_release(&kernel->obj);
        return NULL;
    }
    return kernel;
}

void hmmcl_kernel_set_arg(cl_kernel kernel, cl_uint index, struct hmmcl_kernel_arg_value *value)
{
    pthread_mutex_lock(&kernel->lock);
    arg_value_clear(&kernel->args[index]);
    kernel->args[index] = *value;
    pthread_mutex_unlock(&kernel->lock);
    memset(value, 0, sizeof(*value));
}

bool hmmcl_kernel_args_complete(cl_kernel kernel)
{
    bool complete = true;

    pthread_mutex_lock(&kernel->lock);
    for (cl_uint i = 0; i < kernel->info->num_args && complete; i++)
        complete = kernel->args[i].kind != HMMCL_ARG_UNSET;
    pthread_mutex_unlock(&kernel->lock);
    return complete;
}
