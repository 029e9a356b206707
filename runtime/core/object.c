/* SPDX-License-Identifier: MIT */
#include "core/object.h"

#include <stdlib.h>

#include "icd/dispatch.h"

void hmmcl_object_init(struct hmmcl_object *obj, enum hmmcl_magic magic, hmmcl_destroy_fn destroy)
{
    obj->dispatch = &hmmcl_dispatch;
    obj->magic = magic;
    atomic_init(&obj->refs, 1);
    atomic_init(&obj->api_refs, 1);
    atomic_init(&obj->weak_refs, 1); /* the one all strong references share */
    obj->destroy = destroy;
}

void hmmcl_object_get(struct hmmcl_object *obj)
{
    atomic_fetch_add_explicit(&obj->refs, 1, memory_order_relaxed);
}

void hmmcl_object_put(struct hmmcl_object *obj)
{
    if (atomic_fetch_sub_explicit(&obj->refs, 1, memory_order_acq_rel) == 1) {
        obj->magic = HMMCL_MAGIC_DEAD;
        obj->destroy(obj);
    }
}

bool hmmcl_object_get_unless_dead(struct hmmcl_object *obj)
{
    unsigned int old = atomic_load_explicit(&obj->refs, memory_order_relaxed);

    do {
        if (old == 0)
            return false;
    } while (!atomic_compare_exchange_weak_explicit(&obj->refs, &old, old + 1, memory_order_acquire,
                                                    memory_order_relaxed));
    return true;
}

void hmmcl_object_get_weak(struct hmmcl_object *obj)
{
    atomic_fetch_add_explicit(&obj->weak_refs, 1, memory_order_relaxed);
}

void hmmcl_object_put_weak(struct hmmcl_object *obj)
{
    /* Objects that can be held weakly are single malloc'd blocks starting with their header. */
    if (atomic_fetch_sub_explicit(&obj->weak_refs, 1, memory_order_acq_rel) == 1)
        free(obj);
}

void hmmcl_object_retain(struct hmmcl_object *obj)
{
    atomic_fetch_add_explicit(&obj->api_refs, 1, memory_order_relaxed);
    hmmcl_object_get(obj);
}

bool hmmcl_object_release(struct hmmcl_object *obj)
{
    unsigned int old = atomic_load_explicit(&obj->api_refs, memory_order_relaxed);

    do {
        if (old == 0)
            return false;
    } while (!atomic_compare_exchange_weak_explicit(&obj->api_refs, &old, old - 1,
                                                    memory_order_acq_rel, memory_order_relaxed));
    hmmcl_object_put(obj);
    return true;
}

cl_uint hmmcl_object_api_refs(const struct hmmcl_object *obj)
{
    return atomic_load_explicit(&obj->api_refs, memory_order_relaxed);
}
