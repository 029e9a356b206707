/* SPDX-License-Identifier: MIT */
/* Command queue entry points. */
#include "core/context.h"
#include "core/device.h"
#include "core/queue.h"
#include "util/info.h"
#include "util/log.h"

#define QUEUE_PROPS_SUPPORTED (CL_QUEUE_OUT_OF_ORDER_EXEC_MODE_ENABLE | CL_QUEUE_PROFILING_ENABLE)
#define QUEUE_PROPS_KNOWN     (QUEUE_PROPS_SUPPORTED | CL_QUEUE_ON_DEVICE | CL_QUEUE_ON_DEVICE_DEFAULT)

static cl_command_queue create_queue(cl_context context, cl_device_id device,
                                     cl_command_queue_properties props,
                                     const cl_queue_properties *properties, size_t num_properties,
                                     cl_int *errcode_ret)
{
    cl_command_queue queue = NULL;
    cl_int err;

    /* "CL_INVALID_CONTEXT if context is not a valid context." */
    if (!hmmcl_object_is(context, HMMCL_MAGIC_CONTEXT))
        HMMCL_FAIL(CL_INVALID_CONTEXT, "not a context");
    /* "CL_INVALID_DEVICE if device is not a valid device or is not associated with context." */
    if (!hmmcl_device_valid(device) || !hmmcl_context_has_device(context, device))
        HMMCL_FAIL(CL_INVALID_DEVICE, "device not in context");
    /* "CL_INVALID_VALUE if values specified in properties are not valid." */
    if (props & ~(cl_command_queue_properties)QUEUE_PROPS_KNOWN)
        HMMCL_FAIL(CL_INVALID_VALUE, "unknown queue property bits 0x%llx",
                   (unsigned long long)props);
    if ((props & CL_QUEUE_ON_DEVICE_DEFAULT) && !(props & CL_QUEUE_ON_DEVICE))
        HMMCL_FAIL(CL_INVALID_VALUE, "CL_QUEUE_ON_DEVICE_DEFAULT without CL_QUEUE_ON_DEVICE");
    if ((props & CL_QUEUE_ON_DEVICE) && !(props & CL_QUEUE_OUT_OF_ORDER_EXEC_MODE_ENABLE))
        HMMCL_FAIL(CL_INVALID_VALUE, "CL_QUEUE_ON_DEVICE requires out-of-order execution");
    /* "CL_INVALID_QUEUE_PROPERTIES if values specified in properties are valid but are not
     * supported by the device." No device supports device-side enqueue. */
    if (props & ~(cl_command_queue_properties)QUEUE_PROPS_SUPPORTED)
        HMMCL_FAIL(CL_INVALID_QUEUE_PROPERTIES, "on-device queues are not supported");

    queue = hmmcl_queue_create(context, device, props, properties, num_properties);
    if (!queue)
        HMMCL_FAIL(CL_OUT_OF_HOST_MEMORY, "queue allocation");
    err = CL_SUCCESS;
error:
    hmmcl_set_errcode(errcode_ret, err);
    return queue;
}

CL_API_ENTRY cl_command_queue CL_API_CALL
clCreateCommandQueueWithProperties(cl_context context, cl_device_id device,
                                   const cl_queue_properties *properties, cl_int *errcode_ret)
{
    cl_command_queue_properties props = 0;
    bool seen_props = false, seen_size = false;
    size_t n = 0;
    cl_int err;

    if (properties) {
        for (n = 0; properties[n]; n += 2) {
            if (n + 2 >= HMMCL_QUEUE_MAX_PROPERTIES)
                HMMCL_FAIL(CL_INVALID_VALUE, "too many queue properties");
            switch (properties[n]) {
            case CL_QUEUE_PROPERTIES:
                if (seen_props)
                    HMMCL_FAIL(CL_INVALID_VALUE, "CL_QUEUE_PROPERTIES given twice");
                seen_props = true;
                props = (cl_command_queue_properties)properties[n + 1];
                break;
            case CL_QUEUE_SIZE:
                if (seen_size)
                    HMMCL_FAIL(CL_INVALID_VALUE, "CL_QUEUE_SIZE given twice");
                seen_size = true;
                break;
            default:
                /* "CL_INVALID_VALUE if values specified in properties are not valid." */
                HMMCL_FAIL(CL_INVALID_VALUE, "unknown queue property 0x%llx",
                           (unsigned long long)properties[n]);
            }
        }
        n++; /* the terminator */
    }
    /* CL_QUEUE_SIZE "can only be specified if CL_QUEUE_ON_DEVICE is set". Checked after the
     * context and device so those errors take precedence, as for every other property. */
    if (seen_size && !(props & CL_QUEUE_ON_DEVICE)) {
        if (!hmmcl_object_is(context, HMMCL_MAGIC_CONTEXT))
            HMMCL_FAIL(CL_INVALID_CONTEXT, "not a context");
        if (!hmmcl_device_valid(device) || !hmmcl_context_has_device(context, device))
            HMMCL_FAIL(CL_INVALID_DEVICE, "device not in context");
        HMMCL_FAIL(CL_INVALID_VALUE, "CL_QUEUE_SIZE without CL_QUEUE_ON_DEVICE");
    }
    return create_queue(context, device, props, properties, n, errcode_ret);

error:
    hmmcl_set_errcode(errcode_ret, err);
    return NULL;
}

CL_API_ENTRY cl_command_queue CL_API_CALL clCreateCommandQueue(cl_context context,
                                                               cl_device_id device,
                                                               cl_command_queue_properties props,
                                                               cl_int *errcode_ret)
{
    /* The 1.x call knows no on-device queues: those bits are simply invalid here. */
    if (props & (CL_QUEUE_ON_DEVICE | CL_QUEUE_ON_DEVICE_DEFAULT)) {
        cl_int err;

        if (!hmmcl_object_is(context, HMMCL_MAGIC_CONTEXT))
            HMMCL_FAIL(CL_INVALID_CONTEXT, "not a context");
        if (!hmmcl_device_valid(device) || !hmmcl_context_has_device(context, device))
            HMMCL_FAIL(CL_INVALID_DEVICE, "device not in context");
        HMMCL_FAIL(CL_INVALID_VALUE, "on-device queue bits in clCreateCommandQueue");
    error:
        hmmcl_set_errcode(errcode_ret, err);
        return NULL;
    }
    return create_queue(context, device, props, NULL, 0, errcode_ret);
}

CL_API_ENTRY cl_int CL_API_CALL clRetainCommandQueue(cl_command_queue queue)
{
    if (!hmmcl_object_is(queue, HMMCL_MAGIC_QUEUE))
        HMMCL_RETURN_ERROR(CL_INVALID_COMMAND_QUEUE, "not a command queue");
    hmmcl_object_retain(&queue->obj);
    return CL_SUCCESS;
}

CL_API_ENTRY cl_int CL_API_CALL clReleaseCommandQueue(cl_command_queue queue)
{
    /* Release flushes implicitly; commands are submitted when enqueued, so there is nothing
     * left to flush, and the queue object lives on until its last command completes. */
    if (!hmmcl_object_is(queue, HMMCL_MAGIC_QUEUE) || !hmmcl_object_release(&queue->obj))
        HMMCL_RETURN_ERROR(CL_INVALID_COMMAND_QUEUE, "not a command queue");
    return CL_SUCCESS;
}

CL_API_ENTRY cl_int CL_API_CALL clGetCommandQueueInfo(cl_command_queue queue,
                                                      cl_command_queue_info param_name,
                                                      size_t param_value_size, void *param_value,
                                                      size_t *param_value_size_ret)
{
    struct hmmcl_info info = {param_value_size, param_value, param_value_size_ret};
    cl_int err;

    if (!hmmcl_object_is(queue, HMMCL_MAGIC_QUEUE))
        HMMCL_RETURN_ERROR(CL_INVALID_COMMAND_QUEUE, "not a command queue");
    switch (param_name) {
    case CL_QUEUE_CONTEXT:
        err = hmmcl_info_ptr(&info, queue->context);
        break;
    case CL_QUEUE_DEVICE:
        err = hmmcl_info_ptr(&info, queue->device);
        break;
    case CL_QUEUE_REFERENCE_COUNT:
        err = hmmcl_info_uint(&info, hmmcl_object_api_refs(&queue->obj));
        break;
    case CL_QUEUE_PROPERTIES:
        err = hmmcl_info_bitfield(&info, queue->props);
        break;
    case CL_QUEUE_PROPERTIES_ARRAY:
        err = hmmcl_info_bytes(&info, queue->properties,
                               queue->num_properties * sizeof(queue->properties[0]));
        break;
    case CL_QUEUE_SIZE:
        /* "CL_INVALID_COMMAND_QUEUE if param_name is CL_QUEUE_SIZE and command_queue is not
         * a valid device command-queue" (there are none). */
        HMMCL_RETURN_ERROR(CL_INVALID_COMMAND_QUEUE, "CL_QUEUE_SIZE of a host queue");
    case CL_QUEUE_DEVICE_DEFAULT:
        /* No device-side enqueue: there is no default device queue. */
        err = hmmcl_info_ptr(&info, NULL);
        break;
    default:
        HMMCL_RETURN_ERROR(CL_INVALID_VALUE, "unknown param_name 0x%x", param_name);
    }
    if (err)
        HMMCL_RETURN_ERROR(err, "param_value_size %zu too small", param_value_size);
    return CL_SUCCESS;
}

CL_API_ENTRY cl_int CL_API_CALL clSetCommandQueueProperty(cl_command_queue queue,
                                                          cl_command_queue_properties properties,
                                                          cl_bool enable,
                                                          cl_command_queue_properties *old)
{
    if (!hmmcl_object_is(queue, HMMCL_MAGIC_QUEUE))
        HMMCL_RETURN_ERROR(CL_INVALID_COMMAND_QUEUE, "not a command queue");
    if (properties & ~(cl_command_queue_properties)QUEUE_PROPS_KNOWN)
        HMMCL_RETURN_ERROR(CL_INVALID_VALUE, "unknown queue property bits");
    /* Deprecated since OpenCL 1.1; queue properties are fixed at creation in hmmcl. */
    HMMCL_RETURN_ERROR(CL_INVALID_OPERATION, "queue properties cannot be changed");
}

CL_API_ENTRY cl_int CL_API_CALL clSetDefaultDeviceCommandQueue(cl_context context,
                                                               cl_device_id device,
                                                               cl_command_queue queue)
{
    if (!hmmcl_object_is(context, HMMCL_MAGIC_CONTEXT))
        HMMCL_RETURN_ERROR(CL_INVALID_CONTEXT, "not a context");
    if (!hmmcl_device_valid(device) || !hmmcl_context_has_device(context, device))
        HMMCL_RETURN_ERROR(CL_INVALID_DEVICE, "device not in context");
    /* "CL_INVALID_OPERATION if device does not support a replaceable default on-device queue" */
    HMMCL_RETURN_ERROR(CL_INVALID_OPERATION, "no device supports on-device queues");
}

CL_API_ENTRY cl_int CL_API_CALL clFlush(cl_command_queue queue)
{
    if (!hmmcl_object_is(queue, HMMCL_MAGIC_QUEUE))
        HMMCL_RETURN_ERROR(CL_INVALID_COMMAND_QUEUE, "not a command queue");
    /* Commands are submitted when enqueued (DOC: command queues). */
    return CL_SUCCESS;
}

CL_API_ENTRY cl_int CL_API_CALL clFinish(cl_command_queue queue)
{
    if (!hmmcl_object_is(queue, HMMCL_MAGIC_QUEUE))
        HMMCL_RETURN_ERROR(CL_INVALID_COMMAND_QUEUE, "not a command queue");
    hmmcl_queue_finish(queue);
    return CL_SUCCESS;
}
