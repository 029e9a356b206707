/* SPDX-License-Identifier: MIT */
/* Context entry points: creation, reference counting, queries, destructor callbacks. */
#include <stdlib.h>

#include "core/context.h"
#include "core/device.h"
#include "core/platform.h"
#include "util/info.h"
#include "util/log.h"

/*
 * Check a context property list; on success *@count is its length including
 * the terminator (0 for a NULL list).
 */
static cl_int check_properties(const cl_context_properties *properties, size_t *count)
{
    bool seen_platform = false, seen_sync = false;
    size_t i = 0;

    *count = 0;
    if (!properties)
        return CL_SUCCESS;
    for (; properties[i]; i += 2) {
        cl_context_properties value = properties[i + 1];

        switch (properties[i]) {
        case CL_CONTEXT_PLATFORM:
            /* CL_INVALID_PROPERTY if the same property name is specified more than once. */
            if (seen_platform)
                HMMCL_RETURN_ERROR(CL_INVALID_PROPERTY, "CL_CONTEXT_PLATFORM given twice");
            seen_platform = true;
            /* CL_INVALID_PLATFORM if platform value specified in properties is not a valid
             * platform. */
            if ((cl_platform_id)value != hmmcl_platform_get())
                HMMCL_RETURN_ERROR(CL_INVALID_PLATFORM, "%p is not hmmcl's platform",
                                   (void *)value);
            break;
        case CL_CONTEXT_INTEROP_USER_SYNC:
            if (seen_sync)
                HMMCL_RETURN_ERROR(CL_INVALID_PROPERTY, "CL_CONTEXT_INTEROP_USER_SYNC given twice");
            seen_sync = true;
            /* CL_INVALID_PROPERTY if the value specified for a supported property name is not
             * valid. */
            if (value != CL_TRUE && value != CL_FALSE)
                HMMCL_RETURN_ERROR(CL_INVALID_PROPERTY, "CL_CONTEXT_INTEROP_USER_SYNC value %ld",
                                   (long)value);
            break;
        default:
            /* CL_INVALID_PROPERTY if context property name in properties is not a supported
             * property name. */
            HMMCL_RETURN_ERROR(CL_INVALID_PROPERTY, "unknown property 0x%lx",
                               (unsigned long)properties[i]);
        }
    }
    *count = i + 1;
    return CL_SUCCESS;
}

/* The devices with duplicates dropped ("duplicate devices ... are ignored"). */
static cl_uint unique_devices(const cl_device_id *devices, cl_uint num, cl_device_id *out)
{
    cl_uint n = 0;

    for (cl_uint i = 0; i < num; i++) {
        cl_uint j = 0;

        while (j < n && out[j] != devices[i])
            j++;
        if (j == n)
            out[n++] = devices[i];
    }
    return n;
}

CL_API_ENTRY cl_context CL_API_CALL clCreateContext(
    const cl_context_properties *properties, cl_uint num_devices, const cl_device_id *devices,
    void(CL_CALLBACK *pfn_notify)(const char *errinfo, const void *private_info, size_t cb,
                                  void *user_data),
    void *user_data, cl_int *errcode_ret)
{
    cl_context ctx = NULL;
    cl_device_id *unique = NULL;
    size_t num_properties;
    cl_uint n;
    cl_int err;

    err = check_properties(properties, &num_properties);
    if (err)
        goto error;
    /* CL_INVALID_VALUE if devices is NULL. */
    if (!devices)
        HMMCL_FAIL(CL_INVALID_VALUE, "devices is NULL");
    /* CL_INVALID_VALUE if num_devices is equal to zero. */
    if (!num_devices)
        HMMCL_FAIL(CL_INVALID_VALUE, "num_devices is 0");
    /* CL_INVALID_VALUE if pfn_notify is NULL but user_data is not NULL. */
    if (!pfn_notify && user_data)
        HMMCL_FAIL(CL_INVALID_VALUE, "user_data without pfn_notify");
    /* CL_INVALID_DEVICE if any device in devices is not a valid device. */
    for (cl_uint i = 0; i < num_devices; i++) {
        if (!hmmcl_device_valid(devices[i]))
            HMMCL_FAIL(CL_INVALID_DEVICE, "devices[%u] = %p is not a device", i,
                       (void *)devices[i]);
    }

    unique = malloc(num_devices * sizeof(*unique));
    if (!unique)
        HMMCL_FAIL(CL_OUT_OF_HOST_MEMORY, "device list");
    n = unique_devices(devices, num_devices, unique);
    ctx = hmmcl_context_create(unique, n, properties, num_properties, pfn_notify, user_data);
    free(unique);
    if (!ctx)
        HMMCL_FAIL(CL_OUT_OF_HOST_MEMORY, "context");
    hmmcl_set_errcode(errcode_ret, CL_SUCCESS);
    return ctx;

error:
    hmmcl_set_errcode(errcode_ret, err);
    return NULL;
}

CL_API_ENTRY cl_context CL_API_CALL
clCreateContextFromType(const cl_context_properties *properties, cl_device_type device_type,
                        void(CL_CALLBACK *pfn_notify)(const char *errinfo, const void *private_info,
                                                      size_t cb, void *user_data),
                        void *user_data, cl_int *errcode_ret)
{
    cl_platform_id platform = hmmcl_platform_get();
    cl_device_id *devices = NULL;
    cl_context ctx = NULL;
    size_t num_properties;
    cl_uint n = 0;
    cl_int err;

    err = check_properties(properties, &num_properties);
    if (err)
        goto error;
    /* CL_INVALID_VALUE if pfn_notify is NULL but user_data is not NULL. */
    if (!pfn_notify && user_data)
        HMMCL_FAIL(CL_INVALID_VALUE, "user_data without pfn_notify");
    /*
     * CL_INVALID_DEVICE_TYPE if device_type is not a valid value;
     * CL_DEVICE_NOT_FOUND if no devices that match device_type and property
     * values specified in properties were found: clGetDeviceIDs decides both.
     */
    err = clGetDeviceIDs(platform, device_type, 0, NULL, &n);
    if (err)
        goto error;
    devices = malloc(n * sizeof(*devices));
    if (!devices)
        HMMCL_FAIL(CL_OUT_OF_HOST_MEMORY, "device list");
    err = clGetDeviceIDs(platform, device_type, n, devices, NULL);
    if (err)
        goto error;
    ctx = hmmcl_context_create(devices, n, properties, num_properties, pfn_notify, user_data);
    if (!ctx)
        HMMCL_FAIL(CL_OUT_OF_HOST_MEMORY, "context");
    free(devices);
    hmmcl_set_errcode(errcode_ret, CL_SUCCESS);
    return ctx;

error:
    free(devices);
    hmmcl_set_errcode(errcode_ret, err);
    return NULL;
}

CL_API_ENTRY cl_int CL_API_CALL clRetainContext(cl_context context)
{
    /* CL_INVALID_CONTEXT if context is not a valid OpenCL context. */
    if (!hmmcl_object_is(context, HMMCL_MAGIC_CONTEXT))
        HMMCL_RETURN_ERROR(CL_INVALID_CONTEXT, "%p is not a context", (void *)context);
    hmmcl_object_retain(&context->obj);
    return CL_SUCCESS;
}

CL_API_ENTRY cl_int CL_API_CALL clReleaseContext(cl_context context)
{
    /* CL_INVALID_CONTEXT if context is not a valid OpenCL context. */
    if (!hmmcl_object_is(context, HMMCL_MAGIC_CONTEXT) || !hmmcl_object_release(&context->obj))
        HMMCL_RETURN_ERROR(CL_INVALID_CONTEXT, "%p is not a context", (void *)context);
    return CL_SUCCESS;
}

CL_API_ENTRY cl_int CL_API_CALL clGetContextInfo(cl_context context, cl_context_info param_name,
                                                 size_t param_value_size, void *param_value,
                                                 size_t *param_value_size_ret)
{
    struct hmmcl_info info = {param_value_size, param_value, param_value_size_ret};
    cl_int err;

    /* CL_INVALID_CONTEXT if context is not a valid context. */
    if (!hmmcl_object_is(context, HMMCL_MAGIC_CONTEXT))
        HMMCL_FAIL(CL_INVALID_CONTEXT, "%p is not a context", (void *)context);

    switch (param_name) {
    case CL_CONTEXT_REFERENCE_COUNT:
        err = hmmcl_info_uint(&info, hmmcl_object_api_refs(&context->obj));
        break;
    case CL_CONTEXT_NUM_DEVICES:
        err = hmmcl_info_uint(&info, context->num_devices);
        break;
    case CL_CONTEXT_DEVICES:
        err = hmmcl_info_bytes(&info, context->devices,
                               context->num_devices * sizeof(context->devices[0]));
        break;
    case CL_CONTEXT_PROPERTIES:
        /* As given at creation; nothing (size 0) if the list was NULL. */
        err = hmmcl_info_bytes(&info, context->properties,
                               context->num_properties * sizeof(context->properties[0]));
        break;
    default:
        /* CL_INVALID_VALUE if param_name is not one of the supported values. */
        HMMCL_FAIL(CL_INVALID_VALUE, "unknown param_name 0x%x", param_name);
    }
    /* CL_INVALID_VALUE if param_value_size is less than the size of the return type. */
    if (err)
        HMMCL_FAIL(err, "param 0x%x: param_value_size %zu too small", param_name, param_value_size);
    return CL_SUCCESS;

error:
    return err;
}

CL_API_ENTRY cl_int CL_API_CALL clSetContextDestructorCallback(
    cl_context context, void(CL_CALLBACK *pfn_notify)(cl_context context, void *user_data),
    void *user_data)
{
    struct hmmcl_context_destructor *d;

    /* CL_INVALID_CONTEXT if context is not a valid OpenCL context. */
    if (!hmmcl_object_is(context, HMMCL_MAGIC_CONTEXT))
        HMMCL_RETURN_ERROR(CL_INVALID_CONTEXT, "%p is not a context", (void *)context);
    /* CL_INVALID_VALUE if pfn_notify is NULL. */
    if (!pfn_notify)
        HMMCL_RETURN_ERROR(CL_INVALID_VALUE, "pfn_notify is NULL");
    d = malloc(sizeof(*d));
    if (!d)
        HMMCL_RETURN_ERROR(CL_OUT_OF_HOST_MEMORY, "destructor callback");
    d->fn = pfn_notify;
    d->user_data = user_data;
    /* Pushed on the front: the destroy path runs the list head first (LIFO). */
    pthread_mutex_lock(&context->lock);
    d->next = context->destructors;
    context->destructors = d;
    pthread_mutex_unlock(&context->lock);
    return CL_SUCCESS;
}
