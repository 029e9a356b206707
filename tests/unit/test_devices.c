/* SPDX-License-Identifier: MIT */
/*
 * The platform's devices, through the entry points linked directly: without
 * the hmmgpu kernel module the platform has the CPU device only (the
 * default); with it, one GPU per hmmgpu render node after the CPU device,
 * listing the hmmcl extensions the CPU device does not. Then, on every
 * device present, the rules those extensions change: clEnqueueSVMMigrateMem
 * on system memory (cl_hmmcl_svm_migrate_system) and the
 * CL_DEVICE_COUNTERS_HMMCL query (cl_hmmcl_device_counters); and a kernel,
 * a copy and a fill on malloc'd memory, a kernel that faults, and the
 * device still working afterwards. Without the module only the CPU device's
 * side runs; the hmmgpu side runs in the test VM.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/device.h"
#include "util/cl.h"

#include "check.h"

#define CHECK_ERR(expr, code) CHECK_EQ((expr), (code))

#define PAGE 4096

static bool hmmgpu_module_loaded(void)
{
    return access("/sys/module/hmmgpu", F_OK) == 0;
}

/* @ext is a whole word of CL_DEVICE_EXTENSIONS (read through the query, not the table). */
static bool lists(cl_device_id d, const char *ext)
{
    size_t size = 0, n = strlen(ext);
    bool found = false;
    char *s;

    if (clGetDeviceInfo(d, CL_DEVICE_EXTENSIONS, 0, NULL, &size))
        return false;
    s = malloc(size);
    if (s && !clGetDeviceInfo(d, CL_DEVICE_EXTENSIONS, size, s, NULL)) {
        for (char *p = strstr(s, ext); p && !found; p = strstr(p + 1, ext))
            found = (p == s || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0');
    }
    free(s);
    return found;
}

static cl_device_type type_of(cl_device_id d)
{
    cl_device_type t = 0;

    CHECK_ERR(clGetDeviceInfo(d, CL_DEVICE_TYPE, sizeof(t), &t, NULL), CL_SUCCESS);
    return t;
}

static void test_platform(cl_device_id *devs, cl_uint n)
{
    cl_device_id def = NULL;
    cl_uint num = 0;

    CHECK(n >= 1);
    CHECK_EQ(type_of(devs[0]), CL_DEVICE_TYPE_CPU);
    CHECK_ERR(clGetDeviceIDs(NULL, CL_DEVICE_TYPE_DEFAULT, 1, &def, &num), CL_SUCCESS);
    CHECK(def == devs[0] && num == 1);
    CHECK(!lists(devs[0], CL_HMMCL_SVM_MIGRATE_SYSTEM_EXTENSION_NAME));
    CHECK(!lists(devs[0], CL_HMMCL_DEVICE_COUNTERS_EXTENSION_NAME));
    CHECK(lists(devs[0], "cl_khr_fp64"));
    CHECK(hmmcl_device_has_extension(devs[0], "cl_khr_fp64"));
    CHECK(!hmmcl_device_has_extension(devs[0], CL_HMMCL_SVM_MIGRATE_SYSTEM_EXTENSION_NAME));

    if (!hmmgpu_module_loaded()) {
        cl_device_id gpu;

        printf("test_devices: no hmmgpu module: the CPU device only\n");
        CHECK_EQ(n, 1);
        CHECK_ERR(clGetDeviceIDs(NULL, CL_DEVICE_TYPE_GPU, 1, &gpu, NULL), CL_DEVICE_NOT_FOUND);
        return;
    }
    printf("test_devices: hmmgpu module loaded: %u GPU device(s)\n", n - 1);
    CHECK(n >= 2);
    for (cl_uint i = 1; i < n; i++) {
        cl_device_svm_capabilities svm = 0;
        cl_device_exec_capabilities exec = 0;
        cl_device_local_mem_type local_type = 0;
        cl_ulong local = 0;
        size_t wg = 0;
        char name[256] = "";

        CHECK_EQ(type_of(devs[i]), CL_DEVICE_TYPE_GPU);
        CHECK_ERR(clGetDeviceInfo(devs[i], CL_DEVICE_NAME, sizeof(name), name, NULL), CL_SUCCESS);
        CHECK(strstr(name, "hmmgpu") != NULL);
        CHECK_ERR(clGetDeviceInfo(devs[i], CL_DEVICE_MAX_WORK_GROUP_SIZE, sizeof(wg), &wg, NULL),
                  CL_SUCCESS);
        CHECK_EQ(wg, 1024);
        CHECK_ERR(clGetDeviceInfo(devs[i], CL_DEVICE_LOCAL_MEM_SIZE, sizeof(local), &local, NULL),
                  CL_SUCCESS);
        CHECK_EQ(local, 64 * 1024);
        CHECK_ERR(clGetDeviceInfo(devs[i], CL_DEVICE_LOCAL_MEM_TYPE, sizeof(local_type),
                                  &local_type, NULL),
                  CL_SUCCESS);
        CHECK_EQ(local_type, CL_LOCAL);
        CHECK_ERR(clGetDeviceInfo(devs[i], CL_DEVICE_SVM_CAPABILITIES, sizeof(svm), &svm, NULL),
                  CL_SUCCESS);
        CHECK_EQ(svm, CL_DEVICE_SVM_COARSE_GRAIN_BUFFER | CL_DEVICE_SVM_FINE_GRAIN_BUFFER |
                          CL_DEVICE_SVM_FINE_GRAIN_SYSTEM | CL_DEVICE_SVM_ATOMICS);
        CHECK_ERR(
            clGetDeviceInfo(devs[i], CL_DEVICE_EXECUTION_CAPABILITIES, sizeof(exec), &exec, NULL),
            CL_SUCCESS);
        CHECK_EQ(exec, CL_EXEC_KERNEL);
        CHECK(lists(devs[i], CL_HMMCL_SVM_MIGRATE_SYSTEM_EXTENSION_NAME));
        CHECK(lists(devs[i], CL_HMMCL_DEVICE_COUNTERS_EXTENSION_NAME));
        CHECK(lists(devs[i], "cl_khr_fp64"));
    }
}

static void fill_pattern(unsigned char *p, size_t n, unsigned seed)
{
    for (size_t i = 0; i < n; i++)
        p[i] = (unsigned char)(i * 31 + seed);
}

static bool has_pattern(const unsigned char *p, size_t n, unsigned seed)
{
    for (size_t i = 0; i < n; i++) {
        if (p[i] != (unsigned char)(i * 31 + seed))
            return false;
    }
    return true;
}

static cl_int migrate(cl_command_queue q, const void *ptr, const size_t *size,
                      cl_mem_migration_flags flags)
{
    cl_event e = NULL;
    cl_int err = clEnqueueSVMMigrateMem(q, 1, &ptr, size, flags, 0, NULL, &e);

    if (err)
        return err;
    err = clWaitForEvents(1, &e);
    clReleaseEvent(e);
    return err;
}

/* cl_hmmcl_svm_migrate_system where listed, the spec's rule where not. */
static void test_migrate(cl_context c, cl_command_queue q, cl_device_id d)
{
    bool system_ok = lists(d, CL_HMMCL_SVM_MIGRATE_SYSTEM_EXTENSION_NAME);
    unsigned char *heap = malloc(3 * PAGE + 100);
    unsigned char *svm = clSVMAlloc(c, CL_MEM_READ_WRITE, 2 * PAGE, 0);
    size_t size = 3 * PAGE + 100, tail = size - 10, zero = 0, past = 2 * PAGE, inside = PAGE;

    CHECK(heap && svm);
    if (!heap || !svm)
        goto out;
    /* Before the contents matter: they may be lost with CONTENT_UNDEFINED. */
    CHECK_ERR(migrate(q, heap, &size, CL_MIGRATE_MEM_OBJECT_CONTENT_UNDEFINED),
              system_ok ? CL_SUCCESS : CL_INVALID_VALUE);
    fill_pattern(heap, size, 7);
    fill_pattern(svm, 2 * PAGE, 9);

    /* clSVMAlloc ranges: the spec's rules on every device. */
    CHECK_ERR(migrate(q, svm + 100, NULL, 0), CL_SUCCESS);
    CHECK_ERR(migrate(q, svm + 100, &zero, CL_MIGRATE_MEM_OBJECT_HOST), CL_SUCCESS);
    CHECK_ERR(migrate(q, svm + 100, &inside, 0), CL_SUCCESS);
    CHECK_ERR(migrate(q, svm + 100, &past, 0), CL_INVALID_VALUE);

    /* System memory: no extent without a size, under the extension too. */
    CHECK_ERR(migrate(q, heap, NULL, 0), CL_INVALID_VALUE);
    CHECK_ERR(migrate(q, heap, &zero, 0), CL_INVALID_VALUE);
    if (system_ok) {
        CHECK_ERR(migrate(q, heap + 10, &tail, 0), CL_SUCCESS);
        CHECK_ERR(migrate(q, heap + 10, &tail, CL_MIGRATE_MEM_OBJECT_HOST), CL_SUCCESS);
    } else {
        CHECK_ERR(migrate(q, heap, &size, 0), CL_INVALID_VALUE);
    }
    /* Wherever the pages went, the host sees the same bytes. */
    CHECK(has_pattern(heap, size, 7));
    CHECK(has_pattern(svm, 2 * PAGE, 9));
out:
    free(heap);
    clSVMFree(c, svm);
}

static cl_device_counters_hmmcl counters(cl_device_id d)
{
    cl_device_counters_hmmcl c = {0};

    CHECK_ERR(clGetDeviceInfo(d, CL_DEVICE_COUNTERS_HMMCL, sizeof(c), &c, NULL), CL_SUCCESS);
    return c;
}

static void test_counters_query(cl_device_id d)
{
    cl_device_counters_hmmcl c;
    size_t size = 0;

    if (!lists(d, CL_HMMCL_DEVICE_COUNTERS_EXTENSION_NAME)) {
        CHECK_ERR(clGetDeviceInfo(d, CL_DEVICE_COUNTERS_HMMCL, sizeof(c), &c, NULL),
                  CL_INVALID_VALUE);
        CHECK_ERR(clGetDeviceInfo(d, CL_DEVICE_COUNTERS_HMMCL, 0, NULL, &size), CL_INVALID_VALUE);
        return;
    }
    CHECK_ERR(clGetDeviceInfo(d, CL_DEVICE_COUNTERS_HMMCL, 0, NULL, &size), CL_SUCCESS);
    CHECK_EQ(size, sizeof(c));
    CHECK_ERR(clGetDeviceInfo(d, CL_DEVICE_COUNTERS_HMMCL, sizeof(c) - 1, &c, NULL),
              CL_INVALID_VALUE);
    c = counters(d);
    CHECK(c.jobs_completed <= c.jobs_submitted);
    CHECK(c.vram_used <= c.vram_pages);
}

static const char kernels_src[] = "kernel void add(global int *p, int k)\n"
                                  "{\n"
                                  "    p[get_global_id(0)] += k + (int)get_global_id(0);\n"
                                  "}\n"
                                  "kernel void store(global int *p)\n"
                                  "{\n"
                                  "    p[get_global_id(0)] = 1;\n"
                                  "}\n";

static struct {
    int calls;
    char last[512];
} notified;

static void CL_CALLBACK notify(const char *errinfo, const void *info, size_t size, void *data)
{
    (void)info;
    (void)size;
    (void)data;
    notified.calls++;
    snprintf(notified.last, sizeof(notified.last), "%s", errinfo);
}

static cl_int run(cl_command_queue q, cl_kernel k, size_t global, const size_t *local)
{
    cl_event e = NULL;
    cl_int err = clEnqueueNDRangeKernel(q, k, 1, NULL, &global, local, 0, NULL, &e), status;

    if (err)
        return err;
    clWaitForEvents(1, &e);
    CHECK_ERR(clGetEventInfo(e, CL_EVENT_COMMAND_EXECUTION_STATUS, sizeof(status), &status, NULL),
              CL_SUCCESS);
    clReleaseEvent(e);
    return status;
}

/* Kernels, copies and fills on malloc'd memory; a faulting kernel; the device afterwards. */
static void test_work(cl_context c, cl_command_queue q, cl_device_id d)
{
    bool counted = lists(d, CL_HMMCL_DEVICE_COUNTERS_EXTENSION_NAME);
    cl_device_counters_hmmcl before = counted ? counters(d) : (cl_device_counters_hmmcl){0};
    const size_t n = 5000, local = 64;
    const char *src = kernels_src;
    int *a = malloc(n * sizeof(*a)), *b = malloc(n * sizeof(*b));
    cl_program prog = clCreateProgramWithSource(c, 1, &src, NULL, NULL);
    cl_kernel add = NULL, store = NULL;
    cl_uint pattern = 0x5a5a1234;
    int k = 3;
    bool ok = true;

    CHECK(a && b && prog);
    if (!a || !b || !prog)
        goto out;
    CHECK_ERR(clBuildProgram(prog, 1, &d, "", NULL, NULL), CL_SUCCESS);
    add = clCreateKernel(prog, "add", NULL);
    store = clCreateKernel(prog, "store", NULL);
    CHECK(add && store);
    if (!add || !store)
        goto out;

    /* A fill and a copy between malloc'd arrays (jobs on hmmgpu). */
    CHECK_ERR(clEnqueueSVMMemFill(q, a, &pattern, sizeof(pattern), n * sizeof(*a), 0, NULL, NULL),
              CL_SUCCESS);
    CHECK_ERR(clEnqueueSVMMemcpy(q, CL_TRUE, b, a, n * sizeof(*a), 0, NULL, NULL), CL_SUCCESS);
    for (size_t i = 0; i < n; i++)
        ok &= (cl_uint)b[i] == pattern;
    CHECK(ok);

    /* The device's own work-group size, then the application's. */
    for (size_t i = 0; i < n; i++)
        a[i] = (int)i;
    CHECK_ERR(clSetKernelArgSVMPointer(add, 0, a), CL_SUCCESS);
    CHECK_ERR(clSetKernelArg(add, 1, sizeof(k), &k), CL_SUCCESS);
    CHECK_ERR(run(q, add, n, NULL), CL_COMPLETE);
    CHECK_ERR(run(q, add, n, &local), CL_COMPLETE);
    ok = true;
    for (size_t i = 0; i < n; i++)
        ok &= a[i] == (int)i + 2 * (k + (int)i);
    CHECK(ok);

    /* A store through NULL faults: the command fails, the context hears why. */
    notified.calls = 0;
    CHECK_ERR(clSetKernelArgSVMPointer(store, 0, NULL), CL_SUCCESS);
    CHECK_ERR(run(q, store, 1, NULL), CL_OUT_OF_RESOURCES);
    CHECK(notified.calls >= 1 && strstr(notified.last, "kernel store failed") != NULL);

    /* The device still works. */
    CHECK_ERR(clSetKernelArgSVMPointer(store, 0, b), CL_SUCCESS);
    CHECK_ERR(run(q, store, n, NULL), CL_COMPLETE);
    ok = true;
    for (size_t i = 0; i < n; i++)
        ok &= b[i] == 1;
    CHECK(ok);

    if (counted) {
        cl_device_counters_hmmcl after = counters(d);

        /* Other processes may add to them, never take away: at least ours are there. */
        CHECK(after.jobs_submitted >= before.jobs_submitted + 6);
        CHECK(after.jobs_completed >= before.jobs_completed + 5);
        CHECK(after.jobs_failed >= before.jobs_failed + 1);
        CHECK(after.work_groups >= before.work_groups + n / local);
    }
out:
    if (add)
        clReleaseKernel(add);
    if (store)
        clReleaseKernel(store);
    if (prog)
        clReleaseProgram(prog);
    free(a);
    free(b);
}

static void test_device(cl_device_id d)
{
    cl_context c = clCreateContext(NULL, 1, &d, notify, NULL, NULL);
    cl_command_queue q = c ? clCreateCommandQueueWithProperties(c, d, NULL, NULL) : NULL;
    char name[256] = "";

    clGetDeviceInfo(d, CL_DEVICE_NAME, sizeof(name), name, NULL);
    printf("test_devices: %s\n", name);
    CHECK(c && q);
    if (q) {
        test_migrate(c, q, d);
        test_counters_query(d);
        test_work(c, q, d);
        CHECK_ERR(clFinish(q), CL_SUCCESS);
        clReleaseCommandQueue(q);
    }
    if (c)
        clReleaseContext(c);
}

int main(void)
{
    cl_device_id devs[65];
    cl_uint n = 0;

    CHECK_ERR(clGetDeviceIDs(NULL, CL_DEVICE_TYPE_ALL, 65, devs, &n), CL_SUCCESS);
    if (n > 65)
        n = 65;
    test_platform(devs, n);
    for (cl_uint i = 0; i < n; i++)
        test_device(devs[i]);
    if (failures) {
        fprintf(stderr, "test_devices: %d check(s) failed\n", failures);
        return 1;
    }
    printf("test_devices: all passed\n");
    return 0;
}
