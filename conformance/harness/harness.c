/* Helpers shared by all categories: failures, fixtures, cleanup, info queries. */
#include "harness.h"
#include "runner.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void conf_fail(conf_t *t, const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    t->failures++;
    const char *base = strrchr(file, '/');
    fprintf(stdout, "  %s:%d: ", base ? base + 1 : file, line);
    va_start(ap, fmt);
    vfprintf(stdout, fmt, ap);
    va_end(ap);
    fputc('\n', stdout);
    fflush(stdout);
}

void conf_note(conf_t *t, const char *fmt, ...)
{
    va_list ap;
    (void)t;
    fputs("    note: ", stdout);
    va_start(ap, fmt);
    vfprintf(stdout, fmt, ap);
    va_end(ap);
    fputc('\n', stdout);
    fflush(stdout);
}

void conf_skip(conf_t *t, const char *fmt, ...)
{
    va_list ap;
    t->skipped = true;
    va_start(ap, fmt);
    vsnprintf(t->skip_reason, sizeof(t->skip_reason), fmt, ap);
    va_end(ap);
}

cl_context conf_context(conf_t *t)
{
    if (!t->ctx) {
        cl_int err = CL_SUCCESS;
        cl_context_properties props[] = {CL_CONTEXT_PLATFORM, (cl_context_properties)t->platform,
                                         0};
        t->ctx = clCreateContext(props, 1, &t->device, NULL, NULL, &err);
        if (!t->ctx)
            conf_fail(t, __FILE__, __LINE__, "fixture: clCreateContext failed: %s",
                      conf_err_name(err));
    }
    return t->ctx;
}

cl_command_queue conf_queue(conf_t *t)
{
    if (!t->q && conf_context(t)) {
        cl_int err = CL_SUCCESS;
        t->q = clCreateCommandQueueWithProperties(t->ctx, t->device, NULL, &err);
        if (!t->q)
            conf_fail(t, __FILE__, __LINE__, "fixture: clCreateCommandQueueWithProperties: %s",
                      conf_err_name(err));
    }
    return t->q;
}

void conf_defer(conf_t *t, void (*fn)(void *), void *arg)
{
    if (!arg)
        return;
    if (t->ndeferred == t->capdeferred) {
        t->capdeferred = t->capdeferred ? 2 * t->capdeferred : 16;
        t->deferred = realloc(t->deferred, t->capdeferred * sizeof(*t->deferred));
        if (!t->deferred)
            abort();
    }
    t->deferred[t->ndeferred++] = (struct conf_deferred){fn, arg};
}

static void rel_mem(void *p)
{
    clReleaseMemObject(p);
}
static void rel_event(void *p)
{
    clReleaseEvent(p);
}
static void rel_queue(void *p)
{
    clFinish(p);
    clReleaseCommandQueue(p);
}
static void rel_context(void *p)
{
    clReleaseContext(p);
}
static void rel_program(void *p)
{
    clReleaseProgram(p);
}
static void rel_kernel(void *p)
{
    clReleaseKernel(p);
}
static void rel_sampler(void *p)
{
    clReleaseSampler(p);
}

void conf_defer_mem(conf_t *t, cl_mem m)
{
    conf_defer(t, rel_mem, m);
}
void conf_defer_event(conf_t *t, cl_event e)
{
    conf_defer(t, rel_event, e);
}
void conf_defer_queue(conf_t *t, cl_command_queue q)
{
    conf_defer(t, rel_queue, q);
}
void conf_defer_context(conf_t *t, cl_context c)
{
    conf_defer(t, rel_context, c);
}
void conf_defer_program(conf_t *t, cl_program p)
{
    conf_defer(t, rel_program, p);
}
void conf_defer_kernel(conf_t *t, cl_kernel k)
{
    conf_defer(t, rel_kernel, k);
}
void conf_defer_sampler(conf_t *t, cl_sampler s)
{
    conf_defer(t, rel_sampler, s);
}
void conf_defer_free(conf_t *t, void *p)
{
    conf_defer(t, free, p);
}

struct svm_free {
    cl_context c;
    void *p;
};
static void svm_free_fn(void *arg)
{
    struct svm_free *s = arg;
    clSVMFree(s->c, s->p);
    free(s);
}
void conf_defer_svm(conf_t *t, cl_context c, void *p)
{
    if (!p)
        return;
    struct svm_free *s = malloc(sizeof(*s));
    s->c = c;
    s->p = p;
    conf_defer(t, svm_free_fn, s);
}

void conf_test_cleanup(conf_t *t)
{
    if (t->q)
        clFinish(t->q);
    while (t->ndeferred) {
        struct conf_deferred d = t->deferred[--t->ndeferred];
        d.fn(d.arg);
    }
    free(t->deferred);
    t->deferred = NULL;
    t->capdeferred = 0;
    if (t->q)
        clReleaseCommandQueue(t->q);
    if (t->ctx)
        clReleaseContext(t->ctx);
    t->q = NULL;
    t->ctx = NULL;
}

static void dev_info(conf_t *t, cl_device_id d, cl_device_info param, void *out, size_t size)
{
    size_t ret = 0;
    cl_int err = clGetDeviceInfo(d, param, size, out, &ret);
    if (err != CL_SUCCESS)
        conf_fail(t, __FILE__, __LINE__, "clGetDeviceInfo(0x%x): %s", (unsigned)param,
                  conf_err_name(err));
    else if (ret != size)
        conf_fail(t, __FILE__, __LINE__, "clGetDeviceInfo(0x%x): size %zu, expected %zu",
                  (unsigned)param, ret, size);
}

cl_uint conf_dev_uint(conf_t *t, cl_device_id d, cl_device_info param)
{
    cl_uint v = 0;
    dev_info(t, d, param, &v, sizeof(v));
    return v;
}
cl_ulong conf_dev_ulong(conf_t *t, cl_device_id d, cl_device_info param)
{
    cl_ulong v = 0;
    dev_info(t, d, param, &v, sizeof(v));
    return v;
}
size_t conf_dev_size(conf_t *t, cl_device_id d, cl_device_info param)
{
    size_t v = 0;
    dev_info(t, d, param, &v, sizeof(v));
    return v;
}
cl_bool conf_dev_bool(conf_t *t, cl_device_id d, cl_device_info param)
{
    cl_bool v = 0;
    dev_info(t, d, param, &v, sizeof(v));
    return v;
}

char *conf_dev_string(conf_t *t, cl_device_id d, cl_device_info param)
{
    size_t n = 0;
    cl_int err = clGetDeviceInfo(d, param, 0, NULL, &n);
    if (err != CL_SUCCESS || n == 0) {
        conf_fail(t, __FILE__, __LINE__, "clGetDeviceInfo(0x%x) size: %s, %zu", (unsigned)param,
                  conf_err_name(err), n);
        return NULL;
    }
    char *s = calloc(1, n + 1);
    err = clGetDeviceInfo(d, param, n, s, NULL);
    if (err != CL_SUCCESS) {
        conf_fail(t, __FILE__, __LINE__, "clGetDeviceInfo(0x%x): %s", (unsigned)param,
                  conf_err_name(err));
        free(s);
        return NULL;
    }
    conf_defer_free(t, s);
    return s;
}

char *conf_plat_string(conf_t *t, cl_platform_id p, cl_platform_info param)
{
    size_t n = 0;
    cl_int err = clGetPlatformInfo(p, param, 0, NULL, &n);
    if (err != CL_SUCCESS || n == 0) {
        conf_fail(t, __FILE__, __LINE__, "clGetPlatformInfo(0x%x) size: %s, %zu", (unsigned)param,
                  conf_err_name(err), n);
        return NULL;
    }
    char *s = calloc(1, n + 1);
    err = clGetPlatformInfo(p, param, n, s, NULL);
    if (err != CL_SUCCESS) {
        conf_fail(t, __FILE__, __LINE__, "clGetPlatformInfo(0x%x): %s", (unsigned)param,
                  conf_err_name(err));
        free(s);
        return NULL;
    }
    conf_defer_free(t, s);
    return s;
}

cl_ulong conf_dev_enqueue_caps(conf_t *t, cl_device_id d)
{
    cl_ulong v = 0;
    (void)t;
    clGetDeviceInfo(d, CL_DEVICE_DEVICE_ENQUEUE_CAPABILITIES, sizeof(v), &v, NULL);
    return v;
}

bool conf_has_extension(conf_t *t, cl_device_id d, const char *ext)
{
    const char *s = conf_dev_string(t, d, CL_DEVICE_EXTENSIONS);
    size_t n = strlen(ext);
    while (s && (s = strstr(s, ext)) != NULL) {
        if ((s[n] == ' ' || s[n] == '\0'))
            return true;
        s += n;
    }
    return false;
}

cl_int conf_event_status(cl_event e)
{
    cl_int st = 12345;
    cl_int err = clGetEventInfo(e, CL_EVENT_COMMAND_EXECUTION_STATUS, sizeof(st), &st, NULL);
    return err != CL_SUCCESS ? err : st;
}

bool conf_has_native_kernels(conf_t *t)
{
    cl_device_exec_capabilities caps = 0;
    clGetDeviceInfo(t->device, CL_DEVICE_EXECUTION_CAPABILITIES, sizeof(caps), &caps, NULL);
    return (caps & CL_EXEC_NATIVE_KERNEL) != 0;
}

bool conf_has_images(conf_t *t)
{
    cl_bool b = CL_FALSE;
    clGetDeviceInfo(t->device, CL_DEVICE_IMAGE_SUPPORT, sizeof(b), &b, NULL);
    return b == CL_TRUE;
}

bool conf_has_compiler(conf_t *t)
{
    cl_bool b = CL_FALSE;
    clGetDeviceInfo(t->device, CL_DEVICE_COMPILER_AVAILABLE, sizeof(b), &b, NULL);
    return b == CL_TRUE;
}

cl_device_svm_capabilities conf_svm_caps(conf_t *t)
{
    cl_device_svm_capabilities caps = 0;
    clGetDeviceInfo(t->device, CL_DEVICE_SVM_CAPABILITIES, sizeof(caps), &caps, NULL);
    return caps;
}

cl_program conf_build_or_skip(conf_t *t, const char *src)
{
    return conf_build_opts_or_skip(t, src, "");
}

cl_program conf_build_opts_or_skip(conf_t *t, const char *src, const char *options)
{
    if (!conf_has_compiler(t)) {
        conf_skip(t, "device reports CL_DEVICE_COMPILER_AVAILABLE == CL_FALSE");
        return NULL;
    }
    cl_int err = CL_SUCCESS;
    cl_program p = clCreateProgramWithSource(conf_context(t), 1, &src, NULL, &err);
    if (!p) {
        conf_fail(t, __FILE__, __LINE__, "clCreateProgramWithSource: %s", conf_err_name(err));
        return NULL;
    }
    conf_defer_program(t, p);
    err = clBuildProgram(p, 1, &t->device, options ? options : "", NULL, NULL);
    if (err != CL_SUCCESS) {
        char log[4096] = "";
        clGetProgramBuildInfo(p, t->device, CL_PROGRAM_BUILD_LOG, sizeof(log) - 1, log, NULL);
        conf_fail(t, __FILE__, __LINE__, "clBuildProgram(\"%s\"): %s\n%s", options ? options : "",
                  conf_err_name(err), log);
        return NULL;
    }
    return p;
}

cl_int conf_read_buf(conf_t *t, cl_mem m, void *dst, size_t size)
{
    return clEnqueueReadBuffer(conf_queue(t), m, CL_TRUE, 0, size, dst, 0, NULL, NULL);
}

size_t conf_kernel_wgs(conf_t *t, cl_kernel k)
{
    size_t wgs = 0;
    CHECK_OK(
        clGetKernelWorkGroupInfo(k, t->device, CL_KERNEL_WORK_GROUP_SIZE, sizeof(wgs), &wgs, NULL));
    return wgs;
}

cl_kernel conf_kernel_or_skip(conf_t *t, const char *src, const char *options, const char *name)
{
    cl_program p = conf_build_opts_or_skip(t, src, options);
    if (!p)
        return NULL;
    cl_int err = CL_SUCCESS;
    cl_kernel k = clCreateKernel(p, name, &err);
    if (!k) {
        conf_fail(t, __FILE__, __LINE__, "clCreateKernel(%s): %s", name, conf_err_name(err));
        return NULL;
    }
    conf_defer_kernel(t, k);
    return k;
}

bool conf_has_c_version(conf_t *t, cl_uint major, cl_uint minor)
{
    size_t size = 0;
    if (clGetDeviceInfo(t->device, CL_DEVICE_OPENCL_C_ALL_VERSIONS, 0, NULL, &size) || !size)
        return false;
    cl_name_version *v = malloc(size);
    bool found = false;
    if (v && !clGetDeviceInfo(t->device, CL_DEVICE_OPENCL_C_ALL_VERSIONS, size, v, NULL)) {
        for (size_t i = 0; i < size / sizeof(*v) && !found; i++)
            found =
                CL_VERSION_MAJOR(v[i].version) == major && CL_VERSION_MINOR(v[i].version) == minor;
    }
    free(v);
    return found;
}

bool conf_has_c_feature(conf_t *t, const char *feature)
{
    size_t size = 0;
    if (clGetDeviceInfo(t->device, CL_DEVICE_OPENCL_C_FEATURES, 0, NULL, &size) || !size)
        return false;
    cl_name_version *v = malloc(size);
    bool found = false;
    if (v && !clGetDeviceInfo(t->device, CL_DEVICE_OPENCL_C_FEATURES, size, v, NULL)) {
        for (size_t i = 0; i < size / sizeof(*v) && !found; i++)
            found = !strcmp(v[i].name, feature);
    }
    free(v);
    return found;
}

const char *conf_cl_std_2plus(conf_t *t)
{
    if (conf_has_c_version(t, 3, 0))
        return "-cl-std=CL3.0";
    if (conf_has_c_version(t, 2, 0))
        return "-cl-std=CL2.0";
    return NULL;
}

cl_mem conf_buffer(conf_t *t, cl_mem_flags flags, size_t size, const void *init)
{
    cl_int err = CL_SUCCESS;
    cl_mem m = clCreateBuffer(conf_context(t), flags | (init ? CL_MEM_COPY_HOST_PTR : 0), size,
                              (void *)init, &err);
    if (!m)
        conf_fail(t, __FILE__, __LINE__, "clCreateBuffer(%zu): %s", size, conf_err_name(err));
    conf_defer_mem(t, m);
    return m;
}

void conf_pattern(void *p, size_t n, unsigned seed)
{
    unsigned char *b = p;
    uint32_t x = seed * 2654435761u + 12345u;
    for (size_t i = 0; i < n; i++) {
        x = x * 1103515245u + 12345u;
        b[i] = (unsigned char)(x >> 16);
    }
}

size_t conf_first_mismatch(const void *a, const void *b, size_t n)
{
    const unsigned char *x = a, *y = b;
    for (size_t i = 0; i < n; i++)
        if (x[i] != y[i])
            return i;
    return n;
}
