/* SPDX-License-Identifier: MIT */
/*
 * DOC: kernel launches
 *
 * clEnqueueNDRangeKernel reduces to an HMMCL_OP_NDRANGE command carrying a
 * struct hmmcl_ndrange: everything a device needs to run the launch, made
 * at enqueue time and independent of later calls on the kernel object
 * (clSetKernelArg may change the arguments while the command waits).
 *
 * @launch is the engine's launch description with the argument block
 * already laid out per the image's struct hmm_kernel_arg offsets and sizes
 * (cl_mem arguments are their storage pointers, SVM pointers their value,
 * __local pointers tagged local addresses placed after the kernel's static
 * local memory), @launch.local_mem_size the total local memory, and
 * @launch.data_base the executable's data segment. The device fills in
 * @launch.mem and @launch.mem_ctx. When the application gave no
 * local_work_size and the kernel requires none, @launch.local_size is all
 * zero and the device chooses (@uniform: the sizes it picks must divide the
 * global sizes).
 *
 * The description owns its references: the kernel object (which keeps its
 * program, the executable and the context alive) and every memory object an
 * argument names, so none can go away while the command is pending.
 * Immutable once enqueued; read by the device on a worker thread.
 */
#ifndef HMMCL_CORE_NDRANGE_H
#define HMMCL_CORE_NDRANGE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/object.h"
#include "engine/engine.h"

struct hmmcl_executable;

struct hmmcl_ndrange {
    struct hmm_launch launch;
    bool uniform;            /* chosen work-group sizes must divide the global sizes */
    size_t max_group_size;   /* largest work-group the device may choose */
    cl_context context;      /* where a failure is reported; may be NULL (unit tests) */
    const char *kernel_name; /* for diagnostics */

    cl_kernel kernel;             /* held; NULL only in unit tests */
    struct hmmcl_executable *exe; /* of @launch.prog, alive through @kernel; NULL in unit tests */
    uint8_t *args;                /* owned: @launch.args */
    cl_mem *mems;                 /* held */
    size_t num_mems;

    /* Owned (core/printf_buffer.h); NULL unless the kernel calls printf. */
    void *printf_buf;
    size_t printf_size;
};

/*
 * A zeroed description with an argument block of @arg_block_size bytes and
 * room for @max_mems memory objects; NULL if out of memory.
 */
struct hmmcl_ndrange *hmmcl_ndrange_alloc(size_t arg_block_size, size_t max_mems);

/*
 * Keep @mem alive until the launch is destroyed (takes an internal
 * reference); false if it is already destroyed (a kernel argument names it
 * weakly, and the application released it).
 */
bool hmmcl_ndrange_hold_mem(struct hmmcl_ndrange *nd, cl_mem mem);

/*
 * Give the launch a printf buffer of @capacity record bytes, its address in
 * the argument block at @arg_offset. Returns 0 or -1 if out of memory.
 */
int hmmcl_ndrange_add_printf(struct hmmcl_ndrange *nd, size_t capacity, uint32_t arg_offset);

/*
 * The launch has run (whatever its status): write its printf output to
 * stdout. Called on the worker before the event completes.
 */
void hmmcl_ndrange_finish(struct hmmcl_ndrange *nd);

/* Drop every reference and free the description. */
void hmmcl_ndrange_destroy(struct hmmcl_ndrange *nd);

#endif
