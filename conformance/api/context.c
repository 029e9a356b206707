/* api: contexts (properties, from-type, callbacks, reference counts). */
#include "api.h"

#include <pthread.h>
#include <string.h>

void context_create(conf_t *t)
{
    cl_int err = 1;
    cl_context_properties props[] = {CL_CONTEXT_PLATFORM, (cl_context_properties)t->platform, 0};
    cl_context c = clCreateContext(props, 1, &t->device, NULL, NULL, &err);
    REQUIRE_ERR(CL_SUCCESS, err);
    conf_defer_context(t, c);
    cl_uint u = 0;
    CHECK_OK(clGetContextInfo(c, CL_CONTEXT_REFERENCE_COUNT, sizeof(u), &u, NULL));
    CHECK_EQ_U(1, u);
    CHECK_OK(clGetContextInfo(c, CL_CONTEXT_NUM_DEVICES, sizeof(u), &u, NULL));
    CHECK_EQ_U(1, u);
    cl_device_id dev = NULL;
    size_t sz = 0;
    CHECK_OK(clGetContextInfo(c, CL_CONTEXT_DEVICES, sizeof(dev), &dev, &sz));
    CHECK_EQ_P(t->device, dev);
    CHECK_EQ_U(sizeof(dev), sz);
    /* "the implementation must return the values specified in the properties argument
     * in the same order and without including additional properties" */
    cl_context_properties got[8] = {0};
    CHECK_OK(clGetContextInfo(c, CL_CONTEXT_PROPERTIES, sizeof(got), got, &sz));
    CHECK_EQ_U(sizeof(props), sz);
    CHECK_MEM_EQ(props, got, sizeof(props));

    /* properties NULL: "param_value_size_ret equal to 0" */
    cl_context c2 = clCreateContext(NULL, 1, &t->device, NULL, NULL, &err);
    CHECK_OK(err);
    if (c2) {
        sz = 77;
        CHECK_OK(clGetContextInfo(c2, CL_CONTEXT_PROPERTIES, 0, NULL, &sz));
        CHECK_EQ_U(0, sz);
        CHECK_OK(clReleaseContext(c2));
    }
    /* same device twice is allowed ("duplicate devices ... are ignored") */
    cl_device_id twice[2] = {t->device, t->device};
    cl_context c3 = clCreateContext(props, 2, twice, NULL, NULL, &err);
    CHECK_OK(err);
    if (c3)
        CHECK_OK(clReleaseContext(c3));
    /* CL_CONTEXT_INTEROP_USER_SYNC is a valid property */
    cl_context_properties sync[] = {CL_CONTEXT_PLATFORM, (cl_context_properties)t->platform,
                                    CL_CONTEXT_INTEROP_USER_SYNC, CL_FALSE, 0};
    cl_context c4 = clCreateContext(sync, 1, &t->device, NULL, NULL, &err);
    CHECK_OK(err);
    if (c4)
        CHECK_OK(clReleaseContext(c4));
}

static void CL_CALLBACK notify(const char *e, const void *pi, size_t cb, void *ud)
{
    (void)e;
    (void)pi;
    (void)cb;
    (void)ud;
}

void context_errors(conf_t *t)
{
    cl_context_properties props[] = {CL_CONTEXT_PLATFORM, (cl_context_properties)t->platform, 0};
    cl_device_id nulldev = NULL;
    int ud = 0;
    /* "CL_INVALID_VALUE if devices is NULL" / "if num_devices is equal to zero" */
    CHECK_NULL_ERR(CL_INVALID_VALUE, clCreateContext(props, 1, NULL, NULL, NULL, ERRP));
    CHECK_NULL_ERR(CL_INVALID_VALUE, clCreateContext(props, 0, &t->device, NULL, NULL, ERRP));
    /* "CL_INVALID_VALUE if pfn_notify is NULL but user_data is not NULL" */
    CHECK_NULL_ERR(CL_INVALID_VALUE, clCreateContext(props, 1, &t->device, NULL, &ud, ERRP));
    /* "CL_INVALID_DEVICE if any device in devices is not a valid device" */
    CHECK_NULL_ERR(CL_INVALID_DEVICE, clCreateContext(props, 1, &nulldev, NULL, NULL, ERRP));
    cl_device_id mixed[2] = {t->device, NULL};
    CHECK_NULL_ERR(CL_INVALID_DEVICE, clCreateContext(props, 2, mixed, NULL, NULL, ERRP));
    /* "CL_INVALID_PROPERTY if context property name in properties is not a supported
     * property name, if the value specified for a supported property name is not valid,
     * or if the same property name is specified more than once." */
    cl_context_properties bad[] = {CL_CONTEXT_PLATFORM, (cl_context_properties)t->platform, 0x7777,
                                   1, 0};
    CHECK_NULL_ERR(CL_INVALID_PROPERTY, clCreateContext(bad, 1, &t->device, NULL, NULL, ERRP));
    cl_context_properties dup[] = {CL_CONTEXT_PLATFORM, (cl_context_properties)t->platform,
                                   CL_CONTEXT_PLATFORM, (cl_context_properties)t->platform, 0};
    CHECK_NULL_ERR(CL_INVALID_PROPERTY, clCreateContext(dup, 1, &t->device, NULL, NULL, ERRP));
    cl_context_properties dupsync[] = {CL_CONTEXT_PLATFORM,
                                       (cl_context_properties)t->platform,
                                       CL_CONTEXT_INTEROP_USER_SYNC,
                                       CL_TRUE,
                                       CL_CONTEXT_INTEROP_USER_SYNC,
                                       CL_TRUE,
                                       0};
    CHECK_NULL_ERR(CL_INVALID_PROPERTY, clCreateContext(dupsync, 1, &t->device, NULL, NULL, ERRP));
    /* "CL_INVALID_PLATFORM if properties is NULL and no platform could be selected or if
     * platform value specified in properties is not a valid platform." A device handle
     * is a valid object of this vendor but not a platform. */
    cl_context_properties wrong[] = {CL_CONTEXT_PLATFORM, (cl_context_properties)t->device, 0};
    CHECK_NULL_ERR(CL_INVALID_PLATFORM, clCreateContext(wrong, 1, &t->device, notify, NULL, ERRP));
}

void context_from_type(conf_t *t)
{
    cl_context_properties props[] = {CL_CONTEXT_PLATFORM, (cl_context_properties)t->platform, 0};
    cl_int err = 1;
    cl_context c = clCreateContextFromType(props, CL_DEVICE_TYPE_DEFAULT, notify, NULL, &err);
    CHECK_OK(err);
    if (c) {
        cl_uint n = 0;
        CHECK_OK(clGetContextInfo(c, CL_CONTEXT_NUM_DEVICES, sizeof(n), &n, NULL));
        CHECK(n >= 1);
        CHECK_OK(clReleaseContext(c));
    }
    c = clCreateContextFromType(props, CL_DEVICE_TYPE_ALL, NULL, NULL, &err);
    CHECK_OK(err);
    if (c) {
        cl_uint n = 0, nall = 0;
        CHECK_OK(clGetContextInfo(c, CL_CONTEXT_NUM_DEVICES, sizeof(n), &n, NULL));
        clGetDeviceIDs(t->platform, CL_DEVICE_TYPE_ALL, 0, NULL, &nall);
        CHECK_EQ_U(nall, n);
        cl_context_properties got[4] = {0};
        size_t sz = 0;
        CHECK_OK(clGetContextInfo(c, CL_CONTEXT_PROPERTIES, sizeof(got), got, &sz));
        CHECK_EQ_U(sizeof(props), sz);
        CHECK_OK(clReleaseContext(c));
    }
    int ud = 0;
    /* "CL_INVALID_DEVICE_TYPE if device_type is not a valid value." */
    CHECK_NULL_ERR(CL_INVALID_DEVICE_TYPE,
                   clCreateContextFromType(props, (cl_device_type)1 << 40, NULL, NULL, ERRP));
    CHECK_NULL_ERR(CL_INVALID_VALUE,
                   clCreateContextFromType(props, CL_DEVICE_TYPE_ALL, NULL, &ud, ERRP));
    cl_context_properties bad[] = {CL_CONTEXT_PLATFORM, (cl_context_properties)t->platform, 0x7777,
                                   1, 0};
    CHECK_NULL_ERR(CL_INVALID_PROPERTY,
                   clCreateContextFromType(bad, CL_DEVICE_TYPE_ALL, NULL, NULL, ERRP));
    /* "CL_DEVICE_NOT_FOUND if no devices that match device_type and property values
     * specified in properties are currently available." */
    static const cl_device_type types[] = {CL_DEVICE_TYPE_CPU, CL_DEVICE_TYPE_GPU,
                                           CL_DEVICE_TYPE_ACCELERATOR, CL_DEVICE_TYPE_CUSTOM};
    for (size_t i = 0; i < 4; i++) {
        cl_uint k = 0;
        if (clGetDeviceIDs(t->platform, types[i], 0, NULL, &k) == CL_DEVICE_NOT_FOUND) {
            CHECK_NULL_ERR(CL_DEVICE_NOT_FOUND,
                           clCreateContextFromType(props, types[i], NULL, NULL, ERRP));
        }
    }
}

struct order_log {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    int seq[8];
    int n;
};

static void log_push(struct order_log *l, int v)
{
    pthread_mutex_lock(&l->lock);
    if (l->n < 8)
        l->seq[l->n] = v;
    l->n++;
    pthread_cond_broadcast(&l->cond);
    pthread_mutex_unlock(&l->lock);
}

static void log_wait(struct order_log *l, int n)
{
    pthread_mutex_lock(&l->lock);
    while (l->n < n)
        pthread_cond_wait(&l->cond, &l->lock);
    pthread_mutex_unlock(&l->lock);
}

static struct order_log ctx_log = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, {0}, 0};
static void CL_CALLBACK ctx_dtor1(cl_context c, void *ud)
{
    (void)c;
    log_push(ud, 1);
}
static void CL_CALLBACK ctx_dtor2(cl_context c, void *ud)
{
    (void)c;
    log_push(ud, 2);
}
static void CL_CALLBACK ctx_dtor3(cl_context c, void *ud)
{
    (void)c;
    log_push(ud, 3);
}

void context_destructor_callbacks(conf_t *t)
{
    cl_int err = 1;
    cl_context c = clCreateContext(NULL, 1, &t->device, notify, NULL, &err);
    REQUIRE_OK(err);
    ctx_log.n = 0;
    /* "CL_INVALID_VALUE if pfn_notify is NULL." */
    CHECK_ERR(CL_INVALID_VALUE, clSetContextDestructorCallback(c, NULL, &ctx_log));
    CHECK_OK(clSetContextDestructorCallback(c, ctx_dtor1, &ctx_log));
    CHECK_OK(clSetContextDestructorCallback(c, ctx_dtor2, &ctx_log));
    CHECK_OK(clSetContextDestructorCallback(c, ctx_dtor3, &ctx_log));
    /* a retained context is not destroyed by one release */
    CHECK_OK(clRetainContext(c));
    CHECK_OK(clReleaseContext(c));
    CHECK_EQ_I(0, ctx_log.n);
    CHECK_OK(clReleaseContext(c));
    /* "Each call to clSetContextDestructorCallback registers the specified callback
     * function on a destructor callback stack associated with context. The registered
     * callback functions are called in the reverse order in which they were registered." */
    log_wait(&ctx_log, 3);
    CHECK_EQ_I(3, ctx_log.n);
    CHECK_EQ_I(3, ctx_log.seq[0]);
    CHECK_EQ_I(2, ctx_log.seq[1]);
    CHECK_EQ_I(1, ctx_log.seq[2]);
}

void context_refcount(conf_t *t)
{
    cl_context c = conf_context(t);
    REQUIRE(c);
    cl_uint u = 0;
    CHECK_OK(clRetainContext(c));
    CHECK_OK(clRetainContext(c));
    CHECK_OK(clGetContextInfo(c, CL_CONTEXT_REFERENCE_COUNT, sizeof(u), &u, NULL));
    CHECK_EQ_U(3, u);
    CHECK_OK(clReleaseContext(c));
    CHECK_OK(clReleaseContext(c));
    CHECK_OK(clGetContextInfo(c, CL_CONTEXT_REFERENCE_COUNT, sizeof(u), &u, NULL));
    CHECK_EQ_U(1, u);
    /* objects created from the context hold no API-visible reference */
    cl_int err;
    cl_mem m = clCreateBuffer(c, CL_MEM_READ_WRITE, 64, NULL, &err);
    CHECK_OK(err);
    conf_defer_mem(t, m);
}

void context_info_errors(conf_t *t)
{
    cl_context c = conf_context(t);
    REQUIRE(c);
    cl_uint u;
    char b;
    CHECK_ERR(CL_INVALID_VALUE, clGetContextInfo(c, 0x7777, sizeof(u), &u, NULL));
    CHECK_ERR(CL_INVALID_VALUE, clGetContextInfo(c, CL_CONTEXT_NUM_DEVICES, 1, &b, NULL));
    CHECK_ERR(CL_INVALID_VALUE, clGetContextInfo(c, CL_CONTEXT_DEVICES, 1, &b, NULL));
    size_t sz = 0;
    CHECK_OK(clGetContextInfo(c, CL_CONTEXT_DEVICES, 0, NULL, &sz));
    CHECK_EQ_U(sizeof(cl_device_id), sz);
}
