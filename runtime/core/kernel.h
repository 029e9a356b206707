/* SPDX-License-Identifier: MIT */
/*
 * DOC: kernel objects
 *
 * struct hmmcl_kernel_info describes one kernel of a program executable:
 * what the compiler learned (arguments, attributes, resource use). It is
 * owned by the program and shared by every kernel object made from it.
 * A kernel object adds the argument values set so far and the SVM exec
 * info; @lock protects both (clSetKernelArg may race with an enqueue that
 * snapshots them).
 */
#ifndef HMMCL_CORE_KERNEL_H
#define HMMCL_CORE_KERNEL_H

#include <pthread.h>

#include "core/object.h"

enum hmmcl_kernel_arg_kind {
    HMMCL_ARG_VALUE,        /* passed by value: @size bytes */
    HMMCL_ARG_GLOBAL_PTR,   /* __global pointer: a cl_mem, or an SVM pointer */
    HMMCL_ARG_CONSTANT_PTR, /* __constant pointer: likewise */
    HMMCL_ARG_LOCAL_PTR,    /* __local pointer: the application gives a size */
    HMMCL_ARG_SAMPLER,
    HMMCL_ARG_IMAGE,
};

struct hmmcl_kernel_arg_info {
    enum hmmcl_kernel_arg_kind kind;
    size_t size; /* HMMCL_ARG_VALUE: the exact size clSetKernelArg must get */
    /* clGetKernelArgInfo; the strings are NULL without -cl-kernel-arg-info. */
    cl_kernel_arg_address_qualifier address_qualifier;
    cl_kernel_arg_access_qualifier access_qualifier;
    cl_kernel_arg_type_qualifier type_qualifier;
    char *type_name;
    char *name;
};

struct hmmcl_kernel_info {
    char *name;
    char *attributes; /* CL_KERNEL_ATTRIBUTES: "" if none */
    cl_uint num_args;
    struct hmmcl_kernel_arg_info *args;
    size_t reqd_work_group_size[3]; /* 0,0,0 if not given */
    cl_ulong local_mem_size;        /* static __local use */
    cl_ulong private_mem_size;
    void *priv; /* the compiler's: entry point in the device ISA */
};

enum hmmcl_arg_value_kind {
    HMMCL_ARG_UNSET,
    HMMCL_ARG_SET_BYTES, /* @bytes, @size of them */
    HMMCL_ARG_SET_MEM,   /* @mem (held weakly: core/object.h), or NULL for a NULL pointer */
    HMMCL_ARG_SET_SVM,   /* @svm */
    HMMCL_ARG_SET_LOCAL, /* @size bytes of local memory */
};

struct hmmcl_kernel_arg_value {
    enum hmmcl_arg_value_kind kind;
    size_t size;
    union {
        unsigned char *bytes; /* owned */
        cl_mem mem;
        void *svm;
    };
};

struct _cl_kernel {
    struct hmmcl_object obj;
    cl_program program; /* held; the kernel keeps its program alive */
    const struct hmmcl_kernel_info *info;

    pthread_mutex_t lock;
    struct hmmcl_kernel_arg_value *args; /* info->num_args; protected by @lock */
    void **svm_ptrs;                     /* CL_KERNEL_EXEC_INFO_SVM_PTRS; protected by @lock */
    size_t num_svm_ptrs;
    cl_bool svm_fine_grain_system; /* CL_KERNEL_EXEC_INFO_SVM_FINE_GRAIN_SYSTEM */
};

/* A kernel object for @info of @program (holds it). NULL if out of memory. */
cl_kernel hmmcl_kernel_create(cl_program program, const struct hmmcl_kernel_info *info);

/* A new kernel with @src's program, info, argument values and exec info. */
cl_kernel hmmcl_kernel_clone(cl_kernel src);

/* Replace argument @index's value (@value's storage moves into the kernel). */
void hmmcl_kernel_set_arg(cl_kernel kernel, cl_uint index, struct hmmcl_kernel_arg_value *value);

/* True once every argument has a value. */
bool hmmcl_kernel_args_complete(cl_kernel kernel);

#endif
