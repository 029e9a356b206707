/* SPDX-License-Identifier: MIT */
/*
 * The event graph and scheduler (core/event.c, core/queue.c,
 * core/scheduler.c) against a fake device whose commands record the order
 * they ran in. Each check fails if dependencies, failure propagation,
 * callbacks or queue ordering were wrong.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/context.h"
#include "core/device.h"
#include "core/event.h"
#include "core/queue.h"

#include "check.h"

/* The fake device: HOST_FN commands append their tag to a log. */
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static int run_log[4096];
static atomic_int run_count;

static cl_int fake_run(cl_device_id device, struct hmmcl_command *cmd)
{
    return hmmcl_command_run_on_host(cmd);
}

static const struct hmmcl_device_ops fake_ops = {.run = fake_run};
static struct _cl_device_id fake_device = {.ops = &fake_ops, .type = CL_DEVICE_TYPE_CPU};

static cl_int record(struct hmmcl_command *cmd)
{
    int tag = (int)(intptr_t)cmd->host.data;

    pthread_mutex_lock(&log_lock);
    run_log[atomic_fetch_add(&run_count, 1)] = tag;
    pthread_mutex_unlock(&log_lock);
    return tag < 0 ? CL_OUT_OF_RESOURCES : CL_SUCCESS;
}

static void context_destroy(struct hmmcl_object *obj)
{
    free(obj);
}

static cl_context make_context(void)
{
    cl_context context = calloc(1, sizeof(*context));

    hmmcl_object_init(&context->obj, HMMCL_MAGIC_CONTEXT, context_destroy);
    pthread_mutex_init(&context->lock, NULL);
    return context;
}

static cl_int enqueue_tag(cl_command_queue queue, int tag, cl_uint num_wait, const cl_event *wait,
                          cl_event *event)
{
    struct hmmcl_command cmd = {
        .op = HMMCL_OP_HOST_FN,
        .host = {.fn = record, .data = (void *)(intptr_t)tag},
    };

    return hmmcl_queue_enqueue(queue,
                               &(struct hmmcl_enqueue){.type = CL_COMMAND_NATIVE_KERNEL,
                                                       .num_wait = num_wait,
                                                       .wait = wait,
                                                       .event_ret = event},
                               &cmd);
}

static int position(int tag)
{
    for (int i = 0; i < atomic_load(&run_count); i++) {
        if (run_log[i] == tag)
            return i;
    }
    return -1;
}

static void reset_log(void)
{
    atomic_store(&run_count, 0);
}

/* A command waiting on a user event runs only after the event completes. */
static void test_user_event_gates(cl_context context)
{
    cl_command_queue q = hmmcl_queue_create(context, &fake_device, 0, NULL, 0);
    cl_event user = hmmcl_event_create(context, NULL, CL_COMMAND_USER);
    cl_event ev;

    reset_log();
    CHECK(hmmcl_event_status(user) == CL_SUBMITTED);
    CHECK(enqueue_tag(q, 1, 1, &user, &ev) == CL_SUCCESS);
    CHECK(hmmcl_event_status(ev) == CL_SUBMITTED);
    CHECK(atomic_load(&run_count) == 0);
    hmmcl_event_set_status(user, CL_COMPLETE);
    CHECK(hmmcl_event_wait(ev) == CL_COMPLETE);
    CHECK(position(1) == 0);
    hmmcl_object_release(&ev->obj);
    hmmcl_object_release(&user->obj);
    hmmcl_object_release(&q->obj);
}

/* A failed user event fails its dependents transitively, and they never run. */
static void test_failure_propagates(cl_context context)
{
    cl_command_queue q =
        hmmcl_queue_create(context, &fake_device, CL_QUEUE_OUT_OF_ORDER_EXEC_MODE_ENABLE, NULL, 0);
    cl_event user = hmmcl_event_create(context, NULL, CL_COMMAND_USER);
    cl_event a, b, c;

    reset_log();
    CHECK(enqueue_tag(q, 10, 1, &user, &a) == CL_SUCCESS);
    CHECK(enqueue_tag(q, 11, 1, &a, &b) == CL_SUCCESS);
    CHECK(enqueue_tag(q, 12, 0, NULL, &c) == CL_SUCCESS);
    hmmcl_event_set_status(user, -77);
    CHECK(hmmcl_event_wait(a) == CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST);
    CHECK(hmmcl_event_wait(b) == CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST);
    CHECK(hmmcl_event_wait(c) == CL_COMPLETE);
    CHECK(position(10) < 0 && position(11) < 0 && position(12) >= 0);
    /* A dependency that already failed fails a new command at once. */
    cl_event d;
    CHECK(enqueue_tag(q, 13, 1, &b, &d) == CL_SUCCESS);
    CHECK(hmmcl_event_wait(d) == CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST);
    CHECK(position(13) < 0);
    /* A command whose device run fails reports that error. */
    cl_event e;
    CHECK(enqueue_tag(q, -1, 0, NULL, &e) == CL_SUCCESS);
    CHECK(hmmcl_event_wait(e) == CL_OUT_OF_RESOURCES);
    cl_event evs[] = {a, b, c, d, e, user};
    for (unsigned i = 0; i < 6; i++)
        hmmcl_object_release(&evs[i]->obj);
    hmmcl_queue_finish(q);
    hmmcl_object_release(&q->obj);
}

/* An in-order queue runs commands in enqueue order even when a later one has no wait list. */
static void test_in_order(cl_context context)
{
    cl_command_queue q = hmmcl_queue_create(context, &fake_device, 0, NULL, 0);
    cl_event user = hmmcl_event_create(context, NULL, CL_COMMAND_USER);

    reset_log();
    CHECK(enqueue_tag(q, 20, 1, &user, NULL) == CL_SUCCESS);
    for (int i = 21; i < 60; i++)
        CHECK(enqueue_tag(q, i, 0, NULL, NULL) == CL_SUCCESS);
    CHECK(atomic_load(&run_count) == 0);
    hmmcl_event_set_status(user, CL_COMPLETE);
    hmmcl_queue_finish(q);
    CHECK(atomic_load(&run_count) == 40);
    for (int i = 20; i < 60; i++)
        CHECK(position(i) == i - 20);
    hmmcl_object_release(&user->obj);
    hmmcl_object_release(&q->obj);
}

/* Out of order: a barrier waits for everything before it and holds everything after. */
static void test_barrier(cl_context context)
{
    cl_command_queue q =
        hmmcl_queue_create(context, &fake_device, CL_QUEUE_OUT_OF_ORDER_EXEC_MODE_ENABLE, NULL, 0);
    cl_event user = hmmcl_event_create(context, NULL, CL_COMMAND_USER);
    struct hmmcl_command nop = {.op = HMMCL_OP_NOP};
    cl_event barrier;

    reset_log();
    CHECK(enqueue_tag(q, 30, 1, &user, NULL) == CL_SUCCESS);
    CHECK(hmmcl_queue_enqueue(q,
                              &(struct hmmcl_enqueue){.type = CL_COMMAND_BARRIER,
                                                      .event_ret = &barrier,
                                                      .barrier = true,
                                                      .wait_all = true},
                              &nop) == CL_SUCCESS);
    CHECK(enqueue_tag(q, 31, 0, NULL, NULL) == CL_SUCCESS);
    CHECK(hmmcl_event_status(barrier) > CL_COMPLETE);
    CHECK(atomic_load(&run_count) == 0);
    hmmcl_event_set_status(user, CL_COMPLETE);
    hmmcl_queue_finish(q);
    CHECK(position(30) == 0 && position(31) == 1);
    CHECK(hmmcl_event_status(barrier) == CL_COMPLETE);
    hmmcl_object_release(&barrier->obj);
    hmmcl_object_release(&user->obj);
    hmmcl_object_release(&q->obj);
}

static atomic_int cb_order[3];
static atomic_int cb_seq;

static void CL_CALLBACK note(cl_event event, cl_int status, void *data)
{
    int slot = (int)(intptr_t)data;

    cb_order[slot] = atomic_fetch_add(&cb_seq, 1) * 16 + status;
}

/* Callbacks fire once each, in state order, with their state; late ones fire at once. */
static void test_callbacks(cl_context context)
{
    cl_command_queue q = hmmcl_queue_create(context, &fake_device, 0, NULL, 0);
    cl_event user = hmmcl_event_create(context, NULL, CL_COMMAND_USER);
    cl_event ev;

    atomic_store(&cb_seq, 0);
    CHECK(enqueue_tag(q, 40, 1, &user, &ev) == CL_SUCCESS);
    CHECK(hmmcl_event_add_callback(ev, CL_COMPLETE, note, (void *)2) == CL_SUCCESS);
    CHECK(hmmcl_event_add_callback(ev, CL_RUNNING, note, (void *)1) == CL_SUCCESS);
    /* Already submitted: runs now. */
    CHECK(hmmcl_event_add_callback(ev, CL_SUBMITTED, note, (void *)0) == CL_SUCCESS);
    CHECK(cb_order[0] == 0 * 16 + CL_SUBMITTED);
    hmmcl_event_set_status(user, CL_COMPLETE);
    hmmcl_queue_finish(q);
    CHECK(cb_order[1] == 1 * 16 + CL_RUNNING);
    CHECK(cb_order[2] == 2 * 16 + CL_COMPLETE);
    hmmcl_object_release(&ev->obj);
    hmmcl_object_release(&user->obj);
    hmmcl_object_release(&q->obj);
}

/* Many threads enqueue into shared queues with cross-queue waits; every command runs once. */
struct hammer {
    cl_context context;
    cl_command_queue queues[3];
    int id;
};

static void *hammer_thread(void *arg)
{
    struct hammer *h = arg;
    cl_event prev = NULL;

    for (int i = 0; i < 200; i++) {
        cl_event ev;
        cl_command_queue q = h->queues[(h->id + i) % 3];

        CHECK(enqueue_tag(q, 1000 + h->id, prev ? 1 : 0, prev ? &prev : NULL, &ev) == CL_SUCCESS);
        if (prev)
            hmmcl_object_release(&prev->obj);
        prev = ev;
    }
    CHECK(hmmcl_event_wait(prev) == CL_COMPLETE);
    hmmcl_object_release(&prev->obj);
    return NULL;
}

static void test_hammer(cl_context context)
{
    struct hammer h[8];
    pthread_t threads[8];
    cl_command_queue queues[3];

    reset_log();
    for (int i = 0; i < 3; i++)
        queues[i] = hmmcl_queue_create(
            context, &fake_device, i == 1 ? CL_QUEUE_OUT_OF_ORDER_EXEC_MODE_ENABLE : 0, NULL, 0);
    for (int i = 0; i < 8; i++) {
        h[i] = (struct hammer){.context = context, .id = i};
        memcpy(h[i].queues, queues, sizeof(queues));
        pthread_create(&threads[i], NULL, hammer_thread, &h[i]);
    }
    for (int i = 0; i < 8; i++)
        pthread_join(threads[i], NULL);
    for (int i = 0; i < 3; i++) {
        hmmcl_queue_finish(queues[i]);
        hmmcl_object_release(&queues[i]->obj);
    }
    CHECK(atomic_load(&run_count) == 8 * 200);
}

int main(void)
{
    cl_context context = make_context();

    test_user_event_gates(context);
    test_failure_propagates(context);
    test_in_order(context);
    test_barrier(context);
    test_callbacks(context);
    test_hammer(context);
    hmmcl_object_release(&context->obj);
    printf("%s: %d failures\n", failures ? "FAIL" : "PASS", failures);
    return failures ? 1 : 0;
}
