/*
 * atomics: 32-bit atomic functions on global and local memory with exact final values from
 * many work-items. OpenCL C 1.x atomic_* (every operation), OpenCL C 2.0+/3.0
 * atomic_*_explicit with every memory order and scope the device reports (through
 * CL_DEVICE_OPENCL_C_FEATURES), 64-bit atom_* when cl_khr_int64_base_atomics is there.
 */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static cl_int read_buf(conf_t *t, cl_mem m, void *dst, size_t size)
{
    return clEnqueueReadBuffer(conf_queue(t), m, CL_TRUE, 0, size, dst, 0, NULL, NULL);
}

/* Counter slots, as the kernels below use them. */
enum {
    C_ADD,
    C_SUB,
    C_INC,
    C_DEC,
    C_MIN,
    C_MAX,
    C_AND,
    C_OR,
    C_XOR,
    C_XCHG,
    C_CMPXCHG,
    C_UMIN,
    C_UMAX,
    C_CMPXCHG_WEAK,
    C_STORE,
    C_COUNT = 16
};

static const char legacy_src[] =
    "kernel void global_ops(volatile global int *c, global int *olds)\n"
    "{\n"
    "    int id = (int)get_global_id(0);\n"
    "    atomic_add(&c[0], 3);\n"
    "    atomic_sub(&c[1], 2);\n"
    "    atomic_inc(&c[2]);\n"
    "    atomic_dec(&c[3]);\n"
    "    atomic_min(&c[4], id - 1000);\n"
    "    atomic_max(&c[5], id - 1000);\n"
    "    atomic_and(&c[6], ~(1 << (id % 31)));\n"
    "    atomic_or(&c[7], 1 << (id % 32));\n"
    "    atomic_xor(&c[8], id);\n"
    "    olds[id] = atomic_xchg(&c[9], id);\n"
    "    int old = c[10];\n"
    "    for (;;) {\n"
    "        int prev = atomic_cmpxchg(&c[10], old, old + 1);\n"
    "        if (prev == old)\n"
    "            break;\n"
    "        old = prev;\n"
    "    }\n"
    "    atomic_min((volatile global uint *)&c[11], (uint)id + 5u);\n"
    "    atomic_max((volatile global uint *)&c[12], (uint)id + 0x80000000u);\n"
    "}\n"
    "kernel void local_ops(global int *out)\n"
    "{\n"
    "    volatile local int c[16];\n"
    "    int l = (int)get_local_id(0);\n"
    "    if (l == 0) {\n"
    "        for (int i = 0; i < 16; i++)\n"
    "            c[i] = 0;\n"
    "        c[4] = 1 << 30; c[5] = -(1 << 30); c[6] = -1; c[11] = -1;\n"
    "    }\n"
    "    barrier(CLK_LOCAL_MEM_FENCE);\n"
    "    atomic_add(&c[0], 3);\n"
    "    atomic_sub(&c[1], 2);\n"
    "    atomic_inc(&c[2]);\n"
    "    atomic_dec(&c[3]);\n"
    "    atomic_min(&c[4], l - 1000);\n"
    "    atomic_max(&c[5], l - 1000);\n"
    "    atomic_and(&c[6], ~(1 << (l % 31)));\n"
    "    atomic_or(&c[7], 1 << (l % 32));\n"
    "    atomic_xor(&c[8], l);\n"
    "    atomic_xchg(&c[9], l);\n"
    "    int old = c[10];\n"
    "    for (;;) {\n"
    "        int prev = atomic_cmpxchg(&c[10], old, old + 1);\n"
    "        if (prev == old)\n"
    "            break;\n"
    "        old = prev;\n"
    "    }\n"
    "    atomic_min((volatile local uint *)&c[11], (uint)l + 5u);\n"
    "    atomic_max((volatile local uint *)&c[12], (uint)l);\n"
    "    barrier(CLK_LOCAL_MEM_FENCE);\n"
    "    if (l == 0) {\n"
    "        for (int i = 0; i < 16; i++)\n"
    "            out[get_group_id(0) * 16 + i] = c[i];\n"
    "    }\n"
    "}\n";

/* Expected counters after @n work-items (ids 0..n-1) ran the operations from @init. */
static void expect(cl_int want[C_COUNT], const cl_int init[C_COUNT], int n)
{
    memcpy(want, init, C_COUNT * sizeof(cl_int));
    want[C_ADD] += 3 * n;
    want[C_SUB] -= 2 * n;
    want[C_INC] += n;
    want[C_DEC] -= n;
    want[C_MIN] = init[C_MIN] < -1000 ? init[C_MIN] : -1000;
    want[C_MAX] = n - 1 - 1000 > init[C_MAX] ? n - 1 - 1000 : init[C_MAX];
    for (int i = 0; i < n; i++) {
        want[C_AND] &= ~(1 << (i % 31));
        want[C_OR] |= (cl_int)(1u << (i % 32));
        want[C_XOR] ^= i;
    }
    want[C_CMPXCHG] += n;
}

static void check_counters(conf_t *t, const char *what, const cl_int got[C_COUNT],
                           const cl_int want[C_COUNT], int nslots)
{
    static const char *names[C_COUNT] = {"add",  "sub",          "inc",   "dec",  "min",     "max",
                                         "and",  "or",           "xor",   "xchg", "cmpxchg", "umin",
                                         "umax", "cmpxchg_weak", "store", "-"};
    for (int i = 0; i < nslots; i++) {
        if (i == C_XCHG)
            continue; /* checked as a permutation */
        t->checks++;
        if (got[i] != want[i])
            conf_fail(t, __FILE__, __LINE__, "%s: %s counter is %d (0x%x), expected %d (0x%x)",
                      what, names[i], got[i], (unsigned)got[i], want[i], (unsigned)want[i]);
    }
}

/* atomic_xchg: the old values and the final value are the initial value and every id, once. */
static void check_xchg(conf_t *t, const cl_int *olds, int n, cl_int final, cl_int init)
{
    char *seen = calloc((size_t)n + 1, 1);
    int bad = 0;
    if (!seen)
        return;
    for (int i = 0; i <= n; i++) {
        cl_int v = i < n ? olds[i] : final;
        int slot = v == init ? n : v;
        if (slot < 0 || slot > n || seen[slot]++)
            bad++;
    }
    free(seen);
    CHECK_MSG(!bad, "atomic_xchg: %d values lost or duplicated", bad);
}

static void atomics_legacy_global(conf_t *t)
{
    cl_kernel k = conf_kernel_or_skip(t, legacy_src, "", "global_ops");
    if (!k)
        return;
    enum { N = 4096 };
    cl_int init[C_COUNT] = {0}, want[C_COUNT], got[C_COUNT];
    init[C_MIN] = 1 << 30;
    init[C_MAX] = -(1 << 30);
    init[C_AND] = -1;
    init[C_XCHG] = -7;
    init[C_UMIN] = -1;
    cl_mem mc = conf_buffer(t, CL_MEM_READ_WRITE, sizeof(init), init);
    cl_mem mo = conf_buffer(t, CL_MEM_READ_WRITE, N * sizeof(cl_int), NULL);
    REQUIRE(mc && mo);
    CHECK_OK(clSetKernelArg(k, 0, sizeof(mc), &mc));
    CHECK_OK(clSetKernelArg(k, 1, sizeof(mo), &mo));
    const size_t g = N;
    CHECK_OK(clEnqueueNDRangeKernel(conf_queue(t), k, 1, NULL, &g, NULL, 0, NULL, NULL));
    CHECK_OK(read_buf(t, mc, got, sizeof(got)));
    expect(want, init, N);
    want[C_UMIN] = 5;
    want[C_UMAX] = (cl_int)(0x80000000u + N - 1);
    check_counters(t, "global", got, want, C_UMAX + 1);
    cl_int *olds = malloc(N * sizeof(cl_int));
    REQUIRE(olds);
    CHECK_OK(read_buf(t, mo, olds, N * sizeof(cl_int)));
    check_xchg(t, olds, N, got[C_XCHG], init[C_XCHG]);
    free(olds);
}

static void atomics_legacy_local(conf_t *t)
{
    cl_kernel k = conf_kernel_or_skip(t, legacy_src, "", "local_ops");
    if (!k)
        return;
    size_t wgs = 0;
    CHECK_OK(
        clGetKernelWorkGroupInfo(k, t->device, CL_KERNEL_WORK_GROUP_SIZE, sizeof(wgs), &wgs, NULL));
    /* several work-group sizes, the largest the kernel allows among them */
    const size_t sizes[] = {1, 7, 32, 64, 256};
    for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
        size_t l = sizes[s], groups = 8, g = l * groups;
        if (l > wgs)
            break;
        cl_mem mo = conf_buffer(t, CL_MEM_READ_WRITE, groups * 16 * sizeof(cl_int), NULL);
        REQUIRE(mo);
        CHECK_OK(clSetKernelArg(k, 0, sizeof(mo), &mo));
        CHECK_OK(clEnqueueNDRangeKernel(conf_queue(t), k, 1, NULL, &g, &l, 0, NULL, NULL));
        cl_int got[8][16];
        CHECK_OK(read_buf(t, mo, got, sizeof(got)));
        cl_int init[C_COUNT] = {0}, want[C_COUNT];
        init[C_MIN] = 1 << 30;
        init[C_MAX] = -(1 << 30);
        init[C_AND] = -1;
        init[C_UMIN] = -1;
        expect(want, init, (int)l);
        want[C_UMIN] = 5;
        want[C_UMAX] = (cl_int)l - 1;
        char what[32];
        for (size_t grp = 0; grp < groups; grp++) {
            snprintf(what, sizeof(what), "local (group size %zu)", l);
            check_counters(t, what, got[grp], want, C_UMAX + 1);
            CHECK((size_t)got[grp][C_XCHG] < l);
        }
    }
}

/*
 * OpenCL C 2.0+ atomics with ORDER / SCOPE given as macros: counters in global memory (per
 * work-group when SCOPE is narrower than the device) and in local memory.
 */
static const char c11_src[] =
    "#if PER_GROUP\n"
    "#define BASE (get_group_id(0) * 16)\n"
    "#else\n"
    "#define BASE 0\n"
    "#endif\n"
    "kernel void c11(global atomic_int *gc, global int *olds, global int *lout)\n"
    "{\n"
    "    global atomic_int *c = gc + BASE;\n"
    "    int id = (int)get_global_id(0);\n"
    "    atomic_fetch_add_explicit(&c[0], 3, ORDER, SCOPE);\n"
    "    atomic_fetch_sub_explicit(&c[1], 2, ORDER, SCOPE);\n"
    "    atomic_fetch_add_explicit(&c[2], 1, ORDER, SCOPE);\n"
    "    atomic_fetch_sub_explicit(&c[3], 1, ORDER, SCOPE);\n"
    "    atomic_fetch_min_explicit(&c[4], id - 1000, ORDER, SCOPE);\n"
    "    atomic_fetch_max_explicit(&c[5], id - 1000, ORDER, SCOPE);\n"
    "    atomic_fetch_and_explicit(&c[6], ~(1 << (id % 31)), ORDER, SCOPE);\n"
    "    atomic_fetch_or_explicit(&c[7], 1 << (id % 32), ORDER, SCOPE);\n"
    "    atomic_fetch_xor_explicit(&c[8], id, ORDER, SCOPE);\n"
    "    olds[id] = atomic_exchange_explicit(&c[9], id, ORDER, SCOPE);\n"
    "    int e = atomic_load_explicit(&c[10], LOAD_ORDER, SCOPE);\n"
    "    while (!atomic_compare_exchange_strong_explicit(&c[10], &e, e + 1, ORDER, FAIL_ORDER,\n"
    "                                                    SCOPE))\n"
    "        ;\n"
    "    e = atomic_load_explicit(&c[13], LOAD_ORDER, SCOPE);\n"
    "    while (!atomic_compare_exchange_weak_explicit(&c[13], &e, e + 1, ORDER, FAIL_ORDER,\n"
    "                                                  SCOPE))\n"
    "        ;\n"
    "    if (get_local_id(0) == 0)\n"
    "        atomic_store_explicit(&c[14], 77, STORE_ORDER, SCOPE);\n"
    "\n"
    "    local atomic_int lc[4];\n"
    "    int l = (int)get_local_id(0);\n"
    "    if (l == 0) {\n"
    "        for (int i = 0; i < 4; i++)\n"
    "            atomic_store_explicit(&lc[i], 0, memory_order_relaxed, memory_scope_work_group);\n"
    "    }\n"
    "    barrier(CLK_LOCAL_MEM_FENCE);\n"
    "    atomic_fetch_add_explicit(&lc[0], 1, ORDER, LSCOPE);\n"
    "    atomic_fetch_max_explicit(&lc[1], l, ORDER, LSCOPE);\n"
    "    atomic_fetch_or_explicit(&lc[2], 1 << (l % 32), ORDER, LSCOPE);\n"
    "    int le = atomic_load_explicit(&lc[3], LOAD_ORDER, LSCOPE);\n"
    "    while (!atomic_compare_exchange_strong_explicit(&lc[3], &le, le + 2, ORDER, FAIL_ORDER,\n"
    "                                                    LSCOPE))\n"
    "        ;\n"
    "    barrier(CLK_LOCAL_MEM_FENCE);\n"
    "    if (l < 4)\n"
    "        lout[get_group_id(0) * 4 + l] =\n"
    "            atomic_load_explicit(&lc[l], memory_order_relaxed, memory_scope_work_group);\n"
    "}\n";

struct order {
    const char *name, *load, *store, *fail;
    const char *feature; /* NULL: always available */
};

static const struct order orders[] = {
    {"memory_order_relaxed", "memory_order_relaxed", "memory_order_relaxed", "memory_order_relaxed",
     NULL},
    {"memory_order_acquire", "memory_order_acquire", "memory_order_relaxed", "memory_order_acquire",
     "__opencl_c_atomic_order_acq_rel"},
    {"memory_order_release", "memory_order_relaxed", "memory_order_release", "memory_order_relaxed",
     "__opencl_c_atomic_order_acq_rel"},
    {"memory_order_acq_rel", "memory_order_acquire", "memory_order_release", "memory_order_acquire",
     "__opencl_c_atomic_order_acq_rel"},
    {"memory_order_seq_cst", "memory_order_seq_cst", "memory_order_seq_cst", "memory_order_seq_cst",
     "__opencl_c_atomic_order_seq_cst"},
};

struct scope {
    const char *name;
    const char *feature;
    bool per_group;
};

static const struct scope scopes[] = {
    {"memory_scope_work_group", NULL, true},
    {"memory_scope_device", "__opencl_c_atomic_scope_device", false},
    {"memory_scope_all_svm_devices", "__opencl_c_atomic_scope_all_devices", false},
};

/* One build and launch of c11_src; returns false if the combination was not run. */
static bool run_c11(conf_t *t, const char *std, const struct order *o, const struct scope *s)
{
    enum { L = 64, GROUPS = 16, N = L * GROUPS };
    char opts[512];
    snprintf(opts, sizeof(opts),
             "%s -DORDER=%s -DLOAD_ORDER=%s -DSTORE_ORDER=%s -DFAIL_ORDER=%s -DSCOPE=%s "
             "-DLSCOPE=%s -DPER_GROUP=%d",
             std, o->name, o->load, o->store, o->fail, s->name,
             s->per_group ? s->name : "memory_scope_work_group", s->per_group ? 1 : 0);
    cl_kernel k = conf_kernel_or_skip(t, c11_src, opts, "c11");
    if (!k)
        return false;
    size_t wgs = 0;
    CHECK_OK(
        clGetKernelWorkGroupInfo(k, t->device, CL_KERNEL_WORK_GROUP_SIZE, sizeof(wgs), &wgs, NULL));
    if (wgs < L) {
        conf_note(t, "CL_KERNEL_WORK_GROUP_SIZE %zu < %d: %s/%s not run", wgs, L, o->name, s->name);
        return false;
    }
    int sets = s->per_group ? GROUPS : 1;
    cl_int init[GROUPS][C_COUNT];
    memset(init, 0, sizeof(init));
    for (int i = 0; i < sets; i++) {
        init[i][C_MIN] = 1 << 30;
        init[i][C_MAX] = -(1 << 30);
        init[i][C_AND] = -1;
        init[i][C_XCHG] = -7;
    }
    cl_mem mc = conf_buffer(t, CL_MEM_READ_WRITE, sizeof(init), init);
    cl_mem mo = conf_buffer(t, CL_MEM_READ_WRITE, N * sizeof(cl_int), NULL);
    cl_mem ml = conf_buffer(t, CL_MEM_READ_WRITE, GROUPS * 4 * sizeof(cl_int), NULL);
    if (!mc || !mo || !ml)
        return false;
    CHECK_OK(clSetKernelArg(k, 0, sizeof(mc), &mc));
    CHECK_OK(clSetKernelArg(k, 1, sizeof(mo), &mo));
    CHECK_OK(clSetKernelArg(k, 2, sizeof(ml), &ml));
    const size_t g = N, l = L;
    CHECK_OK(clEnqueueNDRangeKernel(conf_queue(t), k, 1, NULL, &g, &l, 0, NULL, NULL));
    cl_int got[GROUPS][C_COUNT], lgot[GROUPS][4], olds[N];
    CHECK_OK(read_buf(t, mc, got, sizeof(got)));
    CHECK_OK(read_buf(t, mo, olds, sizeof(olds)));
    CHECK_OK(read_buf(t, ml, lgot, sizeof(lgot)));
    char what[128];
    snprintf(what, sizeof(what), "%s, %s", o->name, s->name);
    for (int i = 0; i < sets; i++) {
        cl_int want[C_COUNT];
        /* per group: ids grp*L .. grp*L+L-1; device-wide: 0..N-1 */
        int first = s->per_group ? i * L : 0, n = s->per_group ? L : N;
        expect(want, init[i], n);
        want[C_MIN] = first - 1000;
        want[C_MAX] = first + n - 1 - 1000;
        want[C_AND] = init[i][C_AND];
        want[C_OR] = init[i][C_OR];
        want[C_XOR] = init[i][C_XOR];
        for (int id = first; id < first + n; id++) {
            want[C_AND] &= ~(1 << (id % 31));
            want[C_OR] |= (cl_int)(1u << (id % 32));
            want[C_XOR] ^= id;
        }
        want[C_CMPXCHG_WEAK] = n;
        want[C_STORE] = 77;
        check_counters(t, what, got[i], want, C_STORE + 1);
    }
    for (int grp = 0; grp < GROUPS; grp++) {
        t->checks++;
        if (lgot[grp][0] != L || lgot[grp][1] != L - 1 || lgot[grp][2] != -1 ||
            lgot[grp][3] != 2 * L)
            conf_fail(t, __FILE__, __LINE__, "%s: local counters of group %d: %d %d %d %d", what,
                      grp, lgot[grp][0], lgot[grp][1], lgot[grp][2], lgot[grp][3]);
    }
    if (!s->per_group) {
        /* exchange: every id once among the old values and the final value */
        int bad = 0;
        char *seen = calloc(N + 1, 1);
        if (!seen)
            return true;
        for (int i = 0; i <= N; i++) {
            cl_int v = i < N ? olds[i] : got[0][C_XCHG];
            int slot = v == -7 ? N : v;
            if (slot < 0 || slot > N || seen[slot]++)
                bad++;
        }
        free(seen);
        CHECK_MSG(!bad, "%s: atomic_exchange lost or duplicated %d values", what, bad);
    }
    return true;
}

static void atomics_c11_orders(conf_t *t)
{
    const char *std = conf_cl_std_2plus(t);
    if (!std)
        SKIP("the device compiles no OpenCL C 2.0+ (no atomic_*_explicit)");
    if (!conf_has_c_version(t, 2, 0) && !conf_has_c_feature(t, "__opencl_c_atomic_scope_device"))
        SKIP("no __opencl_c_atomic_scope_device: device-scope atomics are not available");
    int ran = 0;
    for (size_t i = 0; i < sizeof(orders) / sizeof(orders[0]); i++) {
        if (orders[i].feature && !conf_has_c_version(t, 2, 0) &&
            !conf_has_c_feature(t, orders[i].feature)) {
            conf_note(t, "%s: not run (no %s)", orders[i].name, orders[i].feature);
            continue;
        }
        unsigned f = t->failures;
        ran += run_c11(t, std, &orders[i], &scopes[1]);
        if (t->failures != f)
            return;
    }
    CHECK(ran > 0);
}

static void atomics_c11_scopes(conf_t *t)
{
    const char *std = conf_cl_std_2plus(t);
    if (!std)
        SKIP("the device compiles no OpenCL C 2.0+ (no atomic_*_explicit)");
    int ran = 0;
    /* relaxed everywhere (always available), then the strongest order the device has */
    const struct order *strong = &orders[0];
    if (conf_has_c_version(t, 2, 0) || conf_has_c_feature(t, orders[4].feature))
        strong = &orders[4];
    for (size_t i = 0; i < sizeof(scopes) / sizeof(scopes[0]); i++) {
        if (scopes[i].feature && !conf_has_c_version(t, 2, 0) &&
            !conf_has_c_feature(t, scopes[i].feature)) {
            conf_note(t, "%s: not run (no %s)", scopes[i].name, scopes[i].feature);
            continue;
        }
        unsigned f = t->failures;
        ran += run_c11(t, std, &orders[0], &scopes[i]);
        if (strong != &orders[0])
            ran += run_c11(t, std, strong, &scopes[i]);
        if (t->failures != f)
            return;
    }
    CHECK(ran > 0);
}

static const char totals_src[] =
    "kernel void totals(volatile global uint *sum, volatile global uint *count,\n"
    "                   volatile global uint *via_local)\n"
    "{\n"
    "    volatile local uint part;\n"
    "    uint id = (uint)get_global_id(0);\n"
    "    if (get_local_id(0) == 0)\n"
    "        part = 0;\n"
    "    barrier(CLK_LOCAL_MEM_FENCE);\n"
    "    atomic_add(sum, id);\n"
    "    atomic_inc(count);\n"
    "    atomic_add(&part, id & 0xff);\n"
    "    barrier(CLK_LOCAL_MEM_FENCE);\n"
    "    if (get_local_id(0) == 0)\n"
    "        atomic_add(via_local, part);\n"
    "}\n"
    "#ifdef cl_khr_int64_base_atomics\n"
    "#pragma OPENCL EXTENSION cl_khr_int64_base_atomics : enable\n"
    "kernel void totals64(volatile global long *sum)\n"
    "{\n"
    "    atom_add(sum, (long)get_global_id(0) << 20);\n"
    "}\n"
    "#endif\n";

/* Many work-items, exact totals: directly, and through local partial sums. */
static void atomics_totals(conf_t *t)
{
    cl_kernel k = conf_kernel_or_skip(t, totals_src, "", "totals");
    if (!k)
        return;
    enum { N = 1 << 18 };
    cl_uint zero = 0, got[3];
    cl_mem ms = conf_buffer(t, CL_MEM_READ_WRITE, 4, &zero);
    cl_mem mc = conf_buffer(t, CL_MEM_READ_WRITE, 4, &zero);
    cl_mem ml = conf_buffer(t, CL_MEM_READ_WRITE, 4, &zero);
    REQUIRE(ms && mc && ml);
    CHECK_OK(clSetKernelArg(k, 0, sizeof(ms), &ms));
    CHECK_OK(clSetKernelArg(k, 1, sizeof(mc), &mc));
    CHECK_OK(clSetKernelArg(k, 2, sizeof(ml), &ml));
    const size_t g = N;
    CHECK_OK(clEnqueueNDRangeKernel(conf_queue(t), k, 1, NULL, &g, NULL, 0, NULL, NULL));
    CHECK_OK(read_buf(t, ms, &got[0], 4));
    CHECK_OK(read_buf(t, mc, &got[1], 4));
    CHECK_OK(read_buf(t, ml, &got[2], 4));
    cl_uint want_sum = 0, want_local = 0;
    for (cl_uint i = 0; i < N; i++) {
        want_sum += i;
        want_local += i & 0xff;
    }
    CHECK_EQ_U(want_sum, got[0]);
    CHECK_EQ_U(N, got[1]);
    CHECK_EQ_U(want_local, got[2]);
    if (!conf_has_extension(t, t->device, "cl_khr_int64_base_atomics"))
        SKIP("32-bit totals checked; no cl_khr_int64_base_atomics");
    cl_kernel k64 = conf_kernel_or_skip(t, totals_src, "", "totals64");
    if (!k64)
        return;
    cl_long z64 = 0, g64 = 0;
    cl_mem m64 = conf_buffer(t, CL_MEM_READ_WRITE, 8, &z64);
    REQUIRE(m64);
    CHECK_OK(clSetKernelArg(k64, 0, sizeof(m64), &m64));
    CHECK_OK(clEnqueueNDRangeKernel(conf_queue(t), k64, 1, NULL, &g, NULL, 0, NULL, NULL));
    CHECK_OK(read_buf(t, m64, &g64, 8));
    CHECK_EQ_I(((cl_long)N * (N - 1) / 2) << 20, g64);
}

static const struct conf_test tests[] = {
    CONF_TEST(atomics_legacy_global), CONF_TEST(atomics_legacy_local),
    CONF_TEST(atomics_c11_orders),    CONF_TEST(atomics_c11_scopes),
    CONF_TEST(atomics_totals),
};
CONF_CATEGORY(conf_cat_atomics, "atomics",
              "32-bit atomic functions on global and local memory with exact totals: OpenCL C "
              "1.x atomic_*, 2.0+/3.0 atomic_*_explicit with every memory order and scope the "
              "device reports, 64-bit atom_add with cl_khr_int64_base_atomics",
              tests);
