/* SPDX-License-Identifier: MIT */
/*
 * DOC: program objects
 *
 * A program is what the application gave (source, IL or binaries) plus one
 * struct hmmcl_program_build per device of the program: the state that
 * CL_PROGRAM_BUILD_* reports and, once a compiler exists, what it produced.
 * The compiler extends the per-device build through @priv and fills
 * @kernels (the kernels of the executable, shared by every kernel object
 * made from it); until then no build succeeds and no kernel object exists.
 *
 * Locking: @lock protects @builds (status, options, log, binary) and
 * @kernels while a build, compile or link runs; the rest is set at creation
 * and never changes. @num_kernel_objects counts live kernel objects (a
 * build is refused while any exist).
 */
#ifndef HMMCL_CORE_PROGRAM_H
#define HMMCL_CORE_PROGRAM_H

#include <pthread.h>

#include "core/object.h"

struct hmmcl_kernel_info;

enum hmmcl_program_origin {
    HMMCL_PROGRAM_FROM_SOURCE,
    HMMCL_PROGRAM_FROM_IL,
    HMMCL_PROGRAM_FROM_BINARY,
    HMMCL_PROGRAM_FROM_LINK, /* clLinkProgram: neither source nor IL */
};

struct hmmcl_program_build {
    cl_build_status status;
    cl_program_binary_type binary_type;
    char *options; /* of the last build/compile/link; NULL until one was tried */
    char *log;     /* NULL reads as "" */
    unsigned char *binary;
    size_t binary_size;
    void *priv; /* the compiler's per-device result */
};

struct _cl_program {
    struct hmmcl_object obj;
    cl_context context; /* held */
    enum hmmcl_program_origin origin;
    char *source; /* FROM_SOURCE: the strings concatenated, NUL-terminated */
    void *il;     /* FROM_IL */
    size_t il_size;

    cl_uint num_devices;
    cl_device_id *devices;              /* the context's, or the list given */
    struct hmmcl_program_build *builds; /* one per device, same order */

    pthread_mutex_t lock;
    /* The executable's kernels (compiler); protected by @lock. */
    struct hmmcl_kernel_info *kernels;
    size_t num_kernels;
    atomic_uint num_kernel_objects;
};

/*
 * A program of @context for @devices (each in the context) with nothing
 * built: status CL_BUILD_NONE, binary type NONE. One application
 * reference; NULL if out of memory. The caller fills the origin fields.
 */
cl_program hmmcl_program_create(cl_context context, const cl_device_id *devices,
                                cl_uint num_devices, enum hmmcl_program_origin origin);

/* The index of @device in @program->devices, or -1. */
int hmmcl_program_device_index(cl_program program, cl_device_id device);

/* True if @program has a successfully built executable for @device. */
bool hmmcl_program_has_executable(cl_program program, cl_device_id device);

/* True if it has one for at least one of its devices. */
bool hmmcl_program_has_any_executable(cl_program program);

#endif
