/* SPDX-License-Identifier: MIT */
/*
 * DOC: command queues
 *
 * A queue orders its commands by adding dependencies when they are
 * enqueued: in an in-order queue every command depends on the one before
 * (@last); in an out-of-order queue commands depend only on their wait list
 * and on the latest barrier (@barrier), and a marker or barrier without a
 * wait list depends on every command still outstanding. Commands are
 * submitted as soon as they are enqueued (the implicit flush the spec
 * allows), so clFlush has nothing left to do and cross-queue waits never
 * depend on the application flushing.
 *
 * @lock protects @last, @barrier, the outstanding list and its count; @idle
 * is signalled when the count drops to zero (clFinish).
 */
#ifndef HMMCL_CORE_QUEUE_H
#define HMMCL_CORE_QUEUE_H

#include <pthread.h>

#include "core/command.h"
#include "core/object.h"

#define HMMCL_QUEUE_MAX_PROPERTIES 8

struct _cl_command_queue {
    struct hmmcl_object obj;
    cl_context context; /* held */
    cl_device_id device;
    cl_command_queue_properties props;
    cl_queue_properties properties[HMMCL_QUEUE_MAX_PROPERTIES]; /* as given, for the query */
    size_t num_properties; /* including the terminator; 0 if created without a list */

    pthread_mutex_t lock;
    pthread_cond_t idle;
    cl_event last;        /* held; in-order queues */
    cl_event barrier;     /* held; out-of-order queues */
    cl_event outstanding; /* list head through event->queue_next */
    unsigned int num_outstanding;
};

struct hmmcl_enqueue {
    cl_command_type type;
    cl_uint num_wait;
    const cl_event *wait;
    cl_event *event_ret; /* may be NULL */
    bool blocking;
    bool barrier;  /* later commands of an out-of-order queue wait for it */
    bool wait_all; /* with no wait list: waits for every outstanding command */
};

/* @properties (@num_properties entries, terminator included) is kept for the query. */
cl_command_queue hmmcl_queue_create(cl_context context, cl_device_id device,
                                    cl_command_queue_properties props,
                                    const cl_queue_properties *properties, size_t num_properties);

/*
 * Enqueue @cmd (moved into the event) on @queue. Validates the wait list,
 * links dependencies, submits, and for blocking calls waits. On failure the
 * command is released and nothing is enqueued.
 */
cl_int hmmcl_queue_enqueue(cl_command_queue queue, const struct hmmcl_enqueue *req,
                           struct hmmcl_command *cmd);

/* The common case of hmmcl_queue_enqueue: a command with a wait list, neither barrier nor marker.
 */
static inline cl_int hmmcl_queue_enqueue_command(cl_command_queue queue, cl_command_type type,
                                                 bool blocking, cl_uint num_wait,
                                                 const cl_event *wait, cl_event *event_ret,
                                                 struct hmmcl_command *cmd)
{
    return hmmcl_queue_enqueue(queue,
                               &(struct hmmcl_enqueue){
                                   .type = type,
                                   .num_wait = num_wait,
                                   .wait = wait,
                                   .event_ret = event_ret,
                                   .blocking = blocking,
                               },
                               cmd);
}

/* Called by the event when a command of @queue is done. */
void hmmcl_queue_command_done(cl_command_queue queue, cl_event event);

/* Wait until every command enqueued so far has completed. */
void hmmcl_queue_finish(cl_command_queue queue);

#endif
