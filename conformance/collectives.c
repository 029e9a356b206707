/*
 * collectives: work-group functions (all, any, broadcast, reduce and scans of add/min/max) and
 * the sub-group functions of cl_khr_subgroups / __opencl_c_subgroups for every type against a
 * host reference, over 1-D, 2-D and 3-D ranges with non-uniform last work-groups where the
 * device allows them; sub-group queries against clGetKernelSubGroupInfo, the query's error
 * codes, sub-group barriers, sub-groups diverging from each other; async_work_group_copy and
 * async_work_group_strided_copy in both directions for scalar and vector types, with
 * wait_group_events and prefetch.
 *
 * The reference never assumes how a device forms sub-groups: each work-item reports its
 * sub-group id and local id, and the expected results are computed per reported sub-group in
 * sub-group local id order. Float inputs are small integers, so every order of addition gives
 * the same exact sum.
 */
#include "typed.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- value types: host values are uint64_t (ints masked to the width, floats as double bits) */

/* The types every collective covers. */
static const enum ty vtypes[] = {TY_INT, TY_UINT, TY_LONG, TY_ULONG, TY_FLOAT, TY_DOUBLE};
#define NVTYPES (sizeof(vtypes) / sizeof(vtypes[0]))

static uint64_t get_val(enum ty ty, const void *buf, size_t i)
{
    uint64_t v = ty_get(ty, buf, i);
    return ty == TY_FLOAT ? bits_f64(f32_of(v)) : v;
}

static void put_val(enum ty ty, void *buf, size_t i, uint64_t v)
{
    ty_set(ty, buf, i, ty == TY_FLOAT ? bits_f32((float)f64_of(v)) : v);
}

enum { OP_ADD, OP_MIN, OP_MAX };

static uint64_t identity(enum ty ty, int op)
{
    if (op == OP_ADD)
        return ty_info[ty].is_float ? bits_f64(0.0) : 0;
    if (ty_info[ty].is_float)
        return bits_f64(op == OP_MIN ? __builtin_inf() : -__builtin_inf());
    uint64_t m = ty_mask(ty);
    if (op == OP_MIN)
        return ty_info[ty].is_signed ? m >> 1 : m;
    return ty_info[ty].is_signed ? (m >> 1) + 1 : 0;
}

static uint64_t combine(enum ty ty, int op, uint64_t a, uint64_t b)
{
    if (ty_info[ty].is_float) {
        double x = f64_of(a), y = f64_of(b);
        return bits_f64(op == OP_ADD ? x + y : op == OP_MIN ? (y < x ? y : x) : (y > x ? y : x));
    }
    if (op == OP_ADD)
        return (a + b) & ty_mask(ty);
    bool less = ty_info[ty].is_signed ? ty_sext(ty, b) < ty_sext(ty, a) : b < a;
    if (op == OP_MAX)
        less = ty_info[ty].is_signed ? ty_sext(ty, b) > ty_sext(ty, a) : b > a;
    return less ? b : a;
}

static bool same(enum ty ty, uint64_t a, uint64_t b)
{
    return ty_info[ty].is_float ? f64_of(a) == f64_of(b) : a == b;
}

static void fmt_val(enum ty ty, uint64_t v, char *buf, size_t n)
{
    if (ty_info[ty].is_float)
        snprintf(buf, n, "%g", f64_of(v));
    else if (ty_info[ty].is_signed)
        snprintf(buf, n, "%lld", (long long)ty_sext(ty, v));
    else
        snprintf(buf, n, "%llu", (unsigned long long)v);
}

/* Inputs: small integers (floats stay exact), 64-bit ints with high bits set too. */
static uint64_t input_value(enum ty ty, size_t i)
{
    int64_t r = (int64_t)((i * 2654435761u + 12345) % 2001) - 1000;
    if (ty_info[ty].is_float)
        return bits_f64((double)r);
    if (!ty_info[ty].is_signed)
        r += 1000;
    if (ty_info[ty].size == 8)
        r = r * ((int64_t)1 << 33) + (int64_t)(i % 7);
    return (uint64_t)r & ty_mask(ty);
}

/* ---- ranges ---- */

struct range {
    cl_uint dim;
    size_t g[3], l[3];
};

static const struct range ranges[] = {
    {1, {100, 1, 1}, {32, 1, 1}},  {1, {210, 1, 1}, {70, 1, 1}}, {1, {5, 1, 1}, {1, 1, 1}},
    {1, {256, 1, 1}, {256, 1, 1}}, {2, {10, 9, 1}, {4, 4, 1}},   {2, {16, 8, 1}, {8, 8, 1}},
    {3, {6, 5, 4}, {4, 2, 3}},
};
#define NRANGES (sizeof(ranges) / sizeof(ranges[0]))

static bool non_uniform_ok(conf_t *t)
{
    cl_bool nu = CL_FALSE;
    if (clGetDeviceInfo(t->device, CL_DEVICE_NON_UNIFORM_WORK_GROUP_SUPPORT, sizeof(nu), &nu,
                        NULL) != CL_SUCCESS)
        return false;
    return nu == CL_TRUE;
}

/* The range to run: @r, rounded up to whole work-groups without non-uniform support. */
static bool usable_range(conf_t *t, const struct range *r, size_t wgs, struct range *out)
{
    *out = *r;
    if (r->l[0] * r->l[1] * r->l[2] > wgs)
        return false;
    if (!non_uniform_ok(t)) {
        for (int d = 0; d < 3; d++)
            out->g[d] = (r->g[d] + r->l[d] - 1) / r->l[d] * r->l[d];
    }
    return true;
}

static size_t range_items(const struct range *r)
{
    return r->g[0] * r->g[1] * r->g[2];
}

/*
 * The global linear ids of work-group @grp (linear over groups) in local linear order, into
 * @ids; returns how many.
 */
static size_t group_items(const struct range *r, size_t grp, size_t *ids)
{
    size_t ng[3], gc[3], sz[3], n = 0;
    for (int d = 0; d < 3; d++)
        ng[d] = (r->g[d] + r->l[d] - 1) / r->l[d];
    gc[0] = grp % ng[0];
    gc[1] = grp / ng[0] % ng[1];
    gc[2] = grp / (ng[0] * ng[1]);
    for (int d = 0; d < 3; d++) {
        size_t first = gc[d] * r->l[d];
        sz[d] = r->g[d] - first < r->l[d] ? r->g[d] - first : r->l[d];
    }
    for (size_t z = 0; z < sz[2]; z++)
        for (size_t y = 0; y < sz[1]; y++)
            for (size_t x = 0; x < sz[0]; x++) {
                size_t gx = gc[0] * r->l[0] + x, gy = gc[1] * r->l[1] + y, gz = gc[2] * r->l[2] + z;
                ids[n++] = (gz * r->g[1] + gy) * r->g[0] + gx;
            }
    return n;
}

static size_t num_groups(const struct range *r)
{
    size_t n = 1;
    for (int d = 0; d < 3; d++)
        n *= (r->g[d] + r->l[d] - 1) / r->l[d];
    return n;
}

/* ---- shared kernel text for work-group and sub-group functions ---- */

#define NOPS 10 /* reduce add/min/max, inclusive x3, exclusive x3, broadcast */

static const char coll_src[] =
    "#ifdef cl_khr_fp64\n"
    "#pragma OPENCL EXTENSION cl_khr_fp64 : enable\n"
    "#endif\n"
    "#ifdef cl_khr_subgroups\n"
    "#pragma OPENCL EXTENSION cl_khr_subgroups : enable\n"
    "#endif\n"
    "#define GID ((get_global_id(2) * get_global_size(1) + get_global_id(1)) * get_global_size(0)"
    " + get_global_id(0))\n"
    "kernel void wg(global const T *in, global const int *pred, global T *out, global int *q)\n"
    "{\n"
    "    size_t g = GID;\n"
    "    T x = in[g];\n"
    "    global T *o = out + g * 10;\n"
    "    o[0] = work_group_reduce_add(x);\n"
    "    o[1] = work_group_reduce_min(x);\n"
    "    o[2] = work_group_reduce_max(x);\n"
    "    o[3] = work_group_scan_inclusive_add(x);\n"
    "    o[4] = work_group_scan_inclusive_min(x);\n"
    "    o[5] = work_group_scan_inclusive_max(x);\n"
    "    o[6] = work_group_scan_exclusive_add(x);\n"
    "    o[7] = work_group_scan_exclusive_min(x);\n"
    "    o[8] = work_group_scan_exclusive_max(x);\n"
    "#if DIM == 1\n"
    "    o[9] = work_group_broadcast(x, get_local_size(0) - 1);\n"
    "#elif DIM == 2\n"
    "    o[9] = work_group_broadcast(x, get_local_size(0) - 1, get_local_size(1) / 2);\n"
    "#else\n"
    "    o[9] = work_group_broadcast(x, get_local_size(0) / 2, get_local_size(1) - 1,\n"
    "                                get_local_size(2) - 1);\n"
    "#endif\n"
    "    q[g * 2] = work_group_all(pred[g]);\n"
    "    q[g * 2 + 1] = work_group_any(pred[g]);\n"
    "}\n"
    "kernel void sg(global const T *in, global const int *pred, global T *out, global int *q)\n"
    "{\n"
    "    size_t g = GID;\n"
    "    T x = in[g];\n"
    "    global T *o = out + g * 10;\n"
    "    o[0] = sub_group_reduce_add(x);\n"
    "    o[1] = sub_group_reduce_min(x);\n"
    "    o[2] = sub_group_reduce_max(x);\n"
    "    o[3] = sub_group_scan_inclusive_add(x);\n"
    "    o[4] = sub_group_scan_inclusive_min(x);\n"
    "    o[5] = sub_group_scan_inclusive_max(x);\n"
    "    o[6] = sub_group_scan_exclusive_add(x);\n"
    "    o[7] = sub_group_scan_exclusive_min(x);\n"
    "    o[8] = sub_group_scan_exclusive_max(x);\n"
    "    o[9] = sub_group_broadcast(x, get_sub_group_size() - 1);\n"
    "    global int *p = q + g * 8;\n"
    "    p[0] = sub_group_all(pred[g]);\n"
    "    p[1] = sub_group_any(pred[g]);\n"
    "    p[2] = (int)get_sub_group_size();\n"
    "    p[3] = (int)get_max_sub_group_size();\n"
    "    p[4] = (int)get_num_sub_groups();\n"
    "    p[5] = (int)get_enqueued_num_sub_groups();\n"
    "    p[6] = (int)get_sub_group_id();\n"
    "    p[7] = (int)get_sub_group_local_id();\n"
    "}\n";

static const char *const op_names[NOPS] = {
    "reduce_add",         "reduce_min",         "reduce_max",         "scan_inclusive_add",
    "scan_inclusive_min", "scan_inclusive_max", "scan_exclusive_add", "scan_exclusive_min",
    "scan_exclusive_max", "broadcast"};

/*
 * Check the NOPS results of the @n work-items @ids (in scan order) against the reference;
 * @bcast is the index in @ids of the broadcast source. Returns the number of mismatches.
 */
static int check_set(conf_t *t, enum ty ty, const char *what, const void *in, const void *out,
                     const size_t *ids, size_t n, size_t bcast)
{
    uint64_t red[3], acc[3];
    int bad = 0;
    for (int op = 0; op < 3; op++) {
        red[op] = get_val(ty, in, ids[0]);
        for (size_t i = 1; i < n; i++)
            red[op] = combine(ty, op, red[op], get_val(ty, in, ids[i]));
        acc[op] = identity(ty, op);
    }
    for (size_t i = 0; i < n; i++) {
        uint64_t x = get_val(ty, in, ids[i]), want[NOPS];
        for (int op = 0; op < 3; op++) {
            want[op] = red[op];
            want[6 + op] = acc[op];
            acc[op] = i ? combine(ty, op, acc[op], x) : x;
            want[3 + op] = acc[op];
        }
        want[9] = get_val(ty, in, ids[bcast]);
        for (int k = 0; k < NOPS; k++) {
            uint64_t got = get_val(ty, out, ids[i] * NOPS + (size_t)k);
            if (same(ty, want[k], got))
                continue;
            if (bad++ < 3) {
                char a[40], b[40];
                fmt_val(ty, want[k], a, sizeof(a));
                fmt_val(ty, got, b, sizeof(b));
                conf_fail(t, __FILE__, __LINE__, "%s %s: %s, item %zu of %zu: expected %s, got %s",
                          ty_info[ty].name, what, op_names[k], i, n, a, b);
            }
        }
    }
    t->checks++;
    return bad;
}

static bool type_available(conf_t *t, enum ty ty)
{
    if (!strcmp(ty_info[ty].name, "double"))
        return conf_has_extension(t, t->device, "cl_khr_fp64");
    if (ty_info[ty].size == 8 && !ty_info[ty].is_float)
        return !conf_has_c_version(t, 3, 0) || conf_has_c_feature(t, "__opencl_c_int64") ||
               conf_has_extension(t, t->device, "cles_khr_int64") ||
               conf_dev_uint(t, t->device, CL_DEVICE_PREFERRED_VECTOR_WIDTH_LONG) > 0;
    return true;
}

static bool has_wg_collectives(conf_t *t)
{
    if (conf_has_c_feature(t, "__opencl_c_work_group_collective_functions"))
        return true;
    /* OpenCL C 2.0 has them unconditionally (a 2.x device lists C 2.0 among its versions). */
    char *v = conf_dev_string(t, t->device, CL_DEVICE_OPENCL_C_VERSION);
    return v && !strncmp(v, "OpenCL C 2.", 11);
}

static bool has_sub_groups(conf_t *t)
{
    return conf_has_extension(t, t->device, "cl_khr_subgroups") ||
           conf_has_c_feature(t, "__opencl_c_subgroups");
}

/* Predicates: group k all true (k % 3 == 0), all false (1), mixed (2). */
static void fill_pred(const struct range *r, int *pred, size_t *ids)
{
    for (size_t grp = 0; grp < num_groups(r); grp++) {
        size_t n = group_items(r, grp, ids);
        for (size_t i = 0; i < n; i++)
            pred[ids[i]] = grp % 3 == 0 ? 7 : grp % 3 == 1 ? 0 : (int)(i % 2) * -3;
    }
}

struct coll_run {
    struct range r;
    size_t n;
    void *in, *out;
    int *pred, *q;
    size_t *ids;
};

/* Build kernel @name for @ty and @dim and run it over @rr; false if it could not run. */
static bool coll_launch(conf_t *t, enum ty ty, const char *name, const struct range *rr, int qper,
                        struct coll_run *cr)
{
    char opts[128];
    snprintf(opts, sizeof(opts), "%s -DT=%s -DDIM=%u", conf_cl_std_2plus(t), ty_info[ty].name,
             rr->dim);
    cl_kernel k = conf_kernel_or_skip(t, coll_src, opts, name);
    if (!k)
        return false;
    if (!usable_range(t, rr, conf_kernel_wgs(t, k), &cr->r))
        return false;
    cr->n = range_items(&cr->r);
    cr->in = malloc(cr->n * ty_info[ty].size);
    cr->out = calloc(cr->n * NOPS, ty_info[ty].size);
    cr->pred = malloc(cr->n * sizeof(int));
    cr->q = calloc(cr->n * (size_t)qper, sizeof(int));
    cr->ids = malloc(cr->n * sizeof(size_t));
    conf_defer_free(t, cr->in);
    conf_defer_free(t, cr->out);
    conf_defer_free(t, cr->pred);
    conf_defer_free(t, cr->q);
    conf_defer_free(t, cr->ids);
    if (!cr->in || !cr->out || !cr->pred || !cr->q || !cr->ids)
        return false;
    for (size_t i = 0; i < cr->n; i++)
        put_val(ty, cr->in, i, input_value(ty, i));
    fill_pred(&cr->r, cr->pred, cr->ids);
    cl_mem mi = conf_buffer(t, CL_MEM_READ_ONLY, cr->n * ty_info[ty].size, cr->in);
    cl_mem mp = conf_buffer(t, CL_MEM_READ_ONLY, cr->n * sizeof(int), cr->pred);
    cl_mem mo = conf_buffer(t, CL_MEM_WRITE_ONLY, cr->n * NOPS * ty_info[ty].size, NULL);
    cl_mem mq = conf_buffer(t, CL_MEM_WRITE_ONLY, cr->n * (size_t)qper * sizeof(int), NULL);
    if (!mi || !mp || !mo || !mq)
        return false;
    CHECK_OK(clSetKernelArg(k, 0, sizeof(mi), &mi));
    CHECK_OK(clSetKernelArg(k, 1, sizeof(mp), &mp));
    CHECK_OK(clSetKernelArg(k, 2, sizeof(mo), &mo));
    CHECK_OK(clSetKernelArg(k, 3, sizeof(mq), &mq));
    cl_int err =
        clEnqueueNDRangeKernel(conf_queue(t), k, cr->r.dim, NULL, cr->r.g, cr->r.l, 0, NULL, NULL);
    CHECK_OK(err);
    if (err)
        return false;
    CHECK_OK(conf_read_buf(t, mo, cr->out, cr->n * NOPS * ty_info[ty].size));
    CHECK_OK(conf_read_buf(t, mq, cr->q, cr->n * (size_t)qper * sizeof(int)));
    return true;
}

static void collectives_work_group_functions(conf_t *t)
{
    if (!conf_cl_std_2plus(t) || !has_wg_collectives(t))
        SKIP("no work-group collective functions (__opencl_c_work_group_collective_functions)");
    int ran = 0;
    for (size_t ti = 0; ti < NVTYPES; ti++) {
        enum ty ty = vtypes[ti];
        if (!type_available(t, ty)) {
            conf_note(t, "%s: not run (type not supported)", ty_info[ty].name);
            continue;
        }
        for (size_t ri = 0; ri < NRANGES; ri++) {
            struct coll_run cr;
            unsigned f = t->failures;
            if (!coll_launch(t, ty, "wg", &ranges[ri], 2, &cr)) {
                if (t->failures != f)
                    return;
                continue;
            }
            ran++;
            char what[96];
            const struct range *r = &cr.r;
            snprintf(what, sizeof(what), "range %zux%zux%zu / %zux%zux%zu", r->g[0], r->g[1],
                     r->g[2], r->l[0], r->l[1], r->l[2]);
            int bad = 0;
            for (size_t grp = 0; grp < num_groups(r) && bad < 3; grp++) {
                size_t n = group_items(r, grp, cr.ids);
                /* The broadcast source in this group's actual sizes, as the kernel names it. */
                size_t sz[3] = {1, 1, 1}, src[3] = {0, 0, 0};
                sz[0] = n;
                if (r->dim >= 2) {
                    size_t ng0 = (r->g[0] + r->l[0] - 1) / r->l[0];
                    size_t ng1 = (r->g[1] + r->l[1] - 1) / r->l[1];
                    size_t gc0 = grp % ng0, gc1 = grp / ng0 % ng1, gc2 = grp / (ng0 * ng1);
                    sz[0] = r->g[0] - gc0 * r->l[0] < r->l[0] ? r->g[0] - gc0 * r->l[0] : r->l[0];
                    sz[1] = r->g[1] - gc1 * r->l[1] < r->l[1] ? r->g[1] - gc1 * r->l[1] : r->l[1];
                    sz[2] = r->g[2] - gc2 * r->l[2] < r->l[2] ? r->g[2] - gc2 * r->l[2] : r->l[2];
                }
                if (r->dim == 1) {
                    src[0] = sz[0] - 1;
                } else if (r->dim == 2) {
                    src[0] = sz[0] - 1;
                    src[1] = sz[1] / 2;
                } else {
                    src[0] = sz[0] / 2;
                    src[1] = sz[1] - 1;
                    src[2] = sz[2] - 1;
                }
                size_t b = (src[2] * sz[1] + src[1]) * sz[0] + src[0];
                bad += check_set(t, ty, what, cr.in, cr.out, cr.ids, n, b);
                bool all = true, any = false;
                for (size_t i = 0; i < n; i++) {
                    all = all && cr.pred[cr.ids[i]];
                    any = any || cr.pred[cr.ids[i]];
                }
                for (size_t i = 0; i < n; i++) {
                    t->checks++;
                    if ((cr.q[cr.ids[i] * 2] != 0) != all ||
                        (cr.q[cr.ids[i] * 2 + 1] != 0) != any) {
                        if (bad++ < 3)
                            conf_fail(t, __FILE__, __LINE__,
                                      "%s %s: group %zu item %zu: all %d any %d, expected %d %d",
                                      ty_info[ty].name, what, grp, i, cr.q[cr.ids[i] * 2],
                                      cr.q[cr.ids[i] * 2 + 1], all, any);
                    }
                }
            }
            if (bad)
                return;
        }
    }
    CHECK(ran > 0);
}

static size_t sub_group_info(conf_t *t, cl_kernel k, cl_kernel_sub_group_info param,
                             const struct range *r)
{
    size_t v = 0;
    CHECK_OK(clGetKernelSubGroupInfo(k, t->device, param, r->dim * sizeof(size_t), r->l, sizeof(v),
                                     &v, NULL));
    return v;
}

static void collectives_sub_group_functions(conf_t *t)
{
    if (!conf_cl_std_2plus(t) || !has_sub_groups(t))
        SKIP("no sub-groups (cl_khr_subgroups / __opencl_c_subgroups)");
    int ran = 0;
    for (size_t ti = 0; ti < NVTYPES; ti++) {
        enum ty ty = vtypes[ti];
        if (!type_available(t, ty))
            continue;
        for (size_t ri = 0; ri < NRANGES; ri++) {
            struct coll_run cr;
            unsigned f = t->failures;
            if (!coll_launch(t, ty, "sg", &ranges[ri], 8, &cr)) {
                if (t->failures != f)
                    return;
                continue;
            }
            ran++;
            const struct range *r = &cr.r;
            char what[96];
            snprintf(what, sizeof(what), "range %zux%zux%zu / %zux%zux%zu", r->g[0], r->g[1],
                     r->g[2], r->l[0], r->l[1], r->l[2]);
            char opts[128];
            snprintf(opts, sizeof(opts), "%s -DT=%s -DDIM=%u", conf_cl_std_2plus(t),
                     ty_info[ty].name, r->dim);
            cl_kernel k = conf_kernel_or_skip(t, coll_src, opts, "sg");
            if (!k)
                return;
            size_t max_sz = sub_group_info(t, k, CL_KERNEL_MAX_SUB_GROUP_SIZE_FOR_NDRANGE, r);
            size_t count = sub_group_info(t, k, CL_KERNEL_SUB_GROUP_COUNT_FOR_NDRANGE, r);
            size_t *set = malloc(max_sz * sizeof(size_t) + 1);
            REQUIRE(set);
            conf_defer_free(t, set);
            int bad = 0;
            for (size_t grp = 0; grp < num_groups(r) && !bad; grp++) {
                size_t n = group_items(r, grp, cr.ids);
                const int *q0 = cr.q + cr.ids[0] * 8;
                size_t nsg = (size_t)q0[4];
                t->checks++;
                if ((size_t)q0[3] != max_sz || (size_t)q0[5] != count || !nsg || nsg > n) {
                    conf_fail(t, __FILE__, __LINE__,
                              "%s %s group %zu: max size %d (info %zu), enqueued count %d (info "
                              "%zu), count %zu for %zu items",
                              ty_info[ty].name, what, grp, q0[3], max_sz, q0[5], count, nsg, n);
                    return;
                }
                size_t covered = 0;
                for (size_t s = 0; s < nsg && !bad; s++) {
                    size_t m = 0, size = 0;
                    memset(set, 0xff, max_sz * sizeof(size_t));
                    for (size_t i = 0; i < n; i++) {
                        const int *q = cr.q + cr.ids[i] * 8;
                        if ((size_t)q[6] != s)
                            continue;
                        size = (size_t)q[2];
                        t->checks++;
                        if (q[6] < 0 || (size_t)q[6] >= nsg || (size_t)q[4] != nsg || !size ||
                            size > max_sz || q[7] < 0 || (size_t)q[7] >= size ||
                            set[q[7]] != (size_t)-1) {
                            conf_fail(t, __FILE__, __LINE__,
                                      "%s %s group %zu item %zu: sub-group %d of %d, size %d, "
                                      "local id %d (max size %zu)",
                                      ty_info[ty].name, what, grp, i, q[6], q[4], q[2], q[7],
                                      max_sz);
                            return;
                        }
                        set[q[7]] = cr.ids[i];
                        m++;
                    }
                    t->checks++;
                    if (!m || m != size) {
                        conf_fail(t, __FILE__, __LINE__,
                                  "%s %s group %zu: sub-group %zu has %zu work-items, reports "
                                  "size %zu",
                                  ty_info[ty].name, what, grp, s, m, size);
                        return;
                    }
                    covered += m;
                    char sw[160];
                    snprintf(sw, sizeof(sw), "%s group %zu sub-group %zu", what, grp, s);
                    bad += check_set(t, ty, sw, cr.in, cr.out, set, m, m - 1);
                    bool all = true, any = false;
                    for (size_t i = 0; i < m; i++) {
                        all = all && cr.pred[set[i]];
                        any = any || cr.pred[set[i]];
                    }
                    for (size_t i = 0; i < m; i++) {
                        const int *q = cr.q + set[i] * 8;
                        t->checks++;
                        if ((q[0] != 0) != all || (q[1] != 0) != any) {
                            if (bad++ < 3)
                                conf_fail(t, __FILE__, __LINE__,
                                          "%s %s: all %d any %d, expected %d %d", ty_info[ty].name,
                                          sw, q[0], q[1], all, any);
                        }
                    }
                }
                t->checks++;
                if (!bad && covered != n) {
                    conf_fail(t, __FILE__, __LINE__,
                              "%s %s group %zu: sub-groups hold %zu of %zu work-items",
                              ty_info[ty].name, what, grp, covered, n);
                    return;
                }
            }
            if (bad)
                return;
        }
    }
    CHECK(ran > 0);
}

static const char sg_misc_src[] =
    "#ifdef cl_khr_subgroups\n"
    "#pragma OPENCL EXTENSION cl_khr_subgroups : enable\n"
    "#endif\n"
    /* Each work-item reads its sub-group neighbour's value after a sub-group barrier. */
    "kernel void rotate(global const int *in, global int *out, local int *tmp)\n"
    "{\n"
    "    size_t l = get_local_id(0), g = get_global_id(0);\n"
    "    uint sl = get_sub_group_local_id(), n = get_sub_group_size();\n"
    "    tmp[l] = in[g];\n"
    "    sub_group_barrier(CLK_LOCAL_MEM_FENCE);\n"
    "    out[g] = tmp[l - sl + (sl + 1) % n];\n"
    "}\n"
    /* Only odd sub-groups reduce, in a loop whose trip count differs per sub-group. */
    "kernel void diverge(global const uint *in, global uint *out)\n"
    "{\n"
    "    size_t g = get_global_id(0);\n"
    "    uint s = get_sub_group_id();\n"
    "    uint v = in[g];\n"
    "    if (s % 2) {\n"
    "        for (uint i = 0; i <= s; i++)\n"
    "            v = sub_group_reduce_add(v) - v;\n"
    "    }\n"
    "    out[g * 3] = v;\n"
    "    out[g * 3 + 1] = s;\n"
    "    out[g * 3 + 2] = get_sub_group_local_id();\n"
    "}\n";

static void collectives_sub_group_barrier(conf_t *t)
{
    if (!conf_cl_std_2plus(t) || !has_sub_groups(t))
        SKIP("no sub-groups (cl_khr_subgroups / __opencl_c_subgroups)");
    cl_kernel k = conf_kernel_or_skip(t, sg_misc_src, conf_cl_std_2plus(t), "rotate");
    cl_kernel kd = conf_kernel_or_skip(t, sg_misc_src, conf_cl_std_2plus(t), "diverge");
    if (!k || !kd)
        return;
    size_t wgs = conf_kernel_wgs(t, k), l = wgs < 100 ? wgs : 100, n = l * 4;
    int *in = malloc(n * sizeof(int)), *out = malloc(n * sizeof(int));
    REQUIRE(in && out);
    conf_defer_free(t, in);
    conf_defer_free(t, out);
    for (size_t i = 0; i < n; i++)
        in[i] = (int)(i * 7 + 3);
    cl_mem mi = conf_buffer(t, CL_MEM_READ_ONLY, n * sizeof(int), in);
    cl_mem mo = conf_buffer(t, CL_MEM_READ_WRITE, n * sizeof(int), NULL);
    REQUIRE(mi && mo);
    CHECK_OK(clSetKernelArg(k, 0, sizeof(mi), &mi));
    CHECK_OK(clSetKernelArg(k, 1, sizeof(mo), &mo));
    CHECK_OK(clSetKernelArg(k, 2, l * sizeof(int), NULL));
    REQUIRE_OK(clEnqueueNDRangeKernel(conf_queue(t), k, 1, NULL, &n, &l, 0, NULL, NULL));
    REQUIRE_OK(conf_read_buf(t, mo, out, n * sizeof(int)));
    /* Every output is an input of the same work-group, each taken exactly once. */
    int bad = 0;
    for (size_t grp = 0; grp < n / l; grp++) {
        char *seen = calloc(l, 1);
        REQUIRE(seen);
        for (size_t i = 0; i < l; i++) {
            int v = out[grp * l + i];
            size_t src = (size_t)(v - 3) / 7;
            if (v < 3 || (v - 3) % 7 || src / l != grp || seen[src % l]++ || src == grp * l + i)
                bad += l > 1 || src != grp * l + i;
        }
        free(seen);
    }
    CHECK_MSG(!bad, "work-group size %zu: %d work-items read no sub-group neighbour's value", l,
              bad);

    cl_mem md = conf_buffer(t, CL_MEM_READ_WRITE, n * 3 * sizeof(int), NULL);
    int *dout = malloc(n * 3 * sizeof(int));
    REQUIRE(md && dout);
    conf_defer_free(t, dout);
    CHECK_OK(clSetKernelArg(kd, 0, sizeof(mi), &mi));
    CHECK_OK(clSetKernelArg(kd, 1, sizeof(md), &md));
    REQUIRE_OK(clEnqueueNDRangeKernel(conf_queue(t), kd, 1, NULL, &n, &l, 0, NULL, NULL));
    REQUIRE_OK(conf_read_buf(t, md, dout, n * 3 * sizeof(int)));
    /* Reference per reported sub-group: odd ones replace each value by the sum of the others,
     * s + 1 times; even ones keep their inputs. */
    bad = 0;
    for (size_t grp = 0; grp < n / l; grp++) {
        for (int s = 0; s < (int)l; s++) {
            unsigned sum = 0, m = 0;
            for (size_t i = grp * l; i < grp * l + l; i++) {
                if (dout[i * 3 + 1] == s) {
                    sum += (unsigned)in[i];
                    m++;
                }
            }
            if (!m)
                continue;
            for (size_t i = grp * l; i < grp * l + l; i++) {
                if (dout[i * 3 + 1] != s)
                    continue;
                unsigned v = (unsigned)in[i], total = sum;
                for (int r = 0; (s % 2) && r <= s; r++) {
                    v = total - v;
                    total *= m - 1; /* the sub-group's new sum */
                }
                bad += (unsigned)dout[i * 3] != v;
            }
        }
    }
    CHECK_MSG(!bad, "work-group size %zu: %d work-items wrong after divergent sub-group reductions",
              l, bad);
}

static void collectives_sub_group_info(conf_t *t)
{
    cl_uint max_sg = conf_dev_uint(t, t->device, CL_DEVICE_MAX_NUM_SUB_GROUPS);
    cl_bool coll = CL_FALSE, ifp = CL_TRUE;
    CHECK_OK(clGetDeviceInfo(t->device, CL_DEVICE_WORK_GROUP_COLLECTIVE_FUNCTIONS_SUPPORT,
                             sizeof(coll), &coll, NULL));
    CHECK_OK(clGetDeviceInfo(t->device, CL_DEVICE_SUB_GROUP_INDEPENDENT_FORWARD_PROGRESS,
                             sizeof(ifp), &ifp, NULL));
    if (conf_has_c_version(t, 3, 0)) {
        /* OpenCL 3.0: each query agrees with its OpenCL C feature. */
        CHECK_EQ_U(conf_has_c_feature(t, "__opencl_c_work_group_collective_functions"),
                   coll == CL_TRUE);
        CHECK_EQ_U(conf_has_c_feature(t, "__opencl_c_subgroups"), max_sg > 0);
    }
    /* cl_khr_subgroups requires independent forward progress (the 3.0 feature does not). */
    if (conf_has_extension(t, t->device, "cl_khr_subgroups"))
        CHECK_MSG(ifp == CL_TRUE, "cl_khr_subgroups is listed without independent forward "
                                  "progress between sub-groups");
    if (!max_sg || !has_sub_groups(t))
        SKIP("no sub-groups (CL_DEVICE_MAX_NUM_SUB_GROUPS %u)", max_sg);
    if (!conf_has_c_feature(t, "__opencl_c_subgroups"))
        CHECK(conf_has_extension(t, t->device, "cl_khr_subgroups"));
    cl_kernel k = conf_kernel_or_skip(t, sg_misc_src, conf_cl_std_2plus(t), "rotate");
    if (!k)
        return;
    size_t v = 0, ret = 0, ls[3] = {64, 2, 1}, out[3];
    /* CL_KERNEL_MAX_NUM_SUB_GROUPS: at least one, at most the device's. */
    CHECK_OK(clGetKernelSubGroupInfo(k, t->device, CL_KERNEL_MAX_NUM_SUB_GROUPS, 0, NULL, sizeof(v),
                                     &v, &ret));
    CHECK_EQ_U(sizeof(size_t), ret);
    CHECK(v >= 1 && v <= max_sg);
    CHECK_OK(clGetKernelSubGroupInfo(k, t->device, CL_KERNEL_COMPILE_NUM_SUB_GROUPS, 0, NULL,
                                     sizeof(v), &v, NULL));
    CHECK_EQ_U(0, v);
    /* NDRANGE queries, 1 to 3 dimensions. */
    for (cl_uint d = 1; d <= 3; d++) {
        size_t sz = 0, cnt = 0, items = ls[0] * (d > 1 ? ls[1] : 1);
        CHECK_OK(clGetKernelSubGroupInfo(k, t->device, CL_KERNEL_MAX_SUB_GROUP_SIZE_FOR_NDRANGE,
                                         d * sizeof(size_t), ls, sizeof(sz), &sz, NULL));
        CHECK_OK(clGetKernelSubGroupInfo(k, t->device, CL_KERNEL_SUB_GROUP_COUNT_FOR_NDRANGE,
                                         d * sizeof(size_t), ls, sizeof(cnt), &cnt, NULL));
        CHECK(sz >= 1 && sz <= items);
        CHECK(cnt >= (items + sz - 1) / sz && cnt <= items);
    }
    /* LOCAL_SIZE_FOR_SUB_GROUP_COUNT gives a local size with that many sub-groups. */
    for (size_t want = 1; want <= 3 && want <= max_sg; want++) {
        CHECK_OK(clGetKernelSubGroupInfo(k, t->device, CL_KERNEL_LOCAL_SIZE_FOR_SUB_GROUP_COUNT,
                                         sizeof(want), &want, sizeof(out), out, &ret));
        CHECK_EQ_U(sizeof(out), ret);
        if (!out[0])
            continue;
        size_t cnt = 0;
        CHECK_OK(clGetKernelSubGroupInfo(k, t->device, CL_KERNEL_SUB_GROUP_COUNT_FOR_NDRANGE,
                                         sizeof(out), out, sizeof(cnt), &cnt, NULL));
        CHECK_EQ_U(want, cnt);
    }
    size_t huge = (size_t)max_sg + 1;
    CHECK_OK(clGetKernelSubGroupInfo(k, t->device, CL_KERNEL_LOCAL_SIZE_FOR_SUB_GROUP_COUNT,
                                     sizeof(huge), &huge, sizeof(out), out, NULL));
    CHECK(out[0] == 0 && out[1] == 0 && out[2] == 0);
    /* Errors. */
    CHECK_ERR(CL_INVALID_VALUE,
              clGetKernelSubGroupInfo(k, t->device, CL_KERNEL_SUB_GROUP_COUNT_FOR_NDRANGE,
                                      sizeof(size_t), NULL, sizeof(v), &v, NULL));
    CHECK_ERR(CL_INVALID_VALUE,
              clGetKernelSubGroupInfo(k, t->device, CL_KERNEL_MAX_SUB_GROUP_SIZE_FOR_NDRANGE, 0, ls,
                                      sizeof(v), &v, NULL));
    CHECK_ERR(CL_INVALID_VALUE,
              clGetKernelSubGroupInfo(k, t->device, CL_KERNEL_SUB_GROUP_COUNT_FOR_NDRANGE,
                                      sizeof(size_t) + 1, ls, sizeof(v), &v, NULL));
    CHECK_ERR(CL_INVALID_VALUE,
              clGetKernelSubGroupInfo(k, t->device, CL_KERNEL_LOCAL_SIZE_FOR_SUB_GROUP_COUNT,
                                      sizeof(size_t), NULL, sizeof(out), out, NULL));
    CHECK_ERR(CL_INVALID_VALUE, clGetKernelSubGroupInfo(k, t->device, CL_KERNEL_MAX_NUM_SUB_GROUPS,
                                                        0, NULL, 1, &v, NULL));
    CHECK_ERR(CL_INVALID_VALUE,
              clGetKernelSubGroupInfo(k, t->device, 0x7fff, 0, NULL, sizeof(v), &v, NULL));
    CHECK_ERR(CL_INVALID_KERNEL,
              clGetKernelSubGroupInfo((cl_kernel)t->device, t->device, CL_KERNEL_MAX_NUM_SUB_GROUPS,
                                      0, NULL, sizeof(v), &v, NULL));
    CHECK_ERR(CL_INVALID_DEVICE,
              clGetKernelSubGroupInfo(k, (cl_device_id)k, CL_KERNEL_MAX_NUM_SUB_GROUPS, 0, NULL,
                                      sizeof(v), &v, NULL));
}

/* ---- async copies ---- */

struct ctype {
    const char *name;
    unsigned comp, n; /* component bytes, components (3: stored as 4) */
    bool fp64;
};

static const struct ctype ctypes[] = {
    {"char", 1, 1, false},   {"uchar16", 1, 16, false}, {"short", 2, 1, false},
    {"short3", 2, 3, false}, {"int", 4, 1, false},      {"int4", 4, 4, false},
    {"uint3", 4, 3, false},  {"long", 8, 1, false},     {"long8", 8, 8, false},
    {"float", 4, 1, false},  {"float2", 4, 2, false},   {"float16", 4, 16, false},
    {"double", 8, 1, true},  {"double3", 8, 3, true},   {"char2", 1, 2, false},
};

static const char async_src[] =
    "#ifdef cl_khr_fp64\n"
    "#pragma OPENCL EXTENSION cl_khr_fp64 : enable\n"
    "#endif\n"
    /* global -> local (strided, into an argument), and contiguous into a kernel-scope local
     * array chained on the first event; then plain stores out. */
    "kernel void g2l(global const T *src, global T *dst, local T *tmp, int n, int stride)\n"
    "{\n"
    "    local T tmp2[NE];\n"
    "    size_t grp = get_group_id(0), l = get_local_id(0), ls = get_local_size(0);\n"
    "    prefetch(src + grp * n * stride, n * stride);\n"
    "    event_t e = async_work_group_strided_copy(tmp, src + grp * n * stride, n, stride, 0);\n"
    "    event_t e2 = async_work_group_copy(tmp2, src + grp * n * stride, n, e);\n"
    "    event_t ev[2] = {e, e2};\n"
    "    wait_group_events(2, ev);\n"
    "    for (size_t i = l; i < (size_t)n; i += ls) {\n"
    "        dst[grp * 2 * n + i] = tmp[i];\n"
    "        dst[grp * 2 * n + n + i] = tmp2[i];\n"
    "    }\n"
    "}\n"
    /* local filled by plain stores, then local -> global strided. */
    "kernel void l2g(global const T *src, global T *dst, local T *tmp, int n, int stride)\n"
    "{\n"
    "    size_t grp = get_group_id(0), l = get_local_id(0), ls = get_local_size(0);\n"
    "    for (size_t i = l; i < (size_t)n; i += ls)\n"
    "        tmp[i] = src[grp * n + i];\n"
    "    barrier(CLK_LOCAL_MEM_FENCE);\n"
    "    event_t e = async_work_group_strided_copy(dst + grp * n * stride, tmp, n, stride, 0);\n"
    "    wait_group_events(1, &e);\n"
    "    event_t e2 = async_work_group_copy(dst + (get_num_groups(0) + grp) * n * stride, tmp, n,\n"
    "                                       0);\n"
    "    wait_group_events(1, &e2);\n"
    "}\n";

/* Element @i of two buffers equal in the bytes that carry components. */
static bool elem_eq(const struct ctype *ct, const unsigned char *a, const unsigned char *b)
{
    return !memcmp(a, b, (size_t)ct->comp * ct->n);
}

static void collectives_async_copy(conf_t *t)
{
    enum { N = 37, STRIDE = 3, GROUPS = 3 };
    bool fp64 = conf_has_extension(t, t->device, "cl_khr_fp64");
    int ran = 0;
    for (size_t ci = 0; ci < sizeof(ctypes) / sizeof(ctypes[0]); ci++) {
        const struct ctype *ct = &ctypes[ci];
        if (ct->fp64 && !fp64)
            continue;
        size_t es = (size_t)ct->comp * (ct->n == 3 ? 4 : ct->n);
        char opts[64];
        snprintf(opts, sizeof(opts), "-DT=%s -DNE=%d", ct->name, (int)N);
        cl_kernel kg = conf_kernel_or_skip(t, async_src, opts, "g2l");
        cl_kernel kl = conf_kernel_or_skip(t, async_src, opts, "l2g");
        if (!kg || !kl)
            return;
        size_t wgs = conf_kernel_wgs(t, kg), l = wgs < 16 ? wgs : 16, g = l * GROUPS;
        size_t src_bytes = es * N * STRIDE * GROUPS, dst_bytes = es * N * STRIDE * GROUPS * 2;
        unsigned char *src = malloc(src_bytes), *dst = malloc(dst_bytes), *init = malloc(dst_bytes);
        REQUIRE(src && dst && init);
        conf_defer_free(t, src);
        conf_defer_free(t, dst);
        conf_defer_free(t, init);
        conf_pattern(src, src_bytes, (unsigned)ci + 1);
        memset(init, 0xa5, dst_bytes);
        cl_mem ms = conf_buffer(t, CL_MEM_READ_ONLY, src_bytes, src);
        cl_mem md = conf_buffer(t, CL_MEM_READ_WRITE, dst_bytes, init);
        REQUIRE(ms && md);
        cl_int n = N, stride = STRIDE;
        CHECK_OK(clSetKernelArg(kg, 0, sizeof(ms), &ms));
        CHECK_OK(clSetKernelArg(kg, 1, sizeof(md), &md));
        CHECK_OK(clSetKernelArg(kg, 2, es * N, NULL));
        CHECK_OK(clSetKernelArg(kg, 3, sizeof(n), &n));
        CHECK_OK(clSetKernelArg(kg, 4, sizeof(stride), &stride));
        REQUIRE_OK(clEnqueueNDRangeKernel(conf_queue(t), kg, 1, NULL, &g, &l, 0, NULL, NULL));
        REQUIRE_OK(conf_read_buf(t, md, dst, dst_bytes));
        int bad = 0;
        for (size_t grp = 0; grp < GROUPS; grp++) {
            for (size_t i = 0; i < N; i++) {
                const unsigned char *s = src + (grp * N * STRIDE + i * STRIDE) * es;
                const unsigned char *s2 = src + (grp * N * STRIDE + i) * es;
                bad += !elem_eq(ct, dst + (grp * 2 * N + i) * es, s);
                bad += !elem_eq(ct, dst + (grp * 2 * N + N + i) * es, s2);
            }
        }
        CHECK_MSG(!bad, "%s global->local: %d elements wrong (strided and contiguous)", ct->name,
                  bad);

        CHECK_OK(
            clEnqueueWriteBuffer(conf_queue(t), md, CL_TRUE, 0, dst_bytes, init, 0, NULL, NULL));
        CHECK_OK(clSetKernelArg(kl, 0, sizeof(ms), &ms));
        CHECK_OK(clSetKernelArg(kl, 1, sizeof(md), &md));
        CHECK_OK(clSetKernelArg(kl, 2, es * N, NULL));
        CHECK_OK(clSetKernelArg(kl, 3, sizeof(n), &n));
        CHECK_OK(clSetKernelArg(kl, 4, sizeof(stride), &stride));
        REQUIRE_OK(clEnqueueNDRangeKernel(conf_queue(t), kl, 1, NULL, &g, &l, 0, NULL, NULL));
        REQUIRE_OK(conf_read_buf(t, md, dst, dst_bytes));
        bad = 0;
        int gaps = 0;
        for (size_t grp = 0; grp < GROUPS; grp++) {
            for (size_t i = 0; i < N * STRIDE; i++) {
                const unsigned char *d = dst + (grp * N * STRIDE + i) * es;
                if (i % STRIDE == 0)
                    bad += !elem_eq(ct, d, src + (grp * N + i / STRIDE) * es);
                else
                    gaps += !!memcmp(d, init, es);
            }
            for (size_t i = 0; i < N; i++)
                bad += !elem_eq(ct, dst + ((GROUPS + grp) * N * STRIDE + i) * es,
                                src + (grp * N + i) * es);
        }
        CHECK_MSG(!bad && !gaps,
                  "%s local->global: %d elements wrong, %d elements between strides written",
                  ct->name, bad, gaps);
        ran++;
        if (t->failures)
            return;
    }
    CHECK(ran > 0);
}

static const struct conf_test tests[] = {
    CONF_TEST(collectives_work_group_functions), CONF_TEST(collectives_sub_group_functions),
    CONF_TEST(collectives_sub_group_info),       CONF_TEST(collectives_sub_group_barrier),
    CONF_TEST(collectives_async_copy),
};
CONF_CATEGORY(conf_cat_collectives, "collectives",
              "work-group and sub-group collective functions for every op and type over 1-D, "
              "2-D and 3-D ranges against a host reference, sub-group queries and "
              "clGetKernelSubGroupInfo, sub-group barriers and divergence, async work-group "
              "copies in both directions",
              tests);
