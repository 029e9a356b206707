/*
 * atomics: 32-bit atomic functions on global and local memory with exact final values from
 * many work-items. OpenCL C 1.x atomic_* (every operation), OpenCL C 2.0+/3.0
 * atomic_*_explicit with every memory order and scope the device reports (through
 * CL_DEVICE_OPENCL_C_FEATURES), 64-bit atom_* and atomic_long/ulong when
 * cl_khr_int64_base/extended_atomics are there, atomic_xchg and atomic_exchange on floats,
 * atomic_flag (as a lock between work-groups, and its return values), atomic_work_item_fence
 * with every flag, order and scope combination.
 */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    CHECK_OK(conf_read_buf(t, mc, got, sizeof(got)));
    expect(want, init, N);
    want[C_UMIN] = 5;
    want[C_UMAX] = (cl_int)(0x80000000u + N - 1);
    check_counters(t, "global", got, want, C_UMAX + 1);
    cl_int *olds = malloc(N * sizeof(cl_int));
    REQUIRE(olds);
    CHECK_OK(conf_read_buf(t, mo, olds, N * sizeof(cl_int)));
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
        CHECK_OK(conf_read_buf(t, mo, got, sizeof(got)));
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
    CHECK_OK(conf_read_buf(t, mc, got, sizeof(got)));
    CHECK_OK(conf_read_buf(t, mo, olds, sizeof(olds)));
    CHECK_OK(conf_read_buf(t, ml, lgot, sizeof(lgot)));
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
    CHECK_OK(conf_read_buf(t, ms, &got[0], 4));
    CHECK_OK(conf_read_buf(t, mc, &got[1], 4));
    CHECK_OK(conf_read_buf(t, ml, &got[2], 4));
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
    CHECK_OK(conf_read_buf(t, m64, &g64, 8));
    CHECK_EQ_I(((cl_long)N * (N - 1) / 2) << 20, g64);
}

/* ---- float exchange, 64-bit atomics, atomic_flag, fences ---- */

static const char fxchg_src[] =
    "kernel void legacy(volatile global float *g, global float *olds, global float *lout)\n"
    "{\n"
    "    volatile local float lf;\n"
    "    size_t id = get_global_id(0), l = get_local_id(0);\n"
    "    if (l == 0)\n"
    "        lf = -1.0f;\n"
    "    barrier(CLK_LOCAL_MEM_FENCE);\n"
    "    olds[id] = atomic_xchg(g, (float)id + 0.5f);\n"
    "    float lo = atomic_xchg(&lf, (float)l);\n"
    "    barrier(CLK_LOCAL_MEM_FENCE);\n"
    "    lout[id] = lo;\n"
    "    if (l == 0)\n"
    "        lout[get_global_size(0) + get_group_id(0)] = lf;\n"
    "}\n"
    "#if __OPENCL_C_VERSION__ >= 200\n"
    "kernel void c11(global atomic_float *g, global float *olds, global float *loaded)\n"
    "{\n"
    "    size_t id = get_global_id(0);\n"
    "    olds[id] = atomic_exchange_explicit(g, (float)id + 0.5f, memory_order_relaxed,\n"
    "                                        memory_scope_device);\n"
    "    atomic_store_explicit(g + 1 + id, (float)id * 0.25f, memory_order_relaxed,\n"
    "                          memory_scope_device);\n"
    "    loaded[id] = atomic_load_explicit(g + 1 + id, memory_order_relaxed,\n"
    "                                      memory_scope_device);\n"
    "}\n"
    "#endif\n";

/* Every exchanged value once: the olds and the final value are init and id + 0.5 for each id. */
static int float_perm_bad(const float *olds, size_t n, float final, float init)
{
    char *seen = calloc(n + 1, 1);
    int bad = 0;
    if (!seen)
        return 1;
    for (size_t i = 0; i <= n; i++) {
        float v = i < n ? olds[i] : final;
        long slot = v == init ? (long)n : (long)(v - 0.5f);
        if (slot < 0 || (size_t)slot > n || (v != init && (float)slot + 0.5f != v) || seen[slot]++)
            bad++;
    }
    free(seen);
    return bad;
}

static void atomics_float_exchange(conf_t *t)
{
    enum { L = 32, GROUPS = 8, N = L * GROUPS };
    cl_kernel k = conf_kernel_or_skip(t, fxchg_src, "", "legacy");
    if (!k)
        return;
    float init = -2.0f, olds[N], lout[N + GROUPS], final = 0;
    cl_mem mg = conf_buffer(t, CL_MEM_READ_WRITE, sizeof(float) * (N + 1), NULL);
    cl_mem mo = conf_buffer(t, CL_MEM_READ_WRITE, sizeof(olds), NULL);
    cl_mem ml = conf_buffer(t, CL_MEM_READ_WRITE, sizeof(lout), NULL);
    REQUIRE(mg && mo && ml);
    CHECK_OK(clEnqueueWriteBuffer(conf_queue(t), mg, CL_TRUE, 0, 4, &init, 0, NULL, NULL));
    CHECK_OK(clSetKernelArg(k, 0, sizeof(mg), &mg));
    CHECK_OK(clSetKernelArg(k, 1, sizeof(mo), &mo));
    CHECK_OK(clSetKernelArg(k, 2, sizeof(ml), &ml));
    size_t g = N, l = L;
    REQUIRE_OK(clEnqueueNDRangeKernel(conf_queue(t), k, 1, NULL, &g, &l, 0, NULL, NULL));
    CHECK_OK(conf_read_buf(t, mg, &final, 4));
    CHECK_OK(conf_read_buf(t, mo, olds, sizeof(olds)));
    CHECK_OK(conf_read_buf(t, ml, lout, sizeof(lout)));
    CHECK_MSG(!float_perm_bad(olds, N, final, init),
              "atomic_xchg(global float *): values lost or duplicated");
    int bad = 0;
    for (int grp = 0; grp < GROUPS; grp++) {
        char seen[L + 1] = {0};
        for (int i = 0; i <= L; i++) {
            float v = i < L ? lout[grp * L + i] : lout[N + grp];
            int slot = v == -1.0f ? L : (int)v;
            if (slot < 0 || slot > L || (v != -1.0f && (float)slot != v) || seen[slot]++)
                bad++;
        }
    }
    CHECK_MSG(!bad, "atomic_xchg(local float *): %d values lost or duplicated", bad);

    const char *std = conf_cl_std_2plus(t);
    if (!std ||
        (!conf_has_c_version(t, 2, 0) && !conf_has_c_feature(t, "__opencl_c_atomic_scope_device")))
        SKIP("legacy float exchange checked; no OpenCL C 2.0+ atomic_float with device scope");
    cl_kernel kc = conf_kernel_or_skip(t, fxchg_src, std, "c11");
    if (!kc)
        return;
    float loaded[N];
    CHECK_OK(clEnqueueWriteBuffer(conf_queue(t), mg, CL_TRUE, 0, 4, &init, 0, NULL, NULL));
    CHECK_OK(clSetKernelArg(kc, 0, sizeof(mg), &mg));
    CHECK_OK(clSetKernelArg(kc, 1, sizeof(mo), &mo));
    CHECK_OK(clSetKernelArg(kc, 2, sizeof(ml), &ml));
    REQUIRE_OK(clEnqueueNDRangeKernel(conf_queue(t), kc, 1, NULL, &g, &l, 0, NULL, NULL));
    CHECK_OK(conf_read_buf(t, mg, &final, 4));
    CHECK_OK(conf_read_buf(t, mo, olds, sizeof(olds)));
    CHECK_OK(conf_read_buf(t, ml, loaded, sizeof(loaded)));
    CHECK_MSG(!float_perm_bad(olds, N, final, init),
              "atomic_exchange(atomic_float *): values lost or duplicated");
    bad = 0;
    for (int i = 0; i < N; i++)
        bad += loaded[i] != (float)i * 0.25f;
    CHECK_MSG(!bad, "atomic_store/atomic_load on atomic_float: %d values wrong", bad);
}

/*
 * 64-bit atomics: the legacy atom_* names (cl_khr_int64_base/extended_atomics) on global and
 * local long/ulong with values above 32 bits, and OpenCL C 2.0+ atomic_long/atomic_ulong with
 * every explicit order, scope, and compare-exchange failure order.
 */
static const char atom64_src[] =
    "#pragma OPENCL EXTENSION cl_khr_int64_base_atomics : enable\n"
    "#pragma OPENCL EXTENSION cl_khr_int64_extended_atomics : enable\n"
    "#define BIG(x) ((long)(x) << 33)\n"
    /* The same operations on global and on local memory. */
    "#define OPS \\\n"
    "    atom_add(&c[0], BIG(3)); \\\n"
    "    atom_sub(&c[1], BIG(2)); \\\n"
    "    atom_inc(&c[2]); \\\n"
    "    atom_dec(&c[3]); \\\n"
    "    atom_min(&c[4], BIG(id) - BIG(1000)); \\\n"
    "    atom_max(&c[5], BIG(id) - BIG(1000)); \\\n"
    "    atom_and(&c[6], ~(1L << (id % 63))); \\\n"
    "    atom_or(&c[7], 1L << (id % 64)); \\\n"
    "    atom_xor(&c[8], BIG(id) | id); \\\n"
    "    atom_xchg(&c[9], id); \\\n"
    "    long old = c[10]; \\\n"
    "    for (;;) { \\\n"
    "        long prev = atom_cmpxchg(&c[10], old, old + BIG(1) + 1); \\\n"
    "        if (prev == old) \\\n"
    "            break; \\\n"
    "        old = prev; \\\n"
    "    } \\\n"
    "    atom_min(&u[11], (ulong)BIG(id) + 5); \\\n"
    "    atom_max(&u[12], (ulong)id | 0x8000000000000000UL); \\\n"
    "\n"
    "void gops(volatile global long *c, long id)\n"
    "{\n"
    "    volatile global ulong *u = (volatile global ulong *)c;\n"
    "    OPS\n"
    "}\n"
    "void lops(volatile local long *c, long id)\n"
    "{\n"
    "    volatile local ulong *u = (volatile local ulong *)c;\n"
    "    OPS\n"
    "}\n"
    "kernel void g64(volatile global long *c) { gops(c, (long)get_global_id(0)); }\n"
    "kernel void l64(global long *out)\n"
    "{\n"
    "    volatile local long c[13];\n"
    "    size_t l = get_local_id(0);\n"
    "    if (l == 0) {\n"
    "        for (int i = 0; i < 13; i++)\n"
    "            c[i] = 0;\n"
    "        c[4] = BIG(1) << 20; c[5] = -(BIG(1) << 20); c[6] = -1; c[11] = -1;\n"
    "    }\n"
    "    barrier(CLK_LOCAL_MEM_FENCE);\n"
    "    lops(c, (long)l);\n"
    "    barrier(CLK_LOCAL_MEM_FENCE);\n"
    "    if (l == 0)\n"
    "        for (int i = 0; i < 13; i++)\n"
    "            out[get_group_id(0) * 13 + i] = c[i];\n"
    "}\n";

static void expect64(cl_long want[13], const cl_long init[13], long n)
{
    memcpy(want, init, 13 * sizeof(cl_long));
    cl_ulong big = (cl_ulong)1 << 33;
    want[0] = (cl_long)((cl_ulong)init[0] + 3 * big * (cl_ulong)n);
    want[1] = (cl_long)((cl_ulong)init[1] - 2 * big * (cl_ulong)n);
    want[2] += n;
    want[3] -= n;
    cl_long lo = -(cl_long)(1000 * big), hi = (cl_long)((n - 1 - 1000) * (cl_long)big);
    want[4] = init[4] < lo ? init[4] : lo;
    want[5] = init[5] > hi ? init[5] : hi;
    for (long i = 0; i < n; i++) {
        want[6] &= ~((cl_long)1 << (i % 63));
        want[7] |= (cl_long)((cl_ulong)1 << (i % 64));
        want[8] ^= (cl_long)((cl_ulong)i * big) | i;
    }
    want[10] = (cl_long)((cl_ulong)init[10] + (big + 1) * (cl_ulong)n);
    cl_ulong umin = 5, umax = (cl_ulong)(n - 1) | 0x8000000000000000ull;
    want[11] = (cl_long)((cl_ulong)init[11] < umin ? (cl_ulong)init[11] : umin);
    want[12] = (cl_long)((cl_ulong)init[12] > umax ? (cl_ulong)init[12] : umax);
}

static void check64(conf_t *t, const char *what, const cl_long *got, const cl_long *want)
{
    for (int i = 0; i < 13; i++) {
        if (i == 9)
            continue;
        t->checks++;
        if (got[i] != want[i])
            conf_fail(t, __FILE__, __LINE__, "%s: counter %d is 0x%llx, expected 0x%llx", what, i,
                      (unsigned long long)got[i], (unsigned long long)want[i]);
    }
}

static void atomics_64bit_legacy(conf_t *t)
{
    if (!conf_has_extension(t, t->device, "cl_khr_int64_base_atomics") ||
        !conf_has_extension(t, t->device, "cl_khr_int64_extended_atomics"))
        SKIP("no cl_khr_int64_base_atomics and cl_khr_int64_extended_atomics");
    cl_kernel kg = conf_kernel_or_skip(t, atom64_src, "", "g64");
    cl_kernel kl = conf_kernel_or_skip(t, atom64_src, "", "l64");
    if (!kg || !kl)
        return;
    enum { L = 64, GROUPS = 8, N = L * GROUPS };
    cl_long init[13] = {0}, got[13], want[13], lgot[GROUPS][13];
    init[0] = 5;
    init[4] = (cl_long)1 << 50;
    init[5] = -((cl_long)1 << 50);
    init[6] = -1;
    init[9] = -7;
    init[11] = -1;
    cl_mem mc = conf_buffer(t, CL_MEM_READ_WRITE, sizeof(init), init);
    cl_mem ml = conf_buffer(t, CL_MEM_READ_WRITE, sizeof(lgot), NULL);
    REQUIRE(mc && ml);
    size_t g = N, l = L;
    CHECK_OK(clSetKernelArg(kg, 0, sizeof(mc), &mc));
    REQUIRE_OK(clEnqueueNDRangeKernel(conf_queue(t), kg, 1, NULL, &g, &l, 0, NULL, NULL));
    CHECK_OK(conf_read_buf(t, mc, got, sizeof(got)));
    expect64(want, init, N);
    check64(t, "global atom_*", got, want);
    CHECK(got[9] >= 0 && got[9] < N);
    CHECK_OK(clSetKernelArg(kl, 0, sizeof(ml), &ml));
    REQUIRE_OK(clEnqueueNDRangeKernel(conf_queue(t), kl, 1, NULL, &g, &l, 0, NULL, NULL));
    CHECK_OK(conf_read_buf(t, ml, lgot, sizeof(lgot)));
    cl_long linit[13] = {0};
    linit[4] = (cl_long)1 << 53;
    linit[5] = -((cl_long)1 << 53);
    linit[6] = -1;
    linit[11] = -1;
    expect64(want, linit, L);
    for (int grp = 0; grp < GROUPS; grp++) {
        check64(t, "local atom_*", lgot[grp], want);
        CHECK(lgot[grp][9] >= 0 && lgot[grp][9] < L);
    }
}

static const char c11_64_src[] =
    "kernel void c64(global atomic_long *c, global atomic_ulong *u, local atomic_long *lc,\n"
    "                global long *lout)\n"
    "{\n"
    "    long id = (long)get_global_id(0), big = id << 34;\n"
    "    atomic_fetch_add_explicit(&c[0], big + 1, ORDER, SCOPE);\n"
    "    atomic_fetch_sub_explicit(&c[1], big, ORDER, SCOPE);\n"
    "    atomic_fetch_min_explicit(&c[2], big - (1L << 40), ORDER, SCOPE);\n"
    "    atomic_fetch_max_explicit(&c[3], big - (1L << 40), ORDER, SCOPE);\n"
    "    atomic_fetch_and_explicit(&c[4], ~(1L << (id % 63)), ORDER, SCOPE);\n"
    "    atomic_fetch_or_explicit(&c[5], 1L << (id % 63), ORDER, SCOPE);\n"
    "    atomic_fetch_xor_explicit(&c[6], big | id, ORDER, SCOPE);\n"
    "    atomic_fetch_min_explicit(&u[0], (ulong)big + 3, ORDER, SCOPE);\n"
    "    atomic_fetch_max_explicit(&u[1], (ulong)id | 0x8000000000000000UL, ORDER, SCOPE);\n"
    "    long e = atomic_load_explicit(&c[7], LOAD_ORDER, SCOPE);\n"
    "    while (!atomic_compare_exchange_strong_explicit(&c[7], &e, e + (1L << 36), ORDER,\n"
    "                                                    FAIL_ORDER, SCOPE))\n"
    "        ;\n"
    "    e = atomic_load_explicit(&c[8], LOAD_ORDER, SCOPE);\n"
    "    while (!atomic_compare_exchange_weak_explicit(&c[8], &e, e + (1L << 37) + 1, ORDER,\n"
    "                                                  FAIL_ORDER, SCOPE))\n"
    "        ;\n"
    "    size_t l = get_local_id(0);\n"
    "    if (l == 0)\n"
    "        atomic_init(&lc[0], 1L << 40);\n"
    "    barrier(CLK_LOCAL_MEM_FENCE);\n"
    "    atomic_fetch_add_explicit(&lc[0], (long)l << 33, ORDER, memory_scope_work_group);\n"
    "    barrier(CLK_LOCAL_MEM_FENCE);\n"
    "    if (l == 0)\n"
    "        lout[get_group_id(0)] = atomic_load_explicit(&lc[0], memory_order_relaxed,\n"
    "                                                     memory_scope_work_group);\n"
    "}\n";

struct cas_orders {
    const char *order, *load, *fail, *feature;
};

static void atomics_c11_64bit(conf_t *t)
{
    const char *std = conf_cl_std_2plus(t);
    if (!std)
        SKIP("the device compiles no OpenCL C 2.0+ (no atomic_long)");
    if (!conf_has_extension(t, t->device, "cl_khr_int64_base_atomics") ||
        !conf_has_extension(t, t->device, "cl_khr_int64_extended_atomics"))
        SKIP("no 64-bit atomics (cl_khr_int64_base_atomics / extended_atomics)");
    /* Success orders with each failure order the spec allows (no stronger than success). */
    static const struct cas_orders cas[] = {
        {"memory_order_relaxed", "memory_order_relaxed", "memory_order_relaxed", NULL},
        {"memory_order_acquire", "memory_order_acquire", "memory_order_relaxed",
         "__opencl_c_atomic_order_acq_rel"},
        {"memory_order_acquire", "memory_order_acquire", "memory_order_acquire",
         "__opencl_c_atomic_order_acq_rel"},
        {"memory_order_release", "memory_order_relaxed", "memory_order_relaxed",
         "__opencl_c_atomic_order_acq_rel"},
        {"memory_order_acq_rel", "memory_order_acquire", "memory_order_acquire",
         "__opencl_c_atomic_order_acq_rel"},
        {"memory_order_seq_cst", "memory_order_seq_cst", "memory_order_relaxed",
         "__opencl_c_atomic_order_seq_cst"},
        {"memory_order_seq_cst", "memory_order_seq_cst", "memory_order_seq_cst",
         "__opencl_c_atomic_order_seq_cst"},
    };
    static const char *const scope_names[] = {"memory_scope_device",
                                              "memory_scope_all_svm_devices"};
    static const char *const scope_features[] = {"__opencl_c_atomic_scope_device",
                                                 "__opencl_c_atomic_scope_all_devices"};
    enum { L = 64, GROUPS = 8, N = L * GROUPS };
    int ran = 0;
    for (size_t o = 0; o < sizeof(cas) / sizeof(cas[0]); o++) {
        for (size_t s = 0; s < 2; s++) {
            if (!conf_has_c_version(t, 2, 0) &&
                ((cas[o].feature && !conf_has_c_feature(t, cas[o].feature)) ||
                 !conf_has_c_feature(t, scope_features[s])))
                continue;
            char opts[384];
            snprintf(opts, sizeof(opts), "%s -DORDER=%s -DLOAD_ORDER=%s -DFAIL_ORDER=%s -DSCOPE=%s",
                     std, cas[o].order, cas[o].load, cas[o].fail, scope_names[s]);
            cl_kernel k = conf_kernel_or_skip(t, c11_64_src, opts, "c64");
            if (!k)
                return;
            cl_long c[9] = {7, 100, 0, 0, -1, 0, 0, 3, 5}, got[9], lgot[GROUPS];
            cl_ulong u[2] = {~0ull, 0}, ugot[2];
            c[2] = (cl_long)1 << 60;
            c[3] = -((cl_long)1 << 60);
            cl_mem mc = conf_buffer(t, CL_MEM_READ_WRITE, sizeof(c), c);
            cl_mem mu = conf_buffer(t, CL_MEM_READ_WRITE, sizeof(u), u);
            cl_mem ml = conf_buffer(t, CL_MEM_READ_WRITE, sizeof(lgot), NULL);
            REQUIRE(mc && mu && ml);
            CHECK_OK(clSetKernelArg(k, 0, sizeof(mc), &mc));
            CHECK_OK(clSetKernelArg(k, 1, sizeof(mu), &mu));
            CHECK_OK(clSetKernelArg(k, 2, sizeof(cl_long), NULL));
            CHECK_OK(clSetKernelArg(k, 3, sizeof(ml), &ml));
            size_t g = N, l = L;
            REQUIRE_OK(clEnqueueNDRangeKernel(conf_queue(t), k, 1, NULL, &g, &l, 0, NULL, NULL));
            CHECK_OK(conf_read_buf(t, mc, got, sizeof(got)));
            CHECK_OK(conf_read_buf(t, mu, ugot, sizeof(ugot)));
            CHECK_OK(conf_read_buf(t, ml, lgot, sizeof(lgot)));
            cl_ulong sum_big = 0, xr = 0, lsum = 0;
            cl_long andv = -1, orv = 0;
            for (cl_ulong i = 0; i < N; i++) {
                sum_big += i << 34;
                xr ^= (i << 34) | i;
                andv &= ~((cl_long)1 << (i % 63));
                orv |= (cl_long)1 << (i % 63);
            }
            for (cl_ulong i = 0; i < L; i++)
                lsum += i << 33;
            cl_long want[9] = {
                (cl_long)(7 + sum_big + N),
                (cl_long)(100 - sum_big),
                -((cl_long)1 << 40),
                (cl_long)(((cl_ulong)(N - 1) << 34) - ((cl_ulong)1 << 40)),
                andv,
                orv,
                (cl_long)xr,
                (cl_long)(3 + ((cl_ulong)N << 36)),
                (cl_long)(5 + (((cl_ulong)1 << 37) + 1) * N),
            };
            char what[160];
            snprintf(what, sizeof(what), "%s/%s (failure %s), %s", cas[o].order, cas[o].load,
                     cas[o].fail, scope_names[s]);
            for (int i = 0; i < 9; i++) {
                t->checks++;
                if (got[i] != want[i])
                    conf_fail(t, __FILE__, __LINE__,
                              "%s: atomic_long %d is 0x%llx, expected 0x%llx", what, i,
                              (unsigned long long)got[i], (unsigned long long)want[i]);
            }
            CHECK_EQ_U(3, ugot[0]);
            CHECK_EQ_U(((cl_ulong)N - 1) | 0x8000000000000000ull, ugot[1]);
            for (int grp = 0; grp < GROUPS; grp++)
                CHECK_EQ_U(((cl_ulong)1 << 40) + lsum, (cl_ulong)lgot[grp]);
            ran++;
            if (t->failures)
                return;
        }
    }
    CHECK(ran > 0);
}

/* atomic_flag as a lock between work-groups (one work-item of each), and every fence. */
static const char flag_src[] =
    "kernel void lock(global atomic_flag *f, global int *count, global int *order)\n"
    "{\n"
    "    if (get_local_id(0) != 0)\n"
    "        return;\n"
    "    while (atomic_flag_test_and_set_explicit(f, memory_order_acquire, memory_scope_device))\n"
    "        ;\n"
    "    int c = *count;\n"
    "    order[c] = (int)get_group_id(0);\n"
    "    *count = c + 1;\n"
    "    atomic_flag_clear_explicit(f, memory_order_release, memory_scope_device);\n"
    "}\n"
    "kernel void plain(global atomic_flag *f, global int *res)\n"
    "{\n"
    "    if (get_global_id(0) != 0)\n"
    "        return;\n"
    "    res[0] = atomic_flag_test_and_set(f);\n"
    "    res[1] = atomic_flag_test_and_set(f);\n"
    "    atomic_flag_clear(f);\n"
    "    res[2] = atomic_flag_test_and_set_explicit(f, memory_order_relaxed);\n"
    "    atomic_flag_clear_explicit(f, memory_order_relaxed);\n"
    "    res[3] = atomic_flag_test_and_set(f);\n"
    "}\n";

static void atomics_flag(conf_t *t)
{
    const char *std = conf_cl_std_2plus(t);
    if (!std)
        SKIP("the device compiles no OpenCL C 2.0+ (no atomic_flag)");
    if (!conf_has_c_version(t, 2, 0) &&
        (!conf_has_c_feature(t, "__opencl_c_atomic_order_acq_rel") ||
         !conf_has_c_feature(t, "__opencl_c_atomic_scope_device")))
        SKIP("no acquire/release device-scope atomics");
    cl_kernel k = conf_kernel_or_skip(t, flag_src, std, "lock");
    cl_kernel kp = conf_kernel_or_skip(t, flag_src, std, "plain");
    if (!k || !kp)
        return;
    enum { GROUPS = 64, L = 4 };
    cl_int zero[2] = {0, 0}, count = 0, order[GROUPS], res[4];
    cl_mem mf = conf_buffer(t, CL_MEM_READ_WRITE, sizeof(zero), zero);
    cl_mem mc = conf_buffer(t, CL_MEM_READ_WRITE, sizeof(count), &count);
    cl_mem mo = conf_buffer(t, CL_MEM_READ_WRITE, sizeof(order), NULL);
    REQUIRE(mf && mc && mo);
    CHECK_OK(clSetKernelArg(k, 0, sizeof(mf), &mf));
    CHECK_OK(clSetKernelArg(k, 1, sizeof(mc), &mc));
    CHECK_OK(clSetKernelArg(k, 2, sizeof(mo), &mo));
    size_t g = GROUPS * L, l = L;
    REQUIRE_OK(clEnqueueNDRangeKernel(conf_queue(t), k, 1, NULL, &g, &l, 0, NULL, NULL));
    CHECK_OK(conf_read_buf(t, mc, &count, sizeof(count)));
    CHECK_OK(conf_read_buf(t, mo, order, sizeof(order)));
    CHECK_EQ_I(GROUPS, count);
    char seen[GROUPS] = {0};
    int bad = 0;
    for (int i = 0; i < GROUPS; i++)
        bad += order[i] < 0 || order[i] >= GROUPS || seen[order[i]]++;
    CHECK_MSG(!bad, "atomic_flag lock: %d critical sections lost or doubled", bad);
    CHECK_OK(
        clEnqueueWriteBuffer(conf_queue(t), mf, CL_TRUE, 0, sizeof(zero), zero, 0, NULL, NULL));
    CHECK_OK(clSetKernelArg(kp, 0, sizeof(mf), &mf));
    CHECK_OK(clSetKernelArg(kp, 1, sizeof(mo), &mo));
    size_t one = 1;
    REQUIRE_OK(clEnqueueNDRangeKernel(conf_queue(t), kp, 1, NULL, &one, &one, 0, NULL, NULL));
    CHECK_OK(conf_read_buf(t, mo, res, sizeof(res)));
    CHECK(!res[0] && res[1] && !res[2] && !res[3]);
}

static void atomics_work_item_fences(conf_t *t)
{
    const char *std = conf_cl_std_2plus(t);
    if (!std)
        SKIP("the device compiles no OpenCL C 2.0+ (no atomic_work_item_fence)");
    static const char *const flags[] = {"CLK_GLOBAL_MEM_FENCE", "CLK_LOCAL_MEM_FENCE",
                                        "CLK_GLOBAL_MEM_FENCE | CLK_LOCAL_MEM_FENCE"};
    static const char *const forders[][2] = {
        {"memory_order_relaxed", NULL},
        {"memory_order_acquire", "__opencl_c_atomic_order_acq_rel"},
        {"memory_order_release", "__opencl_c_atomic_order_acq_rel"},
        {"memory_order_acq_rel", "__opencl_c_atomic_order_acq_rel"},
        {"memory_order_seq_cst", "__opencl_c_atomic_order_seq_cst"}};
    static const char *const fscopes[][2] = {
        {"memory_scope_work_item", NULL},
        {"memory_scope_work_group", NULL},
        {"memory_scope_device", "__opencl_c_atomic_scope_device"},
        {"memory_scope_all_svm_devices", "__opencl_c_atomic_scope_all_devices"}};
    /* Each combination: store, fence, read back; all in one kernel. */
    size_t cap = 64 * 1024, len = 0;
    char *src = malloc(cap);
    REQUIRE(src);
    conf_defer_free(t, src);
    len += (size_t)snprintf(src, cap,
                            "kernel void fences(global int *data, global int *out)\n"
                            "{\n"
                            "    local int ldata[64];\n"
                            "    size_t l = get_local_id(0), g = get_global_id(0);\n"
                            "    int acc = 0;\n");
    int n = 0;
    for (size_t f = 0; f < 3; f++)
        for (size_t o = 0; o < 5; o++)
            for (size_t s = 0; s < 4; s++) {
                bool v2 = conf_has_c_version(t, 2, 0);
                if (!v2 && ((forders[o][1] && !conf_has_c_feature(t, forders[o][1])) ||
                            (fscopes[s][1] && !conf_has_c_feature(t, fscopes[s][1]))))
                    continue;
                /* work-item scope with a local fence is fine; relaxed fences have no effect */
                len += (size_t)snprintf(src + len, cap - len,
                                        "    data[g] = %d; ldata[l] = %d;\n"
                                        "    atomic_work_item_fence(%s, %s, %s);\n"
                                        "    acc += data[g] - ldata[l];\n",
                                        n + 1000, n, flags[f], forders[o][0], fscopes[s][0]);
                n++;
            }
    snprintf(src + len, cap - len, "    out[g] = acc;\n}\n");
    cl_kernel k = conf_kernel_or_skip(t, src, std, "fences");
    if (!k)
        return;
    enum { L = 64, GROUPS = 4, N = L * GROUPS };
    cl_int out[N];
    cl_mem md = conf_buffer(t, CL_MEM_READ_WRITE, N * sizeof(cl_int), NULL);
    cl_mem mo = conf_buffer(t, CL_MEM_READ_WRITE, sizeof(out), NULL);
    REQUIRE(md && mo);
    CHECK_OK(clSetKernelArg(k, 0, sizeof(md), &md));
    CHECK_OK(clSetKernelArg(k, 1, sizeof(mo), &mo));
    size_t g = N, l = L;
    REQUIRE_OK(clEnqueueNDRangeKernel(conf_queue(t), k, 1, NULL, &g, &l, 0, NULL, NULL));
    CHECK_OK(conf_read_buf(t, mo, out, sizeof(out)));
    int bad = 0;
    for (int i = 0; i < N; i++)
        bad += out[i] != 1000 * n;
    CHECK_MSG(!bad, "%d fence combinations: %d work-items read wrong values", n, bad);
}

static const struct conf_test tests[] = {
    CONF_TEST(atomics_legacy_global), CONF_TEST(atomics_legacy_local),
    CONF_TEST(atomics_c11_orders),    CONF_TEST(atomics_c11_scopes),
    CONF_TEST(atomics_totals),        CONF_TEST(atomics_float_exchange),
    CONF_TEST(atomics_64bit_legacy),  CONF_TEST(atomics_c11_64bit),
    CONF_TEST(atomics_flag),          CONF_TEST(atomics_work_item_fences),
};
CONF_CATEGORY(conf_cat_atomics, "atomics",
              "32-bit atomic functions on global and local memory with exact totals: OpenCL C "
              "1.x atomic_*, 2.0+/3.0 atomic_*_explicit with every memory order and scope the "
              "device reports, 64-bit atom_* and atomic_long with every order, scope and "
              "compare-exchange failure order, float exchange, atomic_flag, every "
              "atomic_work_item_fence combination",
              tests);
