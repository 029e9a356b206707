/* SPDX-License-Identifier: MIT */
/* Event, marker, barrier and native-kernel entry points. */
#include <stdlib.h>
#include <string.h>

#include "core/context.h"
#include "core/device.h"
#include "core/event.h"
#include "core/memory.h"
#include "core/queue.h"
#include "util/info.h"
#include "util/log.h"

CL_API_ENTRY cl_int CL_API_CALL clWaitForEvents(cl_uint num_events, const cl_event *event_list)
{
    cl_int err = CL_SUCCESS;

    /* "CL_INVALID_VALUE if num_events is zero or event_list is NULL." */
    if (!num_events || !event_list)
        HMMCL_RETURN_ERROR(CL_INVALID_VALUE, "empty event list");
    /* "CL_INVALID_EVENT if event objects specified in event_list are not valid event objects." */
    for (cl_uint i = 0; i < num_events; i++) {
        if (!hmmcl_object_is(event_list[i], HMMCL_MAGIC_EVENT))
            HMMCL_RETURN_ERROR(CL_INVALID_EVENT, "event_list[%u] is not an event", i);
    }
    /* "CL_INVALID_CONTEXT if events specified in event_list do not belong to the same context." */
    for (cl_uint i = 1; i < num_events; i++) {
        if (event_list[i]->context != event_list[0]->context)
            HMMCL_RETURN_ERROR(CL_INVALID_CONTEXT, "event_list[%u] is from another context", i);
    }
    /* "CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST if the execution status of any of the events
     * in event_list is a negative integer value." Wait for all of them regardless. */
    for (cl_uint i = 0; i < num_events; i++) {
        if (hmmcl_event_wait(event_list[i]) < 0)
            err = CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST;
    }
    if (err)
        HMMCL_RETURN_ERROR(err, "an event in the list failed");
    return CL_SUCCESS;
}

CL_API_ENTRY cl_int CL_API_CALL clGetEventInfo(cl_event event, cl_event_info param_name,
                                               size_t param_value_size, void *param_value,
                                               size_t *param_value_size_ret)
{
    struct hmmcl_info info = {param_value_size, param_value, param_value_size_ret};
    cl_int err;

    if (!hmmcl_object_is(event, HMMCL_MAGIC_EVENT))
        HMMCL_RETURN_ERROR(CL_INVALID_EVENT, "not an event");
    switch (param_name) {
    case CL_EVENT_COMMAND_QUEUE:
        err = hmmcl_info_ptr(&info, event->queue);
        break;
    case CL_EVENT_CONTEXT:
        err = hmmcl_info_ptr(&info, event->context);
        break;
    case CL_EVENT_COMMAND_TYPE:
        err = hmmcl_info_uint(&info, event->type);
        break;
    case CL_EVENT_COMMAND_EXECUTION_STATUS:
        err = hmmcl_info_int(&info, hmmcl_event_status(event));
        break;
    case CL_EVENT_REFERENCE_COUNT:
        err = hmmcl_info_uint(&info, hmmcl_object_api_refs(&event->obj));
        break;
    default:
        HMMCL_RETURN_ERROR(CL_INVALID_VALUE, "unknown param_name 0x%x", param_name);
    }
    if (err)
        HMMCL_RETURN_ERROR(err, "param_value_size %zu too small", param_value_size);
    return CL_SUCCESS;
}

CL_API_ENTRY cl_int CL_API_CALL clRetainEvent(cl_event event)
{
    if (!hmmcl_object_is(event, HMMCL_MAGIC_EVENT))
        HMMCL_RETURN_ERROR(CL_INVALID_EVENT, "not an event");
    hmmcl_object_retain(&event->obj);
    return CL_SUCCESS;
}

CL_API_ENTRY cl_int CL_API_CALL clReleaseEvent(cl_event event)
{
    if (!hmmcl_object_is(event, HMMCL_MAGIC_EVENT) || !hmmcl_object_release(&event->obj))
        HMMCL_RETURN_ERROR(CL_INVALID_EVENT, "not an event");
    return CL_SUCCESS;
}

CL_API_ENTRY cl_int CL_API_CALL clGetEventProfilingInfo(cl_event event,
                                                        cl_profiling_info param_name,
                                                        size_t param_value_size, void *param_value,
                                                        size_t *param_value_size_ret)
{
    struct hmmcl_info info = {param_value_size, param_value, param_value_size_ret};
    cl_ulong t;
    cl_int err;

    if (!hmmcl_object_is(event, HMMCL_MAGIC_EVENT))
        HMMCL_RETURN_ERROR(CL_INVALID_EVENT, "not an event");
    /* "CL_PROFILING_INFO_NOT_AVAILABLE if the CL_QUEUE_PROFILING_ENABLE flag is not set for the
     * command-queue, if the execution status of the command identified by event is not
     * CL_COMPLETE or if event is a user event object." */
    if (!event->queue)
        HMMCL_RETURN_ERROR(CL_PROFILING_INFO_NOT_AVAILABLE, "user event");
    if (!(event->queue->props & CL_QUEUE_PROFILING_ENABLE))
        HMMCL_RETURN_ERROR(CL_PROFILING_INFO_NOT_AVAILABLE, "queue without profiling");
    if (hmmcl_event_status(event) != CL_COMPLETE)
        HMMCL_RETURN_ERROR(CL_PROFILING_INFO_NOT_AVAILABLE, "command not complete");
    switch (param_name) {
    case CL_PROFILING_COMMAND_QUEUED:
        t = event->t_queued;
        break;
    case CL_PROFILING_COMMAND_SUBMIT:
        t = event->t_submit;
        break;
    case CL_PROFILING_COMMAND_START:
        t = event->t_start;
        break;
    case CL_PROFILING_COMMAND_END:
        t = event->t_end;
        break;
    case CL_PROFILING_COMMAND_COMPLETE:
        t = event->t_complete;
        break;
    default:
        HMMCL_RETURN_ERROR(CL_INVALID_VALUE, "unknown param_name 0x%x", param_name);
    }
    err = hmmcl_info_ulong(&info, t);
    if (err)
        HMMCL_RETURN_ERROR(err, "param_value_size %zu too small", param_value_size);
    return CL_SUCCESS;
}

CL_API_ENTRY cl_int CL_API_CALL
clSetEventCallback(cl_event event, cl_int command_exec_callback_type,
                   void(CL_CALLBACK *pfn_notify)(cl_event, cl_int, void *), void *user_data)
{
    if (!hmmcl_object_is(event, HMMCL_MAGIC_EVENT))
        HMMCL_RETURN_ERROR(CL_INVALID_EVENT, "not an event");
    /* "CL_INVALID_VALUE if pfn_event_notify is NULL or if command_exec_callback_type is not
     * CL_SUBMITTED, CL_RUNNING, or CL_COMPLETE." */
    if (!pfn_notify)
        HMMCL_RETURN_ERROR(CL_INVALID_VALUE, "pfn_notify is NULL");
    if (command_exec_callback_type != CL_SUBMITTED && command_exec_callback_type != CL_RUNNING &&
        command_exec_callback_type != CL_COMPLETE)
        HMMCL_RETURN_ERROR(CL_INVALID_VALUE, "callback type %d", command_exec_callback_type);
    return hmmcl_event_add_callback(event, command_exec_callback_type, pfn_notify, user_data);
}

CL_API_ENTRY cl_event CL_API_CALL clCreateUserEvent(cl_context context, cl_int *errcode_ret)
{
    cl_event event = NULL;
    cl_int err;

    if (!hmmcl_object_is(context, HMMCL_MAGIC_CONTEXT))
        HMMCL_FAIL(CL_INVALID_CONTEXT, "not a context");
    event = hmmcl_event_create(context, NULL, CL_COMMAND_USER);
    if (!event)
        HMMCL_FAIL(CL_OUT_OF_HOST_MEMORY, "event allocation");
    err = CL_SUCCESS;
error:
    hmmcl_set_errcode(errcode_ret, err);
    return event;
}

CL_API_ENTRY cl_int CL_API_CALL clSetUserEventStatus(cl_event event, cl_int execution_status)
{
    /* "CL_INVALID_EVENT if event is not a valid user event object." */
    if (!hmmcl_object_is(event, HMMCL_MAGIC_EVENT) || event->queue)
        HMMCL_RETURN_ERROR(CL_INVALID_EVENT, "not a user event");
    /* "CL_INVALID_VALUE if the execution_status is not CL_COMPLETE or a negative integer." */
    if (execution_status > CL_COMPLETE)
        HMMCL_RETURN_ERROR(CL_INVALID_VALUE, "execution_status %d", execution_status);
    /* "CL_INVALID_OPERATION if the execution_status for event has already been changed by a
     * previous call to clSetUserEventStatus." Decided under the event lock via the status. */
    pthread_mutex_lock(&event->lock);
    bool already = hmmcl_event_status(event) <= CL_COMPLETE;
    pthread_mutex_unlock(&event->lock);
    if (already)
        HMMCL_RETURN_ERROR(CL_INVALID_OPERATION, "user event status already set");
    hmmcl_event_set_status(event, execution_status);
    return CL_SUCCESS;
}

/* The queue checks every enqueue of this file shares. */
static cl_int check_queue(cl_command_queue queue)
{
    if (!hmmcl_object_is(queue, HMMCL_MAGIC_QUEUE))
        HMMCL_RETURN_ERROR(CL_INVALID_COMMAND_QUEUE, "not a command queue");
    return CL_SUCCESS;
}

static cl_int enqueue_sync_point(cl_command_queue queue, cl_command_type type, bool barrier,
                                 cl_uint num_events, const cl_event *events, cl_event *event)
{
    struct hmmcl_command cmd = {.op = HMMCL_OP_NOP};
    cl_int err = check_queue(queue);

    if (err)
        return err;
    err = hmmcl_queue_enqueue(queue,
                              &(struct hmmcl_enqueue){
                                  .type = type,
                                  .num_wait = num_events,
                                  .wait = events,
                                  .event_ret = event,
                                  .barrier = barrier,
                                  .wait_all = true,
                              },
                              &cmd);
    if (err)
        HMMCL_RETURN_ERROR(err, "enqueue failed");
    return CL_SUCCESS;
}

CL_API_ENTRY cl_int CL_API_CALL clEnqueueMarkerWithWaitList(cl_command_queue queue,
                                                            cl_uint num_events_in_wait_list,
                                                            const cl_event *event_wait_list,
                                                            cl_event *event)
{
    return enqueue_sync_point(queue, CL_COMMAND_MARKER, false, num_events_in_wait_list,
                              event_wait_list, event);
}

CL_API_ENTRY cl_int CL_API_CALL clEnqueueBarrierWithWaitList(cl_command_queue queue,
                                                             cl_uint num_events_in_wait_list,
                                                             const cl_event *event_wait_list,
                                                             cl_event *event)
{
    return enqueue_sync_point(queue, CL_COMMAND_BARRIER, true, num_events_in_wait_list,
                              event_wait_list, event);
}

CL_API_ENTRY cl_int CL_API_CALL clEnqueueMarker(cl_command_queue queue, cl_event *event)
{
    /* 1.1: "CL_INVALID_VALUE if event is a NULL value." */
    if (!hmmcl_object_is(queue, HMMCL_MAGIC_QUEUE))
        HMMCL_RETURN_ERROR(CL_INVALID_COMMAND_QUEUE, "not a command queue");
    if (!event)
        HMMCL_RETURN_ERROR(CL_INVALID_VALUE, "event is NULL");
    return enqueue_sync_point(queue, CL_COMMAND_MARKER, false, 0, NULL, event);
}

CL_API_ENTRY cl_int CL_API_CALL clEnqueueBarrier(cl_command_queue queue)
{
    return enqueue_sync_point(queue, CL_COMMAND_BARRIER, true, 0, NULL, NULL);
}

CL_API_ENTRY cl_int CL_API_CALL clEnqueueWaitForEvents(cl_command_queue queue, cl_uint num_events,
                                                       const cl_event *event_list)
{
    cl_int err = check_queue(queue);

    if (err)
        return err;
    /* 1.1: "CL_INVALID_VALUE if num_events is zero or event_list is NULL." */
    if (!num_events || !event_list)
        HMMCL_RETURN_ERROR(CL_INVALID_VALUE, "empty event list");
    for (cl_uint i = 0; i < num_events; i++) {
        if (!hmmcl_object_is(event_list[i], HMMCL_MAGIC_EVENT))
            HMMCL_RETURN_ERROR(CL_INVALID_EVENT, "event_list[%u] is not an event", i);
        if (event_list[i]->context != queue->context)
            HMMCL_RETURN_ERROR(CL_INVALID_CONTEXT, "event_list[%u] is from another context", i);
    }
    /* A barrier on the listed events: later commands wait for them. */
    return enqueue_sync_point(queue, CL_COMMAND_BARRIER, true, num_events, event_list, NULL);
}

/* clEnqueueNativeKernel: the argument block with memory objects replaced by their pointers. */
struct native_call {
    void(CL_CALLBACK *fn)(void *);
    void *args;
    cl_uint num_mems;
    cl_mem mems[]; /* held until the command is done */
};

static cl_int native_run(struct hmmcl_command *cmd)
{
    struct native_call *call = cmd->host.data;

    call->fn(call->args);
    return CL_SUCCESS;
}

static void native_cleanup(struct hmmcl_command *cmd)
{
    struct native_call *call = cmd->host.data;

    for (cl_uint i = 0; i < call->num_mems; i++)
        hmmcl_object_put(&call->mems[i]->obj);
    free(call->args);
    free(call);
}

CL_API_ENTRY cl_int CL_API_CALL clEnqueueNativeKernel(
    cl_command_queue queue, void(CL_CALLBACK *user_func)(void *), void *args, size_t cb_args,
    cl_uint num_mem_objects, const cl_mem *mem_list, const void **args_mem_loc,
    cl_uint num_events_in_wait_list, const cl_event *event_wait_list, cl_event *event)
{
    struct hmmcl_command cmd = {.op = HMMCL_OP_HOST_FN, .host.fn = native_run};
    struct native_call *call = NULL;
    cl_int err = check_queue(queue);

    if (err)
        return err;
    /* "CL_INVALID_CONTEXT if context associated with command_queue and events in
     * event_wait_list are not the same." Checked by the enqueue below, after these. */
    /* "CL_INVALID_VALUE if user_func is NULL." */
    if (!user_func)
        HMMCL_FAIL(CL_INVALID_VALUE, "user_func is NULL");
    /* "CL_INVALID_VALUE if args is a NULL value and cb_args > 0, or if args is a NULL value and
     * num_mem_objects > 0. CL_INVALID_VALUE if args is not NULL and cb_args is 0." */
    if ((!args && cb_args) || (!args && num_mem_objects) || (args && !cb_args))
        HMMCL_FAIL(CL_INVALID_VALUE, "args %p with cb_args %zu, num_mem_objects %u", args, cb_args,
                   num_mem_objects);
    /* "CL_INVALID_VALUE if num_mem_objects > 0 and mem_list or args_mem_loc are NULL.
     * CL_INVALID_VALUE if num_mem_objects = 0 and mem_list or args_mem_loc are not NULL." */
    if (num_mem_objects && (!mem_list || !args_mem_loc))
        HMMCL_FAIL(CL_INVALID_VALUE, "num_mem_objects %u without mem_list/args_mem_loc",
                   num_mem_objects);
    if (!num_mem_objects && (mem_list || args_mem_loc))
        HMMCL_FAIL(CL_INVALID_VALUE, "mem_list/args_mem_loc without num_mem_objects");
    /* "CL_INVALID_OPERATION if the device associated with command_queue cannot execute the
     * native kernel." */
    if (!(queue->device->exec_caps & CL_EXEC_NATIVE_KERNEL))
        HMMCL_FAIL(CL_INVALID_OPERATION, "device cannot run native kernels");
    /* "CL_INVALID_MEM_OBJECT if one or more memory objects specified in mem_list are not
     * valid or are not buffer objects." */
    for (cl_uint i = 0; i < num_mem_objects; i++) {
        const char *loc = args_mem_loc[i];

        if (!hmmcl_object_is(mem_list[i], HMMCL_MAGIC_MEM) ||
            mem_list[i]->type != CL_MEM_OBJECT_BUFFER)
            HMMCL_FAIL(CL_INVALID_MEM_OBJECT, "mem_list[%u] is not a buffer", i);
        if (loc < (const char *)args || loc + sizeof(void *) > (const char *)args + cb_args)
            HMMCL_FAIL(CL_INVALID_VALUE, "args_mem_loc[%u] is outside args", i);
    }

    call = calloc(1, sizeof(*call) + num_mem_objects * sizeof(call->mems[0]));
    if (!call || (cb_args && !(call->args = malloc(cb_args)))) {
        free(call);
        HMMCL_FAIL(CL_OUT_OF_HOST_MEMORY, "argument copy");
    }
    call->fn = user_func;
    if (cb_args)
        memcpy(call->args, args, cb_args);
    /* "the memory object handles in args are replaced by pointers to the global memory". */
    for (cl_uint i = 0; i < num_mem_objects; i++) {
        size_t at = (size_t)((const char *)args_mem_loc[i] - (const char *)args);
        void *ptr = mem_list[i]->storage;

        memcpy((char *)call->args + at, &ptr, sizeof(ptr));
        hmmcl_object_get(&mem_list[i]->obj);
        call->mems[call->num_mems++] = mem_list[i];
    }
    cmd.host.data = call;
    cmd.cleanup = native_cleanup;
    err = hmmcl_queue_enqueue_command(queue, CL_COMMAND_NATIVE_KERNEL, false,
                                      num_events_in_wait_list, event_wait_list, event, &cmd);
    if (err)
        HMMCL_FAIL(err, "enqueue failed");
    return CL_SUCCESS;
error:
    return err;
}
