/* SPDX-License-Identifier: MIT */
/*
 * Every OpenCL handle handed to the application points at a struct that
 * starts with struct hmmcl_object: the ICD dispatch pointer first (the
 * loader reads it), then a per-type magic so that a handle of the wrong type,
 * or a released one, gets the error code of the expected type instead of a
 * crash.
 *
 * Reference counting: @refs keeps the memory alive and counts every holder;
 * @api_refs counts only the application's clRetain/clRelease references and
 * is what CL_*_REFERENCE_COUNT reports. Internal holders (an event holds its
 * queue, a buffer its context) take only @refs.
 *
 * Weak references (@weak_refs) keep only the struct, not the object: a
 * kernel argument names a buffer without keeping it alive, as the
 * specification's reference counting wants (a released buffer is deleted
 * once the commands using it are done, whatever kernels still name it).
 * All strong references together hold one weak reference, so when @refs
 * reaches zero the object is destroyed (magic DEAD, contents freed,
 * destructor callbacks run) and the struct itself is freed when the last
 * weak reference goes. A weak holder turns its reference into a strong one
 * with hmmcl_object_get_unless_dead(). Only types whose destroy function
 * ends in hmmcl_object_put_weak() (cl_mem) may be held weakly.
 */
#ifndef HMMCL_CORE_OBJECT_H
#define HMMCL_CORE_OBJECT_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "util/cl.h"

enum hmmcl_magic {
    HMMCL_MAGIC_PLATFORM = 0x504c4154, /* "PLAT" */
    HMMCL_MAGIC_DEVICE = 0x44455643,
    HMMCL_MAGIC_CONTEXT = 0x43545854,
    HMMCL_MAGIC_QUEUE = 0x51554555,
    HMMCL_MAGIC_EVENT = 0x45564e54,
    HMMCL_MAGIC_MEM = 0x4d454d4f,
    HMMCL_MAGIC_PROGRAM = 0x50524f47,
    HMMCL_MAGIC_KERNEL = 0x4b524e4c,
    HMMCL_MAGIC_SAMPLER = 0x534d504c,
    HMMCL_MAGIC_DEAD = 0x44454144,
};

struct hmmcl_object;
typedef void (*hmmcl_destroy_fn)(struct hmmcl_object *obj);

struct hmmcl_object {
    const struct _cl_icd_dispatch *dispatch; /* must stay first: ICD ABI */
    uint32_t magic;
    atomic_uint refs;
    atomic_uint api_refs;
    atomic_uint weak_refs;
    hmmcl_destroy_fn destroy;
};

void hmmcl_object_init(struct hmmcl_object *obj, enum hmmcl_magic magic, hmmcl_destroy_fn destroy);

/*
 * True if @handle is an object of type @magic that the application still
 * holds. NULL is never valid, and neither is a handle whose last application
 * reference is gone even if the runtime still holds it internally.
 */
static inline bool hmmcl_object_is(const void *handle, enum hmmcl_magic magic)
{
    const struct hmmcl_object *obj = handle;

    return obj && obj->magic == (uint32_t)magic &&
           atomic_load_explicit(&obj->api_refs, memory_order_relaxed) > 0;
}

/* Internal references: keep the object alive. */
void hmmcl_object_get(struct hmmcl_object *obj);
void hmmcl_object_put(struct hmmcl_object *obj);

/* A strong reference from a weak one; false (and none taken) if the object is destroyed. */
bool hmmcl_object_get_unless_dead(struct hmmcl_object *obj);

/* Weak references: keep the struct (its magic reads DEAD once destroyed). */
void hmmcl_object_get_weak(struct hmmcl_object *obj);
void hmmcl_object_put_weak(struct hmmcl_object *obj);

/*
 * Application references (clRetainX/clReleaseX). Release returns false if the
 * application held no reference (the caller reports the invalid handle); the
 * object may be gone when it returns true.
 */
void hmmcl_object_retain(struct hmmcl_object *obj);
bool hmmcl_object_release(struct hmmcl_object *obj);
cl_uint hmmcl_object_api_refs(const struct hmmcl_object *obj);

#define HMMCL_OBJ(p) (&(p)->obj)

#endif
