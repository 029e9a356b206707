/* SPDX-License-Identifier: MIT */
/*
 * Buffers, sub-buffers, buffer commands and SVM, through the entry points
 * linked directly (no ICD loader): argument checks, queries, data movement,
 * map bookkeeping, destructor order and SVM bookkeeping.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/context.h"
#include "core/memory.h"
#include "util/cl.h"

static int failures;

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond);               \
            failures++;                                                                            \
        }                                                                                          \
    } while (0)

#define CHECK_ERR(expr, code)                                                                      \
    do {                                                                                           \
        cl_int got_ = (expr);                                                                      \
        if (got_ != (code)) {                                                                      \
            fprintf(stderr, "%s:%d: %s returned %d, expected %s (%d)\n", __FILE__, __LINE__,       \
                    #expr, got_, #code, (code));                                                   \
            failures++;                                                                            \
        }                                                                                          \
    } while (0)

static cl_context context;
static cl_command_queue queue;

static void test_buffer_create(void)
{
    char host[256];
    cl_int err;
    cl_mem m;

    m = clCreateBuffer(NULL, 0, 16, NULL, &err);
    CHECK(!m && err == CL_INVALID_CONTEXT);
    m = clCreateBuffer(context, CL_MEM_READ_ONLY | CL_MEM_WRITE_ONLY, 16, NULL, &err);
    CHECK(!m && err == CL_INVALID_VALUE);
    m = clCreateBuffer(context, CL_MEM_USE_HOST_PTR | CL_MEM_COPY_HOST_PTR, 16, host, &err);
    CHECK(!m && err == CL_INVALID_VALUE);
    m = clCreateBuffer(context, CL_MEM_HOST_NO_ACCESS | CL_MEM_HOST_READ_ONLY, 16, NULL, &err);
    CHECK(!m && err == CL_INVALID_VALUE);
    m = clCreateBuffer(context, CL_MEM_KERNEL_READ_AND_WRITE, 16, NULL, &err);
    CHECK(!m && err == CL_INVALID_VALUE);
    m = clCreateBuffer(context, 0, 0, NULL, &err);
    CHECK(!m && err == CL_INVALID_BUFFER_SIZE);
    m = clCreateBuffer(context, 0, SIZE_MAX, NULL, &err);
    CHECK(!m && err == CL_INVALID_BUFFER_SIZE);
    m = clCreateBuffer(context, CL_MEM_USE_HOST_PTR, 16, NULL, &err);
    CHECK(!m && err == CL_INVALID_HOST_PTR);
    m = clCreateBuffer(context, 0, 16, host, &err);
    CHECK(!m && err == CL_INVALID_HOST_PTR);
    {
        cl_mem_properties bad[] = {0x1234, 0, 0};

        m = clCreateBufferWithProperties(context, bad, 0, 16, NULL, &err);
        CHECK(!m && err == CL_INVALID_PROPERTY);
    }

    /* USE_HOST_PTR: the storage is the host memory itself. */
    memset(host, 7, sizeof(host));
    m = clCreateBuffer(context, CL_MEM_USE_HOST_PTR | CL_MEM_READ_ONLY, sizeof(host), host, &err);
    CHECK(m && err == CL_SUCCESS);
    if (m) {
        void *p = NULL;
        cl_mem_flags flags = 0;
        cl_uint refs = 0;
        size_t size = 0, ret = 0;
        cl_bool svm = CL_TRUE;

        CHECK(m->storage == host);
        CHECK_ERR(clGetMemObjectInfo(m, CL_MEM_HOST_PTR, sizeof(p), &p, NULL), CL_SUCCESS);
        CHECK(p == host);
        CHECK_ERR(clGetMemObjectInfo(m, CL_MEM_FLAGS, sizeof(flags), &flags, NULL), CL_SUCCESS);
        CHECK(flags == (CL_MEM_USE_HOST_PTR | CL_MEM_READ_ONLY));
        CHECK_ERR(clGetMemObjectInfo(m, CL_MEM_SIZE, sizeof(size), &size, &ret), CL_SUCCESS);
        CHECK(size == sizeof(host) && ret == sizeof(size_t));
        CHECK_ERR(clGetMemObjectInfo(m, CL_MEM_USES_SVM_POINTER, sizeof(svm), &svm, NULL),
                  CL_SUCCESS);
        CHECK(svm == CL_FALSE);
        CHECK_ERR(clGetMemObjectInfo(m, CL_MEM_PROPERTIES, 0, NULL, &ret), CL_SUCCESS);
        CHECK(ret == 0);
        CHECK_ERR(clGetMemObjectInfo(m, CL_MEM_SIZE, 1, &size, NULL), CL_INVALID_VALUE);
        CHECK_ERR(clGetMemObjectInfo(m, 0x7777, sizeof(size), &size, NULL), CL_INVALID_VALUE);
        CHECK_ERR(clRetainMemObject(m), CL_SUCCESS);
        CHECK_ERR(clGetMemObjectInfo(m, CL_MEM_REFERENCE_COUNT, sizeof(refs), &refs, NULL),
                  CL_SUCCESS);
        CHECK(refs == 2);
        CHECK_ERR(clReleaseMemObject(m), CL_SUCCESS);
        CHECK_ERR(clReleaseMemObject(m), CL_SUCCESS);
        CHECK_ERR(clReleaseMemObject(NULL), CL_INVALID_MEM_OBJECT);
    }

    /* COPY_HOST_PTR copies, and properties {0} are reported back. */
    {
        cl_mem_properties none[] = {0};
        cl_mem_properties got[2] = {1, 1};
        size_t ret = 0;

        m = clCreateBufferWithProperties(context, none, CL_MEM_COPY_HOST_PTR, sizeof(host), host,
                                         &err);
        CHECK(m && err == CL_SUCCESS);
        if (m) {
            CHECK(m->storage != host && memcmp(m->storage, host, sizeof(host)) == 0);
            CHECK((uintptr_t)m->storage % HMMCL_MEM_BASE_ALIGN == 0);
            CHECK_ERR(clGetMemObjectInfo(m, CL_MEM_PROPERTIES, sizeof(got), got, &ret), CL_SUCCESS);
            CHECK(ret == sizeof(cl_mem_properties) && got[0] == 0);
            clReleaseMemObject(m);
        }
    }
}

static void test_sub_buffer(void)
{
    char *host = aligned_alloc(HMMCL_MEM_BASE_ALIGN, 4 * HMMCL_MEM_BASE_ALIGN);
    cl_buffer_region region = {HMMCL_MEM_BASE_ALIGN, HMMCL_MEM_BASE_ALIGN};
    cl_mem parent, sub;
    cl_int err;

    parent =
        clCreateBuffer(context, CL_MEM_WRITE_ONLY | CL_MEM_USE_HOST_PTR | CL_MEM_HOST_READ_ONLY,
                       4 * HMMCL_MEM_BASE_ALIGN, host, &err);
    CHECK(parent && err == CL_SUCCESS);
    if (!parent)
        goto out;

    sub = clCreateSubBuffer(parent, CL_MEM_READ_WRITE, CL_BUFFER_CREATE_TYPE_REGION, &region, &err);
    CHECK(!sub && err == CL_INVALID_VALUE);
    sub = clCreateSubBuffer(parent, CL_MEM_HOST_WRITE_ONLY, CL_BUFFER_CREATE_TYPE_REGION, &region,
                            &err);
    CHECK(!sub && err == CL_INVALID_VALUE);
    sub =
        clCreateSubBuffer(parent, CL_MEM_USE_HOST_PTR, CL_BUFFER_CREATE_TYPE_REGION, &region, &err);
    CHECK(!sub && err == CL_INVALID_VALUE);
    sub = clCreateSubBuffer(parent, 0, 0x9999, &region, &err);
    CHECK(!sub && err == CL_INVALID_VALUE);
    sub = clCreateSubBuffer(parent, 0, CL_BUFFER_CREATE_TYPE_REGION, NULL, &err);
    CHECK(!sub && err == CL_INVALID_VALUE);
    sub = clCreateSubBuffer(parent, 0, CL_BUFFER_CREATE_TYPE_REGION,
                            &(cl_buffer_region){3 * HMMCL_MEM_BASE_ALIGN, 2 * HMMCL_MEM_BASE_ALIGN},
                            &err);
    CHECK(!sub && err == CL_INVALID_VALUE);
    sub = clCreateSubBuffer(parent, 0, CL_BUFFER_CREATE_TYPE_REGION,
                            &(cl_buffer_region){HMMCL_MEM_BASE_ALIGN, 0}, &err);
    CHECK(!sub && err == CL_INVALID_BUFFER_SIZE);
    sub =
        clCreateSubBuffer(parent, 0, CL_BUFFER_CREATE_TYPE_REGION, &(cl_buffer_region){4, 4}, &err);
    CHECK(!sub && err == CL_MISALIGNED_SUB_BUFFER_OFFSET);

    sub = clCreateSubBuffer(parent, 0, CL_BUFFER_CREATE_TYPE_REGION, &region, &err);
    CHECK(sub && err == CL_SUCCESS);
    if (sub) {
        cl_mem_flags flags = 0;
        cl_mem assoc = NULL;
        size_t offset = 0;
        void *p = NULL;
        cl_mem subsub;

        CHECK_ERR(clGetMemObjectInfo(sub, CL_MEM_FLAGS, sizeof(flags), &flags, NULL), CL_SUCCESS);
        CHECK(flags == (CL_MEM_WRITE_ONLY | CL_MEM_USE_HOST_PTR | CL_MEM_HOST_READ_ONLY));
        CHECK_ERR(clGetMemObjectInfo(sub, CL_MEM_ASSOCIATED_MEMOBJECT, sizeof(assoc), &assoc, NULL),
                  CL_SUCCESS);
        CHECK(assoc == parent);
        CHECK_ERR(clGetMemObjectInfo(sub, CL_MEM_OFFSET, sizeof(offset), &offset, NULL),
                  CL_SUCCESS);
        CHECK(offset == HMMCL_MEM_BASE_ALIGN);
        CHECK_ERR(clGetMemObjectInfo(sub, CL_MEM_HOST_PTR, sizeof(p), &p, NULL), CL_SUCCESS);
        CHECK(p == host + HMMCL_MEM_BASE_ALIGN);
        subsub = clCreateSubBuffer(sub, 0, CL_BUFFER_CREATE_TYPE_REGION, &(cl_buffer_region){0, 16},
                                   &err);
        CHECK(!subsub && err == CL_INVALID_MEM_OBJECT);
        /* The parent stays alive while the sub-buffer holds it. */
        CHECK_ERR(clReleaseMemObject(parent), CL_SUCCESS);
        CHECK(sub->parent->storage == host);
        CHECK_ERR(clReleaseMemObject(sub), CL_SUCCESS);
    } else {
        clReleaseMemObject(parent);
    }
out:
    free(host);
}

static void test_read_write_copy_fill(void)
{
    unsigned char src[1024], dst[1024];
    cl_mem a, b;
    cl_int err;

    for (size_t i = 0; i < sizeof(src); i++)
        src[i] = (unsigned char)(i * 7 + 1);
    a = clCreateBuffer(context, 0, sizeof(src), NULL, &err);
    b = clCreateBuffer(context, 0, sizeof(src), NULL, &err);
    CHECK(a && b);
    if (!a || !b)
        return;

    CHECK_ERR(clEnqueueWriteBuffer(NULL, a, CL_TRUE, 0, 4, src, 0, NULL, NULL),
              CL_INVALID_COMMAND_QUEUE);
    CHECK_ERR(clEnqueueWriteBuffer(queue, NULL, CL_TRUE, 0, 4, src, 0, NULL, NULL),
              CL_INVALID_MEM_OBJECT);
    CHECK_ERR(clEnqueueWriteBuffer(queue, a, CL_TRUE, 1000, 100, src, 0, NULL, NULL),
              CL_INVALID_VALUE);
    CHECK_ERR(clEnqueueWriteBuffer(queue, a, CL_TRUE, 0, 4, NULL, 0, NULL, NULL), CL_INVALID_VALUE);
    CHECK_ERR(clEnqueueWriteBuffer(queue, a, CL_TRUE, 0, 4, src, 1, NULL, NULL),
              CL_INVALID_EVENT_WAIT_LIST);

    CHECK_ERR(clEnqueueWriteBuffer(queue, a, CL_TRUE, 0, sizeof(src), src, 0, NULL, NULL),
              CL_SUCCESS);
    CHECK_ERR(clEnqueueCopyBuffer(queue, a, b, 0, 0, sizeof(src), 0, NULL, NULL), CL_SUCCESS);
    memset(dst, 0, sizeof(dst));
    CHECK_ERR(clEnqueueReadBuffer(queue, b, CL_TRUE, 0, sizeof(dst), dst, 0, NULL, NULL),
              CL_SUCCESS);
    CHECK(memcmp(src, dst, sizeof(src)) == 0);

    CHECK_ERR(clEnqueueCopyBuffer(queue, a, a, 0, 100, 200, 0, NULL, NULL), CL_MEM_COPY_OVERLAP);
    CHECK_ERR(clEnqueueCopyBuffer(queue, a, a, 0, 200, 200, 0, NULL, NULL), CL_SUCCESS);
    CHECK_ERR(clEnqueueCopyBuffer(queue, a, b, 0, 1000, 100, 0, NULL, NULL), CL_INVALID_VALUE);

    {
        cl_uint pattern = 0xdeadbeef;
        cl_uint words[256];

        CHECK_ERR(clEnqueueFillBuffer(queue, a, &pattern, 3, 0, 12, 0, NULL, NULL),
                  CL_INVALID_VALUE);
        CHECK_ERR(clEnqueueFillBuffer(queue, a, &pattern, 4, 2, 12, 0, NULL, NULL),
                  CL_INVALID_VALUE);
        CHECK_ERR(clEnqueueFillBuffer(queue, a, NULL, 4, 0, 12, 0, NULL, NULL), CL_INVALID_VALUE);
        CHECK_ERR(clEnqueueFillBuffer(queue, a, &pattern, 4, 16, 64, 0, NULL, NULL), CL_SUCCESS);
        CHECK_ERR(clEnqueueReadBuffer(queue, a, CL_TRUE, 0, sizeof(words), words, 0, NULL, NULL),
                  CL_SUCCESS);
        CHECK(words[3] != pattern && words[4] == pattern && words[19] == pattern);
        CHECK(words[20] != pattern);
    }

    /* Host access qualifiers. */
    {
        cl_mem ro = clCreateBuffer(context, CL_MEM_HOST_READ_ONLY, 64, NULL, &err);

        CHECK_ERR(clEnqueueWriteBuffer(queue, ro, CL_TRUE, 0, 4, src, 0, NULL, NULL),
                  CL_INVALID_OPERATION);
        CHECK_ERR(clEnqueueReadBuffer(queue, ro, CL_TRUE, 0, 4, dst, 0, NULL, NULL), CL_SUCCESS);
        CHECK(clEnqueueMapBuffer(queue, ro, CL_TRUE, CL_MAP_WRITE, 0, 4, 0, NULL, NULL, &err) ==
                  NULL &&
              err == CL_INVALID_OPERATION);
        clReleaseMemObject(ro);
    }
    /* Reading a CL_MEM_USE_HOST_PTR buffer into its own host memory. */
    {
        cl_mem u = clCreateBuffer(context, CL_MEM_USE_HOST_PTR, sizeof(src), src, &err);

        CHECK_ERR(clEnqueueReadBuffer(queue, u, CL_TRUE, 16, 32, src + 16, 0, NULL, NULL),
                  CL_SUCCESS);
        CHECK(src[16] == (unsigned char)(16 * 7 + 1));
        clReleaseMemObject(u);
    }

    /* Sub-buffers of one buffer share its bytes: overlapping copies are refused. */
    {
        cl_mem s0 = clCreateSubBuffer(a, 0, CL_BUFFER_CREATE_TYPE_REGION,
                                      &(cl_buffer_region){0, 512}, &err);
        cl_mem s1 = clCreateSubBuffer(a, 0, CL_BUFFER_CREATE_TYPE_REGION,
                                      &(cl_buffer_region){256, 512}, &err);

        CHECK(s0 && s1);
        CHECK_ERR(clEnqueueCopyBuffer(queue, s0, s1, 260, 0, 16, 0, NULL, NULL),
                  CL_MEM_COPY_OVERLAP);
        CHECK_ERR(clEnqueueCopyBuffer(queue, s0, s1, 0, 256, 16, 0, NULL, NULL), CL_SUCCESS);
        CHECK_ERR(clEnqueueCopyBuffer(queue, s1, a, 0, 0, 16, 0, NULL, NULL), CL_SUCCESS);
        CHECK_ERR(clEnqueueCopyBuffer(queue, s1, a, 0, 260, 16, 0, NULL, NULL),
                  CL_MEM_COPY_OVERLAP);
        CHECK_ERR(clFinish(queue), CL_SUCCESS);
        clReleaseMemObject(s0);
        clReleaseMemObject(s1);
    }
    clReleaseMemObject(a);
    clReleaseMemObject(b);
}

static void test_rect(void)
{
    /* A 16 x 8 x 2 box of bytes in a buffer, read back into a host layout. */
    unsigned char host[16 * 8 * 2], out[4 * 3 * 2];
    size_t borigin[3] = {2, 1, 0}, horigin[3] = {0, 0, 0}, region[3] = {4, 3, 2};
    cl_mem m;
    cl_int err;

    for (size_t i = 0; i < sizeof(host); i++)
        host[i] = (unsigned char)i;
    m = clCreateBuffer(context, CL_MEM_COPY_HOST_PTR, sizeof(host), host, &err);
    CHECK(m);
    if (!m)
        return;
    CHECK_ERR(clEnqueueReadBufferRect(queue, m, CL_TRUE, borigin, horigin, region, 16, 128, 0, 0,
                                      out, 0, NULL, NULL),
              CL_SUCCESS);
    for (size_t z = 0; z < 2; z++)
        for (size_t y = 0; y < 3; y++)
            for (size_t x = 0; x < 4; x++)
                CHECK(out[z * 12 + y * 4 + x] == host[(z + 0) * 128 + (y + 1) * 16 + x + 2]);

    CHECK_ERR(clEnqueueReadBufferRect(queue, m, CL_TRUE, borigin, horigin, (size_t[3]){4, 0, 1}, 16,
                                      128, 0, 0, out, 0, NULL, NULL),
              CL_INVALID_VALUE);
    CHECK_ERR(clEnqueueReadBufferRect(queue, m, CL_TRUE, borigin, horigin, region, 3, 0, 0, 0, out,
                                      0, NULL, NULL),
              CL_INVALID_VALUE);
    CHECK_ERR(clEnqueueReadBufferRect(queue, m, CL_TRUE, borigin, horigin, region, 16, 40, 0, 0,
                                      out, 0, NULL, NULL),
              CL_INVALID_VALUE);
    CHECK_ERR(clEnqueueReadBufferRect(queue, m, CL_TRUE, (size_t[3]){2, 6, 1}, horigin, region, 16,
                                      128, 0, 0, out, 0, NULL, NULL),
              CL_INVALID_VALUE);

    /* Write the box back shifted by one row, then copy rects within the buffer. */
    CHECK_ERR(clEnqueueWriteBufferRect(queue, m, CL_TRUE, (size_t[3]){2, 2, 0}, horigin, region, 16,
                                       128, 0, 0, out, 0, NULL, NULL),
              CL_SUCCESS);
    CHECK(((unsigned char *)m->storage)[2 * 16 + 2] == host[1 * 16 + 2]);
    /* Same columns, interleaved rows: overlaps. */
    CHECK_ERR(clEnqueueCopyBufferRect(queue, m, m, (size_t[3]){0, 0, 0}, (size_t[3]){2, 1, 0},
                                      region, 16, 128, 16, 128, 0, NULL, NULL),
              CL_MEM_COPY_OVERLAP);
    /* Side by side columns in the same rows: no byte in common. */
    CHECK_ERR(clEnqueueCopyBufferRect(queue, m, m, (size_t[3]){0, 0, 0}, (size_t[3]){8, 1, 0},
                                      region, 16, 128, 16, 128, 0, NULL, NULL),
              CL_SUCCESS);
    CHECK_ERR(clFinish(queue), CL_SUCCESS);
    CHECK(((unsigned char *)m->storage)[1 * 16 + 8] == ((unsigned char *)m->storage)[0]);
    clReleaseMemObject(m);
}

static void test_map(void)
{
    cl_mem m = clCreateBuffer(context, 0, 256, NULL, NULL);
    cl_uint count = 99;
    cl_int err;
    char *p, *q;

    CHECK(m);
    if (!m)
        return;
    p = clEnqueueMapBuffer(queue, m, CL_TRUE, CL_MAP_WRITE, 16, 32, 0, NULL, NULL, &err);
    CHECK(p == (char *)m->storage + 16 && err == CL_SUCCESS);
    q = clEnqueueMapBuffer(queue, m, CL_TRUE, CL_MAP_READ, 16, 32, 0, NULL, NULL, &err);
    CHECK(q == p && err == CL_SUCCESS);
    CHECK(clEnqueueMapBuffer(queue, m, CL_TRUE, CL_MAP_READ, 0, 0, 0, NULL, NULL, &err) == NULL &&
          err == CL_INVALID_VALUE);
    CHECK(clEnqueueMapBuffer(queue, m, CL_TRUE, CL_MAP_READ | CL_MAP_WRITE_INVALIDATE_REGION, 0, 4,
                             0, NULL, NULL, &err) == NULL &&
          err == CL_INVALID_VALUE);
    clGetMemObjectInfo(m, CL_MEM_MAP_COUNT, sizeof(count), &count, NULL);
    CHECK(count == 2);
    CHECK_ERR(clEnqueueUnmapMemObject(queue, m, p + 1, 0, NULL, NULL), CL_INVALID_VALUE);
    CHECK_ERR(clEnqueueUnmapMemObject(queue, m, p, 0, NULL, NULL), CL_SUCCESS);
    CHECK_ERR(clEnqueueUnmapMemObject(queue, m, q, 0, NULL, NULL), CL_SUCCESS);
    CHECK_ERR(clEnqueueUnmapMemObject(queue, m, q, 0, NULL, NULL), CL_INVALID_VALUE);
    CHECK_ERR(clFinish(queue), CL_SUCCESS);
    clGetMemObjectInfo(m, CL_MEM_MAP_COUNT, sizeof(count), &count, NULL);
    CHECK(count == 0);

    CHECK_ERR(clEnqueueMigrateMemObjects(queue, 1, &m, CL_MIGRATE_MEM_OBJECT_HOST, 0, NULL, NULL),
              CL_SUCCESS);
    CHECK_ERR(clEnqueueMigrateMemObjects(queue, 0, &m, 0, 0, NULL, NULL), CL_INVALID_VALUE);
    CHECK_ERR(clEnqueueMigrateMemObjects(queue, 1, &m, 0x100, 0, NULL, NULL), CL_INVALID_VALUE);
    clReleaseMemObject(m);
}

static int order[4], norder;

static void CL_CALLBACK destructor(cl_mem mem, void *user_data)
{
    order[norder++] = (int)(intptr_t)user_data;
}

static void test_destructors(void)
{
    cl_mem m = clCreateBuffer(context, 0, 64, NULL, NULL);

    CHECK(m);
    if (!m)
        return;
    CHECK_ERR(clSetMemObjectDestructorCallback(m, NULL, NULL), CL_INVALID_VALUE);
    CHECK_ERR(clSetMemObjectDestructorCallback(m, destructor, (void *)1), CL_SUCCESS);
    CHECK_ERR(clSetMemObjectDestructorCallback(m, destructor, (void *)2), CL_SUCCESS);
    CHECK_ERR(clSetMemObjectDestructorCallback(m, destructor, (void *)3), CL_SUCCESS);
    CHECK(norder == 0);
    clReleaseMemObject(m);
    CHECK(norder == 3 && order[0] == 3 && order[1] == 2 && order[2] == 1);
}

static struct {
    cl_uint count;
    void *first;
} freed;

static void CL_CALLBACK free_fn(cl_command_queue q, cl_uint n, void *ptrs[], void *user_data)
{
    freed.count = n;
    freed.first = ptrs[0];
    for (cl_uint i = 0; i < n; i++)
        clSVMFree((cl_context)user_data, ptrs[i]);
}

static void test_svm(void)
{
    struct hmmcl_svm_alloc info;
    int stack_src[64], stack_dst[64];
    char *p;
    cl_int err;

    p = clSVMAlloc(context, 0, 64, 0);
    CHECK(p != NULL);
    clSVMFree(context, p);

    CHECK(clSVMAlloc(context, 0, 0, 0) == NULL);
    CHECK(clSVMAlloc(context, CL_MEM_SVM_ATOMICS, 64, 0) == NULL);
    CHECK(clSVMAlloc(context, 0, 64, 3) == NULL);
    CHECK(clSVMAlloc(context, CL_MEM_READ_ONLY | CL_MEM_WRITE_ONLY, 64, 0) == NULL);
    CHECK(clSVMAlloc(NULL, 0, 64, 0) == NULL);
    clSVMFree(context, NULL);
    clSVMFree(context, stack_src); /* not an allocation: ignored */

    p = clSVMAlloc(context, CL_MEM_SVM_FINE_GRAIN_BUFFER | CL_MEM_SVM_ATOMICS, 1000, 256);
    CHECK(p && (uintptr_t)p % 256 == 0);
    if (!p)
        return;
    CHECK(hmmcl_svm_lookup(context, p + 999, &info) && info.ptr == p && info.size == 1000);
    CHECK(!hmmcl_svm_lookup(context, p + 1000, NULL));

    /* A buffer over SVM memory: at most as large as the allocation. */
    {
        cl_mem m = clCreateBuffer(context, CL_MEM_USE_HOST_PTR, 2000, p, &err);
        cl_bool svm = CL_FALSE;

        CHECK(!m && err == CL_INVALID_BUFFER_SIZE);
        m = clCreateBuffer(context, CL_MEM_USE_HOST_PTR, 1000, p, &err);
        CHECK(m && err == CL_SUCCESS);
        clGetMemObjectInfo(m, CL_MEM_USES_SVM_POINTER, sizeof(svm), &svm, NULL);
        CHECK(svm == CL_TRUE);
        clReleaseMemObject(m);
    }

    /* System SVM: stack memory works as well as clSVMAlloc memory. */
    for (int i = 0; i < 64; i++)
        stack_src[i] = i;
    CHECK_ERR(clEnqueueSVMMemcpy(queue, CL_TRUE, p, stack_src, sizeof(stack_src), 0, NULL, NULL),
              CL_SUCCESS);
    CHECK_ERR(clEnqueueSVMMemcpy(queue, CL_TRUE, stack_dst, p, sizeof(stack_dst), 0, NULL, NULL),
              CL_SUCCESS);
    CHECK(memcmp(stack_src, stack_dst, sizeof(stack_src)) == 0);
    CHECK_ERR(clEnqueueSVMMemcpy(queue, CL_TRUE, p + 8, p, 16, 0, NULL, NULL), CL_MEM_COPY_OVERLAP);
    CHECK_ERR(clEnqueueSVMMemcpy(queue, CL_TRUE, NULL, p, 16, 0, NULL, NULL), CL_INVALID_VALUE);
    CHECK_ERR(clEnqueueSVMMemcpy(queue, CL_TRUE, p, p + 16, 0, 0, NULL, NULL), CL_SUCCESS);

    {
        cl_ushort pattern = 0xabcd;

        CHECK_ERR(clEnqueueSVMMemFill(queue, stack_dst, &pattern, 2, 8, 0, NULL, NULL), CL_SUCCESS);
        CHECK_ERR(clEnqueueSVMMemFill(queue, p + 1, &pattern, 2, 8, 0, NULL, NULL),
                  CL_INVALID_VALUE);
        CHECK_ERR(clEnqueueSVMMemFill(queue, p, &pattern, 2, 7, 0, NULL, NULL), CL_INVALID_VALUE);
        CHECK_ERR(clEnqueueSVMMemFill(queue, p, &pattern, 256, 512, 0, NULL, NULL),
                  CL_INVALID_VALUE);
        CHECK_ERR(clFinish(queue), CL_SUCCESS);
        CHECK(((cl_ushort *)stack_dst)[3] == 0xabcd && stack_dst[2] == 2);
    }

    CHECK_ERR(clEnqueueSVMMap(queue, CL_TRUE, CL_MAP_READ, stack_dst, 16, 0, NULL, NULL),
              CL_SUCCESS);
    CHECK_ERR(clEnqueueSVMMap(queue, CL_TRUE, CL_MAP_READ, stack_dst, 0, 0, NULL, NULL),
              CL_INVALID_VALUE);
    CHECK_ERR(clEnqueueSVMUnmap(queue, stack_dst, 0, NULL, NULL), CL_SUCCESS);
    CHECK_ERR(clEnqueueSVMUnmap(queue, NULL, 0, NULL, NULL), CL_INVALID_VALUE);

    {
        const void *ptrs[2] = {p + 10, p + 20};
        size_t sizes[2] = {0, 16};

        CHECK_ERR(clEnqueueSVMMigrateMem(queue, 2, ptrs, sizes, 0, 0, NULL, NULL), CL_SUCCESS);
        CHECK_ERR(
            clEnqueueSVMMigrateMem(queue, 2, ptrs, NULL, CL_MIGRATE_MEM_OBJECT_HOST, 0, NULL, NULL),
            CL_SUCCESS);
        /* System memory: the CPU device does not list cl_hmmcl_svm_migrate_system, so the
         * spec's rule holds (a range must lie in a clSVMAlloc allocation), size or not. */
        ptrs[1] = stack_dst;
        sizes[1] = sizeof(stack_dst);
        CHECK_ERR(clEnqueueSVMMigrateMem(queue, 2, ptrs, sizes, 0, 0, NULL, NULL),
                  CL_INVALID_VALUE);
        CHECK_ERR(clEnqueueSVMMigrateMem(queue, 2, ptrs, NULL, 0, 0, NULL, NULL), CL_INVALID_VALUE);
        sizes[1] = 0;
        CHECK_ERR(clEnqueueSVMMigrateMem(queue, 2, ptrs, sizes, 0, 0, NULL, NULL),
                  CL_INVALID_VALUE);
        ptrs[1] = p + 20;
        sizes[1] = 16;
        sizes[0] = 991;
        CHECK_ERR(clEnqueueSVMMigrateMem(queue, 2, ptrs, sizes, 0, 0, NULL, NULL),
                  CL_INVALID_VALUE);
        CHECK_ERR(clEnqueueSVMMigrateMem(queue, 0, ptrs, sizes, 0, 0, NULL, NULL),
                  CL_INVALID_VALUE);
    }

    /* clEnqueueSVMFree with the default free, then with a callback. */
    {
        void *q = clSVMAlloc(context, 0, 64, 0);
        void *ptrs[2] = {p, q};

        CHECK_ERR(clEnqueueSVMFree(queue, 0, ptrs, NULL, NULL, 0, NULL, NULL), CL_INVALID_VALUE);
        CHECK_ERR(clEnqueueSVMFree(queue, 1, ptrs, NULL, NULL, 0, NULL, NULL), CL_SUCCESS);
        ptrs[0] = NULL; /* the command has its own copy of the list */
        CHECK_ERR(clFinish(queue), CL_SUCCESS);
        CHECK(!hmmcl_svm_lookup(context, p, NULL));
        CHECK_ERR(clEnqueueSVMFree(queue, 1, &ptrs[1], free_fn, context, 0, NULL, NULL),
                  CL_SUCCESS);
        CHECK_ERR(clFinish(queue), CL_SUCCESS);
        CHECK(freed.count == 1 && freed.first == q && !hmmcl_svm_lookup(context, q, NULL));
    }

    /* Left for context destruction to free. */
    CHECK(clSVMAlloc(context, 0, 64, 4096) != NULL);
}

static void test_images_and_pipes(void)
{
    cl_image_format fmt = {CL_RGBA, CL_UNORM_INT8};
    cl_image_desc desc = {.image_type = CL_MEM_OBJECT_IMAGE2D, .image_width = 4, .image_height = 4};
    cl_uint n = 99;
    cl_int err;
    cl_mem m = clCreateBuffer(context, 0, 64, NULL, NULL);

    CHECK(clCreateImage(NULL, 0, &fmt, &desc, NULL, &err) == NULL && err == CL_INVALID_CONTEXT);
    CHECK(clCreateImage(context, CL_MEM_READ_ONLY | CL_MEM_WRITE_ONLY, &fmt, &desc, NULL, &err) ==
              NULL &&
          err == CL_INVALID_VALUE);
    CHECK(clCreateImage(context, 0, &fmt, &desc, NULL, &err) == NULL &&
          err == CL_INVALID_OPERATION);
    CHECK(clCreateImage2D(context, 0, &fmt, 4, 4, 0, NULL, &err) == NULL &&
          err == CL_INVALID_OPERATION);
    CHECK_ERR(clGetSupportedImageFormats(context, CL_MEM_KERNEL_READ_AND_WRITE,
                                         CL_MEM_OBJECT_IMAGE3D, 0, NULL, &n),
              CL_SUCCESS);
    CHECK(n == 0);
    CHECK_ERR(clGetSupportedImageFormats(context, 0, CL_MEM_OBJECT_BUFFER, 0, NULL, &n),
              CL_INVALID_VALUE);
    CHECK_ERR(clGetImageInfo(m, CL_IMAGE_WIDTH, 0, NULL, NULL), CL_INVALID_MEM_OBJECT);
    CHECK_ERR(clEnqueueReadImage(NULL, m, CL_TRUE, NULL, NULL, 0, 0, NULL, 0, NULL, NULL),
              CL_INVALID_COMMAND_QUEUE);
    CHECK_ERR(clEnqueueReadImage(queue, m, CL_TRUE, NULL, NULL, 0, 0, NULL, 0, NULL, NULL),
              CL_INVALID_MEM_OBJECT);
    CHECK(clCreatePipe(context, CL_MEM_HOST_NO_ACCESS, 4, 4, NULL, &err) == NULL &&
          err == CL_INVALID_OPERATION);
    CHECK_ERR(clGetPipeInfo(m, CL_PIPE_PACKET_SIZE, 0, NULL, NULL), CL_INVALID_MEM_OBJECT);
    clReleaseMemObject(m);
}

int main(void)
{
    cl_platform_id platform;
    cl_device_id device;
    cl_int err;

    if (clIcdGetPlatformIDsKHR(1, &platform, NULL) ||
        clGetDeviceIDs(platform, CL_DEVICE_TYPE_CPU, 1, &device, NULL)) {
        fprintf(stderr, "no CPU device\n");
        return 1;
    }
    context = clCreateContext(NULL, 1, &device, NULL, NULL, &err);
    queue = context ? clCreateCommandQueueWithProperties(context, device, NULL, &err) : NULL;
    if (!queue) {
        fprintf(stderr, "context/queue creation failed: %d\n", err);
        return 1;
    }
    test_buffer_create();
    test_sub_buffer();
    test_read_write_copy_fill();
    test_rect();
    test_map();
    test_destructors();
    test_svm();
    test_images_and_pipes();
    clReleaseCommandQueue(queue);
    clReleaseContext(context);
    if (failures)
        fprintf(stderr, "%d check(s) failed\n", failures);
    return failures != 0;
}
