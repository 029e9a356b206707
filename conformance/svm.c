/* svm: allocation flags, alignment, SVM enqueues, free callbacks, fine-grain system SVM. */
#include "harness.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

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
    CHECK_OK(clEnqueueSVMMigrateMem(q, 1, ptrs, sizes, 0, 0, NULL, NULL));
    CHECK_OK(clEnqueueSVMMap(q, CL_TRUE, CL_MAP_READ, heap, 512, 0, NULL, NULL));
    CHECK_OK(clEnqueueSVMUnmap(q, heap, 0, NULL, NULL));
    CHECK_OK(clFinish(q));
}

static const struct conf_test tests[] = {
    CONF_TEST(svm_caps),        CONF_TEST(svm_alloc_flags),     CONF_TEST(svm_alignment),
    CONF_TEST(svm_memcpy_fill), CONF_TEST(svm_map_unmap),       CONF_TEST(svm_free_enqueue),
    CONF_TEST(svm_migrate),     CONF_TEST(svm_buffer_from_svm), CONF_TEST(svm_system),
};
CONF_CATEGORY(conf_cat_svm, "svm",
              "SVM capabilities, clSVMAlloc flags and alignment, SVM memcpy/fill/map/unmap/"
              "migrate/free with callbacks, fine-grain system SVM on malloc, stack and static data",
              tests);
