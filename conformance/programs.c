/*
 * programs: valid OpenCL C in the shapes real applications give a compiler
 * (pyopencl's generated scans and sorts, hashcat, clpeak, CLBlast): switches
 * whose cases share a target, loops with several exits, unrolled loops,
 * struct copies between address spaces, private arrays in nested scopes,
 * __local aggregates of every kind, program-scope initialisers that are
 * constant expressions, the work-item functions past the last dimension,
 * per-kernel __local sizes and the preprocessor macros of the device's
 * extensions and features. Every program must build and compute what the
 * OpenCL C specification says, at every optimisation level.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

/* The two optimisation levels every program here is built at. */
static const char *const opt_levels[] = {"", "-cl-opt-disable"};
#define NUM_OPT_LEVELS (sizeof(opt_levels) / sizeof(opt_levels[0]))

/* Run @k over @global work-items (work-groups of @local, 0: the implementation's choice). */
static bool run(conf_t *t, cl_kernel k, size_t global, size_t local)
{
    cl_int err = clEnqueueNDRangeKernel(conf_queue(t), k, 1, NULL, &global, local ? &local : NULL,
                                        0, NULL, NULL);
    if (err == CL_SUCCESS)
        err = clFinish(conf_queue(t));
    if (err != CL_SUCCESS) {
        conf_fail(t, __FILE__, __LINE__, "kernel run: %s", conf_err_name(err));
        return false;
    }
    return true;
}

/* ---- control flow ---------------------------------------------------------------------- */

/*
 * Cases that share a target and cases that give the same value straight to
 * the merge block (LLVM lists such a predecessor once per edge in its phi),
 * a loop with three exits and a loop the optimiser unrolls.
 */
static const char switch_src[] =
    "int classify(int a)\n"
    "{\n"
    "    int r;\n"
    "    switch (a) {\n"
    "    case 0: case 1: case 5: r = 3; break;\n"
    "    case 2: case 7: r = a * 9; break;\n"
    "    case 3: r = 11; break;\n"
    "    case 4: return -4;\n"
    "    default: r = -a;\n"
    "    }\n"
    "    return r + (a == 6 ? 100 : 0);\n"
    "}\n"
    "int search(__global const int *v, int n, int key)\n"
    "{\n"
    "    for (int i = 0; i < n; i++) {\n"
    "        if (v[i] == key) return i;\n"
    "        if (v[i] > key) return -1 - i;\n"
    "        if (v[i] < -1000) break;\n"
    "    }\n"
    "    return -1000;\n"
    "}\n"
    "__kernel void control(__global int *out, __global const int *sorted, int n)\n"
    "{\n"
    "    int i = get_global_id(0);\n"
    "    int acc = 0;\n"
    "    #pragma unroll\n"
    "    for (int j = 0; j < 4; j++) acc += (i >> j) & 1;\n"
    "    out[3 * i] = classify(i % 9 - 1);\n"
    "    out[3 * i + 1] = search(sorted, n, i - 4);\n"
    "    out[3 * i + 2] = acc;\n"
    "}\n";

static int host_classify(int a)
{
    int r;
    switch (a) {
    case 0:
    case 1:
    case 5:
        r = 3;
        break;
    case 2:
    case 7:
        r = a * 9;
        break;
    case 3:
        r = 11;
        break;
    case 4:
        return -4;
    default:
        r = -a;
    }
    return r + (a == 6 ? 100 : 0);
}

static int host_search(const int *v, int n, int key)
{
    for (int i = 0; i < n; i++) {
        if (v[i] == key)
            return i;
        if (v[i] > key)
            return -1 - i;
        if (v[i] < -1000)
            break;
    }
    return -1000;
}

static void control_flow_shapes(conf_t *t)
{
    enum { ITEMS = 64, NSORTED = 9 };
    static const int sorted[NSORTED] = {-3, -1, 0, 2, 4, 5, 9, 20, -2000};
    for (size_t o = 0; o < NUM_OPT_LEVELS; o++) {
        cl_kernel k = conf_kernel_or_skip(t, switch_src, opt_levels[o], "control");
        if (!k)
            return;
        int out[3 * ITEMS], n = NSORTED;
        cl_mem ob = conf_buffer(t, CL_MEM_WRITE_ONLY, sizeof(out), NULL);
        cl_mem sb = conf_buffer(t, CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, sizeof(sorted), sorted);
        REQUIRE(ob && sb);
        REQUIRE_OK(clSetKernelArg(k, 0, sizeof(ob), &ob));
        REQUIRE_OK(clSetKernelArg(k, 1, sizeof(sb), &sb));
        REQUIRE_OK(clSetKernelArg(k, 2, sizeof(n), &n));
        if (!run(t, k, ITEMS, 0))
            return;
        REQUIRE_OK(conf_read_buf(t, ob, out, sizeof(out)));
        for (int i = 0; i < ITEMS; i++) {
            int bits = (i & 1) + ((i >> 1) & 1) + ((i >> 2) & 1) + ((i >> 3) & 1);
            CHECK_MSG(out[3 * i] == host_classify(i % 9 - 1), "%s: classify(%d) = %d",
                      opt_levels[o], i % 9 - 1, out[3 * i]);
            CHECK_MSG(out[3 * i + 1] == host_search(sorted, n, i - 4), "%s: search(%d) = %d",
                      opt_levels[o], i - 4, out[3 * i + 1]);
            CHECK_EQ_I(bits, out[3 * i + 2]);
        }
    }
}

/*
 * ++, --, unary minus, ~ and ! on every integer type and vector width, with
 * the operator chosen by a switch whose cases share targets.
 */
static const char *const int_types[] = {"char", "uchar", "short", "ushort",
                                        "int",  "uint",  "long",  "ulong"};
static const unsigned int_sizes[] = {1, 1, 2, 2, 4, 4, 8, 8};
static const unsigned widths[] = {1, 2, 3, 4, 8, 16};

static void unary_operators(conf_t *t)
{
    enum { ITEMS = 8 };
    char src[512], name[32];
    for (size_t ti = 0; ti < sizeof(int_types) / sizeof(int_types[0]); ti++) {
        for (size_t wi = 0; wi < sizeof(widths) / sizeof(widths[0]); wi++) {
            unsigned w = widths[wi], esz = int_sizes[ti];
            char ty[16];
            snprintf(ty, sizeof(ty), "%s%.0u", int_types[ti], w == 1 ? 0 : w);
            snprintf(name, sizeof(name), "unary_%s", ty);
            /* vec3 elements are read and written with vload3/vstore3 (packed). */
            snprintf(src, sizeof(src),
                     "__kernel void %s(__global %s *x, int sel)\n"
                     "{\n"
                     "    size_t i = get_global_id(0);\n"
                     "    %s v = %s;\n"
                     "    switch ((sel + (int)i) & 7) {\n"
                     "    case 0: case 4: v++; break;\n"
                     "    case 1: case 5: --v; break;\n"
                     "    case 2: v = -v; break;\n"
                     "    case 3: case 6: v = ~v; break;\n"
                     "    default: v = (%s)(!v[0]) + v - (%s)1; break;\n"
                     "    }\n"
                     "    %s;\n"
                     "}\n",
                     name, w == 3 ? int_types[ti] : ty, ty, w == 3 ? "vload3(i, x)" : "x[i]", ty,
                     ty, w == 3 ? "vstore3(v, i, x)" : "x[i] = v");
            if (w == 1) {
                /* scalars: no subscript */
                char *p = strstr(src, "!v[0]");
                memmove(p + 2, p + 5, strlen(p + 5) + 1);
            }
            cl_kernel k = conf_kernel_or_skip(t, src, "", name);
            if (!k)
                return;
            size_t elems = (size_t)ITEMS * w, bytes = elems * esz;
            unsigned char in[ITEMS * 16 * 8], out[ITEMS * 16 * 8];
            conf_pattern(in, bytes, (unsigned)(ti * 16 + wi));
            /* a few zeros, so ! sees both values */
            memset(in, 0, esz * w);
            cl_mem b = conf_buffer(t, CL_MEM_READ_WRITE | CL_MEM_COPY_HOST_PTR, bytes, in);
            int sel = 3;
            REQUIRE(b);
            REQUIRE_OK(clSetKernelArg(k, 0, sizeof(b), &b));
            REQUIRE_OK(clSetKernelArg(k, 1, sizeof(sel), &sel));
            if (!run(t, k, ITEMS, 0))
                return;
            REQUIRE_OK(conf_read_buf(t, b, out, bytes));
            for (unsigned i = 0; i < ITEMS; i++) {
                unsigned op = (sel + i) & 7;
                uint64_t first = 0;
                memcpy(&first, in + (size_t)i * w * esz, esz);
                for (unsigned c = 0; c < w; c++) {
                    uint64_t v = 0, got = 0, mask = esz == 8 ? ~0ull : (1ull << (8 * esz)) - 1;
                    memcpy(&v, in + ((size_t)i * w + c) * esz, esz);
                    memcpy(&got, out + ((size_t)i * w + c) * esz, esz);
                    uint64_t want;
                    if (op == 0 || op == 4)
                        want = v + 1;
                    else if (op == 1 || op == 5)
                        want = v - 1;
                    else if (op == 2)
                        want = 0 - v;
                    else if (op == 3 || op == 6)
                        want = ~v;
                    else /* (T)(!x) is 0 or 1 in every component */
                        want = (first & mask ? 0 : 1) + v - 1;
                    CHECK_MSG((want & mask) == got,
                              "%s item %u component %u op %u: 0x%llx -> "
                              "0x%llx, expected 0x%llx",
                              ty, i, c, op, (unsigned long long)v, (unsigned long long)got,
                              (unsigned long long)(want & mask));
                }
            }
        }
    }
}

/* ---- memory: copies through temporaries, private arrays, __local aggregates ------------- */

/*
 * A struct copied from global memory into a field of a __local 2-D array of
 * wrapper structs at computed indices: llvm-spirv-15 turns the memcpy
 * between address spaces into a copy through a Function variable declared
 * where the copy is (pyopencl's scan kernels). Private arrays in nested
 * scopes and a loop.
 */
static const char copy_src[] =
    "typedef struct { int a, b, c, d; } quad;\n"
    "typedef struct { quad v; } slot;\n"
    "__kernel void copy(__global const quad *in, __global quad *out, __global int *sums,\n"
    "                   int n)\n"
    "{\n"
    "    __local slot tile[4][17];\n"
    "    for (int i = get_local_id(0); i < n; i += get_local_size(0)) {\n"
    "        quad q = in[i];\n"
    "        tile[i % 4][i / 4].v = q;\n"
    "    }\n"
    "    barrier(CLK_LOCAL_MEM_FENCE);\n"
    "    for (int i = get_local_id(0); i < n; i += get_local_size(0)) {\n"
    "        int j = n - 1 - i;\n"
    "        out[i] = tile[j % 4][j / 4].v;\n"
    "        int s = 0;\n"
    "        for (int r = 0; r < 2; r++) {\n"
    "            uchar buf[16];\n"
    "            for (int q = 0; q < 16; q++) buf[q] = (uchar)(in[i].a * q + r);\n"
    "            {\n"
    "                int inner[5];\n"
    "                for (int q = 0; q < 5; q++) inner[q] = buf[(q * 7 + i) & 15];\n"
    "                s += inner[i % 5] - inner[(i + 2) % 5];\n"
    "            }\n"
    "        }\n"
    "        sums[i] = s;\n"
    "    }\n"
    "}\n";

static void copy_through_temporaries(conf_t *t)
{
    enum { N = 68 };
    struct quad {
        cl_int a, b, c, d;
    } in[N], out[N];
    cl_int sums[N];
    for (int i = 0; i < N; i++)
        in[i] = (struct quad){3 * i + 1, -i, i * i, 7 - i};
    for (size_t o = 0; o < NUM_OPT_LEVELS; o++) {
        cl_kernel k = conf_kernel_or_skip(t, copy_src, opt_levels[o], "copy");
        if (!k)
            return;
        cl_mem ib = conf_buffer(t, CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, sizeof(in), in);
        cl_mem ob = conf_buffer(t, CL_MEM_WRITE_ONLY, sizeof(out), NULL);
        cl_mem sb = conf_buffer(t, CL_MEM_WRITE_ONLY, sizeof(sums), NULL);
        cl_int n = N;
        REQUIRE(ib && ob && sb);
        REQUIRE_OK(clSetKernelArg(k, 0, sizeof(ib), &ib));
        REQUIRE_OK(clSetKernelArg(k, 1, sizeof(ob), &ob));
        REQUIRE_OK(clSetKernelArg(k, 2, sizeof(sb), &sb));
        REQUIRE_OK(clSetKernelArg(k, 3, sizeof(n), &n));
        if (!run(t, k, 16, 16))
            return;
        REQUIRE_OK(conf_read_buf(t, ob, out, sizeof(out)));
        REQUIRE_OK(conf_read_buf(t, sb, sums, sizeof(sums)));
        for (int i = 0; i < N; i++) {
            CHECK_MEM_EQ(&in[N - 1 - i], &out[i], sizeof(out[i]));
            int s = 0;
            for (int r = 0; r < 2; r++) {
                unsigned char buf[16];
                int inner[5];
                for (int q = 0; q < 16; q++)
                    buf[q] = (unsigned char)(in[i].a * q + r);
                for (int q = 0; q < 5; q++)
                    inner[q] = buf[(q * 7 + i) & 15];
                s += inner[i % 5] - inner[(i + 2) % 5];
            }
            CHECK_MSG(sums[i] == s, "%s: item %d: %d, expected %d", opt_levels[o], i, sums[i], s);
        }
    }
}

/*
 * Kernel-scope __local variables of every aggregate kind, without
 * initialiser (clang gives them the value undef; llvm-spirv-15 spells it as
 * a composite of OpUndef parts at -O0).
 */
static const char local_src[] = "typedef struct { int a; float b[3]; short2 c; } rec;\n"
                                "typedef union { int i; float f; uchar bytes[4]; } word;\n"
                                "typedef struct { rec r[2]; word w; } nest;\n"
                                "__kernel void locals(__global int *out)\n"
                                "{\n"
                                "    __local rec r;\n"
                                "    __local word w;\n"
                                "    __local rec rs[4];\n"
                                "    __local nest n;\n"
                                "    __local int4 v[3];\n"
                                "    __local int grid[2][3];\n"
                                "    size_t l = get_local_id(0);\n"
                                "    if (l == 0) {\n"
                                "        r.a = 5; r.b[2] = 1.5f; r.c = (short2)(7, -7);\n"
                                "        w.f = 1.0f;\n"
                                "        rs[3].a = 9;\n"
                                "        n.r[1].b[0] = 2.0f; n.w.i = 0x01020304;\n"
                                "        v[2] = (int4)(1, 2, 3, 4);\n"
                                "        grid[1][2] = 42;\n"
                                "    }\n"
                                "    barrier(CLK_LOCAL_MEM_FENCE);\n"
                                "    __global int *o = out + 8 * get_global_id(0);\n"
                                "    o[0] = r.a + (int)(r.b[2] * 2.0f) + r.c.x - r.c.y;\n"
                                "    o[1] = w.i;\n"
                                "    o[2] = w.bytes[3];\n"
                                "    o[3] = rs[3].a;\n"
                                "    o[4] = (int)n.r[1].b[0] + n.w.bytes[0];\n"
                                "    o[5] = v[2].z * v[2].w;\n"
                                "    o[6] = grid[1][2];\n"
                                "    o[7] = (int)l;\n"
                                "}\n";

static void local_aggregates(conf_t *t)
{
    enum { ITEMS = 32, GROUP = 16 };
    for (size_t o = 0; o < NUM_OPT_LEVELS; o++) {
        cl_kernel k = conf_kernel_or_skip(t, local_src, opt_levels[o], "locals");
        if (!k)
            return;
        cl_int out[8 * ITEMS];
        cl_mem ob = conf_buffer(t, CL_MEM_WRITE_ONLY, sizeof(out), NULL);
        REQUIRE(ob);
        REQUIRE_OK(clSetKernelArg(k, 0, sizeof(ob), &ob));
        if (!run(t, k, ITEMS, GROUP))
            return;
        REQUIRE_OK(conf_read_buf(t, ob, out, sizeof(out)));
        for (int i = 0; i < ITEMS; i++) {
            const cl_int *v = out + 8 * i;
            CHECK_EQ_I(5 + 3 + 14, v[0]);
            CHECK_EQ_I(0x3f800000, v[1]);
            CHECK_EQ_I(0x3f, v[2]);
            CHECK_EQ_I(9, v[3]);
            CHECK_EQ_I(2 + 4, v[4]);
            CHECK_EQ_I(12, v[5]);
            CHECK_EQ_I(42, v[6]);
            CHECK_EQ_I(i % GROUP, v[7]);
        }
    }
}

/* ---- per-kernel __local sizes -------------------------------------------------------- */

static const char *const local_kernels[] = {
    "__kernel void l4000(__global int *o) { __local int x[1000]; x[get_local_id(0)] = 1;"
    " barrier(CLK_LOCAL_MEM_FENCE); o[0] = x[0]; }\n",
    "__kernel void l400(__global int *o) { __local int x[100]; x[get_local_id(0)] = 2;"
    " barrier(CLK_LOCAL_MEM_FENCE); o[0] = x[0]; }\n",
    "__kernel void l0(__global int *o) { o[0] = 3; }\n",
    "__kernel void l40(__global int *o) { __local int x[10]; x[get_local_id(0)] = 4;"
    " barrier(CLK_LOCAL_MEM_FENCE); o[0] = x[0]; }\n",
};
static const char *const local_kernel_names[] = {"l4000", "l400", "l0", "l40"};
static const cl_ulong local_kernel_bytes[] = {4000, 400, 0, 40};

static cl_ulong kernel_local_mem(conf_t *t, cl_program p, const char *name)
{
    cl_int err;
    cl_ulong v = 0;
    cl_kernel k = clCreateKernel(p, name, &err);
    if (!k) {
        conf_fail(t, __FILE__, __LINE__, "clCreateKernel(%s): %s", name, conf_err_name(err));
        return 0;
    }
    CHECK_OK(clGetKernelWorkGroupInfo(k, t->device, CL_KERNEL_LOCAL_MEM_SIZE, sizeof(v), &v, NULL));
    clReleaseKernel(k);
    return v;
}

/*
 * CL_KERNEL_LOCAL_MEM_SIZE is "the amount of local memory in bytes being
 * used by a kernel": at least its static __local variables, and the same
 * whether the kernel is built alone or with other kernels in one program.
 */
static void kernel_local_mem_size(conf_t *t)
{
    char all[1024] = "";
    for (size_t i = 0; i < 4; i++)
        strcat(all, local_kernels[i]);
    cl_program both = conf_build_or_skip(t, all);
    if (!both)
        return;
    for (size_t i = 0; i < 4; i++) {
        cl_program alone = conf_build_or_skip(t, local_kernels[i]);
        if (!alone)
            return;
        cl_ulong a = kernel_local_mem(t, alone, local_kernel_names[i]);
        cl_ulong b = kernel_local_mem(t, both, local_kernel_names[i]);
        CHECK_MSG(a >= local_kernel_bytes[i], "%s alone: %llu bytes", local_kernel_names[i],
                  (unsigned long long)a);
        CHECK_MSG(a == b, "%s: %llu bytes alone, %llu beside other kernels", local_kernel_names[i],
                  (unsigned long long)a, (unsigned long long)b);
    }
}

/* ---- work-item functions past the last dimension ---------------------------------------- */

/*
 * "get_global_size(dimindx) ... For other values of dimindx, returns 1";
 * ids and offsets return 0. Checked for dimensions 0 to 5, as a constant the
 * compiler sees and as an argument, at work_dim 1, 2 and 3.
 */
static const char wi_src[] =
    "#define Q(d) get_global_size(d), get_global_id(d), get_local_size(d),\\\n"
    "    get_enqueued_local_size(d), get_num_groups(d), get_group_id(d), get_local_id(d),\\\n"
    "    get_global_offset(d)\n"
    "__kernel void dims(__global ulong *o, uint d)\n"
    "{\n"
    "    if (get_global_id(0) || get_global_id(1) || get_global_id(2)) return;\n"
    "    ulong c[6][8] = {{Q(0)}, {Q(1)}, {Q(2)}, {Q(3)}, {Q(4)}, {Q(5)}};\n"
    "    ulong v[8] = {Q(d)};\n"
    "    for (int k = 0; k < 8; k++) { o[k] = v[k]; o[8 + k] = c[d][k]; }\n"
    "}\n";

static void workitem_dimensions(conf_t *t)
{
    for (size_t o = 0; o < NUM_OPT_LEVELS; o++) {
        cl_kernel k = conf_kernel_or_skip(t, wi_src, opt_levels[o], "dims");
        if (!k)
            return;
        cl_mem ob = conf_buffer(t, CL_MEM_WRITE_ONLY, 16 * sizeof(cl_ulong), NULL);
        REQUIRE(ob);
        REQUIRE_OK(clSetKernelArg(k, 0, sizeof(ob), &ob));
        for (cl_uint dim = 1; dim <= 3; dim++) {
            size_t gsz[3] = {4, 6, 2}, lsz[3] = {2, 3, 1};
            for (cl_uint d = 0; d < 6; d++) {
                cl_ulong v[16];
                REQUIRE_OK(clSetKernelArg(k, 1, sizeof(d), &d));
                REQUIRE_OK(
                    clEnqueueNDRangeKernel(conf_queue(t), k, dim, NULL, gsz, lsz, 0, NULL, NULL));
                REQUIRE_OK(conf_read_buf(t, ob, v, sizeof(v)));
                bool in = d < dim;
                /* work-item (0, 0, 0): sizes, id 0, local size, enqueued, groups, group 0 ... */
                cl_ulong want[8] = {in ? gsz[d] : 1,
                                    0,
                                    in ? lsz[d] : 1,
                                    in ? lsz[d] : 1,
                                    in ? gsz[d] / lsz[d] : 1,
                                    0,
                                    0,
                                    0};
                for (int q = 0; q < 8; q++) {
                    CHECK_MSG(v[q] == want[q], "%s work_dim %u query %d(%u) = %llu, expected %llu",
                              opt_levels[o], dim, q, d, (unsigned long long)v[q],
                              (unsigned long long)want[q]);
                    CHECK_MSG(v[8 + q] == want[q],
                              "%s work_dim %u query %d(constant %u) = %llu, expected %llu",
                              opt_levels[o], dim, q, d, (unsigned long long)v[8 + q],
                              (unsigned long long)want[q]);
                }
            }
        }
    }
}

/* ---- program-scope initialisers that are constant expressions ------------------------- */

/* OpenCL C 1.2: program-scope __constant variables only. */
static const char const_init_src[] =
    "typedef struct { int a; float b[3]; } rec;\n"
    "__constant int tab[4] = {0x04030201, 0x08070605, 3, 4};\n"
    "__constant int *__constant p = &tab[2];\n"
    "__constant rec r = {7, {1.0f, 2.5f, 3.0f}};\n"
    "__constant float *__constant pb = &r.b[1];\n"
    "__constant char *__constant cc = (__constant char *)&tab + 3;\n"
    "__constant int *__constant ptrs[3] = {&tab[0], &tab[3], &r.a};\n"
    "__constant int scaled = sizeof(tab) / sizeof(tab[0]) * 3 + 1;\n"
    "__kernel void consts(__global long *out)\n"
    "{\n"
    "    out[0] = *p;\n"
    "    out[1] = (long)(*pb * 2.0f);\n"
    "    out[2] = *cc;\n"
    "    out[3] = *ptrs[0] + *ptrs[1] + *ptrs[2];\n"
    "    out[4] = ptrs[1] - ptrs[0];\n"
    "    out[5] = scaled;\n"
    "    out[6] = cc[1];\n"
    "}\n";

/* OpenCL C 2.0 and 3.0 with __opencl_c_program_scope_global_variables: __global ones too. */
static const char global_init_src[] = "__global int g = 5;\n"
                                      "__global int *gp = &g;\n"
                                      "__global int garr[8] = {10, 11, 12, 13, 14, 15, 16, 17};\n"
                                      "__global int *gp2 = garr + 3;\n"
                                      "__global int *gq = &garr[2] + 3;\n"
                                      "__global long addr = (long)&g + 4;\n"
                                      "__global int *__constant table[2] = {&g, &garr[7]};\n"
                                      "__global int **pp = &gp;\n"
                                      "__kernel void globals(__global long *out)\n"
                                      "{\n"
                                      "    out[0] = *gp;\n"
                                      "    out[1] = *gp2;\n"
                                      "    out[2] = *gq;\n"
                                      "    out[3] = addr - (long)&g;\n"
                                      "    out[4] = *table[1];\n"
                                      "    out[5] = (long)table[0] - (long)&g;\n"
                                      "    out[6] = **pp;\n"
                                      "    *gp = 6;\n"
                                      "    out[7] = g;\n"
                                      "}\n";

static void run_init(conf_t *t, const char *src, const char *options, const char *name,
                     const cl_long *want, size_t n)
{
    cl_kernel k = conf_kernel_or_skip(t, src, options, name);
    if (!k)
        return;
    cl_long out[8] = {0};
    cl_mem ob = conf_buffer(t, CL_MEM_WRITE_ONLY, sizeof(out), NULL);
    REQUIRE(ob);
    REQUIRE_OK(clSetKernelArg(k, 0, sizeof(ob), &ob));
    if (!run(t, k, 1, 1))
        return;
    REQUIRE_OK(conf_read_buf(t, ob, out, sizeof(out)));
    for (size_t i = 0; i < n; i++)
        CHECK_MSG(out[i] == want[i], "%s %s: out[%zu] = %lld, expected %lld", name, options, i,
                  (long long)out[i], (long long)want[i]);
}

/*
 * "Program scope variables ... can be initialized with constant
 * expressions": addresses of other program-scope variables, of their
 * elements and members, casts, and arithmetic on those.
 */
static void scope_initialisers(conf_t *t)
{
    static const cl_long want_const[] = {3, 5, 4, 0x04030201 + 4 + 7, 3, 13, 5};
    static const cl_long want_global[] = {5, 13, 15, 4, 17, 0, 5, 6};
    for (size_t o = 0; o < NUM_OPT_LEVELS; o++) {
        char options[64];
        snprintf(options, sizeof(options), "-cl-std=CL1.2 %s", opt_levels[o]);
        run_init(t, const_init_src, options, "consts", want_const,
                 sizeof(want_const) / sizeof(want_const[0]));
        const char *std = conf_cl_std_2plus(t);
        if (!std || (conf_has_c_version(t, 3, 0) &&
                     !conf_has_c_feature(t, "__opencl_c_program_scope_global_variables")))
            continue;
        snprintf(options, sizeof(options), "%s %s", std, opt_levels[o]);
        run_init(t, global_init_src, options, "globals", want_global,
                 sizeof(want_global) / sizeof(want_global[0]));
    }
}

/* ---- extension and feature macros ------------------------------------------------------ */

/*
 * Macros an OpenCL C compiler may predefine (those clang-15 and its default
 * header know). Extensions of the host API alone (cl_khr_icd) have none:
 * "every extension which affects the OpenCL language semantics, syntax or
 * adds built-in functions to the language must create a preprocessor
 * #define that matches the extension name string".
 */
static const char *const macro_names[] = {
    "__IMAGE_SUPPORT__",
    "__opencl_c_3d_image_writes",
    "__opencl_c_atomic_order_acq_rel",
    "__opencl_c_atomic_order_seq_cst",
    "__opencl_c_atomic_scope_all_devices",
    "__opencl_c_atomic_scope_device",
    "__opencl_c_device_enqueue",
    "__opencl_c_ext_fp32_global_atomic_add",
    "__opencl_c_ext_fp64_local_atomic_min_max",
    "__opencl_c_fp16",
    "__opencl_c_fp64",
    "__opencl_c_generic_address_space",
    "__opencl_c_images",
    "__opencl_c_int64",
    "__opencl_c_integer_dot_product_input_4x8bit",
    "__opencl_c_named_address_space_builtins",
    "__opencl_c_pipes",
    "__opencl_c_program_scope_global_variables",
    "__opencl_c_read_write_images",
    "__opencl_c_subgroups",
    "__opencl_c_work_group_collective_functions",
    "cl_ext_float_atomics",
    "cl_intel_subgroups",
    "cl_khr_3d_image_writes",
    "cl_khr_byte_addressable_store",
    "cl_khr_depth_images",
    "cl_khr_extended_bit_ops",
    "cl_khr_fp16",
    "cl_khr_fp64",
    "cl_khr_gl_msaa_sharing",
    "cl_khr_global_int32_base_atomics",
    "cl_khr_int64_base_atomics",
    "cl_khr_int64_extended_atomics",
    "cl_khr_integer_dot_product",
    "cl_khr_local_int32_extended_atomics",
    "cl_khr_mipmap_image",
    "cl_khr_mipmap_image_writes",
    "cl_khr_srgb_image_writes",
    "cl_khr_subgroup_ballot",
    "cl_khr_subgroup_shuffle",
    "cl_khr_subgroups",
};
#define NUM_MACRO_NAMES (sizeof(macro_names) / sizeof(macro_names[0]))

/* Whether the device reports @name: an extension, an OpenCL C feature or image support. */
static bool device_reports(conf_t *t, const char *name)
{
    if (!strcmp(name, "__IMAGE_SUPPORT__"))
        return conf_has_images(t);
    if (!strncmp(name, "__opencl_c_", 11))
        return conf_has_c_feature(t, name);
    return conf_has_extension(t, t->device, name);
}

/*
 * "Every extension ... has a corresponding preprocessor macro ... defined if
 * the device supports it"; feature macros likewise, __IMAGE_SUPPORT__ with
 * CL_DEVICE_IMAGE_SUPPORT. Checked in both directions, for every OpenCL C
 * version the device lists.
 */
static void extension_macros(conf_t *t)
{
    static const struct {
        cl_uint major, minor;
        const char *option;
    } stds[] = {{1, 1, "-cl-std=CL1.1"}, {1, 2, "-cl-std=CL1.2"}, {3, 0, "-cl-std=CL3.0"}};
    const char *names[NUM_MACRO_NAMES];
    size_t n = 0;
    for (size_t i = 0; i < NUM_MACRO_NAMES; i++)
        names[n++] = macro_names[i];
    size_t cap = 256 + n * 96;
    char *src = malloc(cap);
    REQUIRE(src);
    conf_defer_free(t, src);
    size_t len = (size_t)snprintf(src, cap, "__kernel void macros(__global int *out)\n{\n");
    for (size_t i = 0; i < n; i++)
        len += (size_t)snprintf(src + len, cap - len,
                                "#ifdef %s\n    out[%zu] = 1;\n#else\n    out[%zu] = 0;\n#endif\n",
                                names[i], i, i);
    snprintf(src + len, cap - len, "}\n");
    for (size_t v = 0; v < sizeof(stds) / sizeof(stds[0]); v++) {
        if (!conf_has_c_version(t, stds[v].major, stds[v].minor))
            continue;
        cl_kernel k = conf_kernel_or_skip(t, src, stds[v].option, "macros");
        if (!k)
            return;
        cl_int out[NUM_MACRO_NAMES];
        cl_mem ob = conf_buffer(t, CL_MEM_WRITE_ONLY, n * sizeof(cl_int), NULL);
        REQUIRE(ob);
        REQUIRE_OK(clSetKernelArg(k, 0, sizeof(ob), &ob));
        if (!run(t, k, 1, 1))
            return;
        REQUIRE_OK(conf_read_buf(t, ob, out, n * sizeof(cl_int)));
        for (size_t i = 0; i < n; i++) {
            bool reported = device_reports(t, names[i]);
            CHECK_MSG(out[i] == (int)reported, "%s: %s is %s but the device %s it", stds[v].option,
                      names[i], out[i] ? "defined" : "not defined",
                      reported ? "reports" : "does not report");
        }
    }
}

static const struct conf_test tests[] = {
    CONF_TEST(control_flow_shapes),      CONF_TEST(unary_operators),
    CONF_TEST(copy_through_temporaries), CONF_TEST(local_aggregates),
    CONF_TEST(kernel_local_mem_size),    CONF_TEST(workitem_dimensions),
    CONF_TEST(extension_macros),         CONF_TEST(scope_initialisers),
};
CONF_CATEGORY(conf_cat_programs, "programs",
              "valid programs in the shapes applications and llvm-spirv-15 produce", tests);
