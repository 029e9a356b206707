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
 * Locking: @build_lock serialises builds, compiles and links of one
 * program (the compiler runs with it held and @lock not held). @lock
 * protects @builds (status, options, log, binary, priv), @kernels,
 * and @spec_consts; the rest is set at creation and
 * never changes. @num_kernel_objects counts live kernel objects (a build is
 * refused while any exist).
 */
#ifndef HMMCL_CORE_PROGRAM_H
#define HMMCL_CORE_PROGRAM_H

#include <pthread.h>

#include "core/object.h"

struct hmmcl_kernel_info;
struct hmmcl_fe_spec_const;

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
    void *priv; /* struct hmmcl_executable (core/executable.h) once built */
    /*
     * The work-group size must be uniform for the kernels of this build:
     * compiled with -cl-uniform-work-group-size or for OpenCL C 1.x, or
     * linked from objects that all were. A binary does not record it.
     */
    bool uniform_work_groups;
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

    pthread_mutex_t build_lock;
    pthread_mutex_t lock;
    /* The executable's kernels (compiler); protected by @lock. */
    struct hmmcl_kernel_info *kernels;
    size_t num_kernels;
    atomic_uint num_kernel_objects;
    /* clGetKernelArgInfo answers only for programs built from source with -cl-kernel-arg-info. */
    bool arg_info_visible;
    struct hmmcl_fe_spec_const *spec_consts; /* FROM_IL; protected by @lock */
    size_t num_spec_consts;
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

/*
 * clBuildProgram's work for @device_list (all of the program's devices when
 * NULL): compile and link source or IL, or load the binaries, into an
 * executable per device; the build status, options and log of each device
 * record the outcome. Returns CL_SUCCESS, CL_INVALID_BUILD_OPTIONS,
 * CL_INVALID_BINARY, CL_BUILD_PROGRAM_FAILURE or CL_OUT_OF_HOST_MEMORY.
 */
cl_int hmmcl_program_build(cl_program program, cl_uint num_devices, const cl_device_id *device_list,
                           const char *options);

/*
 * clCompileProgram's work: source (or IL) to a compiled object per device;
 * @headers[i] is found by #include "@names[i]". Returns CL_SUCCESS,
 * CL_INVALID_COMPILER_OPTIONS, CL_COMPILE_PROGRAM_FAILURE or
 * CL_OUT_OF_HOST_MEMORY.
 */
cl_int hmmcl_program_compile(cl_program program, cl_uint num_devices,
                             const cl_device_id *device_list, const char *options,
                             cl_uint num_headers, const cl_program *headers, const char **names);

/*
 * clLinkProgram's work into @program (FROM_LINK, created for the devices
 * linked): an executable, or a library with -create-library. Returns
 * CL_SUCCESS, CL_INVALID_LINKER_OPTIONS, CL_INVALID_OPERATION (an input has
 * no compiled object or library for a device) or CL_LINK_PROGRAM_FAILURE.
 */
cl_int hmmcl_program_link(cl_program program, const char *options, cl_uint num_inputs,
                          const cl_program *inputs);

/*
 * Load @size bytes of a program binary for device @index (clCreateProgramWithBinary):
 * CL_SUCCESS, or CL_INVALID_BINARY if it is not one hmmcl made.
 */
cl_int hmmcl_program_load_binary(cl_program program, cl_uint index, const void *binary,
                                 size_t size);

/* The size of specialization constant @spec_id of an IL program (0 if it has none). */
size_t hmmcl_program_spec_const_size(cl_program program, cl_uint spec_id);

#endif
