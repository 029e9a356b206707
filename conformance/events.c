/* events: user events, wait lists, callbacks, failure propagation, markers, barriers,
 * profiling. */
#include "harness.h"

#include <pthread.h>
#include <string.h>

static cl_command_queue ooo_queue(conf_t *t, cl_command_queue_properties extra)
{
    cl_command_queue_properties sup = 0;
    clGetDeviceInfo(t->device, CL_DEVICE_QUEUE_ON_HOST_PROPERTIES, sizeof(sup), &sup, NULL);
    cl_command_queue_properties want = CL_QUEUE_OUT_OF_ORDER_EXEC_MODE_ENABLE | extra;
    if ((sup & want) != want)
        return NULL;
    cl_queue_properties props[] = {CL_QUEUE_PROPERTIES, want, 0};
    cl_command_queue q =
        clCreateCommandQueueWithProperties(conf_context(t), t->device, props, NULL);
    conf_defer_queue(t, q);
    return q;
}

static void user_event_basics(conf_t *t)
{
    cl_context c = conf_context(t);
    REQUIRE(c);
    cl_event u;
    REQUIRE_CREATE(u, clCreateUserEvent(c, ERRP));
    conf_defer_event(t, u);
    /* "The execution status of the user event object created is set to CL_SUBMITTED." */
    CHECK_STATUS(CL_SUBMITTED, u);
    cl_command_type ct = 0;
    CHECK_OK(clGetEventInfo(u, CL_EVENT_COMMAND_TYPE, sizeof(ct), &ct, NULL));
    CHECK_EQ_U(CL_COMMAND_USER, ct);
    cl_command_queue eq = (cl_command_queue)1;
    CHECK_OK(clGetEventInfo(u, CL_EVENT_COMMAND_QUEUE, sizeof(eq), &eq, NULL));
    CHECK_EQ_P(NULL, eq);
    cl_context ec = NULL;
    CHECK_OK(clGetEventInfo(u, CL_EVENT_CONTEXT, sizeof(ec), &ec, NULL));
    CHECK_EQ_P(c, ec);
    cl_uint rc = 0;
    CHECK_OK(clGetEventInfo(u, CL_EVENT_REFERENCE_COUNT, sizeof(rc), &rc, NULL));
    CHECK_EQ_U(1, rc);
    CHECK_OK(clRetainEvent(u));
    CHECK_OK(clGetEventInfo(u, CL_EVENT_REFERENCE_COUNT, sizeof(rc), &rc, NULL));
    CHECK_EQ_U(2, rc);
    CHECK_OK(clReleaseEvent(u));
    /* "CL_INVALID_VALUE if the execution_status is not CL_COMPLETE or a negative integer
     * value." */
    CHECK_ERR(CL_INVALID_VALUE, clSetUserEventStatus(u, CL_RUNNING));
    CHECK_ERR(CL_INVALID_VALUE, clSetUserEventStatus(u, CL_SUBMITTED));
    CHECK_ERR(CL_INVALID_VALUE, clSetUserEventStatus(u, 7));
    CHECK_OK(clSetUserEventStatus(u, CL_COMPLETE));
    CHECK_STATUS(CL_COMPLETE, u);
    /* "CL_INVALID_OPERATION if the execution_status for event has already been changed by
     * a previous call to clSetUserEventStatus." */
    CHECK_ERR(CL_INVALID_OPERATION, clSetUserEventStatus(u, CL_COMPLETE));
    CHECK_ERR(CL_INVALID_OPERATION, clSetUserEventStatus(u, -1));
    /* "CL_INVALID_EVENT if event is not a valid user event object." */
    cl_event m;
    CHECK_OK(clEnqueueMarkerWithWaitList(conf_queue(t), 0, NULL, &m));
    conf_defer_event(t, m);
    CHECK_ERR(CL_INVALID_EVENT, clSetUserEventStatus(m, CL_COMPLETE));
    CHECK_ERR(CL_INVALID_VALUE, clGetEventInfo(u, 0x7777, sizeof(rc), &rc, NULL));
    CHECK_ERR(CL_INVALID_VALUE, clGetEventInfo(u, CL_EVENT_REFERENCE_COUNT, 1, &rc, NULL));
    cl_int st;
    size_t sz = 0;
    CHECK_OK(clGetEventInfo(u, CL_EVENT_COMMAND_EXECUTION_STATUS, sizeof(st), &st, &sz));
    CHECK_EQ_U(sizeof(cl_int), sz);
}

static void event_info_command_types(conf_t *t)
{
    cl_command_queue q = conf_queue(t);
    cl_context c = conf_context(t);
    REQUIRE(q);
    cl_mem a, b;
    REQUIRE_CREATE(a, clCreateBuffer(c, CL_MEM_READ_WRITE, 256, NULL, ERRP));
    conf_defer_mem(t, a);
    REQUIRE_CREATE(b, clCreateBuffer(c, CL_MEM_READ_WRITE, 256, NULL, ERRP));
    conf_defer_mem(t, b);
    unsigned char host[256] = {0};
    cl_event e[10];
    int n = 0;
    cl_command_type expect[10];
    int pat = 0;
    size_t o[3] = {0, 0, 0}, r[3] = {16, 2, 1};
    expect[n] = CL_COMMAND_WRITE_BUFFER;
    CHECK_OK(clEnqueueWriteBuffer(q, a, CL_FALSE, 0, 256, host, 0, NULL, &e[n++]));
    expect[n] = CL_COMMAND_READ_BUFFER;
    CHECK_OK(clEnqueueReadBuffer(q, a, CL_FALSE, 0, 256, host, 0, NULL, &e[n++]));
    expect[n] = CL_COMMAND_COPY_BUFFER;
    CHECK_OK(clEnqueueCopyBuffer(q, a, b, 0, 0, 256, 0, NULL, &e[n++]));
    expect[n] = CL_COMMAND_FILL_BUFFER;
    CHECK_OK(clEnqueueFillBuffer(q, a, &pat, sizeof(pat), 0, 256, 0, NULL, &e[n++]));
    expect[n] = CL_COMMAND_READ_BUFFER_RECT;
    CHECK_OK(clEnqueueReadBufferRect(q, a, CL_FALSE, o, o, r, 0, 0, 0, 0, host, 0, NULL, &e[n++]));
    expect[n] = CL_COMMAND_WRITE_BUFFER_RECT;
    CHECK_OK(clEnqueueWriteBufferRect(q, a, CL_FALSE, o, o, r, 0, 0, 0, 0, host, 0, NULL, &e[n++]));
    expect[n] = CL_COMMAND_COPY_BUFFER_RECT;
    CHECK_OK(clEnqueueCopyBufferRect(q, a, b, o, o, r, 0, 0, 0, 0, 0, NULL, &e[n++]));
    expect[n] = CL_COMMAND_MARKER;
    CHECK_OK(clEnqueueMarkerWithWaitList(q, 0, NULL, &e[n++]));
    expect[n] = CL_COMMAND_BARRIER;
    CHECK_OK(clEnqueueBarrierWithWaitList(q, 0, NULL, &e[n++]));
    expect[n] = CL_COMMAND_MIGRATE_MEM_OBJECTS;
    CHECK_OK(clEnqueueMigrateMemObjects(q, 1, &a, CL_MIGRATE_MEM_OBJECT_CONTENT_UNDEFINED, 0, NULL,
                                        &e[n++]));
    CHECK_OK(clFinish(q));
    for (int i = 0; i < n; i++) {
        cl_command_type ct = 0;
        CHECK_OK(clGetEventInfo(e[i], CL_EVENT_COMMAND_TYPE, sizeof(ct), &ct, NULL));
        CHECK_EQ_U(expect[i], ct);
        cl_command_queue eq = NULL;
        CHECK_OK(clGetEventInfo(e[i], CL_EVENT_COMMAND_QUEUE, sizeof(eq), &eq, NULL));
        CHECK_EQ_P(q, eq);
        cl_context ec = NULL;
        CHECK_OK(clGetEventInfo(e[i], CL_EVENT_CONTEXT, sizeof(ec), &ec, NULL));
        CHECK_EQ_P(c, ec);
        CHECK_STATUS(CL_COMPLETE, e[i]);
        clReleaseEvent(e[i]);
    }
    cl_event me;
    void *p = clEnqueueMapBuffer(q, a, CL_TRUE, CL_MAP_READ, 0, 16, 0, NULL, &me, NULL);
    CHECK(p != NULL);
    cl_command_type ct = 0;
    CHECK_OK(clGetEventInfo(me, CL_EVENT_COMMAND_TYPE, sizeof(ct), &ct, NULL));
    CHECK_EQ_U(CL_COMMAND_MAP_BUFFER, ct);
    clReleaseEvent(me);
    CHECK_OK(clEnqueueUnmapMemObject(q, a, p, 0, NULL, &me));
    CHECK_OK(clGetEventInfo(me, CL_EVENT_COMMAND_TYPE, sizeof(ct), &ct, NULL));
    CHECK_EQ_U(CL_COMMAND_UNMAP_MEM_OBJECT, ct);
    CHECK_OK(clWaitForEvents(1, &me));
    clReleaseEvent(me);
}

static void wait_list_errors(conf_t *t)
{
    cl_command_queue q = conf_queue(t);
    REQUIRE(q);
    cl_event u;
    REQUIRE_CREATE(u, clCreateUserEvent(conf_context(t), ERRP));
    conf_defer_event(t, u);
    cl_event nullev = NULL;
    /* "CL_INVALID_EVENT_WAIT_LIST if event_wait_list is NULL and num_events_in_wait_list >
     * 0, or event_wait_list is not NULL and num_events_in_wait_list is 0, or if event
     * objects in event_wait_list are not valid events." */
    CHECK_ERR(CL_INVALID_EVENT_WAIT_LIST, clEnqueueMarkerWithWaitList(q, 1, NULL, NULL));
    CHECK_ERR(CL_INVALID_EVENT_WAIT_LIST, clEnqueueMarkerWithWaitList(q, 0, &u, NULL));
    CHECK_ERR(CL_INVALID_EVENT_WAIT_LIST, clEnqueueMarkerWithWaitList(q, 1, &nullev, NULL));
    CHECK_ERR(CL_INVALID_EVENT_WAIT_LIST, clEnqueueBarrierWithWaitList(q, 1, NULL, NULL));
    CHECK_ERR(CL_INVALID_EVENT_WAIT_LIST, clEnqueueBarrierWithWaitList(q, 0, &u, NULL));
    cl_mem m;
    REQUIRE_CREATE(m, clCreateBuffer(conf_context(t), CL_MEM_READ_WRITE, 64, NULL, ERRP));
    conf_defer_mem(t, m);
    char buf[64];
    CHECK_ERR(CL_INVALID_EVENT_WAIT_LIST,
              clEnqueueWriteBuffer(q, m, CL_FALSE, 0, 64, buf, 1, NULL, NULL));
    CHECK_ERR(CL_INVALID_EVENT_WAIT_LIST,
              clEnqueueReadBuffer(q, m, CL_FALSE, 0, 64, buf, 0, &u, NULL));
    /* "CL_INVALID_VALUE if num_events is zero or event_list is NULL." */
    CHECK_ERR(CL_INVALID_VALUE, clWaitForEvents(0, &u));
    CHECK_ERR(CL_INVALID_VALUE, clWaitForEvents(1, NULL));
    /* "CL_INVALID_EVENT if event objects specified in event_list are not valid event
     * objects." */
    cl_event two[2] = {u, NULL};
    CHECK_ERR(CL_INVALID_EVENT, clWaitForEvents(2, two));
    /* deprecated forms */
    CHECK_ERR(CL_INVALID_VALUE, clEnqueueWaitForEvents(q, 0, &u));
    CHECK_ERR(CL_INVALID_VALUE, clEnqueueMarker(q, NULL));
    CHECK_OK(clSetUserEventStatus(u, CL_COMPLETE));
}

/* "CL_INVALID_CONTEXT if the context associated with command_queue and events in
 * event_wait_list are not the same" / clWaitForEvents: "if events specified in event_list
 * do not belong to the same context." */
static void wait_list_two_contexts(conf_t *t)
{
    cl_command_queue q = conf_queue(t);
    REQUIRE(q);
    cl_int err;
    cl_context c2 = clCreateContext(NULL, 1, &t->device, NULL, NULL, &err);
    REQUIRE_ERR(CL_SUCCESS, err);
    conf_defer_context(t, c2);
    cl_event u1, u2;
    REQUIRE_CREATE(u1, clCreateUserEvent(conf_context(t), ERRP));
    conf_defer_event(t, u1);
    REQUIRE_CREATE(u2, clCreateUserEvent(c2, ERRP));
    conf_defer_event(t, u2);
    CHECK_ERR(CL_INVALID_CONTEXT, clEnqueueMarkerWithWaitList(q, 1, &u2, NULL));
    CHECK_ERR(CL_INVALID_CONTEXT, clEnqueueBarrierWithWaitList(q, 1, &u2, NULL));
    cl_mem m;
    REQUIRE_CREATE(m, clCreateBuffer(conf_context(t), CL_MEM_READ_WRITE, 64, NULL, ERRP));
    conf_defer_mem(t, m);
    char buf[64] = {0};
    CHECK_ERR(CL_INVALID_CONTEXT, clEnqueueWriteBuffer(q, m, CL_FALSE, 0, 64, buf, 1, &u2, NULL));
    cl_event both[2] = {u1, u2};
    CHECK_OK(clSetUserEventStatus(u1, CL_COMPLETE));
    CHECK_OK(clSetUserEventStatus(u2, CL_COMPLETE));
    CHECK_ERR(CL_INVALID_CONTEXT, clWaitForEvents(2, both));
    /* a queue in the second context may wait on its own events */
    cl_command_queue q2;
    REQUIRE_CREATE(q2, clCreateCommandQueueWithProperties(c2, t->device, NULL, ERRP));
    conf_defer_queue(t, q2);
    CHECK_OK(clEnqueueMarkerWithWaitList(q2, 1, &u2, NULL));
    CHECK_OK(clFinish(q2));
}

/* a command in one queue waits for a command in another queue of the same context */
static void wait_list_cross_queue(conf_t *t)
{
    cl_context c = conf_context(t);
    cl_command_queue q1 = conf_queue(t);
    REQUIRE(q1);
    cl_command_queue q2;
    REQUIRE_CREATE(q2, clCreateCommandQueueWithProperties(c, t->device, NULL, ERRP));
    conf_defer_queue(t, q2);
    cl_mem m;
    REQUIRE_CREATE(m, clCreateBuffer(c, CL_MEM_READ_WRITE, 1024, NULL, ERRP));
    conf_defer_mem(t, m);
    cl_event gate, w, r;
    REQUIRE_CREATE(gate, clCreateUserEvent(c, ERRP));
    conf_defer_event(t, gate);
    static unsigned char in[1024], out[1024];
    conf_pattern(in, sizeof(in), 11);
    memset(out, 0, sizeof(out));
    CHECK_OK(clEnqueueWriteBuffer(q1, m, CL_FALSE, 0, 1024, in, 1, &gate, &w));
    CHECK_OK(clEnqueueReadBuffer(q2, m, CL_FALSE, 0, 1024, out, 1, &w, &r));
    CHECK_OK(clFlush(q1));
    CHECK_OK(clFlush(q2));
    /* nothing may run before the gate opens */
    CHECK(conf_event_status(w) > CL_COMPLETE);
    CHECK(conf_event_status(r) > CL_COMPLETE);
    CHECK_OK(clSetUserEventStatus(gate, CL_COMPLETE));
    CHECK_OK(clWaitForEvents(1, &r));
    CHECK_STATUS(CL_COMPLETE, w);
    CHECK_MEM_EQ(in, out, sizeof(out));
    clReleaseEvent(w);
    clReleaseEvent(r);
}

struct cb_log {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    int calls;
    int count[3];   /* per registered type: CL_COMPLETE, CL_RUNNING, CL_SUBMITTED */
    cl_int arg[3];  /* status passed to the callback */
    bool too_early; /* event status at callback time was before the registered type */
};

static void CL_CALLBACK status_cb(cl_event e, cl_int status, void *ud)
{
    struct cb_log *l = ud;
    cl_int now = 99;
    clGetEventInfo(e, CL_EVENT_COMMAND_EXECUTION_STATUS, sizeof(now), &now, NULL);
    pthread_mutex_lock(&l->lock);
    int idx = status < 0 ? 0 : status;
    if (idx >= 0 && idx <= 2) {
        l->count[idx]++;
        l->arg[idx] = status;
    }
    if (now > status)
        l->too_early = true;
    l->calls++;
    pthread_cond_broadcast(&l->cond);
    pthread_mutex_unlock(&l->lock);
}

static void cb_wait(struct cb_log *l, int n)
{
    pthread_mutex_lock(&l->lock);
    while (l->calls < n)
        pthread_cond_wait(&l->cond, &l->lock);
    pthread_mutex_unlock(&l->lock);
}

/* "The registered callback function will be called when the execution status of command
 * associated with event changes to an execution status equal to or past the status
 * specified by command_exec_status." The order among callbacks of different types is
 * not specified ("The order in which the registered user callback functions are called is
 * undefined"), so only counts and statuses are checked. */
static void event_callbacks(conf_t *t)
{
    cl_context c = conf_context(t);
    cl_command_queue q = conf_queue(t);
    REQUIRE(q);
    static struct cb_log l = {
        PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, {0}, {0}, false};
    memset(l.count, 0, sizeof(l.count));
    l.calls = 0;
    l.too_early = false;
    cl_event gate, m;
    REQUIRE_CREATE(gate, clCreateUserEvent(c, ERRP));
    conf_defer_event(t, gate);
    CHECK_OK(clEnqueueMarkerWithWaitList(q, 1, &gate, &m));
    conf_defer_event(t, m);
    /* "CL_INVALID_VALUE if pfn_event_notify is NULL or if command_exec_callback_type is
     * not CL_SUBMITTED, CL_RUNNING, or CL_COMPLETE." */
    CHECK_ERR(CL_INVALID_VALUE, clSetEventCallback(m, CL_COMPLETE, NULL, &l));
    CHECK_ERR(CL_INVALID_VALUE, clSetEventCallback(m, CL_QUEUED, status_cb, &l));
    CHECK_ERR(CL_INVALID_VALUE, clSetEventCallback(m, 17, status_cb, &l));
    CHECK_OK(clSetEventCallback(m, CL_SUBMITTED, status_cb, &l));
    CHECK_OK(clSetEventCallback(m, CL_RUNNING, status_cb, &l));
    CHECK_OK(clSetEventCallback(m, CL_COMPLETE, status_cb, &l));
    CHECK_OK(clFlush(q));
    CHECK_OK(clSetUserEventStatus(gate, CL_COMPLETE));
    CHECK_OK(clWaitForEvents(1, &m));
    cb_wait(&l, 3);
    CHECK_EQ_I(1, l.count[CL_SUBMITTED]);
    CHECK_EQ_I(1, l.count[CL_RUNNING]);
    CHECK_EQ_I(1, l.count[CL_COMPLETE]);
    CHECK_MSG(!l.too_early, "a callback ran before the event reached its status");
    /* a callback registered after completion still runs */
    CHECK_OK(clSetEventCallback(m, CL_COMPLETE, status_cb, &l));
    cb_wait(&l, 4);
    CHECK_EQ_I(2, l.count[CL_COMPLETE]);
    /* callbacks on user events */
    cl_event u;
    REQUIRE_CREATE(u, clCreateUserEvent(c, ERRP));
    conf_defer_event(t, u);
    CHECK_OK(clSetEventCallback(u, CL_COMPLETE, status_cb, &l));
    CHECK_OK(clSetUserEventStatus(u, CL_COMPLETE));
    cb_wait(&l, 5);
    CHECK_EQ_I(3, l.count[CL_COMPLETE]);
}

static struct cb_log neg_log = {
    PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, {0}, {0}, false};

/* A user event set to an error: the callback gets the error, dependants do not run,
 * waits report CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST. */
static void user_event_failure(conf_t *t)
{
    cl_context c = conf_context(t);
    cl_command_queue q = conf_queue(t);
    REQUIRE(q);
    neg_log.calls = 0;
    memset(neg_log.count, 0, sizeof(neg_log.count));
    cl_event u, rd;
    REQUIRE_CREATE(u, clCreateUserEvent(c, ERRP));
    conf_defer_event(t, u);
    cl_mem m;
    static unsigned char in[256], out[256], zero[256];
    conf_pattern(in, sizeof(in), 5);
    memset(out, 0, sizeof(out));
    REQUIRE_CREATE(m, clCreateBuffer(c, CL_MEM_READ_WRITE | CL_MEM_COPY_HOST_PTR, 256, in, ERRP));
    conf_defer_mem(t, m);
    CHECK_OK(clSetEventCallback(u, CL_COMPLETE, status_cb, &neg_log));
    /* the read into host memory must not happen: `out` stays zero */
    CHECK_OK(clEnqueueReadBuffer(q, m, CL_FALSE, 0, 256, out, 1, &u, &rd));
    conf_defer_event(t, rd);
    CHECK_OK(clFlush(q));
    CHECK_OK(clSetUserEventStatus(u, -42));
    CHECK_STATUS(-42, u);
    /* clWaitForEvents: "CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST if the execution status
     * of any of the events in event_list is a negative integer value." */
    CHECK_ERR(CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST, clWaitForEvents(1, &u));
    CHECK_ERR(CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST, clWaitForEvents(1, &rd));
    CHECK_MSG(conf_event_status(rd) < 0, "dependent command status %s, expected an error",
              conf_err_name(conf_event_status(rd)));
    CHECK_MEM_EQ(zero, out, sizeof(out));
    /* last, since an implementation that never calls it hangs here until the watchdog:
     * "If the callback is called as the result of the command associated with event being
     * abnormally terminated, an appropriate error code for the error that caused the
     * termination will be passed to event_command_status instead." */
    cb_wait(&neg_log, 1);
    CHECK_EQ_I(-42, neg_log.arg[0]);
}

/* markers and barriers on out-of-order queues */
static void markers_barriers_ooo(conf_t *t)
{
    cl_command_queue q = ooo_queue(t, 0);
    if (!q)
        SKIP("device does not support out-of-order host queues");
    cl_context c = conf_context(t);
    cl_event u1, u2, u3, a, m_all, m_list, b, w;
    REQUIRE_CREATE(u1, clCreateUserEvent(c, ERRP));
    conf_defer_event(t, u1);
    REQUIRE_CREATE(u2, clCreateUserEvent(c, ERRP));
    conf_defer_event(t, u2);
    REQUIRE_CREATE(u3, clCreateUserEvent(c, ERRP));
    conf_defer_event(t, u3);
    CHECK_OK(clEnqueueMarkerWithWaitList(q, 1, &u1, &a));
    conf_defer_event(t, a);
    /* "If event_wait_list is NULL, then this particular command waits until all previous
     * enqueued commands to command_queue have completed." */
    CHECK_OK(clEnqueueMarkerWithWaitList(q, 0, NULL, &m_all));
    conf_defer_event(t, m_all);
    /* with a list: waits only for the listed events */
    CHECK_OK(clEnqueueMarkerWithWaitList(q, 1, &u2, &m_list));
    conf_defer_event(t, m_list);
    CHECK_OK(clFlush(q));
    CHECK_OK(clSetUserEventStatus(u2, CL_COMPLETE));
    /* An out-of-order queue may still execute in order, so m_list is not waited for
     * before u1 opens; what must hold is that nothing behind u1 completed early. */
    CHECK(conf_event_status(a) > CL_COMPLETE);
    CHECK(conf_event_status(m_all) > CL_COMPLETE);
    CHECK_OK(clSetUserEventStatus(u1, CL_COMPLETE));
    CHECK_OK(clWaitForEvents(1, &m_all));
    CHECK_OK(clWaitForEvents(1, &m_list));
    CHECK_STATUS(CL_COMPLETE, a);
    /* a barrier with a wait list blocks the commands enqueued after it */
    CHECK_OK(clEnqueueBarrierWithWaitList(q, 1, &u3, &b));
    conf_defer_event(t, b);
    CHECK_OK(clEnqueueMarkerWithWaitList(q, 0, NULL, &w));
    conf_defer_event(t, w);
    cl_event w2;
    cl_mem m;
    REQUIRE_CREATE(m, clCreateBuffer(c, CL_MEM_READ_WRITE, 64, NULL, ERRP));
    conf_defer_mem(t, m);
    int pat = 5;
    CHECK_OK(clEnqueueFillBuffer(q, m, &pat, sizeof(pat), 0, 64, 0, NULL, &w2));
    conf_defer_event(t, w2);
    CHECK_OK(clFlush(q));
    CHECK(conf_event_status(b) > CL_COMPLETE);
    CHECK(conf_event_status(w) > CL_COMPLETE);
    CHECK(conf_event_status(w2) > CL_COMPLETE);
    CHECK_OK(clSetUserEventStatus(u3, CL_COMPLETE));
    cl_event all[3] = {b, w, w2};
    CHECK_OK(clWaitForEvents(3, all));
}

/* the deprecated OpenCL 1.1 marker, barrier and wait entry points */
static void deprecated_markers(conf_t *t)
{
    cl_command_queue q = conf_queue(t);
    REQUIRE(q);
    cl_event old;
    CHECK_OK(clEnqueueMarker(q, &old));
    conf_defer_event(t, old);
    CHECK_OK(clEnqueueBarrier(q));
    CHECK_OK(clEnqueueWaitForEvents(q, 1, &old));
    CHECK_OK(clFinish(q));
    CHECK_STATUS(CL_COMPLETE, old);
    cl_command_type ct = 0;
    CHECK_OK(clGetEventInfo(old, CL_EVENT_COMMAND_TYPE, sizeof(ct), &ct, NULL));
    CHECK_EQ_U(CL_COMMAND_MARKER, ct);
}

static void profiling(conf_t *t)
{
    cl_context c = conf_context(t);
    REQUIRE(c);
    cl_queue_properties props[] = {CL_QUEUE_PROPERTIES, CL_QUEUE_PROFILING_ENABLE, 0};
    cl_command_queue pq;
    REQUIRE_CREATE(pq, clCreateCommandQueueWithProperties(c, t->device, props, ERRP));
    conf_defer_queue(t, pq);
    cl_mem m;
    REQUIRE_CREATE(m, clCreateBuffer(c, CL_MEM_READ_WRITE, 1 << 16, NULL, ERRP));
    conf_defer_mem(t, m);
    static unsigned char data[1 << 16];
    cl_event gate, e, mk;
    REQUIRE_CREATE(gate, clCreateUserEvent(c, ERRP));
    conf_defer_event(t, gate);
    CHECK_OK(clEnqueueWriteBuffer(pq, m, CL_FALSE, 0, sizeof(data), data, 1, &gate, &e));
    conf_defer_event(t, e);
    cl_ulong ts[5] = {0};
    /* "CL_PROFILING_INFO_NOT_AVAILABLE if ... the execution status of the command identified
     * by event is not CL_COMPLETE" */
    CHECK_ERR(CL_PROFILING_INFO_NOT_AVAILABLE,
              clGetEventProfilingInfo(e, CL_PROFILING_COMMAND_END, sizeof(ts[0]), ts, NULL));
    CHECK_OK(clSetUserEventStatus(gate, CL_COMPLETE));
    CHECK_OK(clWaitForEvents(1, &e));
    static const cl_profiling_info params[5] = {
        CL_PROFILING_COMMAND_QUEUED, CL_PROFILING_COMMAND_SUBMIT, CL_PROFILING_COMMAND_START,
        CL_PROFILING_COMMAND_END, CL_PROFILING_COMMAND_COMPLETE};
    for (int i = 0; i < 5; i++) {
        size_t sz = 0;
        CHECK_OK(clGetEventProfilingInfo(e, params[i], sizeof(ts[i]), &ts[i], &sz));
        CHECK_EQ_U(sizeof(cl_ulong), sz);
    }
    CHECK_MSG(ts[0] <= ts[1] && ts[1] <= ts[2] && ts[2] <= ts[3] && ts[3] <= ts[4],
              "queued %llu submit %llu start %llu end %llu complete %llu not ordered",
              (unsigned long long)ts[0], (unsigned long long)ts[1], (unsigned long long)ts[2],
              (unsigned long long)ts[3], (unsigned long long)ts[4]);
    CHECK(ts[0] > 0);
    CHECK_ERR(CL_INVALID_VALUE, clGetEventProfilingInfo(e, 0x7777, sizeof(ts[0]), ts, NULL));
    CHECK_ERR(CL_INVALID_VALUE,
              clGetEventProfilingInfo(e, CL_PROFILING_COMMAND_START, 4, ts, NULL));
    CHECK_OK(clEnqueueMarkerWithWaitList(pq, 0, NULL, &mk));
    conf_defer_event(t, mk);
    CHECK_OK(clWaitForEvents(1, &mk));
    CHECK_OK(clGetEventProfilingInfo(mk, CL_PROFILING_COMMAND_END, sizeof(ts[0]), ts, NULL));
    /* user events: "CL_PROFILING_INFO_NOT_AVAILABLE if ... event is a user event object" */
    CHECK_ERR(CL_PROFILING_INFO_NOT_AVAILABLE,
              clGetEventProfilingInfo(gate, CL_PROFILING_COMMAND_QUEUED, sizeof(ts[0]), ts, NULL));
    /* "CL_PROFILING_INFO_NOT_AVAILABLE if the CL_QUEUE_PROFILING_ENABLE flag is not set for
     * the command-queue" */
    cl_event np;
    CHECK_OK(clEnqueueWriteBuffer(conf_queue(t), m, CL_TRUE, 0, 64, data, 0, NULL, &np));
    conf_defer_event(t, np);
    CHECK_ERR(CL_PROFILING_INFO_NOT_AVAILABLE,
              clGetEventProfilingInfo(np, CL_PROFILING_COMMAND_START, sizeof(ts[0]), ts, NULL));
}

static void release_event_before_completion(conf_t *t)
{
    cl_context c = conf_context(t);
    cl_command_queue q = conf_queue(t);
    REQUIRE(q);
    cl_event gate, e;
    REQUIRE_CREATE(gate, clCreateUserEvent(c, ERRP));
    conf_defer_event(t, gate);
    cl_mem m;
    REQUIRE_CREATE(m, clCreateBuffer(c, CL_MEM_READ_WRITE, 64, NULL, ERRP));
    conf_defer_mem(t, m);
    static unsigned char in[64], out[64];
    conf_pattern(in, 64, 77);
    CHECK_OK(clEnqueueWriteBuffer(q, m, CL_FALSE, 0, 64, in, 1, &gate, &e));
    /* "The event object is deleted once the reference count becomes zero, the specific
     * command identified by this event has completed" -- releasing early is legal */
    CHECK_OK(clReleaseEvent(e));
    CHECK_OK(clSetUserEventStatus(gate, CL_COMPLETE));
    CHECK_OK(clEnqueueReadBuffer(q, m, CL_TRUE, 0, 64, out, 0, NULL, NULL));
    CHECK_MEM_EQ(in, out, 64);
}

static const struct conf_test tests[] = {
    CONF_TEST(user_event_basics),
    CONF_TEST(event_info_command_types),
    CONF_TEST(wait_list_errors),
    CONF_TEST(wait_list_two_contexts),
    CONF_TEST(wait_list_cross_queue),
    CONF_TEST(event_callbacks),
    CONF_TEST(user_event_failure),
    CONF_TEST(markers_barriers_ooo),
    CONF_TEST(deprecated_markers),
    CONF_TEST(profiling),
    CONF_TEST(release_event_before_completion),
};
CONF_CATEGORY(conf_cat_events, "events",
              "user events, wait lists across queues and contexts, callbacks, error propagation, "
              "markers, barriers, profiling",
              tests);
