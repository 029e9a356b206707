/*
 * svm: allocation flags, alignment, SVM enqueues, free callbacks, fine-grain system SVM; and
 * kernels on SVM: buffers from clSVMAlloc, system memory (malloc, mmap, the stack, static
 * data), pointers stored in memory, host and device atomics on one location while a kernel
 * runs, and a kernel waiting for a flag the host sets after the launch.
 */
#include "harness.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

static cl_device_svm_capabilities need_svm(conf_t *t)
{
    return conf_svm_caps(t);
}

static void svm_caps(conf_t *t)
{
    cl_device_svm_capabilities caps = need_svm(t);
    if (!caps) {
        /* SVM is optional in 3.0; allocation must fail */
        CHECK(clSVMAlloc(conf_context(t), CL_MEM_READ_WRITE, 64, 0) == NULL);
        SKIP("device reports no SVM capabilities (clSVMAlloc returning NULL checked)");
    }
    CHECK(caps & CL_DEVICE_SVM_COARSE_GRAIN_BUFFER);
    conf_note(t, "SVM caps: coarse %d fine-buffer %d fine-system %d atomics %d",
              !!(caps & CL_DEVICE_SVM_COARSE_GRAIN_BUFFER),
              !!(caps & CL_DEVICE_SVM_FINE_GRAIN_BUFFER),
              !!(caps & CL_DEVICE_SVM_FINE_GRAIN_SYSTEM), !!(caps & CL_DEVICE_SVM_ATOMICS));
}

static void svm_alloc_flags(conf_t *t)
{
    cl_device_svm_capabilities caps = need_svm(t);
    if (!caps)
        SKIP("no SVM");
    cl_context c = conf_context(t);
    REQUIRE(c);
    static const cl_svm_mem_flags access[] = {0, CL_MEM_READ_WRITE, CL_MEM_READ_ONLY,
                                              CL_MEM_WRITE_ONLY};
    static const cl_svm_mem_flags grain[] = {0, CL_MEM_SVM_FINE_GRAIN_BUFFER,
                                             CL_MEM_SVM_FINE_GRAIN_BUFFER | CL_MEM_SVM_ATOMICS,
                                             CL_MEM_SVM_ATOMICS};
    for (size_t a = 0; a < 4; a++)
        for (size_t g = 0; g < 4; g++) {
            cl_svm_mem_flags f = access[a] | grain[g];
            /* "CL_MEM_SVM_ATOMICS ... only if CL_MEM_SVM_FINE_GRAIN_BUFFER is also
             * specified"; fine grain needs the device capability */
            bool ok = g != 3;
            if ((f & CL_MEM_SVM_FINE_GRAIN_BUFFER) && !(caps & CL_DEVICE_SVM_FINE_GRAIN_BUFFER))
                ok = false;
            if ((f & CL_MEM_SVM_ATOMICS) && !(caps & CL_DEVICE_SVM_ATOMICS))
                ok = false;
            void *p = clSVMAlloc(c, f, 256, 0);
            t->checks++;
            if ((p != NULL) != ok)
                conf_fail(t, __FILE__, __LINE__, "clSVMAlloc(flags 0x%llx): expected %s, got %p",
                          (unsigned long long)f, ok ? "a pointer" : "NULL", p);
            if (p) {
                if (f & CL_MEM_SVM_FINE_GRAIN_BUFFER)
                    memset(p, 0x11, 256); /* fine grain: host access without a map */
                clSVMFree(c, p);
            }
        }
    /* invalid: mutually exclusive access flags, unknown bits, size 0, too large */
    CHECK(clSVMAlloc(c, CL_MEM_READ_ONLY | CL_MEM_WRITE_ONLY, 64, 0) == NULL);
    CHECK(clSVMAlloc(c, CL_MEM_READ_WRITE | CL_MEM_READ_ONLY, 64, 0) == NULL);
    CHECK(clSVMAlloc(c, CL_MEM_USE_HOST_PTR, 64, 0) == NULL);
    CHECK(clSVMAlloc(c, (cl_svm_mem_flags)1 << 40, 64, 0) == NULL);
    CHECK(clSVMAlloc(c, CL_MEM_READ_WRITE, 0, 0) == NULL);
    cl_ulong max = conf_dev_ulong(t, t->device, CL_DEVICE_MAX_MEM_ALLOC_SIZE);
    CHECK(clSVMAlloc(c, CL_MEM_READ_WRITE, (size_t)max + 1, 0) == NULL);
    /* "alignment ... must be a power of two" */
    CHECK(clSVMAlloc(c, CL_MEM_READ_WRITE, 64, 3) == NULL);
    CHECK(clSVMAlloc(c, CL_MEM_READ_WRITE, 64, 48) == NULL);
    /* clSVMFree(NULL) is a no-op */
    clSVMFree(c, NULL);
}

static void svm_alignment(conf_t *t)
{
    if (!need_svm(t))
        SKIP("no SVM");
    cl_context c = conf_context(t);
    REQUIRE(c);
    /* up to the largest built-in type (long16, 128 bytes) an alignment must be honoured;
     * above it "the OpenCL implementation cannot support the specified alignment" is a
     * permitted reason to return NULL, but a returned pointer must be aligned */
    for (size_t al = 1; al <= 4096; al *= 2) {
        void *p = clSVMAlloc(c, CL_MEM_READ_WRITE, 100, (cl_uint)al);
        if (al <= 128 || p)
            CHECK_MSG(p && ((uintptr_t)p % al) == 0, "alignment %zu not honoured: %p", al, p);
        clSVMFree(c, p);
    }
    /* alignment 0: "the largest data type supported by the OpenCL device" (long16, 128) */
    void *p = clSVMAlloc(c, CL_MEM_READ_WRITE, 100, 0);
    CHECK(p && ((uintptr_t)p % 128) == 0);
    clSVMFree(c, p);
}

static void svm_memcpy_fill(conf_t *t)
{
    if (!need_svm(t))
        SKIP("no SVM");
    cl_context c = conf_context(t);
    cl_command_queue q = conf_queue(t);
    REQUIRE(q);
    enum { N = 4096 };
    unsigned char *a = clSVMAlloc(c, CL_MEM_READ_WRITE, N, 0);
    unsigned char *b = clSVMAlloc(c, CL_MEM_READ_WRITE, N, 0);
    REQUIRE(a && b);
    conf_defer_svm(t, c, a);
    conf_defer_svm(t, c, b);
    static unsigned char in[N], out[N];
    conf_pattern(in, N, 81);
    CHECK_OK(clEnqueueSVMMemcpy(q, CL_TRUE, a, in, N, 0, NULL, NULL));
    CHECK_OK(clEnqueueSVMMemcpy(q, CL_TRUE, b, a, N, 0, NULL, NULL));
    CHECK_OK(clEnqueueSVMMemcpy(q, CL_TRUE, out, b, N, 0, NULL, NULL));
    CHECK_MEM_EQ(in, out, N);
    /* fill with every pattern size */
    static unsigned char pat[128];
    conf_pattern(pat, sizeof(pat), 82);
    for (size_t ps = 1; ps <= 128; ps *= 2) {
        CHECK_OK(clEnqueueSVMMemFill(q, a + ps, pat, ps, ps * 4, 0, NULL, NULL));
        CHECK_OK(clEnqueueSVMMemcpy(q, CL_TRUE, out, a, N, 0, NULL, NULL));
        bool ok = true;
        for (size_t i = 0; i < ps * 4; i++)
            ok &= out[ps + i] == pat[i % ps];
        CHECK_MSG(ok, "SVM fill with pattern size %zu wrong", ps);
    }
    /* "CL_INVALID_VALUE if dst_ptr or src_ptr is NULL." */
    CHECK_ERR(CL_INVALID_VALUE, clEnqueueSVMMemcpy(q, CL_TRUE, NULL, a, 16, 0, NULL, NULL));
    CHECK_ERR(CL_INVALID_VALUE, clEnqueueSVMMemcpy(q, CL_TRUE, a, NULL, 16, 0, NULL, NULL));
    /* "CL_MEM_COPY_OVERLAP if the values specified for dst_ptr, src_ptr and size result in an
     * overlapping copy." */
    CHECK_ERR(CL_MEM_COPY_OVERLAP, clEnqueueSVMMemcpy(q, CL_TRUE, a + 8, a, 16, 0, NULL, NULL));
    CHECK_ERR(CL_MEM_COPY_OVERLAP, clEnqueueSVMMemcpy(q, CL_TRUE, a, a + 15, 16, 0, NULL, NULL));
    CHECK_ERR(CL_INVALID_EVENT_WAIT_LIST, clEnqueueSVMMemcpy(q, CL_TRUE, a, b, 16, 1, NULL, NULL));
    /* fill: "CL_INVALID_VALUE if svm_ptr is NULL.", "if svm_ptr is not aligned to the
     * pattern_size", "if pattern is NULL or if pattern_size is 0 or if pattern_size is not
     * one of {1, 2, 4, 8, 16, 32, 64, 128}", "if size is not a multiple of pattern_size" */
    CHECK_ERR(CL_INVALID_VALUE, clEnqueueSVMMemFill(q, NULL, pat, 4, 16, 0, NULL, NULL));
    CHECK_ERR(CL_INVALID_VALUE, clEnqueueSVMMemFill(q, a + 2, pat, 4, 16, 0, NULL, NULL));
    CHECK_ERR(CL_INVALID_VALUE, clEnqueueSVMMemFill(q, a, NULL, 4, 16, 0, NULL, NULL));
    CHECK_ERR(CL_INVALID_VALUE, clEnqueueSVMMemFill(q, a, pat, 0, 16, 0, NULL, NULL));
    CHECK_ERR(CL_INVALID_VALUE, clEnqueueSVMMemFill(q, a, pat, 3, 15, 0, NULL, NULL));
    CHECK_ERR(CL_INVALID_VALUE, clEnqueueSVMMemFill(q, a, pat, 256, 256, 0, NULL, NULL));
    CHECK_ERR(CL_INVALID_VALUE, clEnqueueSVMMemFill(q, a, pat, 4, 18, 0, NULL, NULL));
    CHECK_OK(clFinish(q));
}

static void svm_map_unmap(conf_t *t)
{
    if (!need_svm(t))
        SKIP("no SVM");
    cl_context c = conf_context(t);
    cl_command_queue q = conf_queue(t);
    REQUIRE(q);
    unsigned char *a = clSVMAlloc(c, CL_MEM_READ_WRITE, 1024, 0);
    REQUIRE(a);
    conf_defer_svm(t, c, a);
    static unsigned char in[1024], out[1024];
    conf_pattern(in, sizeof(in), 91);
    CHECK_OK(clEnqueueSVMMap(q, CL_TRUE, CL_MAP_WRITE, a, 1024, 0, NULL, NULL));
    memcpy(a, in, 1024);
    CHECK_OK(clEnqueueSVMUnmap(q, a, 0, NULL, NULL));
    CHECK_OK(clEnqueueSVMMemcpy(q, CL_TRUE, out, a, 1024, 0, NULL, NULL));
    CHECK_MEM_EQ(in, out, 1024);
    CHECK_OK(clEnqueueSVMMap(q, CL_TRUE, CL_MAP_READ, a + 512, 512, 0, NULL, NULL));
    CHECK_MEM_EQ(in + 512, a + 512, 512);
    CHECK_OK(clEnqueueSVMUnmap(q, a + 512, 0, NULL, NULL));
    cl_event e;
    CHECK_OK(clEnqueueSVMMap(q, CL_FALSE, CL_MAP_WRITE_INVALIDATE_REGION, a, 64, 0, NULL, &e));
    CHECK_OK(clWaitForEvents(1, &e));
    cl_command_type ct = 0;
    CHECK_OK(clGetEventInfo(e, CL_EVENT_COMMAND_TYPE, sizeof(ct), &ct, NULL));
    CHECK_EQ_U(CL_COMMAND_SVM_MAP, ct);
    clReleaseEvent(e);
    memset(a, 0x42, 64);
    CHECK_OK(clEnqueueSVMUnmap(q, a, 0, NULL, &e));
    CHECK_OK(clWaitForEvents(1, &e));
    CHECK_OK(clGetEventInfo(e, CL_EVENT_COMMAND_TYPE, sizeof(ct), &ct, NULL));
    CHECK_EQ_U(CL_COMMAND_SVM_UNMAP, ct);
    clReleaseEvent(e);
    /* "CL_INVALID_VALUE if svm_ptr is NULL." "if size is 0 or if values specified in
     * map_flags are not valid." */
    CHECK_ERR(CL_INVALID_VALUE, clEnqueueSVMMap(q, CL_TRUE, CL_MAP_READ, NULL, 16, 0, NULL, NULL));
    CHECK_ERR(CL_INVALID_VALUE, clEnqueueSVMMap(q, CL_TRUE, CL_MAP_READ, a, 0, 0, NULL, NULL));
    CHECK_ERR(CL_INVALID_VALUE,
              clEnqueueSVMMap(q, CL_TRUE, CL_MAP_READ | CL_MAP_WRITE_INVALIDATE_REGION, a, 16, 0,
                              NULL, NULL));
    CHECK_ERR(CL_INVALID_VALUE, clEnqueueSVMUnmap(q, NULL, 0, NULL, NULL));
    CHECK_OK(clFinish(q));
}

struct free_log {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    bool called;
    cl_command_queue q;
    cl_uint n;
    void *ptrs[4];
    void *ud;
};
static struct free_log flog = {
    PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, false, NULL, 0, {0}, NULL};

static void CL_CALLBACK free_cb(cl_command_queue q, cl_uint n, void *ptrs[], void *ud)
{
    pthread_mutex_lock(&flog.lock);
    flog.q = q;
    flog.n = n;
    for (cl_uint i = 0; i < n && i < 4; i++)
        flog.ptrs[i] = ptrs[i];
    flog.ud = ud;
    /* the callback owns the freeing */
    cl_context c = NULL;
    clGetCommandQueueInfo(q, CL_QUEUE_CONTEXT, sizeof(c), &c, NULL);
    for (cl_uint i = 0; i < n; i++)
        clSVMFree(c, ptrs[i]);
    flog.called = true;
    pthread_cond_broadcast(&flog.cond);
    pthread_mutex_unlock(&flog.lock);
}

static void svm_free_enqueue(conf_t *t)
{
    if (!need_svm(t))
        SKIP("no SVM");
    cl_context c = conf_context(t);
    cl_command_queue q = conf_queue(t);
    REQUIRE(q);
    void *p[3];
    for (int i = 0; i < 3; i++) {
        p[i] = clSVMAlloc(c, CL_MEM_READ_WRITE, 256, 0);
        REQUIRE(p[i]);
    }
    flog.called = false;
    int marker = 0;
    cl_event e;
    CHECK_OK(clEnqueueSVMFree(q, 2, p, free_cb, &marker, 0, NULL, &e));
    CHECK_OK(clWaitForEvents(1, &e));
    cl_command_type ct = 0;
    CHECK_OK(clGetEventInfo(e, CL_EVENT_COMMAND_TYPE, sizeof(ct), &ct, NULL));
    CHECK_EQ_U(CL_COMMAND_SVM_FREE, ct);
    clReleaseEvent(e);
    pthread_mutex_lock(&flog.lock);
    while (!flog.called)
        pthread_cond_wait(&flog.cond, &flog.lock);
    pthread_mutex_unlock(&flog.lock);
    CHECK_EQ_P(q, flog.q);
    CHECK_EQ_U(2, flog.n);
    CHECK_EQ_P(p[0], flog.ptrs[0]);
    CHECK_EQ_P(p[1], flog.ptrs[1]);
    CHECK_EQ_P(&marker, flog.ud);
    /* without a callback the implementation frees */
    CHECK_OK(clEnqueueSVMFree(q, 1, &p[2], NULL, NULL, 0, NULL, NULL));
    CHECK_OK(clFinish(q));
    /* "CL_INVALID_VALUE if num_svm_pointers is 0 and svm_pointers is non-NULL, or if
     * svm_pointers is NULL and num_svm_pointers is not 0." */
    CHECK_ERR(CL_INVALID_VALUE, clEnqueueSVMFree(q, 0, p, NULL, NULL, 0, NULL, NULL));
    CHECK_ERR(CL_INVALID_VALUE, clEnqueueSVMFree(q, 1, NULL, NULL, NULL, 0, NULL, NULL));
    CHECK_ERR(CL_INVALID_EVENT_WAIT_LIST, clEnqueueSVMFree(q, 1, p, NULL, NULL, 1, NULL, NULL));
}

static void svm_migrate(conf_t *t)
{
    if (!need_svm(t))
        SKIP("no SVM");
    cl_context c = conf_context(t);
    cl_command_queue q = conf_queue(t);
    REQUIRE(q);
    void *a = clSVMAlloc(c, CL_MEM_READ_WRITE, 4096, 0);
    void *b = clSVMAlloc(c, CL_MEM_READ_WRITE, 4096, 0);
    REQUIRE(a && b);
    conf_defer_svm(t, c, a);
    conf_defer_svm(t, c, b);
    const void *ptrs[2] = {a, b};
    size_t sizes[2] = {4096, 0};
    cl_event e;
    CHECK_OK(clEnqueueSVMMigrateMem(q, 2, ptrs, NULL, 0, 0, NULL, &e));
    CHECK_OK(clWaitForEvents(1, &e));
    cl_command_type ct = 0;
    CHECK_OK(clGetEventInfo(e, CL_EVENT_COMMAND_TYPE, sizeof(ct), &ct, NULL));
    CHECK_EQ_U(CL_COMMAND_SVM_MIGRATE_MEM, ct);
    clReleaseEvent(e);
    CHECK_OK(clEnqueueSVMMigrateMem(q, 2, ptrs, sizes, CL_MIGRATE_MEM_OBJECT_HOST, 0, NULL, NULL));
    CHECK_OK(clEnqueueSVMMigrateMem(q, 1, ptrs, sizes, CL_MIGRATE_MEM_OBJECT_CONTENT_UNDEFINED, 0,
                                    NULL, NULL));
    /* "CL_INVALID_VALUE if num_svm_pointers is zero or svm_pointers is NULL." */
    CHECK_ERR(CL_INVALID_VALUE, clEnqueueSVMMigrateMem(q, 0, ptrs, NULL, 0, 0, NULL, NULL));
    CHECK_ERR(CL_INVALID_VALUE, clEnqueueSVMMigrateMem(q, 1, NULL, NULL, 0, 0, NULL, NULL));
    /* "CL_INVALID_VALUE if sizes[i] is non-zero range [svm_pointers[i], svm_pointers[i] +
     * sizes[i]) is not contained within an existing clSVMAlloc allocation." */
    size_t toobig[1] = {8192};
    CHECK_ERR(CL_INVALID_VALUE, clEnqueueSVMMigrateMem(q, 1, ptrs, toobig, 0, 0, NULL, NULL));
    /* "CL_INVALID_VALUE if flags is not 0 or is not any of the values described" */
    CHECK_ERR(
        CL_INVALID_VALUE,
        clEnqueueSVMMigrateMem(q, 1, ptrs, NULL, (cl_mem_migration_flags)1 << 20, 0, NULL, NULL));
    CHECK_OK(clFinish(q));
}

static void svm_buffer_from_svm(conf_t *t)
{
    if (!need_svm(t))
        SKIP("no SVM");
    cl_context c = conf_context(t);
    cl_command_queue q = conf_queue(t);
    REQUIRE(q);
    unsigned char *a = clSVMAlloc(c, CL_MEM_READ_WRITE, 1024, 0);
    REQUIRE(a);
    conf_defer_svm(t, c, a);
    cl_mem m;
    REQUIRE_CREATE(m,
                   clCreateBuffer(c, CL_MEM_READ_WRITE | CL_MEM_USE_HOST_PTR, 512, a + 256, ERRP));
    conf_defer_mem(t, m);
    /* "CL_MEM_USES_SVM_POINTER: CL_TRUE if memobj is a buffer object that was created with
     * CL_MEM_USE_HOST_PTR ... and host_ptr ... is an SVM pointer" */
    cl_bool uses = 0;
    CHECK_OK(clGetMemObjectInfo(m, CL_MEM_USES_SVM_POINTER, sizeof(uses), &uses, NULL));
    CHECK_EQ_U(CL_TRUE, uses);
}

/* fine-grain system SVM: plain malloc, stack and static memory in SVM commands */
static unsigned char static_src[512];
static void svm_system(conf_t *t)
{
    if (!(need_svm(t) & CL_DEVICE_SVM_FINE_GRAIN_SYSTEM))
        SKIP("device does not report CL_DEVICE_SVM_FINE_GRAIN_SYSTEM");
    cl_command_queue q = conf_queue(t);
    REQUIRE(q);
    unsigned char *heap = malloc(512);
    conf_defer_free(t, heap);
    unsigned char stack[512];
    conf_pattern(static_src, sizeof(static_src), 101);
    CHECK_OK(clEnqueueSVMMemcpy(q, CL_TRUE, heap, static_src, 512, 0, NULL, NULL));
    CHECK_OK(clEnqueueSVMMemcpy(q, CL_TRUE, stack, heap, 512, 0, NULL, NULL));
    CHECK_MEM_EQ(static_src, stack, 512);
    cl_uint pat = 0xdeadbeef;
    CHECK_OK(clEnqueueSVMMemFill(q, heap, &pat, 4, 512, 0, NULL, NULL));
    CHECK_OK(clFinish(q));
    bool ok = true;
    for (int i = 0; i < 128; i++)
        ok &= ((cl_uint *)(void *)heap)[i] == 0xdeadbeef;
    CHECK_MSG(ok, "SVMMemFill on malloc memory wrong");
    CHECK_OK(clEnqueueSVMMemFill(q, stack, &pat, 4, 256, 0, NULL, NULL));
    CHECK_OK(clFinish(q));
    CHECK_EQ_U(0xdeadbeef, ((cl_uint *)(void *)stack)[63]);
    const void *ptrs[1] = {heap};
    size_t sizes[1] = {512};
    /* "CL_INVALID_VALUE if sizes[i] is non-zero range [svm_pointers[i], svm_pointers[i] +
     * sizes[i]) is not contained within an existing clSVMAlloc allocation": malloc memory is
     * in none. cl_hmmcl_svm_migrate_system lifts that for ranges with an explicit size only
     * (KhronosGroup/OpenCL-Docs#392). */
    if (conf_has_extension(t, t->device, "cl_hmmcl_svm_migrate_system")) {
        CHECK_OK(clEnqueueSVMMigrateMem(q, 1, ptrs, sizes, 0, 0, NULL, NULL));
        CHECK_OK(
            clEnqueueSVMMigrateMem(q, 1, ptrs, sizes, CL_MIGRATE_MEM_OBJECT_HOST, 0, NULL, NULL));
        CHECK_ERR(CL_INVALID_VALUE, clEnqueueSVMMigrateMem(q, 1, ptrs, NULL, 0, 0, NULL, NULL));
    } else {
        CHECK_ERR(CL_INVALID_VALUE, clEnqueueSVMMigrateMem(q, 1, ptrs, sizes, 0, 0, NULL, NULL));
    }
    CHECK_OK(clEnqueueSVMMap(q, CL_TRUE, CL_MAP_READ, heap, 512, 0, NULL, NULL));
    /* Wherever migration put the pages, the host reads what the fill wrote. */
    CHECK_EQ_U(0xdeadbeef, ((cl_uint *)(void *)heap)[127]);
    CHECK_OK(clEnqueueSVMUnmap(q, heap, 0, NULL, NULL));
    CHECK_OK(clFinish(q));
}

static const char svm_kernels_src[] =
    "kernel void add1(global int *p, int n)\n"
    "{\n"
    "    size_t i = get_global_id(0);\n"
    "    if (i < (size_t)n)\n"
    "        p[i] += (int)i + 1;\n"
    "}\n"
    "typedef struct node { global struct node *next; int value; int visits; } node_t;\n"
    "kernel void walk(global node_t *head, global long *sums, global node_t *global *last)\n"
    "{\n"
    "    long s = 0;\n"
    "    global node_t *n = head, *prev = 0;\n"
    "    for (; n; n = n->next) {\n"
    "        s += n->value;\n"
    "        if (get_global_id(0) == 0) {\n"
    "            n->visits++;\n"
    "            prev = n;\n"
    "        }\n"
    "    }\n"
    "    sums[get_global_id(0)] = s;\n"
    "    if (get_global_id(0) == 0)\n"
    "        *last = prev;\n"
    "}\n";

/* Run add1 over @n ints at @p (an SVM or system pointer) and check p[i] == init + i + 1. */
static void run_add1(conf_t *t, cl_kernel k, int *p, int n, const char *what)
{
    for (int i = 0; i < n; i++)
        p[i] = 1000 * i;
    CHECK_OK(clSetKernelArgSVMPointer(k, 0, p));
    CHECK_OK(clSetKernelArg(k, 1, sizeof(n), &n));
    size_t g = (size_t)n;
    CHECK_OK(clEnqueueNDRangeKernel(conf_queue(t), k, 1, NULL, &g, NULL, 0, NULL, NULL));
    CHECK_OK(clFinish(conf_queue(t)));
    int bad = 0;
    for (int i = 0; i < n; i++)
        bad += p[i] != 1000 * i + i + 1;
    CHECK_MSG(!bad, "%s: %d of %d elements wrong", what, bad, n);
}

/* Kernels on clSVMAlloc memory: coarse grain through map/unmap, fine grain directly. */
static void svm_kernel_buffers(conf_t *t)
{
    cl_device_svm_capabilities caps = need_svm(t);
    if (!caps)
        SKIP("no SVM");
    cl_kernel k = conf_kernel_or_skip(t, svm_kernels_src, "", "add1");
    if (!k)
        return;
    cl_context c = conf_context(t);
    cl_command_queue q = conf_queue(t);
    enum { N = 5000 };
    int *coarse = clSVMAlloc(c, CL_MEM_READ_WRITE, N * sizeof(int), 0);
    REQUIRE(coarse);
    conf_defer_svm(t, c, coarse);
    CHECK_OK(clEnqueueSVMMap(q, CL_TRUE, CL_MAP_WRITE, coarse, N * sizeof(int), 0, NULL, NULL));
    for (int i = 0; i < N; i++)
        coarse[i] = 1000 * i;
    CHECK_OK(clEnqueueSVMUnmap(q, coarse, 0, NULL, NULL));
    int n = N;
    size_t g = N;
    CHECK_OK(clSetKernelArgSVMPointer(k, 0, coarse));
    CHECK_OK(clSetKernelArg(k, 1, sizeof(n), &n));
    CHECK_OK(clEnqueueNDRangeKernel(q, k, 1, NULL, &g, NULL, 0, NULL, NULL));
    CHECK_OK(clEnqueueSVMMap(q, CL_TRUE, CL_MAP_READ, coarse, N * sizeof(int), 0, NULL, NULL));
    int bad = 0;
    for (int i = 0; i < N; i++)
        bad += coarse[i] != 1000 * i + i + 1;
    CHECK_OK(clEnqueueSVMUnmap(q, coarse, 0, NULL, NULL));
    CHECK_MSG(!bad, "coarse-grain SVM: %d elements wrong", bad);
    /* an SVM pointer into the middle of an allocation */
    CHECK_OK(clFinish(q));
    if (!(caps & CL_DEVICE_SVM_FINE_GRAIN_BUFFER))
        SKIP("coarse grain checked; no CL_DEVICE_SVM_FINE_GRAIN_BUFFER");
    int *fine = clSVMAlloc(c, CL_MEM_READ_WRITE | CL_MEM_SVM_FINE_GRAIN_BUFFER, N * sizeof(int), 0);
    REQUIRE(fine);
    conf_defer_svm(t, c, fine);
    run_add1(t, k, fine, N, "fine-grain SVM buffer");
    run_add1(t, k, fine + 100, N - 100, "fine-grain SVM buffer at an offset");
}

static int static_data[3000];

/* Fine-grain system SVM: malloc, mmap, the stack and static data straight into a kernel. */
static void svm_kernel_system(conf_t *t)
{
    if (!(need_svm(t) & CL_DEVICE_SVM_FINE_GRAIN_SYSTEM))
        SKIP("device does not report CL_DEVICE_SVM_FINE_GRAIN_SYSTEM");
    cl_kernel k = conf_kernel_or_skip(t, svm_kernels_src, "", "add1");
    if (!k)
        return;
    cl_bool yes = CL_TRUE;
    CHECK_OK(clSetKernelExecInfo(k, CL_KERNEL_EXEC_INFO_SVM_FINE_GRAIN_SYSTEM, sizeof(yes), &yes));
    int *heap = malloc(7000 * sizeof(int));
    REQUIRE(heap);
    conf_defer_free(t, heap);
    run_add1(t, k, heap, 7000, "malloc");
    size_t len = 1 << 20;
    int *mapped = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    REQUIRE(mapped != MAP_FAILED);
    /* the last page and a half only, so the kernel crosses into untouched pages */
    run_add1(t, k, mapped + (len - 6144) / sizeof(int), 6144 / sizeof(int), "mmap");
    run_add1(t, k, mapped, (int)(len / sizeof(int)), "mmap (whole mapping)");
    munmap(mapped, len);
    int stack[700];
    run_add1(t, k, stack, 700, "stack");
    run_add1(t, k, static_data, 3000, "static data");
}

struct snode {
    struct snode *next;
    cl_int value;
    cl_int visits;
};

/*
 * Pointers stored in memory: a linked list whose `next` fields the kernel follows. System
 * memory (one malloc per node) where the device has fine-grain system SVM, otherwise nodes
 * inside one fine-grain SVM buffer named through CL_KERNEL_EXEC_INFO_SVM_PTRS.
 */
static void svm_linked_structure(conf_t *t)
{
    cl_device_svm_capabilities caps = need_svm(t);
    bool system = caps & CL_DEVICE_SVM_FINE_GRAIN_SYSTEM;
    if (!system && !(caps & CL_DEVICE_SVM_FINE_GRAIN_BUFFER))
        SKIP("no fine-grain SVM (buffer or system)");
    cl_kernel k = conf_kernel_or_skip(t, svm_kernels_src, "", "walk");
    if (!k)
        return;
    cl_context c = conf_context(t);
    enum { N = 300, W = 16 };
    struct snode *pool = NULL, *nodes[N];
    cl_long *sums;
    struct snode **last;
    if (system) {
        for (int i = 0; i < N; i++) {
            nodes[i] = malloc(sizeof(struct snode));
            REQUIRE(nodes[i]);
            conf_defer_free(t, nodes[i]);
        }
        sums = malloc(W * sizeof(cl_long));
        last = malloc(sizeof(*last));
        REQUIRE(sums && last);
        conf_defer_free(t, sums);
        conf_defer_free(t, last);
        cl_bool yes = CL_TRUE;
        CHECK_OK(
            clSetKernelExecInfo(k, CL_KERNEL_EXEC_INFO_SVM_FINE_GRAIN_SYSTEM, sizeof(yes), &yes));
    } else {
        size_t size = N * sizeof(struct snode) + W * sizeof(cl_long) + sizeof(void *);
        pool = clSVMAlloc(c, CL_MEM_READ_WRITE | CL_MEM_SVM_FINE_GRAIN_BUFFER, size, 0);
        REQUIRE(pool);
        conf_defer_svm(t, c, pool);
        /* scattered order inside the pool */
        for (int i = 0; i < N; i++)
            nodes[i] = &pool[(i * 7) % N];
        sums = (cl_long *)(void *)&pool[N];
        last = (struct snode **)(void *)(sums + W);
        void *ptrs[1] = {pool};
        CHECK_OK(clSetKernelExecInfo(k, CL_KERNEL_EXEC_INFO_SVM_PTRS, sizeof(ptrs), ptrs));
    }
    cl_long want = 0;
    for (int i = 0; i < N; i++) {
        nodes[i]->next = i + 1 < N ? nodes[i + 1] : NULL;
        nodes[i]->value = i * 3 - 100;
        nodes[i]->visits = 0;
        want += i * 3 - 100;
    }
    *last = NULL;
    CHECK_OK(clSetKernelArgSVMPointer(k, 0, nodes[0]));
    CHECK_OK(clSetKernelArgSVMPointer(k, 1, sums));
    CHECK_OK(clSetKernelArgSVMPointer(k, 2, last));
    size_t g = W;
    CHECK_OK(clEnqueueNDRangeKernel(conf_queue(t), k, 1, NULL, &g, NULL, 0, NULL, NULL));
    CHECK_OK(clFinish(conf_queue(t)));
    for (int i = 0; i < W; i++)
        CHECK_EQ_I(want, sums[i]);
    /* a pointer written by the device, dereferenced by the host */
    CHECK_EQ_P(nodes[N - 1], *last);
    int bad = 0;
    for (int i = 0; i < N; i++)
        bad += nodes[i]->visits != 1;
    CHECK_MSG(!bad, "%d nodes not visited exactly once by work-item 0 (%s)", bad,
              system ? "system SVM" : "SVM buffer");
}

/* What host/device atomics on one location need: SVM atomics and all_svm_devices scope. */
static const char *concurrent_svm_missing(conf_t *t, bool *system)
{
    cl_device_svm_capabilities caps = need_svm(t);
    *system = caps & CL_DEVICE_SVM_FINE_GRAIN_SYSTEM;
    if (!(caps & CL_DEVICE_SVM_ATOMICS))
        return "device does not report CL_DEVICE_SVM_ATOMICS";
    if (!conf_cl_std_2plus(t))
        return "the device compiles no OpenCL C 2.0+ (no memory_scope_all_svm_devices)";
    if (!conf_has_c_version(t, 2, 0) &&
        !conf_has_c_feature(t, "__opencl_c_atomic_scope_all_devices"))
        return "no __opencl_c_atomic_scope_all_devices: memory_scope_all_svm_devices is not "
               "available for host/device atomics";
    return NULL;
}

/* Memory shared by host and kernel: system memory or a fine-grain SVM buffer with atomics. */
static void *shared_alloc(conf_t *t, bool system, size_t size)
{
    void *p;
    if (system) {
        p = calloc(1, size);
        conf_defer_free(t, p);
    } else {
        p = clSVMAlloc(conf_context(t),
                       CL_MEM_READ_WRITE | CL_MEM_SVM_FINE_GRAIN_BUFFER | CL_MEM_SVM_ATOMICS, size,
                       0);
        if (p) {
            memset(p, 0, size);
            conf_defer_svm(t, conf_context(t), p);
        }
    }
    return p;
}

static const char concurrent_src[] =
    "kernel void count(global atomic_uint *counter, global atomic_int *device_started,\n"
    "                  global atomic_int *host_started, uint per_item)\n"
    "{\n"
    "    if (get_global_id(0) == 0) {\n"
    "        atomic_store_explicit(device_started, 1, memory_order_seq_cst,\n"
    "                              memory_scope_all_svm_devices);\n"
    "        while (!atomic_load_explicit(host_started, memory_order_seq_cst,\n"
    "                                     memory_scope_all_svm_devices))\n"
    "            ;\n"
    "    }\n"
    "    for (uint i = 0; i < per_item; i++)\n"
    "        atomic_fetch_add_explicit(counter, 1u, memory_order_relaxed,\n"
    "                                  memory_scope_all_svm_devices);\n"
    "}\n"
    "kernel void wait_flag(global atomic_int *started, global atomic_int *flag,\n"
    "                      global const int *data, global int *result)\n"
    "{\n"
    "    atomic_store_explicit(started, 1, memory_order_seq_cst, memory_scope_all_svm_devices);\n"
    "    while (!atomic_load_explicit(flag, memory_order_acquire, memory_scope_all_svm_devices))\n"
    "        ;\n"
    "    result[0] = data[0] + data[1];\n"
    "}\n";

struct shared_counter {
    atomic_uint counter;
    atomic_int device_started;
    atomic_int host_started;
};

struct counter_thread {
    pthread_t thread;
    struct shared_counter *s;
    unsigned increments;
};

static void *count_on_host(void *arg)
{
    struct counter_thread *h = arg;
    /* start once the kernel runs (the test's watchdog bounds this wait) */
    while (!atomic_load(&h->s->device_started))
        sched_yield();
    atomic_store(&h->s->host_started, 1);
    for (unsigned i = 0; i < h->increments; i++)
        atomic_fetch_add_explicit(&h->s->counter, 1, memory_order_relaxed);
    return NULL;
}

/* Host threads and work-items increment ONE counter at the same time; the total is exact. */
static void svm_atomics_concurrent(conf_t *t)
{
    bool system;
    const char *missing = concurrent_svm_missing(t, &system);
    if (missing)
        SKIP("%s", missing);
    cl_kernel k = conf_kernel_or_skip(t, concurrent_src, conf_cl_std_2plus(t), "count");
    if (!k)
        return;
    struct shared_counter *s = shared_alloc(t, system, sizeof(*s));
    REQUIRE(s);
    enum { THREADS = 4, ITEMS = 2048, PER_ITEM = 64, PER_THREAD = 40000 };
    cl_uint per_item = PER_ITEM;
    CHECK_OK(clSetKernelArgSVMPointer(k, 0, &s->counter));
    CHECK_OK(clSetKernelArgSVMPointer(k, 1, &s->device_started));
    CHECK_OK(clSetKernelArgSVMPointer(k, 2, &s->host_started));
    CHECK_OK(clSetKernelArg(k, 3, sizeof(per_item), &per_item));
    if (system) {
        cl_bool yes = CL_TRUE;
        CHECK_OK(
            clSetKernelExecInfo(k, CL_KERNEL_EXEC_INFO_SVM_FINE_GRAIN_SYSTEM, sizeof(yes), &yes));
    }
    struct counter_thread th[THREADS];
    int started = 0;
    for (; started < THREADS; started++) {
        th[started].s = s;
        th[started].increments = PER_THREAD;
        if (pthread_create(&th[started].thread, NULL, count_on_host, &th[started]))
            break;
    }
    size_t g = ITEMS;
    cl_int err = clEnqueueNDRangeKernel(conf_queue(t), k, 1, NULL, &g, NULL, 0, NULL, NULL);
    CHECK_OK(err);
    CHECK_OK(clFlush(conf_queue(t)));
    if (err)
        atomic_store(&s->device_started, 1);
    for (int i = 0; i < started; i++)
        pthread_join(th[i].thread, NULL);
    CHECK_OK(clFinish(conf_queue(t)));
    REQUIRE(started == THREADS);
    CHECK_EQ_U((unsigned long long)ITEMS * PER_ITEM + (unsigned long long)THREADS * PER_THREAD,
               atomic_load(&s->counter));
}

/* A kernel waits for a flag the host sets after the launch (message passing through SVM). */
static void svm_host_flag(conf_t *t)
{
    bool system;
    const char *missing = concurrent_svm_missing(t, &system);
    if (missing)
        SKIP("%s", missing);
    cl_kernel k = conf_kernel_or_skip(t, concurrent_src, conf_cl_std_2plus(t), "wait_flag");
    if (!k)
        return;
    struct {
        atomic_int started;
        atomic_int flag;
        cl_int data[2];
        cl_int result;
    } *s = shared_alloc(t, system, sizeof(*s));
    REQUIRE(s);
    s->result = -1;
    CHECK_OK(clSetKernelArgSVMPointer(k, 0, &s->started));
    CHECK_OK(clSetKernelArgSVMPointer(k, 1, &s->flag));
    CHECK_OK(clSetKernelArgSVMPointer(k, 2, s->data));
    CHECK_OK(clSetKernelArgSVMPointer(k, 3, &s->result));
    if (system) {
        cl_bool yes = CL_TRUE;
        CHECK_OK(
            clSetKernelExecInfo(k, CL_KERNEL_EXEC_INFO_SVM_FINE_GRAIN_SYSTEM, sizeof(yes), &yes));
    }
    size_t g = 1;
    cl_event e = NULL;
    REQUIRE_OK(clEnqueueNDRangeKernel(conf_queue(t), k, 1, NULL, &g, NULL, 0, NULL, &e));
    conf_defer_event(t, e);
    REQUIRE_OK(clFlush(conf_queue(t)));
    /* the kernel is running and waiting (the watchdog bounds this loop, not a sleep) */
    while (!atomic_load(&s->started))
        sched_yield();
    CHECK(conf_event_status(e) != CL_COMPLETE);
    s->data[0] = 40;
    s->data[1] = 2;
    atomic_store_explicit(&s->flag, 1, memory_order_release);
    CHECK_OK(clWaitForEvents(1, &e));
    CHECK_EQ_I(42, s->result);
}

static const struct conf_test tests[] = {
    CONF_TEST(svm_caps),
    CONF_TEST(svm_alloc_flags),
    CONF_TEST(svm_alignment),
    CONF_TEST(svm_memcpy_fill),
    CONF_TEST(svm_map_unmap),
    CONF_TEST(svm_free_enqueue),
    CONF_TEST(svm_migrate),
    CONF_TEST(svm_buffer_from_svm),
    CONF_TEST(svm_system),
    CONF_TEST(svm_kernel_buffers),
    CONF_TEST(svm_kernel_system),
    CONF_TEST(svm_linked_structure),
    CONF_TEST(svm_atomics_concurrent),
    CONF_TEST(svm_host_flag),
};
CONF_CATEGORY(
    conf_cat_svm, "svm",
    "SVM capabilities, clSVMAlloc flags and alignment, SVM memcpy/fill/map/unmap/"
    "migrate/free with callbacks, fine-grain system SVM on malloc, stack and static data; "
    "kernels on SVM buffers and system memory (malloc, mmap, stack, static), linked "
    "structures, host/device atomics on one location during a kernel, a kernel "
    "waiting for a host flag",
    tests);
