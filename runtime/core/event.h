/* SPDX-License-Identifier: MIT */
/*
 * DOC: events and dependencies
 *
 * Every enqueued command is an event; user events are events without a
 * command or queue. An event moves CL_QUEUED -> CL_SUBMITTED -> CL_RUNNING ->
 * CL_COMPLETE, or to a negative error code from any state before complete.
 *
 * Dependencies are counted, not polled: @pending is the number of
 * dependencies not yet complete, plus one held by the enqueueing thread
 * while it links the event in. Each dependency keeps a list of the events
 * waiting on it (@dependents); when it completes it decrements their counts,
 * and whoever drops a count to zero hands that event to the scheduler. A
 * dependency that ends in error marks its dependents @dep_failed; the
 * scheduler then completes them with CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST
 * without running them, which propagates the failure down the graph.
 *
 * Locking: @lock protects @status transitions, @callbacks and @dependents.
 * No code holds two event locks at once. A queue's lock may be held while
 * taking an event lock (linking a new command), never the reverse.
 * Callbacks run with no lock held, on the thread that moved the status.
 */
#ifndef HMMCL_CORE_EVENT_H
#define HMMCL_CORE_EVENT_H

#include <pthread.h>

#include "core/command.h"
#include "core/object.h"

typedef void(CL_CALLBACK *hmmcl_event_notify_fn)(cl_event event, cl_int status, void *user_data);

struct hmmcl_event_callback {
    hmmcl_event_notify_fn fn;
    void *user_data;
    cl_int trigger; /* CL_SUBMITTED, CL_RUNNING or CL_COMPLETE */
    struct hmmcl_event_callback *next;
};

struct hmmcl_event_link {
    cl_event event; /* held by the link */
    bool propagate_failure;
    struct hmmcl_event_link *next;
};

struct _cl_event {
    struct hmmcl_object obj;
    cl_context context;     /* held */
    cl_command_queue queue; /* held; NULL for user events */
    cl_command_type type;

    pthread_mutex_t lock;
    pthread_cond_t done;
    _Atomic cl_int status;                  /* written under @lock */
    struct hmmcl_event_callback *callbacks; /* protected by @lock */
    struct hmmcl_event_link *dependents;    /* protected by @lock */

    atomic_uint pending;
    atomic_int fail; /* 0, or the error the event completes with instead of running */

    /* CL_PROFILING_COMMAND_*, host monotonic nanoseconds. */
    cl_ulong t_queued, t_submit, t_start, t_end, t_complete;

    /* Scheduler bookkeeping: ready-list link; queue's outstanding list. */
    cl_event sched_next;
    cl_event queue_prev, queue_next; /* protected by the queue's lock */

    struct hmmcl_command cmd;
};

/* A new event with one application reference, status CL_QUEUED. */
cl_event hmmcl_event_create(cl_context context, cl_command_queue queue, cl_command_type type);

/*
 * Move @event to @status (CL_SUBMITTED, CL_RUNNING, CL_COMPLETE or a negative
 * error code); moves backwards or out of a final state are ignored. Fires the
 * callbacks the move reaches and, for a final status, wakes waiters and
 * releases the dependents. The caller must hold a reference on @event.
 */
void hmmcl_event_set_status(cl_event event, cl_int status);

/* Block until @event is complete or failed; returns its final status. */
cl_int hmmcl_event_wait(cl_event event);

static inline cl_int hmmcl_event_status(cl_event event)
{
    return atomic_load_explicit(&event->status, memory_order_acquire);
}

/*
 * Make @event wait for @dep. If @propagate_failure, a failed @dep fails
 * @event (explicit wait lists); implicit ordering (in-order queues, barriers)
 * only orders. Must be called while @event's enqueue guard is held (@pending
 * includes the guard), so the count cannot reach zero meanwhile.
 */
void hmmcl_event_add_dependency(cl_event event, cl_event dep, bool propagate_failure);

/* Drop one from @pending; at zero the event goes to the scheduler. */
void hmmcl_event_dependency_done(cl_event event);

cl_int hmmcl_event_add_callback(cl_event event, cl_int trigger, hmmcl_event_notify_fn fn,
                                void *user_data);

/*
 * Validate a wait list per the spec's CL_INVALID_EVENT_WAIT_LIST and
 * CL_INVALID_CONTEXT rules; @context may be NULL (clWaitForEvents checks all
 * events share one context).
 */
cl_int hmmcl_event_check_wait_list(cl_context context, cl_uint num_events, const cl_event *events);

cl_ulong hmmcl_now_ns(void);

#endif
