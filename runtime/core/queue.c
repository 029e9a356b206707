/* SPDX-License-Identifier: MIT */
#include <stdlib.h>

#include "core/context.h"
#include "core/event.h"
#include "core/queue.h"

/* Called with @queue->lock held. */
static void link_outstanding(cl_command_queue queue, cl_event event)
{
    hmmcl_object_get(&event->obj);
    event->queue_prev = NULL;
    event->queue_next = queue->outstanding;
    if (queue->outstanding)
        queue->outstanding->queue_prev = event;
    queue->outstanding = event;
    queue->num_outstanding++;
}

/* Called with @queue->lock held; the caller puts the list's reference. */
static void unlink_outstanding(cl_command_queue queue, cl_event event)
{
    if (event->queue_prev)
        event->queue_prev->queue_next = event->queue_next;
    else
        queue->outstanding = event->queue_next;
    if (event->queue_next)
        event->queue_next->queue_prev = event->queue_prev;
    event->queue_prev = event->queue_next = NULL;
    queue->num_outstanding--;
}

/* Replace a held event pointer; returns the old one for the caller to put unlocked. */
static cl_event swap_held(cl_event *slot, cl_event event)
{
    cl_event old = *slot;

    if (event)
        hmmcl_object_get(&event->obj);
    *slot = event;
    return old;
}

static void queue_destroy(struct hmmcl_object *obj)
{
    cl_command_queue queue = (cl_command_queue)obj;

    /* Every event holds its queue, so nothing is outstanding here. */
    if (queue->last)
        hmmcl_object_put(&queue->last->obj);
    if (queue->barrier)
        hmmcl_object_put(&queue->barrier->obj);
    pthread_cond_destroy(&queue->idle);
    pthread_mutex_destroy(&queue->lock);
    hmmcl_object_put(&queue->context->obj);
    free(queue);
}

cl_command_queue hmmcl_queue_create(cl_context context, cl_device_id device,
                                    cl_command_queue_properties props,
                                    const cl_queue_properties *properties, size_t num_properties)
{
    cl_command_queue queue = calloc(1, sizeof(*queue));

    if (!queue)
        return NULL;
    hmmcl_object_init(&queue->obj, HMMCL_MAGIC_QUEUE, queue_destroy);
    hmmcl_object_get(&context->obj);
    queue->context = context;
    queue->device = device;
    queue->props = props;
    for (size_t i = 0; i < num_properties; i++)
        queue->properties[i] = properties[i];
    queue->num_properties = num_properties;
    pthread_mutex_init(&queue->lock, NULL);
    pthread_cond_init(&queue->idle, NULL);
    return queue;
}

cl_int hmmcl_queue_enqueue(cl_command_queue queue, const struct hmmcl_enqueue *req,
                           struct hmmcl_command *cmd)
{
    bool in_order = !(queue->props & CL_QUEUE_OUT_OF_ORDER_EXEC_MODE_ENABLE);
    cl_event event, old;
    cl_int err, status;

    err = hmmcl_event_check_wait_list(queue->context, req->num_wait, req->wait);
    if (err)
        goto error;
    /* Blocking calls: "CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST if the operation is blocking
     * and the execution status of any of the events in event_wait_list is a negative integer". */
    if (req->blocking) {
        for (cl_uint i = 0; i < req->num_wait; i++) {
            if (hmmcl_event_status(req->wait[i]) < 0) {
                err = CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST;
                goto error;
            }
        }
    }
    event = hmmcl_event_create(queue->context, queue, req->type);
    if (!event) {
        err = CL_OUT_OF_HOST_MEMORY;
        goto error;
    }
    event->cmd = *cmd;

    pthread_mutex_lock(&queue->lock);
    for (cl_uint i = 0; i < req->num_wait; i++)
        hmmcl_event_add_dependency(event, req->wait[i], true);
    if (in_order) {
        if (queue->last)
            hmmcl_event_add_dependency(event, queue->last, false);
        old = swap_held(&queue->last, event);
    } else {
        if (queue->barrier)
            hmmcl_event_add_dependency(event, queue->barrier, false);
        /* A marker or barrier without a wait list waits for everything enqueued before it. */
        if (req->wait_all && !req->num_wait) {
            for (cl_event o = queue->outstanding; o; o = o->queue_next)
                hmmcl_event_add_dependency(event, o, false);
        }
        old = req->barrier ? swap_held(&queue->barrier, event) : NULL;
    }
    link_outstanding(queue, event);
    pthread_mutex_unlock(&queue->lock);
    if (old)
        hmmcl_object_put(&old->obj);

    /* Submitted at once: the implicit flush (see DOC: command queues). */
    hmmcl_event_set_status(event, CL_SUBMITTED);
    hmmcl_object_get(&event->obj);
    hmmcl_event_dependency_done(event);

    if (req->event_ret)
        *req->event_ret = event;
    else
        hmmcl_object_release(&event->obj);

    err = CL_SUCCESS;
    if (req->blocking) {
        status = hmmcl_event_wait(event);
        if (status < 0)
            err = status;
    }
    hmmcl_object_put(&event->obj);
    return err;

error:
    hmmcl_command_release(cmd);
    return err;
}

void hmmcl_queue_command_done(cl_command_queue queue, cl_event event)
{
    cl_event drop_last = NULL, drop_barrier = NULL;

    pthread_mutex_lock(&queue->lock);
    unlink_outstanding(queue, event);
    /* Completed commands order nothing: stop holding them. */
    if (queue->last == event)
        drop_last = swap_held(&queue->last, NULL);
    if (queue->barrier == event)
        drop_barrier = swap_held(&queue->barrier, NULL);
    if (!queue->num_outstanding)
        pthread_cond_broadcast(&queue->idle);
    pthread_mutex_unlock(&queue->lock);

    if (drop_last)
        hmmcl_object_put(&drop_last->obj);
    if (drop_barrier)
        hmmcl_object_put(&drop_barrier->obj);
    hmmcl_object_put(&event->obj);
}

void hmmcl_queue_finish(cl_command_queue queue)
{
    pthread_mutex_lock(&queue->lock);
    while (queue->num_outstanding)
        pthread_cond_wait(&queue->idle, &queue->lock);
    pthread_mutex_unlock(&queue->lock);
}
