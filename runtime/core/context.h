/* SPDX-License-Identifier: MIT */
#ifndef HMMCL_CORE_CONTEXT_H
#define HMMCL_CORE_CONTEXT_H

#include <pthread.h>

#include "core/object.h"

typedef void(CL_CALLBACK *hmmcl_context_notify_fn)(const char *errinfo, const void *private_info,
                                                   size_t cb, void *user_data);

struct hmmcl_context_destructor {
    void(CL_CALLBACK *fn)(cl_context context, void *user_data);
    void *user_data;
    struct hmmcl_context_destructor *next;
};

struct _cl_context {
    struct hmmcl_object obj;
    cl_device_id *devices; /* retained */
    cl_uint num_devices;
    cl_context_properties *properties; /* as given, 0-terminated; NULL if none */
    size_t num_properties;             /* including the terminator; 0 if none */
    hmmcl_context_notify_fn notify;
    void *notify_data;

    pthread_mutex_t lock;
    struct hmmcl_context_destructor *destructors; /* LIFO; protected by @lock */
    struct hmmcl_svm_alloc *svm_allocs;           /* protected by @lock */
};

/*
 * A context of @num_devices valid, distinct @devices (each held), with a copy
 * of @properties (@num_properties entries including the 0 terminator, or 0
 * and NULL for none). One application reference; NULL if out of memory.
 */
cl_context hmmcl_context_create(const cl_device_id *devices, cl_uint num_devices,
                                const cl_context_properties *properties, size_t num_properties,
                                hmmcl_context_notify_fn notify, void *notify_data);

/* Report an error through the context's notify callback, if any. */
void hmmcl_context_notify(cl_context context, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

bool hmmcl_context_has_device(cl_context context, cl_device_id device);

#endif
