/* SPDX-License-Identifier: MIT */
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include "core/device.h"
#include "core/event.h"
#include "core/ndrange.h"
#include "core/queue.h"
#include "core/scheduler.h"

static struct {
    pthread_mutex_t lock;
    pthread_cond_t work;
    cl_event head, tail; /* ready FIFO through event->sched_next; protected by @lock */
    pthread_t *threads;
    unsigned int num_threads;
    bool stopping; /* protected by @lock */
} sched = {
    .lock = PTHREAD_MUTEX_INITIALIZER,
    .work = PTHREAD_COND_INITIALIZER,
};

static void run(cl_event event)
{
    cl_int fail = atomic_load_explicit(&event->fail, memory_order_acquire);
    cl_int status;

    if (fail) {
        hmmcl_event_set_status(event, fail);
        return;
    }
    hmmcl_event_set_status(event, CL_RUNNING);
    status = event->queue->device->ops->run(event->queue->device, &event->cmd);
    /* printf output is flushed by the time the launch's event is complete. */
    if (event->cmd.op == HMMCL_OP_NDRANGE && event->cmd.ndrange)
        hmmcl_ndrange_finish(event->cmd.ndrange);
    hmmcl_event_set_status(event, status == CL_SUCCESS ? CL_COMPLETE : status);
}

static void *worker(void *arg)
{
    for (;;) {
        cl_event event;

        pthread_mutex_lock(&sched.lock);
        while (!sched.head && !sched.stopping)
            pthread_cond_wait(&sched.work, &sched.lock);
        event = sched.head;
        if (!event) {
            pthread_mutex_unlock(&sched.lock);
            return NULL;
        }
        sched.head = event->sched_next;
        if (!sched.head)
            sched.tail = NULL;
        pthread_mutex_unlock(&sched.lock);

        run(event);
        hmmcl_object_put(&event->obj);
    }
}

/* Called with @sched.lock held. */
static void start_workers(void)
{
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    unsigned int n = cpus < 2 ? 2 : (unsigned int)cpus;

    sched.threads = calloc(n, sizeof(*sched.threads));
    if (!sched.threads)
        return;
    for (unsigned int i = 0; i < n; i++) {
        if (pthread_create(&sched.threads[i], NULL, worker, NULL))
            break;
        sched.num_threads++;
    }
}

void hmmcl_scheduler_push(cl_event event)
{
    hmmcl_object_get(&event->obj);
    event->sched_next = NULL;

    pthread_mutex_lock(&sched.lock);
    if (!sched.num_threads && !sched.stopping)
        start_workers();
    if (!sched.num_threads) {
        /* No thread could be started: run it here rather than never. */
        pthread_mutex_unlock(&sched.lock);
        atomic_store(&event->fail, CL_OUT_OF_RESOURCES);
        run(event);
        hmmcl_object_put(&event->obj);
        return;
    }
    if (sched.tail)
        sched.tail->sched_next = event;
    else
        sched.head = event;
    sched.tail = event;
    pthread_cond_signal(&sched.work);
    pthread_mutex_unlock(&sched.lock);
}

/* Workers finish what is queued, then exit; joined so nothing outlives the library. */
__attribute__((destructor)) static void scheduler_stop(void)
{
    pthread_mutex_lock(&sched.lock);
    sched.stopping = true;
    pthread_cond_broadcast(&sched.work);
    pthread_mutex_unlock(&sched.lock);

    for (unsigned int i = 0; i < sched.num_threads; i++)
        pthread_join(sched.threads[i], NULL);
    free(sched.threads);
    sched.threads = NULL;
    sched.num_threads = 0;
}
