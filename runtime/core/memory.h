/* SPDX-License-Identifier: MIT */
/*
 * Buffers and SVM allocations are ordinary process memory (see
 * docs/architecture): a buffer is a pointer, a size and flags, and a device
 * needs only the pointer. Images and pipes are not supported.
 */
#ifndef HMMCL_CORE_MEMORY_H
#define HMMCL_CORE_MEMORY_H

#include <pthread.h>

#include "core/object.h"

#define HMMCL_MEM_MAX_PROPERTIES 4

/*
 * Every device's CL_DEVICE_MEM_BASE_ADDR_ALIGN, in bytes (the query reports
 * bits: 8 * this). Buffer storage is aligned to it and sub-buffer origins must
 * be multiples of it.
 */
#define HMMCL_MEM_BASE_ALIGN 128

/* A pointer returned by clEnqueueMapBuffer and not yet unmapped. */
struct hmmcl_mem_mapping {
    void *ptr;
    unsigned int count; /* maps of @ptr not yet unmapped */
    struct hmmcl_mem_mapping *next;
};

struct hmmcl_mem_destructor {
    void(CL_CALLBACK *fn)(cl_mem memobj, void *user_data);
    void *user_data;
    struct hmmcl_mem_destructor *next;
};

struct _cl_mem {
    struct hmmcl_object obj;
    cl_context context; /* held */
    cl_mem_object_type type;
    cl_mem_flags flags;
    cl_mem_properties properties[HMMCL_MEM_MAX_PROPERTIES];
    size_t num_properties; /* including the terminator; 0 if none given */
    size_t size;
    char *storage;  /* the bytes: process memory every device reads directly */
    void *host_ptr; /* as passed at creation (CL_MEM_USE_HOST_PTR), else NULL */
    bool owns_storage;
    bool uses_svm_pointer;
    cl_mem parent; /* held; sub-buffers only */
    size_t offset; /* in @parent */

    atomic_uint map_count;
    pthread_mutex_t lock;
    struct hmmcl_mem_destructor *destructors; /* LIFO; protected by @lock */
    struct hmmcl_mem_mapping *mappings;       /* protected by @lock */
};

/*
 * A new buffer with one application reference (arguments already validated
 * by the caller): storage is @host_ptr for CL_MEM_USE_HOST_PTR, otherwise
 * allocated (and filled from @host_ptr for CL_MEM_COPY_HOST_PTR). @properties
 * (@num_properties entries, terminator included) are kept for the query.
 * Returns NULL with *@err set on allocation failure.
 */
cl_mem hmmcl_buffer_create(cl_context context, cl_mem_flags flags, size_t size, void *host_ptr,
                           const cl_mem_properties *properties, size_t num_properties, cl_int *err);

/* A sub-buffer of @parent at [@origin, @origin + @size); @flags are the final ones. */
cl_mem hmmcl_sub_buffer_create(cl_mem parent, cl_mem_flags flags, size_t origin, size_t size,
                               cl_int *err);

cl_int hmmcl_mem_add_destructor(cl_mem mem, void(CL_CALLBACK *fn)(cl_mem, void *), void *user_data);

/* Record a map of @mem returning @ptr; drop one (false if @ptr is not mapped). */
cl_int hmmcl_mem_map_add(cl_mem mem, void *ptr);
bool hmmcl_mem_map_remove(cl_mem mem, void *ptr);

/*
 * A clSVMAlloc allocation: only bookkeeping (the spec's queries and
 * clEnqueueSVMMigrateMem sizes need it); the memory itself is plain process
 * memory like any other.
 */
struct hmmcl_svm_alloc {
    void *ptr;
    size_t size;
    cl_svm_mem_flags flags;
    struct hmmcl_svm_alloc *next; /* in the context's list, under its lock */
};

/* Copy out the allocation of @context containing @ptr; false if none does. */
bool hmmcl_svm_lookup(cl_context context, const void *ptr, struct hmmcl_svm_alloc *out);

/*
 * Allocate @size bytes aligned to @alignment (a power of two, already
 * validated) and record them in @context. NULL on allocation failure.
 */
void *hmmcl_svm_alloc(cl_context context, cl_svm_mem_flags flags, size_t size, size_t alignment);

/* Forget and free an allocation of @context; nothing if @ptr is not one. */
void hmmcl_svm_free(cl_context context, void *ptr);

/*
 * Context destruction (core/context.c): free the allocations the application
 * never freed and their bookkeeping. Called once no other reference to
 * @context remains; takes no lock.
 */
void hmmcl_svm_context_fini(cl_context context);
#define HMMCL_HAVE_SVM_CONTEXT_FINI 1

/* The cl_mem_migration_flags clEnqueueMigrateMemObjects and clEnqueueSVMMigrateMem accept. */
#define HMMCL_MIGRATE_FLAGS_KNOWN                                                                  \
    (CL_MIGRATE_MEM_OBJECT_HOST | CL_MIGRATE_MEM_OBJECT_CONTENT_UNDEFINED)

/*
 * Map flags as clEnqueueMapBuffer and clEnqueueSVMMap both define them: known
 * bits only, and CL_MAP_WRITE_INVALIDATE_REGION "mutually exclusive with
 * CL_MAP_READ or CL_MAP_WRITE".
 */
static inline bool hmmcl_map_flags_valid(cl_map_flags flags)
{
    const cl_map_flags known = CL_MAP_READ | CL_MAP_WRITE | CL_MAP_WRITE_INVALIDATE_REGION;

    if (flags & ~known)
        return false;
    return !((flags & CL_MAP_WRITE_INVALIDATE_REGION) && (flags & (CL_MAP_READ | CL_MAP_WRITE)));
}

#endif
