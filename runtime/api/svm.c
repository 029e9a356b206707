/* SPDX-License-Identifier: MIT */
/*
 * Shared virtual memory entry points.
 *
 * Every hmmcl device supports fine-grained system SVM: any pointer valid in
 * the process is valid on every device, at the same address. So the
 * enqueue functions here accept any host pointer (malloc, stack, static),
 * not only clSVMAlloc ones; clSVMAlloc memory is ordinary memory with
 * bookkeeping (core/svm.c). Map, unmap and migration have nothing to move
 * for the CPU device and only take their place in the queue; migration
 * moves pages on hmmgpu devices.
 *
 * cl_hmmcl_svm_migrate_system (docs/extensions.md, hmmgpu devices only):
 * clEnqueueSVMMigrateMem takes ranges of any system memory when their size
 * is given explicitly; a size of 0 still means "the whole clSVMAlloc
 * allocation containing the pointer". Devices without it keep the spec's
 * rule: every range lies in a clSVMAlloc allocation.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/context.h"
#include "core/device.h"
#include "core/memory.h"
#include "core/queue.h"
#include "util/log.h"

/*
 * The largest clSVMAlloc alignment hmmcl supports: 2 MiB, a huge page on
 * x86-64, which lets an allocation be migrated in whole huge pages. The
 * default (alignment 0) is the size of the largest OpenCL C type, long16.
 */
#define SVM_MAX_ALIGNMENT     ((size_t)2 << 20)
#define SVM_DEFAULT_ALIGNMENT ((size_t)128)

#define SVM_ACCESS_FLAGS (CL_MEM_READ_WRITE | CL_MEM_WRITE_ONLY | CL_MEM_READ_ONLY)
#define SVM_FLAGS_KNOWN  (SVM_ACCESS_FLAGS | CL_MEM_SVM_FINE_GRAIN_BUFFER | CL_MEM_SVM_ATOMICS)

/* clSVMAlloc and clSVMFree have no error code: log why nothing was done. */
#define HMMCL_LOG_NULL(...) log_nothing(__func__, __VA_ARGS__)

__attribute__((format(printf, 2, 3))) static void log_nothing(const char *func, const char *fmt,
                                                              ...)
{
    char why[256];
    va_list ap;

    if (!hmmcl_log_enabled())
        return;
    va_start(ap, fmt);
    vsnprintf(why, sizeof(why), fmt, ap);
    va_end(ap);
    hmmcl_log("%s: nothing done: %s", func, why);
}

static cl_device_svm_capabilities context_svm_caps(cl_context context)
{
    cl_device_svm_capabilities caps = 0;

    for (cl_uint i = 0; i < context->num_devices; i++)
        caps |= context->devices[i]->svm_caps;
    return caps;
}

static cl_ulong context_max_alloc(cl_context context)
{
    cl_ulong max = 0;

    for (cl_uint i = 0; i < context->num_devices; i++)
        if (context->devices[i]->max_mem_alloc_size > max)
            max = context->devices[i]->max_mem_alloc_size;
    return max;
}

CL_API_ENTRY void *CL_API_CALL clSVMAlloc(cl_context context, cl_svm_mem_flags flags, size_t size,
                                          cl_uint alignment)
{
    cl_device_svm_capabilities caps;
    cl_svm_mem_flags access = flags & SVM_ACCESS_FLAGS;
    void *ptr;

    /* clSVMAlloc returns NULL "if context is not a valid context" */
    if (!hmmcl_object_is(context, HMMCL_MAGIC_CONTEXT)) {
        HMMCL_LOG_NULL("not a context");
        return NULL;
    }
    caps = context_svm_caps(context);
    /* ... "or no devices in context support SVM" */
    if (!caps) {
        HMMCL_LOG_NULL("no device in the context supports SVM");
        return NULL;
    }
    /* ... "if flags does not contain a valid combination of values": one access qualifier at
     * most, and "CL_MEM_SVM_ATOMICS ... can only be used together with
     * CL_MEM_SVM_FINE_GRAIN_BUFFER" */
    if ((flags & ~(cl_svm_mem_flags)SVM_FLAGS_KNOWN) || (access & (access - 1)) ||
        ((flags & CL_MEM_SVM_ATOMICS) && !(flags & CL_MEM_SVM_FINE_GRAIN_BUFFER))) {
        HMMCL_LOG_NULL("invalid flags 0x%llx", (unsigned long long)flags);
        return NULL;
    }
    /* ... "or if CL_MEM_SVM_FINE_GRAIN_BUFFER or CL_MEM_SVM_ATOMICS is specified in flags and
     * these are not supported by at least one device in context" */
    if (((flags & CL_MEM_SVM_FINE_GRAIN_BUFFER) &&
         !(caps & (CL_DEVICE_SVM_FINE_GRAIN_BUFFER | CL_DEVICE_SVM_FINE_GRAIN_SYSTEM))) ||
        ((flags & CL_MEM_SVM_ATOMICS) && !(caps & CL_DEVICE_SVM_ATOMICS))) {
        HMMCL_LOG_NULL("flags 0x%llx not supported by the devices", (unsigned long long)flags);
        return NULL;
    }
    /* ... "or if size is 0 or > CL_DEVICE_MAX_MEM_ALLOC_SIZE value for any device in
     * context" */
    if (size == 0 || size > context_max_alloc(context)) {
        HMMCL_LOG_NULL("size %zu", size);
        return NULL;
    }
    /* ... "or if alignment is not a power of two or the OpenCL implementation cannot support
     * the specified alignment for at least one device in context" */
    if (alignment == 0)
        alignment = SVM_DEFAULT_ALIGNMENT;
    if ((alignment & (alignment - 1)) || alignment > SVM_MAX_ALIGNMENT) {
        HMMCL_LOG_NULL("alignment %u", alignment);
        return NULL;
    }
    ptr = hmmcl_svm_alloc(context, flags, size, alignment);
    if (!ptr)
        HMMCL_LOG_NULL("out of memory for %zu bytes", size);
    return ptr;
}

CL_API_ENTRY void CL_API_CALL clSVMFree(cl_context context, void *svm_pointer)
{
    /* Nothing to report an error through: an invalid context or a pointer that is not one of
     * its allocations (undefined behaviour per the spec) is ignored; NULL is a no-op. */
    if (!hmmcl_object_is(context, HMMCL_MAGIC_CONTEXT)) {
        HMMCL_LOG_NULL("not a context");
        return;
    }
    hmmcl_svm_free(context, svm_pointer);
}

/*
 * "CL_INVALID_COMMAND_QUEUE if command_queue is not a valid host
 * command-queue" and "CL_INVALID_OPERATION if the device associated with
 * command_queue does not support SVM".
 */
static cl_int check_queue(cl_command_queue queue)
{
    if (!hmmcl_object_is(queue, HMMCL_MAGIC_QUEUE))
        return CL_INVALID_COMMAND_QUEUE;
    if (!queue->device->svm_caps)
        return CL_INVALID_OPERATION;
    return CL_SUCCESS;
}

static const char *check_reason(cl_int err)
{
    return err == CL_INVALID_COMMAND_QUEUE ? "not a command-queue" : "device does not support SVM";
}

typedef void(CL_CALLBACK *svm_free_fn)(cl_command_queue queue, cl_uint num_svm_pointers,
                                       void *svm_pointers[], void *user_data);

/* What clEnqueueSVMFree's command owns: a copy of the pointer list. */
struct svm_free {
    cl_command_queue queue; /* held by the command's event */
    svm_free_fn fn;
    void *user_data;
    cl_uint count;
    void *pointers[];
};

static cl_int svm_free_run(struct hmmcl_command *cmd)
{
    struct svm_free *f = cmd->host.data;

    if (f->fn) {
        f->fn(f->queue, f->count, f->pointers, f->user_data);
    } else {
        for (cl_uint i = 0; i < f->count; i++)
            hmmcl_svm_free(f->queue->context, f->pointers[i]);
    }
    return CL_SUCCESS;
}

static void svm_free_cleanup(struct hmmcl_command *cmd)
{
    free(cmd->host.data);
    cmd->host.data = NULL;
}

CL_API_ENTRY cl_int CL_API_CALL clEnqueueSVMFree(cl_command_queue command_queue,
                                                 cl_uint num_svm_pointers, void *svm_pointers[],
                                                 svm_free_fn pfn_free_func, void *user_data,
                                                 cl_uint num_events_in_wait_list,
                                                 const cl_event *event_wait_list, cl_event *event)
{
    struct hmmcl_command cmd = {.op = HMMCL_OP_HOST_FN};
    struct svm_free *f;
    cl_int err;

    err = check_queue(command_queue);
    if (err)
        HMMCL_FAIL(err, "%s", check_reason(err));
    /* "CL_INVALID_VALUE if num_svm_pointers is 0 and svm_pointers is non-NULL, or if
     * svm_pointers is NULL and num_svm_pointers is not 0." */
    if (!num_svm_pointers != !svm_pointers)
        HMMCL_FAIL(CL_INVALID_VALUE, "num_svm_pointers %u with svm_pointers %p", num_svm_pointers,
                   (void *)svm_pointers);

    /* The application may reuse svm_pointers when this returns: the command keeps a copy. */
    f = malloc(sizeof(*f) + (size_t)num_svm_pointers * sizeof(f->pointers[0]));
    if (!f)
        HMMCL_FAIL(CL_OUT_OF_HOST_MEMORY, "pointer list");
    f->queue = command_queue;
    f->fn = pfn_free_func;
    f->user_data = user_data;
    f->count = num_svm_pointers;
    if (num_svm_pointers)
        memcpy(f->pointers, svm_pointers, (size_t)num_svm_pointers * sizeof(f->pointers[0]));
    cmd.host.fn = svm_free_run;
    cmd.host.data = f;
    cmd.cleanup = svm_free_cleanup;
    err = hmmcl_queue_enqueue_command(command_queue, CL_COMMAND_SVM_FREE, false,
                                      num_events_in_wait_list, event_wait_list, event, &cmd);
    if (err)
        HMMCL_FAIL(err, "enqueue");
    return CL_SUCCESS;
error:
    return err;
}

CL_API_ENTRY cl_int CL_API_CALL clEnqueueSVMMemcpy(cl_command_queue command_queue,
                                                   cl_bool blocking_copy, void *dst_ptr,
                                                   const void *src_ptr, size_t size,
                                                   cl_uint num_events_in_wait_list,
                                                   const cl_event *event_wait_list, cl_event *event)
{
    struct hmmcl_command cmd = {.op = HMMCL_OP_COPY};
    uintptr_t d = (uintptr_t)dst_ptr, s = (uintptr_t)src_ptr;
    cl_int err;

    err = check_queue(command_queue);
    if (err)
        HMMCL_FAIL(err, "%s", check_reason(err));
    /* "CL_INVALID_VALUE if dst_ptr or src_ptr is NULL." */
    if (!dst_ptr || !src_ptr)
        HMMCL_FAIL(CL_INVALID_VALUE, "dst_ptr %p, src_ptr %p", dst_ptr, src_ptr);
    /* "CL_MEM_COPY_OVERLAP if the values specified for dst_ptr, src_ptr and size result in an
     * overlapping copy." */
    if (size && d < s + size && s < d + size)
        HMMCL_FAIL(CL_MEM_COPY_OVERLAP, "[%p, +%zu) and [%p, +%zu) overlap", dst_ptr, size, src_ptr,
                   size);

    cmd.copy.dst = dst_ptr;
    cmd.copy.src = src_ptr;
    cmd.copy.size = size;
    err = hmmcl_queue_enqueue_command(command_queue, CL_COMMAND_SVM_MEMCPY, blocking_copy,
                                      num_events_in_wait_list, event_wait_list, event, &cmd);
    if (err)
        HMMCL_FAIL(err, "enqueue");
    return CL_SUCCESS;
error:
    return err;
}

CL_API_ENTRY cl_int CL_API_CALL clEnqueueSVMMemFill(cl_command_queue command_queue, void *svm_ptr,
                                                    const void *pattern, size_t pattern_size,
                                                    size_t size, cl_uint num_events_in_wait_list,
                                                    const cl_event *event_wait_list,
                                                    cl_event *event)
{
    struct hmmcl_command cmd = {.op = HMMCL_OP_FILL};
    cl_int err;

    err = check_queue(command_queue);
    if (err)
        HMMCL_FAIL(err, "%s", check_reason(err));
    /* "CL_INVALID_VALUE if svm_ptr is NULL." */
    if (!svm_ptr)
        HMMCL_FAIL(CL_INVALID_VALUE, "svm_ptr is NULL");
    /* "CL_INVALID_VALUE if pattern is NULL or if pattern_size is 0 or if pattern_size is not
     * one of {1, 2, 4, 8, 16, 32, 64, 128}." */
    if (!pattern || !pattern_size || pattern_size > HMMCL_FILL_PATTERN_MAX ||
        (pattern_size & (pattern_size - 1)))
        HMMCL_FAIL(CL_INVALID_VALUE, "pattern %p of %zu bytes", pattern, pattern_size);
    /* "CL_INVALID_VALUE if svm_ptr is not aligned to pattern_size bytes." */
    if ((uintptr_t)svm_ptr % pattern_size)
        HMMCL_FAIL(CL_INVALID_VALUE, "svm_ptr %p not aligned to %zu", svm_ptr, pattern_size);
    /* "CL_INVALID_VALUE if size is not a multiple of pattern_size." */
    if (size % pattern_size)
        HMMCL_FAIL(CL_INVALID_VALUE, "size %zu not a multiple of %zu", size, pattern_size);

    /* The pattern is copied now: the application may reuse it when this returns. */
    cmd.fill.dst = svm_ptr;
    cmd.fill.size = size;
    cmd.fill.pattern_size = pattern_size;
    memcpy(cmd.fill.pattern, pattern, pattern_size);
    err = hmmcl_queue_enqueue_command(command_queue, CL_COMMAND_SVM_MEMFILL, false,
                                      num_events_in_wait_list, event_wait_list, event, &cmd);
    if (err)
        HMMCL_FAIL(err, "enqueue");
    return CL_SUCCESS;
error:
    return err;
}

CL_API_ENTRY cl_int CL_API_CALL clEnqueueSVMMap(cl_command_queue command_queue,
                                                cl_bool blocking_map, cl_map_flags flags,
                                                void *svm_ptr, size_t size,
                                                cl_uint num_events_in_wait_list,
                                                const cl_event *event_wait_list, cl_event *event)
{
    struct hmmcl_command cmd = {.op = HMMCL_OP_NOP};
    cl_int err;

    err = check_queue(command_queue);
    if (err)
        HMMCL_FAIL(err, "%s", check_reason(err));
    /* "CL_INVALID_VALUE if svm_ptr is NULL." */
    if (!svm_ptr)
        HMMCL_FAIL(CL_INVALID_VALUE, "svm_ptr is NULL");
    /* "CL_INVALID_VALUE if size is 0 or if values specified in map_flags are not valid." */
    if (!size)
        HMMCL_FAIL(CL_INVALID_VALUE, "size is 0");
    if (!hmmcl_map_flags_valid(flags))
        HMMCL_FAIL(CL_INVALID_VALUE, "map_flags 0x%llx", (unsigned long long)flags);

    /* The host already sees the memory: the map only waits for what precedes it. */
    err = hmmcl_queue_enqueue_command(command_queue, CL_COMMAND_SVM_MAP, blocking_map,
                                      num_events_in_wait_list, event_wait_list, event, &cmd);
    if (err)
        HMMCL_FAIL(err, "enqueue");
    return CL_SUCCESS;
error:
    return err;
}

CL_API_ENTRY cl_int CL_API_CALL clEnqueueSVMUnmap(cl_command_queue command_queue, void *svm_ptr,
                                                  cl_uint num_events_in_wait_list,
                                                  const cl_event *event_wait_list, cl_event *event)
{
    struct hmmcl_command cmd = {.op = HMMCL_OP_NOP};
    cl_int err;

    err = check_queue(command_queue);
    if (err)
        HMMCL_FAIL(err, "%s", check_reason(err));
    /* "CL_INVALID_VALUE if svm_ptr is NULL." */
    if (!svm_ptr)
        HMMCL_FAIL(CL_INVALID_VALUE, "svm_ptr is NULL");

    err = hmmcl_queue_enqueue_command(command_queue, CL_COMMAND_SVM_UNMAP, false,
                                      num_events_in_wait_list, event_wait_list, event, &cmd);
    if (err)
        HMMCL_FAIL(err, "enqueue");
    return CL_SUCCESS;
error:
    return err;
}

CL_API_ENTRY cl_int CL_API_CALL clEnqueueSVMMigrateMem(
    cl_command_queue command_queue, cl_uint num_svm_pointers, const void **svm_pointers,
    const size_t *sizes, cl_mem_migration_flags flags, cl_uint num_events_in_wait_list,
    const cl_event *event_wait_list, cl_event *event)
{
    struct hmmcl_command cmd = {.op = HMMCL_OP_MIGRATE};
    struct hmmcl_range *ranges = NULL;
    struct hmmcl_svm_alloc svm;
    bool system_ranges;
    cl_int err;

    err = check_queue(command_queue);
    if (err)
        HMMCL_FAIL(err, "%s", check_reason(err));
    /* "CL_INVALID_VALUE if num_svm_pointers is zero or svm_pointers is NULL." */
    if (!num_svm_pointers || !svm_pointers)
        HMMCL_FAIL(CL_INVALID_VALUE, "no pointers");
    /* "CL_INVALID_VALUE if flags is not 0 or is not any of the values described in the table
     * above." */
    if (flags & ~(cl_mem_migration_flags)HMMCL_MIGRATE_FLAGS_KNOWN)
        HMMCL_FAIL(CL_INVALID_VALUE, "flags 0x%llx", (unsigned long long)flags);
    ranges = calloc(num_svm_pointers, sizeof(*ranges));
    if (!ranges)
        HMMCL_FAIL(CL_OUT_OF_HOST_MEMORY, "range list");
    system_ranges = hmmcl_device_has_extension(command_queue->device,
                                               CL_HMMCL_SVM_MIGRATE_SYSTEM_EXTENSION_NAME);
    for (cl_uint i = 0; i < num_svm_pointers; i++) {
        const char *p = svm_pointers[i];
        size_t size = sizes ? sizes[i] : 0;
        bool in_svm;

        if (!p)
            HMMCL_FAIL(CL_INVALID_VALUE, "svm_pointers[%u] is NULL", i);
        in_svm = hmmcl_svm_lookup(command_queue->context, p, &svm);
        if (!size) {
            /* A size of 0 (or no sizes) means the whole allocation containing svm_pointers[i]:
             * there must be one, also under cl_hmmcl_svm_migrate_system. */
            if (!in_svm)
                HMMCL_FAIL(CL_INVALID_VALUE,
                           "svm_pointers[%u] %p is in no SVM allocation and has no size", i,
                           (const void *)p);
            ranges[i].ptr = svm.ptr;
            ranges[i].size = svm.size;
            continue;
        }
        /* "CL_INVALID_VALUE if sizes[i] is non-zero range [svm_pointers[i],
         * svm_pointers[i]+sizes[i]) is not contained within an existing clSVMAlloc
         * allocation." cl_hmmcl_svm_migrate_system: on a device listing it, a range outside
         * every allocation is system memory and accepted; one that starts in an allocation
         * must still end in it. */
        if (in_svm && size > svm.size - (size_t)(p - (const char *)svm.ptr))
            HMMCL_FAIL(CL_INVALID_VALUE, "svm_pointers[%u] + %zu runs past its allocation", i,
                       size);
        if (!in_svm && !system_ranges)
            HMMCL_FAIL(CL_INVALID_VALUE,
                       "svm_pointers[%u] %p is in no SVM allocation (system memory needs %s)", i,
                       (const void *)p, CL_HMMCL_SVM_MIGRATE_SYSTEM_EXTENSION_NAME);
        if (size > UINTPTR_MAX - (uintptr_t)p)
            HMMCL_FAIL(CL_INVALID_VALUE, "svm_pointers[%u] + %zu wraps around", i, size);
        ranges[i].ptr = p;
        ranges[i].size = size;
    }

    /* The device moves the pages (hmmgpu); for the CPU device nothing moves. */
    cmd.migrate.ranges = ranges;
    cmd.migrate.count = num_svm_pointers;
    cmd.migrate.to_host = (flags & CL_MIGRATE_MEM_OBJECT_HOST) != 0;
    ranges = NULL; /* the command owns it, also when enqueueing fails */
    err = hmmcl_queue_enqueue_command(command_queue, CL_COMMAND_SVM_MIGRATE_MEM, false,
                                      num_events_in_wait_list, event_wait_list, event, &cmd);
    if (err)
        HMMCL_FAIL(err, "enqueue");
    return CL_SUCCESS;
error:
    free(ranges);
    return err;
}
