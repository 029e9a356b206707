/*
 * concurrency: many application threads share one context. Threads create queues,
 * enqueue writes/copies/reads/markers with random wait lists that cross queues and
 * threads, complete each other's user events, retain and release shared events, and
 * check their data. All waiting is on events and condition variables; the harness
 * watchdog turns a hang into a failure.
 */
#include "harness.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { RING = 32, CHUNK = 1024, ITERS = 150 };

struct shared {
    conf_t *t;
    cl_context ctx;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    cl_event ring[RING];  /* recent events of all threads, each holding a reference */
    cl_event pending[64]; /* user events waiting for another thread to complete them */
    int npending;
    int active; /* threads still running */
    atomic_uint failures;
    atomic_uint checks;
    char first_error[256];
};

static void record_error(struct shared *s, const char *what, cl_int err)
{
    atomic_fetch_add(&s->failures, 1);
    pthread_mutex_lock(&s->lock);
    if (!s->first_error[0])
        snprintf(s->first_error, sizeof(s->first_error), "%s: %s", what, conf_err_name(err));
    pthread_mutex_unlock(&s->lock);
}

#define T_OK(s, expr)                                                                              \
    do {                                                                                           \
        cl_int e_ = (expr);                                                                        \
        atomic_fetch_add(&(s)->checks, 1);                                                         \
        if (e_ != CL_SUCCESS)                                                                      \
            record_error((s), #expr, e_);                                                          \
    } while (0)

/* completes every pending user event (of any thread); lock held */
static void service_pending_locked(struct shared *s)
{
    while (s->npending > 0) {
        cl_event u = s->pending[--s->npending];
        T_OK(s, clSetUserEventStatus(u, CL_COMPLETE));
        clReleaseEvent(u);
    }
    pthread_cond_broadcast(&s->cond);
}

static void publish_user_event(struct shared *s, cl_event u)
{
    pthread_mutex_lock(&s->lock);
    if (s->npending == 64)
        service_pending_locked(s);
    clRetainEvent(u);
    s->pending[s->npending++] = u;
    pthread_cond_broadcast(&s->cond);
    pthread_mutex_unlock(&s->lock);
}

/*
 * Waits until the completer thread has completed `u`. The enqueueing thread must not complete
 * its own user events: other threads' commands may depend on them through the ring, and a
 * worker thread may be blocked on such a command, so only a thread that never blocks on
 * commands (completer_main) can be relied on to complete them.
 */
static void wait_user_event(struct shared *s, cl_event u)
{
    pthread_mutex_lock(&s->lock);
    while (conf_event_status(u) != CL_COMPLETE)
        pthread_cond_wait(&s->cond, &s->lock);
    pthread_mutex_unlock(&s->lock);
}

/* Completes published user events from a thread of its own until every worker is done. */
static void *completer_main(void *arg)
{
    struct shared *s = arg;

    pthread_mutex_lock(&s->lock);
    for (;;) {
        if (s->npending > 0)
            service_pending_locked(s);
        else if (s->active == 0)
            break;
        else
            pthread_cond_wait(&s->cond, &s->lock);
    }
    pthread_mutex_unlock(&s->lock);
    return NULL;
}

/* takes a reference to a random recent event, or NULL */
static cl_event pick_event(struct shared *s, unsigned *seed)
{
    pthread_mutex_lock(&s->lock);
    cl_event e = s->ring[rand_r(seed) % RING];
    if (e)
        clRetainEvent(e);
    pthread_mutex_unlock(&s->lock);
    return e;
}

static void put_event(struct shared *s, unsigned *seed, cl_event e)
{
    clRetainEvent(e);
    pthread_mutex_lock(&s->lock);
    int slot = rand_r(seed) % RING;
    cl_event old = s->ring[slot];
    s->ring[slot] = e;
    pthread_mutex_unlock(&s->lock);
    if (old)
        clReleaseEvent(old);
}

struct worker {
    struct shared *s;
    int id;
};

static void *worker_main(void *arg)
{
    struct worker *w = arg;
    struct shared *s = w->s;
    unsigned seed = 1234u + (unsigned)w->id * 7919u;
    cl_int err;
    cl_command_queue q1 = clCreateCommandQueueWithProperties(s->ctx, s->t->device, NULL, &err);
    T_OK(s, err);
    cl_command_queue q2 = clCreateCommandQueueWithProperties(s->ctx, s->t->device, NULL, &err);
    T_OK(s, err);
    cl_mem a = clCreateBuffer(s->ctx, CL_MEM_READ_WRITE, CHUNK, NULL, &err);
    T_OK(s, err);
    cl_mem b = clCreateBuffer(s->ctx, CL_MEM_READ_WRITE, CHUNK, NULL, &err);
    T_OK(s, err);
    unsigned char *in = malloc(CHUNK), *out = malloc(CHUNK);
    if (!q1 || !q2 || !a || !b || !in || !out)
        goto out;
    for (int it = 0; it < ITERS; it++) {
        conf_pattern(in, CHUNK, (unsigned)(w->id * 100000 + it));
        memset(out, 0, CHUNK);
        cl_event wl[4];
        cl_uint nwl = 0;
        cl_event u = NULL;
        if (rand_r(&seed) % 3 == 0) {
            u = clCreateUserEvent(s->ctx, &err);
            T_OK(s, err);
            if (u) {
                wl[nwl++] = u;
                publish_user_event(s, u);
            }
        }
        for (int k = rand_r(&seed) % 3; k > 0; k--) {
            cl_event e = pick_event(s, &seed);
            if (e)
                wl[nwl++] = e;
        }
        cl_event ew = NULL, ec = NULL, er = NULL, em = NULL;
        cl_command_queue qa = rand_r(&seed) % 2 ? q1 : q2, qb = qa == q1 ? q2 : q1;
        T_OK(s, clEnqueueWriteBuffer(qa, a, CL_FALSE, 0, CHUNK, in, nwl, nwl ? wl : NULL, &ew));
        if (rand_r(&seed) % 2)
            T_OK(s, clFlush(qa));
        T_OK(s, clEnqueueCopyBuffer(qb, a, b, 0, 0, CHUNK, 1, &ew, &ec));
        if (rand_r(&seed) % 4 == 0) {
            T_OK(s, clEnqueueMarkerWithWaitList(qa, 1, &ec, &em));
            T_OK(s, clEnqueueReadBuffer(qa, b, CL_FALSE, 0, CHUNK, out, 1, &em, &er));
        } else {
            T_OK(s, clEnqueueReadBuffer(qa, b, CL_FALSE, 0, CHUNK, out, 1, &ec, &er));
        }
        if (ew)
            put_event(s, &seed, ew);
        if (u)
            wait_user_event(s, u);
        switch (rand_r(&seed) % 3) {
        case 0:
            T_OK(s, clWaitForEvents(1, &er));
            break;
        case 1:
            T_OK(s, clFinish(qa));
            break;
        default: {
            cl_event both[2] = {ec, er};
            T_OK(s, clFlush(qb));
            T_OK(s, clWaitForEvents(2, both));
        }
        }
        atomic_fetch_add(&s->checks, 1);
        if (conf_event_status(er) != CL_COMPLETE || memcmp(in, out, CHUNK) != 0)
            record_error(s, "data integrity: read-back differs from what was written", 0);
        for (cl_uint i = 0; i < nwl; i++)
            clReleaseEvent(wl[i]);
        clReleaseEvent(ew);
        clReleaseEvent(ec);
        clReleaseEvent(er);
        if (em)
            clReleaseEvent(em);
    }
    T_OK(s, clFinish(q1));
    T_OK(s, clFinish(q2));
out:
    pthread_mutex_lock(&s->lock);
    s->active--;
    pthread_cond_broadcast(&s->cond);
    pthread_mutex_unlock(&s->lock);
    free(in);
    free(out);
    if (a)
        clReleaseMemObject(a);
    if (b)
        clReleaseMemObject(b);
    if (q1)
        clReleaseCommandQueue(q1);
    if (q2)
        clReleaseCommandQueue(q2);
    return NULL;
}

static void stress_cross_queue(conf_t *t)
{
    cl_context c = conf_context(t);
    REQUIRE(c);
    static struct shared s;
    memset(&s, 0, sizeof(s));
    s.t = t;
    s.ctx = c;
    pthread_mutex_init(&s.lock, NULL);
    pthread_cond_init(&s.cond, NULL);
    int n = t->jobs;
    s.active = n;
    pthread_t *th = calloc((size_t)n, sizeof(*th));
    struct worker *w = calloc((size_t)n, sizeof(*w));
    conf_defer_free(t, th);
    conf_defer_free(t, w);
    pthread_t completer;
    pthread_create(&completer, NULL, completer_main, &s);
    for (int i = 0; i < n; i++) {
        w[i] = (struct worker){&s, i};
        pthread_create(&th[i], NULL, worker_main, &w[i]);
    }
    for (int i = 0; i < n; i++)
        pthread_join(th[i], NULL);
    pthread_join(completer, NULL);
    pthread_mutex_lock(&s.lock);
    service_pending_locked(&s);
    pthread_mutex_unlock(&s.lock);
    for (int i = 0; i < RING; i++)
        if (s.ring[i])
            clReleaseEvent(s.ring[i]);
    t->checks += atomic_load(&s.checks);
    unsigned f = atomic_load(&s.failures);
    CHECK_MSG(f == 0, "%u failures in %d threads x %d iterations; first: %s", f, n, ITERS,
              s.first_error);
}

/* many threads block in clWaitForEvents on one user event that the main thread completes */
struct waiter {
    cl_event u;
    cl_int result;
    pthread_mutex_t *lock;
    pthread_cond_t *cond;
    int *started;
};

static void *waiter_main(void *arg)
{
    struct waiter *w = arg;
    pthread_mutex_lock(w->lock);
    (*w->started)++;
    pthread_cond_broadcast(w->cond);
    pthread_mutex_unlock(w->lock);
    w->result = clWaitForEvents(1, &w->u);
    return NULL;
}

static void many_waiters(conf_t *t)
{
    cl_context c = conf_context(t);
    cl_command_queue q = conf_queue(t);
    REQUIRE(q);
    cl_event u, m;
    REQUIRE_CREATE(u, clCreateUserEvent(c, ERRP));
    conf_defer_event(t, u);
    CHECK_OK(clEnqueueMarkerWithWaitList(q, 1, &u, &m));
    conf_defer_event(t, m);
    CHECK_OK(clFlush(q));
    enum { N = 16 };
    pthread_t th[N];
    struct waiter w[N];
    pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
    pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
    int started = 0;
    for (int i = 0; i < N; i++) {
        w[i] = (struct waiter){i % 2 ? u : m, 1, &lock, &cond, &started};
        pthread_create(&th[i], NULL, waiter_main, &w[i]);
    }
    pthread_mutex_lock(&lock);
    while (started < N)
        pthread_cond_wait(&cond, &lock);
    pthread_mutex_unlock(&lock);
    CHECK_OK(clSetUserEventStatus(u, CL_COMPLETE));
    for (int i = 0; i < N; i++) {
        pthread_join(th[i], NULL);
        CHECK_ERR(CL_SUCCESS, w[i].result);
    }
    CHECK_STATUS(CL_COMPLETE, m);
}

/* objects created, queried, retained and released from many threads at once */
struct churn {
    cl_context ctx;
    cl_device_id dev;
    cl_event shared_ev;
    atomic_uint errors;
};

static void *churn_main(void *arg)
{
    struct churn *c = arg;
    for (int i = 0; i < 100; i++) {
        cl_int err;
        cl_mem m = clCreateBuffer(c->ctx, CL_MEM_READ_WRITE, 256, NULL, &err);
        cl_event u = clCreateUserEvent(c->ctx, &err);
        cl_command_queue q = clCreateCommandQueueWithProperties(c->ctx, c->dev, NULL, &err);
        if (!m || !u || !q) {
            atomic_fetch_add(&c->errors, 1);
        } else {
            if (clRetainEvent(c->shared_ev) != CL_SUCCESS)
                atomic_fetch_add(&c->errors, 1);
            cl_uint rc;
            if (clGetEventInfo(c->shared_ev, CL_EVENT_REFERENCE_COUNT, sizeof(rc), &rc, NULL) !=
                    CL_SUCCESS ||
                rc < 1)
                atomic_fetch_add(&c->errors, 1);
            int pat = i;
            if (clEnqueueFillBuffer(q, m, &pat, sizeof(pat), 0, 256, 1, &u, NULL) != CL_SUCCESS)
                atomic_fetch_add(&c->errors, 1);
            clSetUserEventStatus(u, CL_COMPLETE);
            if (clFinish(q) != CL_SUCCESS)
                atomic_fetch_add(&c->errors, 1);
            if (clReleaseEvent(c->shared_ev) != CL_SUCCESS)
                atomic_fetch_add(&c->errors, 1);
        }
        if (m)
            clReleaseMemObject(m);
        if (u)
            clReleaseEvent(u);
        if (q)
            clReleaseCommandQueue(q);
    }
    return NULL;
}

static void object_churn(conf_t *t)
{
    cl_context c = conf_context(t);
    REQUIRE(c);
    struct churn ch = {c, t->device, NULL, 0};
    REQUIRE_CREATE(ch.shared_ev, clCreateUserEvent(c, ERRP));
    conf_defer_event(t, ch.shared_ev);
    int n = t->jobs;
    pthread_t *th = calloc((size_t)n, sizeof(*th));
    conf_defer_free(t, th);
    for (int i = 0; i < n; i++)
        pthread_create(&th[i], NULL, churn_main, &ch);
    for (int i = 0; i < n; i++)
        pthread_join(th[i], NULL);
    CHECK_EQ_U(0, atomic_load(&ch.errors));
    cl_uint rc = 0;
    CHECK_OK(clGetEventInfo(ch.shared_ev, CL_EVENT_REFERENCE_COUNT, sizeof(rc), &rc, NULL));
    CHECK_EQ_U(1, rc);
    CHECK_OK(clSetUserEventStatus(ch.shared_ev, CL_COMPLETE));
}

/* native kernels from many threads update per-thread buffers */
struct nk_arg {
    cl_mem m;
};
static void CL_CALLBACK nk_inc(void *p)
{
    struct nk_arg *a = p;
    int *v = (int *)(void *)a->m;
    v[0]++;
}
struct nk_thread {
    cl_context ctx;
    cl_device_id dev;
    int result;
    cl_int err;
};
static void *nk_main(void *arg)
{
    struct nk_thread *n = arg;
    cl_int err = 0;
    int zero = 0;
    cl_command_queue q = clCreateCommandQueueWithProperties(n->ctx, n->dev, NULL, &err);
    cl_mem m =
        clCreateBuffer(n->ctx, CL_MEM_READ_WRITE | CL_MEM_COPY_HOST_PTR, sizeof(int), &zero, &err);
    if (!q || !m) {
        n->err = err;
        return NULL;
    }
    struct nk_arg a = {m};
    const void *loc[1] = {&a.m};
    for (int i = 0; i < 100 && err == CL_SUCCESS; i++)
        err = clEnqueueNativeKernel(q, nk_inc, &a, sizeof(a), 1, &m, loc, 0, NULL, NULL);
    if (err == CL_SUCCESS)
        err = clEnqueueReadBuffer(q, m, CL_TRUE, 0, sizeof(int), &n->result, 0, NULL, NULL);
    n->err = err;
    clReleaseMemObject(m);
    clReleaseCommandQueue(q);
    return NULL;
}

static void native_kernels_threads(conf_t *t)
{
    if (!conf_has_native_kernels(t))
        SKIP("device lacks CL_EXEC_NATIVE_KERNEL");
    cl_context c = conf_context(t);
    REQUIRE(c);
    int n = t->jobs;
    pthread_t *th = calloc((size_t)n, sizeof(*th));
    struct nk_thread *a = calloc((size_t)n, sizeof(*a));
    conf_defer_free(t, th);
    conf_defer_free(t, a);
    for (int i = 0; i < n; i++) {
        a[i] = (struct nk_thread){c, t->device, -1, 0};
        pthread_create(&th[i], NULL, nk_main, &a[i]);
    }
    for (int i = 0; i < n; i++) {
        pthread_join(th[i], NULL);
        CHECK_OK(a[i].err);
        CHECK_EQ_I(100, a[i].result);
    }
}

static const struct conf_test tests[] = {
    CONF_TEST(stress_cross_queue),
    CONF_TEST(many_waiters),
    CONF_TEST(object_churn),
    CONF_TEST(native_kernels_threads),
};
CONF_CATEGORY_TIMEOUT(
    conf_cat_concurrency, "concurrency",
    "application threads sharing a context: cross-queue and cross-thread wait lists, "
    "user events completed by other threads, concurrent retain/release, watchdog",
    tests, 120);
