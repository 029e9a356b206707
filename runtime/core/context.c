/* SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/context.h"
#include "core/device.h"
#include "core/memory.h"

/*
 * The last reference is gone: the destructor callbacks run first, most
 * recently registered first (clSetContextDestructorCallback), while the
 * context's resources still exist; then the SVM bookkeeping and the rest go.
 */
static void context_destroy(struct hmmcl_object *obj)
{
    cl_context ctx = (cl_context)obj;
    struct hmmcl_context_destructor *d = ctx->destructors;

    ctx->destructors = NULL;
    while (d) {
        struct hmmcl_context_destructor *next = d->next;

        d->fn(ctx, d->user_data);
        free(d);
        d = next;
    }

    /* The context's clSVMAlloc bookkeeping (core/svm.c). */
    hmmcl_svm_context_fini(ctx);

    for (cl_uint i = 0; i < ctx->num_devices; i++)
        hmmcl_object_put(&ctx->devices[i]->obj);
    free(ctx->devices);
    free(ctx->properties);
    pthread_mutex_destroy(&ctx->lock);
    free(ctx);
}

cl_context hmmcl_context_create(const cl_device_id *devices, cl_uint num_devices,
                                const cl_context_properties *properties, size_t num_properties,
                                hmmcl_context_notify_fn notify, void *notify_data)
{
    cl_context ctx = calloc(1, sizeof(*ctx));

    if (!ctx)
        return NULL;
    ctx->devices = malloc(num_devices * sizeof(*ctx->devices));
    if (!ctx->devices)
        goto err_ctx;
    if (num_properties) {
        ctx->properties = malloc(num_properties * sizeof(*ctx->properties));
        if (!ctx->properties)
            goto err_devices;
        memcpy(ctx->properties, properties, num_properties * sizeof(*ctx->properties));
        ctx->num_properties = num_properties;
    }
    if (pthread_mutex_init(&ctx->lock, NULL))
        goto err_properties;

    for (cl_uint i = 0; i < num_devices; i++) {
        hmmcl_object_get(&devices[i]->obj);
        ctx->devices[i] = devices[i];
    }
    ctx->num_devices = num_devices;
    ctx->notify = notify;
    ctx->notify_data = notify_data;
    hmmcl_object_init(&ctx->obj, HMMCL_MAGIC_CONTEXT, context_destroy);
    return ctx;

err_properties:
    free(ctx->properties);
err_devices:
    free(ctx->devices);
err_ctx:
    free(ctx);
    return NULL;
}

void hmmcl_context_notify(cl_context context, const char *fmt, ...)
{
    char msg[512];
    va_list ap;

    if (!context->notify)
        return;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    context->notify(msg, NULL, 0, context->notify_data);
}

bool hmmcl_context_has_device(cl_context context, cl_device_id device)
{
    for (cl_uint i = 0; i < context->num_devices; i++) {
        if (context->devices[i] == device)
            return true;
    }
    return false;
}
