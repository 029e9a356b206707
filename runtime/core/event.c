/* SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <time.h>

#include "core/context.h"
#include "core/event.h"
#include "core/queue.h"
#include "core/scheduler.h"

cl_ulong hmmcl_now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (cl_ulong)ts.tv_sec * 1000000000ull + (cl_ulong)ts.tv_nsec;
}

static void event_destroy(struct hmmcl_object *obj)
{
    cl_event event = (cl_event)obj;

    hmmcl_command_release(&event->cmd);
    while (event->callbacks) {
        struct hmmcl_event_callback *cb = event->callbacks;

        event->callbacks = cb->next;
        free(cb);
    }
    if (event->queue)
        hmmcl_object_put(&event->queue->obj);
    hmmcl_object_put(&event->context->obj);
    pthread_cond_destroy(&event->done);
    pthread_mutex_destroy(&event->lock);
    free(event);
}

cl_event hmmcl_event_create(cl_context context, cl_command_queue queue, cl_command_type type)
{
    cl_event event = calloc(1, sizeof(*event));

    if (!event)
        return NULL;
    hmmcl_object_init(&event->obj, HMMCL_MAGIC_EVENT, event_destroy);
    hmmcl_object_get(&context->obj);
    event->context = context;
    if (queue)
        hmmcl_object_get(&queue->obj);
    event->queue = queue;
    event->type = type;
    pthread_mutex_init(&event->lock, NULL);
    pthread_cond_init(&event->done, NULL);
    /* The spec starts user events at CL_SUBMITTED. */
    atomic_init(&event->status, queue ? CL_QUEUED : CL_SUBMITTED);
    atomic_init(&event->pending, 1);
    atomic_init(&event->fail, 0);
    event->t_queued = hmmcl_now_ns();
    return event;
}

static void stamp(cl_event event, cl_int status)
{
    cl_ulong now = hmmcl_now_ns();

    /* A command that skips a state gets that state's time too. */
    if (status <= CL_SUBMITTED && !event->t_submit)
        event->t_submit = now;
    if (status <= CL_RUNNING && !event->t_start)
        event->t_start = now;
    if (status <= CL_COMPLETE) {
        event->t_end = now;
        event->t_complete = now;
    }
}

void hmmcl_event_set_status(cl_event event, cl_int status)
{
    struct hmmcl_event_callback *fire = NULL, **tail = &fire, **pp;
    struct hmmcl_event_link *dependents = NULL;
    bool final = status <= CL_COMPLETE;

    pthread_mutex_lock(&event->lock);
    cl_int old = atomic_load_explicit(&event->status, memory_order_relaxed);

    if (old <= CL_COMPLETE || status >= old) {
        pthread_mutex_unlock(&event->lock);
        return;
    }
    stamp(event, status);
    atomic_store_explicit(&event->status, status, memory_order_release);

    /* Callbacks whose trigger the move reached, in registration order. */
    for (pp = &event->callbacks; *pp;) {
        struct hmmcl_event_callback *cb = *pp;

        if (status <= cb->trigger) {
            *pp = cb->next;
            cb->next = NULL;
            *tail = cb;
            tail = &cb->next;
        } else {
            pp = &cb->next;
        }
    }
    if (final) {
        dependents = event->dependents;
        event->dependents = NULL;
        pthread_cond_broadcast(&event->done);
    }
    pthread_mutex_unlock(&event->lock);

    while (fire) {
        struct hmmcl_event_callback *cb = fire;

        fire = cb->next;
        /* A callback learns the state it asked for, or the error that ended the command. */
        cb->fn(event, status < 0 ? status : cb->trigger, cb->user_data);
        free(cb);
    }
    if (!final)
        return;

    hmmcl_command_release(&event->cmd);
    while (dependents) {
        struct hmmcl_event_link *link = dependents;
        int expected = 0;

        dependents = link->next;
        if (status < 0 && link->propagate_failure)
            atomic_compare_exchange_strong(&link->event->fail, &expected,
                                           CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST);
        hmmcl_event_dependency_done(link->event);
        hmmcl_object_put(&link->event->obj);
        free(link);
    }
    if (event->queue)
        hmmcl_queue_command_done(event->queue, event);
}

cl_int hmmcl_event_wait(cl_event event)
{
    cl_int status;

    pthread_mutex_lock(&event->lock);
    while ((status = atomic_load_explicit(&event->status, memory_order_relaxed)) > CL_COMPLETE)
        pthread_cond_wait(&event->done, &event->lock);
    pthread_mutex_unlock(&event->lock);
    return status;
}

void hmmcl_event_add_dependency(cl_event event, cl_event dep, bool propagate_failure)
{
    struct hmmcl_event_link *link = malloc(sizeof(*link));
    cl_int status, fail = 0, expected = 0;

    pthread_mutex_lock(&dep->lock);
    status = atomic_load_explicit(&dep->status, memory_order_relaxed);
    if (status > CL_COMPLETE && link) {
        hmmcl_object_get(&event->obj);
        atomic_fetch_add_explicit(&event->pending, 1, memory_order_relaxed);
        link->event = event;
        link->propagate_failure = propagate_failure;
        link->next = dep->dependents;
        dep->dependents = link;
        link = NULL;
    } else if (status > CL_COMPLETE) {
        /* No memory to wait for @dep: fail rather than run out of order. */
        fail = CL_OUT_OF_HOST_MEMORY;
    } else if (status < 0 && propagate_failure) {
        fail = CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST;
    }
    pthread_mutex_unlock(&dep->lock);

    free(link);
    if (fail)
        atomic_compare_exchange_strong(&event->fail, &expected, fail);
}

void hmmcl_event_dependency_done(cl_event event)
{
    if (atomic_fetch_sub_explicit(&event->pending, 1, memory_order_acq_rel) == 1)
        hmmcl_scheduler_push(event);
}

cl_int hmmcl_event_add_callback(cl_event event, cl_int trigger, hmmcl_event_notify_fn fn,
                                void *user_data)
{
    struct hmmcl_event_callback *cb = malloc(sizeof(*cb)), **pp;
    cl_int status;

    if (!cb)
        return CL_OUT_OF_HOST_MEMORY;
    cb->fn = fn;
    cb->user_data = user_data;
    cb->trigger = trigger;
    cb->next = NULL;

    pthread_mutex_lock(&event->lock);
    status = atomic_load_explicit(&event->status, memory_order_relaxed);
    if (status > trigger) {
        for (pp = &event->callbacks; *pp; pp = &(*pp)->next)
            ;
        *pp = cb;
        cb = NULL;
    }
    pthread_mutex_unlock(&event->lock);

    /* Already reached: call it now, on this thread. */
    if (cb) {
        fn(event, status < 0 ? status : trigger, user_data);
        free(cb);
    }
    return CL_SUCCESS;
}

cl_int hmmcl_event_check_wait_list(cl_context context, cl_uint num_events, const cl_event *events)
{
    /* "event_wait_list is NULL and num_events_in_wait_list > 0, or event_wait_list is not NULL
     * and num_events_in_wait_list is 0, or event objects in event_wait_list are not valid". */
    if ((num_events == 0) != (events == NULL))
        return CL_INVALID_EVENT_WAIT_LIST;
    for (cl_uint i = 0; i < num_events; i++) {
        if (!hmmcl_object_is(events[i], HMMCL_MAGIC_EVENT))
            return CL_INVALID_EVENT_WAIT_LIST;
    }
    /* "the context associated with command_queue and events in event_wait_list are not the same" */
    for (cl_uint i = 0; i < num_events; i++) {
        if (events[i]->context != context)
            return CL_INVALID_CONTEXT;
    }
    return CL_SUCCESS;
}
