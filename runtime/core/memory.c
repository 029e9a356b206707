/* SPDX-License-Identifier: MIT */
/*
 * Buffer and sub-buffer objects: creation, the map bookkeeping behind
 * CL_MEM_MAP_COUNT and clEnqueueUnmapMemObject, and destruction.
 *
 * A buffer is destroyed when its last reference goes, application's or
 * internal (a command that uses it, a sub-buffer, a kernel argument): the
 * destructor callbacks run in reverse order of registration, then the storage
 * the buffer owns is freed and the parent and context are let go. That may
 * happen on a scheduler worker, when the last command using the buffer ends.
 */
#include <stdlib.h>
#include <string.h>

#include "core/context.h"
#include "core/memory.h"

static void mem_destroy(struct hmmcl_object *obj)
{
    cl_mem mem = (cl_mem)obj;
    struct hmmcl_mem_destructor *d = mem->destructors;

    /* The list is kept newest first: walking it is the reverse order of registration. */
    while (d) {
        struct hmmcl_mem_destructor *next = d->next;

        d->fn(mem, d->user_data);
        free(d);
        d = next;
    }
    for (struct hmmcl_mem_mapping *m = mem->mappings, *next; m; m = next) {
        next = m->next;
        free(m);
    }
    if (mem->owns_storage)
        free(mem->storage);
    if (mem->parent)
        hmmcl_object_put(&mem->parent->obj);
    hmmcl_object_put(&mem->context->obj);
    pthread_mutex_destroy(&mem->lock);
    /* Kernel arguments may still name it (weakly): they free the struct last. */
    hmmcl_object_put_weak(&mem->obj);
}

static cl_mem mem_alloc(cl_context context, cl_mem_flags flags, size_t size)
{
    cl_mem mem = calloc(1, sizeof(*mem));

    if (!mem)
        return NULL;
    if (pthread_mutex_init(&mem->lock, NULL)) {
        free(mem);
        return NULL;
    }
    hmmcl_object_init(&mem->obj, HMMCL_MAGIC_MEM, mem_destroy);
    hmmcl_object_get(&context->obj);
    mem->context = context;
    mem->type = CL_MEM_OBJECT_BUFFER;
    mem->flags = flags;
    mem->size = size;
    atomic_init(&mem->map_count, 0);
    return mem;
}

cl_mem hmmcl_buffer_create(cl_context context, cl_mem_flags flags, size_t size, void *host_ptr,
                           const cl_mem_properties *properties, size_t num_properties, cl_int *err)
{
    cl_mem mem = mem_alloc(context, flags, size);
    struct hmmcl_svm_alloc svm;

    if (!mem) {
        *err = CL_OUT_OF_HOST_MEMORY;
        return NULL;
    }
    if (num_properties > HMMCL_MEM_MAX_PROPERTIES)
        num_properties = HMMCL_MEM_MAX_PROPERTIES;
    if (num_properties)
        memcpy(mem->properties, properties, num_properties * sizeof(*properties));
    mem->num_properties = num_properties;

    if (flags & CL_MEM_USE_HOST_PTR) {
        mem->storage = host_ptr;
        mem->host_ptr = host_ptr;
        mem->uses_svm_pointer = hmmcl_svm_lookup(context, host_ptr, &svm);
    } else {
        /* Round up so that aligned_alloc's size rule holds. */
        size_t bytes = (size + HMMCL_MEM_BASE_ALIGN - 1) & ~(size_t)(HMMCL_MEM_BASE_ALIGN - 1);

        mem->storage = bytes >= size ? aligned_alloc(HMMCL_MEM_BASE_ALIGN, bytes) : NULL;
        if (!mem->storage) {
            /* Nothing owned yet: the destroy path must not free storage. */
            hmmcl_object_put(&mem->obj);
            *err = CL_MEM_OBJECT_ALLOCATION_FAILURE;
            return NULL;
        }
        mem->owns_storage = true;
        if (flags & CL_MEM_COPY_HOST_PTR)
            memcpy(mem->storage, host_ptr, size);
    }
    *err = CL_SUCCESS;
    return mem;
}

cl_mem hmmcl_sub_buffer_create(cl_mem parent, cl_mem_flags flags, size_t origin, size_t size,
                               cl_int *err)
{
    cl_mem mem = mem_alloc(parent->context, flags, size);

    if (!mem) {
        *err = CL_OUT_OF_HOST_MEMORY;
        return NULL;
    }
    hmmcl_object_get(&parent->obj);
    mem->parent = parent;
    mem->offset = origin;
    mem->storage = parent->storage + origin;
    mem->host_ptr = parent->host_ptr ? (char *)parent->host_ptr + origin : NULL;
    mem->uses_svm_pointer = parent->uses_svm_pointer;
    *err = CL_SUCCESS;
    return mem;
}

cl_int hmmcl_mem_add_destructor(cl_mem mem, void(CL_CALLBACK *fn)(cl_mem, void *), void *user_data)
{
    struct hmmcl_mem_destructor *d = malloc(sizeof(*d));

    if (!d)
        return CL_OUT_OF_HOST_MEMORY;
    d->fn = fn;
    d->user_data = user_data;
    pthread_mutex_lock(&mem->lock);
    d->next = mem->destructors;
    mem->destructors = d;
    pthread_mutex_unlock(&mem->lock);
    return CL_SUCCESS;
}

cl_int hmmcl_mem_map_add(cl_mem mem, void *ptr)
{
    struct hmmcl_mem_mapping *m;
    cl_int err = CL_SUCCESS;

    pthread_mutex_lock(&mem->lock);
    for (m = mem->mappings; m; m = m->next)
        if (m->ptr == ptr)
            break;
    if (m) {
        m->count++;
    } else if ((m = malloc(sizeof(*m)))) {
        m->ptr = ptr;
        m->count = 1;
        m->next = mem->mappings;
        mem->mappings = m;
    } else {
        err = CL_OUT_OF_HOST_MEMORY;
    }
    if (err == CL_SUCCESS)
        atomic_fetch_add(&mem->map_count, 1);
    pthread_mutex_unlock(&mem->lock);
    return err;
}

bool hmmcl_mem_map_remove(cl_mem mem, void *ptr)
{
    struct hmmcl_mem_mapping **link, *m;
    bool found = false;

    pthread_mutex_lock(&mem->lock);
    for (link = &mem->mappings; (m = *link); link = &m->next) {
        if (m->ptr != ptr)
            continue;
        if (--m->count == 0) {
            *link = m->next;
            free(m);
        }
        atomic_fetch_sub(&mem->map_count, 1);
        found = true;
        break;
    }
    pthread_mutex_unlock(&mem->lock);
    return found;
}
