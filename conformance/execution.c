/*
 * execution: kernel launches. NDRanges of one to three dimensions with and without global
 * offsets and local sizes, non-uniform work-groups, every work-item built-in function,
 * CL_KERNEL_WORK_GROUP_SIZE, zero-sized launches, arguments of every kind (scalars, vectors,
 * structs by value, global/constant/local pointers, NULL buffers), argument snapshots at
 * enqueue, clEnqueueNDRangeKernel error codes, kernel command events and profiling, and
 * failed dependencies.
 */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char ids_src[] =
    "kernel void ids(global uint *out)\n"
    "{\n"
    "    size_t x = get_global_id(0) - get_global_offset(0);\n"
    "    size_t y = get_global_id(1) - get_global_offset(1);\n"
    "    size_t z = get_global_id(2) - get_global_offset(2);\n"
    "    size_t lin = (z * get_global_size(1) + y) * get_global_size(0) + x;\n"
    "    out[lin * 4 + 0] = get_global_id(0);\n"
    "    out[lin * 4 + 1] = get_global_id(1);\n"
    "    out[lin * 4 + 2] = get_global_id(2);\n"
    "    out[lin * 4 + 3] += 1;\n"
    "}\n";

/* Launch `ids` and check every work-item ran once with the right global id. */
static void check_ids(conf_t *t, cl_kernel k, cl_uint dim, const size_t *off, const size_t *g,
                      const size_t *l)
{
    size_t n = 1;
    for (cl_uint d = 0; d < dim; d++)
        n *= g[d];
    cl_mem m = conf_buffer(t, CL_MEM_READ_WRITE, n * 16, NULL);
    if (!m)
        return;
    cl_uint zero = 0;
    CHECK_OK(clEnqueueFillBuffer(conf_queue(t), m, &zero, 4, 0, n * 16, 0, NULL, NULL));
    CHECK_OK(clSetKernelArg(k, 0, sizeof(m), &m));
    CHECK_OK(clEnqueueNDRangeKernel(conf_queue(t), k, dim, off, g, l, 0, NULL, NULL));
    cl_uint *out = malloc(n * 16);
    REQUIRE(out);
    CHECK_OK(conf_read_buf(t, m, out, n * 16));
    size_t bad = 0;
    for (size_t i = 0; i < n; i++) {
        size_t c[3] = {i % g[0], dim > 1 ? (i / g[0]) % g[1] : 0, dim > 2 ? i / (g[0] * g[1]) : 0};
        for (cl_uint d = 0; d < 3; d++)
            c[d] += d < dim && off ? off[d] : 0;
        if (out[i * 4] != c[0] || out[i * 4 + 1] != c[1] || out[i * 4 + 2] != c[2] ||
            out[i * 4 + 3] != 1) {
            if (bad++ < 3)
                conf_note(t, "dim %u item %zu: id (%u,%u,%u) runs %u, expected (%zu,%zu,%zu) once",
                          dim, i, out[i * 4], out[i * 4 + 1], out[i * 4 + 2], out[i * 4 + 3], c[0],
                          c[1], c[2]);
        }
    }
    free(out);
    CHECK_MSG(!bad, "%zu of %zu work-items wrong (dim %u, local %s)", bad, n, dim,
              l ? "given" : "NULL");
}

static void exec_dimensions(conf_t *t)
{
    cl_kernel k = conf_kernel_or_skip(t, ids_src, "", "ids");
    if (!k)
        return;
    const size_t g1[] = {1000}, l1[] = {8}, l1b[] = {125};
    const size_t g2[] = {33, 17}, l2[] = {11, 17};
    const size_t g3[] = {9, 7, 5}, l3[] = {3, 7, 1}, l3b[] = {9, 1, 5};
    check_ids(t, k, 1, NULL, g1, NULL);
    check_ids(t, k, 1, NULL, g1, l1);
    check_ids(t, k, 1, NULL, g1, l1b);
    check_ids(t, k, 2, NULL, g2, NULL);
    check_ids(t, k, 2, NULL, g2, l2);
    check_ids(t, k, 3, NULL, g3, NULL);
    check_ids(t, k, 3, NULL, g3, l3);
    check_ids(t, k, 3, NULL, g3, l3b);
}

static void exec_offsets(conf_t *t)
{
    cl_kernel k = conf_kernel_or_skip(t, ids_src, "", "ids");
    if (!k)
        return;
    const size_t o1[] = {5}, g1[] = {300}, l1[] = {30};
    const size_t o2[] = {3, 100}, g2[] = {16, 9};
    const size_t o3[] = {1, 2, 3}, g3[] = {4, 6, 8}, l3[] = {2, 3, 4};
    check_ids(t, k, 1, o1, g1, NULL);
    check_ids(t, k, 1, o1, g1, l1);
    check_ids(t, k, 2, o2, g2, NULL);
    check_ids(t, k, 3, o3, g3, l3);
}

/* Every OpenCL C 1.x work-item function, per work-item; 2.0+ ones in a second kernel. */
static const char builtins_src[] =
    "kernel void wi(global ulong *out)\n"
    "{\n"
    "    size_t x = get_global_id(0) - get_global_offset(0);\n"
    "    size_t y = get_global_id(1) - get_global_offset(1);\n"
    "    size_t z = get_global_id(2) - get_global_offset(2);\n"
    "    global ulong *o = out + ((z * get_global_size(1) + y) * get_global_size(0) + x) * 32;\n"
    "    for (uint d = 0; d < 3; d++) {\n"
    "        o[d * 7 + 0] = get_global_id(d);\n"
    "        o[d * 7 + 1] = get_local_id(d);\n"
    "        o[d * 7 + 2] = get_group_id(d);\n"
    "        o[d * 7 + 3] = get_global_size(d);\n"
    "        o[d * 7 + 4] = get_local_size(d);\n"
    "        o[d * 7 + 5] = get_num_groups(d);\n"
    "        o[d * 7 + 6] = get_global_offset(d);\n"
    "    }\n"
    "    o[21] = get_work_dim();\n"
    "#if __OPENCL_C_VERSION__ >= 200\n"
    "    for (uint d = 0; d < 3; d++)\n"
    "        o[22 + d] = get_enqueued_local_size(d);\n"
    "    o[25] = get_global_linear_id();\n"
    "    o[26] = get_local_linear_id();\n"
    "#endif\n"
    "    o[27] = 1;\n"
    "}\n";

/*
 * Run `wi` over @g with @off and @l (NULL: choose and read back) and check every value,
 * including the actual sizes of non-uniform edge groups.
 */
static void check_builtins(conf_t *t, cl_kernel k, cl_uint dim, const size_t *off, const size_t *g,
                           const size_t *l, bool v2)
{
    size_t n = 1, gs[3] = {1, 1, 1}, ls[3] = {1, 1, 1}, os[3] = {0, 0, 0};
    for (cl_uint d = 0; d < dim; d++) {
        n *= g[d];
        gs[d] = g[d];
        ls[d] = l ? l[d] : 0;
        os[d] = off ? off[d] : 0;
    }
    cl_mem m = conf_buffer(t, CL_MEM_READ_WRITE, n * 256, NULL);
    if (!m)
        return;
    CHECK_OK(clSetKernelArg(k, 0, sizeof(m), &m));
    CHECK_OK(clEnqueueNDRangeKernel(conf_queue(t), k, dim, off, g, l, 0, NULL, NULL));
    cl_ulong *out = malloc(n * 256);
    REQUIRE(out);
    CHECK_OK(conf_read_buf(t, m, out, n * 256));
    if (!l) {
        /* The implementation chose: every item reports the same enqueued size. */
        for (cl_uint d = 0; d < dim; d++)
            ls[d] = (size_t)out[d * 7 + 4];
    }
    size_t bad = 0;
    for (size_t i = 0; i < n; i++) {
        const cl_ulong *o = out + i * 32;
        size_t c[3] = {i % gs[0], (i / gs[0]) % gs[1], i / (gs[0] * gs[1])};
        cl_ulong want[28];
        for (cl_uint d = 0; d < 3; d++) {
            size_t grp = c[d] / ls[d], ng = (gs[d] + ls[d] - 1) / ls[d];
            size_t actual = grp + 1 < ng ? ls[d] : gs[d] - grp * ls[d];
            want[d * 7 + 0] = c[d] + os[d];
            want[d * 7 + 1] = c[d] % ls[d];
            want[d * 7 + 2] = grp;
            want[d * 7 + 3] = gs[d];
            want[d * 7 + 4] = actual;
            want[d * 7 + 5] = ng;
            want[d * 7 + 6] = os[d];
            want[22 + d] = ls[d];
        }
        want[21] = dim;
        want[25] = i;
        size_t a0 = want[4], a1 = want[11];
        want[26] = want[1] + want[8] * a0 + want[15] * a0 * a1;
        want[27] = 1;
        for (int f = 0; f < 28; f++) {
            if (!v2 && f >= 22 && f <= 26)
                continue;
            if (o[f] != want[f]) {
                if (bad++ < 4)
                    conf_note(t, "dim %u item %zu field %d: got %llu, expected %llu", dim, i, f,
                              (unsigned long long)o[f], (unsigned long long)want[f]);
            }
        }
    }
    free(out);
    CHECK_MSG(!bad, "%zu wrong work-item function values", bad);
}

static void exec_builtins(conf_t *t)
{
    cl_kernel k = conf_kernel_or_skip(t, builtins_src, "", "wi");
    if (!k)
        return;
    const size_t o3[] = {2, 3, 4}, g3[] = {8, 6, 4}, l3[] = {4, 3, 2};
    const size_t g1[] = {64}, l1[] = {16}, g2[] = {12, 10}, l2[] = {6, 5};
    check_builtins(t, k, 3, o3, g3, l3, false);
    check_builtins(t, k, 1, NULL, g1, l1, false);
    check_builtins(t, k, 2, o3, g2, l2, false);
    check_builtins(t, k, 3, NULL, g3, NULL, false);
    const char *std = conf_cl_std_2plus(t);
    if (!std)
        SKIP("1.x work-item functions checked; the device compiles no OpenCL C 2.0+ "
             "(get_enqueued_local_size, get_*_linear_id)");
    cl_kernel k2 = conf_kernel_or_skip(t, builtins_src, std, "wi");
    if (!k2)
        return;
    check_builtins(t, k2, 3, o3, g3, l3, true);
    check_builtins(t, k2, 2, NULL, g2, l2, true);
}

static void exec_nonuniform(conf_t *t)
{
    const size_t g[] = {10, 7}, l[] = {4, 3};
    /* -cl-std=CL1.2 explicitly: the default version is the implementation's choice. */
    cl_kernel k12 = conf_kernel_or_skip(t, builtins_src, "-cl-std=CL1.2", "wi");
    if (!k12)
        return;
    cl_mem m = conf_buffer(t, CL_MEM_READ_WRITE, 70 * 256, NULL);
    REQUIRE(m);
    CHECK_OK(clSetKernelArg(k12, 0, sizeof(m), &m));
    /* "CL_INVALID_WORK_GROUP_SIZE if the work-group size must be uniform and the
     * local_work_size is not NULL, [...] or the global_work_size is not evenly divisible by
     * the local_work_size." A program built for OpenCL C 1.x must be uniform. */
    CHECK_ERR(CL_INVALID_WORK_GROUP_SIZE,
              clEnqueueNDRangeKernel(conf_queue(t), k12, 2, NULL, g, l, 0, NULL, NULL));
    const char *std = conf_cl_std_2plus(t);
    if (!std)
        SKIP("uniform rule checked; the device compiles no OpenCL C 2.0+");
    if (!conf_dev_bool(t, t->device, CL_DEVICE_NON_UNIFORM_WORK_GROUP_SUPPORT)) {
        cl_kernel k = conf_kernel_or_skip(t, builtins_src, std, "wi");
        if (!k)
            return;
        CHECK_OK(clSetKernelArg(k, 0, sizeof(m), &m));
        CHECK_ERR(CL_INVALID_WORK_GROUP_SIZE,
                  clEnqueueNDRangeKernel(conf_queue(t), k, 2, NULL, g, l, 0, NULL, NULL));
        SKIP("CL_DEVICE_NON_UNIFORM_WORK_GROUP_SUPPORT is CL_FALSE (rejection checked)");
    }
    cl_kernel k = conf_kernel_or_skip(t, builtins_src, std, "wi");
    if (!k)
        return;
    check_builtins(t, k, 2, NULL, g, l, true);
    const size_t g3[] = {5, 7, 3}, l3[] = {2, 4, 2}, o3[] = {1, 0, 9};
    check_builtins(t, k, 3, o3, g3, l3, true);
    /* -cl-uniform-work-group-size brings the rule back. */
    char opts[64];
    snprintf(opts, sizeof(opts), "%s -cl-uniform-work-group-size", std);
    cl_kernel ku = conf_kernel_or_skip(t, builtins_src, opts, "wi");
    if (!ku)
        return;
    CHECK_OK(clSetKernelArg(ku, 0, sizeof(m), &m));
    CHECK_ERR(CL_INVALID_WORK_GROUP_SIZE,
              clEnqueueNDRangeKernel(conf_queue(t), ku, 2, NULL, g, l, 0, NULL, NULL));
    CHECK_OK(clFinish(conf_queue(t)));
}

static const char reduce_src[] =
    "kernel void reduce(global const int *in, global int *out, local int *tmp)\n"
    "{\n"
    "    size_t lid = get_local_id(0), n = get_local_size(0);\n"
    "    tmp[lid] = in[get_global_id(0)];\n"
    "    barrier(CLK_LOCAL_MEM_FENCE);\n"
    "    if (lid == 0) {\n"
    "        int s = 0;\n"
    "        for (size_t i = 0; i < n; i++)\n"
    "            s += tmp[i];\n"
    "        out[get_group_id(0)] = s;\n"
    "    }\n"
    "}\n";

/* CL_KERNEL_WORK_GROUP_SIZE is a size the kernel really runs with. */
static void exec_work_group_size(conf_t *t)
{
    cl_kernel k = conf_kernel_or_skip(t, reduce_src, "", "reduce");
    if (!k)
        return;
    size_t wgs = 0, mult = 0, max_wg = conf_dev_size(t, t->device, CL_DEVICE_MAX_WORK_GROUP_SIZE);
    size_t items[3] = {0};
    CHECK_OK(
        clGetKernelWorkGroupInfo(k, t->device, CL_KERNEL_WORK_GROUP_SIZE, sizeof(wgs), &wgs, NULL));
    CHECK_OK(clGetKernelWorkGroupInfo(k, t->device, CL_KERNEL_PREFERRED_WORK_GROUP_SIZE_MULTIPLE,
                                      sizeof(mult), &mult, NULL));
    CHECK_OK(clGetDeviceInfo(t->device, CL_DEVICE_MAX_WORK_ITEM_SIZES, sizeof(items), items, NULL));
    CHECK(wgs >= 1 && wgs <= max_wg);
    CHECK(mult >= 1);
    size_t l = wgs < items[0] ? wgs : items[0];
    REQUIRE(l >= 1);
    size_t n = 2 * l;
    int *in = malloc(n * sizeof(int)), out[2] = {0, 0};
    REQUIRE(in);
    for (size_t i = 0; i < n; i++)
        in[i] = (int)(i % 17) - 8;
    cl_mem mi = conf_buffer(t, CL_MEM_READ_ONLY, n * sizeof(int), in);
    cl_mem mo = conf_buffer(t, CL_MEM_WRITE_ONLY, sizeof(out), NULL);
    if (mi && mo) {
        CHECK_OK(clSetKernelArg(k, 0, sizeof(mi), &mi));
        CHECK_OK(clSetKernelArg(k, 1, sizeof(mo), &mo));
        CHECK_OK(clSetKernelArg(k, 2, l * sizeof(int), NULL));
        CHECK_OK(clEnqueueNDRangeKernel(conf_queue(t), k, 1, NULL, &n, &l, 0, NULL, NULL));
        CHECK_OK(conf_read_buf(t, mo, out, sizeof(out)));
        for (int grp = 0; grp < 2; grp++) {
            int s = 0;
            for (size_t i = 0; i < l; i++)
                s += in[grp * l + i];
            CHECK_EQ_I(s, out[grp]);
        }
        conf_note(t, "CL_KERNEL_WORK_GROUP_SIZE %zu, preferred multiple %zu", wgs, mult);
    }
    free(in);
}

/* 2.1+: "global_work_size ... may be NULL or ... 0", and the command completes like a marker. */
static void exec_zero_sized(conf_t *t)
{
    cl_uint ver = conf_dev_uint(t, t->device, CL_DEVICE_NUMERIC_VERSION);
    if (CL_VERSION_MAJOR(ver) < 2 || (CL_VERSION_MAJOR(ver) == 2 && CL_VERSION_MINOR(ver) < 1))
        SKIP("device version below 2.1: zero-sized launches are an error there");
    cl_kernel k = conf_kernel_or_skip(t, ids_src, "", "ids");
    if (!k)
        return;
    cl_uint init[8] = {7, 7, 7, 7, 7, 7, 7, 7}, out[8];
    cl_mem m = conf_buffer(t, CL_MEM_READ_WRITE, sizeof(init), init);
    REQUIRE(m);
    CHECK_OK(clSetKernelArg(k, 0, sizeof(m), &m));
    const size_t zero[] = {0, 4}, l[] = {1, 1};
    cl_event e1 = NULL, e2 = NULL, e3 = NULL;
    CHECK_OK(clEnqueueNDRangeKernel(conf_queue(t), k, 1, NULL, zero, NULL, 0, NULL, &e1));
    conf_defer_event(t, e1);
    CHECK_OK(clEnqueueNDRangeKernel(conf_queue(t), k, 2, NULL, zero, l, 0, NULL, &e2));
    conf_defer_event(t, e2);
    CHECK_OK(clEnqueueNDRangeKernel(conf_queue(t), k, 3, NULL, NULL, NULL, 0, NULL, &e3));
    conf_defer_event(t, e3);
    /* and they work as dependencies */
    cl_event deps[3] = {e1, e2, e3};
    CHECK_OK(clEnqueueReadBuffer(conf_queue(t), m, CL_TRUE, 0, sizeof(out), out, 3, deps, NULL));
    CHECK_MEM_EQ(init, out, sizeof(out));
    CHECK_STATUS(CL_COMPLETE, e1);
    CHECK_STATUS(CL_COMPLETE, e2);
    CHECK_STATUS(CL_COMPLETE, e3);
    cl_command_type ct = 0;
    CHECK_OK(clGetEventInfo(e1, CL_EVENT_COMMAND_TYPE, sizeof(ct), &ct, NULL));
    CHECK_EQ_U(CL_COMMAND_NDRANGE_KERNEL, ct);
}

typedef struct {
    cl_char c;
    cl_int i;
    cl_long l;
    cl_float f;
    cl_short s[3];
} by_value_t;

static const char args_src[] =
    "typedef struct { char c; int i; long l; float f; short s[3]; } by_value_t;\n"
    "kernel void args(global long *out, char a, uchar b, short c, ushort d, int e, uint f,\n"
    "                 long g, ulong h, float i, int4 v, float2 w, by_value_t s,\n"
    "                 constant int *k, local int *lp, global int *nul, int3 v3)\n"
    "{\n"
    "    int n = 0;\n"
    "    lp[get_local_id(0)] = (int)get_local_id(0) + 40;\n"
    "    barrier(CLK_LOCAL_MEM_FENCE);\n"
    "    if (get_global_id(0))\n"
    "        return;\n"
    "    out[n++] = a; out[n++] = b; out[n++] = c; out[n++] = d; out[n++] = e; out[n++] = f;\n"
    "    out[n++] = g; out[n++] = (long)h; out[n++] = as_int(i);\n"
    "    out[n++] = v.x; out[n++] = v.y; out[n++] = v.z; out[n++] = v.w;\n"
    "    out[n++] = as_int(w.x); out[n++] = as_int(w.y);\n"
    "    out[n++] = s.c; out[n++] = s.i; out[n++] = s.l; out[n++] = as_int(s.f);\n"
    "    out[n++] = s.s[0]; out[n++] = s.s[1]; out[n++] = s.s[2];\n"
    "    out[n++] = k[0] + k[1];\n"
    "    out[n++] = lp[0] + lp[get_local_size(0) - 1];\n"
    "    out[n++] = nul == 0;\n"
    "    out[n++] = v3.x; out[n++] = v3.y; out[n++] = v3.z;\n"
    "}\n";

static cl_int as_int_bits(float f)
{
    cl_int i;
    memcpy(&i, &f, 4);
    return i;
}

/* Arguments of every kind reach the kernel with their values. */
static void exec_arguments(conf_t *t)
{
    cl_kernel k = conf_kernel_or_skip(t, args_src, "", "args");
    if (!k)
        return;
    cl_long out[32] = {0};
    cl_int kv[2] = {1000, 234};
    cl_mem mo = conf_buffer(t, CL_MEM_READ_WRITE, sizeof(out), out);
    cl_mem mk = conf_buffer(t, CL_MEM_READ_ONLY, sizeof(kv), kv);
    REQUIRE(mo && mk);
    cl_char a = -5;
    cl_uchar b = 250;
    cl_short c = -30000;
    cl_ushort d = 60000;
    cl_int e = -2000000000;
    cl_uint f = 4000000000u;
    cl_long g = -(1ll << 50);
    cl_ulong h = 0x7edcba9876543210ull;
    cl_float i = 3.25f;
    cl_int4 v = {{1, -2, 3, -4}};
    cl_float2 w = {{0.5f, -8.0f}};
    cl_int3 v3 = {{11, 12, 13}};
    by_value_t s;
    memset(&s, 0, sizeof(s));
    s.c = 'x';
    s.i = -77;
    s.l = 1ll << 40;
    s.f = -1.5f;
    s.s[0] = 1;
    s.s[1] = -2;
    s.s[2] = 3;
    cl_mem nul = NULL;
    cl_uint idx = 0;
    CHECK_OK(clSetKernelArg(k, idx++, sizeof(mo), &mo));
    CHECK_OK(clSetKernelArg(k, idx++, sizeof(a), &a));
    CHECK_OK(clSetKernelArg(k, idx++, sizeof(b), &b));
    CHECK_OK(clSetKernelArg(k, idx++, sizeof(c), &c));
    CHECK_OK(clSetKernelArg(k, idx++, sizeof(d), &d));
    CHECK_OK(clSetKernelArg(k, idx++, sizeof(e), &e));
    CHECK_OK(clSetKernelArg(k, idx++, sizeof(f), &f));
    CHECK_OK(clSetKernelArg(k, idx++, sizeof(g), &g));
    CHECK_OK(clSetKernelArg(k, idx++, sizeof(h), &h));
    CHECK_OK(clSetKernelArg(k, idx++, sizeof(i), &i));
    CHECK_OK(clSetKernelArg(k, idx++, sizeof(v), &v));
    CHECK_OK(clSetKernelArg(k, idx++, sizeof(w), &w));
    CHECK_OK(clSetKernelArg(k, idx++, sizeof(s), &s));
    CHECK_OK(clSetKernelArg(k, idx++, sizeof(mk), &mk));
    CHECK_OK(clSetKernelArg(k, idx++, 16 * sizeof(cl_int), NULL));
    /* "If the argument is a buffer object, the arg_value pointer can be NULL or point to a
     * NULL value in which case a NULL value will be used as the value for the argument" */
    CHECK_OK(clSetKernelArg(k, idx++, sizeof(nul), &nul));
    CHECK_OK(clSetKernelArg(k, idx++, sizeof(v3), &v3));
    const size_t gsz = 16, lsz = 16;
    CHECK_OK(clEnqueueNDRangeKernel(conf_queue(t), k, 1, NULL, &gsz, &lsz, 0, NULL, NULL));
    CHECK_OK(conf_read_buf(t, mo, out, sizeof(out)));
    const cl_long want[] = {a,
                            b,
                            c,
                            d,
                            e,
                            f,
                            g,
                            (cl_long)h,
                            as_int_bits(i),
                            1,
                            -2,
                            3,
                            -4,
                            as_int_bits(0.5f),
                            as_int_bits(-8.0f),
                            'x',
                            -77,
                            1ll << 40,
                            as_int_bits(-1.5f),
                            1,
                            -2,
                            3,
                            1234,
                            40 + 55,
                            1,
                            11,
                            12,
                            13};
    for (size_t n = 0; n < sizeof(want) / sizeof(want[0]); n++) {
        t->checks++;
        if (out[n] != want[n])
            conf_fail(t, __FILE__, __LINE__, "argument value %zu: got %lld, expected %lld", n,
                      (long long)out[n], (long long)want[n]);
    }
    /* NULL arg_value for a buffer argument also means a NULL pointer. */
    CHECK_OK(clSetKernelArg(k, 15, sizeof(cl_mem), NULL));
    out[24] = 0;
    CHECK_OK(clEnqueueWriteBuffer(conf_queue(t), mo, CL_TRUE, 0, sizeof(out), out, 0, NULL, NULL));
    CHECK_OK(clEnqueueNDRangeKernel(conf_queue(t), k, 1, NULL, &gsz, &lsz, 0, NULL, NULL));
    CHECK_OK(conf_read_buf(t, mo, out, sizeof(out)));
    CHECK_EQ_I(1, out[24]);
}

static const char local_src[] =
    "kernel void loc(global int *out, local int *a, local long *b)\n"
    "{\n"
    "    local int s[16];\n"
    "    size_t l = get_local_id(0), n = get_local_size(0), g = get_group_id(0);\n"
    "    a[l] = (int)(g * 1000 + l);\n"
    "    b[l] = -(long)(g * 1000 + l);\n"
    "    if (l < 16)\n"
    "        s[l] = (int)(g + l);\n"
    "    barrier(CLK_LOCAL_MEM_FENCE);\n"
    "    size_t r = n - 1 - l;\n"
    "    int ok = a[r] == (int)(g * 1000 + r) && b[r] == -(long)(g * 1000 + r);\n"
    "    if (l < 16 && l < n)\n"
    "        ok &= s[l] == (int)(g + l);\n"
    "    out[get_global_id(0)] = ok;\n"
    "}\n";

/* Local pointer arguments and static local memory do not overlap, per work-group. */
static void exec_local_arguments(conf_t *t)
{
    cl_kernel k = conf_kernel_or_skip(t, local_src, "", "loc");
    if (!k)
        return;
    enum { L = 32, N = 32 * 8 };
    int out[N];
    cl_mem mo = conf_buffer(t, CL_MEM_READ_WRITE, sizeof(out), NULL);
    REQUIRE(mo);
    CHECK_OK(clSetKernelArg(k, 0, sizeof(mo), &mo));
    CHECK_OK(clSetKernelArg(k, 1, L * sizeof(cl_int), NULL));
    CHECK_OK(clSetKernelArg(k, 2, L * sizeof(cl_long), NULL));
    const size_t g = N, l = L;
    CHECK_OK(clEnqueueNDRangeKernel(conf_queue(t), k, 1, NULL, &g, &l, 0, NULL, NULL));
    CHECK_OK(conf_read_buf(t, mo, out, sizeof(out)));
    int bad = 0;
    for (int i = 0; i < N; i++)
        bad += out[i] != 1;
    CHECK_MSG(!bad, "%d work-items saw overlapping local memory", bad);
    /* More local memory than the device has: "CL_OUT_OF_RESOURCES if there is a failure to
     * queue the execution instance of kernel ... because of insufficient resources" (some
     * implementations refuse the size already in clSetKernelArg: CL_INVALID_ARG_SIZE). */
    cl_ulong lmem = conf_dev_ulong(t, t->device, CL_DEVICE_LOCAL_MEM_SIZE);
    cl_int err = clSetKernelArg(k, 1, (size_t)lmem + 4096, NULL);
    t->checks++;
    if (err == CL_SUCCESS) {
        cl_event e = NULL;
        err = clEnqueueNDRangeKernel(conf_queue(t), k, 1, NULL, &g, &l, 0, NULL, &e);
        if (err == CL_SUCCESS) {
            /* not refused at enqueue: the command must at least fail */
            clWaitForEvents(1, &e);
            cl_int st = conf_event_status(e);
            clReleaseEvent(e);
            CHECK_MSG(st < 0, "a launch with %llu bytes of local memory (device: %llu) ran",
                      (unsigned long long)lmem + 4096, (unsigned long long)lmem);
        } else {
            CHECK_ERR(CL_OUT_OF_RESOURCES, err);
        }
    } else if (err != CL_INVALID_ARG_SIZE) {
        conf_fail(t, __FILE__, __LINE__, "clSetKernelArg(too much local memory): %s",
                  conf_err_name(err));
    }
    CHECK_OK(clFinish(conf_queue(t)));
}

/* The guard keeps a launch that should have been refused (huge offsets) inside the buffers. */
static const char fill_src[] = "kernel void fill(global int *out, int v)\n"
                               "{\n"
                               "    if (get_global_id(0) < 16384)\n"
                               "        out[get_global_id(0)] = v;\n"
                               "}\n";

/* Argument values are captured at enqueue: a later clSetKernelArg does not change the launch. */
static void exec_argument_snapshot(conf_t *t)
{
    cl_kernel k = conf_kernel_or_skip(t, fill_src, "", "fill");
    if (!k)
        return;
    cl_int err;
    cl_event gate = clCreateUserEvent(conf_context(t), &err);
    REQUIRE_OK(err);
    conf_defer_event(t, gate);
    int zero[64] = {0}, out_a[64], out_b[64];
    cl_mem ma = conf_buffer(t, CL_MEM_READ_WRITE, sizeof(zero), zero);
    cl_mem mb = conf_buffer(t, CL_MEM_READ_WRITE, sizeof(zero), zero);
    REQUIRE(ma && mb);
    int v = 11;
    const size_t g = 64;
    CHECK_OK(clSetKernelArg(k, 0, sizeof(ma), &ma));
    CHECK_OK(clSetKernelArg(k, 1, sizeof(v), &v));
    CHECK_OK(clEnqueueNDRangeKernel(conf_queue(t), k, 1, NULL, &g, NULL, 1, &gate, NULL));
    v = 22;
    CHECK_OK(clSetKernelArg(k, 0, sizeof(mb), &mb));
    CHECK_OK(clSetKernelArg(k, 1, sizeof(v), &v));
    CHECK_OK(clEnqueueNDRangeKernel(conf_queue(t), k, 1, NULL, &g, NULL, 0, NULL, NULL));
    CHECK_OK(clSetUserEventStatus(gate, CL_COMPLETE));
    CHECK_OK(conf_read_buf(t, ma, out_a, sizeof(out_a)));
    CHECK_OK(conf_read_buf(t, mb, out_b, sizeof(out_b)));
    int bad = 0;
    for (int i = 0; i < 64; i++)
        bad += out_a[i] != 11 || out_b[i] != 22;
    CHECK_MSG(!bad, "%d values wrong: the first launch must use the arguments set before it", bad);
}

/* A large launch with the work-group size left to the implementation. */
static void exec_large(conf_t *t)
{
    static const char src[] = "kernel void lin(global uint *out)\n"
                              "{\n"
                              "    size_t i = get_global_id(0);\n"
                              "    out[i] = (uint)i * 3u + 1u;\n"
                              "}\n";
    cl_kernel k = conf_kernel_or_skip(t, src, "", "lin");
    if (!k)
        return;
    enum { N = 1 << 20 };
    cl_mem m = conf_buffer(t, CL_MEM_READ_WRITE, N * 4, NULL);
    REQUIRE(m);
    CHECK_OK(clSetKernelArg(k, 0, sizeof(m), &m));
    const size_t g = N;
    CHECK_OK(clEnqueueNDRangeKernel(conf_queue(t), k, 1, NULL, &g, NULL, 0, NULL, NULL));
    cl_uint *out = malloc(N * 4);
    REQUIRE(out);
    CHECK_OK(conf_read_buf(t, m, out, N * 4));
    size_t bad = 0;
    for (size_t i = 0; i < N; i++)
        bad += out[i] != (cl_uint)i * 3u + 1u;
    free(out);
    CHECK_MSG(!bad, "%zu of %d values wrong", bad, N);
}

/* clEnqueueNDRangeKernel's error codes, each case arranged so that only one applies. */
static void exec_errors(conf_t *t)
{
    static const char reqd_src[] = "kernel __attribute__((reqd_work_group_size(4, 2, 1)))\n"
                                   "void reqd(global int *out)\n"
                                   "{\n"
                                   "    out[get_global_id(0)] = 1;\n"
                                   "}\n";
    cl_kernel k = conf_kernel_or_skip(t, fill_src, "", "fill");
    if (!k)
        return;
    cl_command_queue q = conf_queue(t);
    cl_mem m = conf_buffer(t, CL_MEM_READ_WRITE, 1 << 16, NULL);
    REQUIRE(m);
    const size_t g[3] = {64, 4, 4};
    /* "CL_INVALID_KERNEL_ARGS if the kernel argument values have not been specified" */
    CHECK_OK(clSetKernelArg(k, 0, sizeof(m), &m));
    CHECK_ERR(CL_INVALID_KERNEL_ARGS,
              clEnqueueNDRangeKernel(q, k, 1, NULL, g, NULL, 0, NULL, NULL));
    int v = 1;
    CHECK_OK(clSetKernelArg(k, 1, sizeof(v), &v));
    /* "CL_INVALID_COMMAND_QUEUE if command_queue is not a valid host command-queue." */
    CHECK_ERR(CL_INVALID_COMMAND_QUEUE,
              clEnqueueNDRangeKernel(NULL, k, 1, NULL, g, NULL, 0, NULL, NULL));
    /* CL_INVALID_KERNEL for a NULL kernel is api/dispatch_* territory (some implementations
     * crash on it rather than answer). */
    /* "CL_INVALID_WORK_DIMENSION if work_dim is not a valid value (i.e. a value between 1 and
     * CL_DEVICE_MAX_WORK_ITEM_DIMENSIONS)." */
    cl_uint maxdim = conf_dev_uint(t, t->device, CL_DEVICE_MAX_WORK_ITEM_DIMENSIONS);
    CHECK_ERR(CL_INVALID_WORK_DIMENSION,
              clEnqueueNDRangeKernel(q, k, 0, NULL, g, NULL, 0, NULL, NULL));
    CHECK_ERR(CL_INVALID_WORK_DIMENSION,
              clEnqueueNDRangeKernel(q, k, maxdim + 1, NULL, g, NULL, 0, NULL, NULL));
    /* "CL_INVALID_GLOBAL_OFFSET if the value specified in global_work_size + the corresponding
     * values in global_work_offset for any dimensions is greater than the maximum value
     * representable by size t on the device" */
    const size_t big_off[1] = {SIZE_MAX - 10};
    CHECK_ERR(CL_INVALID_GLOBAL_OFFSET,
              clEnqueueNDRangeKernel(q, k, 1, big_off, g, NULL, 0, NULL, NULL));
    /* "CL_INVALID_WORK_GROUP_SIZE if local_work_size is specified and the total number of
     * work-items in the work-group ... is greater than the value specified by
     * CL_KERNEL_WORK_GROUP_SIZE" -- with every dimension within the item limits */
    size_t wgs = 0, items[3] = {0};
    CHECK_OK(
        clGetKernelWorkGroupInfo(k, t->device, CL_KERNEL_WORK_GROUP_SIZE, sizeof(wgs), &wgs, NULL));
    CHECK_OK(clGetDeviceInfo(t->device, CL_DEVICE_MAX_WORK_ITEM_SIZES, sizeof(items), items, NULL));
    if (maxdim >= 2 && items[0] * items[1] > wgs) {
        size_t l2[2] = {items[0], (wgs / items[0]) + 1};
        size_t g2[2] = {l2[0], l2[1]};
        if (l2[1] <= items[1])
            CHECK_ERR(CL_INVALID_WORK_GROUP_SIZE,
                      clEnqueueNDRangeKernel(q, k, 2, NULL, g2, l2, 0, NULL, NULL));
    }
    /* "CL_INVALID_WORK_ITEM_SIZE if the number of work-items specified in any of
     * local_work_size[0], ... is greater than the corresponding values specified by
     * CL_DEVICE_MAX_WORK_ITEM_SIZES" -- only distinguishable from the work-group limit when a
     * dimension's limit is below CL_KERNEL_WORK_GROUP_SIZE */
    for (cl_uint d = 0; d < maxdim && d < 3; d++) {
        if (items[d] < wgs) {
            size_t l3[3] = {1, 1, 1}, g3[3] = {1, 1, 1};
            l3[d] = g3[d] = items[d] + 1;
            CHECK_ERR(CL_INVALID_WORK_ITEM_SIZE,
                      clEnqueueNDRangeKernel(q, k, 3, NULL, g3, l3, 0, NULL, NULL));
        }
    }
    /* "CL_INVALID_EVENT_WAIT_LIST if ... event_wait_list is not NULL and
     * num_events_in_wait_list is 0" (the NULL-list case is the events category's: some
     * implementations crash on it in clEnqueueNDRangeKernel) */
    cl_event e = NULL;
    CHECK_ERR(CL_INVALID_EVENT_WAIT_LIST,
              clEnqueueNDRangeKernel(q, k, 1, NULL, g, NULL, 0, &e, NULL));
    /* "CL_INVALID_CONTEXT if context associated with command_queue and kernel are not the same" */
    cl_int err;
    cl_context c2 = clCreateContext(NULL, 1, &t->device, NULL, NULL, &err);
    REQUIRE_OK(err);
    conf_defer_context(t, c2);
    cl_command_queue q2 = clCreateCommandQueueWithProperties(c2, t->device, NULL, &err);
    REQUIRE_OK(err);
    conf_defer_queue(t, q2);
    CHECK_ERR(CL_INVALID_CONTEXT, clEnqueueNDRangeKernel(q2, k, 1, NULL, g, NULL, 0, NULL, NULL));
    /* reqd_work_group_size: "CL_INVALID_WORK_GROUP_SIZE if local_work_size is specified and does
     * not match the required work-group size for kernel in the program source." */
    cl_kernel kr = conf_kernel_or_skip(t, reqd_src, "", "reqd");
    if (!kr)
        return;
    size_t compile[3] = {0};
    CHECK_OK(clGetKernelWorkGroupInfo(kr, t->device, CL_KERNEL_COMPILE_WORK_GROUP_SIZE,
                                      sizeof(compile), compile, NULL));
    CHECK_EQ_U(4, compile[0]);
    CHECK_EQ_U(2, compile[1]);
    CHECK_EQ_U(1, compile[2]);
    CHECK_OK(clSetKernelArg(kr, 0, sizeof(m), &m));
    const size_t gr[2] = {8, 4}, bad_l[2] = {2, 4}, good_l[2] = {4, 2};
    CHECK_ERR(CL_INVALID_WORK_GROUP_SIZE,
              clEnqueueNDRangeKernel(q, kr, 2, NULL, gr, bad_l, 0, NULL, NULL));
    CHECK_OK(clEnqueueNDRangeKernel(q, kr, 2, NULL, gr, good_l, 0, NULL, NULL));
    CHECK_OK(clEnqueueNDRangeKernel(q, kr, 2, NULL, gr, NULL, 0, NULL, NULL));
    CHECK_OK(clFinish(q));
}

/* Kernel commands are events like any other: type, status, profiling order, callbacks. */
static void exec_events(conf_t *t)
{
    cl_kernel k = conf_kernel_or_skip(t, fill_src, "", "fill");
    if (!k)
        return;
    cl_int err;
    cl_command_queue q = clCreateCommandQueueWithProperties(
        conf_context(t), t->device,
        (cl_queue_properties[]){CL_QUEUE_PROPERTIES, CL_QUEUE_PROFILING_ENABLE, 0}, &err);
    REQUIRE_OK(err);
    conf_defer_queue(t, q);
    cl_mem m = conf_buffer(t, CL_MEM_READ_WRITE, 4096 * 4, NULL);
    REQUIRE(m);
    int v = 5;
    CHECK_OK(clSetKernelArg(k, 0, sizeof(m), &m));
    CHECK_OK(clSetKernelArg(k, 1, sizeof(v), &v));
    const size_t g = 4096;
    cl_event e = NULL, et = NULL;
    CHECK_OK(clEnqueueNDRangeKernel(q, k, 1, NULL, &g, NULL, 0, NULL, &e));
    conf_defer_event(t, e);
    CHECK_OK(clEnqueueTask(q, k, 1, &e, &et));
    conf_defer_event(t, et);
    CHECK_OK(clWaitForEvents(1, &et));
    CHECK_STATUS(CL_COMPLETE, e);
    CHECK_STATUS(CL_COMPLETE, et);
    cl_command_type ct = 0;
    CHECK_OK(clGetEventInfo(e, CL_EVENT_COMMAND_TYPE, sizeof(ct), &ct, NULL));
    CHECK_EQ_U(CL_COMMAND_NDRANGE_KERNEL, ct);
    CHECK_OK(clGetEventInfo(et, CL_EVENT_COMMAND_TYPE, sizeof(ct), &ct, NULL));
    CHECK_EQ_U(CL_COMMAND_TASK, ct);
    cl_ulong ts[5] = {0};
    static const cl_profiling_info info[5] = {
        CL_PROFILING_COMMAND_QUEUED, CL_PROFILING_COMMAND_SUBMIT, CL_PROFILING_COMMAND_START,
        CL_PROFILING_COMMAND_END, CL_PROFILING_COMMAND_COMPLETE};
    for (int i = 0; i < 5; i++)
        CHECK_OK(clGetEventProfilingInfo(e, info[i], sizeof(ts[i]), &ts[i], NULL));
    CHECK_MSG(ts[0] <= ts[1] && ts[1] <= ts[2] && ts[2] <= ts[3] && ts[3] <= ts[4],
              "profiling order: %llu %llu %llu %llu %llu", (unsigned long long)ts[0],
              (unsigned long long)ts[1], (unsigned long long)ts[2], (unsigned long long)ts[3],
              (unsigned long long)ts[4]);
    cl_ulong end_first = ts[3], start_task = 0;
    CHECK_OK(clGetEventProfilingInfo(et, CL_PROFILING_COMMAND_START, sizeof(start_task),
                                     &start_task, NULL));
    CHECK(end_first <= start_task);
}

/* "a failed dependency stops a kernel": the kernel does not run and its event fails. */
static void exec_failed_dependency(conf_t *t)
{
    cl_kernel k = conf_kernel_or_skip(t, fill_src, "", "fill");
    if (!k)
        return;
    cl_int err;
    cl_event gate = clCreateUserEvent(conf_context(t), &err);
    REQUIRE_OK(err);
    conf_defer_event(t, gate);
    int init[16] = {0}, out[16];
    cl_mem m = conf_buffer(t, CL_MEM_READ_WRITE, sizeof(init), init);
    REQUIRE(m);
    int v = 9;
    CHECK_OK(clSetKernelArg(k, 0, sizeof(m), &m));
    CHECK_OK(clSetKernelArg(k, 1, sizeof(v), &v));
    const size_t g = 16;
    cl_event e = NULL;
    CHECK_OK(clEnqueueNDRangeKernel(conf_queue(t), k, 1, NULL, &g, NULL, 1, &gate, &e));
    conf_defer_event(t, e);
    CHECK_OK(clSetUserEventStatus(gate, -1234));
    /* clWaitForEvents reports the failure of an event in its list */
    CHECK_ERR(CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST, clWaitForEvents(1, &e));
    cl_int st = conf_event_status(e);
    CHECK_MSG(st < 0, "the kernel's event status is %d, expected negative", st);
    /* The queue goes on; the kernel never ran. */
    CHECK_OK(clFinish(conf_queue(t)));
    CHECK_OK(conf_read_buf(t, m, out, sizeof(out)));
    CHECK_MEM_EQ(init, out, sizeof(out));
}

static const struct conf_test tests[] = {
    CONF_TEST(exec_dimensions),
    CONF_TEST(exec_offsets),
    CONF_TEST(exec_builtins),
    CONF_TEST(exec_nonuniform),
    CONF_TEST(exec_work_group_size),
    CONF_TEST(exec_zero_sized),
    CONF_TEST(exec_arguments),
    CONF_TEST(exec_local_arguments),
    CONF_TEST(exec_argument_snapshot),
    CONF_TEST(exec_large),
    CONF_TEST(exec_errors),
    CONF_TEST(exec_events),
    CONF_TEST(exec_failed_dependency),
};
CONF_CATEGORY(conf_cat_execution, "execution",
              "NDRange launches in 1-3 dimensions with offsets, non-uniform groups, work-item "
              "functions, CL_KERNEL_WORK_GROUP_SIZE, zero-sized launches, every kind of "
              "argument, argument snapshots, launch errors, kernel events and profiling, failed "
              "dependencies",
              tests);
