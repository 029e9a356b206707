/* SPDX-License-Identifier: MIT */
/*
 * clSVMAlloc bookkeeping. An SVM allocation is plain process memory (every
 * device sees every process address through fine-grained system SVM); the
 * context only remembers base, size and flags of each allocation it made,
 * because clSVMFree, clEnqueueSVMMigrateMem with a zero size and
 * CL_MEM_USES_SVM_POINTER need to find the allocation that contains a
 * pointer. The list lives in context->svm_allocs under context->lock.
 */
#include <stdint.h>
#include <stdlib.h>

#include "core/context.h"
#include "core/memory.h"

static bool contains(const struct hmmcl_svm_alloc *a, const void *ptr)
{
    uintptr_t p = (uintptr_t)ptr, base = (uintptr_t)a->ptr;

    return p >= base && p - base < a->size;
}

bool hmmcl_svm_lookup(cl_context context, const void *ptr, struct hmmcl_svm_alloc *out)
{
    bool found = false;

    if (!ptr)
        return false;
    pthread_mutex_lock(&context->lock);
    for (struct hmmcl_svm_alloc *a = context->svm_allocs; a; a = a->next) {
        if (contains(a, ptr)) {
            if (out) {
                *out = *a;
                out->next = NULL;
            }
            found = true;
            break;
        }
    }
    pthread_mutex_unlock(&context->lock);
    return found;
}

void *hmmcl_svm_alloc(cl_context context, cl_svm_mem_flags flags, size_t size, size_t alignment)
{
    struct hmmcl_svm_alloc *a = malloc(sizeof(*a));
    void *ptr = NULL;

    if (!a)
        return NULL;
    if (alignment < sizeof(void *))
        alignment = sizeof(void *);
    if (posix_memalign(&ptr, alignment, size)) {
        free(a);
        return NULL;
    }
    a->ptr = ptr;
    a->size = size;
    a->flags = flags;
    pthread_mutex_lock(&context->lock);
    a->next = context->svm_allocs;
    context->svm_allocs = a;
    pthread_mutex_unlock(&context->lock);
    return ptr;
}

void hmmcl_svm_free(cl_context context, void *ptr)
{
    struct hmmcl_svm_alloc **link, *a;

    if (!ptr)
        return;
    pthread_mutex_lock(&context->lock);
    for (link = &context->svm_allocs; (a = *link); link = &a->next) {
        if (a->ptr == ptr) {
            *link = a->next;
            break;
        }
    }
    pthread_mutex_unlock(&context->lock);
    /* Not an allocation of this context (undefined per the spec): do nothing. */
    if (!a)
        return;
    free(a->ptr);
    free(a);
}

void hmmcl_svm_context_fini(cl_context context)
{
    struct hmmcl_svm_alloc *a = context->svm_allocs;

    /*
     * Allocations the application never freed belong to the context and go
     * with it: no handle is left through which they could be freed.
     */
    while (a) {
        struct hmmcl_svm_alloc *next = a->next;

        free(a->ptr);
        free(a);
        a = next;
    }
    context->svm_allocs = NULL;
}
