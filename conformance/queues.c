/* queues: creation with every property combination, queries, ordering, flush/finish. */
#include "harness.h"

#include <pthread.h>
#include <string.h>

static void queue_create_default(conf_t *t)
{
    cl_context c = conf_context(t);
    REQUIRE(c);
    cl_command_queue q;
    REQUIRE_CREATE(q, clCreateCommandQueueWithProperties(c, t->device, NULL, ERRP));
    conf_defer_queue(t, q);
    cl_context qc = NULL;
    CHECK_OK(clGetCommandQueueInfo(q, CL_QUEUE_CONTEXT, sizeof(qc), &qc, NULL));
    CHECK_EQ_P(c, qc);
    cl_device_id qd = NULL;
    CHECK_OK(clGetCommandQueueInfo(q, CL_QUEUE_DEVICE, sizeof(qd), &qd, NULL));
    CHECK_EQ_P(t->device, qd);
    cl_uint rc = 0;
    CHECK_OK(clGetCommandQueueInfo(q, CL_QUEUE_REFERENCE_COUNT, sizeof(rc), &rc, NULL));
    CHECK_EQ_U(1, rc);
    cl_command_queue_properties props = 99;
    CHECK_OK(clGetCommandQueueInfo(q, CL_QUEUE_PROPERTIES, sizeof(props), &props, NULL));
    CHECK_EQ_U(0, props);
    /* "If the properties argument specified in clCreateCommandQueueWithProperties used to
     * create command_queue was NULL, the implementation must return param_value_size_ret
     * equal to 0" */
    size_t sz = 77;
    CHECK_OK(clGetCommandQueueInfo(q, CL_QUEUE_PROPERTIES_ARRAY, 0, NULL, &sz));
    CHECK_EQ_U(0, sz);
    /* CL_QUEUE_SIZE: "CL_INVALID_COMMAND_QUEUE if command_queue is not a valid command-queue,
     * or if command_queue is not a valid command-queue for param_name" -- the size is only
     * defined for device queues; the CTS (api/test_queue_properties_queries) expects this. */
    cl_uint qsz = 0;
    CHECK_ERR(CL_INVALID_COMMAND_QUEUE,
              clGetCommandQueueInfo(q, CL_QUEUE_SIZE, sizeof(qsz), &qsz, NULL));
    CHECK_ERR(CL_INVALID_VALUE, clGetCommandQueueInfo(q, 0x7777, sizeof(rc), &rc, NULL));
    CHECK_ERR(CL_INVALID_VALUE, clGetCommandQueueInfo(q, CL_QUEUE_REFERENCE_COUNT, 1, &rc, NULL));
    CHECK_OK(clRetainCommandQueue(q));
    CHECK_OK(clGetCommandQueueInfo(q, CL_QUEUE_REFERENCE_COUNT, sizeof(rc), &rc, NULL));
    CHECK_EQ_U(2, rc);
    CHECK_OK(clReleaseCommandQueue(q));
    CHECK_OK(clGetCommandQueueInfo(q, CL_QUEUE_REFERENCE_COUNT, sizeof(rc), &rc, NULL));
    CHECK_EQ_U(1, rc);
}

static void queue_host_properties(conf_t *t)
{
    cl_context c = conf_context(t);
    REQUIRE(c);
    cl_command_queue_properties supported = 0;
    CHECK_OK(clGetDeviceInfo(t->device, CL_DEVICE_QUEUE_ON_HOST_PROPERTIES, sizeof(supported),
                             &supported, NULL));
    static const cl_command_queue_properties combos[] = {
        0, CL_QUEUE_PROFILING_ENABLE, CL_QUEUE_OUT_OF_ORDER_EXEC_MODE_ENABLE,
        CL_QUEUE_PROFILING_ENABLE | CL_QUEUE_OUT_OF_ORDER_EXEC_MODE_ENABLE};
    for (size_t i = 0; i < 4; i++) {
        cl_queue_properties props[] = {CL_QUEUE_PROPERTIES, combos[i], 0};
        cl_int err = 1;
        cl_command_queue q = clCreateCommandQueueWithProperties(c, t->device, props, &err);
        if ((combos[i] & supported) == combos[i]) {
            CHECK_OK(err);
            if (!q)
                continue;
            cl_command_queue_properties got = 99;
            CHECK_OK(clGetCommandQueueInfo(q, CL_QUEUE_PROPERTIES, sizeof(got), &got, NULL));
            CHECK_EQ_U(combos[i], got);
            cl_queue_properties arr[8] = {0};
            size_t sz = 0;
            CHECK_OK(clGetCommandQueueInfo(q, CL_QUEUE_PROPERTIES_ARRAY, sizeof(arr), arr, &sz));
            CHECK_EQ_U(sizeof(props), sz);
            CHECK_MEM_EQ(props, arr, sizeof(props));
            CHECK_OK(clReleaseCommandQueue(q));
        } else {
            /* "CL_INVALID_QUEUE_PROPERTIES if values specified in properties are valid but
             * are not supported by the device." */
            CHECK_ERR(CL_INVALID_QUEUE_PROPERTIES, err);
            CHECK(q == NULL);
        }
        /* the deprecated entry point takes the same bitfield */
        q = clCreateCommandQueue(c, t->device, combos[i], &err);
        if ((combos[i] & supported) == combos[i]) {
            CHECK_OK(err);
            if (q) {
                cl_command_queue_properties got = 99;
                CHECK_OK(clGetCommandQueueInfo(q, CL_QUEUE_PROPERTIES, sizeof(got), &got, NULL));
                CHECK_EQ_U(combos[i], got);
                CHECK_OK(clReleaseCommandQueue(q));
            }
        } else {
            CHECK_ERR(CL_INVALID_QUEUE_PROPERTIES, err);
        }
    }
    /* an empty property list is a valid list */
    cl_queue_properties empty[] = {0};
    cl_command_queue q;
    REQUIRE_CREATE(q, clCreateCommandQueueWithProperties(c, t->device, empty, ERRP));
    CHECK_OK(clReleaseCommandQueue(q));
}

static void queue_invalid_properties(conf_t *t)
{
    cl_context c = conf_context(t);
    REQUIRE(c);
    /* "CL_INVALID_VALUE if values specified in properties are not valid." */
    cl_queue_properties unknown_bit[] = {CL_QUEUE_PROPERTIES, (cl_queue_properties)1 << 20, 0};
    CHECK_NULL_ERR(CL_INVALID_VALUE,
                   clCreateCommandQueueWithProperties(c, t->device, unknown_bit, ERRP));
    cl_queue_properties unknown_key[] = {0x7777, 0, 0};
    CHECK_NULL_ERR(CL_INVALID_VALUE,
                   clCreateCommandQueueWithProperties(c, t->device, unknown_key, ERRP));
    /* "CL_INVALID_DEVICE if device is not a valid device or is not associated with
     * context." */
    CHECK_NULL_ERR(CL_INVALID_DEVICE, clCreateCommandQueueWithProperties(c, NULL, NULL, ERRP));
    CHECK_NULL_ERR(CL_INVALID_DEVICE, clCreateCommandQueue(c, NULL, 0, ERRP));
    CHECK_NULL_ERR(CL_INVALID_VALUE,
                   clCreateCommandQueue(c, t->device, (cl_command_queue_properties)1 << 20, ERRP));
}

/* device-queue properties on the host API: separate, as some implementations abort here */
static void queue_device_properties(conf_t *t)
{
    cl_context c = conf_context(t);
    REQUIRE(c);
    cl_ulong dq = conf_dev_enqueue_caps(t, t->device);
    /* CL_QUEUE_ON_DEVICE: "If CL_QUEUE_ON_DEVICE is set, CL_QUEUE_OUT_OF_ORDER_EXEC_MODE_ENABLE
     * must also be set." */
    cl_queue_properties on_dev_in_order[] = {CL_QUEUE_PROPERTIES, CL_QUEUE_ON_DEVICE, 0};
    CHECK_NULL_ERR(CL_INVALID_VALUE,
                   clCreateCommandQueueWithProperties(c, t->device, on_dev_in_order, ERRP));
    /* CL_QUEUE_ON_DEVICE_DEFAULT "can only be used with CL_QUEUE_ON_DEVICE" */
    cl_queue_properties def_only[] = {
        CL_QUEUE_PROPERTIES, CL_QUEUE_ON_DEVICE_DEFAULT | CL_QUEUE_OUT_OF_ORDER_EXEC_MODE_ENABLE,
        0};
    CHECK_NULL_ERR(CL_INVALID_VALUE,
                   clCreateCommandQueueWithProperties(c, t->device, def_only, ERRP));
    /* CL_QUEUE_SIZE "can only be specified if CL_QUEUE_ON_DEVICE is set" */
    cl_queue_properties size_host[] = {CL_QUEUE_SIZE, 1024, 0};
    CHECK_NULL_ERR(CL_INVALID_VALUE,
                   clCreateCommandQueueWithProperties(c, t->device, size_host, ERRP));
    cl_queue_properties on_dev[] = {CL_QUEUE_PROPERTIES,
                                    CL_QUEUE_ON_DEVICE | CL_QUEUE_OUT_OF_ORDER_EXEC_MODE_ENABLE, 0};
    if (!(dq & CL_DEVICE_QUEUE_SUPPORTED)) {
        /* valid but unsupported: CL_INVALID_QUEUE_PROPERTIES */
        CHECK_NULL_ERR(CL_INVALID_QUEUE_PROPERTIES,
                       clCreateCommandQueueWithProperties(c, t->device, on_dev, ERRP));
    } else {
        cl_command_queue q;
        REQUIRE_CREATE(q, clCreateCommandQueueWithProperties(c, t->device, on_dev, ERRP));
        cl_uint qsz = 0;
        CHECK_OK(clGetCommandQueueInfo(q, CL_QUEUE_SIZE, sizeof(qsz), &qsz, NULL));
        CHECK(qsz > 0);
        CHECK_OK(clReleaseCommandQueue(q));
        cl_uint max = conf_dev_uint(t, t->device, CL_DEVICE_QUEUE_ON_DEVICE_MAX_SIZE);
        cl_queue_properties too_big[] = {
            CL_QUEUE_PROPERTIES, CL_QUEUE_ON_DEVICE | CL_QUEUE_OUT_OF_ORDER_EXEC_MODE_ENABLE,
            CL_QUEUE_SIZE, (cl_queue_properties)max + 1, 0};
        CHECK_NULL_ERR(CL_INVALID_VALUE,
                       clCreateCommandQueueWithProperties(c, t->device, too_big, ERRP));
    }
}

static void queue_flush_finish(conf_t *t)
{
    cl_command_queue q = conf_queue(t);
    REQUIRE(q);
    CHECK_OK(clFlush(q));
    CHECK_OK(clFinish(q));
    CHECK_OK(clFinish(q));
    cl_mem m;
    REQUIRE_CREATE(m, clCreateBuffer(conf_context(t), CL_MEM_READ_WRITE, 4096, NULL, ERRP));
    conf_defer_mem(t, m);
    static unsigned char data[4096];
    conf_pattern(data, sizeof(data), 3);
    cl_event e[8];
    for (int i = 0; i < 8; i++)
        CHECK_OK(clEnqueueWriteBuffer(q, m, CL_FALSE, (size_t)i * 512, 512, data + i * 512, 0, NULL,
                                      &e[i]));
    CHECK_OK(clFlush(q));
    CHECK_OK(clFinish(q));
    /* "clFinish ... blocks until all previously queued OpenCL commands in command_queue are
     * issued to the associated device and have completed." */
    for (int i = 0; i < 8; i++) {
        CHECK_STATUS(CL_COMPLETE, e[i]);
        clReleaseEvent(e[i]);
    }
}

/* in-order queues execute in order: overlapping writes, last one wins */
static void queue_in_order(conf_t *t)
{
    cl_command_queue q = conf_queue(t);
    REQUIRE(q);
    cl_mem m;
    REQUIRE_CREATE(m, clCreateBuffer(conf_context(t), CL_MEM_READ_WRITE, 1024, NULL, ERRP));
    conf_defer_mem(t, m);
    static cl_uint vals[64][256];
    for (int i = 0; i < 64; i++)
        for (int j = 0; j < 256; j++)
            vals[i][j] = (cl_uint)(i * 1000 + j);
    for (int i = 0; i < 64; i++) {
        if (i % 3 == 0) {
            cl_uint pat = (cl_uint)i;
            CHECK_OK(clEnqueueFillBuffer(q, m, &pat, sizeof(pat), 0, 1024, 0, NULL, NULL));
        }
        CHECK_OK(clEnqueueWriteBuffer(q, m, CL_FALSE, 0, 1024, vals[i], 0, NULL, NULL));
    }
    cl_uint out[256];
    CHECK_OK(clEnqueueReadBuffer(q, m, CL_TRUE, 0, sizeof(out), out, 0, NULL, NULL));
    CHECK_MEM_EQ(vals[63], out, sizeof(out));
}

struct order_rec {
    pthread_mutex_t lock;
    int log[64];
    int n;
};

struct native_arg {
    struct order_rec *rec;
    int id;
};

static void CL_CALLBACK record(void *p)
{
    struct native_arg *a = p;
    pthread_mutex_lock(&a->rec->lock);
    if (a->rec->n < 64)
        a->rec->log[a->rec->n] = a->id;
    a->rec->n++;
    pthread_mutex_unlock(&a->rec->lock);
}

/* native kernels observe execution order directly */
static void queue_in_order_native(conf_t *t)
{
    if (!conf_has_native_kernels(t))
        SKIP("device lacks CL_EXEC_NATIVE_KERNEL");
    cl_command_queue q = conf_queue(t);
    REQUIRE(q);
    static struct order_rec rec = {PTHREAD_MUTEX_INITIALIZER, {0}, 0};
    rec.n = 0;
    for (int i = 0; i < 32; i++) {
        struct native_arg a = {&rec, i};
        CHECK_OK(clEnqueueNativeKernel(q, record, &a, sizeof(a), 0, NULL, NULL, 0, NULL, NULL));
    }
    CHECK_OK(clFinish(q));
    CHECK_EQ_I(32, rec.n);
    bool ordered = true;
    for (int i = 0; i < 32 && i < rec.n; i++)
        ordered &= rec.log[i] == i;
    CHECK_MSG(ordered, "in-order queue ran native kernels out of order");
}

/* out-of-order queue: a barrier orders everything before it against everything after */
static void queue_out_of_order(conf_t *t)
{
    cl_command_queue_properties supported = 0;
    clGetDeviceInfo(t->device, CL_DEVICE_QUEUE_ON_HOST_PROPERTIES, sizeof(supported), &supported,
                    NULL);
    if (!(supported & CL_QUEUE_OUT_OF_ORDER_EXEC_MODE_ENABLE))
        SKIP("device does not support out-of-order host queues");
    cl_context c = conf_context(t);
    REQUIRE(c);
    cl_queue_properties props[] = {CL_QUEUE_PROPERTIES, CL_QUEUE_OUT_OF_ORDER_EXEC_MODE_ENABLE, 0};
    cl_command_queue q;
    REQUIRE_CREATE(q, clCreateCommandQueueWithProperties(c, t->device, props, ERRP));
    conf_defer_queue(t, q);
    cl_mem m;
    REQUIRE_CREATE(m, clCreateBuffer(c, CL_MEM_READ_WRITE, 64 * 64, NULL, ERRP));
    conf_defer_mem(t, m);
    static unsigned char a[64 * 64], b[64 * 64], out[64 * 64];
    conf_pattern(a, sizeof(a), 1);
    conf_pattern(b, sizeof(b), 2);
    for (int round = 0; round < 10; round++) {
        unsigned char *src = round % 2 ? b : a;
        for (int i = 0; i < 64; i++)
            CHECK_OK(clEnqueueWriteBuffer(q, m, CL_FALSE, (size_t)i * 64, 64, src + i * 64, 0, NULL,
                                          NULL));
        CHECK_OK(clEnqueueBarrierWithWaitList(q, 0, NULL, NULL));
    }
    cl_event done;
    CHECK_OK(clEnqueueReadBuffer(q, m, CL_FALSE, 0, sizeof(out), out, 0, NULL, &done));
    CHECK_OK(clWaitForEvents(1, &done));
    clReleaseEvent(done);
    CHECK_MEM_EQ(b, out, sizeof(out));
}

static void queue_release_pending(conf_t *t)
{
    /* "After the command_queue reference count becomes zero and all commands queued to
     * command_queue have finished ... the command-queue is deleted": releasing a queue
     * with work still queued must complete that work. */
    cl_context c = conf_context(t);
    REQUIRE(c);
    cl_command_queue q;
    REQUIRE_CREATE(q, clCreateCommandQueueWithProperties(c, t->device, NULL, ERRP));
    cl_mem m;
    REQUIRE_CREATE(m, clCreateBuffer(c, CL_MEM_READ_WRITE, 256, NULL, ERRP));
    conf_defer_mem(t, m);
    static unsigned char in[256], out[256];
    conf_pattern(in, sizeof(in), 9);
    cl_event e;
    CHECK_OK(clEnqueueWriteBuffer(q, m, CL_FALSE, 0, 256, in, 0, NULL, &e));
    CHECK_OK(clReleaseCommandQueue(q));
    CHECK_OK(clWaitForEvents(1, &e));
    CHECK_STATUS(CL_COMPLETE, e);
    cl_command_queue eq = NULL;
    CHECK_OK(clGetEventInfo(e, CL_EVENT_COMMAND_QUEUE, sizeof(eq), &eq, NULL));
    CHECK_EQ_P(q, eq);
    clReleaseEvent(e);
    CHECK_OK(clEnqueueReadBuffer(conf_queue(t), m, CL_TRUE, 0, 256, out, 0, NULL, NULL));
    CHECK_MEM_EQ(in, out, 256);
}

static void queue_multiple(conf_t *t)
{
    cl_context c = conf_context(t);
    REQUIRE(c);
    cl_command_queue qs[16];
    for (int i = 0; i < 16; i++) {
        REQUIRE_CREATE(qs[i], clCreateCommandQueueWithProperties(c, t->device, NULL, ERRP));
        conf_defer_queue(t, qs[i]);
    }
    cl_mem m;
    REQUIRE_CREATE(m, clCreateBuffer(c, CL_MEM_READ_WRITE, 16 * 64, NULL, ERRP));
    conf_defer_mem(t, m);
    static unsigned char in[16 * 64], out[16 * 64];
    conf_pattern(in, sizeof(in), 4);
    for (int i = 0; i < 16; i++)
        CHECK_OK(clEnqueueWriteBuffer(qs[i], m, CL_FALSE, (size_t)i * 64, 64, in + i * 64, 0, NULL,
                                      NULL));
    for (int i = 0; i < 16; i++)
        CHECK_OK(clFinish(qs[i]));
    CHECK_OK(clEnqueueReadBuffer(qs[0], m, CL_TRUE, 0, sizeof(out), out, 0, NULL, NULL));
    CHECK_MEM_EQ(in, out, sizeof(out));
}

static const struct conf_test tests[] = {
    CONF_TEST(queue_create_default),     CONF_TEST(queue_host_properties),
    CONF_TEST(queue_invalid_properties), CONF_TEST(queue_device_properties),
    CONF_TEST(queue_flush_finish),       CONF_TEST(queue_in_order),
    CONF_TEST(queue_in_order_native),    CONF_TEST(queue_out_of_order),
    CONF_TEST(queue_release_pending),    CONF_TEST(queue_multiple),
};
CONF_CATEGORY(conf_cat_queues, "queues",
              "command-queue creation (every property combination), queries, ordering, flush and "
              "finish",
              tests);
