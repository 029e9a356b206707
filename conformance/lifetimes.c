/*
 * lifetimes: the specification's reference-counting rules, where getting
 * them wrong makes an application wait forever. A memory object is deleted
 * (its destructor callbacks run) once its reference count is zero and the
 * commands using it are done, whatever kernels still name it as an
 * argument; a released queue, event or program still finishes what was
 * asked of it. Every wait here is bounded (WAIT_SECONDS), so a hang is a
 * failure with a message, not a stuck run.
 */
#include <errno.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>

#include "harness.h"

#define WAIT_SECONDS 10

/*
 * A count raised from a callback thread, waited on with a deadline: an
 * atomic count and a semaphore (sem_timedwait; destroying one never waits
 * for the threads that posted it).
 */
struct signal {
    atomic_int count;
    sem_t sem;
};

static void signal_init(struct signal *s)
{
    atomic_init(&s->count, 0);
    sem_init(&s->sem, 0, 0);
}

static void signal_raise(struct signal *s)
{
    atomic_fetch_add(&s->count, 1);
    sem_post(&s->sem);
}

/* Wait until @s was raised @n times; false after WAIT_SECONDS. */
static bool signal_wait(struct signal *s, int n)
{
    struct timespec deadline;

    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_sec += WAIT_SECONDS;
    while (atomic_load(&s->count) < n) {
        if (sem_timedwait(&s->sem, &deadline) && errno == ETIMEDOUT)
            break;
    }
    return atomic_load(&s->count) >= n;
}

static int signal_count(struct signal *s)
{
    return atomic_load(&s->count);
}

/* conf_defer()'s shape: a struct signal. */
static void signal_destroy(void *arg)
{
    struct signal *s = arg;

    sem_destroy(&s->sem);
}

static void CL_CALLBACK on_mem_destroyed(cl_mem mem, void *user_data)
{
    (void)mem;
    signal_raise(user_data);
}

static void CL_CALLBACK on_event(cl_event ev, cl_int status, void *user_data)
{
    (void)ev;
    (void)status;
    signal_raise(user_data);
}

static const char fill_src[] = "__kernel void fill(__global int *x, int v)\n"
                               "{\n"
                               "    x[get_global_id(0)] = v;\n"
                               "}\n";

/*
 * clReleaseMemObject: "After the memobj reference count becomes zero and
 * commands queued so far that use memobj have completed, the memory object
 * is deleted." A kernel argument is not a reference.
 */
static void kernel_arg_does_not_hold_buffer(conf_t *t)
{
    cl_kernel k = conf_kernel_or_skip(t, fill_src, "", "fill");
    if (!k)
        return;
    struct signal destroyed;
    signal_init(&destroyed);
    conf_defer(t, signal_destroy, &destroyed);
    cl_int err, v = 7;
    size_t n = 64;

    /* Set, never used, released: deleted at once or soon after, not when the kernel goes. */
    cl_mem idle =
        clCreateBuffer(conf_context(t), CL_MEM_READ_WRITE, n * sizeof(cl_int), NULL, &err);
    REQUIRE_OK(err);
    REQUIRE_OK(clSetMemObjectDestructorCallback(idle, on_mem_destroyed, &destroyed));
    REQUIRE_OK(clSetKernelArg(k, 0, sizeof(idle), &idle));
    REQUIRE_OK(clReleaseMemObject(idle));
    CHECK_MSG(signal_wait(&destroyed, 1),
              "a released buffer that a kernel argument names was not deleted in %d s",
              WAIT_SECONDS);

    /* Used by a command, then released: deleted once the command is done. */
    cl_mem used =
        clCreateBuffer(conf_context(t), CL_MEM_READ_WRITE, n * sizeof(cl_int), NULL, &err);
    REQUIRE_OK(err);
    REQUIRE_OK(clSetMemObjectDestructorCallback(used, on_mem_destroyed, &destroyed));
    REQUIRE_OK(clSetKernelArg(k, 0, sizeof(used), &used));
    REQUIRE_OK(clSetKernelArg(k, 1, sizeof(v), &v));
    cl_event done;
    REQUIRE_OK(clEnqueueNDRangeKernel(conf_queue(t), k, 1, NULL, &n, NULL, 0, NULL, &done));
    conf_defer_event(t, done);
    REQUIRE_OK(clReleaseMemObject(used));
    REQUIRE_OK(clWaitForEvents(1, &done));
    CHECK_MSG(signal_wait(&destroyed, 2),
              "a released buffer was not deleted %d s after the command using it completed",
              WAIT_SECONDS);

    /* The kernel is still usable with a new argument. */
    cl_int out[64];
    cl_mem fresh = conf_buffer(t, CL_MEM_READ_WRITE, sizeof(out), NULL);
    REQUIRE(fresh);
    REQUIRE_OK(clSetKernelArg(k, 0, sizeof(fresh), &fresh));
    REQUIRE_OK(clEnqueueNDRangeKernel(conf_queue(t), k, 1, NULL, &n, NULL, 0, NULL, NULL));
    REQUIRE_OK(conf_read_buf(t, fresh, out, sizeof(out)));
    for (size_t i = 0; i < n; i++)
        CHECK_EQ_I(7, out[i]);
    CHECK_EQ_I(2, signal_count(&destroyed));
}

/*
 * clReleaseCommandQueue performs an implicit flush; the commands of a
 * released queue still run, including ones waiting on a user event.
 */
static void released_queue_finishes(conf_t *t)
{
    cl_kernel k = conf_kernel_or_skip(t, fill_src, "", "fill");
    if (!k)
        return;
    cl_int err, v = 5, out[32];
    size_t n = 32;
    cl_mem b = conf_buffer(t, CL_MEM_READ_WRITE, sizeof(out), NULL);
    REQUIRE(b);
    cl_command_queue q = clCreateCommandQueueWithProperties(conf_context(t), t->device, NULL, &err);
    REQUIRE_OK(err);
    cl_event gate = clCreateUserEvent(conf_context(t), &err);
    REQUIRE_OK(err);
    conf_defer_event(t, gate);
    REQUIRE_OK(clSetKernelArg(k, 0, sizeof(b), &b));
    REQUIRE_OK(clSetKernelArg(k, 1, sizeof(v), &v));
    cl_event done;
    REQUIRE_OK(clEnqueueNDRangeKernel(q, k, 1, NULL, &n, NULL, 1, &gate, &done));
    conf_defer_event(t, done);
    REQUIRE_OK(clReleaseCommandQueue(q));
    REQUIRE_OK(clSetUserEventStatus(gate, CL_COMPLETE));
    struct signal finished;
    signal_init(&finished);
    conf_defer(t, signal_destroy, &finished);
    REQUIRE_OK(clSetEventCallback(done, CL_COMPLETE, on_event, &finished));
    CHECK_MSG(signal_wait(&finished, 1), "a released queue's command did not complete in %d s",
              WAIT_SECONDS);
    CHECK_STATUS(CL_COMPLETE, done);
    REQUIRE_OK(conf_read_buf(t, b, out, sizeof(out)));
    for (size_t i = 0; i < n; i++)
        CHECK_EQ_I(5, out[i]);
}

/* An event the application released before it completed still completes and calls back. */
static void released_event_calls_back(conf_t *t)
{
    cl_int err;
    struct signal called;
    signal_init(&called);
    conf_defer(t, signal_destroy, &called);
    cl_event gate = clCreateUserEvent(conf_context(t), &err);
    REQUIRE_OK(err);
    conf_defer_event(t, gate);
    cl_event marker;
    REQUIRE_OK(clEnqueueMarkerWithWaitList(conf_queue(t), 1, &gate, &marker));
    REQUIRE_OK(clSetEventCallback(marker, CL_COMPLETE, on_event, &called));
    REQUIRE_OK(clReleaseEvent(marker));
    CHECK_EQ_I(0, signal_count(&called));
    REQUIRE_OK(clSetUserEventStatus(gate, CL_COMPLETE));
    CHECK_MSG(signal_wait(&called, 1), "a released event's callback did not run in %d s",
              WAIT_SECONDS);
    CHECK_OK(clFinish(conf_queue(t)));
}

/*
 * A kernel holds its program: released by the application, the program
 * stays queryable through the kernel and its kernel still runs.
 */
static void released_program_kernel_runs(conf_t *t)
{
    cl_int err, v = 9, out[16];
    size_t n = 16;
    cl_program p =
        clCreateProgramWithSource(conf_context(t), 1, (const char *[]){fill_src}, NULL, &err);
    REQUIRE_OK(err);
    if (!conf_has_compiler(t)) {
        clReleaseProgram(p);
        SKIP("device reports CL_DEVICE_COMPILER_AVAILABLE == CL_FALSE");
    }
    err = clBuildProgram(p, 1, &t->device, "", NULL, NULL);
    if (err != CL_SUCCESS) {
        clReleaseProgram(p);
        REQUIRE_OK(err);
    }
    cl_kernel k = clCreateKernel(p, "fill", &err);
    REQUIRE_OK(err);
    conf_defer_kernel(t, k);
    REQUIRE_OK(clReleaseProgram(p));
    cl_program back = NULL;
    CHECK_OK(clGetKernelInfo(k, CL_KERNEL_PROGRAM, sizeof(back), &back, NULL));
    CHECK_EQ_P(p, back);
    cl_mem b = conf_buffer(t, CL_MEM_READ_WRITE, sizeof(out), NULL);
    REQUIRE(b);
    REQUIRE_OK(clSetKernelArg(k, 0, sizeof(b), &b));
    REQUIRE_OK(clSetKernelArg(k, 1, sizeof(v), &v));
    REQUIRE_OK(clEnqueueNDRangeKernel(conf_queue(t), k, 1, NULL, &n, NULL, 0, NULL, NULL));
    REQUIRE_OK(conf_read_buf(t, b, out, sizeof(out)));
    for (size_t i = 0; i < n; i++)
        CHECK_EQ_I(9, out[i]);
}

static const struct conf_test tests[] = {
    CONF_TEST(kernel_arg_does_not_hold_buffer),
    CONF_TEST(released_queue_finishes),
    CONF_TEST(released_event_calls_back),
    CONF_TEST(released_program_kernel_runs),
};
CONF_CATEGORY(conf_cat_lifetimes, "lifetimes",
              "reference counting of kernel arguments, queues, events and programs", tests);
