/* buffers: creation flags, host pointers, sub-buffers, transfers, rects, maps, host access
 * restrictions, destructor callbacks, migration. */
#include "harness.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static void buffer_flags(conf_t *t)
{
    cl_context c = conf_context(t);
    REQUIRE(c);
    static unsigned char host[1024];
    conf_pattern(host, sizeof(host), 1);
    static const cl_mem_flags access[] = {0, CL_MEM_READ_WRITE, CL_MEM_READ_ONLY,
                                          CL_MEM_WRITE_ONLY};
    static const cl_mem_flags hostacc[] = {0, CL_MEM_HOST_WRITE_ONLY, CL_MEM_HOST_READ_ONLY,
                                           CL_MEM_HOST_NO_ACCESS};
    static const cl_mem_flags hostptr[] = {0,
                                           CL_MEM_USE_HOST_PTR,
                                           CL_MEM_ALLOC_HOST_PTR,
                                           CL_MEM_COPY_HOST_PTR,
                                           CL_MEM_ALLOC_HOST_PTR | CL_MEM_COPY_HOST_PTR,
                                           CL_MEM_USE_HOST_PTR | CL_MEM_ALLOC_HOST_PTR,
                                           CL_MEM_USE_HOST_PTR | CL_MEM_COPY_HOST_PTR};
    for (size_t a = 0; a < 4; a++)
        for (size_t h = 0; h < 4; h++)
            for (size_t p = 0; p < 7; p++) {
                cl_mem_flags f = access[a] | hostacc[h] | hostptr[p];
                bool needs_ptr = (f & (CL_MEM_USE_HOST_PTR | CL_MEM_COPY_HOST_PTR)) != 0;
                /* "CL_INVALID_VALUE if values specified in flags are not valid as defined in
                 * the Memory Flags table" -- USE_HOST_PTR excludes ALLOC_HOST_PTR and
                 * COPY_HOST_PTR */
                bool valid = p < 5;
                for (int withptr = 0; withptr < 2; withptr++) {
                    cl_int err = 1;
                    cl_mem m = clCreateBuffer(c, f, sizeof(host), withptr ? host : NULL, &err);
                    cl_int expect = !valid ? CL_INVALID_VALUE
                                    /* "CL_INVALID_HOST_PTR if host_ptr is NULL and
                                     * CL_MEM_USE_HOST_PTR or CL_MEM_COPY_HOST_PTR are set in
                                     * flags or if host_ptr is not NULL but
                                     * CL_MEM_COPY_HOST_PTR or CL_MEM_USE_HOST_PTR are not set
                                     * in flags." */
                                    : (needs_ptr != (withptr != 0)) ? CL_INVALID_HOST_PTR
                                                                    : CL_SUCCESS;
                    t->checks++;
                    if (err != expect || (expect == CL_SUCCESS) != (m != NULL))
                        conf_fail(t, __FILE__, __LINE__,
                                  "clCreateBuffer(flags 0x%llx, host_ptr %s): expected %s, got %s",
                                  (unsigned long long)f, withptr ? "set" : "NULL",
                                  conf_err_name(expect), conf_err_name(err));
                    if (m) {
                        cl_mem_flags got = 0;
                        CHECK_OK(clGetMemObjectInfo(m, CL_MEM_FLAGS, sizeof(got), &got, NULL));
                        /* "If no access flag is specified, CL_MEM_READ_WRITE is used" is an
                         * implementation default; the query returns the flags as given */
                        CHECK_EQ_U(f, got & ~(cl_mem_flags)(a == 0 ? CL_MEM_READ_WRITE : 0));
                        clReleaseMemObject(m);
                    }
                }
            }
    /* mutually exclusive access and host-access flags */
    static const cl_mem_flags bad[] = {CL_MEM_READ_WRITE | CL_MEM_READ_ONLY,
                                       CL_MEM_READ_WRITE | CL_MEM_WRITE_ONLY,
                                       CL_MEM_READ_ONLY | CL_MEM_WRITE_ONLY,
                                       CL_MEM_HOST_WRITE_ONLY | CL_MEM_HOST_READ_ONLY,
                                       CL_MEM_HOST_NO_ACCESS | CL_MEM_HOST_READ_ONLY,
                                       CL_MEM_HOST_NO_ACCESS | CL_MEM_HOST_WRITE_ONLY,
                                       (cl_mem_flags)1 << 40};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        CHECK_NULL_ERR(CL_INVALID_VALUE, clCreateBuffer(c, bad[i], 64, NULL, ERRP));
    /* "CL_INVALID_BUFFER_SIZE if size is 0 or if size is greater than
     * CL_DEVICE_MAX_MEM_ALLOC_SIZE value ... for all devices in context." */
    CHECK_NULL_ERR(CL_INVALID_BUFFER_SIZE, clCreateBuffer(c, CL_MEM_READ_WRITE, 0, NULL, ERRP));
    cl_ulong max = conf_dev_ulong(t, t->device, CL_DEVICE_MAX_MEM_ALLOC_SIZE);
    CHECK_NULL_ERR(CL_INVALID_BUFFER_SIZE,
                   clCreateBuffer(c, CL_MEM_READ_WRITE, (size_t)max + 1, NULL, ERRP));
}

static void buffer_info(conf_t *t)
{
    cl_context c = conf_context(t);
    REQUIRE(c);
    static unsigned char host[512];
    cl_mem m;
    REQUIRE_CREATE(
        m, clCreateBuffer(c, CL_MEM_READ_ONLY | CL_MEM_USE_HOST_PTR, sizeof(host), host, ERRP));
    conf_defer_mem(t, m);
    cl_mem_object_type ty = 0;
    CHECK_OK(clGetMemObjectInfo(m, CL_MEM_TYPE, sizeof(ty), &ty, NULL));
    CHECK_EQ_U(CL_MEM_OBJECT_BUFFER, ty);
    size_t sz = 0;
    CHECK_OK(clGetMemObjectInfo(m, CL_MEM_SIZE, sizeof(sz), &sz, NULL));
    CHECK_EQ_U(sizeof(host), sz);
    void *hp = NULL;
    CHECK_OK(clGetMemObjectInfo(m, CL_MEM_HOST_PTR, sizeof(hp), &hp, NULL));
    CHECK_EQ_P(host, hp);
    cl_uint u = 9;
    CHECK_OK(clGetMemObjectInfo(m, CL_MEM_MAP_COUNT, sizeof(u), &u, NULL));
    CHECK_EQ_U(0, u);
    CHECK_OK(clGetMemObjectInfo(m, CL_MEM_REFERENCE_COUNT, sizeof(u), &u, NULL));
    CHECK_EQ_U(1, u);
    cl_context mc = NULL;
    CHECK_OK(clGetMemObjectInfo(m, CL_MEM_CONTEXT, sizeof(mc), &mc, NULL));
    CHECK_EQ_P(c, mc);
    cl_mem assoc = (cl_mem)1;
    CHECK_OK(clGetMemObjectInfo(m, CL_MEM_ASSOCIATED_MEMOBJECT, sizeof(assoc), &assoc, NULL));
    CHECK_EQ_P(NULL, assoc);
    CHECK_OK(clGetMemObjectInfo(m, CL_MEM_OFFSET, sizeof(sz), &sz, NULL));
    CHECK_EQ_U(0, sz);
    cl_bool svm = 7;
    CHECK_OK(clGetMemObjectInfo(m, CL_MEM_USES_SVM_POINTER, sizeof(svm), &svm, NULL));
    CHECK_EQ_U(CL_FALSE, svm);
    sz = 7;
    CHECK_OK(clGetMemObjectInfo(m, CL_MEM_PROPERTIES, 0, NULL, &sz));
    CHECK_EQ_U(0, sz);
    CHECK_ERR(CL_INVALID_VALUE, clGetMemObjectInfo(m, 0x7777, sizeof(u), &u, NULL));
    CHECK_ERR(CL_INVALID_VALUE, clGetMemObjectInfo(m, CL_MEM_SIZE, 1, &u, NULL));
    CHECK_OK(clRetainMemObject(m));
    CHECK_OK(clGetMemObjectInfo(m, CL_MEM_REFERENCE_COUNT, sizeof(u), &u, NULL));
    CHECK_EQ_U(2, u);
    CHECK_OK(clReleaseMemObject(m));
    /* no host pointer: CL_MEM_HOST_PTR is NULL */
    cl_mem n;
    REQUIRE_CREATE(n, clCreateBuffer(c, CL_MEM_READ_WRITE, 64, NULL, ERRP));
    conf_defer_mem(t, n);
    hp = (void *)1;
    CHECK_OK(clGetMemObjectInfo(n, CL_MEM_HOST_PTR, sizeof(hp), &hp, NULL));
    CHECK_EQ_P(NULL, hp);
}

static void buffer_with_properties(conf_t *t)
{
    cl_context c = conf_context(t);
    REQUIRE(c);
    cl_mem_properties empty[] = {0};
    cl_mem m;
    REQUIRE_CREATE(m, clCreateBufferWithProperties(c, empty, CL_MEM_READ_WRITE, 64, NULL, ERRP));
    conf_defer_mem(t, m);
    /* "If the properties argument specified in clCreateBufferWithProperties ... was not
     * NULL, the implementation must return the values specified in the properties argument
     * in the same order and without including additional properties." */
    cl_mem_properties got[4] = {99};
    size_t sz = 0;
    CHECK_OK(clGetMemObjectInfo(m, CL_MEM_PROPERTIES, sizeof(got), got, &sz));
    CHECK_EQ_U(sizeof(cl_mem_properties), sz);
    CHECK_EQ_U(0, got[0]);
    cl_mem n;
    REQUIRE_CREATE(n, clCreateBufferWithProperties(c, NULL, CL_MEM_READ_WRITE, 64, NULL, ERRP));
    conf_defer_mem(t, n);
    sz = 7;
    CHECK_OK(clGetMemObjectInfo(n, CL_MEM_PROPERTIES, 0, NULL, &sz));
    CHECK_EQ_U(0, sz);
    /* "CL_INVALID_PROPERTY if a property name in properties is not a supported property
     * name, if the value specified for a supported property name is not valid, or if the
     * same property name is specified more than once." */
    cl_mem_properties bad[] = {0x7777, 1, 0};
    CHECK_NULL_ERR(CL_INVALID_PROPERTY,
                   clCreateBufferWithProperties(c, bad, CL_MEM_READ_WRITE, 64, NULL, ERRP));
    CHECK_NULL_ERR(CL_INVALID_BUFFER_SIZE,
                   clCreateBufferWithProperties(c, empty, CL_MEM_READ_WRITE, 0, NULL, ERRP));
    CHECK_NULL_ERR(CL_INVALID_HOST_PTR,
                   clCreateBufferWithProperties(c, empty, CL_MEM_USE_HOST_PTR, 64, NULL, ERRP));
}

static void host_ptr_semantics(conf_t *t)
{
    cl_context c = conf_context(t);
    cl_command_queue q = conf_queue(t);
    REQUIRE(q);
    static unsigned char host[4096], orig[4096], out[4096];
    conf_pattern(host, sizeof(host), 21);
    memcpy(orig, host, sizeof(host));
    /* COPY_HOST_PTR: the buffer holds a copy; later host changes are not seen */
    cl_mem cp;
    REQUIRE_CREATE(
        cp, clCreateBuffer(c, CL_MEM_READ_WRITE | CL_MEM_COPY_HOST_PTR, sizeof(host), host, ERRP));
    conf_defer_mem(t, cp);
    memset(host, 0xee, sizeof(host));
    CHECK_OK(clEnqueueReadBuffer(q, cp, CL_TRUE, 0, sizeof(out), out, 0, NULL, NULL));
    CHECK_MEM_EQ(orig, out, sizeof(out));
    /* USE_HOST_PTR: after a blocking write or a map, the host memory holds the contents
     * ("The contents of the memory pointed to by host_ptr at the time of the
     * clEnqueueMapBuffer call are the latest bits") */
    memcpy(host, orig, sizeof(host));
    cl_mem up;
    REQUIRE_CREATE(
        up, clCreateBuffer(c, CL_MEM_READ_WRITE | CL_MEM_USE_HOST_PTR, sizeof(host), host, ERRP));
    conf_defer_mem(t, up);
    CHECK_OK(clEnqueueReadBuffer(q, up, CL_TRUE, 0, sizeof(out), out, 0, NULL, NULL));
    CHECK_MEM_EQ(orig, out, sizeof(out));
    unsigned char pat = 0x5a;
    CHECK_OK(clEnqueueFillBuffer(q, up, &pat, 1, 0, 128, 0, NULL, NULL));
    cl_int err;
    unsigned char *p =
        clEnqueueMapBuffer(q, up, CL_TRUE, CL_MAP_READ, 0, sizeof(host), 0, NULL, NULL, &err);
    CHECK_OK(err);
    if (p) {
        CHECK_EQ_P(host, p); /* the CTS expects the host_ptr itself for USE_HOST_PTR maps */
        CHECK_EQ_U(0x5a, host[0]);
        CHECK_EQ_U(0x5a, host[127]);
        CHECK_EQ_U(orig[128], host[128]);
        CHECK_OK(clEnqueueUnmapMemObject(q, up, p, 0, NULL, NULL));
    }
    CHECK_OK(clFinish(q));
}

static void sub_buffers(conf_t *t)
{
    cl_context c = conf_context(t);
    cl_command_queue q = conf_queue(t);
    REQUIRE(q);
    cl_uint align_bits = conf_dev_uint(t, t->device, CL_DEVICE_MEM_BASE_ADDR_ALIGN);
    size_t align = align_bits / 8;
    REQUIRE(align >= 1);
    size_t size = align * 8;
    unsigned char *host = malloc(size), *out = malloc(size);
    conf_defer_free(t, host);
    conf_defer_free(t, out);
    conf_pattern(host, size, 8);
    cl_mem parent;
    REQUIRE_CREATE(parent,
                   clCreateBuffer(c, CL_MEM_READ_WRITE | CL_MEM_USE_HOST_PTR, size, host, ERRP));
    conf_defer_mem(t, parent);
    cl_buffer_region r = {align, align * 2};
    cl_mem sub;
    REQUIRE_CREATE(sub, clCreateSubBuffer(parent, 0, CL_BUFFER_CREATE_TYPE_REGION, &r, ERRP));
    conf_defer_mem(t, sub);
    cl_mem assoc = NULL;
    CHECK_OK(clGetMemObjectInfo(sub, CL_MEM_ASSOCIATED_MEMOBJECT, sizeof(assoc), &assoc, NULL));
    CHECK_EQ_P(parent, assoc);
    size_t v = 0;
    CHECK_OK(clGetMemObjectInfo(sub, CL_MEM_OFFSET, sizeof(v), &v, NULL));
    CHECK_EQ_U(align, v);
    CHECK_OK(clGetMemObjectInfo(sub, CL_MEM_SIZE, sizeof(v), &v, NULL));
    CHECK_EQ_U(align * 2, v);
    /* "CL_MEM_HOST_PTR ... If memobj is a sub-buffer ... host_ptr + origin" */
    void *hp = NULL;
    CHECK_OK(clGetMemObjectInfo(sub, CL_MEM_HOST_PTR, sizeof(hp), &hp, NULL));
    CHECK_EQ_P(host + align, hp);
    cl_mem_flags f = 0;
    CHECK_OK(clGetMemObjectInfo(sub, CL_MEM_FLAGS, sizeof(f), &f, NULL));
    /* flags inherit from the parent when 0 */
    CHECK(f & CL_MEM_READ_WRITE);
    CHECK(f & CL_MEM_USE_HOST_PTR);
    CHECK_OK(clEnqueueReadBuffer(q, sub, CL_TRUE, 0, align * 2, out, 0, NULL, NULL));
    CHECK_MEM_EQ(host + align, out, align * 2);
    /* writes through the sub-buffer are visible in the parent */
    unsigned char pat = 0x33;
    CHECK_OK(clEnqueueFillBuffer(q, sub, &pat, 1, 0, align * 2, 0, NULL, NULL));
    CHECK_OK(clEnqueueReadBuffer(q, parent, CL_TRUE, 0, size, out, 0, NULL, NULL));
    CHECK_EQ_U(0x33, out[align]);
    CHECK_EQ_U(0x33, out[3 * align - 1]);
    CHECK_EQ_U(host[3 * align], out[3 * align]);

    /* errors */
    cl_buffer_region mis = {1, 16};
    /* "CL_MISALIGNED_SUB_BUFFER_OFFSET if there are no devices in context associated with
     * buffer for which the origin field of the cl_buffer_region structure passed in
     * buffer_create_info is aligned to the CL_DEVICE_MEM_BASE_ADDR_ALIGN value." */
    if (align > 1)
        CHECK_NULL_ERR(CL_MISALIGNED_SUB_BUFFER_OFFSET,
                       clCreateSubBuffer(parent, 0, CL_BUFFER_CREATE_TYPE_REGION, &mis, ERRP));
    /* "CL_INVALID_VALUE if the region specified by the cl_buffer_region structure passed in
     * buffer_create_info is out of bounds in buffer." */
    cl_buffer_region oob = {align, size};
    CHECK_NULL_ERR(CL_INVALID_VALUE,
                   clCreateSubBuffer(parent, 0, CL_BUFFER_CREATE_TYPE_REGION, &oob, ERRP));
    /* "CL_INVALID_BUFFER_SIZE if the size field of the cl_buffer_region structure passed in
     * buffer_create_info is 0." */
    cl_buffer_region zero = {0, 0};
    CHECK_NULL_ERR(CL_INVALID_BUFFER_SIZE,
                   clCreateSubBuffer(parent, 0, CL_BUFFER_CREATE_TYPE_REGION, &zero, ERRP));
    /* "CL_INVALID_VALUE if value specified in buffer_create_type is not valid." and "if
     * value(s) specified in buffer_create_info ... is NULL" */
    CHECK_NULL_ERR(CL_INVALID_VALUE, clCreateSubBuffer(parent, 0, 0x7777, &r, ERRP));
    CHECK_NULL_ERR(CL_INVALID_VALUE,
                   clCreateSubBuffer(parent, 0, CL_BUFFER_CREATE_TYPE_REGION, NULL, ERRP));
    /* "CL_INVALID_MEM_OBJECT if buffer is ... a sub-buffer object." */
    cl_buffer_region r0 = {0, 16};
    CHECK_NULL_ERR(CL_INVALID_MEM_OBJECT,
                   clCreateSubBuffer(sub, 0, CL_BUFFER_CREATE_TYPE_REGION, &r0, ERRP));
    /* host pointer flags may not be given: "CL_INVALID_VALUE if ... flags ... CL_MEM_USE_HOST_PTR,
     * CL_MEM_ALLOC_HOST_PTR and CL_MEM_COPY_HOST_PTR" */
    CHECK_NULL_ERR(CL_INVALID_VALUE, clCreateSubBuffer(parent, CL_MEM_USE_HOST_PTR,
                                                       CL_BUFFER_CREATE_TYPE_REGION, &r0, ERRP));
    /* "CL_INVALID_VALUE if buffer was created with CL_MEM_WRITE_ONLY and flags specifies
     * CL_MEM_READ_WRITE or CL_MEM_READ_ONLY" ... and the host access analogues */
    cl_mem wo;
    REQUIRE_CREATE(wo,
                   clCreateBuffer(c, CL_MEM_WRITE_ONLY | CL_MEM_HOST_WRITE_ONLY, size, NULL, ERRP));
    conf_defer_mem(t, wo);
    CHECK_NULL_ERR(CL_INVALID_VALUE, clCreateSubBuffer(wo, CL_MEM_READ_WRITE,
                                                       CL_BUFFER_CREATE_TYPE_REGION, &r0, ERRP));
    CHECK_NULL_ERR(CL_INVALID_VALUE, clCreateSubBuffer(wo, CL_MEM_READ_ONLY,
                                                       CL_BUFFER_CREATE_TYPE_REGION, &r0, ERRP));
    CHECK_NULL_ERR(CL_INVALID_VALUE, clCreateSubBuffer(wo, CL_MEM_HOST_READ_ONLY,
                                                       CL_BUFFER_CREATE_TYPE_REGION, &r0, ERRP));
    cl_mem ok;
    REQUIRE_CREATE(
        ok, clCreateSubBuffer(wo, CL_MEM_WRITE_ONLY, CL_BUFFER_CREATE_TYPE_REGION, &r0, ERRP));
    conf_defer_mem(t, ok);
    CHECK_OK(clGetMemObjectInfo(ok, CL_MEM_FLAGS, sizeof(f), &f, NULL));
    CHECK(f & CL_MEM_HOST_WRITE_ONLY);
    /* overlapping sub-buffers of one parent: "CL_MEM_COPY_OVERLAP if src_buffer and
     * dst_buffer are different sub-buffers of the same associated buffer object and they
     * overlap." */
    cl_buffer_region ra = {0, align * 2}, rb = {align, align * 2};
    cl_mem sa, sb;
    REQUIRE_CREATE(sa, clCreateSubBuffer(parent, 0, CL_BUFFER_CREATE_TYPE_REGION, &ra, ERRP));
    conf_defer_mem(t, sa);
    REQUIRE_CREATE(sb, clCreateSubBuffer(parent, 0, CL_BUFFER_CREATE_TYPE_REGION, &rb, ERRP));
    conf_defer_mem(t, sb);
    CHECK_ERR(CL_MEM_COPY_OVERLAP, clEnqueueCopyBuffer(q, sa, sb, 0, 0, align * 2, 0, NULL, NULL));
    CHECK_OK(clEnqueueCopyBuffer(q, sa, sb, 0, align, align, 0, NULL, NULL));
    CHECK_OK(clFinish(q));
}

static void read_write_copy(conf_t *t)
{
    cl_context c = conf_context(t);
    cl_command_queue q = conf_queue(t);
    REQUIRE(q);
    enum { N = 4096 };
    static unsigned char in[N], out[N];
    conf_pattern(in, N, 31);
    cl_mem a, b;
    REQUIRE_CREATE(a, clCreateBuffer(c, CL_MEM_READ_WRITE, N, NULL, ERRP));
    conf_defer_mem(t, a);
    REQUIRE_CREATE(b, clCreateBuffer(c, CL_MEM_READ_WRITE, N, NULL, ERRP));
    conf_defer_mem(t, b);
    CHECK_OK(clEnqueueWriteBuffer(q, a, CL_TRUE, 0, N, in, 0, NULL, NULL));
    CHECK_OK(clEnqueueCopyBuffer(q, a, b, 100, 200, 1000, 0, NULL, NULL));
    CHECK_OK(clEnqueueReadBuffer(q, b, CL_TRUE, 200, 1000, out, 0, NULL, NULL));
    CHECK_MEM_EQ(in + 100, out, 1000);
    /* non-overlapping copy inside one buffer is fine */
    CHECK_OK(clEnqueueCopyBuffer(q, a, a, 0, 2048, 2048, 0, NULL, NULL));
    CHECK_OK(clEnqueueReadBuffer(q, a, CL_TRUE, 2048, 2048, out, 0, NULL, NULL));
    CHECK_MEM_EQ(in, out, 2048);
    /* odd offsets and sizes */
    CHECK_OK(clEnqueueWriteBuffer(q, a, CL_TRUE, 3, 7, in + 500, 0, NULL, NULL));
    CHECK_OK(clEnqueueReadBuffer(q, a, CL_TRUE, 3, 7, out, 0, NULL, NULL));
    CHECK_MEM_EQ(in + 500, out, 7);
    /* "CL_INVALID_VALUE if the region being read or written specified by (offset, size) is
     * out of bounds or if ptr is a NULL value." */
    CHECK_ERR(CL_INVALID_VALUE, clEnqueueReadBuffer(q, a, CL_TRUE, N - 4, 8, out, 0, NULL, NULL));
    CHECK_ERR(CL_INVALID_VALUE, clEnqueueReadBuffer(q, a, CL_TRUE, N, 1, out, 0, NULL, NULL));
    CHECK_ERR(CL_INVALID_VALUE, clEnqueueWriteBuffer(q, a, CL_TRUE, 0, N + 1, in, 0, NULL, NULL));
    CHECK_ERR(CL_INVALID_VALUE, clEnqueueReadBuffer(q, a, CL_TRUE, 0, 8, NULL, 0, NULL, NULL));
    CHECK_ERR(CL_INVALID_VALUE, clEnqueueWriteBuffer(q, a, CL_TRUE, 0, 8, NULL, 0, NULL, NULL));
    /* "CL_INVALID_MEM_OBJECT if buffer is not a valid buffer object." */
    CHECK_ERR(CL_INVALID_MEM_OBJECT,
              clEnqueueReadBuffer(q, NULL, CL_TRUE, 0, 8, out, 0, NULL, NULL));
    CHECK_ERR(CL_INVALID_MEM_OBJECT, clEnqueueCopyBuffer(q, a, NULL, 0, 0, 8, 0, NULL, NULL));
    /* copy: "CL_INVALID_VALUE if src_offset, dst_offset, size, src_offset + size or
     * dst_offset + size require accessing elements outside ..." */
    CHECK_ERR(CL_INVALID_VALUE, clEnqueueCopyBuffer(q, a, b, N - 8, 0, 16, 0, NULL, NULL));
    CHECK_ERR(CL_INVALID_VALUE, clEnqueueCopyBuffer(q, a, b, 0, N - 8, 16, 0, NULL, NULL));
    /* Size 0 was an error up to OpenCL 2.0 ("or if size is 0"); 2.1 dropped that sentence with
     * zero-sized enqueues, so a 3.0 device accepts it (KhronosGroup/OpenCL-Docs#1072). */
    CHECK_OK(clEnqueueCopyBuffer(q, a, b, 0, 0, 0, 0, NULL, NULL));
    CHECK_OK(clEnqueueReadBuffer(q, a, CL_TRUE, 0, 0, out, 0, NULL, NULL));
    /* "CL_MEM_COPY_OVERLAP if src_buffer and dst_buffer are the same buffer or sub-buffer
     * object and the source and destination regions overlap" */
    CHECK_ERR(CL_MEM_COPY_OVERLAP, clEnqueueCopyBuffer(q, a, a, 0, 100, 200, 0, NULL, NULL));
    CHECK_ERR(CL_MEM_COPY_OVERLAP, clEnqueueCopyBuffer(q, a, a, 100, 0, 101, 0, NULL, NULL));
    CHECK_ERR(CL_MEM_COPY_OVERLAP, clEnqueueCopyBuffer(q, a, a, 0, 0, 16, 0, NULL, NULL));
    /* a buffer from another context */
    cl_int err;
    cl_context c2 = clCreateContext(NULL, 1, &t->device, NULL, NULL, &err);
    REQUIRE_ERR(CL_SUCCESS, err);
    conf_defer_context(t, c2);
    cl_mem other;
    REQUIRE_CREATE(other, clCreateBuffer(c2, CL_MEM_READ_WRITE, 64, NULL, ERRP));
    conf_defer_mem(t, other);
    /* "CL_INVALID_CONTEXT if the context associated with command_queue and buffer are not
     * the same" */
    CHECK_ERR(CL_INVALID_CONTEXT, clEnqueueReadBuffer(q, other, CL_TRUE, 0, 8, out, 0, NULL, NULL));
    CHECK_ERR(CL_INVALID_CONTEXT, clEnqueueCopyBuffer(q, a, other, 0, 0, 8, 0, NULL, NULL));
}

static void fill_patterns(conf_t *t)
{
    cl_context c = conf_context(t);
    cl_command_queue q = conf_queue(t);
    REQUIRE(q);
    enum { N = 1024 };
    cl_mem m;
    REQUIRE_CREATE(m, clCreateBuffer(c, CL_MEM_READ_WRITE, N, NULL, ERRP));
    conf_defer_mem(t, m);
    static unsigned char pat[128], out[N], zero[N];
    conf_pattern(pat, sizeof(pat), 41);
    for (size_t ps = 1; ps <= 128; ps *= 2) {
        CHECK_OK(clEnqueueFillBuffer(q, m, zero, 1, 0, N, 0, NULL, NULL));
        CHECK_OK(clEnqueueFillBuffer(q, m, pat, ps, ps * 2, ps * 3, 0, NULL, NULL));
        CHECK_OK(clEnqueueReadBuffer(q, m, CL_TRUE, 0, N, out, 0, NULL, NULL));
        bool ok = true;
        for (size_t i = 0; i < N; i++) {
            bool inside = i >= ps * 2 && i < ps * 5;
            ok &= out[i] == (inside ? pat[(i - ps * 2) % ps] : 0);
        }
        CHECK_MSG(ok, "fill with pattern size %zu wrong", ps);
    }
    /* "CL_INVALID_VALUE if pattern is NULL or if pattern_size is 0 or if pattern_size is not
     * one of { 1, 2, 4, 8, 16, 32, 64, 128 }." */
    CHECK_ERR(CL_INVALID_VALUE, clEnqueueFillBuffer(q, m, NULL, 4, 0, 16, 0, NULL, NULL));
    CHECK_ERR(CL_INVALID_VALUE, clEnqueueFillBuffer(q, m, pat, 0, 0, 16, 0, NULL, NULL));
    CHECK_ERR(CL_INVALID_VALUE, clEnqueueFillBuffer(q, m, pat, 3, 0, 12, 0, NULL, NULL));
    CHECK_ERR(CL_INVALID_VALUE, clEnqueueFillBuffer(q, m, pat, 256, 0, 256, 0, NULL, NULL));
    /* "CL_INVALID_VALUE if offset and size are not a multiple of pattern_size." */
    CHECK_ERR(CL_INVALID_VALUE, clEnqueueFillBuffer(q, m, pat, 4, 2, 16, 0, NULL, NULL));
    CHECK_ERR(CL_INVALID_VALUE, clEnqueueFillBuffer(q, m, pat, 4, 0, 18, 0, NULL, NULL));
    /* "CL_INVALID_VALUE if offset or offset + size require accessing elements outside the
     * buffer buffer object respectively." */
    CHECK_ERR(CL_INVALID_VALUE, clEnqueueFillBuffer(q, m, pat, 4, N - 4, 8, 0, NULL, NULL));
    CHECK_ERR(CL_INVALID_VALUE, clEnqueueFillBuffer(q, m, pat, 4, N + 4, 4, 0, NULL, NULL));
    /* the pattern is copied at enqueue time */
    cl_event gate;
    REQUIRE_CREATE(gate, clCreateUserEvent(c, ERRP));
    conf_defer_event(t, gate);
    cl_uint val = 0x12345678;
    CHECK_OK(clEnqueueFillBuffer(q, m, &val, 4, 0, N, 1, &gate, NULL));
    val = 0;
    CHECK_OK(clSetUserEventStatus(gate, CL_COMPLETE));
    cl_uint w[4];
    CHECK_OK(clEnqueueReadBuffer(q, m, CL_TRUE, 0, sizeof(w), w, 0, NULL, NULL));
    CHECK_EQ_U(0x12345678, w[3]);
}

static void rect_transfers(conf_t *t)
{
    cl_context c = conf_context(t);
    cl_command_queue q = conf_queue(t);
    REQUIRE(q);
    /* a 3D box 32x8x3 bytes in a buffer with row pitch 40 and slice pitch 400. Slice pitches
     * are kept multiples of the row pitch: the spec's "less than region[1] * row_pitch and
     * not a multiple of row_pitch" is read as "or" by some implementations, and the CTS only
     * uses multiples, so valid calls stay valid under both readings. */
    enum { RP = 40, SP = 400, SIZE = 1600 };
    static unsigned char host[SIZE], dev_init[SIZE], out[SIZE], exp[SIZE];
    conf_pattern(host, SIZE, 51);
    conf_pattern(dev_init, SIZE, 52);
    cl_mem m;
    REQUIRE_CREATE(
        m, clCreateBuffer(c, CL_MEM_READ_WRITE | CL_MEM_COPY_HOST_PTR, SIZE, dev_init, ERRP));
    conf_defer_mem(t, m);
    size_t borig[3] = {4, 1, 0}, horig[3] = {2, 0, 1}, region[3] = {32, 8, 3};
    CHECK_OK(clEnqueueWriteBufferRect(q, m, CL_TRUE, borig, horig, region, RP, SP, 36, 324, host, 0,
                                      NULL, NULL));
    memcpy(exp, dev_init, SIZE);
    for (size_t z = 0; z < 3; z++)
        for (size_t y = 0; y < 8; y++)
            memcpy(exp + (z + 0) * SP + (y + 1) * RP + 4, host + (z + 1) * 324 + y * 36 + 2, 32);
    CHECK_OK(clEnqueueReadBuffer(q, m, CL_TRUE, 0, SIZE, out, 0, NULL, NULL));
    CHECK_MEM_EQ(exp, out, SIZE);
    /* read back with default pitches: row pitch = region[0], slice pitch = region[1] * rp */
    static unsigned char packed[32 * 8 * 3];
    CHECK_OK(clEnqueueReadBufferRect(q, m, CL_TRUE, borig, (size_t[3]){0, 0, 0}, region, RP, SP, 0,
                                     0, packed, 0, NULL, NULL));
    bool ok = true;
    for (size_t z = 0; z < 3; z++)
        for (size_t y = 0; y < 8; y++)
            ok &= memcmp(packed + z * 256 + y * 32, host + (z + 1) * 324 + y * 36 + 2, 32) == 0;
    CHECK_MSG(ok, "ReadBufferRect with default host pitches wrong");
    /* copy rect to a second buffer */
    cl_mem d;
    REQUIRE_CREATE(d, clCreateBuffer(c, CL_MEM_READ_WRITE, SIZE, NULL, ERRP));
    conf_defer_mem(t, d);
    size_t dorig[3] = {0, 0, 0};
    CHECK_OK(
        clEnqueueCopyBufferRect(q, m, d, borig, dorig, region, RP, SP, 32, 256, 0, NULL, NULL));
    CHECK_OK(clEnqueueReadBuffer(q, d, CL_TRUE, 0, 32 * 8 * 3, out, 0, NULL, NULL));
    CHECK_MEM_EQ(packed, out, 32 * 8 * 3);
    /* errors: "CL_INVALID_VALUE if any region array element is 0." */
    size_t r0[3] = {0, 1, 1}, r1[3] = {4, 0, 1}, r2[3] = {4, 1, 0};
    size_t z3[3] = {0, 0, 0};
    CHECK_ERR(CL_INVALID_VALUE,
              clEnqueueReadBufferRect(q, m, CL_TRUE, z3, z3, r0, 0, 0, 0, 0, out, 0, NULL, NULL));
    CHECK_ERR(CL_INVALID_VALUE,
              clEnqueueReadBufferRect(q, m, CL_TRUE, z3, z3, r1, 0, 0, 0, 0, out, 0, NULL, NULL));
    CHECK_ERR(CL_INVALID_VALUE,
              clEnqueueWriteBufferRect(q, m, CL_TRUE, z3, z3, r2, 0, 0, 0, 0, host, 0, NULL, NULL));
    /* "CL_INVALID_VALUE if buffer_row_pitch is not 0 and is less than region[0]." */
    CHECK_ERR(CL_INVALID_VALUE, clEnqueueReadBufferRect(q, m, CL_TRUE, z3, z3, region, 16, 0, 0, 0,
                                                        out, 0, NULL, NULL));
    /* "CL_INVALID_VALUE if host_row_pitch is not 0 and is less than region[0]." */
    CHECK_ERR(CL_INVALID_VALUE, clEnqueueReadBufferRect(q, m, CL_TRUE, z3, z3, region, 0, 0, 16, 0,
                                                        out, 0, NULL, NULL));
    /* "CL_INVALID_VALUE if buffer_slice_pitch is not 0 and is less than region[1] *
     * buffer_row_pitch and not a multiple of buffer_row_pitch." */
    CHECK_ERR(CL_INVALID_VALUE, clEnqueueReadBufferRect(q, m, CL_TRUE, z3, z3, region, RP, 100, 0,
                                                        0, out, 0, NULL, NULL));
    CHECK_ERR(CL_INVALID_VALUE, clEnqueueReadBufferRect(q, m, CL_TRUE, z3, z3, region, 0, 0, 32,
                                                        100, out, 0, NULL, NULL));
    /* out of bounds: "CL_INVALID_VALUE if the region being read or written specified by
     * (buffer_origin, region, buffer_row_pitch, buffer_slice_pitch) is out of bounds." */
    size_t far[3] = {0, 0, 3};
    CHECK_ERR(CL_INVALID_VALUE, clEnqueueReadBufferRect(q, m, CL_TRUE, far, z3, region, RP, SP, 0,
                                                        0, out, 0, NULL, NULL));
    CHECK_ERR(CL_INVALID_VALUE, clEnqueueReadBufferRect(q, m, CL_TRUE, z3, z3, region, 0, 0, 0, 0,
                                                        NULL, 0, NULL, NULL));
    /* copy rect: "CL_INVALID_VALUE if src_buffer and dst_buffer are the same buffer object
     * and src_slice_pitch is not equal to dst_slice_pitch and src_row_pitch is not equal to
     * dst_row_pitch." */
    size_t small[3] = {8, 2, 1}, o2[3] = {0, 0, 2};
    CHECK_ERR(CL_INVALID_VALUE,
              clEnqueueCopyBufferRect(q, m, m, z3, o2, small, RP, SP, 48, 480, 0, NULL, NULL));
    /* "CL_MEM_COPY_OVERLAP if src_buffer and dst_buffer are the same buffer or sub-buffer
     * object and the source and destination regions overlap" */
    size_t o1[3] = {4, 0, 0};
    CHECK_ERR(CL_MEM_COPY_OVERLAP,
              clEnqueueCopyBufferRect(q, m, m, z3, o1, small, RP, SP, RP, SP, 0, NULL, NULL));
    CHECK_OK(clEnqueueCopyBufferRect(q, m, m, z3, o2, small, RP, SP, RP, SP, 0, NULL, NULL));
    CHECK_ERR(CL_INVALID_VALUE,
              clEnqueueCopyBufferRect(q, m, d, z3, z3, r0, 0, 0, 0, 0, 0, NULL, NULL));
    CHECK_OK(clFinish(q));
}

static void map_unmap(conf_t *t)
{
    cl_context c = conf_context(t);
    cl_command_queue q = conf_queue(t);
    REQUIRE(q);
    enum { N = 2048 };
    static unsigned char in[N], out[N];
    conf_pattern(in, N, 61);
    cl_mem m;
    REQUIRE_CREATE(m, clCreateBuffer(c, CL_MEM_READ_WRITE | CL_MEM_COPY_HOST_PTR, N, in, ERRP));
    conf_defer_mem(t, m);
    cl_int err = 1;
    unsigned char *p =
        clEnqueueMapBuffer(q, m, CL_TRUE, CL_MAP_READ, 100, 200, 0, NULL, NULL, &err);
    CHECK_OK(err);
    REQUIRE(p);
    CHECK_MEM_EQ(in + 100, p, 200);
    cl_uint mc = 0;
    CHECK_OK(clGetMemObjectInfo(m, CL_MEM_MAP_COUNT, sizeof(mc), &mc, NULL));
    CHECK_EQ_U(1, mc);
    CHECK_OK(clEnqueueUnmapMemObject(q, m, p, 0, NULL, NULL));
    CHECK_OK(clFinish(q));
    /* map for writing, modify, unmap: the device sees the bytes */
    p = clEnqueueMapBuffer(q, m, CL_TRUE, CL_MAP_WRITE, 0, N, 0, NULL, NULL, &err);
    CHECK_OK(err);
    REQUIRE(p);
    for (size_t i = 0; i < N; i++)
        p[i] = (unsigned char)(in[i] ^ 0xff);
    CHECK_OK(clEnqueueUnmapMemObject(q, m, p, 0, NULL, NULL));
    CHECK_OK(clEnqueueReadBuffer(q, m, CL_TRUE, 0, N, out, 0, NULL, NULL));
    bool ok = true;
    for (size_t i = 0; i < N; i++)
        ok &= out[i] == (unsigned char)(in[i] ^ 0xff);
    CHECK_MSG(ok, "CL_MAP_WRITE changes not visible after unmap");
    /* invalidate region: contents undefined on map, defined after writing them */
    p = clEnqueueMapBuffer(q, m, CL_TRUE, CL_MAP_WRITE_INVALIDATE_REGION, 512, 512, 0, NULL, NULL,
                           &err);
    CHECK_OK(err);
    REQUIRE(p);
    memcpy(p, in, 512);
    CHECK_OK(clEnqueueUnmapMemObject(q, m, p, 0, NULL, NULL));
    CHECK_OK(clEnqueueReadBuffer(q, m, CL_TRUE, 512, 512, out, 0, NULL, NULL));
    CHECK_MEM_EQ(in, out, 512);
    /* non-blocking map: the pointer is usable after the event completes */
    cl_event e;
    p = clEnqueueMapBuffer(q, m, CL_FALSE, CL_MAP_READ, 512, 512, 0, NULL, &e, &err);
    CHECK_OK(err);
    REQUIRE(p);
    CHECK_OK(clWaitForEvents(1, &e));
    clReleaseEvent(e);
    CHECK_MEM_EQ(in, p, 512);
    CHECK_OK(clEnqueueUnmapMemObject(q, m, p, 0, NULL, NULL));
    CHECK_OK(clFinish(q));
    /* errors */
    /* "CL_INVALID_VALUE if region being mapped given by (offset, size) is out of bounds or
     * if size is 0 or if values specified in map_flags are not valid." */
    CHECK_NULL_ERR(CL_INVALID_VALUE,
                   clEnqueueMapBuffer(q, m, CL_TRUE, CL_MAP_READ, N - 8, 16, 0, NULL, NULL, ERRP));
    CHECK_NULL_ERR(CL_INVALID_VALUE,
                   clEnqueueMapBuffer(q, m, CL_TRUE, CL_MAP_READ, 0, 0, 0, NULL, NULL, ERRP));
    CHECK_NULL_ERR(CL_INVALID_VALUE, clEnqueueMapBuffer(q, m, CL_TRUE, (cl_map_flags)1 << 20, 0, 16,
                                                        0, NULL, NULL, ERRP));
    /* "CL_MAP_WRITE_INVALIDATE_REGION ... is mutually exclusive with CL_MAP_READ or
     * CL_MAP_WRITE." */
    CHECK_NULL_ERR(CL_INVALID_VALUE,
                   clEnqueueMapBuffer(q, m, CL_TRUE, CL_MAP_READ | CL_MAP_WRITE_INVALIDATE_REGION,
                                      0, 16, 0, NULL, NULL, ERRP));
    CHECK_NULL_ERR(CL_INVALID_VALUE,
                   clEnqueueMapBuffer(q, m, CL_TRUE, CL_MAP_WRITE | CL_MAP_WRITE_INVALIDATE_REGION,
                                      0, 16, 0, NULL, NULL, ERRP));
    CHECK_NULL_ERR(CL_INVALID_MEM_OBJECT,
                   clEnqueueMapBuffer(q, NULL, CL_TRUE, CL_MAP_READ, 0, 16, 0, NULL, NULL, ERRP));
    /* "CL_INVALID_VALUE if mapped_ptr is not a valid pointer returned by clEnqueueMapBuffer
     * or clEnqueueMapImage for memobj." */
    CHECK_ERR(CL_INVALID_VALUE, clEnqueueUnmapMemObject(q, m, out, 0, NULL, NULL));
    CHECK_ERR(CL_INVALID_VALUE, clEnqueueUnmapMemObject(q, m, NULL, 0, NULL, NULL));
}

static void host_access_flags(conf_t *t)
{
    cl_context c = conf_context(t);
    cl_command_queue q = conf_queue(t);
    REQUIRE(q);
    static unsigned char buf[256];
    size_t z3[3] = {0, 0, 0}, r[3] = {16, 1, 1};
    struct {
        cl_mem_flags flags;
        bool can_read, can_write;
    } cases[] = {{CL_MEM_HOST_NO_ACCESS, false, false},
                 {CL_MEM_HOST_READ_ONLY, true, false},
                 {CL_MEM_HOST_WRITE_ONLY, false, true}};
    for (size_t i = 0; i < 3; i++) {
        cl_mem m;
        REQUIRE_CREATE(m, clCreateBuffer(c, CL_MEM_READ_WRITE | cases[i].flags, 256, NULL, ERRP));
        conf_defer_mem(t, m);
        /* "CL_INVALID_OPERATION if clEnqueueReadBuffer is called on buffer which has been
         * created with CL_MEM_HOST_WRITE_ONLY or CL_MEM_HOST_NO_ACCESS." and the analogues for
         * writes and for maps */
        cl_int er = cases[i].can_read ? CL_SUCCESS : CL_INVALID_OPERATION;
        cl_int ew = cases[i].can_write ? CL_SUCCESS : CL_INVALID_OPERATION;
        CHECK_ERR(er, clEnqueueReadBuffer(q, m, CL_TRUE, 0, 16, buf, 0, NULL, NULL));
        CHECK_ERR(
            er, clEnqueueReadBufferRect(q, m, CL_TRUE, z3, z3, r, 0, 0, 0, 0, buf, 0, NULL, NULL));
        CHECK_ERR(ew, clEnqueueWriteBuffer(q, m, CL_TRUE, 0, 16, buf, 0, NULL, NULL));
        CHECK_ERR(
            ew, clEnqueueWriteBufferRect(q, m, CL_TRUE, z3, z3, r, 0, 0, 0, 0, buf, 0, NULL, NULL));
        cl_int err = 1;
        void *p = clEnqueueMapBuffer(q, m, CL_TRUE, CL_MAP_READ, 0, 16, 0, NULL, NULL, &err);
        CHECK_ERR(er, err);
        if (p)
            clEnqueueUnmapMemObject(q, m, p, 0, NULL, NULL);
        p = clEnqueueMapBuffer(q, m, CL_TRUE, CL_MAP_WRITE, 0, 16, 0, NULL, NULL, &err);
        CHECK_ERR(ew, err);
        if (p)
            clEnqueueUnmapMemObject(q, m, p, 0, NULL, NULL);
        p = clEnqueueMapBuffer(q, m, CL_TRUE, CL_MAP_WRITE_INVALIDATE_REGION, 0, 16, 0, NULL, NULL,
                               &err);
        CHECK_ERR(ew, err);
        if (p)
            clEnqueueUnmapMemObject(q, m, p, 0, NULL, NULL);
        /* device-side commands are unrestricted */
        int pat = 1;
        CHECK_OK(clEnqueueFillBuffer(q, m, &pat, sizeof(pat), 0, 256, 0, NULL, NULL));
        CHECK_OK(clFinish(q));
    }
}

struct dtor_log {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    int seq[8];
    int n;
};
static struct dtor_log dlog = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, {0}, 0};

static void push(int v)
{
    pthread_mutex_lock(&dlog.lock);
    if (dlog.n < 8)
        dlog.seq[dlog.n] = v;
    dlog.n++;
    pthread_cond_broadcast(&dlog.cond);
    pthread_mutex_unlock(&dlog.lock);
}
static void CL_CALLBACK d1(cl_mem m, void *u)
{
    (void)m;
    (void)u;
    push(1);
}
static void CL_CALLBACK d2(cl_mem m, void *u)
{
    (void)m;
    (void)u;
    push(2);
}
static void CL_CALLBACK d3(cl_mem m, void *u)
{
    (void)m;
    (void)u;
    push(3);
}

static void mem_destructor_callbacks(conf_t *t)
{
    cl_context c = conf_context(t);
    REQUIRE(c);
    dlog.n = 0;
    cl_mem m;
    REQUIRE_CREATE(m, clCreateBuffer(c, CL_MEM_READ_WRITE, 64, NULL, ERRP));
    /* "CL_INVALID_VALUE if pfn_notify is NULL." */
    CHECK_ERR(CL_INVALID_VALUE, clSetMemObjectDestructorCallback(m, NULL, NULL));
    CHECK_OK(clSetMemObjectDestructorCallback(m, d1, NULL));
    CHECK_OK(clSetMemObjectDestructorCallback(m, d2, NULL));
    CHECK_OK(clSetMemObjectDestructorCallback(m, d3, NULL));
    CHECK_OK(clReleaseMemObject(m));
    /* "The user callback functions are called in the reverse order in which they were
     * registered." */
    pthread_mutex_lock(&dlog.lock);
    while (dlog.n < 3)
        pthread_cond_wait(&dlog.cond, &dlog.lock);
    pthread_mutex_unlock(&dlog.lock);
    CHECK_EQ_I(3, dlog.n);
    CHECK_EQ_I(3, dlog.seq[0]);
    CHECK_EQ_I(2, dlog.seq[1]);
    CHECK_EQ_I(1, dlog.seq[2]);
}

static void migrate(conf_t *t)
{
    cl_context c = conf_context(t);
    cl_command_queue q = conf_queue(t);
    REQUIRE(q);
    static unsigned char in[512], out[512];
    conf_pattern(in, sizeof(in), 71);
    cl_mem m[2];
    for (int i = 0; i < 2; i++) {
        REQUIRE_CREATE(m[i],
                       clCreateBuffer(c, CL_MEM_READ_WRITE | CL_MEM_COPY_HOST_PTR, 512, in, ERRP));
        conf_defer_mem(t, m[i]);
    }
    CHECK_OK(clEnqueueMigrateMemObjects(q, 2, m, 0, 0, NULL, NULL));
    CHECK_OK(clEnqueueMigrateMemObjects(q, 2, m, CL_MIGRATE_MEM_OBJECT_HOST, 0, NULL, NULL));
    CHECK_OK(clEnqueueMigrateMemObjects(q, 1, m, 0, 0, NULL, NULL));
    CHECK_OK(clEnqueueReadBuffer(q, m[0], CL_TRUE, 0, 512, out, 0, NULL, NULL));
    CHECK_MEM_EQ(in, out, 512);
    /* "CL_INVALID_VALUE if num_mem_objects is zero or if mem_objects is NULL or if flags is
     * not 0 or is not any of the values described in the table above." */
    CHECK_ERR(CL_INVALID_VALUE, clEnqueueMigrateMemObjects(q, 0, m, 0, 0, NULL, NULL));
    CHECK_ERR(CL_INVALID_VALUE, clEnqueueMigrateMemObjects(q, 1, NULL, 0, 0, NULL, NULL));
    CHECK_ERR(CL_INVALID_VALUE,
              clEnqueueMigrateMemObjects(q, 1, m, (cl_mem_migration_flags)1 << 20, 0, NULL, NULL));
    /* "CL_INVALID_MEM_OBJECT if any of the memory objects in mem_objects is not a valid
     * memory object." */
    cl_mem bad[2] = {m[0], NULL};
    CHECK_ERR(CL_INVALID_MEM_OBJECT, clEnqueueMigrateMemObjects(q, 2, bad, 0, 0, NULL, NULL));
    CHECK_ERR(CL_INVALID_EVENT_WAIT_LIST, clEnqueueMigrateMemObjects(q, 1, m, 0, 1, NULL, NULL));
    CHECK_OK(clFinish(q));
}

static const struct conf_test tests[] = {
    CONF_TEST(buffer_flags),
    CONF_TEST(buffer_info),
    CONF_TEST(buffer_with_properties),
    CONF_TEST(host_ptr_semantics),
    CONF_TEST(sub_buffers),
    CONF_TEST(read_write_copy),
    CONF_TEST(fill_patterns),
    CONF_TEST(rect_transfers),
    CONF_TEST(map_unmap),
    CONF_TEST(host_access_flags),
    CONF_TEST(mem_destructor_callbacks),
    CONF_TEST(migrate),
};
CONF_CATEGORY(conf_cat_buffers, "buffers",
              "buffer creation flags, host pointers, sub-buffers, read/write/copy/fill, rects, "
              "maps, host access flags, destructor callbacks, migration",
              tests);
